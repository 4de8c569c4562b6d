// Input passes shared by Kaplan-Meier (`Survival`) and the log-rank test (`LogRank`): one scan of
// the durations and the event indicator of one row, both without a comparator or per-row
// allocation, so the counting paths stay O(n).
import * as V from "./validate.ts"

/** The largest duration and whether every duration is an integer below 2³¹ (days, months). */
export interface DurationScan {
  readonly max: number
  readonly integral: boolean
}

/** Validates every duration (finite, ≥ 0), naming the first bad index, in one pass. */
export const scanDurations = (durations: ArrayLike<number>): DurationScan => {
  const n = durations.length
  let max = 0
  let i = 0
  // Integers ≥ 0 below 2³¹ (finite by construction) need one test each.
  for (; i < n; i++) {
    const d = durations[i] as number
    if ((d | 0) !== d || d < 0) break
    if (d > max) max = d
  }
  if (i === n) return { max, integral: true }
  for (; i < n; i++) {
    const d = durations[i] as number
    if (typeof d !== "number" || !(d >= 0 && d <= Number.MAX_VALUE))
      V.invalid(`durations[${i}]`, d, "a finite number ≥ 0")
    if (d > max) max = d
  }
  return { max, integral: false }
}

/**
 * Integer durations up to this bound are counted in one bin per time (O(n + range) time and
 * memory); beyond it, or for fractional durations, the distinct times are found by sorting.
 */
export const countingRange = (n: number): number => Math.max(1024, 4 * n)

/**
 * The event indicators as one byte per row: 1 when the row ends in the event, 0 when it is
 * censored (every row is an event without indicators). Accepts exactly true/false/1/0, naming the
 * first bad index. A `Uint8Array` is checked in one branch-free pass and used as it is; other
 * inputs are copied, checked by one multiplication rather than a chain of comparisons so that the
 * loop does not branch on the (random) indicator.
 */
export const eventFlags = (observed: ArrayLike<boolean | number> | undefined, n: number): Uint8Array => {
  if (observed === undefined) return new Uint8Array(n).fill(1)
  if (observed instanceof Uint8Array) {
    let any = 0
    for (let i = 0; i < n; i++) any |= observed[i] as number
    if (any > 1) for (let i = 0; i < n; i++) V.eventIndicator(`observed[${i}]`, observed[i])
    return observed
  }
  const flags = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const o = observed[i]
    const e = +(o as number)
    // e(e − 1) = 0 exactly for 0 and 1 (NaN, ±∞ and every other number fail); strings such as
    // "1" would convert, so the type is checked too.
    if (e * (e - 1) !== 0 || (typeof o !== "number" && typeof o !== "boolean"))
      V.eventIndicator(`observed[${i}]`, o)
    flags[i] = e
  }
  return flags
}

/** Validates case weights (finite, ≥ 0), naming the first bad index; the field is built only then. */
export const checkWeights = (weights: ArrayLike<number>): void => {
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] as number
    if (typeof w !== "number" || !(w >= 0 && w <= Number.MAX_VALUE)) V.nonNegative(`weights[${i}]`, w)
  }
}

/** Each row's time as an index into `values`, the distinct durations in increasing order. */
export interface Ranks {
  readonly index: Int32Array
  readonly values: Float64Array
}

/**
 * Fractional (or widely spread) durations: each row's rank among the distinct durations, found by
 * one numeric sort of a copy (no comparator) and a binary search per row, O(n log n).
 */
export const ranks = (durations: ArrayLike<number>): Ranks => {
  const n = durations.length
  const sorted = Float64Array.from(durations).sort()
  let m = 0
  for (let i = 0; i < n; i++) if (m === 0 || sorted[i] !== sorted[m - 1]) sorted[m++] = sorted[i] as number
  const index = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const d = durations[i] as number
    let lo = 0
    let hi = m - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((sorted[mid] as number) < d) lo = mid + 1
      else hi = mid
    }
    index[i] = lo
  }
  return { index, values: sorted.subarray(0, m) }
}
