/**
 * Multi-touch attribution: how much of each conversion (and its value) each channel earned.
 * Heuristics (first touch, last touch, linear, time decay, position based) and the data-driven
 * Markov-chain removal effect of Anderl, Becker, von Wangenheim & Schumann (2016), solved exactly.
 *
 * @module
 * @since 0.1.0
 */
import type { Journey } from "@cxkit/core"
import type { Duration } from "effect"
import { solve } from "./internal/linear.ts"
import { compareStrings, group, millis } from "./internal/units.ts"
import { invalid, nonNegative, positiveDuration, probability } from "./internal/validate.ts"

/**
 * A path to attribute: the channels touched, in order, and its outcome. A row may stand for
 * many identical journeys (`conversions` and `nulls` are counts, as in the ChannelAttribution
 * R package's `total_conversions` / `total_null`). `value` is the total conversion value;
 * `timestamps` (epoch milliseconds, one per channel, non-decreasing) are needed by time decay,
 * which measures each touch's age from the path's last touch.
 *
 * @since 0.1.0
 * @category models
 */
export interface Path {
  readonly channels: ReadonlyArray<string>
  readonly conversions: number
  readonly nulls?: number
  readonly value?: number
  readonly timestamps?: ReadonlyArray<number>
}

/**
 * Repeated consecutive channels (`email, email, web`): `"keep"` (default) counts each touch;
 * `"collapse"` merges a run into one touch (keeping its last timestamp).
 *
 * @since 0.1.0
 * @category models
 */
export type Repeats = "keep" | "collapse"

/**
 * Credit earned by one channel.
 *
 * @since 0.1.0
 * @category models
 */
export interface ChannelCredit {
  readonly channel: string
  readonly conversions: number
  readonly value: number
  /** Share of all conversions (`conversions / totalConversions`; 0 when there are none). */
  readonly share: number
}

/**
 * An attribution: the method, the totals, and the credit per channel (every channel seen in the
 * paths, sorted by name). Channel conversions and values sum to the totals (up to rounding).
 *
 * @since 0.1.0
 * @category models
 */
export interface Result {
  readonly method: "first-touch" | "last-touch" | "linear" | "time-decay" | "position-based" | "markov"
  readonly totalConversions: number
  readonly totalValue: number
  readonly channels: ReadonlyArray<ChannelCredit>
}

/**
 * A Markov attribution also reports the chain's conversion probability from the start state and
 * each channel's removal effect.
 *
 * @since 0.1.0
 * @category models
 */
export interface MarkovResult extends Result {
  readonly method: "markov"
  readonly conversionProbability: number
  readonly removalEffects: Readonly<Record<string, number>>
}

interface Checked {
  readonly channels: ReadonlyArray<string>
  readonly conversions: number
  readonly nulls: number
  readonly value: number
  readonly timestamps: ReadonlyArray<number> | undefined
}

const checkPaths = (
  paths: Iterable<Path>,
  repeats: Repeats | undefined,
  needTimes: boolean
): Array<Checked> => {
  if (repeats !== undefined && repeats !== "keep" && repeats !== "collapse") {
    invalid("options.repeats", repeats, 'either "keep" or "collapse"')
  }
  const out: Array<Checked> = []
  let i = 0
  for (const path of paths) {
    const field = `paths[${i}]`
    if (path === null || typeof path !== "object") invalid(field, path, "a path object")
    const channels = path.channels
    if (!Array.isArray(channels) || channels.length === 0) {
      invalid(`${field}.channels`, channels, "a non-empty array of channels")
    }
    channels.forEach((c, j) => {
      if (typeof c !== "string" || c.length === 0) invalid(`${field}.channels[${j}]`, c, "a non-empty string")
    })
    const conversions = nonNegative(`${field}.conversions`, path.conversions)
    const nulls = path.nulls === undefined ? 0 : nonNegative(`${field}.nulls`, path.nulls)
    const value = path.value === undefined ? 0 : nonNegative(`${field}.value`, path.value)
    let timestamps = path.timestamps
    if (timestamps !== undefined || needTimes) {
      if (!Array.isArray(timestamps) || timestamps.length !== channels.length) {
        invalid(`${field}.timestamps`, timestamps, "one epoch-millisecond timestamp per channel")
      }
      ;(timestamps as ReadonlyArray<number>).forEach((t, j) => {
        if (!Number.isFinite(t) || (j > 0 && t < ((timestamps as ReadonlyArray<number>)[j - 1] as number))) {
          invalid(`${field}.timestamps[${j}]`, t, "a finite time, not before the previous touch")
        }
      })
    }
    let cs: ReadonlyArray<string> = channels
    if (repeats === "collapse") {
      const keptChannels: Array<string> = []
      const keptTimes: Array<number> = []
      channels.forEach((c, j) => {
        if (keptChannels[keptChannels.length - 1] === c) {
          if (timestamps !== undefined) keptTimes[keptTimes.length - 1] = timestamps[j] as number
          return
        }
        keptChannels.push(c)
        if (timestamps !== undefined) keptTimes.push(timestamps[j] as number)
      })
      cs = keptChannels
      if (timestamps !== undefined) timestamps = keptTimes
    }
    out.push({ channels: cs, conversions, nulls, value, timestamps })
    i++
  }
  return out
}

const credit = (
  method: Result["method"],
  paths: ReadonlyArray<Checked>,
  weights: (path: Checked) => ArrayLike<number>
): Result => {
  const conv = new Map<string, number>()
  const val = new Map<string, number>()
  let totalConversions = 0
  let totalValue = 0
  for (const path of paths) {
    for (const c of path.channels) {
      if (!conv.has(c)) {
        conv.set(c, 0)
        val.set(c, 0)
      }
    }
    totalConversions += path.conversions
    totalValue += path.value
    if (path.conversions === 0 && path.value === 0) continue
    const w = weights(path)
    path.channels.forEach((c, j) => {
      const wj = w[j] as number
      if (wj === 0) return
      conv.set(c, (conv.get(c) as number) + wj * path.conversions)
      val.set(c, (val.get(c) as number) + wj * path.value)
    })
  }
  return finish(method, totalConversions, totalValue, conv, val)
}

const finish = (
  method: Result["method"],
  totalConversions: number,
  totalValue: number,
  conv: ReadonlyMap<string, number>,
  val: ReadonlyMap<string, number>
): Result => ({
  method,
  totalConversions,
  totalValue,
  channels: [...conv.keys()].sort(compareStrings).map((channel) => {
    const conversions = conv.get(channel) as number
    return {
      channel,
      conversions,
      value: val.get(channel) as number,
      share: totalConversions > 0 ? conversions / totalConversions : 0
    }
  })
})

const one = (n: number, at: number): Float64Array => {
  const w = new Float64Array(n)
  w[at] = 1
  return w
}

/**
 * First-touch attribution: all credit to the first channel of each converting path.
 *
 * @example
 * ```ts
 * import { Attribution } from "@cxkit/metrics"
 *
 * const result = Attribution.firstTouch([{ channels: ["social", "email", "web"], conversions: 1, value: 90 }])
 * console.log(result.channels.map((c) => [c.channel, c.conversions, c.value])) // [["email", 0, 0], ["social", 1, 90], ["web", 0, 0]]
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const firstTouch = (paths: Iterable<Path>, options: { readonly repeats?: Repeats } = {}): Result =>
  credit("first-touch", checkPaths(paths, options.repeats, false), (p) => one(p.channels.length, 0))

/**
 * Last-touch attribution: all credit to the last channel of each converting path.
 *
 * @example
 * ```ts
 * import { Attribution } from "@cxkit/metrics"
 *
 * const result = Attribution.lastTouch([{ channels: ["social", "email", "web"], conversions: 1, value: 90 }])
 * console.log(result.channels.map((c) => [c.channel, c.conversions])) // [["email", 0], ["social", 0], ["web", 1]]
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const lastTouch = (paths: Iterable<Path>, options: { readonly repeats?: Repeats } = {}): Result =>
  credit("last-touch", checkPaths(paths, options.repeats, false), (p) =>
    one(p.channels.length, p.channels.length - 1)
  )

/**
 * Linear attribution: equal credit to every touch of a converting path (a channel touched twice
 * gets two shares unless `repeats: "collapse"`).
 *
 * @example
 * ```ts
 * import { Attribution } from "@cxkit/metrics"
 *
 * const result = Attribution.linear([{ channels: ["social", "email", "email", "web"], conversions: 1 }])
 * console.log(result.channels.map((c) => [c.channel, c.conversions])) // [["email", 0.5], ["social", 0.25], ["web", 0.25]]
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const linear = (paths: Iterable<Path>, options: { readonly repeats?: Repeats } = {}): Result =>
  credit("linear", checkPaths(paths, options.repeats, false), (p) =>
    new Float64Array(p.channels.length).fill(1 / p.channels.length)
  )

/**
 * Time-decay attribution: a touch's weight halves every `halfLife` before the conversion,
 * w = 2^(−Δt / halfLife) with Δt the time from the touch to the path's last touch, normalised
 * to sum to 1 per path (the time-decay model of Google Ads and Google Analytics: "credit is
 * distributed using a 7-day half-life", Google Ads Help, "About attribution models",
 * support.google.com/google-ads/answer/6259715). Default half-life: 7 days. Measuring age from
 * the conversion instead gives the same credit (the normalisation cancels the reference time).
 * Paths need `timestamps`.
 *
 * @example
 * ```ts
 * import { Attribution } from "@cxkit/metrics"
 *
 * const day = 86_400_000
 * const result = Attribution.timeDecay(
 *   [{ channels: ["social", "web"], timestamps: [0, 7 * day], conversions: 3 }],
 *   { halfLife: "7 days" }
 * )
 * console.log(result.channels.map((c) => [c.channel, c.conversions])) // [["social", 1], ["web", 2]]
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const timeDecay = (
  paths: Iterable<Path>,
  options: { readonly halfLife?: Duration.Input; readonly repeats?: Repeats } = {}
): Result => {
  const halfLife = positiveDuration("options.halfLife", options.halfLife ?? "7 days")
  return credit("time-decay", checkPaths(paths, options.repeats, true), (p) => {
    const times = p.timestamps as ReadonlyArray<number>
    const end = times[times.length - 1] as number
    const w = Float64Array.from(times, (t) => 2 ** (-(end - t) / halfLife))
    let sum = 0
    for (const x of w) sum += x
    for (let j = 0; j < w.length; j++) w[j] = (w[j] as number) / sum
    return w
  })
}

/**
 * Position-based (U-shaped) attribution: `first` of the credit to the first touch, `last` to the
 * last, the rest shared equally by the touches in between (defaults 0.4 / 0.4, leaving 20 % to
 * the middle: the position-based model of Google Ads Help, "About attribution models",
 * support.google.com/google-ads/answer/6259715).
 * A single-touch path gives it all the credit; a two-touch path splits it first : last
 * (50/50 with the defaults).
 *
 * @example
 * ```ts
 * import { Attribution } from "@cxkit/metrics"
 *
 * const result = Attribution.positionBased([{ channels: ["social", "email", "chat", "web"], conversions: 10 }])
 * console.log(result.channels.map((c) => [c.channel, c.conversions.toFixed(2)])) // [["chat", "1.00"], ["email", "1.00"], ["social", "4.00"], ["web", "4.00"]]
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const positionBased = (
  paths: Iterable<Path>,
  options: { readonly first?: number; readonly last?: number; readonly repeats?: Repeats } = {}
): Result => {
  const first = probability("options.first", options.first ?? 0.4)
  const last = probability("options.last", options.last ?? 0.4)
  if (first + last > 1 + 1e-12) invalid("options.first + options.last", first + last, "at most 1")
  if (first + last === 0) invalid("options.first + options.last", 0, "positive")
  return credit("position-based", checkPaths(paths, options.repeats, false), (p) => {
    const n = p.channels.length
    const w = new Float64Array(n)
    if (n === 1) w[0] = 1
    else if (n === 2) {
      w[0] = first / (first + last)
      w[1] = last / (first + last)
    } else {
      w.fill((1 - first - last) / (n - 2))
      w[0] = first
      w[n - 1] = last
    }
    return w
  })
}

/**
 * Data-driven attribution by removal effects in a first-order Markov chain (Anderl, Becker, von
 * Wangenheim & Schumann 2016, "Mapping the customer journey: Lessons learned from graph-based
 * online attribution modeling", International Journal of Research in Marketing 33(3), 457–474).
 *
 * **Details**
 *
 * States: start, one per channel, and the absorbing states conversion and null. Transition
 * probabilities are the observed transition counts of the paths, normalised per state (start →
 * first channel, channel → next channel, last channel → conversion or null, each weighted by the
 * path's conversions + nulls). The conversion probability P is the absorption probability in
 * conversion from start: with Q the transient-to-transient block and r the transient-to-conversion
 * column, (I − Q) x = r and P = x_start (Kemeny & Snell, Finite Markov Chains, 1960, thm 3.3.7),
 * solved exactly by Gaussian elimination, not by simulation. Removing channel c sends every
 * transition into c to null; its removal effect is RE_c = 1 − P₋c / P. Each channel receives
 * total × RE_c / Σ RE of conversions and of value, so credit sums to the totals.
 *
 * **Gotchas**
 *
 * Repeated consecutive channels do not change removal effects (a self-loop only delays
 * absorption), so `repeats` affects only the reported transition structure. The solve is dense:
 * one (k+1)² system per channel, fine for dozens of channels, slow for thousands.
 *
 * @example
 * ```ts
 * import { Attribution } from "@cxkit/metrics"
 *
 * // The three journeys of S. Bryl's worked example (analyzecore.com, 2016): C1 → C2 → C3 → conversion,
 * // C1 → null, C2 → C3 → null.
 * const result = Attribution.markov([
 *   { channels: ["C1", "C2", "C3"], conversions: 1 },
 *   { channels: ["C1"], conversions: 0, nulls: 1 },
 *   { channels: ["C2", "C3"], conversions: 0, nulls: 1 }
 * ])
 * console.log(result.conversionProbability) // 0.3333333333333333
 * console.log(result.removalEffects) // { C1: 0.5, C2: 1, C3: 1 }
 * console.log(result.channels.map((c) => [c.channel, c.conversions])) // [["C1", 0.2], ["C2", 0.4], ["C3", 0.4]]
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const markov = (paths: Iterable<Path>, options: { readonly repeats?: Repeats } = {}): MarkovResult => {
  const checked = checkPaths(paths, options.repeats, false)
  const names = new Set<string>()
  for (const p of checked) for (const c of p.channels) names.add(c)
  const channels = [...names].sort(compareStrings)
  const index = new Map(channels.map((c, i) => [c, i + 1]))
  // Transient states: 0 = start, 1…k = channels. Counts to transient states, to conversion, to null.
  const k = channels.length
  const n = k + 1
  const toState = new Float64Array(n * n)
  const toConv = new Float64Array(n)
  const toNull = new Float64Array(n)
  let totalConversions = 0
  let totalValue = 0
  for (const p of checked) {
    totalConversions += p.conversions
    totalValue += p.value
    const weight = p.conversions + p.nulls
    if (weight === 0) continue
    let from = 0
    for (const c of p.channels) {
      const to = index.get(c) as number
      toState[from * n + to] = (toState[from * n + to] as number) + weight
      from = to
    }
    toConv[from] = (toConv[from] as number) + p.conversions
    toNull[from] = (toNull[from] as number) + p.nulls
  }
  // Absorption probability in conversion from start, optionally with one channel removed.
  const conversionProbability = (removed: number): number => {
    const a = new Float64Array(n * n)
    const b = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      a[i * n + i] = 1
      if (i === removed) continue // x_removed = 0: entering the removed channel ends in null
      let out = (toConv[i] as number) + (toNull[i] as number)
      for (let j = 0; j < n; j++) out += toState[i * n + j] as number
      if (out === 0) continue // a state never left (only start when there are no paths)
      for (let j = 0; j < n; j++) {
        const c = toState[i * n + j] as number
        if (c !== 0) a[i * n + j] = (a[i * n + j] as number) - c / out
      }
      b[i] = (toConv[i] as number) / out
    }
    const x = solve(a, b, n)
    if (x === undefined) {
      return invalid(
        "paths",
        "a transition matrix",
        "a Markov chain that reaches conversion or null from every state"
      )
    }
    return x[0] as number
  }
  const p = conversionProbability(-1)
  const removalEffects: Record<string, number> = {}
  const effects = channels.map((c, i) => {
    // RE ∈ [0, 1] in exact arithmetic (removing a state only moves mass to null); the bounds
    // only absorb rounding noise of order 1e-16.
    const re = p > 0 ? Math.min(1, Math.max(0, 1 - conversionProbability(i + 1) / p)) : 0
    removalEffects[c] = re
    return re
  })
  const sum = effects.reduce((s, e) => s + e, 0)
  const conv = new Map<string, number>()
  const val = new Map<string, number>()
  channels.forEach((c, i) => {
    const share = sum > 0 ? (effects[i] as number) / sum : 0
    conv.set(c, totalConversions * share)
    val.set(c, totalValue * share)
  })
  return {
    ...(finish("markov", totalConversions, totalValue, conv, val) as Result & { method: "markov" }),
    conversionProbability: p,
    removalEffects
  }
}

/**
 * Builds attribution paths from touchpoints (one sequence per customer) or core journeys (one
 * per journey). Each touchpoint for which `isConversion` holds closes a converting path made of
 * the touchpoints since the previous conversion plus itself (the converting touch is the last
 * touch, as a converting session is in web analytics); touchpoints after the last conversion form
 * a non-converting path. `channel` names the touch (default: the touchpoint's `channel`), `value`
 * the conversion value (default 0).
 *
 * @example
 * ```ts
 * import { Timestamp } from "@cxkit/core"
 * import { Attribution } from "@cxkit/metrics"
 *
 * const tp = (id: string, minute: number, kind: string, channel: string) =>
 *   ({ id, customerId: "c1", timestamp: Timestamp.fromMillis(minute * 60_000), kind, channel })
 * const paths = Attribution.fromTouchpoints(
 *   [tp("1", 0, "ad-click", "advertising"), tp("2", 5, "purchase", "web"), tp("3", 9, "newsletter", "email")],
 *   { isConversion: (t) => t.kind === "purchase", value: () => 120 }
 * )
 * console.log(paths.map((p) => [p.channels, p.conversions, p.nulls, p.value]))
 * // [[["advertising", "web"], 1, 0, 120], [["email"], 0, 1, 0]]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromTouchpoints = <T extends Journey.JourneyInput>(
  input: Iterable<T> | Iterable<Journey.Journey<T>>,
  options: {
    readonly isConversion: (touchpoint: T) => boolean
    readonly value?: (touchpoint: T) => number
    readonly channel?: (touchpoint: T) => string
  }
): ReadonlyArray<Path> => {
  if (typeof options?.isConversion !== "function") {
    invalid("options.isConversion", options?.isConversion, "a predicate function")
  }
  const channelOf = options.channel ?? ((tp: T) => tp.channel)
  const paths: Array<Path> = []
  for (const unit of group(input)) {
    let channels: Array<string> = []
    let timestamps: Array<number> = []
    unit.touchpoints.forEach((tp, i) => {
      const channel = channelOf(tp)
      if (typeof channel !== "string" || channel.length === 0) {
        invalid(`channel(${unit.key} touchpoint ${i})`, channel, "a non-empty string")
      }
      channels.push(channel)
      timestamps.push(millis(tp))
      if (!options.isConversion(tp)) return
      const value =
        options.value === undefined ? 0 : nonNegative(`value(${unit.key} touchpoint ${i})`, options.value(tp))
      paths.push({ channels, timestamps, conversions: 1, nulls: 0, value })
      channels = []
      timestamps = []
    })
    if (channels.length > 0) paths.push({ channels, timestamps, conversions: 0, nulls: 1, value: 0 })
  }
  return paths
}
