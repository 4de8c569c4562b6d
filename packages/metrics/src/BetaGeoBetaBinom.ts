/**
 * The BG/BB model of repeat transactions in a discrete-time, non-contractual setting (Fader,
 * Hardie & Shang 2010, "Customer-Base Analysis in a Discrete-Time Noncontractual Setting",
 * Marketing Science 29(6), 1086–1108). At each of n transaction opportunities an alive
 * customer transacts with probability p ~ Beta(α, β); between opportunities they die with
 * probability θ ~ Beta(γ, δ).
 *
 * ## When to use
 * Transactions can only happen at discrete occasions (annual donations, yearly events,
 * scheduled sales). Rows are (frequency x, recency t_x, opportunities n), with t_x the
 * opportunity of the last transaction (0 when x = 0).
 *
 * @module
 * @since 0.1.0
 */
import * as Model from "./internal/model.ts"
import * as Special from "./internal/special.ts"
import { count, invalid, positiveParams, weight as validWeight } from "./internal/validate.ts"

// Imported functions bound once: under vitest's module runner every access to an imported name is a
// getter call, which would dominate these inner loops.
const { lnBeta, lnGamma, logAddExp } = Special

/**
 * BG/BB parameters: α, β (transaction-probability Beta) and γ, δ (dropout-probability Beta).
 *
 * @since 0.1.0
 * @category models
 */
export interface Params {
  readonly alpha: number
  readonly beta: number
  readonly gamma: number
  readonly delta: number
}

/**
 * One customer (or `weight` customers): transactions x, opportunity of the last one t_x, and
 * number of opportunities n.
 *
 * @since 0.1.0
 * @category models
 */
export interface Row {
  readonly frequency: number
  readonly recency: number
  readonly periods: number
  readonly weight?: number | undefined
}

/**
 * A fitted BG/BB model: maximum-likelihood parameters, the log-likelihood at the maximum, the
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

const NAMES = ["alpha", "beta", "gamma", "delta"] as const

const validRow = (field: string, row: { frequency: unknown; recency: unknown; periods: unknown }) => {
  const x = count(`${field}.frequency`, row.frequency)
  const tx = count(`${field}.recency`, row.recency)
  const n = count(`${field}.periods`, row.periods)
  if (n < 1) invalid(`${field}.periods`, n, "≥ 1")
  if (tx > n) invalid(`${field}.recency`, tx, `at most periods (${n})`)
  if (x > tx) invalid(`${field}.frequency`, x, `at most recency (${tx})`)
  if (x === 0 && tx !== 0) invalid(`${field}.recency`, tx, "0 when frequency is 0")
  if (x > 0 && tx === 0) invalid(`${field}.recency`, tx, "≥ 1 when frequency is > 0")
  return { x, tx, n }
}

// ln L(α, β, γ, δ | x, t_x, n), Fader, Hardie & Shang (2010), the BG/BB likelihood:
// L = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
//   + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ).
const rowLogLikelihood = (
  alpha: number,
  beta: number,
  gamma: number,
  delta: number,
  x: number,
  tx: number,
  n: number
): number => {
  const base = -lnBeta(alpha, beta) - lnBeta(gamma, delta)
  let ll = lnBeta(alpha + x, beta + n - x) + lnBeta(gamma, delta + n)
  for (let i = 0; i < n - tx; i++) {
    ll = logAddExp(ll, lnBeta(alpha + x, beta + tx - x + i) + lnBeta(gamma + 1, delta + tx + i))
  }
  return base + ll
}

// Validates and collapses identical (x, t_x, n) patterns (weights summed).
const prepare = (rows: Iterable<Row>) => {
  const out: Array<{ x: number; tx: number; n: number; w: number }> = []
  const index = new Map<string, number>()
  let i = 0
  let total = 0
  for (const row of rows) {
    const { x, tx, n } = validRow(`rows[${i}]`, row)
    const w = validWeight(`rows[${i}].weight`, row.weight)
    i++
    if (w === 0) continue
    total += w
    const key = `${x}|${tx}|${n}`
    const at = index.get(key)
    if (at === undefined) {
      index.set(key, out.length)
      out.push({ x, tx, n, w })
    } else {
      const pattern = out[at] as { w: number }
      pattern.w += w
    }
  }
  if (out.length === 0)
    invalid("rows", i === 0 ? [] : "all weights 0", "at least one row with a positive weight")
  return { rows: out, total }
}

/**
 * Log-likelihood of the rows (Fader, Hardie & Shang 2010, BG/BB likelihood).
 *
 * @example
 * ```ts
 * import { BetaGeoBetaBinom } from "@cxkit/metrics"
 *
 * const ll = BetaGeoBetaBinom.logLikelihood({ alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }, [
 *   { frequency: 6, recency: 6, periods: 6, weight: 1203 }
 * ])
 * console.log(ll < 0) // true
 * ```
 *
 * @since 0.1.0
 * @category fitting
 */
export const logLikelihood = (params: Params, rows: Iterable<Row>): number => {
  const { alpha, beta, gamma, delta } = positiveParams("params", params, NAMES)
  let sum = 0
  for (const r of prepare(rows).rows) sum += r.w * rowLogLikelihood(alpha, beta, gamma, delta, r.x, r.tx, r.n)
  return sum
}

/**
 * Maximum-likelihood fit (shared optimiser). Throws MetricError for invalid rows (frequency >
 * recency, recency > periods, recency 0 with transactions, …) and `NotConverged` for a fit
 * without an interior maximum (e.g. the same transaction or dropout probability for everyone:
 * the error says which and what to try, such as `options.penalty`).
 *
 * @example
 * ```ts
 * import { BetaGeoBetaBinom } from "@cxkit/metrics"
 *
 * const fit = BetaGeoBetaBinom.fit([
 *   { frequency: 0, recency: 0, periods: 6, weight: 3464 },
 *   { frequency: 1, recency: 1, periods: 6, weight: 1091 },
 *   { frequency: 3, recency: 5, periods: 6, weight: 900 },
 *   { frequency: 6, recency: 6, periods: 6, weight: 1203 }
 * ])
 * console.log(fit.params.alpha > 0) // true
 * ```
 *
 * @since 0.1.0
 * @category fitting
 */
export const fit = (rows: Iterable<Row>, options?: FitOptions): Fit => {
  const data = prepare(rows)
  return Model.fitModel<Params>(
    {
      label: "BetaGeoBetaBinom.fit",
      names: NAMES,
      start: [1, 1, 1, 1],
      customers: data.total,
      logLikelihood: (v) => {
        const [alpha, beta, gamma, delta] = v as [number, number, number, number]
        let sum = 0
        for (const r of data.rows) sum += r.w * rowLogLikelihood(alpha, beta, gamma, delta, r.x, r.tx, r.n)
        return sum
      },
      limits: [
        Model.betaLimit<Params>(
          "alpha",
          "beta",
          "the probability of a transaction at an opportunity",
          () => "Fit a model without heterogeneity in that probability"
        ),
        Model.betaLimit<Params>(
          "gamma",
          "delta",
          "the probability of dropping out at an opportunity",
          () => "Fit a model without heterogeneity in dropout"
        )
      ]
    },
    options
  )
}

/**
 * Probability that a customer with this history is alive at opportunity n + 1 (Fader, Hardie
 * & Shang 2010, P(alive at n+1)): B(α+x, β+n−x)/B(α,β) · B(γ, δ+n+1)/B(γ,δ) / L(α, β, γ, δ | x, t_x, n).
 *
 * @example
 * ```ts
 * import { BetaGeoBetaBinom } from "@cxkit/metrics"
 *
 * const p = BetaGeoBetaBinom.probabilityAlive(
 *   { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }, { frequency: 6, recency: 6, periods: 6 }
 * )
 * console.log(p > 0.9) // true
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const probabilityAlive = (
  params: Params,
  customer: { readonly frequency: number; readonly recency: number; readonly periods: number }
): number => {
  const { alpha, beta, gamma, delta } = positiveParams("params", params, NAMES)
  const { x, tx, n } = validRow("customer", customer)
  const alive =
    lnBeta(alpha + x, beta + n - x) -
    lnBeta(alpha, beta) +
    lnBeta(gamma, delta + n + 1) -
    lnBeta(gamma, delta)
  return Math.exp(alive - rowLogLikelihood(alpha, beta, gamma, delta, x, tx, n))
}

/**
 * Expected transactions in the next `future` opportunities (n+1 … n+future) for a customer
 * with this history (Fader, Hardie & Shang 2010, conditional expectation E(X(n, n+n*) | x, t_x, n)):
 * 1/L · B(α+x+1, β+n−x)/B(α,β) · δ/(γ−1) · Γ(γ+δ)/Γ(1+δ)
 *     · [Γ(1+δ+n)/Γ(γ+δ+n) − Γ(1+δ+n+n*)/Γ(γ+δ+n+n*)].
 *
 * @example
 * ```ts
 * import { BetaGeoBetaBinom } from "@cxkit/metrics"
 *
 * const e = BetaGeoBetaBinom.expectedPurchases(
 *   { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }, 5, { frequency: 6, recency: 6, periods: 6 }
 * )
 * console.log(e > 3) // true
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const expectedPurchases = (
  params: Params,
  future: number,
  customer: { readonly frequency: number; readonly recency: number; readonly periods: number }
): number => {
  const { alpha, beta, gamma, delta } = positiveParams("params", params, NAMES)
  count("future", future)
  const { x, tx, n } = validRow("customer", customer)
  if (future === 0) return 0
  const lnL = rowLogLikelihood(alpha, beta, gamma, delta, x, tx, n)
  const lead = Math.exp(lnBeta(alpha + x + 1, beta + n - x) - lnBeta(alpha, beta) - lnL)
  return lead * aliveSum(gamma, delta, n, future)
}

// δ/(γ−1) · Γ(γ+δ)/Γ(1+δ) · [Γ(1+δ+n)/Γ(γ+δ+n) − Γ(1+δ+n+m)/Γ(γ+δ+n+m)]
// = Σ_{i=n+1}^{n+m} P(alive at opportunity i) under Beta(γ, δ) dropout (FHS 2010);
// summed directly for γ near 1, where the closed form is 0/0.
const aliveSum = (gamma: number, delta: number, n: number, m: number): number => {
  if (Math.abs(gamma - 1) < 1e-8) {
    let s = 0
    for (let i = n + 1; i <= n + m; i++) s += Math.exp(lnBeta(gamma, delta + i) - lnBeta(gamma, delta))
    return s
  }
  const front = (delta / (gamma - 1)) * Math.exp(lnGamma(gamma + delta) - lnGamma(1 + delta))
  const g = (k: number) => Math.exp(lnGamma(1 + delta + k) - lnGamma(gamma + delta + k))
  return front * (g(n) - g(n + m))
}

/**
 * Expected transactions in the first `n` opportunities of a newly acquired customer (Fader,
 * Hardie & Shang 2010, E[X(n)]): α/(α+β) · δ/(γ−1) · [1 − Γ(γ+δ)/Γ(γ+δ+n) · Γ(1+δ+n)/Γ(1+δ)].
 *
 * @example
 * ```ts
 * import { BetaGeoBetaBinom } from "@cxkit/metrics"
 *
 * const e = BetaGeoBetaBinom.expectedPurchasesNewCustomer({ alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }, 6)
 * console.log(e > 0) // true
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const expectedPurchasesNewCustomer = (params: Params, n: number): number => {
  const { alpha, beta, gamma, delta } = positiveParams("params", params, NAMES)
  count("n", n)
  return (alpha / (alpha + beta)) * aliveSum(gamma, delta, 0, n)
}

// P(X(n) = x) of a new customer (FHS 2010): C(n,x) B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
// + Σ_{i=x}^{n−1} C(i,x) B(α+x, β+i−x)/B(α,β) · B(γ+1, δ+i)/B(γ,δ).
const probabilityNew = (alpha: number, beta: number, gamma: number, delta: number, n: number, x: number) => {
  if (x > n) return 0
  const lnChoose = (m: number, k: number) => lnGamma(m + 1) - lnGamma(k + 1) - lnGamma(m - k + 1)
  const base = -lnBeta(alpha, beta) - lnBeta(gamma, delta)
  let p = Math.exp(base + lnChoose(n, x) + lnBeta(alpha + x, beta + n - x) + lnBeta(gamma, delta + n))
  for (let i = x; i < n; i++) {
    p += Math.exp(base + lnChoose(i, x) + lnBeta(alpha + x, beta + i - x) + lnBeta(gamma + 1, delta + i))
  }
  return p
}

/**
 * Probability of exactly `x` transactions in `n` opportunities: for a newly acquired customer
 * (Fader, Hardie & Shang 2010, P(X(n) = x)):
 * C(n,x) B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
 * + Σ_{i=x}^{n−1} C(i,x) B(α+x, β+i−x)/B(α,β) · B(γ+1, δ+i)/B(γ,δ);
 * or, given `customer`, in the `n` opportunities after their last one (P(X(m, m+n) = x | x', t_x',
 * m)). A customer alive after opportunity m has the posterior p ~ Beta(α+x', β+m−x'),
 * θ ~ Beta(γ, δ+m) and transacts from then on as a new customer with those parameters, so the
 * conditional probability is P(alive at m) · P_new(x) + (1 − P(alive at m)) · [x = 0], with
 * P(alive at m) = B(α+x', β+m−x')/B(α,β) · B(γ, δ+m)/B(γ,δ) / L. Its mean is `expectedPurchases`.
 *
 * @example
 * ```ts
 * import { BetaGeoBetaBinom } from "@cxkit/metrics"
 *
 * const params = { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }
 * console.log(BetaGeoBetaBinom.probabilityOfPurchases(params, 6, 0).toFixed(3)) // "0.311"
 * // A donor who gave in 3 of 6 years, last in year 4: P(no gift in the next 5 years)
 * console.log(BetaGeoBetaBinom.probabilityOfPurchases(params, 5, 0, { frequency: 3, recency: 4, periods: 6 }).toFixed(3)) // "0.604"
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const probabilityOfPurchases = (
  params: Params,
  n: number,
  x: number,
  customer?: { readonly frequency: number; readonly recency: number; readonly periods: number }
): number => {
  const { alpha, beta, gamma, delta } = positiveParams("params", params, NAMES)
  count("n", n)
  count("x", x)
  if (customer === undefined) return probabilityNew(alpha, beta, gamma, delta, n, x)
  const h = validRow("customer", customer)
  const alive = Math.exp(
    lnBeta(alpha + h.x, beta + h.n - h.x) -
      lnBeta(alpha, beta) +
      lnBeta(gamma, delta + h.n) -
      lnBeta(gamma, delta) -
      rowLogLikelihood(alpha, beta, gamma, delta, h.x, h.tx, h.n)
  )
  const future = alive * probabilityNew(alpha + h.x, beta + h.n - h.x, gamma, delta + h.n, n, x)
  return x === 0 ? future + (1 - alive) : future
}
