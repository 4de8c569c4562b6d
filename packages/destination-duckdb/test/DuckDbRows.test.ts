import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { DuckDbClient, DuckDbRows } from "../src/index.ts"

const dir = mkdtempSync(join(tmpdir(), "cxkit-rows-"))
const inMemory = DuckDbClient.layer({ filename: ":memory:" })

const Order = Schema.Struct({
  customerId: Schema.String,
  timestamp: Schema.Date,
  amount: Schema.Finite,
  note: Schema.NullOr(Schema.String)
})

describe("DuckDbRows", () => {
  it("round-trips rows written to Parquet: strings, instants, numbers and NULLs (property)", async () => {
    const row = fc.record({
      customerId: fc.string({ maxLength: 8 }),
      timestamp: fc
        .integer({ min: Date.parse("1990-01-01"), max: Date.parse("2030-01-01") })
        .map((ms) => new Date(ms)),
      amount: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }),
      note: fc.option(fc.string({ maxLength: 5 }), { nil: null })
    })
    let files = 0
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 30 }), async (rows) => {
        const path = join(dir, `orders-${++files}.parquet`)
        const read = await Effect.runPromise(
          Effect.gen(function* () {
            const sql = yield* SqlClient
            yield* sql.unsafe(
              `CREATE TABLE orders ("customerId" TEXT, "timestamp" TIMESTAMPTZ, amount DOUBLE, note TEXT, n INTEGER)`
            )
            for (const [i, r] of rows.entries())
              yield* sql`INSERT INTO orders VALUES (${r.customerId}, ${r.timestamp}, ${r.amount}, ${r.note}, ${i})`
            yield* sql.unsafe(
              `COPY (SELECT "customerId", "timestamp", amount, note FROM orders ORDER BY n) TO '${path}' (FORMAT parquet)`
            )
            return yield* DuckDbRows.parquet(path, Order)
          }).pipe(Effect.provide(inMemory))
        )
        expect(read).toEqual(rows)
      }),
      { numRuns: 25 }
    )
  }, 60_000)

  it("names the row and field of every row that does not decode, and counts past 100", async () => {
    const few = await DuckDbRows.load(
      { query: `SELECT * FROM (VALUES ('a', 1.0), ('b', NULL), ('', 2.0)) t(id, score)` },
      Schema.Struct({ id: Schema.NonEmptyString, score: Schema.Finite })
    ).catch((e: Error) => e)
    expect(few).toBeInstanceOf(Error)
    expect((few as Error).message).toBe(
      [
        "query row 2, score: Expected number, got null",
        'query row 3, id: Expected a value with a length of at least 1, got ""'
      ].join("\n")
    )
    const many = await DuckDbRows.load(
      { query: "SELECT i AS id FROM range(250) t(i)" },
      Schema.Struct({ id: Schema.String })
    ).catch((e: Error) => e)
    const lines = (many as Error).message.split("\n")
    expect([lines.length, lines[0], lines[100]]).toEqual([
      101,
      "query row 1, id: Expected string, got 0",
      "and 150 more rows that do not decode (250 in all)"
    ])
  })

  it("reads a table of a database file, and fails with SqlError for a missing file", async () => {
    const filename = join(dir, "warehouse.duckdb")
    await Effect.runPromise(
      Effect.gen(function* () {
        const sql = yield* SqlClient
        yield* sql.unsafe(`CREATE TABLE feedback AS SELECT 'chat' AS channel, 9.0 AS score`)
      }).pipe(Effect.provide(DuckDbClient.layer({ filename })))
    )
    expect(
      await DuckDbRows.load(
        { query: "SELECT channel, score FROM feedback", filename },
        Schema.Struct({ channel: Schema.String, score: Schema.Finite })
      )
    ).toEqual([{ channel: "chat", score: 9 }])
    const missing = await DuckDbRows.load({ parquet: join(dir, "nope.parquet") }, Schema.Struct({})).catch(
      (e: { _tag: string }) => e
    )
    expect((missing as { _tag: string })._tag).toBe("SqlError")
  })
})
