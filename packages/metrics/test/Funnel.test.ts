import { Journey } from "@cxkit/core"
import { describe, expect, it } from "@effect/vitest"
import fc from "fast-check"
import { Funnel, MetricError } from "../src/index.ts"
import { arbitraryTouchpoints, type Tp, tp } from "./journeyFixtures.ts"

const SEC = 1000
const is =
  (kind: string) =>
  (t: Tp): boolean =>
    t.kind === kind
const steps = (...kinds: ReadonlyArray<string>) => kinds.map((kind) => ({ name: kind, where: is(kind) }))
const level = (touchpoints: ReadonlyArray<Tp>, options: Funnel.Options<Tp>): number => {
  const levels = Funnel.levels(touchpoints, options)
  return levels.length === 0 ? 0 : Math.max(...levels.map((l) => l.level))
}

describe("Funnel: ClickHouse windowFunnel", () => {
  // The documented example of windowFunnel (ClickHouse docs, "Parametric aggregate functions",
  // windowFunnel, Example): user 1's events 1003, 1009, 1007, 1010 (rows not in time order), the
  // chain eventID = 1003, 1009, 1007, 1010 and a window of 6048000000000000 seconds give level 4.
  it("reproduces the documented example (level 4)", () => {
    const at = (iso: string) => Date.parse(iso)
    const rows = [
      tp("r1", "1", at("2019-01-29T10:00:00Z"), "1003"),
      tp("r2", "1", at("2019-01-31T09:00:00Z"), "1007"),
      tp("r3", "1", at("2019-01-30T08:00:00Z"), "1009"),
      tp("r4", "1", at("2019-02-01T08:00:00Z"), "1010")
    ]
    const levels = Funnel.levels(rows, {
      steps: steps("1003", "1009", "1007", "1010"),
      window: "6048000000000000 seconds"
    })
    expect(levels).toHaveLength(1)
    expect(levels[0]?.level).toBe(4)
  })

  // ClickHouse's functional test tests/queries/0_stateless/00632_aggregation_window_funnel.sql:
  // events 1000…1008 at t = 0…8 s (funnel_test), 1001…1008 at t = 1…8 s (funnel_test2), and
  // 1000@0, 1001@1, 1002@1, 1003@1, 1004@2 (funnel_test_strict_increase). Expected levels below.
  const funnelTest = Array.from({ length: 9 }, (_, i) => tp(`f${i}`, "u", i * SEC, String(1000 + i)))
  const funnelTest2 = Array.from({ length: 8 }, (_, i) => tp(`g${i}`, "u", (i + 1) * SEC, String(1001 + i)))
  const increase = [
    tp("s0", "u", 0, "1000"),
    tp("s1", "u", SEC, "1001"),
    tp("s2", "u", SEC, "1002"),
    tp("s3", "u", SEC, "1003"),
    tp("s4", "u", 2 * SEC, "1004")
  ]
  it.each([
    [funnelTest, 10000, ["1000"], 1],
    [funnelTest, 10000, ["1000", "1001"], 2],
    [funnelTest, 10000, ["1000", "1001", "1002"], 3],
    [funnelTest, 10000, ["1000", "1001", "1002", "1008"], 4],
    [funnelTest, 1, ["1000"], 1],
    [funnelTest, 2, ["1003", "1004", "1005", "1006", "1007"], 3],
    [funnelTest, 3, ["1003", "1004", "1005", "1006", "1007"], 4],
    [funnelTest, 4, ["1003", "1004", "1005", "1006", "1007"], 5],
    [funnelTest2, 4, ["1003", "1004", "1005", "1006", "1007"], 5],
    [funnelTest2, 10000, ["1001", "1008"], 2],
    [funnelTest2, 10000, ["1008", "1001"], 1],
    [increase, 10000, ["1000", "1001", "1002", "1003", "1004"], 5]
  ] as const)("default mode: window %#", (rows, windowSeconds, kinds, expected) => {
    expect(level(rows, { steps: steps(...kinds), window: `${windowSeconds} seconds` })).toBe(expected)
  })

  it("overlapping conditions: event <= 1007, >= 1002, <= 1006, >= 1004 reach level 4 (window 4)", () => {
    const num = (t: Tp) => Number(t.kind)
    const overlapping = [
      { name: "<=1007", where: (t: Tp) => num(t) <= 1007 },
      { name: ">=1002", where: (t: Tp) => num(t) >= 1002 },
      { name: "<=1006", where: (t: Tp) => num(t) <= 1006 },
      { name: ">=1004", where: (t: Tp) => num(t) >= 1004 }
    ]
    expect(level(funnelTest2, { steps: overlapping, window: "4 seconds" })).toBe(4)
  })

  it("strict_increase: equal timestamps do not advance (level 2)", () => {
    const kinds = ["1000", "1001", "1002", "1003", "1004"]
    expect(
      level(increase, { steps: steps(...kinds), window: "10000 seconds", strictlyIncreasing: true })
    ).toBe(2)
  })

  it("one touchpoint fills one step: a single 1004 row is level 1 here, 3 in ClickHouse", () => {
    // ClickHouse lets one row satisfy all three `event = 1004` conditions (level 3); a touchpoint
    // counts once here, so the repeated step needs repeated touchpoints.
    expect(level(increase, { steps: steps("1004", "1004", "1004"), window: "10000 seconds" })).toBe(1)
  })

  // Documented modes (ClickHouse docs, windowFunnel parameters): 'strict_order' — "in the case of
  // A->B->D->C, it stops finding A->B->C at the D and the max event level is 2";
  // 'strict_deduplication' — a repeated condition interrupts processing (A-B-C-B-D over A,B,C,D → 3).
  it("strict order: A→B→D→C stops at D (level 2); loose order reaches 3", () => {
    const rows = ["A", "B", "D", "C"].map((k, i) => tp(`x${i}`, "u", i * SEC, k))
    expect(level(rows, { steps: steps("A", "B", "C"), window: "1 hour", order: "strict" })).toBe(2)
    expect(level(rows, { steps: steps("A", "B", "C"), window: "1 hour" })).toBe(3)
  })

  it("deduplication: A-B-C-B-D over A,B,C,D stops at the repeated B (level 3)", () => {
    const rows = ["A", "B", "C", "B", "D"].map((k, i) => tp(`x${i}`, "u", i * SEC, k))
    expect(level(rows, { steps: steps("A", "B", "C", "D"), window: "1 hour", deduplicate: true })).toBe(3)
    expect(level(rows, { steps: steps("A", "B", "C", "D"), window: "1 hour" })).toBe(4)
  })
})

describe("Funnel: window and ties", () => {
  const two = steps("view", "buy")
  it("a step exactly at the window boundary converts; one millisecond later does not", () => {
    const at = (ms: number) => [tp("1", "c", 0, "view"), tp("2", "c", ms, "buy")]
    expect(level(at(3_600_000), { steps: two, window: "1 hour" })).toBe(2)
    expect(level(at(3_600_001), { steps: two, window: "1 hour" })).toBe(1)
  })

  it("the window is anchored at the first step, not the previous one", () => {
    const rows = [tp("1", "c", 0, "a"), tp("2", "c", 50 * 60_000, "b"), tp("3", "c", 70 * 60_000, "c")]
    expect(level(rows, { steps: steps("a", "b", "c"), window: "1 hour" })).toBe(2)
  })

  it("a later first step restarts the window", () => {
    const rows = [
      tp("1", "c", 0, "view"),
      tp("2", "c", 2 * 3_600_000, "view"),
      tp("3", "c", 2.5 * 3_600_000, "buy")
    ]
    const [unit] = Funnel.levels(rows, { steps: two, window: "1 hour" })
    expect(unit?.level).toBe(2)
    expect(unit?.stepMillis).toEqual([2 * 3_600_000, 2.5 * 3_600_000])
  })

  it("steps with equal timestamps convert in step order whatever the ids", () => {
    const rows = [tp("z", "c", 5000, "view"), tp("a", "c", 5000, "buy")]
    expect(level(rows, { steps: two, window: "1 minute" })).toBe(2)
    expect(level(rows, { steps: two, window: "1 minute", strictlyIncreasing: true })).toBe(1)
  })

  it("repeated steps need repeated touchpoints", () => {
    const s = steps("view", "view", "buy")
    expect(level([tp("1", "c", 0, "view"), tp("2", "c", SEC, "buy")], { steps: s, window: "1 hour" })).toBe(1)
    const rows = [tp("1", "c", 0, "view"), tp("2", "c", SEC, "view"), tp("3", "c", 2 * SEC, "buy")]
    expect(level(rows, { steps: s, window: "1 hour" })).toBe(3)
  })
})

describe("Funnel.analyze", () => {
  const rows = [
    tp("1", "c1", 0, "view", "web"),
    tp("2", "c1", 60_000, "cart"),
    tp("3", "c1", 180_000, "buy"),
    tp("4", "c2", 0, "view", "email"),
    tp("5", "c2", 120_000, "cart"),
    tp("6", "c3", 0, "view", "email"),
    tp("7", "c4", 0, "cart")
  ]
  const options: Funnel.Options<Tp> = {
    steps: steps("view", "cart", "buy"),
    window: "1 hour",
    percentiles: [0.5, 0.9]
  }

  it("counts, conversions and times between steps", () => {
    const result = Funnel.analyze(rows, options)
    expect(result.units).toBe(4)
    expect(result.steps.map((s) => s.count)).toEqual([3, 2, 1])
    expect(result.steps.map((s) => s.conversionFromPrevious)).toEqual([1, 2 / 3, 1 / 2])
    expect(result.steps.map((s) => s.conversionFromFirst)).toEqual([1, 2 / 3, 1 / 3])
    expect(result.conversion).toBe(1 / 3)
    expect(result.steps[0]?.timeFromPrevious).toBeUndefined()
    // cart − view: 60 s and 120 s → median 90 s, p90 = 60 + 0.9 × 60 = 114 s (Hyndman & Fan 7).
    const cart = result.steps[1]?.timeFromPrevious
    expect(cart?.count).toBe(2)
    expect(cart?.median).toBe(90_000)
    expect(cart?.mean).toBe(90_000)
    expect(cart?.percentiles).toEqual([
      { level: 0.5, value: 90_000 },
      { level: 0.9, value: 114_000 }
    ])
    expect(result.steps[2]?.timeFromPrevious?.median).toBe(120_000)
    expect(result.steps[2]?.timeFromFirst?.median).toBe(180_000)
  })

  it("breaks down by a property of the first-step touchpoint", () => {
    const result = Funnel.analyze(rows, { ...options, breakdown: (t) => t.channel })
    expect(result.breakdown.map((b) => [b.value, b.steps.map((s) => s.count)])).toEqual([
      ["email", [2, 1, 0]],
      ["web", [1, 1, 1]]
    ])
    expect(result.breakdown[0]?.steps[2]?.conversionFromPrevious).toBe(0)
  })

  it("takes core journeys as units", () => {
    const journeys = Journey.build([...rows, tp("8", "c1", 30 * 86_400_000, "view")], {
      by: "inactivity",
      gap: "1 day"
    })
    const result = Funnel.analyze(journeys, options)
    expect(result.units).toBe(5)
    expect(result.steps.map((s) => s.count)).toEqual([4, 2, 1])
  })

  it("rejects bad input with MetricError naming the problem", () => {
    const error = (f: () => unknown) => {
      try {
        f()
      } catch (e) {
        expect(e).toBeInstanceOf(MetricError.MetricError)
        return (e as MetricError.MetricError).message
      }
      throw new Error("expected a MetricError")
    }
    expect(error(() => Funnel.analyze(rows, { steps: [], window: "1 hour" }))).toContain("options.steps")
    expect(error(() => Funnel.analyze(rows, { ...options, window: 0 }))).toContain("options.window")
    expect(error(() => Funnel.analyze(rows, { ...options, window: "-1 hours" }))).toContain("positive")
    const noTime = { ...tp("x", "c9", 0, "view"), timestamp: undefined } as unknown as Tp
    expect(error(() => Funnel.analyze([...rows, noTime], options))).toContain("input[7].timestamp")
    const noCustomer = { ...tp("x", "", 0, "view") }
    expect(error(() => Funnel.analyze([noCustomer], options))).toContain("input[0].customerId")
    expect(error(() => Funnel.analyze(rows, { ...options, percentiles: [1.5] }))).toContain(
      "options.percentiles[0]"
    )
  })
})

describe("Funnel properties", () => {
  const options = (window: number, order: Funnel.Order = "loose") => ({
    steps: steps("a", "b", "c"),
    window,
    order
  })

  it("counts never increase from step to step", () => {
    fc.assert(
      fc.property(arbitraryTouchpoints, fc.constantFrom<Funnel.Order>("loose", "strict"), (rows, order) => {
        const counts = Funnel.analyze(rows, options(10 * 60_000, order)).steps.map((s) => s.count)
        for (let k = 1; k < counts.length; k++) expect(counts[k]).toBeLessThanOrEqual(counts[k - 1] as number)
      })
    )
  })

  it("does not depend on input order", () => {
    fc.assert(
      fc.property(
        arbitraryTouchpoints.chain((rows) =>
          fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length }))
        ),
        ([rows, permuted]) => {
          const opts = { ...options(15 * 60_000), breakdown: (t: Tp) => t.channel }
          expect(Funnel.analyze(permuted, opts)).toEqual(Funnel.analyze(rows, opts))
        }
      )
    )
  })

  it("widening the window never lowers any unit's level", () => {
    fc.assert(
      fc.property(
        arbitraryTouchpoints,
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.boolean(),
        (rows, narrow, extra, increasing) => {
          const opts = (w: number) => ({ ...options(w * 60_000), strictlyIncreasing: increasing })
          const before = Funnel.levels(rows, opts(narrow))
          const after = Funnel.levels(rows, opts(narrow + extra))
          before.forEach((u, i) => {
            expect(after[i]?.level).toBeGreaterThanOrEqual(u.level)
          })
        }
      )
    )
  })

  // An independent definition of the loose funnel: the deepest k for which some distinct
  // touchpoints x1…xk match steps 1…k with t(x1) ≤ … ≤ t(xk) ≤ t(x1) + window, found by
  // exhaustive search. With mutually exclusive steps it must equal the greedy level.
  it("equals an exhaustive search over chains (mutually exclusive steps)", () => {
    const kinds = ["a", "b", "c"]
    const search = (rows: ReadonlyArray<Tp>, window: number): number => {
      let best = 0
      const extend = (k: number, start: number, last: number, used: ReadonlySet<Tp>) => {
        best = Math.max(best, k)
        if (k === kinds.length) return
        for (const r of rows) {
          const t = r.timestamp.epochMilliseconds
          if (used.has(r) || r.kind !== kinds[k] || t < last || (k > 0 && t > start + window)) continue
          extend(k + 1, k === 0 ? t : start, t, new Set([...used, r]))
        }
      }
      extend(0, 0, Number.NEGATIVE_INFINITY, new Set())
      return best
    }
    fc.assert(
      fc.property(
        arbitraryTouchpoints.map((rows) => rows.slice(0, 9)),
        fc.integer({ min: 1, max: 30 }),
        (rows, minutes) => {
          const window = minutes * 60_000
          const levels = Funnel.levels(rows, { steps: steps(...kinds), window })
          for (const unit of levels) {
            const own = rows.filter((r) => r.customerId === unit.unit)
            expect(unit.level).toBe(search(own, window))
          }
        }
      ),
      { numRuns: 200 }
    )
  })
})
