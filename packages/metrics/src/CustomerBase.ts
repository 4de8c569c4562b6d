/**
 * Customer-base views that every transaction model gives: the probability-alive matrix over
 * frequency × recency, and the tracking curve of a population's expected cumulative repeat
 * purchases over calendar time (Fader, Hardie & Lee 2005, Figures 2 and 3). Each function takes
 * the model's module as its first argument (`BetaGeo`, `ModifiedBetaGeo`, `ParetoNbd`,
 * `BetaGeoBetaBinom`), so one implementation serves them all.
 *
 * @module
 * @since 0.1.0
 */
import { count, finite, invalid, nonNegative, positive } from "./internal/validate.ts"

/**
 * A continuous-time transaction model (BG/NBD, MBG/NBD, Pareto/NBD) as these views need it: its
 * P(alive) for a (frequency, recency, T) history and its expected purchases of a new customer
 * in `t` periods. The modules `BetaGeo`, `ModifiedBetaGeo` and `ParetoNbd` are such models.
 *
 * @since 0.1.0
 * @category models
 */
export interface ContinuousModel<P> {
  readonly probabilityAlive: (
    params: P,
    customer: { readonly frequency: number; readonly recency: number; readonly T: number }
  ) => number
  readonly expectedPurchasesNewCustomer: (params: P, t: number) => number
}

/**
 * A discrete-opportunity transaction model (BG/BB): P(alive) for a (frequency, recency, periods)
 * history and the expected transactions of a new customer in `n` opportunities. The module
 * `BetaGeoBetaBinom` is one.
 *
 * @since 0.1.0
 * @category models
 */
export interface DiscreteModel<P> {
  readonly probabilityAlive: (
    params: P,
    customer: { readonly frequency: number; readonly recency: number; readonly periods: number }
  ) => number
  readonly expectedPurchasesNewCustomer: (params: P, n: number) => number
}

/**
 * One cell of the probability-alive matrix.
 *
 * @since 0.1.0
 * @category models
 */
export interface AliveCell {
  readonly frequency: number
  readonly recency: number
  readonly probabilityAlive: number
}

/**
 * One point of the tracking curve: the calendar time `at`, the expected repeat purchases of the
 * population up to it (`cumulative`) and since the previous point (`incremental`; up to the
 * first point for the first).
 *
 * @since 0.1.0
 * @category models
 */
export interface TrackingPoint {
  readonly at: number
  readonly cumulative: number
  readonly incremental: number
}

/**
 * P(alive) over a grid of frequency × recency for customers observed for `T` periods (the
 * heat map of FHL 2005, Figure 3, and of lifetimes' `plot_probability_alive_matrix`), cells in
 * order of frequency, then recency. Continuous-time models: frequencies 0 … `maxFrequency`,
 * recencies 0, T/steps, …, T (`steps` defaults to ⌈T⌉, about one per period); frequency 0 has the
 * one cell recency 0, the only history it can have. BG/BB (`{ periods }`): every valid cell,
 * 0 ≤ frequency ≤ recency ≤ periods with recency 0 exactly when frequency is 0.
 *
 * @example
 * ```ts
 * import { BetaGeo, BetaGeoBetaBinom, CustomerBase } from "@cxkit/metrics"
 *
 * const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }
 * const cells = CustomerBase.aliveMatrix(BetaGeo, params, { T: 39, maxFrequency: 10, steps: 3 })
 * console.log(cells.length) // 41
 * // Ten repeat purchases, the last at week 0, 13, 26 or 39:
 * console.log(cells.filter((c) => c.frequency === 10).map((c) => c.probabilityAlive.toFixed(3)))
 * // ["0.000", "0.001", "0.273", "0.935"]
 *
 * const donors = { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }
 * console.log(CustomerBase.aliveMatrix(BetaGeoBetaBinom, donors, { periods: 6 }).length) // 22
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const aliveMatrix: {
  <P>(
    model: ContinuousModel<P>,
    params: P,
    options: { readonly T: number; readonly maxFrequency: number; readonly steps?: number | undefined }
  ): ReadonlyArray<AliveCell>
  <P>(model: DiscreteModel<P>, params: P, options: { readonly periods: number }): ReadonlyArray<AliveCell>
} = <P>(
  model: ContinuousModel<P> | DiscreteModel<P>,
  params: P,
  options:
    | { readonly T: number; readonly maxFrequency: number; readonly steps?: number | undefined }
    | { readonly periods: number }
): ReadonlyArray<AliveCell> => {
  const cells: Array<AliveCell> = []
  if ("periods" in options) {
    const periods = count("options.periods", options.periods)
    const alive = (model as DiscreteModel<P>).probabilityAlive
    for (let frequency = 0; frequency <= periods; frequency++) {
      for (
        let recency = frequency === 0 ? 0 : frequency;
        recency <= (frequency === 0 ? 0 : periods);
        recency++
      ) {
        cells.push({ frequency, recency, probabilityAlive: alive(params, { frequency, recency, periods }) })
      }
    }
    return cells
  }
  const T = positive("options.T", options.T)
  const maxFrequency = count("options.maxFrequency", options.maxFrequency)
  const steps =
    options.steps === undefined ? Math.max(1, Math.ceil(T)) : count("options.steps", options.steps)
  if (steps < 1) invalid("options.steps", steps, "≥ 1")
  const alive = (model as ContinuousModel<P>).probabilityAlive
  cells.push({ frequency: 0, recency: 0, probabilityAlive: alive(params, { frequency: 0, recency: 0, T }) })
  for (let frequency = 1; frequency <= maxFrequency; frequency++) {
    for (let k = 0; k <= steps; k++) {
      const recency = k === steps ? T : (T * k) / steps
      cells.push({ frequency, recency, probabilityAlive: alive(params, { frequency, recency, T }) })
    }
  }
  return cells
}

/**
 * The tracking curve: expected cumulative repeat purchases of a population by calendar time,
 * Σᵢ E[X(at − acquiredᵢ)] over the customers acquired (first purchase) at `acquired[i]`, with E[X]
 * the model's `expectedPurchasesNewCustomer` and customers not yet acquired contributing 0 (FHL
 * 2005, Figure 2; lifetimes' `expected_cumulative_transactions`). Times are in the period of the
 * fit on one calendar (e.g. weeks since the start of the data); for BG/BB they are opportunity
 * indices (integers). Customers acquired at the same time are evaluated once.
 *
 * @example
 * ```ts
 * import { BetaGeo, CustomerBase } from "@cxkit/metrics"
 *
 * const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }
 * // 100 customers acquired in week 0, 50 in week 4; the curve at weeks 13, 26, 39
 * const acquired = [...Array.from({ length: 100 }, () => 0), ...Array.from({ length: 50 }, () => 4)]
 * const curve = CustomerBase.trackingCurve(BetaGeo, params, { acquired, at: [13, 26, 39] })
 * console.log(curve.map((p) => p.cumulative.toFixed(1))) // ["73.3", "130.2", "175.3"]
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const trackingCurve = <P>(
  model: ContinuousModel<P> | DiscreteModel<P>,
  params: P,
  options: { readonly acquired: Iterable<number>; readonly at: ReadonlyArray<number> }
): ReadonlyArray<TrackingPoint> => {
  const cohorts = new Map<number, number>()
  let i = 0
  for (const value of options.acquired) {
    const at = finite(`options.acquired[${i++}]`, value)
    cohorts.set(at, (cohorts.get(at) ?? 0) + 1)
  }
  if (i === 0) invalid("options.acquired", [], "at least one acquisition time")
  const expected = model.expectedPurchasesNewCustomer as (params: P, t: number) => number
  let previous = 0
  return options.at.map((value, k) => {
    const at = finite(`options.at[${k}]`, value)
    if (k > 0 && at < (options.at[k - 1] as number))
      invalid(`options.at[${k}]`, at, `≥ the time before it (${options.at[k - 1]})`)
    let cumulative = 0
    for (const [acquired, customers] of cohorts) {
      if (at > acquired) cumulative += customers * expected(params, nonNegative("t", at - acquired))
    }
    const point = { at, cumulative, incremental: cumulative - previous }
    previous = cumulative
    return point
  })
}
