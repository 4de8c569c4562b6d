/**
 * Instants. `Timestamp` decodes ISO 8601 strings that carry a zone (`Z` or an offset) into
 * `DateTime.Utc` and rejects strings without one rather than guess; `parse`, `toMillis` and
 * `fromMillis` convert, and `TimeZone` validates IANA zone names for local-time analysis.
 *
 * @module
 * @since 0.1.0
 */
import { DateTime, Schema } from "effect"
import { decodeUnknownSync } from "./Decode.ts"

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/

/**
 * An instant, decoded from an ISO 8601 date-time string that states its zone (`Z` or an
 * offset such as `+02:00`) and held as a `DateTime.Utc`. Encodes back to a UTC ISO string.
 *
 * **Gotchas**
 *
 * A string without a zone (`"2024-03-10T09:00:00"` or `"2024-03-10"`) is rejected rather than
 * read as UTC: the same wall-clock time means different instants in different places, and CX
 * data mixes sources from many of them. Keep the customer's IANA zone separately when local
 * time matters (see `Touchpoint.timeZone`).
 *
 * @example
 * ```ts
 * import { Timestamp } from "@cxkit/core"
 * import { DateTime, Schema } from "effect"
 *
 * const at = Schema.decodeUnknownSync(Timestamp.Timestamp)("2024-03-10T09:00:00+01:00")
 * console.log(DateTime.formatIso(at)) // "2024-03-10T08:00:00.000Z"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Timestamp = Schema.String.check(
  Schema.isPattern(ISO_WITH_ZONE, {
    expected: "an ISO 8601 date-time with a zone (Z or ±hh:mm)"
  })
).pipe(Schema.decodeTo(Schema.DateTimeUtcFromString))

/**
 * @since 0.1.0
 * @category models
 */
export type Timestamp = DateTime.Utc

/**
 * Milliseconds since the Unix epoch of a timestamp.
 *
 * @example
 * ```ts
 * import { Timestamp } from "@cxkit/core"
 *
 * console.log(Timestamp.toMillis(Timestamp.fromMillis(86_400_000))) // 86400000
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const toMillis = (timestamp: DateTime.Utc): number => timestamp.epochMilliseconds

/**
 * A timestamp from milliseconds since the Unix epoch.
 *
 * @example
 * ```ts
 * import { Timestamp } from "@cxkit/core"
 * import { DateTime } from "effect"
 *
 * console.log(DateTime.formatIso(Timestamp.fromMillis(0))) // "1970-01-01T00:00:00.000Z"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromMillis = (millis: number): DateTime.Utc => DateTime.makeUnsafe(millis)

/**
 * A timestamp from an ISO 8601 string with a zone; throws a `DecodeError` otherwise.
 *
 * @example
 * ```ts
 * import { Timestamp } from "@cxkit/core"
 *
 * console.log(Timestamp.toMillis(Timestamp.parse("1970-01-01T01:00:00+01:00"))) // 0
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const parse = (iso: string): DateTime.Utc => decodeUnknownSync(Timestamp)(iso)

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone })
    return zone.length > 0
  } catch {
    return false
  }
}

/**
 * An IANA time zone name known to the runtime (`Europe/Paris`, `America/New_York`, `UTC`).
 *
 * @example
 * ```ts
 * import { Timestamp } from "@cxkit/core"
 * import { Schema } from "effect"
 *
 * console.log(Schema.is(Timestamp.TimeZone)("Europe/Paris"), Schema.is(Timestamp.TimeZone)("Mars/Olympus")) // true false
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const TimeZone = Schema.String.check(
  Schema.makeFilter(
    (zone) => isTimeZone(zone) || `Expected an IANA time zone name, got ${JSON.stringify(zone)}`
  )
)
