/**
 * The one error type of `@cxkit/core`: `CoreError`, with a reason (`InvalidInput` for an argument
 * that breaks a documented rule, `PolicyViolation` for a lifecycle transition the policy forbids)
 * and, for bad input, the field or index, the value and the rule it broke.
 *
 * @module
 * @since 0.1.0
 */
import { Formatter, Schema } from "effect"

/**
 * Why a core operation refused its input:
 * - `InvalidInput`: an argument breaks a documented rule (a non-positive inactivity gap, a
 *   touchpoint without a customer, an unknown stage);
 * - `PolicyViolation`: a lifecycle transition the configured policy forbids.
 *
 * @example
 * ```ts
 * import { CoreError } from "@cxkit/core"
 * import { Schema } from "effect"
 *
 * console.log(Schema.is(CoreError.CoreErrorReason)("PolicyViolation")) // true
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export const CoreErrorReason = Schema.Literals(["InvalidInput", "PolicyViolation"])

/**
 * @since 0.1.0
 * @category errors
 */
export type CoreErrorReason = typeof CoreErrorReason.Type

/**
 * The shape every input error of cxkit shares (`CoreError` here, `MetricError` in
 * `@cxkit/metrics`): `field` names the offending field or index (`options.gapMillis`,
 * `scores[3]`), `value` is the offending value itself (never a description of it) and `rule` the
 * rule it broke, phrased to follow "is not".
 *
 * @example
 * ```ts
 * import { CoreError } from "@cxkit/core"
 * import { Schema } from "effect"
 *
 * console.log(Schema.is(CoreError.InvalidValue)({ field: "scores[3]", value: 11, rule: "an integer from 0 to 10" })) // true
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export const InvalidValue = Schema.Struct({
  field: Schema.String,
  value: Schema.Unknown,
  rule: Schema.String
})

/**
 * The message of an input error: "`field`: `value` is not `rule`", the value printed with
 * effect's `Formatter` (strings quoted, objects as JSON).
 *
 * @example
 * ```ts
 * import { CoreError } from "@cxkit/core"
 *
 * console.log(CoreError.formatInvalid({ field: "scores[3]", value: 11, rule: "an integer from 0 to 10" })) // "scores[3]: 11 is not an integer from 0 to 10"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export const formatInvalid = (error: typeof InvalidValue.Type): string =>
  `${error.field}: ${Formatter.format(error.value)} is not ${error.rule}`

/**
 * The one error the pure functions of `@cxkit/core` throw (journey building, lifecycle
 * derivation, identity resolution). It names the field or index, the value and the rule.
 * Decoding outside data raises `Decode.DecodeError` instead.
 *
 * @example
 * ```ts
 * import { CoreError } from "@cxkit/core"
 *
 * const error = new CoreError.CoreError({
 *   reason: "InvalidInput", field: "options.gapMillis", value: 0, rule: "a positive number of milliseconds"
 * })
 * console.log(error.message) // "options.gapMillis: 0 is not a positive number of milliseconds"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class CoreError extends Schema.TaggedError<CoreError>()("CoreError", {
  reason: CoreErrorReason,
  ...InvalidValue.fields
}) {
  override get message(): string {
    return this.reason === "InvalidInput"
      ? formatInvalid(this)
      : `${this.field}: ${Formatter.format(this.value)} breaks the policy: ${this.rule}`
  }
}
