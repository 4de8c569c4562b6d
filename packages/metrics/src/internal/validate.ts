// Input checks shared by every metric: each throws a MetricError naming field, value and rule.
import { Duration, Option } from "effect"
import { MetricError } from "../MetricError.ts"

/** Throws an `InvalidInput` MetricError for `field`. */
export const invalid = (field: string, value: unknown, rule: string): never => {
  throw new MetricError({ reason: "InvalidInput", field, value, rule })
}

/** A finite number (not NaN, not ±Infinity). */
export const finite = (field: string, value: unknown): number =>
  typeof value === "number" && Number.isFinite(value) ? value : invalid(field, value, "a finite number")

/** A confidence level strictly between 0 and 1. */
export const level = (field: string, value: unknown): number =>
  typeof value === "number" && value > 0 && value < 1
    ? value
    : invalid(field, value, "a confidence level in (0, 1)")

/** A finite number ≥ 0. */
export const nonNegative = (field: string, value: unknown): number =>
  typeof value === "number" && Number.isFinite(value) && value >= 0
    ? value
    : invalid(field, value, "a finite number ≥ 0")

/** A finite number > 0. */
export const positive = (field: string, value: unknown): number =>
  typeof value === "number" && Number.isFinite(value) && value > 0
    ? value
    : invalid(field, value, "a finite number > 0")

/** An integer ≥ 0. */
export const count = (field: string, value: unknown): number =>
  typeof value === "number" && Number.isInteger(value) && value >= 0
    ? value
    : invalid(field, value, "an integer ≥ 0")

/** An optional row weight: absent means 1; otherwise a finite number ≥ 0. */
export const weight = (field: string, value: unknown): number =>
  value === undefined ? 1 : nonNegative(field, value)

/** A non-empty array. */
export const nonEmpty = <A>(field: string, value: ReadonlyArray<A> | undefined): ReadonlyArray<A> =>
  Array.isArray(value) && value.length > 0 ? value : invalid(field, value, "a non-empty array")

/**
 * A frequency / recency / T row of the non-contractual purchase models (BG/NBD, Pareto/NBD):
 * frequency an integer ≥ 0, 0 ≤ recency ≤ T, T > 0, recency = 0 when frequency = 0.
 */
export const frequencyRecency = (
  field: string,
  row: { readonly frequency: unknown; readonly recency: unknown; readonly T: unknown }
): { readonly frequency: number; readonly recency: number; readonly T: number } => {
  if (typeof row !== "object" || row === null)
    return invalid(field, row, "an object { frequency, recency, T }")
  const frequency = count(`${field}.frequency`, row.frequency)
  const recency = nonNegative(`${field}.recency`, row.recency)
  const T = positive(`${field}.T`, row.T)
  if (recency > T) invalid(`${field}.recency`, recency, `at most T (${T})`)
  if (frequency === 0 && recency !== 0) invalid(`${field}.recency`, recency, "0 when frequency is 0")
  return { frequency, recency, T }
}

/** Model parameters: each named entry a finite number > 0. */
export const positiveParams = <K extends string>(
  field: string,
  params: Readonly<Record<K, number>>,
  names: ReadonlyArray<K>
): Readonly<Record<K, number>> => {
  if (typeof params !== "object" || params === null)
    return invalid(field, params, `an object { ${names.join(", ")} }`)
  for (const name of names) positive(`${field}.${name}`, params[name])
  return params
}

/** A customer's frequency / recency / T (see `frequencyRecency`), named `customer`. */
export const customer = (value: {
  readonly frequency: number
  readonly recency: number
  readonly T: number
}): { readonly frequency: number; readonly recency: number; readonly T: number } =>
  frequencyRecency("customer", value)

/** An integer ≥ `min` (periods, renewals). */
export const integerAtLeast = (field: string, value: unknown, min: number): number =>
  typeof value === "number" && Number.isInteger(value) && value >= min
    ? value
    : invalid(field, value, `an integer ≥ ${min}`)

/** An event indicator: `true`/`false` or `1`/`0`. Returns `true` for an observed event. */
export const eventIndicator = (field: string, value: unknown): boolean =>
  value === true || value === 1
    ? true
    : value === false || value === 0
      ? false
      : invalid(field, value, "an event indicator (true/false or 1/0)")

/** Two parallel arrays of the same length. */
export const sameLength = (field: string, actual: number, expected: number, of: string): void => {
  if (actual !== expected) invalid(`${field}.length`, actual, `equal to ${of}.length (${expected})`)
}

/** One of a fixed set of string options. */
export const oneOf = <const A extends string>(field: string, value: unknown, options: ReadonlyArray<A>): A =>
  typeof value === "string" && (options as ReadonlyArray<string>).includes(value)
    ? (value as A)
    : invalid(field, value, `one of ${options.map((o) => JSON.stringify(o)).join(", ")}`)

// An ISO 8601 date (read as UTC midnight) or a date-time with Z or an offset. A zoneless
// date-time would be read in the machine's local zone, so the same data could give different
// results on different machines: it is refused.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/

/**
 * A point in time as epoch milliseconds: a `Date`, an ISO 8601 date or date-time with a zone,
 * epoch milliseconds, or anything with numeric `epochMilliseconds` (effect's `DateTime`, used
 * by `@cxkit/core`). Unparseable or zoneless strings and invalid dates are refused, never coerced.
 */
export const instant = (field: string, value: unknown): number => {
  const ms =
    value instanceof Date
      ? value.getTime()
      : typeof value === "number"
        ? value
        : typeof value === "string"
          ? ISO_INSTANT.test(value)
            ? Date.parse(value)
            : Number.NaN
          : typeof value === "object" &&
              value !== null &&
              typeof (value as { epochMilliseconds?: unknown }).epochMilliseconds === "number"
            ? (value as { epochMilliseconds: number }).epochMilliseconds
            : Number.NaN
  return Number.isFinite(ms)
    ? ms
    : invalid(
        field,
        value,
        "a valid Date, an ISO 8601 date or date-time with a zone (Z or ±hh:mm), epoch milliseconds or a DateTime"
      )
}

/** A non-empty string (ids, labels). */
export const nonEmptyString = (field: string, value: unknown): string =>
  typeof value === "string" && value.length > 0 ? value : invalid(field, value, "a non-empty string")

/** The rule text of a survey answer on an integer scale, shared so every metric words it alike. */
export const integerRule = (min: number, max: number): string => `an integer from ${min} to ${max}`

/**
 * An integer survey answer from `min` to `max` (an NPS of 0–10, a CSAT of 1–5). NaN, 7.5, 11,
 * −1 and strings all fail. `field` is the name without the index (`scores`), so the hot loops
 * build the message only when a value is bad.
 */
export const integerInRange = (
  field: string,
  index: number,
  value: unknown,
  min: number,
  max: number,
  suffix = ""
): number =>
  typeof value === "number" && Number.isInteger(value) && value >= min && value <= max
    ? value
    : invalid(`${field}[${index}]${suffix}`, value, integerRule(min, max))

/** The question of a survey response (`responses[i].question`): an object with a metric. */
export const question = (
  field: string,
  index: number,
  response: unknown
): { readonly metric: unknown; readonly [key: string]: unknown } => {
  const q = (response as { readonly question?: unknown } | null | undefined)?.question
  return typeof q === "object" && q !== null && "metric" in q
    ? (q as { readonly metric: unknown })
    : invalid(`${field}[${index}].question`, q, "a question with a metric (nps, csat or ces)")
}

/** An integer scale `{ min, max }` with `min < max`, e.g. 1–5 or 0–10. */
export const integerScale = (
  field: string,
  value: unknown
): { readonly min: number; readonly max: number } => {
  const scale = value as { readonly min?: unknown; readonly max?: unknown } | null | undefined
  if (
    typeof scale !== "object" ||
    scale === null ||
    !Number.isInteger(scale.min) ||
    !Number.isInteger(scale.max) ||
    (scale.min as number) >= (scale.max as number)
  ) {
    return invalid(field, value, "an integer scale { min, max } with min < max")
  }
  return { min: scale.min as number, max: scale.max as number }
}

/** The confidence level of `options` (0.95 when absent), validated. */
export const levelOrDefault = (
  options: { readonly level?: unknown } | undefined,
  field = "options.level"
): number => (options?.level === undefined ? 0.95 : level(field, options.level))

/** An integer from `min` to `max` for a named option (`options.satisfiedFrom`). */
export const integerBetween = (field: string, value: unknown, min: number, max: number): number =>
  typeof value === "number" && Number.isInteger(value) && value >= min && value <= max
    ? value
    : invalid(field, value, integerRule(min, max))

/** A positive duration (a `Duration.Input` such as `"30 minutes"` or a number of milliseconds), in milliseconds. */
export const positiveDuration = (field: string, value: Duration.Input): number => {
  const duration = Duration.fromInput(value)
  const millis = Option.isSome(duration) ? Duration.toMillis(duration.value) : Number.NaN
  return millis > 0 && Number.isFinite(millis) ? millis : invalid(field, value, "a positive, finite duration")
}

/** A probability in [0, 1]. */
export const probability = (field: string, value: unknown): number =>
  typeof value === "number" && value >= 0 && value <= 1 ? value : invalid(field, value, "a number in [0, 1]")

/**
 * A touchpoint usable for journey analytics: a non-empty `customerId` and a `timestamp` with
 * finite `epochMilliseconds` (a `DateTime.Utc`). Returns the timestamp in epoch milliseconds.
 */
export const touchpoint = (
  field: string,
  value: { readonly customerId?: unknown; readonly timestamp?: { readonly epochMilliseconds?: unknown } }
): number => {
  if (value === null || typeof value !== "object") return invalid(field, value, "a touchpoint object")
  if (typeof value.customerId !== "string" || value.customerId.length === 0) {
    return invalid(`${field}.customerId`, value.customerId, "a non-empty customer id")
  }
  const millis = value.timestamp?.epochMilliseconds
  return typeof millis === "number" && Number.isFinite(millis)
    ? millis
    : invalid(`${field}.timestamp`, value.timestamp, "a DateTime.Utc timestamp")
}
