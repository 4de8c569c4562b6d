import { Journey } from "@cxkit/core"
import { describe, expect, it } from "@effect/vitest"
import fc from "fast-check"
import { MetricError, StageAnalytics } from "../src/index.ts"
import { arbitraryTouchpoints, tp } from "./journeyFixtures.ts"

const MIN = 60_000
// Three journeys (gap 1 day), stages from core's default mapping:
// c1: ad-click (discover) 0 → product-view (research) 10 → purchase 30 → ticket-opened (support) 90
// c2: ad-click 0 → product-view 20 (stops in research)
// c3 (email segment): product-view 0 → pricing-view 5 → add-to-cart (purchase) 45
const rows = [
  tp("1", "c1", 0, "ad-click", "advertising"),
  tp("2", "c1", 10 * MIN, "product-view"),
  tp("3", "c1", 30 * MIN, "purchase"),
  tp("4", "c1", 90 * MIN, "ticket-opened", "email"),
  tp("5", "c2", 0, "ad-click", "advertising"),
  tp("6", "c2", 20 * MIN, "product-view"),
  tp("7", "c3", 0, "product-view", "email"),
  tp("8", "c3", 5 * MIN, "pricing-view"),
  tp("9", "c3", 45 * MIN, "add-to-cart")
]
const journeys = Journey.build(rows, { by: "inactivity", gap: "1 day" })
const firstChannel = (j: Journey.Journey) => j.touchpoints[0]?.channel ?? "none"

describe("StageAnalytics.dropOff", () => {
  it("counts reached, continued and stopped journeys per stage", () => {
    const [all] = StageAnalytics.dropOff(journeys)
    expect(all?.journeys).toBe(3)
    expect(all?.stages.map((s) => [s.stage, s.reached, s.continued, s.dropOffRate, s.stoppedHere])).toEqual([
      ["discover", 3, 3, 0, 0],
      ["research", 3, 2, expect.closeTo(1 / 3, 14), 1],
      ["purchase", 2, 1, 0.5, 1],
      ["support", 1, 0, 1, 1],
      ["loyalty", 0, 0, undefined, 0]
    ])
  })

  it("splits by segment", () => {
    const result = StageAnalytics.dropOff(journeys, { segment: firstChannel })
    expect(result.map((s) => [s.segment, s.journeys, s.stages.map((x) => x.reached)])).toEqual([
      ["advertising", 2, [2, 2, 1, 1, 0]],
      ["email", 1, [1, 1, 1, 0, 0]]
    ])
  })

  it("reached counts never increase along the stage order", () => {
    fc.assert(
      fc.property(arbitraryTouchpoints, (tps) => {
        const mapped = tps.map((t, i) => ({
          ...t,
          kind: ["ad-click", "product-view", "purchase", "ticket-opened"][i % 4] as string
        }))
        for (const segment of StageAnalytics.dropOff(
          Journey.build(mapped, { by: "inactivity", gap: "20 minutes" })
        )) {
          for (let s = 1; s < segment.stages.length; s++) {
            expect(segment.stages[s]?.reached).toBeLessThanOrEqual(segment.stages[s - 1]?.reached as number)
          }
        }
      })
    )
  })
})

describe("StageAnalytics.timeInStage", () => {
  it("summarises time in each stage over the journeys that visited it", () => {
    const [all] = StageAnalytics.timeInStage(journeys, { percentiles: [0.5] })
    const stage = (name: string) => all?.stages.find((s) => s.stage === name)
    // discover: c1 10 min, c2 20 min; research: c1 20, c2 0 (last visit), c3 45; purchase: c1 60, c3 0.
    expect(stage("discover")?.journeys).toBe(2)
    expect(stage("discover")?.time?.mean).toBe(15 * MIN)
    expect(stage("research")?.time?.median).toBe(20 * MIN)
    expect(stage("research")?.time?.mean).toBe((65 * MIN) / 3)
    expect(stage("purchase")?.time?.percentiles).toEqual([{ level: 0.5, value: 30 * MIN }])
    expect(stage("loyalty")).toEqual({ stage: "loyalty", journeys: 0, time: undefined })
  })

  it("rejects bad input with MetricError", () => {
    expect(() => StageAnalytics.timeInStage(journeys, { percentiles: [2] })).toThrow(MetricError.MetricError)
    expect(() => StageAnalytics.dropOff([{}] as never)).toThrow("journeys[0]")
  })
})
