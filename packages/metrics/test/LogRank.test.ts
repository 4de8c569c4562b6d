import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import { LogRank } from "../src/index.ts"
import { aml, ovarian } from "./support/survival.ts"

// Reference values: R 4.2.2, survival 3.5-3, printed with options(digits = 10):
//   survdiff(Surv(time, status) ~ x, data = aml)
//   survdiff(Surv(futime, fustat) ~ rx, data = ovarian)
//   survdiff(Surv(futime, fustat) ~ ecog.ps + rx, data = ovarian)
const close = (actual: number, expected: number, tol = 1e-9) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol)

describe("LogRank.compare", () => {
  it("matches R survdiff on aml (2 groups)", () => {
    // N Observed Expected: Maintained 11 7 10.68934, Nonmaintained 12 11 7.31066;
    // (O-E)^2/V 3.39639; Chisq 3.39638869898 on 1 df, p = 0.0653393220405.
    const test = LogRank.compare({ durations: aml.time, observed: aml.status, groups: aml.x })
    expect(test.groups.map((g) => [g.group, g.n, g.observed])).toEqual([
      ["Maintained", 11, 7],
      ["Nonmaintained", 12, 11]
    ])
    close(test.groups[0]?.expected as number, 10.68934, 5e-6)
    close(test.chiSquare, 3.39638869898, 1e-10)
    expect(test.df).toBe(1)
    close(test.pValue, 0.0653393220405, 1e-10)
    const maintained = test.groups[0] as LogRank.Group
    close((maintained.observed - maintained.expected) ** 2 / maintained.variance, 3.39639, 5e-6)
  })

  it("matches R survdiff when the last event time carries no variance", () => {
    // survdiff(Surv(c(1, 2, 3, 3), rep(1, 4)) ~ c("a", "a", "b", "c")): expected 0.833333333333
    // 1.583333333333 1.583333333333, Chisq 2.88235294118 on 2 df, p = 0.236649184042.
    const test = LogRank.compare({ durations: [1, 2, 3, 3], groups: ["a", "a", "b", "c"] })
    test.groups.forEach((g, i) => {
      close(g.expected, [0.833333333333, 1.583333333333, 1.583333333333][i] as number, 1e-11)
    })
    close(test.chiSquare, 2.88235294118, 1e-10)
    expect(test.df).toBe(2)
    close(test.pValue, 0.236649184042, 1e-11)
  })

  it("matches R survdiff on ovarian (2 and 4 groups)", () => {
    const durations = ovarian.map((r) => r[0])
    const observed = ovarian.map((r) => r[1])
    const two = LogRank.compare({ durations, observed, groups: ovarian.map((r) => r[2]) })
    // rx=1 13 7 5.23353; rx=2 13 5 6.76647; Chisq 1.06273986129 on 1 df.
    close(two.chiSquare, 1.06273986129, 1e-10)
    close(two.groups[0]?.expected as number, 5.23353, 5e-6)
    // ecog.ps + rx: Expected 2.55077 3.63141 2.68276 3.13506; Chisq 3.02821312081 on 3 df,
    // p = 0.387295689798.
    const four = LogRank.compare({
      durations,
      observed,
      groups: ovarian.map((r) => `ecog.ps=${r[3]}, rx=${r[2]}`)
    })
    expect(four.df).toBe(3)
    expect(four.groups.map((g) => g.observed)).toEqual([4, 1, 3, 4])
    four.groups.forEach((g, i) => {
      close(g.expected, [2.55077, 3.63141, 2.68276, 3.13506][i] as number, 5e-6)
    })
    close(four.chiSquare, 3.02821312081, 1e-10)
    close(four.pValue, 0.387295689798, 1e-10)
  })
})

describe("LogRank.compare on integer durations (counting sort)", () => {
  it("gives the comparison-sort path's statistic (the same data in half-units)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            t: fc.integer({ min: 0, max: 40 }),
            o: fc.boolean(),
            g: fc.constantFrom("a", "b", "c")
          }),
          { minLength: 6, maxLength: 80 }
        ),
        (rows) => {
          const groups = rows.map((r) => r.g)
          if (new Set(groups).size < 2) return
          const observed = rows.map((r) => r.o)
          const run = (shift: number) => {
            try {
              return LogRank.compare({ durations: rows.map((r) => r.t + shift), observed, groups })
            } catch (error) {
              return String(error)
            }
          }
          expect(run(0)).toEqual(run(0.5))
        }
      )
    )
  })
})

// Rows aggregated to (duration, observed, group, count), as a SQL GROUP BY returns them.
const aggregate = (durations: ArrayLike<number>, observed: ArrayLike<number>, groups: ArrayLike<string>) => {
  const counts = new Map<string, { t: number; o: number; g: string; w: number }>()
  for (let i = 0; i < durations.length; i++) {
    const row = { t: durations[i] as number, o: observed[i] as number, g: groups[i] as string }
    const key = JSON.stringify(row)
    const seen = counts.get(key)
    if (seen === undefined) counts.set(key, { ...row, w: 1 })
    else seen.w++
  }
  const rows = [...counts.values()]
  return {
    durations: rows.map((r) => r.t),
    observed: rows.map((r) => r.o),
    groups: rows.map((r) => r.g),
    weights: rows.map((r) => r.w)
  }
}

describe("LogRank.compare with case weights", () => {
  it("reproduces R survdiff on aml from its aggregated rows", () => {
    const rows = aggregate(aml.time, aml.status, aml.x)
    expect(rows.weights.some((w) => w > 1)).toBe(true)
    const test = LogRank.compare(rows)
    expect(test.groups.map((g) => [g.group, g.n, g.observed])).toEqual([
      ["Maintained", 11, 7],
      ["Nonmaintained", 12, 11]
    ])
    close(test.groups[0]?.expected as number, 10.68934, 5e-6)
    close(test.chiSquare, 3.39638869898, 1e-10)
    close(test.pValue, 0.0653393220405, 1e-10)
  })

  it("reproduces R survdiff on ovarian (4 groups) from its aggregated rows", () => {
    const rows = aggregate(
      ovarian.map((r) => r[0]),
      ovarian.map((r) => r[1]),
      ovarian.map((r) => `ecog.ps=${r[3]}, rx=${r[2]}`)
    )
    const four = LogRank.compare(rows)
    expect(four.groups.map((g) => g.observed)).toEqual([4, 1, 3, 4])
    close(four.chiSquare, 3.02821312081, 1e-10)
    close(four.pValue, 0.387295689798, 1e-10)
  })

  it("weighted rows give exactly the result of the expanded data", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            t: fc.integer({ min: 0, max: 30 }),
            o: fc.boolean(),
            g: fc.constantFrom("a", "b", "c"),
            w: fc.integer({ min: 0, max: 5 })
          }),
          { minLength: 2, maxLength: 60 }
        ),
        fc.boolean(),
        (rows, halves) => {
          // Integer days (counting sort) and the same rows off the integer grid (comparison sort).
          const shift = halves ? 0.5 : 0
          const run = (xs: ReadonlyArray<{ t: number; o: boolean; g: string }>, weights?: Array<number>) => {
            try {
              return LogRank.compare({
                durations: xs.map((r) => r.t + shift),
                observed: xs.map((r) => r.o),
                groups: xs.map((r) => r.g),
                weights
              })
            } catch (error) {
              return String(error)
            }
          }
          const weighted = run(
            rows,
            rows.map((r) => r.w)
          )
          const expanded = run(rows.flatMap((r) => Array.from({ length: r.w }, () => r)))
          if (typeof weighted === "string" || typeof expanded === "string") {
            // The same refusal, worded for weights where the expanded data lack a group.
            expect(typeof weighted).toBe(typeof expanded)
            return
          }
          // Groups whose rows all weigh 0 are listed with n = 0 and are absent from the expansion.
          expect({ ...weighted, groups: weighted.groups.filter((g) => g.n > 0) }).toEqual(expanded)
          for (const g of weighted.groups.filter((g) => g.n === 0)) {
            expect([g.observed, g.expected, g.variance]).toEqual([0, 0, 0])
          }
        }
      )
    )
  })

  it("refuses bad weights, naming the index", () => {
    const base = { durations: [1, 2, 3], groups: ["a", "b", "b"] }
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => LogRank.compare({ ...base, weights: [1, bad, 1] })).toThrow(
        `weights[1]: ${bad} is not a finite number ≥ 0`
      )
    }
    expect(() => LogRank.compare({ ...base, weights: [1, 1] })).toThrow(
      "weights.length: 2 is not equal to durations.length (3)"
    )
    expect(() => LogRank.compare({ ...base, weights: [0, 1, 1] })).toThrow(
      'groups: ["b"] is not at least two distinct groups with a positive total weight'
    )
  })
})

describe("LogRank.compare's counting paths", () => {
  it("rows in time order (many groups over a wide range) give the counting table's statistic", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            t: fc.integer({ min: 0, max: 1000 }),
            o: fc.boolean(),
            g: fc.constantFrom("a", "b", "c"),
            w: fc.constantFrom(0, 1, 2.5)
          }),
          { minLength: 6, maxLength: 60 }
        ),
        fc.boolean(),
        (rows, weighted) => {
          // Integer days up to 1,000 in three groups exceed the (time, group) table's budget and
          // are counted by a counting sort; in half-units they are ranked into the table.
          const observed = rows.map((r) => r.o)
          const groups = rows.map((r) => r.g)
          const weights = weighted ? rows.map((r) => r.w) : undefined
          const run = (shift: number) => {
            try {
              return LogRank.compare({ durations: rows.map((r) => r.t + shift), observed, groups, weights })
            } catch (error) {
              return String(error)
            }
          }
          expect(run(0)).toEqual(run(0.5))
        }
      )
    )
  })

  it("reads event indicators as booleans, 0/1 numbers or a Uint8Array alike", () => {
    const durations = aml.time
    const groups = aml.x
    const fromNumbers = LogRank.compare({ durations, observed: aml.status, groups })
    expect(LogRank.compare({ durations, observed: aml.status.map((s) => s === 1), groups })).toEqual(
      fromNumbers
    )
    expect(LogRank.compare({ durations, observed: Uint8Array.from(aml.status), groups })).toEqual(fromNumbers)
    expect(() =>
      LogRank.compare({
        durations,
        observed: Uint8Array.from(aml.status, (s, i) => (i === 4 ? 2 : s)),
        groups
      })
    ).toThrow("observed[4]: 2 is not an event indicator (true/false or 1/0)")
    expect(() =>
      LogRank.compare({
        durations,
        observed: aml.status.map((s, i) => (i === 3 ? ("1" as never) : s)),
        groups
      })
    ).toThrow('observed[3]: "1" is not an event indicator (true/false or 1/0)')
    expect(() => LogRank.compare({ durations: durations.map((d, i) => (i === 5 ? -1 : d)), groups })).toThrow(
      "durations[5]: -1 is not a finite number ≥ 0"
    )
    expect(() =>
      LogRank.compare({ durations: durations.map((d, i) => (i === 6 ? ("9" as never) : d)), groups })
    ).toThrow('durations[6]: "9" is not a finite number ≥ 0')
  })
})
