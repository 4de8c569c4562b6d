/**
 * The small SQL compiler every pushdown is written in: a query is a tree of text, quoted
 * identifiers, parameters and dialect-specific expressions, compiled for one `SqlDialect` into
 * SQL text and its parameter values. Identifiers given by users (tables, columns) are validated
 * and quoted, values always travel as parameters, so a segment column named by a user can
 * never inject SQL.
 *
 * @module
 * @since 0.1.0
 */
import { MetricError } from "@cxkit/metrics"
import type { Dialect, Expression, Unit } from "./SqlDialect.ts"

/**
 * A piece of a query. Build fragments with `sql`, `ident`, `table`, `param`, `join` and the
 * dialect-specific expressions (`epochDay`, `epochMillis`, `windowStart`, `jsonText`, `filtered`).
 *
 * @since 0.1.0
 * @category models
 */
export type Fragment =
  | { readonly _tag: "Text"; readonly text: string }
  | { readonly _tag: "Identifier"; readonly path: ReadonlyArray<string> }
  | { readonly _tag: "Param"; readonly value: unknown }
  | { readonly _tag: "Sequence"; readonly parts: ReadonlyArray<Fragment> }
  | { readonly _tag: "Dialect"; readonly expression: Expression<Fragment> }

/**
 * A compiled query: the SQL text for one dialect and the values of its parameters, in order.
 *
 * @since 0.1.0
 * @category models
 */
export interface Compiled {
  readonly sql: string
  readonly params: ReadonlyArray<unknown>
}

const text = (value: string): Fragment => ({ _tag: "Text", text: value })

const isFragment = (value: unknown): value is Fragment =>
  typeof value === "object" &&
  value !== null &&
  "_tag" in value &&
  ["Text", "Identifier", "Param", "Sequence", "Dialect"].includes((value as { _tag: string })._tag)

/**
 * A template tag: literal text stays text, interpolated fragments are spliced in, and every
 * other interpolated value becomes a parameter.
 *
 * @example
 * ```ts
 * import { SqlDialect, SqlQuery } from "@cxkit/metrics-sql"
 *
 * const q = SqlQuery.sql`SELECT COUNT(*) FROM ${SqlQuery.ident("feedback", "options.table")} WHERE score >= ${9}`
 * console.log(SqlQuery.compile(q, SqlDialect.duckdb)) // { sql: 'SELECT COUNT(*) FROM "feedback" WHERE score >= $1', params: [9] }
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const sql = (strings: TemplateStringsArray, ...values: ReadonlyArray<unknown>): Fragment => {
  const parts: Array<Fragment> = []
  strings.forEach((s, i) => {
    if (s.length > 0) parts.push(text(s))
    if (i < values.length) {
      const value = values[i]
      parts.push(isFragment(value) ? value : { _tag: "Param", value })
    }
  })
  return { _tag: "Sequence", parts }
}

/**
 * A value as a parameter.
 *
 * @example
 * ```ts
 * import { SqlDialect, SqlQuery } from "@cxkit/metrics-sql"
 *
 * console.log(SqlQuery.compile(SqlQuery.param("chat"), SqlDialect.postgres).params) // ["chat"]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const param = (value: unknown): Fragment => ({ _tag: "Param", value })

/**
 * Literal SQL text, for the fixed parts of a query written by cxkit itself (keywords, operators,
 * aliases). Never pass user input here: use `ident` for names and `param` for values.
 *
 * @example
 * ```ts
 * import { SqlDialect, SqlQuery } from "@cxkit/metrics-sql"
 *
 * console.log(SqlQuery.compile(SqlQuery.raw("COUNT(*)"), SqlDialect.duckdb).sql) // "COUNT(*)"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const raw = (value: string): Fragment => text(value)

// A name is anything printable: quoting makes it safe; what is refused is what no engine takes
// (empty, control characters, NUL) or what is too long to be a real identifier.
const NAME = /^[^\p{Cc}]{1,128}$/u

/**
 * One validated identifier (a column or an alias), quoted by the dialect. `field` names the
 * option it came from, for the error. Throws `MetricError` for an empty name, a name with
 * control characters or one longer than 128 characters.
 *
 * @example
 * ```ts
 * import { SqlDialect, SqlQuery } from "@cxkit/metrics-sql"
 *
 * console.log(SqlQuery.compile(SqlQuery.ident('odd "name"', "options.score"), SqlDialect.postgres).sql) // '"odd ""name"""'
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const ident = (name: string, field: string): Fragment => {
  if (typeof name !== "string" || !NAME.test(name))
    throw new MetricError.MetricError({
      reason: "InvalidInput",
      field,
      value: name,
      rule: "a column or table name: 1 to 128 characters, no control characters"
    })
  return { _tag: "Identifier", path: [name] }
}

/**
 * A table name, validated and quoted part by part: a string is split at dots (`"analytics.feedback"`
 * is schema `analytics`, table `feedback`); give an array for names that contain dots.
 *
 * @example
 * ```ts
 * import { SqlDialect, SqlQuery } from "@cxkit/metrics-sql"
 *
 * console.log(SqlQuery.compile(SqlQuery.table("analytics.feedback", "options.table"), SqlDialect.duckdb).sql) // '"analytics"."feedback"'
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const table = (name: string | ReadonlyArray<string>, field: string): Fragment => {
  const path = typeof name === "string" ? name.split(".") : name
  if (path.length === 0 || path.length > 3)
    throw new MetricError.MetricError({
      reason: "InvalidInput",
      field,
      value: name,
      rule: "a table name of one to three parts (catalog.schema.table)"
    })
  path.forEach((part, i) => {
    ident(part, path.length === 1 ? field : `${field}[${i}]`)
  })
  return { _tag: "Identifier", path }
}

/**
 * Fragments joined by a separator (`", "` by default).
 *
 * @example
 * ```ts
 * import { SqlDialect, SqlQuery } from "@cxkit/metrics-sql"
 *
 * const columns = SqlQuery.join([SqlQuery.ident("a", "a"), SqlQuery.ident("b", "b")])
 * console.log(SqlQuery.compile(columns, SqlDialect.duckdb).sql) // '"a", "b"'
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const join = (fragments: ReadonlyArray<Fragment>, separator = ", "): Fragment => {
  const parts: Array<Fragment> = []
  fragments.forEach((f, i) => {
    if (i > 0) parts.push(text(separator))
    parts.push(f)
  })
  return { _tag: "Sequence", parts }
}

const dialectExpression = (expression: Expression<Fragment>): Fragment => ({ _tag: "Dialect", expression })

/**
 * The name of the engine's 64-bit floating-point type, for casts (`DOUBLE PRECISION`, `Float64`).
 *
 * @example
 * ```ts
 * import { SqlDialect, SqlQuery } from "@cxkit/metrics-sql"
 *
 * const n = SqlQuery.sql`CAST(COUNT(*) AS ${SqlQuery.doubleType})`
 * console.log(SqlQuery.compile(n, SqlDialect.clickhouse).sql) // "CAST(COUNT(*) AS Float64)"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const doubleType: Fragment = { _tag: "Dialect", expression: { _tag: "DoubleType" } }

/**
 * A text value compared by its bytes (code points) rather than the database's collation, so
 * `ORDER BY` agrees with JavaScript's string order for text in the Basic Multilingual Plane.
 *
 * @example
 * ```ts
 * import { SqlDialect, SqlQuery } from "@cxkit/metrics-sql"
 *
 * console.log(SqlQuery.compile(SqlQuery.binary(SqlQuery.ident("id", "id")), SqlDialect.postgres).sql) // '("id" COLLATE "C")'
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const binary = (value: Fragment): Fragment => dialectExpression({ _tag: "Binary", value })

/**
 * The UTC calendar day of a timestamp as a whole number of days since 1970-01-01 (the day
 * numbers `Rfm.fromTransactions` works in).
 *
 * @example
 * ```ts
 * import { SqlDialect, SqlQuery } from "@cxkit/metrics-sql"
 *
 * const day = SqlQuery.epochDay(SqlQuery.ident("timestamp", "t"))
 * console.log(SqlQuery.compile(day, SqlDialect.postgres).sql) // 'CAST(floor(extract(epoch FROM "timestamp") / 86400) AS BIGINT)'
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const epochDay = (value: Fragment): Fragment => dialectExpression({ _tag: "EpochDay", value })

/**
 * A timestamp as the instant it is, in milliseconds since 1970-01-01T00:00Z, as a double (the
 * numbers `Date.getTime()` and cxkit's metrics work in). ClickHouse's `DateTime` holds seconds.
 *
 * @example
 * ```ts
 * import { SqlDialect, SqlQuery } from "@cxkit/metrics-sql"
 *
 * const ms = SqlQuery.epochMillis(SqlQuery.ident("start", "options.start"))
 * console.log(SqlQuery.compile(ms, SqlDialect.duckdb).sql) // 'CAST(epoch_ms("start") AS DOUBLE PRECISION)'
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const epochMillis = (value: Fragment): Fragment => dialectExpression({ _tag: "EpochMillis", value })

/**
 * The integer index of the UTC calendar period (day, ISO week, month, quarter, year) containing a
 * timestamp, as `Period.index` numbers them (consecutive periods, consecutive indices).
 *
 * @example
 * ```ts
 * import { SqlDialect, SqlQuery } from "@cxkit/metrics-sql"
 *
 * const day = SqlQuery.periodIndex("day", SqlQuery.ident("timestamp", "t"))
 * console.log(SqlQuery.compile(day, SqlDialect.duckdb).sql) // 'CAST(floor(epoch_ms("timestamp") / 86400000) AS BIGINT)'
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const periodIndex = (unit: Unit, value: Fragment): Fragment =>
  dialectExpression({ _tag: "PeriodIndex", unit, value })

/**
 * The first day of the calendar window (day, ISO week, month, quarter, year) a timestamp falls
 * in, read in an IANA time zone, as `Grouping.summarize` windows it, given as its day number
 * (days since 1970-01-01: `new Date(day * 86_400_000)` is that date at UTC midnight). The zone is
 * written into the SQL (it must be a valid IANA name; `SqlSurvey` checks it).
 *
 * @example
 * ```ts
 * import { SqlDialect, SqlQuery } from "@cxkit/metrics-sql"
 *
 * const start = SqlQuery.windowStart("month", SqlQuery.ident("timestamp", "t"), "Europe/Paris")
 * console.log(SqlQuery.compile(start, SqlDialect.clickhouse).sql) // "toInt64(toStartOfMonth(toDate(`timestamp`, 'Europe/Paris')))"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const windowStart = (unit: Unit, value: Fragment, timeZone: string): Fragment =>
  dialectExpression({ _tag: "WindowStart", unit, value, timeZone })

/**
 * The text of one top-level key of a JSON column (NULL when absent). The key is cxkit's own (a
 * plain name, written into the SQL), never user input.
 *
 * @example
 * ```ts
 * import { SqlDialect, SqlQuery } from "@cxkit/metrics-sql"
 *
 * const metric = SqlQuery.jsonText(SqlQuery.ident("question", "q"), "metric")
 * console.log(SqlQuery.compile(metric, SqlDialect.duckdb).sql) // "json_extract_string(\"question\", '$.metric')"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const jsonText = (value: Fragment, key: string): Fragment => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
    throw new MetricError.MetricError({
      reason: "InvalidInput",
      field: "key",
      value: key,
      rule: "a plain JSON key"
    })
  return dialectExpression({ _tag: "JsonText", value, key })
}

/**
 * An aggregate over the rows where `condition` holds: `FILTER (WHERE …)` where the dialect has
 * it, `CASE WHEN` otherwise. `aggregate` is `"count"` (rows) or `"sum"` / `"max"` / `"min"` of
 * `value`.
 *
 * @example
 * ```ts
 * import { SqlDialect, SqlQuery } from "@cxkit/metrics-sql"
 *
 * const repeat = SqlQuery.filtered("count", SqlQuery.raw("1"), SqlQuery.raw("day > first"))
 * console.log(SqlQuery.compile(repeat, SqlDialect.clickhouse).sql) // "countIf(day > first)"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const filtered = (
  aggregate: "count" | "sum" | "max" | "min",
  value: Fragment,
  condition: Fragment
): Fragment => dialectExpression({ _tag: "Filtered", aggregate, value, condition })

/**
 * Compiles a fragment for a dialect: identifiers quoted, parameters numbered in order.
 *
 * @example
 * ```ts
 * import { SqlDialect, SqlQuery } from "@cxkit/metrics-sql"
 *
 * const q = SqlQuery.sql`SELECT ${SqlQuery.ident("score", "s")} FROM t WHERE channel = ${"chat"}`
 * console.log(SqlQuery.compile(q, SqlDialect.postgres).sql) // 'SELECT "score" FROM t WHERE channel = $1'
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const compile = (fragment: Fragment, dialect: Dialect): Compiled => {
  const params: Array<unknown> = []
  const go = (f: Fragment): string => {
    switch (f._tag) {
      case "Text":
        return f.text
      case "Identifier":
        return f.path.map(dialect.quote).join(".")
      case "Param":
        params.push(f.value)
        return dialect.placeholder(params.length, f.value)
      case "Sequence":
        return f.parts.map(go).join("")
      case "Dialect":
        return dialect.expression(f.expression, go)
    }
  }
  const out = go(fragment)
  return { sql: out, params }
}

/**
 * The query as one SQL string with its parameters written in as literals, for review or to run
 * by hand in the engine's own shell. Run queries with their parameters (`compile`), not this.
 *
 * @example
 * ```ts
 * import { SqlDialect, SqlQuery } from "@cxkit/metrics-sql"
 *
 * const q = SqlQuery.sql`SELECT COUNT(*) FROM feedback WHERE channel = ${"it's"}`
 * console.log(SqlQuery.toSql(q, SqlDialect.duckdb)) // "SELECT COUNT(*) FROM feedback WHERE channel = 'it''s'"
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const toSql = (fragment: Fragment, dialect: Dialect): string =>
  compile(fragment, { ...dialect, placeholder: (_, value) => dialect.literal(value) }).sql
