// Distribution functions shared by every metric, from the @stdlib project (well kept, tested
// against R and SciPy). One module so every interval and test uses the same quantiles.
import chisquareCdf from "@stdlib/stats-base-dists-chisquare-cdf"
import normalCdf from "@stdlib/stats-base-dists-normal-cdf"
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile"
import tQuantile from "@stdlib/stats-base-dists-t-quantile"

/** Standard normal quantile Φ⁻¹(p). */
export const standardNormalQuantile = (p: number): number => normalQuantile(p, 0, 1)

/** Standard normal distribution function Φ(x). */
export const standardNormalCdf = (x: number): number => normalCdf(x, 0, 1)

/** Two-sided critical value z_{1−(1−level)/2} for a confidence level in (0, 1). */
export const zCritical = (level: number): number => standardNormalQuantile(1 - (1 - level) / 2)

/** Two-sided critical value of Student's t with `df` degrees of freedom. */
export const tCritical = (level: number, df: number): number => tQuantile(1 - (1 - level) / 2, df)

/** Upper tail P(X ≥ x) of a χ² distribution with `df` degrees of freedom. */
export const chiSquareSurvival = (x: number, df: number): number => 1 - chisquareCdf(x, df)
