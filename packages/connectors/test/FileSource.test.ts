import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Schema } from "effect"
import fc from "fast-check"
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

describe("FileSource.rows", () => {
  const failure = async (effect: Effect.Effect<unknown, unknown>) => {
    const error = await Effect.runPromise(Effect.flip(effect))
    return error as Error & { readonly _tag: string; readonly reason?: string }
  }

  it("reads every row of a CSV with quoted delimiters, newlines and quotes, and of a TSV", async () => {
    const csv = join(dir, "responses.csv")
    writeFileSync(csv, 'id,score,comment\nr1,9,"fast, friendly"\nr2,4,"two\nlines"\nr3,10,"said ""wow"""\n')
    const Response = Schema.Struct({
      id: Schema.String,
      score: FileSource.NumberCell,
      comment: Schema.String
    })
    expect(await Effect.runPromise(FileSource.rows(csv, Response))).toEqual([
      { id: "r1", score: 9, comment: "fast, friendly" },
      { id: "r2", score: 4, comment: "two\nlines" },
      { id: "r3", score: 10, comment: 'said "wow"' }
    ])
    const tsv = join(dir, "responses.tsv")
    writeFileSync(tsv, "id\tscore\tcomment\nr1\t9\tfast, friendly\n")
    expect(await FileSource.load(tsv, Response)).toEqual([{ id: "r1", score: 9, comment: "fast, friendly" }])
  })

  it("names the file, the line (after a quoted newline) and the field of every row that does not decode", async () => {
    const path = join(dir, "bad.csv")
    writeFileSync(path, 'id,score,comment\nr1,"9","a\nb"\nr2,abc,ok\nr3,,ok\n')
    const error = await failure(
      FileSource.rows(path, Schema.Struct({ id: Schema.String, score: FileSource.NumberCell }))
    )
    expect(error._tag).toBe("DecodeError")
    expect(error.message).toBe(
      [
        `${path} line 4, score: Expected a decimal number, got "abc"`,
        `${path} line 5, score: Expected a decimal number, got ""`
      ].join("\n")
    )
  })

  it("lists the first 100 problems and counts the rest, dropping none silently", async () => {
    const path = join(dir, "many.jsonl")
    writeFileSync(
      path,
      Array.from({ length: 250 }, (_, i) => JSON.stringify({ id: `t${i}`, csat: "x" })).join("\n")
    )
    const error = await failure(
      FileSource.rows(path, Schema.Struct({ id: Schema.String, csat: Schema.Number }))
    )
    const lines = error.message.split("\n")
    expect(lines).toHaveLength(101)
    expect(lines[0]).toBe(`${path} line 1, csat: Expected number, got "x"`)
    expect(lines[100]).toBe("and 150 more rows that do not decode (250 in all)")
  })

  it("fails clearly for a missing file, an unknown format and a line that is not JSON", async () => {
    const Any = Schema.Struct({ id: Schema.String })
    const missing = await failure(FileSource.rows(join(dir, "nope.csv"), Any))
    expect([
      missing.reason,
      missing.message.startsWith(`cannot read ${join(dir, "nope.csv")}: ENOENT`)
    ]).toEqual(["config", true])
    const unknown = await failure(FileSource.rows(join(dir, "export.xlsx"), Any))
    expect(unknown.message).toBe(
      `cannot tell the format of ${join(dir, "export.xlsx")} from its name (.csv, .tsv, .jsonl, .ndjson): give options.format ("csv" or "jsonl")`
    )
    const path = join(dir, "broken.ndjson")
    writeFileSync(path, '{"id":"a"}\n\n{"id":\n')
    const broken = await failure(FileSource.rows(path, Any))
    expect([broken.reason, broken.message.startsWith(`${path} line 3 is not JSON`)]).toEqual([
      "source-bug",
      true
    ])
    const asJson = join(dir, "records.txt")
    writeFileSync(asJson, '{"id":"a"}\n')
    expect(await FileSource.load(asJson, Any, { format: "jsonl" })).toEqual([{ id: "a" }])
  })

  it("round-trips any table of strings written as CSV with RFC 4180 quoting (property)", async () => {
    const cell = fc.string({ unit: fc.constantFrom("a", "z", " ", ",", '"', "\n", "é", "1") })
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(cell, cell), { maxLength: 20 }), async (table) => {
        const quote = (s: string) => `"${s.replaceAll('"', '""')}"`
        const path = join(dir, "roundtrip.csv")
        writeFileSync(path, ["a,b", ...table.map(([a, b]) => `${quote(a)},${quote(b)}`)].join("\r\n"))
        const rows = await FileSource.load(path, Schema.Struct({ a: Schema.String, b: Schema.String }))
        expect(rows).toEqual(table.map(([a, b]) => ({ a, b })))
      }),
      { numRuns: 100 }
    )
  })
})

describe("FileSource.NumberCell", () => {
  it("decodes exactly the decimals, and round-trips every finite number (property)", () => {
    const decode = Schema.decodeUnknownSync(FileSource.NumberCell)
    const encode = Schema.encodeSync(FileSource.NumberCell)
    expect(["9", " -0.5 ", "+3", ".25", "1e3", "2.", "1E-2"].map((s) => decode(s))).toEqual([
      9, -0.5, 3, 0.25, 1000, 2, 0.01
    ])
    for (const bad of ["", " ", "abc", "NaN", "Infinity", "1,5", "0x10", "1e", "--1"])
      expect(Schema.decodeUnknownExit(FileSource.NumberCell)(bad)._tag).toBe("Failure")
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(decode(encode(n))).toBe(n === 0 ? 0 : n)
      })
    )
  })
})
