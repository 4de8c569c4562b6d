/**
 * Churn series where the subscriptions live: each customer's subscriptions merged into spans of
 * activity with window functions (gaps and islands), joined to a calendar of periods, and counted
 * per period by one `GROUP BY`: customers at the start and end, new, reactivated, churned,
 * churned from the start and customer-days. `Churn.fromCounts` turns each period's counts into
 * the same `Churn.ChurnRate` that `Churn.series` computes in process.
 *
 * The subscriptions are a flat table, one row per subscription or plan period: a customer, a
 * start timestamp and an end timestamp (exclusive; NULL while open). The conventions are
 * `Churn`'s: half-open spans, a change belongs to the period containing its instant, back-to-back
 * or overlapping subscriptions of one customer are one span (a plan change is not churn), and a
 * subscription that ends where it starts is no activity.
 *
 * @module
 * @since 0.1.0
 */
import { Churn, type MetricError, Period } from "@cxkit/metrics"
import { Effect } from "effect"
import type { SqlError } from "effect/sql/SqlError"
import { asMetricError, invalid, windowFunctions } from "./internal/errors.ts"
import { toNumber } from "./internal/values.ts"
import { equalities, whereClause } from "./internal/where.ts"
import * as Q from "./SqlQuery.ts"
import { type Row, run, type Warehouse } from "./Warehouse.ts"

/**
 * Where the subscriptions are and which periods to count.
 *
 * - `table`: the subscriptions table; `customer`, `start` and `end` columns default to
 *   `"customerId"`, `"start"` and `"end"` (timestamps; `end` NULL while open).
 * - `from`, `to`, `granularity`: every UTC calendar period overlapping [from, to), whole, as
 *   `Churn.series` reports them.
 * - `denominator`: the churn rate's convention (`Churn.Denominator`), default `"start"`.
 * - `where`: equality filters, column → value (values are parameters), e.g. one plan or region.
 *
 * @example
 * ```ts
 * import type { SqlChurn } from "@cxkit/metrics-sql"
 *
 * const monthly: SqlChurn.Options = {
 *   table: "plan_periods",
 *   from: "2024-01-01T00:00:00Z",
 *   to: "2025-01-01T00:00:00Z",
 *   granularity: "month"
 * }
 * console.log(monthly.granularity) // "month"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly table: string | ReadonlyArray<string>
  readonly customer?: string | undefined
  readonly start?: string | undefined
  readonly end?: string | undefined
  readonly from: Period.Instant
  readonly to: Period.Instant
  readonly granularity: Period.Period
  readonly denominator?: Churn.Denominator | undefined
  readonly where?: Readonly<Record<string, string | number | boolean>> | undefined
}

const UNITS: ReadonlyArray<Period.Period> = ["day", "week", "month", "quarter", "year"]
const DENOMINATORS: ReadonlyArray<Churn.Denominator> = ["start", "average", "customer-days"]

// Later than any timestamp an engine stores: the end of a span that is still open.
const OPEN = Q.raw("1e18")

interface Calendar {
  readonly start: number
  readonly end: number
}

interface Plan {
  readonly label: string
  readonly periods: ReadonlyArray<Calendar>
  readonly checks: Q.Fragment
  readonly counts: Q.Fragment
}

const plan = (options: Options): Plan => {
  const from = Period.toEpochMillis(options.from, "options.from")
  const to = Period.toEpochMillis(options.to, "options.to")
  if (!(to > from)) invalid("options.to", options.to, `after options.from (${new Date(from).toISOString()})`)
  if (!UNITS.includes(options.granularity))
    invalid("options.granularity", options.granularity, `one of ${UNITS.join(", ")}`)
  if (options.denominator !== undefined && !DENOMINATORS.includes(options.denominator))
    invalid("options.denominator", options.denominator, `one of ${DENOMINATORS.join(", ")}`)
  const periods: Array<Calendar> = []
  for (let p = Period.index(from, options.granularity); p <= Period.index(to - 1, options.granularity); p++)
    periods.push({
      start: Period.start(p, options.granularity),
      end: Period.start(p + 1, options.granularity)
    })
  const label = typeof options.table === "string" ? options.table : options.table.join(".")
  const table = Q.table(options.table, "options.table")
  const customer = Q.ident(options.customer ?? "customerId", "options.customer")
  const start = Q.ident(options.start ?? "start", "options.start")
  const end = Q.ident(options.end ?? "end", "options.end")
  const filters = equalities(options.where)
  const double = (value: number) => Q.sql`CAST(${value} AS ${Q.doubleType})`
  const calendar = Q.sql`SELECT * FROM (VALUES ${Q.join(periods.map((p, i) => Q.sql`(${Q.raw(String(i))}, ${double(p.start)}, ${double(p.end)})`))}) AS p (_i, _ps, _pe)`
  // Spans of activity [_s, _e): a subscription that ends where it starts is none.
  const spans = Q.sql`SELECT ${customer} AS _c, ${Q.epochMillis(start)} AS _s, COALESCE(${Q.epochMillis(end)}, ${OPEN}) AS _e FROM ${table}${whereClause([...filters, Q.sql`(${end} IS NULL OR ${end} > ${start})`])}`
  // Gaps and islands: a span starting after every earlier span of its customer has ended (in
  // start order) begins a new island; touching spans are one.
  const order = Q.raw("PARTITION BY _c ORDER BY _s, _e")
  const reach = Q.sql`SELECT _c, _s, _e, MAX(_e) OVER (${order} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS _reach FROM (${spans}) x`
  const numbered = Q.sql`SELECT _c, _s, _e, SUM(CASE WHEN _reach IS NULL OR _s > _reach THEN 1 ELSE 0 END) OVER (${order} ROWS UNBOUNDED PRECEDING) AS _island FROM (${reach}) r`
  const islands = Q.sql`SELECT _c, _s, _e, MIN(_s) OVER (PARTITION BY _c) AS _first FROM (SELECT _c, MIN(_s) AS _s, MAX(_e) AS _e FROM (${numbered}) n GROUP BY _c, _island) i`
  // Per customer and period it touches: active just before the start and the end, a span starting
  // inside, and the milliseconds of activity within.
  const flag = (condition: string) => Q.raw(`MAX(CASE WHEN ${condition} THEN 1 ELSE 0 END)`)
  const perCustomer = Q.sql`SELECT w._c, p._i, MIN(p._ps) AS _ps, MIN(p._pe) AS _pe, MIN(w._first) AS _first, ${flag("w._s < p._ps AND p._ps <= w._e")} AS _a, ${flag("w._s < p._pe AND p._pe <= w._e")} AS _b, ${flag("w._s >= p._ps AND w._s < p._pe")} AS _in, SUM(CASE WHEN LEAST(w._e, p._pe) > GREATEST(w._s, p._ps) THEN LEAST(w._e, p._pe) - GREATEST(w._s, p._ps) ELSE 0 END) AS _ms FROM (${islands}) w JOIN (${calendar}) p ON w._s < p._pe AND w._e >= p._ps GROUP BY w._c, p._i`
  const count = (condition: string, alias: string) =>
    Q.sql`CAST(${Q.filtered("count", Q.raw("1"), Q.raw(condition))} AS ${Q.doubleType}) AS ${Q.raw(alias)}`
  const counts = Q.sql`SELECT _i, ${Q.join([
    count("_a = 1", "_at_start"),
    count("_b = 1", "_at_end"),
    count("_first >= _ps AND _first < _pe", "_new"),
    count("_first < _ps AND _a = 0 AND _in = 1", "_reactivated"),
    count("(_a = 1 OR _in = 1) AND _b = 0", "_churned"),
    count("_a = 1 AND _b = 0", "_churned_from_start")
  ])}, CAST(SUM(_ms) AS ${Q.doubleType}) AS _ms FROM (${perCustomer}) c GROUP BY _i ORDER BY _i`
  // What Churn.series would refuse: a subscription without a customer or a start, or ending before it starts.
  const problem = (condition: Q.Fragment, alias: string) =>
    Q.sql`CAST(${Q.filtered("count", Q.raw("1"), condition)} AS ${Q.doubleType}) AS ${Q.raw(alias)}`
  const checks = Q.sql`SELECT ${Q.join([
    problem(Q.sql`${customer} IS NULL OR ${customer} = ''`, "_no_customer"),
    problem(Q.sql`${start} IS NULL`, "_no_start"),
    problem(Q.sql`${end} < ${start}`, "_backwards")
  ])} FROM ${table}${whereClause(filters)}`
  return { label, periods, checks, counts }
}

const validate = (p: Plan, options: Options, row: Row): void => {
  const count = (key: string) => toNumber(row[key] ?? 0, `${p.label}: COUNT(*)`)
  if (count("_no_customer") > 0)
    invalid(
      `${p.label}.${options.customer ?? "customerId"}`,
      null,
      `a non-empty customer id (${count("_no_customer")} rows have none)`
    )
  if (count("_no_start") > 0)
    invalid(`${p.label}.${options.start ?? "start"}`, null, `a start (${count("_no_start")} rows have none)`)
  if (count("_backwards") > 0)
    invalid(
      `${p.label}.${options.end ?? "end"}`,
      null,
      `at or after its start (${count("_backwards")} rows end before they start)`
    )
}

const assemble = (p: Plan, denominator: Churn.Denominator | undefined, rows: ReadonlyArray<Row>) => {
  const n = (v: unknown, column: string) => toNumber(v, `${p.label}: ${column}`)
  const byPeriod = new Map(rows.map((row) => [n(row._i, "period"), row]))
  return p.periods.map((period, i) => {
    const row = byPeriod.get(i)
    return Churn.fromCounts({
      start: period.start,
      end: period.end,
      denominator,
      customersAtStart: row === undefined ? 0 : n(row._at_start, "customers at start"),
      customersAtEnd: row === undefined ? 0 : n(row._at_end, "customers at end"),
      new: row === undefined ? 0 : n(row._new, "new"),
      reactivated: row === undefined ? 0 : n(row._reactivated, "reactivated"),
      churned: row === undefined ? 0 : n(row._churned, "churned"),
      churnedFromStart: row === undefined ? 0 : n(row._churned_from_start, "churned from start"),
      customerDays: row === undefined ? 0 : n(row._ms, "milliseconds active") / 86_400_000
    })
  })
}

/**
 * The churn of every period overlapping [from, to), counted in the database: equal to
 * `Churn.series` of the subscription rows (counts exactly; customer-days exactly for timestamps
 * in whole milliseconds), so the rates, charts and reports take it unchanged.
 *
 * Needs window functions (DuckDB, PostgreSQL); fails with `MetricError` on an engine without
 * them, for a bad option, or for rows `Churn.series` would refuse (a missing customer id or start,
 * an end before the start), naming the column and how many rows.
 *
 * @example
 * ```ts
 * import { DuckDbClient } from "@cxkit/destination-duckdb"
 * import { SqlChurn, SqlDialect, Warehouse } from "@cxkit/metrics-sql"
 * import { Effect, Layer } from "effect"
 * import { SqlClient } from "effect/sql/SqlClient"
 *
 * const program = Effect.gen(function* () {
 *   const sql = yield* SqlClient
 *   yield* sql`CREATE TABLE plan_periods ("customerId" TEXT, start TIMESTAMPTZ, "end" TIMESTAMPTZ)`
 *   yield* sql`INSERT INTO plan_periods VALUES ('a', '2023-11-01', '2024-02-10'), ('b', '2023-12-01', NULL),
 *     ('c', '2024-01-15', '2024-03-01'), ('c', '2024-03-01', NULL), ('d', '2024-02-20', '2024-03-05')`
 *   return yield* SqlChurn.series({
 *     table: "plan_periods",
 *     from: "2024-01-01T00:00:00Z",
 *     to: "2024-04-01T00:00:00Z",
 *     granularity: "month"
 *   })
 * })
 * const live = Warehouse.layer(SqlDialect.duckdb).pipe(Layer.provideMerge(DuckDbClient.layer({ filename: ":memory:" })))
 * const months = await Effect.runPromise(program.pipe(Effect.provide(live)))
 * console.log(months.map((m) => [m.customersAtStart, m.new, m.churned])) // [[2, 1, 0], [3, 1, 1], [3, 0, 1]]
 * console.log(months[1]?.rate) // 0.3333333333333333
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const series = (
  options: Options
): Effect.Effect<ReadonlyArray<Churn.ChurnRate>, MetricError.MetricError | SqlError, Warehouse> =>
  Effect.gen(function* () {
    yield* windowFunctions("MAX and SUM OVER a window")
    const p = yield* Effect.try({ try: () => plan(options), catch: asMetricError })
    const [checks] = yield* run(p.checks)
    yield* Effect.try({ try: () => validate(p, options, checks ?? {}), catch: asMetricError })
    const rows = yield* run(p.counts)
    return yield* Effect.try({ try: () => assemble(p, options.denominator, rows), catch: asMetricError })
  })

/**
 * The per-period counting query, as a fragment to compile or print (`SqlQuery.compile`,
 * `SqlQuery.toSql`).
 *
 * @example
 * ```ts
 * import { SqlChurn, SqlDialect, SqlQuery } from "@cxkit/metrics-sql"
 *
 * const q = SqlChurn.query({ table: "plan_periods", from: "2024-01-01", to: "2024-03-01", granularity: "month" })
 * console.log(SqlQuery.compile(q, SqlDialect.postgres).params) // [1704067200000, 1706745600000, 1706745600000, 1709251200000]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const query = (options: Options): Q.Fragment => plan(options).counts
