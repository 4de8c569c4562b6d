/**
 * Declaring a connector's streams. Named `SourceStream` so it never clashes with effect's
 * `Stream`, which a stream's `read` returns.
 *
 * @module
 * @since 0.1.0
 */
import type { Schema, Stream } from "effect"
import type { ConnectorError } from "./ConnectorError.ts"
import type { Erased } from "./internal/erased.ts"

/**
 * The order in which a stream's source returns records by cursor value.
 *
 * - `ascending`: oldest first; the runner can advance the cursor after every page.
 * - `descending`: newest first (social feeds, review sites); the new high-water mark is
 *   committed only once the run has read down to the previous one.
 * - `unordered`: no order; the new high-water mark is committed only at the end of the run.
 *
 * @example
 * ```ts
 * import type { SourceStream } from "@cxkit/connectors"
 *
 * const order: SourceStream.Order = "descending"
 * console.log(order)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Order = "ascending" | "descending" | "unordered"

/**
 * How a stream is read: everything again (`full-refresh`) or what changed since the last
 * run (`incremental`, which needs a cursor field).
 *
 * @example
 * ```ts
 * import type { SourceStream } from "@cxkit/connectors"
 *
 * const mode: SourceStream.Mode = "incremental"
 * console.log(mode)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Mode = "full-refresh" | "incremental"

/**
 * A cursor value as the source wrote it (a number or a string such as an ISO timestamp).
 *
 * @example
 * ```ts
 * import type { SourceStream } from "@cxkit/connectors"
 *
 * const value: SourceStream.CursorValue = "2024-05-01T10:00:00Z"
 * console.log(value)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CursorValue = string | number

/**
 * The high-water mark the runner keeps for an incremental stream: the largest cursor value
 * delivered and the primary keys delivered at exactly that value. Sources are asked for
 * records with `cursor >= value` (inclusive); the runner drops the listed keys again, so ties
 * at the boundary are neither lost nor repeated.
 *
 * @example
 * ```ts
 * import type { SourceStream } from "@cxkit/connectors"
 *
 * const position: SourceStream.CursorPosition = { value: 1714557600, keys: ["c-17", "c-18"] }
 * console.log(position.keys.length)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface CursorPosition {
  readonly value: CursorValue
  readonly keys: ReadonlyArray<string>
}

/**
 * One page a stream's `read` emits: the records as the source sent them (the runner decodes
 * them with the stream's Schema), optionally where each comes from, optional deletions
 * (objects carrying the primary-key fields) and an optional checkpoint, the state from which `read` can resume once these records are
 * delivered.
 *
 * @example
 * ```ts
 * import type { SourceStream } from "@cxkit/connectors"
 *
 * const page: SourceStream.Page<{ readonly after: string }> = {
 *   records: [{ id: "1", updatedAt: 10 }],
 *   deleted: [{ id: "0" }],
 *   checkpoint: { after: "1" }
 * }
 * console.log(page.records.length)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Page<S> {
  readonly records: ReadonlyArray<unknown>
  /** Where each record comes from (e.g. `"contacts.csv line 17"`), used in error messages. */
  readonly locations?: ReadonlyArray<string> | undefined
  readonly deleted?: ReadonlyArray<unknown> | undefined
  readonly checkpoint?: S | undefined
}

/**
 * What the runner passes to `read`.
 *
 * - `state`: the last checkpoint committed for this stream in an unfinished run (resume from
 *   it), or, for an `ascending` incremental stream, the last page checkpoint of the previous
 *   complete run; `undefined` to start from the beginning.
 * - `cursor`: the high-water mark of the previous complete incremental run (ask the source for
 *   `cursor >= cursor.value`); `undefined` in full-refresh mode and on the first run. A run that
 *   resumes a checkpoint gets the cursor that checkpoint was made under (so resuming an
 *   unfinished first run gets `undefined` again, never a mark from the middle of it); a stream
 *   without checkpoints resumes from the runner's mark so far.
 *
 * @example
 * ```ts
 * import type { SourceStream } from "@cxkit/connectors"
 *
 * const args: SourceStream.ReadArgs<{ readonly baseUrl: string }, undefined> = {
 *   config: { baseUrl: "http://127.0.0.1:8080" },
 *   mode: "incremental",
 *   state: undefined,
 *   cursor: { value: 42, keys: ["a"] }
 * }
 * console.log(args.cursor?.value)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ReadArgs<Config, S> {
  readonly config: Config
  readonly mode: Mode
  readonly state: S | undefined
  readonly cursor: CursorPosition | undefined
}

/**
 * A declared stream of a connector.
 *
 * @example
 * ```ts
 * import { Schema, Stream } from "effect"
 * import { SourceStream } from "@cxkit/connectors"
 *
 * const notes: SourceStream.SourceStream<"notes", { readonly id: string }, undefined, unknown, never> =
 *   SourceStream.make()({
 *     name: "notes",
 *     schema: Schema.Struct({ id: Schema.String }),
 *     primaryKey: "id",
 *     state: Schema.Undefined,
 *     read: () => Stream.make({ records: [{ id: "n1" }] })
 *   })
 * console.log(notes.order) // unordered
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface SourceStream<out Name extends string, out A, in out S, in Config, out R> {
  readonly name: Name
  readonly schema: Schema.Codec<A, unknown>
  readonly primaryKey: ReadonlyArray<string>
  readonly cursorField: string | undefined
  readonly order: Order
  readonly state: Schema.Codec<S, unknown>
  readonly description: string | undefined
  readonly read: (args: ReadArgs<Config, S>) => Stream.Stream<Page<S>, ConnectorError, R>
}

/**
 * Any stream readable with a given config and services.
 *
 * @example
 * ```ts
 * import type { SourceStream } from "@cxkit/connectors"
 *
 * type Streams = ReadonlyArray<SourceStream.Any<{ readonly token: string }, never>>
 * const none: Streams = []
 * console.log(none.length)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Any<Config, R> = SourceStream<string, unknown, Erased, Config, R>

/**
 * The record type of a stream.
 *
 * @example
 * ```ts
 * import { Schema, Stream } from "effect"
 * import { SourceStream } from "@cxkit/connectors"
 *
 * const tags = SourceStream.make()({
 *   name: "tags",
 *   schema: Schema.Struct({ id: Schema.Number }),
 *   primaryKey: "id",
 *   state: Schema.Undefined,
 *   read: () => Stream.make({ records: [{ id: 1 }] })
 * })
 * const tag: SourceStream.RecordOf<typeof tags> = { id: 1 }
 * console.log(tag.id)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type RecordOf<S> = S extends SourceStream<Erased, infer A, Erased, Erased, Erased> ? A : never

/**
 * What `make` takes. `primaryKey` and `cursorField` name fields of the record (the same name
 * in the source's JSON); `order` defaults to `unordered`.
 *
 * @example
 * ```ts
 * import type { SourceStream } from "@cxkit/connectors"
 *
 * type Fields = keyof SourceStream.Options<"x", { readonly id: string }, { readonly id: string }, undefined, unknown, never>
 * const field: Fields = "primaryKey"
 * console.log(field)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Options<Name extends string, A, I, S, Config, R> {
  readonly name: Name
  readonly schema: Schema.Codec<A, I>
  readonly primaryKey: (keyof A & keyof I & string) | ReadonlyArray<keyof A & keyof I & string>
  readonly cursorField?: keyof A & keyof I & string
  readonly order?: Order
  readonly state: Schema.Codec<S, unknown>
  readonly description?: string
  readonly read: (args: ReadArgs<Config, NoInfer<S>>) => Stream.Stream<Page<NoInfer<S>>, ConnectorError, R>
}

/**
 * Declares a stream. Curried so the config type can be fixed first:
 * `SourceStream.make<typeof MyConfig.Type>()({ ... })`.
 *
 * When to use: every stream of every connector.
 *
 * Gotchas: `read` emits raw records; the runner decodes them, keeps unknown fields (reported
 * as drift) and fails the stream when a field changed type.
 *
 * @example
 * ```ts
 * import { Schema, Stream } from "effect"
 * import { SourceStream } from "@cxkit/connectors"
 *
 * const contacts = SourceStream.make<{ readonly pageSize: number }>()({
 *   name: "contacts",
 *   schema: Schema.Struct({ id: Schema.String, updatedAt: Schema.Number }),
 *   primaryKey: "id",
 *   cursorField: "updatedAt",
 *   order: "ascending",
 *   state: Schema.Undefined,
 *   read: ({ cursor }) =>
 *     Stream.make({ records: [{ id: "c1", updatedAt: Number(cursor?.value ?? 0) + 1 }] })
 * })
 * console.log(contacts.name, contacts.primaryKey) // contacts [ 'id' ]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make =
  <Config = unknown>() =>
  <const Name extends string, A, I, S, R = never>(
    options: Options<Name, A, I, S, Config, R>
  ): SourceStream<Name, A, S, Config, R> => ({
    name: options.name,
    schema: options.schema,
    primaryKey: typeof options.primaryKey === "string" ? [options.primaryKey] : [...options.primaryKey],
    cursorField: options.cursorField,
    order: options.order ?? "unordered",
    state: options.state,
    description: options.description,
    read: options.read
  })
