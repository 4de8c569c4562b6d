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
  field: Schema.String,
  value: Schema.Unknown,
  rule: Schema.String
}) {
  override get message(): string {
    return this.reason === "InvalidInput"
      ? `${this.field}: ${Formatter.format(this.value)} is not ${this.rule}`
      : `${this.field}: ${Formatter.format(this.value)} breaks the policy: ${this.rule}`
  }
}
