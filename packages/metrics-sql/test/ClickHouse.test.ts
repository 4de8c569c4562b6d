// Every GROUP BY pushdown on a real ClickHouse 18.16 (Debian's clickhouse-server), equal to the
// in-process result on the same random data, as on DuckDB and PostgreSQL.
import { Cohort, Grouping, Nps, Period, Retention, Rfm, Survival } from "@cxkit/metrics"
import { SqlCohort, SqlRevenue, SqlRfm, SqlSurvey, SqlSurvival, Warehouse } from "@cxkit/metrics-sql"
import { Effect } from "effect"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as ClickHouse from "./support/clickhouse.ts"

let server: ClickHouse.Started | undefined
beforeAll(async () => {
  server = await ClickHouse.start()
}, 60_000)
afterAll(() => server?.stop())

let tables = 0
const fresh = async (columns: string, rows: ReadonlyArray<Record<string, unknown>>): Promise<string> => {
  if (server === undefined) throw new Error("the ClickHouse server did not start")
  const name = `t${++tables}`
  await server.client.command({ query: `CREATE TABLE ${name} (${columns}) ENGINE = Memory` })
  if (rows.length > 0) await server.client.insert({ table: name, values: [...rows], format: "JSONEachRow" })
  return name
}
const run = <A, E>(effect: Effect.Effect<A, E, Warehouse.Warehouse>): Promise<A> => {
  if (server === undefined) throw new Error("the ClickHouse server did not start")
  return Effect.runPromise(Effect.provideService(effect, Warehouse.Warehouse, server.warehouse))
}
const seconds = (ms: number) => Math.floor(ms / 1000)
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b))
const start2024 = Date.parse("2024-01-01T00:00:00Z")
const instant = fc
  .integer({ min: seconds(start2024), max: seconds(start2024) + 400 * 86_400 })
  .map((s) => s * 1000)

describe("pushdowns on ClickHouse 18", () => {
  it("NPS by segment and month in a zone equals Grouping.summarize", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            channel: fc.constantFrom("chat", "e'mail"),
            score: fc.integer({ min: 0, max: 10 }),
            at: instant
          }),
          { maxLength: 50 }
        ),
        fc.constantFrom("UTC", "Europe/Paris", "America/New_York"),
        fc.constantFrom("day", "week", "month", "quarter", "year") as fc.Arbitrary<Period.Period>,
        async (rows, timeZone, unit) => {
          const table = await fresh(
            "channel String, score Float64, at DateTime",
            rows.map((r) => ({ channel: r.channel, score: r.score, at: seconds(r.at) }))
          )
          const result = await run(
            SqlSurvey.nps({
              table,
              question: null,
              segments: ["channel"],
              window: { column: "at", unit, timeZone }
            })
          )
          const expected = new Map<string, Nps.Nps>()
          for (const channel of new Set(rows.map((r) => r.channel))) {
            for (const g of Grouping.summarize(
              rows.filter((r) => r.channel === channel),
              { metric: Nps.metric(), value: (r) => r.score, window: { at: (r) => r.at, unit, timeZone } }
            ))
              expected.set(`${channel}|${g.window?.start}`, g.summary)
          }
          expect(
            new Map(result.groups.map((g) => [`${g.segment.channel}|${g.window?.start}`, g.summary]))
          ).toEqual(expected)
        }
      ),
      { numRuns: 15 }
    )
  }, 120_000)

  it("RFM patterns equal Rfm.collapse of Rfm.fromTransactions", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            customer: fc.constantFrom("a", "b", "c", "d"),
            at: instant,
            amount: fc.constantFrom(1, 2.5, 10)
          }),
          { maxLength: 50 }
        ),
        async (rows) => {
          const table = await fresh(
            "customer String, at DateTime, amount Float64",
            rows.map((r) => ({ customer: r.customer, at: seconds(r.at), amount: r.amount }))
          )
          const options = {
            observationEnd: "2025-01-31",
            calibrationEnd: "2024-09-30",
            period: "week"
          } as const
          const source = { table, customer: "customer", timestamp: "at", ...options }
          const [summaries, patterns] = await run(
            Effect.all([SqlRfm.summaries(source), SqlRfm.patterns(source)])
          )
          const expected = Rfm.fromTransactions(
            rows.map((r) => ({ customerId: r.customer, timestamp: r.at, amount: r.amount })),
            options
          )
          const byId = new Map(expected.map((s) => [s.customerId, s]))
          expect(summaries.map((s) => s.customerId).sort()).toEqual([...byId.keys()].sort())
          for (const s of summaries) {
            const e = byId.get(s.customerId) as Rfm.Summary
            expect([s.frequency, s.recency, s.T, s.holdout?.frequency]).toEqual([
              e.frequency,
              e.recency,
              e.T,
              e.holdout?.frequency
            ])
            expect(close(s.monetaryValue, e.monetaryValue)).toBe(true)
          }
          const key = (p: Rfm.Pattern) => `${p.frequency}|${p.recency}|${p.T}`
          expect(new Map(patterns.map((p) => [key(p), p.weight]))).toEqual(
            new Map(Rfm.collapse(expected).map((p) => [key(p), p.weight]))
          )
        }
      ),
      { numRuns: 15 }
    )
  }, 120_000)

  it("Kaplan-Meier from counts and the cohort table equal the in-process ones", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            customer: fc.constantFrom("a", "b", "c", "d", "e"),
            at: instant,
            months: fc.integer({ min: 0, max: 6 }),
            churned: fc.boolean()
          }),
          {
            minLength: 1,
            maxLength: 40
          }
        ),
        async (rows) => {
          const table = await fresh(
            "customer String, at DateTime, amount Float64, months Float64, churned UInt8",
            rows.map((r) => ({
              customer: r.customer,
              at: seconds(r.at),
              amount: 1,
              months: r.months,
              churned: r.churned ? 1 : 0
            }))
          )
          const [curves, cohorts] = await run(
            Effect.all([
              SqlSurvival.kaplanMeier({ table, duration: "months", observed: "churned" }),
              SqlCohort.table({ table, customer: "customer", timestamp: "at", unit: "month" })
            ])
          )
          const km = Survival.kaplanMeier({
            durations: rows.map((r) => r.months),
            observed: rows.map((r) => r.churned)
          })
          expect(curves[0]?.curve.survival).toEqual(km.survival)
          expect(curves[0]?.curve.atRisk).toEqual(km.atRisk)
          const expected = Cohort.table(
            rows.map((r) => ({ customerId: r.customer, period: Period.index(r.at, "month"), revenue: 1 }))
          )
          expect(cohorts).toEqual(expected)
        }
      ),
      { numRuns: 15 }
    )
  }, 120_000)

  it("revenue movements and retention equal Retention.movements and revenueRetention", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            customer: fc.constantFrom("a", "b", "c", "d", "e"),
            at: instant,
            revenue: fc.constantFrom(0, 10, 10, 25.5, 100)
          }),
          { maxLength: 50 }
        ),
        fc.constantFrom("day", "week", "month", "quarter", "year") as fc.Arbitrary<Period.Period>,
        async (rows, unit) => {
          const table = await fresh(
            "customer String, at DateTime, mrr Float64",
            rows.map((r) => ({ customer: r.customer, at: seconds(r.at), mrr: r.revenue }))
          )
          const options = { table, customer: "customer", timestamp: "at", revenue: "mrr", unit }
          const [moves, ratios] = await run(
            Effect.all([SqlRevenue.movements(options), SqlRevenue.retention(options)])
          )
          const expected = Retention.movements(
            rows.map((r) => ({
              customerId: r.customer,
              period: Period.index(r.at, unit),
              revenue: r.revenue
            }))
          )
          // Whole amounts and halves: every sum is exact, in any order.
          expect(moves).toEqual(expected)
          expect(ratios).toEqual(Retention.revenueRetention(expected))
        }
      ),
      { numRuns: 15 }
    )
  }, 120_000)
})
