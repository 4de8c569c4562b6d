import { BetaGeo, GammaGamma, MetricError, Rfm } from "@cxkit/metrics"
import { SqlRfm } from "@cxkit/metrics-sql"
import { Effect } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { cdnowTransactions } from "../../metrics/test/support/data.ts"
import { engines, insert, stopServers } from "./support/engines.ts"

afterAll(stopServers)

interface Tx {
  readonly customerId: string
  readonly timestamp: number
  readonly amount: number | null
}

const DAY = 86_400_000
const start = Date.parse("2024-01-01T00:00:00Z")
const tx: fc.Arbitrary<Tx> = fc.record({
  customerId: fc.constantFrom("a", "b", "c", "d", "e", "f", "o'q"),
  // Any time of day over ~100 days, so same-day purchases and day boundaries both occur.
  timestamp: fc.integer({ min: start, max: start + 100 * DAY - 1 }),
  amount: fc.option(fc.constantFrom(0, 1.5, 10, 19.99, 250), { nil: null })
})

const load = (rows: ReadonlyArray<Tx>) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient
    yield* sql.unsafe(
      `CREATE TABLE orders ("customerId" TEXT, "timestamp" TIMESTAMPTZ, "amount" DOUBLE PRECISION)`
    )
    yield* insert(
      "orders",
      ["customerId", "timestamp", "amount"],
      [undefined, "TIMESTAMPTZ", undefined],
      rows.map((r) => [r.customerId, new Date(r.timestamp).toISOString(), r.amount])
    )
  }).pipe(Effect.orDie)

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b))
const byId = (a: Rfm.Summary, b: Rfm.Summary) =>
  a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0
const flat = (s: Rfm.Summary) => [
  s.frequency,
  s.recency,
  s.T,
  s.monetaryValue,
  s.holdout?.frequency ?? -1,
  s.holdout?.monetaryValue ?? -1,
  s.holdout?.duration ?? -1
]
const patternKey = (p: Rfm.Pattern) => `${p.frequency}|${p.recency}|${p.T}`

for (const engine of engines) {
  describe(`SqlRfm on ${engine.name}`, () => {
    it("summaries, patterns and spend equal Rfm.fromTransactions / collapse (any period, with and without holdout)", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(tx, { maxLength: 80 }),
          fc.constantFrom("day", "week", "month") as fc.Arbitrary<"day" | "week" | "month">,
          fc.integer({ min: 0, max: 110 }),
          fc.option(fc.integer({ min: 0, max: 110 }), { nil: undefined }),
          async (rows, period, endOffset, calibrationOffset) => {
            const observationEnd = new Date(start + endOffset * DAY + 3_600_000)
            const calibrationEnd =
              calibrationOffset === undefined
                ? undefined
                : new Date(start + Math.min(calibrationOffset, endOffset) * DAY)
            const options = {
              observationEnd,
              period,
              ...(calibrationEnd === undefined ? {} : { calibrationEnd })
            }
            const db = await engine.fresh()
            const [summaries, patterns, spend] = await db
              .run(
                Effect.andThen(
                  load(rows),
                  Effect.all([SqlRfm.summaries(options), SqlRfm.patterns(options), SqlRfm.spend(options)])
                )
              )
              .finally(db.close)
            const expected = Rfm.fromTransactions(
              rows.map((r) => ({
                customerId: r.customerId,
                timestamp: r.timestamp,
                ...(r.amount === null ? {} : { amount: r.amount })
              })),
              options
            )
            expect(summaries.map((s) => s.customerId).sort()).toEqual(
              expected.map((s) => s.customerId).sort()
            )
            const sorted = [...expected].sort(byId)
            ;[...summaries].sort(byId).forEach((s, i) => {
              const a = flat(s)
              const b = flat(sorted[i] as Rfm.Summary)
              if (!a.every((x, k) => close(x, b[k] as number)))
                expect({ id: s.customerId, a }).toEqual({ id: s.customerId, a: b })
            })
            const collapsed = Rfm.collapse(expected)
            expect(new Map(patterns.map((p) => [patternKey(p), p.weight]))).toEqual(
              new Map(collapsed.map((p) => [patternKey(p), p.weight]))
            )
            const buyers = expected.filter((s) => s.frequency > 0)
            expect(spend.reduce((n, s) => n + s.weight, 0)).toBe(buyers.length)
          }
        ),
        { numRuns: engine.name === "postgres" ? 15 : 50 }
      )
    }, 120_000)

    it("CDNOW sample: the summaries of Rfm.fromTransactions, and BG/NBD and Gamma-Gamma fits from the pushed-down patterns equal the in-process fits", async () => {
      const transactions = cdnowTransactions()
      const options = { calibrationEnd: "1997-09-30", observationEnd: "1998-06-30", period: "week" } as const
      const db = await engine.fresh()
      const [patterns, spend, summaries] = await db
        .run(
          Effect.gen(function* () {
            const sql = yield* SqlClient
            yield* sql.unsafe(`CREATE TABLE cdnow (customer TEXT, day TIMESTAMPTZ, dollars DOUBLE PRECISION)`)
            yield* insert(
              "cdnow",
              ["customer", "day", "dollars"],
              [undefined, "TIMESTAMPTZ", undefined],
              transactions.map((t) => [t.customerId, `${t.timestamp}T00:00:00Z`, t.amount])
            )
            const source = {
              table: "cdnow",
              customer: "customer",
              timestamp: "day",
              amount: "dollars",
              ...options
            }
            return yield* Effect.all([
              SqlRfm.patterns(source),
              SqlRfm.spend(source),
              SqlRfm.summaries(source)
            ])
          })
        )
        .finally(db.close)
      const inProcess = Rfm.fromTransactions(transactions, options)
      expect(summaries).toHaveLength(2357)
      expect(summaries.reduce((n, s) => n + s.frequency, 0)).toBe(2457)
      expect(patterns.reduce((n, p) => n + p.weight, 0)).toBe(2357)
      // The fit from a few hundred weighted rows equals the fit from 2,357 customers (to the optimiser's tolerance).
      const sqlFit = BetaGeo.fit(patterns)
      const processFit = BetaGeo.fit(inProcess)
      for (const k of ["r", "alpha", "a", "b"] as const)
        expect(sqlFit.params[k]).toBeCloseTo(processFit.params[k], 8)
      expect(sqlFit.logLikelihood).toBeCloseTo(processFit.logLikelihood, 8)
      // And reproduces Fader, Hardie & Lee (2005): r 0.243, α 4.414, a 0.793, b 2.426 (to the printed 3 decimals).
      expect(sqlFit.params.r).toBeCloseTo(0.243, 3)
      expect(sqlFit.params.alpha).toBeCloseTo(4.414, 2)
      expect(sqlFit.params.a).toBeCloseTo(0.793, 3)
      expect(sqlFit.params.b).toBeCloseTo(2.426, 2)
      const spendFit = GammaGamma.fit(spend)
      const spendInProcess = GammaGamma.fit(inProcess.filter((s) => s.frequency > 0))
      for (const k of ["p", "q", "v"] as const)
        expect(spendFit.params[k]).toBeCloseTo(spendInProcess.params[k], 6)
    }, 120_000)

    it("refuses what Rfm.fromTransactions refuses, naming the column and the number of rows", async () => {
      const db = await engine.fresh()
      const errors = await db
        .run(
          Effect.gen(function* () {
            const sql = yield* SqlClient
            yield* sql.unsafe(
              `CREATE TABLE o ("customerId" TEXT, "timestamp" TIMESTAMPTZ, "amount" DOUBLE PRECISION)`
            )
            yield* sql.unsafe(
              `INSERT INTO o VALUES ('a', '2024-01-01', 1), (NULL, '2024-01-02', 1), ('', '2024-01-03', 1), ('b', NULL, 2)`
            )
            const options = { table: "o", observationEnd: "2024-02-01", period: "week" } as const
            return yield* Effect.all([
              Effect.flip(SqlRfm.summaries(options)),
              Effect.flip(SqlRfm.summaries({ ...options, period: "fortnight" as "week" })),
              Effect.flip(SqlRfm.patterns({ ...options, calibrationEnd: "2024-03-01" })),
              Effect.flip(SqlRfm.spend({ ...options, customer: "bad\u0007" }))
            ])
          })
        )
        .finally(db.close)
      expect(errors.map((e) => (e as MetricError.MetricError).message)).toEqual([
        "o.customerId: null is not a non-empty customer id (2 rows have none)",
        'options.period: "fortnight" is not one of day, week, month, quarter, year',
        'options.calibrationEnd: "2024-03-01" is not on or before options.observationEnd',
        'options.customer: "bad\\u0007" is not a column or table name: 1 to 128 characters, no control characters'
      ])
      expect(errors.every((e) => e instanceof MetricError.MetricError)).toBe(true)
    }, 60_000)
  })
}
