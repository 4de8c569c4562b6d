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
 * @since 0.1.0
 */
import type { Feedback } from "@cxkit/core"
import type { Sink } from "effect"
import type { Aggregator } from "./Grouping.ts"
import type * as Interval from "./Interval.ts"
import { toSink } from "./internal/aggregate.ts"
import * as ratings from "./internal/ratings.ts"
import * as validate from "./internal/validate.ts"
import type { MetricError } from "./MetricError.ts"

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
 * A mergeable CES summary: the `scale` and `counts[k]`, the number of answers equal to `1 + k`.
 *
 * @example
 * ```ts
 * import { Ces } from "@cxkit/metrics"
 *
 * const summary: Ces.Ces = Ces.fromRatings([7, 6, 2])
 * console.log(summary.scale, summary.counts) // "agreement-7" [0, 1, 0, 0, 0, 1, 1]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Ces {
  readonly scale: Scale
  readonly counts: ReadonlyArray<number>
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

const maxOf = (scale: Scale): number => (scale === "agreement-7" ? 7 : 5)

const scaleOf = (options: Options | undefined): Scale => {
  const scale = options?.scale ?? "agreement-7"
  return scale === "agreement-7" || scale === "effort-5"
    ? scale
    : validate.invalid("options.scale", scale, `"agreement-7" or "effort-5"`)
}

/**
 * The empty summary on a scale (`"agreement-7"` by default). Any empty summary is an identity
 * of `combine`, whatever its scale.
 *
 * @example
 * ```ts
 * import { Ces } from "@cxkit/metrics"
 *
 * console.log(Ces.mean(Ces.empty())) // undefined
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const empty = (options?: Options): Ces => {
  const scale = scaleOf(options)
  return { scale, counts: new Array<number>(maxOf(scale)).fill(0) }
}

/**
 * A summary of integer ratings (1–7 or 1–5 by `scale`) from an array, a typed array or any
 * iterable, in one pass. Throws `MetricError` naming the first rating off the scale
 * (`ratings[4]: 0 is not an integer from 1 to 7`).
 *
 * @example
 * ```ts
 * import { Ces } from "@cxkit/metrics"
 *
 * console.log(Ces.mean(Ces.fromRatings([7, 6, 5, 2]))) // 5
 * console.log(Ces.mean(Ces.fromRatings([1, 2, 2, 5], { scale: "effort-5" }))) // 2.5
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromRatings = (ratingsInput: Iterable<number> | ArrayLike<number>, options?: Options): Ces => {
  const scale = scaleOf(options)
  return { scale, counts: ratings.countRatings(ratingsInput, "ratings", 1, maxOf(scale)) }
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
 * console.log(Ces.mean(Ces.combine(Ces.fromRatings([7]), Ces.fromRatings([5])))) // 6
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const combine = (self: Ces, that: Ces): Ces => {
  if (total(that) === 0) return self
  if (total(self) === 0) return that
  if (self.scale !== that.scale) {
    validate.invalid("that.scale", that.scale, `the same CES scale as self (${self.scale})`)
  }
  return { scale: self.scale, counts: ratings.addCounts(self.counts, that.counts) }
}

/**
 * Merges any number of summaries on the same scale.
 *
 * @example
 * ```ts
 * import { Ces } from "@cxkit/metrics"
 *
 * console.log(Ces.total(Ces.combineAll([Ces.fromRatings([7]), Ces.fromRatings([1, 2])]))) // 3
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const combineAll = (summaries: Iterable<Ces>): Ces => {
  let acc: Ces | undefined
  for (const s of summaries) acc = acc === undefined ? s : combine(acc, s)
  return acc ?? empty()
}

/**
 * The `Aggregator` of CES on one scale, for `Grouping.summarize`.
 *
 * @example
 * ```ts
 * import { Ces, Grouping } from "@cxkit/metrics"
 *
 * const byQueue = Grouping.bySegment(
 *   [{ queue: "billing", rating: 6 }, { queue: "returns", rating: 3 }],
 *   { aggregator: Ces.aggregator(), value: (r) => r.rating, segment: (r) => r.queue }
 * )
 * console.log(Ces.mean(byQueue.get("billing")!)) // 6
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const aggregator = (options?: Options): Aggregator<number, Ces> => {
  const scale = scaleOf(options)
  return {
    empty: empty({ scale }),
    combine,
    accumulator: (field) =>
      new ratings.RatingAccumulator(field, 1, maxOf(scale), (counts) => ({ scale, counts }))
  }
}

/**
 * A `Sink` summarising a `Stream` of ratings in constant memory; it fails with the
 * `MetricError` of the first bad rating (`ratings[i]`, counted from the start of the stream).
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { Ces } from "@cxkit/metrics"
 *
 * const summary = await Effect.runPromise(Stream.run(Stream.make(7, 5, 3), Ces.sink()))
 * console.log(Ces.mean(summary)) // 5
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const sink = (options?: Options): Sink.Sink<Ces, number, never, MetricError> =>
  toSink(aggregator(options), "ratings")

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
  responses: Iterable<Pick<Feedback.Feedback, "question" | "score">>,
  options?: Options
): Ces => {
  const accumulator = feedbackAggregator(options).accumulator("responses")
  let index = 0
  for (const response of responses) accumulator.add(response, index++)
  return accumulator.result()
}

/**
 * The `Aggregator` of CES over survey responses (see `fromFeedback`), for `Grouping.summarize`
 * with `value: (r) => r`. Without `options`, each accumulator adopts the scale of its first CES
 * response.
 *
 * @example
 * ```ts
 * import { Ces, Grouping } from "@cxkit/metrics"
 *
 * const responses = [{ question: { metric: "ces" as const, scale: "effort-5" as const }, score: 2, queue: "billing" }]
 * const byQueue = Grouping.bySegment(responses, {
 *   aggregator: Ces.feedbackAggregator(), value: (r) => r, segment: (r) => r.queue
 * })
 * console.log(Ces.mean(byQueue.get("billing")!)) // 2
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const feedbackAggregator = (
  options?: Options
): Aggregator<Pick<Feedback.Feedback, "question" | "score">, Ces> => {
  const fixed = options?.scale === undefined ? undefined : scaleOf(options)
  return {
    empty: empty(options),
    combine,
    accumulator: (field) => {
      let scale = fixed
      let inner: ratings.RatingAccumulator<Ces> | undefined
      return {
        add: (response, index) => {
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
            inner = new ratings.RatingAccumulator(
              field,
              1,
              maxOf(s),
              (counts) => ({ scale: s, counts }),
              ".score"
            )
          }
          inner.add(response.score, index)
        },
        result: () => inner?.result() ?? empty(options)
      }
    }
  }
}

/**
 * A `Sink` summarising a `Stream` of survey responses (CES answers counted, others skipped) in
 * constant memory.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { Ces } from "@cxkit/metrics"
 *
 * const responses = Stream.make({ question: { metric: "ces" as const, scale: "agreement-7" as const }, score: 7 })
 * console.log(Ces.mean(await Effect.runPromise(Stream.run(responses, Ces.feedbackSink())))) // 7
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const feedbackSink = (
  options?: Options
): Sink.Sink<Ces, Pick<Feedback.Feedback, "question" | "score">, never, MetricError> =>
  toSink(feedbackAggregator(options), "responses")

/**
 * The number of ratings.
 *
 * @example
 * ```ts
 * import { Ces } from "@cxkit/metrics"
 *
 * console.log(Ces.total(Ces.fromRatings([7, 1]))) // 2
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
 * console.log(Ces.mean(Ces.fromRatings([7, 5, 6]))) // 6
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
 * console.log(Ces.meanInterval(Ces.fromRatings([7, 6, 5, 6, 4]), { level: 0.95 }))
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const meanInterval = (self: Ces, options?: Interval.LevelOptions): Interval.Interval | undefined =>
  ratings.meanIntervalOf(self.counts, 1, validate.levelOrDefault(options))

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
 * console.log(Ces.agreeShare(Ces.fromRatings([7, 6, 5, 4, 1]))) // 60
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
 * console.log(Ces.agreeShareInterval(Ces.fromRatings([7, 6, 5, 4, 1]), { method: "wilson" }))
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const agreeShareInterval = (
  self: Ces,
  options?: Interval.ProportionOptions
): Interval.Interval | undefined => {
  requireAgreement(self)
  return ratings.shareIntervalOf(ratings.countBetween(self.counts, 1, 5, 7), total(self), options)
}
