/**
 * File sources: CSV (parsed by csv-parse) and JSON Lines files, e.g. CRM exports, as streams
 * of a connector. Files are read as streams, page by page, so memory stays constant whatever
 * their size; every record carries its line number into decode errors; the checkpoint is the
 * last line delivered, so an interrupted import resumes where it stopped.
 *
 * CSV cells are strings: declare fields that hold numbers or dates with string-decoding
 * schemas (`Schema.FiniteFromString`, `Schema.DateTimeUtcFromString`). Prefer
 * `FiniteFromString` to `NumberFromString`, which decodes `"abc"` to `NaN`.
 *
 * @since 0.1.0
 */
import { createReadStream } from "node:fs"
import { access } from "node:fs/promises"
import { createInterface } from "node:readline"
import { parse } from "csv-parse"
import { Effect, Layer, Schema, Stream } from "effect"
import * as Connector from "./Connector.ts"
import * as ConnectorError from "./ConnectorError.ts"
import * as SourceStream from "./SourceStream.ts"

/**
 * The checkpoint of a file stream: the last line delivered (1-based, header included).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { FileSource } from "@cxkit/connectors"
 *
 * console.log(Schema.decodeUnknownSync(FileSource.LineState)({ line: 120 })) // { line: 120 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const LineState = Schema.Struct({ line: Schema.Number })

/**
 * @since 0.1.0
 * @category models
 */
export type LineState = typeof LineState.Type

/**
 * Options of a file stream. `path` may depend on the connector's config; `pageSize` records
 * are read per page (default 1000).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import type { FileSource } from "@cxkit/connectors"
 *
 * const options: FileSource.Options<"contacts", { readonly id: string }, { readonly id: string }, { readonly dir: string }> = {
 *   name: "contacts", path: (config) => `${config.dir}/contacts.csv`, schema: Schema.Struct({ id: Schema.String }), primaryKey: "id"
 * }
 * console.log(options.name)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Options<Name extends string, A, I, Config> {
  readonly name: Name
  readonly path: string | ((config: Config) => string)
  readonly schema: Schema.Codec<A, I>
  readonly primaryKey: (keyof A & keyof I & string) | ReadonlyArray<keyof A & keyof I & string>
  readonly cursorField?: (keyof A & keyof I & string) | undefined
  readonly order?: SourceStream.Order | undefined
  readonly pageSize?: number | undefined
}

/**
 * Options of csv-parse that a CSV stream passes through (`delimiter`, `quote`, …). `columns`
 * is always `true` (the first line names the fields).
 *
 * @example
 * ```ts
 * import type { FileSource } from "@cxkit/connectors"
 *
 * const csv: FileSource.CsvOptions = { delimiter: ";" }
 * console.log(csv.delimiter)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface CsvOptions {
  readonly delimiter?: string | undefined
  readonly quote?: string | undefined
  readonly escape?: string | undefined
  readonly trim?: boolean | undefined
  readonly encoding?: BufferEncoding | undefined
}

const fileError = (stream: string, path: string, cause: unknown) => {
  const error = cause as NodeJS.ErrnoException
  const reason =
    error?.code === "ENOENT" || error?.code === "EACCES" || error?.code === "EISDIR" ? "config" : "source-bug"
  return ConnectorError.make(
    reason,
    `Stream "${stream}": cannot read ${path}: ${error?.message ?? String(cause)}`,
    {
      stream
    }
  )
}

type Row = { readonly record: unknown; readonly line: number }

const pages =
  <Config>(
    name: string,
    pathOf: string | ((config: Config) => string),
    pageSize: number,
    rows: (path: string) => AsyncIterable<Row>
  ) =>
  (
    args: SourceStream.ReadArgs<Config, LineState>
  ): Stream.Stream<SourceStream.Page<LineState>, ConnectorError.ConnectorError> => {
    const path = typeof pathOf === "string" ? pathOf : pathOf(args.config)
    const skipUntil = args.state?.line ?? 0
    async function* batches(): AsyncGenerator<SourceStream.Page<LineState>> {
      let records: Array<unknown> = []
      let locations: Array<string> = []
      let last = skipUntil
      for await (const row of rows(path)) {
        if (row.line <= skipUntil) continue
        records.push(row.record)
        locations.push(`${path} line ${row.line}`)
        last = row.line
        if (records.length >= pageSize) {
          yield { records, locations, checkpoint: { line: last } }
          records = []
          locations = []
        }
      }
      if (records.length > 0) yield { records, locations, checkpoint: { line: last } }
    }
    return Stream.unwrap(
      Effect.tryPromise({ try: () => access(path), catch: (cause) => fileError(name, path, cause) }).pipe(
        Effect.as(
          Stream.fromAsyncIterable(batches(), (cause) =>
            ConnectorError.isConnectorError(cause) ? cause : fileError(name, path, cause)
          )
        )
      )
    )
  }

const streamOf = <Name extends string, A, I, Config>(
  options: Options<Name, A, I, Config>,
  read: (
    args: SourceStream.ReadArgs<Config, LineState>
  ) => Stream.Stream<SourceStream.Page<LineState>, ConnectorError.ConnectorError>
): SourceStream.SourceStream<Name, A, LineState, Config, never> =>
  SourceStream.make<Config>()({
    name: options.name,
    schema: options.schema,
    primaryKey: options.primaryKey,
    ...(options.cursorField !== undefined ? { cursorField: options.cursorField } : {}),
    ...(options.order !== undefined ? { order: options.order } : {}),
    state: LineState,
    read
  })

/**
 * A stream over a CSV file whose first line names the fields.
 *
 * @example
 * ```ts
 * import { Effect, Schema, Stream } from "effect"
 * import { mkdtempSync, writeFileSync } from "node:fs"
 * import { tmpdir } from "node:os"
 * import { join } from "node:path"
 * import { FileSource, Sync } from "@cxkit/connectors"
 *
 * const path = join(mkdtempSync(join(tmpdir(), "cx-")), "contacts.csv")
 * writeFileSync(path, "id,score\nc1,9\nc2,4\n")
 * const contacts = FileSource.csv({
 *   name: "contacts", path, primaryKey: "id",
 *   schema: Schema.Struct({ id: Schema.String, score: Schema.FiniteFromString })
 * })
 * const connector = FileSource.connector({ id: "crm-export", version: "1.0.0", streams: [contacts] })
 * Sync.toArray(connector, { config: {} }).then((events) =>
 *   console.log(Sync.records(events, "contacts").map((e) => e.record)) // [ { id: 'c1', score: 9 }, { id: 'c2', score: 4 } ]
 * )
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const csv = <const Name extends string, A, I, Config = unknown>(
  options: Options<Name, A, I, Config> & { readonly csv?: CsvOptions | undefined }
): SourceStream.SourceStream<Name, A, LineState, Config, never> =>
  streamOf(
    options,
    pages(options.name, options.path, options.pageSize ?? 1000, (path) => {
      const parser = createReadStream(path, { encoding: options.csv?.encoding ?? "utf8" }).pipe(
        parse({
          columns: true,
          bom: true,
          info: true,
          skip_empty_lines: true,
          ...(options.csv?.delimiter !== undefined ? { delimiter: options.csv.delimiter } : {}),
          ...(options.csv?.quote !== undefined ? { quote: options.csv.quote } : {}),
          ...(options.csv?.escape !== undefined ? { escape: options.csv.escape } : {}),
          ...(options.csv?.trim !== undefined ? { trim: options.csv.trim } : {})
        })
      )
      return (async function* () {
        for await (const entry of parser as AsyncIterable<{ record: unknown; info: { lines: number } }>) {
          yield { record: entry.record, line: entry.info.lines }
        }
      })()
    })
  )

/**
 * A stream over a JSON Lines file (one JSON object per line; blank lines are skipped; a line
 * that is not JSON fails the stream with its line number).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { mkdtempSync, writeFileSync } from "node:fs"
 * import { tmpdir } from "node:os"
 * import { join } from "node:path"
 * import { FileSource, Sync } from "@cxkit/connectors"
 *
 * const path = join(mkdtempSync(join(tmpdir(), "cx-")), "tickets.jsonl")
 * writeFileSync(path, '{"id":"t1","csat":5}\n{"id":"t2","csat":"bad"}\n')
 * const tickets = FileSource.jsonLines({
 *   name: "tickets", path, primaryKey: "id", schema: Schema.Struct({ id: Schema.String, csat: Schema.Number })
 * })
 * const connector = FileSource.connector({ id: "desk-export", version: "1.0.0", streams: [tickets] })
 * Sync.toArray(connector, { config: {} }).then((events) => {
 *   const failed = events.find((e) => e._tag === "Status" && e.status === "failed")
 *   console.log(failed?._tag === "Status" && failed.status === "failed" && failed.error.message.includes("line 2")) // true
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const jsonLines = <const Name extends string, A, I, Config = unknown>(
  options: Options<Name, A, I, Config>
): SourceStream.SourceStream<Name, A, LineState, Config, never> =>
  streamOf(
    options,
    pages(options.name, options.path, options.pageSize ?? 1000, (path) =>
      (async function* () {
        const lines = createInterface({
          input: createReadStream(path, { encoding: "utf8" }),
          crlfDelay: Number.POSITIVE_INFINITY
        })
        let line = 0
        for await (const text of lines) {
          line++
          if (text.trim().length === 0) continue
          let record: unknown
          try {
            record = JSON.parse(text)
          } catch (error) {
            throw ConnectorError.make(
              "source-bug",
              `Stream "${options.name}": ${path} line ${line} is not JSON: ${(error as Error).message}`,
              { stream: options.name }
            )
          }
          yield { record, line }
        }
      })()
    )
  )

/**
 * A connector made only of file streams (no credentials, no services).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { FileSource } from "@cxkit/connectors"
 *
 * const connector = FileSource.connector({
 *   id: "exports", version: "1.0.0",
 *   streams: [FileSource.csv({ name: "deals", path: "./deals.csv", primaryKey: "id", schema: Schema.Struct({ id: Schema.String }) })]
 * })
 * console.log(connector.streams[0].name) // deals
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const connector = <
  const Id extends string,
  const Streams extends ReadonlyArray<SourceStream.Any<Config, never>>,
  Config = unknown,
  ConfigEncoded = unknown
>(options: {
  readonly id: Id
  readonly version: string
  readonly streams: Streams
  readonly config?: Schema.Codec<Config, ConfigEncoded> | undefined
}): Connector.Connector<Id, Config, ConfigEncoded, Streams, never, never> =>
  Connector.make({
    id: options.id,
    version: options.version,
    config: (options.config ?? Schema.Unknown) as Schema.Codec<Config, ConfigEncoded>,
    check: () => Effect.void,
    streams: options.streams,
    layer: () => Layer.empty
  }) as never
