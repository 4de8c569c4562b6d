// Metrics where the data lives: generates a feedback table, an orders table and a subscriptions
// table of any size in a DuckDB file (by SQL, deterministic), then computes NPS by channel and
// month, a BG/NBD fit from RFM patterns and a monthly churn series *in the database*: only a few
// hundred rows of counts ever reach Node, so the
// process's memory stays flat whatever the table size. `--check` also reads every row out and
// computes the same numbers in process, and says whether they are equal.
//
//   node examples/metrics-at-scale/main.ts [--responses 10000000] [--customers 1000000]
//     [--warehouse FILE] [--memory-limit 200MB] [--check]
//
// With a warehouse file that already holds tables of the asked sizes, generation is skipped, so a
// second run measures the queries alone. `--memory-limit` caps DuckDB's buffer pool (it runs in
// this process, so its memory is this process's).
import { parseArgs } from "node:util"
import { DuckDbClient } from "@cxkit/destination-duckdb"
import { BetaGeo, Churn, Grouping, Nps, Rfm } from "@cxkit/metrics"
import { SqlChurn, SqlDialect, SqlQuery, SqlRfm, SqlSurvey, Warehouse } from "@cxkit/metrics-sql"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql/SqlClient"

const { values } = parseArgs({
  options: {
    responses: { type: "string", default: "1000000" },
    customers: { type: "string", default: "100000" },
    warehouse: { type: "string", default: ":memory:" },
    "memory-limit": { type: "string" },
    check: { type: "boolean", default: false }
  }
})
const responses = Number(values.responses)
const customers = Number(values.customers)
const seconds = (t0: number) => ((performance.now() - t0) / 1000).toFixed(2)

const program = Effect.gen(function* () {
  const sql = yield* SqlClient
  // Deterministic "random" columns from hashes of the row number: 20 channels, NPS answers skewed
  // towards the top, a year of timestamps.
  let t0 = performance.now()
  // A warehouse file generated before with the same sizes is reused (see the header).
  yield* sql.unsafe(`CREATE TABLE IF NOT EXISTS example_sizes (responses BIGINT, customers BIGINT)`)
  const sizes = yield* sql<{ responses: number; customers: number }>`SELECT * FROM example_sizes`
  if (Number(sizes[0]?.responses) === responses && Number(sizes[0]?.customers) === customers) {
    console.log(
      `reusing the ${responses} responses and the orders of ${customers} customers in ${values.warehouse}`
    )
  } else {
    yield* sql.unsafe(`CREATE OR REPLACE TABLE feedback AS
    SELECT 'r' || i AS id, 'c' || (hash(i || '-customer') % ${customers}) AS "customerId",
      TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(CAST(hash(i || '-time') % 31622400 AS BIGINT)) AS "timestamp",
      '{"metric":"nps"}'::JSON AS question,
      CAST(CASE WHEN hash(i || '-group') % 10 < 5 THEN 9 + hash(i || '-score') % 2
        WHEN hash(i || '-group') % 10 < 8 THEN 7 + hash(i || '-score') % 2
        ELSE hash(i || '-score') % 7 END AS DOUBLE) AS score,
      'channel-' || lpad(CAST(hash(i || '-channel') % 20 AS VARCHAR), 2, '0') AS channel
    FROM range(${responses}) t(i)`)
    // Orders as the BG/NBD story tells it: customer k arrives in the first 12 weeks of 1997, buys
    // every `gap` days (2 to 41, its own rate) and, after each purchase, drops out with its own
    // probability (2% to 20%), so it makes a geometric number of purchases (at most 60).
    yield* sql.unsafe(`CREATE OR REPLACE TABLE orders AS
    WITH buyers AS (
      SELECT k, hash(k || '-birth') % 84 AS birth, 2 + hash(k || '-gap') % 40 AS gap,
        LEAST(60, 1 + CAST(floor(ln((1 + hash(k || '-u') % 1000000) / 1000001.0)
          / ln(1 - (0.02 + (hash(k || '-p') % 1000) / 1000.0 * 0.18))) AS BIGINT)) AS purchases
      FROM range(${customers}) c(k)
    )
    SELECT 'o' || k || '-' || j AS id, 'c' || k AS "customerId",
      TIMESTAMPTZ '1997-01-01 00:00:00+00' + to_days(CAST(birth + j * gap + hash(k || '-' || j) % gap AS INTEGER)) AS "timestamp",
      CAST(5 + hash(k || '-' || j || '-amount') % 200 AS DOUBLE) AS amount
    FROM buyers, range(60) p(j) WHERE j < purchases`)
    // Subscriptions of the same customers: from their arrival until a gap after their last
    // purchase (open for those who made all 60), every third customer changing plan halfway
    // (two back-to-back rows, which is not churn).
    yield* sql.unsafe(`CREATE OR REPLACE TABLE subscriptions AS
    WITH buyers AS (
      SELECT k, hash(k || '-birth') % 84 AS birth, 2 + hash(k || '-gap') % 40 AS gap,
        LEAST(60, 1 + CAST(floor(ln((1 + hash(k || '-u') % 1000000) / 1000001.0)
          / ln(1 - (0.02 + (hash(k || '-p') % 1000) / 1000.0 * 0.18))) AS BIGINT)) AS purchases
      FROM range(${customers}) c(k)
    ), spans AS (
      SELECT k, TIMESTAMPTZ '1997-01-01 00:00:00+00' + to_days(CAST(birth AS INTEGER)) AS began,
        CASE WHEN purchases < 60 THEN TIMESTAMPTZ '1997-01-01 00:00:00+00' + to_days(CAST(birth + purchases * gap AS INTEGER)) END AS ended,
        TIMESTAMPTZ '1997-01-01 00:00:00+00' + to_days(CAST(birth + purchases * gap // 2 AS INTEGER)) AS halfway
      FROM buyers
    )
    SELECT 'c' || k AS "customerId", began AS start, ended AS "end" FROM spans WHERE k % 3 <> 0
    UNION ALL SELECT 'c' || k, began, halfway FROM spans WHERE k % 3 = 0
    UNION ALL SELECT 'c' || k, halfway, ended FROM spans WHERE k % 3 = 0`)
    yield* sql.unsafe(`DELETE FROM example_sizes`)
    yield* sql`INSERT INTO example_sizes VALUES (${responses}, ${customers})`
    const [orders] = yield* sql<{ n: number }>`SELECT count(*) AS n FROM orders`
    console.log(
      `generated ${responses} responses and ${Number(orders?.n)} orders of ${customers} customers in ${seconds(t0)} s`
    )
  }

  // NPS by channel and month, counted in DuckDB.
  t0 = performance.now()
  const npsSource: SqlSurvey.Source = { segments: ["channel"], window: { unit: "month", timeZone: "UTC" } }
  const nps = yield* SqlSurvey.nps(npsSource)
  const byChannel = new Map<string, Nps.Nps>()
  for (const g of nps.groups) {
    const channel = String(g.segment.channel)
    byChannel.set(channel, Nps.combine(byChannel.get(channel) ?? Nps.empty, g.summary))
  }
  console.log(`NPS by channel and month in the database: ${nps.groups.length} groups in ${seconds(t0)} s`)
  for (const [channel, s] of [...byChannel].slice(0, 3)) {
    const ci = Nps.interval(s)
    console.log(
      `  ${channel}  NPS ${Nps.score(s)?.toFixed(2)}  95% CI [${ci?.lower.toFixed(2)}, ${ci?.upper.toFixed(2)}]  n=${Nps.total(s)}`
    )
  }

  // RFM patterns and a BG/NBD fit: the database collapses a million customers to distinct patterns.
  const rfm = { observationEnd: "1998-06-30", calibrationEnd: "1997-09-30", period: "week" } as const
  t0 = performance.now()
  const patterns = yield* SqlRfm.patterns(rfm)
  const inDatabase = seconds(t0)
  // Customers whose first purchase is on the last calibration day have T = 0: no time to observe
  // them, and the likelihood needs T > 0, so they are left out of the fit (and counted).
  const observable = patterns.filter((p) => p.T > 0)
  const fit = BetaGeo.fit(observable)
  const count = (list: ReadonlyArray<Rfm.Pattern>) => list.reduce((n, p) => n + p.weight, 0)
  console.log(
    `RFM in the database and BG/NBD fit: ${count(patterns)} customers in ${patterns.length} patterns (${count(patterns) - count(observable)} with T = 0 left out), ${inDatabase} s in the database, ${seconds(t0)} s with the fit`
  )
  console.log(
    `  r ${fit.params.r.toFixed(4)}  alpha ${fit.params.alpha.toFixed(4)}  a ${fit.params.a.toFixed(4)}  b ${fit.params.b.toFixed(4)}`
  )
  // Monthly churn from the subscriptions: spans merged per customer and counted per month in DuckDB.
  const months = {
    table: "subscriptions",
    from: "1997-01-01",
    to: "1998-07-01",
    granularity: "month"
  } as const
  t0 = performance.now()
  const churn = yield* SqlChurn.series(months)
  console.log(`monthly churn in the database: ${churn.length} months in ${seconds(t0)} s`)
  for (const m of churn.slice(5, 8))
    console.log(
      `  ${new Date(m.start).toISOString().slice(0, 7)}  at start ${m.customersAtStart}  new ${m.new}  churned ${m.churned}  rate ${m.rate?.toFixed(4)}`
    )
  console.log(`peak RSS of this process: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`)

  const { dialect } = yield* Warehouse.Warehouse
  console.log("the SQL of the NPS query, to review or run by hand:")
  console.log(`  ${SqlQuery.toSql(SqlSurvey.query("nps", npsSource), dialect)}`)

  if (values.check) {
    // The same numbers in process, from every row read out of the database.
    t0 = performance.now()
    const rows = yield* sql<{
      channel: string
      score: number
      timestamp: Date
    }>`SELECT channel, score, "timestamp" FROM feedback`
    const inProcess = Grouping.summarize(rows, {
      metric: Nps.metric(),
      value: (r) => r.score,
      segment: (r) => r.channel,
      window: { at: (r) => r.timestamp, unit: "month", timeZone: "UTC" }
    })
    const key = (segment: string | undefined, start: string | undefined) => `${segment}|${start}`
    const expected = new Map(inProcess.map((g) => [key(g.segment, g.window?.start), g.summary]))
    const same =
      expected.size === nps.groups.length &&
      nps.groups.every(
        (g) =>
          JSON.stringify(expected.get(key(String(g.segment.channel), g.window?.start))) ===
          JSON.stringify(g.summary)
      )
    const orders = yield* sql<{
      customerId: string
      timestamp: Date
      amount: number
    }>`SELECT "customerId", "timestamp", amount FROM orders`
    const collapsed = Rfm.collapse(Rfm.fromTransactions(orders, rfm))
    const patternKey = (p: Rfm.Pattern) => `${p.frequency}|${p.recency}|${p.T}|${p.weight}`
    const samePatterns =
      collapsed.length === patterns.length &&
      new Set(collapsed.map(patternKey)).size === new Set([...collapsed, ...patterns].map(patternKey)).size
    const subscriptions = yield* sql<{
      customerId: string
      start: Date
      end: Date | null
    }>`SELECT "customerId", start, "end" FROM subscriptions`
    const sameChurn = JSON.stringify(Churn.series(subscriptions, months)) === JSON.stringify(churn)
    console.log(
      `in process from every row (${seconds(t0)} s): NPS groups ${same ? "equal" : "DIFFERENT"}, RFM patterns ${samePatterns ? "equal" : "DIFFERENT"}, churn series ${sameChurn ? "equal" : "DIFFERENT"}`
    )
  }
})

const live = Warehouse.layer(SqlDialect.duckdb).pipe(
  Layer.provideMerge(
    DuckDbClient.layer({
      filename: values.warehouse,
      ...(values["memory-limit"] === undefined ? {} : { config: { memory_limit: values["memory-limit"] } })
    })
  )
)
await Effect.runPromise(program.pipe(Effect.provide(live)))
