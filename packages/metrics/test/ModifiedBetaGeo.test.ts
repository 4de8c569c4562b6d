import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import { BetaGeo, ModifiedBetaGeo } from "../src/index.ts"
import { metricError, relativeError } from "./support/assert.ts"
import {
  betaGeoParams,
  collapse,
  conditionalPurchaseTests,
  customer,
  expectedPurchasesMonotone,
  weightIsRepetition
} from "./support/clv.ts"
import { cdnowSummary } from "./support/data.ts"

const rows = cdnowSummary()
// Published for CDNOW (the 2,357-customer, 39-week calibration summary): r = 0.525, α = 6.183,
// a = 0.891, b = 1.614, as BTYDplus (mbgcnbd with k = 1) and lifetimes (ModifiedBetaGeoFitter)
// report them, printed to 3 decimals.
const published = { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }
// Independent reference: the Batislam et al. (2007) likelihood in SciPy 1.17 (scipy.special.gammaln,
// Nelder-Mead then BFGS on log parameters, xatol 1e-13), run for this test on
// data/cdnow/cdnow_customers_summary.csv.
const scipy = {
  r: 0.52483802,
  alpha: 6.18299231,
  a: 0.89135621,
  b: 1.61399925,
  logLikelihood: -9582.132684899903
}
// The Batislam et al. (2007) closed forms at the published parameters, evaluated with mpmath 1.3
// (30 digits, mpmath.hyp2f1) for this test.
const mpmath = {
  // E[X(T, T+39) | x, t_x, T]
  conditional: [
    { t: 39, customer: { frequency: 2, recency: 30.43, T: 38.86 }, value: 1.262960623267366 },
    { t: 39, customer: { frequency: 0, recency: 0, T: 38.86 }, value: 0.1540127466756747 },
    { t: 10, customer: { frequency: 7, recency: 35.1, T: 38.86 }, value: 1.292604961279714 }
  ],
  newCustomer: [
    { t: 39, value: 1.1829536655971726 },
    { t: 0.5, value: 0.026937355002919782 }
  ],
  // P(X(39) = n) of a new customer
  probability: [
    { n: 0, value: 0.582473189493289 },
    { n: 1, value: 0.1827830772875405 },
    { n: 5, value: 0.01938732355357033 }
  ]
}

describe("ModifiedBetaGeo.fit on CDNOW", () => {
  const fit = ModifiedBetaGeo.fit(rows)

  it("matches the SciPy reference to 1e-4 relative (parameters) and 1e-6 (log-likelihood)", () => {
    for (const name of ["r", "alpha", "a", "b"] as const) {
      expect(relativeError(fit.params[name], scipy[name])).toBeLessThan(1e-4)
    }
    expect(Math.abs(fit.logLikelihood - scipy.logLikelihood)).toBeLessThan(1e-6)
  })

  it("matches the published values within their printed rounding (±0.0005)", () => {
    for (const name of ["r", "alpha", "a", "b"] as const) {
      expect(Math.abs(fit.params[name] - published[name])).toBeLessThanOrEqual(0.0005)
    }
    expect(fit.customers).toBe(2357)
  })

  it("fits CDNOW better than BG/NBD by 0.29 log-likelihood units with the same 4 parameters", () => {
    expect(fit.logLikelihood - BetaGeo.fit(rows).logLikelihood).toBeCloseTo(0.293, 3)
  })

  it("reports finite, positive standard errors", () => {
    for (const se of Object.values(fit.standardErrors)) expect(se).toBeGreaterThan(0)
  })

  it("collapsed patterns give the same fit as the 2,357 rows", () => {
    const collapsed = ModifiedBetaGeo.fit(collapse(rows))
    expect(Math.abs(collapsed.logLikelihood - scipy.logLikelihood)).toBeLessThan(1e-6)
  })
})

describe("ModifiedBetaGeo predictions", () => {
  it("reproduce the closed forms evaluated in mpmath to 1e-10 relative", () => {
    for (const { t, customer, value } of mpmath.conditional) {
      expect(relativeError(ModifiedBetaGeo.expectedPurchases(published, t, customer), value)).toBeLessThan(
        1e-10
      )
    }
    for (const { t, value } of mpmath.newCustomer) {
      expect(relativeError(ModifiedBetaGeo.expectedPurchasesNewCustomer(published, t), value)).toBeLessThan(
        1e-10
      )
    }
    for (const { n, value } of mpmath.probability) {
      expect(relativeError(ModifiedBetaGeo.probabilityOfPurchases(published, 39, n), value)).toBeLessThan(
        1e-10
      )
    }
  })

  it("P(X(t) = n) sums to 1 and its mean is E[X(t)], to 1e-9", () => {
    let total = 0
    let mean = 0
    for (let n = 0; n < 300; n++) {
      const p = ModifiedBetaGeo.probabilityOfPurchases(published, 39, n)
      total += p
      mean += n * p
    }
    expect(Math.abs(total - 1)).toBeLessThan(1e-9)
    expect(relativeError(mean, ModifiedBetaGeo.expectedPurchasesNewCustomer(published, 39))).toBeLessThan(
      1e-9
    )
  })

  it("a new customer is a customer with x = 0 at T → 0 (P(alive) = b/(a+b), to 1e-6)", () => {
    const at0 = { frequency: 0, recency: 0, T: 1e-9 }
    expect(ModifiedBetaGeo.probabilityAlive(published, at0)).toBeCloseTo(
      published.b / (published.a + published.b),
      6
    )
    expect(
      relativeError(
        ModifiedBetaGeo.expectedPurchases(published, 39, at0),
        ModifiedBetaGeo.expectedPurchasesNewCustomer(published, 39)
      )
    ).toBeLessThan(1e-6)
  })

  it("P(alive) is in [0, 1] and below 1 without repeat purchases (property)", () => {
    fc.assert(
      fc.property(betaGeoParams, customer, (p, c) => {
        const alive = ModifiedBetaGeo.probabilityAlive(p, c)
        return alive >= 0 && alive <= 1 && (c.frequency > 0 || alive < 1)
      })
    )
  })

  it("expected purchases are non-negative and non-decreasing in t (property)", () => {
    fc.assert(expectedPurchasesMonotone(ModifiedBetaGeo, betaGeoParams), { numRuns: 200 })
  })

  it("a weighted row equals the row repeated (log-likelihood, property)", () => {
    fc.assert(weightIsRepetition(ModifiedBetaGeo, betaGeoParams))
  })
})

conditionalPurchaseTests("ModifiedBetaGeo", ModifiedBetaGeo, published, 1)

describe("ModifiedBetaGeo bad input", () => {
  it("names the row, value and rule", () => {
    expect(metricError(() => ModifiedBetaGeo.fit([{ frequency: 1, recency: 5, T: 4 }])).message).toBe(
      "rows[0].recency: 5 is not at most T (4)"
    )
    expect(
      metricError(() => ModifiedBetaGeo.expectedPurchases(published, -1, { frequency: 0, recency: 0, T: 1 }))
        .field
    ).toBe("t")
    expect(
      metricError(() =>
        ModifiedBetaGeo.probabilityAlive({ ...published, b: 0 }, { frequency: 0, recency: 0, T: 1 })
      ).field
    ).toBe("params.b")
  })

  it("refuses data without any repeat purchase and names a boundary maximum NotConverged", () => {
    expect(
      metricError(() => ModifiedBetaGeo.fit([{ frequency: 0, recency: 0, T: 10, weight: 100 }])).field
    ).toBe("rows[*].frequency")
    const error = metricError(() => ModifiedBetaGeo.fit([{ frequency: 3, recency: 10, T: 10, weight: 100 }]))
    expect(error.reason).toBe("NotConverged")
    expect(error.field).toBe("ModifiedBetaGeo.fit")
  })
})
