import { Timestamp } from "@cxkit/core"
import { type MetricError, Paths } from "@cxkit/metrics"
import { SqlDialect, SqlPaths, Warehouse } from "@cxkit/metrics-sql"
import { Effect } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { engines, insert, stopServers } from "./support/engines.ts"

afterAll(stopServers)

interface Tp {
  readonly id: string
  readonly customerId: string
  readonly minute: number
  readonly kind: string
}
// Few minutes and customers: ties in time (broken by id, with mixed case and punctuation) and
// repeated steps are frequent.
const touchpoints = fc
  .array(
    fc.record({
      customerId: fc.constantFrom("a", "b", "c", "d"),
      minute: fc.integer({ min: 0, max: 5 }),
      kind: fc.constantFrom("view", "cart", "buy", "Help")
    }),
    { maxLength: 50 }
  )
  .chain((rows) =>
    fc
      .shuffledSubarray(
        ["A", "a", "B", "b", "_", "1", "z", "Z", "é", "~"].flatMap((p) => [p, `${p}2`, `${p}x`]),
        {
          minLength: rows.length,
          maxLength: rows.length
        }
      )
      .map((ids) => rows.map((r, i): Tp => ({ ...r, id: ids[i] ?? String(i) })))
  )

for (const engine of engines) {
  describe(`SqlPaths on ${engine.name}`, () => {
    it("directlyFollows equals Paths.directlyFollows (ties by id, with and without collapsed repeats)", async () => {
      await fc.assert(
        fc.asyncProperty(
          touchpoints.filter((rows) => rows.length <= 30),
          fc.boolean(),
          async (rows, collapseRepeats) => {
            const db = await engine.fresh()
            const graph = await db
              .run(
                Effect.gen(function* () {
                  const sql = yield* SqlClient
                  yield* sql.unsafe(
                    `CREATE TABLE touchpoints (id TEXT, "customerId" TEXT, "timestamp" TIMESTAMPTZ, kind TEXT)`
                  )
                  yield* insert(
                    "touchpoints",
                    ["id", "customerId", "timestamp", "kind"],
                    [undefined, undefined, "TIMESTAMPTZ", undefined],
                    rows.map((r) => [r.id, r.customerId, new Date(r.minute * 60_000).toISOString(), r.kind])
                  )
                  return yield* SqlPaths.directlyFollows({ collapseRepeats })
                }).pipe(Effect.orDie)
              )
              .finally(db.close)
            const expected = Paths.directlyFollows(
              rows.map((r) => ({
                id: r.id,
                customerId: r.customerId,
                timestamp: Timestamp.fromMillis(r.minute * 60_000),
                kind: r.kind,
                channel: "web" as const
              })),
              { collapseRepeats }
            )
            expect(graph).toEqual(expected)
          }
        ),
        { numRuns: engine.name === "postgres" ? 15 : 50 }
      )
    }, 120_000)

    it("a touchpoint without a step key is an error naming the column", async () => {
      const db = await engine.fresh()
      const error = await db
        .run(
          Effect.gen(function* () {
            const sql = yield* SqlClient
            yield* sql.unsafe(
              `CREATE TABLE touchpoints (id TEXT, "customerId" TEXT, "timestamp" TIMESTAMPTZ, kind TEXT)`
            )
            yield* sql.unsafe(`INSERT INTO touchpoints VALUES ('1', 'a', '2024-01-01', NULL)`)
            return yield* Effect.flip(SqlPaths.directlyFollows())
          })
        )
        .finally(db.close)
      expect(error.message).toBe(
        "touchpoints.kind: null is not a value on every touchpoint (1 rows have none)"
      )
    }, 60_000)
  })
}

describe("SqlPaths on an engine without window functions", () => {
  it("fails naming the dialect", async () => {
    const clickhouse = Warehouse.make({ dialect: SqlDialect.clickhouse, rows: () => Effect.succeed([]) })
    const error = await Effect.runPromise(
      Effect.flip(SqlPaths.directlyFollows()).pipe(Effect.provideService(Warehouse.Warehouse, clickhouse))
    )
    expect((error as MetricError.MetricError).message).toBe(
      'dialect: "clickhouse" is not an engine with window functions (LEAD, LAG, ROW_NUMBER)'
    )
  })
})
