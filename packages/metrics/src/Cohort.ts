/**
 * Cohort retention tables: customers (and their revenue) by acquisition cohort and period
 * offset, in "on" mode (active in exactly that period) or "on-or-after" mode (active then or
 * later, "unbounded" retention), as rows for plotting (`cells`) or as text (`format`). Rows come
 * from any activity data, or from subscriptions through `Retention.fromSubscriptions`; periods
 * are integer indices (`Period.index`).
 *
 * @module
 * @since 0.1.0
 */
import { countingSort } from "./internal/countingSort.ts"
import * as V from "./internal/validate.ts"

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
 * Details: one pass over the rows into columns (customer ids interned to integers, typed
 * arrays), then O(rows + customers + cohorts × offsets) counting, with no per-customer maps and
 * no sort of the rows.
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
  const columns = activityColumns(rows)
  const n = columns.size
  if (n === 0) return { mode, offsets: 0, lastPeriod: 0, cohorts: [] }
  const { customer, period, revenue, active, customers } = columns

  // Per customer: its cohort (first period with a row) and its last active period.
  const cohortOf = new Float64Array(customers).fill(Number.POSITIVE_INFINITY)
  const lastOf = new Float64Array(customers).fill(Number.NEGATIVE_INFINITY)
  let lastPeriod = Number.NEGATIVE_INFINITY
  for (let i = 0; i < n; i++) {
    const c = customer[i] as number
    const p = period[i] as number
    if (p < (cohortOf[c] as number)) cohortOf[c] = p
    if (active[i] === 1 && p > (lastOf[c] as number)) lastOf[c] = p
    if (p > lastPeriod) lastPeriod = p
  }
  const starts = [...new Set(cohortOf)].sort((x, y) => x - y)
  const firstCohort = starts[0] as number
  const offsets = lastPeriod - firstCohort + 1
  const q = starts.length
  const indexOf = new Map(starts.map((start, k) => [start, k]))
  const cohortIndex = Int32Array.from(cohortOf, (start) => indexOf.get(start) as number)

  // Cohort × offset cells: sizes, revenue (every row), retained customers (each customer once).
  const size = new Float64Array(q)
  for (let c = 0; c < customers; c++) {
    const g = cohortIndex[c] as number
    size[g] = (size[g] as number) + 1
  }
  const cellRevenue = new Float64Array(q * offsets)
  const retained = new Float64Array(q * offsets)
  for (let i = 0; i < n; i++) {
    const c = customer[i] as number
    const cell = (cohortIndex[c] as number) * offsets + (period[i] as number) - (cohortOf[c] as number)
    cellRevenue[cell] = (cellRevenue[cell] as number) + (revenue[i] as number)
  }
  if (mode === "on") {
    // Active in exactly cohort + k: rows grouped by customer (a counting sort, O(n + customers)),
    // each (customer, offset) counted once through a stamp per offset.
    const order = countingSort(customer, n, customers)
    const stamp = new Int32Array(offsets).fill(-1)
    for (let r = 0; r < n; r++) {
      const i = order[r] as number
      if (active[i] === 0) continue
      const c = customer[i] as number
      const k = (period[i] as number) - (cohortOf[c] as number)
      if (stamp[k] === c) continue
      stamp[k] = c
      const cell = (cohortIndex[c] as number) * offsets + k
      retained[cell] = (retained[cell] as number) + 1
    }
  } else {
    // Active in cohort + k or later: customers by their last active offset, summed from the end.
    for (let c = 0; c < customers; c++) {
      const last = lastOf[c] as number
      if (last === Number.NEGATIVE_INFINITY) continue
      const cell = (cohortIndex[c] as number) * offsets + last - (cohortOf[c] as number)
      retained[cell] = (retained[cell] as number) + 1
    }
    for (let g = 0; g < q; g++)
      for (let k = offsets - 2; k >= 0; k--)
        retained[g * offsets + k] =
          (retained[g * offsets + k] as number) + (retained[g * offsets + k + 1] as number)
  }

  const out: Array<Cohort> = []
  for (let g = 0; g < q; g++) {
    const cohort = starts[g] as number
    const known = lastPeriod - cohort + 1
    const customers: Array<number | undefined> = []
    const revenue: Array<number | undefined> = []
    for (let k = 0; k < offsets; k++) {
      customers.push(k < known ? (retained[g * offsets + k] as number) : undefined)
      revenue.push(k < known ? (cellRevenue[g * offsets + k] as number) : undefined)
    }
    const members = size[g] as number
    const base = revenue[0] as number
    out.push({
      cohort,
      size: members,
      customers,
      customerRetention: customers.map((c) => (c === undefined ? undefined : c / members)),
      revenue,
      revenueRetention: revenue.map((r) => (r === undefined || base === 0 ? undefined : r / base))
    })
  }
  return { mode, offsets, lastPeriod, cohorts: out }
}

// Activity rows as columns: customer ids interned to codes 0…customers − 1 (first appearance),
// periods, revenue and activity in typed arrays grown by doubling. Each row is checked with one
// test per field; the field name is built only for a bad value.
const activityColumns = (
  rows: Iterable<ActivityRow>
): {
  readonly size: number
  readonly customers: number
  readonly customer: Int32Array
  readonly period: Float64Array
  readonly revenue: Float64Array
  readonly active: Uint8Array
} => {
  const ids = new Map<string, number>()
  let capacity = 1024
  let customer = new Int32Array(capacity)
  let period = new Float64Array(capacity)
  let revenue = new Float64Array(capacity)
  let active = new Uint8Array(capacity)
  let n = 0
  for (const row of rows) {
    const id = row.customerId
    if (!(typeof id === "string" && id.length > 0)) V.nonEmptyString(`rows[${n}].customerId`, id)
    const p = row.period
    if (!(Number.isInteger(p) && p >= Number.MIN_SAFE_INTEGER))
      V.integerAtLeast(`rows[${n}].period`, p, Number.MIN_SAFE_INTEGER)
    const r = row.revenue
    if (!(r === undefined || (typeof r === "number" && r >= 0 && r <= Number.MAX_VALUE)))
      V.nonNegative(`rows[${n}].revenue`, r)
    const a = row.active
    if (a !== undefined && typeof a !== "boolean") V.invalid(`rows[${n}].active`, a, "a boolean")
    let c = ids.get(id)
    if (c === undefined) {
      c = ids.size
      ids.set(id, c)
    }
    if (n === capacity) {
      capacity *= 2
      customer = grow(customer, new Int32Array(capacity))
      period = grow(period, new Float64Array(capacity))
      revenue = grow(revenue, new Float64Array(capacity))
      active = grow(active, new Uint8Array(capacity))
    }
    customer[n] = c
    period[n] = p
    revenue[n] = r ?? 0
    active[n] = a === false ? 0 : 1
    n++
  }
  return { size: n, customers: ids.size, customer, period, revenue, active }
}

const grow = <A extends Int32Array | Float64Array | Uint8Array>(from: A, to: A): A => {
  to.set(from)
  return to
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
