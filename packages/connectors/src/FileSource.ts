/**
 * File sources: CSV (parsed by csv-parse) and JSON Lines files, e.g. CRM exports, as streams
 * of a connector, or read straight into typed rows (`rows`, `load`) for scripts and notebooks. Files are read as streams, page by page, so memory stays constant whatever
 * their size; every record carries its line number into decode errors; the checkpoint is the
 * last line delivered, so an interrupted import resumes where it stopped.
 *
 * CSV cells are strings: declare fields that hold numbers or dates with string-decoding
 * schemas: `FileSource.NumberCell` for numbers (`Schema.FiniteFromString` reads an empty cell as
 * 0, and `NumberFromString` reads `"abc"` as `NaN`), `Timestamp.Timestamp` from `@cxkit/core` or
 * `Schema.DateTimeUtcFromString` for dates.
 *
 * @module
 * @since 0.1.0
 */
import { createReadStream } from "node:fs"
import { access } from "node:fs/promises"
import { createInterface } from "node:readline"
import { Decode } from "@cxkit/core"
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

// A decimal number as people and spreadsheets write it: optional sign, digits with an optional
// fraction (or a bare fraction), an optional exponent; surrounding spaces allowed.
const DECIMAL = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/

/**
 * A CSV cell holding a number: a decimal such as `9`, `-0.5`, `1e3` decodes to that finite
 * number; anything else (an empty cell, `abc`, `NaN`, `1,5`) is a decode error naming the cell,
 * never `0` or `NaN`. Encodes back to the shortest decimal string.
 *
 * @example
 * ```ts
 * import { FileSource } from "@cxkit/connectors"
 * import { Schema } from "effect"
 *
 * console.log(Schema.decodeUnknownSync(FileSource.NumberCell)(" 9.5 ")) // 9.5
 * console.log(Schema.decodeUnknownExit(FileSource.NumberCell)("")._tag) // "Failure"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const NumberCell = Schema.String.check(
  Schema.isPattern(DECIMAL, { expected: "a decimal number" })
).pipe(Schema.decodeTo(Schema.FiniteFromString))

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

const fileError = (stream: string | undefined, path: string, cause: unknown) => {
  const error = cause as NodeJS.ErrnoException
  const reason =
    error?.code === "ENOENT" || error?.code === "EACCES" || error?.code === "EISDIR" ? "config" : "source-bug"
  const message = `cannot read ${path}: ${error?.message ?? String(cause)}`
  return stream === undefined
    ? ConnectorError.make(reason, message)
    : ConnectorError.make(reason, `Stream "${stream}": ${message}`, { stream })
}

type Row = { readonly record: unknown; readonly line: number }

// The records of a CSV file with the line each ends on (1-based, header included).
const csvRecords = (path: string, options: CsvOptions | undefined): AsyncIterable<Row> => {
  const parser = createReadStream(path, { encoding: options?.encoding ?? "utf8" }).pipe(
    parse({
      columns: true,
      bom: true,
      info: true,
      skip_empty_lines: true,
      ...(options?.delimiter !== undefined ? { delimiter: options.delimiter } : {}),
      ...(options?.quote !== undefined ? { quote: options.quote } : {}),
      ...(options?.escape !== undefined ? { escape: options.escape } : {}),
      ...(options?.trim !== undefined ? { trim: options.trim } : {})
    })
  )
  return (async function* () {
    for await (const entry of parser as AsyncIterable<{ record: unknown; info: { lines: number } }>) {
      yield { record: entry.record, line: entry.info.lines }
    }
  })()
}

// The records of a JSON Lines file with their line numbers; blank lines are skipped and a line
// that is not JSON fails, named (`prefix` says whose file it is).
const jsonRecords = (path: string, prefix: string): AsyncIterable<Row> =>
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
          `${prefix}${path} line ${line} is not JSON: ${(error as Error).message}`
        )
      }
      yield { record, line }
    }
  })()

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
            ConnectorError.isConnectorError(cause)
              ? ConnectorError.withStream(cause, name)
              : fileError(name, path, cause)
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
    pages(options.name, options.path, options.pageSize ?? 1000, (path) => csvRecords(path, options.csv))
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
      jsonRecords(path, `Stream "${options.name}": `)
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

/**
 * Options of {@link rows} and {@link load}: the format (by default from the file name: `.csv`,
 * `.tsv` (tab-delimited), `.jsonl`, `.ndjson`) and csv-parse options for CSV.
 *
 * @example
 * ```ts
 * import type { FileSource } from "@cxkit/connectors"
 *
 * const export_: FileSource.RowsOptions = { format: "csv", csv: { delimiter: ";" } }
 * console.log(export_.format) // "csv"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RowsOptions {
  readonly format?: "csv" | "jsonl" | undefined
  readonly csv?: CsvOptions | undefined
}

const formatOf = (path: string, options: RowsOptions | undefined) => {
  const lower = path.toLowerCase()
  if (options?.format !== undefined) return { format: options.format, csv: options.csv }
  if (lower.endsWith(".csv")) return { format: "csv" as const, csv: options?.csv }
  if (lower.endsWith(".tsv")) return { format: "csv" as const, csv: { delimiter: "\t", ...options?.csv } }
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson"))
    return { format: "jsonl" as const, csv: undefined }
  return undefined
}

/**
 * Every row of a CSV or JSON Lines file decoded with a Schema: one call from a file to the typed
 * rows the metrics take, for scripts and notebooks. CSV is parsed by csv-parse (quoted fields,
 * embedded delimiters and newlines, a BOM), its first line naming the fields; every cell is a
 * string, so declare numbers and dates with string-decoding schemas ({@link NumberCell},
 * `Timestamp.Timestamp`), and nothing is coerced behind your back. The file is read as
 * a stream; the rows are collected.
 *
 * Fails with `Decode.DecodeError` when rows do not decode, listing for each problem the file, the
 * line and the field, the rule and the value (the first 100 problems, and how many more rows
 * failed), so no row is silently dropped; with `ConnectorError` (`config`) for a file that cannot
 * be read or whose format cannot be told from its name, and (`source-bug`) for a JSON Lines line
 * that is not JSON.
 *
 * @example
 * ```ts
 * import { mkdtempSync, writeFileSync } from "node:fs"
 * import { tmpdir } from "node:os"
 * import { join } from "node:path"
 * import { FileSource } from "@cxkit/connectors"
 * import { Effect, Schema } from "effect"
 *
 * const path = join(mkdtempSync(join(tmpdir(), "cx-")), "responses.csv")
 * writeFileSync(path, 'id,score,comment\nr1,9,"fast, friendly"\nr2,4,slow\n')
 * const Response = Schema.Struct({ id: Schema.String, score: FileSource.NumberCell, comment: Schema.String })
 * const rows = await Effect.runPromise(FileSource.rows(path, Response))
 * console.log(rows) // [{ id: "r1", score: 9, comment: "fast, friendly" }, { id: "r2", score: 4, comment: "slow" }]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const rows = <A, I>(
  path: string,
  schema: Schema.Codec<A, I>,
  options?: RowsOptions
): Effect.Effect<Array<A>, Decode.DecodeError | ConnectorError.ConnectorError> =>
  Effect.gen(function* () {
    const format = formatOf(path, options)
    if (format === undefined)
      return yield* Effect.fail(
        ConnectorError.make(
          "config",
          `cannot tell the format of ${path} from its name (.csv, .tsv, .jsonl, .ndjson): give options.format ("csv" or "jsonl")`
        )
      )
    yield* Effect.tryPromise({ try: () => access(path), catch: (cause) => fileError(undefined, path, cause) })
    const records = format.format === "csv" ? csvRecords(path, format.csv) : jsonRecords(path, "")
    const decoder = Decode.rowDecoder(schema)
    yield* Effect.tryPromise({
      try: async () => {
        for await (const row of records) decoder.add(row.record, `${path} line ${row.line}`)
      },
      catch: (cause) => (ConnectorError.isConnectorError(cause) ? cause : fileError(undefined, path, cause))
    })
    return yield* Effect.fromResult(decoder.done())
  })

/**
 * {@link rows} as a Promise, for code that does not use Effect: resolves to the decoded rows,
 * rejects with the same `Decode.DecodeError` or `ConnectorError`.
 *
 * @example
 * ```ts
 * import { mkdtempSync, writeFileSync } from "node:fs"
 * import { tmpdir } from "node:os"
 * import { join } from "node:path"
 * import { FileSource } from "@cxkit/connectors"
 * import { Schema } from "effect"
 *
 * const path = join(mkdtempSync(join(tmpdir(), "cx-")), "tickets.jsonl")
 * writeFileSync(path, '{"id":"t1","csat":5}\n{"id":"t2","csat":"five"}\n')
 * const Ticket = Schema.Struct({ id: Schema.String, csat: Schema.Number })
 * const error = await FileSource.load(path, Ticket).catch((e: Error) => e)
 * console.log(error instanceof Error && error.message.endsWith("tickets.jsonl line 2, csat: Expected number, got \"five\"")) // true
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const load = <A, I>(
  path: string,
  schema: Schema.Codec<A, I>,
  options?: RowsOptions
): Promise<Array<A>> => Effect.runPromise(rows(path, schema, options))
