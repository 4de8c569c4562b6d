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
