// The one surface of Nps, Csat and Ces (issue 18): the same constructors, weights, Reducer,
// compare and sampleSize, checked against published numbers and with property tests.
import { describe, expect, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import fc from "fast-check"
import { Ces, Csat, Grouping, Interval, Nps } from "../src/index.ts"
import { close, defined, metricError } from "./support/assert.ts"

const scoresArb = fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 60 })
const csatArb = fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 60 })
const cesArb = fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 60 })

describe("one surface for NPS, CSAT and CES", () => {
  it("Reducer is Effect's Reducer.make(combine, empty): combineAll of parts = the whole", () => {
    fc.assert(
      fc.property(scoresArb, scoresArb, csatArb, csatArb, cesArb, cesArb, (na, nb, ca, cb, ea, eb) => {
        expect(Nps.Reducer.combineAll([Nps.fromAnswers(na), Nps.fromAnswers(nb)])).toEqual(
          Nps.fromAnswers([...na, ...nb])
        )
        expect(Csat.Reducer.combineAll([Csat.fromAnswers(ca), Csat.fromAnswers(cb)])).toEqual(
          Csat.fromAnswers([...ca, ...cb])
        )
        expect(Ces.Reducer.combineAll([Ces.fromAnswers(ea), Ces.fromAnswers(eb)])).toEqual(
          Ces.fromAnswers([...ea, ...eb])
        )
        // `empty` is a value and the identity, whatever the question.
        const sevenPoint = Csat.fromAnswers(
          ca.map((r) => r + 2),
          { scale: { min: 1, max: 7 } }
        )
        expect(Csat.combine(Csat.empty, sevenPoint)).toEqual(sevenPoint)
        expect(Csat.combine(sevenPoint, Csat.empty)).toEqual(sevenPoint)
        const effort = Ces.fromAnswers(
          ea.map((r) => Math.min(r, 5)),
          { scale: "effort-5" }
        )
        expect(Ces.combine(Ces.empty, effort)).toEqual(effort)
      })
    )
    expect(Nps.Reducer.initialValue).toBe(Nps.empty)
    expect(Csat.Reducer.initialValue).toBe(Csat.empty)
    expect(Ces.Reducer.initialValue).toBe(Ces.empty)
  })

  it("unit weights equal no weights; weights equal repeated answers in the point estimates", () => {
    fc.assert(
      fc.property(csatArb, cesArb, (c, e) => {
        expect(Csat.fromAnswers(c, { weights: c.map(() => 1) })).toEqual(Csat.fromAnswers(c))
        expect(Ces.fromAnswers(e, { weights: e.map(() => 1) })).toEqual(Ces.fromAnswers(e))
        const doubled = Csat.fromAnswers([...c, ...c])
        const weighted = Csat.fromAnswers(c, { weights: c.map(() => 2) })
        expect(Csat.score(weighted)).toEqual(Csat.score(doubled))
        expect(Csat.mean(weighted)).toEqual(Csat.mean(doubled))
        // …but not in the precision: Kish's n stays the number of answers.
        expect(Csat.effectiveSize(weighted)).toBe(c.length)
      })
    )
  })

  it("Kish's effective size with unequal weights: (3 + 1)² / (9 + 1) = 1.6", () => {
    expect(Nps.effectiveSize(Nps.fromAnswers([10, 0], { weights: [3, 1] }))).toBe(1.6)
    expect(Csat.effectiveSize(Csat.fromAnswers([5, 1], { weights: [3, 1] }))).toBe(1.6)
    expect(Ces.effectiveSize(Ces.fromAnswers([7, 3], { weights: [3, 1] }))).toBe(1.6)
    // Weighted share 75 %; its Wilson interval is that of 1.2 successes in 1.6 trials.
    const weighted = Csat.fromAnswers([5, 1], { weights: [3, 1] })
    const wilson = defined(Interval.wilson(1.2, 1.6))
    close(defined(Csat.interval(weighted)).lower, 100 * wilson.lower, 1e-9)
  })

  it("weights are checked the same way in all three, the value being the offending value", () => {
    for (const build of [
      (w: Array<number>) => Nps.fromAnswers([9, 9], { weights: w }),
      (w: Array<number>) => Csat.fromAnswers([5, 5], { weights: w }),
      (w: Array<number>) => Ces.fromAnswers([7, 7], { weights: w })
    ]) {
      expect(metricError(() => build([1])).message).toBe(
        "options.weights.length: 1 is not one weight per answer (2 answers)"
      )
      const bad = metricError(() => build([1, -1]))
      expect(bad.field).toBe("options.weights[1]")
      expect(bad.value).toBe(-1)
    }
    const mismatch = metricError(() =>
      Csat.combine(Csat.fromAnswers([5]), Csat.fromAnswers([7], { scale: { min: 1, max: 7 } }))
    )
    expect(mismatch.value).toEqual({ scale: { min: 1, max: 7 }, satisfiedFrom: 6 })
  })

  it("fromCounts for all three", () => {
    expect(Csat.fromCounts({ counts: [2, 1, 3, 10, 14] })).toEqual(
      Csat.fromAnswers([1, 1, 2, 3, 3, 3, ...Array(10).fill(4), ...Array(14).fill(5)])
    )
    expect(Ces.fromCounts({ scale: "effort-5", counts: [4, 3, 2, 1, 0] })).toEqual(
      Ces.fromAnswers([1, 1, 1, 1, 2, 2, 2, 3, 3, 4], { scale: "effort-5" })
    )
    expect(metricError(() => Csat.fromCounts({ counts: [1, 2] })).field).toBe("counts")
    expect(metricError(() => Ces.fromCounts({ counts: [1, 2, 3, 4, 5, 6, -1] })).field).toBe("counts[6]")
  })

  it("Csat.compare: Newcombe (1998) method 10 on 56/70 vs 48/80 is 0.0524 to 0.3339", () => {
    const satisfied = (yes: number, n: number) => Csat.fromCounts({ counts: [n - yes, 0, 0, 0, yes] })
    const c = Csat.compare(satisfied(56, 70), satisfied(48, 80))
    close(c.difference, 20, 1e-9)
    // Published to 4 decimals on the proportion scale: half a unit in the last place.
    close(defined(c.interval).lower, 5.24, 0.005)
    close(defined(c.interval).upper, 33.39, 0.005)
    // Newcombe's Wald interval (method 1) for the same data: 0.0575 to 0.3425.
    const wald = defined(Csat.compare(satisfied(56, 70), satisfied(48, 80), { method: "wald" }).interval)
    close(wald.lower, 5.75, 0.005)
    close(wald.upper, 34.25, 0.005)
    // Unpooled z: 0.2 / √(0.8·0.2/70 + 0.6·0.4/80) = 2.75092.
    close(c.z, 2.75092, 1e-5)
    // Newcombe's example (d), 9/10 vs 3/10: 0.1705 to 0.8090.
    const d = defined(Csat.compare(satisfied(9, 10), satisfied(3, 10)).interval)
    close(d.lower, 17.05, 0.005)
    close(d.upper, 80.9, 0.005)
    expect(Csat.compare(Csat.empty, satisfied(1, 2)).difference).toBeUndefined()
  })

  it("Ces.compare: difference of means with the unequal-variance standard error", () => {
    // a = [1, 2, 3], b = [4, 5, 6, 7]: means 2 and 5.5, s² = 1 and 5/3;
    // SE = √(1/3 + (5/3)/4) = 0.866025; z = −3.5/0.866025 = −4.04145.
    const c = Ces.compare(Ces.fromAnswers([1, 2, 3]), Ces.fromAnswers([4, 5, 6, 7]))
    close(c.difference, -3.5, 1e-12)
    close(c.z, -4.04145, 1e-5)
    close(defined(c.interval).lower, -3.5 - 1.959964 * 0.866025, 1e-5)
    expect(Ces.compare(Ces.fromAnswers([7]), Ces.fromAnswers([1, 2])).pValue).toBeUndefined()
    expect(
      metricError(() => Ces.compare(Ces.fromAnswers([5]), Ces.fromAnswers([5], { scale: "effort-5" }))).field
    ).toBe("that.scale")
  })

  it("sampleSize for all three: n = z²·Var/margin², rounded up", () => {
    // (1.959964/0.05)² · 0.25 = 384.15 → 385; with p = 0.8, 245.85 → 246.
    expect(Csat.sampleSize({ marginOfError: 5 })).toBe(385)
    expect(Csat.sampleSize({ marginOfError: 5, expected: 0.8 })).toBe(246)
    // CES 2.0 worst case σ = 3: 3.841459 · 9 / 0.0625 = 553.17 → 554; σ = 1.5: 138.29 → 139.
    expect(Ces.sampleSize({ marginOfError: 0.25 })).toBe(554)
    expect(Ces.sampleSize({ marginOfError: 0.25, expected: { standardDeviation: 1.5 } })).toBe(139)
    expect(Ces.sampleSize({ marginOfError: 0.25, scale: "effort-5" })).toBe(246)
    expect(Nps.sampleSize({ marginOfError: 5 })).toBe(1537)
  })

  it("interval and compare share each metric's default method", () => {
    const a = Nps.fromCounts({ promoters: 120, passives: 50, detractors: 30 })
    const b = Nps.fromCounts({ promoters: 100, passives: 60, detractors: 40 })
    expect(Nps.compare(a, b).interval).toEqual(Nps.compare(a, b, { method: "adjusted-wald" }).interval)
    const c1 = Csat.fromAnswers([5, 5, 4, 2])
    const c2 = Csat.fromAnswers([1, 5, 2, 2])
    expect(Csat.compare(c1, c2).interval).toEqual(Csat.compare(c1, c2, { method: "wilson" }).interval)
    expect(Csat.interval(c1)).toEqual(Csat.interval(c1, { method: "wilson" }))
  })

  it.effect("Grouping.sink and Grouping.forFeedback work over any survey metric", () =>
    Effect.gen(function* () {
      const nps = yield* Stream.run(Stream.make(10, 9, 6), Grouping.sink(Nps.metric()))
      expect(nps).toEqual(Nps.fromAnswers([10, 9, 6]))
      const responses = Stream.make(
        { question: { metric: "ces" as const, scale: "effort-5" as const }, score: 2 },
        { question: { metric: "nps" as const }, score: 10 },
        { question: { metric: "ces" as const, scale: "effort-5" as const }, score: 4 }
      )
      const ces = yield* Stream.run(responses, Grouping.sink(Grouping.forFeedback(Ces.metric())))
      expect(ces).toEqual(Ces.fromAnswers([2, 4], { scale: "effort-5" }))
      const error = yield* Stream.run(Stream.make(5, 9), Grouping.sink(Csat.metric())).pipe(Effect.flip)
      expect(error.field).toBe("ratings[1]")
    })
  )
})
