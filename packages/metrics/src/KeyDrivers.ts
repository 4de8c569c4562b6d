/**
 * Key-driver analysis: which experience drivers (ratings of delivery, support, price…) move an
 * overall score (NPS, CSAT, CES), each with its share of the explained variance, an interval and
 * a significance flag, and a chart of importance against performance.
 *
 * Two methods split the R² of the linear regression of the outcome on the drivers among the
 * drivers, so that the shares add up to R² even when the drivers are correlated (as ratings of
 * one experience always are), which standardised regression coefficients do not:
 *
 * - `relativeWeights`: Johnson's (2000) relative weights ("Relative Importance" in Qualtrics Stats
 *   iQ, the `rwa` package in R). The drivers are replaced by their closest orthogonal
 *   counterparts, the outcome is regressed on those, and each driver gets back the variance its
 *   counterparts explain in proportion to how much it makes them up. Johnson, J. W. (2000), "A
 *   heuristic method for estimating the relative weight of predictor variables in multiple
 *   regression", Multivariate Behavioral Research 35(1), 1–19.
 * - `shapley`: Shapley-value regression (Lipovetsky & Conklin 2001, "Analysis of regression in
 *   game theory approach", Applied Stochastic Models in Business and Industry 17(4)), the
 *   average gain in R² from adding the driver over all orders of entry, which equals general
 *   dominance (Budescu 1993, Psychological Bulletin 114(3); Azen & Budescu 2003, Psychological
 *   Methods 8(2)). Exact, from the R² of all 2^p subsets, so for at most 15 drivers.
 *
 * Johnson's weights usually approximate the Shapley values closely (Johnson 2000; LeBreton,
 * Ployhart & Ladd 2004) at the cost of one eigen-decomposition, but not always: Thomas, Zumbo,
 * Kwan & Schweitzer (2014, Multivariate Behavioral Research 49(4)) dispute their derivation and
 * show data where the two rank drivers differently. With up to 15 drivers, `shapley` is exact.
 *
 * **Intervals and significance.** Percentile bootstrap intervals (Efron & Tibshirani 1993, An
 * Introduction to the Bootstrap, ch. 13) from a seeded Mersenne Twister, so a seed gives the same
 * intervals on every run. A weight is never negative, so an interval for it almost always excludes
 * 0 and says nothing about significance; instead, following Tonidandel, LeBreton & Johnson (2009),
 * "Determining the statistical significance of relative weights", Psychological Methods 14(4),
 * an independent random variable joins the drivers in each resample, and a driver is
 * significant when the interval of its weight minus the random variable's lies above 0.
 *
 * **Inputs.** Rows of plain columns (`{ nps: 9, delivery: 4, support: 5 }`), or survey responses
 * (`Feedback` from `@cxkit/core`) turned into such rows by `fromFeedback`, which reads each
 * question's scale and orients every score so that higher is better.
 *
 * @module
 * @since 0.1.0
 */
import { Feedback } from "@cxkit/core"
import { EigenvalueDecomposition, Matrix } from "ml-matrix"
import * as Chart from "./Chart.ts"
import type * as Interval from "./Interval.ts"
import * as Linear from "./internal/linear.ts"
import { quantileSorted } from "./internal/quantile.ts"
import { uniform } from "./internal/random.ts"
import * as validate from "./internal/validate.ts"

// Bound once (see the note in BetaGeo.ts on imported names under vitest's module runner).
const { solve } = Linear

/**
 * The two ways of splitting R²: `"relative-weights"` (Johnson 2000) and `"shapley"` (Shapley
 * values, equal to general dominance).
 *
 * @since 0.1.0
 * @category models
 */
export type Method = "relative-weights" | "shapley"

/**
 * The integer scale a driver is rated on (`{ min: 1, max: 5 }`), used to express its mean as a
 * performance from 0 to 100.
 *
 * @since 0.1.0
 * @category models
 */
export interface Scale {
  readonly min: number
  readonly max: number
}

/**
 * Bootstrap settings: `samples` resamples (1000 by default), the `seed` of the generator (an
 * integer from 1 to 2³² − 1; 1 by default) and the confidence `level` (0.95 by default).
 *
 * @since 0.1.0
 * @category models
 */
export interface BootstrapOptions {
  readonly samples?: number | undefined
  readonly seed?: number | undefined
  readonly level?: number | undefined
}

/**
 * Options of `relativeWeights` and `shapley`.
 *
 * - `outcome`: the column of the overall score (NPS answer, CSAT, CES).
 * - `drivers`: the columns of the driver ratings (at least one, distinct, not the outcome).
 * - `bootstrap`: intervals and significance (see `BootstrapOptions`), on by default; `false`
 *   skips them (then `interval` and `significant` are `undefined`).
 * - `missing`: `"error"` (default) throws for a row whose outcome or driver is not a finite
 *   number; `"listwise"` leaves such rows out and counts them in `excluded`.
 * - `scales`: the scale of each driver, so its `performance` is its mean on 0–100.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly outcome: string
  readonly drivers: ReadonlyArray<string>
  readonly bootstrap?: BootstrapOptions | false | undefined
  readonly missing?: "error" | "listwise" | undefined
  readonly scales?: Readonly<Record<string, Scale>> | undefined
}

/**
 * One driver's result.
 *
 * - `weight`: its share of R² (raw weight; the weights add up to `rSquared`).
 * - `share`: the same as a percentage of R² (the shares add up to 100).
 * - `rank`: 1 for the most important driver.
 * - `correlation`: Pearson's r with the outcome; its sign says whether a better rating goes with
 *   a better outcome (the weights themselves carry no sign).
 * - `mean`: the mean rating; `performance`: the mean on 0–100 of its scale when `scales` gives
 *   one (100 × (mean − min) / (max − min)), otherwise the mean.
 * - `interval`: the bootstrap interval of `weight`; `significant`: whether the driver explains
 *   more than a random variable would (Tonidandel, LeBreton & Johnson 2009). Both `undefined`
 *   without a bootstrap.
 * - `quadrant`: where the driver sits in the importance–performance chart (see `Quadrant`).
 *
 * @since 0.1.0
 * @category models
 */
export interface Driver {
  readonly name: string
  readonly weight: number
  readonly share: number
  readonly rank: number
  readonly correlation: number
  readonly mean: number
  readonly performance: number
  readonly interval: Interval.Interval | undefined
  readonly significant: boolean | undefined
  readonly quadrant: Quadrant
}

/**
 * The importance–performance quadrant of a driver (Martilla & James 1977), split at the average
 * share (100/p %) and the average performance of the drivers: `"strength"` (at least average
 * importance and performance: keep up), `"priority"` (important, performing below average: fix
 * first), `"maintain"` (less important, performing well) and `"secondary"` (the rest).
 *
 * @since 0.1.0
 * @category models
 */
export type Quadrant = "strength" | "priority" | "maintain" | "secondary"

const quadrantOf = (
  share: number,
  performance: number,
  shareMid: number,
  performanceMid: number
): Quadrant =>
  share >= shareMid
    ? performance >= performanceMid
      ? "strength"
      : "priority"
    : performance >= performanceMid
      ? "maintain"
      : "secondary"

/**
 * A key-driver analysis: the `method`, the `outcome`, R² of the regression on all drivers (with
 * its bootstrap interval), the rows used (`n`) and left out (`excluded`, with `missing:
 * "listwise"`), the drivers from most to least important, and the bootstrap that was run
 * (`usable` counts the resamples in which every column varied and the drivers were not
 * collinear; the others cannot be analysed and are left out of the intervals).
 *
 * @since 0.1.0
 * @category models
 */
export interface KeyDrivers {
  readonly method: Method
  readonly outcome: string
  readonly rSquared: number
  readonly rSquaredInterval: Interval.Interval | undefined
  readonly n: number
  readonly excluded: number
  readonly drivers: ReadonlyArray<Driver>
  readonly bootstrap:
    | { readonly samples: number; readonly usable: number; readonly seed: number; readonly level: number }
    | undefined
}

/** The Shapley method enumerates every subset of drivers: 2^15 regressions at most. */
const MAX_SHAPLEY_DRIVERS = 15

// ---------------------------------------------------------------------------------------------
// Correlations and the two decompositions, on a correlation matrix.

/**
 * The Pearson correlation matrix of `columns` over the rows `index` (a bootstrap resample, or
 * every row), row-major k×k; `undefined` when a column is constant. Two passes (means, then
 * centred cross-products) for accuracy.
 */
const correlationMatrix = (
  columns: ReadonlyArray<Float64Array>,
  index: Uint32Array | undefined,
  n: number
): Float64Array | undefined => {
  const k = columns.length
  const means = new Float64Array(k)
  for (let c = 0; c < k; c++) {
    const column = columns[c] as Float64Array
    let sum = 0
    for (let i = 0; i < n; i++) sum += column[index === undefined ? i : (index[i] as number)] as number
    means[c] = sum / n
  }
  const cross = new Float64Array(k * k)
  const centred = new Float64Array(k)
  for (let i = 0; i < n; i++) {
    const row = index === undefined ? i : (index[i] as number)
    for (let c = 0; c < k; c++)
      centred[c] = ((columns[c] as Float64Array)[row] as number) - (means[c] as number)
    for (let a = 0; a < k; a++) {
      const ca = centred[a] as number
      for (let b = a; b < k; b++)
        cross[a * k + b] = (cross[a * k + b] as number) + ca * (centred[b] as number)
    }
  }
  const r = new Float64Array(k * k)
  for (let a = 0; a < k; a++) {
    const saa = cross[a * k + a] as number
    if (!(saa > 0)) return undefined
    r[a * k + a] = 1
    for (let b = a + 1; b < k; b++) {
      const v = (cross[a * k + b] as number) / Math.sqrt(saa * (cross[b * k + b] as number))
      r[a * k + b] = v
      r[b * k + a] = v
    }
  }
  return r
}

/** The predictors' block R_xx (the first p columns) and their correlations r_xy with column `y`. */
const blocks = (
  r: Float64Array,
  k: number,
  predictors: ReadonlyArray<number>,
  y: number
): { readonly rxx: Array<Array<number>>; readonly rxy: Array<number> } => ({
  rxx: predictors.map((a) => predictors.map((b) => r[a * k + b] as number)),
  rxy: predictors.map((a) => r[a * k + y] as number)
})

// Eigenvalues below this fraction of the largest mean the drivers are linearly dependent.
const COLLINEAR = 1e-10

/** The eigen-decomposition of a correlation matrix (ml-matrix, symmetric); `undefined` when singular. */
const eigen = (
  rxx: Array<Array<number>>
): { readonly lambda: Array<number>; readonly q: Matrix } | undefined => {
  const evd = new EigenvalueDecomposition(new Matrix(rxx), { assumeSymmetric: true })
  const lambda = evd.realEigenvalues
  const largest = Math.max(...lambda)
  return largest > 0 && lambda.every((l) => l > COLLINEAR * largest)
    ? { lambda, q: evd.eigenvectorMatrix }
    : undefined
}

/**
 * Johnson's (2000) relative weights from R_xx and r_xy. With R_xx = QΛQᵀ, the correlations of
 * the drivers with their orthogonal counterparts Z are Λ* = QΛ^½Qᵀ, the standardised
 * coefficients of the outcome on Z are β = QΛ^−½Qᵀ r_xy, and ε_j = Σ_k (Λ*_jk)² β_k², which add
 * up to R² = r_xyᵀ R_xx⁻¹ r_xy (Johnson 2000, eqs. 8–11). `undefined` when R_xx is singular.
 */
const johnson = (rxx: Array<Array<number>>, rxy: Array<number>): Array<number> | undefined => {
  const p = rxy.length
  const decomposition = eigen(rxx)
  if (decomposition === undefined) return undefined
  const { lambda, q } = decomposition
  const root = lambda.map(Math.sqrt)
  // Λ* = Q diag(√λ) Qᵀ and β = Q diag(1/√λ) Qᵀ r_xy.
  const qtr = root.map((_, m) => {
    let s = 0
    for (let j = 0; j < p; j++) s += q.get(j, m) * (rxy[j] as number)
    return s
  })
  const beta = new Float64Array(p)
  const star = new Float64Array(p * p)
  for (let j = 0; j < p; j++) {
    let b = 0
    for (let m = 0; m < p; m++) b += (q.get(j, m) * (qtr[m] as number)) / (root[m] as number)
    beta[j] = b
    for (let k = 0; k < p; k++) {
      let s = 0
      for (let m = 0; m < p; m++) s += q.get(j, m) * (root[m] as number) * q.get(k, m)
      star[j * p + k] = s
    }
  }
  return rxy.map((_, j) => {
    let e = 0
    for (let k = 0; k < p; k++) e += (star[j * p + k] as number) ** 2 * (beta[k] as number) ** 2
    return e
  })
}

/** R² of the regression on the drivers in `mask`: r_Sᵀ R_SS⁻¹ r_S; `undefined` when R_SS is singular. */
const subsetRSquared = (rxx: Array<Array<number>>, rxy: Array<number>, mask: number): number | undefined => {
  const members: Array<number> = []
  for (let j = 0; j < rxy.length; j++) if (mask & (1 << j)) members.push(j)
  const m = members.length
  if (m === 0) return 0
  const a = new Float64Array(m * m)
  const b = new Float64Array(m)
  members.forEach((i, row) => {
    b[row] = rxy[i] as number
    members.forEach((j, col) => {
      a[row * m + col] = (rxx[i] as Array<number>)[j] as number
    })
  })
  const x = solve(a, b, m)
  if (x === undefined) return undefined
  let r2 = 0
  members.forEach((i, row) => {
    r2 += (rxy[i] as number) * (x[row] as number)
  })
  return r2
}

// k! (p − k − 1)! / p!: the Shapley weight of a coalition of k others (Shapley 1953).
const shapleyWeights = (p: number): Array<number> => {
  const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1))
  return Array.from({ length: p }, (_, k) => (factorial(k) * factorial(p - k - 1)) / factorial(p))
}

/**
 * R² of every subset of drivers, indexed by bitmask (bit j for driver j); `undefined` when R_xx
 * is singular (when it is regular, so is every principal sub-matrix).
 */
const rSquaredTable = (rxx: Array<Array<number>>, rxy: Array<number>): Float64Array | undefined => {
  if (eigen(rxx) === undefined) return undefined
  const subsets = 1 << rxy.length
  const r2 = new Float64Array(subsets)
  for (let mask = 1; mask < subsets; mask++) r2[mask] = subsetRSquared(rxx, rxy, mask) as number
  return r2
}

/**
 * Shapley values of R² from the table of the first p drivers' subsets (`r2`, at least 2^p
 * entries): φ_j = Σ_{S ∌ j} |S|!(p − |S| − 1)!/p! · (R²(S ∪ {j}) − R²(S)) (Shapley 1953;
 * Lipovetsky & Conklin 2001), equal to the general dominance weights of Azen & Budescu (2003):
 * the mean over subset sizes of the mean increment.
 */
const shapleyOf = (r2: Float64Array, p: number): Array<number> => {
  const subsets = 1 << p
  const size = new Uint8Array(subsets)
  for (let mask = 1; mask < subsets; mask++) size[mask] = (size[mask >> 1] as number) + (mask & 1)
  const weights = shapleyWeights(p)
  const phi = new Array<number>(p).fill(0)
  for (let mask = 0; mask < subsets; mask++) {
    const w = weights[size[mask] as number] as number
    for (let j = 0; j < p; j++) {
      const bit = 1 << j
      if (mask & bit) continue
      phi[j] = (phi[j] as number) + w * ((r2[mask | bit] as number) - (r2[mask] as number))
    }
  }
  return phi
}

const decompose = (method: Method, rxx: Array<Array<number>>, rxy: Array<number>) => {
  if (method === "relative-weights") return johnson(rxx, rxy)
  const table = rSquaredTable(rxx, rxy)
  return table === undefined ? undefined : shapleyOf(table, rxy.length)
}

/**
 * The weights of the drivers alone and of the drivers plus the random variable (the last of
 * `augmented`) in one resample. For Shapley values one table serves both: the subsets without
 * the random variable (the highest bit) are the first 2^p entries.
 */
const decomposeBoth = (
  method: Method,
  plain: { readonly rxx: Array<Array<number>>; readonly rxy: Array<number> },
  augmented: { readonly rxx: Array<Array<number>>; readonly rxy: Array<number> }
): { readonly own: Array<number>; readonly withNoise: Array<number> } | undefined => {
  if (method === "relative-weights") {
    const own = johnson(plain.rxx, plain.rxy)
    const withNoise = johnson(augmented.rxx, augmented.rxy)
    return own === undefined || withNoise === undefined ? undefined : { own, withNoise }
  }
  const p = plain.rxy.length
  const table = rSquaredTable(augmented.rxx, augmented.rxy)
  return table === undefined ? undefined : { own: shapleyOf(table, p), withNoise: shapleyOf(table, p + 1) }
}

// ---------------------------------------------------------------------------------------------
// Reading the rows.

interface Columns {
  readonly drivers: ReadonlyArray<Float64Array>
  readonly outcome: Float64Array
  readonly n: number
  readonly excluded: number
}

const readColumns = (rows: Iterable<Readonly<Record<string, unknown>>>, options: Options): Columns => {
  const listwise = options.missing === "listwise"
  const p = options.drivers.length
  const drivers: Array<Array<number>> = options.drivers.map(() => [])
  const outcome: Array<number> = []
  const names = [...options.drivers, options.outcome]
  const values = new Array<number>(p + 1)
  let index = 0
  let excluded = 0
  for (const row of rows) {
    if (typeof row !== "object" || row === null)
      validate.invalid(`rows[${index}]`, row, "an object of columns")
    let complete = true
    for (let c = 0; c <= p; c++) {
      const name = names[c] as string
      const value = row[name]
      if (typeof value === "number" && Number.isFinite(value)) values[c] = value
      else if (listwise) complete = false
      else validate.invalid(`rows[${index}].${name}`, value, "a finite number")
    }
    if (complete) {
      for (let c = 0; c < p; c++) (drivers[c] as Array<number>).push(values[c] as number)
      outcome.push(values[p] as number)
    } else excluded++
    index++
  }
  return {
    drivers: drivers.map((d) => Float64Array.from(d)),
    outcome: Float64Array.from(outcome),
    n: outcome.length,
    excluded
  }
}

const checkOptions = (options: Options, method: Method): void => {
  if (typeof options !== "object" || options === null)
    validate.invalid("options", options, "an object { outcome, drivers }")
  validate.nonEmptyString("options.outcome", options.outcome)
  const drivers = validate.nonEmpty("options.drivers", options.drivers)
  const seen = new Set<string>()
  drivers.forEach((name, i) => {
    validate.nonEmptyString(`options.drivers[${i}]`, name)
    if (name === options.outcome)
      validate.invalid(`options.drivers[${i}]`, name, "a column other than the outcome")
    if (seen.has(name)) validate.invalid(`options.drivers[${i}]`, name, "a driver named once")
    seen.add(name)
  })
  if (method === "shapley" && drivers.length > MAX_SHAPLEY_DRIVERS)
    validate.invalid(
      "options.drivers.length",
      drivers.length,
      `at most ${MAX_SHAPLEY_DRIVERS} drivers for Shapley values (2^p regressions); use relativeWeights`
    )
  if (options.missing !== undefined) validate.oneOf("options.missing", options.missing, ["error", "listwise"])
  for (const [name, scale] of Object.entries(options.scales ?? {})) {
    const { min, max } = validate.integerScale(`options.scales.${name}`, scale)
    if (!seen.has(name))
      validate.invalid(`options.scales.${name}`, { min, max }, "the scale of a driver in options.drivers")
  }
}

const bootstrapSettings = (
  bootstrap: BootstrapOptions | false | undefined
): { readonly samples: number; readonly seed: number; readonly level: number } | undefined => {
  if (bootstrap === false) return undefined
  const samples =
    bootstrap?.samples === undefined
      ? 1000
      : validate.integerAtLeast("options.bootstrap.samples", bootstrap.samples, 2)
  const seed = bootstrap?.seed ?? 1
  if (!Number.isInteger(seed) || seed < 1 || seed > 0xffffffff)
    validate.invalid("options.bootstrap.seed", seed, "an integer from 1 to 4294967295")
  return { samples, seed, level: validate.levelOrDefault(bootstrap, "options.bootstrap.level") }
}

const percentile = (values: Float64Array, level: number): Interval.Interval => {
  const sorted = values.slice().sort()
  return {
    lower: quantileSorted(sorted, (1 - level) / 2),
    upper: quantileSorted(sorted, 1 - (1 - level) / 2)
  }
}

// ---------------------------------------------------------------------------------------------
// The analysis.

const analyse = (
  method: Method,
  rows: Iterable<Readonly<Record<string, unknown>>>,
  options: Options
): KeyDrivers => {
  checkOptions(options, method)
  const settings = bootstrapSettings(options.bootstrap)
  const columns = readColumns(rows, options)
  const p = options.drivers.length
  const n = columns.n
  if (n < p + 2)
    validate.invalid("rows.length", n, `at least ${p + 2} complete rows for ${p} driver${p === 1 ? "" : "s"}`)
  const all = [...columns.drivers, columns.outcome]
  const r = correlationMatrix(all, undefined, n)
  if (r === undefined) {
    const constant = all.findIndex((c) => c.every((v) => v === c[0]))
    const name = [...options.drivers, options.outcome][constant] as string
    return validate.invalid(
      `rows[*].${name}`,
      (all[constant] as Float64Array)[0],
      "a column that varies across rows"
    )
  }
  const predictors = options.drivers.map((_, j) => j)
  const { rxx, rxy } = blocks(r, p + 1, predictors, p)
  const weights = decompose(method, rxx, rxy)
  if (weights === undefined)
    return validate.invalid(
      "options.drivers",
      options.drivers,
      "drivers that are not linearly dependent (collinear ratings)"
    )
  const rSquared = weights.reduce((s, w) => s + w, 0)

  let intervals: Array<Interval.Interval> | undefined
  let significant: Array<boolean> | undefined
  let rSquaredInterval: Interval.Interval | undefined
  let usable = 0
  if (settings !== undefined) {
    const next = uniform(settings.seed)
    // Tonidandel, LeBreton & Johnson (2009): an independent random variable as a (p+1)-th driver.
    const noise = Float64Array.from({ length: n }, () => next())
    const withNoise = [...columns.drivers, noise, columns.outcome]
    const k = p + 2
    const own = Array.from({ length: p }, () => new Float64Array(settings.samples))
    const overNoise = Array.from({ length: p }, () => new Float64Array(settings.samples))
    const r2s = new Float64Array(settings.samples)
    const index = new Uint32Array(n)
    const augmented = [...predictors, p]
    for (let b = 0; b < settings.samples; b++) {
      for (let i = 0; i < n; i++) index[i] = Math.floor(next() * n)
      const rb = correlationMatrix(withNoise, index, n)
      if (rb === undefined) continue
      const both = decomposeBoth(method, blocks(rb, k, predictors, p + 1), blocks(rb, k, augmented, p + 1))
      if (both === undefined) continue
      const wb = both.own
      const wn = both.withNoise
      let total = 0
      for (let j = 0; j < p; j++) {
        ;(own[j] as Float64Array)[usable] = wb[j] as number
        ;(overNoise[j] as Float64Array)[usable] = (wn[j] as number) - (wn[p] as number)
        total += wb[j] as number
      }
      r2s[usable] = total
      usable++
    }
    if (usable < 2)
      return validate.invalid(
        "options.bootstrap.samples",
        settings.samples,
        `enough resamples in which every column varies (only ${usable} of ${settings.samples} did)`
      )
    intervals = own.map((w) => percentile(w.subarray(0, usable), settings.level))
    significant = overNoise.map((d) => percentile(d.subarray(0, usable), settings.level).lower > 0)
    rSquaredInterval = percentile(r2s.subarray(0, usable), settings.level)
  }

  const order = predictors.slice().sort((a, b) => (weights[b] as number) - (weights[a] as number) || a - b)
  const rankOf = new Array<number>(p)
  order.forEach((j, position) => {
    rankOf[j] = position + 1
  })
  const performanceOf = (j: number) => {
    const column = columns.drivers[j] as Float64Array
    let sum = 0
    for (const v of column) sum += v
    const mean = sum / n
    const scale = options.scales?.[options.drivers[j] as string]
    return {
      mean,
      performance: scale === undefined ? mean : (100 * (mean - scale.min)) / (scale.max - scale.min)
    }
  }
  const performances = predictors.map(performanceOf)
  const performanceMid = performances.reduce((s, x) => s + x.performance, 0) / p
  const drivers = order.map((j): Driver => {
    const { mean, performance } = performances[j] as { mean: number; performance: number }
    const weight = weights[j] as number
    const share = rSquared > 0 ? (100 * weight) / rSquared : 0
    return {
      name: options.drivers[j] as string,
      weight,
      share,
      rank: rankOf[j] as number,
      correlation: rxy[j] as number,
      mean,
      performance,
      interval: intervals?.[j],
      significant: significant?.[j],
      quadrant: quadrantOf(share, performance, 100 / p, performanceMid)
    }
  })
  return {
    method,
    outcome: options.outcome,
    rSquared,
    rSquaredInterval,
    n,
    excluded: columns.excluded,
    drivers,
    bootstrap: settings === undefined ? undefined : { ...settings, usable }
  }
}

/**
 * Johnson's (2000) relative weights of the drivers of an outcome, with R², bootstrap intervals
 * and a significance flag per driver (see the module notes). Rows are plain objects with a
 * finite number in the outcome and every driver column (see `Options.missing`).
 *
 * Throws `MetricError` for a bad option, a value that is not a finite number (`rows[3].hp`),
 * fewer than p + 2 rows, a constant column, or collinear drivers.
 *
 * @example
 * ```ts
 * import { KeyDrivers } from "@cxkit/metrics"
 *
 * const rows = [
 *   { nps: 9, delivery: 5, support: 4 }, { nps: 10, delivery: 5, support: 5 },
 *   { nps: 6, delivery: 3, support: 4 }, { nps: 3, delivery: 1, support: 2 },
 *   { nps: 8, delivery: 4, support: 3 }, { nps: 7, delivery: 4, support: 2 }
 * ]
 * const result = KeyDrivers.relativeWeights(rows, { outcome: "nps", drivers: ["delivery", "support"], bootstrap: false })
 * const shares = result.drivers.map((d) => `${d.name} ${d.share.toFixed(1)}%`)
 * console.log(result.rSquared.toFixed(3), shares) // "0.978" ["delivery 73.4%", "support 26.6%"]
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const relativeWeights = (
  rows: Iterable<Readonly<Record<string, unknown>>>,
  options: Options
): KeyDrivers => analyse("relative-weights", rows, options)

/**
 * Shapley values of R² (general dominance; Lipovetsky & Conklin 2001, Azen & Budescu 2003) of
 * the drivers of an outcome, exact over all 2^p subsets of at most 15 drivers, with the same
 * R², bootstrap intervals and significance flags as `relativeWeights`. A bootstrap evaluates
 * 2^(p+1) regressions per resample, so keep `samples` modest beyond ten drivers.
 *
 * @example
 * ```ts
 * import { KeyDrivers } from "@cxkit/metrics"
 *
 * const rows = [
 *   { nps: 9, delivery: 5, support: 4 }, { nps: 10, delivery: 5, support: 5 },
 *   { nps: 6, delivery: 3, support: 4 }, { nps: 3, delivery: 1, support: 2 },
 *   { nps: 8, delivery: 4, support: 3 }, { nps: 7, delivery: 4, support: 2 }
 * ]
 * const result = KeyDrivers.shapley(rows, { outcome: "nps", drivers: ["delivery", "support"], bootstrap: false })
 * console.log(result.drivers.map((d) => `${d.name} ${d.weight.toFixed(3)}`)) // ["delivery 0.718", "support 0.260"]
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const shapley = (rows: Iterable<Readonly<Record<string, unknown>>>, options: Options): KeyDrivers =>
  analyse("shapley", rows, options)

// ---------------------------------------------------------------------------------------------
// Survey responses.

/**
 * A survey response as `fromFeedback` reads it: `Feedback` from `@cxkit/core`, or any object with
 * its `question`, `score`, `customerId` and optional `touchpointId`.
 *
 * @since 0.1.0
 * @category models
 */
export type FeedbackResponse = Pick<Feedback.Feedback, "question" | "score"> & {
  readonly customerId: string
  readonly touchpointId?: string | undefined
}

/**
 * Options of `fromFeedback`.
 *
 * - `outcome`: the name of the outcome question (by default a question is named by its `text`,
 *   or by its metric, `"nps"`, `"csat"`, `"ces"`, when it has none).
 * - `question`: names the question a response answers (`undefined` skips the response).
 * - `respondent`: the key that gathers one respondent's answers into one row; by default the
 *   `touchpointId` (the interaction the survey rates), else the `customerId`.
 *
 * @since 0.1.0
 * @category models
 */
export interface FeedbackOptions {
  readonly outcome: string
  readonly question?: ((response: FeedbackResponse) => string | undefined) | undefined
  readonly respondent?: ((response: FeedbackResponse) => string) | undefined
}

/**
 * Rows for `relativeWeights` and `shapley` built from survey responses: one row per respondent
 * (`respondents[i]` is the key of `rows[i]`), the outcome and driver names, and each driver's
 * scale. A question a respondent did not answer is `undefined` in the row (use `missing:
 * "listwise"` to leave such rows out, or fill them in first).
 *
 * @since 0.1.0
 * @category models
 */
export interface Dataset {
  readonly rows: ReadonlyArray<Readonly<Record<string, number | undefined>>>
  readonly respondents: ReadonlyArray<string>
  readonly outcome: string
  readonly drivers: ReadonlyArray<string>
  readonly scales: Readonly<Record<string, Scale>>
}

const defaultQuestion = (response: FeedbackResponse): string =>
  response.question.text ?? response.question.metric

const defaultRespondent = (response: FeedbackResponse): string => response.touchpointId ?? response.customerId

/**
 * Gathers survey responses into one row per respondent, one column per question, ready for a
 * key-driver analysis: the outcome question (NPS, CSAT or CES) and every other question as a
 * driver. Each score is checked against its question's scale and oriented so that higher is
 * better (the original CES, `effort-5`, where 1 is the least effort, is reversed to 6 − score),
 * so a positive `correlation` always means a better rating goes with a better outcome.
 *
 * Throws `MetricError` naming `responses[i]` for a response without a question, a score off its
 * scale, a question asked on two different scales, a second answer to one question by one
 * respondent, or an `outcome` no response answers.
 *
 * @example
 * ```ts
 * import { KeyDrivers } from "@cxkit/metrics"
 *
 * const survey = (id: string, nps: number, delivery: number) => [
 *   { customerId: id, question: { metric: "nps" as const }, score: nps },
 *   { customerId: id, question: { metric: "csat" as const, min: 1, max: 5, text: "Delivery" }, score: delivery }
 * ]
 * const data = KeyDrivers.fromFeedback([...survey("c1", 9, 5), ...survey("c2", 4, 2)], { outcome: "nps" })
 * console.log(data.rows, data.drivers) // [{ nps: 9, Delivery: 5 }, { nps: 4, Delivery: 2 }] ["Delivery"]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromFeedback = (responses: Iterable<FeedbackResponse>, options: FeedbackOptions): Dataset => {
  validate.nonEmptyString("options.outcome", options.outcome)
  const nameOf = options.question ?? defaultQuestion
  const keyOf = options.respondent ?? defaultRespondent
  const scales = new Map<string, Feedback.Scale>()
  const rows = new Map<string, Record<string, number | undefined>>()
  let index = 0
  for (const response of responses) {
    const field = `responses[${index}]`
    validate.question("responses", index, response)
    const name = nameOf(response)
    if (name !== undefined) {
      validate.nonEmptyString(`${field}.question`, name)
      const scale = Feedback.scaleOf(response.question)
      const score = validate.integerInRange(
        "responses",
        index,
        response.score,
        scale.min,
        scale.max,
        ".score"
      )
      const known = scales.get(name)
      if (known === undefined) scales.set(name, scale)
      else if (known.min !== scale.min || known.max !== scale.max || known.direction !== scale.direction)
        validate.invalid(
          `${field}.question`,
          response.question,
          `the scale of the other answers to "${name}" (${known.min}–${known.max}, ${known.direction})`
        )
      const key = keyOf(response)
      if (typeof key !== "string" || key.length === 0)
        validate.invalid(
          field,
          key,
          "a response whose respondent key (options.respondent) is a non-empty string"
        )
      let row = rows.get(key)
      if (row === undefined) {
        row = {}
        rows.set(key, row)
      }
      if (row[name] !== undefined)
        validate.invalid(`${field}.question`, name, `a question respondent "${key}" answers once`)
      // Oriented so that higher is better (Feedback.scaleOf gives the direction).
      row[name] = scale.direction === "lower-is-better" ? scale.min + scale.max - score : score
    }
    index++
  }
  if (!scales.has(options.outcome))
    validate.invalid(
      "options.outcome",
      options.outcome,
      `a question among the responses (${[...scales.keys()].join(", ")})`
    )
  const drivers = [...scales.keys()].filter((name) => name !== options.outcome)
  const names = [options.outcome, ...drivers]
  return {
    rows: [...rows.values()].map((row) => Object.fromEntries(names.map((name) => [name, row[name]]))),
    respondents: [...rows.keys()],
    outcome: options.outcome,
    drivers,
    scales: Object.fromEntries(
      drivers.map((name) => {
        const { min, max } = scales.get(name) as Feedback.Scale
        return [name, { min, max }]
      })
    )
  }
}

// ---------------------------------------------------------------------------------------------
// The chart.

/**
 * The key-driver chart: importance (each driver's share of R², in %) against performance (its
 * mean, on 0–100 when the analysis had `scales`), split at the average share (100/p) and the
 * average performance into the four quadrants of each driver's `quadrant` (importance–performance
 * analysis, Martilla & James 1977): strengths (keep up), priorities (fix first), maintain and
 * secondary. Significant drivers are coloured apart when a bootstrap ran; rate the drivers on
 * one scale, or pass `scales`, so that their performances compare.
 *
 * @example
 * ```ts
 * import { KeyDrivers } from "@cxkit/metrics"
 *
 * const rows = [
 *   { nps: 9, delivery: 5, support: 4 }, { nps: 10, delivery: 5, support: 5 },
 *   { nps: 6, delivery: 3, support: 4 }, { nps: 3, delivery: 1, support: 2 },
 *   { nps: 8, delivery: 4, support: 3 }, { nps: 7, delivery: 4, support: 2 }
 * ]
 * const result = KeyDrivers.relativeWeights(rows, {
 *   outcome: "nps", drivers: ["delivery", "support"], bootstrap: false,
 *   scales: { delivery: { min: 1, max: 5 }, support: { min: 1, max: 5 } }
 * })
 * const spec = KeyDrivers.chart(result, { title: "What drives NPS" })
 * console.log(spec.title) // "What drives NPS"
 * ```
 *
 * @since 0.1.0
 * @category charts
 */
export const chart = (result: KeyDrivers, options?: Chart.ChartOptions): Chart.VegaLiteSpec => {
  const withSignificance = result.bootstrap !== undefined
  const data = result.drivers.map((d) => ({
    driver: d.name,
    importance: d.share,
    performance: d.performance,
    ...(withSignificance ? { significance: d.significant === true ? "significant" : "not significant" } : {})
  }))
  const meanPerformance = data.reduce((s, d) => s + d.performance, 0) / data.length
  return Chart.quadrant({
    ...options,
    data,
    x: "importance",
    y: "performance",
    label: "driver",
    xMid: 100 / data.length,
    yMid: meanPerformance,
    xTitle: "importance (% of R²)",
    yTitle: "performance",
    ...(withSignificance ? { color: "significance" } : {}),
    quadrants: {
      topLeft: "maintain",
      topRight: "strengths: keep up",
      bottomLeft: "secondary",
      bottomRight: "priorities: fix first"
    }
  })
}
