/**
 * Customer satisfaction (CSAT): the share of satisfied answers on a rating scale, by default
 * the top two boxes of 1–5 (4 "satisfied" and 5 "very satisfied"), in percent, with the mean
 * rating as a second view.
 *
 * A summary (`Csat`) keeps the (weighted) count of each scale point and its question (scale and
 * satisfied threshold), so it is exact, built in one pass and merged with `combine`; `empty` is
 * the identity whatever the question. With survey weights, shares and means are weighted and
 * every variance uses Kish's effective sample size (Σw)²/Σw² (Kish 1965). Intervals: the share uses Wilson's score interval by default (Wilson
 * 1927; recommended by Newcombe 1998 and Brown, Cai & DasGupta 2001), with adjusted-Wald
 * (Agresti & Coull 1998) and Wald available; the mean uses Student's t.
 *
 * **Empty samples**: `score`, `interval`, `mean` are `undefined` with no ratings, and
 * `meanInterval` with fewer than two, never NaN.
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
 * A mergeable CSAT summary: the question (integer `scale`, lowest satisfied answer
 * `satisfiedFrom`), `counts[k]`, the (weighted) number of answers equal to `scale.min + k`, and
 * Σw² for Kish's effective sample size (the number of answers without weights).
 *
 * @example
 * ```ts
 * import { Csat } from "@cxkit/metrics"
 *
 * const summary: Csat.Csat = Csat.fromAnswers([5, 4, 2])
 * console.log(summary.counts) // [0, 1, 0, 1, 1]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Csat {
  readonly scale: { readonly min: number; readonly max: number }
  readonly satisfiedFrom: number
  readonly counts: ReadonlyArray<number>
  readonly sumSquaredWeights: number
}

/**
 * A CSAT question: the integer `scale` (1–5 by default) and `satisfiedFrom`, the lowest
 * satisfied answer (by default the top two boxes, `max − 1`, on scales of five points or more,
 * otherwise `max`).
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly scale?: { readonly min: number; readonly max: number } | undefined
  readonly satisfiedFrom?: number | undefined
}

/**
 * Options of `fromAnswers`: the question (`scale`, `satisfiedFrom`) and optional non-negative
 * survey `weights`, one per answer.
 *
 * @since 0.1.0
 * @category models
 */
export interface FromAnswersOptions extends Options {
  readonly weights?: Iterable<number> | ArrayLike<number> | undefined
}

/**
 * The interval methods a CSAT share accepts: all of `Interval.Method`, `"wilson"` by default
 * for `interval` and `compare`.
 *
 * @since 0.1.0
 * @category models
 */
export type Method = Interval.Method

// The top two boxes on scales of five points or more, otherwise the top box (as Feedback in core).
const defaultSatisfiedFrom = (min: number, max: number): number => (max - min + 1 >= 5 ? max - 1 : max)

const resolve = (options: Options | undefined): { min: number; max: number; satisfiedFrom: number } => {
  const { min, max } =
    options?.scale === undefined ? { min: 1, max: 5 } : ratings.checkScale("options.scale", options.scale)
  const satisfiedFrom =
    options?.satisfiedFrom === undefined
      ? defaultSatisfiedFrom(min, max)
      : validate.integerBetween("options.satisfiedFrom", options.satisfiedFrom, min, max)
  return { min, max, satisfiedFrom }
}

const make = (
  min: number,
  max: number,
  satisfiedFrom: number,
  counts: ReadonlyArray<number>,
  sumSquaredWeights = ratings.totalOf(counts)
): Csat => ({ scale: { min, max }, satisfiedFrom, counts, sumSquaredWeights })

/**
 * The summary of no answers (on the default 1–5 question): the identity of `combine` for
 * summaries of any question.
 *
 * @example
 * ```ts
 * import { Csat } from "@cxkit/metrics"
 *
 * console.log(Csat.score(Csat.empty)) // undefined
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const empty: Csat = make(1, 5, 4, [0, 0, 0, 0, 0])

/**
 * A summary of integer answers from an array, a typed array or any iterable, in one pass,
 * with optional survey weights. Throws `MetricError` naming the first answer that is not an
 * integer on the scale (`ratings[2]: 6 is not an integer from 1 to 5`), a bad weight
 * (`options.weights[i]`) or a weight count that differs from the answer count.
 *
 * @example
 * ```ts
 * import { Csat } from "@cxkit/metrics"
 *
 * console.log(Csat.score(Csat.fromAnswers([5, 4, 4, 3, 1]))) // 60
 * console.log(Csat.score(Csat.fromAnswers([10, 7, 9], { scale: { min: 0, max: 10 }, satisfiedFrom: 9 }))?.toFixed(2)) // "66.67"
 * console.log(Csat.score(Csat.fromAnswers([5, 1], { weights: [3, 1] }))) // 75
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromAnswers = (
  answers: Iterable<number> | ArrayLike<number>,
  options?: FromAnswersOptions
): Csat => {
  const { min, max, satisfiedFrom } = resolve(options)
  if (options?.weights === undefined)
    return make(min, max, satisfiedFrom, ratings.countRatings(answers, "ratings", min, max))
  const weighted = ratings.countWeighted(answers, options.weights, "ratings", min, max)
  return make(min, max, satisfiedFrom, weighted.counts, weighted.sumSquaredWeights)
}

/**
 * A summary from counts per scale point (`counts[k]` answers equal to `scale.min + k`) on a
 * question (1–5, satisfied from 4, by default). For weighted counts (sums of survey weights, e.g.
 * from a SQL `GROUP BY`) give `sumSquaredWeights`, Σw², for Kish's effective size (it defaults to
 * the total, as for unweighted counts).
 *
 * @example
 * ```ts
 * import { Csat } from "@cxkit/metrics"
 *
 * console.log(Csat.score(Csat.fromCounts({ counts: [2, 1, 3, 10, 14] }))?.toFixed(2)) // "80.00"
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
): Csat => {
  const { min, max, satisfiedFrom } = resolve(input)
  const points = max - min + 1
  if (!Array.isArray(input.counts) || input.counts.length !== points)
    validate.invalid(
      "counts",
      input.counts,
      `an array of ${points} counts (one per point from ${min} to ${max})`
    )
  return make(
    min,
    max,
    satisfiedFrom,
    input.counts.map((c, k) => validate.nonNegative(`counts[${k}]`, c)),
    input.sumSquaredWeights === undefined
      ? undefined
      : validate.nonNegative("sumSquaredWeights", input.sumSquaredWeights)
  )
}

/**
 * Merges two summaries of the same question (associative and commutative): the summary of the
 * concatenated ratings. An empty summary is the identity whatever its scale; two non-empty
 * summaries on different scales or thresholds throw `MetricError`.
 *
 * @example
 * ```ts
 * import { Csat } from "@cxkit/metrics"
 *
 * console.log(Csat.score(Csat.combine(Csat.fromAnswers([5, 5]), Csat.fromAnswers([1, 2])))) // 50
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const combine = (self: Csat, that: Csat): Csat => {
  // `empty` is the identity exactly; any other empty summary is an identity up to its question.
  if (self === empty) return that
  if (that === empty || total(that) === 0) return self
  if (total(self) === 0) return that
  if (
    self.scale.min !== that.scale.min ||
    self.scale.max !== that.scale.max ||
    self.satisfiedFrom !== that.satisfiedFrom
  ) {
    validate.invalid(
      "that",
      { scale: that.scale, satisfiedFrom: that.satisfiedFrom },
      `a summary on the same question (scale ${self.scale.min}–${self.scale.max}, satisfied from ${self.satisfiedFrom})`
    )
  }
  return make(
    self.scale.min,
    self.scale.max,
    self.satisfiedFrom,
    ratings.addCounts(self.counts, that.counts),
    self.sumSquaredWeights + that.sumSquaredWeights
  )
}

/**
 * The `Reducer` of CSAT summaries (`Reducer.make(combine, empty)` from Effect): merge any
 * number of summaries of one question with `Csat.Reducer.combineAll`.
 *
 * @example
 * ```ts
 * import { Csat } from "@cxkit/metrics"
 *
 * console.log(Csat.total(Csat.Reducer.combineAll([Csat.fromAnswers([5]), Csat.fromAnswers([4, 1])]))) // 3
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const Reducer: Reducers.Reducer<Csat> = Reducers.make(combine, empty)

// Survey responses: CSAT answers counted, the others skipped; every CSAT question must have the
// same scale and threshold (those of `options`, or of the first CSAT response).
const responses = (field: string, options: Options | undefined) => {
  const fixed = options === undefined ? undefined : resolve(options)
  let spec = fixed
  let inner: ratings.RatingAccumulator<Csat> | undefined
  return {
    add: (response: Pick<Feedback.Feedback, "question" | "score">, index: number) => {
      const question = (response as { readonly question?: Record<string, unknown> } | undefined)?.question
      const metric = question?.metric
      if (metric !== "csat") {
        if (metric === undefined) validate.question(field, index, response)
        return
      }
      const q = question as Record<string, unknown>
      // Fast path: the same scale and threshold as the responses before; resolve otherwise.
      if (
        inner !== undefined &&
        spec !== undefined &&
        q.min === spec.min &&
        q.max === spec.max &&
        (q.satisfiedFrom ?? defaultSatisfiedFrom(spec.min, spec.max)) === spec.satisfiedFrom
      ) {
        inner.add(response.score, index)
        return
      }
      const own = resolve({
        scale: validate.integerScale(`${field}[${index}].question`, q),
        satisfiedFrom: q.satisfiedFrom as number | undefined
      })
      if (spec === undefined) spec = own
      else if (own.min !== spec.min || own.max !== spec.max || own.satisfiedFrom !== spec.satisfiedFrom) {
        validate.invalid(
          `${field}[${index}].question`,
          { min: own.min, max: own.max, satisfiedFrom: own.satisfiedFrom },
          `a CSAT question on the same scale as the others (${spec.min}–${spec.max}, satisfied from ${spec.satisfiedFrom})`
        )
      }
      if (inner === undefined) {
        const { min, max, satisfiedFrom } = spec
        inner = new ratings.RatingAccumulator(
          field,
          min,
          max,
          (counts) => make(min, max, satisfiedFrom, counts),
          ".score"
        )
      }
      inner.add(response.score, index)
    },
    result: (): Csat =>
      inner?.result() ??
      (fixed === undefined
        ? empty
        : make(
            fixed.min,
            fixed.max,
            fixed.satisfiedFrom,
            new Array<number>(fixed.max - fixed.min + 1).fill(0)
          ))
  }
}

/**
 * CSAT as a `Grouping.SurveyMetric` on a question (1–5, satisfied from 4, by default): its
 * `Reducer`, an accumulator of answers and one of survey responses (see `fromFeedback`;
 * without `options` it adopts the question of the first CSAT response).
 *
 * @example
 * ```ts
 * import { Csat, Grouping } from "@cxkit/metrics"
 *
 * const byAgent = Grouping.bySegment(
 *   [{ agent: "ana", rating: 5 }, { agent: "ben", rating: 2 }],
 *   { metric: Csat.metric(), value: (r) => r.rating, segment: (r) => r.agent }
 * )
 * console.log(Csat.score(byAgent.get("ana")!)) // 100
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const metric = (options?: Options): SurveyMetric<Csat> => {
  const { min, max, satisfiedFrom } = resolve(options)
  return {
    Reducer,
    accumulator: (field) =>
      new ratings.RatingAccumulator(field, min, max, (counts) => make(min, max, satisfiedFrom, counts)),
    responses: (field) => responses(field, options),
    field: "ratings"
  }
}

/**
 * A summary of the CSAT answers among survey responses (`Feedback` from `@cxkit/core`, or any
 * object with its `question` and `score`): responses whose `question.metric` is `"csat"` are
 * counted, the others (NPS, CES) skipped. Every CSAT question must declare the same scale and
 * satisfied threshold (those of `options` when given, otherwise those of the first CSAT
 * response): a mismatch throws `MetricError` naming `responses[i].question`, since shares on
 * different scales do not add up. A score off its scale throws naming `responses[i].score`.
 *
 * @example
 * ```ts
 * import { Csat } from "@cxkit/metrics"
 *
 * const responses = [
 *   { question: { metric: "csat" as const, min: 1, max: 5 }, score: 5 },
 *   { question: { metric: "nps" as const }, score: 2 },
 *   { question: { metric: "csat" as const, min: 1, max: 5 }, score: 3 }
 * ]
 * console.log(Csat.score(Csat.fromFeedback(responses))) // 50
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromFeedback = (
  answers: Iterable<Pick<Feedback.Feedback, "question" | "score">>,
  options?: Options
): Csat => {
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
 * import { Csat } from "@cxkit/metrics"
 *
 * console.log(Csat.total(Csat.fromAnswers([5, 3]))) // 2
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const total = (self: Csat): number => ratings.totalOf(self.counts)

/**
 * The number of satisfied ratings (from `satisfiedFrom` to the top of the scale).
 *
 * @example
 * ```ts
 * import { Csat } from "@cxkit/metrics"
 *
 * console.log(Csat.satisfied(Csat.fromAnswers([5, 4, 3]))) // 2
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const satisfied = (self: Csat): number =>
  ratings.countBetween(self.counts, self.scale.min, self.satisfiedFrom, self.scale.max)

/**
 * The CSAT score: the percentage of satisfied ratings (0–100); `undefined` with no ratings.
 *
 * @example
 * ```ts
 * import { Csat } from "@cxkit/metrics"
 *
 * console.log(Csat.score(Csat.fromAnswers([5, 4, 2, 1]))) // 50
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const score = (self: Csat): number | undefined => {
  const n = total(self)
  return n === 0 ? undefined : (100 * satisfied(self)) / n
}

/**
 * A confidence interval for the CSAT score in percent: Wilson (default), `"adjusted-wald"` or
 * `"wald"` (see `Interval`), truncated to [0, 100]; `undefined` with no ratings.
 *
 * @example
 * ```ts
 * import { Csat } from "@cxkit/metrics"
 *
 * // 81 satisfied of 263 → Wilson 25.53% to 36.62% (Newcombe 1998)
 * const summary = Csat.fromAnswers([...Array(81).fill(5), ...Array(182).fill(2)])
 * console.log(Csat.interval(summary, { level: 0.95, method: "wilson" }))
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const interval = (self: Csat, options?: Interval.Options<Method>): Interval.Interval | undefined =>
  ratings.shareIntervalOf(satisfied(self), total(self), self.sumSquaredWeights, options)

/**
 * The mean rating on the question's scale; `undefined` with no ratings.
 *
 * @example
 * ```ts
 * import { Csat } from "@cxkit/metrics"
 *
 * console.log(Csat.mean(Csat.fromAnswers([5, 4, 3]))) // 4
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const mean = (self: Csat): number | undefined => ratings.meanOf(self.counts, self.scale.min)

/**
 * Student's t confidence interval for the mean rating, x̄ ± t(n−1)·s/√n (n the effective sample
 * size with weights); `undefined` with fewer than two ratings.
 *
 * @example
 * ```ts
 * import { Csat } from "@cxkit/metrics"
 *
 * console.log(Csat.meanInterval(Csat.fromAnswers([5, 4, 3, 4, 5]), { level: 0.95 }))
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const meanInterval = (self: Csat, options?: Interval.LevelOptions): Interval.Interval | undefined =>
  ratings.meanIntervalOf(
    self.counts,
    self.scale.min,
    self.sumSquaredWeights,
    validate.levelOrDefault(options)
  )

/**
 * Kish's effective sample size (Σw)² / Σw² (Kish 1965): the number of unweighted answers that
 * would give the same precision; the number of answers without weights.
 *
 * @example
 * ```ts
 * import { Csat } from "@cxkit/metrics"
 *
 * console.log(Csat.effectiveSize(Csat.fromAnswers([5, 1], { weights: [3, 1] }))) // 1.6
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const effectiveSize = (self: Csat): number =>
  ratings.effectiveSizeOf(total(self), self.sumSquaredWeights)

/**
 * Compares the CSAT of two independent samples of the same question: `difference` = CSAT(a) −
 * CSAT(b) in percentage points, a confidence interval for it by `method` ("wilson" by default,
 * as for `interval`: Newcombe's hybrid score interval; see `Interval.proportionDifference`),
 * and a two-sided z test on the unpooled standard error √(p₁q₁/n₁ + p₂q₂/n₂), n the effective
 * sample sizes. Each part is `undefined` when either side is empty. Two summaries of different
 * questions throw `MetricError`.
 *
 * @example
 * ```ts
 * import { Csat } from "@cxkit/metrics"
 *
 * // Newcombe (1998), example (a): 56/70 vs 48/80 satisfied
 * const a = Csat.fromCounts({ counts: [14, 0, 0, 0, 56] })
 * const b = Csat.fromCounts({ counts: [32, 0, 0, 0, 48] })
 * const c = Csat.compare(a, b)
 * console.log(c.difference?.toFixed(1), c.interval?.lower.toFixed(2), c.interval?.upper.toFixed(2)) // "20.0" "5.24" "33.39"
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const compare = (a: Csat, b: Csat, options?: Interval.Options<Method>): Interval.Comparison => {
  if (total(a) > 0 && total(b) > 0) combine(a, b) // throws for different questions
  const na = effectiveSize(a)
  const nb = effectiveSize(b)
  if (total(a) === 0 || total(b) === 0 || !(na > 0) || !(nb > 0)) {
    return { difference: undefined, interval: undefined, z: undefined, pValue: undefined }
  }
  const pa = satisfied(a) / total(a)
  const pb = satisfied(b) / total(b)
  const { z, pValue } = zTest(pa - pb, Math.sqrt((pa * (1 - pa)) / na + (pb * (1 - pb)) / nb))
  const successes = (p: number, n: number, self: Csat) =>
    self.sumSquaredWeights === total(self) ? satisfied(self) : p * n
  const raw = Interval.proportionDifference(successes(pa, na, a), na, successes(pb, nb, b), nb, options)
  return {
    difference: 100 * (pa - pb),
    interval: raw === undefined ? undefined : Interval.scale(Interval.truncate(raw, -1, 1), 100),
    z,
    pValue
  }
}

/**
 * Answers needed for a target margin of error (half-width of the Wald interval, in percentage
 * points) at a confidence level: n = z² · p(1 − p) / (margin/100)², rounded up (the normal
 * approximation for a proportion). `expected` is the anticipated satisfied share (0–1); without
 * it the worst case p = 0.5 is assumed.
 *
 * @example
 * ```ts
 * import { Csat } from "@cxkit/metrics"
 *
 * console.log(Csat.sampleSize({ marginOfError: 5 })) // 385
 * console.log(Csat.sampleSize({ marginOfError: 5, expected: 0.8 })) // 246
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const sampleSize = (options: {
  readonly marginOfError: number
  readonly level?: number | undefined
  readonly expected?: number | undefined
}): number => {
  const margin = validate.positive("options.marginOfError", options.marginOfError)
  if (margin > 100) validate.invalid("options.marginOfError", margin, "at most 100 percentage points")
  const level = validate.levelOrDefault(options)
  const p = options.expected === undefined ? 0.5 : validate.probability("options.expected", options.expected)
  const z = zCritical(level)
  // The tolerance keeps a float just above an integer from adding an answer.
  return Math.max(1, Math.ceil((z * z * p * (1 - p)) / ((margin / 100) * (margin / 100)) - 1e-9))
}
