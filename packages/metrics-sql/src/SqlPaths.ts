/**
 * Paths where the touchpoints live: the directly-follows graph of every customer's path (which
 * touchpoint kind immediately follows which, how often, and where paths start and end) counted
 * with window functions in the database, then the same `Paths.Graph` that
 * `Paths.directlyFollows` builds in process, with the Heuristic Miner's dependency of each edge.
 *
 * A customer's path is its touchpoints in time order, ties broken by id (compared by code point,
 * as JavaScript compares text in the Basic Multilingual Plane), as `Paths.sequences` orders them; timestamps are compared at the
 * column's precision, so touchpoints written from JavaScript (milliseconds) order the same. By
 * default the touchpoints are the CX model's `touchpoints` table. Needs window functions
 * (DuckDB, PostgreSQL; not ClickHouse 18).
 *
 * @module
 * @since 0.1.0
 */
import { type MetricError, Paths } from "@cxkit/metrics"
import { Effect } from "effect"
import type { SqlError } from "effect/sql/SqlError"
import { asMetricError, invalid, windowFunctions } from "./internal/errors.ts"
import { toNumber } from "./internal/values.ts"
import { equalities, whereClause } from "./internal/where.ts"
import * as Q from "./SqlQuery.ts"
import { run, type Warehouse } from "./Warehouse.ts"

/**
 * Where the touchpoints are.
 *
 * - `table`: default `"touchpoints"`; `customer`, `timestamp`, `id` and `key` columns default to
 *   `"customerId"`, `"timestamp"`, `"id"` and `"kind"` (the step of a path).
 * - `collapseRepeats`: merge consecutive equal steps (`a, a, b` → `a, b`), as `Paths.KeyOptions`.
 * - `where`: equality filters, column → value (values are parameters).
 *
 * @example
 * ```ts
 * import type { SqlPaths } from "@cxkit/metrics-sql"
 *
 * const byChannel: SqlPaths.Options = { key: "channel", collapseRepeats: true }
 * console.log(byChannel.key) // "channel"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly table?: string | ReadonlyArray<string> | undefined
  readonly customer?: string | undefined
  readonly timestamp?: string | undefined
  readonly id?: string | undefined
  readonly key?: string | undefined
  readonly collapseRepeats?: boolean | undefined
  readonly where?: Readonly<Record<string, string | number | boolean>> | undefined
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

const build = (options: Options): Q.Fragment => {
  const table = Q.table(options.table ?? "touchpoints", "options.table")
  const customer = Q.ident(options.customer ?? "customerId", "options.customer")
  const timestamp = Q.ident(options.timestamp ?? "timestamp", "options.timestamp")
  const id = Q.binary(Q.ident(options.id ?? "id", "options.id"))
  const key = Q.ident(options.key ?? "kind", "options.key")
  const where = whereClause(equalities(options.where))
  const order = Q.sql`PARTITION BY _c ORDER BY _t, _id`
  const base = Q.sql`SELECT ${customer} AS _c, ${timestamp} AS _t, ${id} AS _id, ${key} AS _k FROM ${table}${where}`
  // With collapseRepeats, a step equal to the one before it in its path is dropped first.
  const steps =
    options.collapseRepeats === true
      ? Q.sql`SELECT _c, _t, _id, _k FROM (SELECT _c, _t, _id, _k, LAG(_k) OVER (${order}) AS _before FROM (${base}) b) l WHERE _before IS NULL OR _before <> _k`
      : base
  // One row per step: its successor (NULL at the end) and whether it starts its path.
  const linked = Q.sql`SELECT _k, LEAD(_k) OVER (${order}) AS _next, ROW_NUMBER() OVER (${order}) AS _i FROM (${steps}) s`
  return Q.sql`SELECT _k AS _from, _next AS _to, CAST(${Q.filtered("count", Q.raw("1"), Q.raw("_i = 1"))} AS ${Q.doubleType}) AS _starts, CAST(COUNT(*) AS ${Q.doubleType}) AS _n FROM (${linked}) x GROUP BY _k, _next`
}

// What Paths.sequences would refuse: a touchpoint without a customer, time, id or step key.
const checks = (options: Options): Q.Fragment => {
  const table = Q.table(options.table ?? "touchpoints", "options.table")
  const count = (column: string, field: string) =>
    Q.sql`CAST(${Q.filtered("count", Q.raw("1"), Q.sql`${Q.ident(column, field)} IS NULL`)} AS ${Q.doubleType}) AS ${Q.ident(column, field)}`
  const where = whereClause(equalities(options.where))
  return Q.sql`SELECT ${Q.join([
    count(options.customer ?? "customerId", "options.customer"),
    count(options.timestamp ?? "timestamp", "options.timestamp"),
    count(options.id ?? "id", "options.id"),
    count(options.key ?? "kind", "options.key")
  ])} FROM ${table}${where}`
}

/**
 * The directly-follows graph of the customers' paths, counted in the database: equal to
 * `Paths.directlyFollows` of the touchpoints (counts, starts, ends, dependencies, sorted
 * activities and edges).
 *
 * Fails with `MetricError` for a NULL customer, timestamp, id or step key (naming the column
 * and how many rows), a bad option, or an engine without window functions.
 *
 * @example
 * ```ts
 * import { DuckDbClient } from "@cxkit/destination-duckdb"
 * import { SqlDialect, SqlPaths, Warehouse } from "@cxkit/metrics-sql"
 * import { Effect, Layer } from "effect"
 * import { SqlClient } from "effect/sql/SqlClient"
 *
 * const program = Effect.gen(function* () {
 *   const sql = yield* SqlClient
 *   yield* sql`CREATE TABLE touchpoints (id TEXT, "customerId" TEXT, "timestamp" TIMESTAMPTZ, kind TEXT)`
 *   yield* sql`INSERT INTO touchpoints VALUES ('1', 'a', '2024-01-01 10:00', 'view'), ('2', 'a', '2024-01-01 10:01', 'cart'),
 *     ('3', 'b', '2024-01-01 10:00', 'view'), ('4', 'b', '2024-01-01 10:01', 'cart'), ('5', 'b', '2024-01-01 10:02', 'view')`
 *   return yield* SqlPaths.directlyFollows()
 * })
 * const live = Warehouse.layer(SqlDialect.duckdb).pipe(Layer.provideMerge(DuckDbClient.layer({ filename: ":memory:" })))
 * const graph = await Effect.runPromise(program.pipe(Effect.provide(live)))
 * console.log(graph.edges.map((e) => [e.from, e.to, e.count, e.dependency])) // [["cart", "view", 1, -0.25], ["view", "cart", 2, 0.25]]
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const directlyFollows = (
  options: Options = {}
): Effect.Effect<Paths.Graph, MetricError.MetricError | SqlError, Warehouse> =>
  Effect.gen(function* () {
    yield* windowFunctions("LEAD, LAG, ROW_NUMBER")
    const [queries, label] = yield* Effect.try({
      try: () => {
        const t = options.table ?? "touchpoints"
        return [
          { graph: build(options), checks: checks(options) },
          typeof t === "string" ? t : t.join(".")
        ] as const
      },
      catch: asMetricError
    })
    const [problems] = yield* run(queries.checks)
    const rows = yield* run(queries.graph)
    return yield* Effect.try({
      try: () => {
        for (const [column, count] of Object.entries(problems ?? {})) {
          const n = toNumber(count, `${label}: COUNT(*)`)
          if (n > 0) invalid(`${label}.${column}`, null, `a value on every touchpoint (${n} rows have none)`)
        }
        const counts = new Map<string, Map<string, number>>()
        const starts: Record<string, number> = {}
        const ends: Record<string, number> = {}
        const activities = new Set<string>()
        for (const row of rows) {
          const from = String(row._from)
          const n = toNumber(row._n, `${label}: COUNT(*)`)
          const s = toNumber(row._starts, `${label}: COUNT(*)`)
          activities.add(from)
          if (s > 0) starts[from] = (starts[from] ?? 0) + s
          if (row._to === null || row._to === undefined) {
            ends[from] = (ends[from] ?? 0) + n
            continue
          }
          const to = String(row._to)
          const m = counts.get(from) ?? new Map<string, number>()
          m.set(to, n)
          counts.set(from, m)
        }
        const edges: Array<Paths.Edge> = []
        for (const [from, m] of counts) {
          for (const [to, count] of m) {
            const back = counts.get(to)?.get(from) ?? 0
            edges.push({ from, to, count, dependency: Paths.dependency(count, back, from === to) })
          }
        }
        edges.sort((x, y) => cmp(x.from, y.from) || cmp(x.to, y.to))
        return { activities: [...activities].sort(cmp), edges, starts, ends }
      },
      catch: asMetricError
    })
  })

/**
 * The directly-follows query, as a fragment to compile or print (`SqlQuery.compile`,
 * `SqlQuery.toSql`).
 *
 * @example
 * ```ts
 * import { SqlDialect, SqlPaths, SqlQuery } from "@cxkit/metrics-sql"
 *
 * console.log(SqlQuery.toSql(SqlPaths.query(), SqlDialect.postgres).includes("LEAD(_k) OVER (PARTITION BY _c ORDER BY _t, _id)")) // true
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const query = (options: Options = {}): Q.Fragment => build(options)
