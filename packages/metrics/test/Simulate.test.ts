import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import {
  BetaGeo,
  BetaGeoBetaBinom,
  GammaGamma,
  ModifiedBetaGeo,
  ParetoNbd,
  ShiftedBetaGeometric,
  Simulate
} from "../src/index.ts"
import { chiSquareSurvival } from "../src/internal/distributions.ts"
import { metricError } from "./support/assert.ts"

// Pearson's χ² test of simulated counts against the model's probabilities, the last cell
// collecting the tail: the simulators must draw from exactly the distribution the closed forms
// describe. Returns the p-value; with fixed seeds the tests are deterministic, and a correct
// simulator fails p > 0.001 one seed in a thousand.
const chiSquare = (
  observed: ReadonlyArray<number>,
  probabilities: ReadonlyArray<number>,
  n: number
): number => {
  let statistic = 0
  observed.forEach((o, k) => {
    const e = n * (probabilities[k] as number)
    statistic += (o - e) ** 2 / e
  })
  return chiSquareSurvival(statistic, observed.length - 1)
}

const counts = (values: ReadonlyArray<number>, cells: number): Array<number> => {
  const out = new Array<number>(cells).fill(0)
  for (const v of values) out[Math.min(v, cells - 1)] = (out[Math.min(v, cells - 1)] as number) + 1
  return out
}

const withTail = (p: (n: number) => number, cells: number): Array<number> => {
  const out = Array.from({ length: cells - 1 }, (_, n) => p(n))
  out.push(1 - out.reduce((s, x) => s + x, 0))
  return out
}

const bg = { r: 0.5, alpha: 6, a: 0.7, b: 2.5 }
const mbg = { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }
const pnbd = { r: 0.6, alpha: 8, s: 0.8, beta: 10 }
const bgbb = { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }
const gg = { p: 5, q: 4, v: 20 }
const sbg = { alpha: 0.668, beta: 3.806 }
const ages = (n: number, T = 39) => Array.from({ length: n }, () => T)

describe("Simulate draws from the models' own distributions (χ², p > 0.001)", () => {
  const n = 20_000
  it("BG/NBD, MBG/NBD and Pareto/NBD: frequency in 39 weeks against P(X(39) = x)", () => {
    const cells = 8
    for (const [simulated, probability] of [
      [
        Simulate.betaGeo(bg, { T: ages(n), seed: 1 }),
        (x: number) => BetaGeo.probabilityOfPurchases(bg, 39, x)
      ],
      [
        Simulate.modifiedBetaGeo(mbg, { T: ages(n), seed: 2 }),
        (x: number) => ModifiedBetaGeo.probabilityOfPurchases(mbg, 39, x)
      ],
      [
        Simulate.paretoNbd(pnbd, { T: ages(n), seed: 3 }),
        (x: number) => ParetoNbd.probabilityOfPurchases(pnbd, 39, x)
      ]
    ] as const) {
      const observed = counts(
        simulated.map((c) => c.frequency),
        cells
      )
      expect(chiSquare(observed, withTail(probability, cells), n)).toBeGreaterThan(0.001)
    }
  })

  it("BG/BB: transactions in 6 opportunities against P(X(6) = x)", () => {
    const donors = Simulate.betaGeoBetaBinom(bgbb, { periods: ages(n, 6), seed: 4 })
    const observed = counts(
      donors.map((c) => c.frequency),
      7
    )
    const expected = Array.from({ length: 7 }, (_, x) => BetaGeoBetaBinom.probabilityOfPurchases(bgbb, 6, x))
    expect(chiSquare(observed, expected, n)).toBeGreaterThan(0.001)
  })

  it("sBG: the period of churn against S(t−1) − S(t)", () => {
    const { survivors } = Simulate.shiftedBetaGeometric(sbg, { customers: n, periods: 8, seed: 5 })
    const churned = survivors.slice(1).map((s, t) => (survivors[t] as number) - s)
    churned.push(survivors[8] as number)
    const expected = Array.from(
      { length: 8 },
      (_, t) => ShiftedBetaGeometric.survival(sbg, t) - ShiftedBetaGeometric.survival(sbg, t + 1)
    )
    expected.push(ShiftedBetaGeometric.survival(sbg, 8))
    expect(chiSquare(churned, expected, n)).toBeGreaterThan(0.001)
  })

  it("Gamma-Gamma: mean transaction value p·v/(q−1) within 4 Monte Carlo standard errors", () => {
    const values = Simulate.gammaGamma(gg, { frequency: ages(n, 1), seed: 6 }).map((b) => b.monetaryValue)
    const mean = values.reduce((s, v) => s + v, 0) / n
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1))
    expect(Math.abs(mean - (gg.p * gg.v) / (gg.q - 1))).toBeLessThan((4 * sd) / Math.sqrt(n))
  })
})

describe("fitting simulated data recovers the parameters", () => {
  const within = <P extends object>(fit: { params: P; standardErrors: P }, truth: P, k: number) => {
    for (const name of Object.keys(truth) as Array<keyof P>) {
      const error = Math.abs((fit.params[name] as number) - (truth[name] as number))
      expect(error, String(name)).toBeLessThan(k * (fit.standardErrors[name] as number))
    }
  }
  const spread = (n: number) => Array.from({ length: n }, (_, i) => 26 + (i % 14))

  it("every model, within 3 standard errors of each parameter", () => {
    within(BetaGeo.fit(Simulate.betaGeo(bg, { T: spread(4000), seed: 11 })), bg, 3)
    within(ModifiedBetaGeo.fit(Simulate.modifiedBetaGeo(mbg, { T: spread(4000), seed: 12 })), mbg, 3)
    within(ParetoNbd.fit(Simulate.paretoNbd(pnbd, { T: spread(2500), seed: 13 })), pnbd, 3)
    within(
      BetaGeoBetaBinom.fit(Simulate.betaGeoBetaBinom(bgbb, { periods: ages(20_000, 6), seed: 14 })),
      bgbb,
      3
    )
    const frequencies = Array.from({ length: 3000 }, (_, i) => 1 + (i % 6))
    within(GammaGamma.fit(Simulate.gammaGamma(gg, { frequency: frequencies, seed: 15 })), gg, 3)
    within(
      ShiftedBetaGeometric.fit(Simulate.shiftedBetaGeometric(sbg, { customers: 2000, periods: 7, seed: 16 })),
      sbg,
      3
    )
  })

  it("BG/NBD and MBG/NBD: the 95% Wald intervals θ̂ ± 1.96 SE cover the truth in 90–100% of 2 × 20 × 4 cases (151 here)", () => {
    let covered = 0
    let cases = 0
    for (let seed = 100; seed < 120; seed++) {
      for (const [fit, truth] of [
        [BetaGeo.fit(Simulate.betaGeo(bg, { T: spread(1500), seed })), bg],
        [ModifiedBetaGeo.fit(Simulate.modifiedBetaGeo(mbg, { T: spread(1500), seed })), mbg]
      ] as const) {
        for (const name of ["r", "alpha", "a", "b"] as const) {
          cases++
          if (Math.abs(fit.params[name] - truth[name]) < 1.96 * fit.standardErrors[name]) covered++
        }
      }
    }
    expect(cases).toBe(160)
    expect(covered / cases).toBeGreaterThanOrEqual(0.9)
  })
})

describe("Simulate is seeded and its customers are valid rows", () => {
  it("the same seed gives the same customers; another seed others", () => {
    const once = Simulate.betaGeo(bg, { T: ages(50), seed: 9 })
    expect(Simulate.betaGeo(bg, { T: ages(50), seed: 9 })).toEqual(once)
    expect(Simulate.betaGeo(bg, { T: ages(50), seed: 10 })).not.toEqual(once)
    expect(Simulate.betaGeoBetaBinom(bgbb, { periods: ages(50, 6), seed: 9 })).toEqual(
      Simulate.betaGeoBetaBinom(bgbb, { periods: ages(50, 6), seed: 9 })
    )
  })

  it("frequency, recency and purchase times agree and stay within T (property)", () => {
    const params = fc.record({
      r: fc.double({ min: 0.1, max: 3, noNaN: true }),
      alpha: fc.double({ min: 0.5, max: 20, noNaN: true }),
      a: fc.double({ min: 0.1, max: 3, noNaN: true }),
      b: fc.double({ min: 0.1, max: 5, noNaN: true })
    })
    fc.assert(
      fc.property(
        params,
        fc.array(fc.double({ min: 0.1, max: 100, noNaN: true }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 0xffffffff }),
        (p, T, seed) =>
          [
            ...Simulate.betaGeo(p, { T, seed }),
            ...Simulate.modifiedBetaGeo(p, { T, seed }),
            ...Simulate.paretoNbd({ r: p.r, alpha: p.alpha, s: p.a, beta: p.b }, { T, seed })
          ].every(
            (c, i) =>
              c.T === T[i % T.length] &&
              c.frequency === c.purchaseTimes.length &&
              c.recency === (c.purchaseTimes.at(-1) ?? 0) &&
              c.purchaseTimes.every(
                (t, k) => t > 0 && t <= c.T && (k === 0 || t > (c.purchaseTimes[k - 1] as number))
              )
          )
      ),
      { numRuns: 100 }
    )
  })

  it("names the option, value and rule on bad input", () => {
    expect(metricError(() => Simulate.betaGeo(bg, { T: [39, -1], seed: 1 })).message).toBe(
      "options.T[1]: -1 is not a finite number > 0"
    )
    expect(metricError(() => Simulate.betaGeo(bg, { T: [39], seed: 0 })).message).toBe(
      "options.seed: 0 is not an integer from 1 to 4294967295"
    )
    expect(metricError(() => Simulate.paretoNbd({ ...pnbd, s: 0 }, { T: [39], seed: 1 })).field).toBe(
      "params.s"
    )
    expect(metricError(() => Simulate.betaGeoBetaBinom(bgbb, { periods: [0], seed: 1 })).field).toBe(
      "options.periods[0]"
    )
    expect(metricError(() => Simulate.gammaGamma(gg, { frequency: [0], seed: 1 })).field).toBe(
      "options.frequency[0]"
    )
  })
})
