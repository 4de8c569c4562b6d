import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import { BetaGeoBetaBinom } from "../src/index.ts"
import { beta as betaVariate, openUniform } from "../src/internal/random.ts"
import { lnBeta } from "../src/internal/special.ts"
import { metricError, relativeError } from "./support/assert.ts"
import { importanceSample } from "./support/clv.ts"
import { donations } from "./support/data.ts"

const rows = donations()
// Fader, Hardie & Shang (2010), Marketing Science 29(6), on the 11,104 donors of the 1995 cohort:
// α = 1.204, β = 0.750, γ = 0.657, δ = 2.783, LL = −33,225.6.
const published = { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }
// Independent reference: the same likelihood in SciPy 1.17 (scipy.special.betaln), run for this test.
const scipy = {
  alpha: 1.20352236,
  beta: 0.74971633,
  gamma: 0.65671823,
  delta: 2.7834422,
  logLikelihood: -33225.581274346994
}

const history = fc
  .record({
    n: fc.integer({ min: 1, max: 12 }),
    a: fc.double({ min: 0, max: 1, noNaN: true }),
    b: fc.double({ min: 0, max: 1, noNaN: true })
  })
  .map(({ n, a, b }) => {
    const recency = Math.round(a * n)
    const frequency = recency === 0 ? 0 : 1 + Math.round(b * (recency - 1))
    return { frequency, recency, periods: n }
  })
const params = fc.record({
  alpha: fc.double({ min: 0.1, max: 5, noNaN: true }),
  beta: fc.double({ min: 0.1, max: 5, noNaN: true }),
  gamma: fc.double({ min: 0.1, max: 5, noNaN: true }),
  delta: fc.double({ min: 0.1, max: 5, noNaN: true })
})

describe("BetaGeoBetaBinom.fit on the donations data", () => {
  const fit = BetaGeoBetaBinom.fit(rows)

  it("matches SciPy to 1e-4 relative and the paper within its printed rounding", () => {
    for (const name of ["alpha", "beta", "gamma", "delta"] as const) {
      expect(relativeError(fit.params[name], scipy[name])).toBeLessThan(1e-4)
      expect(Math.abs(fit.params[name] - published[name])).toBeLessThanOrEqual(0.0005 + 1e-4)
    }
    expect(Math.abs(fit.logLikelihood - scipy.logLikelihood)).toBeLessThan(1e-6)
    expect(Math.abs(fit.logLikelihood - -33225.6)).toBeLessThanOrEqual(0.05)
    expect(fit.customers).toBe(11104)
  })
})

describe("BetaGeoBetaBinom predictions", () => {
  it("P(X(n) = x) sums to 1 over x = 0…n and its mean is E[X(n)] (to 1e-12)", () => {
    let total = 0
    let mean = 0
    for (let x = 0; x <= 6; x++) {
      const p = BetaGeoBetaBinom.probabilityOfPurchases(published, 6, x)
      total += p
      mean += x * p
    }
    expect(Math.abs(total - 1)).toBeLessThan(1e-12)
    expect(relativeError(mean, BetaGeoBetaBinom.expectedPurchasesNewCustomer(published, 6))).toBeLessThan(
      1e-12
    )
  })

  it("the closed-form future expectation equals the sum of per-opportunity terms (to 1e-10)", () => {
    // E = Σ_{k=1}^{m} B(α+x+1, β+n−x)/B(α,β) · B(γ, δ+n+k)/B(γ,δ) / L.
    const c = { frequency: 3, recency: 5, periods: 6 }
    const { alpha, beta, gamma, delta } = published
    const alive = BetaGeoBetaBinom.probabilityAlive(published, c)
    // P(alive at n+1) / [B(α+x, β+n−x)/B(α,β) · B(γ, δ+n+1)/B(γ,δ)] = 1/L
    const inverseL =
      alive /
      Math.exp(
        lnBeta(alpha + 3, beta + 3) - lnBeta(alpha, beta) + lnBeta(gamma, delta + 7) - lnBeta(gamma, delta)
      )
    let direct = 0
    for (let k = 1; k <= 5; k++) {
      direct += Math.exp(
        lnBeta(alpha + 4, beta + 3) -
          lnBeta(alpha, beta) +
          lnBeta(gamma, delta + 6 + k) -
          lnBeta(gamma, delta)
      )
    }
    expect(
      relativeError(BetaGeoBetaBinom.expectedPurchases(published, 5, c), direct * inverseL)
    ).toBeLessThan(1e-10)
  })

  it("P(alive) is in [0, 1] and expected purchases grow with the horizon (property)", () => {
    fc.assert(
      fc.property(params, history, fc.integer({ min: 0, max: 10 }), (p, c, m) => {
        const alive = BetaGeoBetaBinom.probabilityAlive(p, c)
        const e1 = BetaGeoBetaBinom.expectedPurchases(p, m, c)
        const e2 = BetaGeoBetaBinom.expectedPurchases(p, m + 1, c)
        return alive >= 0 && alive <= 1 + 1e-12 && e1 >= 0 && e2 >= e1
      })
    )
  })

  it("a weighted row equals the row repeated (property)", () => {
    fc.assert(
      fc.property(params, history, fc.integer({ min: 1, max: 5 }), (p, c, w) => {
        const weighted = BetaGeoBetaBinom.logLikelihood(p, [{ ...c, weight: w }])
        const repeated = BetaGeoBetaBinom.logLikelihood(
          p,
          Array.from({ length: w }, () => c)
        )
        return Math.abs(weighted - repeated) <= 1e-10 * Math.abs(repeated)
      })
    )
  })
})

describe("BetaGeoBetaBinom.probabilityOfPurchases for a customer with a history", () => {
  const histories = [
    { frequency: 3, recency: 4, periods: 6 },
    { frequency: 0, recency: 0, periods: 6 },
    { frequency: 6, recency: 6, periods: 6 },
    { frequency: 1, recency: 1, periods: 6 }
  ]

  it("sums to 1 and its mean is expectedPurchases (to 1e-12)", () => {
    for (const c of histories) {
      let total = 0
      let mean = 0
      for (let x = 0; x <= 5; x++) {
        const p = BetaGeoBetaBinom.probabilityOfPurchases(published, 5, x, c)
        total += p
        mean += x * p
      }
      expect(Math.abs(total - 1)).toBeLessThan(1e-12)
      expect(relativeError(mean, BetaGeoBetaBinom.expectedPurchases(published, 5, c))).toBeLessThan(1e-12)
    }
  })

  // The model's story: p ~ Beta(α, β), θ ~ Beta(γ, δ); alive through n with likelihood
  // pˣ(1−p)ⁿ⁻ˣ(1−θ)ⁿ, or died at opportunity t_x+i+1 (0 ≤ i < n−t_x) with pˣ(1−p)^(t_x−x+i) θ(1−θ)^(t_x+i);
  // then, alive, each future opportunity: death with θ, else a transaction with p.
  it("agrees with importance-sampled Monte Carlo of the model within 4 standard errors", () => {
    histories.forEach((c, i) => {
      const random = openUniform(41 + i)
      const { frequency: x, recency: tx, periods: n } = c
      const mc = importanceSample({
        draws: 200_000,
        cells: 6,
        random,
        prior: () => ({
          p: betaVariate(random, published.alpha, published.beta),
          theta: betaVariate(random, published.gamma, published.delta)
        }),
        history: ({ p, theta }) => {
          const alive = p ** x * (1 - p) ** (n - x) * (1 - theta) ** n
          let likelihood = alive
          for (let k = 0; k < n - tx; k++)
            likelihood += p ** x * (1 - p) ** (tx - x + k) * theta * (1 - theta) ** (tx + k)
          return { lnLikelihood: Math.log(likelihood), alive: alive / likelihood }
        },
        future: ({ p, theta }) => {
          let count = 0
          for (let k = 0; k < 5; k++) {
            if (random() < theta) break
            if (random() < p) count++
          }
          return count
        }
      })
      mc.probability.forEach((estimate, k) => {
        const exact = BetaGeoBetaBinom.probabilityOfPurchases(published, 5, k, c)
        expect(Math.abs(estimate - exact), `x = ${x}, t_x = ${tx}, k = ${k}`).toBeLessThan(
          4 * (mc.standardError[k] as number)
        )
      })
    })
  })
})

describe("BetaGeoBetaBinom bad input", () => {
  it("names the row, value and rule", () => {
    expect(metricError(() => BetaGeoBetaBinom.fit([{ frequency: 4, recency: 3, periods: 6 }])).message).toBe(
      "rows[0].frequency: 4 is not at most recency (3)"
    )
    expect(metricError(() => BetaGeoBetaBinom.fit([{ frequency: 1, recency: 7, periods: 6 }])).field).toBe(
      "rows[0].recency"
    )
    expect(metricError(() => BetaGeoBetaBinom.fit([{ frequency: 0, recency: 2, periods: 6 }])).rule).toBe(
      "0 when frequency is 0"
    )
    const error = metricError(() =>
      BetaGeoBetaBinom.fit([{ frequency: 0, recency: 0, periods: 6, weight: 10 }])
    )
    expect(error.reason).toBe("NotConverged")
  })
})
