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

/** A positive duration (a `Duration.Input` such as `"30 minutes"` or a number of milliseconds), in milliseconds. */
export const positiveDuration = (field: string, value: Duration.Input): number => {
  const duration = Duration.fromInput(value)
  const millis = Option.isSome(duration) ? Duration.toMillis(duration.value) : Number.NaN
  return millis > 0 && Number.isFinite(millis) ? millis : invalid(field, value, "a positive, finite duration")
}

/** A non-empty array. */
export const nonEmpty = <A>(field: string, value: ReadonlyArray<A> | undefined): ReadonlyArray<A> =>
  Array.isArray(value) && value.length > 0 ? value : invalid(field, value, "a non-empty array")

/** A non-negative finite number (a count or a weight). */
export const nonNegative = (field: string, value: unknown): number =>
  typeof value === "number" && Number.isFinite(value) && value >= 0
    ? value
    : invalid(field, value, "a non-negative finite number")

/** A non-empty string. */
export const nonEmptyString = (field: string, value: unknown): string =>
  typeof value === "string" && value.length > 0 ? value : invalid(field, value, "a non-empty string")

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
