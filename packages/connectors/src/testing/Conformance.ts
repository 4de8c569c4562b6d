/**
 * The conformance suite: one call runs the standard checks against any connector, on a
 * dataset-driven mock of its API. The `@cxkit/connectors/vitest` entry: `runConformance`
 * registers the checks with vitest, `checks` gives them as values. Waits (backoff, `Retry-After`, rate limits) run on
 * `TestClock`, so the suite takes seconds.
 *
 * @since 0.1.0
 */
import { Cause, Effect, Exit, type Layer, Logger, References, Schema, Stream } from "effect"
import { TestClock } from "effect/testing"
import * as Connector from "../Connector.ts"
import type * as ConnectorError from "../ConnectorError.ts"
import { keyOf } from "../internal/cursor.ts"
import { explain, forReason, connector as H, type Hint } from "../internal/hints.ts"
import type * as SourceStream from "../SourceStream.ts"
import * as StateStore from "../StateStore.ts"
import * as Sync from "../Sync.ts"
import * as MockServer from "./MockServer.ts"
import * as NetworkGuard from "./NetworkGuard.ts"

/**
 * What the suite needs: the connector, the mock API (fixtures per resource, each naming the
 * stream it backs), how to build a raw config for a server URL (good and bad credentials), and
 * the secrets that must never leak.
 *
 * - `layer`: provides what the connector's layer needs (default: the loopback-guarded fetch
 *   `HttpClient`).
 * - `serve`: puts the plugin's own API front end (its mock) in front of the test kit server,
 *   for APIs the test kit does not speak (a search `POST`); the config then gets its URL.
 * - `requestTimeoutMillis`: set it (≤ 2000) when the config passes a short request timeout to
 *   also check recovery from a request that never answers.
 * - `maxRequests`: a sync sending more requests than this is a runaway (default 2000).
 *
 * @example
 * ```ts
 * import { ReferenceConnector } from "@cxkit/connectors/testing"
 * import { Conformance } from "@cxkit/connectors/vitest"
 *
 * const options: Conformance.Options<typeof ReferenceConnector.connector> = {
 *   connector: ReferenceConnector.connector,
 *   server: ReferenceConnector.mockApi({ token: "secret-token" }),
 *   config: (url) => ({ baseUrl: url, token: "secret-token" }),
 *   badConfig: (url) => ({ baseUrl: url, token: "wrong" }),
 *   secrets: ["secret-token"]
 * }
 * console.log(options.secrets)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Options<C extends Connector.Any> {
  readonly connector: C
  readonly server: MockServer.Options
  readonly config: (url: string) => unknown
  readonly badConfig: (url: string) => unknown
  readonly secrets: ReadonlyArray<string>
  readonly layer?: Layer.Layer<Connector.Requirements<C>, ConnectorError.ConnectorError> | undefined
  readonly serve?:
    | ((
        server: MockServer.MockServer
      ) => Promise<{ readonly url: string; readonly close: () => Promise<void> }>)
    | undefined
  readonly requestTimeoutMillis?: number | undefined
  readonly maxRequests?: number | undefined
}

/**
 * One check of the suite: `run` resolves when the connector conforms and rejects with an
 * explanation when it does not.
 *
 * @example
 * ```ts
 * import type { Conformance } from "@cxkit/connectors/vitest"
 *
 * const check: Conformance.Check = { name: "noop", run: async () => {} }
 * console.log(check.name)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Check {
  readonly name: string
  readonly run: () => Promise<void>
}

type Event = Sync.SyncEvent<SourceStream.Any<unknown, unknown>>

interface RunResult {
  readonly events: ReadonlyArray<Event>
  readonly logs: ReadonlyArray<string>
  readonly runaway: boolean
  readonly failure: string | undefined
}

class ConformanceFailure extends Error {
  override readonly name = "ConformanceFailure"
}

// Every failure names what happened, its likely cause and the guide section explaining it.
const fail = (message: string, hint: Hint): never => {
  throw new ConformanceFailure(explain(message, hint))
}

const assertThat = (condition: boolean, message: () => string, hint: Hint | (() => Hint)): void => {
  if (!condition) fail(message(), typeof hint === "function" ? hint() : hint)
}

const describeKeys = (keys: Iterable<string>) => {
  const list = [...keys]
  return list.length > 8 ? `${list.slice(0, 8).join(", ")} … (${list.length})` : list.join(", ")
}

const serialize = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Error) {
      return {
        name: v.name,
        message: v.message,
        ...(v as unknown as Record<string, unknown>),
        stack: v.stack
      }
    }
    return v
  })

const withServer = async <A>(
  options: MockServer.Options,
  f: (server: MockServer.MockServer) => Promise<A>,
  serve?: Options<Connector.Any>["serve"]
) => {
  const server = await MockServer.start(options)
  const front = serve === undefined ? undefined : await serve(server)
  try {
    return await f(front === undefined ? server : { ...server, url: front.url })
  } finally {
    await front?.close()
    await server.close()
  }
}

const resourcesOf = (server: MockServer.MockServer, options: MockServer.Options) =>
  Object.keys(options.resources)
    .map((path) => ({ path, resource: server.resource(path) }))
    .filter(
      (r): r is { path: string; resource: MockServer.Resource & { stream: string } } =>
        r.resource.stream !== undefined
    )

// The records a sync must deliver: those not deleted that the resource's filter selects for the
// connector's first request to it (a search's terms, say).
const expectedKeys = (server: MockServer.MockServer, path: string): Set<string> => {
  const resource = server.resource(path)
  const deleted = resource.deletedField ?? "_deleted"
  const query = server.requests.find((r) => r.path === path)?.query ?? {}
  const keys = new Set<string>()
  for (const record of server.records(path)) {
    if (record[deleted] === true) continue
    if (resource.filter !== undefined && !resource.filter(record, query)) continue
    const key = keyOf(record, [resource.primaryKey])
    if (key !== undefined) keys.add(key)
  }
  return keys
}

const recordKeys = (
  events: ReadonlyArray<Event>,
  stream: string,
  from = 0,
  to = events.length
): Array<string> => {
  const keys: Array<string> = []
  for (let i = from; i < to; i++) {
    const event = events[i] as Event
    if (event._tag === "Record" && event.stream === stream) keys.push(event.key)
  }
  return keys
}

const statusOf = (events: ReadonlyArray<Event>, stream: string) => {
  let status: Extract<Event, { _tag: "Status" }> | undefined
  for (const event of events) if (event._tag === "Status" && event.stream === stream) status = event
  return status
}

const sortedFixtures = (server: MockServer.MockServer, path: string) => {
  const resource = server.resource(path)
  const field = resource.cursorField
  const direction = resource.order === "descending" ? -1 : 1
  return [...server.records(path)].sort((a, b) => {
    if (field !== undefined) {
      const x = a[field] as string | number
      const y = b[field] as string | number
      if (x !== y) return direction * (x < y ? -1 : 1)
    }
    return String(a[resource.primaryKey]) < String(b[resource.primaryKey]) ? -1 : 1
  })
}

/**
 * The checks of the suite, to run or assert on individually (the suite's own tests use this
 * to show that deliberately broken connectors fail).
 *
 * @example
 * ```ts
 * import { ReferenceConnector } from "@cxkit/connectors/testing"
 * import { Conformance } from "@cxkit/connectors/vitest"
 *
 * const checks = Conformance.checks({
 *   connector: ReferenceConnector.connector,
 *   server: ReferenceConnector.mockApi({ token: "secret-token" }),
 *   config: (url) => ({ baseUrl: url, token: "secret-token" }),
 *   badConfig: (url) => ({ baseUrl: url, token: "wrong" }),
 *   secrets: ["secret-token"]
 * })
 * console.log(checks.length > 10) // true
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const checks = <C extends Connector.Any>(options: Options<C>): ReadonlyArray<Check> => {
  const connector = options.connector as Connector.Any
  const layer = (options.layer ?? NetworkGuard.layer) as Layer.Layer<unknown, ConnectorError.ConnectorError>
  const maxRequests = options.maxRequests ?? 2000

  const decode = (raw: unknown) =>
    Schema.decodeUnknownSync(connector.config as Schema.Codec<unknown, unknown>)(raw)

  const runSync = (
    server: MockServer.MockServer,
    settings: {
      readonly store: StateStore.Store
      readonly mode?: SourceStream.Mode
      readonly take?: number
      readonly config?: unknown
      /** Receives the events as they are emitted (the mutation check reads it mid-sync). */
      readonly events?: Array<Event>
    }
  ): Promise<RunResult> => {
    const events: Array<Event> = settings.events ?? []
    const logs: Array<string> = []
    const startRequests = server.requests.length
    let runaway = false
    const config = settings.config ?? decode(options.config(server.url))
    let stream = Sync.run(connector, {
      config,
      stateStore: settings.store,
      mode: settings.mode,
      retry: { times: 2, base: "1 second" }
    }).pipe(
      Stream.takeWhile(() => {
        if (server.requests.length - startRequests > maxRequests) runaway = true
        return !runaway
      })
    ) as Stream.Stream<Event, ConnectorError.ConnectorError, unknown>
    if (settings.take !== undefined) stream = Stream.take(stream, settings.take)
    const logger = Logger.make((entry) => {
      logs.push(`${entry.logLevel} ${serialize(entry.message)} ${Cause.pretty(entry.cause)}`)
    })
    const program = Effect.gen(function* () {
      yield* TestClock.setTime(Date.now())
      const fiber = yield* Effect.forkChild(
        Stream.runForEach(stream, (event) => Effect.sync(() => events.push(event)))
      )
      while (fiber.pollUnsafe() === undefined) {
        yield* TestClock.withLive(Effect.sleep("1 millis"))
        yield* TestClock.adjust("1 second")
      }
      return fiber.pollUnsafe() as Exit.Exit<void, unknown>
    }).pipe(
      Effect.provide(layer),
      Effect.provide(Logger.layer([logger])),
      Effect.provideService(References.MinimumLogLevel, "All"),
      Effect.provide(TestClock.layer())
    ) as Effect.Effect<Exit.Exit<void, unknown>>
    const consoleMethods = ["log", "info", "warn", "error", "debug"] as const
    const originals = consoleMethods.map((m) => console[m])
    for (const m of consoleMethods) {
      console[m] = (...args: Array<unknown>) => {
        logs.push(args.map((a) => (typeof a === "string" ? a : serialize(a))).join(" "))
      }
    }
    return Effect.runPromise(program)
      .then((exit) => ({
        events,
        logs,
        runaway,
        failure: Exit.isFailure(exit) ? Cause.pretty(exit.cause) : undefined
      }))
      .finally(() => {
        consoleMethods.forEach((m, i) => {
          console[m] = originals[i] as (typeof console)[typeof m]
        })
      })
  }

  const completed = (result: RunResult, context: string) => {
    assertThat(
      !result.runaway,
      () => `${context}: the sync did not end (more than ${maxRequests} requests)`,
      H.runaway
    )
    assertThat(
      result.failure === undefined,
      () => `${context}: the sync failed as a whole: ${result.failure}`,
      H.syncFailed
    )
  }

  const allComplete = (result: RunResult, server: MockServer.MockServer, context: string) => {
    completed(result, context)
    for (const { resource } of resourcesOf(server, options.server)) {
      const status = statusOf(result.events, resource.stream)
      assertThat(
        status?.status === "completed",
        () =>
          `${context}: stream "${resource.stream}" did not complete (${status === undefined ? "no status" : status.status === "failed" ? `failed: ${status.error.reason}: ${status.error.message}` : status.status})`,
        () => (status?.status === "failed" ? forReason(status.error.reason) : H.failedStream)
      )
    }
  }

  const everythingDelivered = (
    server: MockServer.MockServer,
    result: RunResult,
    context: string,
    options_: { readonly noDuplicates?: boolean; readonly lost?: Hint } = {}
  ) => {
    for (const { path, resource } of resourcesOf(server, options.server)) {
      const keys = recordKeys(result.events, resource.stream)
      const expected = expectedKeys(server, path)
      const got = new Set(keys)
      const missing = [...expected].filter((k) => !got.has(k))
      assertThat(
        missing.length === 0,
        () => `${context}: stream "${resource.stream}" lost records ${describeKeys(missing)}`,
        options_.lost ?? H.lost
      )
      if (options_.noDuplicates === true) {
        const seen = new Set<string>()
        const duplicates = keys.filter((k) => {
          if (seen.has(k)) return true
          seen.add(k)
          return false
        })
        assertThat(
          duplicates.length === 0,
          () =>
            `${context}: stream "${resource.stream}" delivered records twice in one run: ${describeKeys(duplicates)}`,
          H.duplicated
        )
      }
    }
  }

  const freshStore = () => Effect.runSync(StateStore.makeMemory)

  const snapshotStore = (events: ReadonlyArray<Event>, upTo: number) => {
    const store = freshStore()
    for (let i = 0; i <= upTo; i++) {
      const event = events[i] as Event
      if (event._tag === "State") Effect.runSync(store.set(connector.id, event.stream, event.state))
    }
    return store
  }

  const resumeFromEveryCheckpoint = async (
    server: MockServer.MockServer,
    first: RunResult,
    context: string
  ) => {
    const stateIndexes = first.events.flatMap((e, i) => (e._tag === "State" ? [i] : []))
    const step = Math.max(1, Math.ceil(stateIndexes.length / 40))
    for (let n = 0; n < stateIndexes.length; n += step) {
      const index = stateIndexes[n] as number
      const event = first.events[index] as Extract<Event, { _tag: "State" }>
      const resource = resourcesOf(server, options.server).find((r) => r.resource.stream === event.stream)
      if (resource === undefined) continue
      const before = recordKeys(first.events, event.stream, 0, index)
      // no record of the stream since its previous state: the checkpoint came before its records
      const previous = first.events.findLastIndex(
        (e, i) => i < index && e._tag === "State" && e.stream === event.stream
      )
      const empty = recordKeys(first.events, event.stream, previous + 1, index).length === 0
      const resumed = await runSync(server, { store: snapshotStore(first.events, index) })
      completed(resumed, `${context}, resumed from checkpoint #${n + 1} of "${event.stream}"`)
      const got = new Set([...before, ...recordKeys(resumed.events, event.stream)])
      const missing = [...expectedKeys(server, resource.path)].filter((k) => !got.has(k))
      assertThat(
        missing.length === 0,
        () =>
          `${context}: resuming "${event.stream}" from its state ${JSON.stringify(event.state)} (after ${before.length} records${empty ? ", none since the previous state" : ""}) lost ${describeKeys(missing)}`,
        empty ? H.checkpointBeforeRecords : H.checkpointSkips
      )
    }
  }

  const incrementalStreams = (server: MockServer.MockServer) =>
    resourcesOf(server, options.server).filter(({ resource }) =>
      connector.streams.some((s) => s.name === resource.stream && s.cursorField !== undefined)
    )

  const withMock = <A>(f: (server: MockServer.MockServer) => Promise<A>) =>
    withServer(options.server, f, options.serve)

  const list: Array<Check> = []
  const add = (name: string, run: () => Promise<void>) => list.push({ name, run })

  add("spec: the config Schema yields a JSON Schema object without secrets", async () => {
    const spec = Connector.spec(connector)
    assertThat(
      spec.type === "object",
      () => `spec type is ${String(spec.type)}, expected "object"`,
      H.specNotObject
    )
    const text = JSON.stringify(spec)
    for (const secret of options.secrets)
      assertThat(!text.includes(secret), () => "the spec contains a secret", H.specSecret)
  })

  add("check: succeeds with good credentials", () =>
    withMock(async (server) => {
      const exit = await Effect.runPromiseExit(
        Connector.check(connector, decode(options.config(server.url))).pipe(
          Effect.provide(layer)
        ) as Effect.Effect<void, unknown>
      )
      assertThat(
        Exit.isSuccess(exit),
        () => `check failed: ${Exit.isFailure(exit) ? Cause.pretty(exit.cause) : ""}`,
        H.checkFailed
      )
    })
  )

  add("check: fails with reason auth on bad credentials, without leaking them", () =>
    withMock(async (server) => {
      const exit = await Effect.runPromiseExit(
        Connector.check(connector, decode(options.badConfig(server.url))).pipe(
          Effect.provide(layer)
        ) as Effect.Effect<void, ConnectorError.ConnectorError>
      )
      assertThat(
        Exit.isFailure(exit),
        () => "check succeeded with bad credentials",
        H.checkSucceededBadCredentials
      )
      if (Exit.isFailure(exit)) {
        const error = Cause.findErrorOption(exit.cause)
        assertThat(
          error._tag === "Some" && error.value.reason === "auth",
          () => `check failed with ${Cause.pretty(exit.cause)}, expected a ConnectorError with reason "auth"`,
          H.checkWrongReason
        )
        const text = `${serialize(exit)} ${Cause.pretty(exit.cause)}`
        for (const secret of [...options.secrets, ...secretsOfBadConfig(server.url)]) {
          assertThat(!text.includes(secret), () => "the check error contains a credential", H.credentialLeak)
        }
      }
    })
  )

  const secretsOfBadConfig = (url: string) => {
    const raw = options.badConfig(url) as Record<string, unknown>
    const good = options.config(url) as Record<string, unknown>
    return Object.keys(raw)
      .filter((k) => typeof raw[k] === "string" && raw[k] !== good[k] && k !== "baseUrl")
      .map((k) => raw[k] as string)
      .filter((s) => s.length >= 4)
  }

  add("read: a full sync delivers every record of every stream exactly once", () =>
    withMock(async (server) => {
      const result = await runSync(server, { store: freshStore() })
      allComplete(result, server, "first sync")
      everythingDelivered(server, result, "first sync", { noDuplicates: true })
    })
  )

  add("state: every state follows its records, resuming from each checkpoint loses nothing", () =>
    withMock(async (server) => {
      const first = await runSync(server, { store: freshStore() })
      allComplete(first, server, "first sync")
      assertThat(
        first.events.some((e) => e._tag === "State"),
        () => "the sync emitted no state",
        H.noState
      )
      await resumeFromEveryCheckpoint(server, first, "first sync")
    })
  )

  add("incremental: a second run without changes delivers nothing again", () =>
    withMock(async (server) => {
      const store = freshStore()
      allComplete(await runSync(server, { store }), server, "first sync")
      const second = await runSync(server, { store })
      allComplete(second, server, "second sync")
      for (const { resource } of incrementalStreams(server)) {
        const again = recordKeys(second.events, resource.stream)
        const deleted = second.events.filter((e) => e._tag === "Deleted" && e.stream === resource.stream)
        assertThat(
          again.length === 0 && deleted.length === 0,
          () =>
            `second sync re-delivered ${again.length} records of "${resource.stream}" (${describeKeys(again)}) and ${deleted.length} deletions`,
          H.redelivered
        )
      }
    })
  )

  add("incremental: updates, inserts and deletions since the last run are delivered", () =>
    withMock(async (server) => {
      const store = freshStore()
      allComplete(await runSync(server, { store }), server, "first sync")
      const expectations: Array<{ stream: string; keys: Array<string>; deleted: string | undefined }> = []
      for (const { path, resource } of incrementalStreams(server)) {
        const rows = sortedFixtures(server, path)
        if (rows.length < 3) continue
        const pk = resource.primaryKey
        const updated = rows[0] as MockServer.Fixture
        server.touch(path, updated[pk])
        const template = rows[1] as MockServer.Fixture
        const newKey =
          typeof template[pk] === "number" ? 900_000 + rows.length : `${String(template[pk])}-new`
        server.upsert(path, {
          ...template,
          [pk]: newKey,
          ...(resource.cursorField ? { [resource.cursorField]: server.nextCursor(path) } : {})
        })
        let deleted: string | undefined
        if (resource.supportsDeletes === true) {
          const gone = rows[2] as MockServer.Fixture
          server.remove(path, gone[pk])
          deleted = keyOf(gone, [pk])
        }
        expectations.push({
          stream: resource.stream,
          keys: [keyOf(updated, [pk]) as string, keyOf({ [pk]: newKey }, [pk]) as string],
          deleted
        })
      }
      const second = await runSync(server, { store })
      allComplete(second, server, "second sync")
      for (const { stream, keys, deleted } of expectations) {
        const got = new Set(recordKeys(second.events, stream))
        const missing = keys.filter((k) => !got.has(k))
        assertThat(
          missing.length === 0,
          () => `second sync of "${stream}" missed changed records ${describeKeys(missing)}`,
          H.changesMissed
        )
        if (deleted !== undefined) {
          assertThat(
            second.events.some((e) => e._tag === "Deleted" && e.stream === stream && e.key === deleted),
            () => `second sync of "${stream}" did not report the deletion of ${deleted}`,
            H.deletionMissed
          )
        }
      }
    })
  )

  add(
    "live changes: records edited, deleted and inserted during a sync are all right after one more incremental run",
    () =>
      withMock(async (server) => {
        const targets = incrementalStreams(server)
        const erased = new Map<string, Set<string>>()
        const plans = new Map<string, Array<(delivered: ReadonlySet<string>) => void>>()
        const events: Array<Event> = []
        for (const { path, resource } of targets) {
          const pk = resource.primaryKey
          const gone = new Set<string>()
          erased.set(resource.stream, gone)
          const live = () =>
            server
              .records(path)
              .filter((r) => r[resource.deletedField ?? "_deleted"] !== true)
              .map((r) => ({ record: r, key: keyOf(r, [pk]) as string }))
          // a record already delivered, or one not reached yet (the newest unseen one last)
          const pick = (delivered: ReadonlySet<string>, seen: boolean) => {
            const rows = live().filter((r) => delivered.has(r.key) === seen)
            return rows[seen ? 0 : Math.floor(rows.length / 2)]
          }
          const drop = (delivered: ReadonlySet<string>, seen: boolean) => {
            const row = pick(delivered, seen)
            if (row === undefined) return
            if (resource.supportsDeletes === true) server.remove(path, row.record[pk])
            else {
              server.erase(path, row.record[pk])
              gone.add(row.key)
            }
          }
          const edit = (delivered: ReadonlySet<string>, seen: boolean) => {
            const row = pick(delivered, seen)
            if (row !== undefined) server.touch(path, row.record[pk])
          }
          let inserted = 0
          const insert = () => {
            const template = live()[0]?.record
            if (template === undefined) return
            inserted++
            const key =
              typeof template[pk] === "number"
                ? 800_000 + inserted
                : `${String(template[pk])}-live${inserted}`
            server.upsert(path, {
              ...template,
              [pk]: key,
              ...(resource.cursorField ? { [resource.cursorField]: server.nextCursor(path) } : {})
            })
          }
          plans.set(path, [
            (d) => edit(d, true),
            (d) => drop(d, true),
            (d) => edit(d, false),
            () => insert(),
            (d) => drop(d, false),
            (d) => edit(d, true),
            (d) => drop(d, true)
          ])
        }
        server.beforeRequest((request) => {
          const plan = plans.get(request.path)
          const target = targets.find((t) => t.path === request.path)
          if (plan === undefined || target === undefined || request.served === 0) return
          plan.shift()?.(new Set(recordKeys(events, target.resource.stream)))
        })
        const store = freshStore()
        const first = await runSync(server, { store, events })
        server.beforeRequest(undefined)
        allComplete(first, server, "sync while the source changes")
        const second = await runSync(server, { store })
        allComplete(second, server, "the incremental run after it")
        for (const { path, resource } of targets) {
          const consumer = new Map<string, unknown>()
          for (const event of [...first.events, ...second.events]) {
            if (event.stream !== resource.stream) continue
            if (event._tag === "Record") consumer.set(event.key, event.record)
            else if (event._tag === "Deleted") consumer.delete(event.key)
          }
          const expected = expectedKeys(server, path)
          const missing = [...expected].filter((k) => !consumer.has(k))
          assertThat(
            missing.length === 0,
            () =>
              `"${resource.stream}" changed during the sync and the next incremental run still lacks ${describeKeys(missing)}: records were skipped`,
            H.skippedWhileChanging
          )
          // sources without a deletion feed cannot report records erased after delivery
          const gone = erased.get(resource.stream) ?? new Set<string>()
          const extra = [...consumer.keys()].filter((k) => !expected.has(k) && !gone.has(k))
          assertThat(
            extra.length === 0,
            () =>
              `"${resource.stream}" changed during the sync and the consumer still holds deleted records ${describeKeys(extra)}`,
            H.deletionMissed
          )
          const field = resource.cursorField
          const streamField = connector.streams.find((s) => s.name === resource.stream)?.cursorField
          if (field === undefined || streamField === undefined || streamField !== field) continue
          const stale = server.records(path).flatMap((row) => {
            const key = keyOf(row, [resource.primaryKey]) as string
            const held = consumer.get(key) as Record<string, unknown> | undefined
            if (held === undefined || !expected.has(key)) return []
            const a = held[field]
            if (typeof a !== "string" && typeof a !== "number") return []
            const b = row[field]
            const same =
              typeof a === typeof b
                ? a === b || (typeof a === "string" && Date.parse(a) === Date.parse(String(b)))
                : Number(a) === Number(b)
            return same ? [] : [key]
          })
          assertThat(
            stale.length === 0,
            () =>
              `"${resource.stream}" changed during the sync and the consumer holds old versions of ${describeKeys(stale)}`,
            H.staleWhileChanging
          )
        }
      })
  )

  const withTies = (server: MockServer.MockServer) => {
    for (const { path, resource } of incrementalStreams(server)) {
      const field = resource.cursorField as string
      const rows = sortedFixtures(server, path)
      const pageSize = resource.pageSize ?? 100
      for (let b = pageSize; b < rows.length; b += pageSize) {
        const previous = rows[b - 1] as MockServer.Fixture
        rows[b] = { ...(rows[b] as MockServer.Fixture), [field]: previous[field] }
      }
      server.setRecords(path, rows)
    }
  }

  add("ties: records sharing a cursor value across a page boundary are neither lost nor repeated", () =>
    withMock(async (server) => {
      withTies(server)
      const first = await runSync(server, { store: freshStore() })
      allComplete(first, server, "sync with ties")
      everythingDelivered(server, first, "sync with ties", { noDuplicates: true, lost: H.ties })
      await resumeFromEveryCheckpoint(server, first, "sync with ties")
      const store = freshStore()
      await runSync(server, { store })
      const second = await runSync(server, { store })
      for (const { resource } of incrementalStreams(server)) {
        const again = recordKeys(second.events, resource.stream)
        assertThat(
          again.length === 0,
          () => `with ties, a second sync re-delivered ${describeKeys(again)}`,
          H.duplicated
        )
      }
    })
  )

  add("future state: a cursor beyond the newest record yields no records and no failure", () =>
    withMock(async (server) => {
      const store = freshStore()
      for (const { resource } of incrementalStreams(server)) {
        const field = resource.cursorField as string
        const sample = resource.records[0]?.[field]
        const value = typeof sample === "number" ? 9_000_000_000_000 : "9999-12-31T23:59:59.000Z"
        Effect.runSync(
          store.set(connector.id, resource.stream, {
            v: 1,
            mode: "incremental",
            complete: true,
            cursor: { value, keys: [] }
          })
        )
      }
      const result = await runSync(server, { store })
      allComplete(result, server, "sync from a future state")
      for (const { resource } of incrementalStreams(server)) {
        const got = recordKeys(result.events, resource.stream)
        assertThat(
          got.length === 0,
          () => `a future state of "${resource.stream}" still delivered ${describeKeys(got)}`,
          H.futureState
        )
      }
    })
  )

  add("faults: recovers from 429 with and without Retry-After (seconds, HTTP date, rate-limit headers)", () =>
    withMock(async (server) => {
      server.inject({ fault: MockServer.rateLimited({ retryAfter: 2 }), after: 1 })
      server.inject({ fault: MockServer.rateLimited({ retryAfter: 3, asDate: true }), after: 2 })
      server.inject({ fault: MockServer.rateLimited(), after: 3 })
      server.inject({ fault: MockServer.rateLimited({ rateLimitHeaders: true }), after: 4 })
      const result = await runSync(server, { store: freshStore() })
      allComplete(result, server, "sync through 429s")
      everythingDelivered(server, result, "sync through 429s")
    })
  )

  add("faults: recovers from 5xx and non-JSON error bodies", () =>
    withMock(async (server) => {
      server.inject({ fault: MockServer.serverError(503), after: 1, times: 2 })
      server.inject({ fault: MockServer.nonJson(502), after: 3 })
      server.inject({ fault: MockServer.serverError(500), after: 5 })
      const result = await runSync(server, { store: freshStore() })
      allComplete(result, server, "sync through 5xx")
      everythingDelivered(server, result, "sync through 5xx")
    })
  )

  if (options.requestTimeoutMillis !== undefined) {
    add("faults: recovers from a request that never answers", () =>
      withMock(async (server) => {
        server.inject({ fault: MockServer.timeout(), after: 1 })
        const result = await runSync(server, { store: freshStore() })
        allComplete(result, server, "sync through a timeout")
        everythingDelivered(server, result, "sync through a timeout")
      })
    )
  }

  add(
    "quota: an exhausted quota fails its stream with reason quota-exhausted, without retrying for a day",
    () =>
      withMock(async (server) => {
        const [target] = resourcesOf(server, options.server)
        if (target === undefined) return
        server.inject({
          fault: MockServer.quotaExhausted(),
          path: target.path,
          after: 1,
          times: Number.POSITIVE_INFINITY
        })
        const result = await runSync(server, { store: freshStore() })
        completed(result, "sync with an exhausted quota")
        const status = statusOf(result.events, target.resource.stream)
        assertThat(
          status?.status === "failed" && status.error.reason === "quota-exhausted",
          () =>
            `stream "${target.resource.stream}" ended with ${serialize(status)}, expected failed with reason quota-exhausted`,
          H.quota
        )
        const hits = server.requests.filter((r) => r.path === target.path && r.status === 429).length
        assertThat(
          hits <= 3,
          () => `the exhausted quota was hit ${hits} times: it must not be retried like a rate limit`,
          H.quota
        )
      })
  )

  add("drift: unknown fields are kept and reported; a changed field type fails the stream", () =>
    withMock(async (server) => {
      const [target] = resourcesOf(server, options.server)
      if (target === undefined) return
      const rows = sortedFixtures(server, target.path)
      const first = rows[0] as MockServer.Fixture
      server.upsert(target.path, { ...first, cxkitDriftProbe: "surprise" })
      const result = await runSync(server, { store: freshStore() })
      allComplete(result, server, "sync with an unknown field")
      assertThat(
        result.events.some(
          (e) =>
            e._tag === "SchemaDrift" &&
            e.stream === target.resource.stream &&
            e.fields.includes("cxkitDriftProbe")
        ),
        () => `no SchemaDrift event reported the unknown field of "${target.resource.stream}"`,
        H.driftHidden
      )
      const record = result.events.find(
        (e) =>
          e._tag === "Record" &&
          e.stream === target.resource.stream &&
          e.unknownFields?.cxkitDriftProbe === "surprise"
      )
      assertThat(
        record !== undefined,
        () => "the record with an unknown field did not keep it in unknownFields",
        H.driftHidden
      )
      const field = Object.keys(first).find(
        (k) =>
          k !== target.resource.primaryKey &&
          k !== target.resource.cursorField &&
          typeof first[k] !== "object"
      )
      if (field === undefined) return
      server.upsert(target.path, { ...first, [field]: { drifted: true } })
      const drifted = await runSync(server, { store: freshStore() })
      completed(drifted, "sync with a changed field type")
      const status = statusOf(drifted.events, target.resource.stream)
      assertThat(
        status?.status === "failed" && status.error.reason === "schema-drift",
        () =>
          `changing the type of "${field}" ended "${target.resource.stream}" with ${serialize(status)}, expected reason schema-drift`,
        H.driftAccepted
      )
    })
  )

  add("pagination: a source repeating its cursor fails with reason source-bug instead of looping", () =>
    withMock(async (server) => {
      const target = resourcesOf(server, options.server).find(({ path, resource }) => {
        return server.records(path).length > 2 * (resource.pageSize ?? 100)
      })
      if (target === undefined) return
      server.inject({
        fault: MockServer.repeatPage(),
        path: target.path,
        after: 1,
        times: Number.POSITIVE_INFINITY
      })
      const result = await runSync(server, { store: freshStore() })
      completed(result, "sync with a repeating cursor")
      const status = statusOf(result.events, target.resource.stream)
      assertThat(
        status?.status === "failed" && status.error.reason === "source-bug",
        () =>
          `a repeating cursor ended "${target.resource.stream}" with ${serialize(status)}, expected failed with reason source-bug`,
        H.loops
      )
    })
  )

  add("result cap: records beyond a result cap are never lost silently", () =>
    withMock(async (server) => {
      for (const { path, resource } of resourcesOf(server, options.server)) {
        server.inject({ fault: MockServer.cap(2 * (resource.pageSize ?? 100)), path })
      }
      const result = await runSync(server, { store: freshStore() })
      completed(result, "sync with result caps")
      for (const { path, resource } of resourcesOf(server, options.server)) {
        const status = statusOf(result.events, resource.stream)
        if (status?.status === "failed") continue
        const got = new Set(recordKeys(result.events, resource.stream))
        const missing = [...expectedKeys(server, path)].filter((k) => !got.has(k))
        assertThat(
          missing.length === 0,
          () => `"${resource.stream}" completed under a result cap but lost ${describeKeys(missing)}`,
          H.resultCap
        )
      }
    })
  )

  add("interruption: a sync stopped at any point resumes from its last state with nothing lost", () =>
    withMock(async (server) => {
      const full = await runSync(server, { store: freshStore() })
      allComplete(full, server, "first sync")
      const total = full.events.length
      for (const fraction of [0.15, 0.35, 0.5, 0.7, 0.9]) {
        const cut = Math.max(1, Math.floor(total * fraction))
        const store = freshStore()
        const interrupted = await runSync(server, { store, take: cut })
        const resumed = await runSync(server, { store })
        allComplete(resumed, server, `resume after stopping at event ${cut}`)
        for (const { path, resource } of resourcesOf(server, options.server)) {
          const got = new Set([
            ...recordKeys(interrupted.events, resource.stream),
            ...recordKeys(resumed.events, resource.stream)
          ])
          const missing = [...expectedKeys(server, path)].filter((k) => !got.has(k))
          assertThat(
            missing.length === 0,
            () =>
              `stopping at event ${cut} of ${total} then resuming lost ${describeKeys(missing)} of "${resource.stream}"`,
            H.interrupted
          )
        }
      }
    })
  )

  add("isolation: one failing stream does not stop the others and reports its last good state", () =>
    withMock(async (server) => {
      const targets = resourcesOf(server, options.server)
      const target = targets.find(
        ({ path, resource }) => server.records(path).length > (resource.pageSize ?? 100)
      )
      if (target === undefined || targets.length < 2) return
      server.inject({
        fault: MockServer.serverError(500),
        path: target.path,
        after: 1,
        times: Number.POSITIVE_INFINITY
      })
      const result = await runSync(server, { store: freshStore() })
      completed(result, "sync with a failing stream")
      const status = statusOf(result.events, target.resource.stream)
      assertThat(
        status?.status === "failed" && status.error.reason === "transient",
        () => `the failing stream "${target.resource.stream}" ended with ${serialize(status)}`,
        H.isolationReason
      )
      if (status?.status === "failed") {
        const lastState = [...result.events]
          .reverse()
          .find(
            (e): e is Extract<Event, { _tag: "State" }> =>
              e._tag === "State" && e.stream === target.resource.stream
          )
        assertThat(
          lastState === undefined || serialize(lastState.state) === serialize(status.lastState),
          () =>
            `the failed stream reported ${serialize(status.lastState)} as its last state, not ${serialize(lastState)}`,
          H.runnerState
        )
      }
      for (const { path, resource } of targets) {
        if (resource.stream === target.resource.stream) continue
        const other = statusOf(result.events, resource.stream)
        assertThat(
          other?.status === "completed",
          () => `stream "${resource.stream}" did not complete after another failed`,
          H.isolationOthers
        )
        const got = new Set(recordKeys(result.events, resource.stream))
        const missing = [...expectedKeys(server, path)].filter((k) => !got.has(k))
        assertThat(
          missing.length === 0,
          () => `stream "${resource.stream}" lost ${describeKeys(missing)} after another failed`,
          H.isolationOthers
        )
      }
    })
  )

  add("secrets: no secret in logs, events, errors or state", () =>
    withMock(async (server) => {
      server.inject({ fault: MockServer.rateLimited({ retryAfter: 1 }), after: 1 })
      server.inject({ fault: MockServer.serverError(503), after: 2 })
      server.inject({ fault: MockServer.nonJson(502), after: 3 })
      const store = freshStore()
      const good = await runSync(server, { store })
      const bad = await runSync(server, {
        store: freshStore(),
        config: decode(options.badConfig(server.url))
      })
      const states = Effect.runSync(store.entries(connector.id))
      const texts = [
        ...good.logs,
        ...bad.logs,
        serialize(good.events),
        serialize(bad.events),
        serialize([...states]),
        good.failure ?? "",
        bad.failure ?? "",
        ...bad.events.flatMap((e) =>
          e._tag === "Status" && e.status === "failed" ? [String(e.error), e.error.stack ?? ""] : []
        )
      ]
      for (const secret of [...options.secrets, ...secretsOfBadConfig(server.url)]) {
        const leak = texts.find((t) => t.includes(secret))
        assertThat(
          leak === undefined,
          () => `a secret leaked: ${leak?.slice(0, 200).split(secret).join("<SECRET>")}`,
          H.secretLeak
        )
      }
    })
  )

  add("determinism: two runs over the same data emit the same events", async () => {
    const strip = (events: ReadonlyArray<Event>) =>
      serialize(events.map((e) => (e._tag === "Progress" ? { ...e, elapsedMillis: 0 } : e)))
    const one = await withMock((server) => runSync(server, { store: freshStore() }))
    const two = await withMock((server) => runSync(server, { store: freshStore() }))
    assertThat(
      strip(one.events) === strip(two.events),
      () => "two identical syncs emitted different events",
      H.nondeterministic
    )
  })

  return list
}
