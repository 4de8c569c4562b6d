import { type Connector, StateStore, Sync } from "@cxkit/connectors"
import { NetworkGuard } from "@cxkit/connectors/testing"
import { Effect, type Exit, type Layer, Logger, References, Stream } from "effect"
import { TestClock } from "effect/testing"

export interface Run {
  readonly events: ReadonlyArray<
    | Sync.SyncEvent<never>
    | { readonly _tag: "Record"; readonly stream: string; readonly key: string; readonly record: unknown }
  >
  readonly logs: ReadonlyArray<string>
  readonly exit: Exit.Exit<void, unknown>
}

export const freshStore = () => Effect.runSync(StateStore.makeMemory)

// Runs a sync on TestClock set to the wall clock, advancing one second per real millisecond,
// so backoff and rate-limit waits take milliseconds (as the conformance suite does).
export const runSync = async <C extends Connector.Any>(
  connector: C,
  options: {
    readonly config: Connector.ConfigOf<C>
    readonly store: StateStore.Store
    readonly take?: number
    readonly layer?: Layer.Layer<Connector.Requirements<C>>
    readonly onTick?: () => void
  }
): Promise<Run> => {
  const events: Array<never> = []
  const logs: Array<string> = []
  let stream = Sync.run(connector, {
    config: options.config,
    stateStore: options.store,
    retry: { times: 2, base: "1 second" }
  })
  if (options.take !== undefined) stream = Stream.take(stream, options.take)
  const logger = Logger.make((entry) => {
    logs.push(
      `${entry.logLevel} ${(Array.isArray(entry.message) ? entry.message : [entry.message]).map(String).join(" ")}`
    )
  })
  const program = Effect.gen(function* () {
    yield* TestClock.setTime(Date.now())
    const fiber = yield* Effect.forkChild(
      Stream.runForEach(stream, (event) => Effect.sync(() => events.push(event as never)))
    )
    while (fiber.pollUnsafe() === undefined) {
      yield* TestClock.withLive(Effect.sleep("1 millis"))
      yield* TestClock.adjust("1 second")
      options.onTick?.()
    }
    return fiber.pollUnsafe() as Exit.Exit<void, unknown>
  }).pipe(
    Effect.provide((options.layer ?? NetworkGuard.layer) as Layer.Layer<unknown>),
    Effect.provide(Logger.layer([logger])),
    Effect.provideService(References.MinimumLogLevel, "All"),
    Effect.provide(TestClock.layer())
  ) as Effect.Effect<Exit.Exit<void, unknown>>
  const exit = await Effect.runPromise(program)
  return { events, logs, exit }
}

export const keys = (run: Run, stream: string): Array<string> =>
  run.events.flatMap((e) => (e._tag === "Record" && e.stream === stream ? [e.key] : []))

export const records = <A>(run: Run, stream: string): Array<A> =>
  run.events.flatMap((e) => (e._tag === "Record" && e.stream === stream ? [e.record as A] : []))

export const status = (run: Run, stream: string) =>
  run.events.filter((e) => e._tag === "Status" && e.stream === stream).at(-1) as
    | Extract<Sync.SyncEvent<never>, { _tag: "Status" }>
    | undefined
