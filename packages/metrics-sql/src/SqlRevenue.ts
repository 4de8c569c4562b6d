/**
 * Revenue movements and revenue retention where the recurring revenue lives: each customer's
 * revenue per UTC period summed by one `GROUP BY`, paired with the same customer's revenue in the
 * period before (each row counted once as "this period" and once as "the next period's previous",
 * then summed per customer and period: no window functions, no inequality joins), classified into
 * new, reactivation, expansion, contraction and churn, and summed per period. The result is the
 * `Retention.RevenueMovement` list that `Retention.movements` computes in process from rows
 * `{ customerId, period: Period.index(timestamp, unit), revenue }`, and `retention` finishes it
 * with `Retention.revenueRetention` (GRR, NRR).
 *
 * The table holds recurring revenue (MRR, ARR…) per customer and period: one row per customer and
 * period, or several that add up (several subscriptions); a timestamp or date inside the period
 * places each row. A view over a billing table's monthly snapshots does.
 *
 * @module
 * @since 0.2.0
 */
import { type MetricError, type Period, Retention } from "@cxkit/metrics"
import { Effect } from "effect"
import type { SqlError } from "effect/sql/SqlError"
import { asMetricError, invalid } from "./internal/errors.ts"
import { toNumber } from "./internal/values.ts"
import { equalities, whereClause } from "./internal/where.ts"
import * as Q from "./SqlQuery.ts"
import { type Row, run, type Warehouse } from "./Warehouse.ts"

/**
 * Where the recurring revenue is and how to period it.
 *
 * - `table`: the revenue table; `customer`, `timestamp` and `revenue` columns default to
 *   `"customerId"`, `"timestamp"` and `"revenue"` (a finite amount ≥ 0 on every row).
 * - `unit`: the UTC calendar period (`Period.index`'s): day, week, month, quarter or year.
 * - `where`: equality filters, column → value (values are parameters), e.g. one plan or region.
 *
 * @example
 * ```ts
 * import type { SqlRevenue } from "@cxkit/metrics-sql"
 *
 * const monthly: SqlRevenue.Options = { table: "mrr", revenue: "mrr", unit: "month" }
 * console.log(monthly.unit) // "month"
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface Options {
  readonly table: string | ReadonlyArray<string>
  readonly unit: Period.Period
  readonly customer?: string | undefined
  readonly timestamp?: string | undefined
  readonly revenue?: string | undefined
  readonly where?: Readonly<Record<string, string | number | boolean>> | undefined
}

const UNITS: ReadonlyArray<Period.Period> = ["day", "week", "month", "quarter", "year"]

interface Plan {
  readonly label: string
  readonly checks: Q.Fragment
  readonly movements: Q.Fragment
}

const plan = (options: Options): Plan => {
  if (options === null || typeof options !== "object") invalid("options", options, "an options object")
  if (!UNITS.includes(options.unit)) invalid("options.unit", options.unit, `one of ${UNITS.join(", ")}`)
  if (options.table === undefined) invalid("options.table", options.table, "a table name")
  const label = typeof options.table === "string" ? options.table : options.table.join(".")
  const table = Q.table(options.table, "options.table")
  const customer = Q.ident(options.customer ?? "customerId", "options.customer")
  const timestamp = Q.ident(options.timestamp ?? "timestamp", "options.timestamp")
  const revenue = Q.ident(options.revenue ?? "revenue", "options.revenue")
  const filters = equalities(options.where)
  const period = Q.periodIndex(options.unit, timestamp)
  const double = Q.doubleType
  // One row per customer and period: the revenue of its rows added up (Retention.movements adds
  // several rows of one customer and period the same way).
  const perPeriod = Q.sql`SELECT ${customer} AS _c, ${period} AS _p, SUM(CAST(${revenue} AS ${double})) AS _r FROM ${table}${whereClause(filters)} GROUP BY ${customer}, ${period}`
  // Each (customer, period) twice: as the current revenue of its period and as the previous
  // revenue of the next one; summed per (customer, period), every pair (previous, current) is
  // there, a missing period counting 0, as Retention.movements fills gaps with zero revenue.
  const shift = Q.raw("(SELECT 0 AS _shift UNION ALL SELECT 1 AS _shift)")
  const doubled = Q.sql`SELECT _c, _p + _shift AS _p, CASE WHEN _shift = 0 THEN _r ELSE 0 END AS _cur, CASE WHEN _shift = 1 THEN _r ELSE 0 END AS _prev, CASE WHEN _shift = 0 THEN 1 ELSE 0 END AS _row FROM (${perPeriod}) r CROSS JOIN ${shift} s`
  const pairs = Q.sql`SELECT _c, _p, SUM(_cur) AS _cur, SUM(_prev) AS _prev, SUM(_row) AS _rows FROM (${doubled}) d GROUP BY _c, _p`
  // The first period with positive revenue: new business before it, reactivation after.
  const firsts = Q.sql`SELECT _c AS _fc, ${Q.filtered("min", Q.raw("_p"), Q.raw("_r > 0"))} AS _fp FROM (${perPeriod}) r GROUP BY _c`
  const amount = (condition: string, value: string, alias: string) =>
    Q.sql`CAST(SUM(CASE WHEN ${Q.raw(condition)} THEN ${Q.raw(value)} ELSE 0 END) AS ${double}) AS ${Q.raw(alias)}`
  // Retention.movements' classification, per customer and period.
  const movements = Q.sql`SELECT x._p AS _p, CAST(SUM(x._rows) AS ${double}) AS _rows, CAST(SUM(x._prev) AS ${double}) AS _starting, ${Q.join(
    [
      amount("x._prev = 0 AND x._cur > 0 AND x._p = f._fp", "x._cur", "_new"),
      amount("x._prev = 0 AND x._cur > 0 AND x._p > f._fp", "x._cur", "_reactivation"),
      amount("x._prev > 0 AND x._cur > x._prev", "x._cur - x._prev", "_expansion"),
      amount("x._prev > 0 AND x._cur > 0 AND x._cur < x._prev", "x._prev - x._cur", "_contraction"),
      amount("x._prev > 0 AND x._cur = 0", "x._prev", "_churn")
    ]
  )} FROM (${pairs}) x JOIN (${firsts}) f ON x._c = f._fc GROUP BY x._p ORDER BY _p`
  // What Retention.movements would refuse: no customer id, no timestamp (no period), a revenue
  // that is NULL, negative, NaN or infinite.
  const problem = (condition: Q.Fragment, alias: string) =>
    Q.sql`CAST(${Q.filtered("count", Q.raw("1"), condition)} AS ${double}) AS ${Q.raw(alias)}`
  const checks = Q.sql`SELECT ${Q.join([
    problem(Q.sql`${customer} IS NULL OR ${customer} = ''`, "_no_customer"),
    problem(Q.sql`${timestamp} IS NULL`, "_no_timestamp"),
    problem(
      Q.sql`${revenue} IS NULL OR NOT (${revenue} BETWEEN 0 AND 1.7976931348623157e308)`,
      "_bad_revenue"
    )
  ])} FROM ${table}${whereClause(filters)}`
  return { label, checks, movements }
}

const validate = (p: Plan, options: Options, row: Row): void => {
  const count = (key: string) => toNumber(row[key] ?? 0, `${p.label}: COUNT(*)`)
  if (count("_no_customer") > 0)
    invalid(
      `${p.label}.${options.customer ?? "customerId"}`,
      null,
      `a non-empty customer id (${count("_no_customer")} rows have none)`
    )
  if (count("_no_timestamp") > 0)
    invalid(
      `${p.label}.${options.timestamp ?? "timestamp"}`,
      null,
      `a timestamp (${count("_no_timestamp")} rows have none)`
    )
  if (count("_bad_revenue") > 0)
    invalid(
      `${p.label}.${options.revenue ?? "revenue"}`,
      null,
      `a finite revenue ≥ 0 (${count("_bad_revenue")} rows are NULL, negative or not finite)`
    )
}

const assemble = (p: Plan, rows: ReadonlyArray<Row>): ReadonlyArray<Retention.RevenueMovement> => {
  const n = (v: unknown, column: string) => (v === null ? 0 : toNumber(v, `${p.label}: ${column}`))
  const byPeriod = new Map<number, Row>()
  let first = Number.POSITIVE_INFINITY
  let last = Number.NEGATIVE_INFINITY
  for (const row of rows) {
    const period = n(row._p, "period")
    byPeriod.set(period, row)
    // Periods with rows of their own bound the range; the shifted copies reach one past the last.
    if (n(row._rows, "rows") > 0) {
      first = Math.min(first, period)
      last = Math.max(last, period)
    }
  }
  const out: Array<Retention.RevenueMovement> = []
  for (let period = first; period <= last; period++) {
    const row = byPeriod.get(period)
    const v = (key: string) => (row === undefined ? 0 : n(row[key], key.slice(1)))
    out.push({
      period,
      starting: v("_starting"),
      new: v("_new"),
      reactivation: v("_reactivation"),
      expansion: v("_expansion"),
      contraction: v("_contraction"),
      churn: v("_churn")
    })
  }
  return out
}

/**
 * The recurring-revenue movements of every period from the first to the last with a row, counted
 * in the database: equal to `Retention.movements` of the rows `{ customerId, period:
 * Period.index(timestamp, unit), revenue }` (periods exactly; amounts to the rounding of
 * floating-point sums taken in another order, none for whole amounts). Periods without any row between the first and the last are there, all zero.
 *
 * Runs on DuckDB, PostgreSQL and ClickHouse 18 (one `GROUP BY` per level, one equality join).
 * Fails with `MetricError` for a bad option, or rows `Retention.movements` would refuse (a missing
 * customer id or timestamp, a NULL, negative or non-finite revenue), naming the column and how
 * many rows.
 *
 * @example
 * ```ts
 * import { DuckDbClient } from "@cxkit/destination-duckdb"
 * import { Period } from "@cxkit/metrics"
 * import { SqlDialect, SqlRevenue, Warehouse } from "@cxkit/metrics-sql"
 * import { Effect, Layer } from "effect"
 * import { SqlClient } from "effect/sql/SqlClient"
 *
 * const program = Effect.gen(function* () {
 *   const sql = yield* SqlClient
 *   yield* sql`CREATE TABLE mrr ("customerId" TEXT, "timestamp" DATE, revenue DOUBLE)`
 *   yield* sql`INSERT INTO mrr VALUES ('a', '2024-01-01', 100), ('b', '2024-01-01', 50), ('a', '2024-02-01', 120),
 *     ('b', '2024-03-01', 40), ('c', '2024-03-01', 30)`
 *   return yield* SqlRevenue.movements({ table: "mrr", unit: "month" })
 * })
 * const live = Warehouse.layer(SqlDialect.duckdb).pipe(Layer.provideMerge(DuckDbClient.layer({ filename: ":memory:" })))
 * const months = await Effect.runPromise(program.pipe(Effect.provide(live)))
 * console.log(months.map((m) => Period.label(m.period, "month"))) // ["2024-01", "2024-02", "2024-03"]
 * console.log(months[1]) // { period: 649, starting: 150, new: 0, reactivation: 0, expansion: 20, contraction: 0, churn: 50 }
 * console.log(months[2]) // { period: 650, starting: 120, new: 30, reactivation: 40, expansion: 0, contraction: 0, churn: 120 }
 * ```
 *
 * @since 0.2.0
 * @category metrics
 */
export const movements = (
  options: Options
): Effect.Effect<ReadonlyArray<Retention.RevenueMovement>, MetricError.MetricError | SqlError, Warehouse> =>
  Effect.gen(function* () {
    const p = yield* Effect.try({ try: () => plan(options), catch: asMetricError })
    const [checks] = yield* run(p.checks)
    yield* Effect.try({ try: () => validate(p, options, checks ?? {}), catch: asMetricError })
    const rows = yield* run(p.movements)
    return yield* Effect.try({ try: () => assemble(p, rows), catch: asMetricError })
  })

/**
 * Gross and net revenue churn and retention (GRR, NRR) per period, from the movements counted in
 * the database: `Retention.revenueRetention` of {@link movements}, so equal to it on the same
 * rows. `reactivation` is `Retention.Reactivation` (`"new"` by default: reactivated revenue is
 * left out of NRR).
 *
 * @example
 * ```ts
 * import { DuckDbClient } from "@cxkit/destination-duckdb"
 * import { SqlDialect, SqlRevenue, Warehouse } from "@cxkit/metrics-sql"
 * import { Effect, Layer } from "effect"
 * import { SqlClient } from "effect/sql/SqlClient"
 *
 * const program = Effect.gen(function* () {
 *   const sql = yield* SqlClient
 *   yield* sql`CREATE TABLE mrr (account TEXT, month DATE, mrr DOUBLE)`
 *   yield* sql`INSERT INTO mrr VALUES ('a', '2024-01-01', 100), ('b', '2024-01-01', 100), ('a', '2024-02-01', 150),
 *     ('b', '2024-02-01', 80)`
 *   return yield* SqlRevenue.retention({ table: "mrr", customer: "account", timestamp: "month", revenue: "mrr", unit: "month" })
 * })
 * const live = Warehouse.layer(SqlDialect.duckdb).pipe(Layer.provideMerge(DuckDbClient.layer({ filename: ":memory:" })))
 * const [, february] = await Effect.runPromise(program.pipe(Effect.provide(live)))
 * console.log(february?.grossRevenueRetention, february?.netRevenueRetention) // 0.9 1.15
 * ```
 *
 * @since 0.2.0
 * @category metrics
 */
export const retention = (
  options: Options & { readonly reactivation?: Retention.Reactivation | undefined }
): Effect.Effect<ReadonlyArray<Retention.RevenueRetention>, MetricError.MetricError | SqlError, Warehouse> =>
  Effect.gen(function* () {
    const moves = yield* movements(options)
    return yield* Effect.try({
      try: () => Retention.revenueRetention(moves, { reactivation: options.reactivation }),
      catch: asMetricError
    })
  })

/**
 * The per-period movements query, as a fragment to compile or print (`SqlQuery.compile`,
 * `SqlQuery.toSql`).
 *
 * @example
 * ```ts
 * import { SqlDialect, SqlQuery, SqlRevenue } from "@cxkit/metrics-sql"
 *
 * const sql = SqlQuery.toSql(SqlRevenue.query({ table: "mrr", unit: "month" }), SqlDialect.postgres)
 * console.log(sql.startsWith("SELECT x._p AS _p, CAST(SUM(x._rows) AS DOUBLE PRECISION) AS _rows")) // true
 * ```
 *
 * @since 0.2.0
 * @category combinators
 */
export const query = (options: Options): Q.Fragment => plan(options).movements
