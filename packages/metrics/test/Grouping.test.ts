import { describe, expect, it } from "@effect/vitest"
import { DateTime } from "effect"
import fc from "fast-check"
import { Csat, Grouping, MetricError, Nps } from "../src/index.ts"
import { defined } from "./support/assert.ts"

interface Response {
  readonly channel: string
  readonly score: number
  readonly at: number
}

describe("Grouping", () => {
  it("reads calendar windows in the given IANA time zone", () => {
    // 23:30 UTC on 31 March 2024 is 01:30 on 1 April in Paris (CEST, UTC+2) but still 31 March
    // in New York (EDT, UTC−4).
    const responses = [{ score: 10, at: Date.parse("2024-03-31T23:30:00Z") }]
    const paris = Grouping.byWindow(responses, {
      metric: Nps.metric(),
      value: (r) => r.score,
      at: (r) => r.at,
      unit: "month",
      timeZone: "Europe/Paris"
    })
    expect(paris.map((w) => w.window)).toEqual([
      { unit: "month", timeZone: "Europe/Paris", start: "2024-04-01", end: "2024-05-01" }
    ])
    const newYork = Grouping.byWindow(responses, {
      metric: Nps.metric(),
      value: (r) => r.score,
      at: (r) => new Date(r.at),
      unit: "day",
      timeZone: "America/New_York"
    })
    expect(newYork.map((w) => w.window.start)).toEqual(["2024-03-31"])
  })

  it("follows daylight saving: days around the Paris spring-forward night", () => {
    // 2024-03-31 00:30 local = 23:30Z on the 30th (UTC+1); 23:30 local = 21:30Z (UTC+2).
    const responses = [
      { score: 10, at: Date.parse("2024-03-30T23:30:00Z") },
      { score: 0, at: Date.parse("2024-03-31T21:30:00Z") },
      { score: 0, at: Date.parse("2024-03-31T22:30:00Z") }
    ]
    const days = Grouping.byWindow(responses, {
      metric: Nps.metric(),
      value: (r) => r.score,
      at: (r) => DateTime.makeUnsafe(r.at),
      unit: "day",
      timeZone: "Europe/Paris"
    })
    expect(days.map((d) => [d.window.start, Nps.score(d.summary)])).toEqual([
      ["2024-03-31", 0],
      ["2024-04-01", -100]
    ])
  })

  it("uses ISO weeks starting on Monday and fills empty windows", () => {
    const responses = [
      { score: 9, at: Date.UTC(2024, 0, 7, 12) }, // Sunday 7 Jan → week of Mon 1 Jan
      { score: 3, at: Date.UTC(2024, 0, 8, 12) }, // Monday 8 Jan
      { score: 10, at: Date.UTC(2024, 0, 24, 12) } // Wednesday 24 Jan → week of 22 Jan
    ]
    const weeks = Grouping.byWindow(responses, {
      metric: Nps.metric(),
      value: (r) => r.score,
      at: (r) => r.at,
      unit: "week",
      timeZone: "UTC"
    })
    expect(weeks.map((w) => [w.window.start, w.window.end, Nps.score(w.summary)])).toEqual([
      ["2024-01-01", "2024-01-08", 100],
      ["2024-01-08", "2024-01-15", -100],
      ["2024-01-15", "2024-01-22", undefined],
      ["2024-01-22", "2024-01-29", 100]
    ])
  })

  it("segments and windows in one pass; the groups merge back to the whole", () => {
    const responseArb = fc.record({
      channel: fc.constantFrom("chat", "email", "store"),
      score: fc.integer({ min: 0, max: 10 }),
      at: fc.integer({ min: Date.UTC(2023, 11, 1), max: Date.UTC(2024, 2, 31) })
    })
    fc.assert(
      fc.property(fc.array(responseArb, { maxLength: 80 }), (responses: Array<Response>) => {
        const groups = Grouping.summarize(responses, {
          metric: Nps.metric(),
          value: (r) => r.score,
          segment: (r) => r.channel,
          window: { at: (r) => r.at, unit: "month", timeZone: "Asia/Kolkata" }
        })
        expect(Nps.Reducer.combineAll(groups.map((g) => g.summary))).toEqual(
          Nps.fromAnswers(responses.map((r) => r.score))
        )
        const bySegment = Grouping.bySegment(responses, {
          metric: Nps.metric(),
          value: (r) => r.score,
          segment: (r) => r.channel
        })
        for (const [channel, summary] of bySegment) {
          expect(summary).toEqual(
            Nps.fromAnswers(responses.filter((r) => r.channel === channel).map((r) => r.score))
          )
          const windows = groups.filter((g) => g.segment === channel)
          expect(Nps.Reducer.combineAll(windows.map((g) => g.summary))).toEqual(summary)
          const starts = windows.map((g) => g.window?.start as string)
          expect([...starts].sort()).toEqual(starts)
        }
      }),
      { numRuns: 50 }
    )
  })

  it("without segment or window, summarizes everything (an empty input gives the empty summary)", () => {
    expect(Grouping.summarize([], { metric: Csat.metric(), value: (r: number) => r })).toEqual([
      { segment: undefined, window: undefined, summary: Csat.empty }
    ])
    const [all] = Grouping.summarize([5, 1], { metric: Csat.metric(), value: (r) => r })
    expect(Csat.score(defined(all).summary)).toBe(50)
  })

  it("trend: values, changes and least-squares slope over windows", () => {
    const responses = [
      { score: 10, at: Date.UTC(2024, 0, 5) },
      { score: 0, at: Date.UTC(2024, 0, 6) },
      { score: 10, at: Date.UTC(2024, 2, 5) }
    ]
    const windows = Grouping.byWindow(responses, {
      metric: Nps.metric(),
      value: (r) => r.score,
      at: (r) => r.at,
      unit: "month",
      timeZone: "UTC"
    })
    const trend = Grouping.trend(windows, Nps.score)
    expect(trend.points.map((p) => [p.window.start, p.value, p.change])).toEqual([
      ["2024-01-01", 0, undefined],
      ["2024-02-01", undefined, undefined],
      ["2024-03-01", 100, 100]
    ])
    expect(trend.slope).toBe(50) // points (0, 0) and (2, 100)
    expect(Grouping.trend(windows.slice(0, 1), Nps.score).slope).toBeUndefined()
  })

  it("rejects bad answers, times and time zones with a MetricError", () => {
    const base = { metric: Nps.metric(), value: (r: { score: number; at: unknown }) => r.score }
    expect(() =>
      Grouping.summarize(
        [
          { score: 10, at: 0 },
          { score: 11, at: 0 }
        ],
        {
          ...base,
          window: { at: (r) => r.at as unknown as number, unit: "day", timeZone: "UTC" }
        }
      )
    ).toThrow("responses[1]: 11 is not an integer from 0 to 10")
    expect(() =>
      Grouping.summarize([{ score: 10, at: "yesterday" }], {
        ...base,
        window: { at: (r) => r.at as unknown as number, unit: "day", timeZone: "UTC" }
      })
    ).toThrow("responses[0].at")
    expect(() =>
      Grouping.summarize([{ score: 10, at: 0 }], {
        ...base,
        window: { at: (r) => r.at as number, unit: "day", timeZone: "Mars/Olympus" }
      })
    ).toThrow(MetricError.MetricError)
  })
})
