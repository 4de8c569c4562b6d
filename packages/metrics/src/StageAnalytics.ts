/**
 * Stage analytics over core journeys: how many journeys reach each `JourneyStage`, where they
 * stop, and how long they spend in each stage, per segment.
 *
 * @module
 * @since 0.1.0
 */
import { type Journey, JourneyStage } from "@cxkit/core"
import type { TimeSummary } from "./Funnel.ts"
import { summarize } from "./internal/quantile.ts"
import { invalid, probability } from "./internal/validate.ts"

/**
 * Options: `segment` names each journey's segment (default: every journey in `"all"`);
 * `percentiles` are the levels reported for time in stage (default 0.25, 0.75, 0.9).
 *
 * @since 0.1.0
 * @category models
 */
export interface Options<T extends Journey.JourneyInput> {
  readonly segment?: (journey: Journey.Journey<T>) => string
  readonly percentiles?: ReadonlyArray<number>
}

/**
 * Drop-off at one stage: `reached` = journeys whose furthest stage is this one or later (stage
 * order discover → loyalty); `continued` = journeys that reached the next stage; `dropOffRate` =
 * 1 − continued / reached (`undefined` for the last stage or when none reached it); `stoppedHere`
 * = journeys whose last stage visit is this stage (`Journey.stoppedAt`).
 *
 * @since 0.1.0
 * @category models
 */
export interface StageDropOff {
  readonly stage: JourneyStage.JourneyStage
  readonly reached: number
  readonly continued: number
  readonly dropOffRate: number | undefined
  readonly stoppedHere: number
}

/**
 * Time spent in one stage across the journeys that visited it (milliseconds, from
 * `Journey.timeInStage`): `journeys` that visited it and the summary (undefined when none).
 *
 * @since 0.1.0
 * @category models
 */
export interface StageTime {
  readonly stage: JourneyStage.JourneyStage
  readonly journeys: number
  readonly time: TimeSummary | undefined
}

/**
 * Per-segment results, segments sorted by name.
 *
 * @since 0.1.0
 * @category models
 */
export interface Segmented<A> {
  readonly segment: string
  readonly journeys: number
  readonly stages: ReadonlyArray<A>
}

const bySegment = <T extends Journey.JourneyInput>(
  journeys: Iterable<Journey.Journey<T>>,
  options: Options<T>
): Array<[string, Array<Journey.Journey<T>>]> => {
  const segment = options.segment ?? (() => "all")
  if (typeof segment !== "function") invalid("options.segment", segment, "a function from journey to string")
  const groups = new Map<string, Array<Journey.Journey<T>>>()
  let i = 0
  for (const journey of journeys) {
    if (journey === null || typeof journey !== "object" || !Array.isArray(journey.visits)) {
      invalid(`journeys[${i}]`, journey, "a journey built by Journey.build")
    }
    const key = segment(journey)
    if (typeof key !== "string") invalid(`options.segment(journeys[${i}])`, key, "a string")
    let list = groups.get(key)
    if (list === undefined) {
      list = []
      groups.set(key, list)
    }
    list.push(journey)
    i++
  }
  return [...groups].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}

/**
 * Drop-off by stage per segment, from core journeys (`Journey.build`): of the journeys that
 * reached a stage, how many went on to the next one. A journey "reached" every stage up to its
 * `furthestStage`, so counts never increase along the stage order (a funnel over stages).
 *
 * @example
 * ```ts
 * import { Journey, Timestamp } from "@cxkit/core"
 * import { StageAnalytics } from "@cxkit/metrics"
 *
 * const tp = (id: string, customerId: string, minute: number, kind: string) =>
 *   ({ id, customerId, timestamp: Timestamp.fromMillis(minute * 60_000), kind, channel: "web" })
 * const journeys = Journey.build([
 *   tp("1", "a", 0, "ad-click"), tp("2", "a", 5, "product-view"), tp("3", "a", 9, "purchase"),
 *   tp("4", "b", 0, "ad-click"), tp("5", "b", 3, "product-view")
 * ], { by: "inactivity", gap: "1 day" })
 * const [all] = StageAnalytics.dropOff(journeys)
 * console.log(all?.stages.slice(0, 3).map((s) => [s.stage, s.reached, s.dropOffRate])) // [["discover", 2, 0], ["research", 2, 0.5], ["purchase", 1, 1]]
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const dropOff = <T extends Journey.JourneyInput>(
  journeys: Iterable<Journey.Journey<T>>,
  options: Options<T> = {}
): ReadonlyArray<Segmented<StageDropOff>> =>
  bySegment(journeys, options).map(([segment, list]) => {
    const stages = JourneyStage.stages
    const reached = new Array<number>(stages.length).fill(0)
    const stopped = new Array<number>(stages.length).fill(0)
    for (const journey of list) {
      if (journey.furthestStage !== undefined) {
        const furthest = JourneyStage.order(journey.furthestStage)
        for (let s = 0; s <= furthest; s++) reached[s] = (reached[s] as number) + 1
      }
      if (journey.stoppedAt !== undefined) {
        const at = JourneyStage.order(journey.stoppedAt)
        stopped[at] = (stopped[at] as number) + 1
      }
    }
    return {
      segment,
      journeys: list.length,
      stages: stages.map((stage, s) => {
        const r = reached[s] as number
        const last = s === stages.length - 1
        const continued = last ? 0 : (reached[s + 1] as number)
        return {
          stage,
          reached: r,
          continued,
          dropOffRate: last || r === 0 ? undefined : 1 - continued / r,
          stoppedHere: stopped[s] as number
        }
      })
    }
  })

/**
 * Time in stage per segment, from core journeys: for each stage, over the journeys that visited
 * it, the count, mean, median and percentiles (Hyndman & Fan definition 7) of the milliseconds
 * spent there (`Journey.timeInStage`, the sum of the journey's visits to that stage).
 *
 * @example
 * ```ts
 * import { Journey, Timestamp } from "@cxkit/core"
 * import { StageAnalytics } from "@cxkit/metrics"
 *
 * const tp = (id: string, customerId: string, minute: number, kind: string) =>
 *   ({ id, customerId, timestamp: Timestamp.fromMillis(minute * 60_000), kind, channel: "web" })
 * const journeys = Journey.build([
 *   tp("1", "a", 0, "product-view"), tp("2", "a", 10, "purchase"),
 *   tp("3", "b", 0, "product-view"), tp("4", "b", 30, "purchase")
 * ], { by: "inactivity", gap: "1 day" })
 * const [all] = StageAnalytics.timeInStage(journeys)
 * const research = all?.stages.find((s) => s.stage === "research")
 * console.log(research?.journeys, research?.time?.median) // 2 1200000
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const timeInStage = <T extends Journey.JourneyInput>(
  journeys: Iterable<Journey.Journey<T>>,
  options: Options<T> = {}
): ReadonlyArray<Segmented<StageTime>> => {
  const percentiles = options.percentiles ?? [0.25, 0.75, 0.9]
  percentiles.forEach((p, i) => {
    probability(`options.percentiles[${i}]`, p)
  })
  return bySegment(journeys, options).map(([segment, list]) => ({
    segment,
    journeys: list.length,
    stages: JourneyStage.stages.map((stage) => {
      const times: Array<number> = []
      for (const journey of list) {
        if (journey.visits.some((v) => v.stage === stage)) times.push(journey.timeInStage[stage])
      }
      return { stage, journeys: times.length, time: summarize(times, percentiles) }
    })
  }))
}
