/**
 * What differs between SQL engines, as a handful of hooks: quoting identifiers, parameters (or
 * literals, where the engine takes none), the UTC day of a timestamp, calendar windows in a time
 * zone, reading a JSON key, filtered aggregates, byte-order comparison and whether window
 * functions exist. `duckdb`, `postgres` and `clickhouse` are
 * built in; another engine (BigQuery, Snowflake, Trino, Spark SQL) is one more value of this
 * shape, usually a spread of `postgres` with two or three hooks replaced.
 *
 * Timestamps: a column with a time zone is read as the instant it is; a timestamp without one is
 * read as UTC, as cxkit's destinations write them.
 *
 * @module
 * @since 0.1.0
 */
import type { Period } from "@cxkit/metrics"

/**
 * A calendar unit of windows (as `Grouping.summarize`'s `window.unit`).
 *
 * @since 0.1.0
 * @category models
 */
export type Unit = Period.Period

/**
 * An expression whose SQL depends on the engine; `F` is the fragment type of `SqlQuery`.
 *
 * @since 0.1.0
 * @category models
 */
export type Expression<F> =
  | { readonly _tag: "DoubleType" }
  | { readonly _tag: "Binary"; readonly value: F }
  | { readonly _tag: "EpochDay"; readonly value: F }
  | { readonly _tag: "EpochMillis"; readonly value: F }
  | { readonly _tag: "WindowStart"; readonly unit: Unit; readonly value: F; readonly timeZone: string }
  | { readonly _tag: "PeriodIndex"; readonly unit: Unit; readonly value: F }
  | { readonly _tag: "JsonText"; readonly value: F; readonly key: string }
  | {
      readonly _tag: "Filtered"
      readonly aggregate: "count" | "sum" | "max" | "min"
      readonly value: F
      readonly condition: F
    }

/**
 * One SQL engine's hooks. `expression` renders an `Expression`, with `render` compiling its
 * sub-fragments (so their parameters are numbered in order).
 *
 * @example
 * ```ts
 * import { SqlDialect } from "@cxkit/metrics-sql"
 *
 * // Trino: ANSI quoting and `?` parameters; everything else as PostgreSQL writes it.
 * const trino: SqlDialect.Dialect = { ...SqlDialect.postgres, id: "trino", placeholder: () => "?" }
 * console.log(trino.quote("score")) // '"score"'
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Dialect {
  readonly id: string
  readonly quote: (name: string) => string
  readonly placeholder: (index: number, value: unknown) => string
  /** A value as a SQL literal (for `SqlQuery.toSql`, and for engines without parameters). */
  readonly literal: (value: unknown) => string
  /** Whether the engine has window functions (`LEAD`, `LAG`, `ROW_NUMBER`); paths need them. */
  readonly windowFunctions: boolean
  readonly expression: <F>(expression: Expression<F>, render: (fragment: F) => string) => string
}

const doubleQuote = (name: string): string => `"${name.replaceAll('"', '""')}"`

const ansiLiteral = (value: unknown): string => {
  if (value === null || value === undefined) return "NULL"
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a SQL literal`)
    return String(value)
  }
  if (typeof value === "bigint") return value.toString()
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE"
  if (value instanceof Date) return `TIMESTAMP '${value.toISOString().replace("T", " ").replace("Z", "")}'`
  return `'${String(value).replaceAll("'", "''")}'`
}

const ansiFiltered = <F>(
  e: Extract<Expression<F>, { _tag: "Filtered" }>,
  render: (f: F) => string
): string =>
  e.aggregate === "count"
    ? `COUNT(*) FILTER (WHERE ${render(e.condition)})`
    : `${e.aggregate.toUpperCase()}(${render(e.value)}) FILTER (WHERE ${render(e.condition)})`

// Period.index in SQL: consecutive integers per UTC calendar period (weeks from Monday
// 1970-01-05, day 4 of the epoch; months, quarters and years counted from January 1970), from the
// epoch day and the UTC year and month of the timestamp. Each is rendered where it is used, so
// parameters inside the timestamp's fragment are numbered in the order they appear.
const periodIndex = (unit: Unit, day: () => string, part: (name: "year" | "month") => string): string => {
  switch (unit) {
    case "day":
      return day()
    case "week":
      return `CAST(floor((${day()} - 4) / 7.0) AS BIGINT)`
    case "month":
      return `((${part("year")} - 1970) * 12 + ${part("month")} - 1)`
    case "quarter":
      return `((${part("year")} - 1970) * 4 + CAST(floor((${part("month")} - 1) / 3.0) AS BIGINT))`
    case "year":
      return `(${part("year")} - 1970)`
  }
}

/**
 * DuckDB (1.1 and later, with its bundled ICU time zones): `$n` parameters, double-quoted names.
 *
 * @example
 * ```ts
 * import { SqlDialect } from "@cxkit/metrics-sql"
 *
 * console.log(SqlDialect.duckdb.placeholder(2, "x")) // "$2"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const duckdb: Dialect = {
  id: "duckdb",
  quote: doubleQuote,
  placeholder: (index) => `$${index}`,
  literal: ansiLiteral,
  windowFunctions: true,
  expression: (e, render) => {
    switch (e._tag) {
      case "DoubleType":
        return "DOUBLE PRECISION"
      case "Binary":
        return `(${render(e.value)} COLLATE C)`
      case "EpochDay":
        return `CAST(floor(epoch_ms(${render(e.value)}) / 86400000) AS BIGINT)`
      case "EpochMillis":
        return `CAST(epoch_ms(${render(e.value)}) AS DOUBLE PRECISION)`
      case "WindowStart": {
        // The wall-clock time in the zone, as a TIMESTAMP: epoch_us() is the instant whatever the
        // column's type; in UTC make_timestamp() reads it without ICU (4x faster), elsewhere
        // timezone() converts. The truncated window start is returned as its day number (no
        // string formatting per row).
        const us = `epoch_us(${render(e.value)})`
        const local =
          e.timeZone === "UTC"
            ? `make_timestamp(${us})`
            : `timezone(${ansiLiteral(e.timeZone)}, to_timestamp(${us} / 1000000.0))`
        return `CAST(floor(epoch_ms(date_trunc('${e.unit}', ${local})) / 86400000) AS BIGINT)`
      }
      case "PeriodIndex":
        return periodIndex(
          e.unit,
          () => `CAST(floor(epoch_ms(${render(e.value)}) / 86400000) AS BIGINT)`,
          (part) => `${part}(timezone('UTC', to_timestamp(epoch_ms(${render(e.value)}) / 1000.0)))`
        )
      case "JsonText":
        return `json_extract_string(${render(e.value)}, ${ansiLiteral(`$.${e.key}`)})`
      case "Filtered":
        return ansiFiltered(e, render)
    }
  }
}

/**
 * PostgreSQL (12 and later): `$n` parameters, double-quoted names.
 *
 * @example
 * ```ts
 * import { SqlDialect } from "@cxkit/metrics-sql"
 *
 * console.log(SqlDialect.postgres.quote('my "col"')) // '"my ""col"""'
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const postgres: Dialect = {
  id: "postgres",
  quote: doubleQuote,
  placeholder: (index) => `$${index}`,
  literal: ansiLiteral,
  windowFunctions: true,
  expression: (e, render) => {
    switch (e._tag) {
      case "DoubleType":
        return "DOUBLE PRECISION"
      case "Binary":
        return `(${render(e.value)} COLLATE "C")`
      case "EpochDay":
        return `CAST(floor(extract(epoch FROM ${render(e.value)}) / 86400) AS BIGINT)`
      case "EpochMillis":
        return `CAST(extract(epoch FROM ${render(e.value)}) * 1000 AS DOUBLE PRECISION)`
      case "WindowStart":
        return `CAST(floor(extract(epoch FROM date_trunc('${e.unit}', timezone(${ansiLiteral(e.timeZone)}, to_timestamp(extract(epoch FROM ${render(e.value)}))))) / 86400) AS BIGINT)`
      case "PeriodIndex":
        return periodIndex(
          e.unit,
          () => `CAST(floor(extract(epoch FROM ${render(e.value)}) / 86400) AS BIGINT)`,
          (part) =>
            `CAST(extract(${part} FROM timezone('UTC', to_timestamp(extract(epoch FROM ${render(e.value)})))) AS BIGINT)`
        )
      case "JsonText":
        // jsonb or json (cast), so the destinations' jsonb columns and users' text-JSON columns both work.
        return `(CAST(${render(e.value)} AS JSONB) ->> ${ansiLiteral(e.key)})`
      case "Filtered":
        return ansiFiltered(e, render)
    }
  }
}

const clickhouseLiteral = (value: unknown): string => {
  if (typeof value === "string") return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`
  if (value instanceof Date) return `toDateTime(${Math.floor(value.getTime() / 1000)}, 'UTC')`
  if (typeof value === "boolean") return value ? "1" : "0"
  return ansiLiteral(value)
}

const clickhouseWindow: Record<Unit, string> = {
  day: "",
  week: "toMonday",
  month: "toStartOfMonth",
  quarter: "toStartOfQuarter",
  year: "toStartOfYear"
}

/**
 * ClickHouse, down to the 18.x releases Debian ships: backquoted names, and values written as
 * escaped literals, because servers before 19.x take no query parameters. Timestamps are
 * `DateTime` columns (seconds); JSON keys are read with `visitParamExtractString`.
 *
 * @example
 * ```ts
 * import { SqlDialect } from "@cxkit/metrics-sql"
 *
 * console.log(SqlDialect.clickhouse.placeholder(1, "it's")) // "'it\\'s'"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const clickhouse: Dialect = {
  id: "clickhouse",
  quote: (name) => `\`${name.replaceAll("\\", "\\\\").replaceAll("`", "\\`")}\``,
  placeholder: (_, value) => clickhouseLiteral(value),
  literal: clickhouseLiteral,
  windowFunctions: false,
  expression: (e, render) => {
    switch (e._tag) {
      case "DoubleType":
        return "Float64"
      case "Binary":
        return render(e.value)
      case "EpochDay":
        return `toInt64(intDiv(toUInt32(${render(e.value)}), 86400))`
      case "EpochMillis":
        return `(toFloat64(toUInt32(${render(e.value)})) * 1000)`
      case "WindowStart":
        return `toInt64(${clickhouseWindow[e.unit]}(toDate(${render(e.value)}, ${clickhouseLiteral(e.timeZone)})))`
      case "PeriodIndex":
        return periodIndex(
          e.unit,
          () => `toInt64(intDiv(toUInt32(${render(e.value)}), 86400))`,
          (part) => `toInt64(${part === "year" ? "toYear" : "toMonth"}(${render(e.value)}, 'UTC'))`
        )
      case "JsonText":
        return `visitParamExtractString(${render(e.value)}, ${clickhouseLiteral(e.key)})`
      case "Filtered":
        return e.aggregate === "count"
          ? `countIf(${render(e.condition)})`
          : `${e.aggregate}If(${render(e.value)}, ${render(e.condition)})`
    }
  }
}
