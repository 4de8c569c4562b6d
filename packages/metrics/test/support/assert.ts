import { expect } from "@effect/vitest"
import { MetricError } from "../../src/index.ts"

export const relativeError = (actual: number, expected: number): number =>
  Math.abs(actual - expected) / Math.abs(expected)

/** Runs `run`, expects a MetricError, returns it. */
export const metricError = (run: () => unknown): MetricError.MetricError => {
  try {
    run()
  } catch (e) {
    expect(e).toBeInstanceOf(MetricError.MetricError)
    return e as MetricError.MetricError
  }
  throw new Error("expected a MetricError")
}
