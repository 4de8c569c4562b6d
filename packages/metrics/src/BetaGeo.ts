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
 * @since 0.1.0
 */
import * as Hyp from "./internal/hyp2f1.ts"
import * as Model from "./internal/model.ts"
import { type Patterns, requireRepeatPurchase, patterns as toPatterns } from "./internal/patterns.ts"
import * as Special from "./internal/special.ts"
import { count, nonNegative, positiveParams, customer as validCustomer } from "./internal/validate.ts"

// Imported functions bound once: under vitest's module runner every access to an imported name is a
// getter call, which would dominate these inner loops.
const { hyp2f1 } = Hyp
const { digamma, lnBeta, lnGamma, logAddExp } = Special

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
export interface Row {
  readonly frequency: number
  readonly recency: number
  readonly T: number
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

const NAMES = ["r", "alpha", "a", "b"] as const

// ln L summed over patterns, FHL 2005 eq. (6) in the log form of Fader, Hardie & Lee (2005),
// "Implementing the BG/NBD Model for Customer Base Analysis in Excel" (brucehardie.com note 004):
// ln L = A₁ + A₂ + ln(e^A₃ + δ_{x>0} e^A₄) with
// A₁ = ln Γ(r+x) − ln Γ(r) + r ln α, A₂ = ln Γ(a+b) + ln Γ(b+x) − ln Γ(b) − ln Γ(a+b+x),
// A₃ = −(r+x) ln(α+T), A₄ = ln a − ln(b+x−1) − (r+x) ln(α+t_x).
const patternsLogLikelihood = (data: Patterns, r: number, alpha: number, a: number, b: number): number => {
  const k = data.distinctX.length
  const table = new Float64Array(k)
  const lgr = lnGamma(r)
  const lgb = lnGamma(b)
  const lgab = lnGamma(a + b)
  for (let j = 0; j < k; j++) {
    const x = data.distinctX[j] as number
    table[j] = lnGamma(r + x) - lgr + lgab + lnGamma(b + x) - lgb - lnGamma(a + b + x)
  }
  const rLnAlpha = r * Math.log(alpha)
  const lnA = Math.log(a)
  let sum = 0
  for (let i = 0; i < data.size; i++) {
    const x = data.x[i] as number
    const a3 = -(r + x) * Math.log(alpha + (data.T[i] as number))
    const ll =
      x > 0
        ? logAddExp(a3, lnA - Math.log(b + x - 1) - (r + x) * Math.log(alpha + (data.tx[i] as number)))
        : a3
    sum += (data.w[i] as number) * ((table[data.xIndex[i] as number] as number) + rLnAlpha + ll)
  }
  return sum
}

// The same sum and its analytic gradient in one pass (derivatives of A₁…A₄ above; ψ = digamma):
// [ℓ, ∂ℓ/∂r, ∂ℓ/∂α, ∂ℓ/∂a, ∂ℓ/∂b]. The optimiser then needs no finite differences.
const patternsValueAndGradient = (
  data: Patterns,
  r: number,
  alpha: number,
  a: number,
  b: number
): [number, number, number, number, number] => {
  const k = data.distinctX.length
  const table = new Float64Array(k)
  const lgr = lnGamma(r)
  const lgb = lnGamma(b)
  const lgab = lnGamma(a + b)
  const dr0 = new Float64Array(k)
  const da0 = new Float64Array(k)
  const db0 = new Float64Array(k)
  const psiR = digamma(r)
  const psiB = digamma(b)
  const psiAB = digamma(a + b)
  for (let j = 0; j < k; j++) {
    const x = data.distinctX[j] as number
    const psiABX = digamma(a + b + x)
    table[j] = lnGamma(r + x) - lgr + lgab + lnGamma(b + x) - lgb - lnGamma(a + b + x)
    dr0[j] = digamma(r + x) - psiR
    da0[j] = psiAB - psiABX
    db0[j] = psiAB + digamma(b + x) - psiB - psiABX
  }
  const lnAlpha = Math.log(alpha)
  const rLnAlpha = r * lnAlpha
  const lnA = Math.log(a)
  let sum = 0
  let gr = 0
  let gAlpha = 0
  let ga = 0
  let gb = 0
  for (let i = 0; i < data.size; i++) {
    const x = data.x[i] as number
    const w = data.w[i] as number
    const j = data.xIndex[i] as number
    const aT = alpha + (data.T[i] as number)
    const a3 = -(r + x) * Math.log(aT)
    // π₃, π₄: shares of the two terms of L = e^A₃ + e^A₄.
    let p3 = 1
    let p4 = 0
    let aTx = 1
    let bx1 = 1
    let l = a3
    if (x > 0) {
      aTx = alpha + (data.tx[i] as number)
      bx1 = b + x - 1
      const a4 = lnA - Math.log(bx1) - (r + x) * Math.log(aTx)
      l = logAddExp(a3, a4)
      p3 = Math.exp(a3 - l)
      p4 = Math.exp(a4 - l)
    }
    sum += w * ((table[j] as number) + rLnAlpha + l)
    gr += w * ((dr0[j] as number) + lnAlpha - p3 * Math.log(aT) - (x > 0 ? p4 * Math.log(aTx) : 0))
    gAlpha += w * (r / alpha - p3 * ((r + x) / aT) - (x > 0 ? p4 * ((r + x) / aTx) : 0))
    ga += w * ((da0[j] as number) + (x > 0 ? p4 / a : 0))
    gb += w * ((db0[j] as number) - (x > 0 ? p4 / bx1 : 0))
  }
  return [sum, gr, gAlpha, ga, gb]
}

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
export const logLikelihood = (params: Params, rows: Iterable<Row>): number => {
  const { r, alpha, a, b } = positiveParams("params", params, NAMES)
  return patternsLogLikelihood(toPatterns(rows), r, alpha, a, b)
}

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
export const fit = (rows: Iterable<Row>, options?: FitOptions): Fit => {
  const data = requireRepeatPurchase(toPatterns(rows))
  let cache: { readonly at: ReadonlyArray<number>; readonly gradient: ReadonlyArray<number> } | undefined
  const both = (v: ReadonlyArray<number>) =>
    patternsValueAndGradient(data, v[0] as number, v[1] as number, v[2] as number, v[3] as number)
  return Model.fitModel<Params>(
    {
      label: "BetaGeo.fit",
      names: NAMES,
      // Start: r = 1 and α matching the mean purchase rate, a = b = 1 (lifetimes starts at 0.1).
      start: [1, Math.max(data.sumT / Math.max(data.sumX, 1e-3 * data.totalWeight), 1e-6), 1, 1],
      customers: data.totalWeight,
      logLikelihood: (v) => {
        // BFGS asks for ℓ at a point, then (once the step is accepted) for its gradient: keep it.
        const out = both(v)
        cache = { at: v.slice(), gradient: out.slice(1) }
        return out[0]
      },
      gradient: (v) =>
        cache !== undefined && v.every((x, i) => x === cache?.at[i]) ? cache.gradient : both(v).slice(1),
      limits: [
        Model.betaLimit<Params>(
          "a",
          "b",
          "the probability of dropping out after a purchase",
          () => "Fit ParetoNbd instead (its dropout is a rate in time, not a probability per purchase)"
        ),
        Model.gammaLimit<Params>(
          "r",
          "purchase rate",
          ({ r, alpha }) =>
            `The purchase rate is r/α = ${(r / alpha).toPrecision(4)} for everyone; a model without heterogeneity in the rate fits these data as well`
        )
      ]
    },
    options
  )
}

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
export const probabilityAlive = (
  params: Params,
  customer: { readonly frequency: number; readonly recency: number; readonly T: number }
): number => {
  const { r, alpha, a, b } = positiveParams("params", params, NAMES)
  const { frequency: x, recency: tx, T } = validCustomer(customer)
  if (x === 0) return 1
  const lnOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx))
  return 1 / (1 + Math.exp(lnOdds))
}

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
export const expectedPurchases = (
  params: Params,
  t: number,
  customer: { readonly frequency: number; readonly recency: number; readonly T: number }
): number => {
  const { r, alpha, a, b } = positiveParams("params", params, NAMES)
  nonNegative("t", t)
  const { frequency: x, recency: tx, T } = validCustomer(customer)
  if (t === 0) return 0
  const lead = (a + b + x - 1) / (a - 1)
  const f = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
  const numerator = lead * (1 - Math.exp((r + x) * Math.log((alpha + T) / (alpha + T + t))) * f)
  const denominator =
    x > 0 ? 1 + Math.exp(Math.log(a / (b + x - 1)) + (r + x) * Math.log((alpha + T) / (alpha + tx))) : 1
  return numerator / denominator
}

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
export const expectedPurchasesNewCustomer = (params: Params, t: number): number => {
  const { r, alpha, a, b } = positiveParams("params", params, NAMES)
  nonNegative("t", t)
  if (t === 0) return 0
  return ((a + b - 1) / (a - 1)) * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, t / (alpha + t)))
}

/**
 * Probability that a newly acquired customer makes exactly `n` purchases in a period of
 * length `t` (FHL 2005 eq. 8).
 *
 * @example
 * ```ts
 * import { BetaGeo } from "@cxkit/metrics"
 *
 * const p0 = BetaGeo.probabilityOfPurchases({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39, 0)
 * console.log(p0 > 0.5) // true
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const probabilityOfPurchases = (params: Params, t: number, n: number): number => {
  const { r, alpha, a, b } = positiveParams("params", params, NAMES)
  nonNegative("t", t)
  count("n", n)
  if (t === 0) return n === 0 ? 1 : 0
  const lnB = lnBeta(a, b)
  const lnP = Math.log(alpha / (alpha + t))
  const lnQ = Math.log(t / (alpha + t))
  // Γ(r+j)/(Γ(r) j!) (α/(α+t))^r (t/(α+t))^j: negative binomial probabilities.
  const nb = (j: number) => Math.exp(lnGamma(r + j) - lnGamma(r) - lnGamma(j + 1) + r * lnP + j * lnQ)
  const first = Math.exp(lnBeta(a, b + n) - lnB) * nb(n)
  if (n === 0) return first
  let cdf = 0
  for (let j = 0; j < n; j++) cdf += nb(j)
  return first + Math.exp(lnBeta(a + 1, b + n - 1) - lnB) * Math.max(0, 1 - cdf)
}
