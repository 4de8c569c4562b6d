import { describe, expect, it } from "@effect/vitest"
import fc from "fast-check"
import { Ces, Csat, Grouping, Nps, Significance } from "../src/index.ts"
import { close, metricError } from "./support/assert.ts"

// Benjamini & Hochberg (1995), section 4: the 15 p-values of Neuhaus et al.'s thrombolysis study.
const NEUHAUS = [
  0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528,
  0.759, 1
]

const pValues = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 30 })

describe("Significance.adjust", () => {
  it("reproduces Benjamini & Hochberg's example: BH rejects four hypotheses at 0.05, Holm three", () => {
    const holm = Significance.adjust(NEUHAUS, "holm")
    const bh = Significance.adjust(NEUHAUS, "benjamini-hochberg")
    expect(holm.filter((p) => p < 0.05).length).toBe(3)
    expect(bh.filter((p) => p < 0.05).length).toBe(4)
    // As R's p.adjust(p, "holm") and p.adjust(p, "BH").
    const expectHolm = [0.0015, 0.0056, 0.0247, 0.114]
    const expectBh = [0.0015, 0.003, 0.0095, 0.035625, 0.0603]
    expectHolm.forEach((p, i) => {
      close(holm[i], p, 1e-12)
    })
    expectBh.forEach((p, i) => {
      close(bh[i], p, 1e-12)
    })
    expect(holm[14]).toBe(1)
    expect(bh[14]).toBe(1)
  })

  it("is ≥ the raw p-value, ≤ 1, monotone in it, and BH ≤ Holm", () => {
    fc.assert(
      fc.property(pValues, (ps) => {
        const holm = Significance.adjust(ps, "holm")
        const bh = Significance.adjust(ps, "benjamini-hochberg")
        const order = ps.map((_, i) => i).sort((a, b) => (ps[a] as number) - (ps[b] as number))
        for (const adjusted of [holm, bh]) {
          ps.forEach((p, i) => {
            expect(adjusted[i]).toBeGreaterThanOrEqual(p)
            expect(adjusted[i]).toBeLessThanOrEqual(1)
          })
          for (let k = 1; k < order.length; k++)
            expect(adjusted[order[k] as number]).toBeGreaterThanOrEqual(
              adjusted[order[k - 1] as number] as number
            )
        }
        ps.forEach((_, i) => {
          expect(bh[i]).toBeLessThanOrEqual(holm[i] as number)
        })
      })
    )
  })

  it("is invariant to the order of the tests", () => {
    fc.assert(
      fc.property(
        pValues.chain((ps) =>
          fc.tuple(
            fc.constant(ps),
            fc.shuffledSubarray(
              ps.map((_, i) => i),
              { minLength: ps.length, maxLength: ps.length }
            )
          )
        ),
        fc.constantFrom("holm" as const, "benjamini-hochberg" as const),
        ([ps, permutation], method) => {
          const adjusted = Significance.adjust(ps, method)
          const permuted = Significance.adjust(
            permutation.map((i) => ps[i] as number),
            method
          )
          permutation.forEach((i, k) => {
            expect(permuted[k]).toBe(adjusted[i])
          })
        }
      )
    )
  })

  it("gives a single test its own p-value, and ties equal adjusted values", () => {
    expect(Significance.adjust([0.03], "holm")).toEqual([0.03])
    expect(Significance.adjust([0.03], "benjamini-hochberg")).toEqual([0.03])
    expect(Significance.adjust([], "holm")).toEqual([])
    expect(Significance.adjust([0.02, 0.02, 0.5], "holm")).toEqual([0.06, 0.06, 0.5])
  })

  it("refuses what is not a p-value", () => {
    expect(metricError(() => Significance.adjust([0.1, 0.2, 1.5], "holm")).message).toBe(
      "pValues[2]: 1.5 is not a number in [0, 1]"
    )
    expect(metricError(() => Significance.adjust([Number.NaN], "holm")).message).toBe(
      "pValues[0]: NaN is not a number in [0, 1]"
    )
    expect(metricError(() => Significance.adjust([0.1], "bonferroni" as "holm")).message).toBe(
      'method: "bonferroni" is not one of "holm", "benjamini-hochberg"'
    )
  })
})

const channels = () =>
  new Map([
    ["chat", Nps.fromCounts({ promoters: 90, passives: 40, detractors: 20 })],
    ["email", Nps.fromCounts({ promoters: 50, passives: 50, detractors: 50 })],
    ["phone", Nps.fromCounts({ promoters: 70, passives: 50, detractors: 30 })],
    ["store", Nps.fromCounts({ promoters: 10, passives: 5, detractors: 5 })]
  ])

describe("Significance.bySegment", () => {
  it("tests each segment against the rest with the metric's own compare", () => {
    const groups = channels()
    const result = Significance.bySegment(groups, { measure: Significance.nps() })
    expect(result.segments.map((s) => [s.segment, s.tested])).toEqual([
      ["chat", true],
      ["phone", true],
      ["store", false],
      ["email", true]
    ])
    const rest = Nps.Reducer.combineAll([...groups].filter(([k]) => k !== "chat").map(([, v]) => v))
    const direct = Nps.compare(groups.get("chat") as Nps.Nps, rest)
    const chat = result.vsRest.find((t) => t.segment === "chat")
    expect(chat).toMatchObject({
      against: undefined,
      difference: direct.difference,
      pValue: direct.pValue,
      z: direct.z
    })
    expect(chat?.interval).toEqual(direct.interval)
    // The store (20 answers) is in the rest but is not tested: 3 vs-rest tests, 3 pairs.
    expect(result.vsRest.length).toBe(3)
    expect(result.pairs.map((t) => `${t.segment}-${t.against}`)).toEqual([
      "chat-phone",
      "chat-email",
      "phone-email"
    ])
    expect(result.overall.n).toBe(470)
    expect(result.overall.score).toBeCloseTo(
      Nps.score(Nps.Reducer.combineAll([...groups.values()])) as number,
      12
    )
  })

  it("adjusts each family, flags by the chosen adjustment and widens the simultaneous intervals", () => {
    const groups = channels()
    for (const adjustment of ["holm", "benjamini-hochberg"] as const) {
      const result = Significance.bySegment(groups, {
        measure: Significance.nps(),
        adjustment,
        minimumSize: 1
      })
      expect(result.vsRest.length).toBe(4)
      expect(result.pairs.length).toBe(6)
      for (const tests of [result.vsRest, result.pairs]) {
        const holm = Significance.adjust(
          tests.map((t) => t.pValue),
          "holm"
        )
        tests.forEach((t, i) => {
          expect(t.holm).toBe(holm[i])
          expect(t.significant).toBe((adjustment === "holm" ? t.holm : t.benjaminiHochberg) < 0.05)
          expect(t.simultaneousInterval.lower).toBeLessThanOrEqual(t.interval.lower)
          expect(t.simultaneousInterval.upper).toBeGreaterThanOrEqual(t.interval.upper)
        })
      }
    }
  })

  it("does not depend on the order of the groups", () => {
    const entries = [...channels()]
    fc.assert(
      fc.property(
        fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length }),
        (shuffled) => {
          expect(Significance.bySegment(shuffled, { measure: Significance.nps(), minimumSize: 1 })).toEqual(
            Significance.bySegment(entries, { measure: Significance.nps(), minimumSize: 1 })
          )
        }
      ),
      { numRuns: 30 }
    )
  })

  it("works for CSAT (Cohen's h) and CES (Cohen's d) from Grouping.bySegment", () => {
    const responses = [
      ...Array.from({ length: 60 }, (_, i) => ({
        region: "north",
        rating: i % 5 === 0 ? 2 : 5,
        effort: 6 + (i % 2)
      })),
      ...Array.from({ length: 60 }, (_, i) => ({
        region: "south",
        rating: i % 2 === 0 ? 2 : 4,
        effort: 3 + (i % 3)
      }))
    ]
    const csatBy = Grouping.bySegment(responses, {
      metric: Csat.metric(),
      value: (r) => r.rating,
      segment: (r) => r.region
    })
    const csat = Significance.bySegment(csatBy, { measure: Significance.csat() })
    const north = csat.pairs[0]
    expect(north).toMatchObject({ segment: "north", against: "south", significant: true })
    // p = 0.8 vs 0.5: h = 2 asin √0.8 − 2 asin √0.5 (Cohen 1988, §6.2).
    close(north?.effectSize?.value, 2 * Math.asin(Math.sqrt(0.8)) - 2 * Math.asin(Math.sqrt(0.5)), 1e-12)
    expect(north?.effectSize).toMatchObject({ measure: "cohen-h", magnitude: "medium" })
    close(north?.difference, 30, 1e-9)
    expect(csat.unit).toBe("percentage points")

    const cesBy = Grouping.bySegment(responses, {
      metric: Ces.metric(),
      value: (r) => r.effort,
      segment: (r) => r.region
    })
    const ces = Significance.bySegment(cesBy, { measure: Significance.ces() })
    const pair = ces.pairs[0]
    // north: mean 6.5, variance 0.25 (sample 0.25·60/59); south: mean 4, variance 2/3.
    const pooled = Math.sqrt((60 * 0.25 + 60 * (2 / 3)) / 118)
    close(pair?.effectSize?.value, 2.5 / pooled, 1e-9)
    expect(pair?.effectSize).toMatchObject({ measure: "cohen-d", magnitude: "large" })
  })

  it("tests a weighted segment only when its effective sample size reaches the minimum", () => {
    const scores = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 3 : 9))
    // 40 answers, one weighing 10: Kish's effective size (49)² / (100 + 39) ≈ 17.3 < 30.
    const weighted = Nps.fromAnswers(scores, { weights: scores.map((_, i) => (i === 0 ? 10 : 1)) })
    const groups = new Map([...channels(), ["partner", weighted] as const])
    const result = Significance.bySegment(groups, { measure: Significance.nps() })
    expect(result.segments.find((s) => s.segment === "partner")).toMatchObject({ n: 49, tested: false })
    expect(Significance.nps().effectiveSize(weighted)).toBeCloseTo(2401 / 139, 12)
  })

  it("computes Cohen's d of the NPS coding by hand", () => {
    const a = Nps.fromCounts({ promoters: 60, passives: 20, detractors: 20 })
    const b = Nps.fromCounts({ promoters: 40, passives: 30, detractors: 30 })
    // Rocks' variances 0.64 and 0.69, n = 100 each.
    close(Significance.nps().effectSize(a, b)?.value, 0.3 / Math.sqrt((100 * 0.64 + 100 * 0.69) / 198), 1e-12)
    expect(Significance.nps().effectSize(a, Nps.empty)).toBeUndefined()
  })

  it("refuses bad input", () => {
    const measure = Significance.nps()
    const groups: Array<readonly [string, Nps.Nps]> = [
      ["a", Nps.empty],
      ["a", Nps.empty]
    ]
    expect(metricError(() => Significance.bySegment(groups, { measure })).message).toBe(
      'groups[1]: "a" is not a segment named once'
    )
    expect(metricError(() => Significance.bySegment(channels(), { measure, level: 5 })).message).toBe(
      "options.level: 5 is not a confidence level in (0, 1)"
    )
    expect(metricError(() => Significance.bySegment(channels(), { measure, minimumSize: 0 })).message).toBe(
      "options.minimumSize: 0 is not a finite number > 0"
    )
    expect(
      metricError(() =>
        Significance.bySegment(channels(), { measure, adjustment: "bonferroni" as Significance.Adjustment })
      ).message
    ).toBe('options.adjustment: "bonferroni" is not one of "holm", "benjamini-hochberg"')
  })
})

describe("Significance.format", () => {
  it("prints a table to read at a glance", () => {
    const text = Significance.format(Significance.bySegment(channels(), { measure: Significance.nps() }))
    expect(text.split("\n")).toEqual([
      "NPS by segment, 95% level, p-values adjusted by Holm (▲ ▼ significant vs the rest)",
      "segment    n   NPS         95% CI     vs rest  p (Holm)             effect",
      // chat vs the rest: 46.7 − 45/320 = +32.6; phone: 26.7 − 75/320; email: 0 − 115/320.
      "chat     150  46.7   [34.3, 57.2]       +32.6    <0.001       d 0.42 small  ▲",
      "phone    150  26.7   [13.9, 38.4]        +3.2     0.677  d 0.04 negligible",
      "store     20  25.0  [-11.7, 55.2]  not tested",
      "email    150   0.0  [-12.9, 12.9]       -35.9    <0.001      d -0.46 small  ▼",
      "all      470  24.5   [17.2, 31.5]",
      "not tested: fewer answers than the minimum (1 segment)",
      "Significant pairs (3 of 3):",
      "  chat vs phone: +20.0 points [2.9, 36.3], p 0.020, d 0.27 small",
      "  chat vs email: +46.7 points [28.5, 63.0], p <0.001, d 0.60 medium",
      "  phone vs email: +26.7 points [8.4, 43.9], p 0.007, d 0.33 small"
    ])
  })
})
