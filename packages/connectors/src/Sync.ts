/**
 * The sync runner: reads a connector's streams and turns them into one ordered stream of
 * events, owning state, resumption, deduplication, retries and failure isolation.
 *
 * @module
 * @since 0.1.0
 */

import type { Entity } from "@cxkit/core"
import { Duration, Effect, type Layer, Option, Stream } from "effect"
import { FetchHttpClient, type HttpClient } from "effect/http"
import type * as Connector from "./Connector.ts"
import * as ConnectorError from "./ConnectorError.ts"
import * as Destination from "./Destination.ts"
import type { Erased } from "./internal/erased.ts"
import { modelTables } from "./internal/model.ts"
import type { AnyEvent, StreamContext, Target } from "./internal/runner/context.ts"
import { runStream } from "./internal/runner/stream.ts"
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
