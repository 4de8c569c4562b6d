import { describe, expect, it } from "@effect/vitest"
import fc from "fast-check"
import { Interval, MetricError } from "../src/index.ts"
import { close, defined } from "./support/assert.ts"

// Newcombe, R. G. (1998). Two-sided confidence intervals for the single proportion: comparison
// of seven methods. Statistics in Medicine 17, 857–872, Table I (95% limits, four decimals).
// Method 1 (simple asymptotic = Wald) and method 3 (Wilson score, no continuity correction).
// Tolerance: 5e-5, half a unit of the published fourth decimal.
const newcombe: ReadonlyArray<{
  readonly x: number
  readonly n: number
  readonly wilson: readonly [number, number]
  readonly wald?: readonly [number, number]
}> = [
  { x: 81, n: 263, wilson: [0.2553, 0.3662], wald: [0.2522, 0.3638] },
  { x: 15, n: 148, wilson: [0.0624, 0.1605], wald: [0.0527, 0.15] },
  { x: 0, n: 20, wilson: [0, 0.1611], wald: [0, 0] },
  { x: 1, n: 29, wilson: [0.0061, 0.1718] },
  { x: 29, n: 29, wilson: [0.883, 1], wald: [1, 1] }
]

describe("Interval", () => {
  it("reproduces Newcombe (1998) Table I: Wilson and Wald limits to 4 decimals", () => {
    for (const { x, n, wilson, wald } of newcombe) {
      const w = Interval.wilson(x, n, { level: 0.95 })
      expect(w).toBeDefined()
      close(defined(w).lower, wilson[0], 5e-5)
      close(defined(w).upper, wilson[1], 5e-5)
      if (wald !== undefined) {
        const v = Interval.wald(x, n, { level: 0.95 })
        close(defined(v).lower, wald[0], 5e-5)
        close(defined(v).upper, wald[1], 5e-5)
      }
    }
  })

  it("reproduces the adjusted-Wald worked example of Tullis & Albert (Measuring the User Experience, p. 69)", () => {
    // 4 of 5 users, 95%: p_adj = 0.6696, n_adj = 8.8416, limits 0.3596 and 0.9796 (they use
    // z = 1.96; we use z = 1.959964, so the tolerance is 2e-4).
    const i = defined(Interval.adjustedWald(4, 5, { level: 0.95 }))
    close(i.lower, 0.3596, 2e-4)
    close(i.upper, 0.9796, 2e-4)
  })

  it("gives Student's t limits from R's qt(0.975, 10) = 2.228139", () => {
    const i = Interval.studentT(10, 1, 10, { level: 0.95 })
    close(i.lower, 10 - 2.228139, 1e-6)
    close(i.upper, 10 + 2.228139, 1e-6)
  })

  it("is undefined with no observations", () => {
    expect(Interval.wilson(0, 0)).toBeUndefined()
    expect(Interval.wald(0, 0)).toBeUndefined()
    expect(Interval.adjustedWald(0, 0)).toBeUndefined()
  })

  it("rejects bad levels, counts and methods with a MetricError", () => {
    expect(() => Interval.wilson(1, 10, { level: 95 })).toThrow(MetricError.MetricError)
    expect(() => Interval.wilson(1, 10, { level: 95 })).toThrow("options.level: 95 is not a confidence level")
    expect(() => Interval.wilson(11, 10)).toThrow("successes: 11 is not at most trials (10)")
    expect(() => Interval.wald(-1, 10)).toThrow(MetricError.MetricError)
    // biome-ignore lint/suspicious/noExplicitAny: a JavaScript caller passing an unknown method
    expect(() => Interval.proportion(1, 10, { method: "exact" as any })).toThrow("options.method")
  })

  const countsArb = fc
    .tuple(fc.integer({ min: 1, max: 2000 }), fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([n, share]) => ({ n, x: Math.round(share * n) }))
  const methodArb = fc.constantFrom<Interval.Method>("wilson", "adjusted-wald", "wald")
  const levelArb = fc.constantFrom(0.8, 0.9, 0.95, 0.99)

  it("contains the observed proportion (after truncation to [0, 1])", () => {
    fc.assert(
      fc.property(countsArb, methodArb, levelArb, ({ n, x }, method, level) => {
        const i = Interval.truncate(defined(Interval.proportion(x, n, { method, level })), 0, 1)
        return (
          Interval.contains(i, x / n) ||
          Math.abs(i.lower - x / n) < 1e-12 ||
          Math.abs(i.upper - x / n) < 1e-12
        )
      })
    )
  })

  it("narrows as n grows at a fixed proportion", () => {
    fc.assert(
      fc.property(countsArb, methodArb, fc.integer({ min: 2, max: 10 }), ({ n, x }, method, k) => {
        const small = Interval.truncate(defined(Interval.proportion(x, n, { method })), 0, 1)
        const large = Interval.truncate(defined(Interval.proportion(k * x, k * n, { method })), 0, 1)
        return Interval.width(large) <= Interval.width(small) + 1e-12
      })
    )
  })

  it("keeps Wilson inside [0, 1] and widens with the level", () => {
    fc.assert(
      fc.property(countsArb, ({ n, x }) => {
        const i90 = defined(Interval.wilson(x, n, { level: 0.9 }))
        const i99 = defined(Interval.wilson(x, n, { level: 0.99 }))
        return i99.lower >= 0 && i99.upper <= 1 && Interval.width(i99) >= Interval.width(i90)
      })
    )
  })
})
