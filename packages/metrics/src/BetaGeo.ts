/**
 * The BG/NBD model of repeat buying in a non-contractual, continuous-time setting (Fader, Hardie
 * & Lee 2005, "'Counting Your Customers' the Easy Way: An Alternative to the Pareto/NBD Model",
 * Marketing Science 24(2), 275–284). While alive, a customer buys as a Poisson process with rate
 * λ ~ Gamma(r, α); after each purchase they drop out with probability p ~ Beta(a, b).
 *
 * ## When to use
 * Customers can buy at any time and silently stop (retail, e-commerce). Fit on RFM summaries
 * (`Rfm.fromTransactions`) in one time unit; `t` and `T` are then in that unit.
 *
 * @module
 * @since 0.1.0
 */
import * as Family from "./internal/betaGeo.ts"
import type * as Model from "./internal/model.ts"

/**
 * BG/NBD parameters: r, α (purchase-rate Gamma shape and rate, α in the time unit of the
 * data) and a, b (dropout-probability Beta).
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
 * A customer's frequency (repeat purchases x), recency (t_x) and age T, with an optional
 * `weight` (customers sharing the pattern, default 1).
 *
 * @since 0.1.0
 * @category models
 */
export interface Row extends Customer {
  readonly weight?: number | undefined
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

// BG/NBD: the beta-geometric family with a dropout opportunity after each repeat purchase only.
const family = Family.make(0, "BetaGeo")

/**
 * Log-likelihood of the rows under the given parameters (FHL 2005 eq. 6).
 *
 * @example
 * ```ts
 * import { BetaGeo } from "@cxkit/metrics"
 *
 * const ll = BetaGeo.logLikelihood({ r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 }, [
 *   { frequency: 2, recency: 30.43, T: 38.86 }
 * ])
 * console.log(ll < 0) // true
 * ```
 *
 * @since 0.1.0
 * @category fitting
 */
export const logLikelihood: (params: Params, rows: Iterable<Row>) => number = family.logLikelihood

/**
 * Maximum-likelihood fit (the shared BFGS optimiser on log parameters, standard errors from
 * the numerical Hessian). Rows with identical patterns are collapsed first; weighted rows count
 * as repeated ones. Throws MetricError: `InvalidInput` naming the row and field (negative or
 * fractional frequency, recency > T, recency > 0 with frequency 0, non-finite values),
 * `NotConverged` if no interior maximum is found: in particular when every customer seems to
 * have the same dropout probability (a + b → ∞; the error says so and what to try, e.g.
 * `options.penalty`).
 *
 * @example
 * ```ts
 * import { BetaGeo } from "@cxkit/metrics"
 *
 * // 2,410 customers over 38 weeks, identical patterns collapsed with a weight.
 * const fit = BetaGeo.fit([
 *   { frequency: 0, recency: 0, T: 38, weight: 1400 },
 *   { frequency: 1, recency: 12, T: 38, weight: 400 },
 *   { frequency: 1, recency: 30, T: 38, weight: 200 },
 *   { frequency: 2, recency: 5, T: 38, weight: 80 },
 *   { frequency: 2, recency: 20, T: 38, weight: 150 },
 *   { frequency: 3, recency: 35, T: 38, weight: 120 },
 *   { frequency: 6, recency: 36, T: 38, weight: 60 }
 * ])
 * console.log(fit.params.a.toFixed(2), fit.params.b.toFixed(2)) // "0.55" "2.01"
 * ```
 *
 * @since 0.1.0
 * @category fitting
 */
export const fit: (rows: Iterable<Row>, options?: FitOptions) => Fit = family.fit

/**
 * Probability that a customer with this history is still alive at T (Fader, Hardie & Lee 2008,
 * "Computing P(alive) Using the BG/NBD Model", brucehardie.com note 021; FHL 2005 appendix):
 * 1 / (1 + δ_{x>0} · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)).
 *
 * @example
 * ```ts
 * import { BetaGeo } from "@cxkit/metrics"
 *
 * const p = BetaGeo.probabilityAlive(
 *   { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
 *   { frequency: 2, recency: 30.43, T: 38.86 }
 * )
 * console.log(p.toFixed(3)) // "0.727"
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const probabilityAlive: (params: Params, customer: Customer) => number = family.probabilityAlive

/**
 * Expected number of purchases in the next `t` periods for a customer with this history
 * (FHL 2005 eq. 10):
 * (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))]
 * / (1 + δ_{x>0} · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)).
 *
 * @example
 * ```ts
 * import { BetaGeo } from "@cxkit/metrics"
 *
 * // FHL 2005: a CDNOW customer with x = 2, t_x = 30.43, T = 38.86 expects 1.226 purchases in 39 weeks
 * const y = BetaGeo.expectedPurchases(
 *   { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39, { frequency: 2, recency: 30.43, T: 38.86 }
 * )
 * console.log(y.toFixed(3)) // "1.226"
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const expectedPurchases: (params: Params, t: number, customer: Customer) => number =
  family.expectedPurchases

/**
 * Expected number of purchases in a period of length `t` for a newly acquired customer
 * (FHL 2005 eq. 9): (a+b−1)/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))].
 *
 * @example
 * ```ts
 * import { BetaGeo } from "@cxkit/metrics"
 *
 * const e = BetaGeo.expectedPurchasesNewCustomer({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39)
 * console.log(e.toFixed(3)) // "1.197"
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const expectedPurchasesNewCustomer: (params: Params, t: number) => number =
  family.expectedPurchasesNewCustomer

/**
 * Probability of exactly `n` purchases in a period of length `t`: for a newly acquired customer
 * (FHL 2005 eq. 8), or, given `customer`, in the `t` periods after their T (P(X(T, T+t) = n |
 * x, t_x, T)). A customer alive at T has the posterior λ ~ Gamma(r+x, α+T), p ~ Beta(a, b+x), and
 * buys from T on as a new customer with those parameters; so the conditional probability is
 * P(alive) · P_new(n | r+x, α+T, a, b+x) + (1 − P(alive)) · [n = 0]. Its mean is
 * `expectedPurchases` (FHL 2005 eq. 10).
 *
 * @example
 * ```ts
 * import { BetaGeo } from "@cxkit/metrics"
 *
 * const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }
 * console.log(BetaGeo.probabilityOfPurchases(params, 39, 0).toFixed(3)) // "0.574"
 * // The FHL 2005 customer (x = 2, t_x = 30.43, T = 38.86): P(no purchase in the next 39 weeks)
 * console.log(BetaGeo.probabilityOfPurchases(params, 39, 0, { frequency: 2, recency: 30.43, T: 38.86 }).toFixed(3)) // "0.445"
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const probabilityOfPurchases: (params: Params, t: number, n: number, customer?: Customer) => number =
  family.probabilityOfPurchases
