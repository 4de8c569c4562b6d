/**
 * Conversion funnels: how many customers (or journeys) pass through ordered steps within a
 * conversion window, how fast, and where they drop out.
 *
 * @module
 * @since 0.1.0
 */
import type { Journey } from "@cxkit/core"
import type { Duration } from "effect"
import { summarize } from "./internal/quantile.ts"
import { group, millis } from "./internal/units.ts"
import { invalid, nonEmpty, nonEmptyString, positiveDuration, probability } from "./internal/validate.ts"

/**
 * One funnel step: a name and a predicate on touchpoints.
 *
 * @since 0.1.0
 * @category models
 */
export interface Step<T> {
  readonly name: string
  readonly where: (touchpoint: T) => boolean
}

/**
 * How steps must follow each other:
 * - `"loose"` (default): other touchpoints may occur between steps (PostHog "sequential",
 *   ClickHouse `windowFunnel` default);
 * - `"strict"`: once the first step happened, any touchpoint matching no step ends the attempt
 *   (PostHog "strict", ClickHouse `'strict_order'`).
 *
 * @since 0.1.0
 * @category models
 */
export type Order = "loose" | "strict"

/**
 * Funnel options.
 *
 * - `steps`: at least one step, in order.
 * - `window`: the conversion window, a positive `Duration.Input` (`"7 days"`, `"30 minutes"`, or
 *   milliseconds). It is anchored at the first step: every later step must happen at most
 *   `window` after the first step's touchpoint, boundary included (`t ≤ t₁ + window`). This is
 *   PostHog's and Mixpanel's convention and ClickHouse's `windowFunnel`.
 * - `order`: `"loose"` (default) or `"strict"`, see `Order`.
 * - `deduplicate`: a step that repeats after it was reached ends the attempt (ClickHouse
 *   `'strict_deduplication'`).
 * - `strictlyIncreasing`: each step must be strictly later than the previous one; by default
 *   equal timestamps may fill consecutive steps (ClickHouse `'strict_increase'`).
 * - `breakdown`: a property of the first-step touchpoint (PostHog's "first touchpoint"
 *   breakdown attribution); results are repeated per value.
 * - `percentiles`: levels in [0, 1] reported for times between steps (default 0.25, 0.75, 0.9).
 *
 * @since 0.1.0
 * @category models
 */
export interface Options<T> {
  readonly steps: ReadonlyArray<Step<T>>
  readonly window: Duration.Input
  readonly order?: Order
  readonly deduplicate?: boolean
  readonly strictlyIncreasing?: boolean
  readonly breakdown?: (touchpoint: T) => string
  readonly percentiles?: ReadonlyArray<number>
}

/**
 * How far one unit (a customer for touchpoint input, a journey for journey input) got: `level`
 * steps completed (0 = never did the first step), the epoch milliseconds at which each completed
 * step happened in the deepest attempt, and the breakdown value of its first-step touchpoint.
 *
 * @since 0.1.0
 * @category models
 */
export interface UnitLevel {
  readonly unit: string
  readonly level: number
  readonly stepMillis: ReadonlyArray<number>
  readonly breakdown: string | undefined
}

/**
 * A summary of durations in milliseconds: how many, their mean and median, and the requested
 * percentiles (`percentiles[i].value` is the `percentiles[i].level` quantile, Hyndman & Fan
 * definition 7).
 *
 * @since 0.1.0
 * @category models
 */
export interface TimeSummary {
  readonly count: number
  readonly mean: number
  readonly median: number
  readonly percentiles: ReadonlyArray<{ readonly level: number; readonly value: number }>
}

/**
 * One step of a funnel result. `conversionFromPrevious` is count / previous step's count,
 * `conversionFromFirst` count / first step's count (`undefined` when that count is 0);
 * `timeFromPrevious` and `timeFromFirst` summarise, over units that reached this step, the time
 * since the previous and the first step (`undefined` for the first step or when none reached it).
 *
 * @since 0.1.0
 * @category models
 */
export interface StepResult {
  readonly name: string
  readonly count: number
  readonly conversionFromPrevious: number | undefined
  readonly conversionFromFirst: number | undefined
  readonly timeFromPrevious: TimeSummary | undefined
  readonly timeFromFirst: TimeSummary | undefined
}

/**
 * A funnel: `units` analysed (customers or journeys, including those that never entered),
 * per-step results, the overall conversion (last step / first step) and, with a `breakdown`
 * option, the same per breakdown value (sorted by value).
 *
 * @since 0.1.0
 * @category models
 */
export interface Result {
  readonly units: number
  readonly steps: ReadonlyArray<StepResult>
  readonly conversion: number | undefined
  readonly breakdown: ReadonlyArray<{ readonly value: string; readonly steps: ReadonlyArray<StepResult> }>
}

interface Checked<T> {
  readonly steps: ReadonlyArray<Step<T>>
  readonly windowMillis: number
  readonly strict: boolean
  readonly deduplicate: boolean
  readonly strictlyIncreasing: boolean
  readonly percentiles: ReadonlyArray<number>
}

const check = <T>(options: Options<T>): Checked<T> => {
  if (options === null || typeof options !== "object") return invalid("options", options, "an options object")
  const steps = nonEmpty("options.steps", options.steps)
  steps.forEach((step, i) => {
    nonEmptyString(`options.steps[${i}].name`, step?.name)
    if (typeof step.where !== "function")
      invalid(`options.steps[${i}].where`, step.where, "a predicate function")
  })
  const order = options.order ?? "loose"
  if (order !== "loose" && order !== "strict") invalid("options.order", order, 'either "loose" or "strict"')
  const percentiles = options.percentiles ?? [0.25, 0.75, 0.9]
  percentiles.forEach((p, i) => {
    probability(`options.percentiles[${i}]`, p)
  })
  return {
    steps,
    windowMillis: positiveDuration("options.window", options.window),
    strict: order === "strict",
    deduplicate: options.deduplicate === true,
    strictlyIncreasing: options.strictlyIncreasing === true,
    percentiles
  }
}

// The per-unit search follows the state machine of ClickHouse's windowFunnel (documented at
// clickhouse.com/docs/sql-reference/aggregate-functions/parametric-functions#windowfunnel): for
// each level k it keeps the latest-starting attempt that reached k; a touchpoint matching step k
// extends the attempt at level k − 1 when it lies within the window of that attempt's first step.
// Differences, chosen for touchpoint data: one touchpoint fills at most one step per attempt (its
// matching steps are tried from the highest down, so "view → view" needs two views); at equal
// timestamps touchpoints are taken in order of their lowest matching step, then id; and with
// strictlyIncreasing an older attempt whose last step is strictly earlier is kept beside the
// latest one, so the deepest chain the documentation promises is found where ClickHouse's single
// attempt per level can miss it (a@0 b@5 a@6 b@7 c@7 reaches a→b→c through a@0 b@5 c@7).
const NONE: ReadonlyArray<number> = []

// One attempt through the funnel: the time of each step reached so far, and the index of its
// first-step touchpoint.
interface Attempt {
  readonly times: ReadonlyArray<number>
  readonly first: number
}
const NO_ATTEMPTS: ReadonlyArray<Attempt> = []
const startOf = (a: Attempt): number => a.times[0] as number
const lastOf = (a: Attempt): number => a.times[a.times.length - 1] as number

const unitLevel = <T extends Journey.JourneyInput>(
  unit: {
    readonly key: string
    readonly touchpoints: ReadonlyArray<T>
  },
  c: Checked<T>,
  breakdown: ((tp: T) => string) | undefined
): UnitLevel => {
  const n = c.steps.length
  const count = unit.touchpoints.length
  const at = (i: number): number => millis(unit.touchpoints[i] as T)
  const matches: Array<ReadonlyArray<number>> = new Array(count)
  for (let i = 0; i < count; i++) {
    const tp = unit.touchpoints[i] as T
    let m: Array<number> | undefined
    for (let k = n - 1; k >= 0; k--) {
      if ((c.steps[k] as Step<T>).where(tp)) {
        m ??= []
        m.push(k)
      }
    }
    matches[i] = m ?? NONE
  }
  // Within equal timestamps, order by lowest matching step (non-matching first), then id (the
  // unit is already sorted by time then id, so a stable sort by (time, minStep) suffices).
  let tied = false
  for (let i = 1; i < count && !tied; i++) tied = at(i) === at(i - 1)
  const order = tied ? Array.from({ length: count }, (_, i) => i) : undefined
  if (order !== undefined) {
    const minStep = (i: number): number => (matches[i] as ReadonlyArray<number>).at(-1) ?? -1
    order.sort((a, b) => at(a) - at(b) || minStep(a) - minStep(b) || a - b)
  }
  // Per level, the attempts worth keeping: the latest-starting one among those that reached the
  // level before the current timestamp, and the latest-starting one that reached it at the
  // current timestamp (needed by strictlyIncreasing, where the latter cannot be extended now).
  const attempts: Array<Array<Attempt> | undefined> = new Array(n)
  const keep = (k: number, attempt: Attempt, t: number): void => {
    let before: Attempt | undefined
    let now = attempt
    for (const e of attempts[k] ?? NO_ATTEMPTS) {
      if (lastOf(e) < t) {
        if (before === undefined || startOf(e) > startOf(before)) before = e
      } else if (startOf(e) > startOf(now)) now = e
    }
    attempts[k] = before === undefined ? [now] : [before, now]
  }
  const extendable = (k: number, t: number): Attempt | undefined => {
    let best: Attempt | undefined
    for (const e of attempts[k] ?? NO_ATTEMPTS) {
      if (t > startOf(e) + c.windowMillis || (c.strictlyIncreasing && !(lastOf(e) < t))) continue
      if (best === undefined || startOf(e) > startOf(best)) best = e
    }
    return best
  }
  let started = false
  let done = false
  for (let position = 0; position < count; position++) {
    const i = order === undefined ? position : (order[position] as number)
    const t = at(i)
    const steps = matches[i] as ReadonlyArray<number>
    if (steps.length === 0) {
      if (c.strict && started) break
      continue
    }
    for (const k of steps) {
      if (k === 0) {
        keep(0, { times: [t], first: i }, t)
        started = true
        if (n === 1) done = true
        continue
      }
      if (c.deduplicate && attempts[k] !== undefined) {
        done = true
        break
      }
      if (attempts[k - 1] === undefined) {
        if (c.strict && started) {
          done = true
          break
        }
        continue
      }
      const prev = extendable(k - 1, t)
      if (prev === undefined) continue
      keep(k, { times: [...prev.times, t], first: prev.first }, t)
      if (k === n - 1) {
        done = true
        break
      }
    }
    if (done) break
  }
  let level = 0
  while (level < n && attempts[level] !== undefined) level++
  let deepest: Attempt | undefined
  for (const e of level > 0 ? (attempts[level - 1] ?? NO_ATTEMPTS) : NO_ATTEMPTS) {
    if (deepest === undefined || startOf(e) > startOf(deepest)) deepest = e
  }
  const first = deepest?.first ?? -1
  let value: string | undefined
  if (breakdown !== undefined && first >= 0) {
    value = breakdown(unit.touchpoints[first] as T)
    if (typeof value !== "string") invalid(`options.breakdown(${unit.key})`, value, "a string")
  }
  return {
    unit: unit.key,
    level,
    stepMillis: deepest?.times ?? [],
    breakdown: value
  }
}

/**
 * How far each unit got through the funnel: one `UnitLevel` per customer (touchpoint input) or
 * per journey (journey input), sorted by unit key. `level` is what ClickHouse's `windowFunnel`
 * returns per group.
 *
 * @example
 * ```ts
 * import { Timestamp } from "@cxkit/core"
 * import { Funnel } from "@cxkit/metrics"
 *
 * const tp = (id: string, customerId: string, iso: string, kind: string) =>
 *   ({ id, customerId, timestamp: Timestamp.parse(iso), kind, channel: "web" })
 * const levels = Funnel.levels([
 *   tp("1", "c1", "2024-05-01T10:00:00Z", "view"), tp("2", "c1", "2024-05-01T10:05:00Z", "cart"),
 *   tp("3", "c2", "2024-05-01T10:00:00Z", "view")
 * ], {
 *   steps: [{ name: "view", where: (t) => t.kind === "view" }, { name: "cart", where: (t) => t.kind === "cart" }],
 *   window: "1 hour"
 * })
 * console.log(levels.map((l) => [l.unit, l.level])) // [["c1", 2], ["c2", 1]]
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const levels = <T extends Journey.JourneyInput>(
  input: Iterable<T> | Iterable<Journey.Journey<T>>,
  options: Options<T>
): ReadonlyArray<UnitLevel> => {
  const c = check(options)
  if (options.breakdown !== undefined && typeof options.breakdown !== "function") {
    invalid("options.breakdown", options.breakdown, "a function from touchpoint to string")
  }
  return group(input).map((unit) => unitLevel(unit, c, options.breakdown))
}

const stepResults = <T>(units: ReadonlyArray<UnitLevel>, c: Checked<T>): ReadonlyArray<StepResult> => {
  const n = c.steps.length
  const counts = new Array<number>(n).fill(0)
  const fromPrevious: Array<Array<number>> = Array.from({ length: n }, () => [])
  const fromFirst: Array<Array<number>> = Array.from({ length: n }, () => [])
  for (const u of units) {
    for (let k = 0; k < u.level; k++) {
      counts[k] = (counts[k] as number) + 1
      if (k > 0) {
        const t = u.stepMillis[k] as number
        fromPrevious[k]?.push(t - (u.stepMillis[k - 1] as number))
        fromFirst[k]?.push(t - (u.stepMillis[0] as number))
      }
    }
  }
  const first = counts[0] as number
  return c.steps.map((step, k) => {
    const count = counts[k] as number
    const previous = k === 0 ? first : (counts[k - 1] as number)
    return {
      name: step.name,
      count,
      conversionFromPrevious: previous > 0 ? count / previous : undefined,
      conversionFromFirst: first > 0 ? count / first : undefined,
      timeFromPrevious: k === 0 ? undefined : summarize(fromPrevious[k] as Array<number>, c.percentiles),
      timeFromFirst: k === 0 ? undefined : summarize(fromFirst[k] as Array<number>, c.percentiles)
    }
  })
}

/**
 * Analyses a funnel over touchpoints (one unit per customer) or core journeys (one unit per
 * journey): per-step counts, conversion from the previous and from the first step, time between
 * steps (median and percentiles, by Hyndman & Fan definition 7), optionally per breakdown value.
 *
 * **Details**
 *
 * The conversion window is anchored at the first step (PostHog, Mixpanel, ClickHouse
 * `windowFunnel`): a unit converts to step k if some attempt starting at a first-step touchpoint
 * reaches step k with every step at most `window` after that start, boundary included. Each unit
 * counts once per step, at its deepest attempt, so counts never increase from step to step.
 *
 * **Gotchas**
 *
 * One touchpoint fills at most one step (ClickHouse lets one row satisfy several conditions at
 * once); with mutually exclusive step predicates the levels equal ClickHouse's, except that with
 * `strictlyIncreasing` the longest chain is always found (ClickHouse can stop short). Equal
 * timestamps may fill consecutive steps unless `strictlyIncreasing` is set.
 *
 * Throws `MetricError` for an empty step list, a non-positive window, a percentile outside [0, 1],
 * or a touchpoint without customer id or timestamp.
 *
 * @example
 * ```ts
 * import { Timestamp } from "@cxkit/core"
 * import { Funnel } from "@cxkit/metrics"
 *
 * const tp = (id: string, customerId: string, iso: string, kind: string) =>
 *   ({ id, customerId, timestamp: Timestamp.parse(iso), kind, channel: "web" })
 * const result = Funnel.analyze([
 *   tp("1", "c1", "2024-05-01T10:00:00Z", "view"), tp("2", "c1", "2024-05-01T10:10:00Z", "purchase"),
 *   tp("3", "c2", "2024-05-01T10:00:00Z", "view"), tp("4", "c2", "2024-05-03T10:00:00Z", "purchase"),
 *   tp("5", "c3", "2024-05-01T11:00:00Z", "view")
 * ], {
 *   steps: [{ name: "view", where: (t) => t.kind === "view" }, { name: "purchase", where: (t) => t.kind === "purchase" }],
 *   window: "1 day"
 * })
 * console.log(result.steps.map((s) => s.count)) // [3, 1]
 * console.log(result.steps[1]?.conversionFromPrevious, result.steps[1]?.timeFromPrevious?.median) // 0.3333333333333333 600000
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const analyze = <T extends Journey.JourneyInput>(
  input: Iterable<T> | Iterable<Journey.Journey<T>>,
  options: Options<T>
): Result => {
  const c = check(options)
  const units = levels(input, options)
  const steps = stepResults(units, c)
  const first = steps[0]?.count ?? 0
  const last = steps[steps.length - 1]?.count ?? 0
  const breakdown: Array<{ value: string; steps: ReadonlyArray<StepResult> }> = []
  if (options.breakdown !== undefined) {
    const byValue = new Map<string, Array<UnitLevel>>()
    for (const u of units) {
      if (u.breakdown === undefined) continue
      let list = byValue.get(u.breakdown)
      if (list === undefined) {
        list = []
        byValue.set(u.breakdown, list)
      }
      list.push(u)
    }
    for (const value of [...byValue.keys()].sort()) {
      breakdown.push({ value, steps: stepResults(byValue.get(value) as Array<UnitLevel>, c) })
    }
  }
  return { units: units.length, steps, conversion: first > 0 ? last / first : undefined, breakdown }
}
