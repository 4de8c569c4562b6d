/**
 * Revenue retention: revenue movements (new, expansion, contraction, churn, reactivation) per
 * period, from per-customer recurring revenue, and the ratios CX and finance teams report: gross
 * and net revenue churn, gross revenue retention (GRR) and net revenue retention (NRR).
 * `fromSubscriptions` turns subscriptions into the per-period rows both this module and the
 * cohort tables of `Cohort` read.
 *
 * Periods are integer indices of UTC calendar periods (month 0 = January 1970); the `Period`
 * module converts dates (`Period.index`, `Period.start`, `Period.label`).
 *
 * @module
 * @since 0.1.0
 */
import { type SubscriptionInput, subscriptionSpans } from "./internal/subscriptions.ts"
import { indexOf, PERIODS, startOf } from "./internal/time.ts"
import * as V from "./internal/validate.ts"
import type { Instant, Period } from "./Period.ts"

/**
 * Recurring revenue (MRR, ARR…) of one customer in one period. Several rows for the same
 * customer and period add up (e.g. several subscriptions).
 *
 * @since 0.1.0
 * @category models
 */
export interface RevenueRow {
  readonly customerId: string
  /** Integer period index (see `Period.index`). */
  readonly period: number
  /** Recurring revenue in the period, ≥ 0. */
  readonly revenue: number
}

/**
 * Recurring-revenue movements of one period, all as non-negative amounts:
 * ending = starting + new + reactivation + expansion − contraction − churn.
 *
 * @since 0.1.0
 * @category models
 */
export interface RevenueMovement {
  readonly period: number
  /** Recurring revenue at the end of the previous period. */
  readonly starting: number
  /** Revenue of customers with no revenue in any earlier period. */
  readonly new: number
  /** Revenue of customers with revenue in some earlier period but none in the previous one. */
  readonly reactivation: number
  /** Increases of customers with revenue in both periods. */
  readonly expansion: number
  /** Decreases (to a positive amount) of customers with revenue in both periods. */
  readonly contraction: number
  /** Previous-period revenue of customers with none in this period. */
  readonly churn: number
}

/**
 * Classifies period-over-period changes of each customer's recurring revenue into new,
 * reactivation, expansion, contraction and churn, for every period from the first to the last
 * that appears (gaps in between are included, with zero revenue).
 *
 * Throws `MetricError` for an empty customer id, a non-integer period or a negative, NaN or
 * infinite revenue, naming the row.
 *
 * @example
 * ```ts
 * import { Retention } from "@cxkit/metrics"
 *
 * const moves = Retention.movements([
 *   { customerId: "a", period: 0, revenue: 100 },
 *   { customerId: "b", period: 0, revenue: 50 },
 *   { customerId: "a", period: 1, revenue: 120 }
 * ])
 * console.log(moves[1]) // { period: 1, starting: 150, new: 0, reactivation: 0, expansion: 20, contraction: 0, churn: 50 }
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const movements = (rows: Iterable<RevenueRow>): ReadonlyArray<RevenueMovement> => {
  const byCustomer = new Map<string, Map<number, number>>()
  let first = Number.POSITIVE_INFINITY
  let last = Number.NEGATIVE_INFINITY
  let i = 0
  for (const row of rows) {
    const id = V.nonEmptyString(`rows[${i}].customerId`, row.customerId)
    const period = V.integerAtLeast(`rows[${i}].period`, row.period, Number.MIN_SAFE_INTEGER)
    const revenue = V.nonNegative(`rows[${i}].revenue`, row.revenue)
    let m = byCustomer.get(id)
    if (m === undefined) {
      m = new Map()
      byCustomer.set(id, m)
    }
    m.set(period, (m.get(period) ?? 0) + revenue)
    first = Math.min(first, period)
    last = Math.max(last, period)
    i++
  }
  if (i === 0) return []
  const out: Array<{ -readonly [K in keyof RevenueMovement]: RevenueMovement[K] }> = []
  for (let p = first; p <= last; p++) {
    out.push({ period: p, starting: 0, new: 0, reactivation: 0, expansion: 0, contraction: 0, churn: 0 })
  }
  // Sorted ids: floating-point sums then do not depend on the input order.
  for (const id of [...byCustomer.keys()].sort()) {
    const revenue = byCustomer.get(id) as Map<number, number>
    let seen = false
    let previous = 0
    for (let p = first; p <= last; p++) {
      const current = revenue.get(p) ?? 0
      const m = out[p - first] as (typeof out)[number]
      m.starting += previous
      if (previous === 0 && current > 0) {
        if (seen) m.reactivation += current
        else m.new += current
      } else if (previous > 0 && current === 0) m.churn += previous
      else if (current > previous) m.expansion += current - previous
      else if (current < previous) m.contraction += previous - current
      if (current > 0) seen = true
      previous = current
    }
  }
  return out
}

/**
 * How reactivated revenue enters net revenue retention.
 *
 * - `"new"` (default): like new business, left out of NRR (customers who were not paying at the
 *   start of the period are not part of the base being retained).
 * - `"expansion"`: counted with expansion, as some billing tools do.
 *
 * @since 0.1.0
 * @category models
 */
export type Reactivation = "new" | "expansion"

/**
 * Revenue churn and retention of one period. Ratios are `undefined` when the starting revenue
 * is 0 (nothing to retain).
 *
 * @since 0.1.0
 * @category models
 */
export interface RevenueRetention extends RevenueMovement {
  readonly ending: number
  /** (contraction + churn) / starting. */
  readonly grossRevenueChurn: number | undefined
  /** (contraction + churn − expansion) / starting; negative when expansion outweighs losses. */
  readonly netRevenueChurn: number | undefined
  /** GRR = (starting − contraction − churn) / starting = 1 − gross revenue churn; in [0, 1]. */
  readonly grossRevenueRetention: number | undefined
  /** NRR = (starting + expansion − contraction − churn) / starting = GRR + expansion / starting. */
  readonly netRevenueRetention: number | undefined
}

/**
 * Gross and net revenue churn and retention per period, from movements (or from per-customer
 * revenue rows, classified with {@link movements}). Definitions follow the usual SaaS metrics
 * conventions (e.g. KeyBanc Capital Markets SaaS survey; Bessemer "State of the Cloud"):
 * GRR = (start − contraction − churn)/start, NRR = (start + expansion − contraction − churn)/start,
 * so NRR = GRR + expansion/start and net revenue churn = 1 − NRR.
 *
 * @example
 * ```ts
 * import { Retention } from "@cxkit/metrics"
 *
 * const [q] = Retention.revenueRetention([
 *   { period: 1, starting: 1000, new: 200, reactivation: 0, expansion: 150, contraction: 50, churn: 100 }
 * ])
 * console.log(q?.grossRevenueRetention, q?.netRevenueRetention) // 0.85 1
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const revenueRetention = (
  input: Iterable<RevenueMovement>,
  options?: { readonly reactivation?: Reactivation | undefined }
): ReadonlyArray<RevenueRetention> => {
  const reactivation =
    options?.reactivation === undefined
      ? "new"
      : V.oneOf("options.reactivation", options.reactivation, ["new", "expansion"] as const)
  const out: Array<RevenueRetention> = []
  let i = 0
  for (const m of input) {
    const f = `movements[${i}]`
    const period = V.integerAtLeast(`${f}.period`, m.period, Number.MIN_SAFE_INTEGER)
    const starting = V.nonNegative(`${f}.starting`, m.starting)
    const added = V.nonNegative(`${f}.new`, m.new)
    const reactivated = V.nonNegative(`${f}.reactivation`, m.reactivation)
    const expansion = V.nonNegative(`${f}.expansion`, m.expansion)
    const contraction = V.nonNegative(`${f}.contraction`, m.contraction)
    const churn = V.nonNegative(`${f}.churn`, m.churn)
    // Relative slack: sums of the same amounts in a different order may differ in the last bit.
    if (contraction + churn > starting * (1 + 1e-12))
      V.invalid(`${f}.contraction + churn`, contraction + churn, `≤ starting revenue (${starting})`)
    const grown = expansion + (reactivation === "expansion" ? reactivated : 0)
    const ratio = (x: number) => (starting > 0 ? x / starting : undefined)
    out.push({
      period,
      starting,
      new: added,
      reactivation: reactivated,
      expansion,
      contraction,
      churn,
      ending: starting + added + reactivated + expansion - contraction - churn,
      grossRevenueChurn: ratio(contraction + churn),
      netRevenueChurn: ratio(contraction + churn - grown),
      grossRevenueRetention: ratio(starting - contraction - churn),
      netRevenueRetention: ratio(starting + grown - contraction - churn)
    })
    i++
  }
  return out
}

/**
 * Per-customer, per-period activity and recurring revenue from subscriptions (flat
 * `{ customerId, start, end?, monthlyRecurringRevenue? }` or `@cxkit/core` `Subscription`s),
 * ready for `Cohort.table` and {@link movements}. There is a row for every period that one of the
 * customer's subscriptions overlaps (before `until`). Revenue and `active` are end-of-period
 * snapshots (the usual MRR convention): the recurring revenue paid at the period's last instant,
 * and whether the customer is subscribed then. A customer who cancels mid-period has a row with
 * revenue 0 and `active: false` in that period, so its churn falls in that period and cohort tables
 * count it in its acquisition cohort but not as retained.
 *
 * `until` (the end of observation, exclusive) is required when a subscription is still open.
 *
 * @example
 * ```ts
 * import { Period, Retention } from "@cxkit/metrics"
 *
 * const rows = Retention.fromSubscriptions(
 *   [{ customerId: "a", start: "2024-01-10T00:00:00Z", end: "2024-03-05T00:00:00Z", monthlyRecurringRevenue: 30 }],
 *   { granularity: "month" }
 * )
 * console.log(rows.map((r) => [Period.label(r.period, "month"), r.revenue, r.active]))
 * // [["2024-01", 30, true], ["2024-02", 30, true], ["2024-03", 0, false]]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromSubscriptions = (
  subscriptions: Iterable<SubscriptionInput>,
  options: { readonly granularity: Period; readonly until?: Instant | undefined }
): ReadonlyArray<RevenueRow & { readonly active: boolean }> => {
  const granularity = V.oneOf("options.granularity", options.granularity, PERIODS)
  const until =
    options.until === undefined ? Number.POSITIVE_INFINITY : V.instant("options.until", options.until)
  const spans = subscriptionSpans(subscriptions)
  const cells = new Map<string, Map<number, Cell>>()
  spans.forEach((span) => {
    const stop = Math.min(span.end, until)
    if (stop === Number.POSITIVE_INFINITY)
      V.invalid(
        "options.until",
        options.until,
        `an instant (required while customer ${JSON.stringify(span.customerId)} has an open subscription)`
      )
    if (stop <= span.start) return
    let m = cells.get(span.customerId)
    if (m === undefined) {
      m = new Map()
      cells.set(span.customerId, m)
    }
    const first = indexOf(span.start, granularity)
    const last = indexOf(stop - 1, granularity)
    for (let p = first; p <= last; p++) {
      const snapshot = Math.min(startOf(p + 1, granularity), until) - 1
      const paying = span.start <= snapshot && snapshot < span.end
      const cell = m.get(p)
      m.set(p, {
        revenue: (cell?.revenue ?? 0) + (paying ? span.revenue : 0),
        active: (cell?.active ?? false) || paying
      })
    }
  })
  const out: Array<RevenueRow & { readonly active: boolean }> = []
  for (const id of [...cells.keys()].sort()) {
    const m = cells.get(id) as Map<number, Cell>
    for (const p of [...m.keys()].sort((a, b) => a - b)) {
      const cell = m.get(p) as Cell
      out.push({ customerId: id, period: p, revenue: cell.revenue, active: cell.active })
    }
  }
  return out
}

type Cell = { revenue: number; active: boolean }
