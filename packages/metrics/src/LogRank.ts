/**
 * The log-rank test (Mantel 1966; Peto & Peto 1972): do two or more groups of customers (plans,
 * channels, acquisition cohorts) share one survival curve? Right-censored durations as in
 * `Survival.kaplanMeier`; numbers match R's `survival::survdiff` (rho = 0) to 1e-9 on the `aml`
 * and `ovarian` data (see `test/LogRank.test.ts`).
 *
 * @module
 * @since 0.1.0
 */
import { countingSort } from "./internal/countingSort.ts"
import { chiSquareSurvival } from "./internal/distributions.ts"
import { checkWeights, countingRange, eventFlags, ranks, scanDurations } from "./internal/survival.ts"
import * as V from "./internal/validate.ts"

/**
 * Options of `compare`: durations, optional event indicators (1 = churned, 0 = censored; all
 * events by default) and the group of each duration.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly durations: ArrayLike<number>
  readonly observed?: ArrayLike<boolean | number> | undefined
  /** Group label of each duration (plan, channel, acquisition cohort…). At least two distinct. */
  readonly groups: ArrayLike<string | number>
  /**
   * Case weights, finite and ≥ 0: how many customers each row stands for, as in
   * `Survival.kaplanMeier`. Aggregated rows (duration, observed, group, count), such as a SQL
   * `GROUP BY`, then give exactly the result of the expanded data: every count in the test
   * (at risk, events, the d(N − d)/(N − 1) factor) is a weighted sum. Non-integer weights enter
   * the same formulas.
   */
  readonly weights?: ArrayLike<number> | undefined
}

/**
 * Observed and expected events of one group (the rows R's `survdiff` prints).
 *
 * @since 0.1.0
 * @category models
 */
export interface Group {
  readonly group: string | number
  /** Customers in the group (the sum of its weights when weights are given). */
  readonly n: number
  readonly observed: number
  readonly expected: number
  /** Diagonal of the variance matrix of O − E for this group. */
  readonly variance: number
}

/**
 * Result of `compare`. Groups are sorted by label (numbers numerically, otherwise as
 * strings), so the result does not depend on the order of the input.
 *
 * @since 0.1.0
 * @category models
 */
export interface LogRank {
  readonly groups: ReadonlyArray<Group>
  readonly chiSquare: number
  readonly df: number
  readonly pValue: number
}

/**
 * Log-rank test (Mantel 1966; Peto & Peto 1972) that two or more groups share one survival curve.
 * At each event time t with d events among N at risk, group j expects d·nⱼ/N events; the
 * hypergeometric covariance is Vⱼₗ = d(N − d)/(N − 1) · (nⱼ/N)(δⱼₗ − nₗ/N) (Kalbfleisch & Prentice
 * 2002, §7.2.2). χ² = (O − E)ᵀ V⁻(O − E) over all groups but one, with k − 1 degrees of freedom.
 * Groups with no expected events are left out of the statistic, as in R's `survdiff` (rho = 0).
 *
 * Details: rows are counted by (distinct time, group); integer durations with a range up to a few
 * times n need no sort (O(n + range·k)), others one numeric sort (O(n log n)).
 *
 * With `weights`, a group whose rows all weigh 0 is listed with n = 0 and stays out of the
 * statistic (it has no expected events); at least two groups must weigh more than 0.
 *
 * Throws `MetricError` for fewer than two groups, bad durations, indicators or weights, and when the
 * variance matrix is singular (e.g. every event tied at one time with nobody else at risk), where
 * R's `survdiff` stops with an error too.
 *
 * @example
 * ```ts
 * import { LogRank } from "@cxkit/metrics"
 *
 * const test = LogRank.compare({
 *   durations: [1, 2, 3, 4, 5, 6, 7, 8],
 *   observed: [1, 1, 1, 1, 1, 0, 1, 0],
 *   groups: ["monthly", "monthly", "monthly", "annual", "monthly", "annual", "annual", "annual"]
 * })
 * console.log(test.df, test.chiSquare.toFixed(2), test.pValue < 0.05) // 1 "4.92" true
 *
 * // Aggregated rows (duration, observed, group, count), e.g. from a SQL GROUP BY, give exactly
 * // the result of the rows they stand for.
 * const expanded = LogRank.compare({
 *   durations: [2, 2, 2, 5, 5, 3, 3, 6],
 *   observed: [1, 1, 1, 1, 1, 1, 1, 0],
 *   groups: ["monthly", "monthly", "monthly", "monthly", "monthly", "annual", "annual", "annual"]
 * })
 * const aggregated = LogRank.compare({
 *   durations: [2, 5, 3, 6],
 *   observed: [1, 1, 1, 0],
 *   groups: ["monthly", "monthly", "annual", "annual"],
 *   weights: [3, 2, 2, 1]
 * })
 * console.log(aggregated.chiSquare === expanded.chiSquare, aggregated.groups[1]?.n) // true 5
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const compare = (options: Options): LogRank => {
  const { durations, observed, groups, weights } = options
  const n = durations.length
  V.sameLength("groups", groups.length, n, "durations")
  if (observed !== undefined) V.sameLength("observed", observed.length, n, "durations")
  if (weights !== undefined) V.sameLength("weights", weights.length, n, "durations")

  const { max, integral } = scanDurations(durations)
  const events = eventFlags(observed, n)
  if (weights !== undefined) checkWeights(weights)
  const { codes, labels, rows } = codeGroups(groups)
  // Groups sorted by label; `code[g]` is the code of the g-th label in `codes`.
  const sorted = labels.slice().sort(compareLabels)
  const k = sorted.length
  const code = Int32Array.from(sorted, (label) => labels.indexOf(label))

  const risk = new Float64Array(k)
  if (weights === undefined) for (let g = 0; g < k; g++) risk[g] = rows[code[g] as number] as number
  else {
    const byCode = new Float64Array(k)
    for (let i = 0; i < n; i++) {
      const c = codes[i] as number
      byCode[c] = (byCode[c] as number) + (weights[i] as number)
    }
    for (let g = 0; g < k; g++) risk[g] = byCode[code[g] as number] as number
  }
  const weighed = sorted.filter((_, g) => (risk[g] as number) > 0)
  if (weighed.length < 2) {
    const rule = weights === undefined ? "" : " with a positive total weight"
    V.invalid("groups", weighed, `at least two distinct groups${rule}`)
  }
  const size = Float64Array.from(risk)
  const obs = new Float64Array(k)
  const exp = new Float64Array(k)
  const cov = new Float64Array(k * k)

  // One distinct time: `dj` and `leaving` hold, from `at` on, the (weighted) events and rows of
  // each group by code. Mantel (1966): group g expects d·n_g/N of the d events among N at risk,
  // with the hypergeometric covariance (Kalbfleisch & Prentice 2002, §7.2.2).
  const atTime = (dj: Float64Array, leaving: Float64Array, at: number): void => {
    let d = 0
    for (let g = 0; g < k; g++) d += dj[at + (code[g] as number)] as number
    if (d > 0) {
      let total = 0
      for (let g = 0; g < k; g++) total += risk[g] as number
      const factor = total > 1 ? (d * (total - d)) / (total - 1) : 0
      for (let g = 0; g < k; g++) {
        const share = (risk[g] as number) / total
        obs[g] = (obs[g] as number) + (dj[at + (code[g] as number)] as number)
        exp[g] = (exp[g] as number) + d * share
        for (let l = 0; l < k; l++) {
          const shareL = (risk[l] as number) / total
          cov[g * k + l] = (cov[g * k + l] as number) + factor * share * ((g === l ? 1 : 0) - shareL)
        }
      }
    }
    for (let g = 0; g < k; g++) risk[g] = (risk[g] as number) - (leaving[at + (code[g] as number)] as number)
  }

  // Each row's time as an index 0…m − 1 in time order: the integer duration itself when the
  // range is small (days, months), otherwise its rank among the distinct durations.
  const time = integral && max <= countingRange(n) ? { index: durations, m: max + 1 } : byRank(durations)
  if (time.m * k <= countingRange(n)) {
    // Counting by (time, group) in one pass over the rows, then one pass over the times.
    const dj = new Float64Array(time.m * k)
    const leaving = new Float64Array(time.m * k)
    const index = time.index
    if (weights === undefined) {
      for (let i = 0; i < n; i++) {
        const cell = (index[i] as number) * k + (codes[i] as number)
        dj[cell] = (dj[cell] as number) + (events[i] as number)
        leaving[cell] = (leaving[cell] as number) + 1
      }
    } else {
      for (let i = 0; i < n; i++) {
        const cell = (index[i] as number) * k + (codes[i] as number)
        const w = weights[i] as number
        dj[cell] = (dj[cell] as number) + (events[i] as number) * w
        leaving[cell] = (leaving[cell] as number) + w
      }
    }
    for (let t = 0; t < time.m; t++) atTime(dj, leaving, t * k)
  } else {
    // Many groups over many times: rows in time order by a counting sort, one time at a time.
    const order = countingSort(time.index, n, time.m)
    const dj = new Float64Array(k)
    const leaving = new Float64Array(k)
    let p = 0
    while (p < n) {
      const t = time.index[order[p] as number] as number
      dj.fill(0)
      leaving.fill(0)
      for (; p < n && time.index[order[p] as number] === t; p++) {
        const i = order[p] as number
        const c = codes[i] as number
        const w = weights === undefined ? 1 : (weights[i] as number)
        leaving[c] = (leaving[c] as number) + w
        dj[c] = (dj[c] as number) + (events[i] as number) * w
      }
      atTime(dj, leaving, 0)
    }
  }

  // As survdiff: keep groups with expected > 0, drop the first of them, solve V x = O − E.
  const kept = sorted.map((_, g) => g).filter((g) => (exp[g] as number) > 0)
  let chiSquare = 0
  const df = Math.max(0, kept.length - 1)
  if (kept.length >= 2) {
    const idx = kept.slice(1)
    const m = idx.length
    const a = idx.map((r) => idx.map((c) => cov[r * k + c] as number))
    const b = idx.map((r) => (obs[r] as number) - (exp[r] as number))
    const x =
      solve(a, b) ?? V.invalid("groups", sorted, "groups whose log-rank variance matrix is non-singular")
    for (let r = 0; r < m; r++) chiSquare += (x[r] as number) * (b[r] as number)
  }
  return {
    groups: sorted.map((group, g) => ({
      group,
      n: size[g] as number,
      observed: obs[g] as number,
      expected: exp[g] as number,
      variance: cov[g * k + g] as number
    })),
    chiSquare,
    df,
    pValue: df === 0 ? 1 : chiSquareSurvival(chiSquare, df)
  }
}

// Group labels as codes 0…k − 1 in order of first appearance, with the rows of each. A row with
// the previous row's label costs one comparison; another label is looked up among the few seen so
// far (a Map once there are many).
const codeGroups = (
  groups: ArrayLike<string | number>
): { codes: Int32Array; labels: Array<string | number>; rows: Array<number> } => {
  const n = groups.length
  const codes = new Int32Array(n)
  const labels: Array<string | number> = []
  const byLabel = new Map<string | number, number>()
  let counts = new Int32Array(8)
  let last: unknown
  let lastCode = 0
  for (let i = 0; i < n; i++) {
    const g = groups[i]
    if (g !== last) {
      let c = -1
      if (labels.length <= 16) {
        for (let j = 0; j < labels.length; j++) {
          if (labels[j] === g) {
            c = j
            break
          }
        }
      } else c = byLabel.get(g as string | number) ?? -1
      if (c < 0) {
        if (!(typeof g === "string" || (typeof g === "number" && Number.isFinite(g))))
          V.invalid(`groups[${i}]`, g, "a string or finite number")
        c = labels.length
        // −0 and 0 are one group (as in a Map).
        const label = g === 0 ? 0 : (g as string | number)
        labels.push(label)
        byLabel.set(label, c)
        if (c === counts.length) {
          const grown = new Int32Array(2 * c)
          grown.set(counts)
          counts = grown
        }
      }
      last = g
      lastCode = c
    }
    codes[i] = lastCode
    counts[lastCode] = (counts[lastCode] as number) + 1
  }
  return { codes, labels, rows: Array.from(counts.subarray(0, labels.length)) }
}

const byRank = (durations: ArrayLike<number>): { index: Int32Array; m: number } => {
  const { index, values } = ranks(durations)
  return { index, m: values.length }
}

const compareLabels = (a: string | number, b: string | number): number =>
  typeof a === "number" && typeof b === "number"
    ? a - b
    : String(a) < String(b)
      ? -1
      : String(a) > String(b)
        ? 1
        : typeof a === typeof b
          ? 0
          : typeof a === "number"
            ? -1
            : 1

/** Gaussian elimination with partial pivoting for the small (k − 1)² log-rank system. */
const solve = (
  a: ReadonlyArray<ReadonlyArray<number>>,
  b: ReadonlyArray<number>
): Array<number> | undefined => {
  const m = b.length
  const w = m + 1
  const aug = new Float64Array(m * w)
  const at = (r: number, c: number): number => aug[r * w + c] as number
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < m; c++) aug[r * w + c] = a[r]?.[c] as number
    aug[r * w + m] = b[r] as number
  }
  for (let c = 0; c < m; c++) {
    let pivot = c
    for (let r = c + 1; r < m; r++) if (Math.abs(at(r, c)) > Math.abs(at(pivot, c))) pivot = r
    for (let q = 0; q < w; q++) {
      const tmp = at(c, q)
      aug[c * w + q] = at(pivot, q)
      aug[pivot * w + q] = tmp
    }
    const diag = at(c, c)
    if (Math.abs(diag) < 1e-12) return undefined
    for (let r = 0; r < m; r++) {
      if (r === c) continue
      const f = at(r, c) / diag
      for (let q = c; q < w; q++) aug[r * w + q] = at(r, q) - f * at(c, q)
    }
  }
  return Array.from({ length: m }, (_, r) => at(r, m) / at(r, r))
}
