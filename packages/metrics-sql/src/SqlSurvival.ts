/**
 * Survival where the customers live: events and censorings per distinct duration (and group)
 * counted by one `GROUP BY`, then the same Kaplan-Meier curve and log-rank test as
 * `Survival.kaplanMeier` and `LogRank.compare` compute in process: both take the counts as case
 * weights, and with integer counts the weighted formulas are exactly the expanded data's.
 *
 * Durations are a numeric column (tenure in days, months…, ≥ 0); `observed` is a boolean or 0/1
 * column (`true`/1 the churn happened, `false`/0 censored; without it every row is an event).
 * A duration computed from timestamps is a view or a `CREATE TABLE … AS SELECT` away.
 *
 * @module
 * @since 0.1.0
 */
import { LogRank, type LogRank as LR, type MetricError, Survival } from "@cxkit/metrics"
import { Effect } from "effect"
import type { SqlError } from "effect/sql/SqlError"
import { asMetricError, invalid } from "./internal/errors.ts"
import { toNumber } from "./internal/values.ts"
import { equalities, whereClause } from "./internal/where.ts"
import * as Q from "./SqlQuery.ts"
import { run, type Warehouse } from "./Warehouse.ts"

/**
 * Where the durations are.
 *
 * @example
 * ```ts
 * import type { SqlSurvival } from "@cxkit/metrics-sql"
 *
 * const tenure: SqlSurvival.Source = { table: "tenure", duration: "months", observed: "churned", group: "plan" }
 * console.log(tenure.group) // "plan"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Source {
  readonly table: string | ReadonlyArray<string>
  readonly duration: string
  readonly observed?: string | undefined
  readonly group?: string | undefined
  readonly where?: Readonly<Record<string, string | number | boolean>> | undefined
}

/**
 * One distinct (group, duration, observed) with the number of rows sharing it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Count {
  readonly group: string | number | null
  readonly duration: number
  readonly observed: boolean
  readonly count: number
}

const label = (source: Source): string =>
  typeof source.table === "string" ? source.table : source.table.join(".")

const build = (source: Source): Q.Fragment => {
  const duration = Q.ident(source.duration, "options.duration")
  const observed =
    source.observed === undefined ? Q.raw("TRUE") : Q.ident(source.observed, "options.observed")
  const group = source.group === undefined ? Q.raw("NULL") : Q.ident(source.group, "options.group")
  const where = whereClause(equalities(source.where))
  return Q.sql`SELECT ${group} AS _group, ${duration} AS _duration, ${observed} AS _observed, CAST(COUNT(*) AS ${Q.doubleType}) AS _n FROM ${Q.table(source.table, "options.table")}${where} GROUP BY _group, _duration, _observed ORDER BY _group, _duration, _observed`
}

const groupValue = (value: unknown, field: string): string | number | null => {
  if (value === null || typeof value === "string") return value
  if (typeof value === "number" || typeof value === "bigint") return toNumber(value, field)
  if (typeof value === "boolean") return String(value)
  return invalid(field, value, "a text or number group")
}

const observedValue = (value: unknown, field: string, count: number): boolean => {
  if (value === true || value === 1 || value === 1n || value === "1") return true
  if (value === false || value === 0 || value === 0n || value === "0") return false
  return invalid(field, value ?? null, `true/false or 1/0 (${count} rows)`)
}

/**
 * The distinct (group, duration, observed) rows with their counts, sorted by group, duration and
 * observed: what the curve and the test are computed from. Fails with `MetricError` naming the
 * column for a NULL, negative or non-finite duration, an `observed` value other than
 * true/false/1/0, or a bad option.
 *
 * @example
 * ```ts
 * import { DuckDbClient } from "@cxkit/destination-duckdb"
 * import { SqlDialect, SqlSurvival, Warehouse } from "@cxkit/metrics-sql"
 * import { Effect, Layer } from "effect"
 * import { SqlClient } from "effect/sql/SqlClient"
 *
 * const program = Effect.gen(function* () {
 *   const sql = yield* SqlClient
 *   yield* sql`CREATE TABLE tenure (months INTEGER, churned BOOLEAN)`
 *   yield* sql`INSERT INTO tenure VALUES (3, true), (3, true), (5, false)`
 *   return yield* SqlSurvival.counts({ table: "tenure", duration: "months", observed: "churned" })
 * })
 * const live = Warehouse.layer(SqlDialect.duckdb).pipe(Layer.provideMerge(DuckDbClient.layer({ filename: ":memory:" })))
 * console.log(await Effect.runPromise(program.pipe(Effect.provide(live))))
 * // [{ group: null, duration: 3, observed: true, count: 2 }, { group: null, duration: 5, observed: false, count: 1 }]
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const counts = (
  source: Source
): Effect.Effect<Array<Count>, MetricError.MetricError | SqlError, Warehouse> =>
  Effect.gen(function* () {
    const query = yield* Effect.try({ try: () => build(source), catch: asMetricError })
    const rows = yield* run(query)
    const table = label(source)
    return yield* Effect.try({
      try: () =>
        rows.map((row) => {
          const count = toNumber(row._n, `${table}: COUNT(*)`)
          const field = `${table}.${source.duration}`
          if (row._duration === null || row._duration === undefined)
            invalid(field, null, `a duration (${count} rows have none)`)
          const duration = toNumber(row._duration, field)
          if (duration < 0) invalid(field, duration, "a duration ≥ 0")
          return {
            group: groupValue(row._group, `${table}.${source.group}`),
            duration,
            observed: observedValue(row._observed, `${table}.${source.observed}`, count),
            count
          }
        }),
      catch: asMetricError
    })
  })

const columns = (rows: ReadonlyArray<Count>) => ({
  durations: rows.map((r) => r.duration),
  observed: rows.map((r) => r.observed),
  weights: rows.map((r) => r.count)
})

/**
 * The Kaplan-Meier curve of the durations, counted in the database: `Survival.kaplanMeier` of the
 * counts as case weights, equal to the curve of the expanded rows. With `group`, one curve per
 * group, sorted by group.
 *
 * @example
 * ```ts
 * import { DuckDbClient } from "@cxkit/destination-duckdb"
 * import { SqlDialect, SqlSurvival, Warehouse } from "@cxkit/metrics-sql"
 * import { Effect, Layer } from "effect"
 * import { SqlClient } from "effect/sql/SqlClient"
 *
 * const program = Effect.gen(function* () {
 *   const sql = yield* SqlClient
 *   yield* sql`CREATE TABLE tenure (months INTEGER, churned BOOLEAN)`
 *   yield* sql`INSERT INTO tenure VALUES (3, true), (5, true), (5, false), (8, true), (12, false), (12, true), (15, false)`
 *   return yield* SqlSurvival.kaplanMeier({ table: "tenure", duration: "months", observed: "churned" })
 * })
 * const live = Warehouse.layer(SqlDialect.duckdb).pipe(Layer.provideMerge(DuckDbClient.layer({ filename: ":memory:" })))
 * const [{ curve }] = await Effect.runPromise(program.pipe(Effect.provide(live)))
 * console.log(curve.times, curve.survival[1]?.toFixed(4)) // [3, 5, 8, 12, 15] "0.7143"
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const kaplanMeier = (
  source: Source & {
    readonly level?: number | undefined
    readonly transform?: Survival.Transform | undefined
  }
): Effect.Effect<
  Array<{ readonly group: string | number | null; readonly curve: Survival.KaplanMeier }>,
  MetricError.MetricError | SqlError,
  Warehouse
> =>
  Effect.flatMap(counts(source), (rows) =>
    Effect.try({
      try: () => {
        const byGroup = new Map<string | number | null, Array<Count>>()
        for (const row of rows) byGroup.set(row.group, [...(byGroup.get(row.group) ?? []), row])
        return [...byGroup].map(([group, list]) => ({
          group,
          curve: Survival.kaplanMeier({
            ...columns(list),
            ...(source.level === undefined ? {} : { level: source.level }),
            ...(source.transform === undefined ? {} : { transform: source.transform })
          })
        }))
      },
      catch: asMetricError
    })
  )

/**
 * The log-rank test across the groups of `group`, counted in the database: `LogRank.compare` of
 * the counts as case weights, equal to the test on the expanded rows. Rows whose group is NULL
 * fail with `MetricError` (filter them out with a view, or `where`).
 *
 * @example
 * ```ts
 * import { DuckDbClient } from "@cxkit/destination-duckdb"
 * import { SqlDialect, SqlSurvival, Warehouse } from "@cxkit/metrics-sql"
 * import { Effect, Layer } from "effect"
 * import { SqlClient } from "effect/sql/SqlClient"
 *
 * const program = Effect.gen(function* () {
 *   const sql = yield* SqlClient
 *   yield* sql`CREATE TABLE tenure (months INTEGER, churned INTEGER, plan TEXT)`
 *   yield* sql`INSERT INTO tenure VALUES (1, 1, 'monthly'), (2, 1, 'monthly'), (3, 1, 'monthly'), (4, 1, 'annual'),
 *     (5, 1, 'monthly'), (6, 0, 'annual'), (7, 1, 'annual'), (8, 0, 'annual')`
 *   return yield* SqlSurvival.logRank({ table: "tenure", duration: "months", observed: "churned", group: "plan" })
 * })
 * const live = Warehouse.layer(SqlDialect.duckdb).pipe(Layer.provideMerge(DuckDbClient.layer({ filename: ":memory:" })))
 * const test = await Effect.runPromise(program.pipe(Effect.provide(live)))
 * console.log(test.df, test.chiSquare.toFixed(2), test.pValue < 0.05) // 1 "4.92" true
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const logRank = (
  source: Source & { readonly group: string }
): Effect.Effect<LR.LogRank, MetricError.MetricError | SqlError, Warehouse> =>
  Effect.flatMap(counts(source), (rows) =>
    Effect.try({
      try: () => {
        const groups = rows.map((r) =>
          r.group === null
            ? invalid(`${label(source)}.${source.group}`, null, "a group (NULL groups are not compared)")
            : r.group
        )
        return LogRank.compare({ ...columns(rows), groups })
      },
      catch: asMetricError
    })
  )

/**
 * The counting query, as a fragment to compile or print (`SqlQuery.compile`, `SqlQuery.toSql`).
 *
 * @example
 * ```ts
 * import { SqlDialect, SqlQuery, SqlSurvival } from "@cxkit/metrics-sql"
 *
 * const sql = SqlQuery.toSql(SqlSurvival.query({ table: "tenure", duration: "months" }), SqlDialect.duckdb)
 * console.log(sql.startsWith('SELECT NULL AS _group, "months" AS _duration, TRUE AS _observed')) // true
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const query = (source: Source): Q.Fragment => build(source)
