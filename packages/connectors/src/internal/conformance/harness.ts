// The conformance suite's harness: runs a connector against the mock on the TestClock and
// asserts on what it delivered. Each group of checks (the other files here) takes a harness.
import { Cause, Effect, Exit, type Layer, Logger, References, Schema, Stream } from "effect"
import { TestClock } from "effect/testing"
import type * as Connector from "../../Connector.ts"
import type * as ConnectorError from "../../ConnectorError.ts"
import type * as SourceStream from "../../SourceStream.ts"
import * as StateStore from "../../StateStore.ts"
import * as Sync from "../../Sync.ts"
import type { Check, Options } from "../../testing/Conformance.ts"
import * as MockServer from "../../testing/MockServer.ts"
import * as NetworkGuard from "../../testing/NetworkGuard.ts"
import { keyOf } from "../cursor.ts"
import { explain, forReason, connector as H, type Hint } from "../hints.ts"

export type Event = Sync.SyncEvent<SourceStream.Any<unknown, unknown>>

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

export const assertThat = (condition: boolean, message: () => string, hint: Hint | (() => Hint)): void => {
  if (!condition) fail(message(), typeof hint === "function" ? hint() : hint)
}

export const describeKeys = (keys: Iterable<string>) => {
  const list = [...keys]
  return list.length > 8 ? `${list.slice(0, 8).join(", ")} … (${list.length})` : list.join(", ")
}

export const serialize = (value: unknown): string =>
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

export const resourcesOf = (server: MockServer.MockServer, options: MockServer.Options) =>
  Object.keys(options.resources)
    .map((path) => ({ path, resource: server.resource(path) }))
    .filter(
      (r): r is { path: string; resource: MockServer.Resource & { stream: string } } =>
        r.resource.stream !== undefined
    )

// The records a sync must deliver: those not deleted that the resource's filter selects for the
// connector's first request to it (a search's terms, say).
export const expectedKeys = (server: MockServer.MockServer, path: string): Set<string> => {
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

export const recordKeys = (
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

export const statusOf = (events: ReadonlyArray<Event>, stream: string) => {
  let status: Extract<Event, { _tag: "Status" }> | undefined
  for (const event of events) if (event._tag === "Status" && event.stream === stream) status = event
  return status
}

export const sortedFixtures = (server: MockServer.MockServer, path: string) => {
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

/** A named check. */
export const check = (name: string, run: () => Promise<void>): Check => ({ name, run })

/** The harness of one suite: the connector, its options and the ways to run and assert. */
export const makeHarness = (options: Options<Connector.Any>) => {
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

  const secretsOfBadConfig = (url: string) => {
    const raw = options.badConfig(url) as Record<string, unknown>
    const good = options.config(url) as Record<string, unknown>
    return Object.keys(raw)
      .filter((k) => typeof raw[k] === "string" && raw[k] !== good[k] && k !== "baseUrl")
      .map((k) => raw[k] as string)
      .filter((s) => s.length >= 4)
  }

  return {
    connector,
    layer,
    options,
    decode,
    runSync,
    completed,
    allComplete,
    everythingDelivered,
    freshStore,
    snapshotStore,
    resumeFromEveryCheckpoint,
    incrementalStreams,
    withMock,
    secretsOfBadConfig
  }
}

/** The harness the checks are written against. */
export type Harness = ReturnType<typeof makeHarness>

/** A group of checks: a value per concern, each in its own file. */
export type Group = (h: Harness) => ReadonlyArray<Check>
