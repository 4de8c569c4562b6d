import { Cohort, Period } from "@cxkit/metrics"
import { SqlCohort } from "@cxkit/metrics-sql"
import { Effect } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { engines, insert, stopServers } from "./support/engines.ts"

afterAll(stopServers)

interface Activity {
  readonly customer: string
  readonly at: number
  readonly amount: number | null
  readonly active: boolean
}
// Around 1970 (negative epoch days and weeks) and 2023–2024, with year, quarter and month boundaries.
const anchors = [
  "1969-12-31T23:59:59Z",
  "1970-01-05T00:00:00Z",
  "2023-12-31T23:59:59Z",
  "2024-01-01T00:00:00Z",
  "2024-03-31T23:00:00Z",
  "2024-04-01T00:30:00Z"
].map(Date.parse)
const activity: fc.Arbitrary<Activity> = fc.record({
  customer: fc.constantFrom("a", "b", "c", "d", "e", "f", "g"),
  at: fc.oneof(
    fc.constantFrom(...anchors),
    fc.integer({ min: Date.parse("2023-06-01T00:00:00Z"), max: Date.parse("2024-09-01T00:00:00Z") }),
    fc.integer({ min: Date.parse("1969-06-01T00:00:00Z"), max: Date.parse("1970-03-01T00:00:00Z") })
  ),
  amount: fc.option(fc.constantFrom(0, 9.99, 20, 125.5), { nil: null }),
  active: fc.boolean()
})

const close = (a: number | undefined, b: number | undefined) =>
  a === b ||
  (a !== undefined && b !== undefined && Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b)))

for (const engine of engines) {
  describe(`SqlCohort on ${engine.name}`, () => {
    it("equals Cohort.table of the activity rows, for every unit and both modes", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(activity, { maxLength: 60 }),
          fc.constantFrom("day", "week", "month", "quarter", "year") as fc.Arbitrary<Period.Period>,
          fc.constantFrom("on", "on-or-after") as fc.Arbitrary<Cohort.Mode>,
          async (rows, unit, mode) => {
            const db = await engine.fresh()
            const table = await db
              .run(
                Effect.gen(function* () {
                  const sql = yield* SqlClient
                  yield* sql.unsafe(
                    `CREATE TABLE activity (who TEXT, at_time TIMESTAMPTZ, amount DOUBLE PRECISION, active BOOLEAN)`
                  )
                  yield* insert(
                    "activity",
                    ["who", "at_time", "amount", "active"],
                    [undefined, "TIMESTAMPTZ", undefined, undefined],
                    rows.map((r) => [r.customer, new Date(r.at).toISOString(), r.amount, r.active])
                  )
                  return yield* SqlCohort.table({
                    table: "activity",
                    customer: "who",
                    timestamp: "at_time",
                    active: "active",
                    unit,
                    mode
                  })
                }).pipe(Effect.orDie)
              )
              .finally(db.close)
            const expected = Cohort.table(
              rows.map((r) => ({
                customerId: r.customer,
                period: Period.index(r.at, unit),
                ...(r.amount === null ? {} : { revenue: r.amount }),
                active: r.active
              })),
              { mode }
            )
            expect({ ...table, cohorts: table.cohorts.length }).toEqual({
              ...expected,
              cohorts: expected.cohorts.length
            })
            table.cohorts.forEach((c, i) => {
              const e = expected.cohorts[i] as Cohort.Cohort
              expect([c.cohort, c.size, c.customers, c.customerRetention]).toEqual([
                e.cohort,
                e.size,
                e.customers,
                e.customerRetention
              ])
              for (const k of ["revenue", "revenueRetention"] as const) {
                c[k].forEach((x, j) => {
                  if (!close(x, e[k][j])) expect({ k, j, x }).toEqual({ k, j, x: e[k][j] })
                })
              }
            })
          }
        ),
        { numRuns: engine.name === "postgres" ? 15 : 50 }
      )
    }, 120_000)

    it("refuses negative revenue and NULL customers, naming the column", async () => {
      const db = await engine.fresh()
      const messages = await db
        .run(
          Effect.gen(function* () {
            const sql = yield* SqlClient
            yield* sql.unsafe(
              `CREATE TABLE orders ("customerId" TEXT, "timestamp" TIMESTAMPTZ, amount DOUBLE PRECISION)`
            )
            yield* sql.unsafe(`INSERT INTO orders VALUES ('a', '2024-01-01', -5), (NULL, '2024-01-02', 1)`)
            return yield* Effect.all([
              Effect.flip(SqlCohort.table({ unit: "month", where: { amount: -5 } })),
              Effect.flip(SqlCohort.table({ unit: "month" })),
              Effect.flip(SqlCohort.table({ unit: "fortnight" as "week" }))
            ])
          })
        )
        .finally(db.close)
      expect(messages.map((e) => e.message)).toEqual([
        "orders.amount: NaN is not a finite revenue ≥ 0 (1 rows are not)",
        "orders.customerId: null is not a non-empty customer id (1 rows have none)",
        'options.unit: "fortnight" is not one of day, week, month, quarter, year'
      ])
    }, 60_000)
  })
}
