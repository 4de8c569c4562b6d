import { assert, describe, expectTypeOf, it } from "@effect/vitest"
import { Effect, Fiber, Layer, Option, Schema, Stream } from "effect"
import { TestClock } from "effect/testing"
import { Connector, ConnectorError, SourceStream, StateStore, Sync } from "../src/index.ts"

const Post = Schema.Struct({ id: Schema.String, at: Schema.Number })
const Offset = Schema.Struct({ offset: Schema.Number })

/** A newest-first feed over `data` (sorted by `at` descending), pages of 2, optional failure. */
const feed = (data: { rows: Array<{ id: string; at: number }>; failAtPage?: number; pagesRead: number }) =>
  SourceStream.make()({
    name: "posts",
    schema: Post,
    primaryKey: "id",
    cursorField: "at",
    order: "descending",
    state: Offset,
    read: ({ state }) =>
      Stream.paginate(state?.offset ?? 0, (offset: number) =>
        Effect.gen(function* () {
          data.pagesRead++
          if (data.failAtPage === data.pagesRead) return yield* ConnectorError.make("source-bug", "boom")
          const rows = data.rows.slice(offset, offset + 2)
          const next = offset + 2 < data.rows.length ? offset + 2 : undefined
          return [
            [{ records: rows, ...(next !== undefined ? { checkpoint: { offset: next } } : {}) }],
            Option.fromUndefinedOr(next)
          ] as const
        })
      )
  })

const connectorOf = <const S extends ReadonlyArray<SourceStream.Any<unknown, never>>>(...streams: S) =>
  Connector.make({
    id: "test",
    version: "1",
    config: Schema.Struct({}),
    check: () => Effect.void,
    streams,
    layer: () => Layer.empty
  })

const collect = (connector: Connector.Any, store: StateStore.Store) =>
  Stream.runCollect(
    Sync.run(connector, { config: {}, stateStore: store, retry: { times: 0 } })
  ) as unknown as Effect.Effect<
    ReadonlyArray<Sync.SyncEvent<SourceStream.Any<unknown, unknown>>>,
    ConnectorError.ConnectorError
  >

const keys = (events: ReadonlyArray<Sync.SyncEvent<SourceStream.Any<unknown, unknown>>>) =>
  events.flatMap((e) => (e._tag === "Record" ? [e.key] : []))

describe("Sync", () => {
  it.effect("commits a descending feed's new high-water mark only once it has read down to the old one", () =>
    Effect.gen(function* () {
      const data = { rows: [5, 4, 3, 2, 1].map((at) => ({ id: `p${at}`, at })), pagesRead: 0 } as {
        rows: Array<{ id: string; at: number }>
        failAtPage?: number
        pagesRead: number
      }
      const connector = connectorOf(feed(data))
      const store = yield* StateStore.makeMemory
      assert.deepStrictEqual(keys(yield* collect(connector, store)), ["p5", "p4", "p3", "p2", "p1"])
      assert.deepStrictEqual(Option.getOrThrow(yield* store.get("test", "posts")), {
        v: 1,
        mode: "incremental",
        complete: true,
        cursor: { value: 5, keys: ["p5"] }
      })

      // four new posts, and the run crashes on its second page
      data.rows = [9, 8, 7, 6, 5, 4, 3, 2, 1].map((at) => ({ id: `p${at}`, at }))
      data.pagesRead = 0
      data.failAtPage = 2
      const crashed = yield* collect(connector, store)
      assert.deepStrictEqual(keys(crashed), ["p9", "p8"])
      const midRun = Option.getOrThrow(yield* store.get("test", "posts"))
      assert.deepStrictEqual(midRun, {
        v: 1,
        mode: "incremental",
        complete: false,
        checkpoint: { offset: 2 },
        cursor: { value: 5, keys: ["p5"] },
        pending: { value: 9, keys: ["p9"] }
      })
      const failed = crashed.find((e) => e._tag === "Status" && e.status === "failed")
      assert.deepStrictEqual(
        failed?._tag === "Status" && failed.status === "failed" ? failed.lastState : undefined,
        midRun
      )

      // the resumed run continues below p8, stops at the old mark and commits p9
      data.pagesRead = 0
      delete data.failAtPage
      assert.deepStrictEqual(keys(yield* collect(connector, store)), ["p7", "p6"])
      assert.strictEqual(data.pagesRead, 2)
      assert.deepStrictEqual(Option.getOrThrow(yield* store.get("test", "posts")), {
        v: 1,
        mode: "incremental",
        complete: true,
        cursor: { value: 9, keys: ["p9"] }
      })
    })
  )

  it.effect("keeps new records tied with the high-water mark and drops the delivered ones", () =>
    Effect.gen(function* () {
      const data = { rows: [{ id: "a", at: 5 }], pagesRead: 0 }
      const connector = connectorOf(feed(data))
      const store = yield* StateStore.makeMemory
      yield* collect(connector, store)
      data.rows = [
        { id: "b", at: 5 },
        { id: "a", at: 5 },
        { id: "z", at: 4 }
      ]
      assert.deepStrictEqual(keys(yield* collect(connector, store)), ["b"])
    })
  )

  it.effect("retries a retryable failure from the last state, on the clock", () =>
    Effect.gen(function* () {
      let attempts = 0
      const flaky = SourceStream.make()({
        name: "flaky",
        schema: Post,
        primaryKey: "id",
        state: Schema.Undefined,
        read: () =>
          Stream.fromEffect(
            Effect.suspend(() =>
              ++attempts === 1
                ? Effect.fail(ConnectorError.make("rate-limited", "429", { retryAfterMs: 30_000 }))
                : Effect.succeed({ records: [{ id: "x", at: 1 }] })
            )
          )
      })
      const fiber = yield* Effect.forkChild(
        Stream.runCollect(Sync.run(connectorOf(flaky), { config: {}, retry: { times: 2, base: "1 second" } }))
      )
      yield* TestClock.adjust("29 seconds")
      assert.strictEqual(attempts, 1)
      yield* TestClock.adjust("1 second")
      const events = yield* Fiber.join(fiber)
      assert.deepStrictEqual(keys(events), ["x"])
      const progress = events.find((e) => e._tag === "Progress")
      assert.strictEqual(progress?._tag === "Progress" ? progress.retries : -1, 1)
    })
  )

  it.effect("isolates a failing stream and reports drift, deletions and corrupt state", () =>
    Effect.gen(function* () {
      const good = SourceStream.make()({
        name: "good",
        schema: Post,
        primaryKey: "id",
        state: Schema.Undefined,
        read: () => Stream.make({ records: [{ id: "g", at: 1, extra: true }], deleted: [{ id: "old" }] })
      })
      const drifted = SourceStream.make()({
        name: "drifted",
        schema: Post,
        primaryKey: "id",
        state: Schema.Undefined,
        read: () => Stream.make({ records: [{ id: "d", at: "yesterday" }] })
      })
      const store = yield* StateStore.makeMemory
      yield* store.set("test", "corrupt", { nonsense: true })
      const corrupt = SourceStream.make()({
        name: "corrupt",
        schema: Post,
        primaryKey: "id",
        state: Schema.Undefined,
        read: () => Stream.empty
      })
      const events = yield* collect(connectorOf(drifted, corrupt, good), store)
      const statuses = events.flatMap((e) =>
        e._tag === "Status" && e.status !== "started"
          ? [[e.stream, e.status === "failed" ? e.error.reason : e.status]]
          : []
      )
      assert.deepStrictEqual(statuses, [
        ["drifted", "schema-drift"],
        ["corrupt", "config"],
        ["good", "completed"]
      ])
      assert.deepStrictEqual(
        events.filter((e) => e._tag === "SchemaDrift" || e._tag === "Deleted"),
        [
          { _tag: "SchemaDrift", stream: "good", key: "g", fields: ["extra"] },
          { _tag: "Deleted", stream: "good", key: "old" }
        ]
      )
      const record = events.find((e) => e._tag === "Record")
      assert.deepStrictEqual(record?._tag === "Record" ? [record.record, record.unknownFields] : [], [
        { id: "g", at: 1 },
        { extra: true }
      ])
    })
  )

  it.effect("commits a state only when the consumer pulls it", () =>
    Effect.gen(function* () {
      const data = { rows: [4, 3, 2, 1].map((at) => ({ id: `p${at}`, at })), pagesRead: 0 }
      const store = yield* StateStore.makeMemory
      // started, p4, p3: the state after p3 is never pulled
      yield* Stream.runCollect(
        Stream.take(Sync.run(connectorOf(feed(data)), { config: {}, stateStore: store }), 3)
      )
      assert.isTrue(Option.isNone(yield* store.get("test", "posts")))
      yield* Stream.runCollect(
        Stream.take(Sync.run(connectorOf(feed(data)), { config: {}, stateStore: store }), 4)
      )
      assert.isTrue(Option.isSome(yield* store.get("test", "posts")))
    })
  )

  it.effect("rejects unknown stream names as a config error", () =>
    Effect.gen(function* () {
      const connector = connectorOf(feed({ rows: [], pagesRead: 0 }))
      const error = yield* Effect.flip(
        Stream.runCollect(Sync.run(connector, { config: {}, streams: ["nope" as "posts"] }))
      )
      assert.strictEqual(error.reason, "config")
    })
  )

  it("types record events by stream name", () => {
    const a = SourceStream.make()({
      name: "a",
      schema: Schema.Struct({ n: Schema.Number }),
      primaryKey: "n",
      state: Schema.Undefined,
      read: () => Stream.empty
    })
    const b = SourceStream.make()({
      name: "b",
      schema: Schema.Struct({ s: Schema.String }),
      primaryKey: "s",
      state: Schema.Undefined,
      read: () => Stream.empty
    })
    const connector = Connector.make({
      id: "typed",
      version: "1",
      config: Schema.Struct({}),
      check: () => Effect.void,
      streams: [a, b],
      layer: () => Layer.empty
    })
    type E = Extract<Sync.EventOf<typeof connector>, { readonly _tag: "Record"; readonly stream: "a" }>
    expectTypeOf<E["record"]>().toEqualTypeOf<{ readonly n: number }>()
    expectTypeOf<Connector.StreamName<typeof connector>>().toEqualTypeOf<"a" | "b">()
  })
})
