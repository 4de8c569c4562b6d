/**
 * Cohort retention tables where the activity lives: customers' periods, acquisition cohorts and
 * retained counts and revenue per (cohort, period) counted by two `GROUP BY`s, then assembled into
 * the same `Cohort.Table` that `Cohort.table` builds in process from activity rows (`{ customerId,
 * period: Period.index(timestamp, unit), revenue, active }`).
 *
 * By default the activity is the CX model's `orders` table: a customer is active in every UTC
 * period with an order, with the period's amounts as revenue.
 *
 * @module
 * @since 0.1.0
 */
import type { Cohort, MetricError, Period } from "@cxkit/metrics"
import { Effect } from "effect"
import type { SqlError } from "effect/sql/SqlError"
import { asMetricError, invalid } from "./internal/errors.ts"
import { toNumber } from "./internal/values.ts"
import { equalities, whereClause } from "./internal/where.ts"
import * as Q from "./SqlQuery.ts"
import { type Row, run, type Warehouse } from "./Warehouse.ts"

/**
 * Where the activity is and how to period it.
 *
 * - `table`: default `"orders"`; `customer` and `timestamp` columns default to `"customerId"` and
 *   `"timestamp"`.
 * - `unit`: the UTC calendar period (`Period.index`'s).
 * - `revenue`: a column of revenue (≥ 0; NULL counts 0), default `"amount"`; `null` for none.
 * - `active`: a boolean column; a row with `false` places the customer in its cohort without
 *   counting it as retained (as `Cohort.ActivityRow.active`); default: every row is active.
 * - `mode`: `"on"` (default) or `"on-or-after"`, as `Cohort.table`'s.
 * - `where`: equality filters, column → value (values are parameters).
 *
 * @example
 * ```ts
 * import type { SqlCohort } from "@cxkit/metrics-sql"
 *
 * const monthly: SqlCohort.Options = { unit: "month", mode: "on-or-after" }
 * console.log(monthly.unit) // "month"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly unit: Period.Period
  readonly table?: string | ReadonlyArray<string> | undefined
  readonly customer?: string | undefined
  readonly timestamp?: string | undefined
  readonly revenue?: string | null | undefined
  readonly active?: string | undefined
  readonly mode?: Cohort.Mode | undefined
  readonly where?: Readonly<Record<string, string | number | boolean>> | undefined
}

const UNITS: ReadonlyArray<Period.Period> = ["day", "week", "month", "quarter", "year"]

interface Plan {
  readonly label: string
  readonly checks: Q.Fragment
  readonly cells: Q.Fragment
  readonly members: Q.Fragment
}

const plan = (options: Options): Plan => {
  if (!UNITS.includes(options.unit)) invalid("options.unit", options.unit, `one of ${UNITS.join(", ")}`)
  if (options.mode !== undefined && options.mode !== "on" && options.mode !== "on-or-after")
    invalid("options.mode", options.mode, "one of on, on-or-after")
  const tableName = options.table ?? "orders"
  const label = typeof tableName === "string" ? tableName : tableName.join(".")
  const table = Q.table(tableName, "options.table")
  const customer = Q.ident(options.customer ?? "customerId", "options.customer")
  const timestamp = Q.ident(options.timestamp ?? "timestamp", "options.timestamp")
  const revenueColumn = options.revenue === undefined ? "amount" : options.revenue
  const revenue = revenueColumn === null ? undefined : Q.ident(revenueColumn, "options.revenue")
  const active = options.active === undefined ? undefined : Q.ident(options.active, "options.active")
  const where = whereClause(equalities(options.where))
  const period = Q.periodIndex(options.unit, timestamp)
  const isActive = active === undefined ? Q.raw("1") : Q.sql`CASE WHEN ${active} THEN 1 ELSE 0 END`
  // One row per customer and period: revenue summed, active if any row is.
  const perPeriod = Q.sql`SELECT ${customer} AS _c, ${period} AS _p, SUM(${revenue === undefined ? Q.raw("0") : Q.sql`COALESCE(${revenue}, 0)`}) AS _revenue, MAX(${isActive}) AS _active FROM ${table}${where} GROUP BY ${customer}, ${period}`
  const firsts = Q.sql`SELECT _c, MIN(_p) AS _cohort, ${Q.filtered("max", Q.raw("_p"), Q.raw("_active = 1"))} AS _last FROM (${perPeriod}) x GROUP BY _c`
  const cells = Q.sql`SELECT f._cohort AS _cohort, x._p AS _p, CAST(${Q.filtered("count", Q.raw("1"), Q.raw("x._active = 1"))} AS ${Q.doubleType}) AS _active_n, CAST(SUM(x._revenue) AS ${Q.doubleType}) AS _revenue FROM (${perPeriod}) x JOIN (${firsts}) f ON x._c = f._c GROUP BY f._cohort, x._p ORDER BY _cohort, _p`
  const members = Q.sql`SELECT _cohort, _last, CAST(COUNT(*) AS ${Q.doubleType}) AS _n FROM (${firsts}) f GROUP BY _cohort, _last ORDER BY _cohort, _last`
  const problems = [
    Q.sql`CAST(${Q.filtered("count", Q.raw("1"), Q.sql`${customer} IS NULL OR ${customer} = ''`)} AS ${Q.doubleType}) AS _no_customer`,
    Q.sql`CAST(${Q.filtered("count", Q.raw("1"), Q.sql`${timestamp} IS NULL`)} AS ${Q.doubleType}) AS _no_timestamp`,
    ...(revenue === undefined
      ? []
      : [
          Q.sql`CAST(${Q.filtered("count", Q.raw("1"), Q.sql`NOT (${revenue} BETWEEN 0 AND 1.7976931348623157e308)`)} AS ${Q.doubleType}) AS _bad_revenue`
        ]),
    ...(active === undefined
      ? []
      : [
          Q.sql`CAST(${Q.filtered("count", Q.raw("1"), Q.sql`${active} IS NULL`)} AS ${Q.doubleType}) AS _no_active`
        ])
  ]
  return { label, checks: Q.sql`SELECT ${Q.join(problems)} FROM ${table}${where}`, cells, members }
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
      `${p.label}.${options.revenue ?? "amount"}`,
      Number.NaN,
      `a finite revenue ≥ 0 (${count("_bad_revenue")} rows are not)`
    )
  if (count("_no_active") > 0)
    invalid(`${p.label}.${options.active}`, null, `true or false (${count("_no_active")} rows have neither)`)
}

const assemble = (
  p: Plan,
  mode: Cohort.Mode,
  cells: ReadonlyArray<Row>,
  members: ReadonlyArray<Row>
): Cohort.Table => {
  if (cells.length === 0) return { mode, offsets: 0, lastPeriod: 0, cohorts: [] }
  const n = (v: unknown) => toNumber(v, `${p.label}: period`)
  // cohort → period → (active customers, revenue); cohort → last active period → customers.
  const byCohort = new Map<number, Map<number, { active: number; revenue: number }>>()
  let lastPeriod = Number.NEGATIVE_INFINITY
  for (const row of cells) {
    const cohort = n(row._cohort)
    const period = n(row._p)
    let m = byCohort.get(cohort)
    if (m === undefined) {
      m = new Map()
      byCohort.set(cohort, m)
    }
    m.set(period, { active: n(row._active_n), revenue: n(row._revenue) })
    lastPeriod = Math.max(lastPeriod, period)
  }
  const lasts = new Map<number, Array<{ last: number | undefined; count: number }>>()
  for (const row of members) {
    const cohort = n(row._cohort)
    const list = lasts.get(cohort) ?? []
    list.push({ last: row._last === null ? undefined : n(row._last), count: n(row._n) })
    lasts.set(cohort, list)
  }
  const cohorts = [...byCohort.keys()].sort((a, b) => a - b)
  const offsets = lastPeriod - (cohorts[0] as number) + 1
  return {
    mode,
    offsets,
    lastPeriod,
    cohorts: cohorts.map((cohort): Cohort.Cohort => {
      const periods = byCohort.get(cohort) as Map<number, { active: number; revenue: number }>
      const memberLasts = lasts.get(cohort) ?? []
      const size = memberLasts.reduce((s, m) => s + m.count, 0)
      const known = lastPeriod - cohort + 1
      const customers: Array<number | undefined> = []
      const revenue: Array<number | undefined> = []
      for (let k = 0; k < offsets; k++) {
        if (k >= known) {
          customers.push(undefined)
          revenue.push(undefined)
          continue
        }
        const period = cohort + k
        const cell = periods.get(period)
        customers.push(
          mode === "on"
            ? (cell?.active ?? 0)
            : memberLasts.reduce((s, m) => s + (m.last !== undefined && m.last >= period ? m.count : 0), 0)
        )
        revenue.push(cell?.revenue ?? 0)
      }
      const base = revenue[0] as number
      return {
        cohort,
        size,
        customers,
        customerRetention: customers.map((c) => (c === undefined ? undefined : c / size)),
        revenue,
        revenueRetention: revenue.map((r) => (r === undefined || base === 0 ? undefined : r / base))
      }
    })
  }
}

/**
 * The cohort retention table of the activity, counted in the database: equal to `Cohort.table`
 * of the activity rows (counts exactly, revenue to floating-point rounding of its sums), so
 * `Cohort.cells`, `Cohort.format` and the charts take it unchanged.
 *
 * Fails with `MetricError` for a bad option, or rows `Cohort.table` would refuse (a missing
 * customer id or timestamp, a negative or non-finite revenue, a NULL `active`), naming the column
 * and how many rows.
 *
 * @example
 * ```ts
 * import { DuckDbClient } from "@cxkit/destination-duckdb"
 * import { SqlCohort, SqlDialect, Warehouse } from "@cxkit/metrics-sql"
 * import { Effect, Layer } from "effect"
 * import { SqlClient } from "effect/sql/SqlClient"
 *
 * const program = Effect.gen(function* () {
 *   const sql = yield* SqlClient
 *   yield* sql`CREATE TABLE orders ("customerId" TEXT, "timestamp" TIMESTAMPTZ, amount DOUBLE)`
 *   yield* sql`INSERT INTO orders VALUES ('a', '2024-01-05', 10), ('a', '2024-03-02', 10), ('b', '2024-01-20', 5),
 *     ('b', '2024-02-11', 5), ('c', '2024-02-01', 8)`
 *   return yield* SqlCohort.table({ unit: "month", mode: "on-or-after" })
 * })
 * const live = Warehouse.layer(SqlDialect.duckdb).pipe(Layer.provideMerge(DuckDbClient.layer({ filename: ":memory:" })))
 * const table = await Effect.runPromise(program.pipe(Effect.provide(live)))
 * console.log(table.cohorts[0]?.customers) // [2, 2, 1]
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const table = (
  options: Options
): Effect.Effect<Cohort.Table, MetricError.MetricError | SqlError, Warehouse> =>
  Effect.gen(function* () {
    const p = yield* Effect.try({ try: () => plan(options), catch: asMetricError })
    const [checks] = yield* run(p.checks)
    yield* Effect.try({ try: () => validate(p, options, checks ?? {}), catch: asMetricError })
    const cells = yield* run(p.cells)
    const members = yield* run(p.members)
    return yield* Effect.try({
      try: () => assemble(p, options.mode ?? "on", cells, members),
      catch: asMetricError
    })
  })

/**
 * The per-(cohort, period) query, as a fragment to compile or print (`SqlQuery.compile`,
 * `SqlQuery.toSql`).
 *
 * @example
 * ```ts
 * import { SqlCohort, SqlDialect, SqlQuery } from "@cxkit/metrics-sql"
 *
 * const sql = SqlQuery.toSql(SqlCohort.query({ unit: "week" }), SqlDialect.postgres)
 * console.log(sql.startsWith("SELECT f._cohort AS _cohort, x._p AS _p")) // true
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const query = (options: Options): Q.Fragment => plan(options).cells
