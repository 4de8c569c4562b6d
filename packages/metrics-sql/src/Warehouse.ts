/**
 * Where the pushdowns run: a dialect and a way to run one compiled query and read its rows.
 * `layer(dialect)` builds it from any `effect/sql` `SqlClient` (DuckDB through
 * `@cxkit/destination-duckdb`'s `DuckDbClient`, PostgreSQL through `@effect/sql-pg` or
 * `PgDestination.layer`); `make` wraps any other client (ClickHouse's `@clickhouse/client`, a
 * BigQuery or Snowflake SDK) in two lines.
 *
 * @module
 * @since 0.1.0
 */
import { Context, Effect, Layer, Stream } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import type { Dialect } from "./SqlDialect.ts"
import { type Compiled, compile, type Fragment } from "./SqlQuery.ts"

/**
 * A row as a driver returns it: column name to value.
 *
 * @since 0.1.0
 * @category models
 */
export type Row = Readonly<Record<string, unknown>>

/**
 * The service every pushdown needs: the engine's dialect, `rows`, which runs one compiled query
 * with its parameters, and `stream`, which reads a query's rows a chunk at a time (for what runs
 * in process over many rows, with flat memory).
 *
 * @example
 * ```ts
 * import { SqlDialect, Warehouse } from "@cxkit/metrics-sql"
 * import { Effect } from "effect"
 *
 * // A warehouse over a fake engine that returns one fixed row (tests, or a client of your own).
 * const fixed = Warehouse.make({ dialect: SqlDialect.duckdb, rows: () => Effect.succeed([{ n: 1 }]) })
 * console.log(fixed.dialect.id) // "duckdb"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export class Warehouse extends Context.Service<
  Warehouse,
  {
    readonly dialect: Dialect
    readonly rows: (query: Compiled) => Effect.Effect<ReadonlyArray<Row>, SqlError>
    readonly stream: (query: Compiled) => Stream.Stream<Row, SqlError>
  }
>()("@cxkit/metrics-sql/Warehouse") {}

/**
 * A warehouse from a dialect and a function that runs a compiled query; `stream` (a chunked
 * reader) is optional: without it a stream runs the query and emits its rows.
 *
 * @example
 * ```ts
 * import { SqlDialect, Warehouse } from "@cxkit/metrics-sql"
 * import { Effect } from "effect"
 *
 * const warehouse = Warehouse.make({ dialect: SqlDialect.postgres, rows: () => Effect.succeed([]) })
 * console.log(warehouse.dialect.id) // "postgres"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: {
  readonly dialect: Dialect
  readonly rows: (query: Compiled) => Effect.Effect<ReadonlyArray<Row>, SqlError>
  readonly stream?: ((query: Compiled) => Stream.Stream<Row, SqlError>) | undefined
}): Warehouse["Service"] =>
  Warehouse.of({
    dialect: options.dialect,
    rows: options.rows,
    stream: options.stream ?? ((query) => Stream.fromIterableEffect(options.rows(query)))
  })

/**
 * A warehouse over the `SqlClient` in context, with the engine's dialect.
 *
 * @example
 * ```ts
 * import { DuckDbClient } from "@cxkit/destination-duckdb"
 * import { SqlDialect, SqlQuery, Warehouse } from "@cxkit/metrics-sql"
 * import { Effect, Layer } from "effect"
 *
 * const live = Warehouse.layer(SqlDialect.duckdb).pipe(Layer.provide(DuckDbClient.layer({ filename: ":memory:" })))
 * const rows = await Effect.runPromise(
 *   Warehouse.run(SqlQuery.sql`SELECT ${2} * 21 AS answer`).pipe(Effect.provide(live))
 * )
 * console.log(rows) // [{ answer: 42 }]
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (dialect: Dialect): Layer.Layer<Warehouse, never, SqlClient> =>
  Layer.effect(
    Warehouse,
    Effect.gen(function* () {
      const sql = yield* SqlClient
      return make({
        dialect,
        rows: (query) => sql.unsafe<Row>(query.sql, [...query.params]),
        stream: (query) => sql.unsafe<Row>(query.sql, [...query.params]).stream
      })
    })
  )

/**
 * Compiles a fragment for the warehouse's dialect and runs it.
 *
 * @example
 * ```ts
 * import { SqlDialect, SqlQuery, Warehouse } from "@cxkit/metrics-sql"
 * import { Effect } from "effect"
 *
 * const echo = Warehouse.make({ dialect: SqlDialect.duckdb, rows: (q) => Effect.succeed([{ sql: q.sql }]) })
 * const rows = Effect.runSync(Warehouse.run(SqlQuery.sql`SELECT ${1}`).pipe(Effect.provideService(Warehouse.Warehouse, echo)))
 * console.log(rows) // [{ sql: "SELECT $1" }]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const run = (fragment: Fragment): Effect.Effect<ReadonlyArray<Row>, SqlError, Warehouse> =>
  Effect.gen(function* () {
    const warehouse = yield* Warehouse
    return yield* warehouse.rows(compile(fragment, warehouse.dialect))
  })

/**
 * Compiles a fragment for the warehouse's dialect and streams its rows, a chunk at a time where
 * the driver can (DuckDB, PostgreSQL), so a query over millions of rows runs in flat memory.
 *
 * @example
 * ```ts
 * import { DuckDbClient } from "@cxkit/destination-duckdb"
 * import { SqlDialect, SqlQuery, Warehouse } from "@cxkit/metrics-sql"
 * import { Effect, Layer, Stream } from "effect"
 *
 * const live = Warehouse.layer(SqlDialect.duckdb).pipe(Layer.provide(DuckDbClient.layer({ filename: ":memory:" })))
 * const total = await Effect.runPromise(
 *   Warehouse.stream(SqlQuery.sql`SELECT i FROM range(${100000}) t(i)`).pipe(
 *     Stream.runFold(() => 0, (n, row) => n + Number(row.i)),
 *     Effect.provide(live)
 *   )
 * )
 * console.log(total) // 4999950000
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const stream = (fragment: Fragment): Stream.Stream<Row, SqlError, Warehouse> =>
  Stream.unwrap(
    Effect.gen(function* () {
      const warehouse = yield* Warehouse
      return warehouse.stream(compile(fragment, warehouse.dialect))
    })
  )
