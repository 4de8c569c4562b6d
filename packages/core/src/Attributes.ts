/**
 * Free-form attributes of customers, touchpoints and other entities: a record of string keys to
 * JSON-safe scalar values (string, finite number, boolean, null), for what a source knows that the
 * core models do not name (a plan, a seat count, a vendor's custom field).
 *
 * @module
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * Free attributes carried by customers and touchpoints (plan, segment, region, campaign…):
 * string keys with string, number, boolean or null values, so they survive JSON round trips.
 *
 * @example
 * ```ts
 * import { Attributes } from "@cxkit/core"
 * import { Schema } from "effect"
 *
 * const attrs = Schema.decodeUnknownSync(Attributes.Attributes)({ plan: "pro", seats: 12, trial: false })
 * console.log(attrs.plan) // "pro"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Attributes = Schema.Record(
  Schema.String,
  Schema.Union([Schema.String, Schema.Finite, Schema.Boolean, Schema.Null])
)

/**
 * @since 0.1.0
 * @category models
 */
export type Attributes = typeof Attributes.Type
