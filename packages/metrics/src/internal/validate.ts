// Input checks shared by every metric: each throws a MetricError naming field, value and rule.
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

/** A non-negative finite number (a count, a weight). */
export const nonNegative = (field: string, value: unknown): number =>
  typeof value === "number" && Number.isFinite(value) && value >= 0
    ? value
    : invalid(field, value, "a finite number ≥ 0")

/** A strictly positive finite number (a margin of error, a tolerance). */
export const positive = (field: string, value: unknown): number =>
  typeof value === "number" && Number.isFinite(value) && value > 0
    ? value
    : invalid(field, value, "a finite number > 0")

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
