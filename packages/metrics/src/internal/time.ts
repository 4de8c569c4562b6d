// Calendar arithmetic behind the public Period module, shared by the modules that number
// periods in their inner loops (no validation here: callers have checked their input).
/** A calendar period (the public `Period.Period`). */
export type Period = "day" | "week" | "month" | "quarter" | "year"

export const DAY = 86_400_000
// 1970-01-05 was a Monday: week 0 starts there (ISO weeks start on Monday).
const FIRST_MONDAY = 4 * DAY

export const PERIODS: ReadonlyArray<Period> = ["day", "week", "month", "quarter", "year"]

/** The index of the UTC calendar period containing epoch milliseconds `ms`. */
export const indexOf = (ms: number, period: Period): number => {
  const d = new Date(ms)
  switch (period) {
    case "day":
      return Math.floor(ms / DAY)
    case "week":
      return Math.floor((ms - FIRST_MONDAY) / (7 * DAY))
    case "month":
      return (d.getUTCFullYear() - 1970) * 12 + d.getUTCMonth()
    case "quarter":
      return (d.getUTCFullYear() - 1970) * 4 + Math.floor(d.getUTCMonth() / 3)
    case "year":
      return d.getUTCFullYear() - 1970
  }
}

// Date.UTC reads years 0–99 as 1900–1999; setUTCFullYear does not.
const utc = (year: number, month: number): number => new Date(0).setUTCFullYear(year, month, 1)

/** The first instant (UTC epoch milliseconds) of period `index`. */
export const startOf = (index: number, period: Period): number => {
  switch (period) {
    case "day":
      return index * DAY
    case "week":
      return FIRST_MONDAY + index * 7 * DAY
    case "month":
      return utc(1970 + Math.floor(index / 12), ((index % 12) + 12) % 12)
    case "quarter":
      return utc(1970 + Math.floor(index / 4), (((index % 4) + 4) % 4) * 3)
    case "year":
      return utc(1970 + index, 0)
  }
}
