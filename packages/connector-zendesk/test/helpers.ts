import { type Connector, StateStore, Sync } from "@cxkit/connectors"
import { NetworkGuard } from "@cxkit/connectors/testing"
import { Effect, Fiber, Schema, Stream } from "effect"
import { TestClock } from "effect/testing"

/** Decodes the raw config and runs a sync to the end, moving the TestClock one second per turn so waits pass instantly. */
export const syncAll = <C extends Connector.Any>(
  connector: C,
  options: {
    readonly config: unknown
    readonly store?: StateStore.Store
    readonly mode?: "full-refresh" | "incremental"
    readonly streams?: ReadonlyArray<string>
  }
) =>
  Effect.gen(function* () {
    const store = options.store ?? (yield* StateStore.makeMemory)
    const stream = Sync.run(connector, {
      config: Schema.decodeUnknownSync(connector.config as Schema.Codec<Connector.ConfigOf<C>, unknown>)(
        options.config
      ),
      stateStore: store,
      ...(options.mode !== undefined ? { mode: options.mode } : {}),
      ...(options.streams !== undefined ? { streams: options.streams as never } : {})
    }).pipe(Stream.provide(NetworkGuard.layer)) as Stream.Stream<Sync.EventOf<C>, unknown>
    const fiber = yield* Effect.forkChild(Stream.runCollect(stream))
    while (fiber.pollUnsafe() === undefined) {
      yield* TestClock.withLive(Effect.sleep("1 millis"))
      yield* TestClock.adjust("1 second")
    }
    return yield* Fiber.join(fiber)
  })

export const keysOf = (events: ReadonlyArray<{ readonly _tag: string }>, stream: string, tag = "Record") =>
  events.flatMap((e) => {
    const event = e as { readonly _tag: string; readonly stream?: string; readonly key?: string }
    return event._tag === tag && event.stream === stream && event.key !== undefined ? [event.key] : []
  })

export const statusOf = (events: ReadonlyArray<{ readonly _tag: string }>, stream: string) =>
  events
    .filter(
      (
        e
      ): e is {
        readonly _tag: "Status"
        readonly stream: string
        readonly status: string
        readonly error?: { readonly reason: string }
      } => e._tag === "Status" && (e as { stream?: string }).stream === stream
    )
    .at(-1)
