/**
 * Survey metrics by segment and by calendar window, in one pass.
 *
 * Every survey metric describes itself as a `Metric` (`Nps.metric()`, `Csat.metric(...)`,
 * `Ces.metric(...)`): its `Reducer` (Effect's `Reducer`: `initialValue`, `combine`,
 * `combineAll`) and a mutable accumulator that folds one answer at a time. The combinators here
 * work over any metric: `summarize`, `bySegment` and `byWindow` walk the responses once, route
 * each answer to the accumulator of its segment and/or window, and return mergeable summaries
 * (groups computed in separate shards merge with the metric's `Reducer`); `sink` folds a
 * `Stream` in constant memory; `forFeedback` turns a metric over answers into one over survey
 * responses that counts its own questions and skips the others. `trend` turns a list of windows
 * into a series with changes and a slope.
 *
 * **Windows** are calendar periods (`Period`: days, ISO weeks, months, quarters, years) in an explicit IANA time
 * zone: a response at 23:30 UTC on 31 March is in April in `Europe/Paris`. Window boundaries come
 * from `Intl.DateTimeFormat`, so they follow the zone's daylight-saving rules. Windows without a
 * response between the first and the last are included with an empty summary (score
 * `undefined`), so a trend shows gaps instead of hiding them.
 *
 * @module
 * @since 0.1.0
 */
import type { Feedback } from "@cxkit/core"
import type { Reducer, Sink } from "effect"
import { toSink } from "./internal/aggregate.ts"
import { PERIODS } from "./internal/time.ts"
import * as validate from "./internal/validate.ts"
import { MetricError } from "./MetricError.ts"
import type { Instant, Period } from "./Period.ts"

/**
 * A mutable fold of one answer at a time into a summary. `add` throws a `MetricError` naming
 * `field[index]` when an answer breaks the metric's rule.
 *
 * @example
 * ```ts
 * import { Nps } from "@cxkit/metrics"
 *
 * const accumulator = Nps.metric().accumulator("scores")
 * accumulator.add(10, 0)
 * accumulator.add(3, 1)
 * console.log(Nps.score(accumulator.result())) // 0
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Accumulator<in A, out S> {
  readonly add: (value: A, index: number) => void
  /** Optional batch form of `add` for a whole array whose first element has index `firstIndex`. */
  readonly addAll?: ((values: ReadonlyArray<A>, firstIndex: number) => void) | undefined
  readonly result: () => S
}

/**
 * How a metric summarises answers of type `A` into a mergeable summary `S`: its `Reducer`
 * (a commutative monoid: `initialValue`, `combine`, `combineAll`) plus an accumulator for
 * one-pass folding. `field` names the answers in errors (`scores[3]`).
 *
 * @example
 * ```ts
 * import { Csat } from "@cxkit/metrics"
 *
 * const metric = Csat.metric({ scale: { min: 1, max: 5 }, satisfiedFrom: 4 })
 * console.log(Csat.score(metric.Reducer.combine(metric.Reducer.initialValue, Csat.fromAnswers([5, 2])))) // 50
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Metric<in A, in out S> {
  readonly Reducer: Reducer.Reducer<S>
  readonly accumulator: (field: string) => Accumulator<A, S>
  readonly field: string
}

/**
 * A survey response as the survey metrics read it: `Feedback` from `@cxkit/core`, or any object
 * with its `question` and `score`.
 *
 * @since 0.1.0
 * @category models
 */
export type SurveyResponse = Pick<Feedback.Feedback, "question" | "score">

/**
 * A survey metric (NPS, CSAT, CES): a `Metric` over its answers that also knows its own
 * questions among survey responses (`responses`: counts the answers to its questions, skips the
 * others, checks the question's scale). `forFeedback` turns it into a `Metric` over responses.
 *
 * @since 0.1.0
 * @category models
 */
export interface SurveyMetric<in out S> extends Metric<number, S> {
  readonly responses: (field: string) => Accumulator<SurveyResponse, S>
}

/**
 * The metric over survey responses: each response to one of the metric's questions is counted
 * (its `score`), the others are skipped. Use it with `summarize`, `bySegment`, `byWindow` and
 * `sink` with `value: (r) => r`.
 *
 * @example
 * ```ts
 * import { Grouping, Nps } from "@cxkit/metrics"
 *
 * const responses = [
 *   { question: { metric: "nps" as const }, score: 9, channel: "chat" },
 *   { question: { metric: "csat" as const, min: 1, max: 5 }, score: 2, channel: "chat" }
 * ]
 * const byChannel = Grouping.bySegment(responses, {
 *   metric: Grouping.forFeedback(Nps.metric()), value: (r) => r, segment: (r) => r.channel
 * })
 * console.log(Nps.score(byChannel.get("chat")!)) // 100
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const forFeedback = <S>(metric: SurveyMetric<S>): Metric<SurveyResponse, S> => ({
  Reducer: metric.Reducer,
  accumulator: metric.responses,
  field: "responses"
})

/**
 * A `Sink` folding a `Stream` of answers into the metric's summary in constant memory; it fails
 * with the `MetricError` of the first bad answer (`scores[i]`, i counted from the start of the
 * stream).
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { Grouping, Nps } from "@cxkit/metrics"
 *
 * const summary = await Effect.runPromise(Stream.run(Stream.make(10, 9, 6), Grouping.sink(Nps.metric())))
 * console.log(Nps.score(summary)?.toFixed(2)) // "33.33"
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const sink = <A, S>(metric: Metric<A, S>): Sink.Sink<S, A, never, MetricError> =>
  toSink(metric, metric.field)

/**
 * A calendar window in a time zone: local dates `start` (inclusive) and `end` (exclusive) as
 * `YYYY-MM-DD`.
 *
 * @example
 * ```ts
 * import type { Grouping } from "@cxkit/metrics"
 *
 * const march: Grouping.Window = { unit: "month", timeZone: "Europe/Paris", start: "2024-03-01", end: "2024-04-01" }
 * console.log(march.start)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Window {
  readonly unit: Period
  readonly timeZone: string
  readonly start: string
  readonly end: string
}

/**
 * One group of `summarize`: its segment (when segmenting), its window (when windowing) and
 * the metric's summary of its answers.
 *
 * @example
 * ```ts
 * import { Grouping, Nps } from "@cxkit/metrics"
 *
 * const [group] = Grouping.summarize([{ channel: "chat", score: 9 }], {
 *   metric: Nps.metric(), value: (r) => r.score, segment: (r) => r.channel
 * })
 * console.log(group?.segment, Nps.score(group!.summary)) // "chat" 100
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Group<S> {
  readonly segment: string | undefined
  readonly window: Window | undefined
  readonly summary: S
}

/**
 * Options of `summarize`.
 *
 * - `metric`: the metric (`Nps.metric()`, `Csat.metric(...)`, `Ces.metric(...)`, or
 *   `Grouping.forFeedback(...)` of one for survey responses).
 * - `value`: the answer of a response (its score or rating).
 * - `segment`: optional segment key (channel, plan, region...).
 * - `window`: optional calendar windows: `at` gives the response time, `unit` the calendar unit
 *   and `timeZone` the IANA zone the calendar is read in (required: there is no implicit zone).
 *
 * @example
 * ```ts
 * import { Grouping, Nps } from "@cxkit/metrics"
 *
 * const options: Grouping.SummarizeOptions<{ score: number; at: number }, number, Nps.Nps> = {
 *   metric: Nps.metric(),
 *   value: (r) => r.score,
 *   window: { at: (r) => r.at, unit: "month", timeZone: "UTC" }
 * }
 * console.log(options.window?.unit)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface SummarizeOptions<R, A, S> {
  readonly metric: Metric<A, S>
  readonly value: (response: R, index: number) => A
  readonly segment?: ((response: R, index: number) => string) | undefined
  readonly window?:
    | {
        readonly at: (response: R, index: number) => Instant
        readonly unit: Period
        readonly timeZone: string
      }
    | undefined
}

/**
 * Summarises responses by segment and/or calendar window in one pass. Groups are sorted by
 * segment (in order of first appearance), then by window start; windows with no response
 * between a segment's first and last window are filled with the empty summary. Without
 * `segment` and `window` it returns one group with everything.
 *
 * Throws `MetricError` when an answer breaks the metric's rule (`responses[i]`), when a time
 * is not a valid instant (`responses[i].at`) or the time zone is unknown (`options.window.timeZone`).
 *
 * @example
 * ```ts
 * import { Grouping, Nps } from "@cxkit/metrics"
 *
 * const responses = [
 *   { channel: "chat", score: 10, at: "2024-03-31T23:30:00Z" },
 *   { channel: "email", score: 4, at: "2024-03-02T10:00:00Z" },
 *   { channel: "chat", score: 6, at: "2024-03-15T10:00:00Z" }
 * ]
 * const groups = Grouping.summarize(responses, {
 *   metric: Nps.metric(),
 *   value: (r) => r.score,
 *   segment: (r) => r.channel,
 *   window: { at: (r) => new Date(r.at), unit: "month", timeZone: "Europe/Paris" }
 * })
 * for (const g of groups) console.log(g.segment, g.window?.start, Nps.score(g.summary))
 * // chat 2024-03-01 -100, chat 2024-04-01 100, email 2024-03-01 -100
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const summarize = <R, A, S>(
  responses: Iterable<R>,
  options: SummarizeOptions<R, A, S>
): Array<Group<S>> => {
  const { metric, value, segment, window } = options
  const windowKey = window === undefined ? undefined : windowKeyer(window.unit, window.timeZone)
  // segment → window start → accumulator; Maps keep first-appearance order of segments.
  const groups = new Map<string | undefined, Map<string | undefined, Accumulator<A, S>>>()
  let index = 0
  for (const response of responses) {
    const segmentKey = segment === undefined ? undefined : segment(response, index)
    const start =
      window === undefined || windowKey === undefined
        ? undefined
        : windowKey(epochMillis(window.at(response, index), index))
    let windows = groups.get(segmentKey)
    if (windows === undefined) {
      windows = new Map()
      groups.set(segmentKey, windows)
    }
    let accumulator = windows.get(start)
    if (accumulator === undefined) {
      accumulator = metric.accumulator("responses")
      windows.set(start, accumulator)
    }
    accumulator.add(value(response, index), index)
    index++
  }
  const result: Array<Group<S>> = []
  if (groups.size === 0 && segment === undefined && window === undefined) {
    return [{ segment: undefined, window: undefined, summary: metric.Reducer.initialValue }]
  }
  for (const [segmentKey, windows] of groups) {
    if (window === undefined) {
      const accumulator = windows.get(undefined)
      if (accumulator !== undefined)
        result.push({ segment: segmentKey, window: undefined, summary: accumulator.result() })
      continue
    }
    const starts = [...windows.keys()].filter((k): k is string => k !== undefined).sort()
    const first = starts[0]
    const last = starts[starts.length - 1]
    if (first === undefined || last === undefined) continue
    for (let start = first; start <= last; start = nextStart(start, window.unit)) {
      const summary = windows.get(start)?.result() ?? metric.Reducer.initialValue
      const w: Window = {
        unit: window.unit,
        timeZone: window.timeZone,
        start,
        end: nextStart(start, window.unit)
      }
      result.push({ segment: segmentKey, window: w, summary })
    }
  }
  return result
}

/**
 * Summarises responses per segment in one pass: a `Map` from segment key (in order of first
 * appearance) to summary.
 *
 * @example
 * ```ts
 * import { Grouping, Nps } from "@cxkit/metrics"
 *
 * const bySegment = Grouping.bySegment(
 *   [{ channel: "chat", score: 9 }, { channel: "store", score: 3 }, { channel: "chat", score: 7 }],
 *   { metric: Nps.metric(), value: (r) => r.score, segment: (r) => r.channel }
 * )
 * console.log(Nps.score(bySegment.get("chat")!)) // 50
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const bySegment = <R, A, S>(
  responses: Iterable<R>,
  options: {
    readonly metric: Metric<A, S>
    readonly value: (response: R, index: number) => A
    readonly segment: (response: R, index: number) => string
  }
): Map<string, S> => {
  const result = new Map<string, S>()
  for (const group of summarize(responses, options)) {
    if (group.segment !== undefined) result.set(group.segment, group.summary)
  }
  return result
}

/**
 * Summarises responses per calendar window (day, ISO week or month in an IANA time zone) in one
 * pass, in chronological order with empty windows filled in.
 *
 * @example
 * ```ts
 * import { Grouping, Csat } from "@cxkit/metrics"
 *
 * const windows = Grouping.byWindow(
 *   [{ rating: 5, at: new Date("2024-01-01T08:00:00Z") }, { rating: 2, at: new Date("2024-01-09T08:00:00Z") }],
 *   { metric: Csat.metric(), value: (r) => r.rating, at: (r) => r.at, unit: "week", timeZone: "America/New_York" }
 * )
 * console.log(windows.map((w) => [w.window.start, Csat.score(w.summary)]))
 * // [["2024-01-01", 100], ["2024-01-08", 0]]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const byWindow = <R, A, S>(
  responses: Iterable<R>,
  options: {
    readonly metric: Metric<A, S>
    readonly value: (response: R, index: number) => A
    readonly at: (response: R, index: number) => Instant
    readonly unit: Period
    readonly timeZone: string
  }
): Array<{ readonly window: Window; readonly summary: S }> =>
  summarize(responses, {
    metric: options.metric,
    value: options.value,
    window: { at: options.at, unit: options.unit, timeZone: options.timeZone }
  }).flatMap((g) => (g.window === undefined ? [] : [{ window: g.window, summary: g.summary }]))

/**
 * One point of a `trend`: the window, the metric's value (`undefined` for an empty window) and
 * the change from the previous window with a value.
 *
 * @example
 * ```ts
 * import type { Grouping } from "@cxkit/metrics"
 *
 * const point: Grouping.TrendPoint = {
 *   window: { unit: "day", timeZone: "UTC", start: "2024-01-02", end: "2024-01-03" }, value: 40, change: -10
 * }
 * console.log(point.change)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface TrendPoint {
  readonly window: Window
  readonly value: number | undefined
  readonly change: number | undefined
}

/**
 * A trend over windows: each window's value (e.g. `Nps.score`), its change from the previous
 * window with a value, and the least-squares `slope` per window over the windows with a value
 * (`undefined` with fewer than two). For whether a change is more than noise, compare the two
 * summaries with the metric's own test (`Nps.compare`).
 *
 * @example
 * ```ts
 * import { Grouping, Nps } from "@cxkit/metrics"
 *
 * const windows = Grouping.byWindow(
 *   [
 *     { score: 10, at: Date.UTC(2024, 0, 1) }, { score: 3, at: Date.UTC(2024, 0, 1) },
 *     { score: 10, at: Date.UTC(2024, 1, 1) }, { score: 9, at: Date.UTC(2024, 1, 1) }
 *   ],
 *   { metric: Nps.metric(), value: (r) => r.score, at: (r) => r.at, unit: "month", timeZone: "UTC" }
 * )
 * const trend = Grouping.trend(windows, Nps.score)
 * console.log(trend.points.map((p) => p.value), trend.slope) // [0, 100] 100
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const trend = <S>(
  windows: ReadonlyArray<{ readonly window: Window; readonly summary: S }>,
  metric: (summary: S) => number | undefined
): { readonly points: ReadonlyArray<TrendPoint>; readonly slope: number | undefined } => {
  const points: Array<TrendPoint> = []
  let previous: number | undefined
  const xs: Array<number> = []
  const ys: Array<number> = []
  windows.forEach(({ window, summary }, i) => {
    const value = metric(summary)
    points.push({
      window,
      value,
      change: value === undefined || previous === undefined ? undefined : value - previous
    })
    if (value !== undefined) {
      previous = value
      xs.push(i)
      ys.push(value)
    }
  })
  return { points, slope: leastSquaresSlope(xs, ys) }
}

// Ordinary least-squares slope Σ(x−x̄)(y−ȳ) / Σ(x−x̄)².
const leastSquaresSlope = (xs: ReadonlyArray<number>, ys: ReadonlyArray<number>): number | undefined => {
  const n = xs.length
  if (n < 2) return undefined
  let mx = 0
  let my = 0
  for (let i = 0; i < n; i++) {
    mx += xs[i] as number
    my += ys[i] as number
  }
  mx /= n
  my /= n
  let sxy = 0
  let sxx = 0
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx
    sxy += dx * ((ys[i] as number) - my)
    sxx += dx * dx
  }
  return sxy / sxx
}

const epochMillis = (at: unknown, index: number): number => validate.instant(`responses[${index}].at`, at)

const pad = (n: number, width = 2): string => String(n).padStart(width, "0")
const isoDate = (y: number, m: number, d: number): string => `${pad(y, 4)}-${pad(m)}-${pad(d)}`

// Calendar arithmetic on local dates is done on a UTC date, which has no daylight saving.
const nextStart = (start: string, unit: Period): string => {
  const [y, m, d] = start.split("-").map(Number) as [number, number, number]
  const date = new Date(Date.UTC(y, m - 1, d))
  if (unit === "day") date.setUTCDate(date.getUTCDate() + 1)
  else if (unit === "week") date.setUTCDate(date.getUTCDate() + 7)
  else date.setUTCMonth(date.getUTCMonth() + (unit === "month" ? 1 : unit === "quarter" ? 3 : 12))
  return isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate())
}

const QUARTER_HOUR = 15 * 60 * 1000

/** Maps an instant to the local start date of its window. */
const windowKeyer = (unit: Period, timeZone: string): ((epochMs: number) => string) => {
  validate.oneOf("options.window.unit", unit, PERIODS)
  let format: Intl.DateTimeFormat
  try {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "numeric",
      day: "numeric"
    })
  } catch {
    throw new MetricError({
      reason: "InvalidInput",
      field: "options.window.timeZone",
      value: timeZone,
      rule: "an IANA time zone name (e.g. Europe/Paris)"
    })
  }
  const localKey = (epochMs: number): string => {
    let y = 0
    let m = 0
    let d = 0
    for (const part of format.formatToParts(epochMs)) {
      if (part.type === "year") y = Number(part.value)
      else if (part.type === "month") m = Number(part.value)
      else if (part.type === "day") d = Number(part.value)
    }
    if (unit === "day") return isoDate(y, m, d)
    if (unit === "month") return isoDate(y, m, 1)
    if (unit === "quarter") return isoDate(y, m - ((m - 1) % 3), 1)
    if (unit === "year") return isoDate(y, 1, 1)
    // ISO 8601 weeks start on Monday.
    const date = new Date(Date.UTC(y, m - 1, d))
    date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7))
    return isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate())
  }
  // Formatting is slow (microseconds), so cache per quarter hour of UTC: a quarter hour whose
  // first and last millisecond share a window shares it throughout (zone offsets change at most
  // once in a quarter hour), otherwise the instant is formatted on its own.
  const cache = new Map<number, string>()
  return (epochMs) => {
    const slot = Math.floor(epochMs / QUARTER_HOUR)
    const hit = cache.get(slot)
    if (hit !== undefined) return hit
    const first = localKey(slot * QUARTER_HOUR)
    if (first !== localKey(slot * QUARTER_HOUR + QUARTER_HOUR - 1)) return localKey(epochMs)
    if (cache.size > 100_000) cache.clear()
    cache.set(slot, first)
    return first
  }
}
