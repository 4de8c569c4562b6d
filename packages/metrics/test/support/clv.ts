// Shared arbitraries, property checks and Monte Carlo references of the purchase models.
import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import { beta, exponential, gamma, openUniform } from "../../src/internal/random.ts"
import { relativeError } from "./assert.ts"

export interface Customer {
  readonly frequency: number
  readonly recency: number
  readonly T: number
}

/** A valid (frequency, recency, T): recency 0 without repeat purchases, otherwise within (0, T]. */
export const customer = fc
  .record({
    frequency: fc.integer({ min: 0, max: 40 }),
    a: fc.double({ min: 0, max: 1, noNaN: true }),
    T: fc.double({ min: 0.1, max: 200, noNaN: true })
  })
  .map(({ frequency, a, T }): Customer => ({ frequency, recency: frequency === 0 ? 0 : a * T, T }))

/** BG/NBD-family parameters over the range the fits meet in practice. */
export const betaGeoParams = fc.record({
  r: fc.double({ min: 0.05, max: 5, noNaN: true }),
  alpha: fc.double({ min: 0.1, max: 50, noNaN: true }),
  a: fc.double({ min: 0.05, max: 5, noNaN: true }),
  b: fc.double({ min: 0.05, max: 10, noNaN: true })
})

interface Model<P> {
  readonly logLikelihood: (params: P, rows: Iterable<Customer & { readonly weight?: number }>) => number
  readonly expectedPurchases: (params: P, t: number, customer: Customer) => number
}

/** E[X(T, T+t) | history] ≥ 0 and non-decreasing in t. */
export const expectedPurchasesMonotone = <P>(model: Model<P>, params: fc.Arbitrary<P>) =>
  fc.property(
    params,
    customer,
    fc.double({ min: 0, max: 100, noNaN: true }),
    fc.double({ min: 0, max: 100, noNaN: true }),
    (p, c, t1, t2) => {
      const [lo, hi] = t1 <= t2 ? [t1, t2] : [t2, t1]
      const a = model.expectedPurchases(p, lo, c)
      const b = model.expectedPurchases(p, hi, c)
      return a >= -1e-12 && b >= a - 1e-9 * Math.max(1, Math.abs(a))
    }
  )

/** A row with weight w has the log-likelihood of the row repeated w times. */
export const weightIsRepetition = <P>(model: Model<P>, params: fc.Arbitrary<P>) =>
  fc.property(
    params,
    fc.array(fc.tuple(customer, fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 8 }),
    (p, data) => {
      const weighted = model.logLikelihood(
        p,
        data.map(([c, w]) => ({ ...c, weight: w }))
      )
      const repeated = model.logLikelihood(
        p,
        data.flatMap(([c, w]) => Array.from({ length: w }, () => c))
      )
      return Math.abs(weighted - repeated) <= 1e-9 * Math.max(1, Math.abs(repeated))
    }
  )

/** Identical rows merged into weighted patterns, as `Rfm.collapse` would. */
export const collapse = (rows: ReadonlyArray<Customer>) => {
  const byPattern = new Map<string, Customer & { weight: number }>()
  for (const r of rows) {
    const key = `${r.frequency}|${r.recency}|${r.T}`
    const found = byPattern.get(key)
    if (found) found.weight++
    else byPattern.set(key, { frequency: r.frequency, recency: r.recency, T: r.T, weight: 1 })
  }
  return [...byPattern.values()]
}

/**
 * P(X = n | history) by importance sampling, independent of any closed form: draw the individual
 * parameters from their prior, weight each draw by the likelihood of the history given them, draw
 * whether that individual is still alive given the history, and run their future forward. Returns
 * the estimates of P(X = 0 … cells − 1) and their standard errors √(P(1−P)/n_eff), with n_eff =
 * (Σw)²/Σw² the effective sample size.
 */
export const importanceSample = <I>(options: {
  readonly draws: number
  readonly cells: number
  readonly random: () => number
  /** One individual from the prior. */
  readonly prior: () => I
  /** ln P(history | individual) and P(alive at the end of the history | history, individual). */
  readonly history: (individual: I) => { readonly lnLikelihood: number; readonly alive: number }
  /** Purchases of an individual alive at the end of the history, in the future window. */
  readonly future: (individual: I) => number
}): { readonly probability: ReadonlyArray<number>; readonly standardError: ReadonlyArray<number> } => {
  const lnW = new Float64Array(options.draws)
  const n = new Int32Array(options.draws)
  let max = Number.NEGATIVE_INFINITY
  for (let k = 0; k < options.draws; k++) {
    const individual = options.prior()
    const { lnLikelihood, alive } = options.history(individual)
    lnW[k] = lnLikelihood
    if (lnLikelihood > max) max = lnLikelihood
    n[k] = options.random() < alive ? options.future(individual) : 0
  }
  const sums = new Array<number>(options.cells).fill(0)
  let total = 0
  let squares = 0
  for (let k = 0; k < options.draws; k++) {
    const w = Math.exp((lnW[k] as number) - max)
    total += w
    squares += w * w
    const cell = Math.min(n[k] as number, options.cells - 1)
    sums[cell] = (sums[cell] as number) + w
  }
  const effective = (total * total) / squares
  const probability = sums.map((s) => s / total)
  return { probability, standardError: probability.map((p) => Math.sqrt((p * (1 - p)) / effective)) }
}

/**
 * The importance-sampling estimate of P(X(T, T+t) = n | x, t_x, T) under BG/NBD (`shift` 0) or
 * MBG/NBD (`shift` 1), from the models' story: λ ~ Gamma(r, α), p ~ Beta(a, b); m = x + shift
 * dropout chances so far; alive at T with likelihood (1−p)^m λ^x e^{−λT}, gone since t_x with
 * p (1−p)^{m−1} λ^x e^{−λ t_x}; from T on, Poisson purchases with a dropout chance after each.
 */
export const betaGeoConditional = (
  params: { readonly r: number; readonly alpha: number; readonly a: number; readonly b: number },
  shift: 0 | 1,
  history: Customer,
  t: number,
  options: { readonly draws: number; readonly cells: number; readonly seed: number }
) => {
  const random = openUniform(options.seed)
  const { frequency: x, recency: tx, T } = history
  const m = x + shift
  return importanceSample({
    draws: options.draws,
    cells: options.cells,
    random,
    prior: () => ({ lambda: gamma(random, params.r, params.alpha), p: beta(random, params.a, params.b) }),
    history: ({ lambda, p }) => {
      const lnAlive = m * Math.log1p(-p) + x * Math.log(lambda) - lambda * T
      const lnGone =
        m > 0
          ? Math.log(p) + (m - 1) * Math.log1p(-p) + x * Math.log(lambda) - lambda * tx
          : Number.NEGATIVE_INFINITY
      const top = Math.max(lnAlive, lnGone)
      const lnLikelihood = top + Math.log(Math.exp(lnAlive - top) + Math.exp(lnGone - top))
      return { lnLikelihood, alive: Math.exp(lnAlive - lnLikelihood) }
    },
    future: ({ lambda, p }) => {
      let n = 0
      let at = exponential(random, lambda)
      while (at <= t) {
        n++
        if (random() < p) break
        at += exponential(random, lambda)
      }
      return n
    }
  })
}

interface BetaGeoModel {
  readonly probabilityOfPurchases: (
    params: BetaGeoParams,
    t: number,
    n: number,
    customer?: Customer
  ) => number
  readonly expectedPurchases: (params: BetaGeoParams, t: number, customer: Customer) => number
}
type BetaGeoParams = { readonly r: number; readonly alpha: number; readonly a: number; readonly b: number }

/**
 * The checks of a BG-family model's conditional P(X(T, T+t) = n | history): a distribution with
 * the conditional expectation as its mean, the new customer's at x = 0 and T → 0, and the
 * importance-sampled Monte Carlo of the model's story.
 */
export const conditionalPurchaseTests = (
  name: string,
  model: BetaGeoModel,
  params: BetaGeoParams,
  shift: 0 | 1
) =>
  describe(`${name}.probabilityOfPurchases for a customer with a history`, () => {
    const histories = [
      { frequency: 2, recency: 30.43, T: 38.86 },
      { frequency: 0, recency: 0, T: 38.86 },
      { frequency: 7, recency: 20, T: 38.86 }
    ]

    it("sums to 1 and its mean is expectedPurchases (to 1e-9)", () => {
      for (const c of histories) {
        let total = 0
        let mean = 0
        for (let n = 0; n < 300; n++) {
          const p = model.probabilityOfPurchases(params, 39, n, c)
          total += p
          mean += n * p
        }
        expect(Math.abs(total - 1)).toBeLessThan(1e-9)
        expect(relativeError(mean, model.expectedPurchases(params, 39, c))).toBeLessThan(1e-9)
      }
    })

    it("is the new customer's at x = 0, T → 0 (to 1e-6)", () => {
      for (let n = 0; n < 5; n++) {
        const conditional = model.probabilityOfPurchases(params, 39, n, {
          frequency: 0,
          recency: 0,
          T: 1e-9
        })
        expect(Math.abs(conditional - model.probabilityOfPurchases(params, 39, n))).toBeLessThan(1e-6)
      }
    })

    it("agrees with importance-sampled Monte Carlo of the model within 4 standard errors", () => {
      histories.forEach((c, i) => {
        const mc = betaGeoConditional(params, shift, c, 39, { draws: 200_000, cells: 5, seed: 31 + i })
        mc.probability.forEach((p, n) => {
          const exact =
            n < 4
              ? model.probabilityOfPurchases(params, 39, n, c)
              : 1 - [0, 1, 2, 3].reduce((s, k) => s + model.probabilityOfPurchases(params, 39, k, c), 0)
          expect(Math.abs(p - exact), `x = ${c.frequency}, n = ${n}`).toBeLessThan(
            4 * (mc.standardError[n] as number)
          )
        })
      })
    })
  })
