// Sample quantiles of observed values (not distribution quantiles, which live in distributions.ts).

/**
 * Quantile of an ascending-sorted sample by linear interpolation between order statistics:
 * Hyndman & Fan (1996), "Sample quantiles in statistical packages", definition 7 (the default of
 * R's `quantile`, NumPy's `quantile` and Excel's PERCENTILE.INC): h = (n − 1)p, Q = x⌊h⌋ +
 * (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋). `sorted` must be non-empty and `p` in [0, 1].
 */
export const quantileSorted = (sorted: ArrayLike<number>, p: number): number => {
  const h = (sorted.length - 1) * p
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, sorted.length - 1)
  const a = sorted[lo] as number
  const b = sorted[hi] as number
  return a + (h - lo) * (b - a)
}

/** Summary of durations in milliseconds: count, mean, median and the requested percentiles. */
export interface Summary {
  readonly count: number
  readonly mean: number
  readonly median: number
  /** `percentiles[i]` is the `levels[i]` quantile. */
  readonly percentiles: ReadonlyArray<{ readonly level: number; readonly value: number }>
}

/** Summarises a sample (any order); `undefined` for an empty one. */
export const summarize = (
  values: ReadonlyArray<number>,
  levels: ReadonlyArray<number>
): Summary | undefined => {
  if (values.length === 0) return undefined
  const sorted = Float64Array.from(values).sort()
  let sum = 0
  for (const v of sorted) sum += v
  return {
    count: sorted.length,
    mean: sum / sorted.length,
    median: quantileSorted(sorted, 0.5),
    percentiles: levels.map((level) => ({ level, value: quantileSorted(sorted, level) }))
  }
}
