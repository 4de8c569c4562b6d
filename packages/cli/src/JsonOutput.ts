/**
 * What `--json` prints, one JSON document on standard output per command, as Schemas: scripts
 * decode it with them (`Schema.decodeUnknownSync(JsonOutput.Sync)(JSON.parse(stdout))`).
 *
 * @module
 * @since 0.1.0
 */
import { Schema } from "effect"
import * as CliError from "./CliError.ts"

const Failure = Schema.Struct({ reason: Schema.String, message: Schema.String })

/**
 * A failure's reason (a `ConnectorError` reason such as `auth` or `rate-limited`) and message.
 *
 * @since 0.1.0
 * @category schemas
 */
export type Failure = typeof Failure.Type

/**
 * A failed command (`cxkit … --json` exiting 1, 2 or 130).
 *
 * @example
 * ```ts
 * import { JsonOutput } from "@cxkit/cli"
 * import { Schema } from "effect"
 *
 * const out = Schema.decodeUnknownSync(JsonOutput.Failed)({ error: { reason: "usage", message: "no source named crm" }, exitCode: 2 })
 * console.log(out.error.reason) // usage
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Failed = Schema.Struct({
  error: Schema.Struct({ reason: CliError.Reason, message: Schema.String }),
  exitCode: Schema.Int
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type Failed = typeof Failed.Type

/**
 * `cxkit connectors --json`: the plugins it can load, first-party and those named in the config.
 *
 * @example
 * ```ts
 * import { JsonOutput } from "@cxkit/cli"
 * import { Schema } from "effect"
 *
 * const out = Schema.decodeUnknownSync(JsonOutput.Connectors)({
 *   connectors: [{ name: "x", module: "@cxkit/connector-x", firstParty: true, usedBy: [], id: "x", streams: ["mentions"] }]
 * })
 * console.log(out.connectors[0]?.streams) // [ 'mentions' ]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Connectors = Schema.Struct({
  connectors: Schema.Array(
    Schema.Struct({
      name: Schema.String,
      module: Schema.String,
      firstParty: Schema.Boolean,
      usedBy: Schema.Array(Schema.String),
      id: Schema.optionalKey(Schema.String),
      version: Schema.optionalKey(Schema.String),
      streams: Schema.optionalKey(Schema.Array(Schema.String)),
      mapping: Schema.optionalKey(Schema.Boolean),
      error: Schema.optionalKey(Schema.String)
    })
  )
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type Connectors = typeof Connectors.Type

/**
 * `cxkit init --json`: the file written.
 *
 * @example
 * ```ts
 * import { JsonOutput } from "@cxkit/cli"
 * import { Schema } from "effect"
 *
 * console.log(Schema.decodeUnknownSync(JsonOutput.Init)({ file: "/p/cxkit.config.json" }).file) // /p/cxkit.config.json
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Init = Schema.Struct({ file: Schema.String })

/**
 * `cxkit check --json`: each source's credentials and reachability.
 *
 * @example
 * ```ts
 * import { JsonOutput } from "@cxkit/cli"
 * import { Schema } from "effect"
 *
 * const out = Schema.decodeUnknownSync(JsonOutput.Check)({
 *   sources: [{ source: "crm", connector: "hubspot", ok: false, error: { reason: "auth", message: "401" } }]
 * })
 * console.log(out.sources[0]?.error?.reason) // auth
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Check = Schema.Struct({
  sources: Schema.Array(
    Schema.Struct({
      source: Schema.String,
      connector: Schema.String,
      ok: Schema.Boolean,
      error: Schema.optionalKey(Failure)
    })
  )
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type Check = typeof Check.Type

/**
 * @since 0.1.0
 * @category schemas
 */
export type Init = typeof Init.Type

const StreamResultSchema = Schema.Struct({
  stream: Schema.String,
  status: Schema.Literals(["completed", "failed", "stopped"]),
  mode: Schema.String,
  records: Schema.Int,
  pages: Schema.Int,
  deleted: Schema.Int,
  stored: Schema.Int,
  error: Schema.optionalKey(Failure)
})

/**
 * One stream of a sync: how it ended (`stopped`: Ctrl-C came first, the next run resumes it),
 * the records and pages read this run, the deletions, and the records the warehouse holds.
 *
 * @since 0.1.0
 * @category schemas
 */
export type StreamResult = typeof StreamResultSchema.Type

const SourceResultSchema = Schema.Struct({
  source: Schema.String,
  connector: Schema.String,
  status: Schema.Literals(["completed", "failed", "stopped"]),
  streams: Schema.Array(StreamResultSchema),
  error: Schema.optionalKey(Failure)
})

/**
 * One source of a sync; `error` is set when the whole source failed (e.g. its credentials).
 *
 * @since 0.1.0
 * @category schemas
 */
export type SourceResult = typeof SourceResultSchema.Type

/**
 * `cxkit sync --json` (also printed when the sync exits 1 or 130, before the error).
 *
 * @example
 * ```ts
 * import { JsonOutput } from "@cxkit/cli"
 * import { Schema } from "effect"
 *
 * const out = Schema.decodeUnknownSync(JsonOutput.Sync)({ warehouse: "duckdb file x.duckdb", stopped: false, sources: [] })
 * console.log(out.sources.length) // 0
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Sync = Schema.Struct({
  warehouse: Schema.String,
  stopped: Schema.Boolean,
  sources: Schema.Array(SourceResultSchema)
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type Sync = typeof Sync.Type

const Table = Schema.Struct({
  header: Schema.Array(Schema.String),
  rows: Schema.Array(Schema.Array(Schema.Union([Schema.String, Schema.Number])))
})

/**
 * A report: its sections' lines and tables (the charts are in the HTML page).
 *
 * @example
 * ```ts
 * import { JsonOutput } from "@cxkit/cli"
 * import { Schema } from "effect"
 *
 * const report = Schema.decodeUnknownSync(JsonOutput.Report)({ title: "CX", sections: [{ title: "Journeys", lines: [], tables: [], charts: 1 }] })
 * console.log(report.sections[0]?.charts) // 1
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Report = Schema.Struct({
  title: Schema.String,
  sections: Schema.Array(
    Schema.Struct({
      title: Schema.String,
      lines: Schema.Array(Schema.String),
      tables: Schema.Array(Table),
      charts: Schema.Int
    })
  )
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type Report = typeof Report.Type

/**
 * `cxkit report --json` (and `cxkit demo --json`): the report, and the HTML file if one was written.
 *
 * @example
 * ```ts
 * import { JsonOutput } from "@cxkit/cli"
 * import { Schema } from "effect"
 *
 * const out = Schema.decodeUnknownSync(JsonOutput.ReportOutput)({ warehouse: "duckdb file w.duckdb", report: { title: "CX", sections: [] } })
 * console.log(out.html) // undefined
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ReportOutput = Schema.Struct({
  warehouse: Schema.String,
  html: Schema.optionalKey(Schema.String),
  report: Report,
  sync: Schema.optionalKey(Sync)
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type ReportOutput = typeof ReportOutput.Type
