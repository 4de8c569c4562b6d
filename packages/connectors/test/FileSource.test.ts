import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { FileSource, StateStore, Sync } from "../src/index.ts"

const dir = mkdtempSync(join(tmpdir(), "cxkit-files-"))
const Contact = Schema.Struct({ id: Schema.String, name: Schema.String, score: Schema.FiniteFromString })

describe("FileSource", () => {
  it("reads a CSV export page by page, with quoted fields and a BOM", async () => {
    const path = join(dir, "contacts.csv")
    writeFileSync(path, '\uFEFFid,name,score\nc1,"Lovelace, Ada",9\nc2,Grace,7\n\nc3,Alan,10\n')
    const contacts = FileSource.csv({
      name: "contacts",
      path,
      schema: Contact,
      primaryKey: "id",
      pageSize: 2
    })
    const connector = FileSource.connector({ id: "export", version: "1", streams: [contacts] })
    const events = await Sync.toArray(connector, { config: {} })
    expect(Sync.records(events, "contacts").map((e) => e.record)).toEqual([
      { id: "c1", name: "Lovelace, Ada", score: 9 },
      { id: "c2", name: "Grace", score: 7 },
      { id: "c3", name: "Alan", score: 10 }
    ])
    const states = events
      .filter((e) => e._tag === "State")
      .map((e) => (e._tag === "State" ? e.state : undefined))
    expect(states[0]).toEqual({ v: 1, mode: "full-refresh", complete: false, checkpoint: { line: 3 } })
  })

  it("resumes an interrupted import after the last delivered line", async () => {
    const path = join(dir, "resume.jsonl")
    writeFileSync(
      path,
      Array.from({ length: 10 }, (_, i) => JSON.stringify({ id: `r${i}`, name: "x", score: String(i) })).join(
        "\n"
      )
    )
    const rows = FileSource.jsonLines({ name: "rows", path, schema: Contact, primaryKey: "id", pageSize: 3 })
    const connector = FileSource.connector({ id: "export", version: "1", streams: [rows] })
    const store = Effect.runSync(StateStore.makeMemory)
    Effect.runSync(
      store.set("export", "rows", { v: 1, mode: "full-refresh", complete: false, checkpoint: { line: 6 } })
    )
    const events = await Sync.toArray(connector, { config: {}, stateStore: store })
    expect(Sync.records(events, "rows").map((e) => e.key)).toEqual(["r6", "r7", "r8", "r9"])
  })

  it("names the file and line of a record that does not decode", async () => {
    const path = join(dir, "bad.csv")
    writeFileSync(path, "id,name,score\nc1,Ada,9\nc2,Grace,lots\n")
    const connector = FileSource.connector({
      id: "export",
      version: "1",
      streams: [FileSource.csv({ name: "contacts", path, schema: Contact, primaryKey: "id" })]
    })
    const events = await Sync.toArray(connector, { config: {} })
    const failed = events.find((e) => e._tag === "Status" && e.status === "failed")
    expect(failed?._tag === "Status" && failed.status === "failed" ? failed.error.reason : undefined).toBe(
      "schema-drift"
    )
    expect(failed?._tag === "Status" && failed.status === "failed" ? failed.error.message : "").toContain(
      `${path} line 3`
    )
  })

  it("reports a JSON Lines line that is not JSON, and a missing file as a config error", async () => {
    const path = join(dir, "broken.jsonl")
    writeFileSync(path, '{"id":"a","name":"x","score":"1"}\n{"id":\n')
    const connector = FileSource.connector({
      id: "export",
      version: "1",
      streams: [
        FileSource.jsonLines({ name: "broken", path, schema: Contact, primaryKey: "id" }),
        FileSource.jsonLines({
          name: "missing",
          path: join(dir, "nope.jsonl"),
          schema: Contact,
          primaryKey: "id"
        })
      ]
    })
    const events = await Sync.toArray(connector, { config: {} })
    const errors = events.flatMap((e) => (e._tag === "Status" && e.status === "failed" ? [e.error] : []))
    expect(errors.map((e) => [e.stream, e.reason])).toEqual([
      ["broken", "source-bug"],
      ["missing", "config"]
    ])
    expect(errors[0]?.message).toContain("line 2 is not JSON")
    // the page holding the bad line is not delivered; its records come again on resume
    expect(Sync.records(events, "broken")).toEqual([])
  })

  it("keeps memory flat on a large file", async () => {
    const path = join(dir, "large.jsonl")
    const line = `${JSON.stringify({ id: "x", name: "n".repeat(50), score: "1" })}\n`
    writeFileSync(path, Array.from({ length: 100_000 }, (_, i) => line.replace('"x"', `"k${i}"`)).join(""))
    const connector = FileSource.connector({
      id: "export",
      version: "1",
      streams: [FileSource.jsonLines({ name: "large", path, schema: Contact, primaryKey: "id" })]
    })
    let count = 0
    for await (const event of Sync.toAsyncIterable(connector, { config: {} }))
      if (event._tag === "Record") count++
    expect(count).toBe(100_000)
  }, 30_000)
})
