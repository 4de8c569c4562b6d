/**
 * Seeded simulators of the lifetime-value models: customers drawn from a model with known
 * parameters, in the rows its `fit` takes, so a fit can be checked against the truth, a holdout
 * or a tracking curve can be simulated, and a pipeline can be tested without real data.
 *
 * ## Details
 * Every simulator has one shape: `(params, { <one entry per customer>, seed })` returns one
 * simulated customer per entry (the observation length T for the continuous-time models, the
 * number of opportunities for BG/BB, the number of purchases for Gamma-Gamma). The same seed
 * (an integer from 1 to 2³² − 1, for a 32-bit Mersenne Twister) gives the same customers on
 * every run; each customer also carries its purchase times, so a
 * longer window can be cut into calibration and holdout. Heterogeneity is drawn per customer
 * (λ ~ Gamma(r, α) and so on), then the individual process is run forward.
 *
 * @module
 * @since 0.1.0
 */
import type * as BetaGeo from "./BetaGeo.ts"
import type * as BetaGeoBetaBinom from "./BetaGeoBetaBinom.ts"
import type * as GammaGamma from "./GammaGamma.ts"
import * as Random from "./internal/random.ts"
import { count, finite, integerAtLeast, invalid, positive, positiveParams } from "./internal/validate.ts"
import type * as ModifiedBetaGeo from "./ModifiedBetaGeo.ts"
import type * as ParetoNbd from "./ParetoNbd.ts"
import type * as ShiftedBetaGeometric from "./ShiftedBetaGeometric.ts"

// Bound once (see the note in BetaGeo.ts on imported names under vitest's module runner).
const { beta, exponential, gamma, openUniform } = Random

/**
 * A simulated customer of a continuous-time model: frequency x, recency t_x and age T as the
 * fits take them, and the times of the repeat purchases (in (0, T], ascending, measured from
 * the first purchase).
 *
 * @since 0.1.0
 * @category models
 */
export interface Customer {
  readonly frequency: number
  readonly recency: number
  readonly T: number
  readonly purchaseTimes: ReadonlyArray<number>
}

/**
 * A simulated BG/BB customer: frequency, recency and periods as `BetaGeoBetaBinom.fit` takes them,
 * and the opportunities (1…periods, ascending) at which they transacted.
 *
 * @since 0.1.0
 * @category models
 */
export interface DiscreteCustomer {
  readonly frequency: number
  readonly recency: number
  readonly periods: number
  readonly purchaseOpportunities: ReadonlyArray<number>
}

/**
 * A simulated repeat buyer of the Gamma-Gamma model: frequency and mean spend as
 * `GammaGamma.fit` takes them, and the values of the transactions.
 *
 * @since 0.1.0
 * @category models
 */
export interface Spender {
  readonly frequency: number
  readonly monetaryValue: number
  readonly purchaseValues: ReadonlyArray<number>
}

// The seed of the Mersenne Twister (internal/random.ts), as KeyDrivers' bootstrap takes it.
const validSeed = (seed: unknown): number =>
  typeof seed === "number" && Number.isInteger(seed) && seed >= 1 && seed <= 0xffffffff
    ? seed
    : invalid("options.seed", seed, "an integer from 1 to 4294967295")

const validAges = (T: ReadonlyArray<number>): ReadonlyArray<number> => {
  if (!Array.isArray(T)) invalid("options.T", T, "an array of observation lengths, one per customer")
  for (let i = 0; i < T.length; i++) positive(`options.T[${i}]`, finite(`options.T[${i}]`, T[i]))
  return T
}

const customerOf = (purchaseTimes: Array<number>, T: number): Customer => ({
  frequency: purchaseTimes.length,
  recency: purchaseTimes.length === 0 ? 0 : (purchaseTimes[purchaseTimes.length - 1] as number),
  T,
  purchaseTimes
})

// The beta-geometric family (see internal/betaGeo.ts): λ ~ Gamma(r, α), p ~ Beta(a, b); with
// `atFirst`, a dropout chance right after the first purchase at time 0 (MBG/NBD), then one after
// every repeat purchase.
const betaGeoFamily = (params: BetaGeo.Params, T: ReadonlyArray<number>, seed: number, atFirst: boolean) => {
  const { r, alpha, a, b } = positiveParams("params", params, ["r", "alpha", "a", "b"])
  const random = openUniform(validSeed(seed))
  return validAges(T).map((age) => {
    const lambda = gamma(random, r, alpha)
    const p = beta(random, a, b)
    const times: Array<number> = []
    if (atFirst && random() < p) return customerOf(times, age)
    let t = 0
    for (;;) {
      t += exponential(random, lambda)
      if (t > age) break
      times.push(t)
      if (random() < p) break
    }
    return customerOf(times, age)
  })
}

/**
 * Customers from the BG/NBD model (Fader, Hardie & Lee 2005, §3): λ ~ Gamma(r, α), p ~ Beta(a, b),
 * Poisson purchases at rate λ and a dropout with probability p after each repeat purchase; one
 * customer per entry of `options.T`, observed for that long after their first purchase.
 *
 * @example
 * ```ts
 * import { BetaGeo, Simulate } from "@cxkit/metrics"
 *
 * const truth = { r: 0.5, alpha: 6, a: 0.7, b: 2.5 }
 * const customers = Simulate.betaGeo(truth, { T: Array.from({ length: 4000 }, () => 39), seed: 7 })
 * const mean = customers.reduce((sum, c) => sum + c.frequency, 0) / customers.length
 * console.log(mean.toFixed(2), BetaGeo.expectedPurchasesNewCustomer(truth, 39).toFixed(2)) // "1.97" "1.95"
 * console.log(customers[1]?.purchaseTimes.map((t) => t.toFixed(2))) // ["14.38", "26.53"]
 * console.log(BetaGeo.fit(customers).params.r.toFixed(2)) // "0.51"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const betaGeo = (
  params: BetaGeo.Params,
  options: { readonly T: ReadonlyArray<number>; readonly seed: number }
): Array<Customer> => betaGeoFamily(params, options.T, options.seed, false)

/**
 * Customers from the MBG/NBD model (Batislam, Denizel & Filiztekin 2007): as `betaGeo`, with one
 * more dropout chance right after the first purchase, so some customers never buy again.
 *
 * @example
 * ```ts
 * import { ModifiedBetaGeo, Simulate } from "@cxkit/metrics"
 *
 * const truth = { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }
 * const customers = Simulate.modifiedBetaGeo(truth, { T: Array.from({ length: 1000 }, () => 39), seed: 1 })
 * // One-time buyers after 39 weeks: simulated, and expected from P(X(39) = 0)
 * const once = customers.filter((c) => c.frequency === 0).length
 * console.log(once, Math.round(1000 * ModifiedBetaGeo.probabilityOfPurchases(truth, 39, 0))) // 592 582
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const modifiedBetaGeo = (
  params: ModifiedBetaGeo.Params,
  options: { readonly T: ReadonlyArray<number>; readonly seed: number }
): Array<Customer> => betaGeoFamily(params, options.T, options.seed, true)

/**
 * Customers from the Pareto/NBD model (Schmittlein, Morrison & Colombo 1987): λ ~ Gamma(r, α),
 * μ ~ Gamma(s, β), Poisson purchases at rate λ during an exponential lifetime with rate μ.
 *
 * @example
 * ```ts
 * import { Simulate } from "@cxkit/metrics"
 *
 * const truth = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }
 * const customers = Simulate.paretoNbd(truth, { T: [39, 39], seed: 3 })
 * console.log(customers.length, customers.every((c) => c.recency <= c.T)) // 2 true
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const paretoNbd = (
  params: ParetoNbd.Params,
  options: { readonly T: ReadonlyArray<number>; readonly seed: number }
): Array<Customer> => {
  const { r, alpha, s, beta: rate } = positiveParams("params", params, ["r", "alpha", "s", "beta"])
  const random = openUniform(validSeed(options.seed))
  return validAges(options.T).map((age) => {
    const lambda = gamma(random, r, alpha)
    const mu = gamma(random, s, rate)
    const end = Math.min(age, exponential(random, mu))
    const times: Array<number> = []
    let t = 0
    for (;;) {
      t += exponential(random, lambda)
      if (t > end) break
      times.push(t)
    }
    return customerOf(times, age)
  })
}

/**
 * Customers from the BG/BB model (Fader, Hardie & Shang 2010): p ~ Beta(α, β), θ ~ Beta(γ, δ); at
 * each opportunity an alive customer first dies with probability θ, then transacts with
 * probability p. One customer per entry of `options.periods` (their number of opportunities).
 *
 * @example
 * ```ts
 * import { BetaGeoBetaBinom, Simulate } from "@cxkit/metrics"
 *
 * const truth = { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }
 * const donors = Simulate.betaGeoBetaBinom(truth, { periods: Array.from({ length: 11104 }, () => 6), seed: 2 })
 * console.log(BetaGeoBetaBinom.fit(donors).params.alpha.toFixed(1)) // "1.1"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const betaGeoBetaBinom = (
  params: BetaGeoBetaBinom.Params,
  options: { readonly periods: ReadonlyArray<number>; readonly seed: number }
): Array<DiscreteCustomer> => {
  const {
    alpha,
    beta: b,
    gamma: g,
    delta
  } = positiveParams("params", params, ["alpha", "beta", "gamma", "delta"])
  const random = openUniform(validSeed(options.seed))
  if (!Array.isArray(options.periods))
    invalid("options.periods", options.periods, "an array, one entry per customer")
  return options.periods.map((n, i) => {
    const periods = integerAtLeast(`options.periods[${i}]`, n, 1)
    const p = beta(random, alpha, b)
    const theta = beta(random, g, delta)
    const opportunities: Array<number> = []
    for (let k = 1; k <= periods; k++) {
      if (random() < theta) break
      if (random() < p) opportunities.push(k)
    }
    return {
      frequency: opportunities.length,
      recency: opportunities.length === 0 ? 0 : (opportunities[opportunities.length - 1] as number),
      periods,
      purchaseOpportunities: opportunities
    }
  })
}

/**
 * Repeat buyers from the Gamma-Gamma spend model (Fader, Hardie & Lee 2005, JMR; Fader & Hardie
 * 2013, note 025): ν ~ Gamma(q, v), each transaction value ~ Gamma(p, ν). One buyer per entry of
 * `options.frequency` (their number of repeat transactions, ≥ 1).
 *
 * @example
 * ```ts
 * import { Simulate } from "@cxkit/metrics"
 *
 * const buyers = Simulate.gammaGamma({ p: 6.25, q: 3.74, v: 15.44 }, { frequency: [1, 3], seed: 4 })
 * console.log(buyers.map((b) => b.purchaseValues.length)) // [1, 3]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const gammaGamma = (
  params: GammaGamma.Params,
  options: { readonly frequency: ReadonlyArray<number>; readonly seed: number }
): Array<Spender> => {
  const { p, q, v } = positiveParams("params", params, ["p", "q", "v"])
  const random = openUniform(validSeed(options.seed))
  if (!Array.isArray(options.frequency))
    invalid("options.frequency", options.frequency, "an array, one entry per customer")
  return options.frequency.map((x, i) => {
    const frequency = integerAtLeast(`options.frequency[${i}]`, x, 1)
    const nu = gamma(random, q, v)
    const values: Array<number> = []
    let sum = 0
    for (let k = 0; k < frequency; k++) {
      const value = gamma(random, p, nu)
      values.push(value)
      sum += value
    }
    return { frequency, monetaryValue: sum / frequency, purchaseValues: values }
  })
}

/**
 * A cohort from the shifted-beta-geometric model (Fader & Hardie 2007): each of `customers`
 * draws a churn probability θ ~ Beta(α, β) and renews each period with probability 1 − θ.
 * Returns the survivors at the start and after each of `periods` periods, as
 * `ShiftedBetaGeometric.fit` takes them.
 *
 * @example
 * ```ts
 * import { Simulate } from "@cxkit/metrics"
 *
 * const cohort = Simulate.shiftedBetaGeometric({ alpha: 0.668, beta: 3.806 }, { customers: 1000, periods: 4, seed: 5 })
 * console.log(cohort.survivors) // [1000, 869, 762, 679, 612]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const shiftedBetaGeometric = (
  params: ShiftedBetaGeometric.Params,
  options: { readonly customers: number; readonly periods: number; readonly seed: number }
): { readonly survivors: ReadonlyArray<number> } => {
  const { alpha, beta: b } = positiveParams("params", params, ["alpha", "beta"])
  const customers = count("options.customers", options.customers)
  const periods = count("options.periods", options.periods)
  const random = openUniform(validSeed(options.seed))
  const survivors = new Array<number>(periods + 1).fill(0)
  for (let i = 0; i < customers; i++) {
    const theta = beta(random, alpha, b)
    let k = 0
    survivors[0] = (survivors[0] as number) + 1
    while (k < periods && random() >= theta) {
      k++
      survivors[k] = (survivors[k] as number) + 1
    }
  }
  return { survivors }
}
