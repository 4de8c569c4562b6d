import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import { LogRank, MetricError, Survival } from "../src/index.ts"

// Reference values: R 4.2.2, survival 3.5-3, printed with options(digits = 10).
//
//   library(survival)
//   for (ct in c("log-log", "log", "plain")) {
//     s <- summary(survfit(Surv(time, status) ~ 1, data = aml, conf.type = ct))
//     print(data.frame(s$time, s$n.risk, s$n.event, s$surv, s$std.err, s$lower, s$upper))
//     print(summary(survfit(Surv(time, status) ~ 1, data = aml, conf.type = ct))$table)
//   }
//   survdiff(Surv(time, status) ~ x, data = aml)
//   survdiff(Surv(futime, fustat) ~ rx, data = ovarian)
//   survdiff(Surv(futime, fustat) ~ ecog.ps + rx, data = ovarian)
//
// Data: `aml` (Miller 1981, acute myelogenous leukaemia, maintained vs. non-maintained
// chemotherapy) and `ovarian` (Edmonson et al. 1979, ovarian cancer trial), both shipped with R's
// survival package (LGPL ≥ 2), typed in below.

import { aml } from "./support/survival.ts"

const amlSummary = [
  [5, 23, 2, 0.91304347826, 0.05875338476],
  [8, 21, 2, 0.82608695652, 0.07903419645],
  [9, 19, 1, 0.78260869565, 0.0860061487],
  [12, 18, 1, 0.73913043478, 0.09156053715],
  [13, 17, 1, 0.69565217391, 0.09594387554],
  [18, 14, 1, 0.64596273292, 0.10114267518],
  [23, 13, 2, 0.54658385093, 0.10725064174],
  [27, 11, 1, 0.49689440994, 0.10840178079],
  [30, 9, 1, 0.44168391994, 0.10951806998],
  [31, 8, 1, 0.38647342995, 0.10885880149],
  [33, 7, 1, 0.33126293996, 0.10639097289],
  [34, 6, 1, 0.27605244997, 0.10198337609],
  [43, 5, 1, 0.22084195997, 0.09536743849],
  [45, 4, 1, 0.16563146998, 0.08603520841],
  [48, 2, 1, 0.08281573499, 0.0726618005]
] as const

// R lower / upper for conf.type = "log-log", "log", "plain" (conf.int = 0.95).
const amlBands = {
  "log-log": {
    lower: [
      0.694947537532, 0.600610411237, 0.554211506669, 0.509209438754, 0.465641749762, 0.413952950717,
      0.319250413971, 0.275565628012, 0.227381168463, 0.182836618649, 0.141825693482, 0.104441343234,
      0.070996648983, 0.042114281262, 0.006955966799
    ],
    upper: [
      0.9775156699, 0.9309035584, 0.9032074899, 0.8733757817, 0.8417212914, 0.8053077645, 0.7264491738,
      0.6842137884, 0.6370926875, 0.5874769144, 0.53527379, 0.4802846604, 0.4221674434, 0.3603613603,
      0.286760368
    ],
    median: [27, 13, 34]
  },
  log: {
    lower: [
      0.80485479778, 0.68483946807, 0.6309579106, 0.57979921797, 0.53087834163, 0.47525772471, 0.37207808725,
      0.32401654569, 0.27167599539, 0.22251529775, 0.17652018258, 0.13382219563, 0.09473324056, 0.05984071781,
      0.01483460825
    ],
    upper: [
      1, 0.996466605, 0.9707087592, 0.9422465272, 0.9115684501, 0.8779822623, 0.8029333528, 0.7620106378,
      0.7180784775, 0.671242443, 0.6216577265, 0.5694492963, 0.5148263798, 0.4584467709, 0.4623274066
    ],
    median: [27, 18, 45]
  },
  plain: {
    lower: [
      0.79788896017, 0.67118277794, 0.61403974174, 0.55967507956, 0.50760563331, 0.44772673228, 0.3363764558,
      0.28443082373, 0.22703244713, 0.17311409962, 0.12274046482, 0.07616870581, 0.03392521524, 0, 0
    ],
    upper: [
      1, 0.9809911351, 0.9511776496, 0.91858579, 0.8836987145, 0.8441987336, 0.7567912461, 0.7093579961,
      0.6563353928, 0.5998327603, 0.5397854151, 0.4759361941, 0.4077587047, 0.3342573799, 0.225230247
    ],
    median: [27, 18, 34]
  }
} as const

// R prints 10 significant digits; 1e-9 absolute is below that rounding.
const TOL = 1e-9
const close = (actual: number, expected: number, tol = TOL) =>
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol)

describe("Survival.kaplanMeier", () => {
  for (const transform of ["log-log", "log", "plain"] as const) {
    it(`matches R survfit on aml, conf.type = "${transform}"`, () => {
      const km = Survival.kaplanMeier({ durations: aml.time, observed: aml.status, transform })
      const rows = Survival.rows(km)
      expect(rows.map((r) => r.time)).toEqual(amlSummary.map((r) => r[0]))
      rows.forEach((row, i) => {
        const [, nRisk, nEvent, surv, se] = amlSummary[i] ?? []
        expect(row.atRisk).toBe(nRisk)
        expect(row.events).toBe(nEvent)
        close(row.survival, surv as number)
        close(row.standardError, se as number)
        close(row.lower, amlBands[transform].lower[i] as number)
        close(row.upper, amlBands[transform].upper[i] as number)
      })
      const m = Survival.median(km)
      expect([m.time, m.lower, m.upper]).toEqual(amlBands[transform].median)
      expect(km.n).toBe(23)
      expect(km.totalEvents).toBe(18)
    })
  }

  it("defaults to log-log at 95%", () => {
    const km = Survival.kaplanMeier({ durations: aml.time, observed: aml.status })
    expect(km.transform).toBe("log-log")
    expect(km.level).toBe(0.95)
    close(km.lower[0] as number, amlBands["log-log"].lower[0])
  })

  it("honours the confidence level (R conf.int = 0.9)", () => {
    // summary(survfit(Surv(time, status) ~ 1, data = aml, conf.type = "log-log", conf.int = 0.9))
    // at t = 5, 23, 48: lower 0.7473602544199 0.3567600210047 0.0117222293701,
    // upper 0.971980934866 0.701852726273 0.247653604514.
    const km = Survival.kaplanMeier({ durations: aml.time, observed: aml.status, level: 0.9 })
    const [a, b, c] = Survival.survivalAt(km, [5, 23, 48])
    close(a?.lower as number, 0.7473602544199)
    close(b?.lower as number, 0.3567600210047)
    close(c?.lower as number, 0.0117222293701)
    close(a?.upper as number, 0.971980934866)
    close(b?.upper as number, 0.701852726273)
    close(c?.upper as number, 0.247653604514)
  })

  it("accepts case weights like R's survfit(weights = , robust = FALSE)", () => {
    // Frequency weights, Greenwood variance on weighted counts. R's default for non-integer
    // weights is a robust (infinitesimal jackknife) variance, hence robust = FALSE here:
    // w <- rep(c(1.5, 2), length.out = 23)
    // summary(survfit(Surv(time, status) ~ 1, data = aml, weights = w, conf.type = "log-log",
    //                 robust = FALSE))
    //   time n.risk n.event surv            std.err         lower           upper
    //   5    40.0   3.5     0.9125000000000 0.0446776650017 0.7701676065433 0.968403326595
    //   23   22.5   3.5     0.5331632653061 0.0811720519964 0.3639378894353 0.676153990015
    //   48   3.5    2.0     0.0678900592495 0.0500790514199 0.0100093088119 0.207741717602
    const weights = aml.time.map((_, i) => (i % 2 === 0 ? 1.5 : 2))
    const km = Survival.kaplanMeier({ durations: aml.time, observed: aml.status, weights })
    const rows = Survival.rows(km)
    const expected = [
      [5, 40, 3.5, 0.9125, 0.0446776650017, 0.7701676065433, 0.968403326595],
      [23, 22.5, 3.5, 0.5331632653061, 0.0811720519964, 0.3639378894353, 0.676153990015],
      [48, 3.5, 2, 0.0678900592495, 0.0500790514199, 0.0100093088119, 0.207741717602]
    ]
    for (const [time, risk, events, surv, se, lo, hi] of expected as Array<Array<number>>) {
      const row = rows.find((r) => r.time === time) as Survival.SurvivalRow
      close(row.atRisk, risk as number, 1e-12)
      close(row.events, events as number, 1e-12)
      close(row.survival, surv as number, 1e-12)
      close(row.standardError, se as number, 1e-12)
      close(row.lower, lo as number, 1e-12)
      close(row.upper, hi as number, 1e-11)
    }
    expect(km.n).toBe(40)
  })

  it("integer weights equal repeated rows", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean(), fc.integer({ min: 1, max: 4 })), {
          minLength: 1,
          maxLength: 30
        }),
        (data) => {
          const weighted = Survival.kaplanMeier({
            durations: data.map((d) => d[0]),
            observed: data.map((d) => d[1]),
            weights: data.map((d) => d[2])
          })
          const expanded = data.flatMap(([t, o, w]) => Array.from({ length: w }, () => [t, o] as const))
          const repeated = Survival.kaplanMeier({
            durations: expanded.map((d) => d[0]),
            observed: expanded.map((d) => d[1])
          })
          expect(weighted.times).toEqual(repeated.times)
          expect(weighted.atRisk).toEqual(repeated.atRisk)
          weighted.survival.forEach((s, i) => {
            expect(s).toBeCloseTo(repeated.survival[i] as number, 12)
          })
        }
      )
    )
  })

  it("matches R's summary(fit, times = …) at arbitrary times", () => {
    // summary(survfit(Surv(time, status) ~ 1, data = aml, conf.type = "log-log"),
    //         times = c(0, 4.5, 5, 10, 27, 100, 161))
    const km = Survival.kaplanMeier({ durations: aml.time, observed: aml.status })
    const points = Survival.survivalAt(km, [0, 4.5, 5, 10, 27, 100, 161])
    const expected = [
      [1, 0, 1, 1, 23],
      [1, 0, 1, 1, 23],
      [0.91304347826, 0.05875338476, 0.694947537532, 0.9775156699, 23],
      [0.78260869565, 0.0860061487, 0.554211506669, 0.9032074899, 18],
      [0.49689440994, 0.10840178079, 0.275565628012, 0.6842137884, 11],
      [0.08281573499, 0.0726618005, 0.006955966799, 0.286760368, 1],
      [0.08281573499, 0.0726618005, 0.006955966799, 0.286760368, 1]
    ]
    points.forEach((p, i) => {
      const [s, se, lo, hi, risk] = expected[i] ?? []
      close(p.survival, s as number)
      close(p.standardError, se as number)
      close(p.lower, lo as number)
      close(p.upper, hi as number)
      expect(p.atRisk).toBe(risk)
    })
  })

  it("follows R when the curve reaches 0 and on the median rule", () => {
    // survfit(Surv(c(1, 2, 3, 4), rep(1, 4)) ~ 1, conf.type = "log-log"): median 2.5 (the curve is
    // exactly 0.5 on [2, 3)), 0.95LCL 1, 0.95UCL NA; at t = 4, surv 0, std.err NaN, bounds NA.
    // Lower bounds: 0.127946917595 0.057847082995 0.008947824417.
    const km = Survival.kaplanMeier({ durations: [4, 3, 2, 1] })
    expect(km.survival).toEqual([0.75, 0.5, 0.25, 0])
    close(km.lower[0] as number, 0.127946917595)
    close(km.lower[1] as number, 0.057847082995)
    close(km.lower[2] as number, 0.008947824417)
    close(km.upper[2] as number, 0.6653253428)
    expect(Number.isNaN(km.standardError[3])).toBe(true)
    expect(Number.isNaN(km.lower[3])).toBe(true)
    expect(Survival.median(km)).toEqual({ p: 0.5, time: 2.5, lower: 1, upper: undefined })
    expect(Survival.median(km, { rule: "first" }).time).toBe(2)
    // survfit(Surv(1:5, c(1, 0, 1, 0, 0)) ~ 1): median NA, 0.95LCL 3 (log scale, R's default).
    const never = Survival.kaplanMeier({
      durations: [1, 2, 3, 4, 5],
      observed: [1, 0, 1, 0, 0],
      transform: "log"
    })
    expect(Survival.median(never)).toEqual({ p: 0.5, time: undefined, lower: 3, upper: undefined })
  })

  it("refuses bad input, naming the index and value", () => {
    const expectError = (f: () => unknown, message: string) => {
      try {
        f()
        expect.unreachable()
      } catch (e) {
        expect(e).toBeInstanceOf(MetricError.MetricError)
        expect((e as MetricError.MetricError).message).toBe(message)
      }
    }
    expectError(
      () => Survival.kaplanMeier({ durations: [1, -2, 3] }),
      "durations[1]: -2 is not a finite number ≥ 0"
    )
    expectError(
      () => Survival.kaplanMeier({ durations: [1, Number.NaN] }),
      "durations[1]: NaN is not a finite number ≥ 0"
    )
    expectError(
      () => Survival.kaplanMeier({ durations: [1, 2], observed: [1, 2] }),
      "observed[1]: 2 is not an event indicator (true/false or 1/0)"
    )
    expectError(
      () => Survival.kaplanMeier({ durations: [1, 2], observed: [1] }),
      "observed.length: 1 is not equal to durations.length (2)"
    )
    expectError(
      () => Survival.kaplanMeier({ durations: [1, 2], weights: [1, -1] }),
      "weights[1]: -1 is not a finite number ≥ 0"
    )
    expectError(
      () => Survival.kaplanMeier({ durations: [1], level: 95 }),
      "level: 95 is not a confidence level in (0, 1)"
    )
    expectError(
      () => LogRank.compare({ durations: [1, 2], groups: ["a", "a"] }),
      'groups: ["a"] is not at least two distinct groups'
    )
    expectError(
      () => Survival.survivalAt(Survival.kaplanMeier({ durations: [1] }), [Number.NaN]),
      "at[0]: NaN is not a finite number"
    )
  })
})

const sample = fc.array(
  fc.record({
    duration: fc.integer({ min: 0, max: 30 }),
    event: fc.boolean(),
    group: fc.constantFrom("a", "b", "c")
  }),
  { minLength: 1, maxLength: 60 }
)

describe("Survival properties", () => {
  it("survival is non-increasing, within [0, 1], inside its band", () => {
    fc.assert(
      fc.property(sample, fc.constantFrom("log-log", "log", "plain" as const), (data, transform) => {
        const km = Survival.kaplanMeier({
          durations: data.map((d) => d.duration),
          observed: data.map((d) => d.event),
          transform
        })
        let previous = 1
        km.survival.forEach((s, i) => {
          expect(s).toBeLessThanOrEqual(previous)
          expect(s).toBeGreaterThanOrEqual(0)
          previous = s
          if (s > 0) {
            expect(km.lower[i]).toBeLessThanOrEqual(s + 1e-12)
            expect(km.upper[i]).toBeGreaterThanOrEqual(s - 1e-12)
            expect(km.lower[i]).toBeGreaterThanOrEqual(0)
            expect(km.upper[i]).toBeLessThanOrEqual(1)
          }
        })
      })
    )
  })

  it("censoring an event never lowers S(t)", () => {
    fc.assert(
      fc.property(sample, fc.nat(), (data, pick) => {
        const k = pick % data.length
        const durations = data.map((d) => d.duration)
        const asEvent = data.map((d, i) => (i === k ? true : d.event))
        const asCensored = data.map((d, i) => (i === k ? false : d.event))
        const a = Survival.kaplanMeier({ durations, observed: asEvent })
        const b = Survival.kaplanMeier({ durations, observed: asCensored })
        const grid = Array.from({ length: 32 }, (_, t) => t)
        const sa = Survival.survivalAt(a, grid)
        const sb = Survival.survivalAt(b, grid)
        grid.forEach((_, t) => {
          expect(sb[t]?.survival).toBeGreaterThanOrEqual((sa[t]?.survival as number) - 1e-12)
        })
      })
    )
  })

  it("does not depend on input order", () => {
    fc.assert(
      fc.property(sample, fc.infiniteStream(fc.nat()), (data, seeds) => {
        const shuffled = [...data]
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = (seeds.next().value as number) % (i + 1)
          ;[shuffled[i], shuffled[j]] = [
            shuffled[j] as (typeof data)[number],
            shuffled[i] as (typeof data)[number]
          ]
        }
        const fit = (xs: typeof data) =>
          Survival.kaplanMeier({ durations: xs.map((d) => d.duration), observed: xs.map((d) => d.event) })
        expect(fit(shuffled)).toEqual(fit(data))
        // Survdiff's statistic is undefined (singular variance, e.g. all events tied at one time):
        // R stops with an error and so do we, whatever the order.
        const test = (xs: typeof data) => {
          try {
            return LogRank.compare({
              durations: xs.map((d) => d.duration),
              observed: xs.map((d) => d.event),
              groups: xs.map((d) => d.group)
            })
          } catch (e) {
            return (e as MetricError.MetricError).message
          }
        }
        if (new Set(data.map((d) => d.group)).size >= 2) {
          const r1 = test(data)
          const r2 = test(shuffled)
          if (typeof r1 === "string") expect(r2).toBe(r1)
          else if (typeof r2 === "string") expect.unreachable(r2)
          else {
            expect(r2.groups.map((g) => [g.group, g.n, g.observed])).toEqual(
              r1.groups.map((g) => [g.group, g.n, g.observed])
            )
            expect(r2.chiSquare).toBeCloseTo(r1.chiSquare, 9)
          }
        }
      })
    )
  })
})

describe("Survival.kaplanMeier on integer durations (counted by distinct time)", () => {
  it("gives exactly the sorted path's table (the same data in half-units are sorted)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            t: fc.integer({ min: 0, max: 60 }),
            o: fc.boolean(),
            w: fc.constantFrom(0, 0.5, 1, 2.5)
          }),
          { minLength: 1, maxLength: 80 }
        ),
        fc.boolean(),
        (rows, weighted) => {
          const observed = rows.map((r) => r.o)
          const weights = weighted ? rows.map((r) => r.w) : undefined
          const counted = Survival.kaplanMeier({ durations: rows.map((r) => r.t), observed, weights })
          // t + 0.5 is never an integer: this input takes the sorting path.
          const sorted = Survival.kaplanMeier({ durations: rows.map((r) => r.t + 0.5), observed, weights })
          expect(counted.times).toEqual(sorted.times.map((t) => t - 0.5))
          expect(counted.survival).toEqual(sorted.survival)
          expect(counted.atRisk).toEqual(sorted.atRisk)
          expect(counted.varianceLog).toEqual(sorted.varianceLog)
          expect(counted.lower).toEqual(sorted.lower)
        }
      )
    )
  })
})
