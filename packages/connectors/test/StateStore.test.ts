import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Option, Schema, Stream } from "effect"
import { Connector, ConnectorError, SourceStream, StateStore, Sync } from "../src/index.ts"

describe("StateStore", () => {
  it.effect("memory: copies values in and out", () =>
    Effect.gen(function* () {
      const store = yield* StateStore.makeMemory
      const value = { cursor: { value: 1, keys: ["a"] } }
      yield* store.set("ns", "s", value)
      value.cursor.keys.push("mutated")
      assert.deepStrictEqual(Option.getOrThrow(yield* store.get("ns", "s")), {
        cursor: { value: 1, keys: ["a"] }
      })
      yield* store.delete("ns", "s")
      assert.isTrue(Option.isNone(yield* store.get("ns", "s")))
    })
  )

  it.effect("file: persists across instances, writes atomically and serialises writes", () =>
    Effect.gen(function* () {
      const dir = mkdtempSync(join(tmpdir(), "cxkit-state-"))
      const path = join(dir, "nested", "state.json")
      const store = yield* StateStore.makeFile(path)
      yield* Effect.all(
        Array.from({ length: 20 }, (_, i) => store.set("crm", `s${i}`, { n: i })),
        { concurrency: "unbounded" }
      )
      const again = yield* StateStore.makeFile(path)
      assert.strictEqual((yield* again.entries("crm")).size, 20)
      assert.deepStrictEqual(Option.getOrThrow(yield* again.get("crm", "s7")), { n: 7 })
      assert.deepStrictEqual(readdirSync(join(dir, "nested")), ["state.json"])
      assert.strictEqual(JSON.parse(readFileSync(path, "utf8")).version, 1)
    })
  )

  it.effect("file: a corrupt file is a config error", () =>
    Effect.gen(function* () {
      const path = join(mkdtempSync(join(tmpdir(), "cxkit-state-")), "state.json")
      writeFileSync(path, "{ not json")
      const store = yield* StateStore.makeFile(path)
      const error = yield* Effect.flip(store.get("crm", "contacts"))
      assert.strictEqual(error.reason, "config")
    })
  )

  it("openFile: a Promise constructor that reads the file up front", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cxkit-state-"))
    const path = join(dir, "state.json")
    const store = await StateStore.openFile(path)
    await Effect.runPromise(store.set("crm", "contacts", { cursor: 7 }))
    const again = await StateStore.openFile(path)
    assert.deepStrictEqual((await Effect.runPromise(again.entries("crm"))).get("contacts"), { cursor: 7 })

    const corrupt = join(dir, "corrupt.json")
    writeFileSync(corrupt, "[1, 2]")
    const error: unknown = await StateStore.openFile(corrupt).catch((e: unknown) => e)
    assert.isTrue(ConnectorError.isConnectorError(error))
    assert.include(
      (error as ConnectorError.ConnectorError).message,
      `State file ${corrupt}: could not read it`
    )
  })

  it("makeFile and openFile name a wrong path argument", async () => {
    const error = await Effect.runPromise(Effect.flip(StateStore.makeFile(undefined as unknown as string)))
    assert.strictEqual(error.reason, "config")
    assert.strictEqual(
      error.message,
      "StateStore.makeFile: path must be a non-empty string (the state file), got undefined"
    )
    const empty: unknown = await StateStore.openFile("").catch((e: unknown) => e)
    assert.include((empty as ConnectorError.ConnectorError).message, 'got ""')
  })

  it("Sync refuses a stateStore that is an Effect (an awaited makeFile) or not a store, naming the fix", async () => {
    const connector = Connector.make({
      id: "test",
      version: "1",
      config: Schema.Struct({}),
      check: () => Effect.void,
      streams: [
        SourceStream.make()({
          name: "rows",
          schema: Schema.Struct({ id: Schema.String }),
          primaryKey: "id",
          state: Schema.Struct({ done: Schema.Boolean }),
          read: () => Stream.make({ records: [{ id: "a" }], checkpoint: { done: true } })
        })
      ],
      layer: () => Layer.empty
    })
    const path = join(mkdtempSync(join(tmpdir(), "cxkit-state-")), "state.json")
    // What a Promise user wrote: `await` on an Effect returns the Effect itself.
    const awaited = await (StateStore.makeFile(path) as unknown as Promise<StateStore.Store>)
    const wrong: unknown = await Sync.toArray(connector, { config: {}, stateStore: awaited }).catch(
      (e: unknown) => e
    )
    assert.strictEqual((wrong as ConnectorError.ConnectorError).reason, "config")
    assert.include((wrong as ConnectorError.ConnectorError).message, "await StateStore.openFile(path)")

    const partial = { get: () => Effect.succeed(Option.none()) } as unknown as StateStore.Store
    const bad: unknown = await Sync.toArray(connector, { config: {}, stateStore: partial }).catch(
      (e: unknown) => e
    )
    assert.strictEqual(
      (bad as ConnectorError.ConnectorError).message,
      "options.stateStore must be a StateStore.Store (functions get, set, delete, entries); it has no set, delete, entries"
    )

    const events = await Sync.toArray(connector, { config: {}, stateStore: await StateStore.openFile(path) })
    assert.deepStrictEqual(
      Sync.records(events, "rows").map((r) => r.key),
      ["a"]
    )
  })
})
