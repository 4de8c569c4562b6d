import { Period, Retention } from "@cxkit/metrics"
import { SqlRevenue } from "@cxkit/metrics-sql"
import { Effect } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { engines, insert, stopServers } from "./support/engines.ts"

afterAll(stopServers)

interface Mrr {
  readonly customer: string
  readonly at: number
  readonly revenue: number
}
// Period boundaries around 1970 (negative weeks) and a year end; customers with gaps (churn and
// reactivation), several rows in one period (they add up), zero rows, equal amounts (no movement).
const anchors = [
  "1969-12-31T23:59:59Z",
  "1970-01-05T00:00:00Z",
  "2023-12-31T23:59:59Z",
  "2024-01-01T00:00:00Z",
  "2024-03-31T23:00:00Z",
  "2024-04-01T00:30:00Z"
].map(Date.parse)
const mrr: fc.Arbitrary<Mrr> = fc.record({
  customer: fc.constantFrom("a", "b", "c", "d", "e", "f", "g"),
  at: fc.oneof(
    fc.constantFrom(...anchors),
    fc.integer({ min: Date.parse("2023-06-01T00:00:00Z"), max: Date.parse("2024-09-01T00:00:00Z") }),
    fc.integer({ min: Date.parse("1969-06-01T00:00:00Z"), max: Date.parse("1970-03-01T00:00:00Z") })
  ),
  revenue: fc.constantFrom(0, 0, 10, 10, 25.5, 100, 0.25, 9.99)
})

const close = (a: number | undefined, b: number | undefined) =>
  a === b ||
  (a !== undefined && b !== undefined && Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b)))

const same = <A extends object>(actual: ReadonlyArray<A>, expected: ReadonlyArray<A>) => {
  expect(actual.length).toBe(expected.length)
  actual.forEach((row, i) => {
    const e = expected[i] as Record<string, number | undefined>
    for (const [key, value] of Object.entries(row as Record<string, number | undefined>))
      if (!close(value, e[key])) expect({ index: i, key, value }).toEqual({ index: i, key, value: e[key] })
    expect(Object.keys(row).sort()).toEqual(Object.keys(e).sort())
  })
}

for (const engine of engines) {
  describe(`SqlRevenue on ${engine.name}`, () => {
    it("equals Retention.movements and revenueRetention of the revenue rows, for every unit", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(mrr, { maxLength: 60 }),
          fc.constantFrom("day", "week", "month", "quarter", "year") as fc.Arbitrary<Period.Period>,
          fc.constantFrom("new", "expansion") as fc.Arbitrary<Retention.Reactivation>,
          async (rows, unit, reactivation) => {
            const db = await engine.fresh()
            const [moves, ratios] = await db
              .run(
                Effect.gen(function* () {
                  const sql = yield* SqlClient
                  yield* sql.unsafe(
                    `CREATE TABLE billing (who TEXT, at_time TIMESTAMPTZ, mrr DOUBLE PRECISION, plan TEXT)`
                  )
                  yield* insert(
                    "billing",
                    ["who", "at_time", "mrr", "plan"],
                    [undefined, "TIMESTAMPTZ", undefined, undefined],
                    rows.flatMap((r) => [
                      [r.customer, new Date(r.at).toISOString(), r.revenue, "pro"],
                      // Filtered out by `where`: must not count.
                      [r.customer, new Date(anchors[0] as number).toISOString(), 1000, "trial"]
                    ])
                  )
                  const options = {
                    table: "billing",
                    customer: "who",
                    timestamp: "at_time",
                    revenue: "mrr",
                    unit,
                    where: { plan: "pro" }
                  } as const
                  return yield* Effect.all([
                    SqlRevenue.movements(options),
                    SqlRevenue.retention({ ...options, reactivation })
                  ])
                }).pipe(Effect.orDie)
              )
              .finally(db.close)
            const input = rows.map((r) => ({
              customerId: r.customer,
              period: Period.index(r.at, unit),
              revenue: r.revenue
            }))
            const expected = Retention.movements(input)
            same(moves, expected)
            same(ratios, Retention.revenueRetention(expected, { reactivation }))
          }
        ),
        { numRuns: engine.name === "postgres" ? 25 : 80 }
      )
    }, 180_000)

    it("refuses what Retention.movements refuses, naming the column and how many rows", async () => {
      const db = await engine.fresh()
      const messages = await db
        .run(
          Effect.gen(function* () {
            const sql = yield* SqlClient
            yield* sql.unsafe(
              `CREATE TABLE mrr ("customerId" TEXT, "timestamp" TIMESTAMPTZ, revenue DOUBLE PRECISION, region TEXT)`
            )
            yield* sql.unsafe(`INSERT INTO mrr VALUES ('a', '2024-02-01', -1, 'eu'), ('b', '2024-02-01', NULL, 'eu'),
              ('', '2024-01-01', 5, 'us'), ('b', NULL, 5, 'apac')`)
            const months = { table: "mrr", unit: "month" } as const
            return yield* Effect.all([
              Effect.flip(SqlRevenue.movements({ ...months, where: { region: "eu" } })),
              Effect.flip(SqlRevenue.movements({ ...months, where: { region: "us" } })),
              Effect.flip(SqlRevenue.movements({ ...months, where: { region: "apac" } })),
              Effect.flip(SqlRevenue.movements({ ...months, unit: "fortnight" as "week" })),
              Effect.flip(SqlRevenue.movements({ ...months, revenue: "bad\u0000name" })),
              Effect.flip(
                SqlRevenue.retention({ ...months, reactivation: "both" as "new", where: { region: "none" } })
              )
            ])
          })
        )
        .finally(db.close)
      expect(messages.map((e) => e.message)).toEqual([
        "mrr.revenue: null is not a finite revenue ≥ 0 (2 rows are NULL, negative or not finite)",
        "mrr.customerId: null is not a non-empty customer id (1 rows have none)",
        "mrr.timestamp: null is not a timestamp (1 rows have none)",
        'options.unit: "fortnight" is not one of day, week, month, quarter, year',
        'options.revenue: "bad\\u0000name" is not a column or table name: 1 to 128 characters, no control characters',
        'options.reactivation: "both" is not one of "new", "expansion"'
      ])
    }, 60_000)

    it("returns nothing for an empty table", async () => {
      const db = await engine.fresh()
      const moves = await db
        .run(
          Effect.gen(function* () {
            const sql = yield* SqlClient
            yield* sql.unsafe(
              `CREATE TABLE mrr ("customerId" TEXT, "timestamp" TIMESTAMPTZ, revenue DOUBLE PRECISION)`
            )
            return yield* SqlRevenue.movements({ table: "mrr", unit: "week" })
          })
        )
        .finally(db.close)
      expect(moves).toEqual([])
    }, 60_000)
  })
}
