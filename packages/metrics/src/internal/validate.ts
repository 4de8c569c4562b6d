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
export const nonEmpty = <A>(field: string, value: ReadonlyArray<A>): ReadonlyArray<A> =>
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
