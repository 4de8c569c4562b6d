// Syncs sources into the warehouse one after another, each with the runner (`Sync.run`): records,
// deletions and state in one transaction per page, so a stopped or failed run resumes exactly
// where it committed. A failing source is reported with its reason and the others go on.
import { type Connector, type ConnectorError, Destination, Sync } from "@cxkit/connectors"
import { Effect, Stream } from "effect"
import { FetchHttpClient } from "effect/http"
import type * as JsonOutput from "../JsonOutput.ts"
import type { Plugin } from "../Plugin.ts"
import type { Counts, Progress } from "./progress.ts"
import { isRequested } from "./stop.ts"

/** One source, ready to sync: its plugin and decoded config. */
export interface Plan {
  readonly name: string
  readonly plugin: Plugin
  readonly config: unknown
  readonly streams: ReadonlyArray<string> | undefined
}

type StreamResult = JsonOutput.StreamResult
type SourceResult = JsonOutput.SourceResult

const failure = (error: ConnectorError.ConnectorError) => ({ reason: error.reason, message: error.message })

/** Syncs one source; never fails: a failure is in the result. */
const syncSource = (
  plan: Plan,
  destination: Destination.Destination,
  options: { readonly mode: "incremental" | "full-refresh"; readonly progress: Progress }
): Effect.Effect<SourceResult> => {
  const { connector, mapping } = plan.plugin
  const streams = new Map<
    string,
    {
      mode: string
      counts: Counts
      deleted: number
      status: StreamResult["status"]
      error?: StreamResult["error"]
    }
  >()
  const entry = (stream: string) => {
    let found = streams.get(stream)
    if (found === undefined) {
      found = {
        mode: "incremental",
        counts: { records: 0, pages: 0, elapsedMillis: 0 },
        deleted: 0,
        status: "stopped"
      }
      streams.set(stream, found)
    }
    return found
  }
  const label = (stream: string) => `${plan.name}/${stream}`
  // With a stop asked for, the sync ends at the next commit boundary: a page's state committed,
  // or a stream started, completed or failed. Records after the last commit are read again next run.
  const boundary = (event: Sync.EventOf<Connector.Any>) =>
    isRequested() && (event._tag === "State" || event._tag === "Status")
  const run = Sync.run(connector, {
    config: plan.config as never,
    destination,
    mapping: mapping?.(plan.config) as never,
    stateKey: plan.name,
    streams: plan.streams as never,
    mode: options.mode,
    progressEvery: 1
  }).pipe(
    Stream.takeUntil(boundary),
    Stream.runForEach((event) =>
      Effect.sync(() => {
        switch (event._tag) {
          case "Status": {
            const s = entry(event.stream)
            s.mode = event.mode
            if (event.status === "started") s.status = "stopped"
            else if (event.status === "completed") {
              s.status = "completed"
              options.progress.finish(label(event.stream), s.counts, "done")
            } else {
              s.status = "failed"
              s.error = failure(event.error)
              options.progress.finish(label(event.stream), s.counts, `failed (${event.error.reason})`)
            }
            break
          }
          case "Progress": {
            const s = entry(event.stream)
            s.counts = { records: event.records, pages: event.pages, elapsedMillis: event.elapsedMillis }
            s.deleted = event.deleted
            if (s.status !== "completed" && s.status !== "failed")
              options.progress.update(label(event.stream), s.counts)
            break
          }
        }
      })
    ),
    Effect.provide(FetchHttpClient.layer as never),
    Effect.result
  ) as Effect.Effect<import("effect").Result.Result<void, ConnectorError.ConnectorError>>
  return Effect.gen(function* () {
    const outcome = yield* run
    const whole = outcome._tag === "Failure" ? failure(outcome.failure) : undefined
    if (whole !== undefined)
      options.progress.notice(`  ${plan.name}: failed (${whole.reason}): ${whole.message}`)
    // What the warehouse holds for each selected stream after this run.
    const selected = (connector.streams as ReadonlyArray<{ readonly name: string }>).filter(
      (s) => plan.streams === undefined || plan.streams.includes(s.name) || streams.has(s.name)
    )
    const stored = new Map<string, number>()
    if (whole === undefined) {
      const counted = yield* Effect.result(
        Effect.scoped(
          Effect.gen(function* () {
            const catalog = yield* Destination.catalog(plan.name, selected as never)
            const session = yield* destination.open(catalog)
            for (const table of catalog.tables)
              stored.set(table.stream, yield* Stream.runCount(session.rows(table.stream)))
          })
        )
      )
      if (counted._tag === "Failure")
        options.progress.notice(`  ${plan.name}: could not count stored records: ${counted.failure.message}`)
    }
    const results: Array<StreamResult> = selected.map((s) => {
      const seen = streams.get(s.name)
      return {
        stream: s.name,
        status: seen?.status ?? (whole === undefined ? "stopped" : "failed"),
        mode: seen?.mode ?? "incremental",
        records: seen?.counts.records ?? 0,
        pages: seen?.counts.pages ?? 0,
        deleted: seen?.deleted ?? 0,
        stored: stored.get(s.name) ?? 0,
        ...(seen?.error === undefined ? {} : { error: seen.error })
      }
    })
    const status: SourceResult["status"] =
      whole !== undefined || results.some((r) => r.status === "failed")
        ? "failed"
        : results.some((r) => r.status === "stopped")
          ? "stopped"
          : "completed"
    return {
      source: plan.name,
      connector: connector.id,
      status,
      streams: results,
      ...(whole === undefined ? {} : { error: whole })
    }
  })
}

/** Syncs the plans in order; after a stop, the remaining sources are reported as not run. */
export const syncAll = (
  plans: ReadonlyArray<Plan>,
  destination: Destination.Destination,
  options: { readonly mode: "incremental" | "full-refresh"; readonly progress: Progress }
): Effect.Effect<ReadonlyArray<SourceResult>> =>
  Effect.forEach(plans, (plan) =>
    isRequested()
      ? Effect.succeed<SourceResult>({
          source: plan.name,
          connector: plan.plugin.connector.id,
          status: "stopped",
          streams: []
        })
      : syncSource(plan, destination, options)
  )
