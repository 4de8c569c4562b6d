/**
 * RFM summaries where the transactions live: purchase days per customer, frequency, recency, T
 * and monetary value (with the calibration / holdout split) computed by one query, exactly as
 * `Rfm.fromTransactions` computes them in process, and the distinct (frequency, recency, T)
 * patterns with their counts, which `BetaGeo.fit`, `ParetoNbd.fit` and `BetaGeoBetaBinom.fit`
 * take as weighted rows (and the (frequency, monetary value) patterns `GammaGamma.fit` takes).
 *
 * The conventions are `Rfm`'s: purchases on the same UTC day are one purchase occasion (amounts
 * summed), `observationEnd` and `calibrationEnd` are inclusive by UTC day, transactions after
 * `observationEnd` are ignored, a NULL amount counts 0, and times are whole days divided by the
 * days of the period (`Period.days`). By default the transactions are the CX model's `orders`
 * table (`customerId`, `timestamp`, `amount`).
 *
 * @module
 * @since 0.1.0
 */
import { type MetricError, Period, type Rfm } from "@cxkit/metrics"
import { Effect } from "effect"
import type { SqlError } from "effect/sql/SqlError"
import { asMetricError, invalid } from "./internal/errors.ts"
import { toNumber } from "./internal/values.ts"
import { equalities, whereClause } from "./internal/where.ts"
import * as Q from "./SqlQuery.ts"
import { type Row, run, type Warehouse } from "./Warehouse.ts"

/**
 * Where the transactions are, and the `Rfm.Options` (`observationEnd`, `period`,
 * `calibrationEnd`).
 *
 * - `table`: default `"orders"` (the CX model table); `"schema.table"` or an array.
 * - `customer`, `timestamp`, `amount`: the columns (default `"customerId"`, `"timestamp"`,
 *   `"amount"`); `amount: null` for a table without amounts (monetary values are then 0).
 * - `where`: equality filters, column → value (values are parameters).
 *
 * @example
 * ```ts
 * import type { SqlRfm } from "@cxkit/metrics-sql"
 *
 * const cdnow: SqlRfm.Options = {
 *   table: "transactions", customer: "customer_id", timestamp: "day",
 *   observationEnd: "1998-06-30", calibrationEnd: "1997-09-30", period: "week"
 * }
 * console.log(cdnow.period) // "week"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends Rfm.Options {
  readonly table?: string | ReadonlyArray<string> | undefined
  readonly customer?: string | undefined
  readonly timestamp?: string | undefined
  readonly amount?: string | null | undefined
  readonly where?: Readonly<Record<string, string | number | boolean>> | undefined
}

const DAY = 86_400_000

interface Plan {
  readonly scale: number
  readonly endDay: number
  readonly calibrationDay: number
  readonly holdout: boolean
  readonly label: string
  readonly perCustomer: Q.Fragment
  readonly problems: Q.Fragment
}

const plan = (options: Options): Plan => {
  const scale = Period.days[options.period]
  if (scale === undefined) invalid("options.period", options.period, "one of day, week, month, quarter, year")
  const endDay = Math.floor(Period.toEpochMillis(options.observationEnd, "options.observationEnd") / DAY)
  const calibrationDay =
    options.calibrationEnd === undefined
      ? endDay
      : Math.floor(Period.toEpochMillis(options.calibrationEnd, "options.calibrationEnd") / DAY)
  if (calibrationDay > endDay)
    invalid("options.calibrationEnd", options.calibrationEnd, "on or before options.observationEnd")
  const tableName = options.table ?? "orders"
  const label = typeof tableName === "string" ? tableName : tableName.join(".")
  const table = Q.table(tableName, "options.table")
  const customer = Q.ident(options.customer ?? "customerId", "options.customer")
  const timestamp = Q.ident(options.timestamp ?? "timestamp", "options.timestamp")
  const amountColumn = options.amount === undefined ? "amount" : options.amount
  const amount =
    amountColumn === null ? Q.raw("0") : Q.sql`COALESCE(${Q.ident(amountColumn, "options.amount")}, 0)`
  const day = Q.epochDay(timestamp)
  const end = Q.sql`CAST(${endDay} AS BIGINT)`
  const cal = Q.sql`CAST(${calibrationDay} AS BIGINT)`
  const filters = equalities(options.where)
  const where = Q.join([Q.sql`${day} <= ${end}`, ...filters], " AND ")
  // Purchase days (amounts summed) and each customer's first day, joined; one row per customer.
  const days = Q.sql`SELECT ${customer} AS _c, ${day} AS _day, SUM(${amount}) AS _amount FROM ${table} WHERE ${where} GROUP BY ${customer}, ${day}`
  const firsts = Q.sql`SELECT ${customer} AS _c, MIN(${day}) AS _first FROM ${table} WHERE ${where} GROUP BY ${customer}`
  const repeat = Q.sql`d._day > f._first AND d._day <= ${cal}`
  const later = Q.sql`d._day > ${cal}`
  const perCustomer = Q.sql`SELECT d._c AS _customer, CAST(${Q.filtered("count", Q.raw("1"), repeat)} AS ${Q.doubleType}) AS _frequency, ${Q.filtered("max", Q.raw("d._day"), Q.sql`d._day <= ${cal}`)} - f._first AS _recency, ${cal} - f._first AS _t, CAST(${Q.filtered("sum", Q.raw("d._amount"), repeat)} AS ${Q.doubleType}) AS _repeat_sum, CAST(${Q.filtered("count", Q.raw("1"), later)} AS ${Q.doubleType}) AS _holdout_frequency, CAST(${Q.filtered("sum", Q.raw("d._amount"), later)} AS ${Q.doubleType}) AS _holdout_sum FROM (${days}) d JOIN (${firsts}) f ON d._c = f._c WHERE f._first <= ${cal} GROUP BY d._c, f._first`
  // What Rfm.fromTransactions would refuse: a missing customer id or timestamp, a non-finite amount.
  const checks = [
    Q.sql`CAST(${Q.filtered("count", Q.raw("1"), Q.sql`${customer} IS NULL OR ${customer} = ''`)} AS ${Q.doubleType}) AS _no_customer`,
    Q.sql`CAST(${Q.filtered("count", Q.raw("1"), Q.sql`${timestamp} IS NULL`)} AS ${Q.doubleType}) AS _no_timestamp`,
    ...(amountColumn === null
      ? []
      : [
          Q.sql`CAST(${Q.filtered("count", Q.raw("1"), Q.sql`NOT (${Q.ident(amountColumn, "options.amount")} BETWEEN -1.7976931348623157e308 AND 1.7976931348623157e308)`)} AS ${Q.doubleType}) AS _bad_amount`
        ])
  ]
  const problems = Q.sql`SELECT ${Q.join(checks)} FROM ${table}${whereClause(filters)}`
  return {
    scale,
    endDay,
    calibrationDay,
    holdout: options.calibrationEnd !== undefined,
    label,
    perCustomer,
    problems
  }
}

const validate = (p: Plan, options: Options, rows: ReadonlyArray<Row>): void => {
  const row = rows[0] ?? {}
  const count = (key: string) => toNumber(row[key] ?? 0, `${p.label}: COUNT(*)`)
  const customer = `${p.label}.${options.customer ?? "customerId"}`
  if (count("_no_customer") > 0)
    invalid(customer, null, `a non-empty customer id (${count("_no_customer")} rows have none)`)
  if (count("_no_timestamp") > 0)
    invalid(
      `${p.label}.${options.timestamp ?? "timestamp"}`,
      null,
      `a timestamp (${count("_no_timestamp")} rows have none)`
    )
  if (count("_bad_amount") > 0)
    invalid(
      `${p.label}.${options.amount ?? "amount"}`,
      Number.NaN,
      `a finite amount (${count("_bad_amount")} rows are not)`
    )
}

const summaryOf = (p: Plan, row: Row): Rfm.Summary => {
  const frequency = toNumber(row._frequency, `${p.label}: frequency`)
  const repeatSum = row._repeat_sum === null ? 0 : toNumber(row._repeat_sum, `${p.label}: amount`)
  const summary: Rfm.Summary = {
    customerId: String(row._customer),
    frequency,
    recency: toNumber(row._recency, `${p.label}: recency`) / p.scale,
    T: toNumber(row._t, `${p.label}: T`) / p.scale,
    monetaryValue: frequency > 0 ? repeatSum / frequency : 0
  }
  if (!p.holdout) return summary
  const holdoutFrequency = toNumber(row._holdout_frequency, `${p.label}: holdout frequency`)
  const holdoutSum = row._holdout_sum === null ? 0 : toNumber(row._holdout_sum, `${p.label}: amount`)
  return {
    ...summary,
    holdout: {
      frequency: holdoutFrequency,
      monetaryValue: holdoutFrequency > 0 ? holdoutSum / holdoutFrequency : 0,
      duration: (p.endDay - p.calibrationDay) / p.scale
    }
  }
}

const planned = <A>(
  options: Options,
  body: (p: Plan) => Effect.Effect<A, MetricError.MetricError | SqlError, Warehouse>
): Effect.Effect<A, MetricError.MetricError | SqlError, Warehouse> =>
  Effect.gen(function* () {
    const p = yield* Effect.try({ try: () => plan(options), catch: asMetricError })
    const problems = yield* run(p.problems)
    yield* Effect.try({ try: () => validate(p, options, problems), catch: asMetricError })
    return yield* body(p)
  })

/**
 * Every customer's RFM summary, computed in the database: the same summaries as
 * `Rfm.fromTransactions` over the table's rows (with `calibrationEnd`, only customers whose first
 * purchase falls in the calibration period), sorted by customer id in the engine's order. The
 * result has one object per customer: for millions of customers prefer `patterns`, which
 * returns only the distinct ones.
 *
 * Fails with `MetricError` for a bad option, or rows `Rfm.fromTransactions` would refuse (a
 * missing customer id or timestamp, a non-finite amount), naming the column and how many rows.
 *
 * @example
 * ```ts
 * import { DuckDbClient } from "@cxkit/destination-duckdb"
 * import { SqlDialect, SqlRfm, Warehouse } from "@cxkit/metrics-sql"
 * import { Effect, Layer } from "effect"
 * import { SqlClient } from "effect/sql/SqlClient"
 *
 * const program = Effect.gen(function* () {
 *   const sql = yield* SqlClient
 *   yield* sql`CREATE TABLE orders ("customerId" TEXT, "timestamp" TIMESTAMPTZ, amount DOUBLE)`
 *   yield* sql`INSERT INTO orders VALUES ('a', '2024-01-01', 10), ('a', '2024-01-08', 30), ('a', '2024-01-08', 5), ('b', '2024-01-15', 20)`
 *   return yield* SqlRfm.summaries({ observationEnd: "2024-01-29", period: "week" })
 * })
 * const live = Warehouse.layer(SqlDialect.duckdb).pipe(Layer.provideMerge(DuckDbClient.layer({ filename: ":memory:" })))
 * const summaries = await Effect.runPromise(program.pipe(Effect.provide(live)))
 * console.log(summaries[0]) // { customerId: "a", frequency: 1, recency: 1, T: 4, monetaryValue: 35 }
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const summaries = (
  options: Options
): Effect.Effect<Array<Rfm.Summary>, MetricError.MetricError | SqlError, Warehouse> =>
  planned(options, (p) =>
    Effect.flatMap(run(Q.sql`${p.perCustomer} ORDER BY _customer`), (rows) =>
      Effect.try({ try: () => rows.map((row) => summaryOf(p, row)), catch: asMetricError })
    )
  )

/**
 * The distinct (frequency, recency, T) patterns of the customers' summaries with the number of
 * customers sharing each (`weight`), counted in the database: the weighted rows that
 * `BetaGeo.fit`, `ParetoNbd.fit` and `BetaGeoBetaBinom.fit` take, so a fit over millions of
 * customers reads a few thousand rows. Equal, as a multiset, to `Rfm.collapse` of
 * `Rfm.fromTransactions`; sorted by frequency, recency and T.
 *
 * @example
 * ```ts
 * import { DuckDbClient } from "@cxkit/destination-duckdb"
 * import { SqlDialect, SqlRfm, Warehouse } from "@cxkit/metrics-sql"
 * import { Effect, Layer } from "effect"
 * import { SqlClient } from "effect/sql/SqlClient"
 *
 * const program = Effect.gen(function* () {
 *   const sql = yield* SqlClient
 *   yield* sql`CREATE TABLE orders ("customerId" TEXT, "timestamp" TIMESTAMPTZ, amount DOUBLE)`
 *   yield* sql`INSERT INTO orders VALUES ('a', '2024-01-01', 1), ('b', '2024-01-01', 1), ('c', '2024-01-08', 1)`
 *   return yield* SqlRfm.patterns({ observationEnd: "2024-01-29", period: "week" })
 * })
 * const live = Warehouse.layer(SqlDialect.duckdb).pipe(Layer.provideMerge(DuckDbClient.layer({ filename: ":memory:" })))
 * console.log(await Effect.runPromise(program.pipe(Effect.provide(live))))
 * // [{ frequency: 0, recency: 0, T: 3, weight: 1 }, { frequency: 0, recency: 0, T: 4, weight: 2 }]
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const patterns = (
  options: Options
): Effect.Effect<Array<Rfm.Pattern>, MetricError.MetricError | SqlError, Warehouse> =>
  planned(options, (p) =>
    Effect.flatMap(
      run(
        Q.sql`SELECT _frequency, _recency, _t, CAST(COUNT(*) AS ${Q.doubleType}) AS _n FROM (${p.perCustomer}) s GROUP BY _frequency, _recency, _t ORDER BY _frequency, _recency, _t`
      ),
      (rows) =>
        Effect.try({
          try: () =>
            rows.map((row) => ({
              frequency: toNumber(row._frequency, `${p.label}: frequency`),
              recency: toNumber(row._recency, `${p.label}: recency`) / p.scale,
              T: toNumber(row._t, `${p.label}: T`) / p.scale,
              weight: toNumber(row._n, `${p.label}: COUNT(*)`)
            })),
          catch: asMetricError
        })
    )
  )

/**
 * The distinct (frequency, monetary value) pairs of the repeat buyers (frequency ≥ 1) with the
 * number of customers sharing each: the weighted rows `GammaGamma.fit` takes. Monetary values
 * are computed as in `summaries` (the mean of the repeat purchase days), so they equal the
 * in-process ones to floating-point rounding of the sums; sorted by frequency and value.
 *
 * @example
 * ```ts
 * import { DuckDbClient } from "@cxkit/destination-duckdb"
 * import { SqlDialect, SqlRfm, Warehouse } from "@cxkit/metrics-sql"
 * import { Effect, Layer } from "effect"
 * import { SqlClient } from "effect/sql/SqlClient"
 *
 * const program = Effect.gen(function* () {
 *   const sql = yield* SqlClient
 *   yield* sql`CREATE TABLE orders ("customerId" TEXT, "timestamp" TIMESTAMPTZ, amount DOUBLE)`
 *   yield* sql`INSERT INTO orders VALUES ('a', '2024-01-01', 5), ('a', '2024-01-02', 20), ('b', '2024-01-01', 9), ('b', '2024-01-03', 20)`
 *   return yield* SqlRfm.spend({ observationEnd: "2024-01-29", period: "week" })
 * })
 * const live = Warehouse.layer(SqlDialect.duckdb).pipe(Layer.provideMerge(DuckDbClient.layer({ filename: ":memory:" })))
 * console.log(await Effect.runPromise(program.pipe(Effect.provide(live)))) // [{ frequency: 1, monetaryValue: 20, weight: 2 }]
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const spend = (
  options: Options
): Effect.Effect<
  Array<{ readonly frequency: number; readonly monetaryValue: number; readonly weight: number }>,
  MetricError.MetricError | SqlError,
  Warehouse
> =>
  planned(options, (p) =>
    Effect.flatMap(
      run(
        Q.sql`SELECT _frequency, _repeat_sum / _frequency AS _value, CAST(COUNT(*) AS ${Q.doubleType}) AS _n FROM (${p.perCustomer}) s WHERE _frequency > 0 GROUP BY _frequency, _repeat_sum / _frequency ORDER BY _frequency, _value`
      ),
      (rows) =>
        Effect.try({
          try: () =>
            rows.map((row) => ({
              frequency: toNumber(row._frequency, `${p.label}: frequency`),
              monetaryValue: toNumber(row._value, `${p.label}: amount`),
              weight: toNumber(row._n, `${p.label}: COUNT(*)`)
            })),
          catch: asMetricError
        })
    )
  )

/**
 * The per-customer summary query (the other queries wrap it), as a fragment to compile or print
 * (`SqlQuery.compile`, `SqlQuery.toSql`).
 *
 * @example
 * ```ts
 * import { SqlDialect, SqlQuery, SqlRfm } from "@cxkit/metrics-sql"
 *
 * const { params } = SqlQuery.compile(SqlRfm.query({ observationEnd: "2024-01-29", period: "week" }), SqlDialect.postgres)
 * console.log(params) // [19751, 19751, 19751, 19751, 19751, 19751, 19751, 19751, 19751]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const query = (options: Options): Q.Fragment => plan(options).perCustomer
