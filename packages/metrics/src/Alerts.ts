/**
 * Alerts as feedback arrives: watch a `Stream` of survey responses, summarise the metric per
 * calendar window, and raise a typed alert, with its evidence, when the share of unhappy answers
 * rises above a baseline, with a stated rate of false alarms.
 *
 * **The detector** is a Bernoulli CUSUM (Page 1954, "Continuous inspection schemes",
 * Biometrika 41; for a proportion, Reynolds & Stoumbos 1999, "A CUSUM chart for monitoring a
 * proportion when inspecting continuously", Journal of Quality Technology 31(1)) on the
 * indicator of an unhappy answer: an NPS detractor (0–6), a CSAT answer below the satisfied
 * threshold, a CES 2.0 answer of 1–4 (not agreeing that it was easy), an answer of 4–5 on the
 * original 1–5 effort scale (high effort). With the baseline share
 * p₀ and the share to detect p₁ = p₀ + `increase`, each answer adds its log-likelihood ratio,
 * ln(p₁/p₀) if unhappy and ln((1 − p₁)/(1 − p₀)) otherwise, to S = max(0, S + …), and an alert
 * is raised when S reaches h = ln(`averageRunLength`), after which S restarts from 0.
 *
 * **False alarms.** For a CUSUM of log-likelihood ratios with threshold h, the expected number
 * of answers before a false alarm, while the share stays at p₀, is at least e^h (Lorden 1971,
 * "Procedures for reacting to a change in distribution", Annals of Mathematical Statistics
 * 42(6)): with `averageRunLength: 10_000` an unchanged process raises an alert no more than once
 * per 10,000 answers on average (the bound is conservative). A real rise to p₁ is detected after
 * about h / KL(p₁‖p₀) answers.
 *
 * **Windows** are calendar periods in UTC (`Period`): when an answer of a later period arrives,
 * the finished window is reported with its summary, score and interval and the metric's
 * comparison with the baseline. Answers must arrive in time order (a late answer, earlier than
 * the open window, is a `MetricError`); answers to other metrics are skipped, as `fromFeedback`
 * skips them.
 *
 * **Resuming.** The detector's `State` is a plain, JSON-serialisable value; every
 * `WindowClosed` event carries the state after it, and `stream` and `step` start from a given
 * state, so a restarted process continues where it stopped (feed it the answers after the
 * checkpoint). The window summaries are the metrics' mergeable summaries; the CUSUM itself
 * depends on the order of answers, so it resumes rather than merges.
 *
 * @module
 * @since 0.1.0
 */
import type { Feedback } from "@cxkit/core"
import { Clock, Effect, Stream } from "effect"
import * as Ces from "./Ces.ts"
import * as Csat from "./Csat.ts"
import type { Accumulator } from "./Grouping.ts"
import type * as Interval from "./Interval.ts"
import * as validate from "./internal/validate.ts"
import { MetricError } from "./MetricError.ts"
import * as Nps from "./Nps.ts"
import * as Period from "./Period.ts"

/**
 * A survey response as the detector reads it: `Feedback` from `@cxkit/core`, or any object with
 * its `question`, `score` and `timestamp` (an `Instant`).
 *
 * @since 0.1.0
 * @category models
 */
export type Response = Pick<Feedback.Feedback, "question" | "score"> & { readonly timestamp: Period.Instant }

/**
 * The summary of the metric watched: `Nps.Nps`, `Csat.Csat` or `Ces.Ces`.
 *
 * @since 0.1.0
 * @category models
 */
export type Summary = Nps.Nps | Csat.Csat | Ces.Ces

/**
 * Options of `detector`.
 *
 * - `baseline`: the summary of a reference period (`Nps.fromFeedback(lastQuarter)`,
 *   `Csat.fromAnswers(...)`, `Ces.fromAnswers(...)`), which sets the metric, its question (scale,
 *   satisfied threshold) and the baseline share p₀ of unhappy answers (strictly between 0 and 1).
 * - `increase`: the rise of the unhappy share to detect, p₁ = p₀ + increase (0.05 by default:
 *   five points more detractors).
 * - `averageRunLength`: the answers expected between false alarms at least (10,000 by default).
 * - `window`: the calendar period of the window summaries (`"day"` by default).
 * - `trailing`: also report, at each window, the sliding window of the last `trailing` periods
 *   (e.g. `window: "day", trailing: 7`: the last seven days, every day), merged from the window
 *   summaries; an integer ≥ 2, none by default.
 * - `level`: the confidence level of the windows' intervals and comparisons (0.95).
 *
 * @since 0.1.0
 * @category models
 */
export interface Options<S extends Summary> {
  readonly baseline: S
  readonly increase?: number | undefined
  readonly averageRunLength?: number | undefined
  readonly window?: Period.Period | undefined
  readonly trailing?: number | undefined
  readonly level?: number | undefined
}

/**
 * The detector's state: the answers read (`responses`, all metrics) and watched (`watched`),
 * the CUSUM statistic and the run behind it (answers and unhappy answers since it last was 0,
 * and the time of the first), the open window (its period index and summary), the closed
 * windows the sliding window still covers (`recent`, with `trailing`) and the alerts raised.
 * JSON-serialisable, so it can be stored and passed back to resume.
 *
 * @since 0.1.0
 * @category models
 */
export interface State<S extends Summary> {
  readonly responses: number
  readonly watched: number
  readonly statistic: number
  readonly run: { readonly answers: number; readonly unhappy: number; readonly since: number | undefined }
  readonly window: { readonly index: number; readonly summary: S } | undefined
  readonly recent: ReadonlyArray<{ readonly index: number; readonly summary: S }>
  readonly alerts: number
}

/**
 * The sliding window reported with a `WindowClosed` (option `trailing`): the `periods` it spans
 * (ending with the window's own), the label of the first, and the merged summary of their
 * answers with its score, interval and comparison with the baseline.
 *
 * @since 0.1.0
 * @category models
 */
export interface Trailing<S extends Summary> {
  readonly periods: number
  readonly from: string
  readonly summary: S
  readonly score: number | undefined
  readonly interval: Interval.Interval | undefined
  readonly comparison: Interval.Comparison
}

/**
 * A finished calendar window: the period and its label (`"2024-05-01"`, `"2024-W18"`,
 * `"2024-05"`…), its start and end (epoch milliseconds, UTC), the summary and score of its
 * answers, the score's interval, the metric's `compare` of the window against the baseline
 * (one look: see the module notes for the alarm that controls repeated looks), and `state`, a
 * checkpoint to resume from with the answers from `state.responses` on. `partial` is true for
 * the window still open when the input ended (`flush`, or the end of `stream`): more answers of
 * its period may follow, and resuming from its state continues the same window, which is then
 * reported again, complete. `trailing` is the sliding window ending with this one (with the
 * option `trailing`).
 *
 * @since 0.1.0
 * @category models
 */
export interface WindowClosed<S extends Summary> {
  readonly _tag: "WindowClosed"
  readonly period: Period.Period
  readonly label: string
  readonly start: number
  readonly end: number
  readonly summary: S
  readonly score: number | undefined
  readonly interval: Interval.Interval | undefined
  readonly comparison: Interval.Comparison
  readonly partial: boolean
  readonly trailing: Trailing<S> | undefined
  readonly state: State<S>
}

/**
 * An alert: the share of unhappy answers rose. `at` is the time of the answer that raised it
 * (epoch milliseconds), `detectedAt` the `Clock` time at which `stream` emitted it (undefined
 * from `step`), and the evidence: the CUSUM `statistic` and its `threshold`, the `baselineShare`
 * and the `alternativeShare` designed for, and the run since the statistic last was 0 (`since`,
 * its `answers`, `unhappy` answers and `observedShare`), which is where the rise began.
 *
 * @since 0.1.0
 * @category models
 */
export interface Alert {
  readonly _tag: "Alert"
  readonly metric: "nps" | "csat" | "ces"
  readonly at: number
  readonly detectedAt: number | undefined
  readonly statistic: number
  readonly threshold: number
  readonly baselineShare: number
  readonly alternativeShare: number
  readonly since: number
  readonly answers: number
  readonly unhappy: number
  readonly observedShare: number
}

/**
 * What the detector emits: `WindowClosed` for every finished window and `Alert` when the
 * unhappy share rose.
 *
 * @since 0.1.0
 * @category models
 */
export type Event<S extends Summary> = WindowClosed<S> | Alert

/**
 * A configured detector: its `metric`, the CUSUM design (`baselineShare`, `alternativeShare`,
 * `threshold`), its `initial` state, `step` (one response: the next state and the events it
 * caused) and `flush` (the open window at the end of the input).
 *
 * @since 0.1.0
 * @category models
 */
export interface Detector<S extends Summary> {
  readonly metric: "nps" | "csat" | "ces"
  readonly baselineShare: number
  readonly alternativeShare: number
  readonly threshold: number
  readonly initial: State<S>
  readonly step: (
    state: State<S>,
    response: Response
  ) => { readonly state: State<S>; readonly events: ReadonlyArray<Event<S>> }
  readonly flush: (state: State<S>) => ReadonlyArray<WindowClosed<S>>
}

// What the detector needs of each metric: its name, an accumulator of survey responses on the
// baseline's question, the unhappy answers of a summary, and the summary operations.
interface Ops<S extends Summary> {
  readonly metric: "nps" | "csat" | "ces"
  readonly responses: (field: string) => Accumulator<Pick<Feedback.Feedback, "question" | "score">, S>
  readonly total: (s: S) => number
  readonly unhappy: (s: S) => number
  readonly combine: (a: S, b: S) => S
  readonly empty: S
  readonly score: (s: S) => number | undefined
  readonly interval: (s: S, level: number) => Interval.Interval | undefined
  readonly compare: (a: S, b: S, level: number) => Interval.Comparison
}

const opsOf = (baseline: Summary): Ops<Summary> => {
  if (typeof baseline !== "object" || baseline === null)
    return validate.invalid("options.baseline", baseline, "an Nps, Csat or Ces summary")
  if ("promoters" in baseline) {
    const ops: Ops<Nps.Nps> = {
      metric: "nps",
      responses: Nps.metric().responses,
      total: Nps.total,
      unhappy: (s) => s.detractors,
      combine: Nps.combine,
      empty: Nps.empty,
      score: Nps.score,
      interval: (s, level) => Nps.interval(s, { level }),
      compare: (a, b, level) => Nps.compare(a, b, { level })
    }
    return ops as unknown as Ops<Summary>
  }
  if ("satisfiedFrom" in baseline) {
    const question = { scale: baseline.scale, satisfiedFrom: baseline.satisfiedFrom }
    const ops: Ops<Csat.Csat> = {
      metric: "csat",
      responses: Csat.metric(question).responses,
      total: Csat.total,
      unhappy: (s) => Csat.total(s) - Csat.satisfied(s),
      combine: Csat.combine,
      empty: Csat.fromCounts({ ...question, counts: baseline.counts.map(() => 0) }),
      score: Csat.score,
      interval: (s, level) => Csat.interval(s, { level }),
      compare: (a, b, level) => Csat.compare(a, b, { level })
    }
    return ops as unknown as Ops<Summary>
  }
  const scale = baseline.scale
  const ops: Ops<Ces.Ces> = {
    metric: "ces",
    responses: Ces.metric({ scale }).responses,
    total: Ces.total,
    // CES 2.0: not agreeing that it was easy (1–4); the original CES: high effort (4–5 of 1–5).
    unhappy: (s) =>
      scale === "agreement-7"
        ? (s.counts[0] as number) +
          (s.counts[1] as number) +
          (s.counts[2] as number) +
          (s.counts[3] as number)
        : (s.counts[3] as number) + (s.counts[4] as number),
    combine: Ces.combine,
    empty: Ces.fromCounts({ scale, counts: baseline.counts.map(() => 0) }),
    score: Ces.mean,
    interval: (s, level) => Ces.meanInterval(s, { level }),
    compare: (a, b, level) => Ces.compare(a, b, { level })
  }
  return ops as unknown as Ops<Summary>
}

/**
 * A detector of a rise in the share of unhappy answers (see the module notes), from a baseline
 * summary. Throws `MetricError` for a baseline whose unhappy share is 0 or 1 (no rise to detect,
 * or none possible), an `increase` that takes the share to 1 or beyond, or a bad option.
 *
 * @example
 * ```ts
 * import { Alerts, Nps } from "@cxkit/metrics"
 *
 * const detector = Alerts.detector({
 *   baseline: Nps.fromCounts({ promoters: 500, passives: 300, detractors: 200 }),
 *   increase: 0.1,
 *   averageRunLength: 1000
 * })
 * console.log(detector.metric, detector.baselineShare, detector.alternativeShare.toFixed(2), detector.threshold.toFixed(2)) // "nps" 0.2 "0.30" "6.91"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const detector = <S extends Summary>(options: Options<S>): Detector<S> => {
  if (typeof options !== "object" || options === null)
    validate.invalid("options", options, "an object { baseline }")
  const ops = opsOf(options.baseline) as unknown as Ops<S>
  const baseline = options.baseline
  const n = ops.total(baseline)
  const p0 = n > 0 ? ops.unhappy(baseline) / n : Number.NaN
  if (!(p0 > 0 && p0 < 1))
    validate.invalid(
      "options.baseline",
      ops.unhappy(baseline),
      `unhappy answers strictly between 0 and all ${n} answers`
    )
  const increase =
    options.increase === undefined ? 0.05 : validate.positive("options.increase", options.increase)
  const p1 = p0 + increase
  if (!(p1 < 1))
    validate.invalid("options.increase", increase, `less than 1 − the baseline share (${1 - p0})`)
  const arl =
    options.averageRunLength === undefined
      ? 10_000
      : validate.positive("options.averageRunLength", options.averageRunLength)
  if (!(arl > 1)) validate.invalid("options.averageRunLength", arl, "more than 1 answer")
  const period =
    options.window === undefined
      ? "day"
      : validate.oneOf("options.window", options.window, ["day", "week", "month", "quarter", "year"])
  const trailing =
    options.trailing === undefined
      ? undefined
      : validate.integerAtLeast("options.trailing", options.trailing, 2)
  const level = validate.levelOrDefault(options)
  // Lorden (1971): a threshold of ln(ARL) on the log-likelihood-ratio CUSUM gives an in-control
  // average run length of at least ARL.
  const threshold = Math.log(arl)
  const up = Math.log(p1 / p0)
  const down = Math.log((1 - p1) / (1 - p0))

  // The closed windows the next sliding window still covers, once `window` has closed.
  const keep = (recent: State<S>["recent"], window: NonNullable<State<S>["window"]>): State<S>["recent"] =>
    trailing === undefined ? [] : [...recent, window].filter((w) => w.index > window.index - trailing + 1)

  const slide = (
    recent: State<S>["recent"],
    window: NonNullable<State<S>["window"]>
  ): Trailing<S> | undefined => {
    if (trailing === undefined) return undefined
    const first = window.index - trailing + 1
    const summary = [...recent.filter((w) => w.index >= first), window].reduce(
      (acc, w) => ops.combine(acc, w.summary),
      ops.empty
    )
    return {
      periods: trailing,
      from: Period.label(first, period),
      summary,
      score: ops.score(summary),
      interval: ops.interval(summary, level),
      comparison: ops.compare(summary, baseline, level)
    }
  }

  const closed = (
    window: NonNullable<State<S>["window"]>,
    recent: State<S>["recent"],
    state: State<S>,
    partial: boolean
  ): WindowClosed<S> => ({
    _tag: "WindowClosed",
    period,
    label: Period.label(window.index, period),
    start: Period.start(window.index, period),
    end: Period.start(window.index + 1, period),
    summary: window.summary,
    score: ops.score(window.summary),
    interval: ops.interval(window.summary, level),
    comparison: ops.compare(window.summary, baseline, level),
    partial,
    trailing: slide(recent, window),
    state
  })

  const initial: State<S> = {
    responses: 0,
    watched: 0,
    statistic: 0,
    run: { answers: 0, unhappy: 0, since: undefined },
    window: undefined,
    recent: [],
    alerts: 0
  }

  const step = (state: State<S>, response: Response) => {
    const index = state.responses
    const accumulator = ops.responses("responses")
    accumulator.add(response, index)
    const one = accumulator.result()
    if (ops.total(one) === 0) return { state: { ...state, responses: index + 1 }, events: [] }
    const at = Period.toEpochMillis(response.timestamp, `responses[${index}].timestamp`)
    const windowIndex = Period.index(at, period)
    const events: Array<Event<S>> = []
    let window = state.window
    if (window !== undefined && windowIndex < window.index)
      validate.invalid(
        `responses[${index}].timestamp`,
        new Date(at).toISOString(),
        `at or after the open window (${Period.label(window.index, period)}): answers in time order`
      )
    const finished = window !== undefined && windowIndex > window.index ? window : undefined
    if (finished !== undefined) window = undefined
    window = { index: windowIndex, summary: ops.combine(window?.summary ?? ops.empty, one) }

    const unhappy = ops.unhappy(one) > 0
    let statistic = Math.max(0, state.statistic + (unhappy ? up : down))
    let run =
      state.statistic === 0
        ? { answers: 1, unhappy: unhappy ? 1 : 0, since: at }
        : {
            answers: state.run.answers + 1,
            unhappy: state.run.unhappy + (unhappy ? 1 : 0),
            since: state.run.since
          }
    let alerts = state.alerts
    if (statistic >= threshold) {
      events.push({
        _tag: "Alert",
        metric: ops.metric,
        at,
        detectedAt: undefined,
        statistic,
        threshold,
        baselineShare: p0,
        alternativeShare: p1,
        since: run.since as number,
        answers: run.answers,
        unhappy: run.unhappy,
        observedShare: run.unhappy / run.answers
      })
      alerts++
      statistic = 0 // restart after an alarm
    }
    if (statistic === 0) run = { answers: 0, unhappy: 0, since: undefined }
    const recent = finished === undefined ? state.recent : keep(state.recent, finished)
    const next: State<S> = {
      responses: index + 1,
      watched: state.watched + 1,
      statistic,
      run,
      window,
      recent,
      alerts
    }
    // The finished window comes first; its checkpoint is the state before this answer, with the
    // window closed.
    if (finished !== undefined)
      events.unshift(closed(finished, state.recent, { ...state, window: undefined, recent }, false))
    return { state: next, events }
  }

  const flush = (state: State<S>): ReadonlyArray<WindowClosed<S>> =>
    state.window === undefined ? [] : [closed(state.window, state.recent, state, true)]

  return { metric: ops.metric, baselineShare: p0, alternativeShare: p1, threshold, initial, step, flush }
}

/**
 * Runs a detector over a `Stream` of survey responses: the `WindowClosed` and `Alert` events as
 * they happen (the last window when the stream ends), each alert stamped with the `Clock` time
 * (`detectedAt`; `TestClock` in tests). `options.state` resumes from a checkpoint. The stream
 * fails with the `MetricError` of the first bad response.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { Alerts, Nps } from "@cxkit/metrics"
 *
 * const detector = Alerts.detector({
 *   baseline: Nps.fromCounts({ promoters: 50, passives: 30, detractors: 20 }),
 *   increase: 0.3,
 *   averageRunLength: 100
 * })
 * // A day of 20 detractors in a row: the alert comes on the 6th.
 * const responses = Array.from({ length: 20 }, (_, i) => ({
 *   question: { metric: "nps" as const }, score: 2, timestamp: Date.UTC(2024, 4, 1, 9, i)
 * }))
 * const events = await Effect.runPromise(Stream.runCollect(Alerts.stream(detector, Stream.fromIterable(responses))))
 * console.log(events.map((e) => e._tag)) // ["Alert", "Alert", "Alert", "WindowClosed"]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const stream = <S extends Summary, E, R>(
  self: Detector<S>,
  responses: Stream.Stream<Response, E, R>,
  options?: { readonly state?: State<S> | undefined }
): Stream.Stream<Event<S>, E | MetricError, R> =>
  responses.pipe(
    Stream.mapAccumEffect(
      () => options?.state ?? self.initial,
      (state, response: Response) =>
        Effect.gen(function* () {
          const result = yield* Effect.try({
            try: () => self.step(state, response),
            // A MetricError is the documented failure; anything else is a defect.
            catch: (error) => {
              if (error instanceof MetricError) return error
              throw error
            }
          })
          if (!result.events.some((e) => e._tag === "Alert")) return [result.state, result.events] as const
          const now = yield* Clock.currentTimeMillis
          return [
            result.state,
            result.events.map((e) => (e._tag === "Alert" ? { ...e, detectedAt: now } : e))
          ] as const
        }),
      { onHalt: (state) => self.flush(state) }
    )
  )
