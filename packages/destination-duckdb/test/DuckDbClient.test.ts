import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { listValue } from "@duckdb/node-api"
import { assert, describe, it, layer } from "@effect/vitest"
import { Config, ConfigProvider, Deferred, Effect, Fiber, Layer, Sink, Stream } from "effect"
import { Reactivity } from "effect/reactivity"
import { SqlClient, type SqlError } from "effect/sql"
import { afterAll } from "vitest"
import { DuckDbClient } from "../src/index.ts"

const dir = mkdtempSync(join(tmpdir(), "cxkit-duckdb-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const Memory = DuckDbClient.layer({ filename: ":memory:" })

const reasonOf = (error: SqlError.SqlError) => error.reason._tag

layer(Memory)("DuckDbClient in memory", (it) => {
  it.effect("parameters round-trip with the types they bind as", () =>
    Effect.gen(function* () {
      const sql = yield* DuckDbClient.DuckDbClient
      const cases: ReadonlyArray<readonly [unknown, unknown, string]> = [
        ['café "quoted" \'', 'café "quoted" \'', "VARCHAR"],
        [42, 42, "BIGINT"],
        [-7, -7, "BIGINT"],
        [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, "BIGINT"],
        [2.5, 2.5, "DOUBLE"],
        [1e300, 1e300, "DOUBLE"],
        [true, true, "BOOLEAN"],
        [false, false, "BOOLEAN"],
        [null, null, '"NULL"'],
        [undefined, null, '"NULL"'],
        [
          new Date("2024-03-10T09:15:30.123Z"),
          new Date("2024-03-10T09:15:30.123Z"),
          "TIMESTAMP WITH TIME ZONE"
        ],
        [12n, 12, "BIGINT"],
        [9007199254740993n, 9007199254740993n, "BIGINT"],
        [2n ** 100n, 2n ** 100n, "HUGEINT"],
        [new Uint8Array([0, 1, 254, 255]), new Uint8Array([0, 1, 254, 255]), "BLOB"]
      ]
      for (const [input, expected, type] of cases) {
        const rows = yield* sql`SELECT ${input} AS v, typeof(${input}) AS t`
        assert.deepStrictEqual(rows, [{ v: expected, t: type }], String(input))
      }
      const list = yield* sql`SELECT ${listValue([1, 2, 3])} AS v`
      assert.deepStrictEqual(list, [{ v: [1, 2, 3] }])
    })
  )

  it.effect("an invalid Date is refused with a SqlError", () =>
    Effect.gen(function* () {
      const sql = yield* DuckDbClient.DuckDbClient
      const error = yield* Effect.flip(sql`SELECT ${new Date(Number.NaN)} AS v`)
      assert.strictEqual(error.message, "Cannot bind an invalid Date")
    })
  )

  it.effect("values come back as JavaScript: wide integers, timestamps, JSON", () =>
    Effect.gen(function* () {
      const sql = yield* DuckDbClient.DuckDbClient
      yield* sql`CREATE TABLE vals (id BIGINT, seen_at TIMESTAMPTZ, doc JSON, amount DECIMAL(10, 2), d DATE)`
      yield* sql`INSERT INTO vals VALUES
        (1, '2024-01-02 03:04:05.678+00', '{"a":[1,2]}', 12.34, '2024-02-29'),
        (9007199254740993, '2024-01-02 03:04:05.678999+00', 'null', NULL, NULL)`
      const rows = yield* sql`SELECT * FROM vals ORDER BY id`
      assert.deepStrictEqual(rows, [
        {
          id: 1,
          seen_at: new Date("2024-01-02T03:04:05.678Z"),
          doc: '{"a":[1,2]}',
          amount: 12.34,
          d: new Date("2024-02-29T00:00:00.000Z")
        },
        {
          id: 9007199254740993n,
          seen_at: new Date("2024-01-02T03:04:05.678Z"),
          doc: "null",
          amount: null,
          d: null
        }
      ])
      const [sums] =
        yield* sql`SELECT count(*) AS n, sum(id) AS total, sum(id) - 9007199254740993 AS rest FROM vals`
      assert.deepStrictEqual(sums, { n: 2, total: 9007199254740994n, rest: 1 })
      const safe = yield* sql`SELECT count(*) AS n FROM vals`.pipe(
        Effect.provideService(SqlClient.SafeIntegers, true)
      )
      assert.deepStrictEqual(safe, [{ n: 2n }])
      const values = yield* sql`SELECT id, doc FROM vals ORDER BY id`.values
      assert.deepStrictEqual(values, [
        [1, '{"a":[1,2]}'],
        [9007199254740993n, "null"]
      ])
    })
  )

  it.effect('identifiers are quoted, never refused: a table named a"b', () =>
    Effect.gen(function* () {
      const sql = yield* DuckDbClient.DuckDbClient
      const [text] = sql`SELECT ${sql('a"b')} FROM ${sql("x.y")}`.compile()
      assert.strictEqual(text, 'SELECT "a""b" FROM "x.y"')
      const table = 'a"b'
      const column = 'we"ird; DROP TABLE x; --'
      yield* sql`CREATE TABLE ${sql(table)} (${sql(column)} VARCHAR)`
      yield* sql`INSERT INTO ${sql(table)} ${sql.insert({ [column]: "ok" })}`
      assert.deepStrictEqual(yield* sql`SELECT * FROM ${sql(table)}`, [{ [column]: "ok" }])
      const tables = yield* sql`SELECT table_name FROM duckdb_tables() WHERE table_name = ${table}`
      assert.deepStrictEqual(tables, [{ table_name: 'a"b' }])
      yield* sql.appendRows(table, [column], [["appended"]])
      const all = yield* sql`SELECT ${sql(column)} AS v FROM ${sql(table)} ORDER BY v`
      assert.deepStrictEqual(all, [{ v: "appended" }, { v: "ok" }])
      assert.deepStrictEqual(yield* sql`SELECT 1 AS one WHERE 1 IN ${sql.in([])}`, [])
    })
  )

  it.effect("query errors carry DuckDB's message and a classified reason", () =>
    Effect.gen(function* () {
      const sql = yield* DuckDbClient.DuckDbClient
      const syntax = yield* Effect.flip(sql`SELEC 1`)
      assert.strictEqual(reasonOf(syntax), "SqlSyntaxError")
      assert.isTrue(
        syntax.message.startsWith('Parser Error: syntax error at or near "SELEC"'),
        syntax.message
      )
      const missing = yield* Effect.flip(sql`SELECT * FROM no_such_table`)
      assert.strictEqual(reasonOf(missing), "SqlSyntaxError")
      assert.isTrue(missing.message.startsWith("Catalog Error: Table with name no_such_table does not exist"))
      yield* sql`CREATE TABLE uniq (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)`
      yield* sql`INSERT INTO uniq VALUES (1, 1)`
      const duplicate = yield* Effect.flip(sql`INSERT INTO uniq VALUES (1, 2)`)
      assert.strictEqual(reasonOf(duplicate), "UniqueViolation")
      assert.strictEqual(
        duplicate.message,
        'Constraint Error: Duplicate key "id: 1" violates primary key constraint.'
      )
      const notNull = yield* Effect.flip(sql`INSERT INTO uniq VALUES (2, NULL)`)
      assert.strictEqual(reasonOf(notNull), "ConstraintError")
      assert.strictEqual(notNull.message, "Constraint Error: NOT NULL constraint failed: uniq.v")
    })
  )

  it.effect("transactions commit, and roll back on failure", () =>
    Effect.gen(function* () {
      const sql = yield* DuckDbClient.DuckDbClient
      yield* sql`CREATE TABLE tx (id INTEGER)`
      yield* sql.withTransaction(Effect.all([sql`INSERT INTO tx VALUES (1)`, sql`INSERT INTO tx VALUES (2)`]))
      const failed = yield* Effect.flip(
        sql.withTransaction(
          Effect.gen(function* () {
            yield* sql`INSERT INTO tx VALUES (3)`
            assert.deepStrictEqual(yield* sql`SELECT count(*) AS n FROM tx`, [{ n: 3 }])
            return yield* Effect.fail("boom" as const)
          })
        )
      )
      assert.strictEqual(failed, "boom")
      assert.deepStrictEqual(yield* sql`SELECT id FROM tx ORDER BY id`, [{ id: 1 }, { id: 2 }])
    })
  )

  it.effect("afterCommit callbacks run after a commit, and not after a rollback", () =>
    Effect.gen(function* () {
      const sql = yield* DuckDbClient.DuckDbClient
      const log: Array<string> = []
      yield* sql.withTransaction(
        Effect.gen(function* () {
          yield* sql.afterCommit(Effect.sync(() => log.push("committed")))
          log.push("inside")
        })
      )
      yield* Effect.flip(
        sql.withTransaction(
          Effect.andThen(
            sql.afterCommit(Effect.sync(() => log.push("rolled back"))),
            Effect.fail("no" as const)
          )
        )
      )
      assert.deepStrictEqual(log, ["inside", "committed"])
    })
  )

  it.effect("appended rows belong to the transaction: a failing transaction rolls them back", () =>
    Effect.gen(function* () {
      const sql = yield* DuckDbClient.DuckDbClient
      yield* sql`CREATE TABLE staging (id INTEGER, name VARCHAR)`
      const failed = yield* Effect.flip(
        sql.withTransaction(
          Effect.gen(function* () {
            yield* sql.appendRows(
              "staging",
              ["id", "name"],
              [
                [1, "a"],
                [2, "b"]
              ]
            )
            assert.deepStrictEqual(yield* sql`SELECT count(*) AS n FROM staging`, [{ n: 2 }])
            return yield* Effect.fail("after append" as const)
          })
        )
      )
      assert.strictEqual(failed, "after append")
      assert.deepStrictEqual(yield* sql`SELECT count(*) AS n FROM staging`, [{ n: 0 }])
      yield* sql.withTransaction(
        Effect.gen(function* () {
          yield* sql.appendRows("staging", ["id", "name"], [[3, "c"]])
          yield* sql`INSERT INTO staging SELECT id + 1, name || '!' FROM staging`
        })
      )
      assert.deepStrictEqual(yield* sql`SELECT id, name FROM staging ORDER BY id`, [
        { id: 3, name: "c" },
        { id: 4, name: "c!" }
      ])
    })
  )

  it.effect("appendRows maps columns by name, fills defaults, converts values", () =>
    Effect.gen(function* () {
      const sql = yield* DuckDbClient.DuckDbClient
      yield* sql`CREATE TABLE records (
        id BIGINT, name VARCHAR DEFAULT 'unnamed', seen TIMESTAMPTZ, doc JSON, score DOUBLE, ok BOOLEAN, raw BLOB)`
      yield* sql.appendRows(
        "records",
        ["doc", "id", "seen", "score", "ok", "raw"],
        [
          [{ a: [1, "x"] }, 1, new Date("2024-05-01T10:00:00.000Z"), 0.5, true, new Uint8Array([7])],
          ['{"b":2}', 9007199254740993n, null, 3, false, null],
          [null, 3, undefined, null, null, null]
        ]
      )
      assert.deepStrictEqual(yield* sql`SELECT * FROM records ORDER BY id`, [
        {
          id: 1,
          name: "unnamed",
          seen: new Date("2024-05-01T10:00:00.000Z"),
          doc: '{"a":[1,"x"]}',
          score: 0.5,
          ok: true,
          raw: new Uint8Array([7])
        },
        { id: 3, name: "unnamed", seen: null, doc: null, score: null, ok: null, raw: null },
        { id: 9007199254740993n, name: "unnamed", seen: null, doc: '{"b":2}', score: 3, ok: false, raw: null }
      ])
    })
  )

  it.effect("a failed appendRows outside a transaction writes nothing, and says why", () =>
    Effect.gen(function* () {
      const sql = yield* DuckDbClient.DuckDbClient
      yield* sql`CREATE TABLE page (id INTEGER, score INTEGER)`
      const bad = yield* Effect.flip(
        sql.appendRows(
          "page",
          ["id", "score"],
          [
            [1, 5],
            [2, "five"]
          ]
        )
      )
      assert.strictEqual(bad.message, 'appendRows: row 1, column "score" (INTEGER): input is not a number')
      const unknown = yield* Effect.flip(sql.appendRows("page", ["id", "nps"], [[1, 5]]))
      assert.strictEqual(
        unknown.message,
        'appendRows: table "page" has no column "nps" (its columns: id, score)'
      )
      const short = yield* Effect.flip(sql.appendRows("page", ["id", "score"], [[1]]))
      assert.strictEqual(short.message, "appendRows: row 0 has 1 values for 2 columns")
      yield* sql`CREATE TABLE keyed (id INTEGER PRIMARY KEY)`
      yield* sql.appendRows("keyed", ["id"], [[1]])
      const duplicate = yield* Effect.flip(sql.appendRows("keyed", ["id"], [[2], [1]]))
      assert.strictEqual(reasonOf(duplicate), "UniqueViolation")
      assert.strictEqual(
        duplicate.message,
        'Failed to append: Duplicate key "id: 1" violates primary key constraint.'
      )
      assert.deepStrictEqual(yield* sql`SELECT id FROM keyed`, [{ id: 1 }])
      const missing = yield* Effect.flip(sql.appendRows("nope", ["id"], [[1]]))
      assert.strictEqual(reasonOf(missing), "SqlSyntaxError")
      assert.deepStrictEqual(yield* sql`SELECT count(*) AS n FROM page`, [{ n: 0 }])
    })
  )

  it.effect("nested transactions: DuckDB has no savepoints, so a failed inner one fails the commit", () =>
    Effect.gen(function* () {
      const sql = yield* DuckDbClient.DuckDbClient
      yield* sql`CREATE TABLE nested (id INTEGER)`
      yield* sql.withTransaction(
        Effect.gen(function* () {
          yield* sql`INSERT INTO nested VALUES (1)`
          yield* sql.withTransaction(sql`INSERT INTO nested VALUES (2)`)
        })
      )
      assert.deepStrictEqual(yield* sql`SELECT id FROM nested ORDER BY id`, [{ id: 1 }, { id: 2 }])
      const error = yield* Effect.flip(
        sql.withTransaction(
          Effect.gen(function* () {
            yield* sql`INSERT INTO nested VALUES (3)`
            const inner = yield* Effect.flip(
              sql.withTransaction(
                Effect.andThen(sql`INSERT INTO nested VALUES (4)`, Effect.fail("inner" as const))
              )
            )
            assert.strictEqual(inner, "inner")
          })
        )
      )
      assert.strictEqual(
        error.message,
        "DuckDbClient: a nested transaction failed, and DuckDB has no savepoints to roll back to, so the whole transaction was rolled back"
      )
      assert.deepStrictEqual(yield* sql`SELECT id FROM nested ORDER BY id`, [{ id: 1 }, { id: 2 }])
      // The flag does not outlive the transaction that set it.
      yield* sql.withTransaction(sql`INSERT INTO nested VALUES (5)`)
      assert.deepStrictEqual(yield* sql`SELECT count(*) AS n FROM nested`, [{ n: 3 }])
    })
  )

  it.effect(
    "a statement error caught inside a transaction fails the commit instead of a silent rollback",
    () =>
      Effect.gen(function* () {
        const sql = yield* DuckDbClient.DuckDbClient
        yield* sql`CREATE TABLE aborted (id INTEGER PRIMARY KEY)`
        const error = yield* Effect.flip(
          sql.withTransaction(
            Effect.gen(function* () {
              yield* sql`INSERT INTO aborted VALUES (1)`
              const duplicate = yield* Effect.flip(sql`INSERT INTO aborted VALUES (1)`).pipe(Effect.orDie)
              assert.strictEqual(reasonOf(duplicate), "UniqueViolation")
            })
          )
        )
        assert.isTrue(
          error.message.startsWith(
            "DuckDbClient: the transaction was aborted by a failed statement and was rolled back, not committed"
          ),
          error.message
        )
        assert.deepStrictEqual(yield* sql`SELECT count(*) AS n FROM aborted`, [{ n: 0 }])
        yield* sql`INSERT INTO aborted VALUES (1)`
        assert.deepStrictEqual(yield* sql`SELECT count(*) AS n FROM aborted`, [{ n: 1 }])
      })
  )

  it.effect("a transaction holds the connection: another fiber's statement waits for the commit", () =>
    Effect.gen(function* () {
      const sql = yield* DuckDbClient.DuckDbClient
      yield* sql`CREATE TABLE serial (step VARCHAR)`
      const inside = yield* Deferred.make<void>()
      const release = yield* Deferred.make<void>()
      const tx = yield* Effect.forkChild(
        sql.withTransaction(
          Effect.gen(function* () {
            yield* sql`INSERT INTO serial VALUES ('tx')`
            yield* Deferred.succeed(inside, undefined)
            yield* Deferred.await(release)
          })
        )
      )
      yield* Deferred.await(inside)
      const other = yield* Effect.forkChild(sql`SELECT count(*) AS n FROM serial`)
      yield* Effect.yieldNow
      assert.isUndefined(other.pollUnsafe())
      yield* Deferred.succeed(release, undefined)
      yield* Fiber.join(tx)
      assert.deepStrictEqual(yield* Fiber.join(other), [{ n: 1 }])
    })
  )

  it.effect("interrupting a running query stops DuckDB before the connection is used again", () =>
    Effect.gen(function* () {
      const sql = yield* DuckDbClient.DuckDbClient
      const started = Date.now()
      const slow = yield* Effect.forkChild(sql`SELECT sum(range) AS s FROM range(100000000000)`)
      // Real time (not the TestClock) so DuckDB is busy with the query when it is interrupted.
      yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 100)))
      yield* Fiber.interrupt(slow)
      assert.deepStrictEqual(yield* sql`SELECT 1 AS one`, [{ one: 1 }])
      assert.isBelow(Date.now() - started, 5000)
    })
  )

  it.effect("streams 200,000 rows chunk by chunk without collecting them", () =>
    Effect.gen(function* () {
      const sql = yield* DuckDbClient.DuckDbClient
      const totals = yield* sql<{ readonly i: number }>`SELECT range AS i FROM range(${200_000})`.stream.pipe(
        Stream.run(
          Sink.reduce(
            () => ({ rows: 0, sum: 0, last: -1, ordered: true }),
            (acc, row: { readonly i: number }) => ({
              rows: acc.rows + 1,
              sum: acc.sum + row.i,
              last: row.i,
              ordered: acc.ordered && row.i === acc.last + 1
            })
          )
        )
      )
      assert.deepStrictEqual(totals, { rows: 200_000, sum: 19_999_900_000, last: 199_999, ordered: true })
      // A trillion rows: only a streaming read returns the first five at once.
      const first = yield* sql`SELECT range AS i FROM range(1000000000000)`.stream.pipe(
        Stream.take(5),
        Stream.runCollect
      )
      assert.deepStrictEqual(first, [{ i: 0 }, { i: 1 }, { i: 2 }, { i: 3 }, { i: 4 }])
    })
  )

  it.effect("a stream outside a transaction lets its consumer run statements", () =>
    Effect.gen(function* () {
      const sql = yield* DuckDbClient.DuckDbClient
      yield* sql`CREATE TABLE copied (i INTEGER)`
      yield* sql`SELECT range AS i FROM range(500)`.stream.pipe(
        Stream.mapEffect((row) => sql`INSERT INTO copied VALUES (${row.i as number})`),
        Stream.runDrain
      )
      assert.deepStrictEqual(yield* sql`SELECT count(*) AS n, sum(i) AS s FROM copied`, [
        { n: 500, s: 124_750 }
      ])
    })
  )

  it.effect("a stream inside a transaction sees its writes, and fails if another statement ends it", () =>
    Effect.gen(function* () {
      const sql = yield* DuckDbClient.DuckDbClient
      yield* sql`CREATE TABLE pending (i INTEGER)`
      const seen = yield* sql.withTransaction(
        Effect.gen(function* () {
          yield* sql`INSERT INTO pending SELECT range FROM range(10000)`
          return yield* sql`SELECT i FROM pending`.stream.pipe(Stream.run(Sink.count))
        })
      )
      assert.strictEqual(seen, 10000)
      const error = yield* Effect.flip(
        sql.withTransaction(
          sql`SELECT i FROM pending`.stream.pipe(
            Stream.mapEffect(() => sql`SELECT 1`),
            Stream.runDrain
          )
        )
      )
      assert.isTrue(
        error.message.startsWith("DuckDbClient: another statement ran on the transaction's connection"),
        error.message
      )
    })
  )

  it.effect("updateValues compiles to an UPDATE … FROM (VALUES …) that DuckDB runs", () =>
    Effect.gen(function* () {
      const sql = yield* DuckDbClient.DuckDbClient
      yield* sql`CREATE TABLE people (id INTEGER, name VARCHAR)`
      yield* sql`INSERT INTO people ${sql.insert([
        { id: 1, name: "a" },
        { id: 2, name: "b" }
      ])}`
      yield* sql`UPDATE people SET name = data.name FROM ${sql.updateValues(
        [
          { id: 1, name: "A" },
          { id: 2, name: "B" }
        ],
        "data"
      )} WHERE people.id = data.id`
      assert.deepStrictEqual(yield* sql`SELECT * FROM people ORDER BY id`, [
        { id: 1, name: "A" },
        { id: 2, name: "B" }
      ])
    })
  )
})

describe("DuckDbClient name transforms", () => {
  const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
  const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
  it.effect("rename identifiers going in and columns coming out", () =>
    Effect.gen(function* () {
      const sql = yield* DuckDbClient.make({
        filename: ":memory:",
        transformQueryNames: snake,
        transformResultNames: camel
      })
      yield* sql`CREATE TABLE ${sql("surveyAnswers")} (${sql("customerId")} VARCHAR, ${sql("npsScore")} INTEGER)`
      yield* sql`INSERT INTO ${sql("surveyAnswers")} ${sql.insert({ customerId: "c-1", npsScore: 9 })}`
      assert.deepStrictEqual(yield* sql`SELECT * FROM survey_answers`, [{ customerId: "c-1", npsScore: 9 }])
      assert.deepStrictEqual(yield* sql`SELECT * FROM survey_answers`.withoutTransform, [
        { customer_id: "c-1", nps_score: 9 }
      ])
      const streamed = yield* sql`SELECT * FROM survey_answers`.stream.pipe(Stream.runCollect)
      assert.deepStrictEqual(streamed, [{ customerId: "c-1", npsScore: 9 }])
    }).pipe(Effect.provide(Reactivity.layer))
  )
})

describe("DuckDbClient on a file", () => {
  it.effect("creates parent folders, persists across opens, and closes with its scope", () =>
    Effect.gen(function* () {
      const filename = join(dir, "nested", "deeper", "cxkit.duckdb")
      const walWhileOpen = yield* Effect.gen(function* () {
        const sql = yield* SqlClient.SqlClient
        yield* sql`CREATE TABLE kept (id INTEGER)`
        yield* sql.withTransaction(sql`INSERT INTO kept VALUES (1), (2)`)
        return existsSync(`${filename}.wal`)
      }).pipe(Effect.provide(DuckDbClient.layer({ filename })))
      // DuckDB checkpoints and removes the write-ahead log when the database closes.
      assert.deepStrictEqual(
        [walWhileOpen, existsSync(filename), existsSync(`${filename}.wal`)],
        [true, true, false]
      )
      const rows = yield* Effect.gen(function* () {
        const sql = yield* DuckDbClient.DuckDbClient
        return yield* sql`SELECT sum(id) AS s FROM kept`
      }).pipe(Effect.provide(DuckDbClient.layer({ filename })))
      assert.deepStrictEqual(rows, [{ s: 3 }])
    })
  )

  it.effect("two clients of one file in one process share the database", () =>
    Effect.gen(function* () {
      const filename = join(dir, "shared.duckdb")
      const first = yield* DuckDbClient.make({ filename })
      const second = yield* DuckDbClient.make({ filename })
      yield* first`CREATE TABLE shared (id INTEGER)`
      yield* first.appendRows("shared", ["id"], [[1], [2]])
      assert.deepStrictEqual(yield* second`SELECT count(*) AS n FROM shared`, [{ n: 2 }])
      const other = yield* Effect.flip(DuckDbClient.make({ filename, config: { threads: "1" } }))
      assert.strictEqual(reasonOf(other), "ConnectionError")
      assert.isTrue(
        other.message.startsWith(`DuckDbClient: cannot open the database "${filename}": `),
        other.message
      )
    }).pipe(Effect.scoped, Effect.provide(Reactivity.layer))
  )

  it.effect("a path under a regular file is a ConnectionError naming the path", () =>
    Effect.gen(function* () {
      const file = join(dir, "plain.txt")
      writeFileSync(file, "not a folder")
      const filename = join(file, "db", "cxkit.duckdb")
      const error = yield* Effect.flip(
        DuckDbClient.make({ filename }).pipe(Effect.scoped, Effect.provide(Reactivity.layer))
      )
      assert.strictEqual(reasonOf(error), "ConnectionError")
      assert.isTrue(
        error.message.startsWith(`DuckDbClient: cannot open the database "${filename}": `),
        error.message
      )
      assert.include(error.message, "ENOTDIR")
    })
  )

  it.effect("a file that is not a DuckDB database is a ConnectionError naming the path", () =>
    Effect.gen(function* () {
      const filename = join(dir, "notes.duckdb")
      writeFileSync(filename, "hello, not a database")
      const error = yield* Effect.flip(Layer.build(DuckDbClient.layer({ filename })).pipe(Effect.scoped))
      assert.strictEqual(reasonOf(error as SqlError.SqlError), "ConnectionError")
      assert.strictEqual(
        error.message,
        `DuckDbClient: cannot open the database "${filename}": IO Error: The file "${filename}" exists, but it is not a valid DuckDB database file!`
      )
    })
  )

  it.effect("layerConfig reads the file path from Config", () =>
    Effect.gen(function* () {
      const filename = join(dir, "from-config.duckdb")
      const rows = yield* Effect.gen(function* () {
        const db = yield* DuckDbClient.DuckDbClient
        return [db.config.filename, yield* db`SELECT 1 AS one`] as const
      }).pipe(
        Effect.provide(DuckDbClient.layerConfig({ filename: Config.String("DB_FILE") })),
        Effect.provide(ConfigProvider.layer(ConfigProvider.fromUnknown({ DB_FILE: filename })))
      )
      assert.deepStrictEqual(rows, [filename, [{ one: 1 }]])
    })
  )
})
