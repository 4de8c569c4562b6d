// Special functions for the lifetime-value likelihoods, from the @stdlib project (tested against
// Boost and Cephes). Wrapped here, next to distributions.ts, so no model imports @stdlib directly.
import stdlibBetaln from "@stdlib/math-base-special-betaln"
import stdlibDigamma from "@stdlib/math-base-special-digamma"
import stdlibGammaln from "@stdlib/math-base-special-gammaln"

// Bound once (see the note in BetaGeo.ts on imported names under vitest's module runner).
const betaln = stdlibBetaln
const digammaFn = stdlibDigamma
const gammaln = stdlibGammaln

/** ln |Γ(x)|. */
export const lnGamma = (x: number): number => gammaln(x)

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), for a, b > 0. */
export const lnBeta = (a: number, b: number): number => betaln(a, b)

/** Digamma ψ(x) = d ln Γ(x) / dx. */
export const digamma = (x: number): number => digammaFn(x)

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
  return gammaln(x + n) - gammaln(x)
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
