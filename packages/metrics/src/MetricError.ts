/**
 * The one error type of `@cxkit/metrics`: `MetricError`, with a reason (`InvalidInput` for data
 * that breaks a documented rule, naming the field or index, value and rule; `NotConverged` for a
 * model fit without an interior maximum, saying what in the data caused it and what to try).
 *
 * @module
 * @since 0.1.0
 */
import { CoreError } from "@cxkit/core"
import { Formatter, Schema } from "effect"

/**
 * Why a metric or model refused its input or could not produce a result.
 *
 * - `InvalidInput`: a value breaks a documented rule (an NPS of 11, a negative duration,
 *   recency greater than T, a confidence level outside (0, 1)).
 * - `NotConverged`: a model fit did not reach an optimum; the fit never returns NaN silently.
 *
 * @example
 * ```ts
 * import { MetricError } from "@cxkit/metrics"
 * import { Schema } from "effect"
 *
 * console.log(Schema.is(MetricError.MetricErrorReason)("NotConverged")) // true
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export const MetricErrorReason = Schema.Literals(["InvalidInput", "NotConverged"])

/**
 * @since 0.1.0
 * @category errors
 */
export type MetricErrorReason = typeof MetricErrorReason.Type

/**
 * The one error every `@cxkit/metrics` function throws (pure functions) or fails with
 * (streaming sinks). It has the `{ field, value, rule }` shape of `CoreError` (its
 * `InvalidValue` fields): the offending field or index (`scores[3]`, `options.level`,
 * `rows[12].recency`), the offending value itself, and the rule it broke.
 *
 * @example
 * ```ts
 * import { MetricError } from "@cxkit/metrics"
 *
 * const error = new MetricError.MetricError({
 *   reason: "InvalidInput", field: "scores[3]", value: 11, rule: "an integer from 0 to 10"
 * })
 * console.log(error.message) // "scores[3]: 11 is not an integer from 0 to 10"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class MetricError extends Schema.TaggedError<MetricError>()("MetricError", {
  reason: MetricErrorReason,
  ...CoreError.InvalidValue.fields
}) {
  override get message(): string {
    return this.reason === "InvalidInput"
      ? CoreError.formatInvalid(this)
      : `${this.field}: ${this.rule} (last value ${Formatter.format(this.value)})`
  }
}
