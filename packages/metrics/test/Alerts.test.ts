import { describe, expect, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { TestClock } from "effect/testing"
import fc from "fast-check"
import { Alerts, Ces, Csat, MetricError, Nps } from "../src/index.ts"
import { uniform } from "../src/internal/random.ts"
import { metricError } from "./support/assert.ts"

const nps = { metric: "nps" } as const
const DAY = 86_400_000
const T0 = Date.UTC(2024, 4, 1)

// NPS answers whose detractor share is `share`: a detractor scores 3, the others 9.
const answers = (seed: number, count: number, share: number, start = T0, spacing = 60_000) => {
  const next = uniform(seed)
  return Array.from({ length: count }, (_, i) => ({
    question: nps,
    score: next() < share ? 3 : 9,
    timestamp: start + i * spacing
  }))
}

const run = <S extends Alerts.Summary>(
  detector: Alerts.Detector<S>,
  responses: ReadonlyArray<Alerts.Response>,
  from = detector.initial
) => {
  let state = from
  const events: Array<Alerts.Event<S>> = []
  for (const r of responses) {
    const result = detector.step(state, r)
    state = result.state
    events.push(...result.events)
  }
  return { state, events, final: [...events, ...detector.flush(state)] }
}

const baseline = Nps.fromCounts({ promoters: 500, passives: 300, detractors: 200 }) // 20 % detractors

describe("Alerts.detector", () => {
  it("designs the Bernoulli CUSUM from the baseline", () => {
    const d = Alerts.detector({ baseline, increase: 0.1, averageRunLength: 1000 })
    expect(d).toMatchObject({ metric: "nps", baselineShare: 0.2 })
    expect(d.alternativeShare).toBeCloseTo(0.3, 15)
    expect(d.threshold).toBeCloseTo(Math.log(1000), 15)
  })

  it("raises false alarms no more often than once per averageRunLength answers (Lorden 1971)", () => {
    // 200,000 answers at the baseline share: e^h = 1000 bounds the mean run length from below.
    const d = Alerts.detector({ baseline, increase: 0.1, averageRunLength: 1000 })
    const { events } = run(d, answers(1, 200_000, 0.2, T0, 1000))
    const alarms = events.filter((e) => e._tag === "Alert").length
    expect(alarms).toBeLessThan(200)
  })

  it("detects a rise to the designed share after about h / KL answers", () => {
    const d = Alerts.detector({ baseline, increase: 0.1, averageRunLength: 1000 })
    const [p0, p1] = [0.2, 0.3]
    const kl = p1 * Math.log(p1 / p0) + (1 - p1) * Math.log((1 - p1) / (1 - p0))
    const delays = Array.from({ length: 40 }, (_, seed) => {
      const stream = answers(seed + 100, 5000, 0.3)
      const first = run(d, stream).events.find((e) => e._tag === "Alert") as Alerts.Alert
      return (first.at - T0) / 60_000 + 1
    })
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length
    // Wald's approximation h / KL ≈ 245; the CUSUM's overshoot and restarts add a little.
    expect(mean).toBeGreaterThan(0.7 * (d.threshold / kl))
    expect(mean).toBeLessThan(1.5 * (d.threshold / kl))
  })

  it("reports the evidence of an alert: the run since the statistic was 0", () => {
    const d = Alerts.detector({ baseline, increase: 0.3, averageRunLength: 100 })
    const responses = [
      ...answers(3, 50, 0),
      ...Array.from({ length: 10 }, (_, i) => ({
        question: nps,
        score: 1,
        timestamp: T0 + (50 + i) * 60_000
      }))
    ]
    const alert = run(d, responses).events.find((e) => e._tag === "Alert") as Alerts.Alert
    // ln(0.5 / 0.2) per detractor: the 6th in a row crosses ln(100).
    expect(alert).toMatchObject({
      metric: "nps",
      at: T0 + 55 * 60_000,
      since: T0 + 50 * 60_000,
      answers: 6,
      unhappy: 6,
      observedShare: 1,
      baselineShare: 0.2,
      detectedAt: undefined
    })
    expect(alert.statistic).toBeCloseTo(6 * Math.log(2.5), 12)
    expect(alert.statistic).toBeGreaterThanOrEqual(alert.threshold)
  })

  it("closes calendar windows with their summary, interval and comparison with the baseline", () => {
    const d = Alerts.detector({ baseline, averageRunLength: 1e6 })
    const days = [
      [10, 9, 3],
      [9, 9],
      [2, 2, 10, 8]
    ]
    const responses = days.flatMap((scores, day) =>
      scores.map((score, i) => ({
        question: nps,
        score,
        timestamp: new Date(T0 + day * DAY + i * 3_600_000)
      }))
    )
    const windows = run(d, responses).final.filter((e) => e._tag === "WindowClosed")
    expect(windows.map((w) => w.label)).toEqual(["2024-05-01", "2024-05-02", "2024-05-03"])
    windows.forEach((w, i) => {
      const summary = Nps.fromAnswers(days[i] as Array<number>)
      expect(w.summary).toEqual(summary)
      expect(w.score).toBe(Nps.score(summary))
      expect(w.interval).toEqual(Nps.interval(summary))
      expect(w.comparison).toEqual(Nps.compare(summary, baseline))
      expect(w.start).toBe(T0 + i * DAY)
      expect(w.end).toBe(T0 + (i + 1) * DAY)
    })
    expect(windows.map((w) => w.partial)).toEqual([false, false, true])
    // Checkpoints: resume with the answers from state.responses on (the open day's state carries
    // its window, so it continues).
    expect(windows[0]?.state).toMatchObject({ responses: 3, window: undefined })
    expect(windows[2]?.state).toMatchObject({
      responses: 9,
      window: { summary: Nps.fromAnswers([2, 2, 10, 8]) }
    })
  })

  it("reports a sliding window of the last periods, merged from the window summaries", () => {
    const d = Alerts.detector({ baseline, averageRunLength: 1e6, trailing: 3 })
    const days: ReadonlyArray<readonly [number, ReadonlyArray<number>]> = [
      [0, [10, 3]],
      [1, [9]],
      [3, [2, 2]], // nothing on 3 May
      [4, [10]]
    ]
    const responses = days.flatMap(([day, scores]) =>
      scores.map((score, i) => ({ question: nps, score, timestamp: T0 + day * DAY + i * 60_000 }))
    )
    const windows = run(d, responses).final.filter((e) => e._tag === "WindowClosed")
    expect(windows.map((w) => [w.label, w.trailing?.from])).toEqual([
      ["2024-05-01", "2024-04-29"],
      ["2024-05-02", "2024-04-30"],
      ["2024-05-04", "2024-05-02"],
      ["2024-05-05", "2024-05-03"]
    ])
    const covered = [
      [10, 3],
      [10, 3, 9],
      [9, 2, 2],
      [2, 2, 10]
    ]
    windows.forEach((w, i) => {
      const summary = Nps.fromAnswers(covered[i] as Array<number>)
      expect(w.trailing).toMatchObject({ periods: 3, summary, score: Nps.score(summary) })
      expect(w.trailing?.comparison).toEqual(Nps.compare(summary, baseline))
    })
    expect(Alerts.detector({ baseline }).initial.recent).toEqual([])
    expect(metricError(() => Alerts.detector({ baseline, trailing: 1 })).message).toBe(
      "options.trailing: 1 is not an integer ≥ 2"
    )
  })

  it("skips other metrics' answers, and refuses late ones", () => {
    const d = Alerts.detector({ baseline })
    const { state } = run(d, [
      { question: nps, score: 9, timestamp: T0 + DAY },
      { question: { metric: "csat", min: 1, max: 5 }, score: 1, timestamp: T0 }
    ])
    expect(state).toMatchObject({ responses: 2, watched: 1 })
    expect(metricError(() => d.step(state, { question: nps, score: 9, timestamp: T0 })).message).toBe(
      'responses[2].timestamp: "2024-05-01T00:00:00.000Z" is not at or after the open window (2024-05-02): answers in time order'
    )
    expect(metricError(() => d.step(state, { question: nps, score: 11, timestamp: T0 + DAY })).message).toBe(
      "responses[2].score: 11 is not an integer from 0 to 10"
    )
  })

  it("watches the unsatisfied share of CSAT and the share not agreeing of CES 2.0", () => {
    const csatBaseline = Csat.fromCounts({ counts: [10, 10, 30, 25, 25] }) // 50 % below 4
    const csat = Alerts.detector({ baseline: csatBaseline, increase: 0.2 })
    expect(csat.baselineShare).toBe(0.5)
    const csatState = run(csat, [
      { question: { metric: "csat", min: 1, max: 5 }, score: 3, timestamp: T0 }
    ]).state
    expect(csatState.statistic).toBeCloseTo(Math.log(0.7 / 0.5), 12)
    expect(
      metricError(() =>
        csat.step(csat.initial, { question: { metric: "csat", min: 1, max: 7 }, score: 3, timestamp: T0 })
      ).field
    ).toBe("responses[0].question")

    const ces = Alerts.detector({ baseline: Ces.fromCounts({ counts: [5, 5, 5, 5, 20, 40, 20] }) }) // 20 % at 1–4
    expect(ces.baselineShare).toBe(0.2)
    // The original CES (1–5, lower is easier): high effort is 4–5.
    const effort = Alerts.detector({ baseline: Ces.fromAnswers([1, 2, 2, 3, 4], { scale: "effort-5" }) })
    expect(effort.baselineShare).toBe(0.2)
    const high = run(effort, [{ question: { metric: "ces", scale: "effort-5" }, score: 5, timestamp: T0 }])
    expect(high.state.statistic).toBeCloseTo(Math.log(0.25 / 0.2), 12)
    expect(high.state.window?.summary).toEqual(Ces.fromAnswers([5], { scale: "effort-5" }))
  })

  it("refuses a baseline without both kinds of answer, and bad options", () => {
    expect(
      metricError(() =>
        Alerts.detector({ baseline: Nps.fromCounts({ promoters: 10, passives: 0, detractors: 0 }) })
      ).message
    ).toBe("options.baseline: 0 is not unhappy answers strictly between 0 and all 10 answers")
    expect(metricError(() => Alerts.detector({ baseline, increase: 0.8 })).message).toBe(
      "options.increase: 0.8 is not less than 1 − the baseline share (0.8)"
    )
    expect(metricError(() => Alerts.detector({ baseline, averageRunLength: 1 })).message).toBe(
      "options.averageRunLength: 1 is not more than 1 answer"
    )
    expect(metricError(() => Alerts.detector({ baseline, window: "hour" as "day" })).field).toBe(
      "options.window"
    )
  })

  it("resumes from any state, also after a JSON round trip", () => {
    const d = Alerts.detector({ baseline, increase: 0.15, averageRunLength: 200, trailing: 7 })
    const responses = answers(9, 3000, 0.3, T0, 600_000)
    const whole = run(d, responses).final
    fc.assert(
      fc.property(fc.integer({ min: 0, max: responses.length }), (cut) => {
        const first = run(d, responses.slice(0, cut))
        const saved = JSON.parse(JSON.stringify(first.state)) as typeof first.state
        const rest = run(d, responses.slice(cut), saved)
        expect([...first.events, ...rest.final]).toEqual(whole)
      }),
      { numRuns: 40 }
    )
  })
})

describe("Alerts.stream", () => {
  it.effect("emits windows and alerts as the stream flows, alerts stamped with the Clock", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(Date.UTC(2024, 5, 1, 12))
      const d = Alerts.detector({ baseline, increase: 0.3, averageRunLength: 100 })
      const responses = [
        ...answers(3, 30, 0),
        ...Array.from({ length: 6 }, (_, i) => ({ question: nps, score: 0, timestamp: T0 + DAY + i }))
      ]
      const events = yield* Stream.runCollect(Alerts.stream(d, Stream.fromIterable(responses)))
      expect(events.map((e) => e._tag)).toEqual(["WindowClosed", "Alert", "WindowClosed"])
      expect((events[1] as Alerts.Alert).detectedAt).toBe(Date.UTC(2024, 5, 1, 12))
      expect(events.filter((e) => e._tag !== "Alert")).toEqual(
        run(d, responses).final.filter((e) => e._tag !== "Alert")
      )

      // Resume from the first window's checkpoint: the rest of the events follow.
      const checkpoint = (events[0] as Alerts.WindowClosed<Nps.Nps>).state
      const resumed = yield* Stream.runCollect(
        Alerts.stream(d, Stream.fromIterable(responses.slice(checkpoint.responses)), { state: checkpoint })
      )
      expect(resumed).toEqual(events.slice(1))
    })
  )

  it.effect("fails with the MetricError of a bad response", () =>
    Effect.gen(function* () {
      const d = Alerts.detector({ baseline })
      const error = yield* Effect.flip(
        Stream.runCollect(Alerts.stream(d, Stream.make({ question: nps, score: 12, timestamp: T0 })))
      )
      expect(error).toBeInstanceOf(MetricError.MetricError)
      expect(error.message).toBe("responses[0].score: 12 is not an integer from 0 to 10")
    })
  )
})
