import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import { CoreError, Journey, JourneyStage, Timestamp } from "../src/index.ts"

const at = (iso: string) => Timestamp.parse(iso)
const tp = (
  id: string,
  customerId: string,
  iso: string,
  kind: string,
  extra: Partial<Journey.JourneyInput> = {}
) => ({
  id,
  customerId,
  timestamp: at(iso),
  kind,
  channel: "web",
  ...extra
})

describe("Journey.build", () => {
  const touchpoints = [
    tp("4", "c1", "2024-05-09T08:00:00Z", "ticket-opened"),
    tp("1", "c1", "2024-05-01T10:00:00Z", "ad-click"),
    tp("3", "c1", "2024-05-01T10:20:00Z", "checkout"),
    tp("2", "c1", "2024-05-01T10:05:00Z", "product-view"),
    tp("5", "c2", "2024-05-02T09:00:00Z", "page-view"),
    tp("6", "c2", "2024-05-02T09:01:00Z", "unmapped-kind")
  ]

  it("splits on an inactivity gap and derives stage visits", () => {
    const journeys = Journey.build(touchpoints, { by: "inactivity", gap: "1 day" })
    expect(journeys.map((j) => j.id)).toEqual(["c1/1", "c1/2", "c2/1"])
    const first = journeys[0]
    expect(first?.touchpoints.map((t) => t.id)).toEqual(["1", "2", "3"])
    expect(first?.visits.map((v) => [v.stage, v.durationMillis, v.touchpoints])).toEqual([
      ["discover", 5 * 60_000, 1],
      ["research", 15 * 60_000, 1],
      ["purchase", 0, 1]
    ])
    expect(first?.furthestStage).toBe("purchase")
    expect(first?.stoppedAt).toBe("purchase")
    expect(first?.timeInStage).toEqual({
      discover: 300_000,
      research: 900_000,
      purchase: 0,
      support: 0,
      loyalty: 0
    })
    expect(Journey.durationMillis(first as Journey.Journey)).toBe(20 * 60_000)
    // An unmapped touchpoint stays in the journey and in the current visit.
    expect(journeys[2]?.visits).toEqual([
      expect.objectContaining({ stage: "research", touchpoints: 2, durationMillis: 60_000 })
    ])
  })

  it("a silence exactly equal to the gap does not split", () => {
    const j = Journey.build(
      [tp("a", "c", "2024-01-01T00:00:00Z", "page-view"), tp("b", "c", "2024-01-01T00:30:00Z", "page-view")],
      { by: "inactivity", gap: "30 minutes" }
    )
    expect(j.length).toBe(1)
  })

  it("groups by explicit journey id", () => {
    const journeys = Journey.build(
      [
        tp("1", "c1", "2024-05-01T10:00:00Z", "ticket-opened", { journeyId: "T-1" }),
        tp("2", "c1", "2024-05-01T11:00:00Z", "purchase", { journeyId: "O-9" }),
        tp("3", "c1", "2024-05-03T10:00:00Z", "ticket-solved", { journeyId: "T-1" })
      ],
      { by: "journey-id" }
    )
    expect(journeys.map((j) => [j.id, j.touchpoints.length])).toEqual([
      ["c1/T-1", 2],
      ["c1/O-9", 1]
    ])
  })

  it("uses a custom stage mapping and a touchpoint's own stage first", () => {
    const mapping = JourneyStage.withMapping(JourneyStage.defaultMapping, { byKind: { webinar: "research" } })
    const [j] = Journey.build(
      [
        tp("1", "c", "2024-01-01T00:00:00Z", "webinar"),
        tp("2", "c", "2024-01-01T00:01:00Z", "page-view", { stage: "loyalty" })
      ],
      { by: "inactivity", gap: "1 hour", mapping }
    )
    expect(j?.visits.map((v) => v.stage)).toEqual(["research", "loyalty"])
  })

  it("rejects bad input with a CoreError naming the problem", () => {
    expect(() => Journey.build(touchpoints, { by: "inactivity", gap: 0 })).toThrow(
      'options.gap: "0" is not a positive duration'
    )
    expect(() =>
      Journey.build([tp("1", "", "2024-01-01T00:00:00Z", "k")], { by: "inactivity", gap: "1 hour" })
    ).toThrow(CoreError.CoreError)
    expect(() => Journey.build([tp("1", "c", "2024-01-01T00:00:00Z", "k")], { by: "journey-id" })).toThrow(
      "touchpoints[0].journeyId: undefined is not a non-empty journey id (required when building by journey id)"
    )
    const noTime = { id: "1", customerId: "c", kind: "k", channel: "web" } as unknown as Journey.JourneyInput
    expect(() => Journey.build([noTime], { by: "inactivity", gap: "1 hour" })).toThrow(
      "touchpoints[0].timestamp: undefined is not a DateTime.Utc timestamp"
    )
  })

  const arbTouchpoints = fc
    .array(
      fc.record({
        customer: fc.constantFrom("a", "b", "c"),
        minute: fc.integer({ min: 0, max: 10_000 }),
        kind: fc.constantFrom("ad-click", "page-view", "purchase", "ticket-opened", "renewal", "other")
      }),
      { maxLength: 60 }
    )
    .map((rows) =>
      rows.map((r, i) => ({
        id: `t${i}`,
        customerId: r.customer,
        timestamp: Timestamp.fromMillis(Date.UTC(2024, 0, 1) + r.minute * 60_000),
        kind: r.kind,
        channel: "web"
      }))
    )
  const summary = (journeys: ReadonlyArray<Journey.Journey>) =>
    journeys.map((j) => [j.id, j.touchpoints.map((t) => t.id), j.visits.map((v) => v.stage)])

  it("does not depend on input order", () => {
    fc.assert(
      fc.property(
        arbTouchpoints.chain((ts) =>
          fc.tuple(fc.constant(ts), fc.shuffledSubarray(ts, { minLength: ts.length, maxLength: ts.length }))
        ),
        ([ts, shuffled]) => {
          const options = { by: "inactivity", gap: "2 hours" } as const
          expect(summary(Journey.build(shuffled, options))).toEqual(summary(Journey.build(ts, options)))
        }
      )
    )
  })

  it("puts every touchpoint in exactly one journey, and gaps inside journeys never exceed the gap", () => {
    fc.assert(
      fc.property(arbTouchpoints, fc.integer({ min: 1, max: 3000 }), (ts, gapMinutes) => {
        const journeys = Journey.build(ts, { by: "inactivity", gap: gapMinutes * 60_000 })
        const ids = journeys.flatMap((j) => j.touchpoints.map((t) => t.id))
        expect(ids.length).toBe(ts.length)
        expect(new Set(ids).size).toBe(ts.length)
        for (const j of journeys) {
          for (let i = 1; i < j.touchpoints.length; i++) {
            const gap =
              (j.touchpoints[i]?.timestamp.epochMilliseconds ?? 0) -
              (j.touchpoints[i - 1]?.timestamp.epochMilliseconds ?? 0)
            expect(gap).toBeGreaterThanOrEqual(0)
            expect(gap).toBeLessThanOrEqual(gapMinutes * 60_000)
          }
        }
      })
    )
  })
})
