/**
 * Orders (transactions): a customer, a time, an amount in an ISO 4217 currency, optionally a
 * channel and attributes: the input of the repeat-purchase and lifetime-value models (RFM,
 * BG/NBD, Gamma-Gamma).
 *
 * @module
 * @since 0.1.0
 */
import { Schema } from "effect"
import { Attributes } from "./Attributes.ts"
import { Channel } from "./Channel.ts"
import { CustomerId } from "./Customer.ts"
import { Timestamp } from "./Timestamp.ts"

/**
 * An ISO 4217 currency code (`EUR`, `USD`).
 *
 * @example
 * ```ts
 * import { Order } from "@cxkit/core"
 * import { Schema } from "effect"
 *
 * console.log(Schema.is(Order.Currency)("EUR"), Schema.is(Order.Currency)("euro")) // true false
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Currency = Schema.String.check(
  Schema.isPattern(/^[A-Z]{3}$/, { expected: "an ISO 4217 currency code (three capital letters)" })
)

/**
 * A purchase: who, when, how much and in which currency. Refunds are orders with a negative
 * amount. The input of RFM summaries and lifetime-value models.
 *
 * @example
 * ```ts
 * import { Decode, Order } from "@cxkit/core"
 *
 * const order = Decode.decodeUnknownSync(Order.Order)({
 *   id: "o-1", customerId: "c-1", timestamp: "2024-05-01T10:00:00Z", amount: 49.9, currency: "EUR"
 * })
 * console.log(order.amount, order.currency) // 49.9 "EUR"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export class Order extends Schema.Class<Order>("Order")({
  id: Schema.String.check(Schema.isNonEmpty()),
  customerId: CustomerId,
  timestamp: Timestamp,
  amount: Schema.Finite,
  currency: Currency,
  channel: Schema.optionalKey(Channel),
  attributes: Schema.optionalKey(Attributes)
}) {}

/**
 * A transaction is an order under the name the CLV literature uses.
 *
 * @since 0.1.0
 * @category models
 */
export type Transaction = Order
