/**
 * Subscriptions: a customer's recurring plan as periods of constant monthly recurring revenue.
 * `startOf`, `endOf`, `isActiveAt`, `mrrAt` and `periodAt` answer the questions churn, retention and
 * revenue-retention metrics ask of them.
 *
 * @module
 * @since 0.1.0
 */
import { type DateTime, Schema } from "effect"
import { CustomerId } from "./Customer.ts"
import { Currency } from "./Order.ts"
import { Timestamp } from "./Timestamp.ts"

/**
 * A span of a subscription at one recurring revenue (monthly, in `currency`). A change of plan
 * or seats starts a new period. `end` is absent while the period is current.
 *
 * @example
 * ```ts
 * import { Decode, Subscription } from "@cxkit/core"
 *
 * const period = Decode.decodeUnknownSync(Subscription.SubscriptionPeriod)({ start: "2024-01-01T00:00:00Z", monthlyRecurringRevenue: 49 })
 * console.log(period.end) // undefined: the period is open
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const SubscriptionPeriod = Schema.Struct({
  start: Timestamp,
  end: Schema.optionalKey(Timestamp),
  monthlyRecurringRevenue: Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))
})

/**
 * @since 0.1.0
 * @category models
 */
export type SubscriptionPeriod = typeof SubscriptionPeriod.Type

/**
 * A customer's subscription as a sequence of periods, oldest first: each ends no later than
 * the next starts (gaps are lapses; a period after a gap is a reactivation), and only the last
 * may be open. Churn, retention and revenue movements are computed from these.
 *
 * @example
 * ```ts
 * import { Decode, Subscription } from "@cxkit/core"
 *
 * const sub = Decode.decodeUnknownSync(Subscription.Subscription)({
 *   id: "s-1", customerId: "c-1", currency: "EUR", plan: "pro",
 *   periods: [
 *     { start: "2024-01-01T00:00:00Z", end: "2024-04-01T00:00:00Z", monthlyRecurringRevenue: 50 },
 *     { start: "2024-04-01T00:00:00Z", monthlyRecurringRevenue: 80 }
 *   ]
 * })
 * console.log(Subscription.isActiveAt(sub, Subscription.startOf(sub))) // true
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export class Subscription extends Schema.Class<Subscription>("Subscription")(
  Schema.Struct({
    id: Schema.String.check(Schema.isNonEmpty()),
    customerId: CustomerId,
    currency: Currency,
    plan: Schema.optionalKey(Schema.String),
    periods: Schema.Array(SubscriptionPeriod).check(Schema.isMinLength(1))
  }).check(
    Schema.makeFilter((sub) => {
      const issues: Array<Schema.FilterIssue> = []
      sub.periods.forEach((period, i) => {
        if (period.end !== undefined && period.end.epochMilliseconds <= period.start.epochMilliseconds) {
          issues.push({
            path: ["periods", i, "end"],
            issue: `Expected an end after the period's start (${period.start.toString()}), got ${period.end.toString()}`
          })
        }
        const next = sub.periods[i + 1]
        if (next !== undefined) {
          if (period.end === undefined) {
            issues.push({
              path: ["periods", i, "end"],
              issue: "Expected an end: only the last period may be open"
            })
          } else if (next.start.epochMilliseconds < period.end.epochMilliseconds) {
            issues.push({
              path: ["periods", i + 1, "start"],
              issue: `Expected a start at or after the previous period's end (${period.end.toString()}), got ${next.start.toString()}`
            })
          }
        }
      })
      return issues
    })
  )
) {}

/**
 * When the subscription first started.
 *
 * @example
 * ```ts
 * import { Decode, Subscription } from "@cxkit/core"
 *
 * const sub = Decode.decodeUnknownSync(Subscription.Subscription)({ id: "s", customerId: "c", currency: "USD",
 *   periods: [{ start: "2024-01-01T00:00:00Z", monthlyRecurringRevenue: 10 }] })
 * console.log(Subscription.startOf(sub).toString()) // "DateTime.Utc(2024-01-01T00:00:00.000Z)"
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const startOf = (subscription: Subscription): DateTime.Utc => {
  const first = subscription.periods[0]
  if (first === undefined) throw new RangeError("a Subscription always has a period")
  return first.start
}

/**
 * When the subscription ended, or `undefined` while its last period is open.
 *
 * @example
 * ```ts
 * import { Decode, Subscription } from "@cxkit/core"
 *
 * const sub = Decode.decodeUnknownSync(Subscription.Subscription)({ id: "s", customerId: "c", currency: "USD",
 *   periods: [{ start: "2024-01-01T00:00:00Z", end: "2024-02-01T00:00:00Z", monthlyRecurringRevenue: 10 }] })
 * console.log(Subscription.endOf(sub)?.toString()) // "DateTime.Utc(2024-02-01T00:00:00.000Z)"
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const endOf = (subscription: Subscription): DateTime.Utc | undefined =>
  subscription.periods.at(-1)?.end

/**
 * Whether the subscription is active at an instant (inside a period: start inclusive, end
 * exclusive).
 *
 * @example
 * ```ts
 * import { Decode, Subscription, Timestamp } from "@cxkit/core"
 *
 * const sub = Decode.decodeUnknownSync(Subscription.Subscription)({ id: "s", customerId: "c", currency: "USD",
 *   periods: [{ start: "2024-01-01T00:00:00Z", end: "2024-02-01T00:00:00Z", monthlyRecurringRevenue: 10 }] })
 * console.log(Subscription.isActiveAt(sub, Timestamp.parse("2024-02-01T00:00:00Z"))) // false
 * ```
 *
 * @since 0.1.0
 * @category guards
 */
export const isActiveAt = (subscription: Subscription, at: DateTime.Utc): boolean =>
  periodAt(subscription, at) !== undefined

/**
 * Monthly recurring revenue at an instant (0 when not active).
 *
 * @example
 * ```ts
 * import { Decode, Subscription, Timestamp } from "@cxkit/core"
 *
 * const sub = Decode.decodeUnknownSync(Subscription.Subscription)({ id: "s", customerId: "c", currency: "USD",
 *   periods: [{ start: "2024-01-01T00:00:00Z", monthlyRecurringRevenue: 10 }] })
 * console.log(Subscription.mrrAt(sub, Timestamp.parse("2024-06-01T00:00:00Z"))) // 10
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const mrrAt = (subscription: Subscription, at: DateTime.Utc): number =>
  periodAt(subscription, at)?.monthlyRecurringRevenue ?? 0

/**
 * The period a subscription is in at an instant (start inclusive, end exclusive), if any.
 *
 * @example
 * ```ts
 * import { Decode, Subscription, Timestamp } from "@cxkit/core"
 *
 * const sub = Decode.decodeUnknownSync(Subscription.Subscription)({ id: "s", customerId: "c", currency: "USD",
 *   periods: [{ start: "2024-01-01T00:00:00Z", monthlyRecurringRevenue: 10 }] })
 * console.log(Subscription.periodAt(sub, Timestamp.parse("2023-12-31T00:00:00Z"))) // undefined
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const periodAt = (subscription: Subscription, at: DateTime.Utc): SubscriptionPeriod | undefined =>
  subscription.periods.find(
    (p) =>
      p.start.epochMilliseconds <= at.epochMilliseconds &&
      (p.end === undefined || at.epochMilliseconds < p.end.epochMilliseconds)
  )
