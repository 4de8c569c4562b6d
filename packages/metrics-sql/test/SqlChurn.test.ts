import { Churn, type Period } from "@cxkit/metrics"
import { SqlChurn, SqlDialect, Warehouse } from "@cxkit/metrics-sql"
import { Effect } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { engines, insert, stopServers } from "./support/engines.ts"

afterAll(stopServers)

const DAY = 86_400_000
const origin = Date.parse("2023-11-01T00:00:00Z")
// Subscriptions over six months around a year boundary: overlapping, back-to-back, zero-length
// and open ones, and spans nested in a longer one (a span ending before the one before it), starts and ends on period boundaries (whole days) and between them (any millisecond).
const instant = fc.oneof(
  fc.integer({ min: 0, max: 180 }).map((d) => origin + d * DAY),
  fc.integer({ min: 0, max: 180 * DAY }).map((ms) => origin + ms)
)
const subscription = fc
  .record({
    customer: fc.constantFrom("a", "b", "c", "d"),
    start: instant,
    length: fc.option(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 70 * DAY })), { nil: null })
  })
  .map(({ customer, start, length }) => ({ customer, start, end: length === null ? null : start + length }))

for (const engine of engines) {
  describe(`SqlChurn on ${engine.name}`, () => {
    it("equals Churn.series of the subscription rows, for every granularity and denominator", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(subscription, { maxLength: 40, size: "medium" }),
          fc.constantFrom<Period.Period>("day", "week", "month", "quarter"),
          fc.constantFrom<Churn.Denominator>("start", "average", "customer-days"),
          fc.integer({ min: 0, max: 120 }),
          fc.integer({ min: 1, max: 90 }),
          async (rows, granularity, denominator, fromDay, days) => {
            const from = origin + fromDay * DAY
            const to = from + days * DAY
            const db = await engine.fresh()
            const months = await db
              .run(
                Effect.gen(function* () {
                  const sql = yield* SqlClient
                  yield* sql.unsafe(
                    `CREATE TABLE periods (who TEXT, began TIMESTAMPTZ, ended TIMESTAMPTZ, plan TEXT)`
                  )
                  yield* insert(
                    "periods",
                    ["who", "began", "ended", "plan"],
                    [undefined, "TIMESTAMPTZ", "TIMESTAMPTZ", undefined],
                    rows.flatMap((r) => [
                      [
                        r.customer,
                        new Date(r.start).toISOString(),
                        r.end === null ? null : new Date(r.end).toISOString(),
                        "pro"
                      ],
                      // Filtered out by `where`: must not count.
                      [r.customer, new Date(origin).toISOString(), null, "trial"]
                    ])
                  )
                  return yield* SqlChurn.series({
                    table: "periods",
                    customer: "who",
                    start: "began",
                    end: "ended",
                    where: { plan: "pro" },
                    from,
                    to,
                    granularity,
                    denominator
                  })
                }).pipe(Effect.orDie)
              )
              .finally(db.close)
            const expected = Churn.series(
              rows.map((r) => ({ customerId: r.customer, start: r.start, end: r.end })),
              { from, to, granularity, denominator }
            )
            expect(months).toEqual(expected)
          }
        ),
        { numRuns: engine.name === "postgres" ? 20 : 60 }
      )
    }, 180_000)

    it("refuses what Churn.series refuses, naming the column and how many rows", async () => {
      const db = await engine.fresh()
      const messages = await db
        .run(
          Effect.gen(function* () {
            const sql = yield* SqlClient
            yield* sql.unsafe(
              `CREATE TABLE subs ("customerId" TEXT, start TIMESTAMPTZ, "end" TIMESTAMPTZ, region TEXT)`
            )
            yield* sql.unsafe(`INSERT INTO subs VALUES ('a', '2024-02-01', '2024-01-01', 'eu'),
              ('a', '2024-02-01', '2024-01-01', 'eu'), (NULL, '2024-01-01', NULL, 'us'), ('b', NULL, NULL, 'apac')`)
            const months = {
              table: "subs",
              from: "2024-01-01",
              to: "2024-03-01",
              granularity: "month"
            } as const
            return yield* Effect.all([
              Effect.flip(SqlChurn.series({ ...months, where: { region: "eu" } })),
              Effect.flip(SqlChurn.series({ ...months, where: { region: "us" } })),
              Effect.flip(SqlChurn.series({ ...months, where: { region: "apac" } })),
              Effect.flip(SqlChurn.series({ ...months, to: "2023-12-01" })),
              Effect.flip(SqlChurn.series({ ...months, denominator: "mean" as "start" }))
            ])
          })
        )
        .finally(db.close)
      expect(messages.map((e) => e.message)).toEqual([
        "subs.end: null is not at or after its start (2 rows end before they start)",
        "subs.customerId: null is not a non-empty customer id (1 rows have none)",
        "subs.start: null is not a start (1 rows have none)",
        'options.to: "2023-12-01" is not after options.from (2024-01-01T00:00:00.000Z)',
        'options.denominator: "mean" is not one of start, average, customer-days'
      ])
    }, 60_000)
  })
}

describe("SqlChurn on an engine without window functions", () => {
  it("fails naming the dialect", async () => {
    const clickhouse = Warehouse.make({ dialect: SqlDialect.clickhouse, rows: () => Effect.succeed([]) })
    const error = await Effect.runPromise(
      Effect.flip(
        SqlChurn.series({ table: "subs", from: "2024-01-01", to: "2024-02-01", granularity: "month" })
      ).pipe(Effect.provideService(Warehouse.Warehouse, clickhouse))
    )
    expect(error.message).toBe(
      'dialect: "clickhouse" is not an engine with window functions (MAX and SUM OVER a window)'
    )
  })
})
