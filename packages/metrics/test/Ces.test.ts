import { describe, expect, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import fc from "fast-check"
import { Ces, Grouping, Interval, MetricError } from "../src/index.ts"
import { close, defined } from "./support/assert.ts"

const agreementArb = fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 200 })

describe("Ces", () => {
  it("CES 2.0: mean, t interval and the agree share 5–7 with its Wilson interval", () => {
    const summary = Ces.fromAnswers([7, 6, 5, 4, 3, 2, 1])
    expect(Ces.mean(summary)).toBe(4)
    // s² = 28/6, SE = √(28/42); R: qt(0.975, 6) = 2.446912 (tolerance 1e-6).
    const i = defined(Ces.meanInterval(summary))
    close(i.upper, 4 + 2.446912 * Math.sqrt(28 / 42), 1e-6)
    close(Ces.agreeShare(summary), (100 * 3) / 7, 1e-12)
    const wilson = defined(Interval.wilson(3, 7))
    expect(Ces.agreeShareInterval(summary)).toEqual(Interval.scale(wilson, 100))
  })

  it("the 1–5 effort scale: lower is easier, no agree share", () => {
    const summary = Ces.fromAnswers([1, 2, 2, 5], { scale: "effort-5" })
    expect(Ces.mean(summary)).toBe(2.5)
    expect(() => Ces.agreeShare(summary)).toThrow(MetricError.MetricError)
    expect(() => Ces.agreeShareInterval(summary)).toThrow(/summary.scale: "effort-5"/)
    expect(() => Ces.fromAnswers([6], { scale: "effort-5" })).toThrow(
      "ratings[0]: 6 is not an integer from 1 to 5"
    )
    expect(() => Ces.combine(Ces.fromAnswers([7]), summary)).toThrow(MetricError.MetricError)
    expect(Ces.combine(Ces.empty, summary)).toEqual(summary)
  })

  it("rejects ratings off the scale, naming index and value", () => {
    for (const bad of [Number.NaN, 8, 0, 6.5, "7"]) {
      expect(() => Ces.fromAnswers([7, 7, bad as number])).toThrow(
        /^ratings\[2\]: .* is not an integer from 1 to 7$/
      )
    }
    // biome-ignore lint/suspicious/noExplicitAny: a JavaScript caller passing an unknown scale
    expect(() => Ces.fromAnswers([7], { scale: "likert-9" as any })).toThrow("options.scale")
  })

  it("gives undefined, not NaN, for an empty sample", () => {
    const empty = Ces.fromAnswers([])
    expect(Ces.mean(empty)).toBeUndefined()
    expect(Ces.meanInterval(empty)).toBeUndefined()
    expect(Ces.agreeShare(empty)).toBeUndefined()
    expect(Ces.agreeShareInterval(empty)).toBeUndefined()
  })

  it.effect("summarises a Stream with the Sink", () =>
    Effect.gen(function* () {
      const ratings = Array.from({ length: 2000 }, (_, i) => 1 + (i % 5))
      const summary = yield* Stream.run(
        Stream.fromIterable(ratings),
        Grouping.sink(Ces.metric({ scale: "effort-5" }))
      )
      expect(summary).toEqual(Ces.fromAnswers(ratings, { scale: "effort-5" }))
    })
  )

  it("properties: ranges, permutation, combine laws, monotone agree share, intervals", () => {
    fc.assert(
      fc.property(agreementArb, agreementArb, agreementArb, (a, b, c) => {
        const [sa, sb, sc] = [Ces.fromAnswers(a), Ces.fromAnswers(b), Ces.fromAnswers(c)]
        expect(Ces.combine(Ces.combine(sa, sb), sc)).toEqual(Ces.combine(sa, Ces.combine(sb, sc)))
        expect(Ces.combine(sa, sb)).toEqual(Ces.combine(sb, sa))
        expect(Ces.Reducer.combineAll([sa, sb, sc])).toEqual(Ces.fromAnswers([...a, ...b, ...c]))
        expect(Ces.fromAnswers([...a].reverse())).toEqual(sa)
        const share = Ces.agreeShare(sa)
        const mean = Ces.mean(sa)
        if (share === undefined || mean === undefined) return a.length === 0
        expect(mean).toBeGreaterThanOrEqual(1)
        expect(mean).toBeLessThanOrEqual(7)
        expect(Ces.agreeShare(Ces.fromAnswers([...a, 7]))).toBeGreaterThanOrEqual(share)
        expect(Ces.agreeShare(Ces.fromAnswers([...a, 1]))).toBeLessThanOrEqual(share)
        const i = defined(Ces.agreeShareInterval(sa))
        expect(i.lower - 1e-9).toBeLessThanOrEqual(share)
        expect(i.upper + 1e-9).toBeGreaterThanOrEqual(share)
        return true
      })
    )
  })
})
