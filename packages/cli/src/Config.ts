/**
 * The config file of the `cxkit` command (`cxkit.config.json`, JSON with comments): the sources
 * (a connector plugin, its streams and its config, secrets as `${ENV_VAR}` references), the
 * warehouse and the report's options.
 *
 * @module
 * @since 0.1.0
 */
import { existsSync, readFileSync } from "node:fs"
import { dirname, isAbsolute, resolve } from "node:path"
import { Duration, Effect, Result, Schema, SchemaIssue } from "effect"
import {
  findNodeAtLocation,
  getNodeValue,
  type ParseError,
  parseTree,
  printParseErrorCode
} from "jsonc-parser"
import * as CliError from "./CliError.ts"

/**
 * A source's name: it names the source on the command line and prefixes its warehouse tables
 * (`<name>_<stream>`), so two accounts of one connector are two names.
 *
 * @example
 * ```ts
 * import { Config } from "@cxkit/cli"
 * import { Schema } from "effect"
 *
 * console.log(Schema.is(Config.SourceName)("zendesk_eu"), Schema.is(Config.SourceName)("Zendesk EU")) // true false
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const SourceName = Schema.String.check(
  Schema.isPattern(/^[a-z][a-z0-9_]{0,39}$/, {
    expected:
      "a name of lower-case letters, digits and _ starting with a letter (it prefixes the warehouse tables)"
  })
)

/**
 * One source: the plugin (`connector`: a first-party name such as `hubspot`, an npm package, or
 * a module path relative to the config file), the streams to sync (default: all) and the
 * connector's own config, whose secrets must be `${ENV_VAR}` references.
 *
 * @example
 * ```ts
 * import { Config } from "@cxkit/cli"
 * import { Schema } from "effect"
 *
 * const source = Schema.decodeUnknownSync(Config.Source)({ connector: "zendesk", streams: ["tickets"], config: {} })
 * console.log(source.streams) // [ 'tickets' ]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Source = Schema.Struct({
  connector: Schema.String.check(Schema.isNonEmpty()),
  streams: Schema.optionalKey(Schema.Array(Schema.String.check(Schema.isNonEmpty()))),
  config: Schema.Record(Schema.String, Schema.Unknown)
})

const Instant = Schema.String.check(
  Schema.makeFilter((s) => (Number.isNaN(Date.parse(s)) ? "Expected an ISO date or instant" : undefined))
)
const DurationText = Schema.String.check(
  Schema.makeFilter((s) =>
    Duration.fromInput(s as Duration.Input) === undefined
      ? 'Expected a duration such as "14 days"'
      : undefined
  )
)

/**
 * The report's options: its title, the observation window (`from`, `until`: ISO dates; default
 * the six months to now), the customer attribute LTV is grouped by (`segmentBy`, default
 * `segment`), the inactivity gap of journeys (`journeyGap`, default `14 days`), the funnel
 * (touchpoint kinds in order and a conversion window) and the gross margin of the LTV formula.
 *
 * @example
 * ```ts
 * import { Config } from "@cxkit/cli"
 * import { Schema } from "effect"
 *
 * console.log(Schema.is(Config.ReportConfig)({ journeyGap: "14 days", grossMargin: 0.7 })) // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ReportConfig = Schema.Struct({
  title: Schema.optionalKey(Schema.String),
  from: Schema.optionalKey(Instant),
  until: Schema.optionalKey(Instant),
  segmentBy: Schema.optionalKey(Schema.String.check(Schema.isNonEmpty())),
  journeyGap: Schema.optionalKey(DurationText),
  funnel: Schema.optionalKey(
    Schema.Struct({
      steps: Schema.Array(Schema.String.check(Schema.isNonEmpty())).check(Schema.isMinLength(2)),
      window: Schema.optionalKey(DurationText)
    })
  ),
  grossMargin: Schema.optionalKey(Schema.Number.check(Schema.isBetween({ minimum: 0, maximum: 1 })))
})

/**
 * The whole file. `warehouse` is a DuckDB file (relative to the config file; default
 * `.cxkit/cxkit.duckdb`) or a `postgres://` URL (its password as a `${ENV_VAR}` reference).
 *
 * @example
 * ```ts
 * import { Config } from "@cxkit/cli"
 * import { Schema } from "effect"
 *
 * const file = Schema.decodeUnknownSync(Config.ConfigFile)({
 *   sources: { crm: { connector: "hubspot", config: { accessToken: "${HUBSPOT_TOKEN}" } } }
 * })
 * console.log(Object.keys(file.sources)) // [ 'crm' ]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConfigFile = Schema.Struct({
  $schema: Schema.optionalKey(Schema.String),
  warehouse: Schema.optionalKey(Schema.String.check(Schema.isNonEmpty())),
  sources: Schema.Record(SourceName, Source),
  report: Schema.optionalKey(ReportConfig)
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type ConfigFile = typeof ConfigFile.Type

/**
 * A loaded config: the file, the warehouse and each source's raw connector config with its
 * `${ENV_VAR}` references replaced, and `at`, which names a place in the file for an error.
 *
 * @since 0.1.0
 * @category models
 */
export interface Loaded {
  readonly file: string
  readonly warehouse: string
  readonly sources: ReadonlyArray<{
    readonly name: string
    readonly connector: string
    readonly streams: ReadonlyArray<string> | undefined
    /** The connector config as written (with the `${ENV_VAR}` references). */
    readonly written: Readonly<Record<string, unknown>>
    /** The connector config with the references replaced. */
    readonly config: Readonly<Record<string, unknown>>
  }>
  readonly report: ConfigFile["report"]
  /** `file:line:column: path: rule`, for an error about a place in the file. */
  readonly at: (path: ReadonlyArray<string | number>, rule: string) => string
}

/**
 * The default config file, looked up in the working directory (`--config` names another).
 *
 * @example
 * ```ts
 * import { Config } from "@cxkit/cli"
 *
 * console.log(Config.defaultFile) // cxkit.config.json
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const defaultFile = "cxkit.config.json"

const reference = /\$\{([^}]*)\}/g
const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * Whether a written value is exactly one `${ENV_VAR}` reference (what a secret must be).
 *
 * @example
 * ```ts
 * import { Config } from "@cxkit/cli"
 *
 * console.log(Config.isReference("${HUBSPOT_TOKEN}"), Config.isReference("pat-na1-123")) // true false
 * ```
 *
 * @since 0.1.0
 * @category guards
 */
export const isReference = (value: unknown): boolean =>
  typeof value === "string" && /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(value)

const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path
    .map((p, i) =>
      typeof p === "number"
        ? `[${p}]`
        : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(String(p))
          ? `${i === 0 ? "" : "."}${String(p)}`
          : `[${JSON.stringify(String(p))}]`
    )
    .join("")

/**
 * Replaces the `${ENV_VAR}` references in every string of a value. Returns the new value and the
 * references that are malformed or name unset variables, by path.
 */
const substitute = (
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  path: ReadonlyArray<string | number> = []
): {
  readonly value: unknown
  readonly problems: ReadonlyArray<{ readonly path: ReadonlyArray<string | number>; readonly rule: string }>
} => {
  if (typeof value === "string") {
    const problems: Array<{ path: ReadonlyArray<string | number>; rule: string }> = []
    const replaced = value.replace(reference, (_, name: string) => {
      if (!variableName.test(name)) {
        problems.push({
          path,
          rule: `"\${${name}}" is not a reference to an environment variable (\${NAME})`
        })
        return ""
      }
      const found = env[name]
      if (found === undefined) {
        problems.push({ path, rule: `environment variable ${name} is not set` })
        return ""
      }
      return found
    })
    return { value: replaced, problems }
  }
  if (Array.isArray(value)) {
    const parts = value.map((v, i) => substitute(v, env, [...path, i]))
    return {
      value: parts.map((p) => p.value),
      problems: parts.flatMap((p) => p.problems)
    }
  }
  if (typeof value === "object" && value !== null) {
    const parts = Object.entries(value).map(([k, v]) => [k, substitute(v, env, [...path, k])] as const)
    return {
      value: Object.fromEntries(parts.map(([k, p]) => [k, p.value])),
      problems: parts.flatMap(([, p]) => p.problems)
    }
  }
  return { value, problems: [] }
}

const lineColumn = (text: string, offset: number): string => {
  const before = text.slice(0, offset).split("\n")
  return `${before.length}:${(before.at(-1)?.length ?? 0) + 1}`
}

/**
 * Parses a config file's text. Every error names the file, the line and column, the path inside
 * the file and the rule broken; a missing environment variable is named; all are reported at once.
 *
 * @example
 * ```ts
 * import { Config } from "@cxkit/cli"
 * import { Effect } from "effect"
 *
 * const text = `{
 *   // the CRM
 *   "sources": { "crm": { "connector": "hubspot", "config": { "accessToken": "\${CRM_TOKEN}" } } }
 * }`
 * const error = await Effect.runPromise(Effect.flip(Config.parse(text, { file: "cxkit.config.json", env: {} })))
 * console.log(error.message) // cxkit.config.json:3:62: sources.crm.config.accessToken: environment variable CRM_TOKEN is not set
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const parse = (
  text: string,
  options: { readonly file: string; readonly env: Readonly<Record<string, string | undefined>> }
): Effect.Effect<Loaded, CliError.CliError> =>
  Effect.suspend(() => {
    const { file, env } = options
    const fail = (lines: ReadonlyArray<string>) =>
      Effect.fail(
        CliError.make("config", lines.length === 1 ? (lines[0] ?? "") : `${file}:\n  ${lines.join("\n  ")}`)
      )
    const errors: Array<ParseError> = []
    const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false })
    if (errors.length > 0 || tree === undefined) {
      return fail(
        errors.length === 0
          ? [`${file}: is empty`]
          : errors.map(
              (e) => `${file}:${lineColumn(text, e.offset)}: not JSON (${printParseErrorCode(e.error)})`
            )
      )
    }
    const at = (path: ReadonlyArray<string | number>, rule: string): string => {
      let node = findNodeAtLocation(tree, [...path])
      for (let n = path.length - 1; node === undefined && n >= 0; n--)
        node = findNodeAtLocation(tree, path.slice(0, n))
      const where = node === undefined ? "" : `:${lineColumn(text, node.offset)}`
      return `${file}${where}: ${path.length === 0 ? "(top level)" : formatPath(path)}: ${rule}`
    }
    const raw: unknown = getNodeValue(tree)
    const decoded = Schema.decodeUnknownResult(ConfigFile)(raw, { errors: "all", onExcessProperty: "error" })
    if (Result.isFailure(decoded)) {
      const issues = SchemaIssue.makeFormatterStandardSchemaV1()(decoded.failure.issue).issues
      return fail(
        issues.map((issue) =>
          at(
            (issue.path ?? []).map((p) => (typeof p === "object" ? p.key : p) as string | number),
            issue.message
          )
        )
      )
    }
    const written = decoded.success
    const substituted = substitute(raw, env)
    if (substituted.problems.length > 0) return fail(substituted.problems.map((p) => at(p.path, p.rule)))
    const resolved = substituted.value as ConfigFile
    const warehouse = resolved.warehouse ?? ".cxkit/cxkit.duckdb"
    return Effect.succeed({
      file,
      warehouse:
        /^postgres(ql)?:\/\//.test(warehouse) || warehouse === ":memory:" || isAbsolute(warehouse)
          ? warehouse
          : resolve(dirname(file), warehouse),
      sources: Object.entries(written.sources).map(([name, source]) => ({
        name,
        connector: source.connector,
        streams: source.streams,
        written: source.config,
        config: resolved.sources[name]?.config ?? {}
      })),
      report: written.report,
      at
    })
  })

/**
 * Reads and parses a config file (see `parse`); a missing file fails with reason `config`,
 * pointing at `cxkit init`.
 *
 * @example
 * ```ts
 * import { Config } from "@cxkit/cli"
 * import { Effect } from "effect"
 *
 * const error = await Effect.runPromise(Effect.flip(Config.load("/nowhere/cxkit.config.json")))
 * console.log(error.message) // /nowhere/cxkit.config.json: no such file (cxkit init writes one)
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const load = (
  file: string,
  env: Readonly<Record<string, string | undefined>> = process.env
): Effect.Effect<Loaded, CliError.CliError> =>
  Effect.suspend(() =>
    existsSync(file)
      ? parse(readFileSync(file, "utf8"), { file, env })
      : Effect.fail(CliError.make("config", `${file}: no such file (cxkit init writes one)`))
  )

/**
 * The file `cxkit init` writes: a HubSpot and a Zendesk source with their tokens read from the
 * environment, the DuckDB warehouse, and the report's options, each explained by a comment.
 *
 * @example
 * ```ts
 * import { Config } from "@cxkit/cli"
 * import { Effect } from "effect"
 *
 * const loaded = await Effect.runPromise(
 *   Config.parse(Config.template, {
 *     file: "/project/cxkit.config.json",
 *     env: { HUBSPOT_TOKEN: "t", ZENDESK_SUBDOMAIN: "acme", ZENDESK_EMAIL: "e@example.com", ZENDESK_API_TOKEN: "z" }
 *   })
 * )
 * console.log(loaded.sources.map((s) => s.name), loaded.warehouse) // [ 'hubspot', 'zendesk' ] /project/.cxkit/cxkit.duckdb
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const template = `// cxkit's config: the sources to sync, where they land and what the report shows.
// Comments are allowed. A value "\${NAME}" is read from the environment variable NAME when a
// command runs: secrets (tokens, keys, passwords) must be written that way, so they are never
// stored in this file, printed, logged or written to the warehouse.
{
  // Where synced data lands: a DuckDB file (relative to this file; its folder is created), or a
  // PostgreSQL database: "postgres://cxkit:\${PGPASSWORD}@localhost:5432/cx".
  "warehouse": ".cxkit/cxkit.duckdb",

  // One entry per source. The name (lower-case letters, digits, _) prefixes its tables.
  "sources": {
    "hubspot": {
      // A first-party plugin by name (hubspot, zendesk, x, reddit, appstore), an npm package
      // exporting a connector, or a module path relative to this file.
      "connector": "hubspot",
      // Optional: the streams to sync (default: all; \`cxkit connectors\` lists them).
      "streams": ["contacts", "companies", "deals", "tickets"],
      // The connector's config (\`cxkit spec hubspot\` prints its JSON Schema).
      "config": {
        "accessToken": "\${HUBSPOT_TOKEN}"
      }
    },
    "zendesk": {
      "connector": "zendesk",
      "config": {
        "subdomain": "\${ZENDESK_SUBDOMAIN}",
        "email": "\${ZENDESK_EMAIL}",
        "apiToken": "\${ZENDESK_API_TOKEN}"
      }
    }
  },

  // The report (\`cxkit report\`); every option has a default.
  "report": {
    "title": "Customer-experience report",
    // The observation window (ISO dates); default: the six months to now.
    // "from": "2024-06-01", "until": "2025-01-01",
    // The customer attribute LTV is grouped by.
    "segmentBy": "segment",
    // A customer's touchpoints split into journeys after this much inactivity.
    "journeyGap": "14 days",
    // The funnel: touchpoint kinds in order, and the window from the first step.
    "funnel": { "steps": ["ad-click", "product-view", "pricing-view", "add-to-cart", "checkout", "purchase"], "window": "7 days" }
  }
}
`
