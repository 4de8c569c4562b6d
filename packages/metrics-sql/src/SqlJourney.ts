/**
 * What SQL cannot summarise: journeys (inactivity gaps, explicit journey ids, stage visits) and
 * everything built on whole sequences (attribution with all its options, funnels with strict
 * order) need each customer's touchpoints in order. They run in process, and this module feeds
 * them from the warehouse in flat memory: the CX `touchpoints` table streamed in customer order,
 * one customer's touchpoints at a time, decoded into `Touchpoint`s, ready for `Journey.build`,
 * `Funnel`, `Paths` or `Attribution` per customer.
 *
 * @module
 * @since 0.1.0
 */
import { Touchpoint } from "@cxkit/core"
import { MetricError } from "@cxkit/metrics"
import { Effect, Schema, Stream } from "effect"
import type { SqlError } from "effect/sql/SqlError"
import { asMetricError } from "./internal/errors.ts"
import * as Q from "./SqlQuery.ts"
import { stream, type Warehouse } from "./Warehouse.ts"

/**
 * One customer's touchpoints, in time order (ties by id).
 *
 * @since 0.1.0
 * @category models
 */
export interface Customer {
  readonly customerId: string
  readonly touchpoints: ReadonlyArray<Touchpoint.Touchpoint>
}

const decode = Schema.decodeUnknownEffect(Touchpoint.Touchpoint)

/**
 * Every customer's touchpoints from the CX `touchpoints` table (`table` to read another with
 * the same shape), streamed in customer order, a chunk of rows at a time: memory holds one
 * customer's touchpoints, not the table. Each row's record (`_cxkit_record`, the touchpoint as the
 * destination wrote it) is decoded with `Touchpoint.Touchpoint`; a record that does not decode
 * fails the stream with `MetricError` naming its key. Deleted records are left out.
 *
 * @example
 * ```ts
 * import { Journey } from "@cxkit/core"
 * import { DuckDbClient } from "@cxkit/destination-duckdb"
 * import { SqlDialect, SqlJourney, Warehouse } from "@cxkit/metrics-sql"
 * import { Effect, Layer, Stream } from "effect"
 * import { SqlClient } from "effect/sql/SqlClient"
 *
 * const record = (id: string, customerId: string, timestamp: string, kind: string) =>
 *   JSON.stringify({ id, customerId, timestamp, kind, channel: "web", source: "site" })
 * const program = Effect.gen(function* () {
 *   const sql = yield* SqlClient
 *   yield* sql`CREATE TABLE touchpoints (_cxkit_key TEXT, _cxkit_record JSON, _cxkit_deleted_at TIMESTAMPTZ,
 *     "customerId" TEXT, "timestamp" TIMESTAMPTZ, id TEXT)`
 *   for (const [id, c, t, k] of [["1", "a", "2024-05-01T10:00:00Z", "view"], ["2", "a", "2024-05-09T10:00:00Z", "view"], ["3", "b", "2024-05-01T10:00:00Z", "buy"]])
 *     yield* sql`INSERT INTO touchpoints VALUES (${id}, ${record(id, c, t, k)}, NULL, ${c}, ${t}, ${id})`
 *   // One customer at a time: journeys cut at 1 day of inactivity.
 *   return yield* SqlJourney.customers().pipe(
 *     Stream.map((c) => [c.customerId, Journey.build(c.touchpoints, { by: "inactivity", gap: "1 day" }).length]),
 *     Stream.runCollect
 *   )
 * })
 * const live = Warehouse.layer(SqlDialect.duckdb).pipe(Layer.provideMerge(DuckDbClient.layer({ filename: ":memory:" })))
 * console.log(await Effect.runPromise(program.pipe(Effect.provide(live)))) // [["a", 2], ["b", 1]]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const customers = (
  options: { readonly table?: string | ReadonlyArray<string> | undefined } = {}
): Stream.Stream<Customer, MetricError.MetricError | SqlError, Warehouse> => {
  const name = options.table ?? "touchpoints"
  const label = typeof name === "string" ? name : name.join(".")
  const invalidRecord = (key: unknown, value: unknown, rule: string) =>
    new MetricError.MetricError({ reason: "InvalidInput", field: `${label}[${String(key)}]`, value, rule })
  return Stream.unwrap(
    Effect.try({
      try: () =>
        stream(
          Q.sql`SELECT "_cxkit_key" AS _key, CAST("_cxkit_record" AS TEXT) AS _record FROM ${Q.table(name, "options.table")} WHERE "_cxkit_deleted_at" IS NULL ORDER BY ${Q.binary(Q.raw('"customerId"'))}, "timestamp", ${Q.binary(Q.raw('"id"'))}`
        ),
      catch: asMetricError
    })
  ).pipe(
    Stream.mapEffect((row) =>
      Effect.try({
        try: (): unknown => JSON.parse(String(row._record)),
        catch: () => invalidRecord(row._key, row._record, "a JSON touchpoint record in _cxkit_record")
      }).pipe(
        Effect.flatMap((json) =>
          decode(json).pipe(
            Effect.mapError((issue) => invalidRecord(row._key, json, `a Touchpoint (${issue.message})`))
          )
        )
      )
    ),
    Stream.groupAdjacentBy((touchpoint) => touchpoint.customerId),
    Stream.map(([customerId, touchpoints]) => ({ customerId, touchpoints }))
  )
}
