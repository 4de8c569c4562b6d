/**
 * What a connector's mapping turns a source record into: core models (customers, identities,
 * touchpoints, feedback, lifecycle stage events, orders, subscriptions) or a rejected value with
 * its reason. One tagged union, so every plugin's mapping has the same signature and a
 * destination can write the unified CX tables from any of them.
 *
 * @module
 * @since 0.1.0
 */
import type * as Customer from "./Customer.ts"
import type * as Feedback from "./Feedback.ts"
import type * as Identity from "./Identity.ts"
import type * as Lifecycle from "./Lifecycle.ts"
import type * as Order from "./Order.ts"
import type * as Subscription from "./Subscription.ts"
import type * as Touchpoint from "./Touchpoint.ts"

/**
 * One entity mapped from a source record. `Identity` carries the customer it identifies (a
 * social author, say, known only by a handle); a `Customer`'s own identities travel inside it.
 * `Rejected` names the field, the offending value and the rule, so nothing is dropped silently.
 *
 * @since 0.1.0
 * @category models
 */
export type Entity =
  | { readonly _tag: "Customer"; readonly value: Customer.Customer }
  | { readonly _tag: "Identity"; readonly customerId: string; readonly value: Identity.Identity }
  | { readonly _tag: "Touchpoint"; readonly value: Touchpoint.Touchpoint }
  | { readonly _tag: "Feedback"; readonly value: Feedback.Feedback }
  | { readonly _tag: "StageEvent"; readonly value: Lifecycle.StageEvent }
  | { readonly _tag: "Order"; readonly value: Order.Order }
  | { readonly _tag: "Subscription"; readonly value: Subscription.Subscription }
  | { readonly _tag: "Rejected"; readonly field: string; readonly value: unknown; readonly rule: string }

/**
 * A customer.
 *
 * @example
 * ```ts
 * import { Customer, Entity } from "@cxkit/core"
 *
 * const entity = Entity.customer(new Customer.Customer({ id: Customer.CustomerId.make("crm:1"), identities: [] }))
 * console.log(entity._tag) // Customer
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const customer = (value: Customer.Customer): Entity => ({ _tag: "Customer", value })

/**
 * An identity of a customer known by it.
 *
 * @example
 * ```ts
 * import { Entity, Identity } from "@cxkit/core"
 *
 * const entity = Entity.identity("x:ada", Identity.make({ source: "x", kind: "handle", value: "@ada" }))
 * console.log(entity._tag) // Identity
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const identity = (customerId: string, value: Identity.Identity): Entity => ({
  _tag: "Identity",
  customerId,
  value
})

/**
 * A touchpoint.
 *
 * @example
 * ```ts
 * import { Decode, Entity, Touchpoint } from "@cxkit/core"
 *
 * const visit = Decode.decodeUnknownSync(Touchpoint.Touchpoint)({
 *   id: "t1", customerId: "c1", timestamp: "2024-05-01T09:00:00Z", channel: "web", kind: "visit", source: "site"
 * })
 * console.log(Entity.touchpoint(visit)._tag) // Touchpoint
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const touchpoint = (value: Touchpoint.Touchpoint): Entity => ({ _tag: "Touchpoint", value })

/**
 * A survey answer.
 *
 * @example
 * ```ts
 * import { Decode, Entity, Feedback } from "@cxkit/core"
 *
 * const answer = Decode.decodeUnknownSync(Feedback.Feedback)({
 *   id: "r1", customerId: "c1", timestamp: "2024-05-01T10:00:00Z", question: { metric: "nps" }, score: 9
 * })
 * console.log(Entity.feedback(answer)._tag) // Feedback
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const feedback = (value: Feedback.Feedback): Entity => ({ _tag: "Feedback", value })

/**
 * A dated lifecycle stage change.
 *
 * @example
 * ```ts
 * import { Entity } from "@cxkit/core"
 * import { DateTime } from "effect"
 *
 * const event = Entity.stageEvent({ customerId: "c1", timestamp: DateTime.makeUnsafe("2024-05-01T00:00:00Z"), stage: "lead" })
 * console.log(event._tag) // StageEvent
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const stageEvent = (value: Lifecycle.StageEvent): Entity => ({ _tag: "StageEvent", value })

/**
 * An order.
 *
 * @example
 * ```ts
 * import { Decode, Entity, Order } from "@cxkit/core"
 *
 * const order = Decode.decodeUnknownSync(Order.Order)({
 *   id: "o1", customerId: "c1", timestamp: "2024-05-01T10:00:00Z", amount: 25, currency: "EUR"
 * })
 * console.log(Entity.order(order)._tag) // Order
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const order = (value: Order.Order): Entity => ({ _tag: "Order", value })

/**
 * A subscription.
 *
 * @example
 * ```ts
 * import { Decode, Entity, Subscription } from "@cxkit/core"
 *
 * const plan = Decode.decodeUnknownSync(Subscription.Subscription)({
 *   id: "s1", customerId: "c1", currency: "EUR", periods: [{ start: "2024-01-01T00:00:00Z", monthlyRecurringRevenue: 10 }]
 * })
 * console.log(Entity.subscription(plan)._tag) // Subscription
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const subscription = (value: Subscription.Subscription): Entity => ({ _tag: "Subscription", value })

/**
 * A value the mapping could not turn into a model: the field, the value and the rule it broke.
 *
 * @example
 * ```ts
 * import { Entity } from "@cxkit/core"
 *
 * const entity = Entity.rejected({ field: "properties.email", value: "not-an-email", rule: "an email address" })
 * console.log(entity._tag) // Rejected
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const rejected = (reason: {
  readonly field: string
  readonly value: unknown
  readonly rule: string
}): Entity => ({
  _tag: "Rejected",
  ...reason
})
