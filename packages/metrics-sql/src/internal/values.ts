import { MetricError } from "@cxkit/metrics"

/**
 * A number from a result column: drivers return counts as `bigint` (DuckDB, PostgreSQL's
 * `BIGINT`) or decimal strings (PostgreSQL's `NUMERIC`); anything else fails with `MetricError`
 * naming the column.
 */
export const toNumber = (value: unknown, field: string): number => {
  const n =
    typeof value === "number"
      ? value
      : typeof value === "bigint"
        ? Number(value)
        : typeof value === "string" && value.trim() !== ""
          ? Number(value)
          : Number.NaN
  if (!Number.isFinite(n) || (typeof value === "bigint" && !Number.isSafeInteger(n)))
    throw new MetricError.MetricError({ reason: "InvalidInput", field, value, rule: "a finite number" })
  return n
}
