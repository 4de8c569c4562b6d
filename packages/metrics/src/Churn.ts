/**
 * Customer churn for a period: how many customers were active at its start and end, how many
 * were new, churned or came back, and the churn rate under an explicit denominator convention.
 *
 * Input is either subscriptions (a flat `{ customerId, start, end? }` or a `@cxkit/core`
 * `Subscription` with its `periods`) or dated lifecycle events (`{ customerId, at | timestamp,
 * stage }`, e.g. `@cxkit/core` `Lifecycle.StageEvent`).
 *
 * Timing convention: subscriptions and periods are half-open, `[start, end)`, and a change
 * belongs to the period containing its instant. A subscription ending at 2024-02-01T00:00Z
 * churns in February; one starting at 2024-01-01T00:00Z is new in January. The customers "at
 * the start" of a period are those active just before it, i.e. at the end of the previous period,
 * so consecutive periods chain exactly.
 *
 * @module
 * @since 0.1.0
 */

import * as Subscriptions from "./internal/subscriptions.ts"
import { DAY, indexOf, PERIODS, startOf } from "./internal/time.ts"
import * as V from "./internal/validate.ts"
import type { Period as CalendarPeriod, Instant } from "./Period.ts"

/**
 * A subscription: flat (`start`, optional `end`, optional `monthlyRecurringRevenue`) or a
 * `@cxkit/core` `Subscription` (`periods`). `end` is exclusive; absent (or `null`) while open.
 *
 * @since 0.1.0
 * @category models
 */
export type SubscriptionInput = Subscriptions.SubscriptionInput

/**
 * A dated lifecycle stage change. `at` or `timestamp` (as in `@cxkit/core` `Lifecycle.StageEvent`).
 *
 * @since 0.1.0
 * @category models
 */
export type LifecycleEventInput =
  | { readonly customerId: string; readonly at: Instant; readonly stage: string }
  | { readonly customerId: string; readonly timestamp: Instant; readonly stage: string }

/**
 * What the churn count is divided by.
 *
 * - `"start"` (default, the most common convention): customers churned among those active at
 *   the start ÷ customers active at the start. Customers acquired during the period are in
 *   neither numerator nor denominator, so the rate is a proportion in [0, 1] (1 − the period's
 *   customer retention rate).
 * - `"average"`: all customers churned in the period ÷ the mean of the start and end counts.
 *   Counts churn of customers acquired in the period; can exceed 1 when acquisition is heavy.
 * - `"customer-days"`: all customers churned ÷ customer-days of activity in the period: a hazard
 *   rate per customer-day, comparable across periods of different lengths and growth rates
 *   (multiply by 30.4375 for a monthly rate).
 *
 * @since 0.1.0
 * @category models
 */
export type Denominator = "start" | "average" | "customer-days"

const DENOMINATORS: ReadonlyArray<Denominator> = ["start", "average", "customer-days"]

/**
 * Options of {@link fromSubscriptions} and {@link fromLifecycle}.
 *
 * @since 0.1.0
 * @category models
 */
export interface PeriodOptions {
  /** First instant of the period (inclusive). */
  readonly start: Instant
  /** End of the period (exclusive): customers active at this instant are retained. */
  readonly end: Instant
  readonly denominator?: Denominator | undefined
}

/**
 * Customer counts and churn rate for one period. Identity:
 * `customersAtEnd = customersAtStart + new + reactivated − churned`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ChurnRate {
  /** Period start and end, epoch milliseconds. */
  readonly start: number
  readonly end: number
  readonly denominator: Denominator
  readonly customersAtStart: number
  readonly customersAtEnd: number
  /** Customers whose first ever activity begins in the period. */
  readonly new: number
  /** Customers active before the period, inactive at its start, active again during it. */
  readonly reactivated: number
  /** Customers active at some time in the period (or just before it) and not at its end. */
  readonly churned: number
  /** Of the customers active at the start, those not active at the end. */
  readonly churnedFromStart: number
  /** Days of activity within the period, summed over customers. */
  readonly customerDays: number
  /** Churn rate under `denominator`; `undefined` when the denominator is 0. */
  readonly rate: number | undefined
}

/**
 * Churn for a period from subscriptions. A customer with several subscriptions is active while
 * any is; back-to-back subscriptions (a plan change) are not churn. A customer who leaves and
 * comes back within the same period counts as neither churned nor reactivated.
 *
 * Throws `MetricError` for an empty customer id, an unparseable instant, a subscription or period
 * that ends before it starts, or an unknown denominator.
 *
 * @example
 * ```ts
 * import { Churn } from "@cxkit/metrics"
 *
 * const january = Churn.fromSubscriptions(
 *   [
 *     { customerId: "a", start: "2024-01-01T00:00:00Z" },
 *     { customerId: "b", start: "2023-11-01T00:00:00Z", end: "2024-01-20T00:00:00Z" },
 *     { customerId: "c", start: "2023-12-01T00:00:00Z" },
 *     { customerId: "d", start: "2023-12-15T00:00:00Z" }
 *   ],
 *   { start: "2024-01-01T00:00:00Z", end: "2024-02-01T00:00:00Z" }
 * )
 * console.log(january.customersAtStart, january.churned, january.new) // 3 1 1
 * console.log(january.rate?.toFixed(3)) // "0.333"
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const fromSubscriptions = (
  subscriptions: Iterable<SubscriptionInput>,
  options: PeriodOptions
): ChurnRate => {
  const period = checkPeriod(options)
  return compute(byCustomer(Subscriptions.subscriptionSpans(subscriptions)), period)
}

/**
 * The lifecycle stages in which a customer counts as active by default: `customer`,
 * `evangelist`, `at-risk` (still subscribed, flagged) and `reactivated`. Every other stage
 * (`churned`, the pre-purchase funnel stages, `other`) counts as inactive.
 *
 * @example
 * ```ts
 * import { Churn } from "@cxkit/metrics"
 *
 * // Count "at-risk" customers as churned already:
 * const activeStages = Churn.defaultActiveStages.filter((stage) => stage !== "at-risk")
 * console.log(activeStages) // ["customer", "evangelist", "reactivated"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const defaultActiveStages: ReadonlyArray<string> = ["customer", "evangelist", "at-risk", "reactivated"]

/**
 * Churn for a period from dated lifecycle stage changes: a customer is active from an event
 * entering an active stage until an event entering an inactive one (see
 * {@link defaultActiveStages}; `activeStages` overrides it).
 *
 * Throws `MetricError` also when one customer has two events at the same instant that disagree on
 * whether it is active (the order would be a guess).
 *
 * @example
 * ```ts
 * import { Churn } from "@cxkit/metrics"
 *
 * const q1 = Churn.fromLifecycle(
 *   [
 *     { customerId: "a", at: "2023-10-01T00:00:00Z", stage: "customer" },
 *     { customerId: "a", at: "2024-02-10T00:00:00Z", stage: "churned" },
 *     { customerId: "b", at: "2023-12-01T00:00:00Z", stage: "customer" }
 *   ],
 *   { start: "2024-01-01T00:00:00Z", end: "2024-04-01T00:00:00Z", denominator: "start" }
 * )
 * console.log(q1.rate) // 0.5
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const fromLifecycle = (
  events: Iterable<LifecycleEventInput>,
  options: PeriodOptions & { readonly activeStages?: ReadonlyArray<string> | undefined }
): ChurnRate => {
  const period = checkPeriod(options)
  return compute(lifecycleIntervals(events, options.activeStages ?? defaultActiveStages), period)
}

/**
 * Churn for consecutive calendar periods (e.g. every month of a year), from subscriptions.
 * `from` and `to` are instants; every period overlapping [from, to) is reported, whole.
 *
 * @example
 * ```ts
 * import { Churn } from "@cxkit/metrics"
 *
 * const months = Churn.series(
 *   [{ customerId: "a", start: "2024-01-01T00:00:00Z", end: "2024-03-05T00:00:00Z" }],
 *   { from: "2024-01-01T00:00:00Z", to: "2024-04-01T00:00:00Z", granularity: "month" }
 * )
 * console.log(months.map((m) => m.churned)) // [0, 0, 1]
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const series = (
  subscriptions: Iterable<SubscriptionInput>,
  options: {
    readonly from: Instant
    readonly to: Instant
    readonly granularity: CalendarPeriod
    readonly denominator?: Denominator | undefined
  }
): ReadonlyArray<ChurnRate> => {
  const from = V.instant("options.from", options.from)
  const to = V.instant("options.to", options.to)
  if (!(to > from))
    V.invalid("options.to", options.to, `after options.from (${new Date(from).toISOString()})`)
  const denominator = denominatorOf(options.denominator)
  const customers = byCustomer(Subscriptions.subscriptionSpans(subscriptions))
  const granularity = V.oneOf("options.granularity", options.granularity, PERIODS)
  const first = indexOf(from, granularity)
  const last = indexOf(to - 1, granularity)
  const out: Array<ChurnRate> = []
  for (let p = first; p <= last; p++) {
    const start = startOf(p, granularity)
    const end = startOf(p + 1, granularity)
    out.push(compute(customers, { start, end, denominator }))
  }
  return out
}

/**
 * The counts of one period, as a warehouse query (or any other store) produces them: the input of
 * {@link fromCounts}. `start` and `end` are instants (epoch milliseconds, ISO strings or `Date`s).
 *
 * @since 0.1.0
 * @category models
 */
export interface Counts {
  readonly start: Instant
  readonly end: Instant
  readonly denominator?: Denominator | undefined
  readonly customersAtStart: number
  readonly customersAtEnd: number
  readonly new: number
  readonly reactivated: number
  readonly churned: number
  readonly churnedFromStart: number
  readonly customerDays: number
}

/**
 * A period's churn from its counts, with the rate under the denominator convention: what
 * `@cxkit/metrics-sql`'s `SqlChurn` builds from the counts its query returns, and the way to bring
 * counts kept elsewhere into cxkit. Equal to {@link fromSubscriptions} of the subscriptions the
 * counts were taken from.
 *
 * Throws `MetricError` for a count that is not an integer ≥ 0 (`customerDays` a finite number ≥ 0),
 * counts that break the identity `customersAtEnd = customersAtStart + new + reactivated − churned`,
 * `churnedFromStart` above `customersAtStart` or `churned`, a period that ends before it starts, or
 * an unknown denominator.
 *
 * @example
 * ```ts
 * import { Churn } from "@cxkit/metrics"
 *
 * const march = Churn.fromCounts({
 *   start: "2024-03-01T00:00:00Z",
 *   end: "2024-04-01T00:00:00Z",
 *   customersAtStart: 200,
 *   customersAtEnd: 205,
 *   new: 20,
 *   reactivated: 3,
 *   churned: 18,
 *   churnedFromStart: 16,
 *   customerDays: 6_250
 * })
 * console.log(march.rate) // 0.08
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromCounts = (counts: Counts): ChurnRate => {
  const { start, end, denominator } = checkPeriod(counts, "counts")
  const customersAtStart = V.count("counts.customersAtStart", counts.customersAtStart)
  const customersAtEnd = V.count("counts.customersAtEnd", counts.customersAtEnd)
  const added = V.count("counts.new", counts.new)
  const reactivated = V.count("counts.reactivated", counts.reactivated)
  const churned = V.count("counts.churned", counts.churned)
  const churnedFromStart = V.count("counts.churnedFromStart", counts.churnedFromStart)
  const customerDays = V.nonNegative("counts.customerDays", counts.customerDays)
  const identity = customersAtStart + added + reactivated - churned
  if (customersAtEnd !== identity)
    V.invalid(
      "counts.customersAtEnd",
      customersAtEnd,
      `customersAtStart + new + reactivated − churned (${identity})`
    )
  const most = Math.min(customersAtStart, churned)
  if (churnedFromStart > most)
    V.invalid("counts.churnedFromStart", churnedFromStart, `at most customersAtStart and churned (${most})`)
  return {
    start,
    end,
    denominator,
    customersAtStart,
    customersAtEnd,
    new: added,
    reactivated,
    churned,
    churnedFromStart,
    customerDays,
    rate: rateOf(denominator, customersAtStart, customersAtEnd, churned, churnedFromStart, customerDays)
  }
}

interface Period {
  readonly start: number
  readonly end: number
  readonly denominator: Denominator
}

const denominatorOf = (value: unknown, field = "options.denominator"): Denominator =>
  value === undefined ? "start" : V.oneOf(field, value, DENOMINATORS)

const checkPeriod = (options: PeriodOptions, field = "options"): Period => {
  const start = V.instant(`${field}.start`, options.start)
  const end = V.instant(`${field}.end`, options.end)
  if (!(end > start))
    V.invalid(`${field}.end`, options.end, `after ${field}.start (${new Date(start).toISOString()})`)
  return { start, end, denominator: denominatorOf(options.denominator, `${field}.denominator`) }
}

type Interval = readonly [number, number]

/** Union of each customer's spans as sorted, disjoint, non-adjacent intervals. */
const byCustomer = (spans: ReadonlyArray<Subscriptions.Span>): Map<string, Array<Interval>> => {
  const raw = new Map<string, Array<Interval>>()
  for (const s of spans) {
    const list = raw.get(s.customerId)
    if (list === undefined) raw.set(s.customerId, [[s.start, s.end]])
    else list.push([s.start, s.end])
  }
  const out = new Map<string, Array<Interval>>()
  for (const [id, list] of raw) out.set(id, merge(list))
  return out
}

const merge = (list: Array<Interval>): Array<Interval> => {
  list.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const out: Array<[number, number]> = []
  for (const [s, e] of list) {
    const last = out.at(-1)
    if (last !== undefined && s <= last[1]) last[1] = Math.max(last[1], e)
    else out.push([s, e])
  }
  return out
}

/** Active just before instant t (so a change at t belongs to the period containing t). */
const activeBefore = (intervals: ReadonlyArray<Interval>, t: number): boolean =>
  intervals.some(([s, e]) => s < t && t <= e)

const compute = (customers: Map<string, Array<Interval>>, { start, end, denominator }: Period): ChurnRate => {
  let atStart = 0
  let atEnd = 0
  let added = 0
  let reactivated = 0
  let churned = 0
  let churnedFromStart = 0
  let exposure = 0
  for (const intervals of customers.values()) {
    const first = intervals[0]
    if (first === undefined) continue
    const activeStart = activeBefore(intervals, start)
    const activeEnd = activeBefore(intervals, end)
    let overlap = 0
    let startsInside = false
    for (const [s, e] of intervals) {
      const o = Math.min(e, end) - Math.max(s, start)
      if (o > 0) overlap += o
      if (s >= start && s < end) startsInside = true
    }
    const activeDuring = activeStart || startsInside
    if (activeStart) atStart++
    if (activeEnd) atEnd++
    if (first[0] >= start && first[0] < end) added++
    else if (first[0] < start && !activeStart && startsInside) reactivated++
    if (activeDuring && !activeEnd) churned++
    if (activeStart && !activeEnd) churnedFromStart++
    exposure += overlap
  }
  const customerDays = exposure / DAY
  return {
    start,
    end,
    denominator,
    customersAtStart: atStart,
    customersAtEnd: atEnd,
    new: added,
    reactivated,
    churned,
    churnedFromStart,
    customerDays,
    rate: rateOf(denominator, atStart, atEnd, churned, churnedFromStart, customerDays)
  }
}

/** The churn rate under a denominator convention (see {@link Denominator}); `undefined` over 0. */
const rateOf = (
  denominator: Denominator,
  atStart: number,
  atEnd: number,
  churned: number,
  churnedFromStart: number,
  customerDays: number
): number | undefined => {
  const average = (atStart + atEnd) / 2
  return denominator === "start"
    ? atStart > 0
      ? churnedFromStart / atStart
      : undefined
    : denominator === "average"
      ? average > 0
        ? churned / average
        : undefined
      : customerDays > 0
        ? churned / customerDays
        : undefined
}

const lifecycleIntervals = (
  events: Iterable<LifecycleEventInput>,
  activeStages: ReadonlyArray<string>
): Map<string, Array<Interval>> => {
  const active = new Set(activeStages)
  const perCustomer = new Map<string, Array<{ at: number; active: boolean; index: number }>>()
  let i = 0
  for (const event of events) {
    const f = `events[${i}]`
    const customerId = V.nonEmptyString(`${f}.customerId`, event.customerId)
    const at = "at" in event ? V.instant(`${f}.at`, event.at) : V.instant(`${f}.timestamp`, event.timestamp)
    const stage = V.nonEmptyString(`${f}.stage`, event.stage)
    const list = perCustomer.get(customerId)
    const entry = { at, active: active.has(stage), index: i }
    if (list === undefined) perCustomer.set(customerId, [entry])
    else list.push(entry)
    i++
  }
  const out = new Map<string, Array<Interval>>()
  for (const [id, list] of perCustomer) {
    list.sort((a, b) => a.at - b.at || a.index - b.index)
    const intervals: Array<Interval> = []
    let openedAt: number | undefined
    for (let k = 0; k < list.length; k++) {
      const e = list[k] as (typeof list)[number]
      const next = list[k + 1]
      if (next !== undefined && next.at === e.at && next.active !== e.active)
        V.invalid(
          `events[${next.index}].at`,
          new Date(e.at).toISOString(),
          `a different instant from events[${e.index}] of the same customer (one enters an active stage, the other an inactive one)`
        )
      if (e.active && openedAt === undefined) openedAt = e.at
      else if (!e.active && openedAt !== undefined) {
        if (e.at > openedAt) intervals.push([openedAt, e.at])
        openedAt = undefined
      }
    }
    if (openedAt !== undefined) intervals.push([openedAt, Number.POSITIVE_INFINITY])
    out.set(id, merge(intervals))
  }
  return out
}
