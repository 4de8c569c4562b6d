// The counting loops of the survey metrics (NPS, CSAT, CES), in one place: histograms of integer
// answers per scale point are exact, mergeable by addition, and give the shares, the mean and
// the variance without keeping the answers. Weighted answers add their weight to the bin and
// keep Σw² for Kish's effective sample size (Σw)²/Σw² (Kish 1965, Survey Sampling).
import type { Accumulator } from "../Grouping.ts"
import * as Interval from "../Interval.ts"
import { isIndexable } from "./aggregate.ts"
import * as validate from "./validate.ts"

/** Largest number of points a rating scale may have (a 0–100 slider has 101). */
export const MAX_POINTS = 1001

/** Counts per scale point of integer ratings from `min` to `max`. */
export class RatingAccumulator<S> implements Accumulator<number, S> {
  readonly counts: Array<number>
  readonly field: string
  readonly min: number
  readonly max: number
  readonly finish: (counts: ReadonlyArray<number>) => S
  readonly suffix: string
  constructor(
    field: string,
    min: number,
    max: number,
    finish: (counts: ReadonlyArray<number>) => S,
    suffix = ""
  ) {
    this.field = field
    this.suffix = suffix
    this.min = min
    this.max = max
    this.finish = finish
    this.counts = new Array<number>(max - min + 1).fill(0)
  }
  add(value: unknown, index: number): void {
    const k = typeof value === "number" ? value - this.min : -1
    if (k >>> 0 === k && k <= this.max - this.min) {
      ;(this.counts[k] as number)++
    } else {
      validate.integerInRange(this.field, index, value, this.min, this.max, this.suffix)
    }
  }
  // A whole chunk (a Stream's array) through the histogram loop instead of one call per rating.
  addAll(values: ReadonlyArray<unknown>, firstIndex: number): void {
    const points = this.max - this.min + 1
    const counts = new Int32Array(4 * points)
    if (this.min === 0 && this.max === 10 && this.suffix === "")
      countArray0to10(values, counts, this.field, firstIndex)
    else countArray(values, counts, this.field, this.min, this.max, firstIndex, this.suffix)
    for (let k = 0; k < points; k++) {
      ;(this.counts[k] as number) +=
        (counts[k] as number) +
        (counts[points + k] as number) +
        (counts[2 * points + k] as number) +
        (counts[3 * points + k] as number)
    }
  }
  result(): S {
    return this.finish(this.counts.slice())
  }
}

// As in Nps: an offset k with `(k >>> 0) === k && k < points` is a valid rating (NaN and
// fractions fail), four interleaved histograms keep consecutive increments independent, and one
// loop per input kind keeps element access monomorphic. Plain arrays also need a typeof check:
// "3" − 1 is 2. Int32 bins: fewer than 2³⁰ per bin.
const rejectFirstBad = (
  ratings: ArrayLike<unknown>,
  from: number,
  field: string,
  min: number,
  max: number,
  firstIndex = 0,
  suffix = ""
) => {
  for (let j = from; j < ratings.length; j++) {
    validate.integerInRange(field, firstIndex + j, ratings[j], min, max, suffix)
  }
}

const countArray = (
  ratings: ReadonlyArray<unknown>,
  counts: Int32Array,
  field: string,
  min: number,
  max: number,
  firstIndex = 0,
  suffix = ""
): void => {
  const points = max - min + 1
  const offset = (v: unknown): number => (typeof v === "number" ? v - min : -1)
  const valid = (k: number): boolean => k >>> 0 === k && k < points
  const n = ratings.length
  let i = 0
  for (; i + 3 < n; i += 4) {
    const k0 = offset(ratings[i])
    const k1 = offset(ratings[i + 1])
    const k2 = offset(ratings[i + 2])
    const k3 = offset(ratings[i + 3])
    if (!(valid(k0) && valid(k1) && valid(k2) && valid(k3)))
      rejectFirstBad(ratings, i, field, min, max, firstIndex, suffix)
    ;(counts[k0] as number)++
    ;(counts[points + k1] as number)++
    ;(counts[2 * points + k2] as number)++
    ;(counts[3 * points + k3] as number)++
  }
  for (; i < n; i++) {
    const k = offset(ratings[i])
    if (!valid(k)) rejectFirstBad(ratings, i, field, min, max, firstIndex, suffix)
    ;(counts[k] as number)++
  }
}

const countTyped = (
  ratings: ArrayLike<number>,
  counts: Int32Array,
  field: string,
  min: number,
  max: number
): void => {
  const points = max - min + 1
  const valid = (k: number): boolean => k >>> 0 === k && k < points
  const n = ratings.length
  let i = 0
  for (; i + 3 < n; i += 4) {
    const k0 = (ratings[i] as number) - min
    const k1 = (ratings[i + 1] as number) - min
    const k2 = (ratings[i + 2] as number) - min
    const k3 = (ratings[i + 3] as number) - min
    if (!(valid(k0) && valid(k1) && valid(k2) && valid(k3))) rejectFirstBad(ratings, i, field, min, max)
    ;(counts[k0] as number)++
    ;(counts[points + k1] as number)++
    ;(counts[2 * points + k2] as number)++
    ;(counts[3 * points + k3] as number)++
  }
  for (; i < n; i++) {
    const k = (ratings[i] as number) - min
    if (!valid(k)) rejectFirstBad(ratings, i, field, min, max)
    ;(counts[k] as number)++
  }
}

// Same loop as countTyped, kept separate so byte arrays, the common compact form, stay monomorphic.
const countBytes = (
  ratings: Uint8Array,
  counts: Int32Array,
  field: string,
  min: number,
  max: number
): void => {
  const points = max - min + 1
  const valid = (k: number): boolean => k >>> 0 === k && k < points
  const n = ratings.length
  let i = 0
  for (; i + 3 < n; i += 4) {
    const k0 = (ratings[i] as number) - min
    const k1 = (ratings[i + 1] as number) - min
    const k2 = (ratings[i + 2] as number) - min
    const k3 = (ratings[i + 3] as number) - min
    if (!(valid(k0) && valid(k1) && valid(k2) && valid(k3))) rejectFirstBad(ratings, i, field, min, max)
    ;(counts[k0] as number)++
    ;(counts[points + k1] as number)++
    ;(counts[2 * points + k2] as number)++
    ;(counts[3 * points + k3] as number)++
  }
  for (; i < n; i++) {
    const k = (ratings[i] as number) - min
    if (!valid(k)) rejectFirstBad(ratings, i, field, min, max)
    ;(counts[k] as number)++
  }
}

// The 0–10 scale of NPS gets its own loops: `(s >>> 0) === s` holds only for an integer from 0
// to 2³² − 1, so with `s <= 10` it is the whole validity check (NaN, 7.5, −1, "7" and null all
// fail) without the offset and typeof of the general loops, which the survey benchmark
// (bench/survey.bench.ts) shows is measurably slower on 10M scores.
const valid0to10 = (s: number): boolean => s >>> 0 === s && s <= 10

const rejectFirstBad0to10 = (scores: ArrayLike<unknown>, from: number, field: string, offset: number) => {
  for (let j = from; j < scores.length; j++) validate.integerInRange(field, offset + j, scores[j], 0, 10)
}

const countArray0to10 = (
  scores: ReadonlyArray<unknown>,
  counts: Int32Array,
  field: string,
  offset = 0
): void => {
  const n = scores.length
  let i = 0
  for (; i + 3 < n; i += 4) {
    const s0 = scores[i] as number
    const s1 = scores[i + 1] as number
    const s2 = scores[i + 2] as number
    const s3 = scores[i + 3] as number
    if (!(valid0to10(s0) && valid0to10(s1) && valid0to10(s2) && valid0to10(s3)))
      rejectFirstBad0to10(scores, i, field, offset)
    ;(counts[s0] as number)++
    ;(counts[11 + s1] as number)++
    ;(counts[22 + s2] as number)++
    ;(counts[33 + s3] as number)++
  }
  for (; i < n; i++) {
    const s = scores[i] as number
    if (!valid0to10(s)) rejectFirstBad0to10(scores, i, field, offset)
    ;(counts[s] as number)++
  }
}

// Typed arrays hold numbers: each is truncated once to an int32 k, and k === s with
// 0 ≤ k ≤ 10 (as unsigned) is the whole check (NaN, ±∞, 7.5, −1 and 2³² + 3 all fail). Indexing
// the bins by the int k, not by the double s, saves V8 a float-to-index check per score.
const countTyped0to10 = (scores: ArrayLike<number>, counts: Int32Array, field: string): void => {
  const n = scores.length
  let i = 0
  for (; i + 3 < n; i += 4) {
    const s0 = scores[i] as number
    const s1 = scores[i + 1] as number
    const s2 = scores[i + 2] as number
    const s3 = scores[i + 3] as number
    const k0 = s0 | 0
    const k1 = s1 | 0
    const k2 = s2 | 0
    const k3 = s3 | 0
    if (
      k0 !== s0 ||
      k1 !== s1 ||
      k2 !== s2 ||
      k3 !== s3 ||
      k0 >>> 0 > 10 ||
      k1 >>> 0 > 10 ||
      k2 >>> 0 > 10 ||
      k3 >>> 0 > 10
    )
      rejectFirstBad0to10(scores, i, field, 0)
    ;(counts[k0] as number)++
    ;(counts[11 + k1] as number)++
    ;(counts[22 + k2] as number)++
    ;(counts[33 + k3] as number)++
  }
  for (; i < n; i++) {
    const s = scores[i] as number
    const k = s | 0
    if (k !== s || k >>> 0 > 10) rejectFirstBad0to10(scores, i, field, 0)
    ;(counts[k] as number)++
  }
}

// Bytes are integers from 0 to 255 already: only the upper bound needs checking.
const countBytes0to10 = (scores: Uint8Array, counts: Int32Array, field: string): void => {
  const n = scores.length
  let i = 0
  for (; i + 3 < n; i += 4) {
    const s0 = scores[i] as number
    const s1 = scores[i + 1] as number
    const s2 = scores[i + 2] as number
    const s3 = scores[i + 3] as number
    if (s0 > 10 || s1 > 10 || s2 > 10 || s3 > 10) rejectFirstBad0to10(scores, i, field, 0)
    ;(counts[s0] as number)++
    ;(counts[11 + s1] as number)++
    ;(counts[22 + s2] as number)++
    ;(counts[33 + s3] as number)++
  }
  for (; i < n; i++) {
    const s = scores[i] as number
    if (s > 10) rejectFirstBad0to10(scores, i, field, 0)
    ;(counts[s] as number)++
  }
}

/** Weighted counts: each answer adds its weight (finite, ≥ 0) to its bin; Σw² for Kish's n. */
export const countWeighted = (
  answers: Iterable<number> | ArrayLike<number>,
  weights: Iterable<number> | ArrayLike<number>,
  field: string,
  min: number,
  max: number
): { readonly counts: Array<number>; readonly sumSquaredWeights: number; readonly responses: number } => {
  const values = isIndexable(answers) ? answers : Array.from(answers as Iterable<unknown>)
  const w = isIndexable(weights) ? weights : Array.from(weights as Iterable<unknown>)
  if (w.length !== values.length) {
    validate.invalid("options.weights.length", w.length, `one weight per answer (${values.length} answers)`)
  }
  const counts = new Array<number>(max - min + 1).fill(0)
  let sumSquaredWeights = 0
  for (let i = 0; i < values.length; i++) {
    const k = validate.integerInRange(field, i, values[i], min, max) - min
    const weight = validate.nonNegative(`options.weights[${i}]`, w[i])
    ;(counts as Array<number>)[k] = (counts[k] as number) + weight
    sumSquaredWeights += weight * weight
  }
  return { counts, sumSquaredWeights, responses: values.length }
}

/** Kish's effective sample size (Σw)² / Σw²; the number of answers without weights. */
export const effectiveSizeOf = (total: number, sumSquaredWeights: number): number =>
  sumSquaredWeights === 0 ? 0 : (total * total) / sumSquaredWeights

/** Counts of ratings from an array, a typed array or any iterable, in one pass. */
export const countRatings = (
  ratings: Iterable<number> | ArrayLike<number>,
  field: string,
  min: number,
  max: number
): Array<number> => {
  if (!isIndexable(ratings)) {
    const accumulator = new RatingAccumulator(field, min, max, (c) => c)
    let index = 0
    for (const rating of ratings as Iterable<unknown>) accumulator.add(rating as number, index++)
    return accumulator.counts
  }
  const points = max - min + 1
  const counts = new Int32Array(4 * points)
  if (min === 0 && max === 10) {
    if (ratings instanceof Uint8Array) countBytes0to10(ratings, counts, field)
    else if (Array.isArray(ratings)) countArray0to10(ratings, counts, field)
    else countTyped0to10(ratings as ArrayLike<number>, counts, field)
  } else if (ratings instanceof Uint8Array) countBytes(ratings, counts, field, min, max)
  else if (Array.isArray(ratings)) countArray(ratings, counts, field, min, max)
  else countTyped(ratings as ArrayLike<number>, counts, field, min, max)
  return Array.from(
    { length: points },
    (_, k) =>
      (counts[k] as number) +
      (counts[points + k] as number) +
      (counts[2 * points + k] as number) +
      (counts[3 * points + k] as number)
  )
}

/** A validated integer scale with at most MAX_POINTS points. */
export const checkScale = (field: string, scale: unknown): { readonly min: number; readonly max: number } => {
  const s = validate.integerScale(field, scale)
  if (s.max - s.min + 1 > MAX_POINTS)
    validate.invalid(field, scale, `a scale of at most ${MAX_POINTS} points`)
  return s
}

export const addCounts = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): Array<number> =>
  a.map((c, i) => c + (b[i] as number))

export const totalOf = (counts: ReadonlyArray<number>): number => {
  let n = 0
  for (const c of counts) n += c
  return n
}

/** Number of ratings from `from` to `to` (inclusive) on a scale starting at `min`. */
export const countBetween = (
  counts: ReadonlyArray<number>,
  min: number,
  from: number,
  to: number
): number => {
  let n = 0
  for (let k = Math.max(0, from - min); k <= to - min && k < counts.length; k++) n += counts[k] as number
  return n
}

export const meanOf = (counts: ReadonlyArray<number>, min: number): number | undefined => {
  const n = totalOf(counts)
  if (n === 0) return undefined
  let sum = 0
  counts.forEach((c, k) => {
    sum += c * (min + k)
  })
  return sum / n
}

/**
 * Mean, its standard error and degrees of freedom from (weighted) counts: with n the effective
 * size, s² = Σc(x − x̄)²/Σc · n/(n − 1) and SE = s/√n (Kish 1965), which is the usual
 * Σ(x − x̄)²/(n − 1) without weights; undefined for n ≤ 1.
 */
export const meanEstimateOf = (
  counts: ReadonlyArray<number>,
  min: number,
  sumSquaredWeights: number
): { readonly mean: number; readonly standardError: number; readonly df: number } | undefined => {
  const total = totalOf(counts)
  const mean = meanOf(counts, min)
  const n = effectiveSizeOf(total, sumSquaredWeights)
  if (mean === undefined || !(n > 1)) return undefined
  let ss = 0
  counts.forEach((c, k) => {
    const d = min + k - mean
    ss += c * d * d
  })
  const variance = (ss / total) * (n / (n - 1))
  return { mean, standardError: Math.sqrt(variance / n), df: n - 1 }
}

/** Student t interval for the mean rating (Student 1908): x̄ ± t(n−1)·s/√n; undefined for n ≤ 1. */
export const meanIntervalOf = (
  counts: ReadonlyArray<number>,
  min: number,
  sumSquaredWeights: number,
  level: number
): Interval.Interval | undefined => {
  const estimate = meanEstimateOf(counts, min, sumSquaredWeights)
  if (estimate === undefined) return undefined
  return Interval.studentT(estimate.mean, estimate.standardError, estimate.df, { level })
}

/**
 * A proportion interval in percent, truncated to [0, 100], on the effective sample size (the
 * weighted share times Kish's n successes); undefined when there are no answers.
 */
export const shareIntervalOf = (
  successes: number,
  total: number,
  sumSquaredWeights: number,
  options: Interval.Options | undefined
): Interval.Interval | undefined => {
  const n = effectiveSizeOf(total, sumSquaredWeights)
  // Unweighted: the counts themselves (no rounding in successes/total·n).
  const x = sumSquaredWeights === total ? successes : total === 0 ? 0 : Math.min(n, (successes / total) * n)
  const raw = Interval.proportion(x, n, options)
  return raw === undefined ? undefined : Interval.scale(Interval.truncate(raw, 0, 1), 100)
}
