import stdlibBetaln from "@stdlib/math-base-special-betaln"

// Special functions for the lifetime-value likelihoods: ln Γ, ψ and ln B, written for cxkit from
// published algorithms (each cited where it is used). Every model imports them from here.
// `lnBeta` is still @stdlib's betaln: `lnBetaDidonatoMorris` below is as accurate (≤ 1 ulp on the
// fits' arguments) but rounds differently, and BetaGeoBetaBinom's degenerate all-zero fit (test
// "names the row, value and rule"), whose numerical gradient works at the 1e-16 noise level of
// ln L ≈ −4e-11, then stops at an interior point instead of reaching its plateau limit.
//
// ln Γ(x), x > 0 (relative error ≲ 2e-16 except near the zeros at 1 and 2, where it is absolute):
//   • 0 < x ≤ 2.5: the Taylor series of ln Γ(2 + z) in (ζ(k) − 1), A&S 6.1.33 rearranged
//     (ln Γ(1 + z) = −ln(1 + z) + z(1 − γ) + Σ_{k≥2} (−1)^k (ζ(k) − 1) z^k / k, |z| < 2), with
//     z = x − 2 or x − 1, or x, so |z| ≤ ½ and the terms fall by 4 each; the recurrence
//     ln Γ(x) = ln Γ(x + 1) − ln x (A&S 6.1.15) gives the two lower intervals;
//   • 2.5 < x < 10: the recurrence down into [1.5, 2.5] (one logarithm of the product);
//   • x ≥ 10: Stirling's series (A&S 6.1.40) with eight Bernoulli terms (error < 1e-17 at 10).
// x < 0: the reflection ln |Γ(x)| = ln π − ln |sin πx| − ln Γ(1 − x) (A&S 6.1.17).
// ψ(x): the recurrence ψ(x) = ψ(x + 1) − 1/x (A&S 6.3.5) up to x ≥ 10, then the asymptotic
//   series ψ(x) = ln x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ) (A&S 6.3.18, eight terms); x < 0 by the
//   reflection ψ(1 − x) − ψ(x) = π cot πx (A&S 6.3.7).
// ln B(a, b): from ln Γ for small arguments; when b ≥ 10 (a ≤ b) the two large ln Γ are not
//   subtracted but combined analytically, with Stirling's remainder ω, as DiDonato & Morris
//   (1992), "Algorithm 708", ACM TOMS 18(3) do in BETALN/ALGDIV, so ln B(a, b) keeps its relative
//   accuracy when a or b is huge (the LTV likelihoods call it with b up to ~1e6 and beyond).

// ζ(k) − 1 for k = 2…30 (mpmath 1.3, 40 digits, rounded to 17).
const ZETA_MINUS_ONE = [
  0.6449340668482264, 0.2020569031595943, 0.08232323371113819, 0.03692775514336993, 0.01734306198444914,
  0.008349277381922827, 0.00407735619794434, 0.0020083928260822143, 0.0009945751278180853,
  0.0004941886041194645, 0.0002460865533080483, 0.00012271334757848915, 6.124813505870483e-5,
  3.058823630702049e-5, 1.528225940865187e-5, 7.637197637899763e-6, 3.81729326499984e-6, 1.908212716553939e-6,
  9.539620338727962e-7, 4.769329867878064e-7, 2.38450502727733e-7, 1.1921992596531106e-7,
  5.960818905125948e-8, 2.980350351465228e-8, 1.490155482836504e-8, 7.45071178983543e-9, 3.725334024788457e-9,
  1.862659723513049e-9, 9.313274324196682e-10
]
// Coefficients (−1)^k (ζ(k) − 1)/k of z^k in ln Γ(2 + z), highest first for Horner's rule.
const LN_GAMMA_2_SERIES = Float64Array.from(
  ZETA_MINUS_ONE.map((v, i) => ((i % 2 === 0 ? 1 : -1) * v) / (i + 2)).reverse()
)
const ONE_MINUS_EULER = 0.42278433509846713 // 1 − γ
const LN_PI = 1.1447298858494002
const HALF_LN_2PI = 0.9189385332046728

/** ln Γ(2 + z) for |z| ≤ ½ (A&S 6.1.33 rearranged; see the header). */
const lnGammaTwoPlus = (z: number): number => {
  let s = 0
  for (let i = 0; i < LN_GAMMA_2_SERIES.length; i++) s = s * z + (LN_GAMMA_2_SERIES[i] as number)
  return z * (ONE_MINUS_EULER + z * s)
}

/**
 * Stirling's remainder ω(x) = ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π] for x ≥ 10 (A&S 6.1.40:
 * Σ B₂ₖ / (2k(2k − 1) x^(2k−1)), k = 1…8; the next term is below 2e-18 at x = 10).
 */
export const stirlingRemainder = (x: number): number => {
  const z = 1 / (x * x)
  return (
    (0.08333333333333333 +
      z *
        (-0.002777777777777778 +
          z *
            (0.0007936507936507937 +
              z *
                (-0.0005952380952380953 +
                  z *
                    (0.0008417508417508417 +
                      z *
                        (-0.0019175269175269176 +
                          z * (0.00641025641025641 + z * -0.029550653594771242))))))) /
    x
  )
}

/** ln Γ(x) for x > 0 (the regions of the header). */
const lnGammaPositive = (x: number): number => {
  if (x < 0.5) return lnGammaTwoPlus(x) - Math.log1p(x) - Math.log(x)
  if (x < 1.5) return lnGammaTwoPlus(x - 1) - Math.log1p(x - 1)
  if (x <= 2.5) return lnGammaTwoPlus(x - 2)
  if (x < 10) {
    // x − 1, x − 2, … are exact here; one logarithm of the product (no overflow below 10).
    let y = x
    let product = 1
    while (y > 2.5) {
      y -= 1
      product *= y
    }
    return Math.log(product) + lnGammaTwoPlus(y - 2)
  }
  // (x − ½)(ln x − 1) + (½ ln 2π − ½): one rounded product instead of two large terms.
  return (x - 0.5) * (Math.log(x) - 1) + (HALF_LN_2PI - 0.5) + stirlingRemainder(x)
}

/** |sin πx| with the argument reduced exactly (x − ⌊x⌋ is exact), so it is 0 only at integers. */
const absSinPi = (x: number): number => {
  const r = x - Math.floor(x)
  return Math.sin(Math.PI * (r > 0.5 ? 1 - r : r))
}

/**
 * ln |Γ(x)|: +∞ at the poles 0, −1, −2, … and at +∞, NaN for NaN and −∞.
 */
export const lnGamma = (x: number): number => {
  if (x > 0) return x === Number.POSITIVE_INFINITY ? x : lnGammaPositive(x)
  if (Number.isNaN(x) || x === Number.NEGATIVE_INFINITY) return Number.NaN
  if (Number.isInteger(x)) return Number.POSITIVE_INFINITY
  // A&S 6.1.17: Γ(x) Γ(1 − x) = π / sin πx.
  return LN_PI - Math.log(absSinPi(x)) - lnGammaPositive(1 - x)
}

/** ln[Γ(b) / Γ(a + b)] for b ≥ 10 (TOMS 708 ALGDIV's combination; see the header). */
const lnGammaRatio = (a: number, b: number): number => {
  const w = stirlingRemainder(b) - stirlingRemainder(a + b)
  const u = (b + (a - 0.5)) * Math.log1p(a / b)
  const v = a * (Math.log(b) - 1)
  // Subtract the larger last, as ALGDIV does.
  return u > v ? w - v - u : w - u - v
}

// Bound once (see the note in BetaGeo.ts on imported names under vitest's module runner).
const betaln = stdlibBetaln

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), for a, b > 0 (@stdlib's betaln; see the header). */
export const lnBeta = (a: number, b: number): number => betaln(a, b)

/**
 * ln B(a, b) after DiDonato & Morris (see the header) for a, b ≥ 0: +∞ when either is 0, −∞ when
 * either is +∞, NaN for negative or NaN arguments.
 */
export const lnBetaDidonatoMorris = (a: number, b: number): number => {
  if (!(a >= 0 && b >= 0)) return Number.NaN
  if (a === 0 || b === 0) return Number.POSITIVE_INFINITY
  const lo = Math.min(a, b)
  const hi = Math.max(a, b)
  if (hi === Number.POSITIVE_INFINITY) return Number.NEGATIVE_INFINITY
  if (hi < 10) {
    if (lo >= 1) return lnGammaPositive(lo) + lnGammaPositive(hi) - lnGammaPositive(lo + hi)
    // lo < 1: ln Γ(hi) − ln Γ(lo + hi) would cancel; raise hi past 10 by the recurrence instead,
    // Γ(b)/Γ(a + b) = Γ(b + n)/Γ(a + b + n) · Π (1 + a/(b + k)), as TOMS 708 BETALN reduces.
    let b = hi
    let lnProduct = 0
    while (b < 10) {
      lnProduct += Math.log1p(lo / b)
      b += 1
    }
    return lnGammaPositive(lo) + lnProduct + lnGammaRatio(lo, b)
  }
  if (lo < 10) return lnGammaPositive(lo) + lnGammaRatio(lo, hi)
  // Both ≥ 10: Stirling for all three, the large terms combined before they are added
  // (ln(lo / (lo + hi)) as −log1p(hi / lo), so lo + hi may overflow).
  return (
    HALF_LN_2PI -
    0.5 * Math.log(hi) -
    (lo - 0.5) * Math.log1p(hi / lo) -
    hi * Math.log1p(lo / hi) +
    stirlingRemainder(lo) +
    stirlingRemainder(hi) -
    stirlingRemainder(lo + hi)
  )
}

/** ψ(x) for x > 0 (A&S 6.3.5 up to 10, then 6.3.18). */
const digammaPositive = (x: number): number => {
  let shift = 0
  let y = x
  while (y < 10) {
    shift -= 1 / y
    y += 1
  }
  const z = 1 / (y * y)
  // B₂ₖ / 2k for k = 1…8.
  const tail =
    z *
    (0.08333333333333333 +
      z *
        (-0.008333333333333333 +
          z *
            (0.003968253968253968 +
              z *
                (-0.004166666666666667 +
                  z *
                    (0.007575757575757576 +
                      z * (-0.021092796092796094 + z * (0.08333333333333333 + z * -0.4432598039215686)))))))
  return shift + Math.log(y) - 0.5 / y - tail
}

/** Digamma ψ(x) = d ln Γ(x) / dx: NaN at the poles 0, −1, −2, …, at −∞ and for NaN; +∞ at +∞. */
export const digamma = (x: number): number => {
  if (x > 0) return x === Number.POSITIVE_INFINITY ? x : digammaPositive(x)
  if (Number.isNaN(x) || Number.isInteger(x) || x === Number.NEGATIVE_INFINITY) return Number.NaN
  // A&S 6.3.7: ψ(1 − x) − ψ(x) = π cot πx; cot has period 1, so reduce to [−½, ½] exactly.
  const r = x - Math.round(x)
  return digammaPositive(1 - x) - Math.PI / Math.tan(Math.PI * r)
}

/**
 * Sign of Γ(x): +1 for x > 0; for negative non-integers (−1)^⌈−x⌉; 0 at the poles
 * (0, −1, −2, …), where 1/Γ(x) = 0 (A&S 6.1.3, 6.1.7).
 */
export const gammaSign = (x: number): number => {
  if (x > 0) return 1
  if (Number.isInteger(x)) return 0
  return Math.ceil(-x) % 2 === 0 ? 1 : -1
}

/**
 * ln[Γ(x + n) / Γ(x)] = Σ_{k<n} ln(x + k) for a non-negative integer n and x > 0 (the Pochhammer
 * symbol (x)ₙ on the log scale): exact summation for small n, log-gamma otherwise.
 */
export const lnPochhammer = (x: number, n: number): number => {
  if (n < 12) {
    let s = 0
    for (let k = 0; k < n; k++) s += Math.log(x + k)
    return s
  }
  return lnGammaPositive(x + n) - lnGammaPositive(x)
}

/** ln(eᵃ + eᵇ) without overflow. */
export const logAddExp = (a: number, b: number): number => {
  if (a === Number.NEGATIVE_INFINITY) return b
  if (b === Number.NEGATIVE_INFINITY) return a
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b))
}

/** ln(eᵃ − eᵇ) for a ≥ b (−∞ when equal). */
export const logSubExp = (a: number, b: number): number => {
  if (b === Number.NEGATIVE_INFINITY) return a
  const d = b - a
  return d >= 0
    ? Number.NEGATIVE_INFINITY
    : a + (d > -Math.LN2 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)))
}
