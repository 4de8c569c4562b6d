// Subscriptions as the churn and retention modules read them: the input shape (flat, or a
// `@cxkit/core` Subscription with periods) and its normalisation to active spans. Its own module
// so that Churn and Retention both depend on it, not on each other.
import type { Instant } from "../Period.ts"
import { instant, invalid, nonEmptyString, nonNegative } from "./validate.ts"

/** A flat subscription or a `@cxkit/core` `Subscription` (`periods`); `end` exclusive, absent while open. */
export type SubscriptionInput =
  | {
      readonly customerId: string
      readonly start: Instant
      readonly end?: Instant | null | undefined
      readonly monthlyRecurringRevenue?: number | undefined
    }
  | {
      readonly customerId: string
      readonly periods: ReadonlyArray<{
        readonly start: Instant
        readonly end?: Instant | null | undefined
        readonly monthlyRecurringRevenue?: number | undefined
      }>
    }

/** One active span [start, end) of a customer; `end` is +∞ while open. */
export interface Span {
  readonly customerId: string
  readonly start: number
  readonly end: number
  readonly revenue: number
}

/**
 * Normalises subscriptions to spans, refusing an empty customer id, an unparseable instant, an
 * end before its start or a negative revenue, naming `subscriptions[i]…`.
 */
export const subscriptionSpans = (subscriptions: Iterable<SubscriptionInput>): Array<Span> => {
  const out: Array<Span> = []
  let i = 0
  for (const sub of subscriptions) {
    const f = `subscriptions[${i}]`
    const customerId = nonEmptyString(`${f}.customerId`, sub.customerId)
    const parts =
      "periods" in sub ? sub.periods.map((p, k) => [`${f}.periods[${k}]`, p] as const) : [[f, sub] as const]
    for (const [g, p] of parts) {
      const start = instant(`${g}.start`, p.start)
      const end =
        p.end === undefined || p.end === null ? Number.POSITIVE_INFINITY : instant(`${g}.end`, p.end)
      if (end < start) invalid(`${g}.end`, p.end, `at or after its start (${new Date(start).toISOString()})`)
      const revenue =
        p.monthlyRecurringRevenue === undefined
          ? 0
          : nonNegative(`${g}.monthlyRecurringRevenue`, p.monthlyRecurringRevenue)
      if (end > start) out.push({ customerId, start, end, revenue })
    }
    i++
  }
  return out
}
