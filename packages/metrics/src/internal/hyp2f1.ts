// Gauss hypergeometric function ₂F₁(a, b; c; z) for real parameters and real z < 1, needed by
// the Pareto/NBD likelihood and P(alive) (Fader & Hardie 2005, brucehardie.com note 009) and the BG/NBD
// conditional expectation (Fader, Hardie & Lee 2005, eq. 10).
//
// References: M. Abramowitz & I. Stegun (1964), "Handbook of Mathematical Functions", chapter 15:
//   15.1.1  the Gauss series Σ (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ, convergent for |z| < 1;
//   15.1.20 Gauss's theorem at z = 1 when c − a − b > 0;
//   15.3.5  Pfaff: F(a,b;c;z) = (1−z)^(−a) F(a, c−b; c; z/(z−1)), used for z < 0;
//   15.3.6  the 1 − z transformation, used for z near 1 when c − a − b is not an integer;
//   15.3.10-15.3.12 its limits when c − a − b = m is an integer (ψ-function series).
// Regions: z < 0 → Pfaff into (0, 1); 0 ≤ z ≤ 0.9 → direct series (≤ ~400 terms);
// z > 0.9 → 1 − z transformation (1 − z < 0.1, fast series). Errors ~1e-13 relative; near z = 1
// with c − a − b within ~1e-6 of an integer (but not equal) the accuracy degrades to ~1e-8.
import * as Special from "./special.ts"

// Imported functions bound once: under vitest's module runner every access to an imported name is a
// getter call, which would dominate these inner loops.
const { digamma, gammaSign, lnGamma } = Special

const EPS = 1e-16
const MAX_TERMS = 200_000

/** 1/Γ(x) as (log |·|, sign); sign 0 at the poles. */
const reciprocalGamma = (x: number): readonly [number, number] => {
  const sign = gammaSign(x)
  return sign === 0 ? [0, 0] : [-lnGamma(x), sign]
}

/** Γ(x) as (log |·|, sign); NaN at the poles. */
const gamma = (x: number): readonly [number, number] => {
  const sign = gammaSign(x)
  return sign === 0 ? [Number.NaN, Number.NaN] : [lnGamma(x), sign]
}

/** A&S 15.1.1, summed until the terms stop mattering (NaN if it does not converge). */
const series = (a: number, b: number, c: number, z: number): number => {
  let term = 1
  let sum = 1
  for (let n = 0; n < MAX_TERMS; n++) {
    const ratio = (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z
    term *= ratio
    sum += term
    if (term === 0) return sum
    // Stop once the terms are negligible and either decay fast (ratio ≤ ½: the tail is below the
    // last term) or are past the largest one (n > |a| + |b|, after which the ratio tends to z).
    if (Math.abs(term) <= EPS * Math.abs(sum) && (Math.abs(ratio) <= 0.5 || n > Math.abs(a) + Math.abs(b))) {
      return sum
    }
  }
  return Number.NaN
}

/** A&S 15.3.6 for z in (0, 1), c − a − b not an integer. */
const oneMinusZ = (a: number, b: number, c: number, z: number): number => {
  const w = 1 - z
  const [lgc, sc] = gamma(c)
  const [lg1, s1] = gamma(c - a - b)
  const [r1a, t1a] = reciprocalGamma(c - a)
  const [r1b, t1b] = reciprocalGamma(c - b)
  const [lg2, s2] = gamma(a + b - c)
  const [r2a, t2a] = reciprocalGamma(a)
  const [r2b, t2b] = reciprocalGamma(b)
  const term1 =
    t1a * t1b === 0
      ? 0
      : sc * s1 * t1a * t1b * Math.exp(lgc + lg1 + r1a + r1b) * series(a, b, a + b - c + 1, w)
  const term2 =
    t2a * t2b === 0
      ? 0
      : sc *
        s2 *
        t2a *
        t2b *
        Math.exp(lgc + lg2 + r2a + r2b + (c - a - b) * Math.log(w)) *
        series(c - a, c - b, c - a - b + 1, w)
  return term1 + term2
}

/** A&S 15.3.10-15.3.12: c = a + b + m with integer m, z in (0, 1). */
const degenerate = (a: number, b: number, z: number, m: number): number => {
  const w = 1 - z
  const lw = Math.log(w)
  if (m === 0) {
    // 15.3.10
    const [lg, s] = gamma(a + b)
    const [ra, ta] = reciprocalGamma(a)
    const [rb, tb] = reciprocalGamma(b)
    if (ta * tb === 0) return 1
    let coef = 1
    let sum = 0
    for (let n = 0; n < MAX_TERMS; n++) {
      const t = coef * (2 * digamma(n + 1) - digamma(a + n) - digamma(b + n) - lw)
      sum += t
      if (Math.abs(t) <= EPS * Math.abs(sum) && n > Math.abs(a) + Math.abs(b)) break
      coef *= (((a + n) * (b + n)) / ((n + 1) * (n + 1))) * w
    }
    return s * ta * tb * Math.exp(lg + ra + rb) * sum
  }
  if (m > 0) {
    // 15.3.11: finite sum minus (z−1)^m Γ(a+b+m)/(Γ(a)Γ(b)) × ψ-series.
    const [lgm] = gamma(m)
    const [lgc, sc] = gamma(a + b + m)
    const [ram, tam] = reciprocalGamma(a + m)
    const [rbm, tbm] = reciprocalGamma(b + m)
    let finite = 0
    let coef = 1
    for (let n = 0; n < m; n++) {
      finite += coef
      coef *= (((a + n) * (b + n)) / ((n + 1) * (1 - m + n))) * w
    }
    finite *= sc * tam * tbm * Math.exp(lgm + lgc + ram + rbm)
    const [ra, ta] = reciprocalGamma(a)
    const [rb, tb] = reciprocalGamma(b)
    if (ta * tb === 0) return finite
    // coefficient (a+m)ₙ(b+m)ₙ/(n!(n+m)!)
    let k = Math.exp(-lnGamma(m + 1))
    let sum = 0
    for (let n = 0; n < MAX_TERMS; n++) {
      const t = k * (lw - digamma(n + 1) - digamma(n + m + 1) + digamma(a + n + m) + digamma(b + n + m))
      sum += t
      if (Math.abs(t) <= EPS * Math.abs(sum) && n > Math.abs(a) + Math.abs(b) + m) break
      k *= (((a + m + n) * (b + m + n)) / ((n + 1) * (n + m + 1))) * w
    }
    const sign = m % 2 === 0 ? 1 : -1 // (z − 1)^m = (−1)^m w^m
    return finite - sign * sc * ta * tb * Math.exp(lgc + ra + rb + m * lw) * sum
  }
  // 15.3.12 with m' = −m > 0: c = a + b − m'.
  const mp = -m
  const [lgm] = gamma(mp)
  const [lgc, sc] = gamma(a + b - mp)
  const [ra, ta] = reciprocalGamma(a)
  const [rb, tb] = reciprocalGamma(b)
  let finite = 0
  let coef = 1
  for (let n = 0; n < mp; n++) {
    finite += coef
    coef *= (((a - mp + n) * (b - mp + n)) / ((n + 1) * (1 - mp + n))) * w
  }
  finite *= sc * ta * tb * Math.exp(lgm + lgc + ra + rb - mp * lw)
  const [ram, tam] = reciprocalGamma(a - mp)
  const [rbm, tbm] = reciprocalGamma(b - mp)
  if (tam * tbm === 0) return finite
  let k = Math.exp(-lnGamma(mp + 1))
  let sum = 0
  for (let n = 0; n < MAX_TERMS; n++) {
    const t = k * (lw - digamma(n + 1) - digamma(n + mp + 1) + digamma(a + n) + digamma(b + n))
    sum += t
    if (Math.abs(t) <= EPS * Math.abs(sum) && n > Math.abs(a) + Math.abs(b) + mp) break
    k *= (((a + n) * (b + n)) / ((n + 1) * (n + mp + 1))) * w
  }
  const sign = mp % 2 === 0 ? 1 : -1
  return finite - sign * sc * tam * tbm * Math.exp(lgc + ram + rbm) * sum
}

/**
 * ₂F₁(a, b; c; z) for real a, b, c (c not 0, −1, −2, …) and real z ≤ 1 (z = 1 needs
 * c − a − b > 0). Returns NaN outside that domain.
 */
export const hyp2f1 = (a: number, b: number, c: number, z: number): number => {
  if (!(Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c) && Number.isFinite(z)))
    return Number.NaN
  if (c <= 0 && Number.isInteger(c)) return Number.NaN
  if (z === 0 || a === 0 || b === 0) return 1
  if (z > 1) return Number.NaN
  if (z === 1) {
    // A&S 15.1.20 (Gauss).
    if (!(c - a - b > 0)) return Number.NaN
    const [lc, sc] = gamma(c)
    const [lcab, scab] = gamma(c - a - b)
    const [ra, ta] = reciprocalGamma(c - a)
    const [rb, tb] = reciprocalGamma(c - b)
    return sc * scab * ta * tb * Math.exp(lc + lcab + ra + rb)
  }
  // Terminating series (a or b a non-positive integer): a polynomial, summed directly.
  if ((a < 0 && Number.isInteger(a)) || (b < 0 && Number.isInteger(b))) return series(a, b, c, z)
  if (z < 0) {
    // A&S 15.3.5 (Pfaff): maps z ∈ (−∞, 0) to z/(z − 1) ∈ (0, 1).
    return (1 - z) ** -a * hyp2f1(a, c - b, c, z / (z - 1))
  }
  if (z <= 0.9) return series(a, b, c, z)
  const m = c - a - b
  const nearest = Math.round(m)
  // Within 1e-8 of an integer, 15.3.6 cancels catastrophically: use the integer limit (its
  // error is of the order of the distance, ≤ 1e-8 relative).
  if (Math.abs(m - nearest) <= 1e-8) return degenerate(a, b, z, nearest)
  return oneMinusZ(a, b, c, z)
}

/**
 * G(a, b, z) = ₂F₁(a, b; a + 1; z), the form of the Pareto/NBD likelihood (c = a + 1), with its
 * partial derivatives in a (c = a + 1 moving along), b and z, for a, b > 0 and 0 ≤ z < 1.
 * Writes G, ∂G/∂a, ∂G/∂b, ∂G/∂z to `out[at…at + 3]`.
 *
 * Since (a)ₙ/(a + 1)ₙ = a/(a + n), G = Σ uₙ · a/(a + n) with uₙ = (b)ₙ zⁿ/n! (A&S 15.1.1), so in
 * the same series loop: ∂G/∂a = Σ uₙ · n/(a + n)²; ∂G/∂b = Σ uₙ · a/(a + n) · Σ_{k<n} 1/(b + k)
 * (∂(b)ₙ/∂b = (b)ₙ (ψ(b + n) − ψ(b)), A&S 6.3.6); ∂G/∂z = Σ n uₙ/z · a/(a + n). Every term is
 * positive, so the sums stop when each term is below 1e-16 of its sum past the largest term
 * (the tail is below z/(1 − z) ≤ 99 times the last term). The series runs up to z = 0.99
 * (≤ ~4,000 terms), past `hyp2f1`'s own 0.9: there c − a − b = 1 − b is an integer whenever
 * b is, where A&S 15.3.6 cancels. For z > 0.99, G comes from `hyp2f1`, ∂G/∂z from A&S 15.2.1
 * (∂F/∂z = ab/c · F(a + 1, b + 1; c + 1; z)) and ∂G/∂a, ∂G/∂b from central differences of
 * `hyp2f1` (relative error ~1e-10 away from integer b).
 */
export const hyp2f1ShiftedWithDerivatives = (
  a: number,
  b: number,
  z: number,
  out: Float64Array,
  at: number
): void => {
  if (z === 0) {
    out[at] = 1
    out[at + 1] = 0
    out[at + 2] = 0
    out[at + 3] = (a * b) / (a + 1)
    return
  }
  if (z > 0.99) {
    const ha = 1e-6 * Math.max(1, a)
    const hb = 1e-6 * Math.max(1, b)
    out[at] = hyp2f1(a, b, a + 1, z)
    out[at + 1] = (hyp2f1(a + ha, b, a + ha + 1, z) - hyp2f1(a - ha, b, a - ha + 1, z)) / (2 * ha)
    out[at + 2] = (hyp2f1(a, b + hb, a + 1, z) - hyp2f1(a, b - hb, a + 1, z)) / (2 * hb)
    out[at + 3] = ((a * b) / (a + 1)) * hyp2f1(a + 1, b + 1, a + 2, z)
    return
  }
  // v = uₙ/z = (b)ₙ z^(n−1)/n!, so that ∂G/∂z needs no division by z (which may be subnormal).
  let v = b
  let h = 0
  let sum = 1 / a // Σ uₙ/(a + n)
  let sumA = 0 // Σ uₙ n/(a + n)²
  let sumB = 0 // Σ uₙ/(a + n) · Σ_{k<n} 1/(b + k)
  let sumZ = 0 // Σ n (uₙ/z)/(a + n)
  for (let n = 1; n < MAX_TERMS; n++) {
    const bn = b + n - 1
    const ratio = (bn * z) / n
    if (n > 1) v *= ratio
    h += 1 / bn
    const inv = 1 / (a + n)
    const tz = v * n * inv
    const t = v * z * inv
    const tA = t * n * inv
    sum += t
    sumA += tA
    sumB += t * h
    sumZ += tz
    if (
      (ratio <= 0.5 || n > a + b) &&
      t <= EPS * sum &&
      tA <= EPS * sumA &&
      t * h <= EPS * sumB &&
      tz <= EPS * sumZ
    ) {
      break
    }
  }
  out[at] = a * sum
  out[at + 1] = sumA
  out[at + 2] = a * sumB
  out[at + 3] = a * sumZ
}
