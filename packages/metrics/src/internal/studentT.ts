// Student's t quantile, written for cxkit. The starting value is G. W. Hill (1970), "Algorithm
// 396: Student's t-quantiles", Communications of the ACM 13(10), 619-620; it is refined by
// Newton's method on the t distribution function, P(|T| > t) = I_{ν/(ν+t²)}(ν/2, ½) (A&S 26.7.1
// with 26.5.27), in ln t on the tail side so the power-law tail converges in a few steps, with a
// bracket that falls back to bisection. Closed forms for ν = 1 (Cauchy) and ν = 2 (A&S 26.7.4);
// for large ν the Cornish-Fisher expansion in 1/ν (A&S 26.7.5), and in the far tail the leading
// term of I_x(a, b) = xᵃ/(a B(a, b)) · (1 + O(x)) (A&S 26.5.4), solved in closed form.

import { regularizedBeta } from "./incomplete.ts"
import { normalQuantile } from "./normal.ts"
import { lnBeta } from "./special.ts"

/** ln f(t) of the t density with ν degrees of freedom, t ≥ 0. */
const lnDensity = (t: number, v: number, lnB: number): number => {
  const lnRatio = t < 1e150 ? Math.log1p((t * t) / v) : 2 * Math.log(t) - Math.log(v)
  return -0.5 * (v + 1) * lnRatio - 0.5 * Math.log(v) - lnB
}

/** P(|T| > t) for t > 0, and its complement P(|T| ≤ t), each computed directly. */
const tails = (t: number, v: number): { readonly outer: number; readonly inner: number } => {
  let x: number
  let y: number
  if (t * t < v) {
    x = v / (v + t * t)
    y = (t * t) / (v + t * t)
  } else {
    const s = v / t / t
    x = s / (1 + s)
    y = 1 / (1 + s)
  }
  return { outer: regularizedBeta(x, v / 2, 0.5, y), inner: regularizedBeta(y, 0.5, v / 2, x) }
}

/** Hill's (1970) approximation of the t with P(|T| > t) = P2, for ν ≥ 1. */
const hill = (p2: number, v: number): number => {
  const a = 1 / (v - 0.5)
  const b = 48 / (a * a)
  let c = (((20700 * a) / b - 98) * a - 16) * a + 96.36
  const d = ((94.5 / (b + c) - 3) / b + 1) * Math.sqrt((a * Math.PI) / 2) * v
  let y = (d * p2) ** (2 / v)
  if (y > 0.05 + a) {
    const x = normalQuantile(0.5 * p2)
    y = x * x
    if (v < 5) c += 0.3 * (v - 4.5) * (x + 0.6)
    c = (((0.05 * d * x - 5) * x - 7) * x - 2) * x + b + c
    y = (((((0.4 * y + 6.3) * y + 36) * y + 94.5) / c - y - 3) / b + 1) * x
    y = Math.expm1(a * y * y)
  } else {
    y =
      ((1 / (((v + 6) / (v * y) - 0.089 * d - 0.822) * (v + 2) * 3) + 0.5 / (v + 4)) * y - 1) *
        ((v + 1) / (v + 2)) +
      1 / y
  }
  return Math.sqrt(v * y)
}

/** The t > 0 with P(T > t) = α, for 0 < α < ½. */
const upperQuantile = (alpha: number, v: number): number => {
  if (v === 1) return alpha < 0.25 ? 1 / Math.tan(Math.PI * alpha) : Math.tan(Math.PI * (0.5 - alpha))
  if (v === 2) return (1 - 2 * alpha) / Math.sqrt(2 * alpha * (1 - alpha))
  const z = -normalQuantile(alpha)
  if (v >= 1000 && z * z < 2e-3 * v) {
    // A&S 26.7.5; the omitted terms, ~1e-3·z/ν⁵ and ~1e-4·z¹¹/ν⁵, are below 1e-16·z here.
    const z2 = z * z
    const g1 = (z * (z2 + 1)) / 4
    const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96
    const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384
    const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160
    return z + (g1 + (g2 + (g3 + g4 / v) / v) / v) / v
  }
  const a = v / 2
  const lnB = lnBeta(a, 0.5)
  // A&S 26.5.4: P(|T| > t) = xᵃ/(a B(a, ½)) · (1 + O(x)), x = ν/(ν + t²); exact in double
  // precision once x < 1e-20.
  const lnX = (Math.log(2 * alpha) + Math.log(a) + lnB) / a
  if (lnX < -46) return Math.exp(0.5 * (Math.log(v) - lnX))
  const target = 2 * alpha
  const inner = alpha >= 0.25
  let t: number
  if (v >= 1) t = hill(target, v)
  else if (inner) t = (1 - target) * Math.sqrt(v) * Math.exp(lnB) * 0.5
  else t = lnX < -0.1 ? Math.sqrt(v * Math.expm1(-lnX)) : 1
  if (!(t > 0 && Number.isFinite(t))) t = z
  let lo = 0
  let hi = Number.POSITIVE_INFINITY
  for (let iteration = 0; iteration < 100; iteration++) {
    const { inner: central, outer } = tails(t, v)
    const lnF = lnDensity(t, v, lnB)
    let next: number
    if (inner) {
      // P(|T| ≤ t) = 1 − 2α, increasing in t with derivative 2 f(t).
      const r = central - (1 - target)
      if (r === 0) return t
      if (r < 0) lo = t
      else hi = t
      next = t - r / (2 * Math.exp(lnF))
    } else {
      // ln P(|T| > t) = ln 2α in s = ln t, derivative −2 t f(t) / P(|T| > t).
      const r = Math.log(outer) - Math.log(target)
      if (r === 0) return t
      if (r > 0) lo = t
      else hi = t
      next = t * Math.exp(r * Math.exp(Math.log(outer) - Math.LN2 - lnF - Math.log(t)))
    }
    if (!(next > lo && next < hi)) {
      next =
        hi === Number.POSITIVE_INFINITY
          ? t * 4
          : lo === 0
            ? hi / 4
            : inner
              ? (lo + hi) / 2
              : Math.sqrt(lo * hi)
    }
    if (Math.abs(next - t) <= 1e-13 * t) return next
    t = next
  }
  return t
}

/** The quantile of Student's t with ν > 0 degrees of freedom (NaN outside the domain). */
export const studentTQuantile = (p: number, v: number): number => {
  if (!(p >= 0 && p <= 1 && v > 0)) return Number.NaN
  if (p === 0) return Number.NEGATIVE_INFINITY
  if (p === 1) return Number.POSITIVE_INFINITY
  if (p === 0.5) return 0
  if (v === Number.POSITIVE_INFINITY) return normalQuantile(p)
  const t = upperQuantile(p < 0.5 ? p : 1 - p, v)
  return p < 0.5 ? -t : t
}
