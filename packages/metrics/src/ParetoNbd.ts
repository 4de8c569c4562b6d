/**
 * The Pareto/NBD model of repeat buying in a non-contractual, continuous-time setting
 * (Schmittlein, Morrison & Colombo 1987, Management Science 33(1)), in the formulation of
 * Fader & Hardie (2005), "A Note on Deriving the Pareto/NBD Model and Related Expressions"
 * (brucehardie.com note 009). While alive, a customer buys as a Poisson process with rate
 * λ ~ Gamma(r, α); their lifetime is exponential with rate μ ~ Gamma(s, β).
 *
 * ## When to use
 * As BG/NBD, when dropout can happen at any time rather than only just after a purchase. Its
 * likelihood needs the Gauss hypergeometric function, so fits cost more.
 *
 * @module
 * @since 0.1.0
 */
import * as Hyp from "./internal/hyp2f1.ts"
import * as Model from "./internal/model.ts"
import * as Likelihood from "./internal/paretoNbd.ts"
import { requireRepeatPurchase, patterns as toPatterns } from "./internal/patterns.ts"
import * as Special from "./internal/special.ts"
import { count, nonNegative, positiveParams, customer as validCustomer } from "./internal/validate.ts"

// Imported functions bound once: under vitest's module runner every access to an imported name is a
// getter call, which would dominate these inner loops.
const { hyp2f1 } = Hyp
const { evaluate, hypArguments } = Likelihood
const { lnBeta, lnGamma, logSubExp } = Special

/**
 * Pareto/NBD parameters: r, α (purchase-rate Gamma) and s, β (dropout-rate Gamma); α and β are
 * in the time unit of the data.
 *
 * @since 0.1.0
 * @category models
 */
export interface Params {
  readonly r: number
  readonly alpha: number
  readonly s: number
  readonly beta: number
}

/**
 * A customer's frequency (x), recency (t_x) and age T, with an optional `weight`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Row {
  readonly frequency: number
  readonly recency: number
  readonly T: number
  readonly weight?: number | undefined
}

/**
 * A fitted Pareto/NBD model: maximum-likelihood parameters, the log-likelihood at the maximum, the
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

const NAMES = ["r", "alpha", "s", "beta"] as const

// ln A₀ of Fader & Hardie (2005 note 009, the likelihood in terms of ₂F₁), for one pattern:
// α ≥ β: A₀ = ₂F₁(r+s+x, s+1; r+s+x+1; (α−β)/(α+t_x)) / (α+t_x)^(r+s+x)
//            − ₂F₁(r+s+x, s+1; r+s+x+1; (α−β)/(α+T)) / (α+T)^(r+s+x)
// α < β: the same with β in place of α and r+x in place of s+1.
const lnA0 = (
  r: number,
  alpha: number,
  s: number,
  beta: number,
  x: number,
  tx: number,
  T: number
): number => {
  if (tx === T) return Number.NEGATIVE_INFINITY
  const rsx = r + s + x
  const big = Math.max(alpha, beta)
  const b2 = alpha >= beta ? s + 1 : r + x
  const diff = Math.abs(alpha - beta)
  const atTx = Math.log(hyp2f1(rsx, b2, rsx + 1, diff / (big + tx))) - rsx * Math.log(big + tx)
  const atT = Math.log(hyp2f1(rsx, b2, rsx + 1, diff / (big + T))) - rsx * Math.log(big + T)
  return logSubExp(atTx, atT)
}

/**
 * Log-likelihood of the rows under the given parameters (Fader & Hardie 2005 note 009; Schmittlein et al. 1987).
 *
 * @example
 * ```ts
 * import { ParetoNbd } from "@cxkit/metrics"
 *
 * const ll = ParetoNbd.logLikelihood({ r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 }, [
 *   { frequency: 2, recency: 30.43, T: 38.86 }
 * ])
 * console.log(ll < 0) // true
 * ```
 *
 * @since 0.1.0
 * @category fitting
 */
export const logLikelihood = (params: Params, rows: Iterable<Row>): number => {
  const { r, alpha, s, beta } = positiveParams("params", params, NAMES)
  const data = toPatterns(rows)
  return evaluate(data, hypArguments(data), r, alpha, s, beta)
}

/**
 * Maximum-likelihood fit with the shared optimiser; identical rows are collapsed and weights
 * honoured. The gradient is analytic (the ₂F₁ parameter derivatives are summed in the same series
 * as ₂F₁, each distinct ₂F₁ argument once per evaluation), and the standard errors come from the
 * Hessian of that gradient. Throws MetricError (`InvalidInput` for bad rows or data without any repeat purchase,
 * `NotConverged` when no interior maximum is found).
 *
 * Gotcha: when the data show no difference in purchase or dropout rates between customers,
 * the likelihood rises towards a homogeneous limit (r, α → ∞ with r/α fixed, or s, β → ∞) and
 * the fit throws `NotConverged` saying so; `options.penalty` gives a shrunken finite fit. Even
 * a converged fit often determines s and β poorly: read `standardErrors` before trusting them.
 *
 * @example
 * ```ts
 * import { ParetoNbd } from "@cxkit/metrics"
 *
 * // 2,000 customers over 52 weeks, identical patterns collapsed with a weight.
 * const fit = ParetoNbd.fit([
 *   { frequency: 0, recency: 0, T: 52, weight: 1200 },
 *   { frequency: 1, recency: 4, T: 52, weight: 300 },
 *   { frequency: 2, recency: 8, T: 52, weight: 180 },
 *   { frequency: 4, recency: 12, T: 52, weight: 90 },
 *   { frequency: 3, recency: 50, T: 52, weight: 120 },
 *   { frequency: 8, recency: 51, T: 52, weight: 60 },
 *   { frequency: 6, recency: 20, T: 52, weight: 50 }
 * ])
 * console.log(fit.params.s.toFixed(2), fit.params.beta.toFixed(2)) // "1.16" "6.25"
 * ```
 *
 * @since 0.1.0
 * @category fitting
 */
export const fit = (rows: Iterable<Row>, options?: FitOptions): Fit => {
  const data = requireRepeatPurchase(toPatterns(rows))
  const args = hypArguments(data)
  return Model.fitModel<Params>(
    {
      label: "ParetoNbd.fit",
      names: NAMES,
      // Start: r = 1 and α matching the mean purchase rate, s = 1 and β the mean age.
      start: [
        1,
        Math.max(data.sumT / Math.max(data.sumX, 1e-3 * data.totalWeight), 1e-6),
        1,
        data.sumT / data.totalWeight
      ],
      customers: data.totalWeight,
      valueAndGradient: (v) => {
        const gradient = new Float64Array(4)
        const value = evaluate(
          data,
          args,
          v[0] as number,
          v[1] as number,
          v[2] as number,
          v[3] as number,
          gradient
        )
        return { value, gradient }
      },
      limits: [
        Model.gammaLimit<Params>(
          "r",
          "purchase rate",
          ({ r, alpha }) =>
            `The purchase rate is r/α = ${(r / alpha).toPrecision(4)} for everyone (the Poisson limit)`
        ),
        Model.gammaLimit<Params>(
          "s",
          "dropout rate",
          ({ s, beta }) =>
            `The dropout rate is s/β = ${(s / beta).toPrecision(4)} for everyone; fit BetaGeo instead`
        )
      ]
    },
    options
  )
}

/**
 * Probability that a customer with this history is still alive at T (Fader & Hardie 2005 note
 * 009, P(alive) in the A₀ form): 1 / (1 + s/(r+s+x) · (α+T)^(r+x) (β+T)^s · A₀).
 *
 * @example
 * ```ts
 * import { ParetoNbd } from "@cxkit/metrics"
 *
 * const p = ParetoNbd.probabilityAlive(
 *   { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 },
 *   { frequency: 2, recency: 30.43, T: 38.86 }
 * )
 * console.log(p > 0 && p < 1) // true
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const probabilityAlive = (
  params: Params,
  customer: { readonly frequency: number; readonly recency: number; readonly T: number }
): number => {
  const { r, alpha, s, beta } = positiveParams("params", params, NAMES)
  const { frequency: x, recency: tx, T } = validCustomer(customer)
  if (tx === T) return 1
  const lnRatio =
    Math.log(s) -
    Math.log(r + s + x) +
    (r + x) * Math.log(alpha + T) +
    s * Math.log(beta + T) +
    lnA0(r, alpha, s, beta, x, tx, T)
  return 1 / (1 + Math.exp(lnRatio))
}

/**
 * Expected purchases in the next `t` periods for a customer with this history (Fader & Hardie
 * 2005 note 009, conditional expectation; Schmittlein et al. 1987):
 * (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive). For s = 1 the bracket's
 * limit (β+T)·ln((β+T+t)/(β+T)) is used.
 *
 * @example
 * ```ts
 * import { ParetoNbd } from "@cxkit/metrics"
 *
 * const y = ParetoNbd.expectedPurchases(
 *   { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, 39, { frequency: 2, recency: 30.43, T: 38.86 }
 * )
 * console.log(y > 0) // true
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const expectedPurchases = (
  params: Params,
  t: number,
  customer: { readonly frequency: number; readonly recency: number; readonly T: number }
): number => {
  const { r, alpha, s, beta } = positiveParams("params", params, NAMES)
  nonNegative("t", t)
  const { frequency: x, T } = validCustomer(customer)
  if (t === 0) return 0
  const alive = probabilityAlive(params, customer)
  return ((r + x) / (alpha + T)) * lifetimeFactor(s, beta + T, t) * alive
}

// ∫₀ᵗ P(still alive at τ | alive at 0) dτ for μ ~ Gamma(s, b): b/(s−1) · [1 − (b/(b+t))^(s−1)],
// and b · ln((b+t)/b) at s = 1.
const lifetimeFactor = (s: number, b: number, t: number): number =>
  Math.abs(s - 1) < 1e-10
    ? b * Math.log1p(t / b)
    : (b / (s - 1)) * -Math.expm1((s - 1) * Math.log(b / (b + t)))

/**
 * Expected purchases in a period of length `t` for a newly acquired customer (Fader & Hardie
 * 2005 note 009, E[X(t)]): rβ / (α(s−1)) · [1 − (β/(β+t))^(s−1)].
 *
 * @example
 * ```ts
 * import { ParetoNbd } from "@cxkit/metrics"
 *
 * const e = ParetoNbd.expectedPurchasesNewCustomer({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, 39)
 * console.log(e > 0) // true
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const expectedPurchasesNewCustomer = (params: Params, t: number): number => {
  const { r, alpha, s, beta } = positiveParams("params", params, NAMES)
  nonNegative("t", t)
  if (t === 0) return 0
  return (r / alpha) * lifetimeFactor(s, beta, t)
}

/**
 * Probability of exactly `n` purchases in a period of length `t`: for a newly acquired customer
 * (Fader & Hardie 2006, rev. 2020, "Deriving an Expression for P(X(t) = x) Under the Pareto/NBD
 * Model", brucehardie.com note 012, final expression), or, given `customer`, in the `t` periods
 * after their T. A customer alive at T has the posterior λ ~ Gamma(r+x, α+T), μ ~ Gamma(s, β+T)
 * and, the lifetime being memoryless, buys from then on as a new customer with those
 * parameters: P(alive) · P_new(n | r+x, α+T, s, β+T) + (1 − P(alive)) · [n = 0]. Its mean is
 * `expectedPurchases`.
 *
 * @example
 * ```ts
 * import { ParetoNbd } from "@cxkit/metrics"
 *
 * const params = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }
 * console.log(ParetoNbd.probabilityOfPurchases(params, 39, 0).toFixed(3)) // "0.594"
 * console.log(ParetoNbd.probabilityOfPurchases(params, 39, 0, { frequency: 2, recency: 30.43, T: 38.86 }).toFixed(3)) // "0.408"
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const probabilityOfPurchases = (
  params: Params,
  t: number,
  n: number,
  customer?: { readonly frequency: number; readonly recency: number; readonly T: number }
): number => {
  const { r, alpha, s, beta } = positiveParams("params", params, NAMES)
  nonNegative("t", t)
  count("n", n)
  const h = customer === undefined ? undefined : validCustomer(customer)
  if (t === 0) return n === 0 ? 1 : 0
  if (h === undefined) return probabilityNew(r, alpha, s, beta, t, n)
  const alive = probabilityAlive(params, h)
  const future = alive * probabilityNew(r + h.frequency, alpha + h.T, s, beta + h.T, t, n)
  return n === 0 ? future + (1 - alive) : future
}

// P(X(t) = n) of a new customer, t > 0 (note 012).
const probabilityNew = (r: number, alpha: number, s: number, beta: number, t: number, n: number): number => {
  // Alive throughout: NBD(n) · (β/(β+t))^s.
  const stay = Math.exp(
    lnGamma(r + n) -
      lnGamma(r) -
      lnGamma(n + 1) +
      r * Math.log(alpha / (alpha + t)) +
      n * Math.log(t / (alpha + t)) +
      s * Math.log(beta / (beta + t))
  )
  // Died before t: α^r β^s B(r+n, s+1)/B(r, s) · [B₁ − Σ_{j=0}^{n} Γ(r+s+j)/(Γ(r+s) j!) tʲ B₂ⱼ].
  const [big, b2] = alpha >= beta ? [alpha, s + 1] : [beta, r + n]
  const diff = Math.abs(alpha - beta)
  const c = r + s + n + 1
  const b1 = hyp2f1(r + s, b2, c, diff / big) * Math.exp(-(r + s) * Math.log(big))
  let sum = 0
  for (let j = 0; j <= n; j++) {
    sum += Math.exp(
      lnGamma(r + s + j) -
        lnGamma(r + s) -
        lnGamma(j + 1) +
        j * Math.log(t) -
        (r + s + j) * Math.log(big + t) +
        Math.log(hyp2f1(r + s + j, b2, c, diff / (big + t)))
    )
  }
  const died =
    Math.exp(r * Math.log(alpha) + s * Math.log(beta) + lnBeta(r + n, s + 1) - lnBeta(r, s)) * (b1 - sum)
  return stay + died
}
