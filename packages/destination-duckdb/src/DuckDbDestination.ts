/**
 * The DuckDB destination, cxkit's embedded default: synced records land in one table per stream
 * of one database file (e.g. `.cxkit/cxkit.duckdb`), and each page's records, deletions and
 * state are committed in one transaction, so a resumed sync is exactly once. Rows go in through
 * DuckDB's appender into a staging table and one `INSERT … ON CONFLICT` per page; everything
 * else is the shared `SqlDestination`.
 *
 * Column types: `VARCHAR`, `BIGINT`, `DOUBLE`, `BOOLEAN`, `TIMESTAMPTZ`, `JSON`.
 *
 * @module
 * @since 0.1.0
 */
import {
  type ConnectorError,
  type Destination,
  ConnectorError as Errors,
  SqlDestination
} from "@cxkit/connectors"
import { Effect, type Scope } from "effect"
import * as Reactivity from "effect/reactivity/Reactivity"
import * as DuckDbClient from "./DuckDbClient.ts"

const types: Record<Destination.ColumnType, string> = {
  text: "VARCHAR",
  integer: "BIGINT",
  double: "DOUBLE",
  boolean: "BOOLEAN",
  timestamp: "TIMESTAMPTZ",
  json: "JSON"
}

const fromDataType: Record<string, Destination.ColumnType> = {
  VARCHAR: "text",
  BIGINT: "integer",
  DOUBLE: "double",
  BOOLEAN: "boolean",
  "TIMESTAMP WITH TIME ZONE": "timestamp",
  JSON: "json"
}

/**
 * The DuckDB dialect of `SqlDestination` on a client, with the appender as its bulk upsert.
 *
 * @example
 * ```ts
 * import { DuckDbClient, DuckDbDestination } from "@cxkit/destination-duckdb"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const db = yield* DuckDbClient.DuckDbClient
 *   return DuckDbDestination.dialect(db).columnType("timestamp")
 * })
 * const type = await Effect.runPromise(program.pipe(Effect.provide(DuckDbClient.layer({ filename: ":memory:" }))))
 * console.log(type) // TIMESTAMPTZ
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const dialect = (db: DuckDbClient.DuckDbClient): SqlDestination.Dialect => ({
  id: "duckdb",
  columnType: (type) => types[type],
  typeOf: (dataType) => fromDataType[dataType],
  upsert: (table, rows) => {
    const columns = [...SqlDestination.systemColumns, ...table.columns].map((c) => c.name)
    const names = columns.map(SqlDestination.quote).join(", ")
    const staging = SqlDestination.quote(`${table.name}__cxkit_staging`)
    const updates = columns
      .slice(1)
      .map((c) => `${SqlDestination.quote(c)} = excluded.${SqlDestination.quote(c)}`)
      .join(", ")
    return Effect.gen(function* () {
      yield* db.unsafe(
        `CREATE OR REPLACE TEMP TABLE ${staging} AS SELECT ${names} FROM ${SqlDestination.quote(table.name)} LIMIT 0`
      )
      yield* db.appendRows(`${table.name}__cxkit_staging`, columns, rows)
      yield* db.unsafe(
        `INSERT INTO ${SqlDestination.quote(table.name)} (${names}) SELECT ${names} FROM ${staging} ON CONFLICT (${SqlDestination.quote("_cxkit_key")}) DO UPDATE SET ${updates}`
      )
      yield* db.unsafe(`DROP TABLE ${staging}`)
    })
  }
})

/**
 * Options of `make`: the database file (created with its folder when missing; `:memory:` for
 * a database that lives as long as the scope) and how deletions are applied (`soft`, the
 * default, or `hard`).
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly filename: string
  readonly deletes?: "soft" | "hard" | undefined
}

/**
 * A destination on the `DuckDbClient` in context, for programs that already hold one (e.g. to
 * query the synced tables with the same connection).
 *
 * @example
 * ```ts
 * import { DuckDbClient, DuckDbDestination } from "@cxkit/destination-duckdb"
 * import { Effect } from "effect"
 *
 * const program = Effect.map(DuckDbDestination.fromClient(), (destination) => destination.location)
 * const where = await Effect.runPromise(program.pipe(Effect.provide(DuckDbClient.layer({ filename: ":memory:" }))))
 * console.log(where) // duckdb file :memory:
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromClient = (
  options: { readonly deletes?: "soft" | "hard" | undefined } = {}
): Effect.Effect<Destination.Destination, never, DuckDbClient.DuckDbClient> =>
  Effect.gen(function* () {
    const db = yield* DuckDbClient.DuckDbClient
    return SqlDestination.make({
      sql: db,
      dialect: dialect(db),
      location: `duckdb file ${db.config.filename}`,
      deletes: options.deletes
    })
  })

/**
 * Opens (or creates) the database file, scoped: the file is closed with the scope. A file that
 * cannot be opened fails with reason `destination`, naming the file.
 *
 * @example
 * ```ts
 * import { Destination, SourceStream } from "@cxkit/connectors"
 * import { DuckDbDestination } from "@cxkit/destination-duckdb"
 * import { Effect, Schema, Stream } from "effect"
 *
 * const notes = SourceStream.make()({
 *   name: "notes", schema: Schema.Struct({ id: Schema.String }), primaryKey: "id",
 *   state: Schema.Undefined, read: () => Stream.empty
 * })
 * const program = Effect.gen(function* () {
 *   const destination = yield* DuckDbDestination.make({ filename: ":memory:" })
 *   const session = yield* destination.open(yield* Destination.catalog("app", [notes]))
 *   yield* session.apply({
 *     stream: "notes", upserts: [{ key: "a", values: ["a"], record: '{"id":"a"}' }], deletes: [],
 *     state: { v: 1 }, generation: 1, sweep: false, syncedAt: new Date(0)
 *   })
 *   return yield* Stream.runCollect(session.rows("notes"))
 * })
 * const rows = await Effect.runPromise(Effect.scoped(program))
 * console.log(rows.map((r) => r.record)) // [ { id: 'a' } ]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: Options
): Effect.Effect<Destination.Destination, ConnectorError.ConnectorError, Scope.Scope> =>
  Effect.gen(function* () {
    const db = yield* DuckDbClient.make({ filename: options.filename })
    return yield* fromClient({ deletes: options.deletes }).pipe(
      Effect.provideService(DuckDbClient.DuckDbClient, db)
    )
  }).pipe(
    Effect.provide(Reactivity.layer),
    Effect.mapError((error) =>
      Errors.make("destination", `duckdb file ${options.filename}: could not open it: ${error.message}`)
    )
  )
