/**
 * Cohort retention tables: customers (and their revenue) by acquisition cohort and period
 * offset, in "on" mode (active in exactly that period) or "on-or-after" mode (active then or
 * later, "unbounded" retention), as rows for plotting (`cells`) or as text (`format`). Rows come
 * from any activity data, or from subscriptions through `Retention.fromSubscriptions`; periods
 * are integer indices (`Period.index`).
 *
 * @since 0.1.0
 */
import * as V from "./internal/validate.ts"

// One customer's revenue and activity in one period.
type Entry = { revenue: number; active: boolean }

/**
 * One customer active in one period, with optional recurring revenue.
 *
 * @since 0.1.0
 * @category models
 */
export interface ActivityRow {
  readonly customerId: string
  /** Integer period index (see `Period.index`). */
  readonly period: number
  /** Revenue in that period (default 0). */
  readonly revenue?: number | undefined
  /**
   * Whether the customer counts as retained in that period (default `true`). A row with
   * `active: false` still places the customer in its acquisition cohort (e.g. a customer who
   * subscribed and cancelled within one period) without counting it as retained.
   */
  readonly active?: boolean | undefined
}

/**
 * "on": a customer counts at offset k if active in exactly period cohort + k (classic
 * retention). "on-or-after": if active in period cohort + k or any later period ("unbounded"
 * retention; never increases with k, and robust to customers who skip a period).
 *
 * @since 0.1.0
 * @category models
 */
export type Mode = "on" | "on-or-after"

/**
 * One acquisition cohort: customers whose first active period is `cohort`. Arrays are indexed by
 * offset 0, 1, …; an entry is `undefined` where period cohort + offset is after the last period
 * observed (not yet known, as opposed to 0).
 *
 * @since 0.1.0
 * @category models
 */
export interface Cohort {
  readonly cohort: number
  readonly size: number
  readonly customers: ReadonlyArray<number | undefined>
  /** customers[k] / size. */
  readonly customerRetention: ReadonlyArray<number | undefined>
  /** Revenue of the cohort in period cohort + k (always "on" mode). */
  readonly revenue: ReadonlyArray<number | undefined>
  /** revenue[k] / revenue[0]; undefined when revenue[0] is 0. Above 1 means net expansion. */
  readonly revenueRetention: ReadonlyArray<number | undefined>
}

/**
 * A cohort retention table: one row per acquisition cohort (ascending), columns are period
 * offsets 0…`offsets − 1`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Table {
  readonly mode: Mode
  readonly offsets: number
  readonly lastPeriod: number
  readonly cohorts: ReadonlyArray<Cohort>
}

/**
 * Builds a cohort retention table from activity rows. A customer's cohort is the first period in
 * which it has a row (with `active: false` too). Revenue retention is always in "on" mode (revenue in exactly that period);
 * the mode applies to customer counts.
 *
 * @example
 * ```ts
 * import { Cohort } from "@cxkit/metrics"
 *
 * const table = Cohort.table(
 *   [
 *     { customerId: "a", period: 0 }, { customerId: "a", period: 2 },
 *     { customerId: "b", period: 0 }, { customerId: "b", period: 1 },
 *     { customerId: "c", period: 1 }
 *   ],
 *   { mode: "on-or-after" }
 * )
 * console.log(table.cohorts[0]?.customers) // [2, 2, 1]
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const table = (rows: Iterable<ActivityRow>, options?: { readonly mode?: Mode | undefined }): Table => {
  const mode =
    options?.mode === undefined ? "on" : V.oneOf("options.mode", options.mode, ["on", "on-or-after"] as const)
  const byCustomer = new Map<string, Map<number, Entry>>()
  let lastPeriod = Number.NEGATIVE_INFINITY
  let i = 0
  for (const row of rows) {
    const id = V.nonEmptyString(`rows[${i}].customerId`, row.customerId)
    const period = V.integerAtLeast(`rows[${i}].period`, row.period, Number.MIN_SAFE_INTEGER)
    const revenue = row.revenue === undefined ? 0 : V.nonNegative(`rows[${i}].revenue`, row.revenue)
    if (row.active !== undefined && typeof row.active !== "boolean")
      V.invalid(`rows[${i}].active`, row.active, "a boolean")
    let m = byCustomer.get(id)
    if (m === undefined) {
      m = new Map()
      byCustomer.set(id, m)
    }
    const cell = m.get(period)
    m.set(period, {
      revenue: (cell?.revenue ?? 0) + revenue,
      active: (cell?.active ?? false) || row.active !== false
    })
    lastPeriod = Math.max(lastPeriod, period)
    i++
  }
  if (i === 0) return { mode, offsets: 0, lastPeriod: 0, cohorts: [] }

  type Member = { readonly periods: Map<number, Entry>; readonly last: number }
  const groups = new Map<number, Array<Member>>()
  for (const id of [...byCustomer.keys()].sort()) {
    const periods = byCustomer.get(id) as Map<number, Entry>
    let cohort = Number.POSITIVE_INFINITY
    let last = Number.NEGATIVE_INFINITY
    for (const [p, cell] of periods) {
      cohort = Math.min(cohort, p)
      if (cell.active) last = Math.max(last, p)
    }
    const member = { periods, last }
    const g = groups.get(cohort)
    if (g === undefined) groups.set(cohort, [member])
    else g.push(member)
  }
  const firstCohort = Math.min(...groups.keys())
  const offsets = lastPeriod - firstCohort + 1
  const out: Array<Cohort> = []
  for (const cohort of [...groups.keys()].sort((a, b) => a - b)) {
    const members = groups.get(cohort) as Array<Member>
    const known = lastPeriod - cohort + 1
    const customers: Array<number | undefined> = []
    const revenue: Array<number | undefined> = []
    for (let k = 0; k < offsets; k++) {
      if (k >= known) {
        customers.push(undefined)
        revenue.push(undefined)
        continue
      }
      const p = cohort + k
      let count = 0
      let sum = 0
      for (const { periods, last } of members) {
        const cell = periods.get(p)
        if (cell !== undefined) sum += cell.revenue
        if (mode === "on" ? cell?.active === true : last >= p) count++
      }
      customers.push(count)
      revenue.push(sum)
    }
    const size = members.length
    const base = revenue[0] as number
    out.push({
      cohort,
      size,
      customers,
      customerRetention: customers.map((c) => (c === undefined ? undefined : c / size)),
      revenue,
      revenueRetention: revenue.map((r) => (r === undefined || base === 0 ? undefined : r / base))
    })
  }
  return { mode, offsets, lastPeriod, cohorts: out }
}

/**
 * One cell of a cohort table in long format, ready for a plotting spec (e.g. `Chart.heatmap`
 * with `label` on y, `offset` on x and `customerRetention` as the value). A type alias, not an
 * interface, so cells are assignable to plain record rows.
 *
 * @since 0.1.0
 * @category models
 */
export type Cell = {
  readonly cohort: number
  readonly label: string
  readonly offset: number
  readonly size: number
  readonly customers: number
  readonly customerRetention: number
  readonly revenue: number
  readonly revenueRetention: number | undefined
}

/**
 * The known cells of a cohort table in long format (unknown future cells are left out).
 *
 * @example
 * ```ts
 * import { Cohort } from "@cxkit/metrics"
 *
 * const table = Cohort.table([{ customerId: "a", period: 0 }, { customerId: "a", period: 1 }])
 * console.log(Cohort.cells(table).length) // 2
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const cells = (
  table: Table,
  options?: { readonly label?: ((cohort: number) => string) | undefined }
): ReadonlyArray<Cell> => {
  const label = options?.label ?? String
  const out: Array<Cell> = []
  for (const c of table.cohorts) {
    c.customers.forEach((customers, offset) => {
      if (customers === undefined) return
      out.push({
        cohort: c.cohort,
        label: label(c.cohort),
        offset,
        size: c.size,
        customers,
        customerRetention: c.customerRetention[offset] as number,
        revenue: c.revenue[offset] as number,
        revenueRetention: c.revenueRetention[offset]
      })
    })
  }
  return out
}

/**
 * The table as aligned text: one line per cohort with its size and, per offset, the retained
 * share in percent (`value: "share"`, default), the count (`"count"`), or revenue retention
 * (`"revenue"`). Unknown future cells are blank.
 *
 * @example
 * ```ts
 * import { Cohort } from "@cxkit/metrics"
 *
 * const table = Cohort.table([
 *   { customerId: "a", period: 0 }, { customerId: "a", period: 1 }, { customerId: "b", period: 0 }
 * ])
 * console.log(Cohort.format(table))
 * // cohort  size     +0     +1
 * // 0          2  100.0   50.0
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const format = (
  table: Table,
  options?: {
    readonly value?: "share" | "count" | "revenue" | undefined
    readonly label?: ((cohort: number) => string) | undefined
  }
): string => {
  const value =
    options?.value === undefined
      ? "share"
      : V.oneOf("options.value", options.value, ["share", "count", "revenue"] as const)
  const label = options?.label ?? String
  const header = ["cohort", "size", ...Array.from({ length: table.offsets }, (_, k) => `+${k}`)]
  const body = table.cohorts.map((c) => [
    label(c.cohort),
    String(c.size),
    ...Array.from({ length: table.offsets }, (_, k) => {
      const x =
        value === "count"
          ? c.customers[k]
          : value === "share"
            ? c.customerRetention[k]
            : c.revenueRetention[k]
      return x === undefined ? "" : value === "count" ? String(x) : (x * 100).toFixed(1)
    })
  ])
  const lines = [header, ...body]
  const widths = header.map((_, j) => Math.max(...lines.map((l) => (l[j] as string).length)))
  return lines
    .map((l) =>
      l
        .map((cell, j) => (j === 0 ? cell.padEnd(widths[j] as number) : cell.padStart(widths[j] as number)))
        .join("  ")
        .trimEnd()
    )
    .join("\n")
}
