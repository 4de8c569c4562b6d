// Groups touchpoints (or core journeys) into analysis units, each in time order. Shared by
// Funnel, Paths and Attribution so they read input, validate it and break ties the same way.
import type { Journey } from "@cxkit/core"
import { invalid, touchpoint } from "./validate.ts"

/** One customer (touchpoint input) or one journey (journey input), touchpoints in time order. */
export interface Unit<T> {
  readonly key: string
  readonly touchpoints: ReadonlyArray<T>
}

/** Touchpoints or core journeys: what every journey analysis accepts. */
export type Input<T extends Journey.JourneyInput> = Iterable<T> | Iterable<Journey.Journey<T>>

/** Epoch milliseconds of a (validated) touchpoint. */
export const millis = (tp: Journey.JourneyInput): number => tp.timestamp.epochMilliseconds

const isJourney = (value: unknown): value is Journey.Journey =>
  value !== null &&
  typeof value === "object" &&
  Array.isArray((value as { touchpoints?: unknown }).touchpoints)

// The common case inline; the shared check, which names the problem, runs only on failure.
const valid = (tp: Journey.JourneyInput): boolean =>
  typeof tp?.customerId === "string" &&
  tp.customerId.length > 0 &&
  Number.isFinite(tp.timestamp?.epochMilliseconds)

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

const byTimeThenId = (a: Journey.JourneyInput, b: Journey.JourneyInput): number =>
  a.timestamp.epochMilliseconds - b.timestamp.epochMilliseconds || cmp(a.id, b.id)

// Sorts in place unless already in order (the common case for exported event logs).
const inOrder = <T extends Journey.JourneyInput>(items: Array<T>): Array<T> => {
  for (let i = 1; i < items.length; i++) {
    if (byTimeThenId(items[i - 1] as T, items[i] as T) > 0) return items.sort(byTimeThenId)
  }
  return items
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
  const units: Array<Unit<T>> = []
  if (first !== undefined && isJourney(first)) {
    for (let j = 0; j < items.length; j++) {
      const journey = items[j]
      if (!isJourney(journey))
        return invalid(`${field}[${j}]`, journey, "a journey (every item must be a journey)")
      const tps = journey.touchpoints as ReadonlyArray<T>
      tps.forEach((tp, i) => {
        if (!valid(tp)) touchpoint(`${field}[${j}].touchpoints[${i}]`, tp)
      })
      units.push({
        key: typeof journey.id === "string" ? journey.id : String(j),
        touchpoints: inOrder([...tps])
      })
    }
  } else {
    const byCustomer = new Map<string, Array<T>>()
    for (let i = 0; i < items.length; i++) {
      const tp = items[i] as T | Journey.Journey<T>
      if (isJourney(tp))
        return invalid(`${field}[${i}]`, tp, "a touchpoint (every item must be a touchpoint)")
      if (!valid(tp)) touchpoint(`${field}[${i}]`, tp)
      const list = byCustomer.get(tp.customerId)
      if (list === undefined) byCustomer.set(tp.customerId, [tp])
      else list.push(tp)
    }
    for (const [key, list] of byCustomer) units.push({ key, touchpoints: inOrder(list) })
  }
  return units.sort((a, b) => cmp(a.key, b.key))
}

/** Compares strings by code unit, the order every result list uses. */
export const compareStrings = cmp
