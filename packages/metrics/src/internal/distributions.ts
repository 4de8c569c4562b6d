// Distribution functions shared by every metric, written for cxkit (normal.ts, incomplete.ts,
// studentT.ts cite their algorithms). One module so every interval and test uses the same quantiles.
import { regularizedGamma } from "./incomplete.ts"
import { normalCdf, normalQuantile } from "./normal.ts"
import { studentTQuantile } from "./studentT.ts"

/** Standard normal quantile Φ⁻¹(p). */
export const standardNormalQuantile = (p: number): number => normalQuantile(p)

/** Standard normal distribution function Φ(x). */
export const standardNormalCdf = (x: number): number => normalCdf(x)

/** Quantile of Student's t with `df` > 0 degrees of freedom (not necessarily an integer). */
export const tQuantile = (p: number, df: number): number => studentTQuantile(p, df)

/** Two-sided critical value z_{1−(1−level)/2} for a confidence level in (0, 1). */
export const zCritical = (level: number): number => standardNormalQuantile(1 - (1 - level) / 2)

/** Two-sided critical value of Student's t with `df` degrees of freedom. */
export const tCritical = (level: number, df: number): number => studentTQuantile(1 - (1 - level) / 2, df)

/** P(X ≤ x) of a χ² distribution with `df` ≥ 0 degrees of freedom (df = 0: a unit mass at 0). */
export const chiSquareCdf = (x: number, df: number): number => {
  if (Number.isNaN(x) || !(df >= 0) || df === Number.POSITIVE_INFINITY) return Number.NaN
  if (df === 0) return x < 0 ? 0 : 1
  return regularizedGamma(df / 2, x / 2, false)
}

/**
 * Upper tail P(X ≥ x) of a χ² distribution with `df` degrees of freedom, Q(df/2, x/2) computed
 * directly (not as 1 − P), so small p-values keep their digits.
 */
export const chiSquareSurvival = (x: number, df: number): number => {
  if (Number.isNaN(x) || !(df >= 0) || df === Number.POSITIVE_INFINITY) return Number.NaN
  if (df === 0) return x < 0 ? 1 : 0
  return regularizedGamma(df / 2, x / 2, true)
}
