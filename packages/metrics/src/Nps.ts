/**
 * Net Promoter Score (Reichheld 2003): answers to "How likely are you to recommend us?" on
 * 0–10; 9–10 are promoters, 7–8 passives, 0–6 detractors; NPS = %promoters − %detractors, in
 * points from −100 to 100.
 *
 * A summary (`Nps`) holds the (weighted) counts of the three groups, so it is built in one pass
 * and merged with `combine` (per segment, per window, per shard). Uncertainty follows Rocks
 * (2016), "Interval Estimation for the 'Net Promoter Score'", The American Statistician 70(4):
 * the NPS is the mean of a trinomial variable scored +1 / 0 / −1, whose variance per response is
 * p_pro + p_det − (p_pro − p_det)².
 *
 * **Empty samples**: `score`, `interval`, `standardError` and the parts of `compare` are
 * `undefined` for a summary with no responses (or zero total weight), never NaN.
 *
 * **Weights**: with survey weights, proportions are weighted and the sample size in every
 * variance is Kish's effective sample size (Σw)² / Σw² (Kish 1965, Survey Sampling).
 *
 * @module
 * @since 0.1.0
 */
import type { Feedback } from "@cxkit/core"
import { Reducer as Reducers } from "effect"
import type { SurveyMetric } from "./Grouping.ts"
import * as Interval from "./Interval.ts"
import { zTest } from "./internal/compare.ts"
import { zCritical } from "./internal/distributions.ts"
import * as ratings from "./internal/ratings.ts"
import * as validate from "./internal/validate.ts"

/**
 * A mergeable NPS summary: (weighted) counts of promoters (9–10), passives (7–8) and detractors
 * (0–6), the number of responses, and Σw² for Kish's effective sample size (equal to the total
 * when every weight is 1).
 *
 * @example
 * ```ts
 * import { Nps } from "@cxkit/metrics"
 *
 * const summary: Nps.Nps = Nps.fromAnswers([10, 9, 8, 3])
 * console.log(summary.promoters, summary.passives, summary.detractors) // 2 1 1
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Nps {
  readonly promoters: number
  readonly passives: number
  readonly detractors: number
  readonly responses: number
  readonly sumSquaredWeights: number
}

/**
 * Options of `fromAnswers`: optional non-negative survey `weights`, one per answer (the same
 * option for `Nps`, `Csat` and `Ces`).
 *
 * @since 0.1.0
 * @category models
 */
export interface FromAnswersOptions {
  readonly weights?: Iterable<number> | ArrayLike<number> | undefined
}

/**
 * The summary of no responses.
 *
 * @example
 * ```ts
 * import { Nps } from "@cxkit/metrics"
 *
 * console.log(Nps.score(Nps.empty)) // undefined
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const empty: Nps = { promoters: 0, passives: 0, detractors: 0, responses: 0, sumSquaredWeights: 0 }

// From the 11 bins of a 0–10 histogram (weighted or not).
const fromBins = (bins: ReadonlyArray<number>, responses: number, sumSquaredWeights: number): Nps => {
  let detractors = 0
  for (let k = 0; k <= 6; k++) detractors += bins[k] as number
  return {
    promoters: (bins[9] as number) + (bins[10] as number),
    passives: (bins[7] as number) + (bins[8] as number),
    detractors,
    responses,
    sumSquaredWeights
  }
}

const fromCountsOf = (bins: ReadonlyArray<number>): Nps => {
  const n = ratings.totalOf(bins)
  return fromBins(bins, n, n)
}

/**
 * A summary from counts of promoters, passives and detractors (non-negative). Unweighted counts
 * need nothing more; for weighted counts (sums of survey weights, e.g. from a SQL `GROUP BY`)
 * give `responses`, the number of answers, and `sumSquaredWeights`, Σw², so Kish's effective
 * size is right (both default to the total).
 *
 * @example
 * ```ts
 * import { Nps } from "@cxkit/metrics"
 *
 * console.log(Nps.score(Nps.fromCounts({ promoters: 291, passives: 476, detractors: 395 }))) // about -8.95
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromCounts = (counts: {
  readonly promoters: number
  readonly passives: number
  readonly detractors: number
  readonly responses?: number | undefined
  readonly sumSquaredWeights?: number | undefined
}): Nps => {
  const promoters = validate.nonNegative("counts.promoters", counts.promoters)
  const passives = validate.nonNegative("counts.passives", counts.passives)
  const detractors = validate.nonNegative("counts.detractors", counts.detractors)
  const total = promoters + passives + detractors
  const responses =
    counts.responses === undefined ? total : validate.nonNegative("counts.responses", counts.responses)
  const sumSquaredWeights =
    counts.sumSquaredWeights === undefined
      ? total
      : validate.nonNegative("counts.sumSquaredWeights", counts.sumSquaredWeights)
  return { promoters, passives, detractors, responses, sumSquaredWeights }
}

/**
 * A summary of 0–10 answers from an array, a typed array (`Uint8Array`, `Float64Array`, …) or
 * any iterable, in one pass, with optional survey weights (one per answer, finite and ≥ 0).
 *
 * Throws `MetricError` naming the first bad score (`scores[3]: 11 is not an integer from 0 to
 * 10`) or weight (`options.weights[2]`), or a weight count that differs from the answer count
 * (`options.weights.length`).
 *
 * @example
 * ```ts
 * import { Nps } from "@cxkit/metrics"
 *
 * console.log(Nps.score(Nps.fromAnswers([10, 9, 9, 8, 7, 6, 3]))?.toFixed(2)) // "14.29"
 * console.log(Nps.score(Nps.fromAnswers(Uint8Array.of(10, 0)))) // 0
 * console.log(Nps.score(Nps.fromAnswers([10, 0], { weights: [3, 1] }))) // 50
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromAnswers = (
  scores: Iterable<number> | ArrayLike<number>,
  options?: FromAnswersOptions
): Nps => {
  const weights = options?.weights
  if (weights === undefined) return fromCountsOf(ratings.countRatings(scores, "scores", 0, 10))
  const weighted = ratings.countWeighted(scores, weights, "scores", 0, 10)
  return fromBins(weighted.counts, weighted.responses, weighted.sumSquaredWeights)
}

/**
 * Merges two summaries (associative and commutative; `empty` is the identity): the summary of
 * the concatenated responses.
 *
 * @example
 * ```ts
 * import { Nps } from "@cxkit/metrics"
 *
 * const all = Nps.combine(Nps.fromAnswers([10, 9]), Nps.fromAnswers([2]))
 * console.log(Nps.score(all)?.toFixed(2)) // "33.33"
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const combine = (self: Nps, that: Nps): Nps => ({
  promoters: self.promoters + that.promoters,
  passives: self.passives + that.passives,
  detractors: self.detractors + that.detractors,
  responses: self.responses + that.responses,
  sumSquaredWeights: self.sumSquaredWeights + that.sumSquaredWeights
})

/**
 * The `Reducer` of NPS summaries (`Reducer.make(combine, empty)` from Effect): merge any number
 * of summaries with `Nps.Reducer.combineAll`.
 *
 * @example
 * ```ts
 * import { Nps } from "@cxkit/metrics"
 *
 * const shards = [[10, 9], [7], [0, 10]].map((s) => Nps.fromAnswers(s))
 * console.log(Nps.score(Nps.Reducer.combineAll(shards))) // 40
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const Reducer: Reducers.Reducer<Nps> = Reducers.make(combine, empty)

// Survey responses: NPS answers counted, the others skipped; the fast path first, the
// validators only run to report a bad response.
const responses = (field: string) => {
  const inner = new ratings.RatingAccumulator(field, 0, 10, fromCountsOf, ".score")
  return {
    add: (response: Pick<Feedback.Feedback, "question" | "score">, index: number) => {
      const metric = (response as { readonly question?: { readonly metric?: unknown } } | undefined)?.question
        ?.metric
      if (metric !== "nps") {
        if (metric === undefined) validate.question(field, index, response)
        return
      }
      inner.add(response.score, index)
    },
    result: () => inner.result()
  }
}

/**
 * NPS as a `Grouping.SurveyMetric`: its `Reducer`, an accumulator of 0–10 answers and one of
 * survey responses. Use it with `Grouping.summarize`, `bySegment`, `byWindow`, `sink`, and
 * `Grouping.forFeedback` for survey responses.
 *
 * @example
 * ```ts
 * import { Grouping, Nps } from "@cxkit/metrics"
 *
 * const byChannel = Grouping.bySegment(
 *   [{ channel: "chat", score: 10 }, { channel: "email", score: 5 }],
 *   { metric: Nps.metric(), value: (r) => r.score, segment: (r) => r.channel }
 * )
 * console.log(Nps.score(byChannel.get("email")!)) // -100
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const metric = (): SurveyMetric<Nps> => ({
  Reducer,
  accumulator: (field) => new ratings.RatingAccumulator(field, 0, 10, fromCountsOf),
  responses,
  field: "scores"
})

/**
 * A summary of the NPS answers among survey responses (`Feedback` from `@cxkit/core`, or any
 * object with its `question` and `score`): responses whose `question.metric` is `"nps"` are
 * counted, the others (CSAT, CES) skipped. Throws `MetricError` for a score that is not an
 * integer from 0 to 10 (`responses[4].score`) or a response without a question.
 *
 * @example
 * ```ts
 * import { Nps } from "@cxkit/metrics"
 *
 * const responses = [
 *   { question: { metric: "nps" as const }, score: 10 },
 *   { question: { metric: "csat" as const, min: 1, max: 5 }, score: 2 },
 *   { question: { metric: "nps" as const }, score: 4 }
 * ]
 * console.log(Nps.score(Nps.fromFeedback(responses))) // 0
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromFeedback = (answers: Iterable<Pick<Feedback.Feedback, "question" | "score">>): Nps => {
  const accumulator = responses("responses")
  let index = 0
  for (const response of answers) accumulator.add(response, index++)
  return accumulator.result()
}

/**
 * The total (weighted) number of responses: promoters + passives + detractors.
 *
 * @example
 * ```ts
 * import { Nps } from "@cxkit/metrics"
 *
 * console.log(Nps.total(Nps.fromAnswers([10, 7, 2]))) // 3
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const total = (self: Nps): number => self.promoters + self.passives + self.detractors

/**
 * Kish's effective sample size (Σw)² / Σw² (Kish 1965): the number of unweighted responses
 * that would give the same precision. Equal to the number of responses without weights.
 *
 * @example
 * ```ts
 * import { Nps } from "@cxkit/metrics"
 *
 * console.log(Nps.effectiveSize(Nps.fromAnswers([10, 0], { weights: [3, 1] }))) // 1.6
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const effectiveSize = (self: Nps): number => {
  const t = total(self)
  return self.sumSquaredWeights === 0 ? 0 : (t * t) / self.sumSquaredWeights
}

/**
 * The NPS in points, 100 × (p_pro − p_det), from −100 to 100; `undefined` when empty.
 *
 * @example
 * ```ts
 * import { Nps } from "@cxkit/metrics"
 *
 * console.log(Nps.score(Nps.fromCounts({ promoters: 50, passives: 30, detractors: 20 }))) // 30
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const score = (self: Nps): number | undefined => {
  const t = total(self)
  return t === 0 ? undefined : (100 * (self.promoters - self.detractors)) / t
}

/**
 * The variance of one response's NPS contribution (+1 / 0 / −1), on the proportion scale:
 * p_pro + p_det − (p_pro − p_det)² (Rocks 2016). `undefined` when empty.
 *
 * @example
 * ```ts
 * import { Nps } from "@cxkit/metrics"
 *
 * // p_pro = 1/2, p_det = 1/6 → 2/3 − 1/9 = 5/9
 * console.log(Nps.variance(Nps.fromCounts({ promoters: 3, passives: 2, detractors: 1 })))
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const variance = (self: Nps): number | undefined => {
  const t = total(self)
  if (t === 0) return undefined
  return trinomialVariance(self.promoters / t, self.detractors / t)
}

// Rocks (2016): variance of the +1/0/−1 score. Clipped at 0 against rounding when p_pro + p_det = 1 and one is 0.
const trinomialVariance = (pro: number, det: number): number =>
  Math.max(0, pro + det - (pro - det) * (pro - det))

/**
 * The standard error of the NPS in points: 100 × √(variance / n), n the effective sample size
 * (Wald; Rocks 2016). `undefined` when empty.
 *
 * @example
 * ```ts
 * import { Nps } from "@cxkit/metrics"
 *
 * console.log(Nps.standardError(Nps.fromCounts({ promoters: 291, passives: 476, detractors: 395 }))) // about 2.24
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const standardError = (self: Nps): number | undefined => {
  const v = variance(self)
  return v === undefined ? undefined : 100 * Math.sqrt(v / effectiveSize(self))
}

/**
 * The interval methods an NPS accepts, a subset of `Interval.Method`: `"adjusted-wald"`
 * (default for `interval` and `compare`) adds 3 pseudo-responses, 0.75 promoter, 1.5 passive
 * and 0.75 detractor, before the Wald interval, the best performer in Rocks (2016) and the
 * method MeasuringU recommends (Sauro & Lewis); `"wald"` is NPS ± z·√(variance/n), which has
 * zero width when every answer falls in one group.
 *
 * @since 0.1.0
 * @category models
 */
export type Method = Extract<Interval.Method, "wald" | "adjusted-wald">

// Rocks (2016); Sauro & Lewis (MeasuringU): pseudo-observations (promoter, passive, detractor) for the adjusted Wald.
const PSEUDO_PROMOTERS = 0.75
const PSEUDO_PASSIVES = 1.5
const PSEUDO_DETRACTORS = 0.75

/** Estimate and variance of the mean, proportion scale, for the method; undefined when empty. */
const estimateFor = (
  self: Nps,
  method: Method
): { readonly nps: number; readonly varianceOfMean: number } | undefined => {
  const t = total(self)
  if (t === 0) return undefined
  const n = effectiveSize(self)
  // Weighted proportions times the effective n give effective counts (Kish 1965).
  let pro = self.promoters / t
  let det = self.detractors / t
  let size = n
  if (method === "adjusted-wald") {
    size = n + PSEUDO_PROMOTERS + PSEUDO_PASSIVES + PSEUDO_DETRACTORS
    pro = (pro * n + PSEUDO_PROMOTERS) / size
    det = (det * n + PSEUDO_DETRACTORS) / size
  }
  return { nps: pro - det, varianceOfMean: trinomialVariance(pro, det) / size }
}

const methodOf = (field: string, method: unknown): Method =>
  method === undefined
    ? "adjusted-wald"
    : method === "wald" || method === "adjusted-wald"
      ? method
      : validate.invalid(field, method, `"wald" or "adjusted-wald"`)

/**
 * A confidence interval for the NPS, in points, truncated to [−100, 100]; `undefined` when
 * empty. `method` is `"adjusted-wald"` by default (Rocks 2016) or `"wald"`.
 *
 * @example
 * ```ts
 * import { Nps } from "@cxkit/metrics"
 *
 * const summary = Nps.fromCounts({ promoters: 291, passives: 476, detractors: 395 })
 * const { lower, upper } = Nps.interval(summary, { level: 0.95, method: "wald" })!
 * console.log(lower.toFixed(2), upper.toFixed(2)) // "-13.34" "-4.56"
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const interval = (self: Nps, options?: Interval.Options<Method>): Interval.Interval | undefined => {
  const level = validate.levelOrDefault(options)
  const method = methodOf("options.method", options?.method)
  const estimate = estimateFor(self, method)
  if (estimate === undefined) return undefined
  const raw = Interval.normal(estimate.nps, Math.sqrt(estimate.varianceOfMean), { level })
  return Interval.scale(Interval.truncate(raw, -1, 1), 100)
}

/**
 * Compares the NPS of two independent samples (two periods, two channels): difference a − b in
 * points, a confidence interval for it, and a two-sided z test. The standard error is
 * √(Var_a/n_a + Var_b/n_b) with each variance from Rocks (2016) (two-sample Wald for independent
 * samples). `z` and `pValue` always use the unadjusted Wald statistic; the interval uses
 * `method`, "adjusted-wald" by default as for `interval` (Rocks' pseudo-responses added to each
 * sample; "wald" gives the interval that excludes 0 exactly when p < 1 − level). With a zero
 * standard error the z is 0 for equal scores (p = 1) and ±Infinity otherwise (p = 0).
 *
 * @example
 * ```ts
 * import { Nps } from "@cxkit/metrics"
 *
 * const march = Nps.fromCounts({ promoters: 120, passives: 50, detractors: 30 })
 * const april = Nps.fromCounts({ promoters: 100, passives: 60, detractors: 40 })
 * const c = Nps.compare(march, april, { level: 0.95 })
 * console.log(c.difference?.toFixed(1), c.pValue?.toFixed(3)) // "15.0" "0.049"
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const compare = (a: Nps, b: Nps, options?: Interval.Options<Method>): Interval.Comparison => {
  const level = validate.levelOrDefault(options)
  const method = methodOf("options.method", options?.method)
  const waldA = estimateFor(a, "wald")
  const waldB = estimateFor(b, "wald")
  if (waldA === undefined || waldB === undefined) {
    return { difference: undefined, interval: undefined, z: undefined, pValue: undefined }
  }
  const difference = waldA.nps - waldB.nps
  const { z, pValue } = zTest(difference, Math.sqrt(waldA.varianceOfMean + waldB.varianceOfMean))
  const [ea, eb] = method === "wald" ? [waldA, waldB] : [estimateFor(a, method), estimateFor(b, method)]
  const raw = Interval.normal(
    (ea as NonNullable<typeof ea>).nps - (eb as NonNullable<typeof eb>).nps,
    Math.sqrt((ea as NonNullable<typeof ea>).varianceOfMean + (eb as NonNullable<typeof eb>).varianceOfMean),
    { level }
  )
  return {
    difference: 100 * difference,
    interval: Interval.scale(Interval.truncate(raw, -2, 2), 100),
    z,
    pValue
  }
}

/**
 * Responses needed for a target margin of error (half-width of the interval, in points) at a
 * confidence level: n = z² · Var / (margin/100)², rounded up (Rocks 2016 for Var).
 * `expected` gives the anticipated shares of promoters and detractors (0–1); without it the
 * worst case Var = 1 (half promoters, half detractors) is assumed.
 *
 * @example
 * ```ts
 * import { Nps } from "@cxkit/metrics"
 *
 * console.log(Nps.sampleSize({ marginOfError: 5, level: 0.95 })) // 1537 in the worst case
 * console.log(Nps.sampleSize({ marginOfError: 5, level: 0.95, expected: { promoters: 0.5, detractors: 0.2 } }))
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const sampleSize = (options: {
  readonly marginOfError: number
  readonly level?: number | undefined
  readonly expected?: { readonly promoters: number; readonly detractors: number } | undefined
}): number => {
  const margin = validate.positive("options.marginOfError", options.marginOfError)
  if (margin > 200) validate.invalid("options.marginOfError", margin, "at most 200 points")
  const level = validate.levelOrDefault(options)
  let v = 1
  if (options.expected !== undefined) {
    const pro = validate.nonNegative("options.expected.promoters", options.expected.promoters)
    const det = validate.nonNegative("options.expected.detractors", options.expected.detractors)
    if (pro > 1) validate.invalid("options.expected.promoters", pro, "a share from 0 to 1")
    if (pro + det > 1)
      validate.invalid("options.expected.detractors", det, `at most 1 − promoters (${1 - pro})`)
    v = trinomialVariance(pro, det)
  }
  const z = zCritical(level)
  const n = (z * z * v) / ((margin / 100) * (margin / 100))
  // The tolerance keeps a float just above an integer (1024.0000000002) from adding a response.
  return Math.max(1, Math.ceil(n - 1e-9))
}
