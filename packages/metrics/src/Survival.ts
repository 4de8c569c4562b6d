/**
 * Survival curves for customer lifetimes: the Kaplan-Meier estimator with right censoring,
 * Greenwood standard errors, pointwise confidence intervals, quantiles (the median lifetime),
 * survival at arbitrary times. To test whether groups share one curve, see `LogRank`.
 *
 * A customer who is still subscribed when the data end is *censored*: we know the lifetime is at
 * least the observed duration. Dropping those customers, or counting them as churned, biases a
 * retention curve; Kaplan-Meier uses them exactly as far as they were observed.
 *
 * Numbers match R's `survival` package (`survfit`, `summary.survfit`, `quantile.survfit`,
 * `survdiff`, see `LogRank`) to 1e-9 on the `aml` and `ovarian` data (see `test/Survival.test.ts`).
 *
 * @module
 * @since 0.1.0
 */
import { zCritical } from "./internal/distributions.ts"
import { checkWeights, countingRange, eventFlags, ranks, scanDurations } from "./internal/survival.ts"
import * as V from "./internal/validate.ts"

/**
 * Scale on which the pointwise confidence interval of S(t) is built.
 *
 * - `"log-log"` (default): symmetric on log(−log S(t)) (Kalbfleisch & Prentice 1980, §1.3;
 *   Borgan & Liestøl 1990). Always inside (0, 1) and well behaved in the tails.
 * - `"log"`: symmetric on log S(t) (R's `survfit` default); the upper bound is capped at 1.
 * - `"plain"`: S(t) ± z·se, clipped to [0, 1] (the textbook interval; poor near 0 and 1).
 *
 * @since 0.1.0
 * @category models
 */
export type Transform = "log-log" | "log" | "plain"

/**
 * Options of {@link kaplanMeier}.
 *
 * @since 0.1.0
 * @category models
 */
export interface KaplanMeierOptions {
  /** Observed durations (time to churn or to the end of observation), finite and ≥ 0. */
  readonly durations: ArrayLike<number>
  /**
   * `true`/`1` when the duration ends in the event (churn), `false`/`0` when it is censored
   * (still active at the end of observation). Defaults to every duration being an event.
   */
  readonly observed?: ArrayLike<boolean | number> | undefined
  /** Confidence level of the pointwise intervals, in (0, 1). Default 0.95. */
  readonly level?: number | undefined
  /** Scale of the confidence interval. Default `"log-log"`. */
  readonly transform?: Transform | undefined
  /**
   * Case weights, finite and ≥ 0: how many customers each duration stands for, so aggregated
   * rows (tenure, churned?, count) need not be expanded. Counts in the result are then weighted
   * sums and the Greenwood variance uses them, as R's `survfit(..., weights = w, robust = FALSE)`
   * (R's default for non-integer weights is a robust jackknife variance, not computed here).
   */
  readonly weights?: ArrayLike<number> | undefined
}

/**
 * A Kaplan-Meier curve: one entry per distinct observed time (event or censoring), ascending.
 * `survival[i]` is S(t) for `times[i] ≤ t < times[i + 1]` (a right-continuous step function).
 *
 * Gotchas: where S(t) = 0 (everyone left at risk churned) the Greenwood variance is undefined;
 * `standardError`, `lower` and `upper` are `NaN` there, as R reports `NaN`/`NA`.
 *
 * @since 0.1.0
 * @category models
 */
export interface KaplanMeier {
  readonly times: ReadonlyArray<number>
  /** Number still at risk just before each time (durations ≥ t). */
  readonly atRisk: ReadonlyArray<number>
  /** Events (churns) at each time. */
  readonly events: ReadonlyArray<number>
  /** Censored durations at each time. */
  readonly censored: ReadonlyArray<number>
  /** The Kaplan-Meier estimate Ŝ(t). */
  readonly survival: ReadonlyArray<number>
  /** Greenwood standard error of Ŝ(t). */
  readonly standardError: ReadonlyArray<number>
  readonly lower: ReadonlyArray<number>
  readonly upper: ReadonlyArray<number>
  /** Greenwood's sum Σ d/(n(n − d)): the variance of log Ŝ(t) (and of the Nelson-Aalen-like log scale). */
  readonly varianceLog: ReadonlyArray<number>
  readonly level: number
  readonly transform: Transform
  /** Number of customers (durations, or the sum of the weights). */
  readonly n: number
  /** Number of events (weighted when weights are given). */
  readonly totalEvents: number
}

const TRANSFORMS: ReadonlyArray<Transform> = ["log-log", "log", "plain"]

/**
 * Kaplan-Meier product-limit estimate of the survival function with right censoring
 * (Kaplan & Meier 1958, JASA 53(282), eq. 2: Ŝ(t) = Π_{tᵢ ≤ t} (1 − dᵢ/nᵢ)), with Greenwood's
 * (1926) variance Var Ŝ(t) = Ŝ(t)² Σ_{tᵢ ≤ t} dᵢ / (nᵢ(nᵢ − dᵢ)) and pointwise intervals on the
 * chosen scale.
 *
 * Details: ties follow the usual convention: at a time with both events and censorings, the
 * censored customers count as at risk for those events. Integer durations (days, months) with a
 * range up to a few times n are counted by distinct time in O(n + range), with no sort; others
 * take a numeric sort, O(n log n).
 *
 * Throws `MetricError` for a negative, NaN or infinite duration, an event indicator other than
 * true/false/1/0, arrays of different lengths, or a level outside (0, 1).
 *
 * @example
 * ```ts
 * import { Survival } from "@cxkit/metrics"
 *
 * // Months until churn; `false` = still subscribed when the data were pulled.
 * const km = Survival.kaplanMeier({
 *   durations: [3, 5, 5, 8, 12, 12, 15],
 *   observed: [true, true, false, true, false, true, false]
 * })
 * console.log(km.times) // [3, 5, 8, 12, 15]
 * console.log(km.survival[1]?.toFixed(4)) // "0.7143"
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const kaplanMeier = (options: KaplanMeierOptions): KaplanMeier => {
  const { durations } = options
  const observed = options.observed
  const level = options.level === undefined ? 0.95 : V.level("level", options.level)
  const transform =
    options.transform === undefined ? "log-log" : V.oneOf("transform", options.transform, TRANSFORMS)
  const n = durations.length
  if (observed !== undefined) V.sameLength("observed", observed.length, n, "durations")
  const weights = options.weights
  if (weights !== undefined) V.sameLength("weights", weights.length, n, "durations")

  const { max, integral } = scanDurations(durations)
  if (weights !== undefined) checkWeights(weights)
  const events = eventFlags(observed, n)
  let data: Steps
  if (integral && max <= countingRange(n)) data = countedSteps(durations, max + 1, undefined, events, weights)
  else if (weights === undefined) data = sortedSteps(durations, events)
  else {
    const { index, values } = ranks(durations)
    data = countedSteps(index, values.length, values, events, weights)
  }
  return steps(data, level, transform)
}

interface Steps {
  readonly times: ArrayLike<number>
  readonly events: ArrayLike<number>
  readonly censored: ArrayLike<number>
  readonly total: number
}

// Counting by distinct time (Kaplan-Meier needs only the events and censorings per time): one
// pass into per-time bins, one pass over the bins, no sort. `index` places each row in a bin:
// the integer duration itself (bins 0…size − 1, of which those with rows are the table's times),
// or its rank among the distinct durations `values` (every bin a time). Bins are Float64 so
// weights add up, in row order as the sorted path adds them.
const countedSteps = (
  index: ArrayLike<number>,
  size: number,
  values: Float64Array | undefined,
  observed: Uint8Array,
  weights: ArrayLike<number> | undefined
): Steps => {
  const n = index.length
  const events = new Float64Array(size)
  const censored = new Float64Array(size)
  // A time with only zero-weight rows is still a row of the table, as in the sorted path.
  const seen = weights === undefined || values !== undefined ? undefined : new Uint8Array(size)
  let total = n
  if (weights === undefined) {
    for (let i = 0; i < n; i++) {
      const t = index[i] as number
      const e = observed[i] as number
      events[t] = (events[t] as number) + e
      censored[t] = (censored[t] as number) + (1 - e)
    }
  } else {
    total = 0
    for (let i = 0; i < n; i++) {
      const t = index[i] as number
      const w = weights[i] as number
      const e = observed[i] as number
      events[t] = (events[t] as number) + e * w
      censored[t] = (censored[t] as number) + (1 - e) * w
      if (seen !== undefined) seen[t] = 1
      total += w
    }
  }
  if (values !== undefined) return { times: values, events, censored, total }
  const present = (t: number): boolean =>
    seen === undefined ? (events[t] as number) + (censored[t] as number) > 0 : seen[t] === 1
  let k = 0
  for (let t = 0; t < size; t++) if (present(t)) k++
  const times = new Float64Array(k)
  const eventsAt = new Float64Array(k)
  const censoredAt = new Float64Array(k)
  for (let t = 0, r = 0; t < size; t++) {
    if (present(t)) {
      times[r] = t
      eventsAt[r] = events[t] as number
      censoredAt[r++] = censored[t] as number
    }
  }
  return { times, events: eventsAt, censored: censoredAt, total }
}

// Fractional times (or integers beyond the counting range), unweighted: events and censorings are
// sorted separately as typed arrays (numeric sort, no comparator), then merged by distinct time.
// (Weighted rows are counted by rank instead, see `kaplanMeier`.)
const sortedSteps = (durations: ArrayLike<number>, observed: Uint8Array): Steps => {
  const n = durations.length
  let nEvents = 0
  for (let i = 0; i < n; i++) nEvents += observed[i] as number
  const eventTimes = new Float64Array(nEvents)
  const censorTimes = new Float64Array(n - nEvents)
  for (let i = 0, e = 0, c = 0; i < n; i++) {
    const d = durations[i] as number
    if (observed[i] === 1) eventTimes[e++] = d
    else censorTimes[c++] = d
  }
  eventTimes.sort()
  censorTimes.sort()
  const distinct: Array<number> = []
  const eventsAt: Array<number> = []
  const censoredAt: Array<number> = []
  let i = 0
  let j = 0
  while (i < nEvents || j < n - nEvents) {
    const te = i < nEvents ? (eventTimes[i] as number) : Number.POSITIVE_INFINITY
    const tc = j < n - nEvents ? (censorTimes[j] as number) : Number.POSITIVE_INFINITY
    const t = Math.min(te, tc)
    let d = 0
    while (i < nEvents && eventTimes[i] === t) {
      d++
      i++
    }
    let c = 0
    while (j < n - nEvents && censorTimes[j] === t) {
      c++
      j++
    }
    distinct.push(t)
    eventsAt.push(d)
    censoredAt.push(c)
  }
  return { times: distinct, events: eventsAt, censored: censoredAt, total: n }
}

// Kaplan & Meier (1958) and Greenwood (1926) over the distinct times.
const steps = (data: Steps, level: number, transform: Transform): KaplanMeier => {
  const z = zCritical(level)
  const times: Array<number> = []
  const atRisk: Array<number> = []
  const events: Array<number> = []
  const censored: Array<number> = []
  const survival: Array<number> = []
  const standardError: Array<number> = []
  const lower: Array<number> = []
  const upper: Array<number> = []
  const varianceLog: Array<number> = []
  const total = data.total
  let risk = total
  let totalEvents = 0
  let s = 1
  let greenwood = 0
  for (let k = 0; k < data.times.length; k++) {
    const t = data.times[k] as number
    const d = data.events[k] as number
    const c = data.censored[k] as number
    totalEvents += d
    if (d > 0) {
      // Everyone left at risk has the event (exactly, or up to rounding of weighted sums).
      const all = d >= risk * (1 - 1e-12)
      // Kaplan & Meier (1958): conditional survival 1 − d/n at each event time.
      s = all ? 0 : s * (1 - d / risk)
      // Greenwood (1926): Σ d/(n(n − d)); infinite once everyone at risk has had the event.
      greenwood = all ? Number.POSITIVE_INFINITY : greenwood + d / (risk * (risk - d))
    }
    const sigma = Math.sqrt(greenwood) // standard error of log Ŝ(t)
    times.push(t)
    atRisk.push(risk)
    events.push(d)
    censored.push(c)
    survival.push(s)
    varianceLog.push(greenwood)
    if (s === 0) {
      standardError.push(Number.NaN)
      lower.push(Number.NaN)
      upper.push(Number.NaN)
    } else {
      standardError.push(s * sigma)
      const [lo, hi] = interval(s, sigma, z, transform)
      lower.push(lo)
      upper.push(hi)
    }
    risk -= d + c
  }
  return {
    times,
    atRisk,
    events,
    censored,
    survival,
    standardError,
    lower,
    upper,
    varianceLog,
    level,
    transform,
    n: total,
    totalEvents
  }
}

/** Pointwise interval for Ŝ = s > 0 with σ = se(log Ŝ). */
const interval = (s: number, sigma: number, z: number, transform: Transform): readonly [number, number] => {
  if (sigma === 0) return [s, s]
  switch (transform) {
    case "plain": {
      // Linear (Wald) interval on S, clipped to [0, 1] as R's survfit does.
      const half = z * sigma * s
      return [Math.max(0, s - half), Math.min(1, s + half)]
    }
    case "log": {
      // Symmetric on log S; se(log Ŝ) = σ (Greenwood). Upper bound capped at 1 as in R.
      return [s * Math.exp(-z * sigma), Math.min(1, s * Math.exp(z * sigma))]
    }
    case "log-log": {
      // Kalbfleisch & Prentice (1980, p. 15): θ = log(−log S), se(θ) = σ / |log S| by the delta
      // method; back-transformed S = exp(−exp θ), so the bounds are S^exp(±zσ/|log S|).
      const logS = Math.log(s)
      const w = (z * sigma) / Math.abs(logS)
      return [s ** Math.exp(w), s ** Math.exp(-w)]
    }
  }
}

/**
 * Ŝ(t) and its interval at one time, read off the step function.
 *
 * @since 0.1.0
 * @category models
 */
export interface SurvivalPoint {
  readonly time: number
  readonly survival: number
  readonly standardError: number
  readonly lower: number
  readonly upper: number
  /** Durations ≥ time (R's `n.risk` in `summary(fit, times = …)`). */
  readonly atRisk: number
}

/**
 * Survival at arbitrary times: Ŝ(t) is the value at the last observed time ≤ t (1 before the first
 * one, with a zero-width interval). After the last observed time the last value is carried forward
 * (as R's `summary(fit, times, extend = TRUE)`), which is only an estimate if the curve reached 0:
 * beyond the largest duration there is no information.
 *
 * @example
 * ```ts
 * import { Survival } from "@cxkit/metrics"
 *
 * const km = Survival.kaplanMeier({ durations: [1, 2, 3, 4], observed: [1, 1, 0, 1] })
 * const [p] = Survival.survivalAt(km, [2.5])
 * console.log(p?.survival) // 0.5
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const survivalAt = (km: KaplanMeier, at: ReadonlyArray<number>): ReadonlyArray<SurvivalPoint> =>
  at.map((t, k) => {
    const time = V.finite(`at[${k}]`, t)
    const idx = lastAtOrBefore(km.times, time)
    const first = firstAtOrAfter(km.times, time)
    const atRisk = first < km.times.length ? (km.atRisk[first] as number) : 0
    if (idx < 0) return { time, survival: 1, standardError: 0, lower: 1, upper: 1, atRisk }
    return {
      time,
      survival: km.survival[idx] as number,
      standardError: km.standardError[idx] as number,
      lower: km.lower[idx] as number,
      upper: km.upper[idx] as number,
      atRisk
    }
  })

/** Largest index with xs[i] ≤ t, or −1. */
const lastAtOrBefore = (xs: ReadonlyArray<number>, t: number): number => {
  let lo = 0
  let hi = xs.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((xs[mid] as number) <= t) lo = mid + 1
    else hi = mid
  }
  return lo - 1
}

/** Smallest index with xs[i] ≥ t, or xs.length. */
const firstAtOrAfter = (xs: ReadonlyArray<number>, t: number): number => {
  let lo = 0
  let hi = xs.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((xs[mid] as number) < t) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * How a survival quantile is read off a step curve.
 *
 * - `"midpoint"` (default, R `survival`): the smallest time with Ŝ(t) ≤ 1 − p; when Ŝ(t) equals
 *   1 − p exactly over an interval, the midpoint of that interval (Ŝ = 0.5 on [2, 3) gives a
 *   median of 2.5).
 * - `"first"` (lifelines, SAS): always the smallest time with Ŝ(t) ≤ 1 − p.
 *
 * @since 0.1.0
 * @category models
 */
export type QuantileRule = "midpoint" | "first"

/**
 * A survival-time quantile with its confidence interval. `undefined` where the curve (or an
 * interval bound) never falls to the target level within the data.
 *
 * @since 0.1.0
 * @category models
 */
export interface SurvivalQuantile {
  readonly p: number
  readonly time: number | undefined
  readonly lower: number | undefined
  readonly upper: number | undefined
}

const RULES: ReadonlyArray<QuantileRule> = ["midpoint", "first"]

/**
 * The time by which a share `p` of customers has churned: the smallest t with Ŝ(t) ≤ 1 − p,
 * under the documented {@link QuantileRule}. The interval inverts the pointwise band
 * (Brookmeyer & Crowley 1982): the lower limit is where the lower band crosses 1 − p, the upper
 * limit where the upper band does, as R's `quantile.survfit` reports.
 *
 * @example
 * ```ts
 * import { Survival } from "@cxkit/metrics"
 *
 * // Time by which 25% have churned: Ŝ = 0.75 exactly on [1, 2), so the midpoint rule gives 1.5.
 * const km = Survival.kaplanMeier({ durations: [1, 2, 3, 4] })
 * console.log(Survival.quantile(km, 0.25).time) // 1.5
 * console.log(Survival.quantile(km, 0.25, { rule: "first" }).time) // 1
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const quantile = (
  km: KaplanMeier,
  p: number,
  options?: { readonly rule?: QuantileRule | undefined }
): SurvivalQuantile => {
  if (!(typeof p === "number" && p > 0 && p < 1)) V.invalid("p", p, "a probability in (0, 1)")
  const rule = options?.rule === undefined ? "midpoint" : V.oneOf("options.rule", options.rule, RULES)
  const target = 1 - p
  return {
    p,
    time: crossing(km.times, km.survival, target, rule),
    lower: crossing(km.times, km.lower, target, rule),
    upper: crossing(km.times, km.upper, target, rule)
  }
}

/**
 * Median survival time (the 50% quantile) with its confidence interval; see {@link quantile}.
 *
 * @example
 * ```ts
 * import { Survival } from "@cxkit/metrics"
 *
 * // Ŝ = 0.5 on [2, 3): the "midpoint" rule (R) gives 2.5, the "first" rule gives 2.
 * const km = Survival.kaplanMeier({ durations: [1, 2, 3, 4] })
 * console.log(Survival.median(km).time) // 2.5
 * console.log(Survival.median(km, { rule: "first" }).time) // 2
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const median = (
  km: KaplanMeier,
  options?: { readonly rule?: QuantileRule | undefined }
): SurvivalQuantile => quantile(km, 0.5, options)

// Same tolerance as R's quantile.survfit (sqrt of machine epsilon) so products such as
// 0.5000000000000001 still count as "exactly 0.5".
const TOLERANCE = Math.sqrt(Number.EPSILON)

const crossing = (
  times: ReadonlyArray<number>,
  curve: ReadonlyArray<number>,
  target: number,
  rule: QuantileRule
): number | undefined => {
  for (let i = 0; i < curve.length; i++) {
    const y = curve[i] as number
    if (!(y <= target + TOLERANCE)) continue
    const t = times[i] as number
    if (rule === "first" || Math.abs(y - target) > TOLERANCE) return t
    for (let k = i + 1; k < curve.length; k++) {
      if ((curve[k] as number) < target - TOLERANCE) return (t + (times[k] as number)) / 2
    }
    return t
  }
  return undefined
}

/**
 * One row of a printable survival table (R's `summary(survfit)`).
 *
 * @since 0.1.0
 * @category models
 */
export interface SurvivalRow {
  readonly time: number
  readonly atRisk: number
  readonly events: number
  readonly censored: number
  readonly survival: number
  readonly standardError: number
  readonly lower: number
  readonly upper: number
}

/**
 * The curve as rows, ready for `console.table` or a plotting spec. By default only times with at
 * least one event are kept (as R's `summary(survfit)`); `{ eventsOnly: false }` keeps every time.
 *
 * @example
 * ```ts
 * import { Survival } from "@cxkit/metrics"
 *
 * const km = Survival.kaplanMeier({ durations: [2, 3, 3, 6], observed: [1, 0, 1, 1] })
 * console.table(Survival.rows(km))
 * console.log(Survival.rows(km).map((r) => r.time)) // [2, 3, 6]
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const rows = (
  km: KaplanMeier,
  options?: { readonly eventsOnly?: boolean | undefined }
): ReadonlyArray<SurvivalRow> => {
  const eventsOnly = options?.eventsOnly ?? true
  const out: Array<SurvivalRow> = []
  for (let i = 0; i < km.times.length; i++) {
    const events = km.events[i] as number
    if (eventsOnly && events === 0) continue
    out.push({
      time: km.times[i] as number,
      atRisk: km.atRisk[i] as number,
      events,
      censored: km.censored[i] as number,
      survival: km.survival[i] as number,
      standardError: km.standardError[i] as number,
      lower: km.lower[i] as number,
      upper: km.upper[i] as number
    })
  }
  return out
}
