/**
 * The one time vocabulary of `@cxkit/metrics`: calendar periods and instants.
 *
 * - `Period` (`"day" | "week" | "month" | "quarter" | "year"`) is the unit of RFM summaries
 *   (`Rfm`), lifetime value (`Ltv`), cohort and revenue tables (`Retention`), churn by period
 *   (`Churn`) and survey windows (`Grouping`).
 * - `Instant` is what every metric accepts as a point in time.
 * - `index`, `start` and `label` number the calendar periods in UTC: consecutive periods have
 *   consecutive integer indices (month 0 = January 1970, week 0 = the week of Monday
 *   5 January 1970; ISO 8601 weeks start on Monday), so period offsets are differences.
 * - `days` is each period's length in days for rates and discounting (month = 365.25/12,
 *   quarter = 365.25/4, year = 365.25: the Julian year of the IAU, so a "month" rate and a
 *   "year" rate convert by exactly 12).
 *
 * Gotcha: `index` / `start` / `label` read the calendar in UTC; `Grouping` windows read it in an
 * explicit IANA time zone instead.
 *
 * @module
 * @since 0.1.0
 */
import type * as Time from "./internal/time.ts"
import { indexOf, PERIODS, startOf } from "./internal/time.ts"
import * as V from "./internal/validate.ts"

/**
 * A calendar period: `"day"`, `"week"` (ISO 8601, Monday first), `"month"`, `"quarter"` or
 * `"year"`.
 *
 * @since 0.1.0
 * @category models
 */
export type Period = Time.Period

/**
 * A point in time: a `Date`, an ISO 8601 date (`"2024-05-01"`, UTC midnight) or date-time with a
 * zone (`"2024-05-01T10:00:00Z"`, `"…+02:00"`; zoneless date-times are refused because they would
 * depend on the machine's zone), epoch milliseconds, or any object with `epochMilliseconds` (an
 * effect `DateTime`, as `@cxkit/core` uses).
 *
 * @since 0.1.0
 * @category models
 */
export type Instant = Date | string | number | { readonly epochMilliseconds: number }

/**
 * Days in each period (month = 365.25 / 12 days, quarter = 365.25 / 4, year = 365.25).
 *
 * @example
 * ```ts
 * import { Period } from "@cxkit/metrics"
 *
 * console.log(Period.days.week, Period.days.year / Period.days.month) // 7 12
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const days: Readonly<Record<Period, number>> = {
  day: 1,
  week: 7,
  month: 365.25 / 12,
  quarter: 365.25 / 4,
  year: 365.25
}

/**
 * An instant as epoch milliseconds; throws `MetricError` naming `field` for an unparseable or
 * zoneless string, an invalid date or a non-finite number.
 *
 * @example
 * ```ts
 * import { Period } from "@cxkit/metrics"
 *
 * console.log(Period.toEpochMillis("2024-05-01T00:00:00Z")) // 1714521600000
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const toEpochMillis = (at: Instant, field = "at"): number => V.instant(field, at)

/**
 * The integer index of the UTC calendar period containing an instant. Consecutive periods have
 * consecutive indices, so period offsets are differences.
 *
 * @example
 * ```ts
 * import { Period } from "@cxkit/metrics"
 *
 * const jan = Period.index("2024-01-15", "month")
 * const mar = Period.index(new Date("2024-03-01T00:00:00Z"), "month")
 * console.log(mar - jan, Period.label(mar, "month")) // 2 "2024-03"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const index = (at: Instant, period: Period): number =>
  indexOf(V.instant("at", at), V.oneOf("period", period, PERIODS))

/**
 * The first instant (UTC) of a period, as epoch milliseconds.
 *
 * @example
 * ```ts
 * import { Period } from "@cxkit/metrics"
 *
 * const q = Period.index("2024-05-20", "quarter")
 * console.log(new Date(Period.start(q, "quarter")).toISOString()) // "2024-04-01T00:00:00.000Z"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const start = (index: number, period: Period): number => {
  V.integerAtLeast("index", index, Number.MIN_SAFE_INTEGER)
  return startOf(index, V.oneOf("period", period, PERIODS))
}

/**
 * A readable label of a period: "2024-03-05" (a day, and the Monday of a week), "2024-03",
 * "2024-Q2", "2024".
 *
 * @example
 * ```ts
 * import { Period } from "@cxkit/metrics"
 *
 * console.log(Period.label(Period.index("2024-05-20", "quarter"), "quarter")) // "2024-Q2"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const label = (index: number, period: Period): string => {
  const first = new Date(start(index, period))
  const iso = first.toISOString()
  switch (period) {
    case "day":
    case "week":
      return iso.slice(0, 10)
    case "month":
      return iso.slice(0, 7)
    case "quarter":
      return `${first.getUTCFullYear()}-Q${Math.floor(first.getUTCMonth() / 3) + 1}`
    case "year":
      return String(first.getUTCFullYear())
  }
}
