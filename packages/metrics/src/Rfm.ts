/**
 * Recency, frequency, monetary value (RFM) summaries of a transaction log: the input of every
 * lifetime-value model (BG/NBD, Pareto/NBD, Gamma-Gamma), with a calibration / holdout split,
 * RFM quintile scores and named segments.
 *
 * ## Conventions (as in Fader, Hardie & Lee 2005 and the `lifetimes` package)
 * - Purchases on the same UTC calendar day are merged into one purchase occasion (amounts
 *   summed): the CDNOW literature counts purchase days.
 * - `frequency` is the number of repeat purchase days (the first purchase is not counted);
 *   `recency` is the time from the first to the last purchase; `T` is the time from the first
 *   purchase to `observationEnd` (or `calibrationEnd`); `monetaryValue` is the mean amount of
 *   the repeat purchase days (0 when frequency is 0).
 * - Time is measured in whole days and divided by the days in a period, so partial periods are
 *   fractions: a week is 7 days (lifetimes' `freq="D", freq_multiplier=7`), a month 30.4375
 *   days (365.25 / 12), a quarter 91.3125 days, a year 365.25 days.
 * - `observationEnd` is inclusive: a purchase on that day counts. Transactions after it are
 *   ignored by design (summaries "as of" a date).
 *
 * @module
 * @since 0.1.0
 */

import { DAY } from "./internal/time.ts"
import { count, finite, instant, invalid, weight as validWeight } from "./internal/validate.ts"
import { days, type Instant, type Period } from "./Period.ts"

/**
 * One purchase. Structurally compatible with `@cxkit/core`'s `Order` / `Transaction`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Transaction {
  readonly customerId: string
  readonly timestamp: Instant
  /** Purchase value; absent counts as 0 in monetary summaries. */
  readonly amount?: number | undefined
}

/**
 * One customer's RFM summary. `weight` (default 1) is the number of customers sharing the
 * pattern when rows are collapsed; every model accepts it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Summary {
  readonly customerId: string
  /** Repeat purchase days in the calibration period (x). */
  readonly frequency: number
  /** Time from first to last purchase, in periods (t_x). */
  readonly recency: number
  /** Time from first purchase to the end of the calibration period, in periods. */
  readonly T: number
  /** Mean amount of the repeat purchase days; 0 when frequency is 0. */
  readonly monetaryValue: number
  /** Present when `calibrationEnd` was given. */
  readonly holdout?: HoldoutSummary | undefined
}

/**
 * What the customer did after `calibrationEnd`, up to `observationEnd`.
 *
 * @since 0.1.0
 * @category models
 */
export interface HoldoutSummary {
  /** Purchase days in the holdout period. */
  readonly frequency: number
  /** Mean amount of the holdout purchase days; 0 when there were none. */
  readonly monetaryValue: number
  /** Holdout length in periods (the same for every customer). */
  readonly duration: number
}

/**
 * Options of `fromTransactions`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** End of observation (inclusive, by UTC day). */
  readonly observationEnd: Instant
  readonly period: Period
  /** End of the calibration period (inclusive); the rest up to `observationEnd` is the holdout. */
  readonly calibrationEnd?: Instant | undefined
}

/**
 * Builds per-customer RFM summaries from a transaction log, optionally split into a
 * calibration and a holdout period. Customers are returned in order of first appearance;
 * with `calibrationEnd`, only customers whose first purchase falls in the calibration period.
 * Throws MetricError for a missing customer id, an invalid timestamp or amount, or
 * `calibrationEnd` after `observationEnd`.
 *
 * @example
 * ```ts
 * import { Rfm } from "@cxkit/metrics"
 *
 * const summary = Rfm.fromTransactions(
 *   [
 *     { customerId: "a", timestamp: "2024-01-01", amount: 10 },
 *     { customerId: "a", timestamp: "2024-01-08", amount: 30 },
 *     { customerId: "a", timestamp: "2024-01-08", amount: 5 },
 *     { customerId: "b", timestamp: "2024-01-15", amount: 20 }
 *   ],
 *   { observationEnd: "2024-01-29", period: "week" }
 * )
 * console.log(summary[0]) // { customerId: "a", frequency: 1, recency: 1, T: 4, monetaryValue: 35 }
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromTransactions = (transactions: Iterable<Transaction>, options: Options): Array<Summary> => {
  const scale = days[options.period]
  if (scale === undefined) invalid("options.period", options.period, "one of day, week, month, quarter, year")
  const endDay = Math.floor(instant("options.observationEnd", options.observationEnd) / DAY)
  const calibrationDay =
    options.calibrationEnd === undefined
      ? endDay
      : Math.floor(instant("options.calibrationEnd", options.calibrationEnd) / DAY)
  if (calibrationDay > endDay) {
    invalid("options.calibrationEnd", options.calibrationEnd, "on or before options.observationEnd")
  }
  // customer → (day → summed amount)
  const byCustomer = new Map<string, Map<number, number>>()
  let index = 0
  for (const t of transactions) {
    const field = `transactions[${index++}]`
    if (typeof t !== "object" || t === null) invalid(field, t, "an object { customerId, timestamp, amount? }")
    if (typeof t.customerId !== "string" || t.customerId.length === 0) {
      invalid(`${field}.customerId`, t.customerId, "a non-empty string")
    }
    const day = Math.floor(instant(`${field}.timestamp`, t.timestamp) / DAY)
    const amount = t.amount === undefined ? 0 : finite(`${field}.amount`, t.amount)
    if (day > endDay) continue
    let days = byCustomer.get(t.customerId)
    if (days === undefined) {
      days = new Map()
      byCustomer.set(t.customerId, days)
    }
    days.set(day, (days.get(day) ?? 0) + amount)
  }
  const out: Array<Summary> = []
  for (const [customerId, days] of byCustomer) {
    const sorted = [...days.keys()].sort((a, b) => a - b)
    const first = sorted[0] as number
    if (first > calibrationDay) continue
    let last = first
    let frequency = 0
    let repeatSum = 0
    let holdoutFrequency = 0
    let holdoutSum = 0
    for (const day of sorted) {
      const amount = days.get(day) as number
      if (day <= calibrationDay) {
        if (day !== first) {
          frequency++
          repeatSum += amount
        }
        last = day
      } else {
        holdoutFrequency++
        holdoutSum += amount
      }
    }
    const summary: Summary = {
      customerId,
      frequency,
      recency: (last - first) / scale,
      T: (calibrationDay - first) / scale,
      monetaryValue: frequency > 0 ? repeatSum / frequency : 0
    }
    out.push(
      options.calibrationEnd === undefined
        ? summary
        : {
            ...summary,
            holdout: {
              frequency: holdoutFrequency,
              monetaryValue: holdoutFrequency > 0 ? holdoutSum / holdoutFrequency : 0,
              duration: (endDay - calibrationDay) / scale
            }
          }
    )
  }
  return out
}

/**
 * A frequency / recency / T pattern with the number of customers sharing it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Pattern {
  readonly frequency: number
  readonly recency: number
  readonly T: number
  readonly weight: number
}

/**
 * Collapses rows with identical (frequency, recency, T) into weighted patterns (weights
 * summed; a missing weight counts 1), in order of first appearance. Fitting the collapsed
 * rows gives the same result as fitting the originals, much faster.
 *
 * @example
 * ```ts
 * import { Rfm } from "@cxkit/metrics"
 *
 * const patterns = Rfm.collapse([
 *   { frequency: 0, recency: 0, T: 10 },
 *   { frequency: 0, recency: 0, T: 10 },
 *   { frequency: 2, recency: 5, T: 10, weight: 3 }
 * ])
 * console.log(patterns.map((p) => p.weight)) // [2, 3]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const collapse = (
  rows: Iterable<{
    readonly frequency: number
    readonly recency: number
    readonly T: number
    readonly weight?: number | undefined
  }>
): Array<Pattern> => {
  const index = new Map<number, Map<number, Map<number, number>>>()
  const out: Array<{ frequency: number; recency: number; T: number; weight: number }> = []
  let i = 0
  for (const row of rows) {
    const w =
      row.weight === undefined
        ? 1
        : Number.isFinite(row.weight) && row.weight >= 0
          ? row.weight
          : validWeight(`rows[${i}].weight`, row.weight)
    i++
    let byRecency = index.get(row.frequency)
    if (byRecency === undefined) {
      byRecency = new Map()
      index.set(row.frequency, byRecency)
    }
    let byT = byRecency.get(row.recency)
    if (byT === undefined) {
      byT = new Map()
      byRecency.set(row.recency, byT)
    }
    const at = byT.get(row.T)
    if (at === undefined) {
      byT.set(row.T, out.length)
      out.push({ frequency: row.frequency, recency: row.recency, T: row.T, weight: w })
    } else {
      const pattern = out[at] as { weight: number }
      pattern.weight += w
    }
  }
  return out
}

/**
 * Named RFM segments, from the recency and frequency scores (the widely used 10-segment grid:
 * R across, F up).
 *
 * @since 0.1.0
 * @category models
 */
export type Segment =
  | "Champions"
  | "Loyal customers"
  | "Potential loyalists"
  | "New customers"
  | "Promising"
  | "Need attention"
  | "About to sleep"
  | "At risk"
  | "Cannot lose them"
  | "Hibernating"

/**
 * The segment of a recency score and a frequency score (each 1–5, 5 best):
 * R 5 & F 4–5 Champions; R 3–4 & F 4–5 Loyal customers; R 4–5 & F 2–3 Potential loyalists;
 * R 5 & F 1 New customers; R 4 & F 1 Promising; R 3 & F 3 Need attention; R 3 & F 1–2 About
 * to sleep; R 1–2 & F 3–4 At risk; R 1–2 & F 5 Cannot lose them; R 1–2 & F 1–2 Hibernating.
 *
 * @example
 * ```ts
 * import { Rfm } from "@cxkit/metrics"
 *
 * console.log(Rfm.segment(5, 5)) // "Champions"
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const segment = (recencyScore: number, frequencyScore: number): Segment => {
  const r = count("recencyScore", recencyScore)
  const f = count("frequencyScore", frequencyScore)
  if (r < 1 || r > 5) invalid("recencyScore", r, "an integer from 1 to 5")
  if (f < 1 || f > 5) invalid("frequencyScore", f, "an integer from 1 to 5")
  if (r <= 2) return f <= 2 ? "Hibernating" : f <= 4 ? "At risk" : "Cannot lose them"
  if (r === 3) return f <= 2 ? "About to sleep" : f === 3 ? "Need attention" : "Loyal customers"
  if (f >= 4) return r === 5 ? "Champions" : "Loyal customers"
  if (f >= 2) return "Potential loyalists"
  return r === 5 ? "New customers" : "Promising"
}

/**
 * A customer's RFM scores (1–5, 5 best) and segment.
 *
 * @since 0.1.0
 * @category models
 */
export interface Score {
  readonly customerId: string
  /** 5 = purchased most recently (smallest T − recency). */
  readonly recency: number
  /** 5 = most repeat purchases. */
  readonly frequency: number
  /** 5 = highest mean repeat spend. */
  readonly monetary: number
  readonly segment: Segment
}

// Quintile score of each value: 1 + ⌊5 × (weight strictly below) / (total weight)⌋, so ties share
// a score and weighted rows count as repeated ones.
const quintiles = (values: ReadonlyArray<number>, weights: ReadonlyArray<number>): Array<number> => {
  const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number))
  const total = weights.reduce((s, w) => s + w, 0)
  const out = new Array<number>(values.length)
  let below = 0
  let i = 0
  while (i < order.length) {
    let j = i
    let tie = 0
    const v = values[order[i] as number]
    while (j < order.length && values[order[j] as number] === v) {
      tie += weights[order[j] as number] as number
      j++
    }
    const score = total > 0 ? Math.min(5, 1 + Math.floor((5 * below) / total)) : 1
    for (let k = i; k < j; k++) out[order[k] as number] = score
    below += tie
    i = j
  }
  return out
}

/**
 * RFM quintile scores and segments. Recency is scored on the time since the last purchase
 * (T − recency, lower is better), frequency on repeat purchases, monetary on mean repeat
 * spend; each score is 1 + ⌊5 × share of customers strictly worse⌋, so tied customers share a
 * score. `weight` (default 1) counts a row as that many customers.
 *
 * @example
 * ```ts
 * import { Rfm } from "@cxkit/metrics"
 *
 * const scores = Rfm.score([
 *   { customerId: "a", frequency: 5, recency: 30, T: 31, monetaryValue: 50 },
 *   { customerId: "b", frequency: 0, recency: 0, T: 40, monetaryValue: 0 }
 * ])
 * console.log(scores[0]?.segment) // "Need attention"
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const score = (
  summaries: ReadonlyArray<{
    readonly customerId: string
    readonly frequency: number
    readonly recency: number
    readonly T: number
    readonly monetaryValue: number
    readonly weight?: number | undefined
  }>
): Array<Score> => {
  const weights = summaries.map((s, i) => validWeight(`summaries[${i}].weight`, s.weight))
  const sinceLast = summaries.map((s, i) => {
    const recency = finite(`summaries[${i}].recency`, s.recency)
    const T = finite(`summaries[${i}].T`, s.T)
    if (recency > T) invalid(`summaries[${i}].recency`, recency, `at most T (${T})`)
    return -(T - recency)
  })
  const r = quintiles(sinceLast, weights)
  const f = quintiles(
    summaries.map((s, i) => count(`summaries[${i}].frequency`, s.frequency)),
    weights
  )
  const m = quintiles(
    summaries.map((s, i) => finite(`summaries[${i}].monetaryValue`, s.monetaryValue)),
    weights
  )
  return summaries.map((s, i) => ({
    customerId: s.customerId,
    recency: r[i] as number,
    frequency: f[i] as number,
    monetary: m[i] as number,
    segment: segment(r[i] as number, f[i] as number)
  }))
}
