import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import { ParetoNbd } from "../src/index.ts"
import { evaluate, hypArguments } from "../src/internal/paretoNbd.ts"
import { patterns } from "../src/internal/patterns.ts"
import { exponential, gamma, openUniform } from "../src/internal/random.ts"
import { metricError, relativeError } from "./support/assert.ts"
import { importanceSample } from "./support/clv.ts"
import { cdnowSummary } from "./support/data.ts"

const rows = cdnowSummary()
// Published for CDNOW (Fader, Hardie & Lee 2005, Marketing Science 24(2), §5, and Fader & Hardie's
// Pareto/NBD note 009): r = 0.553, α = 10.578, s = 0.606, β = 11.669, LL = −9594.98.
const published = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }
// Independent reference: the same likelihood in SciPy 1.17 (scipy.special.hyp2f1, Nelder-Mead then
// BFGS on log parameters), run for this test on data/cdnow/cdnow_customers_summary.csv.
const scipy = {
  r: 0.5532755,
  alpha: 10.57761217,
  s: 0.6062136,
  beta: 11.66791233,
  logLikelihood: -9594.973929826861
}

const customer = fc
  .record({
    frequency: fc.integer({ min: 0, max: 30 }),
    a: fc.double({ min: 0, max: 1, noNaN: true }),
    T: fc.double({ min: 0.1, max: 100, noNaN: true })
  })
  .map(({ frequency, a, T }) => ({ frequency, recency: frequency === 0 ? 0 : a * T, T }))
const params = fc.record({
  r: fc.double({ min: 0.1, max: 3, noNaN: true }),
  alpha: fc.double({ min: 0.5, max: 30, noNaN: true }),
  s: fc.double({ min: 0.1, max: 3, noNaN: true }),
  beta: fc.double({ min: 0.5, max: 30, noNaN: true })
})

describe("ParetoNbd.fit on CDNOW", () => {
  const fit = ParetoNbd.fit(rows)

  it("matches the SciPy reference to 1e-4 relative and its log-likelihood to 1e-6", () => {
    for (const name of ["r", "alpha", "s", "beta"] as const) {
      expect(relativeError(fit.params[name], scipy[name])).toBeLessThan(1e-4)
    }
    expect(Math.abs(fit.logLikelihood - scipy.logLikelihood)).toBeLessThan(1e-6)
  })

  it("matches the published values within their printed rounding (s and β are poorly determined: LL)", () => {
    expect(Math.abs(fit.params.r - published.r)).toBeLessThanOrEqual(0.0005)
    expect(Math.abs(fit.params.alpha - published.alpha)).toBeLessThanOrEqual(0.0005)
    // SE(β) ≈ 6.2 and SE(s) ≈ 0.19: compare the log-likelihood at the published point instead.
    expect(Math.abs(ParetoNbd.logLikelihood(published, rows) - -9594.98)).toBeLessThan(0.01)
    expect(Math.abs(fit.logLikelihood - -9594.98)).toBeLessThan(0.01)
    expect(fit.standardErrors.beta).toBeGreaterThan(5)
  })
})

describe("ParetoNbd likelihood gradient (analytic, the ₂F₁ derivatives in the series loop)", () => {
  const gradientAt = (data: ReturnType<typeof patterns>, v: ReadonlyArray<number>) => {
    const g = new Float64Array(4)
    const ll = evaluate(
      data,
      hypArguments(data),
      v[0] as number,
      v[1] as number,
      v[2] as number,
      v[3] as number,
      g
    )
    return { ll, g }
  }

  it("equals central differences of the log-likelihood, for α ≥ β and α < β (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            customer,
            customer.map((c) => ({ ...c, recency: c.frequency === 0 ? 0 : c.T }))
          ),
          {
            minLength: 1,
            maxLength: 15
          }
        ),
        params,
        (rows, p) => {
          const data = patterns(rows)
          const v = [p.r, p.alpha, p.s, p.beta]
          const { ll, g } = gradientAt(data, v)
          for (let i = 0; i < 4; i++) {
            // Steps of 1e-5: ₂F₁ changes method at z = 0.9, with a jump of ~1e-12 relative.
            const h = 1e-5 * (v[i] as number)
            const up = v.map((x, j) => (j === i ? x + h : x))
            const down = v.map((x, j) => (j === i ? x - h : x))
            const central = (gradientAt(data, up).ll - gradientAt(data, down).ll) / (2 * h)
            // Rounding (and that jump) in ℓ over a step h, and the O(h²) truncation.
            const tolerance = 1e-6 * (Math.abs(central) + Math.abs(ll) / (v[i] as number) + 1)
            expect(Math.abs((g[i] as number) - central)).toBeLessThan(tolerance)
          }
        }
      )
    )
  })

  it("is zero at the CDNOW maximum (to 1e-3 per customer) and gives the published log-likelihood", () => {
    const data = patterns(rows)
    const { ll, g } = gradientAt(data, [scipy.r, scipy.alpha, scipy.s, scipy.beta])
    expect(Math.abs(ll - scipy.logLikelihood)).toBeLessThan(1e-6)
    for (const gi of g) expect(Math.abs(gi) / rows.length).toBeLessThan(1e-3)
  })
})

describe("ParetoNbd predictions", () => {
  it("P(X(t) = n) sums to 1 and its mean is E[X(t)], both for α ≥ β and α < β, to 1e-9", () => {
    for (const p of [published, { r: 0.553, alpha: 14, s: 0.606, beta: 8 }]) {
      let total = 0
      let mean = 0
      // NBD tail beyond 150 purchases < 1e-15 here.
      for (let n = 0; n < 150; n++) {
        const q = ParetoNbd.probabilityOfPurchases(p, 39, n)
        total += q
        mean += n * q
      }
      expect(Math.abs(total - 1)).toBeLessThan(1e-9)
      expect(relativeError(mean, ParetoNbd.expectedPurchasesNewCustomer(p, 39))).toBeLessThan(1e-9)
    }
  })

  it("a new customer's expectation is the conditional one at x = 0, T → 0 (to 1e-6)", () => {
    const conditional = ParetoNbd.expectedPurchases(published, 39, { frequency: 0, recency: 0, T: 1e-9 })
    expect(relativeError(conditional, ParetoNbd.expectedPurchasesNewCustomer(published, 39))).toBeLessThan(
      1e-6
    )
  })

  it("P(alive) is in [0, 1] (property)", () => {
    fc.assert(
      fc.property(params, customer, (p, c) => {
        const alive = ParetoNbd.probabilityAlive(p, c)
        return alive >= 0 && alive <= 1
      })
    )
  })

  it("expected purchases are non-decreasing in t (property)", () => {
    fc.assert(
      fc.property(
        params,
        customer,
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (p, c, t1, t2) => {
          const [lo, hi] = t1 <= t2 ? [t1, t2] : [t2, t1]
          const a = ParetoNbd.expectedPurchases(p, lo, c)
          return a >= 0 && ParetoNbd.expectedPurchases(p, hi, c) >= a * (1 - 1e-12)
        }
      )
    )
  })

  it("a weighted row equals the row repeated (log-likelihood, property)", () => {
    fc.assert(
      fc.property(
        params,
        fc.array(fc.tuple(customer, fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 6 }),
        (p, data) => {
          const weighted = ParetoNbd.logLikelihood(
            p,
            data.map(([c, w]) => ({ ...c, weight: w }))
          )
          const repeated = ParetoNbd.logLikelihood(
            p,
            data.flatMap(([c, w]) => Array.from({ length: w }, () => c))
          )
          return Math.abs(weighted - repeated) <= 1e-9 * Math.max(1, Math.abs(repeated))
        }
      ),
      { numRuns: 50 }
    )
  })
})

describe("ParetoNbd.probabilityOfPurchases for a customer with a history", () => {
  const histories = [
    { frequency: 2, recency: 30.43, T: 38.86 },
    { frequency: 0, recency: 0, T: 38.86 },
    { frequency: 7, recency: 20, T: 38.86 }
  ]

  it("sums to 1 and its mean is expectedPurchases (to 1e-9)", () => {
    for (const c of histories) {
      let total = 0
      let mean = 0
      for (let n = 0; n < 150; n++) {
        const p = ParetoNbd.probabilityOfPurchases(published, 39, n, c)
        total += p
        mean += n * p
      }
      expect(Math.abs(total - 1)).toBeLessThan(1e-9)
      expect(relativeError(mean, ParetoNbd.expectedPurchases(published, 39, c))).toBeLessThan(1e-9)
    }
  })

  // The model's story: λ ~ Gamma(r, α), μ ~ Gamma(s, β); alive at T with likelihood λˣe^(−λT)e^(−μT),
  // died at τ in (t_x, T) with λˣ μ/(λ+μ) [e^(−(λ+μ)t_x) − e^(−(λ+μ)T)]; then, alive, Poisson
  // purchases during the rest of an exponential lifetime.
  it("agrees with importance-sampled Monte Carlo of the model within 4 standard errors", () => {
    histories.forEach((c, i) => {
      const random = openUniform(51 + i)
      const { frequency: x, recency: tx, T } = c
      const mc = importanceSample({
        draws: 200_000,
        cells: 5,
        random,
        prior: () => ({
          lambda: gamma(random, published.r, published.alpha),
          mu: gamma(random, published.s, published.beta)
        }),
        history: ({ lambda, mu }) => {
          const lnAlive = x * Math.log(lambda) - (lambda + mu) * T
          const k = lambda + mu
          const lnDied =
            x * Math.log(lambda) + Math.log(mu / k) - k * tx + Math.log(-Math.expm1(-k * (T - tx)))
          const top = Math.max(lnAlive, lnDied)
          const lnLikelihood = top + Math.log(Math.exp(lnAlive - top) + Math.exp(lnDied - top))
          return { lnLikelihood, alive: Math.exp(lnAlive - lnLikelihood) }
        },
        future: ({ lambda, mu }) => {
          const end = Math.min(39, exponential(random, mu))
          let n = 0
          for (let at = exponential(random, lambda); at <= end; at += exponential(random, lambda)) n++
          return n
        }
      })
      mc.probability.forEach((estimate, n) => {
        const exact =
          n < 4
            ? ParetoNbd.probabilityOfPurchases(published, 39, n, c)
            : 1 -
              [0, 1, 2, 3].reduce((sum, k) => sum + ParetoNbd.probabilityOfPurchases(published, 39, k, c), 0)
        expect(Math.abs(estimate - exact), `x = ${x}, n = ${n}`).toBeLessThan(
          4 * (mc.standardError[n] as number)
        )
      })
    })
  })
})

describe("ParetoNbd bad input", () => {
  it("names the row, value and rule; never returns NaN parameters", () => {
    expect(metricError(() => ParetoNbd.fit([{ frequency: 2, recency: 7, T: 6 }])).message).toBe(
      "rows[0].recency: 7 is not at most T (6)"
    )
    expect(
      metricError(() => ParetoNbd.expectedPurchases(published, -1, { frequency: 0, recency: 0, T: 1 })).field
    ).toBe("t")
    const error = metricError(() => ParetoNbd.fit([{ frequency: 0, recency: 0, T: 10, weight: 50 }]))
    expect(error.reason).toBe("InvalidInput")
    expect(error.rule).toContain("not identified")
  })
})
