// Repeat purchases as RFM summaries (Fader, Hardie & Lee 2005's frequency, recency and T, by
// `Rfm`'s conventions: one purchase occasion per UTC day, times in weeks). The warehouse's
// `orders` table is summarised where it lives (@cxkit/metrics-sql's SqlRfm, one query per
// source); orders held in memory (the demo's sample exports, or rows a filter kept) by
// `Rfm.fromTransactions`, which gives the same summaries.
import type { Order } from "@cxkit/core"
import { type MetricError, Rfm } from "@cxkit/metrics"
import { SqlRfm, type Warehouse } from "@cxkit/metrics-sql"
import { Effect } from "effect"
import type { SqlError } from "effect/sql/SqlError"

/** The RFM summaries of one group of orders: a warehouse source, or orders held in memory. */
export interface Purchases {
  readonly label: string
  readonly summaries: ReadonlyArray<Rfm.Summary>
}

const options = (until: string): Rfm.Options => ({ observationEnd: until, period: "week" })

/** Per source (`<source>/<stream>` of the CX `orders` table), summarised in the database. */
export const fromWarehouse = (
  sources: ReadonlyArray<string>,
  until: string
): Effect.Effect<ReadonlyArray<Purchases>, MetricError.MetricError | SqlError, Warehouse.Warehouse> =>
  Effect.forEach(sources, (source) =>
    Effect.map(SqlRfm.summaries({ ...options(until), where: { _cxkit_source: source } }), (summaries) => ({
      label: source,
      summaries
    }))
  )

/** Orders held in memory, summarised in process. */
export const fromOrders = (label: string, orders: ReadonlyArray<Order.Order>, until: string): Purchases => ({
  label,
  summaries: Rfm.fromTransactions(orders, options(until))
})
