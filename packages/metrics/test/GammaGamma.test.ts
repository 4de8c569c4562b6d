import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import { GammaGamma, Simulate } from "../src/index.ts"
import { openUniform } from "../src/internal/random.ts"
import { metricError, relativeError } from "./support/assert.ts"
import { cdnowSpend } from "./support/data.ts"

const repeaters = cdnowSpend().filter((c) => c.frequency > 0)
// Fader, Hardie & Lee (2005), "RFM and CLV", JMR 42(4): p = 6.25, q = 3.74, γ = 15.44 on the 946 CDNOW
// repeat buyers; lifetimes 0.11 (GammaGammaFitter on the same file): p = 6.2488, q = 3.7447, v = 15.4474.
const lifetimes = { p: 6.2488, q: 3.7447, v: 15.4474 }
// Independent reference: the same likelihood in SciPy 1.17 (Nelder-Mead then BFGS, log parameters).
const scipy = { p: 6.24880193, q: 3.74458856, v: 15.44774982, logLikelihood: -4055.9232435028584 }

describe("GammaGamma.fit on CDNOW repeat buyers", () => {
  const fit = GammaGamma.fit(repeaters)

  it("uses the 946 repeat buyers", () => {
    expect(repeaters).toHaveLength(946)
    expect(fit.customers).toBe(946)
  })

  it("matches SciPy to 1e-4 relative, lifetimes to 1e-3 relative, the paper within rounding", () => {
    for (const name of ["p", "q", "v"] as const) {
      expect(relativeError(fit.params[name], scipy[name])).toBeLessThan(1e-4)
      expect(relativeError(fit.params[name], lifetimes[name])).toBeLessThan(1e-3)
    }
    expect(Math.abs(fit.params.p - 6.25)).toBeLessThanOrEqual(0.005)
    expect(Math.abs(fit.params.q - 3.74)).toBeLessThanOrEqual(0.005)
    expect(Math.abs(fit.params.v - 15.44)).toBeLessThanOrEqual(0.01)
    expect(Math.abs(fit.logLikelihood - scipy.logLikelihood)).toBeLessThan(1e-6)
  })

  it("expected average value shrinks a customer's mean towards the population mean", () => {
    const population = (fit.params.v * fit.params.p) / (fit.params.q - 1)
    // FHL 2005 JMR: the population mean E(Z) = pγ/(q − 1) ≈ $35.
    expect(population).toBeGreaterThan(34)
    expect(population).toBeLessThan(36.5)
    expect(GammaGamma.expectedAverageValue(fit.params, { frequency: 0, monetaryValue: 0 })).toBeCloseTo(
      population,
      10
    )
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: 0.01, max: 500, noNaN: true }),
        (x, z) => {
          const e = GammaGamma.expectedAverageValue(fit.params, { frequency: x, monetaryValue: z })
          return e >= Math.min(z, population) - 1e-9 && e <= Math.max(z, population) + 1e-9
        }
      )
    )
  })
})

describe("GammaGamma simulation and bad input", () => {
  it("weighting rows equals repeating them", () => {
    const data = repeaters.slice(0, 200)
    const weighted = GammaGamma.logLikelihood(
      scipy,
      data.map((c) => ({ ...c, weight: 3 }))
    )
    const repeated = GammaGamma.logLikelihood(scipy, [...data, ...data, ...data])
    expect(relativeError(weighted, repeated)).toBeLessThan(1e-12)
  })

  it("names the row, value and rule; NotConverged when the data cannot identify the model", () => {
    expect(metricError(() => GammaGamma.fit([{ frequency: 0, monetaryValue: 0 }])).message).toBe(
      "rows[0].frequency: 0 is not ≥ 1 (fit Gamma-Gamma on repeat buyers only)"
    )
    expect(metricError(() => GammaGamma.fit([{ frequency: 2, monetaryValue: -3 }])).field).toBe(
      "rows[0].monetaryValue"
    )
    const error = metricError(() => GammaGamma.fit([{ frequency: 2, monetaryValue: 10, weight: 5 }]))
    expect(error.reason).toBe("NotConverged")
    expect(error.field).toBe("GammaGamma.fit")
  })
})

describe("GammaGamma.fit on spend without heterogeneity (issue 21)", () => {
  // Every customer's transactions come from one Gamma(4, ν = 5): ν does not vary between
  // customers, the likelihood rises towards q, v → ∞ and there is no interior maximum.
  const random = openUniform(3)
  const frequencies = Array.from({ length: 1000 }, () => 1 + Math.floor(6 * random()))
  const homogeneous = Simulate.gammaGamma({ p: 4, q: 1e9, v: 2e8 }, { frequency: frequencies, seed: 3 })
  const identical = [1, 2, 3, 4, 5].map((frequency) => ({ frequency, monetaryValue: 20, weight: 10 }))

  it("throws NotConverged saying what about the data caused it and what to try", () => {
    for (const rows of [homogeneous, identical]) {
      const error = metricError(() => GammaGamma.fit(rows))
      expect(error.reason).toBe("NotConverged")
      expect(error.field).toBe("GammaGamma.fit")
      expect(error.rule).toMatch(
        /^q = .* \(> 1e4\): the data show no difference in spend per transaction between customers/
      )
      expect(error.rule).toContain("Use one mean spend per transaction for every customer")
      expect(error.rule).toContain("options.penalty")
      expect((error.value as GammaGamma.Params).q).toBeGreaterThan(1e4)
    }
  })

  it("names the mean spend the limit implies (0.8 here: E[Z] = p/ν = 4/5)", () => {
    const error = metricError(() => GammaGamma.fit(homogeneous))
    const mean = Number(/\(p·v\/\(q − 1\) ≈ ([0-9.]+)\)/.exec(error.rule)?.[1])
    const sample =
      homogeneous.reduce((s, r) => s + r.frequency * r.monetaryValue, 0) /
      homogeneous.reduce((s, r) => s + r.frequency, 0)
    expect(Math.abs(mean - sample)).toBeLessThan(0.01)
  })

  it("fits with a penalty (lifetimes' penalizer convention) to finite parameters", () => {
    const fit = GammaGamma.fit(homogeneous, { penalty: 0.001 })
    expect(fit.params.q).toBeLessThan(1e4)
    expect(Object.values(fit.standardErrors).every(Number.isFinite)).toBe(true)
    // The reported log-likelihood is the unpenalised one.
    expect(fit.logLikelihood).toBeCloseTo(GammaGamma.logLikelihood(fit.params, homogeneous), 9)
  })

  it("refuses a negative penalty", () => {
    expect(metricError(() => GammaGamma.fit(homogeneous, { penalty: -1 })).field).toBe("options.penalty")
  })
})
