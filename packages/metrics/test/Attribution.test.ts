import { describe, expect, it } from "@effect/vitest"
import fc from "fast-check"
import { Attribution, MetricError } from "../src/index.ts"
import { tp } from "./journeyFixtures.ts"

const credits = (result: Attribution.Result) =>
  Object.fromEntries(result.channels.map((c) => [c.channel, c.conversions]))

describe("Attribution.markov: published examples", () => {
  // S. Bryl, "Marketing Multi-Channel Attribution model with R (part 1: Markov chains concept)",
  // analyzecore.com, 2016-08-03: journeys C1 → C2 → C3 → conversion, C1 → null, C2 → C3 → null.
  // Hand computation: start→C1 2/3, start→C2 1/3, C1→C2 1/2, C1→null 1/2, C2→C3 1, C3→conv 1/2,
  // C3→null 1/2. P = 2/3·1/2·1·1/2 + 1/3·1·1/2 = 1/3. Without C1: 1/3·1/2 = 1/6 → RE 0.5; without
  // C2 or C3: 0 → RE 1. Shares 0.5/2.5, 1/2.5, 1/2.5 of the one conversion: 0.2, 0.4, 0.4.
  it("reproduces the three-journey example (C1 0.2, C2 0.4, C3 0.4)", () => {
    const result = Attribution.markov([
      { channels: ["C1", "C2", "C3"], conversions: 1 },
      { channels: ["C1"], conversions: 0, nulls: 1 },
      { channels: ["C2", "C3"], conversions: 0, nulls: 1 }
    ])
    expect(result.conversionProbability).toBeCloseTo(1 / 3, 14)
    expect(result.removalEffects.C1).toBeCloseTo(0.5, 14)
    expect(result.removalEffects.C2).toBeCloseTo(1, 14)
    expect(result.removalEffects.C3).toBeCloseTo(1, 14)
    const c = credits(result)
    expect(c.C1).toBeCloseTo(0.2, 14)
    expect(c.C2).toBeCloseTo(0.4, 14)
    expect(c.C3).toBeCloseTo(0.4, 14)
  })

  // S. Puzyrov, "Markov Chain Attribution – Simple Explanation Of Removal Effect",
  // serhiipuzyrov.com, 2019-07: grouped paths google ads (2 conv), mailing (1 conv),
  // google ads > mailing (1 conv), google ads (0 conv). Published transition probabilities:
  // start→google 0.8, start→mailing 0.2, google→conv 0.5, google→mailing 0.25, google→null 0.25,
  // mailing→conv 1. Hence P = 0.8·(0.5 + 0.25·1) + 0.2·1 = 0.8; without google 0.2 → RE 0.75;
  // without mailing 0.8·0.5 = 0.4 → RE 0.5; 4 conversions split 0.75 : 0.5 → 2.4 and 1.6.
  it("reproduces the grouped-paths example (google ads 2.4, mailing 1.6)", () => {
    const result = Attribution.markov([
      { channels: ["google ads"], conversions: 2, value: 200 },
      { channels: ["mailing"], conversions: 1, value: 50 },
      { channels: ["google ads", "mailing"], conversions: 1, value: 150 },
      { channels: ["google ads"], conversions: 0, nulls: 1 }
    ])
    expect(result.conversionProbability).toBeCloseTo(0.8, 14)
    expect(result.removalEffects).toEqual({
      "google ads": expect.closeTo(0.75, 14),
      mailing: expect.closeTo(0.5, 14)
    })
    expect(credits(result)).toEqual({
      "google ads": expect.closeTo(2.4, 12),
      mailing: expect.closeTo(1.6, 12)
    })
    expect(result.totalValue).toBe(400)
    expect(result.channels.map((c) => c.value)).toEqual([expect.closeTo(240, 10), expect.closeTo(160, 10)])
  })

  // A cycle the chain must solve exactly: journeys A → B → A → conversion and B → null.
  // x_A = ½ + ½ x_B, x_B = ½ x_A ⇒ x_A = 2/3, x_B = 1/3, P = ½(2/3) + ½(1/3) = ½.
  // Without A: P = 0 (RE 1); without B: x_A = ½, P = ¼ (RE ½). Shares 2/3 and 1/3.
  it("solves chains with cycles exactly", () => {
    const result = Attribution.markov([
      { channels: ["A", "B", "A"], conversions: 1 },
      { channels: ["B"], conversions: 0, nulls: 1 }
    ])
    expect(result.conversionProbability).toBeCloseTo(0.5, 14)
    expect(result.removalEffects).toEqual({ A: expect.closeTo(1, 14), B: expect.closeTo(0.5, 14) })
    expect(credits(result)).toEqual({ A: expect.closeTo(2 / 3, 14), B: expect.closeTo(1 / 3, 14) })
  })

  it("gives the same attribution with repeats kept or collapsed", () => {
    const paths = [
      { channels: ["email", "email", "web"], conversions: 1 },
      { channels: ["social", "web", "web"], conversions: 0, nulls: 2 },
      { channels: ["social", "email"], conversions: 1 }
    ]
    const keep = credits(Attribution.markov(paths, { repeats: "keep" }))
    const collapse = credits(Attribution.markov(paths, { repeats: "collapse" }))
    for (const [channel, value] of Object.entries(keep)) expect(collapse[channel]).toBeCloseTo(value, 12)
  })

  it("gives zero credit when nothing converts", () => {
    const result = Attribution.markov([{ channels: ["a", "b"], conversions: 0, nulls: 3 }])
    expect(result.conversionProbability).toBe(0)
    expect(credits(result)).toEqual({ a: 0, b: 0 })
  })
})

describe("Attribution heuristics", () => {
  const day = 86_400_000
  const paths: ReadonlyArray<Attribution.Path> = [
    {
      channels: ["social", "email", "email", "web"],
      timestamps: [0, day, 2 * day, 3 * day],
      conversions: 1,
      value: 100
    },
    { channels: ["web"], timestamps: [0], conversions: 2, value: 50 },
    { channels: ["social", "web"], timestamps: [0, 0], conversions: 0, nulls: 4 }
  ]

  it("first touch, last touch and linear", () => {
    expect(credits(Attribution.firstTouch(paths))).toEqual({ email: 0, social: 1, web: 2 })
    expect(credits(Attribution.lastTouch(paths))).toEqual({ email: 0, social: 0, web: 3 })
    expect(credits(Attribution.linear(paths))).toEqual({ email: 0.5, social: 0.25, web: 2.25 })
    expect(credits(Attribution.linear(paths, { repeats: "collapse" }))).toEqual({
      email: expect.closeTo(1 / 3, 14),
      social: expect.closeTo(1 / 3, 14),
      web: expect.closeTo(1 / 3 + 2, 14)
    })
    const value = Object.fromEntries(Attribution.linear(paths).channels.map((c) => [c.channel, c.value]))
    expect(value).toEqual({ email: 50, social: 25, web: 75 })
  })

  it("time decay halves the weight every half-life before the last touch", () => {
    // Weights for touches 3, 2, 1, 0 days old with a 1-day half-life: 1/8, 1/4, 1/2, 1 (sum 15/8).
    const c = credits(Attribution.timeDecay(paths, { halfLife: "1 day" }))
    expect(c.social).toBeCloseTo(1 / 15, 14)
    expect(c.email).toBeCloseTo(6 / 15, 14)
    expect(c.web).toBeCloseTo(8 / 15 + 2, 14)
  })

  it("position based: 40/20/40 by default, configurable", () => {
    const c = credits(Attribution.positionBased(paths))
    expect(c).toEqual({ social: 0.4, email: expect.closeTo(0.2, 14), web: 2.4 })
    const two = credits(
      Attribution.positionBased([{ channels: ["a", "b"], conversions: 1 }], { first: 0.3, last: 0.5 })
    )
    expect(two).toEqual({ a: expect.closeTo(0.375, 14), b: expect.closeTo(0.625, 14) })
  })

  it("rejects bad input with MetricError", () => {
    expect(() => Attribution.timeDecay([{ channels: ["a"], conversions: 1 }])).toThrow("paths[0].timestamps")
    expect(() => Attribution.linear([{ channels: [], conversions: 1 }])).toThrow("paths[0].channels")
    expect(() => Attribution.linear([{ channels: ["a"], conversions: -1 }])).toThrow(MetricError.MetricError)
    expect(() => Attribution.timeDecay(paths, { halfLife: 0 })).toThrow("options.halfLife")
    expect(() => Attribution.positionBased(paths, { first: 0.7, last: 0.7 })).toThrow("at most 1")
    expect(() => Attribution.markov(paths, { repeats: "merge" as "keep" })).toThrow("options.repeats")
  })
})

describe("Attribution.fromTouchpoints", () => {
  it("cuts each customer's touchpoints at conversions", () => {
    const rows = [
      tp("1", "c1", 0, "ad-click", "advertising"),
      tp("2", "c1", 60_000, "newsletter", "email"),
      tp("3", "c1", 120_000, "purchase", "web"),
      tp("4", "c1", 180_000, "newsletter", "email"),
      tp("5", "c2", 0, "purchase", "store")
    ]
    const paths = Attribution.fromTouchpoints(rows, {
      isConversion: (t) => t.kind === "purchase",
      value: (t) => (t.channel === "store" ? 30 : 70)
    })
    expect(paths).toEqual([
      {
        channels: ["advertising", "email", "web"],
        timestamps: [0, 60_000, 120_000],
        conversions: 1,
        nulls: 0,
        value: 70
      },
      { channels: ["email"], timestamps: [180_000], conversions: 0, nulls: 1, value: 0 },
      { channels: ["store"], timestamps: [0], conversions: 1, nulls: 0, value: 30 }
    ])
  })

  it("names a touchpoint without timestamp", () => {
    const bad = { ...tp("1", "c1", 0, "purchase"), timestamp: undefined }
    expect(() => Attribution.fromTouchpoints([bad as never], { isConversion: () => true })).toThrow(
      "input[0].timestamp"
    )
  })
})

const arbitraryPaths = fc
  .array(
    fc.record({
      channels: fc.array(fc.constantFrom("email", "social", "web", "ads", "chat"), {
        minLength: 1,
        maxLength: 6
      }),
      conversions: fc.integer({ min: 0, max: 5 }),
      nulls: fc.integer({ min: 0, max: 5 }),
      value: fc.integer({ min: 0, max: 1000 }),
      gap: fc.integer({ min: 0, max: 10 * 86_400_000 })
    }),
    { minLength: 1, maxLength: 25 }
  )
  .map((rows) =>
    rows.map((r) => ({
      channels: r.channels,
      conversions: r.conversions,
      nulls: r.nulls,
      value: r.conversions > 0 ? r.value : 0,
      timestamps: r.channels.map((_, i) => i * r.gap)
    }))
  )

const methods: ReadonlyArray<
  (paths: ReadonlyArray<Attribution.Path>, repeats: Attribution.Repeats) => Attribution.Result
> = [
  (p, repeats) => Attribution.firstTouch(p, { repeats }),
  (p, repeats) => Attribution.lastTouch(p, { repeats }),
  (p, repeats) => Attribution.linear(p, { repeats }),
  (p, repeats) => Attribution.timeDecay(p, { repeats, halfLife: "3 days" }),
  (p, repeats) => Attribution.positionBased(p, { repeats }),
  (p, repeats) => Attribution.markov(p, { repeats })
]

describe("Attribution properties", () => {
  it("attributed conversions and value sum to the totals for every method", () => {
    fc.assert(
      fc.property(
        arbitraryPaths,
        fc.constantFrom<Attribution.Repeats>("keep", "collapse"),
        (paths, repeats) => {
          const conversions = paths.reduce((s, p) => s + p.conversions, 0)
          const value = paths.reduce((s, p) => s + p.value, 0)
          for (const method of methods) {
            const result = method(paths, repeats)
            expect(result.totalConversions).toBe(conversions)
            expect(result.channels.reduce((s, c) => s + c.conversions, 0)).toBeCloseTo(conversions, 9)
            expect(result.channels.reduce((s, c) => s + c.value, 0)).toBeCloseTo(value, 7)
            for (const c of result.channels) expect(c.conversions).toBeGreaterThanOrEqual(0)
          }
        }
      ),
      { numRuns: 60 }
    )
  })

  it("does not depend on the order of the paths", () => {
    fc.assert(
      fc.property(
        arbitraryPaths.chain((paths) =>
          fc.tuple(fc.constant(paths), fc.shuffledSubarray(paths, { minLength: paths.length }))
        ),
        ([paths, permuted]) => {
          for (const method of methods) {
            const a = method(paths, "keep")
            const b = method(permuted, "keep")
            expect(b.channels.map((c) => c.channel)).toEqual(a.channels.map((c) => c.channel))
            b.channels.forEach((c, i) => {
              expect(c.conversions).toBeCloseTo(a.channels[i]?.conversions ?? Number.NaN, 9)
            })
          }
        }
      ),
      { numRuns: 40 }
    )
  })

  it("Markov removal effects do not depend on collapsing repeats", () => {
    fc.assert(
      fc.property(arbitraryPaths, (paths) => {
        const keep = Attribution.markov(paths, { repeats: "keep" })
        const collapse = Attribution.markov(paths, { repeats: "collapse" })
        expect(collapse.conversionProbability).toBeCloseTo(keep.conversionProbability, 10)
        for (const [c, re] of Object.entries(keep.removalEffects))
          expect(collapse.removalEffects[c]).toBeCloseTo(re, 9)
      }),
      { numRuns: 40 }
    )
  })

  // Independent check of the exact solve: iterate the chain's distribution from start (power
  // iteration on the transition matrix built here from the paths) until the mass left in
  // transient states is negligible; the mass absorbed in conversion is P.
  it("Markov conversion probability equals power iteration of the chain", () => {
    fc.assert(
      fc.property(arbitraryPaths, (paths) => {
        const counts = new Map<string, Map<string, number>>()
        const add = (from: string, to: string, w: number) => {
          if (w === 0) return
          const row = counts.get(from) ?? new Map<string, number>()
          row.set(to, (row.get(to) ?? 0) + w)
          counts.set(from, row)
        }
        for (const p of paths) {
          const states = ["(start)", ...p.channels]
          for (let i = 1; i < states.length; i++)
            add(states[i - 1] as string, states[i] as string, p.conversions + p.nulls)
          add(states[states.length - 1] as string, "(conversion)", p.conversions)
          add(states[states.length - 1] as string, "(null)", p.nulls)
        }
        let mass = new Map<string, number>([["(start)", 1]])
        let converted = 0
        for (let step = 0; step < 20_000 && mass.size > 0; step++) {
          const next = new Map<string, number>()
          for (const [state, m] of mass) {
            const row = counts.get(state)
            if (row === undefined) continue
            const out = [...row.values()].reduce((a, b) => a + b, 0)
            for (const [to, c] of row) {
              const moved = (m * c) / out
              if (to === "(conversion)") converted += moved
              else if (to !== "(null)" && moved > 1e-15) next.set(to, (next.get(to) ?? 0) + moved)
            }
          }
          mass = next
        }
        expect(Attribution.markov(paths).conversionProbability).toBeCloseTo(converted, 9)
      }),
      { numRuns: 40 }
    )
  })
})
