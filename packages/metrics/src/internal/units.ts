// Groups touchpoints (or core journeys) into analysis units, each in time order. Shared by
// Funnel, Paths and Attribution so they read input, validate it and break ties the same way.
import type { Journey } from "@cxkit/core"
import { invalid, touchpoint } from "./validate.ts"

/** One customer (touchpoint input) or one journey (journey input), touchpoints in time order. */
export interface Unit<T> {
  readonly key: string
  readonly touchpoints: ReadonlyArray<T>
  /** Epoch milliseconds of each touchpoint, parallel to `touchpoints`. */
  readonly millis: ReadonlyArray<number>
}

/** Touchpoints or core journeys: what every journey analysis accepts. */
export type Input<T extends Journey.JourneyInput> = Iterable<T> | Iterable<Journey.Journey<T>>

const isJourney = (value: unknown): value is Journey.Journey =>
  value !== null &&
  typeof value === "object" &&
  Array.isArray((value as { touchpoints?: unknown }).touchpoints)

// The common case inline (the shared check, which names the problem, runs only on failure).
const millisOf = (tp: Journey.JourneyInput): number | undefined => {
  const millis = tp?.timestamp?.epochMilliseconds
  return typeof tp.customerId === "string" && tp.customerId.length > 0 && Number.isFinite(millis)
    ? millis
    : undefined
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

const sortUnit = <T extends Journey.JourneyInput>(
  key: string,
  items: Array<T>,
  millis: Array<number>
): Unit<T> => {
  const order = items.map((_, i) => i)
  order.sort(
    (a, b) => (millis[a] as number) - (millis[b] as number) || cmp(items[a]?.id ?? "", items[b]?.id ?? "")
  )
  return {
    key,
    touchpoints: order.map((i) => items[i] as T),
    millis: order.map((i) => millis[i] as number)
  }
}

/**
 * Touchpoint input: one unit per customer (a customer's touchpoints in time order, ties by id).
 * Journey input: one unit per journey. Units come back sorted by key, so the result does not
 * depend on input order. Every touchpoint is validated (customer id, timestamp).
 */
export const group = <T extends Journey.JourneyInput>(
  input: Input<T>,
  field = "input"
): ReadonlyArray<Unit<T>> => {
  if (input === null || typeof input !== "object" || !(Symbol.iterator in input)) {
    return invalid(field, input, "an iterable of touchpoints or journeys")
  }
  const items: ReadonlyArray<T | Journey.Journey<T>> = Array.isArray(input)
    ? (input as ReadonlyArray<T | Journey.Journey<T>>)
    : Array.from(input as Iterable<T | Journey.Journey<T>>)
  const first = items[0]
  if (first !== undefined && isJourney(first)) {
    const units: Array<Unit<T>> = []
    for (let j = 0; j < items.length; j++) {
      const journey = items[j]
      if (!isJourney(journey))
        return invalid(`${field}[${j}]`, journey, "a journey (every item must be a journey)")
      const tps = journey.touchpoints as ReadonlyArray<T>
      const millis = tps.map((tp, i) => millisOf(tp) ?? touchpoint(`${field}[${j}].touchpoints[${i}]`, tp))
      units.push(sortUnit(typeof journey.id === "string" ? journey.id : String(j), [...tps], millis))
    }
    return units.sort((a, b) => cmp(a.key, b.key))
  }
  const byCustomer = new Map<string, { items: Array<T>; millis: Array<number> }>()
  for (let i = 0; i < items.length; i++) {
    const tp = items[i] as T | Journey.Journey<T>
    if (isJourney(tp)) return invalid(`${field}[${i}]`, tp, "a touchpoint (every item must be a touchpoint)")
    const millis = millisOf(tp) ?? touchpoint(`${field}[${i}]`, tp)
    let bucket = byCustomer.get(tp.customerId)
    if (bucket === undefined) {
      bucket = { items: [], millis: [] }
      byCustomer.set(tp.customerId, bucket)
    }
    bucket.items.push(tp)
    bucket.millis.push(millis)
  }
  const units: Array<Unit<T>> = []
  for (const [key, bucket] of byCustomer) units.push(sortUnit(key, bucket.items, bucket.millis))
  return units.sort((a, b) => cmp(a.key, b.key))
}

/** Compares strings by code unit, the order every result list uses. */
export const compareStrings = cmp
