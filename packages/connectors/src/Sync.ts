/**
 * The sync runner: reads a connector's streams and turns them into one ordered stream of
 * events, owning state, resumption, deduplication, retries and failure isolation.
 *
 * @module
 * @since 0.1.0
 */

import type { Entity } from "@cxkit/core"
import { Cause, Clock, Duration, Effect, type Layer, Option, Result, Schema, Stream } from "effect"
import { FetchHttpClient, type HttpClient } from "effect/http"
import type * as Connector from "./Connector.ts"
import * as ConnectorError from "./ConnectorError.ts"
import * as Destination from "./Destination.ts"
import { valuesOf } from "./internal/columns.ts"
import { compareCursor, cursorValueOf, HighWater, keyOf, maxPosition } from "./internal/cursor.ts"
import type { Erased } from "./internal/erased.ts"
import { modelRows, modelTables } from "./internal/model.ts"
import type * as SourceStream from "./SourceStream.ts"
import * as StateStore from "./StateStore.ts"

/**
 * What the runner stores per stream (JSON). `checkpoint` is the stream's own state, encoded
 * with its state Schema; `cursor` the committed high-water mark; `pending` the largest cursor
 * seen by an unfinished descending or unordered run, committed as `cursor` when it completes;
 * `start` the cursor an unfinished ascending run started from, handed to `read` again with its
 * checkpoint when the run resumes (so a checkpoint is always resumed with the cursor it was made
 * under: undefined for a first run).
 *
 * @example
 * ```ts
 * import type { Sync } from "@cxkit/connectors"
 *
 * const state: Sync.StreamState = {
 *   v: 1, mode: "incremental", complete: true, cursor: { value: 10, keys: ["a"] }
 * }
 * console.log(state.complete)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface StreamState {
  readonly v: 1
  readonly mode: SourceStream.Mode
  readonly complete: boolean
  readonly checkpoint?: unknown
  readonly cursor?: SourceStream.CursorPosition
  readonly pending?: SourceStream.CursorPosition
  readonly start?: SourceStream.CursorPosition
}

/**
 * A record, decoded with the stream's Schema. `unknownFields` holds fields the Schema does not
 * know (kept, and reported once per run by a `SchemaDrift` event).
 *
 * @example
 * ```ts
 * import type { Sync } from "@cxkit/connectors"
 *
 * const event: Sync.RecordEvent<"contacts", { readonly id: string }> = {
 *   _tag: "Record", stream: "contacts", key: "c1", record: { id: "c1" }, unknownFields: undefined
 * }
 * console.log(event.key)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RecordEvent<Name extends string, A> {
  readonly _tag: "Record"
  readonly stream: Name
  readonly key: string
  readonly record: A
  readonly unknownFields: Readonly<Record<string, unknown>> | undefined
}

/**
 * The state committed to the store; it always follows the records it covers. It is committed
 * when the consumer pulls this event, i.e. after it has handled those records.
 *
 * @example
 * ```ts
 * import type { Sync } from "@cxkit/connectors"
 *
 * const event: Sync.StateEvent = {
 *   _tag: "State", stream: "contacts", state: { v: 1, mode: "full-refresh", complete: false, checkpoint: { page: 2 } }
 * }
 * console.log(event.state.complete)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface StateEvent {
  readonly _tag: "State"
  readonly stream: string
  readonly state: StreamState
}

/**
 * A record deleted at the source, by primary key.
 *
 * @example
 * ```ts
 * import type { Sync } from "@cxkit/connectors"
 *
 * const event: Sync.DeletedEvent = { _tag: "Deleted", stream: "contacts", key: "c1" }
 * console.log(event.key)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface DeletedEvent {
  readonly _tag: "Deleted"
  readonly stream: string
  readonly key: string
}

/**
 * Fields the source sends that the stream's Schema does not declare (first seen on `key`).
 *
 * @example
 * ```ts
 * import type { Sync } from "@cxkit/connectors"
 *
 * const event: Sync.SchemaDriftEvent = { _tag: "SchemaDrift", stream: "contacts", key: "c1", fields: ["nickname"] }
 * console.log(event.fields)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface SchemaDriftEvent {
  readonly _tag: "SchemaDrift"
  readonly stream: string
  readonly key: string
  readonly fields: ReadonlyArray<string>
}

/**
 * A stream started, completed or failed. A failed stream carries its error and its last good
 * state (what the next run resumes from); the other streams go on.
 *
 * @example
 * ```ts
 * import type { Sync } from "@cxkit/connectors"
 *
 * const event: Sync.StatusEvent = { _tag: "Status", stream: "deals", status: "started", mode: "incremental" }
 * console.log(event.status)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type StatusEvent =
  | {
      readonly _tag: "Status"
      readonly stream: string
      readonly status: "started"
      readonly mode: SourceStream.Mode
    }
  | {
      readonly _tag: "Status"
      readonly stream: string
      readonly status: "completed"
      readonly mode: SourceStream.Mode
    }
  | {
      readonly _tag: "Status"
      readonly stream: string
      readonly status: "failed"
      readonly mode: SourceStream.Mode
      readonly error: ConnectorError.ConnectorError
      readonly lastState: StreamState | undefined
    }

/**
 * Counters for long syncs, emitted every `progressEvery` pages and when a stream ends.
 *
 * @example
 * ```ts
 * import type { Sync } from "@cxkit/connectors"
 *
 * const event: Sync.ProgressEvent = { _tag: "Progress", stream: "deals", pages: 10, records: 1000, deleted: 0, retries: 0, elapsedMillis: 812 }
 * console.log(event.records)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ProgressEvent {
  readonly _tag: "Progress"
  readonly stream: string
  readonly pages: number
  readonly records: number
  readonly deleted: number
  readonly retries: number
  readonly elapsedMillis: number
}

/**
 * The destination added columns to a stream's table for fields its record Schema gained.
 *
 * @example
 * ```ts
 * import type { Sync } from "@cxkit/connectors"
 *
 * const event: Sync.MigrationEvent = {
 *   _tag: "Migration", stream: "contacts", table: "hubspot_contacts", added: [{ name: "phone", type: "text", nullable: true }]
 * }
 * console.log(event.added.map((c) => c.name)) // [ 'phone' ]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface MigrationEvent {
  readonly _tag: "Migration"
  readonly stream: string
  readonly table: string
  readonly added: ReadonlyArray<Destination.Column>
}

/**
 * The events of a sync; records are typed per stream name.
 *
 * @example
 * ```ts
 * import type { Sync } from "@cxkit/connectors"
 *
 * const describe = (event: Sync.SyncEvent<never>) => event._tag
 * console.log(describe({ _tag: "Deleted", stream: "s", key: "k" }))
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type SyncEvent<S> =
  | RecordEvents<S>
  | StateEvent
  | DeletedEvent
  | SchemaDriftEvent
  | StatusEvent
  | ProgressEvent
  | MigrationEvent

type RecordEvents<S> =
  S extends SourceStream.SourceStream<infer N, infer A, Erased, Erased, Erased> ? RecordEvent<N, A> : never

/**
 * The events of a sync of connector `C`.
 *
 * @example
 * ```ts
 * import type { Connector, Sync } from "@cxkit/connectors"
 *
 * type Events = Sync.EventOf<Connector.Any>
 * const tag: Events["_tag"] = "Progress"
 * console.log(tag)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type EventOf<C> = SyncEvent<
  Connector.StreamOf<C> | SourceStream.SourceStream<string, unknown, Erased, Erased, Erased>
>

/**
 * Options of `run`.
 *
 * - `config`: the decoded config (`Connector.decodeConfig` turns raw JSON into one).
 * - `streams`: the names to sync (default: all, declared then discovered).
 * - `mode`: `incremental` (default; streams without a cursor field run full-refresh) or `full-refresh`.
 * - `destination`: where records land (see `Destination`); it is then also the state store, and
 *   each page's records, deletions and state are committed in one transaction (exactly once).
 * - `stateStore`: where state lives without a destination (default: the `StateStore` service if
 *   provided, else a fresh in-memory store); `stateKey` its namespace (default: the connector id;
 *   use one per account). With a destination, tables are named `<stateKey>_<stream>`.
 * - `mapping`: with a destination, turns each record into core entities (a plugin's
 *   `<Vendor>Mapping.toCore`); they land in the CX model tables (`customers`, `identities`,
 *   `touchpoints`, `feedback`, `stage_events`, `orders`, `subscriptions`, `rejections`) in the same
 *   transaction as the record, and are replaced when it changes and removed when it is deleted.
 * - `retry`: how often a stream restarts from its last state after a retryable error
 *   (default 3 times, exponential from 1 second with jitter, at least the `Retry-After`).
 * - `progressEvery`: pages between progress events (default 50).
 * - `commitEvery`: with a destination, how much one transaction holds. By default every page
 *   with a checkpoint is its own transaction; `{ records: 10_000, millis: 2_000 }` gathers pages
 *   until that many records or milliseconds have passed (or the stream ends) and commits them
 *   with the state of the last one: still exactly once (a crash loses only uncommitted pages,
 *   which the next run reads again), and far fewer transactions, which is what a database's
 *   write throughput depends on.
 *
 * @example
 * ```ts
 * import type { Sync } from "@cxkit/connectors"
 *
 * const options: Sync.RunOptions<{ readonly token: string }, "contacts"> = {
 *   config: { token: "t" }, streams: ["contacts"], mode: "incremental"
 * }
 * console.log(options.mode)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RunOptions<Config, Name extends string, Event = never> {
  readonly config: Config
  readonly streams?: ReadonlyArray<Name> | undefined
  readonly mode?: SourceStream.Mode | undefined
  readonly destination?: Destination.Destination | undefined
  readonly mapping?: ((event: Event) => ReadonlyArray<Entity.Entity>) | undefined
  readonly stateStore?: StateStore.Store | undefined
  readonly stateKey?: string | undefined
  readonly retry?: { readonly times?: number; readonly base?: Duration.Input } | undefined
  readonly progressEvery?: number | undefined
  readonly commitEvery?:
    | { readonly records?: number | undefined; readonly millis?: number | undefined }
    | undefined
}

const decodeStored = (
  stream: SourceStream.Any<unknown, unknown>,
  raw: Option.Option<unknown>
): Effect.Effect<
  { readonly stored: StreamState | undefined; readonly checkpoint: unknown },
  ConnectorError.ConnectorError
> => {
  if (Option.isNone(raw)) return Effect.succeed({ stored: undefined, checkpoint: undefined })
  const value = raw.value as Partial<StreamState> | null
  if (value === null || typeof value !== "object" || value.v !== 1 || typeof value.complete !== "boolean") {
    return Effect.fail(
      ConnectorError.make("config", `Stored state of stream "${stream.name}" is not a cxkit stream state`, {
        stream: stream.name
      })
    )
  }
  const stored = value as StreamState
  if (stored.checkpoint === undefined) return Effect.succeed({ stored, checkpoint: undefined })
  return Schema.decodeUnknownEffect(stream.state)(stored.checkpoint).pipe(
    Effect.map((checkpoint) => ({ stored, checkpoint })),
    Effect.mapError((error) =>
      ConnectorError.make(
        "config",
        `Stored checkpoint of stream "${stream.name}" does not match its state Schema: ${error.message}`,
        { stream: stream.name }
      )
    )
  )
}

const knownFieldsOf = (schema: Schema.Top): ReadonlySet<string> | undefined => {
  const fields = (schema as { readonly fields?: Record<string, unknown> }).fields
  return fields !== undefined && typeof fields === "object" ? new Set(Object.keys(fields)) : undefined
}

const stripUndefined = (state: {
  readonly mode: SourceStream.Mode
  readonly complete: boolean
  readonly checkpoint: unknown
  readonly cursor: SourceStream.CursorPosition | undefined
  readonly pending: SourceStream.CursorPosition | undefined
  readonly start?: SourceStream.CursorPosition | undefined
}): StreamState => ({
  v: 1,
  mode: state.mode,
  complete: state.complete,
  ...(state.checkpoint !== undefined ? { checkpoint: state.checkpoint } : {}),
  ...(state.cursor !== undefined ? { cursor: state.cursor } : {}),
  ...(state.pending !== undefined ? { pending: state.pending } : {}),
  ...(state.start !== undefined ? { start: state.start } : {})
})

/** Where a stream's records and state go: the destination's table, or only the state store. */
type Target =
  | { readonly _tag: "Store"; readonly store: StateStore.Store }
  | {
      readonly _tag: "Destination"
      readonly session: Destination.Session
      readonly tables: ReadonlyMap<string, Destination.Table>
      readonly mapping: ((event: RecordEvent<string, unknown>) => ReadonlyArray<Entity.Entity>) | undefined
    }

interface StreamContext {
  readonly target: Target
  readonly namespace: string
  readonly requestedMode: SourceStream.Mode
  readonly config: unknown
  readonly retryTimes: number
  readonly retryBase: Duration.Duration
  readonly progressEvery: number
  readonly commitRecords: number
  readonly commitMillis: number
}

type AnyEvent = SyncEvent<SourceStream.Any<unknown, unknown>>

const toConnectorError = (stream: string, cause: Cause.Cause<unknown>): ConnectorError.ConnectorError => {
  const error = Cause.findErrorOption(cause)
  if (Option.isSome(error) && ConnectorError.isConnectorError(error.value)) {
    return ConnectorError.withStream(error.value, stream)
  }
  const squashed = Cause.squash(cause)
  const detail = squashed instanceof Error ? `${squashed.name}: ${squashed.message}` : String(squashed)
  return ConnectorError.make("source-bug", `Stream "${stream}" died: ${detail}`, { stream })
}

const runStream = (
  stream: SourceStream.Any<unknown, unknown>,
  context: StreamContext
): Stream.Stream<AnyEvent, never, unknown> => {
  const mode: SourceStream.Mode =
    context.requestedMode === "incremental" && stream.cursorField !== undefined
      ? "incremental"
      : "full-refresh"
  const knownFields = knownFieldsOf(stream.schema as Schema.Top)
  const decodeRecord = Schema.decodeUnknownResult(stream.schema)
  const encodeState = Schema.encodeUnknownEffect(stream.state)
  const counters = { pages: 0, records: 0, deleted: 0, retries: 0, startedAt: 0 }
  const driftReported = new Set<string>()
  let lastGood: StreamState | undefined

  const progress = Effect.map(
    Clock.currentTimeMillis,
    (now): AnyEvent => ({
      _tag: "Progress",
      stream: stream.name,
      pages: counters.pages,
      records: counters.records,
      deleted: counters.deleted,
      retries: counters.retries,
      elapsedMillis: now - counters.startedAt
    })
  )

  const target = context.target
  const table = target._tag === "Destination" ? target.tables.get(stream.name) : undefined
  // With a destination: the records and deletions since the last commit, by key (the last
  // operation on a key wins; null is a deletion), and the full refresh the rows belong to.
  const pendingOps = new Map<string, Destination.Row | null>()
  // With a mapping: the CX model rows of each pending record (none for a deletion).
  const pendingModel = new Map<
    string,
    ReadonlyArray<{ readonly table: string; readonly row: Destination.Row }>
  >()
  const mapping = target._tag === "Destination" ? target.mapping : undefined
  const source = `${context.namespace}/${stream.name}`
  let generation = 1

  let lastCommitted: string | undefined
  let lastCommitAt = 0
  const commit = (
    state: StreamState
  ): Effect.Effect<ReadonlyArray<AnyEvent>, ConnectorError.ConnectorError> =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      // A destination commits several pages in one transaction (the state of the last one covers
      // them all); the end of a stream always commits.
      if (
        target._tag === "Destination" &&
        !state.complete &&
        pendingOps.size < context.commitRecords &&
        now - lastCommitAt < context.commitMillis
      ) {
        return Effect.succeed([])
      }
      lastCommitAt = now
      return commitNow(state)
    })
  const commitNow = (
    state: StreamState
  ): Effect.Effect<ReadonlyArray<AnyEvent>, ConnectorError.ConnectorError> => {
    const json = JSON.stringify(state)
    const sweep = state.mode === "full-refresh" && state.complete
    if (json === lastCommitted && pendingOps.size === 0 && !(sweep && target._tag === "Destination")) {
      return Effect.succeed([])
    }
    const write =
      target._tag === "Store"
        ? target.store.set(context.namespace, stream.name, state)
        : Effect.flatMap(Clock.currentTimeMillis, (now) => {
            const upserts: Array<Destination.Row> = []
            const deletes: Array<string> = []
            for (const [key, op] of pendingOps) {
              if (op === null) deletes.push(key)
              else upserts.push(op)
            }
            return target.session.apply({
              stream: stream.name,
              upserts,
              deletes,
              state,
              generation,
              sweep,
              syncedAt: new Date(now),
              ...(mapping === undefined
                ? {}
                : { model: { replaces: [...pendingModel.keys()], rows: [...pendingModel.values()].flat() } })
            })
          })
    return write.pipe(
      Effect.map(() => {
        pendingOps.clear()
        pendingModel.clear()
        lastGood = state
        lastCommitted = json
        return [{ _tag: "State", stream: stream.name, state }]
      })
    )
  }

  const attempt = (): Stream.Stream<AnyEvent, ConnectorError.ConnectorError, unknown> =>
    Stream.unwrap(
      Effect.gen(function* () {
        pendingOps.clear()
        pendingModel.clear()
        let raw: Option.Option<unknown>
        let committedGeneration = 0
        if (target._tag === "Store") raw = yield* target.store.get(context.namespace, stream.name)
        else {
          const loaded = yield* target.session.load(stream.name)
          raw = Option.map(loaded, (c) => c.state)
          committedGeneration = Option.match(loaded, { onNone: () => 0, onSome: (c) => c.generation })
        }
        const { stored, checkpoint: storedCheckpoint } = yield* decodeStored(stream, raw)
        lastGood = stored
        lastCommitted = stored === undefined ? undefined : JSON.stringify(stored)
        const sameMode = stored !== undefined && stored.mode === mode
        const resuming = sameMode && !stored.complete
        // A full refresh that starts afresh writes a new generation; its completion sweeps the older ones.
        generation =
          mode === "full-refresh" && !resuming ? committedGeneration + 1 : Math.max(committedGeneration, 1)
        // The committed high-water mark: used as the inclusive lower bound and for dedup.
        const committed = mode === "incremental" ? stored?.cursor : undefined
        const ascending = stream.order === "ascending" && mode === "incremental"
        const startState =
          resuming || (ascending && sameMode && stored.complete) ? (storedCheckpoint as unknown) : undefined
        // An unfinished ascending run resumes its checkpoint with the cursor it started from.
        const readFrom = resuming && ascending && storedCheckpoint !== undefined ? stored.start : committed
        const boundary = new HighWater(committed)
        const high = new HighWater(committed)
        const pending = new HighWater(resuming ? stored.pending : undefined)
        let lastCheckpoint: unknown
        let lastEncodedCheckpoint: string | undefined
        let reachedBottom = false

        // Plain loops (no generator) over the records of a page: this is the hot path.
        const admit = (value: SourceStream.CursorValue | undefined, key: string): boolean => {
          if (value === undefined || mode !== "incremental") return true
          if (stream.order === "ascending") return !high.has(value, key)
          if (boundary.value === undefined) return true
          const order = compareCursor(value, boundary.value)
          if (order === 0 && boundary.keys.has(key)) return false
          if (order < 0 && stream.order === "descending") {
            reachedBottom = true
            return false
          }
          return true
        }
        const observe = (value: SourceStream.CursorValue | undefined, key: string) => {
          if (value === undefined) return
          if (ascending) high.observe(value, key)
          else pending.observe(value, key)
        }
        const scan = (
          page: SourceStream.Page<unknown>,
          events: Array<AnyEvent>
        ): number | ConnectorError.ConnectorError => {
          let fresh = 0
          const records = page.records
          for (let i = 0; i < records.length; i++) {
            const rawRecord = records[i]
            const key = keyOf(rawRecord, stream.primaryKey)
            if (key === undefined) {
              return ConnectorError.make(
                "schema-drift",
                `Stream "${stream.name}": ${page.locations?.[i] ?? `record ${i} of page ${counters.pages}`} has no primary key (${stream.primaryKey.join(", ")})`,
                { stream: stream.name }
              )
            }
            const value = cursorValueOf(rawRecord, stream.cursorField)
            if (!admit(value, key)) continue
            const decoded = decodeRecord(rawRecord)
            if (Result.isFailure(decoded)) {
              return ConnectorError.make(
                "schema-drift",
                `Stream "${stream.name}": record "${key}" (${page.locations?.[i] ?? `page ${counters.pages}, record ${i}`}) does not match the record Schema: ${decoded.failure.message}`,
                { stream: stream.name }
              )
            }
            let unknownFields: Record<string, unknown> | undefined
            if (knownFields !== undefined && rawRecord !== null && typeof rawRecord === "object") {
              for (const field in rawRecord as Record<string, unknown>) {
                if (!knownFields.has(field)) {
                  unknownFields ??= {}
                  unknownFields[field] = (rawRecord as Record<string, unknown>)[field]
                }
              }
              if (unknownFields !== undefined) {
                const newFields = Object.keys(unknownFields).filter((f) => !driftReported.has(f))
                if (newFields.length > 0) {
                  for (const f of newFields) driftReported.add(f)
                  events.push({ _tag: "SchemaDrift", stream: stream.name, key, fields: newFields })
                }
              }
            }
            if (table !== undefined) {
              const values = valuesOf(table.columns, decoded.success, rawRecord)
              if (!Array.isArray(values)) {
                return ConnectorError.make(
                  "schema-drift",
                  `Stream "${stream.name}": record "${key}" field ${values.field}: ${JSON.stringify(values.value) ?? String(values.value)} does not fit column ${table.name}.${values.field} (${values.rule})`,
                  { stream: stream.name }
                )
              }
              pendingOps.delete(key)
              pendingOps.set(key, { key, values, record: JSON.stringify(rawRecord) })
            }
            const event: RecordEvent<string, unknown> = {
              _tag: "Record",
              stream: stream.name,
              key,
              record: decoded.success,
              unknownFields
            }
            if (mapping !== undefined) {
              const rows = modelRows(mapping(event), source, key)
              if (typeof rows === "string") {
                return ConnectorError.make(
                  "source-bug",
                  `Stream "${stream.name}": record "${key}" maps to an entity that does not fit the CX tables: ${rows}`,
                  { stream: stream.name }
                )
              }
              pendingModel.delete(key)
              pendingModel.set(key, rows)
            }
            observe(value, key)
            fresh++
            events.push(event)
          }
          counters.records += fresh
          for (const gone of page.deleted ?? []) {
            const key = keyOf(gone, stream.primaryKey)
            if (key === undefined) {
              return ConnectorError.make(
                "source-bug",
                `Stream "${stream.name}": a deletion on page ${counters.pages} has no primary key`,
                { stream: stream.name }
              )
            }
            // a tombstone carrying the cursor field moves the high-water mark like a record
            const value = cursorValueOf(gone, stream.cursorField)
            if (!admit(value, key)) continue
            observe(value, key)
            fresh++
            counters.deleted++
            if (table !== undefined) {
              pendingOps.delete(key)
              pendingOps.set(key, null)
              if (mapping !== undefined) {
                pendingModel.delete(key)
                pendingModel.set(key, [])
              }
            }
            events.push({ _tag: "Deleted", stream: stream.name, key })
          }
          return fresh
        }

        const processPage = (page: SourceStream.Page<unknown>) =>
          Effect.gen(function* () {
            counters.pages++
            const events: Array<AnyEvent> = []
            const scanned = scan(page, events)
            if (typeof scanned !== "number") return yield* scanned
            const fresh = scanned
            let state: StreamState | undefined
            if (page.checkpoint !== undefined) {
              lastCheckpoint = yield* encodeState(page.checkpoint).pipe(
                Effect.mapError((error) =>
                  ConnectorError.make(
                    "source-bug",
                    `Stream "${stream.name}" emitted a checkpoint that does not match its state Schema: ${error.message}`,
                    { stream: stream.name }
                  )
                )
              )
              const encoded = JSON.stringify(lastCheckpoint)
              if (encoded === lastEncodedCheckpoint && fresh === 0 && page.records.length > 0) {
                return yield* ConnectorError.make(
                  "source-bug",
                  `Stream "${stream.name}": pagination loop, checkpoint ${encoded} repeated without new records`,
                  { stream: stream.name }
                )
              }
              lastEncodedCheckpoint = encoded
            } else {
              lastCheckpoint = undefined
            }
            if (page.checkpoint !== undefined || (ascending && fresh > 0)) {
              state = stripUndefined({
                mode,
                complete: false,
                checkpoint: lastCheckpoint,
                cursor: ascending ? high.position() : committed,
                pending: ascending ? undefined : pending.position(),
                start: ascending && lastCheckpoint !== undefined ? readFrom : undefined
              })
            }
            return { events, state, stop: reachedBottom }
          })

        const finish = Effect.gen(function* () {
          const cursor = ascending ? high.position() : maxPosition(committed, pending.position())
          const state = stripUndefined({
            mode,
            complete: true,
            checkpoint: ascending ? lastCheckpoint : undefined,
            cursor: stream.cursorField !== undefined ? cursor : undefined,
            pending: undefined
          })
          const committedEvents = yield* commit(state)
          return [
            ...committedEvents,
            yield* progress,
            { _tag: "Status", stream: stream.name, status: "completed", mode } as AnyEvent
          ]
        })

        const pages = stream.read({ config: context.config, mode, state: startState, cursor: readFrom }).pipe(
          Stream.mapEffect(processPage),
          Stream.takeUntil((page) => page.stop),
          Stream.flatMap((page) => {
            const records = Stream.fromArray(page.events)
            const tail: Array<Stream.Stream<AnyEvent, ConnectorError.ConnectorError>> = []
            if (page.state !== undefined)
              tail.push(Stream.unwrap(Effect.map(commit(page.state), Stream.fromArray)))
            if (counters.pages % context.progressEvery === 0) tail.push(Stream.fromEffect(progress))
            return tail.reduce((acc, next) => Stream.concat(acc, next), records)
          })
        )
        return Stream.concat(pages, Stream.unwrap(Effect.map(finish, Stream.fromArray)))
      })
    )

  const withRetries = (n: number): Stream.Stream<AnyEvent, never, unknown> =>
    attempt().pipe(
      Stream.catchCause((cause) => {
        if (Cause.hasInterruptsOnly(cause)) return Stream.failCause(cause as Cause.Cause<never>)
        const error = toConnectorError(stream.name, cause)
        if (error.isRetryable && n < context.retryTimes) {
          const backoff = Duration.toMillis(context.retryBase) * 2 ** n * (0.8 + Math.random() * 0.4)
          const delay = Math.max(backoff, error.retryAfterMs ?? 0)
          counters.retries++
          return Stream.unwrap(Effect.as(Effect.sleep(Duration.millis(delay)), withRetries(n + 1)))
        }
        return Stream.unwrap(
          Effect.map(progress, (p) =>
            Stream.fromArray<AnyEvent>([
              p,
              { _tag: "Status", stream: stream.name, status: "failed", mode, error, lastState: lastGood }
            ])
          )
        )
      })
    )

  const started: AnyEvent = { _tag: "Status", stream: stream.name, status: "started", mode }
  const refused = target._tag === "Destination" ? target.session.failed.get(stream.name) : undefined
  if (refused !== undefined) {
    // The destination cannot take this stream (e.g. a column changed type): read nothing.
    return Stream.make<Array<AnyEvent>>(started, {
      _tag: "Status",
      stream: stream.name,
      status: "failed",
      mode,
      error: refused,
      lastState: undefined
    })
  }
  const migrated: Array<AnyEvent> =
    target._tag === "Destination" && table !== undefined
      ? target.session.migrations
          .filter((m) => m.table === table.name)
          .map((m) => ({ _tag: "Migration", stream: stream.name, table: m.table, added: m.added }))
      : []
  return Stream.unwrap(
    Effect.map(Clock.currentTimeMillis, (now) => {
      counters.startedAt = now
      lastCommitAt = now
      return Stream.concat(Stream.fromArray([started, ...migrated]), withRetries(0))
    })
  )
}

/**
 * Syncs a connector: an Effect `Stream` of events, streams one after another in a
 * deterministic order.
 *
 * Details:
 * - Records come before the `State` event that covers them; a state is committed to the store
 *   only when the consumer pulls its event, so a crash never commits unconsumed records.
 * - Incremental reads are inclusive (`cursor >= last`); records already delivered at the
 *   boundary value are dropped by primary key, so ties across a page break are neither lost
 *   nor repeated.
 * - Resuming (after a crash, an interruption or a failure) starts from the last committed state
 *   and loses nothing; full-refresh runs resume mid-way from their last checkpoint.
 * - Descending streams stop reading once they pass the previous high-water mark and commit the
 *   new one only then; mid-run checkpoints keep the old mark.
 * - A failing stream emits `Status: failed` with its last good state; the others go on.
 *   Retryable errors restart the stream from its last state first.
 * - Unknown fields are kept (`unknownFields`) and reported by `SchemaDrift`; a changed field
 *   type fails the stream with reason `schema-drift`.
 * - The connector's layer is built once per run; a failure there (e.g. refused credentials)
 *   fails the whole run.
 *
 * @example
 * ```ts
 * import { Effect, Layer, Schema, Stream } from "effect"
 * import { Connector, SourceStream, Sync } from "@cxkit/connectors"
 *
 * const notes = SourceStream.make()({
 *   name: "notes",
 *   schema: Schema.Struct({ id: Schema.String, at: Schema.Number }),
 *   primaryKey: "id",
 *   cursorField: "at",
 *   order: "ascending",
 *   state: Schema.Undefined,
 *   read: ({ cursor }) =>
 *     Stream.make({ records: [{ id: "a", at: 1 }, { id: "b", at: 2 }].filter((r) => r.at >= Number(cursor?.value ?? 0)) })
 * })
 * const connector = Connector.make({
 *   id: "notes-app", version: "1.0.0", config: Schema.Struct({}),
 *   check: () => Effect.void, streams: [notes], layer: () => Layer.empty
 * })
 * const tags = Effect.runSync(
 *   Stream.runCollect(Stream.map(Sync.run(connector, { config: {} }), (e) => e._tag))
 * )
 * console.log(tags) // [ 'Status', 'Record', 'Record', 'State', 'State', 'Progress', 'Status' ]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const run = <C extends Connector.Any>(
  connector: C,
  options: RunOptions<Connector.ConfigOf<C>, Connector.StreamName<C>, RecordEventOf<C>>
): Stream.Stream<EventOf<C>, ConnectorError.ConnectorError, Connector.Requirements<C>> =>
  Stream.unwrap(
    Effect.gen(function* () {
      const discovered =
        connector.discover === undefined
          ? []
          : yield* connector.discover(options.config) as Effect.Effect<
              ReadonlyArray<SourceStream.Any<unknown, unknown>>,
              ConnectorError.ConnectorError
            >
      const all = [...(connector.streams as ReadonlyArray<SourceStream.Any<unknown, unknown>>), ...discovered]
      const names = new Set<string>()
      for (const s of all) {
        if (names.has(s.name)) {
          return yield* ConnectorError.make(
            "config",
            `Connector "${connector.id}": stream "${s.name}" is declared twice`
          )
        }
        names.add(s.name)
      }
      const selected =
        options.streams === undefined
          ? all
          : all.filter((s) => (options.streams as ReadonlyArray<string>).includes(s.name))
      for (const name of options.streams ?? []) {
        if (!names.has(name)) {
          return yield* ConnectorError.make("config", `Connector "${connector.id}" has no stream "${name}"`)
        }
      }
      const namespace = options.stateKey ?? connector.id
      let target: Target
      if (options.destination !== undefined) {
        const streamTables = yield* Destination.catalog(namespace, selected as never)
        const mapping = options.mapping as
          | ((event: RecordEvent<string, unknown>) => ReadonlyArray<Entity.Entity>)
          | undefined
        const catalog = mapping === undefined ? streamTables : { ...streamTables, model: modelTables }
        const session = yield* options.destination.open(catalog)
        target = {
          _tag: "Destination",
          session,
          tables: new Map(catalog.tables.map((t) => [t.stream, t])),
          mapping
        }
      } else {
        if (options.stateStore !== undefined) yield* checkStore(options.stateStore)
        const fromContext = yield* Effect.serviceOption(StateStore.StateStore)
        const store =
          options.stateStore ?? Option.getOrUndefined(fromContext) ?? (yield* StateStore.makeMemory)
        target = { _tag: "Store", store }
      }
      const context: StreamContext = {
        target,
        namespace,
        requestedMode: options.mode ?? "incremental",
        config: options.config,
        retryTimes: options.retry?.times ?? 3,
        retryBase: Duration.fromInputUnsafe(options.retry?.base ?? "1 second"),
        progressEvery: Math.max(1, options.progressEvery ?? 50),
        commitRecords: Math.max(1, options.commitEvery?.records ?? 1),
        commitMillis: Math.max(0, options.commitEvery?.millis ?? 0)
      }
      return selected.reduce(
        (acc: Stream.Stream<AnyEvent, never, unknown>, s) => Stream.concat(acc, runStream(s, context)),
        Stream.empty
      ) as Stream.Stream<EventOf<C>, ConnectorError.ConnectorError, unknown>
    })
  ).pipe(
    Stream.provide(
      connector.layer(options.config) as Layer.Layer<unknown, ConnectorError.ConnectorError, unknown>
    )
  ) as never

// A Promise caller who awaits `StateStore.makeFile(path)` gets the Effect itself back (an Effect
// is not a thenable) and would pass it on as the store; say so instead of failing later inside
// the runner with "yield* (intermediate value) is not iterable".
const checkStore = (store: unknown): Effect.Effect<void, ConnectorError.ConnectorError> => {
  if (Effect.isEffect(store)) {
    return Effect.fail(
      ConnectorError.make(
        "config",
        "options.stateStore is an Effect, not a store: StateStore.makeFile(path) returns an Effect; " +
          "yield* it in Effect code, or use `await StateStore.openFile(path)` in Promise code"
      )
    )
  }
  const methods = ["get", "set", "delete", "entries"] as const
  const missing = methods.filter(
    (name) =>
      typeof store !== "object" ||
      store === null ||
      typeof (store as Record<string, unknown>)[name] !== "function"
  )
  return missing.length === 0
    ? Effect.void
    : Effect.fail(
        ConnectorError.make(
          "config",
          `options.stateStore must be a StateStore.Store (functions ${methods.join(", ")}); it has no ${missing.join(", ")}`
        )
      )
}

/**
 * The record events of a sync of connector `C`: what a mapping takes.
 *
 * @since 0.1.0
 * @category models
 */
export type RecordEventOf<C> = Extract<EventOf<C>, { readonly _tag: "Record" }>

type ProvideOption<RIn> = [RIn] extends [HttpClient.HttpClient]
  ? { readonly layer?: Layer.Layer<RIn, ConnectorError.ConnectorError> | undefined }
  : { readonly layer: Layer.Layer<RIn, ConnectorError.ConnectorError> }

/**
 * Options of `toArray` / `toAsyncIterable`: those of `run`, plus the layer providing what the
 * connector's layer needs (default: the fetch-based `HttpClient`).
 *
 * @example
 * ```ts
 * import type { Connector, Sync } from "@cxkit/connectors"
 *
 * type Options = Sync.PromiseOptions<Connector.Any>
 * const keys: Array<keyof Options> = ["config", "streams", "mode"]
 * console.log(keys)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type PromiseOptions<C extends Connector.Any> = RunOptions<
  Connector.ConfigOf<C>,
  Connector.StreamName<C>,
  RecordEventOf<C>
> &
  ProvideOption<Connector.Requirements<C>>

const provided = <C extends Connector.Any>(connector: C, options: PromiseOptions<C>) =>
  run(connector, options).pipe(
    Stream.provide(
      ((options as { readonly layer?: unknown }).layer ?? FetchHttpClient.layer) as Layer.Layer<
        Connector.Requirements<C>
      >
    )
  ) as Stream.Stream<EventOf<C>, ConnectorError.ConnectorError>

/**
 * Runs a sync to completion and resolves with all its events (for Promise users). Rejects with
 * the `ConnectorError` when the whole run fails (e.g. the connector's layer cannot be built).
 *
 * @example
 * ```ts
 * import { Effect, Layer, Schema, Stream } from "effect"
 * import { Connector, SourceStream, Sync } from "@cxkit/connectors"
 *
 * const notes = SourceStream.make()({
 *   name: "notes", schema: Schema.Struct({ id: Schema.String }), primaryKey: "id",
 *   state: Schema.Undefined, read: () => Stream.make({ records: [{ id: "a" }] })
 * })
 * const connector = Connector.make({
 *   id: "notes-app", version: "1.0.0", config: Schema.Struct({}),
 *   check: () => Effect.void, streams: [notes], layer: () => Layer.empty
 * })
 * Sync.toArray(connector, { config: {} }).then((events) => console.log(events.length)) // 5
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const toArray = <C extends Connector.Any>(
  connector: C,
  options: PromiseOptions<C>
): Promise<ReadonlyArray<EventOf<C>>> => Effect.runPromise(Stream.runCollect(provided(connector, options)))

/**
 * The events of a sync as an `AsyncIterable` (for `for await`); breaking out of the loop stops
 * the sync without committing state for records not yet pulled.
 *
 * @example
 * ```ts
 * import { Effect, Layer, Schema, Stream } from "effect"
 * import { Connector, SourceStream, Sync } from "@cxkit/connectors"
 *
 * const notes = SourceStream.make()({
 *   name: "notes", schema: Schema.Struct({ id: Schema.String }), primaryKey: "id",
 *   state: Schema.Undefined, read: () => Stream.make({ records: [{ id: "a" }] })
 * })
 * const connector = Connector.make({
 *   id: "notes-app", version: "1.0.0", config: Schema.Struct({}),
 *   check: () => Effect.void, streams: [notes], layer: () => Layer.empty
 * })
 * const main = async () => {
 *   for await (const event of Sync.toAsyncIterable(connector, { config: {} })) {
 *     if (event._tag === "Record") console.log(event.key) // a
 *   }
 * }
 * main()
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const toAsyncIterable = <C extends Connector.Any>(
  connector: C,
  options: PromiseOptions<C>
): AsyncIterable<EventOf<C>> => Stream.toAsyncIterable(provided(connector, options))

/**
 * The records of a list of events, for one stream.
 *
 * @example
 * ```ts
 * import { Sync } from "@cxkit/connectors"
 *
 * const events: ReadonlyArray<Sync.SyncEvent<never>> = [{ _tag: "Deleted", stream: "s", key: "k" }]
 * console.log(Sync.records(events, "s")) // []
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const records = <E extends { readonly _tag: string; readonly stream: string }, const N extends string>(
  events: Iterable<E>,
  stream: N
): Array<Extract<E, { readonly _tag: "Record"; readonly stream: N }>> => {
  const out: Array<Extract<E, { readonly _tag: "Record"; readonly stream: N }>> = []
  for (const event of events) {
    if (event._tag === "Record" && event.stream === stream) {
      out.push(event as Extract<E, { readonly _tag: "Record"; readonly stream: N }>)
    }
  }
  return out
}
