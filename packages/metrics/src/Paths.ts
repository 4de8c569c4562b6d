/**
 * Path analysis: the most frequent paths, what comes before and after a touchpoint kind, and the
 * directly-follows graph of process mining with the Heuristic Miner's dependency measure.
 *
 * @module
 * @since 0.1.0
 */
import type { Journey } from "@cxkit/core"
import { compareStrings, group } from "./internal/units.ts"
import { invalid, nonEmptyString } from "./internal/validate.ts"

/**
 * How a touchpoint becomes a path step: `key` names it (default: its `kind`); `collapseRepeats`
 * merges consecutive equal keys (`a, a, b` → `a, b`; default false).
 *
 * @since 0.1.0
 * @category models
 */
export interface KeyOptions<T> {
  readonly key?: (touchpoint: T) => string
  readonly collapseRepeats?: boolean
}

/**
 * A distinct path and how many units (customers or journeys) followed it; `share` of all units.
 *
 * @since 0.1.0
 * @category models
 */
export interface PathCount {
  readonly path: ReadonlyArray<string>
  readonly count: number
  readonly share: number
}

/**
 * A distribution of neighbouring steps: `occurrences` of the anchor, and for each neighbour its
 * `count` and `share` of occurrences. `boundary` counts occurrences with no neighbour (the path
 * ended after the anchor, or began with it).
 *
 * @since 0.1.0
 * @category models
 */
export interface Neighbours {
  readonly anchor: string
  readonly occurrences: number
  readonly boundary: number
  readonly entries: ReadonlyArray<{ readonly value: string; readonly count: number; readonly share: number }>
}

/**
 * A directly-follows edge: `count` = |a > b|, how often `to` immediately follows `from` in a path,
 * and the Heuristic Miner dependency a ⇒ b.
 *
 * @since 0.1.0
 * @category models
 */
export interface Edge {
  readonly from: string
  readonly to: string
  readonly count: number
  readonly dependency: number
}

/**
 * A directly-follows graph: its activities (sorted), edges (sorted by from, to), and how many
 * paths start and end at each activity.
 *
 * @since 0.1.0
 * @category models
 */
export interface Graph {
  readonly activities: ReadonlyArray<string>
  readonly edges: ReadonlyArray<Edge>
  readonly starts: Readonly<Record<string, number>>
  readonly ends: Readonly<Record<string, number>>
}

/**
 * The path of every unit: one per customer (touchpoint input) or per journey (journey input),
 * sorted by unit key, each a list of step keys in time order.
 *
 * @example
 * ```ts
 * import { Timestamp } from "@cxkit/core"
 * import { Paths } from "@cxkit/metrics"
 *
 * const tp = (id: string, customerId: string, minute: number, kind: string) =>
 *   ({ id, customerId, timestamp: Timestamp.fromMillis(minute * 60_000), kind, channel: "web" })
 * console.log(Paths.sequences([tp("2", "c1", 2, "cart"), tp("1", "c1", 1, "view"), tp("3", "c1", 3, "cart")], { collapseRepeats: true }))
 * // [{ unit: "c1", path: ["view", "cart"] }]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const sequences = <T extends Journey.JourneyInput>(
  input: Iterable<T> | Iterable<Journey.Journey<T>>,
  options: KeyOptions<T> = {}
): ReadonlyArray<{ readonly unit: string; readonly path: ReadonlyArray<string> }> => {
  const key = options.key ?? ((tp: T) => tp.kind)
  if (typeof key !== "function") invalid("options.key", key, "a function from touchpoint to string")
  const collapse = options.collapseRepeats === true
  return group(input).map((unit) => {
    const path: Array<string> = []
    unit.touchpoints.forEach((tp, i) => {
      const k = key(tp)
      if (typeof k !== "string") invalid(`key(${unit.key} touchpoint ${i})`, k, "a string")
      if (!collapse || path[path.length - 1] !== k) path.push(k)
    })
    return { unit: unit.key, path }
  })
}

const SEP = "\u0000"

/**
 * The most frequent paths, most frequent first (ties by path, element-wise). `limit` keeps the
 * top n (default 10); `maxLength` truncates each path to its first steps before counting.
 *
 * @example
 * ```ts
 * import { Timestamp } from "@cxkit/core"
 * import { Paths } from "@cxkit/metrics"
 *
 * const tp = (id: string, customerId: string, minute: number, kind: string) =>
 *   ({ id, customerId, timestamp: Timestamp.fromMillis(minute * 60_000), kind, channel: "web" })
 * const top = Paths.frequent([
 *   tp("1", "a", 0, "view"), tp("2", "a", 1, "buy"), tp("3", "b", 0, "view"), tp("4", "b", 1, "buy"), tp("5", "c", 0, "view")
 * ])
 * console.log(top.map((p) => [p.path.join(" > "), p.count])) // [["view > buy", 2], ["view", 1]]
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const frequent = <T extends Journey.JourneyInput>(
  input: Iterable<T> | Iterable<Journey.Journey<T>>,
  options: KeyOptions<T> & { readonly limit?: number; readonly maxLength?: number } = {}
): ReadonlyArray<PathCount> => {
  const limit = options.limit ?? 10
  if (!Number.isInteger(limit) || limit < 1) invalid("options.limit", limit, "a positive integer")
  const maxLength = options.maxLength ?? Number.POSITIVE_INFINITY
  if (!(maxLength >= 1)) invalid("options.maxLength", maxLength, "a positive integer")
  const paths = sequences(input, options)
  const counts = new Map<string, number>()
  for (const { path } of paths) {
    const id = (path.length > maxLength ? path.slice(0, maxLength) : path).join(SEP)
    counts.set(id, (counts.get(id) ?? 0) + 1)
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]))
    .slice(0, limit)
    .map(([id, count]) => ({ path: id === "" ? [] : id.split(SEP), count, share: count / paths.length }))
}

const neighbours = <T extends Journey.JourneyInput>(
  input: Iterable<T> | Iterable<Journey.Journey<T>>,
  anchor: string,
  offset: 1 | -1,
  options: KeyOptions<T>
): Neighbours => {
  nonEmptyString(offset === 1 ? "options.after" : "options.before", anchor)
  const counts = new Map<string, number>()
  let occurrences = 0
  let boundary = 0
  for (const { path } of sequences(input, options)) {
    for (let i = 0; i < path.length; i++) {
      if (path[i] !== anchor) continue
      occurrences++
      const next = path[i + offset]
      if (next === undefined) boundary++
      else counts.set(next, (counts.get(next) ?? 0) + 1)
    }
  }
  return {
    anchor,
    occurrences,
    boundary,
    entries: [...counts]
      .sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]))
      .map(([value, count]) => ({ value, count, share: count / occurrences }))
  }
}

/**
 * What follows each occurrence of a step (by default a touchpoint kind): the next step's
 * distribution, most frequent first, and `boundary` = occurrences that ended their path.
 *
 * @example
 * ```ts
 * import { Timestamp } from "@cxkit/core"
 * import { Paths } from "@cxkit/metrics"
 *
 * const tp = (id: string, customerId: string, minute: number, kind: string) =>
 *   ({ id, customerId, timestamp: Timestamp.fromMillis(minute * 60_000), kind, channel: "web" })
 * const after = Paths.next([
 *   tp("1", "a", 0, "pricing"), tp("2", "a", 1, "trial"), tp("3", "b", 0, "pricing"), tp("4", "b", 1, "docs"), tp("5", "c", 0, "pricing")
 * ], { after: "pricing" })
 * console.log(after.occurrences, after.boundary, after.entries.map((e) => [e.value, e.count])) // 3 1 [["docs", 1], ["trial", 1]]
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const next = <T extends Journey.JourneyInput>(
  input: Iterable<T> | Iterable<Journey.Journey<T>>,
  options: KeyOptions<T> & { readonly after: string }
): Neighbours => neighbours(input, options.after, 1, options)

/**
 * What precedes each occurrence of a step: the previous step's distribution, most frequent
 * first, and `boundary` = occurrences that began their path.
 *
 * @example
 * ```ts
 * import { Timestamp } from "@cxkit/core"
 * import { Paths } from "@cxkit/metrics"
 *
 * const tp = (id: string, customerId: string, minute: number, kind: string) =>
 *   ({ id, customerId, timestamp: Timestamp.fromMillis(minute * 60_000), kind, channel: "web" })
 * const before = Paths.previous([
 *   tp("1", "a", 0, "ad-click"), tp("2", "a", 1, "purchase"), tp("3", "b", 0, "purchase")
 * ], { before: "purchase" })
 * console.log(before.boundary, before.entries.map((e) => [e.value, e.share])) // 1 [["ad-click", 0.5]]
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const previous = <T extends Journey.JourneyInput>(
  input: Iterable<T> | Iterable<Journey.Journey<T>>,
  options: KeyOptions<T> & { readonly before: string }
): Neighbours => neighbours(input, options.before, -1, options)

/**
 * The Heuristic Miner dependency measure between two activities, from directly-follows counts:
 * a ⇒ b = (|a>b| − |b>a|) / (|a>b| + |b>a| + 1) for a ≠ b and a ⇒ a = |a>a| / (|a>a| + 1)
 * (Weijters, van der Aalst & Alves de Medeiros 2006, "Process Mining with the HeuristicsMiner
 * Algorithm", BETA WP 166, §3; van der Aalst, Process Mining, 2nd ed., 2016, §7.2). It lies in
 * (−1, 1); values near 1 indicate a strong dependency.
 *
 * @example
 * ```ts
 * import { Paths } from "@cxkit/metrics"
 *
 * console.log(Paths.dependency(3, 2), Paths.dependency(4, 0), Paths.dependency(2, 0, true)) // 0.16666666666666666 0.8 0.6666666666666666
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const dependency = (ab: number, ba: number, loop = false): number =>
  loop ? ab / (ab + 1) : (ab - ba) / (ab + ba + 1)

/**
 * The directly-follows graph of the units' paths (process mining's directly-follows relation
 * a > b: b immediately follows a in some path), with counts |a > b|, the dependency a ⇒ b of
 * each edge, and start and end counts. Collapsing repeats removes self-loops.
 *
 * @example
 * ```ts
 * import { Timestamp } from "@cxkit/core"
 * import { Paths } from "@cxkit/metrics"
 *
 * const tp = (id: string, customerId: string, minute: number, kind: string) =>
 *   ({ id, customerId, timestamp: Timestamp.fromMillis(minute * 60_000), kind, channel: "web" })
 * const graph = Paths.directlyFollows([
 *   tp("1", "a", 0, "view"), tp("2", "a", 1, "cart"), tp("3", "b", 0, "view"), tp("4", "b", 1, "cart"), tp("5", "b", 2, "view")
 * ])
 * console.log(graph.edges.map((e) => [e.from, e.to, e.count, e.dependency])) // [["cart", "view", 1, -0.25], ["view", "cart", 2, 0.25]]
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const directlyFollows = <T extends Journey.JourneyInput>(
  input: Iterable<T> | Iterable<Journey.Journey<T>>,
  options: KeyOptions<T> = {}
): Graph => {
  const counts = new Map<string, Map<string, number>>()
  const starts: Record<string, number> = {}
  const ends: Record<string, number> = {}
  const activities = new Set<string>()
  for (const { path } of sequences(input, options)) {
    const first = path[0]
    const last = path[path.length - 1]
    if (first === undefined || last === undefined) continue
    starts[first] = (starts[first] ?? 0) + 1
    ends[last] = (ends[last] ?? 0) + 1
    for (let i = 0; i < path.length; i++) {
      const a = path[i] as string
      activities.add(a)
      const b = path[i + 1]
      if (b === undefined) continue
      let row = counts.get(a)
      if (row === undefined) {
        row = new Map()
        counts.set(a, row)
      }
      row.set(b, (row.get(b) ?? 0) + 1)
    }
  }
  const edges: Array<Edge> = []
  for (const [from, row] of counts) {
    for (const [to, count] of row) {
      const back = counts.get(to)?.get(from) ?? 0
      edges.push({ from, to, count, dependency: dependency(count, back, from === to) })
    }
  }
  edges.sort((x, y) => compareStrings(x.from, y.from) || compareStrings(x.to, y.to))
  return { activities: [...activities].sort(compareStrings), edges, starts, ends }
}
