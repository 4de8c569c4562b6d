/**
 * Customer satisfaction (CSAT): the share of satisfied answers on a rating scale, by default
 * the top two boxes of 1–5 (4 "satisfied" and 5 "very satisfied"), in percent, with the mean
 * rating as a second view.
 *
 * A summary (`Csat`) keeps the count of each scale point, so it is exact, built in one pass and
 * merged with `combine`. Intervals: the share uses Wilson's score interval by default (Wilson
 * 1927; recommended by Newcombe 1998 and Brown, Cai & DasGupta 2001), with adjusted-Wald
 * (Agresti & Coull 1998) and Wald available; the mean uses Student's t.
 *
 * **Empty samples**: `score`, `interval`, `mean` are `undefined` with no ratings, and
 * `meanInterval` with fewer than two, never NaN.
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
 * A mergeable CSAT summary: the integer `scale`, the lowest satisfied answer `satisfiedFrom`,
 * and `counts[k]`, the number of answers equal to `scale.min + k`.
 *
 * @example
 * ```ts
 * import { Csat } from "@cxkit/metrics"
 *
 * const summary: Csat.Csat = Csat.fromRatings([5, 4, 2])
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
}

/**
 * Options of a CSAT question: the integer `scale` (1–5 by default) and `satisfiedFrom`, the
 * lowest satisfied answer (by default the top two boxes, `max − 1`, on scales of five points or
 * more, otherwise `max`).
 *
 * @example
 * ```ts
 * import type { Csat } from "@cxkit/metrics"
 *
 * const sevenPoint: Csat.Options = { scale: { min: 1, max: 7 }, satisfiedFrom: 6 }
 * console.log(sevenPoint)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly scale?: { readonly min: number; readonly max: number } | undefined
  readonly satisfiedFrom?: number | undefined
}

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

const make = (min: number, max: number, satisfiedFrom: number, counts: ReadonlyArray<number>): Csat => ({
  scale: { min, max },
  satisfiedFrom,
  counts
})

/**
 * The empty summary on a scale (1–5, satisfied from 4, by default). Any empty summary is an
 * identity of `combine`, whatever its scale.
 *
 * @example
 * ```ts
 * import { Csat } from "@cxkit/metrics"
 *
 * console.log(Csat.score(Csat.empty())) // undefined
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const empty = (options?: Options): Csat => {
  const { min, max, satisfiedFrom } = resolve(options)
  return make(min, max, satisfiedFrom, new Array<number>(max - min + 1).fill(0))
}

/**
 * A summary of integer ratings from an array, a typed array or any iterable, in one pass.
 * Throws `MetricError` naming the first rating that is not an integer on the scale
 * (`ratings[2]: 6 is not an integer from 1 to 5`).
 *
 * @example
 * ```ts
 * import { Csat } from "@cxkit/metrics"
 *
 * console.log(Csat.score(Csat.fromRatings([5, 4, 4, 3, 1]))) // 60
 * console.log(Csat.score(Csat.fromRatings([10, 7, 9], { scale: { min: 0, max: 10 }, satisfiedFrom: 9 })))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromRatings = (ratingsInput: Iterable<number> | ArrayLike<number>, options?: Options): Csat => {
  const { min, max, satisfiedFrom } = resolve(options)
  return make(min, max, satisfiedFrom, ratings.countRatings(ratingsInput, "ratings", min, max))
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
 * console.log(Csat.score(Csat.combine(Csat.fromRatings([5, 5]), Csat.fromRatings([1, 2])))) // 50
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const combine = (self: Csat, that: Csat): Csat => {
  if (total(that) === 0) return self
  if (total(self) === 0) return that
  if (
    self.scale.min !== that.scale.min ||
    self.scale.max !== that.scale.max ||
    self.satisfiedFrom !== that.satisfiedFrom
  ) {
    validate.invalid(
      "that",
      `scale ${that.scale.min}–${that.scale.max}, satisfied from ${that.satisfiedFrom}`,
      `a summary on the same question (scale ${self.scale.min}–${self.scale.max}, satisfied from ${self.satisfiedFrom})`
    )
  }
  return make(self.scale.min, self.scale.max, self.satisfiedFrom, ratings.addCounts(self.counts, that.counts))
}

/**
 * Merges any number of summaries of the same question.
 *
 * @example
 * ```ts
 * import { Csat } from "@cxkit/metrics"
 *
 * console.log(Csat.total(Csat.combineAll([Csat.fromRatings([5]), Csat.fromRatings([4, 1])]))) // 3
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const combineAll = (summaries: Iterable<Csat>): Csat => {
  let acc: Csat | undefined
  for (const s of summaries) acc = acc === undefined ? s : combine(acc, s)
  return acc ?? empty()
}

/**
 * The `Aggregator` of CSAT over ratings of one question, for `Grouping.summarize`.
 *
 * @example
 * ```ts
 * import { Csat, Grouping } from "@cxkit/metrics"
 *
 * const byAgent = Grouping.bySegment(
 *   [{ agent: "ana", rating: 5 }, { agent: "ben", rating: 2 }],
 *   { aggregator: Csat.aggregator(), value: (r) => r.rating, segment: (r) => r.agent }
 * )
 * console.log(Csat.score(byAgent.get("ana")!)) // 100
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const aggregator = (options?: Options): Aggregator<number, Csat> => {
  const { min, max, satisfiedFrom } = resolve(options)
  return {
    empty: empty(options),
    combine,
    accumulator: (field) =>
      new ratings.RatingAccumulator(field, min, max, (counts) => make(min, max, satisfiedFrom, counts))
  }
}

/**
 * A `Sink` summarising a `Stream` of ratings in constant memory; it fails with the
 * `MetricError` of the first bad rating (`ratings[i]`, counted from the start of the stream).
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { Csat } from "@cxkit/metrics"
 *
 * const summary = await Effect.runPromise(Stream.run(Stream.make(5, 4, 1, 2), Csat.sink()))
 * console.log(Csat.score(summary)) // 50
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const sink = (options?: Options): Sink.Sink<Csat, number, never, MetricError> =>
  toSink(aggregator(options), "ratings")

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
  responses: Iterable<Pick<Feedback.Feedback, "question" | "score">>,
  options?: Options
): Csat => {
  const accumulator = feedbackAggregator(options).accumulator("responses")
  let index = 0
  for (const response of responses) accumulator.add(response, index++)
  return accumulator.result()
}

/**
 * The `Aggregator` of CSAT over survey responses (see `fromFeedback`), for
 * `Grouping.summarize` with `value: (r) => r`. Without `options`, each accumulator adopts the
 * scale of its first CSAT response.
 *
 * @example
 * ```ts
 * import { Csat, Grouping } from "@cxkit/metrics"
 *
 * const responses = [{ question: { metric: "csat" as const, min: 1, max: 5 }, score: 4, channel: "chat" }]
 * const byChannel = Grouping.bySegment(responses, {
 *   aggregator: Csat.feedbackAggregator(), value: (r) => r, segment: (r) => r.channel
 * })
 * console.log(Csat.score(byChannel.get("chat")!)) // 100
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const feedbackAggregator = (
  options?: Options
): Aggregator<Pick<Feedback.Feedback, "question" | "score">, Csat> => {
  const fixed = options === undefined ? undefined : resolve(options)
  return {
    empty: empty(options),
    combine,
    accumulator: (field) => {
      let spec = fixed
      let inner: ratings.RatingAccumulator<Csat> | undefined
      return {
        add: (response, index) => {
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
        result: () => inner?.result() ?? empty(options)
      }
    }
  }
}

/**
 * A `Sink` summarising a `Stream` of survey responses (CSAT answers counted, others skipped) in
 * constant memory.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { Csat } from "@cxkit/metrics"
 *
 * const responses = Stream.make({ question: { metric: "csat" as const, min: 1, max: 5 }, score: 5 })
 * console.log(Csat.score(await Effect.runPromise(Stream.run(responses, Csat.feedbackSink())))) // 100
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const feedbackSink = (
  options?: Options
): Sink.Sink<Csat, Pick<Feedback.Feedback, "question" | "score">, never, MetricError> =>
  toSink(feedbackAggregator(options), "responses")

/**
 * The number of ratings.
 *
 * @example
 * ```ts
 * import { Csat } from "@cxkit/metrics"
 *
 * console.log(Csat.total(Csat.fromRatings([5, 3]))) // 2
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
 * console.log(Csat.satisfied(Csat.fromRatings([5, 4, 3]))) // 2
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
 * console.log(Csat.score(Csat.fromRatings([5, 4, 2, 1]))) // 50
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
 * const summary = Csat.fromRatings([...Array(81).fill(5), ...Array(182).fill(2)])
 * console.log(Csat.interval(summary, { level: 0.95, method: "wilson" }))
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const interval = (self: Csat, options?: Interval.ProportionOptions): Interval.Interval | undefined =>
  ratings.shareIntervalOf(satisfied(self), total(self), options)

/**
 * The mean rating on the question's scale; `undefined` with no ratings.
 *
 * @example
 * ```ts
 * import { Csat } from "@cxkit/metrics"
 *
 * console.log(Csat.mean(Csat.fromRatings([5, 4, 3]))) // 4
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const mean = (self: Csat): number | undefined => ratings.meanOf(self.counts, self.scale.min)

/**
 * Student's t confidence interval for the mean rating, x̄ ± t(n−1)·s/√n; `undefined` with
 * fewer than two ratings.
 *
 * @example
 * ```ts
 * import { Csat } from "@cxkit/metrics"
 *
 * console.log(Csat.meanInterval(Csat.fromRatings([5, 4, 3, 4, 5]), { level: 0.95 }))
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const meanInterval = (self: Csat, options?: Interval.LevelOptions): Interval.Interval | undefined =>
  ratings.meanIntervalOf(self.counts, self.scale.min, validate.levelOrDefault(options))
