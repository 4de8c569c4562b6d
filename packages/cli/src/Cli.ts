/**
 * The `cxkit` command, on `effect/cli`: `init`, `connectors`, `spec`, `check`, `sync`, `report`
 * and `demo`, each with `--json`. Exit codes: 0 ok, 1 a source failed, 2 a usage or config
 * error, 130 a sync stopped by Ctrl-C (after its last commit; the next sync resumes).
 *
 * @module
 * @since 0.1.0
 */
import { existsSync, writeFileSync } from "node:fs"
import { dirname, resolve } from "node:path"
import { Connector, ConnectorError } from "@cxkit/connectors"
import { Warehouse as SqlWarehouse } from "@cxkit/metrics-sql"
import { NodeServices } from "@effect/platform-node"
import { Cause, Effect, Exit, Logger, Option, Redacted, Result, Schema, SchemaIssue } from "effect"
import { Argument, CliOutput, Command, CliError as EffectCliError, Flag, GlobalFlag } from "effect/cli"
import { FetchHttpClient } from "effect/http"
import * as CliError from "./CliError.ts"
import * as Config from "./Config.ts"
import { loadSample, noSample } from "./internal/demo/sample.ts"
import { addSecrets, line, note, json as printJson, redact, stderrLogger } from "./internal/output.ts"
import { bars, lines, type Progress } from "./internal/progress.ts"
import { toHtml } from "./internal/report/html.ts"
import { buildModel, restrict } from "./internal/report/model.ts"
import * as Purchases from "./internal/report/purchases.ts"
import { buildReport, type SourceRun } from "./internal/report/sections.ts"
import * as Surveys from "./internal/report/surveys.ts"
import { type Report, type ReportOptions, renderTable, toText } from "./internal/report/text.ts"
import { graceful, isRequested, onSignal } from "./internal/stop.ts"
import { type Plan, syncAll } from "./internal/syncing.ts"
import * as Warehouse from "./internal/warehouse.ts"
import type * as JsonOutput from "./JsonOutput.ts"
import * as Plugin from "./Plugin.ts"

const version = "0.2.0"

// ---------------------------------------------------------------------------------------------
// Global flags

const Json = GlobalFlag.Setting("json")({
  flag: Flag.Boolean("json").pipe(
    Flag.withDefault(false),
    Flag.withDescription("Print one JSON document on standard output (progress stays on standard error)")
  )
})

const ConfigPath = GlobalFlag.Setting("config")({
  flag: Flag.String("config").pipe(
    Flag.withDefault(Config.defaultFile),
    Flag.withDescription("The config file (default: cxkit.config.json in the working directory)")
  )
})

// ---------------------------------------------------------------------------------------------
// Shared steps

/** Errors already printed as part of a command's output (a JSON result with failed sources). */
const reported = new WeakSet<object>()
const failReported = (error: CliError.CliError) =>
  Effect.suspend(() => {
    reported.add(error)
    return Effect.fail(error)
  })

const urlPassword = (warehouse: string): ReadonlyArray<string> => {
  if (!Warehouse.isPostgres(warehouse)) return []
  const password = URL.parse(warehouse)?.password ?? ""
  return password === "" ? [] : [password, decodeURIComponent(password)]
}

const configFile = Effect.gen(function* () {
  return resolve(yield* ConfigPath)
})

// The secrets the command must never print: the decoded connector configs' Redacted values
// (registered as each is decoded) and the warehouse URL's password.
const loadConfig = Effect.gen(function* () {
  const loaded = yield* Config.load(yield* configFile)
  addSecrets(urlPassword(loaded.warehouse))
  return loaded
})

const redactedValues = (value: unknown): Array<string> =>
  Redacted.isRedacted(value)
    ? [String(Redacted.value(value))]
    : typeof value === "object" && value !== null
      ? Object.values(value).flatMap(redactedValues)
      : []

/** Decodes a connector config; the errors name their place in the config file. */
const decodeConnectorConfig = (
  connector: Connector.Any,
  raw: unknown,
  at: (path: ReadonlyArray<string | number>, rule: string) => string
): Effect.Effect<unknown, CliError.CliError> => {
  const decoded = Schema.decodeUnknownResult(connector.config as Schema.Codec<unknown, unknown>)(raw, {
    errors: "all",
    onExcessProperty: "error"
  })
  if (Result.isSuccess(decoded)) {
    addSecrets(redactedValues(decoded.success))
    return Effect.succeed(decoded.success)
  }
  const issues = SchemaIssue.makeFormatterStandardSchemaV1()(decoded.failure.issue).issues
  return Effect.fail(
    CliError.make(
      "config",
      issues
        .map((issue) =>
          at(
            (issue.path ?? []).map((p) => (typeof p === "object" ? p.key : p) as string | number),
            redact(issue.message)
          )
        )
        .join("\n")
    )
  )
}

const streamNames = (connector: Connector.Any) => connector.streams.map((s) => s.name)

/** Loads and checks each source: its plugin, that its secrets are references, its config. */
const planSources = (
  loaded: Config.Loaded,
  selected: ReadonlyArray<string>
): Effect.Effect<ReadonlyArray<Plan>, CliError.CliError> =>
  Effect.gen(function* () {
    const known = loaded.sources.map((s) => s.name)
    const unknown = selected.filter((name) => !known.includes(name))
    if (unknown.length > 0) {
      return yield* CliError.make(
        "usage",
        `${unknown.map((n) => `no source named "${n}"`).join(", ")} in ${loaded.file} (its sources: ${known.join(", ") || "none"})`
      )
    }
    const sources = loaded.sources.filter((s) => selected.length === 0 || selected.includes(s.name))
    const results = yield* Effect.forEach(sources, (source) =>
      Effect.result(
        Effect.gen(function* () {
          const at = (path: ReadonlyArray<string | number>, rule: string) =>
            loaded.at(["sources", source.name, ...path], rule)
          const plugin = yield* Plugin.load(source.connector, { from: dirname(loaded.file) }).pipe(
            Effect.mapError((e) => CliError.make("config", at(["connector"], e.message)))
          )
          const spec = Plugin.specOf(plugin.connector)
          const literal = Object.entries(spec.properties ?? {})
            .filter(([field, schema]) => schema.writeOnly === true && field in source.written)
            .filter(([field]) => !Config.isReference(source.written[field]))
            .map(([field]) =>
              at(
                ["config", field],
                `a secret must be a reference to an environment variable ("\${NAME}"), not written in the file`
              )
            )
          if (literal.length > 0) return yield* CliError.make("config", literal.join("\n"))
          const config = yield* decodeConnectorConfig(plugin.connector, source.config, (path, rule) =>
            at(["config", ...path], rule)
          )
          const all = streamNames(plugin.connector)
          const missing = (source.streams ?? []).filter((s) => !all.includes(s))
          if (missing.length > 0 && plugin.connector.discover === undefined) {
            return yield* CliError.make(
              "config",
              at(
                ["streams"],
                `${missing.map((s) => `"${s}"`).join(", ")} not a stream of ${plugin.connector.id} (its streams: ${all.join(", ")})`
              )
            )
          }
          return { name: source.name, plugin, config, streams: source.streams } satisfies Plan
        })
      )
    )
    const problems = results.flatMap((r) => (Result.isFailure(r) ? [r.failure.message] : []))
    if (problems.length > 0) return yield* CliError.make("config", problems.join("\n"))
    return results.flatMap((r) => (Result.isSuccess(r) ? [r.success] : []))
  })

/** `--streams a,b` (or `source.stream`): per source, the named streams it has. */
const streamSelection = (
  loaded: Config.Loaded,
  plans: ReadonlyArray<Plan>,
  option: Option.Option<string>
): Effect.Effect<ReadonlyArray<Plan>, CliError.CliError> => {
  if (Option.isNone(option)) return Effect.succeed(plans)
  const names = option.value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
  const forSource = (plan: Plan) =>
    names.flatMap((n) => {
      const [a, b] = n.includes(".") ? n.split(".", 2) : [undefined, n]
      return (a === undefined || a === plan.name) &&
        b !== undefined &&
        streamNames(plan.plugin.connector).includes(b)
        ? [b]
        : []
    })
  const unmatched = names.filter(
    (n) =>
      !plans.some(
        (p) =>
          forSource(p).includes(n.split(".").at(-1) ?? n) && (!n.includes(".") || n.startsWith(`${p.name}.`))
      )
  )
  if (unmatched.length > 0) {
    return Effect.fail(
      CliError.make(
        "usage",
        `--streams: ${unmatched.map((n) => `"${n}"`).join(", ")} match no stream of the selected sources in ${loaded.file} (${plans.map((p) => `${p.name}: ${streamNames(p.plugin.connector).join(", ")}`).join("; ")})`
      )
    )
  }
  return Effect.succeed(
    plans.flatMap((plan) => {
      const streams = forSource(plan)
      return streams.length === 0 ? [] : [{ ...plan, streams }]
    })
  )
}

const sourcesArgument = Argument.String("source").pipe(
  Argument.withDescription("Sources of the config to use (default: all)"),
  Argument.variadic()
)

const defaultReport = (report: Config.ConfigFile["report"]): ReportOptions => {
  const until = report?.until === undefined ? new Date() : new Date(Date.parse(report.until))
  const from =
    report?.from === undefined
      ? new Date(Date.UTC(until.getUTCFullYear(), until.getUTCMonth() - 6, until.getUTCDate()))
      : new Date(Date.parse(report.from))
  return {
    title: report?.title ?? "Customer-experience report",
    from: from.toISOString(),
    until: until.toISOString(),
    segmentBy: report?.segmentBy ?? "segment",
    journeyGap: (report?.journeyGap ?? "14 days") as ReportOptions["journeyGap"],
    funnel: {
      steps: report?.funnel?.steps ?? [
        "ad-click",
        "product-view",
        "pricing-view",
        "add-to-cart",
        "checkout",
        "purchase"
      ],
      window: (report?.funnel?.window ?? "7 days") as ReportOptions["journeyGap"]
    },
    grossMargin: report?.grossMargin ?? 0.8
  }
}

const reportJson = (report: Report): JsonOutput.ReportOutput["report"] => ({
  title: report.title,
  sections: report.sections.map((s) => ({
    title: s.title,
    lines: [...(s.lines ?? [])],
    tables: (s.tables ?? []).map((t) => ({ header: [...t.header], rows: t.rows.map((r) => [...r]) })),
    charts: (s.charts ?? []).length
  }))
})

const warehouseError = (error: ConnectorError.ConnectorError) =>
  CliError.make("source", `the warehouse: ${redact(error.message)}`)

/** Syncs plans with progress on standard error; Ctrl-C stops after the current commit. */
const runSync = (
  warehouse: string,
  plans: ReadonlyArray<Plan>,
  mode: "incremental" | "full-refresh",
  quiet: boolean
) =>
  Effect.scoped(
    Effect.gen(function* () {
      const { destination } = yield* Warehouse.open(warehouse).pipe(Effect.mapError(warehouseError))
      const progress: Progress = process.stderr.isTTY && !quiet ? bars() : lines()
      progress.notice(
        `syncing ${plans.length} source${plans.length === 1 ? "" : "s"} into ${destination.location}`
      )
      const results = yield* graceful(syncAll(plans, destination, { mode, progress })).pipe(
        Effect.ensuring(Effect.sync(() => progress.close()))
      )
      const summary: JsonOutput.Sync = {
        warehouse: destination.location,
        stopped: isRequested(),
        sources: results
      }
      return summary
    })
  )

const syncOutcome = (summary: JsonOutput.Sync): Effect.Effect<void, CliError.CliError> => {
  if (summary.stopped) {
    return failReported(
      CliError.make("interrupted", "the sync stopped after its last commit: cxkit sync resumes it")
    )
  }
  const failed = summary.sources.filter((s) => s.status === "failed")
  if (failed.length === 0) return Effect.void
  return failReported(
    CliError.make(
      "source",
      failed
        .map(
          (s) =>
            `${s.source}: ${(s.error ?? s.streams.find((t) => t.error !== undefined)?.error)?.reason ?? "failed"}`
        )
        .join(", ")
    )
  )
}

const summaryTable = (summary: JsonOutput.Sync): string =>
  renderTable({
    header: ["source", "stream", "status", "mode", "records", "pages", "deleted", "stored", "error"],
    textColumns: 4,
    rows: summary.sources.flatMap((s) =>
      s.streams.length === 0
        ? [
            [
              s.source,
              "-",
              s.status,
              "-",
              0,
              0,
              0,
              0,
              s.error === undefined ? "-" : `${s.error.reason}: ${s.error.message}`
            ]
          ]
        : s.streams.map((t) => [
            s.source,
            t.stream,
            t.status,
            t.mode,
            t.records,
            t.pages,
            t.deleted,
            t.stored,
            (t.error ?? s.error) === undefined
              ? "-"
              : `${(t.error ?? s.error)?.reason}: ${(t.error ?? s.error)?.message}`
          ])
    )
  }).join("\n")

const runsOf = (summary: JsonOutput.Sync): ReadonlyArray<SourceRun> =>
  summary.sources.map((s) => ({
    source: s.source,
    fetched: s.streams.reduce((n, t) => n + t.records, 0),
    deleted: s.streams.reduce((n, t) => n + t.deleted, 0),
    stored: s.streams.reduce((n, t) => n + t.stored, 0),
    failed: [
      ...(s.error === undefined ? [] : [`${s.error.reason}: ${s.error.message}`]),
      ...s.streams.flatMap((t) => (t.error === undefined ? [] : [`${t.stream}: ${t.error.message}`]))
    ]
  }))

/** Builds the report from the warehouse (and, for the demo, the sample exports). */
const buildFromWarehouse = (
  warehouse: string,
  options: ReportOptions,
  extra: {
    readonly sample: boolean
    readonly runs?: ReadonlyArray<SourceRun>
    readonly since?: string | undefined
    readonly segment?: string | undefined
  }
) =>
  Effect.scoped(
    Effect.gen(function* () {
      const { destination, metrics } = yield* Warehouse.open(warehouse).pipe(Effect.mapError(warehouseError))
      const stored = yield* Warehouse.readModel(destination).pipe(Effect.mapError(warehouseError))
      const since = extra.since === undefined ? undefined : Date.parse(extra.since)
      const recent = <
        A extends { readonly value: { readonly timestamp: { readonly epochMilliseconds: number } } }
      >(
        rows: ReadonlyArray<A>
      ) => (since === undefined ? rows : rows.filter((r) => r.value.timestamp.epochMilliseconds >= since))
      const model = buildModel(
        extra.sample ? loadSample() : noSample,
        {
          ...stored,
          touchpoints: recent(stored.touchpoints),
          feedback: recent(stored.feedback),
          orders: recent(stored.orders)
        },
        options
      )
      const filtered = extra.since !== undefined || extra.segment !== undefined
      const scoped = extra.segment === undefined ? model : restrict(model, options.segmentBy, extra.segment)
      const inWarehouse = <A, E>(effect: Effect.Effect<A, E, SqlWarehouse.Warehouse>) =>
        effect.pipe(
          Effect.provideService(SqlWarehouse.Warehouse, metrics),
          Effect.mapError((error) =>
            CliError.make(
              "source",
              `the warehouse: ${redact(error instanceof Error ? error.message : String(error))}`
            )
          )
        )
      // The survey metrics are counted in the warehouse (metrics-sql) and merged with those of the
      // feedback held in memory; a --since or --segment filter needs each row, so counts in memory.
      const surveys = filtered
        ? Surveys.fromFeedback(scoped.feedback)
        : Surveys.combine(
            yield* inWarehouse(Surveys.fromWarehouse),
            Surveys.fromFeedback(scoped.sampleFeedback)
          )
      const orderSources = [...new Set(stored.orders.map((o) => `${o.source}/${o.stream}`))].sort()
      const purchases = filtered
        ? [Purchases.fromOrders("the selected orders (in memory)", scoped.orders, options.until)]
        : [
            ...(yield* inWarehouse(Purchases.fromWarehouse(orderSources, options.until))),
            ...(extra.sample
              ? [Purchases.fromOrders("sample exports (shop)", scoped.sampleOrders, options.until)]
              : [])
          ]
      return {
        location: destination.location,
        report: buildReport(scoped, options, { surveys, purchases, runs: extra.runs })
      }
    })
  )

const writeReport = (
  built: { readonly location: string; readonly report: Report },
  html: Option.Option<string>,
  sync?: JsonOutput.Sync
) =>
  Effect.gen(function* () {
    const asJson = yield* Json
    if (Option.isSome(html)) {
      const file = resolve(html.value)
      yield* Effect.sync(() => writeFileSync(file, toHtml(built.report)))
      if (!asJson) yield* line(`wrote ${file}`)
    } else if (!asJson) {
      yield* line(toText(built.report))
    }
    if (asJson) {
      const out: JsonOutput.ReportOutput = {
        warehouse: built.location,
        ...(Option.isSome(html) ? { html: resolve(html.value) } : {}),
        report: reportJson(built.report),
        ...(sync === undefined ? {} : { sync })
      }
      yield* printJson(out)
    }
  })

// ---------------------------------------------------------------------------------------------
// Commands

const init = Command.make(
  "init",
  {
    force: Flag.Boolean("force").pipe(
      Flag.withDefault(false),
      Flag.withDescription("Overwrite an existing file")
    )
  },
  Effect.fn(function* ({ force }) {
    const file = yield* configFile
    if (existsSync(file) && !force) {
      return yield* CliError.make("config", `${file}: already exists (--force overwrites it)`)
    }
    yield* Effect.sync(() => writeFileSync(file, Config.template))
    if (yield* Json) return yield* printJson({ file } satisfies JsonOutput.Init)
    yield* line(`wrote ${file}`)
    yield* line(
      "Set HUBSPOT_TOKEN, ZENDESK_SUBDOMAIN, ZENDESK_EMAIL and ZENDESK_API_TOKEN, then run: cxkit check"
    )
  })
).pipe(
  Command.withDescription(
    "Write a commented cxkit.config.json (HubSpot and Zendesk, tokens from the environment)"
  )
)

const connectors = Command.make(
  "connectors",
  {},
  Effect.fn(function* () {
    const file = yield* configFile
    const loaded = existsSync(file) ? yield* Config.load(file, new Proxy({}, { get: () => "" })) : undefined
    const named = new Map<string, Array<string>>()
    for (const name of Object.keys(Plugin.firstParty)) named.set(name, [])
    for (const s of loaded?.sources ?? []) named.set(s.connector, [...(named.get(s.connector) ?? []), s.name])
    const rows = yield* Effect.forEach([...named], ([name, usedBy]) =>
      Effect.map(
        Effect.result(Plugin.load(name, { from: dirname(file) })),
        (r): JsonOutput.Connectors["connectors"][number] => ({
          name,
          module: Plugin.firstParty[name]?.module ?? name,
          firstParty: Plugin.firstParty[name] !== undefined,
          usedBy,
          ...(Result.isSuccess(r)
            ? {
                id: r.success.connector.id,
                version: r.success.connector.version,
                streams: streamNames(r.success.connector),
                mapping: r.success.mapping !== undefined
              }
            : { error: r.failure.message })
        })
      )
    )
    if (yield* Json) return yield* printJson({ connectors: rows } satisfies JsonOutput.Connectors)
    yield* line(
      renderTable({
        header: ["connector", "module", "version", "used by", "streams"],
        textColumns: 5,
        rows: rows.map((r) => [
          r.name,
          r.module,
          r.version ?? "-",
          r.usedBy.join(", ") || "-",
          r.streams?.join(", ") ?? `cannot load: ${r.error ?? "?"}`
        ])
      }).join("\n")
    )
  })
).pipe(Command.withDescription("List the connector plugins: first-party ones and those the config names"))

const spec = Command.make(
  "spec",
  { connector: Argument.String("connector").pipe(Argument.withDescription("A connector name or package")) },
  Effect.fn(function* ({ connector }) {
    const file = yield* configFile
    const plugin = yield* Plugin.load(connector, { from: dirname(file) })
    const schema = Plugin.specOf(plugin.connector)
    if (yield* Json) return yield* printJson(schema)
    const required = new Set(schema.required ?? [])
    yield* line(`${schema.title}: config fields (--json prints the JSON Schema)`)
    yield* line(
      renderTable({
        header: ["field", "type", "required", "secret"],
        textColumns: 4,
        rows: Object.entries(schema.properties ?? {}).map(([field, s]) => [
          field,
          String(s.type ?? (s.anyOf === undefined ? "-" : "one of several")),
          required.has(field) ? "yes" : "no",
          s.writeOnly === true ? `yes ("\${ENV_VAR}")` : "no"
        ])
      }).join("\n")
    )
  })
).pipe(Command.withDescription("Print a connector's config as a JSON Schema (for forms and for humans)"))

const check = Command.make(
  "check",
  { sources: sourcesArgument },
  Effect.fn(function* ({ sources }) {
    const loaded = yield* loadConfig
    const plans = yield* planSources(loaded, sources)
    const results = yield* Effect.forEach(plans, (plan) =>
      Effect.map(
        Effect.result(
          Effect.provide(
            Connector.check(plan.plugin.connector, plan.config as never),
            FetchHttpClient.layer as never
          ) as Effect.Effect<void, unknown>
        ),
        (r): JsonOutput.Check["sources"][number] => ({
          source: plan.name,
          connector: plan.plugin.connector.id,
          ok: Result.isSuccess(r),
          ...(Result.isFailure(r)
            ? {
                error: ConnectorError.isConnectorError(r.failure)
                  ? { reason: r.failure.reason, message: redact(r.failure.message) }
                  : { reason: "source-bug", message: redact(String(r.failure)) }
              }
            : {})
        })
      )
    )
    if (yield* Json) yield* printJson({ sources: results } satisfies JsonOutput.Check)
    else {
      for (const r of results) {
        yield* line(
          r.ok
            ? `${r.source}  ok  (${r.connector})`
            : `${r.source}  failed  ${r.error?.reason}: ${r.error?.message}`
        )
      }
    }
    const failed = results.filter((r) => !r.ok)
    if (failed.length > 0) {
      return yield* failReported(
        CliError.make(
          "source",
          `${failed.length} of ${results.length} sources failed the check: ${failed.map((r) => r.source).join(", ")}`
        )
      )
    }
  })
).pipe(Command.withDescription("Check each source's credentials and reachability, one line each"))

const sync = Command.make(
  "sync",
  {
    sources: sourcesArgument,
    fullRefresh: Flag.Boolean("full-refresh").pipe(
      Flag.withDefault(false),
      Flag.withDescription(
        "Read every stream whole (replacing what the warehouse holds) instead of what changed"
      )
    ),
    streams: Flag.String("streams").pipe(
      Flag.optional,
      Flag.withDescription("Only these streams: names, or source.stream, separated by commas")
    )
  },
  Effect.fn(function* ({ sources, fullRefresh, streams }) {
    const loaded = yield* loadConfig
    const asJson = yield* Json
    const plans = yield* streamSelection(loaded, yield* planSources(loaded, sources), streams)
    const summary = yield* runSync(
      loaded.warehouse,
      plans,
      fullRefresh ? "full-refresh" : "incremental",
      asJson
    )
    if (asJson) yield* printJson(summary)
    else {
      yield* line(summaryTable(summary))
      if (summary.stopped) note("stopped after the last commit: run cxkit sync again to resume")
    }
    yield* syncOutcome(summary)
  })
).pipe(
  Command.withDescription(
    "Sync the sources into the warehouse (incremental; Ctrl-C stops after the current commit)"
  )
)

const htmlFlag = Flag.String("html").pipe(
  Flag.optional,
  Flag.withDescription("Write the report as a self-contained HTML page with charts")
)

const report = Command.make(
  "report",
  {
    html: htmlFlag,
    since: Flag.String("since").pipe(
      Flag.withSchema(
        Schema.String.check(
          Schema.makeFilter((s) => (Number.isNaN(Date.parse(s)) ? "Expected an ISO date" : undefined))
        )
      ),
      Flag.optional,
      Flag.withDescription("Only touchpoints, feedback and orders from this date on (ISO)")
    ),
    segment: Flag.String("segment").pipe(
      Flag.optional,
      Flag.withDescription("Only customers of this segment (the report's segmentBy attribute)")
    )
  },
  Effect.fn(function* ({ html, since, segment }) {
    const loaded = yield* loadConfig
    const built = yield* buildFromWarehouse(loaded.warehouse, defaultReport(loaded.report), {
      sample: false,
      since: Option.getOrUndefined(since),
      segment: Option.getOrUndefined(segment)
    })
    yield* writeReport(built, html)
  })
).pipe(Command.withDescription("The CX report from the warehouse, in the terminal or as HTML (--html file)"))

/** The demo's report options: the sample's 2024 observation. */
const demoReport: ReportOptions = {
  ...defaultReport({ from: "2024-06-01T00:00:00Z", until: "2025-01-01T00:00:00Z" }),
  title: "cxkit demo: customer-experience report"
}

const demo = Command.make(
  "demo",
  {
    html: htmlFlag,
    warehouse: Flag.String("warehouse").pipe(
      Flag.withDefault(".cxkit/cxkit.duckdb"),
      Flag.withDescription("The DuckDB file, or a postgres:// URL")
    )
  },
  Effect.fn(function* ({ html, warehouse }) {
    const asJson = yield* Json
    const target = Warehouse.isPostgres(warehouse) ? warehouse : resolve(warehouse)
    addSecrets(urlPassword(warehouse))
    const summary = yield* Effect.scoped(
      Effect.gen(function* () {
        // the mock servers load only for the demo
        const demoMocks = yield* Effect.promise(() => import("./internal/demo/mocks.ts"))
        const sources = yield* demoMocks.start
        note("the demo's sources are the bundled mock servers on 127.0.0.1")
        const plans = yield* Effect.forEach(sources, (source) =>
          Effect.gen(function* () {
            const plugin = yield* Plugin.load(source.name)
            const config = yield* decodeConnectorConfig(
              plugin.connector,
              source.config,
              (path, rule) => `demo source ${source.name}: ${path.join(".")}: ${rule}`
            )
            return { name: source.name, plugin, config, streams: undefined } satisfies Plan
          })
        )
        return yield* runSync(target, plans, "incremental", asJson)
      })
    )
    if (summary.stopped) return yield* syncOutcome(summary)
    const built = yield* buildFromWarehouse(target, demoReport, { sample: true, runs: runsOf(summary) })
    yield* writeReport(built, html, summary)
  })
).pipe(
  Command.withDescription(
    "The quickstart: sync the bundled mock HubSpot, Zendesk, X, Reddit, App Store, Trustpilot, Typeform, Qualtrics and Intercom servers and the sample exports, then print the report"
  )
)

/**
 * The `cxkit` command tree.
 *
 * @example
 * ```ts
 * import { Cli } from "@cxkit/cli"
 *
 * console.log(Cli.command.name) // cxkit
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const command = Command.make("cxkit").pipe(
  Command.withDescription("Sync CX sources into a warehouse and report on them"),
  Command.withSubcommands([init, connectors, spec, check, sync, report, demo]),
  Command.withGlobalFlags([Json, ConfigPath])
)

/**
 * Runs the command with these arguments (without the process' signal handling and exit code:
 * see `main`).
 *
 * @example
 * ```ts
 * import { Cli } from "@cxkit/cli"
 * import { NodeServices } from "@effect/platform-node"
 * import { Effect } from "effect"
 *
 * await Effect.runPromise(Cli.run(["connectors", "--json"]).pipe(Effect.provide(NodeServices.layer)))
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const run = (argv: ReadonlyArray<string>) => Command.runWith(command, { version })(argv)

/**
 * The exit code of a finished run: 0, 1 (a source failed), 2 (usage or config), 130 (stopped).
 *
 * @example
 * ```ts
 * import { Cli, CliError } from "@cxkit/cli"
 * import { Exit } from "effect"
 *
 * console.log(Cli.exitCode(Exit.void), Cli.exitCode(Exit.fail(CliError.make("config", "bad")))) // 0 2
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const exitCode = (exit: Exit.Exit<unknown, unknown>): number => {
  if (Exit.isSuccess(exit)) return 0
  if (Cause.hasInterruptsOnly(exit.cause)) return CliError.exitCodes.interrupted
  const error = Cause.squash(exit.cause)
  if (error instanceof CliError.CliError) return error.exitCode
  if (EffectCliError.isCliError(error)) return error._tag === "ShowHelp" && error.errors.length === 0 ? 0 : 2
  return 1
}

/**
 * The process entry point (the `cxkit` bin): runs `argv`, prints a failure (as JSON with
 * `--json`), and sets the exit code. The first Ctrl-C during a sync stops it after its current
 * commit; a second one, or one outside a sync, interrupts at once.
 *
 * @example
 * ```ts
 * import { Cli } from "@cxkit/cli"
 *
 * // what the bin does: `cxkit connectors --json`, then the process exits with process.exitCode
 * Cli.main(["connectors", "--json"])
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const main = (argv: ReadonlyArray<string> = process.argv.slice(2)): void => {
  const asJson = argv.includes("--json")
  // With --json a usage error prints only its JSON document: no help text on standard output.
  const quietUsage: CliOutput.Presenter = {
    present: (event) =>
      event._tag === "InvalidInvocation" ? Effect.void : CliOutput.defaultPresenter.present(event)
  }
  const program = asJson ? Effect.provideService(run(argv), CliOutput.Presenter, quietUsage) : run(argv)
  const fiber = Effect.runFork(
    program.pipe(Effect.provide(Logger.layer([stderrLogger])), Effect.provide(NodeServices.layer))
  )
  const onSigint = () => {
    if (onSignal() === "stop") note("cxkit: stopping after the current commit (Ctrl-C again stops at once)")
    else fiber.interruptUnsafe()
  }
  process.on("SIGINT", onSigint)
  process.on("SIGTERM", onSigint)
  fiber.addObserver((exit) => {
    process.removeListener("SIGINT", onSigint)
    process.removeListener("SIGTERM", onSigint)
    const code = exitCode(exit)
    if (Exit.isFailure(exit) && !Cause.hasInterruptsOnly(exit.cause)) {
      const error = Cause.squash(exit.cause)
      if (error instanceof CliError.CliError && !reported.has(error)) {
        if (asJson)
          process.stdout.write(
            `${redact(JSON.stringify({ error: { reason: error.reason, message: error.message }, exitCode: code } satisfies JsonOutput.Failed, null, 2))}\n`
          )
        else note(`cxkit: ${error.message}`)
      } else if (error instanceof CliError.CliError) {
        if (!asJson) note(`cxkit: ${error.message}`)
      } else if (EffectCliError.isCliError(error)) {
        if (asJson && error._tag === "ShowHelp" && error.errors.length > 0) {
          const message = error.errors.map((e) => e.message).join("; ")
          process.stdout.write(
            `${JSON.stringify({ error: { reason: "usage", message }, exitCode: code } satisfies JsonOutput.Failed, null, 2)}\n`
          )
        }
      } else {
        note(`cxkit: unexpected failure: ${redact(Cause.pretty(exit.cause))}`)
      }
    } else if (Exit.isFailure(exit)) note("cxkit: interrupted")
    process.exitCode = code
  })
}
