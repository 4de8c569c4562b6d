import { describe, expect, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import fc from "fast-check"
import { Csat, Grouping, Interval, MetricError } from "../src/index.ts"
import { close, defined } from "./support/assert.ts"

const ratingsArb = fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 200 })
const repeat = (value: number, times: number): Array<number> => Array.from({ length: times }, () => value)

describe("Csat: published values", () => {
  it("Wilson, Wald and adjusted-Wald intervals of the share satisfied, in percent (Newcombe 1998; Tullis & Albert)", () => {
    // Newcombe (1998), Statistics in Medicine 17:857–872, Table I: 81/263 → Wilson 0.2553–0.3662,
    // Wald 0.2522–0.3638; 15/148 → Wilson 0.0624–0.1605. Tolerance: half a unit of the fourth
    // decimal, i.e. 0.005 percentage points.
    const a = Csat.fromAnswers([...repeat(5, 40), ...repeat(4, 41), ...repeat(2, 182)])
    expect(Csat.satisfied(a)).toBe(81)
    close(Csat.interval(a)?.lower, 25.53, 0.005) // Wilson is the default
    close(Csat.interval(a)?.upper, 36.62, 0.005)
    close(Csat.interval(a, { method: "wald" })?.lower, 25.22, 0.005)
    close(Csat.interval(a, { method: "wald" })?.upper, 36.38, 0.005)
    const b = Csat.fromAnswers([...repeat(4, 15), ...repeat(1, 133)])
    close(Csat.interval(b, { method: "wilson", level: 0.95 })?.lower, 6.24, 0.005)
    close(Csat.interval(b, { method: "wilson", level: 0.95 })?.upper, 16.05, 0.005)
    // Tullis & Albert, Measuring the User Experience, p. 69: 4 of 5 → adjusted-Wald 35.96%–97.96%
    // (z = 1.96 there, 1.959964 here: tolerance 0.02 points).
    const c = Csat.fromAnswers([5, 5, 4, 4, 1])
    close(Csat.interval(c, { method: "adjusted-wald" })?.lower, 35.96, 0.02)
    close(Csat.interval(c, { method: "adjusted-wald" })?.upper, 97.96, 0.02) // truncation not needed here
  })

  it("t interval for the mean rating, with R's qt(0.975, 4) = 2.776445", () => {
    // Ratings 1..5: mean 3, s = √2.5, SE = √(2.5/5) = 0.707107; 3 ± 2.776445·0.707107.
    const summary = Csat.fromAnswers([1, 2, 3, 4, 5])
    expect(Csat.mean(summary)).toBe(3)
    const i = defined(Csat.meanInterval(summary, { level: 0.95 }))
    close(i.lower, 3 - 2.776445 * Math.sqrt(0.5), 1e-6)
    close(i.upper, 3 + 2.776445 * Math.sqrt(0.5), 1e-6)
  })
})

describe("Csat: construction", () => {
  it("defaults to the top two boxes of 1–5 and follows other scales", () => {
    expect(Csat.score(Csat.fromAnswers([5, 4, 3, 2]))).toBe(50)
    expect(Csat.fromAnswers([5]).satisfiedFrom).toBe(4)
    expect(Csat.fromAnswers([7], { scale: { min: 1, max: 7 } }).satisfiedFrom).toBe(6)
    expect(Csat.fromAnswers([1], { scale: { min: 0, max: 1 } }).satisfiedFrom).toBe(1) // thumbs up/down
    expect(
      Csat.score(Csat.fromAnswers([10, 9, 8, 0], { scale: { min: 0, max: 10 }, satisfiedFrom: 9 }))
    ).toBe(50)
  })

  it("reads arrays, typed arrays, iterables and streams alike", () => {
    fc.assert(
      fc.property(ratingsArb, (ratings) => {
        const expected = Csat.fromAnswers(ratings)
        expect(Csat.fromAnswers(Uint8Array.from(ratings))).toEqual(expected)
        expect(Csat.fromAnswers(Float64Array.from(ratings))).toEqual(expected)
        expect(Csat.fromAnswers(ratings.values())).toEqual(expected)
      })
    )
  })

  it.effect("summarises a Stream with the Sink", () =>
    Effect.gen(function* () {
      const ratings = Array.from({ length: 3000 }, (_, i) => 1 + (i % 5))
      const summary = yield* Stream.run(
        Stream.fromIterable(ratings).pipe(Stream.rechunk(100)),
        Grouping.sink(Csat.metric())
      )
      expect(summary).toEqual(Csat.fromAnswers(ratings))
      const error = yield* Effect.flip(Stream.run(Stream.make(5, 0), Grouping.sink(Csat.metric())))
      expect(error.message).toBe("ratings[1]: 0 is not an integer from 1 to 5")
    })
  )

  it("rejects ratings off the scale and bad options, naming index and value", () => {
    for (const bad of [Number.NaN, 6, 0, 4.5, "5"]) {
      expect(() => Csat.fromAnswers([5, bad as number])).toThrow(MetricError.MetricError)
      expect(() => Csat.fromAnswers([5, bad as number])).toThrow(
        /^ratings\[1\]: .* is not an integer from 1 to 5$/
      )
      expect(() => Csat.fromAnswers([5, bad as number].values())).toThrow(/^ratings\[1\]/)
    }
    expect(() => Csat.fromAnswers([5], { scale: { min: 5, max: 1 } })).toThrow("options.scale")
    expect(() => Csat.fromAnswers([5], { satisfiedFrom: 6 })).toThrow(
      "options.satisfiedFrom: 6 is not an integer from 1 to 5"
    )
    expect(() =>
      Csat.combine(Csat.fromAnswers([5]), Csat.fromAnswers([7], { scale: { min: 1, max: 7 } }))
    ).toThrow(MetricError.MetricError)
  })

  it("finds the first bad rating wherever it sits in the unrolled loop", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.constantFrom<unknown>(Number.NaN, 0, 6, 4.5, "3", null),
        (ratings, at, bad) => {
          const index = at % ratings.length
          const input = ratings.map((r, i) => (i === index ? bad : r)) as Array<number>
          expect(() => Csat.fromAnswers(input)).toThrow(new RegExp(`^ratings\\[${index}\\]: `))
        }
      )
    )
  })

  it("gives undefined, not NaN, for an empty sample (and a single rating's mean interval)", () => {
    const empty = Csat.fromAnswers([])
    expect(Csat.score(empty)).toBeUndefined()
    expect(Csat.interval(empty)).toBeUndefined()
    expect(Csat.mean(empty)).toBeUndefined()
    expect(Csat.meanInterval(empty)).toBeUndefined()
    expect(Csat.meanInterval(Csat.fromAnswers([4]))).toBeUndefined()
    expect(Csat.meanInterval(Csat.fromAnswers([4, 4]))).toEqual({ lower: 4, upper: 4 })
  })
})

describe("Csat: properties", () => {
  it("score in [0, 100], permutation invariant, monotone in satisfied answers", () => {
    fc.assert(
      fc.property(ratingsArb, (ratings) => {
        const s = Csat.fromAnswers(ratings)
        const score = Csat.score(s)
        if (score === undefined) return ratings.length === 0
        expect(score).toBeGreaterThanOrEqual(0)
        expect(score).toBeLessThanOrEqual(100)
        expect(Csat.fromAnswers([...ratings].reverse())).toEqual(s)
        expect(Csat.score(Csat.fromAnswers([...ratings, 5]))).toBeGreaterThanOrEqual(score)
        expect(Csat.score(Csat.fromAnswers([...ratings, 1]))).toBeLessThanOrEqual(score)
        return true
      })
    )
  })

  it("combine is associative and commutative, with the empty summary as identity, and equals the concatenation", () => {
    fc.assert(
      fc.property(ratingsArb, ratingsArb, ratingsArb, (a, b, c) => {
        const [sa, sb, sc] = [Csat.fromAnswers(a), Csat.fromAnswers(b), Csat.fromAnswers(c)]
        expect(Csat.combine(Csat.combine(sa, sb), sc)).toEqual(Csat.combine(sa, Csat.combine(sb, sc)))
        expect(Csat.combine(sa, sb)).toEqual(Csat.combine(sb, sa))
        expect(Csat.combine(sa, Csat.empty)).toEqual(sa)
        expect(Csat.Reducer.combineAll([sa, sb, sc])).toEqual(Csat.fromAnswers([...a, ...b, ...c]))
      })
    )
  })

  it("intervals contain the score and the mean, and narrow as n grows", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 100 }),
        fc.constantFrom<Interval.Method>("wilson", "adjusted-wald", "wald"),
        fc.integer({ min: 2, max: 5 }),
        (ratings, method, k) => {
          const s = Csat.fromAnswers(ratings)
          const bigger = Csat.fromAnswers(Array.from({ length: k }, () => ratings).flat())
          const i = defined(Csat.interval(s, { method }))
          const eps = 1e-9
          expect(i.lower - eps).toBeLessThanOrEqual(defined(Csat.score(s)))
          expect(i.upper + eps).toBeGreaterThanOrEqual(defined(Csat.score(s)))
          expect(Interval.width(defined(Csat.interval(bigger, { method })))).toBeLessThanOrEqual(
            Interval.width(i) + eps
          )
          const m = defined(Csat.meanInterval(s))
          expect(Interval.contains(m, defined(Csat.mean(s)))).toBe(true)
          expect(Interval.width(defined(Csat.meanInterval(bigger)))).toBeLessThanOrEqual(
            Interval.width(m) + eps
          )
        }
      )
    )
  })
})
