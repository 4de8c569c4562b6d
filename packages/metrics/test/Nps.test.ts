import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Stream } from "effect"
import fc from "fast-check"
import { Grouping, Interval, MetricError, Nps } from "../src/index.ts"
import { close, defined } from "./support/assert.ts"

const scoreArb = fc.integer({ min: 0, max: 10 })
const scoresArb = fc.array(scoreArb, { maxLength: 200 })
const countsArb = fc.record({
  promoters: fc.integer({ min: 0, max: 500 }),
  passives: fc.integer({ min: 0, max: 500 }),
  detractors: fc.integer({ min: 0, max: 500 })
})

const thrown = (f: () => unknown): MetricError.MetricError => {
  try {
    f()
  } catch (error) {
    expect(error).toBeInstanceOf(MetricError.MetricError)
    return error as MetricError.MetricError
  }
  throw new Error("expected a MetricError")
}

describe("Nps: published values", () => {
  it("variance per response p_pro + p_det − (p_pro − p_det)²: whuber's trinomial example", () => {
    // whuber, Cross Validated, "How can I calculate margin of error in a NPS (Net Promoter
    // Score) result?": p_pro = 1/2, p_pas = 1/3, p_det = 1/6 give NPS = 1/3 and variance 5/9.
    // Exact up to floating point (1e-12).
    const summary = Nps.fromCounts({ promoters: 3, passives: 2, detractors: 1 })
    close(Nps.score(summary), 100 / 3, 1e-12)
    close(Nps.variance(summary), 5 / 9, 1e-12)
  })

  it("Wald margin of error: the talkstats.com worked case (n = 1162, NPS −9 ± 4.4)", () => {
    // "Net Promoter Score – Calculating Confidence Intervals and Margin of Error", talkstats.com
    // thread 58500: 291 promoters, 476 passives, 395 detractors; NPS −9 and a 95% margin of
    // 4.4 points (both published rounded: tolerance 0.5 and 0.05 points).
    const summary = Nps.fromCounts({ promoters: 291, passives: 476, detractors: 395 })
    close(Nps.score(summary), -9, 0.5)
    const i = defined(Nps.interval(summary, { level: 0.95, method: "wald" }))
    close((i.upper - i.lower) / 2, 4.4, 0.05)
  })

  it("interval width 320/√n at p_pro = p_det = 1/3 and the 1024 responses for a width of 10 (cybaea)", () => {
    // Allan Engelhardt, "Net Promoter Score Confidence Intervals 2: Maths and Stats", CYBAEA
    // journal, 2016-01-14: Var = p(1−p) + d(1−d) + 2pd, the 95% interval is about 320/√n wide
    // at p = d = 1/3, so a width of 10 points needs 1024 responses. They round
    // 2·1.96·100·√(2/3) to 320; with the exact z (1.959964) we get 1024.4 → 1025 (tolerance 1).
    const n = Nps.sampleSize({
      marginOfError: 5,
      level: 0.95,
      expected: { promoters: 1 / 3, detractors: 1 / 3 }
    })
    expect(Math.abs(n - 1024)).toBeLessThanOrEqual(1)
    const summary = Nps.fromCounts({ promoters: 1024, passives: 1024, detractors: 1024 })
    const i = defined(Nps.interval(summary, { method: "wald" }))
    close(Interval.width(i), 320 / Math.sqrt(3072), 0.01)
  })

  it("adjusted-Wald adds Rocks' (2016) pseudo-responses 0.75 / 1.5 / 0.75", () => {
    // The same defaults as Rocks' NPS R package (nps_test(pseudo_observations = c(0.75, 1.5,
    // 0.75))). Hand computation for 291 / 476 / 395: n' = 1165, p' = 291.75/1165 = 0.250429,
    // d' = 395.75/1165 = 0.339700, NPS' = −0.089270, Var' = 0.590129 − 0.007969 = 0.582160,
    // SE' = √(Var'/n') = 0.022354, 95%: −0.089270 ± 0.043813 → −13.308 to −4.546 points.
    // Tolerance 1e-3 points (six-decimal hand arithmetic).
    const summary = Nps.fromCounts({ promoters: 291, passives: 476, detractors: 395 })
    const i = defined(Nps.interval(summary, { level: 0.95, method: "adjusted-wald" }))
    close(i.lower, -13.308, 1e-3)
    close(i.upper, -4.546, 1e-3)
    expect(Nps.interval(summary)).toEqual(i) // adjusted-Wald is the default
  })

  it("two-sample z test: hand computation", () => {
    // a: 120/50/30 (NPS 45), b: 100/60/40 (NPS 30). Var_a = 0.75 − 0.2025 = 0.5475,
    // Var_b = 0.70 − 0.09 = 0.61; SE = √(0.5475/200 + 0.61/200) = 0.0760756;
    // z = 0.15 / 0.0760756 = 1.97172; p = 2Φ(−1.97172) = 0.04864 (tolerance 1e-5).
    const a = Nps.fromCounts({ promoters: 120, passives: 50, detractors: 30 })
    const b = Nps.fromCounts({ promoters: 100, passives: 60, detractors: 40 })
    const c = Nps.compare(a, b, { level: 0.95, method: "wald" })
    close(c.difference, 15, 1e-9)
    close(c.z, 1.97172, 1e-5)
    close(c.pValue, 0.04864, 1e-5)
    close(c.interval?.lower, 15 - 1.959964 * 7.60756, 1e-3)
    const reversed = Nps.compare(b, a)
    close(reversed.difference, -15, 1e-9)
    close(reversed.pValue, 0.04864, 1e-5)
  })

  it("worst-case sample size: Var = 1, n = (z·100/margin)²", () => {
    // (1.959964 · 100 / 5)² = 1536.6 → 1537.
    expect(Nps.sampleSize({ marginOfError: 5, level: 0.95 })).toBe(1537)
    expect(Nps.sampleSize({ marginOfError: 10 })).toBe(385)
  })
})

describe("Nps: construction", () => {
  it("classifies 0–6, 7–8 and 9–10", () => {
    expect(Nps.fromAnswers([0, 6, 7, 8, 9, 10])).toEqual({
      promoters: 2,
      passives: 2,
      detractors: 2,
      responses: 6,
      sumSquaredWeights: 6
    })
  })

  it("reads arrays, typed arrays and iterables alike", () => {
    fc.assert(
      fc.property(scoresArb, (scores) => {
        const expected = Nps.fromAnswers(scores)
        expect(Nps.fromAnswers(Uint8Array.from(scores))).toEqual(expected)
        expect(Nps.fromAnswers(Float64Array.from(scores))).toEqual(expected)
        expect(Nps.fromAnswers(new Set(scores).size >= 0 ? scores.values() : [])).toEqual(expected)
      })
    )
  })

  it.effect("summarises a Stream through the Sink exactly like fromAnswers", () =>
    Effect.gen(function* () {
      const scores = Array.from({ length: 5000 }, (_, i) => (i * 7) % 11)
      const summary = yield* Stream.run(
        Stream.fromIterable(scores).pipe(Stream.rechunk(64)),
        Grouping.sink(Nps.metric())
      )
      expect(summary).toEqual(Nps.fromAnswers(scores))
    })
  )

  it.effect("fails the Sink with the MetricError of the first bad score, indexed from the stream start", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(
        Stream.run(Stream.make(10, 9, 8, 12).pipe(Stream.rechunk(2)), Grouping.sink(Nps.metric()))
      )
      expect(Exit.isFailure(exit)).toBe(true)
      const error = yield* Effect.flip(
        Stream.run(Stream.make(10, 9, 8, 12).pipe(Stream.rechunk(2)), Grouping.sink(Nps.metric()))
      )
      expect(error.message).toBe("scores[3]: 12 is not an integer from 0 to 10")
    })
  )

  it("rejects a score that is not an integer from 0 to 10, naming its index and value", () => {
    const cases: ReadonlyArray<readonly [unknown, string]> = [
      [Number.NaN, "scores[2]: NaN is not an integer from 0 to 10"],
      [11, "scores[2]: 11 is not an integer from 0 to 10"],
      [-1, "scores[2]: -1 is not an integer from 0 to 10"],
      [7.5, "scores[2]: 7.5 is not an integer from 0 to 10"],
      ["7", 'scores[2]: "7" is not an integer from 0 to 10'],
      [null, "scores[2]: null is not an integer from 0 to 10"]
    ]
    for (const [bad, message] of cases) {
      const scores = [10, 3, bad, 9] as Array<number>
      const fromArray = thrown(() => Nps.fromAnswers(scores))
      expect(fromArray.message).toBe(message)
      expect(fromArray.field).toBe("scores[2]")
      expect(fromArray.reason).toBe("InvalidInput")
      expect(thrown(() => Nps.fromAnswers(scores.values())).message).toBe(message)
      expect(thrown(() => Nps.fromAnswers(scores, { weights: [1, 1, 1, 1] })).message).toBe(message)
    }
    expect(thrown(() => Nps.fromAnswers(Float64Array.of(1, 10.5))).field).toBe("scores[1]")
    expect(thrown(() => Nps.fromAnswers(Uint8Array.of(1, 200))).message).toBe(
      "scores[1]: 200 is not an integer from 0 to 10"
    )
  })

  it("finds the first bad score wherever it sits in the unrolled loop", () => {
    fc.assert(
      fc.property(
        fc.array(scoreArb, { minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.constantFrom<unknown>(
          Number.NaN,
          11,
          -1,
          7.5,
          Number.POSITIVE_INFINITY,
          2 ** 32 + 3,
          "7",
          undefined
        ),
        (scores, at, bad) => {
          const index = at % scores.length
          const input = scores.map((s, i) => (i === index ? bad : s)) as Array<number>
          expect(thrown(() => Nps.fromAnswers(input)).field).toBe(`scores[${index}]`)
          if (typeof bad === "number") {
            expect(thrown(() => Nps.fromAnswers(Float64Array.from(input))).field).toBe(`scores[${index}]`)
          }
        }
      )
    )
  })

  it("rejects bad weights and counts", () => {
    expect(thrown(() => Nps.fromAnswers([10, 9], { weights: [1, -2] })).field).toBe("options.weights[1]")
    // The value is the offending value (the number of weights), never prose.
    expect(thrown(() => Nps.fromAnswers([10, 9], { weights: [1] })).message).toBe(
      "options.weights.length: 1 is not one weight per answer (2 answers)"
    )
    expect(thrown(() => Nps.fromCounts({ promoters: -1, passives: 0, detractors: 0 })).field).toBe(
      "counts.promoters"
    )
    expect(thrown(() => Nps.sampleSize({ marginOfError: 0 })).field).toBe("options.marginOfError")
    expect(
      thrown(() => Nps.sampleSize({ marginOfError: 5, expected: { promoters: 0.7, detractors: 0.5 } })).field
    ).toBe("options.expected.detractors")
    // biome-ignore lint/suspicious/noExplicitAny: a JavaScript caller passing an unknown method
    expect(thrown(() => Nps.interval(Nps.fromAnswers([9]), { method: "wilson" as any })).field).toBe(
      "options.method"
    )
  })

  it("gives undefined, not NaN, for an empty sample", () => {
    for (const summary of [Nps.empty, Nps.fromAnswers([]), Nps.fromAnswers([], { weights: [] })]) {
      expect(Nps.score(summary)).toBeUndefined()
      expect(Nps.variance(summary)).toBeUndefined()
      expect(Nps.standardError(summary)).toBeUndefined()
      expect(Nps.interval(summary)).toBeUndefined()
      expect(Nps.interval(summary, { method: "wald" })).toBeUndefined()
      expect(Nps.compare(summary, Nps.fromAnswers([10]))).toEqual({
        difference: undefined,
        interval: undefined,
        z: undefined,
        pValue: undefined
      })
    }
    // zero total weight is an empty sample too
    expect(Nps.score(Nps.fromAnswers([10], { weights: [0] }))).toBeUndefined()
  })
})

describe("Nps: weights", () => {
  it("uses Kish's effective sample size (Σw)²/Σw²", () => {
    const summary = Nps.fromAnswers([10, 0], { weights: [3, 1] })
    expect(Nps.score(summary)).toBe(50)
    expect(Nps.effectiveSize(summary)).toBeCloseTo(1.6, 12)
    // SE = 100·√(Var/n_eff) with Var = 1 − 0.25 = 0.75
    close(Nps.standardError(summary), 100 * Math.sqrt(0.75 / 1.6), 1e-9)
  })

  it("unit weights change nothing; integer weights score like replicated responses", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(scoreArb, fc.integer({ min: 1, max: 5 })), { minLength: 1, maxLength: 50 }),
        (rows) => {
          const scores = rows.map(([s]) => s)
          const weights = rows.map(([, w]) => w)
          expect(Nps.fromAnswers(scores, { weights: scores.map(() => 1) })).toEqual(Nps.fromAnswers(scores))
          const replicated = rows.flatMap(([s, w]) => Array.from({ length: w }, () => s))
          const weighted = Nps.fromAnswers(scores, { weights })
          close(Nps.score(weighted), Nps.score(Nps.fromAnswers(replicated)) as number, 1e-9)
          expect(Nps.effectiveSize(weighted)).toBeLessThanOrEqual(replicated.length + 1e-9)
        }
      )
    )
  })
})

describe("Nps: properties", () => {
  it("stays within [−100, 100]", () => {
    fc.assert(
      fc.property(scoresArb, (scores) => {
        const s = Nps.score(Nps.fromAnswers(scores))
        return s === undefined ? scores.length === 0 : s >= -100 && s <= 100
      })
    )
  })

  it("is invariant under permutation", () => {
    fc.assert(
      fc.property(
        scoresArb.chain((scores) =>
          fc.tuple(fc.constant(scores), fc.shuffledSubarray(scores, { minLength: scores.length }))
        ),
        ([scores, shuffled]) => {
          expect(Nps.fromAnswers(shuffled)).toEqual(Nps.fromAnswers(scores))
        }
      )
    )
  })

  it("combine is associative and commutative, has empty as identity, and equals the concatenation", () => {
    fc.assert(
      fc.property(scoresArb, scoresArb, scoresArb, (a, b, c) => {
        const [sa, sb, sc] = [Nps.fromAnswers(a), Nps.fromAnswers(b), Nps.fromAnswers(c)]
        expect(Nps.combine(Nps.combine(sa, sb), sc)).toEqual(Nps.combine(sa, Nps.combine(sb, sc)))
        expect(Nps.combine(sa, sb)).toEqual(Nps.combine(sb, sa))
        expect(Nps.combine(sa, Nps.empty)).toEqual(sa)
        expect(Nps.Reducer.combineAll([sa, sb, sc])).toEqual(Nps.fromAnswers([...a, ...b, ...c]))
      })
    )
  })

  it("adding a promoter never lowers the NPS; adding a detractor never raises it", () => {
    fc.assert(
      fc.property(fc.array(scoreArb, { minLength: 1, maxLength: 200 }), (scores) => {
        const before = Nps.score(Nps.fromAnswers(scores)) as number
        expect(Nps.score(Nps.fromAnswers([...scores, 9]))).toBeGreaterThanOrEqual(before)
        expect(Nps.score(Nps.fromAnswers([...scores, 6]))).toBeLessThanOrEqual(before)
      })
    )
  })

  it("the Wald interval contains the NPS; so does adjusted-Wald unless all answers share an extreme group", () => {
    // Adjusted-Wald deliberately pulls an all-promoter (or all-detractor) sample away from ±100:
    // one promoter alone gets a 95% upper limit of 98.5, and at 80% every all-promoter sample up
    // to n = 100 stays below 100. At levels of 0.9 and above it contains the observed NPS in
    // every other case (checked exhaustively up to 100 responses per group).
    fc.assert(
      fc.property(countsArb, fc.constantFrom(0.9, 0.95, 0.99), (counts, level) => {
        const summary = Nps.fromCounts(counts)
        const score = Nps.score(summary)
        if (score === undefined) return true
        const eps = 1e-9
        const wald = defined(Nps.interval(summary, { level, method: "wald" }))
        expect(wald.lower - eps).toBeLessThanOrEqual(score)
        expect(wald.upper + eps).toBeGreaterThanOrEqual(score)
        const allOneExtreme = counts.passives === 0 && (counts.promoters === 0 || counts.detractors === 0)
        if (!allOneExtreme) {
          const adjusted = defined(Nps.interval(summary, { level, method: "adjusted-wald" }))
          expect(adjusted.lower - eps).toBeLessThanOrEqual(score)
          expect(adjusted.upper + eps).toBeGreaterThanOrEqual(score)
        }
        return true
      })
    )
  })

  it("intervals stay within [−100, 100] and narrow as n grows at fixed proportions", () => {
    fc.assert(
      fc.property(
        countsArb,
        fc.integer({ min: 2, max: 20 }),
        fc.constantFrom<Nps.Method>("wald", "adjusted-wald"),
        (counts, k, method) => {
          const small = Nps.interval(Nps.fromCounts(counts), { method })
          if (small === undefined) return true
          const large = defined(
            Nps.interval(
              Nps.fromCounts({
                promoters: k * counts.promoters,
                passives: k * counts.passives,
                detractors: k * counts.detractors
              }),
              { method }
            )
          )
          expect(small.lower).toBeGreaterThanOrEqual(-100)
          expect(small.upper).toBeLessThanOrEqual(100)
          expect(Interval.width(large)).toBeLessThanOrEqual(Interval.width(small) + 1e-9)
          return true
        }
      )
    )
  })

  it("compare: the Wald interval excludes 0 exactly when p < 1 − level", () => {
    fc.assert(
      fc.property(countsArb, countsArb, (a, b) => {
        const c = Nps.compare(Nps.fromCounts(a), Nps.fromCounts(b), { level: 0.95, method: "wald" })
        if (c.pValue === undefined || c.interval === undefined) return true
        if (Math.abs(c.pValue - 0.05) < 1e-9) return true
        expect(!Interval.contains(c.interval, 0)).toBe(c.pValue < 0.05)
        return true
      })
    )
  })
})
