/**
 * Runs a sync in a test, fast: the TestClock starts at the wall clock and moves one second per
 * real millisecond, so backoff, `Retry-After` and rate-limit waits take milliseconds. Collects
 * every event and log line, and never throws: the run's `exit` says how it ended.
 *
 * @module
 * @since 0.1.0
 */
import { Effect, type Exit, type Layer, Logger, References, Stream } from "effect"
import { TestClock } from "effect/testing"
import type * as Connector from "../Connector.ts"
import type * as SourceStream from "../SourceStream.ts"
import * as StateStore from "../StateStore.ts"
import * as Sync from "../Sync.ts"
import * as NetworkGuard from "./NetworkGuard.ts"

/**
 * What a test run produced: the events in order, the log lines (`LEVEL message`) and the exit.
 *
 * @since 0.1.0
 * @category testing
 */
export interface Run<E> {
  readonly events: ReadonlyArray<E>
  readonly logs: ReadonlyArray<string>
  readonly exit: Exit.Exit<void, unknown>
}

/**
 * Options of `run`. `layer` provides the connector's requirements (default: effect's fetch
 * client behind the `NetworkGuard`, so only loopback hosts are reachable); `take` stops after
 * that many events (an interruption); `onTick` runs on every clock step (to mutate a mock).
 *
 * @since 0.1.0
 * @category testing
 */
export interface RunOptions<C extends Connector.Any> {
  readonly config: Connector.ConfigOf<C>
  readonly store?: StateStore.Store | undefined
  readonly mode?: SourceStream.Mode | undefined
  readonly streams?: ReadonlyArray<Connector.StreamName<C>> | undefined
  readonly take?: number | undefined
  readonly layer?: Layer.Layer<Connector.Requirements<C>> | undefined
  readonly onTick?: (() => void) | undefined
}

/**
 * Runs a sync to its end (or `take` events) on an accelerated TestClock.
 *
 * @example
 * ```ts
 * import { MockServer, ReferenceConnector, TestSync } from "@cxkit/connectors/testing"
 * import { Schema } from "effect"
 *
 * const server = await MockServer.start(ReferenceConnector.mockApi({ token: "t", records: 7 }))
 * try {
 *   const config = Schema.decodeUnknownSync(ReferenceConnector.Config)({ baseUrl: server.url, token: "t" })
 *   const first = await TestSync.run(ReferenceConnector.connector, { config })
 *   console.log(TestSync.keys(first, "contacts").length, TestSync.status(first, "contacts")?.status) // 7 "completed"
 * } finally {
 *   await server.close()
 * }
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const run = async <C extends Connector.Any>(
  connector: C,
  options: RunOptions<C>
): Promise<Run<Sync.EventOf<C>>> => {
  const events: Array<Sync.EventOf<C>> = []
  const logs: Array<string> = []
  let stream = Sync.run(connector, {
    config: options.config,
    stateStore: options.store ?? Effect.runSync(StateStore.makeMemory),
    mode: options.mode,
    streams: options.streams,
    retry: { times: 2, base: "1 second" }
  })
  if (options.take !== undefined) stream = Stream.take(stream, options.take)
  const logger = Logger.make((entry) => {
    const message = Array.isArray(entry.message) ? entry.message : [entry.message]
    logs.push(`${entry.logLevel} ${message.map(String).join(" ")}`)
  })
  const program = Effect.gen(function* () {
    yield* TestClock.setTime(Date.now())
    return yield* drive(
      Stream.runForEach(stream, (event) => Effect.sync(() => events.push(event as Sync.EventOf<C>))),
      options.onTick
    )
  }).pipe(
    Effect.provide((options.layer ?? NetworkGuard.layer) as Layer.Layer<unknown>),
    Effect.provide(Logger.layer([logger])),
    Effect.provideService(References.MinimumLogLevel, "All"),
    Effect.provide(TestClock.layer())
  ) as Effect.Effect<Exit.Exit<void, unknown>>
  const exit = await Effect.runPromise(program)
  return { events, logs, exit }
}

// Runs an effect in a fiber, moving the TestClock one second per real millisecond until it ends.
const drive = <E, R>(effect: Effect.Effect<void, E, R>, onTick: (() => void) | undefined) =>
  Effect.gen(function* () {
    const fiber = yield* Effect.forkChild(effect)
    while (fiber.pollUnsafe() === undefined) {
      yield* TestClock.withLive(Effect.sleep("1 millis"))
      yield* TestClock.adjust("1 second")
      onTick?.()
    }
    return fiber.pollUnsafe() as Exit.Exit<void, E>
  })

/**
 * The Effect flavour of `run`, for `it.effect` tests (which provide the TestClock): runs the
 * sync to its end on the test's clock, behind the `NetworkGuard` unless `layer` is given, and
 * succeeds with the events or fails with the sync's error.
 *
 * @example
 * ```ts
 * import { MockServer, ReferenceConnector, TestSync } from "@cxkit/connectors/testing"
 * import { Effect, Schema } from "effect"
 * import { TestClock } from "effect/testing"
 *
 * const server = await MockServer.start(ReferenceConnector.mockApi({ token: "t", records: 4 }))
 * try {
 *   const config = Schema.decodeUnknownSync(ReferenceConnector.Config)({ baseUrl: server.url, token: "t" })
 *   const events = await Effect.runPromise(
 *     TestSync.collect(ReferenceConnector.connector, { config }).pipe(Effect.provide(TestClock.layer()))
 *   )
 *   console.log(TestSync.keys(events, "owners").length > 0) // true
 * } finally {
 *   await server.close()
 * }
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const collect = <C extends Connector.Any>(
  connector: C,
  options: Omit<RunOptions<C>, "take" | "onTick">
): Effect.Effect<ReadonlyArray<Sync.EventOf<C>>, unknown> =>
  Effect.gen(function* () {
    const events: Array<Sync.EventOf<C>> = []
    const stream = Sync.run(connector, {
      config: options.config,
      stateStore: options.store ?? (yield* StateStore.makeMemory),
      mode: options.mode,
      streams: options.streams
    })
    const exit = yield* drive(
      Stream.runForEach(stream, (event) => Effect.sync(() => events.push(event as Sync.EventOf<C>))).pipe(
        Effect.provide((options.layer ?? NetworkGuard.layer) as Layer.Layer<unknown>)
      ) as Effect.Effect<void, unknown>,
      undefined
    )
    return yield* Effect.map(exit, () => events)
  })

type AnyEvent = { readonly _tag: string; readonly stream?: string }
type Events = Run<AnyEvent> | ReadonlyArray<AnyEvent>
const eventsOf = (run: Events): ReadonlyArray<AnyEvent> => ("events" in run ? run.events : run)

/**
 * The primary keys of the records a run (or its events) delivered for a stream, in order.
 *
 * @example
 * ```ts
 * import { TestSync } from "@cxkit/connectors/testing"
 *
 * const run = { events: [{ _tag: "Record", stream: "s", key: "1", record: {} }], logs: [], exit: undefined as never }
 * console.log(TestSync.keys(run, "s")) // ["1"]
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const keys = (run: Events, stream: string): Array<string> => keysTagged(run, stream, "Record")

/**
 * The primary keys a run reported deleted for a stream, in order.
 *
 * @example
 * ```ts
 * import { TestSync } from "@cxkit/connectors/testing"
 *
 * console.log(TestSync.deletedKeys([{ _tag: "Deleted", stream: "s", key: "7" }], "s")) // ["7"]
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const deletedKeys = (run: Events, stream: string): Array<string> => keysTagged(run, stream, "Deleted")

const keysTagged = (run: Events, stream: string, tag: string): Array<string> =>
  eventsOf(run).flatMap((e) =>
    e._tag === tag && e.stream === stream ? [(e as unknown as { key: string }).key] : []
  )

/**
 * The records a run delivered for a stream, in order.
 *
 * @example
 * ```ts
 * import { TestSync } from "@cxkit/connectors/testing"
 *
 * const run = { events: [{ _tag: "Record", stream: "s", key: "1", record: { id: 1 } }], logs: [], exit: undefined as never }
 * console.log(TestSync.records<{ id: number }>(run, "s")) // [{ id: 1 }]
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const records = <A>(run: Events, stream: string): Array<A> =>
  eventsOf(run).flatMap((e) =>
    e._tag === "Record" && e.stream === stream ? [(e as unknown as { record: unknown }).record as A] : []
  )

/**
 * The last status event of a stream in a run (`started`, `completed` or `failed`).
 *
 * @example
 * ```ts
 * import { TestSync } from "@cxkit/connectors/testing"
 *
 * const run = { events: [{ _tag: "Status", stream: "s", status: "completed", mode: "incremental" }], logs: [], exit: undefined as never }
 * console.log(TestSync.status(run, "s")?.status) // "completed"
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const status = (run: Events, stream: string): Sync.StatusEvent | undefined =>
  eventsOf(run)
    .filter((e) => e._tag === "Status" && e.stream === stream)
    .at(-1) as Sync.StatusEvent | undefined
