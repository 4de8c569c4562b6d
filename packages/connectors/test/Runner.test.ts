// The runner's parts on their own, without a connector: the page scanner (dedup at the committed
// mark, drift, keys), the committer and one stream's attempts and retries on the TestClock.
import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Fiber, Option, Schema, Stream } from "effect"
import { TestClock } from "effect/testing"
import fc from "fast-check"
import { ConnectorError, SourceStream, StateStore, type Sync } from "../src/index.ts"
import { HighWater } from "../src/internal/cursor.ts"
import { Committer } from "../src/internal/runner/committer.ts"
import type { AnyEvent, StreamContext } from "../src/internal/runner/context.ts"
import { makeScanner } from "../src/internal/runner/scanner.ts"
import { runStream } from "../src/internal/runner/stream.ts"

const Note = Schema.Struct({ id: Schema.String, at: Schema.Number })

const notes = (order: SourceStream.Order, read: SourceStream.Any<unknown, unknown>["read"]) =>
  SourceStream.make()({
    name: "notes",
    schema: Note,
    primaryKey: "id",
    cursorField: "at",
    order,
    state: Schema.Undefined,
    read
  }) as unknown as SourceStream.Any<unknown, unknown>

const contextOf = (store: StateStore.Store, overrides: Partial<StreamContext> = {}): StreamContext => ({
  target: { _tag: "Store", store },
  namespace: "test",
  requestedMode: "incremental",
  config: {},
  retryTimes: 0,
  retryBase: Duration.seconds(1),
  progressEvery: 50,
  commitRecords: 1,
  commitMillis: 0,
  ...overrides
})

const scannerFor = (order: SourceStream.Order, committed: SourceStream.CursorPosition | undefined) => {
  const stream = notes(order, () => Stream.empty)
  const store = Effect.runSync(StateStore.makeMemory)
  return makeScanner({
    stream,
    mode: "incremental",
    ascending: order === "ascending",
    decodeRecord: Schema.decodeUnknownResult(stream.schema),
    knownFields: new Set(["id", "at"]),
    driftReported: new Set(),
    table: undefined,
    mapping: undefined,
    source: "test/notes",
    committer: new Committer("notes", contextOf(store)),
    counters: { pages: 0, records: 0, deleted: 0, retries: 0, startedAt: 0 },
    boundary: new HighWater(committed),
    high: new HighWater(committed),
    pending: new HighWater(undefined)
  })
}

const recordKeys = (events: ReadonlyArray<AnyEvent>) =>
  events.flatMap((e) => (e._tag === "Record" ? [e.key] : []))

describe("runner: the page scanner", () => {
  it("drops exactly the records at the committed mark whose keys were delivered (an ascending page)", () => {
    const record = fc.record({
      id: fc.constantFrom("a", "b", "c", "d", "e"),
      at: fc.integer({ min: 0, max: 4 })
    })
    fc.assert(
      fc.property(
        fc.uniqueArray(record, { selector: (r) => r.id, maxLength: 5 }),
        fc.integer({ min: 0, max: 4 }),
        fc.subarray(["a", "b", "c", "d", "e"]),
        (unsorted, value, keys) => {
          const records = unsorted.sort((x, y) => x.at - y.at)
          const { scan } = scannerFor("ascending", { value, keys })
          const events: Array<AnyEvent> = []
          assert.isNumber(scan({ records }, events))
          assert.deepStrictEqual(
            recordKeys(events),
            records.filter((r) => !(r.at === value && keys.includes(r.id))).map((r) => r.id)
          )
        }
      )
    )
  })

  it("stops a descending stream once it reads below the committed mark", () => {
    const scanner = scannerFor("descending", { value: 5, keys: ["m"] })
    const events: Array<AnyEvent> = []
    scanner.scan(
      {
        records: [
          { id: "n", at: 6 },
          { id: "m", at: 5 },
          { id: "l", at: 4 }
        ]
      },
      events
    )
    assert.deepStrictEqual(recordKeys(events), ["n"])
    assert.isTrue(scanner.reachedBottom())
  })

  it("reports an unknown field once, keeps it on the record, and names a record without a key", () => {
    const { scan } = scannerFor("ascending", undefined)
    const events: Array<AnyEvent> = []
    scan(
      {
        records: [
          { id: "a", at: 1, extra: 1 },
          { id: "b", at: 2, extra: 2 }
        ]
      },
      events
    )
    assert.deepStrictEqual(
      events.map((e) => e._tag),
      ["SchemaDrift", "Record", "Record"]
    )
    const second = events[2]
    assert.deepStrictEqual(second?._tag === "Record" ? second.unknownFields : undefined, { extra: 2 })
    const error = scan({ records: [{ at: 3 }], locations: ["line 7"] }, [])
    assert.instanceOf(error, ConnectorError.ConnectorError)
    if (typeof error !== "number") {
      assert.strictEqual(error.reason, "schema-drift")
      assert.include(error.message, "line 7 has no primary key (id)")
    }
  })
})

describe("runner: the committer", () => {
  it("writes a state once and skips an unchanged one", () =>
    Effect.gen(function* () {
      const store = yield* StateStore.makeMemory
      const committer = new Committer("notes", contextOf(store))
      committer.begin(undefined, 1)
      const state: Sync.StreamState = {
        v: 1,
        mode: "incremental",
        complete: false,
        cursor: { value: 1, keys: ["a"] }
      }
      assert.strictEqual((yield* committer.commit(state)).length, 1)
      assert.strictEqual((yield* committer.commit(state)).length, 0)
      assert.deepStrictEqual(yield* store.get("test", "notes"), Option.some(state))
      assert.deepStrictEqual(committer.lastGood, state)
    }).pipe(Effect.runSync))
})

describe("runner: one stream", () => {
  it.effect("retries a retryable failure after its backoff on the Clock, from the last committed state", () =>
    Effect.gen(function* () {
      let attempts = 0
      const stream = notes("ascending", ({ cursor }) => {
        attempts++
        const after = Number(cursor?.value ?? 0)
        const page = Stream.make({ records: [{ id: `n${after + 1}`, at: after + 1 }] })
        return attempts === 1
          ? Stream.concat(page, Stream.fail(ConnectorError.make("transient", "503")))
          : page
      })
      const store = yield* StateStore.makeMemory
      const fiber = yield* Effect.forkChild(
        Stream.runCollect(
          runStream(
            stream,
            contextOf(store, { retryTimes: 1, retryBase: Duration.seconds(10) })
          ) as Stream.Stream<AnyEvent>
        )
      )
      yield* TestClock.adjust("7 seconds")
      assert.strictEqual(attempts, 1) // the backoff is 10 s ± 20 %
      yield* TestClock.adjust("10 seconds")
      const events = yield* Fiber.join(fiber)
      assert.strictEqual(attempts, 2)
      assert.deepStrictEqual(recordKeys(events), ["n1", "n2"])
      const progress = events.findLast((e) => e._tag === "Progress")
      assert.strictEqual(progress?._tag === "Progress" ? progress.retries : undefined, 1)
      assert.deepStrictEqual(events.at(-1), {
        _tag: "Status",
        stream: "notes",
        status: "completed",
        mode: "incremental"
      })
    })
  )

  it.effect("fails a stream with its last good state when retries are used up", () =>
    Effect.gen(function* () {
      const stream = notes("ascending", () =>
        Stream.concat(
          Stream.make({ records: [{ id: "a", at: 1 }] }),
          Stream.fail(ConnectorError.make("auth", "token revoked"))
        )
      )
      const store = yield* StateStore.makeMemory
      const events = yield* Stream.runCollect(runStream(stream, contextOf(store)) as Stream.Stream<AnyEvent>)
      const last = events.at(-1)
      assert.strictEqual(last?._tag === "Status" ? last.status : undefined, "failed")
      if (last?._tag === "Status" && last.status === "failed") {
        assert.strictEqual(last.error.reason, "auth")
        assert.deepStrictEqual(last.lastState?.cursor, { value: 1, keys: ["a"] })
      }
    })
  )
})
