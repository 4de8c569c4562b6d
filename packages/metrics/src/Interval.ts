/**
 * Confidence intervals shared by every survey metric: Wald, adjusted-Wald (Agresti–Coull) and
 * Wilson score intervals for a proportion, a normal interval from an estimate and its standard
 * error, and Student's t interval for a mean. `Nps`, `Csat` and `Ces` are built on these, so
 * comparing methods here compares exactly what the metrics report.
 *
 * **When to use which**
 *
 * - `wilson`: the default for a share (CSAT top-2-box, CES agree share). Good coverage at every
 *   n and never leaves [0, 1] (Newcombe 1998; Brown, Cai & DasGupta 2001).
 * - `adjustedWald`: close to Wilson, slightly conservative, easy to compute by hand
 *   (Agresti & Coull 1998; recommended for small usability samples by Sauro & Lewis 2005).
 * - `wald`: the textbook p̂ ± z·√(p̂(1−p̂)/n). Fine for large n and p̂ away from 0 and 1;
 *   too narrow otherwise, and zero width at p̂ = 0 or 1. Kept for comparison.
 * - `studentT`: a mean of ratings (mean CSAT, mean CES).
 *
 * **Gotchas**
 *
 * Functions here work on the proportion scale (0–1) and return the raw bounds, which for Wald
 * and adjusted-Wald can fall outside [0, 1]; `truncate` clips them. The metric modules report
 * percent or points and truncate to the range of the parameter. With no observations
 * (`trials = 0`) every interval is `undefined`.
 *
 * @module
 * @since 0.1.0
 */
import { tCritical, zCritical } from "./internal/distributions.ts"
import * as validate from "./internal/validate.ts"

/**
 * A two-sided confidence interval `[lower, upper]`.
 *
 * @example
 * ```ts
 * import type { Interval } from "@cxkit/metrics"
 *
 * const interval: Interval.Interval = { lower: 0.2553, upper: 0.3662 }
 * console.log(interval.upper - interval.lower)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Interval {
  readonly lower: number
  readonly upper: number
}

/**
 * The one union of interval methods: `"wilson"` (score; Wilson 1927), `"adjusted-wald"`
 * (Agresti–Coull 1998 for a proportion; Rocks' pseudo-responses for an NPS) and `"wald"`
 * (normal approximation). Each metric accepts a subset: `Nps.Method` is `"adjusted-wald" |
 * "wald"` (a trinomial has no score interval here), `Csat.Method` and `Ces.Method` (the
 * agree share) all three. Means (CSAT, CES) use Student's t and take only a `level`.
 *
 * @since 0.1.0
 * @category models
 */
export type Method = "wilson" | "adjusted-wald" | "wald"

/**
 * The result of a metric's `compare` (NPS, CSAT, CES): `difference` = a − b in the metric's
 * unit (points, percentage points, scale points), its confidence `interval`, the `z`
 * statistic and the two-sided `pValue`; each `undefined` when either side is empty.
 *
 * @since 0.1.0
 * @category models
 */
export interface Comparison {
  readonly difference: number | undefined
  readonly interval: Interval | undefined
  readonly z: number | undefined
  readonly pValue: number | undefined
}

/**
 * Options shared by every interval: the confidence `level` in (0, 1), 0.95 by default.
 *
 * @example
 * ```ts
 * import type { Interval } from "@cxkit/metrics"
 *
 * const options: Interval.LevelOptions = { level: 0.9 }
 * console.log(options.level)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface LevelOptions {
  readonly level?: number | undefined
}

/**
 * Options of an interval with a method: `level` (0.95 by default) and `method`, one of the
 * metric's allowed subset `M` of `Method`. The default method is the metric's documented one,
 * the same for its `interval` and its `compare`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options<M extends Method = Method> extends LevelOptions {
  readonly method?: M | undefined
}

const checkCounts = (successes: number, trials: number): void => {
  validate.nonNegative("trials", trials)
  validate.nonNegative("successes", successes)
  if (successes > trials) validate.invalid("successes", successes, `at most trials (${trials})`)
}

/**
 * Wald interval p̂ ± z·√(p̂(1−p̂)/n) on the proportion scale (Laplace; Newcombe 1998, method 1).
 * `undefined` when `trials` is 0. Bounds are not truncated.
 *
 * @example
 * ```ts
 * import { Interval } from "@cxkit/metrics"
 *
 * // Newcombe (1998), Table I: 81/263 → 0.2522 to 0.3638
 * console.log(Interval.wald(81, 263))
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const wald = (successes: number, trials: number, options?: LevelOptions): Interval | undefined => {
  const level = validate.levelOrDefault(options)
  checkCounts(successes, trials)
  if (trials === 0) return undefined
  const p = successes / trials
  return normal(p, Math.sqrt((p * (1 - p)) / trials), { level })
}

/**
 * Adjusted-Wald (Agresti & Coull 1998) interval: add z²/2 successes and z²/2 failures, then
 * p̃ ± z·√(p̃(1−p̃)/ñ) with ñ = n + z², p̃ = (x + z²/2)/ñ. At 95% this is close to "add two
 * successes and two failures". `undefined` when `trials` is 0. Bounds are not truncated.
 *
 * @example
 * ```ts
 * import { Interval } from "@cxkit/metrics"
 *
 * // Tullis & Albert, Measuring the User Experience, p. 69: 4 of 5 → about 0.36 to 0.98
 * console.log(Interval.adjustedWald(4, 5))
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const adjustedWald = (
  successes: number,
  trials: number,
  options?: LevelOptions
): Interval | undefined => {
  const level = validate.levelOrDefault(options)
  checkCounts(successes, trials)
  if (trials === 0) return undefined
  const z = zCritical(level)
  const z2 = z * z
  // Agresti & Coull (1998), eq. for the "adjusted Wald" interval: ñ = n + z², p̃ = (x + z²/2)/ñ.
  const nAdjusted = trials + z2
  const pAdjusted = (successes + z2 / 2) / nAdjusted
  const half = z * Math.sqrt((pAdjusted * (1 - pAdjusted)) / nAdjusted)
  return { lower: pAdjusted - half, upper: pAdjusted + half }
}

/**
 * Wilson (1927) score interval without continuity correction (Newcombe 1998, method 3):
 * (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n). Always inside [0, 1]; `undefined` when
 * `trials` is 0.
 *
 * @example
 * ```ts
 * import { Interval } from "@cxkit/metrics"
 *
 * // Newcombe (1998), Table I: 81/263 → 0.2553 to 0.3662
 * console.log(Interval.wilson(81, 263))
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const wilson = (successes: number, trials: number, options?: LevelOptions): Interval | undefined => {
  const level = validate.levelOrDefault(options)
  checkCounts(successes, trials)
  if (trials === 0) return undefined
  const z = zCritical(level)
  const z2 = z * z
  const p = successes / trials
  // Wilson (1927); Newcombe (1998) eq. for method 3.
  const denominator = 1 + z2 / trials
  const center = (p + z2 / (2 * trials)) / denominator
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator
  // The exact limits at p̂ = 0 or 1 are 0 or 1; rounding would leave them a few ulps off.
  return {
    lower: successes === 0 ? 0 : Math.max(0, center - half),
    upper: successes === trials ? 1 : Math.min(1, center + half)
  }
}

/**
 * A proportion interval by name: `method` is `"wilson"` (default), `"adjusted-wald"` or
 * `"wald"`.
 *
 * @example
 * ```ts
 * import { Interval } from "@cxkit/metrics"
 *
 * console.log(Interval.proportion(15, 148, { method: "wilson", level: 0.95 }))
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const proportion = (successes: number, trials: number, options?: Options): Interval | undefined => {
  switch (options?.method ?? "wilson") {
    case "wilson":
      return wilson(successes, trials, options)
    case "adjusted-wald":
      return adjustedWald(successes, trials, options)
    case "wald":
      return wald(successes, trials, options)
    default:
      return validate.invalid("options.method", options?.method, `one of "wilson", "adjusted-wald", "wald"`)
  }
}

/**
 * A confidence interval for the difference p₁ − p₂ of two independent proportions, on the
 * proportion scale: `"wilson"` (default) is Newcombe's hybrid score interval (Newcombe 1998,
 * "Interval estimation for the difference between independent proportions", Statistics in
 * Medicine 17, 873–890, method 10: the Wilson limits l, u of each sample give d − √((p̂₁ − l₁)² + (u₂ − p̂₂)²) and
 * d + √((u₁ − p̂₁)² + (p̂₂ − l₂)²)); `"adjusted-wald"` adds one success and one failure to each
 * sample (Agresti & Caffo 2000); `"wald"` is d ± z·√(p̂₁q̂₁/n₁ + p̂₂q̂₂/n₂). `undefined` when
 * either sample is empty.
 *
 * @example
 * ```ts
 * import { Interval } from "@cxkit/metrics"
 *
 * // Newcombe (1998), example (a): 56/70 vs 48/80 → 0.0524 to 0.3339 (method 10)
 * const d = Interval.proportionDifference(56, 70, 48, 80)
 * console.log(d?.lower.toFixed(4), d?.upper.toFixed(4)) // "0.0524" "0.3339"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const proportionDifference = (
  successes1: number,
  trials1: number,
  successes2: number,
  trials2: number,
  options?: Options
): Interval | undefined => {
  const level = validate.levelOrDefault(options)
  checkCounts(successes1, trials1)
  checkCounts(successes2, trials2)
  if (trials1 === 0 || trials2 === 0) return undefined
  const method = options?.method ?? "wilson"
  const p1 = successes1 / trials1
  const p2 = successes2 / trials2
  const d = p1 - p2
  switch (method) {
    case "wilson": {
      const a = wilson(successes1, trials1, { level }) as Interval
      const b = wilson(successes2, trials2, { level }) as Interval
      return {
        lower: d - Math.sqrt((p1 - a.lower) ** 2 + (b.upper - p2) ** 2),
        upper: d + Math.sqrt((a.upper - p1) ** 2 + (p2 - b.lower) ** 2)
      }
    }
    case "adjusted-wald": {
      const q1 = (successes1 + 1) / (trials1 + 2)
      const q2 = (successes2 + 1) / (trials2 + 2)
      const se = Math.sqrt((q1 * (1 - q1)) / (trials1 + 2) + (q2 * (1 - q2)) / (trials2 + 2))
      return normal(q1 - q2, se, { level })
    }
    case "wald":
      return normal(d, Math.sqrt((p1 * (1 - p1)) / trials1 + (p2 * (1 - p2)) / trials2), { level })
    default:
      return validate.invalid("options.method", method, `one of "wilson", "adjusted-wald", "wald"`)
  }
}

/**
 * Normal (z) interval `estimate ± z·standardError`, the large-sample interval behind Wald
 * intervals of any statistic (an NPS, a difference of two NPS).
 *
 * @example
 * ```ts
 * import { Interval } from "@cxkit/metrics"
 *
 * console.log(Interval.normal(0.25, 0.05, { level: 0.95 })) // about 0.152 to 0.348
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const normal = (estimate: number, standardError: number, options?: LevelOptions): Interval => {
  const level = validate.levelOrDefault(options)
  validate.finite("estimate", estimate)
  validate.nonNegative("standardError", standardError)
  const half = zCritical(level) * standardError
  return { lower: estimate - half, upper: estimate + half }
}

/**
 * Student's t interval `mean ± t(df)·standardError` (Student 1908), for a mean of ratings:
 * pass `s/√n` and `n − 1` degrees of freedom.
 *
 * @example
 * ```ts
 * import { Interval } from "@cxkit/metrics"
 *
 * // mean 4.1, s = 0.9, n = 11: 4.1 ± 2.228·0.9/√11
 * console.log(Interval.studentT(4.1, 0.9 / Math.sqrt(11), 10))
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const studentT = (
  mean: number,
  standardError: number,
  degreesOfFreedom: number,
  options?: LevelOptions
): Interval => {
  const level = validate.levelOrDefault(options)
  validate.finite("mean", mean)
  validate.nonNegative("standardError", standardError)
  validate.positive("degreesOfFreedom", degreesOfFreedom)
  const half = tCritical(level, degreesOfFreedom) * standardError
  return { lower: mean - half, upper: mean + half }
}

/**
 * Clips an interval to `[min, max]`, the range of the parameter (0–1 for a share, −1–1 for an
 * NPS), so an overshooting Wald bound reads as the boundary.
 *
 * @example
 * ```ts
 * import { Interval } from "@cxkit/metrics"
 *
 * console.log(Interval.truncate({ lower: -0.03, upper: 0.1 }, 0, 1)) // { lower: 0, upper: 0.1 }
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const truncate = (interval: Interval, min: number, max: number): Interval => ({
  lower: Math.min(max, Math.max(min, interval.lower)),
  upper: Math.max(min, Math.min(max, interval.upper))
})

/**
 * Multiplies both bounds by `factor` (100 turns a proportion into percent or points).
 *
 * @example
 * ```ts
 * import { Interval } from "@cxkit/metrics"
 *
 * console.log(Interval.scale({ lower: 0.25, upper: 0.5 }, 100)) // { lower: 25, upper: 50 }
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const scale = (interval: Interval, factor: number): Interval => ({
  lower: interval.lower * factor,
  upper: interval.upper * factor
})

/**
 * The width `upper − lower`.
 *
 * @example
 * ```ts
 * import { Interval } from "@cxkit/metrics"
 *
 * console.log(Interval.width({ lower: 0.2, upper: 0.5 })) // 0.3
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const width = (interval: Interval): number => interval.upper - interval.lower

/**
 * Whether `value` lies in the closed interval.
 *
 * @example
 * ```ts
 * import { Interval } from "@cxkit/metrics"
 *
 * console.log(Interval.contains({ lower: -5, upper: 12 }, 0)) // true: no significant change
 * ```
 *
 * @since 0.1.0
 * @category guards
 */
export const contains = (interval: Interval, value: number): boolean =>
  value >= interval.lower && value <= interval.upper
