/**
 * Where synced data lands. A `Destination` is a plugin value, like a `Connector`: it opens a
 * catalog of streams (creating or migrating one table per stream), applies each batch of
 * records and deletions together with that stream's new state in one transaction, and returns
 * the last committed state of every stream. `Sync.run(connector, { destination })` writes
 * through it, so the destination is also the state store and a resumed sync is exactly once.
 *
 * Backends are small driver packages (`@cxkit/destination-duckdb`, `@cxkit/destination-postgres`)
 * built on `SqlDestination`; `makeMemory` is the in-memory reference the conformance suite is
 * tested against.
 *
 * @module
 * @since 0.1.0
 */
import { Effect, Option, type Scope, Stream } from "effect"
import * as ConnectorError from "./ConnectorError.ts"
import { columnsOf, fits, tableName } from "./internal/columns.ts"
import * as model from "./internal/model.ts"
import type * as SourceStream from "./SourceStream.ts"

/**
 * The type of a column: `text`, `integer` (safe integers), `double`, `boolean`, `timestamp`
 * (with time zone) or `json` (nested values, as the source sent them).
 *
 * @since 0.1.0
 * @category models
 */
export type ColumnType = "text" | "integer" | "double" | "boolean" | "timestamp" | "json"

/**
 * A typed column of a stream's table, derived from a top-level field of its record Schema.
 *
 * @since 0.1.0
 * @category models
 */
export interface Column {
  readonly name: string
  readonly type: ColumnType
  readonly nullable: boolean
}

/**
 * One stream's table (or one table of the CX model, see `modelTables`): its name (`<namespace>_<stream>`), primary key fields and typed columns.
 * Every table also has the destination's own columns: `_cxkit_key` (the primary key as one
 * string), `_cxkit_record` (the full record as JSON), `_cxkit_synced_at`, `_cxkit_deleted_at`
 * (the soft-deletion mark) and `_cxkit_generation` (the full refresh that last wrote the row).
 *
 * @since 0.1.0
 * @category models
 */
export interface Table {
  readonly stream: string
  readonly name: string
  readonly primaryKey: ReadonlyArray<string>
  readonly columns: ReadonlyArray<Column>
}

/**
 * The streams of one sync: the state namespace (the connector id, or the run's `stateKey`), a
 * table per stream and, when the sync maps its records to core entities, the CX model tables.
 *
 * @since 0.1.0
 * @category models
 */
export interface Catalog {
  readonly namespace: string
  readonly tables: ReadonlyArray<Table>
  readonly model?: ReadonlyArray<Table> | undefined
}

/**
 * A value of a typed column: JSON columns hold JSON text, timestamps a `Date`.
 *
 * @since 0.1.0
 * @category models
 */
export type Value = string | number | boolean | Date | null

/**
 * A record to upsert: its key, the values of its table's columns (in column order) and the
 * record as the source sent it (JSON text).
 *
 * @since 0.1.0
 * @category models
 */
export interface Row {
  readonly key: string
  readonly values: ReadonlyArray<Value>
  readonly record: string
}

/**
 * What one transaction applies to one stream: upserts, then deletions (by key), then the new
 * state. `generation` is the full refresh the rows belong to; `sweep` (set when a full refresh
 * completes) marks deleted every row of the stream from an older generation.
 *
 * @since 0.1.0
 * @category models
 */
export interface Batch {
  readonly stream: string
  readonly upserts: ReadonlyArray<Row>
  readonly deletes: ReadonlyArray<string>
  readonly state: unknown
  readonly generation: number
  readonly sweep: boolean
  readonly syncedAt: Date
  readonly model?: ModelBatch | undefined
}

/**
 * The CX model rows of a batch: every row derived from the records in `replaces` (the keys of
 * the batch's upserts and deletions) is replaced by `rows`, so a changed record's entities are
 * rewritten and a deleted record's removed. Model rows carry `_cxkit_source`
 * (`<namespace>/<stream>`) and `_cxkit_source_key` as their last two columns; a full-refresh
 * sweep also removes the rows of records it swept.
 *
 * @since 0.1.0
 * @category models
 */
export interface ModelBatch {
  readonly replaces: ReadonlyArray<string>
  readonly rows: ReadonlyArray<{ readonly table: string; readonly row: Row }>
}

/**
 * The last committed state of a stream and its generation.
 *
 * @since 0.1.0
 * @category models
 */
export interface Committed {
  readonly state: unknown
  readonly generation: number
}

/**
 * A stored record, as read back from a table.
 *
 * @since 0.1.0
 * @category models
 */
export interface StoredRow {
  readonly key: string
  readonly record: unknown
  readonly syncedAt: Date
  readonly deleted: boolean
}

/**
 * What `open` changed: columns added to existing tables for new record fields.
 *
 * @since 0.1.0
 * @category models
 */
export interface Migration {
  readonly table: string
  readonly added: ReadonlyArray<Column>
}

/**
 * An open destination, for one catalog.
 *
 * - `migrations`: the columns `open` added.
 * - `failed`: streams that cannot be written (a column whose type changed: reason `schema-drift`);
 *   the runner fails them without reading and writes nothing for them.
 * - `load`: the last committed state of a stream.
 * - `apply`: one batch in one transaction; on failure nothing of it is written.
 * - `rows`: the records of a stream (not deleted ones unless asked), streamed.
 *
 * @since 0.1.0
 * @category models
 */
export interface Session {
  readonly migrations: ReadonlyArray<Migration>
  readonly failed: ReadonlyMap<string, ConnectorError.ConnectorError>
  readonly load: (stream: string) => Effect.Effect<Option.Option<Committed>, ConnectorError.ConnectorError>
  readonly apply: (batch: Batch) => Effect.Effect<void, ConnectorError.ConnectorError>
  readonly rows: (
    stream: string,
    options?: { readonly includeDeleted?: boolean | undefined }
  ) => Stream.Stream<StoredRow, ConnectorError.ConnectorError>
}

/**
 * A destination plugin: an id, where it writes (for messages: a file or host, never a password)
 * and `open`, scoped (closing the scope releases the connection).
 *
 * @since 0.1.0
 * @category models
 */
export interface Destination {
  readonly id: string
  readonly location: string
  readonly open: (catalog: Catalog) => Effect.Effect<Session, ConnectorError.ConnectorError, Scope.Scope>
}

/**
 * The catalog of a connector's streams in a namespace: one table per stream, typed columns from
 * each record Schema.
 *
 * @example
 * ```ts
 * import { Destination, SourceStream } from "@cxkit/connectors"
 * import { Effect, Schema, Stream } from "effect"
 *
 * const notes = SourceStream.make()({
 *   name: "notes",
 *   schema: Schema.Struct({ id: Schema.String, stars: Schema.Int, at: Schema.DateTimeUtcFromString }),
 *   primaryKey: "id", state: Schema.Undefined, read: () => Stream.empty
 * })
 * const catalog = Effect.runSync(Destination.catalog("notes-app", [notes]))
 * console.log(catalog.tables[0]?.name) // notes_app_notes
 * console.log(catalog.tables[0]?.columns.map((c) => `${c.name} ${c.type}`)) // [ 'id text', 'stars integer', 'at timestamp' ]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const catalog = (
  namespace: string,
  streams: ReadonlyArray<SourceStream.Any<never, unknown>>
): Effect.Effect<Catalog, ConnectorError.ConnectorError> =>
  Effect.suspend(() => {
    const tables: Array<Table> = []
    const names = new Map<string, string>()
    for (const stream of streams) {
      const columns = columnsOf(stream.schema, stream.name)
      if (typeof columns === "string")
        return Effect.fail(ConnectorError.make("config", columns, { stream: stream.name }))
      const name = tableName(namespace, stream.name)
      const clash = names.get(name)
      if (clash !== undefined) {
        return Effect.fail(
          ConnectorError.make("config", `streams "${clash}" and "${stream.name}" both map to table ${name}`, {
            stream: stream.name
          })
        )
      }
      names.set(name, stream.name)
      tables.push({ stream: stream.name, name, primaryKey: stream.primaryKey, columns })
    }
    return Effect.succeed({ namespace, tables })
  })

/**
 * The tables of the unified CX model, written when a sync has a `mapping`: `customers`,
 * `identities`, `touchpoints`, `feedback`, `stage_events`, `orders`, `subscriptions` and
 * `rejections`. Their columns are the core models' fields (nested values as JSON) plus
 * `_cxkit_source` (`<namespace>/<stream>`) and `_cxkit_source_key`, the record each row came from.
 *
 * @example
 * ```ts
 * import { Destination } from "@cxkit/connectors"
 *
 * console.log(Destination.modelTables.map((t) => t.name)) // [ 'customers', 'identities', 'touchpoints', 'feedback', 'stage_events', 'orders', 'subscriptions', 'rejections' ]
 * const feedback = Destination.modelTables.find((t) => t.name === "feedback")
 * console.log(feedback?.columns.map((c) => c.name).slice(0, 5)) // [ 'id', 'customerId', 'timestamp', 'question', 'score' ]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const modelTables: ReadonlyArray<Table> = model.modelTables

/**
 * The in-memory reference destination: the semantics every backend must match (the conformance
 * suite compares them), and a fast destination for tests.
 *
 * @example
 * ```ts
 * import { Destination } from "@cxkit/connectors"
 * import { Effect, Stream } from "effect"
 *
 * const memory = Destination.makeMemory()
 * const catalog: Destination.Catalog = {
 *   namespace: "app", tables: [{ stream: "notes", name: "app_notes", primaryKey: ["id"], columns: [] }]
 * }
 * const rows = Effect.runSync(Effect.scoped(Effect.gen(function* () {
 *   const session = yield* memory.open(catalog)
 *   yield* session.apply({
 *     stream: "notes", upserts: [{ key: "a", values: [], record: '{"id":"a"}' }], deletes: [],
 *     state: { page: 1 }, generation: 1, sweep: false, syncedAt: new Date(0)
 *   })
 *   return yield* Stream.runCollect(session.rows("notes"))
 * })))
 * console.log(rows.map((r) => r.key)) // [ 'a' ]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeMemory = (options: { readonly deletes?: "soft" | "hard" | undefined } = {}): Destination => {
  const hard = options.deletes === "hard"
  type Stored = StoredRow & { readonly generation: number; readonly values: ReadonlyArray<Value> }
  const tables = new Map<string, Map<string, Stored>>()
  const columns = new Map<string, Map<string, ColumnType>>()
  const states = new Map<string, Committed>()
  const stateKey = (namespace: string, stream: string) => `${namespace}\u0000${stream}`
  return {
    id: "memory",
    location: "memory",
    open: (catalog) =>
      Effect.sync(() => {
        const all = [...catalog.tables, ...(catalog.model ?? [])]
        // a stream named like a CX model table (a shop's `orders`) is its own table
        const byStream = new Map([...(catalog.model ?? []), ...catalog.tables].map((t) => [t.stream, t]))
        const migrations: Array<Migration> = []
        const failed = new Map<string, ConnectorError.ConnectorError>()
        for (const table of all) {
          const existing = columns.get(table.name)
          if (existing === undefined) {
            tables.set(table.name, new Map())
            columns.set(table.name, new Map(table.columns.map((c) => [c.name, c.type])))
            continue
          }
          const changed = table.columns.filter((c) => existing.has(c.name) && existing.get(c.name) !== c.type)
          if (changed.length > 0) {
            failed.set(
              table.stream,
              ConnectorError.make(
                "schema-drift",
                `memory: table ${table.name}: ${changed.map((c) => `${c.name} is ${existing.get(c.name)} in the table but ${c.type} in the record Schema`).join("; ")}`,
                { stream: table.stream }
              )
            )
            continue
          }
          const added = table.columns.filter((c) => !existing.has(c.name))
          for (const c of added) existing.set(c.name, c.type)
          if (added.length > 0) migrations.push({ table: table.name, added })
        }
        const tableOf = (stream: string) => {
          const table = byStream.get(stream)
          const rows = table === undefined ? undefined : tables.get(table.name)
          if (table === undefined || rows === undefined) {
            return Effect.fail(ConnectorError.make("destination", `stream "${stream}" is not in the catalog`))
          }
          return Effect.succeed({ table, rows })
        }
        const session: Session = {
          migrations,
          failed,
          load: (stream) =>
            Effect.sync(() => Option.fromUndefinedOr(states.get(stateKey(catalog.namespace, stream)))),
          apply: (batch) =>
            Effect.flatMap(tableOf(batch.stream), ({ table: tableOfBatch, rows }) => {
              // Validate first, as a database refuses a value of the wrong type: nothing is applied then.
              const checked: Array<{ readonly table: Table; readonly row: Row }> = []
              for (const row of batch.upserts) checked.push({ table: tableOfBatch, row })
              for (const { table: name, row } of batch.model?.rows ?? []) {
                const model = (catalog.model ?? []).find((t) => t.name === name)
                if (model === undefined) {
                  return Effect.fail(
                    ConnectorError.make("destination", `memory: table ${name} is not in the catalog`)
                  )
                }
                checked.push({ table: model, row })
              }
              for (const { table, row } of checked) {
                const bad = table.columns.findIndex((c, i) => !fits(c.type, row.values[i] ?? null))
                if (bad >= 0 || row.values.length !== table.columns.length) {
                  return Effect.fail(
                    ConnectorError.make(
                      "destination",
                      `memory: row "${row.key}" of ${table.name}: ${bad >= 0 ? `${table.columns[bad]?.name} does not hold a ${table.columns[bad]?.type}` : "one value per column is required"}`,
                      { stream: batch.stream }
                    )
                  )
                }
              }
              return Effect.sync(() => {
                for (const row of batch.upserts) {
                  rows.set(row.key, {
                    key: row.key,
                    record: JSON.parse(row.record),
                    values: row.values,
                    syncedAt: batch.syncedAt,
                    deleted: false,
                    generation: batch.generation
                  })
                }
                const remove = (key: string, row: Stored) => {
                  if (hard) rows.delete(key)
                  else if (!row.deleted) rows.set(key, { ...row, deleted: true, syncedAt: batch.syncedAt })
                }
                for (const key of batch.deletes) {
                  const row = rows.get(key)
                  if (row !== undefined) remove(key, row)
                }
                if (batch.sweep) {
                  for (const [key, row] of [...rows]) if (row.generation < batch.generation) remove(key, row)
                }
                if (batch.model !== undefined) {
                  const source = `${catalog.namespace}/${batch.stream}`
                  const replaced = new Set(batch.model.replaces)
                  for (const model of catalog.model ?? []) {
                    const stored = tables.get(model.name) ?? new Map<string, Stored>()
                    for (const [key, row] of [...stored]) {
                      const [from, sourceKey] = row.values.slice(-2) as [string, string]
                      if (from !== source) continue
                      const live = rows.get(sourceKey)
                      const swept = batch.sweep && (live === undefined || live.deleted)
                      if (replaced.has(sourceKey) || swept) stored.delete(key)
                    }
                  }
                  for (const { table: name, row } of batch.model.rows) {
                    tables.get(name)?.set(row.key, {
                      key: row.key,
                      record: JSON.parse(row.record),
                      values: row.values,
                      syncedAt: batch.syncedAt,
                      deleted: false,
                      generation: batch.generation
                    })
                  }
                }
                states.set(stateKey(catalog.namespace, batch.stream), {
                  state: JSON.parse(JSON.stringify(batch.state ?? null)),
                  generation: batch.generation
                })
              })
            }),
          rows: (stream, rowOptions) =>
            Stream.unwrap(
              Effect.map(tableOf(stream), ({ rows }) =>
                Stream.fromIterable(
                  [...rows.values()]
                    .filter((row) => rowOptions?.includeDeleted === true || !row.deleted)
                    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
                    .map(({ key, record, syncedAt, deleted }) => ({ key, record, syncedAt, deleted }))
                )
              )
            )
        }
        return session
      })
  }
}
