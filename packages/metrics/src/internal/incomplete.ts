// Regularized incomplete gamma and beta functions, written for cxkit after W. H. Press et al.,
// "Numerical Recipes" (3rd ed., 2007): §6.2 (the series for P(a, x) when x < a + 1, the
// continued fraction for Q(a, x) otherwise, evaluated by the modified Lentz method of §5.2) and
// §6.4 (the continued fraction for I_x(a, b), used on the side x < (a + 1)/(a + b + 2) and by
// symmetry on the other). The prefactor xᵃe⁻ˣ/Γ(a) for a ≥ 10 is taken from Stirling's formula
// with x − a kept apart (−a·(t − ln(1 + t)), t = (x − a)/a), as N. M. Temme (1994, "A set of
// algorithms for the incomplete gamma functions", Prob. Eng. Inf. Sci. 8) and DiDonato & Morris
// (1986, ACM TOMS 12) do, so large degrees of freedom keep their accuracy.
import { lnBeta, lnGamma, stirlingRemainder } from "./special.ts"

const EPS = 2.220446049250313e-16
const TINY = 1e-300
const MAX_ITERATIONS = 1_000_000
const LN_2PI = 1.8378770664093456

/** t − ln(1 + t) without cancellation near 0 (ln(1 + t) = 2 atanh(t / (2 + t)), A&S 4.5.62). */
const tMinusLog1p = (t: number): number => {
  if (Math.abs(t) > 0.5) return t - Math.log1p(t)
  const u = t / (2 + t)
  const u2 = u * u
  let power = u * u2
  let sum = 0
  for (let k = 3; k < 200; k += 2) {
    const term = power / k
    sum += term
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break
    power *= u2
  }
  return t * u - 2 * sum
}

/** ln[xᵃ e⁻ˣ / Γ(a)] for a, x > 0. */
const lnGammaPrefactor = (a: number, x: number): number =>
  a < 10
    ? a * Math.log(x) - x - lnGamma(a)
    : -a * tMinusLog1p((x - a) / a) + 0.5 * (Math.log(a) - LN_2PI) - stirlingRemainder(a)

/**
 * The regularized incomplete gamma function P(a, x) (`upper` false) or Q(a, x) = 1 − P(a, x)
 * (`upper` true) for a > 0, x ≥ 0.
 */
export const regularizedGamma = (a: number, x: number, upper: boolean): number => {
  if (Number.isNaN(a) || Number.isNaN(x) || !(a > 0) || a === Number.POSITIVE_INFINITY) return Number.NaN
  if (x <= 0) return upper ? 1 : 0
  if (x === Number.POSITIVE_INFINITY) return upper ? 0 : 1
  const front = Math.exp(lnGammaPrefactor(a, x))
  if (x < a + 1) {
    // NR (6.2.5): P = e⁻ˣxᵃ/Γ(a) · Σₙ xⁿ / (a(a + 1)…(a + n)).
    let ap = a
    let term = 1 / a
    let sum = term
    for (let n = 0; n < MAX_ITERATIONS; n++) {
      ap += 1
      term *= x / ap
      sum += term
      if (Math.abs(term) < Math.abs(sum) * EPS) break
    }
    const p = Math.min(1, sum * front)
    return upper ? 1 - p : p
  }
  // NR (6.2.7): Q = e⁻ˣxᵃ/Γ(a) · 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − 2·(2 − a)/(x + 5 − a − …))).
  let b = x + 1 - a
  let c = 1 / TINY
  let d = 1 / b
  let h = d
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a)
    b += 2
    d = an * d + b
    if (Math.abs(d) < TINY) d = TINY
    c = b + an / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    const step = d * c
    h *= step
    if (Math.abs(step - 1) < EPS) break
  }
  const q = Math.min(1, h * front)
  return upper ? q : 1 - q
}

/** NR (6.4.5): the continued fraction of I_x(a, b), evaluated by modified Lentz. */
const betaFraction = (a: number, b: number, x: number): number => {
  const qab = a + b
  const qap = a + 1
  const qam = a - 1
  let c = 1
  let d = 1 - (qab * x) / qap
  if (Math.abs(d) < TINY) d = TINY
  d = 1 / d
  let h = d
  for (let m = 1; m < MAX_ITERATIONS; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2))
    d = 1 + aa * d
    if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2))
    d = 1 + aa * d
    if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    const step = d * c
    h *= step
    if (Math.abs(step - 1) < EPS) break
  }
  return h
}

/**
 * The regularized incomplete beta function I_x(a, b) for a, b > 0, with y = 1 − x passed in
 * when the caller has it more accurately than 1 − x.
 */
export const regularizedBeta = (x: number, a: number, b: number, y: number = 1 - x): number => {
  if (!(x >= 0 && y >= 0 && a > 0 && b > 0)) return Number.NaN
  if (x === 0) return 0
  if (y === 0) return 1
  const lnX = x < 0.5 ? Math.log(x) : Math.log1p(-y)
  const lnY = y < 0.5 ? Math.log(y) : Math.log1p(-x)
  const front = Math.exp(a * lnX + b * lnY - lnBeta(a, b))
  return x < (a + 1) / (a + b + 2)
    ? (front * betaFraction(a, b, x)) / a
    : 1 - (front * betaFraction(b, a, y)) / b
}
