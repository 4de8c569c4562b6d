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

/** Asserts a value is defined and returns it, narrowed (metrics return `undefined` on empty input). */
export const defined = <A>(value: A | undefined): A => {
  expect(value).toBeDefined()
  return value as A
}

/** Asserts `actual` is defined and within `tolerance` of `expected`. */
export const close = (actual: number | undefined, expected: number, tolerance: number): void => {
  expect(actual).toBeDefined()
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(tolerance)
}
