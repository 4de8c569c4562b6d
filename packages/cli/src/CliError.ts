/**
 * The one error of the `cxkit` command, with the exit code each reason ends the process with.
 *
 * @module
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * Why a command failed, and so its exit code:
 *
 * - `usage` (2): the command line is wrong (an unknown source, a stream no source has).
 * - `config` (2): the config file is missing or wrong (its message names the file, the path in
 *   it and the rule; a missing environment variable is named), or a connector is unknown.
 * - `source` (1): a source failed (refused credentials, rate limited, unreachable…); the other
 *   sources still ran.
 * - `interrupted` (130): Ctrl-C stopped a sync after its last commit; the next sync resumes.
 *
 * @example
 * ```ts
 * import { CliError } from "@cxkit/cli"
 *
 * console.log(CliError.Reason.literals) // [ 'usage', 'config', 'source', 'interrupted' ]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Reason = Schema.Literals(["usage", "config", "source", "interrupted"])

/**
 * @since 0.1.0
 * @category models
 */
export type Reason = typeof Reason.Type

/**
 * The exit code of each reason (and 0 when a command succeeds).
 *
 * @example
 * ```ts
 * import { CliError } from "@cxkit/cli"
 *
 * console.log(CliError.exitCodes.config, CliError.exitCodes.source) // 2 1
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const exitCodes: Readonly<Record<Reason, number>> = {
  usage: 2,
  config: 2,
  source: 1,
  interrupted: 130
}

/**
 * A failed command: its reason and a message that never contains a secret.
 *
 * @example
 * ```ts
 * import { CliError } from "@cxkit/cli"
 *
 * const error = new CliError.CliError({ reason: "config", message: "cxkit.config.json: not found" })
 * console.log(error.exitCode) // 2
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class CliError extends Schema.TaggedError<CliError>()("CliError", {
  reason: Reason,
  message: Schema.String
}) {
  /** The process exit code this error ends the command with. */
  get exitCode(): number {
    return exitCodes[this.reason]
  }
}

/**
 * Shorthand for a `CliError`.
 *
 * @example
 * ```ts
 * import { CliError } from "@cxkit/cli"
 *
 * console.log(CliError.make("usage", "no source named crm").reason) // usage
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (reason: Reason, message: string): CliError => new CliError({ reason, message })
