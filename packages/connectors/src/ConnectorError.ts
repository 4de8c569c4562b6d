/**
 * The one error every connector, the runner and the HTTP toolkit fail with.
 *
 * @module
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * Why a connector operation failed.
 *
 * - `config`: the configuration or stored state does not decode; fix the input.
 * - `auth`: the credentials were refused (401/403).
 * - `rate-limited`: the source asked us to slow down (429); retryable.
 * - `quota-exhausted`: a daily/monthly quota or the request budget is spent; retry later.
 * - `transient`: network failure, timeout or 5xx; retryable.
 * - `source-bug`: the source broke its own contract (pagination loop, malformed page).
 * - `schema-drift`: a record no longer matches the stream's record Schema (or its table's columns).
 * - `destination`: the destination cannot be opened or written (a database that cannot be reached,
 *   a table whose shape conflicts with the stream); the message names the host or file, never a password.
 *
 * @example
 * ```ts
 * import { ConnectorError } from "@cxkit/connectors"
 *
 * const reason: ConnectorError.Reason = "rate-limited"
 * console.log(reason)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Reason = Schema.Literals([
  "config",
  "auth",
  "rate-limited",
  "quota-exhausted",
  "transient",
  "source-bug",
  "schema-drift",
  "destination"
])

/**
 * @since 0.1.0
 * @category models
 */
export type Reason = typeof Reason.Type

const retryableReasons: ReadonlySet<Reason> = new Set(["rate-limited", "transient"])

/**
 * The error of `@cxkit/connectors`: a `reason`, a message that never contains a secret, the
 * stream it concerns (when there is one), the HTTP status and the delay the source asked for.
 *
 * @example
 * ```ts
 * import { ConnectorError } from "@cxkit/connectors"
 *
 * const error = new ConnectorError.ConnectorError({
 *   reason: "rate-limited",
 *   message: "GET /contacts answered 429",
 *   stream: "contacts",
 *   retryAfterMs: 2000
 * })
 * console.log(error.isRetryable) // true
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class ConnectorError extends Schema.TaggedError<ConnectorError>()("ConnectorError", {
  reason: Reason,
  message: Schema.String,
  stream: Schema.optionalKey(Schema.String),
  status: Schema.optionalKey(Schema.Number),
  retryAfterMs: Schema.optionalKey(Schema.Number)
}) {
  /**
   * Whether retrying the same operation later can succeed (`rate-limited`, `transient`).
   *
   * @since 0.1.0
   */
  get isRetryable(): boolean {
    return retryableReasons.has(this.reason)
  }
}

/**
 * Builds a `ConnectorError`.
 *
 * @example
 * ```ts
 * import { ConnectorError } from "@cxkit/connectors"
 *
 * const error = ConnectorError.make("auth", "token refused", { status: 401 })
 * console.log(error.reason, error.isRetryable) // auth false
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  reason: Reason,
  message: string,
  options: { readonly stream?: string; readonly status?: number; readonly retryAfterMs?: number } = {}
): ConnectorError => new ConnectorError({ reason, message, ...options })

/**
 * Returns the same error attributed to a stream (unless it already names one).
 *
 * @example
 * ```ts
 * import { ConnectorError } from "@cxkit/connectors"
 *
 * const error = ConnectorError.withStream(ConnectorError.make("transient", "reset"), "deals")
 * console.log(error.stream) // deals
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const withStream = (error: ConnectorError, stream: string): ConnectorError =>
  error.stream !== undefined ? error : new ConnectorError({ ...fieldsOf(error), stream })

const fieldsOf = (error: ConnectorError) => ({
  reason: error.reason,
  message: error.message,
  ...(error.stream !== undefined ? { stream: error.stream } : {}),
  ...(error.status !== undefined ? { status: error.status } : {}),
  ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {})
})

/**
 * Whether a value is a `ConnectorError`.
 *
 * @example
 * ```ts
 * import { ConnectorError } from "@cxkit/connectors"
 *
 * console.log(ConnectorError.isConnectorError(ConnectorError.make("config", "bad"))) // true
 * console.log(ConnectorError.isConnectorError(new Error("x"))) // false
 * ```
 *
 * @since 0.1.0
 * @category guards
 */
export const isConnectorError = (u: unknown): u is ConnectorError => u instanceof ConnectorError

/**
 * Whether retrying can succeed: the error is a retryable `ConnectorError`.
 *
 * @example
 * ```ts
 * import { ConnectorError } from "@cxkit/connectors"
 *
 * console.log(ConnectorError.isRetryable(ConnectorError.make("transient", "503"))) // true
 * console.log(ConnectorError.isRetryable(ConnectorError.make("quota-exhausted", "daily cap"))) // false
 * ```
 *
 * @since 0.1.0
 * @category guards
 */
export const isRetryable = (u: unknown): boolean => isConnectorError(u) && u.isRetryable
