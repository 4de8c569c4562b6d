// The pushdowns in DuckDB (embedded, in this process) against the in-process functions on the
// same data in the same run. `pnpm bench` prints each group's comparison table. The in-process
// side gets its rows already in memory (the most favourable case for it: reading them out of
// the database first costs more, see examples/metrics-at-scale --check). BENCH_ROWS overrides
// the size (default 1,000,000 responses and transactions; 100,000 customers).
import { DuckDbClient } from "@cxkit/destination-duckdb"
import { Grouping, Nps, Rfm } from "@cxkit/metrics"
import { SqlDialect, SqlRfm, SqlSurvey, Warehouse } from "@cxkit/metrics-sql"
import { Effect, Layer, ManagedRuntime } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { afterAll, test } from "vitest"

const N = Number(process.env.BENCH_ROWS ?? 1_000_000)
const CUSTOMERS = Math.max(1, Math.floor(N / 10))
const runOptions = { iterations: 5, warmupIterations: 1, time: 0, warmupTime: 0 }
const timeout = 1_200_000

const runtime = ManagedRuntime.make(
  Warehouse.layer(SqlDialect.duckdb).pipe(
    Layer.provideMerge(DuckDbClient.layer({ filename: ":memory:" })),
    Layer.orDie
  )
)
afterAll(() => runtime.dispose())

interface Data {
  readonly responses: ReadonlyArray<{ readonly channel: string; readonly score: number }>
  readonly transactions: ReadonlyArray<{
    readonly customerId: string
    readonly timestamp: Date
    readonly amount: number
  }>
}
let data: Promise<Data> | undefined
const setup = (): Promise<Data> =>
  (data ??= runtime.runPromise(
    Effect.gen(function* () {
      const sql = yield* SqlClient
      yield* sql.unsafe(`CREATE TABLE feedback AS SELECT 'channel-' || (hash(i || 'c') % 20) AS channel,
        CAST(hash(i || 's') % 11 AS DOUBLE) AS score FROM range(${N}) t(i)`)
      yield* sql.unsafe(`CREATE TABLE orders AS SELECT 'c' || (hash(i || 'k') % ${CUSTOMERS}) AS "customerId",
        TIMESTAMPTZ '1997-01-01 00:00:00+00' + to_days(CAST(hash(i || 'd') % 546 AS INTEGER)) AS "timestamp",
        CAST(hash(i || 'a') % 100 AS DOUBLE) AS amount FROM range(${N}) t(i)`)
      const responses = yield* sql<{ channel: string; score: number }>`SELECT channel, score FROM feedback`
      const transactions = yield* sql<{
        customerId: string
        timestamp: Date
        amount: number
      }>`SELECT "customerId", "timestamp", amount FROM orders`
      return { responses, transactions }
    })
  ))

test(`NPS by 20 segments over ${N} responses`, { timeout }, async ({ bench }) => {
  const { responses } = await setup()
  await bench.compare(
    bench("in process: Grouping.bySegment over rows in memory", () => {
      void Grouping.bySegment(responses, {
        metric: Nps.metric(),
        value: (r) => r.score,
        segment: (r) => r.channel
      })
    }),
    bench("in DuckDB: SqlSurvey.nps", async () => {
      await runtime.runPromise(SqlSurvey.nps({ question: null, segments: ["channel"] }))
    }),
    runOptions
  )
})

const rfm = { observationEnd: "1998-06-30", calibrationEnd: "1997-09-30", period: "week" } as const
test(`RFM patterns from ${N} transactions of ${CUSTOMERS} customers`, { timeout }, async ({ bench }) => {
  const { transactions } = await setup()
  await bench.compare(
    bench("in process: Rfm.fromTransactions + collapse over rows in memory", () => {
      void Rfm.collapse(Rfm.fromTransactions(transactions, rfm))
    }),
    bench("in DuckDB: SqlRfm.patterns", async () => {
      await runtime.runPromise(SqlRfm.patterns(rfm))
    }),
    runOptions
  )
})
