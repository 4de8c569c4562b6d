/**
 * Customers: a branded `CustomerId`, the identities that point to the customer (emails, phones,
 * handles, CRM ids), the lifecycle stage and free-form attributes. Identity resolution
 * (`IdentityResolution.toCustomer`) builds them from the records of several sources.
 *
 * @module
 * @since 0.1.0
 */
import { Schema } from "effect"
import { Attributes } from "./Attributes.ts"
import { Identity } from "./Identity.ts"
import { LifecycleStage } from "./Lifecycle.ts"

/**
 * The id of a resolved customer profile (non-empty, branded).
 *
 * @example
 * ```ts
 * import { Customer } from "@cxkit/core"
 *
 * const id = Customer.CustomerId.make("hubspot:101")
 * console.log(id) // "hubspot:101"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const CustomerId = Schema.String.check(Schema.isNonEmpty()).pipe(Schema.brand("CustomerId"))

/**
 * @since 0.1.0
 * @category models
 */
export type CustomerId = typeof CustomerId.Type

/**
 * A customer: one person or account, with every identity seen for them across sources, an
 * optional display name, current lifecycle stage, and free attributes (plan, segment…).
 *
 * @example
 * ```ts
 * import { Customer, Identity } from "@cxkit/core"
 *
 * const ada = new Customer.Customer({
 *   id: Customer.CustomerId.make("c-1"),
 *   identities: [Identity.make({ source: "hubspot", kind: "email", value: "ada@example.com" })],
 *   name: "Ada Lovelace",
 *   lifecycleStage: "customer",
 *   attributes: { plan: "pro" }
 * })
 * console.log(ada.identities[0]?.value) // "ada@example.com"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export class Customer extends Schema.Class<Customer>("Customer")({
  id: CustomerId,
  identities: Schema.Array(Identity),
  name: Schema.optionalKey(Schema.String),
  lifecycleStage: Schema.optionalKey(LifecycleStage),
  attributes: Schema.optionalKey(Attributes)
}) {}
