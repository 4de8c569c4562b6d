/**
 * The shifted-beta-geometric (sBG) model of contractual retention (Fader & Hardie 2007, "How to
 * project customer retention", Journal of Interactive Marketing 21(1), 76–90).
 *
 * When to use: subscriptions renewed at discrete, equally spaced points (monthly or annual
 * contracts) where churn is observed (the customer does not renew). Each customer has a constant
 * churn probability θ per period; θ varies across customers as Beta(α, β). The mix makes the
 * cohort's retention rate rise over time (the high-churn customers leave first), which a single
 * average retention rate misses. Fit it to the counts still active at the start of each period of
 * one acquisition cohort, then project survival and retention beyond the data and value the
 * remaining customers with the discounted expected residual lifetime (Fader & Hardie 2010,
 * "Customer-base valuation in a contractual setting: the perils of ignoring heterogeneity",
 * Marketing Science 29(1), 85–93).
 *
 * Gotchas: the model has no covariates and assumes one cohort with a common start; fit each
 * acquisition cohort (or segment) separately. Non-contractual settings (customers just stop
 * buying, churn is unobserved) need BG/NBD or Pareto/NBD instead.
 *
 * @module
 * @since 0.1.0
 */
import { hyp2f1 } from "./internal/hyp2f1.ts"
import * as Model from "./internal/model.ts"
import { lnBeta } from "./internal/special.ts"
import * as V from "./internal/validate.ts"

/**
 * Parameters of the Beta(α, β) distribution of per-period churn probabilities. Mean churn
 * probability of a newly acquired customer: α / (α + β).
 *
 * @since 0.1.0
 * @category models
 */
export interface Params {
  readonly alpha: number
  readonly beta: number
}

/**
 * A maximum-likelihood fit: parameters, the log-likelihood at the maximum, the asymptotic
 * standard errors (always finite: a fit whose information matrix is singular throws), the
 * cohort size (`customers`, survivors[0]) and the optimiser's iterations; the same shape as
 * every other model's fit.
 *
 * @since 0.1.0
 * @category models
 */
export type Fit = Model.Fit<Params>

/**
 * Options of `fit`: `start` (a starting point; default α = β = 1) and `penalty` (an L2 penalty
 * λ on the parameters, as `lifetimes`' `penalizer_coef`; default 0).
 *
 * @since 0.1.0
 * @category models
 */
export type FitOptions = Model.FitOptions<Params>

/**
 * Probability of churning in period t = 1, 2, … (a customer active at the start of period 1):
 * P(T = t | α, β) = B(α + 1, β + t − 1) / B(α, β) (Fader & Hardie 2007, §3, the sBG
 * distribution); computed with the paper's forward recursion P(T = 1) = α/(α + β),
 * P(T = t) = (β + t − 2)/(α + β + t − 1) · P(T = t − 1).
 *
 * @example
 * ```ts
 * import { ShiftedBetaGeometric } from "@cxkit/metrics"
 *
 * console.log(ShiftedBetaGeometric.churnProbability({ alpha: 1, beta: 1 }, 1)) // 0.5
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const churnProbability = (params: Params, t: number): number => {
  const { alpha, beta } = checkParams(params)
  V.integerAtLeast("t", t, 1)
  return Math.exp(lnBeta(alpha + 1, beta + t - 1) - lnBeta(alpha, beta))
}

/**
 * Share of a cohort still active after t periods: S(t | α, β) = B(α, β + t) / B(α, β)
 * (Fader & Hardie 2007, §3). S(0) = 1. Works for any t ≥ 0, so it also projects beyond the
 * fitted periods.
 *
 * @example
 * ```ts
 * import { ShiftedBetaGeometric } from "@cxkit/metrics"
 *
 * // Fader & Hardie (2007), "regular" segment.
 * const s = ShiftedBetaGeometric.survival({ alpha: 0.704, beta: 1.182 }, 12)
 * console.log(s.toFixed(3)) // "0.170"
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const survival = (params: Params, t: number): number => {
  const { alpha, beta } = checkParams(params)
  V.integerAtLeast("t", t, 0)
  return Math.exp(lnBeta(alpha, beta + t) - lnBeta(alpha, beta))
}

/**
 * Survival for periods 0…horizon, ready to print or plot next to the observed survivors.
 *
 * @example
 * ```ts
 * import { ShiftedBetaGeometric } from "@cxkit/metrics"
 *
 * const curve = ShiftedBetaGeometric.survivalCurve({ alpha: 0.704, beta: 1.182 }, 3)
 * console.log(curve.map((s) => s.toFixed(3))) // ["1.000", "0.627", "0.474", "0.388"]
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const survivalCurve = (params: Params, horizon: number): ReadonlyArray<number> => {
  checkParams(params)
  V.integerAtLeast("horizon", horizon, 0)
  return Array.from({ length: horizon + 1 }, (_, t) => survival(params, t))
}

/**
 * Retention rate in period t: the share of customers active in period t − 1 who renew for period
 * t, r(t) = S(t)/S(t − 1) = (β + t − 1)/(α + β + t − 1) (Fader & Hardie 2007, §3, eq. for rₜ).
 * It rises with t: the sorting effect of a heterogeneous cohort.
 *
 * @example
 * ```ts
 * import { ShiftedBetaGeometric } from "@cxkit/metrics"
 *
 * const p = { alpha: 0.704, beta: 1.182 }
 * console.log(ShiftedBetaGeometric.retentionRate(p, 1).toFixed(3)) // "0.627"
 * console.log(ShiftedBetaGeometric.retentionRate(p, 10).toFixed(3)) // "0.935"
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const retentionRate = (params: Params, t: number): number => {
  const { alpha, beta } = checkParams(params)
  V.integerAtLeast("t", t, 1)
  return (beta + t - 1) / (alpha + beta + t - 1)
}

/**
 * Log-likelihood of the survivor counts n₀ ≥ n₁ ≥ … ≥ n_T of one cohort:
 * ℓ(α, β) = Σ_{t=1}^{T} (n_{t−1} − n_t) ln P(T = t) + n_T ln S(T) (Fader & Hardie 2007, §4: churners
 * in each observed period, and the customers still active at the end, who are right-censored).
 *
 * @example
 * ```ts
 * import { ShiftedBetaGeometric } from "@cxkit/metrics"
 *
 * const ll = ShiftedBetaGeometric.logLikelihood({ alpha: 1, beta: 1 }, [100, 50, 30])
 * console.log(ll.toFixed(2))
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const logLikelihood = (params: Params, survivors: ReadonlyArray<number>): number =>
  logLikelihoodOf(checkParams(params), checkSurvivors(survivors))

const logLikelihoodOf = ({ alpha, beta }: Params, survivors: ReadonlyArray<number>): number => {
  const T = survivors.length - 1
  let p = alpha / (alpha + beta) // P(T = 1)
  let ll = 0
  for (let t = 1; t <= T; t++) {
    if (t > 1) p *= (beta + t - 2) / (alpha + beta + t - 1)
    const churned = (survivors[t - 1] as number) - (survivors[t] as number)
    if (churned > 0) ll += churned * Math.log(p)
  }
  const last = survivors[T] as number
  // S(T) by the closed form: the running difference loses precision when S(T) is small.
  if (last > 0) ll += last * (lnBeta(alpha, beta + T) - lnBeta(alpha, beta))
  return ll
}

/**
 * Maximum-likelihood fit of α and β to the number of customers of one cohort still active at the
 * start of each period: `survivors[0]` is the cohort size, `survivors[t]` those still active after
 * t renewal opportunities. Counts may be weights (non-integers), but must never increase.
 * Uses the shared optimiser of `@cxkit/metrics`; standard errors come from the observed
 * information at the optimum.
 *
 * Throws `MetricError` (`InvalidInput`) for fewer than two counts, a negative, NaN or increasing
 * count, or a first count of 0; (`NotConverged`) if no interior maximum is found (e.g. nobody
 * ever churns, where the likelihood increases without bound as α → 0, or every customer has the
 * same churn probability, α + β → ∞).
 *
 * @example
 * ```ts
 * import { ShiftedBetaGeometric } from "@cxkit/metrics"
 *
 * // Fader & Hardie (2007), Table 1, "regular" segment, years 0–7, 1,000 customers.
 * const fit = ShiftedBetaGeometric.fit({ survivors: [1000, 631, 468, 382, 326, 289, 262, 241] })
 * console.log(fit.params.alpha.toFixed(3), fit.params.beta.toFixed(3)) // "0.704" "1.182"
 * ```
 *
 * @since 0.1.0
 * @category fitting
 */
export const fit = (input: { readonly survivors: ReadonlyArray<number> }, options?: FitOptions): Fit => {
  const survivors = checkSurvivors(input.survivors)
  const n0 = survivors[0] as number
  if (survivors.every((n) => n === n0))
    V.invalid("survivors", survivors, "counts with at least one churned customer (otherwise α → 0)")
  return Model.fitModel<Params>(
    {
      label: "ShiftedBetaGeometric.fit",
      names: ["alpha", "beta"],
      start: [1, 1],
      customers: n0,
      logLikelihood: (theta) =>
        logLikelihoodOf({ alpha: theta[0] as number, beta: theta[1] as number }, survivors),
      limits: [
        Model.betaLimit<Params>(
          "alpha",
          "beta",
          "the churn probability per period",
          () => "A constant retention rate (the geometric model) describes this cohort"
        )
      ]
    },
    options
  )
}

/**
 * Discounted expected residual lifetime (Fader & Hardie 2010, eq. 6): the expected number of
 * future payments, discounted at `discountRate` per period, of a customer who has made
 * `renewals` = n − 1 renewals and is about to make the n-th renewal decision, with payments at
 * the start of each period (so the payment at the coming renewal is not discounted):
 *
 *   DERL(d | α, β, n − 1) = Σ_{t ≥ n} S(t)/S(n − 1) / (1 + d)^{t − n}
 *                         = (β + n − 1)/(α + β + n − 1) · ₂F₁(1, β + n; α + β + n; 1/(1 + d)).
 *
 * Multiply by the margin per period for the residual value of the customer. A customer who has
 * just been acquired (and paid for period 1) has `renewals: 0`.
 *
 * @example
 * ```ts
 * import { ShiftedBetaGeometric } from "@cxkit/metrics"
 *
 * const residual = ShiftedBetaGeometric.discountedExpectedResidualLifetime(
 *   { alpha: 0.704, beta: 1.182 },
 *   { discountRate: 0.1, renewals: 0 }
 * )
 * console.log(residual.toFixed(2)) // "2.96"
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const discountedExpectedResidualLifetime = (
  params: Params,
  options: { readonly discountRate: number; readonly renewals: number }
): number => {
  const { alpha, beta } = checkParams(params)
  const d = V.positive("options.discountRate", options.discountRate)
  const n = V.integerAtLeast("options.renewals", options.renewals, 0) + 1
  return ((beta + n - 1) / (alpha + beta + n - 1)) * hyp2f1(1, beta + n, alpha + beta + n, 1 / (1 + d))
}

/**
 * Discounted expected lifetime of a customer at acquisition, counting the first (undiscounted)
 * period: DEL(d | α, β) = Σ_{t ≥ 0} S(t)/(1 + d)^t = ₂F₁(1, β; α + β; 1/(1 + d))
 * (Fader & Hardie 2010, §2). Times the margin per period, this is the expected CLV of a new
 * customer.
 *
 * @example
 * ```ts
 * import { ShiftedBetaGeometric } from "@cxkit/metrics"
 *
 * const del = ShiftedBetaGeometric.discountedExpectedLifetime({ alpha: 0.704, beta: 1.182 }, { discountRate: 0.1 })
 * console.log(del.toFixed(2)) // "3.70"
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const discountedExpectedLifetime = (
  params: Params,
  options: { readonly discountRate: number }
): number => {
  const { alpha, beta } = checkParams(params)
  const d = V.positive("options.discountRate", options.discountRate)
  return hyp2f1(1, beta, alpha + beta, 1 / (1 + d))
}

const checkParams = (params: Params): Params => ({
  alpha: V.positive("params.alpha", params.alpha),
  beta: V.positive("params.beta", params.beta)
})

const checkSurvivors = (survivors: ReadonlyArray<number>): ReadonlyArray<number> => {
  if (!Array.isArray(survivors) || survivors.length < 2)
    V.invalid("survivors", survivors, "an array of at least two counts (the cohort and one later period)")
  const out = survivors.map((n, i) => V.nonNegative(`survivors[${i}]`, n))
  if ((out[0] as number) === 0) V.invalid("survivors[0]", 0, "a cohort size > 0")
  for (let i = 1; i < out.length; i++) {
    const prev = out[i - 1] as number
    if ((out[i] as number) > prev)
      V.invalid(`survivors[${i}]`, out[i], `≤ survivors[${i - 1}] (${prev}): survivors never increase`)
  }
  return out
}
