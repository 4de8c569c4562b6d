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
