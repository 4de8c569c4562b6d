import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { StateStore } from "../src/index.ts"

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
})
