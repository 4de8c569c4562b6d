/**
 * The part of every SQL destination that does not depend on the engine: the tables and their
 * migrations, upserts by key, soft or hard deletions, the full-refresh sweep and the state table,
 * all over an `effect/sql` `SqlClient`. A backend supplies only a `Dialect` (column types and
 * how it names them back) and, optionally, a faster bulk upsert (DuckDB's appender).
 *
 * Details:
 * - One state table, `_cxkit_state (namespace, stream, state, generation, committed_at)`.
 * - Each batch (rows, deletions, the stream's state) is one transaction: a crash at any point
 *   leaves either all of it or none of it, so a resumed sync is exactly once.
 * - Typed columns are nullable in the table whatever the Schema says, so a field that becomes
 *   optional needs no migration; a field that disappears keeps its column (new rows get null).
 *
 * @module
 * @since 0.1.0
 */
import { Effect, Option, Stream } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import * as ConnectorError from "./ConnectorError.ts"
import type * as Destination from "./Destination.ts"

/**
 * What a SQL engine supplies.
 *
 * - `id`: the destination id (e.g. `duckdb`).
 * - `columnType`: the engine's type for a column type (`json` → `JSON` or `jsonb`).
 * - `typeOf`: the column type of an `information_schema.columns.data_type`, or undefined.
 * - `upsert`: an optional bulk upsert of one table's rows inside the open transaction (the
 *   default is multi-row `INSERT … ON CONFLICT … DO UPDATE` with parameters).
 *
 * @since 0.1.0
 * @category models
 */
export interface Dialect {
  readonly id: string
  readonly columnType: (type: Destination.ColumnType) => string
  readonly typeOf: (dataType: string) => Destination.ColumnType | undefined
  readonly upsert?:
    | ((table: Destination.Table, rows: ReadonlyArray<SqlRow>) => Effect.Effect<void, SqlError>)
    | undefined
}

/**
 * A row as written: the system columns first (`_cxkit_key`, `_cxkit_record`, `_cxkit_synced_at`,
 * `_cxkit_deleted_at`, `_cxkit_generation`), then the table's typed columns.
 *
 * @since 0.1.0
 * @category models
 */
export type SqlRow = ReadonlyArray<Destination.Value>

/**
 * The system columns every stream table has, in write order, with their types.
 *
 * @example
 * ```ts
 * import { SqlDestination } from "@cxkit/connectors"
 *
 * console.log(SqlDestination.systemColumns.map((c) => c.name)) // [ '_cxkit_key', '_cxkit_record', '_cxkit_synced_at', '_cxkit_deleted_at', '_cxkit_generation' ]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const systemColumns: ReadonlyArray<Destination.Column> = [
  { name: "_cxkit_key", type: "text", nullable: false },
  { name: "_cxkit_record", type: "json", nullable: false },
  { name: "_cxkit_synced_at", type: "timestamp", nullable: false },
  { name: "_cxkit_deleted_at", type: "timestamp", nullable: true },
  { name: "_cxkit_generation", type: "integer", nullable: false }
]

/**
 * Quotes an identifier for SQL: double quotes, embedded double quotes doubled (the standard
 * rule, shared by DuckDB and PostgreSQL), so a name from a user can never break out of it.
 *
 * @example
 * ```ts
 * import { SqlDestination } from "@cxkit/connectors"
 *
 * console.log(SqlDestination.quote('a"b')) // "a""b"
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const quote = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`

/**
 * Options of `make`: the client, the dialect, where the data lives (for messages: a file or
 * host, never a password) and how deletions are applied (`soft`, the default, sets
 * `_cxkit_deleted_at`; `hard` removes the row).
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly sql: SqlClient
  readonly dialect: Dialect
  readonly location: string
  readonly deletes?: "soft" | "hard" | undefined
}

/** Parameters per statement for the default upsert, well below PostgreSQL's 65,535. */
const maxParams = 30_000

/**
 * A destination on a SQL engine: a backend package calls it with its client and dialect (see
 * `@cxkit/destination-duckdb` and `@cxkit/destination-postgres`, each a few dozen lines).
 *
 * @example
 * ```ts
 * import { SqlDestination } from "@cxkit/connectors"
 * import { DuckDbClient, DuckDbDestination } from "@cxkit/destination-duckdb"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const db = yield* DuckDbClient.DuckDbClient
 *   const destination = SqlDestination.make({ sql: db, dialect: DuckDbDestination.dialect(db), location: "scratch" })
 *   return destination.id
 * })
 * console.log(await Effect.runPromise(program.pipe(Effect.provide(DuckDbClient.layer({ filename: ":memory:" }))))) // duckdb
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Destination.Destination => {
  const { sql, dialect, location } = options
  const hard = options.deletes === "hard"
  const fail = (action: string, stream?: string) => (error: SqlError | ConnectorError.ConnectorError) =>
    ConnectorError.isConnectorError(error)
      ? error
      : ConnectorError.make(
          "destination",
          `${location}: could not ${action}: ${error.message}`,
          stream === undefined ? {} : { stream }
        )
  const cast = (param: string, type: Destination.ColumnType) =>
    `CAST(${param} AS ${dialect.columnType(type)})`
  const param = (value: Destination.Value): unknown => (value instanceof Date ? value.toISOString() : value)

  const defaultUpsert = (table: Destination.Table, rows: ReadonlyArray<SqlRow>) => {
    const columns = [...systemColumns, ...table.columns]
    const names = columns.map((c) => quote(c.name)).join(", ")
    const updates = columns
      .slice(1)
      .map((c) => `${quote(c.name)} = excluded.${quote(c.name)}`)
      .join(", ")
    const perStatement = Math.max(1, Math.floor(maxParams / columns.length))
    const statements: Array<Effect.Effect<unknown, SqlError>> = []
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement)
      const params: Array<unknown> = []
      const tuples = chunk.map((row) => {
        const placeholders = columns.map((column, i) => {
          params.push(param(row[i] ?? null))
          return cast(`$${params.length}`, column.type)
        })
        return `(${placeholders.join(", ")})`
      })
      statements.push(
        sql.unsafe(
          `INSERT INTO ${quote(table.name)} (${names}) VALUES ${tuples.join(", ")} ON CONFLICT (${quote("_cxkit_key")}) DO UPDATE SET ${updates}`,
          params
        )
      )
    }
    return Effect.asVoid(Effect.all(statements, { discard: true }))
  }
  const upsert = dialect.upsert ?? defaultUpsert

  const inKeys = (keys: ReadonlyArray<string>, first: number) =>
    keys.map((_, i) => `$${first + i}`).join(", ")

  const removeKeys = (table: Destination.Table, keys: ReadonlyArray<string>, at: Date) => {
    const statements: Array<Effect.Effect<unknown, SqlError>> = []
    for (let start = 0; start < keys.length; start += maxParams) {
      const chunk = keys.slice(start, start + maxParams)
      statements.push(
        hard
          ? sql.unsafe(
              `DELETE FROM ${quote(table.name)} WHERE ${quote("_cxkit_key")} IN (${inKeys(chunk, 1)})`,
              chunk
            )
          : sql.unsafe(
              `UPDATE ${quote(table.name)} SET ${quote("_cxkit_deleted_at")} = ${cast("$1", "timestamp")}, ${quote("_cxkit_synced_at")} = ${cast("$1", "timestamp")} WHERE ${quote("_cxkit_deleted_at")} IS NULL AND ${quote("_cxkit_key")} IN (${inKeys(chunk, 2)})`,
              [at.toISOString(), ...chunk]
            )
      )
    }
    return Effect.all(statements, { discard: true })
  }

  const sweep = (table: Destination.Table, generation: number, at: Date) =>
    hard
      ? sql.unsafe(
          `DELETE FROM ${quote(table.name)} WHERE ${quote("_cxkit_generation")} < ${cast("$1", "integer")}`,
          [generation]
        )
      : sql.unsafe(
          `UPDATE ${quote(table.name)} SET ${quote("_cxkit_deleted_at")} = ${cast("$1", "timestamp")}, ${quote("_cxkit_synced_at")} = ${cast("$1", "timestamp")} WHERE ${quote("_cxkit_deleted_at")} IS NULL AND ${quote("_cxkit_generation")} < ${cast("$2", "integer")}`,
          [at.toISOString(), generation]
        )

  // The CX model rows of the batch's records replace their old ones; rows of records that are no
  // longer live (deleted, or swept by a full refresh) go.
  const replaceModelRows = (
    source: string,
    table: Destination.Table,
    batch: Destination.Batch & { readonly model: Destination.ModelBatch },
    models: ReadonlyMap<string, Destination.Table>
  ) =>
    Effect.gen(function* () {
      const { model } = batch
      const byTable = new Map<string, Array<SqlRow>>()
      for (const { table: name, row } of model.rows) {
        if (!models.has(name)) {
          return yield* Effect.fail(
            ConnectorError.make("destination", `${location}: table ${name} is not in the catalog`)
          )
        }
        const rows = byTable.get(name) ?? []
        rows.push([row.key, row.record, batch.syncedAt, null, batch.generation, ...row.values])
        byTable.set(name, rows)
      }
      for (const modelTable of models.values()) {
        const name = quote(modelTable.name)
        for (let start = 0; start < model.replaces.length; start += maxParams) {
          const chunk = model.replaces.slice(start, start + maxParams)
          yield* sql.unsafe(
            `DELETE FROM ${name} WHERE ${quote("_cxkit_source")} = $1 AND ${quote("_cxkit_source_key")} IN (${inKeys(chunk, 2)})`,
            [source, ...chunk]
          )
        }
        if (batch.sweep) {
          yield* sql.unsafe(
            `DELETE FROM ${name} WHERE ${quote("_cxkit_source")} = $1 AND ${quote("_cxkit_source_key")} NOT IN (SELECT ${quote("_cxkit_key")} FROM ${quote(table.name)} WHERE ${quote("_cxkit_deleted_at")} IS NULL)`,
            [source]
          )
        }
        const rows = byTable.get(modelTable.name)
        if (rows !== undefined && rows.length > 0) yield* upsert(modelTable, rows)
      }
    })

  const existingColumns = (table: string) =>
    Effect.map(
      sql.unsafe<{ readonly column_name: string; readonly data_type: string }>(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
        [table]
      ),
      (rows) => new Map(rows.map((r) => [r.column_name, r.data_type]))
    )

  const stateTable = quote("_cxkit_state")

  const open = (catalog: Destination.Catalog) =>
    Effect.gen(function* () {
      const migrations: Array<Destination.Migration> = []
      const failed = new Map<string, ConnectorError.ConnectorError>()
      const setup = Effect.gen(function* () {
        yield* sql.unsafe(
          `CREATE TABLE IF NOT EXISTS ${stateTable} (namespace ${dialect.columnType("text")} NOT NULL, stream ${dialect.columnType("text")} NOT NULL, state ${dialect.columnType("text")} NOT NULL, generation ${dialect.columnType("integer")} NOT NULL, committed_at ${dialect.columnType("timestamp")} NOT NULL, PRIMARY KEY (namespace, stream))`
        )
        for (const table of [...catalog.tables, ...(catalog.model ?? [])]) {
          const existing = yield* existingColumns(table.name)
          if (existing.size === 0) {
            const definitions = [
              ...systemColumns.map(
                (c) =>
                  `${quote(c.name)} ${dialect.columnType(c.type)}${c.nullable ? "" : " NOT NULL"}${c.name === "_cxkit_key" ? " PRIMARY KEY" : ""}`
              ),
              ...table.columns.map((c) => `${quote(c.name)} ${dialect.columnType(c.type)}`)
            ]
            yield* sql.unsafe(`CREATE TABLE ${quote(table.name)} (${definitions.join(", ")})`)
            continue
          }
          for (const column of systemColumns) {
            const found = existing.get(column.name)
            if (found === undefined || dialect.typeOf(found) !== column.type) {
              return yield* Effect.fail(
                ConnectorError.make(
                  "destination",
                  `${location}: table ${table.name} exists but is not a cxkit table for stream "${table.stream}": column ${column.name} ${found === undefined ? "is missing" : `is ${found}, expected ${dialect.columnType(column.type)}`}`,
                  { stream: table.stream }
                )
              )
            }
          }
          const added: Array<Destination.Column> = []
          const changed: Array<string> = []
          for (const column of table.columns) {
            const found = existing.get(column.name)
            if (found === undefined) added.push(column)
            else if (dialect.typeOf(found) !== column.type) {
              changed.push(`${column.name} is ${found} in the table but ${column.type} in the record Schema`)
            }
          }
          if (changed.length > 0) {
            failed.set(
              table.stream,
              ConnectorError.make(
                "schema-drift",
                `${location}: table ${table.name}: ${changed.join("; ")}; nothing was written for stream "${table.stream}" (migrate or rename the column, or drop the table for a full refresh)`,
                { stream: table.stream }
              )
            )
            continue
          }
          for (const column of added) {
            yield* sql.unsafe(
              `ALTER TABLE ${quote(table.name)} ADD COLUMN ${quote(column.name)} ${dialect.columnType(column.type)}`
            )
          }
          if (added.length > 0) migrations.push({ table: table.name, added })
        }
      })
      yield* sql
        .withTransaction(setup)
        .pipe(
          Effect.catchTag("SqlError", (error) => Effect.fail(fail("create or migrate the tables")(error)))
        )
      // By stream: a stream named like a CX model table (a shop's `orders`) is its own table; the
      // model tables are also reached by name (`models`).
      const tables = new Map([...(catalog.model ?? []), ...catalog.tables].map((t) => [t.stream, t]))
      const models = new Map((catalog.model ?? []).map((t) => [t.name, t]))
      const tableOf = (stream: string) => {
        const table = tables.get(stream)
        return table === undefined
          ? Effect.fail(
              ConnectorError.make("destination", `${location}: stream "${stream}" is not in the catalog`)
            )
          : Effect.succeed(table)
      }

      const session: Destination.Session = {
        migrations,
        failed,
        load: (stream) =>
          sql
            .unsafe<{ readonly state: string; readonly generation: number | bigint }>(
              `SELECT state, generation FROM ${stateTable} WHERE namespace = $1 AND stream = $2`,
              [catalog.namespace, stream]
            )
            .pipe(
              Effect.map((rows) =>
                Option.map(Option.fromUndefinedOr(rows[0]), (row) => ({
                  state: JSON.parse(row.state) as unknown,
                  generation: Number(row.generation)
                }))
              ),
              Effect.mapError(fail("read the state", stream))
            ),
        apply: (batch) =>
          Effect.flatMap(tableOf(batch.stream), (table) => {
            const rows = batch.upserts.map(
              (row): SqlRow => [row.key, row.record, batch.syncedAt, null, batch.generation, ...row.values]
            )
            const work = Effect.gen(function* () {
              if (rows.length > 0) yield* upsert(table, rows)
              if (batch.deletes.length > 0) yield* removeKeys(table, batch.deletes, batch.syncedAt)
              if (batch.sweep) yield* sweep(table, batch.generation, batch.syncedAt)
              if (batch.model !== undefined) {
                yield* replaceModelRows(
                  `${catalog.namespace}/${batch.stream}`,
                  table,
                  { ...batch, model: batch.model },
                  models
                )
              }
              yield* sql.unsafe(
                `INSERT INTO ${stateTable} (namespace, stream, state, generation, committed_at) VALUES ($1, $2, $3, ${cast("$4", "integer")}, ${cast("$5", "timestamp")}) ON CONFLICT (namespace, stream) DO UPDATE SET state = excluded.state, generation = excluded.generation, committed_at = excluded.committed_at`,
                [
                  catalog.namespace,
                  batch.stream,
                  JSON.stringify(batch.state ?? null),
                  batch.generation,
                  batch.syncedAt.toISOString()
                ]
              )
            })
            return sql.withTransaction(work).pipe(Effect.mapError(fail("write a batch", batch.stream)))
          }),
        rows: (stream, rowOptions) =>
          Stream.unwrap(
            Effect.map(tableOf(stream), (table) =>
              sql
                .unsafe<{
                  readonly key: string
                  readonly record: string
                  readonly synced_at: unknown
                  readonly deleted_at: unknown
                }>(
                  `SELECT ${quote("_cxkit_key")} AS key, CAST(${quote("_cxkit_record")} AS ${dialect.columnType("text")}) AS record, ${quote("_cxkit_synced_at")} AS synced_at, ${quote("_cxkit_deleted_at")} AS deleted_at FROM ${quote(table.name)}${rowOptions?.includeDeleted === true ? "" : ` WHERE ${quote("_cxkit_deleted_at")} IS NULL`} ORDER BY ${quote("_cxkit_key")}`
                )
                .stream.pipe(
                  Stream.map(
                    (row): Destination.StoredRow => ({
                      key: row.key,
                      record: JSON.parse(row.record) as unknown,
                      syncedAt: toDate(row.synced_at),
                      deleted: row.deleted_at !== null && row.deleted_at !== undefined
                    })
                  ),
                  Stream.mapError(fail(`read table ${table.name}`, stream))
                )
            )
          )
      }
      return session
    })

  return { id: dialect.id, location, open }
}

const toDate = (value: unknown): Date =>
  value instanceof Date ? value : new Date(typeof value === "bigint" ? Number(value) : (value as string))
