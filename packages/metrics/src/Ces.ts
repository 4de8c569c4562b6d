/**
 * Customer Effort Score (CES), on either of its two published scales:
 *
 * - `"agreement-7"` (default), CES 2.0: "The company made it easy for me to handle my issue",
 *   1 strongly disagree … 7 strongly agree; higher is easier (Dixon, Toman & DeLisi 2013, The
 *   Effortless Experience). The headline numbers are the mean and the share agreeing (5–7).
 * - `"effort-5"`, the original CES: "How much effort did you personally have to put forth…",
 *   1 very low … 5 very high effort; lower is easier (Dixon, Freeman & Toman 2010, HBR "Stop
 *   Trying to Delight Your Customers"). The headline number is the mean.
 *
 * Means on the two scales point in opposite directions and are not comparable; `combine`
 * refuses to merge them. A summary (`Ces`) keeps the count of each scale point: exact,
 * one-pass and mergeable. Mean intervals use Student's t; the agree share uses Wilson by default
 * (see `Interval`).
 *
 * **Empty samples**: `mean`, `agreeShare` and their intervals are `undefined` with no ratings
 * (`meanInterval` with fewer than two), never NaN.
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
 * The CES scale: `"agreement-7"` (CES 2.0, 1–7, higher is easier) or `"effort-5"` (1–5, lower
 * is easier).
 *
 * @example
 * ```ts
 * import type { Ces } from "@cxkit/metrics"
 *
 * const scale: Ces.Scale = "agreement-7"
 * console.log(scale)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Scale = "agreement-7" | "effort-5"

/**
 * A mergeable CES summary: the `scale`, `counts[k]`, the (weighted) number of answers equal to
 * `1 + k`, and Σw² for Kish's effective sample size (the number of answers without weights).
 *
 * @example
 * ```ts
 * import { Ces } from "@cxkit/metrics"
 *
 * const summary: Ces.Ces = Ces.fromAnswers([7, 6, 2])
 * console.log(summary.scale, summary.counts) // "agreement-7" [0, 1, 0, 0, 0, 1, 1]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Ces {
  readonly scale: Scale
  readonly counts: ReadonlyArray<number>
  readonly sumSquaredWeights: number
}

/**
 * Options of a CES question: its `scale`, `"agreement-7"` by default.
 *
 * @example
 * ```ts
 * import type { Ces } from "@cxkit/metrics"
 *
 * const options: Ces.Options = { scale: "effort-5" }
 * console.log(options.scale)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly scale?: Scale | undefined
}

/**
 * Options of `fromAnswers`: the `scale` and optional non-negative survey `weights`, one per
 * answer.
 *
 * @since 0.1.0
 * @category models
 */
export interface FromAnswersOptions extends Options {
  readonly weights?: Iterable<number> | ArrayLike<number> | undefined
}

/**
 * The interval methods the agree share accepts: all of `Interval.Method`, `"wilson"` by
 * default. Means use Student's t (intervals) and the normal approximation (`compare`).
 *
 * @since 0.1.0
 * @category models
 */
export type Method = Interval.Method

const maxOf = (scale: Scale): number => (scale === "agreement-7" ? 7 : 5)

const make = (
  scale: Scale,
  counts: ReadonlyArray<number>,
  sumSquaredWeights = ratings.totalOf(counts)
): Ces => ({
  scale,
  counts,
  sumSquaredWeights
})

const scaleOf = (options: Options | undefined): Scale => {
  const scale = options?.scale ?? "agreement-7"
  return scale === "agreement-7" || scale === "effort-5"
    ? scale
    : validate.invalid("options.scale", scale, `"agreement-7" or "effort-5"`)
}

/**
 * The summary of no answers (on the `"agreement-7"` scale): the identity of `combine` for
 * summaries on either scale.
 *
 * @example
 * ```ts
 * import { Ces } from "@cxkit/metrics"
 *
 * console.log(Ces.mean(Ces.empty)) // undefined
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const empty: Ces = make("agreement-7", [0, 0, 0, 0, 0, 0, 0])

/**
 * A summary of integer answers (1–7 or 1–5 by `scale`) from an array, a typed array or any
 * iterable, in one pass, with optional survey weights. Throws `MetricError` naming the first
 * answer off the scale (`ratings[4]: 0 is not an integer from 1 to 7`), a bad weight
 * (`options.weights[i]`) or a weight count that differs from the answer count.
 *
 * @example
 * ```ts
 * import { Ces } from "@cxkit/metrics"
 *
 * console.log(Ces.mean(Ces.fromAnswers([7, 6, 5, 2]))) // 5
 * console.log(Ces.mean(Ces.fromAnswers([1, 2, 2, 5], { scale: "effort-5" }))) // 2.5
 * console.log(Ces.mean(Ces.fromAnswers([7, 3], { weights: [3, 1] }))) // 6
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromAnswers = (
  answers: Iterable<number> | ArrayLike<number>,
  options?: FromAnswersOptions
): Ces => {
  const scale = scaleOf(options)
  if (options?.weights === undefined)
    return make(scale, ratings.countRatings(answers, "ratings", 1, maxOf(scale)))
  const weighted = ratings.countWeighted(answers, options.weights, "ratings", 1, maxOf(scale))
  return make(scale, weighted.counts, weighted.sumSquaredWeights)
}

/**
 * A summary from counts per scale point (`counts[k]` answers equal to `1 + k`) on a scale
 * (`"agreement-7"` by default). For weighted counts (sums of survey weights, e.g. from a SQL
 * `GROUP BY`) give `sumSquaredWeights`, Σw², for Kish's effective size (it defaults to the total,
 * as for unweighted counts).
 *
 * @example
 * ```ts
 * import { Ces } from "@cxkit/metrics"
 *
 * console.log(Ces.mean(Ces.fromCounts({ scale: "effort-5", counts: [4, 3, 2, 1, 0] }))) // 2
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromCounts = (
  input: Options & {
    readonly counts: ReadonlyArray<number>
    readonly sumSquaredWeights?: number | undefined
  }
): Ces => {
  const scale = scaleOf(input)
  const points = maxOf(scale)
  if (!Array.isArray(input.counts) || input.counts.length !== points)
    validate.invalid(
      "counts",
      input.counts,
      `an array of ${points} counts (one per point from 1 to ${points})`
    )
  return make(
    scale,
    input.counts.map((c, k) => validate.nonNegative(`counts[${k}]`, c)),
    input.sumSquaredWeights === undefined
      ? undefined
      : validate.nonNegative("sumSquaredWeights", input.sumSquaredWeights)
  )
}

/**
 * Merges two summaries on the same scale (associative and commutative). An empty summary is the
 * identity; non-empty summaries on different scales throw `MetricError`, since their means run
 * in opposite directions.
 *
 * @example
 * ```ts
 * import { Ces } from "@cxkit/metrics"
 *
 * console.log(Ces.mean(Ces.combine(Ces.fromAnswers([7]), Ces.fromAnswers([5])))) // 6
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const combine = (self: Ces, that: Ces): Ces => {
  // `empty` is the identity exactly; any other empty summary is an identity up to its question.
  if (self === empty) return that
  if (that === empty || total(that) === 0) return self
  if (total(self) === 0) return that
  if (self.scale !== that.scale) {
    validate.invalid("that.scale", that.scale, `the same CES scale as self (${self.scale})`)
  }
  return make(
    self.scale,
    ratings.addCounts(self.counts, that.counts),
    self.sumSquaredWeights + that.sumSquaredWeights
  )
}

/**
 * The `Reducer` of CES summaries (`Reducer.make(combine, empty)` from Effect): merge any number
 * of summaries on one scale with `Ces.Reducer.combineAll`.
 *
 * @example
 * ```ts
 * import { Ces } from "@cxkit/metrics"
 *
 * console.log(Ces.mean(Ces.Reducer.combineAll([Ces.fromAnswers([7]), Ces.fromAnswers([5, 6])]))) // 6
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const Reducer: Reducers.Reducer<Ces> = Reducers.make(combine, empty)

// Survey responses: CES answers counted, the others skipped; every CES question must have the
// same scale (that of `options`, or of the first CES response).
const responses = (field: string, options: Options | undefined) => {
  const fixed = options?.scale === undefined ? undefined : scaleOf(options)
  let scale = fixed
  let inner: ratings.RatingAccumulator<Ces> | undefined
  return {
    add: (response: Pick<Feedback.Feedback, "question" | "score">, index: number) => {
      const question = (response as { readonly question?: Record<string, unknown> } | undefined)?.question
      const metric = question?.metric
      if (metric !== "ces") {
        if (metric === undefined) validate.question(field, index, response)
        return
      }
      const q = question as Record<string, unknown>
      if (inner !== undefined && q.scale === scale) {
        inner.add(response.score, index)
        return
      }
      const own = q.scale === "agreement-7" || q.scale === "effort-5" ? q.scale : undefined
      if (own === undefined) {
        validate.invalid(`${field}[${index}].question.scale`, q.scale, `"agreement-7" or "effort-5"`)
      }
      if (scale === undefined) scale = own
      else if (own !== scale) {
        validate.invalid(
          `${field}[${index}].question.scale`,
          own,
          `the CES scale of the other responses (${scale})`
        )
      }
      if (inner === undefined) {
        const s = scale as Scale
        inner = new ratings.RatingAccumulator(field, 1, maxOf(s), (counts) => make(s, counts), ".score")
      }
      inner.add(response.score, index)
    },
    result: (): Ces =>
      inner?.result() ?? (fixed === undefined ? empty : make(fixed, new Array<number>(maxOf(fixed)).fill(0)))
  }
}

/**
 * CES as a `Grouping.SurveyMetric` on a scale (`"agreement-7"` by default): its `Reducer`, an
 * accumulator of answers and one of survey responses (see `fromFeedback`; without `options`
 * it adopts the scale of the first CES response).
 *
 * @example
 * ```ts
 * import { Ces, Grouping } from "@cxkit/metrics"
 *
 * const byTeam = Grouping.bySegment(
 *   [{ team: "billing", rating: 6 }, { team: "billing", rating: 4 }],
 *   { metric: Ces.metric(), value: (r) => r.rating, segment: (r) => r.team }
 * )
 * console.log(Ces.mean(byTeam.get("billing")!)) // 5
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const metric = (options?: Options): SurveyMetric<Ces> => {
  const scale = scaleOf(options)
  return {
    Reducer,
    accumulator: (field) =>
      new ratings.RatingAccumulator(field, 1, maxOf(scale), (counts) => make(scale, counts)),
    responses: (field) => responses(field, options),
    field: "ratings"
  }
}

/**
 * A summary of the CES answers among survey responses (`Feedback` from `@cxkit/core`, or any
 * object with its `question` and `score`): responses whose `question.metric` is `"ces"` are
 * counted, the others skipped. Every CES question must use the same scale (`options.scale` when
 * given, otherwise that of the first CES response); a response on the other scale throws
 * `MetricError` naming `responses[i].question`, since a 1–7 agreement and a 1–5 effort rating
 * run in opposite directions.
 *
 * @example
 * ```ts
 * import { Ces } from "@cxkit/metrics"
 *
 * const responses = [
 *   { question: { metric: "ces" as const, scale: "agreement-7" as const }, score: 6 },
 *   { question: { metric: "ces" as const, scale: "agreement-7" as const }, score: 4 }
 * ]
 * console.log(Ces.mean(Ces.fromFeedback(responses))) // 5
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromFeedback = (
  answers: Iterable<Pick<Feedback.Feedback, "question" | "score">>,
  options?: Options
): Ces => {
  const accumulator = responses("responses", options)
  let index = 0
  for (const response of answers) accumulator.add(response, index++)
  return accumulator.result()
}

/**
 * The number of ratings.
 *
 * @example
 * ```ts
 * import { Ces } from "@cxkit/metrics"
 *
 * console.log(Ces.total(Ces.fromAnswers([7, 1]))) // 2
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const total = (self: Ces): number => ratings.totalOf(self.counts)

/**
 * The mean rating on the summary's scale (higher is easier on `"agreement-7"`, lower is easier
 * on `"effort-5"`); `undefined` with no ratings.
 *
 * @example
 * ```ts
 * import { Ces } from "@cxkit/metrics"
 *
 * console.log(Ces.mean(Ces.fromAnswers([7, 5, 6]))) // 6
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const mean = (self: Ces): number | undefined => ratings.meanOf(self.counts, 1)

/**
 * Student's t confidence interval for the mean rating, x̄ ± t(n−1)·s/√n; `undefined` with
 * fewer than two ratings.
 *
 * @example
 * ```ts
 * import { Ces } from "@cxkit/metrics"
 *
 * console.log(Ces.meanInterval(Ces.fromAnswers([7, 6, 5, 6, 4]), { level: 0.95 }))
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const meanInterval = (self: Ces, options?: Interval.LevelOptions): Interval.Interval | undefined =>
  ratings.meanIntervalOf(self.counts, 1, self.sumSquaredWeights, validate.levelOrDefault(options))

const requireAgreement = (self: Ces): void => {
  if (self.scale !== "agreement-7") {
    validate.invalid(
      "summary.scale",
      self.scale,
      `"agreement-7": the agree share (5–7) is defined on the CES 2.0 scale only`
    )
  }
}

/**
 * The agree share of CES 2.0: the percentage answering 5–7 (somewhat agree to strongly agree
 * that it was easy); `undefined` with no ratings. Throws `MetricError` for an `"effort-5"`
 * summary, which has no agreement scale.
 *
 * @example
 * ```ts
 * import { Ces } from "@cxkit/metrics"
 *
 * console.log(Ces.agreeShare(Ces.fromAnswers([7, 6, 5, 4, 1]))) // 60
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const agreeShare = (self: Ces): number | undefined => {
  requireAgreement(self)
  const n = total(self)
  return n === 0 ? undefined : (100 * ratings.countBetween(self.counts, 1, 5, 7)) / n
}

/**
 * A confidence interval for the agree share in percent: Wilson (default), `"adjusted-wald"` or
 * `"wald"`, truncated to [0, 100]; `undefined` with no ratings. Throws `MetricError` for an
 * `"effort-5"` summary.
 *
 * @example
 * ```ts
 * import { Ces } from "@cxkit/metrics"
 *
 * console.log(Ces.agreeShareInterval(Ces.fromAnswers([7, 6, 5, 4, 1]), { method: "wilson" }))
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const agreeShareInterval = (
  self: Ces,
  options?: Interval.Options<Method>
): Interval.Interval | undefined => {
  requireAgreement(self)
  return ratings.shareIntervalOf(
    ratings.countBetween(self.counts, 1, 5, 7),
    total(self),
    self.sumSquaredWeights,
    options
  )
}

/**
 * Kish's effective sample size (Σw)² / Σw² (Kish 1965); the number of answers without weights.
 *
 * @example
 * ```ts
 * import { Ces } from "@cxkit/metrics"
 *
 * console.log(Ces.effectiveSize(Ces.fromAnswers([7, 3], { weights: [3, 1] }))) // 1.6
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const effectiveSize = (self: Ces): number =>
  ratings.effectiveSizeOf(total(self), self.sumSquaredWeights)

/**
 * Compares the mean CES of two independent samples on the same scale: `difference` = mean(a) −
 * mean(b) in scale points, its normal confidence interval and a two-sided z test, with the
 * standard error √(s²_a/n_a + s²_b/n_b) (unequal variances, as Welch's test; n the effective
 * sizes). The normal approximation suits survey samples of a few dozen or more; each part is
 * `undefined` when either side has fewer than two answers. Different scales throw `MetricError`.
 *
 * @example
 * ```ts
 * import { Ces } from "@cxkit/metrics"
 *
 * const after = Ces.fromCounts({ counts: [1, 2, 3, 4, 10, 20, 10] })
 * const before = Ces.fromCounts({ counts: [3, 5, 6, 8, 12, 10, 6] })
 * const c = Ces.compare(after, before)
 * console.log(c.difference?.toFixed(2), c.pValue?.toFixed(4)) // "0.90" "0.0047"
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const compare = (a: Ces, b: Ces, options?: Interval.LevelOptions): Interval.Comparison => {
  const level = validate.levelOrDefault(options)
  if (total(a) > 0 && total(b) > 0) combine(a, b) // throws for different scales
  const ea = ratings.meanEstimateOf(a.counts, 1, a.sumSquaredWeights)
  const eb = ratings.meanEstimateOf(b.counts, 1, b.sumSquaredWeights)
  if (ea === undefined || eb === undefined) {
    return { difference: undefined, interval: undefined, z: undefined, pValue: undefined }
  }
  const difference = ea.mean - eb.mean
  const se = Math.sqrt(ea.standardError ** 2 + eb.standardError ** 2)
  const { z, pValue } = zTest(difference, se)
  return { difference, interval: Interval.normal(difference, se, { level }), z, pValue }
}

/**
 * Answers needed for a target margin of error on the mean (half-width, in scale points) at a
 * confidence level: n = z² σ² / margin², rounded up. `expected.standardDeviation` is the
 * anticipated standard deviation of the answers; without it the largest possible on the scale,
 * half its range (3 on `"agreement-7"`, 2 on `"effort-5"`), is assumed.
 *
 * @example
 * ```ts
 * import { Ces } from "@cxkit/metrics"
 *
 * console.log(Ces.sampleSize({ marginOfError: 0.25 })) // 554
 * console.log(Ces.sampleSize({ marginOfError: 0.25, expected: { standardDeviation: 1.5 } })) // 139
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const sampleSize = (options: {
  readonly marginOfError: number
  readonly level?: number | undefined
  readonly scale?: Scale | undefined
  readonly expected?: { readonly standardDeviation: number } | undefined
}): number => {
  const margin = validate.positive("options.marginOfError", options.marginOfError)
  const level = validate.levelOrDefault(options)
  const sd =
    options.expected === undefined
      ? (maxOf(scaleOf(options)) - 1) / 2
      : validate.positive("options.expected.standardDeviation", options.expected.standardDeviation)
  const z = zCritical(level)
  // The tolerance keeps a float just above an integer from adding an answer.
  return Math.max(1, Math.ceil((z * z * sd * sd) / (margin * margin) - 1e-9))
}
