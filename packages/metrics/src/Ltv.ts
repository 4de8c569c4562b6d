/**
 * Customer lifetime value: the discounted value of a customer's expected future purchases
 * from a purchase model (BG/NBD, Pareto/NBD, BG/BB) times a spend model (Gamma-Gamma), and the
 * simple formulas for quick estimates.
 *
 * ## Time units
 * Purchase models are fitted in the period of the data (`Rfm` `period`, e.g. weeks). Cash
 * flows are discounted per `discountPeriod` (e.g. month) at `discountRate` per discount period.
 * Each discount step spans Period.days[discountPeriod] / Period.days[dataPeriod] data
 * periods (30.4375 / 7 ≈ 4.348 weeks per month), or `periodsPerStep` when given (lifetimes
 * uses 4.345 weeks, 30 days per month).
 *
 * @module
 * @since 0.1.0
 */
import { finite, invalid, nonNegative, positive } from "./internal/validate.ts"
import { days as daysPerPeriod, type Period } from "./Period.ts"

/**
 * Options of `customerLifetimeValue`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Cumulative expected purchases in (0, t], t in data periods (a fitted model's conditional expectation). */
  readonly expectedPurchases: (t: number) => number
  /** Expected value of one purchase (e.g. `GammaGamma.expectedAverageValue`, or a margin). */
  readonly averageValue: number
  /** Number of discount periods to sum (e.g. 12 months). */
  readonly horizon: number
  /** Discount rate per discount period (e.g. 0.01 per month). */
  readonly discountRate: number
  /** Time unit the purchase model was fitted in. */
  readonly dataPeriod: Period
  /** Time unit of the horizon and the discount rate; default "month". */
  readonly discountPeriod?: Period | undefined
  /** Data periods per discount period; overrides the ratio of `dataPeriod` and `discountPeriod`. */
  readonly periodsPerStep?: number | undefined
}

/**
 * Discounted customer lifetime value over a horizon, as lifetimes' `customer_lifetime_value`:
 * CLV = Σ_{k=1}^{H} value · [E(X(k·s)) − E(X((k−1)·s))] / (1 + d)^k, with s data periods per
 * discount period, i.e. purchases expected during step k discounted to the present at the end
 * of step k (Fader, Hardie & Lee 2005 JMR §"CLV" use continuous discounting; this discrete
 * monthly form is the one of lifetimes and of most practice).
 *
 * @example
 * ```ts
 * import { BetaGeo, Ltv } from "@cxkit/metrics"
 *
 * const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }
 * const customer = { frequency: 2, recency: 30.43, T: 38.86 }
 * const clv = Ltv.customerLifetimeValue({
 *   expectedPurchases: (t) => BetaGeo.expectedPurchases(params, t, customer),
 *   averageValue: 24.66,
 *   horizon: 12,
 *   discountRate: 0.01,
 *   dataPeriod: "week"
 * })
 * console.log(clv > 0) // true
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const customerLifetimeValue = (options: Options): number => {
  const averageValue = finite("options.averageValue", options.averageValue)
  const horizon = nonNegative("options.horizon", options.horizon)
  if (!Number.isInteger(horizon)) invalid("options.horizon", horizon, "a whole number of discount periods")
  const rate = nonNegative("options.discountRate", options.discountRate)
  const dataDays = daysPerPeriod[options.dataPeriod]
  if (dataDays === undefined)
    invalid("options.dataPeriod", options.dataPeriod, "one of day, week, month, quarter, year")
  const discountPeriod = options.discountPeriod ?? "month"
  const discountDays = daysPerPeriod[discountPeriod]
  if (discountDays === undefined) {
    invalid("options.discountPeriod", discountPeriod, "one of day, week, month, quarter, year")
  }
  const step =
    options.periodsPerStep === undefined
      ? discountDays / dataDays
      : positive("options.periodsPerStep", options.periodsPerStep)
  let clv = 0
  let previous = 0
  for (let k = 1; k <= horizon; k++) {
    const cumulative = options.expectedPurchases(k * step)
    if (!Number.isFinite(cumulative))
      invalid(`options.expectedPurchases(${k * step})`, cumulative, "a finite number")
    clv += (averageValue * (cumulative - previous)) / (1 + rate) ** k
    previous = cumulative
  }
  return clv
}

/**
 * The margin multiple r / (1 + d − r) of a customer retained with probability r per period, each
 * period's margin received at its end and discounted at d (Gupta & Lehmann 2003, "Customers as
 * Assets", Journal of Interactive Marketing 17(1), 9–24). Multiply by the margin per period.
 *
 * @example
 * ```ts
 * import { Ltv } from "@cxkit/metrics"
 *
 * console.log(Ltv.marginMultiple({ retentionRate: 0.8, discountRate: 0.12 }).toFixed(3)) // "2.500"
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const marginMultiple = (options: {
  readonly retentionRate: number
  readonly discountRate: number
}): number => {
  const r = nonNegative("options.retentionRate", options.retentionRate)
  if (!(r < 1)) invalid("options.retentionRate", r, "a probability in [0, 1)")
  const d = nonNegative("options.discountRate", options.discountRate)
  return r / (1 + d - r)
}

/**
 * Quick CLV from a per-period margin and retention: margin × r / (1 + d − r) (Gupta & Lehmann
 * 2003; infinite horizon, constant margin and retention).
 *
 * @example
 * ```ts
 * import { Ltv } from "@cxkit/metrics"
 *
 * console.log(Ltv.fromRetention({ margin: 100, retentionRate: 0.8, discountRate: 0.12 }).toFixed(1)) // "250.0"
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const fromRetention = (options: {
  readonly margin: number
  readonly retentionRate: number
  readonly discountRate: number
}): number => finite("options.margin", options.margin) * marginMultiple(options)

/**
 * The simplest estimate: average revenue per period × gross margin ÷ churn rate per period
 * (expected lifetime 1/churn periods; no discounting).
 *
 * @example
 * ```ts
 * import { Ltv } from "@cxkit/metrics"
 *
 * console.log(Ltv.simple({ averageRevenue: 50, grossMargin: 0.6, churnRate: 0.05 })) // 600
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const simple = (options: {
  readonly averageRevenue: number
  readonly grossMargin: number
  readonly churnRate: number
}): number => {
  const revenue = finite("options.averageRevenue", options.averageRevenue)
  const margin = finite("options.grossMargin", options.grossMargin)
  const churn = positive("options.churnRate", options.churnRate)
  if (churn > 1) invalid("options.churnRate", churn, "a probability in (0, 1]")
  return (revenue * margin) / churn
}
