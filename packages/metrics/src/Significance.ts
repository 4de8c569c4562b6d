/**
 * Which segments really differ: NPS, CSAT or CES by channel, region, plan or any segment, each
 * segment against the rest of the responses and every pair of segments, with p-values adjusted
 * for the number of comparisons, effect sizes and intervals, and a table to read at a glance.
 *
 * Each comparison is the metric's own two-sample test (`Nps.compare`, `Csat.compare`,
 * `Ces.compare`: a z test and the metric's interval for the difference). A segment and "the
 * rest" are disjoint, so they are independent samples too. Looking at many comparisons at once
 * makes some look significant by chance (about 1 in 20 at 95 %), so the p-values of each family
 * (the segment-vs-rest tests; the pairwise tests) are adjusted:
 *
 * - Holm (1979), "A simple sequentially rejective multiple test procedure", Scandinavian Journal
 *   of Statistics 6(2): controls the family-wise error rate (the chance of any false "significant")
 *   at 1 − level, uniformly more powerful than Bonferroni. The default.
 * - Benjamini & Hochberg (1995), "Controlling the false discovery rate: a practical and powerful
 *   approach to multiple testing", JRSS B 57(1): controls the expected share of false
 *   discoveries among the differences called significant; more discoveries when many are real.
 *
 * Adjusted p-values follow Wright (1992), "Adjusted p-values for simultaneous inference",
 * Biometrics 48(4), and agree with R's `p.adjust`.
 *
 * Effect sizes put the differences on one scale across metrics (Cohen 1988, Statistical Power
 * Analysis for the Behavioral Sciences, 2nd ed.): Cohen's h = 2·asin√p₁ − 2·asin√p₂ for the CSAT
 * share (§6.2) and Cohen's d, the difference over the pooled standard deviation, for CES means
 * and for the NPS as the mean of its +1 / 0 / −1 coding (§2.2). Conventional magnitudes: 0.2
 * small, 0.5 medium, 0.8 large.
 *
 * @module
 * @since 0.1.0
 */
import type { Reducer } from "effect"
import * as Ces from "./Ces.ts"
import * as Csat from "./Csat.ts"
import type * as Interval from "./Interval.ts"
import { meanEstimateOf } from "./internal/ratings.ts"
import * as validate from "./internal/validate.ts"
import * as Nps from "./Nps.ts"

// ---------------------------------------------------------------------------------------------
// Adjusted p-values.

/**
 * The multiple-comparison adjustments: `"holm"` (family-wise error rate, Holm 1979) and
 * `"benjamini-hochberg"` (false discovery rate, Benjamini & Hochberg 1995).
 *
 * @since 0.1.0
 * @category models
 */
export type Adjustment = "holm" | "benjamini-hochberg"

/**
 * Adjusted p-values of a family of tests, in the order given (R's `p.adjust` with `"holm"` or
 * `"BH"`). With the p-values sorted, p₍₁₎ ≤ … ≤ p₍ₘ₎:
 *
 * - Holm: p̃₍ᵢ₎ = max_{j ≤ i} min(1, (m − j + 1)·p₍ⱼ₎);
 * - Benjamini–Hochberg: p̃₍ᵢ₎ = min_{j ≥ i} min(1, (m / j)·p₍ⱼ₎).
 *
 * A test is significant at level α when its adjusted p-value is below α. Each adjusted p-value is
 * at least the raw one and at most 1, they keep the order of the raw ones, and Benjamini–Hochberg's
 * never exceed Holm's. Throws `MetricError` naming `pValues[i]` for a value outside [0, 1].
 *
 * @example
 * ```ts
 * import { Significance } from "@cxkit/metrics"
 *
 * const p = [0.01, 0.04, 0.03, 0.005]
 * const show = (xs: Array<number>) => xs.map((x) => x.toFixed(3))
 * console.log(show(Significance.adjust(p, "holm"))) // ["0.030", "0.060", "0.060", "0.020"]
 * console.log(show(Significance.adjust(p, "benjamini-hochberg"))) // ["0.020", "0.040", "0.040", "0.020"]
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const adjust = (pValues: ReadonlyArray<number>, method: Adjustment): Array<number> => {
  validate.oneOf("method", method, ["holm", "benjamini-hochberg"])
  if (!Array.isArray(pValues)) validate.invalid("pValues", pValues, "an array of p-values")
  pValues.forEach((p, i) => {
    validate.probability(`pValues[${i}]`, p)
  })
  const m = pValues.length
  // Ascending p, ties in input order (the adjusted values of ties come out equal either way).
  const order = pValues
    .map((_, i) => i)
    .sort((a, b) => (pValues[a] as number) - (pValues[b] as number) || a - b)
  const adjusted = new Array<number>(m)
  if (method === "holm") {
    let running = 0
    order.forEach((i, rank) => {
      running = Math.max(running, Math.min(1, (m - rank) * (pValues[i] as number)))
      adjusted[i] = running
    })
  } else {
    let running = 1
    for (let rank = m - 1; rank >= 0; rank--) {
      const i = order[rank] as number
      running = Math.min(running, Math.min(1, (m / (rank + 1)) * (pValues[i] as number)))
      adjusted[i] = running
    }
  }
  return adjusted
}

// ---------------------------------------------------------------------------------------------
// Measures: how each survey metric is scored, compared and sized.

/**
 * A standardised effect size: Cohen's `d` or `h` (Cohen 1988), its value (positive when the
 * first group scores higher) and Cohen's conventional `magnitude` of |value|: below 0.2
 * `"negligible"`, then `"small"`, from 0.5 `"medium"`, from 0.8 `"large"`.
 *
 * @since 0.1.0
 * @category models
 */
export interface EffectSize {
  readonly measure: "cohen-d" | "cohen-h"
  readonly value: number
  readonly magnitude: "negligible" | "small" | "medium" | "large"
}

const effect = (measure: EffectSize["measure"], value: number): EffectSize => {
  const size = Math.abs(value)
  return {
    measure,
    value,
    magnitude: size < 0.2 ? "negligible" : size < 0.5 ? "small" : size < 0.8 ? "medium" : "large"
  }
}

/**
 * How a survey metric is tested across segments: its `name` and `unit`, the `Reducer` that
 * merges segments into "the rest", the number of answers (`size`) and Kish's effective sample
 * size (`effectiveSize`, equal without weights), the `score` and its
 * `interval`, the two-sample `compare`, and the standardised `effectSize` of a difference.
 * `Significance.nps()`, `csat()` and `ces()` build the three.
 *
 * @since 0.1.0
 * @category models
 */
export interface Measure<in out S> {
  readonly name: string
  readonly unit: string
  readonly Reducer: Reducer.Reducer<S>
  readonly size: (summary: S) => number
  readonly effectiveSize: (summary: S) => number
  readonly score: (summary: S) => number | undefined
  readonly interval: (summary: S, level: number) => Interval.Interval | undefined
  readonly compare: (a: S, b: S, level: number) => Interval.Comparison
  readonly effectSize: (a: S, b: S) => EffectSize | undefined
}

/**
 * The NPS measure, in points, with `Nps.interval` and `Nps.compare` by `method`
 * ("adjusted-wald" by default). The effect size is Cohen's d of the +1 / 0 / −1 coding, whose
 * variance is Rocks' (2016) p_pro + p_det − NPS²: d = (NPS_a − NPS_b) / 100 / s_pooled.
 *
 * @example
 * ```ts
 * import { Nps, Significance } from "@cxkit/metrics"
 *
 * const measure = Significance.nps()
 * const a = Nps.fromCounts({ promoters: 60, passives: 20, detractors: 20 })
 * const b = Nps.fromCounts({ promoters: 40, passives: 30, detractors: 30 })
 * // d = 0.30 / √((100·0.64 + 100·0.69) / 198): Rocks' variances 0.64 and 0.69
 * const d = measure.effectSize(a, b)
 * console.log(d?.measure, d?.value.toFixed(3), d?.magnitude) // "cohen-d" "0.366" "small"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const nps = (options?: { readonly method?: Nps.Method | undefined }): Measure<Nps.Nps> => {
  const method = options?.method
  return {
    name: "NPS",
    unit: "points",
    Reducer: Nps.Reducer,
    size: Nps.total,
    effectiveSize: Nps.effectiveSize,
    score: Nps.score,
    interval: (s, level) => Nps.interval(s, { level, method }),
    compare: (a, b, level) => Nps.compare(a, b, { level, method }),
    effectSize: (a, b) => {
      const [sa, sb, va, vb] = [Nps.score(a), Nps.score(b), Nps.variance(a), Nps.variance(b)]
      if (sa === undefined || sb === undefined || va === undefined || vb === undefined) return undefined
      return cohenD((sa - sb) / 100, va, vb, Nps.effectiveSize(a), Nps.effectiveSize(b))
    }
  }
}

// Cohen's d with the pooled standard deviation (Cohen 1988, eq. 2.2.1 with the pooled s):
// s²_pooled = ((n_a − 1)s²_a + (n_b − 1)s²_b) / (n_a + n_b − 2), s² the sample variances
// (n/(n − 1) times the plain variances `va`, `vb`).
const cohenD = (
  difference: number,
  va: number,
  vb: number,
  na: number,
  nb: number
): EffectSize | undefined => {
  if (!(na + nb > 2)) return undefined
  const pooled = Math.sqrt((na * va + nb * vb) / (na + nb - 2))
  return pooled > 0 ? effect("cohen-d", difference / pooled) : undefined
}

/**
 * The CSAT measure: the share satisfied in percent, with `Csat.interval` and `Csat.compare` by
 * `method` ("wilson" by default, Newcombe's interval for the difference). The effect size is
 * Cohen's h = 2·asin√p_a − 2·asin√p_b (Cohen 1988, §6.2).
 *
 * @example
 * ```ts
 * import { Csat, Significance } from "@cxkit/metrics"
 *
 * const measure = Significance.csat()
 * const a = Csat.fromCounts({ counts: [5, 5, 10, 40, 40] })
 * const b = Csat.fromCounts({ counts: [10, 10, 20, 30, 30] })
 * console.log(measure.effectSize(a, b)?.value.toFixed(3)) // "0.442"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const csat = (options?: { readonly method?: Csat.Method | undefined }): Measure<Csat.Csat> => {
  const method = options?.method
  return {
    name: "CSAT",
    unit: "percentage points",
    Reducer: Csat.Reducer,
    size: Csat.total,
    effectiveSize: Csat.effectiveSize,
    score: Csat.score,
    interval: (s, level) => Csat.interval(s, { level, method }),
    compare: (a, b, level) => Csat.compare(a, b, { level, method }),
    effectSize: (a, b) => {
      const [sa, sb] = [Csat.score(a), Csat.score(b)]
      if (sa === undefined || sb === undefined) return undefined
      return effect("cohen-h", 2 * Math.asin(Math.sqrt(sa / 100)) - 2 * Math.asin(Math.sqrt(sb / 100)))
    }
  }
}

/**
 * The CES measure: the mean score in scale points, with `Ces.meanInterval` (Student's t) and
 * `Ces.compare` (normal, unequal variances). The effect size is Cohen's d with the pooled
 * standard deviation.
 *
 * @example
 * ```ts
 * import { Ces, Significance } from "@cxkit/metrics"
 *
 * const measure = Significance.ces()
 * const a = Ces.fromCounts({ counts: [1, 2, 3, 4, 10, 20, 10] })
 * const b = Ces.fromCounts({ counts: [3, 5, 6, 8, 12, 10, 6] })
 * console.log(measure.effectSize(a, b)?.value.toFixed(3), measure.effectSize(a, b)?.magnitude) // "0.565" "medium"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const ces = (): Measure<Ces.Ces> => ({
  name: "CES",
  unit: "scale points",
  Reducer: Ces.Reducer,
  size: Ces.total,
  effectiveSize: Ces.effectiveSize,
  score: Ces.mean,
  interval: (s, level) => Ces.meanInterval(s, { level }),
  compare: (a, b, level) => Ces.compare(a, b, { level }),
  effectSize: (a, b) => {
    const ea = meanEstimateOf(a.counts, 1, a.sumSquaredWeights)
    const eb = meanEstimateOf(b.counts, 1, b.sumSquaredWeights)
    if (ea === undefined || eb === undefined) return undefined
    // Back from the standard errors to the sample variances: s² = se²·n, n = df + 1, so the
    // plain variance is s²(n − 1)/n = se²·df.
    return cohenD(
      ea.mean - eb.mean,
      ea.standardError ** 2 * ea.df,
      eb.standardError ** 2 * eb.df,
      ea.df + 1,
      eb.df + 1
    )
  }
})

// ---------------------------------------------------------------------------------------------
// Comparing segments.

/**
 * Options of `bySegment`: the `measure` (`Significance.nps()`, `csat()`, `ces()`), the
 * confidence `level` (0.95; the significance threshold is 1 − level on the adjusted p-values),
 * the `adjustment` that decides `significant` (`"holm"` by default; both adjusted p-values are
 * always reported), and `minimumSize`, the fewest answers a segment needs to be tested (30 by
 * default, a common floor for the normal approximation the tests rely on; with survey weights,
 * Kish's effective sample size is what counts).
 *
 * @since 0.1.0
 * @category models
 */
export interface Options<S> {
  readonly measure: Measure<S>
  readonly level?: number | undefined
  readonly adjustment?: Adjustment | undefined
  readonly minimumSize?: number | undefined
}

/**
 * One segment: its answers (`n`), score and confidence interval, and whether it was `tested`
 * (false when it has fewer than `minimumSize` answers; it still counts in "the rest").
 *
 * @since 0.1.0
 * @category models
 */
export interface Segment {
  readonly segment: string
  readonly n: number
  readonly score: number | undefined
  readonly interval: Interval.Interval | undefined
  readonly tested: boolean
}

/**
 * One comparison: `segment` against `against` (another segment, or `undefined` for the rest of
 * the responses). `difference` = segment − against in the measure's unit with its `interval` at
 * the level and its `simultaneousInterval` (Bonferroni, at level 1 − (1 − level)/m for the m
 * tests of the family: all of them cover together with the stated probability), the z statistic,
 * the raw `pValue`, the `holm` and `benjaminiHochberg` adjusted p-values, `significant` by the
 * chosen adjustment, and the standardised `effectSize`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Test {
  readonly segment: string
  readonly against: string | undefined
  readonly difference: number
  readonly interval: Interval.Interval
  readonly simultaneousInterval: Interval.Interval
  readonly z: number
  readonly pValue: number
  readonly holm: number
  readonly benjaminiHochberg: number
  readonly significant: boolean
  readonly effectSize: EffectSize | undefined
}

/**
 * The result of `bySegment`: the measure's `name` and `unit`, the `level` and `adjustment`, the
 * `overall` score of all responses, the `segments` from the highest score to the lowest, the
 * segment-vs-rest tests (`vsRest`, one per tested segment, in the same order) and the pairwise
 * tests (`pairs`, the higher-scoring segment first).
 *
 * @since 0.1.0
 * @category models
 */
export interface SegmentComparison {
  readonly measure: string
  readonly unit: string
  readonly level: number
  readonly adjustment: Adjustment
  readonly overall: {
    readonly n: number
    readonly score: number | undefined
    readonly interval: Interval.Interval | undefined
  }
  readonly segments: ReadonlyArray<Segment>
  readonly vsRest: ReadonlyArray<Test>
  readonly pairs: ReadonlyArray<Test>
}

interface Raw {
  readonly segment: string
  readonly against: string | undefined
  readonly comparison: Interval.Comparison
  readonly effectSize: EffectSize | undefined
}

// Adjusts one family; comparisons without a p-value (an empty or one-answer side) are dropped
// before, so m counts the tests actually made.
const family = (
  raw: ReadonlyArray<Raw>,
  level: number,
  adjustment: Adjustment,
  compare: (r: Raw, level: number) => Interval.Comparison
): Array<Test> => {
  const m = raw.length
  const p = raw.map((r) => r.comparison.pValue as number)
  const holm = adjust(p, "holm")
  const bh = adjust(p, "benjamini-hochberg")
  const alpha = 1 - level
  const simultaneous = m === 0 ? level : 1 - alpha / m
  return raw.map((r, i) => {
    const adjusted = adjustment === "holm" ? (holm[i] as number) : (bh[i] as number)
    return {
      segment: r.segment,
      against: r.against,
      difference: r.comparison.difference as number,
      interval: r.comparison.interval as Interval.Interval,
      simultaneousInterval: compare(r, simultaneous).interval as Interval.Interval,
      z: r.comparison.z as number,
      pValue: p[i] as number,
      holm: holm[i] as number,
      benjaminiHochberg: bh[i] as number,
      significant: adjusted < alpha,
      effectSize: r.effectSize
    }
  })
}

/**
 * Tests every segment against the rest of the responses and every pair of segments, with Holm
 * and Benjamini–Hochberg adjusted p-values per family (see the module notes). `groups` are the
 * summaries per segment, e.g. the `Map` of `Grouping.bySegment`. The result does not depend on
 * the order of the groups. Throws `MetricError` for a segment named twice or a bad option.
 *
 * @example
 * ```ts
 * import { Nps, Significance } from "@cxkit/metrics"
 *
 * const groups = new Map([
 *   ["chat", Nps.fromCounts({ promoters: 90, passives: 40, detractors: 20 })],
 *   ["email", Nps.fromCounts({ promoters: 50, passives: 50, detractors: 50 })],
 *   ["phone", Nps.fromCounts({ promoters: 70, passives: 50, detractors: 30 })]
 * ])
 * const result = Significance.bySegment(groups, { measure: Significance.nps() })
 * const lines = result.vsRest.map((t) => `${t.segment} ${t.difference.toFixed(1)} ${t.significant}`)
 * console.log(lines) // ["chat 33.3 true", "phone 3.3 false", "email -36.7 true"]
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const bySegment = <S>(
  groups: Iterable<readonly [string, S]>,
  options: Options<S>
): SegmentComparison => {
  const measure = options.measure
  if (typeof measure !== "object" || measure === null || typeof measure.compare !== "function")
    validate.invalid("options.measure", measure, "a Measure (Significance.nps(), csat() or ces())")
  const level = validate.levelOrDefault(options)
  const adjustment =
    options.adjustment === undefined
      ? "holm"
      : validate.oneOf("options.adjustment", options.adjustment, ["holm", "benjamini-hochberg"])
  const minimumSize =
    options.minimumSize === undefined ? 30 : validate.positive("options.minimumSize", options.minimumSize)

  const entries: Array<{ readonly segment: string; readonly summary: S }> = []
  const seen = new Set<string>()
  let index = 0
  for (const entry of groups) {
    const segment = Array.isArray(entry) ? entry[0] : undefined
    if (typeof segment !== "string") validate.invalid(`groups[${index}]`, entry, "a [segment, summary] pair")
    if (seen.has(segment as string)) validate.invalid(`groups[${index}]`, segment, "a segment named once")
    seen.add(segment as string)
    entries.push({ segment: segment as string, summary: entry[1] })
    index++
  }
  const all = measure.Reducer.combineAll(entries.map((e) => e.summary))
  const scored = entries.map((e) => ({
    ...e,
    score: measure.score(e.summary),
    n: measure.size(e.summary),
    effective: measure.effectiveSize(e.summary)
  }))
  // Highest score first, then by name; segments without a score last (−∞ − −∞ is NaN: by name).
  const rank = (e: { readonly score: number | undefined }) => e.score ?? Number.NEGATIVE_INFINITY
  scored.sort((a, b) => rank(b) - rank(a) || (a.segment < b.segment ? -1 : a.segment > b.segment ? 1 : 0))
  const tested = scored.filter((e) => e.effective >= minimumSize && e.score !== undefined)

  const restOf = (segment: string) =>
    measure.Reducer.combineAll(scored.filter((e) => e.segment !== segment).map((e) => e.summary))
  const rests = new Map(tested.map((e) => [e.segment, restOf(e.segment)]))
  const summaryOf = new Map(scored.map((e) => [e.segment, e.summary]))
  const compareRaw = (r: Raw, at: number) =>
    measure.compare(
      summaryOf.get(r.segment) as S,
      r.against === undefined ? (rests.get(r.segment) as S) : (summaryOf.get(r.against) as S),
      at
    )
  const usable = (r: Raw) => r.comparison.pValue !== undefined && r.comparison.interval !== undefined

  const vsRest = tested
    .map((e): Raw => {
      const rest = rests.get(e.segment) as S
      return {
        segment: e.segment,
        against: undefined,
        comparison: measure.compare(e.summary, rest, level),
        effectSize: measure.effectSize(e.summary, rest)
      }
    })
    .filter(usable)
  const pairs: Array<Raw> = []
  tested.forEach((a, i) => {
    for (const b of tested.slice(i + 1)) {
      pairs.push({
        segment: a.segment,
        against: b.segment,
        comparison: measure.compare(a.summary, b.summary, level),
        effectSize: measure.effectSize(a.summary, b.summary)
      })
    }
  })

  const testedNames = new Set(tested.map((e) => e.segment))
  return {
    measure: measure.name,
    unit: measure.unit,
    level,
    adjustment,
    overall: { n: measure.size(all), score: measure.score(all), interval: measure.interval(all, level) },
    segments: scored.map((e) => ({
      segment: e.segment,
      n: e.n,
      score: e.score,
      interval: measure.interval(e.summary, level),
      tested: testedNames.has(e.segment)
    })),
    vsRest: family(vsRest, level, adjustment, compareRaw),
    pairs: family(pairs.filter(usable), level, adjustment, compareRaw)
  }
}

// ---------------------------------------------------------------------------------------------
// The table.

const fixed = (x: number | undefined, digits: number) => (x === undefined ? "–" : x.toFixed(digits))

const pText = (p: number) => (p < 0.001 ? "<0.001" : p.toFixed(3))

/**
 * The result as aligned text, one line per segment (its n, score and interval, the difference
 * from the rest with the adjusted p-value and effect size, and ▲ / ▼ for a significant
 * difference), then the significant pairs, for a console, a log or a report. `by` names the
 * segments in the title ("NPS by channel"; "segment" by default) and `digits` (1 by default) is
 * the number of decimals of scores and differences.
 *
 * @example
 * ```ts
 * import { Nps, Significance } from "@cxkit/metrics"
 *
 * const groups = new Map([
 *   ["chat", Nps.fromCounts({ promoters: 90, passives: 40, detractors: 20 })],
 *   ["email", Nps.fromCounts({ promoters: 50, passives: 50, detractors: 50 })]
 * ])
 * console.log(Significance.format(Significance.bySegment(groups, { measure: Significance.nps() }), { by: "channel" }))
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const format = (
  result: SegmentComparison,
  options?: { readonly by?: string | undefined; readonly digits?: number | undefined }
): string => {
  const digits =
    options?.digits === undefined ? 1 : validate.integerBetween("options.digits", options.digits, 0, 6)
  const by = options?.by === undefined ? "segment" : validate.nonEmptyString("options.by", options.by)
  const percent = `${Math.round(result.level * 1000) / 10}%`
  const method = result.adjustment === "holm" ? "Holm" : "Benjamini–Hochberg"
  const short = result.adjustment === "holm" ? "Holm" : "BH"
  const adjustedOf = (t: Test) => (result.adjustment === "holm" ? t.holm : t.benjaminiHochberg)
  const interval = (i: Interval.Interval | undefined) =>
    i === undefined ? "–" : `[${fixed(i.lower, digits)}, ${fixed(i.upper, digits)}]`
  const signed = (x: number) => `${x > 0 ? "+" : ""}${x.toFixed(digits)}`
  const effectText = (e: EffectSize | undefined) =>
    e === undefined ? "–" : `${e.measure === "cohen-h" ? "h" : "d"} ${e.value.toFixed(2)} ${e.magnitude}`
  const byRest = new Map(result.vsRest.map((t) => [t.segment, t]))
  const header = [by, "n", result.measure, `${percent} CI`, "vs rest", `p (${short})`, "effect", ""]
  const rows = result.segments.map((s) => {
    const t = byRest.get(s.segment)
    return [
      s.segment,
      String(Math.round(s.n * 100) / 100),
      fixed(s.score, digits),
      interval(s.interval),
      t === undefined ? (s.tested ? "–" : "not tested") : signed(t.difference),
      t === undefined ? "" : pText(adjustedOf(t)),
      t === undefined ? "" : effectText(t.effectSize),
      t?.significant === true ? (t.difference > 0 ? "▲" : "▼") : ""
    ]
  })
  const overall = [
    "all",
    String(Math.round(result.overall.n * 100) / 100),
    fixed(result.overall.score, digits),
    interval(result.overall.interval),
    "",
    "",
    "",
    ""
  ]
  const table = [header, ...rows, overall]
  const widths = header.map((_, c) => Math.max(...table.map((r) => (r[c] as string).length)))
  const line = (r: ReadonlyArray<string>) =>
    r
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number)))
      .join("  ")
      .trimEnd()
  const untested = result.segments.filter((s) => !s.tested).length
  const significantPairs = result.pairs.filter((t) => t.significant)
  const lines = [
    `${result.measure} by ${by}, ${percent} level, p-values adjusted by ${method} (▲ ▼ significant vs the rest)`,
    ...table.map(line),
    ...(untested === 0
      ? []
      : [`not tested: fewer answers than the minimum (${untested} segment${untested === 1 ? "" : "s"})`]),
    significantPairs.length === 0
      ? `No pair of segments differs significantly (${result.pairs.length} pairs).`
      : `Significant pairs (${significantPairs.length} of ${result.pairs.length}):`,
    ...significantPairs.map(
      (t) =>
        `  ${t.segment} vs ${t.against}: ${signed(t.difference)} ${result.unit} ${interval(t.interval)}, p ${pText(adjustedOf(t))}, ${effectText(t.effectSize)}`
    )
  ]
  return lines.join("\n")
}
