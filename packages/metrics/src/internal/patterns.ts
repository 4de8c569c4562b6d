// Validated, collapsed frequency / recency / T data for the purchase-model likelihoods: identical
// patterns are merged (weights summed), so a fit costs O(distinct patterns), not O(customers).
import { frequencyRecency, invalid, weight as validWeight } from "./validate.ts"

export interface Patterns {
  readonly size: number
  readonly x: Float64Array
  readonly tx: Float64Array
  readonly T: Float64Array
  readonly w: Float64Array
  /** Index of each pattern's frequency in `distinctX`. */
  readonly xIndex: Int32Array
  /** Distinct frequencies, for per-evaluation tables of ln Γ(· + x). */
  readonly distinctX: Float64Array
  readonly totalWeight: number
  /** Weighted sums of x and T (for starting values). */
  readonly sumX: number
  readonly sumT: number
}

const isValidRow = (row: { readonly frequency: unknown; readonly recency: unknown; readonly T: unknown }) => {
  if (typeof row !== "object" || row === null) return false
  const { frequency, recency, T } = row
  return (
    typeof frequency === "number" &&
    Number.isInteger(frequency) &&
    frequency >= 0 &&
    typeof recency === "number" &&
    Number.isFinite(recency) &&
    recency >= 0 &&
    typeof T === "number" &&
    Number.isFinite(T) &&
    T > 0 &&
    recency <= T &&
    (frequency > 0 || recency === 0)
  )
}

const isValidWeight = (w: unknown): w is number | undefined =>
  w === undefined || (typeof w === "number" && Number.isFinite(w) && w >= 0)

export const patterns = (
  rows: Iterable<{
    readonly frequency: number
    readonly recency: number
    readonly T: number
    readonly weight?: number | undefined
  }>,
  field = "rows"
): Patterns => {
  const index = new Map<number, Map<number, Map<number, number>>>()
  const x: Array<number> = []
  const tx: Array<number> = []
  const T: Array<number> = []
  const w: Array<number> = []
  let i = 0
  for (const row of rows) {
    // Fast path without building field names; the shared checks produce the error otherwise.
    const valid = isValidRow(row) ? row : frequencyRecency(`${field}[${i}]`, row)
    const weight = isValidWeight(row.weight)
      ? (row.weight ?? 1)
      : validWeight(`${field}[${i}].weight`, row.weight)
    i++
    if (weight === 0) continue
    let byRecency = index.get(valid.frequency)
    if (byRecency === undefined) {
      byRecency = new Map()
      index.set(valid.frequency, byRecency)
    }
    let byT = byRecency.get(valid.recency)
    if (byT === undefined) {
      byT = new Map()
      byRecency.set(valid.recency, byT)
    }
    const at = byT.get(valid.T)
    if (at === undefined) {
      byT.set(valid.T, x.length)
      x.push(valid.frequency)
      tx.push(valid.recency)
      T.push(valid.T)
      w.push(weight)
    } else {
      w[at] = (w[at] as number) + weight
    }
  }
  if (x.length === 0)
    invalid(field, i === 0 ? [] : "all weights 0", "at least one row with a positive weight")
  const distinct = [...new Set(x)].sort((a, b) => a - b)
  const position = new Map(distinct.map((v, k) => [v, k]))
  let totalWeight = 0
  let sumX = 0
  let sumT = 0
  for (let k = 0; k < x.length; k++) {
    totalWeight += w[k] as number
    sumX += (w[k] as number) * (x[k] as number)
    sumT += (w[k] as number) * (T[k] as number)
  }
  return {
    size: x.length,
    x: Float64Array.from(x),
    tx: Float64Array.from(tx),
    T: Float64Array.from(T),
    w: Float64Array.from(w),
    xIndex: Int32Array.from(x, (v) => position.get(v) as number),
    distinctX: Float64Array.from(distinct),
    totalWeight,
    sumX,
    sumT
  }
}

/** Fits need at least one repeat purchase: without one the purchase process is not identified. */
export const requireRepeatPurchase = (data: Patterns, field = "rows"): Patterns =>
  data.sumX > 0
    ? data
    : invalid(
        `${field}[*].frequency`,
        0,
        "positive for at least one customer (without repeat purchases the model is not identified)"
      )
