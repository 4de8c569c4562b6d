/**
 * The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV: Using
 * Iso-Value Curves for Customer Base Analysis", Journal of Marketing Research 42(4), 415–430;
 * Fader & Hardie 2013, "The Gamma-Gamma Model of Monetary Value", brucehardie.com note 025).
 * A customer's transaction values are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers
 * (γ is called `v` here, as in `lifetimes`).
 *
 * ## When to use
 * Fit on the repeat buyers (frequency > 0) with their mean repeat transaction value; combine
 * with a purchase model (BG/NBD, Pareto/NBD) in `Ltv.customerLifetimeValue`. The model assumes
 * spend is independent of the purchase process: check that frequency and mean spend are not
 * strongly correlated first.
 *
 * @module
 * @since 0.1.0
 */
import * as Model from "./internal/model.ts"
import * as Special from "./internal/special.ts"
import { count, invalid, positive, positiveParams, weight as validWeight } from "./internal/validate.ts"

// Imported functions bound once: under vitest's module runner every access to an imported name is a
// getter call, which would dominate these inner loops.
const { lnGamma } = Special

/**
 * Gamma-Gamma parameters p, q and v (γ in the papers).
 *
 * @since 0.1.0
 * @category models
 */
export interface Params {
  readonly p: number
  readonly q: number
  readonly v: number
}

/**
 * A repeat buyer: number of repeat transactions (x ≥ 1), their mean value (z̄ > 0), optional
 * `weight`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Row {
  readonly frequency: number
  readonly monetaryValue: number
  readonly weight?: number | undefined
}

/**
 * A fitted spend model: parameters, log-likelihood at the maximum, standard errors (always
 * finite), the number of customers and the optimiser's iterations; the same shape for every model.
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

const NAMES = ["p", "q", "v"] as const

interface Data {
  readonly x: Float64Array
  /** Index of each row's frequency in `distinctX` (ln Γ terms depend on x only). */
  readonly xIndex: Int32Array
  readonly distinctX: Float64Array
  readonly lnX: Float64Array
  readonly lnZ: Float64Array
  readonly xz: Float64Array
  readonly w: Float64Array
  readonly totalWeight: number
  readonly meanZ: number
}

const prepare = (rows: Iterable<Row>): Data => {
  const x: Array<number> = []
  const z: Array<number> = []
  const w: Array<number> = []
  let i = 0
  for (const row of rows) {
    const field = `rows[${i}]`
    const frequency = count(`${field}.frequency`, row.frequency)
    if (frequency < 1) invalid(`${field}.frequency`, frequency, "≥ 1 (fit Gamma-Gamma on repeat buyers only)")
    const value = positive(`${field}.monetaryValue`, row.monetaryValue)
    const weight = validWeight(`${field}.weight`, row.weight)
    i++
    if (weight === 0) continue
    x.push(frequency)
    z.push(value)
    w.push(weight)
  }
  if (x.length === 0)
    invalid("rows", i === 0 ? [] : "all weights 0", "at least one row with a positive weight")
  let totalWeight = 0
  let sumZ = 0
  for (let k = 0; k < x.length; k++) {
    totalWeight += w[k] as number
    sumZ += (w[k] as number) * (z[k] as number)
  }
  const distinct = [...new Set(x)].sort((a, b) => a - b)
  const position = new Map(distinct.map((v, k) => [v, k]))
  return {
    xIndex: Int32Array.from(x, (v) => position.get(v) as number),
    distinctX: Float64Array.from(distinct),
    x: Float64Array.from(x),
    lnX: Float64Array.from(x, Math.log),
    lnZ: Float64Array.from(z, Math.log),
    xz: Float64Array.from(x, (v, k) => v * (z[k] as number)),
    w: Float64Array.from(w),
    totalWeight,
    meanZ: sumZ / totalWeight
  }
}

// ln f(z̄ | p, q, γ; x) = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln z̄ + px ln x
//                        − (px+q) ln(γ + x z̄)   (Fader & Hardie 2013 note 025, the
//                        marginal density of z̄).
const dataLogLikelihood = (data: Data, p: number, q: number, v: number): number => {
  const lgq = lnGamma(q)
  const qlnv = q * Math.log(v)
  const table = new Float64Array(data.distinctX.length)
  for (let j = 0; j < table.length; j++) {
    const px = p * (data.distinctX[j] as number)
    table[j] = lnGamma(px + q) - lnGamma(px) - lgq + qlnv
  }
  let sum = 0
  for (let i = 0; i < data.x.length; i++) {
    const px = p * (data.x[i] as number)
    const ll =
      (table[data.xIndex[i] as number] as number) +
      (px - 1) * (data.lnZ[i] as number) +
      px * (data.lnX[i] as number) -
      (px + q) * Math.log(v + (data.xz[i] as number))
    sum += (data.w[i] as number) * ll
  }
  return sum
}

/**
 * Log-likelihood of repeat buyers' mean spend (Fader & Hardie 2013 note 025, the
//                        marginal density of z̄).
 *
 * @example
 * ```ts
 * import { GammaGamma } from "@cxkit/metrics"
 *
 * const ll = GammaGamma.logLikelihood({ p: 6.25, q: 3.74, v: 15.44 }, [{ frequency: 2, monetaryValue: 22.35 }])
 * console.log(ll < 0) // true
 * ```
 *
 * @since 0.1.0
 * @category fitting
 */
export const logLikelihood = (params: Params, rows: Iterable<Row>): number => {
  const { p, q, v } = positiveParams("params", params, NAMES)
  return dataLogLikelihood(prepare(rows), p, q, v)
}

/**
 * Maximum-likelihood fit on repeat buyers (frequency ≥ 1, monetaryValue > 0). Throws
 * MetricError for a row with frequency 0 or a non-positive value (`InvalidInput`, naming the
 * row) and `NotConverged` when the fit has no interior maximum: in particular when the mean
 * spend varies between customers no more than within them (q → ∞; the error says so and
 * suggests the plain mean spend or `options.penalty`).
 *
 * @example
 * ```ts
 * import { GammaGamma } from "@cxkit/metrics"
 *
 * // 120 repeat buyers: 12 patterns of (repeat transactions, mean value), 10 customers each.
 * const patterns: Array<[number, number]> = [[3, 49], [3, 56], [1, 17], [5, 25], [3, 33], [3, 37], [2, 16], [5, 17], [5, 26], [5, 48], [4, 69], [3, 22]]
 * const fit = GammaGamma.fit(patterns.map(([frequency, monetaryValue]) => ({ frequency, monetaryValue, weight: 10 })))
 * console.log(fit.params.p.toFixed(2), fit.params.q.toFixed(2), fit.params.v.toFixed(2)) // "5.92" "6.43" "32.50"
 * ```
 *
 * @since 0.1.0
 * @category fitting
 */
export const fit = (rows: Iterable<Row>, options?: FitOptions): Fit => {
  const data = prepare(rows)
  return Model.fitModel<Params>(
    {
      label: "GammaGamma.fit",
      names: NAMES,
      // Start: p = 1, q = 2 and v matching the mean spend E[Z] = pv/(q−1).
      start: [1, 2, data.meanZ],
      customers: data.totalWeight,
      logLikelihood: (v) => dataLogLikelihood(data, v[0] as number, v[1] as number, v[2] as number),
      limits: [
        Model.gammaLimit<Params>(
          "q",
          "spend per transaction",
          ({ p, q, v }) =>
            `Use one mean spend per transaction for every customer (p·v/(q − 1) ≈ ${((p * v) / (q - 1)).toFixed(2)})`
        ),
        // p → ∞: the spread of z̄ does not shrink with x as Gamma(p) transactions imply.
        Model.gammaLimit<Params>(
          "p",
          "transaction values (the spread of mean spend does not shrink with the number of transactions)",
          () => "Fit on more repeat buyers, or use each customer's own mean spend",
          true
        )
      ]
    },
    options
  )
}

/**
 * Expected mean transaction value of a customer with `frequency` repeat transactions averaging
 * `monetaryValue` (Fader, Hardie & Lee 2005, JMR, conditional expectation of spend; Fader & Hardie 2013 note 025):
 * E(Z | p, q, γ, z̄, x) = (q−1)/(px+q−1) · γp/(q−1) + px/(px+q−1) · z̄ = p(γ + x z̄)/(px + q − 1).
 * With frequency 0 it is the population mean γp/(q−1) (requires q > 1).
 *
 * @example
 * ```ts
 * import { GammaGamma } from "@cxkit/metrics"
 *
 * const value = GammaGamma.expectedAverageValue({ p: 6.25, q: 3.74, v: 15.44 }, { frequency: 2, monetaryValue: 22.35 })
 * console.log(value.toFixed(2)) // "24.66"
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const expectedAverageValue = (
  params: Params,
  customer: { readonly frequency: number; readonly monetaryValue: number }
): number => {
  const { p, q, v } = positiveParams("params", params, NAMES)
  const x = count("customer.frequency", customer.frequency)
  if (x === 0) {
    if (!(q > 1)) invalid("params.q", q, "> 1 for a population mean spend")
    return (v * p) / (q - 1)
  }
  const z = positive("customer.monetaryValue", customer.monetaryValue)
  const denominator = p * x + q - 1
  if (!(denominator > 0)) invalid("params", params, "such that p·x + q > 1")
  return (p * (v + x * z)) / denominator
}
