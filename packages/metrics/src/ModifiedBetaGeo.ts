/**
 * The MBG/NBD model of repeat buying (Batislam, Denizel & Filiztekin 2007, "Empirical Validation
 * and Comparison of Models for Customer Base Analysis", International Journal of Research in
 * Marketing 24(3), 201–209): BG/NBD with one more chance to drop out, right after the first
 * purchase. While alive, a customer buys as a Poisson process with rate λ ~ Gamma(r, α); after
 * every purchase, the first one included, they drop out with probability p ~ Beta(a, b).
 *
 * ## When to use
 * As `BetaGeo`, when many customers buy once and never return. BG/NBD takes every customer
 * without a repeat purchase to be alive (P(alive) = 1); MBG/NBD lets them have left at their
 * first purchase, which usually gives lower, more plausible P(alive) for one-time buyers. Fit
 * on the same RFM summaries; `t` and `T` are in their time unit.
 *
 * @module
 * @since 0.1.0
 */
import * as Family from "./internal/betaGeo.ts"
import type * as Model from "./internal/model.ts"

/**
 * MBG/NBD parameters: r, α (purchase-rate Gamma shape and rate, α in the time unit of the data)
 * and a, b (dropout-probability Beta), as in BG/NBD.
 *
 * @since 0.1.0
 * @category models
 */
export interface Params {
  readonly r: number
  readonly alpha: number
  readonly a: number
  readonly b: number
}

/**
 * A customer's history for the predictions: frequency (repeat purchases x), recency (t_x) and
 * age T, in the time unit of the fit.
 *
 * @since 0.1.0
 * @category models
 */
export interface Customer {
  readonly frequency: number
  readonly recency: number
  readonly T: number
}

/**
 * A customer's frequency, recency and age T, with an optional `weight` (customers sharing the
 * pattern, default 1).
 *
 * @since 0.1.0
 * @category models
 */
export interface Row extends Customer {
  readonly weight?: number | undefined
}

/**
 * A fitted model: maximum-likelihood parameters, the log-likelihood at the maximum, the
 * asymptotic standard errors (always finite: a fit whose information matrix is singular
 * throws), the number of customers and the optimiser's iterations; the same shape for every model.
 *
 * @since 0.1.0
 * @category models
 */
export type Fit = Model.Fit<Params>

/**
 * Options of `fit`: `start` (a starting point) and `penalty` (an L2 penalty λ on the
 * parameters, as `lifetimes`' `penalizer_coef`; default 0).
 *
 * @since 0.1.0
 * @category models
 */
export type FitOptions = Model.FitOptions<Params>

// MBG/NBD: the beta-geometric family with a dropout opportunity at the first purchase too.
const family = Family.make(1, "ModifiedBetaGeo")

/**
 * Log-likelihood of the rows under the given parameters (Batislam et al. 2007, eq. 4):
 * L = B(a, b+x+1)/B(a,b) · Γ(r+x) α^r / Γ(r) · [(α+T)^−(r+x) + a/(b+x) · (α+t_x)^−(r+x)].
 *
 * @example
 * ```ts
 * import { ModifiedBetaGeo } from "@cxkit/metrics"
 *
 * const ll = ModifiedBetaGeo.logLikelihood({ r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }, [
 *   { frequency: 2, recency: 30.43, T: 38.86 }
 * ])
 * console.log(ll.toFixed(3)) // "-9.486"
 * ```
 *
 * @since 0.1.0
 * @category fitting
 */
export const logLikelihood: (params: Params, rows: Iterable<Row>) => number = family.logLikelihood

/**
 * Maximum-likelihood fit (the shared BFGS optimiser on log parameters with the analytic
 * gradient, standard errors from the numerical Hessian). Rows with identical patterns are
 * collapsed first; weighted rows count as repeated ones. Throws MetricError: `InvalidInput`
 * naming the row and field (negative or fractional frequency, recency > T, recency > 0 with
 * frequency 0, non-finite values, no repeat purchase at all), `NotConverged` if no interior
 * maximum is found, e.g. when every customer seems to have the same dropout probability
 * (a + b → ∞; the error says so and what to try, such as `options.penalty`).
 *
 * @example
 * ```ts
 * import { ModifiedBetaGeo } from "@cxkit/metrics"
 *
 * // 2,410 customers over 38 weeks, identical patterns collapsed with a weight.
 * const fit = ModifiedBetaGeo.fit([
 *   { frequency: 0, recency: 0, T: 38, weight: 1400 },
 *   { frequency: 1, recency: 12, T: 38, weight: 400 },
 *   { frequency: 1, recency: 30, T: 38, weight: 200 },
 *   { frequency: 2, recency: 5, T: 38, weight: 80 },
 *   { frequency: 2, recency: 20, T: 38, weight: 150 },
 *   { frequency: 3, recency: 35, T: 38, weight: 120 },
 *   { frequency: 6, recency: 36, T: 38, weight: 60 }
 * ])
 * console.log(fit.params.a.toFixed(2), fit.params.b.toFixed(2)) // "0.86" "2.21"
 * ```
 *
 * @since 0.1.0
 * @category fitting
 */
export const fit: (rows: Iterable<Row>, options?: FitOptions) => Fit = family.fit

/**
 * Probability that a customer with this history is still alive at T (Batislam et al. 2007,
 * eq. 8): 1 / (1 + a/(b+x) · ((α+T)/(α+t_x))^(r+x)). Unlike BG/NBD, below 1 for a customer
 * without repeat purchases.
 *
 * @example
 * ```ts
 * import { ModifiedBetaGeo } from "@cxkit/metrics"
 *
 * const params = { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }
 * console.log(ModifiedBetaGeo.probabilityAlive(params, { frequency: 2, recency: 30.43, T: 38.86 }).toFixed(3)) // "0.706"
 * console.log(ModifiedBetaGeo.probabilityAlive(params, { frequency: 0, recency: 0, T: 38.86 }).toFixed(3)) // "0.390"
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const probabilityAlive: (params: Params, customer: Customer) => number = family.probabilityAlive

/**
 * Expected number of purchases in the next `t` periods for a customer with this history
 * (Batislam et al. 2007, eq. 9):
 * (a+b+x)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x+1; a+b+x; t/(α+T+t))]
 * / (1 + a/(b+x) · ((α+T)/(α+t_x))^(r+x)).
 *
 * @example
 * ```ts
 * import { ModifiedBetaGeo } from "@cxkit/metrics"
 *
 * const y = ModifiedBetaGeo.expectedPurchases(
 *   { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }, 39, { frequency: 2, recency: 30.43, T: 38.86 }
 * )
 * console.log(y.toFixed(3)) // "1.263"
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const expectedPurchases: (params: Params, t: number, customer: Customer) => number =
  family.expectedPurchases

/**
 * Expected number of purchases in a period of length `t` for a newly acquired customer
 * (Batislam et al. 2007, eq. 6): b/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b+1; a+b; t/(α+t))].
 *
 * @example
 * ```ts
 * import { ModifiedBetaGeo } from "@cxkit/metrics"
 *
 * const e = ModifiedBetaGeo.expectedPurchasesNewCustomer({ r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }, 39)
 * console.log(e.toFixed(3)) // "1.183"
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const expectedPurchasesNewCustomer: (params: Params, t: number) => number =
  family.expectedPurchasesNewCustomer

/**
 * Probability of exactly `n` purchases in a period of length `t`: for a newly acquired customer
 * (Batislam et al. 2007, eq. 7: B(a, b+n+1)/B(a,b) · NB(n) + B(a+1, b+n)/B(a,b) · [1 − Σ_{j<n}
 * NB(j)], with NB(j) the negative binomial Γ(r+j)/(Γ(r) j!) (α/(α+t))^r (t/(α+t))^j), or, given
 * `customer`, in the `t` periods after their T: P(alive) · P_BG/NBD(n | r+x, α+T, a, b+x+1) +
 * (1 − P(alive)) · [n = 0], since a customer alive at T buys from then on as a new BG/NBD customer
 * with the posterior parameters. Its mean is `expectedPurchases`.
 *
 * @example
 * ```ts
 * import { ModifiedBetaGeo } from "@cxkit/metrics"
 *
 * const params = { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }
 * console.log(ModifiedBetaGeo.probabilityOfPurchases(params, 39, 0).toFixed(3)) // "0.582"
 * console.log(ModifiedBetaGeo.probabilityOfPurchases(params, 39, 0, { frequency: 2, recency: 30.43, T: 38.86 }).toFixed(3)) // "0.440"
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const probabilityOfPurchases: (params: Params, t: number, n: number, customer?: Customer) => number =
  family.probabilityOfPurchases
