/**
 * Pure mapping from HubSpot CRM objects to cxkit core models: contacts and companies to
 * `Customer`s with their identities and lifecycle stage history, won deals to `Order`s,
 * tickets to support `Touchpoint`s. No I/O: feed it the records a sync delivered.
 *
 * @since 0.1.0
 */
import type { Sync } from "@cxkit/connectors"
import { Customer, Entity, Identity, Lifecycle, Order, Timestamp, Touchpoint } from "@cxkit/core"
import type * as HubSpotConnector from "./HubSpotConnector.ts"
import type { CrmObject } from "./HubSpotConnector.ts"

/**
 * A value the mapping could not use (an invalid email or phone number), with the rule it broke.
 * Mappings never drop such values silently: they list them here.
 *
 * @example
 * ```ts
 * import type { HubSpotMapping } from "@cxkit/connector-hubspot"
 *
 * const rejected: HubSpotMapping.Rejected = { field: "properties.email", value: "not-an-email", rule: "an email address" }
 * console.log(rejected.field) // "properties.email"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Rejected {
  readonly field: string
  readonly value: string
  readonly rule: string
}

/**
 * A customer mapped from a contact or company, its lifecycle stage events (from the
 * `hs_lifecyclestage_<stage>_date` properties, ready for `Lifecycle.deriveHistory`) and the
 * rejected values.
 *
 * @example
 * ```ts
 * import type { HubSpotMapping } from "@cxkit/connector-hubspot"
 *
 * const count = (mapped: HubSpotMapping.CustomerMapping) => mapped.stageEvents.length
 * console.log(typeof count) // "function"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface CustomerMapping {
  readonly customer: Customer.Customer
  readonly stageEvents: ReadonlyArray<Lifecycle.StageEvent>
  readonly rejected: ReadonlyArray<Rejected>
}

/**
 * The customer id given to a HubSpot object: `hubspot:<type>:<id>`.
 *
 * @example
 * ```ts
 * import { HubSpotMapping } from "@cxkit/connector-hubspot"
 *
 * console.log(HubSpotMapping.customerIdOf("contact", "101")) // "hubspot:contact:101"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const customerIdOf = (type: "contact" | "company", id: string): Customer.CustomerId =>
  Customer.CustomerId.make(`hubspot:${type}:${id}`)

const stages = new Set<string>(Lifecycle.LifecycleStage.literals)

/**
 * A HubSpot lifecycle stage value as a core `LifecycleStage`: the eight default stages map to
 * themselves; custom stages (numeric ids) and unknown values map to `"other"`.
 *
 * @example
 * ```ts
 * import { HubSpotMapping } from "@cxkit/connector-hubspot"
 *
 * console.log(HubSpotMapping.lifecycleStageOf("salesqualifiedlead"), HubSpotMapping.lifecycleStageOf("1234567")) // "salesqualifiedlead" "other"
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const lifecycleStageOf = (value: string): Lifecycle.LifecycleStage =>
  stages.has(value) && Lifecycle.funnel.includes(value as Lifecycle.LifecycleStage)
    ? (value as Lifecycle.LifecycleStage)
    : "other"

const props = (record: CrmObject, name: string): string | undefined => {
  const value = record.properties[name]
  return value === null || value === undefined || value.trim() === "" ? undefined : value
}

const timestampOf = (value: string | undefined) => {
  if (value === undefined) return undefined
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value)
  return Number.isNaN(ms) ? undefined : Timestamp.fromMillis(ms)
}

const stageEventsOf = (record: CrmObject, customerId: string): Array<Lifecycle.StageEvent> => {
  const events: Array<Lifecycle.StageEvent> = []
  for (const stage of Lifecycle.funnel) {
    const at = timestampOf(props(record, `hs_lifecyclestage_${stage}_date`))
    if (at !== undefined) events.push({ customerId, timestamp: at, stage })
  }
  return events.sort((a, b) => a.timestamp.epochMilliseconds - b.timestamp.epochMilliseconds)
}

const identity = (
  identities: Array<Identity.Identity>,
  rejected: Array<Rejected>,
  kind: Identity.IdentityKind,
  field: string,
  value: string | undefined
) => {
  if (value === undefined) return
  const normalized = Identity.normalize(kind, value)
  if (normalized._tag === "Invalid") rejected.push({ field, value, rule: normalized.rule })
  else identities.push(Identity.make({ source: "hubspot", kind, value: normalized.value }))
}

const attributesOf = (record: CrmObject, names: ReadonlyArray<string>) => {
  const attributes: Record<string, string> = {}
  for (const name of names) {
    const value = props(record, name)
    if (value !== undefined) attributes[name] = value
  }
  return attributes
}

/**
 * Maps a contact to a `Customer`: a `crm-id` identity, `email` and `phone` / `mobilephone`
 * identities (normalised; invalid ones listed in `rejected`), the name, the current lifecycle
 * stage and its dated stage events.
 *
 * @example
 * ```ts
 * import { HubSpotMapping } from "@cxkit/connector-hubspot"
 *
 * const { customer, stageEvents } = HubSpotMapping.contactToCustomer({
 *   id: "101",
 *   properties: {
 *     firstname: "Ada", lastname: "Lovelace", email: "Ada@Example.com", lifecyclestage: "customer",
 *     hs_lifecyclestage_lead_date: "2024-01-02T09:00:00.000Z",
 *     hs_lifecyclestage_customer_date: "2024-02-10T12:00:00.000Z"
 *   },
 *   createdAt: "2024-01-02T09:00:00.000Z",
 *   updatedAt: "2024-02-10T12:00:00.000Z",
 *   archived: false
 * })
 * console.log(customer.id, customer.name, customer.lifecycleStage) // "hubspot:contact:101" "Ada Lovelace" "customer"
 * console.log(customer.identities.map((i) => `${i.kind}:${i.value}`)) // [ "crm-id:contact:101", "email:ada@example.com" ]
 * console.log(stageEvents.map((e) => e.stage)) // [ "lead", "customer" ]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const contactToCustomer = (record: CrmObject): CustomerMapping => {
  const id = customerIdOf("contact", record.id)
  const identities = [Identity.make({ source: "hubspot", kind: "crm-id", value: `contact:${record.id}` })]
  const rejected: Array<Rejected> = []
  identity(identities, rejected, "email", "properties.email", props(record, "email"))
  identity(identities, rejected, "phone", "properties.phone", props(record, "phone"))
  identity(identities, rejected, "phone", "properties.mobilephone", props(record, "mobilephone"))
  const name = [props(record, "firstname"), props(record, "lastname")]
    .filter((x) => x !== undefined)
    .join(" ")
  const stage = props(record, "lifecyclestage")
  const attributes = attributesOf(record, ["company", "jobtitle", "country", "hs_lead_status"])
  return {
    customer: new Customer.Customer({
      id,
      identities,
      ...(name !== "" ? { name } : {}),
      ...(stage !== undefined ? { lifecycleStage: lifecycleStageOf(stage) } : {}),
      ...(Object.keys(attributes).length > 0 ? { attributes } : {})
    }),
    stageEvents: stageEventsOf(record, id),
    rejected
  }
}

/**
 * Maps a company (an account) to a `Customer`: a `crm-id` identity, the phone identity, the
 * name, lifecycle stage and stage events; `domain` and `industry` become attributes.
 *
 * @example
 * ```ts
 * import { HubSpotMapping } from "@cxkit/connector-hubspot"
 *
 * const { customer } = HubSpotMapping.companyToCustomer({
 *   id: "501",
 *   properties: { name: "Acme", domain: "acme.example", lifecyclestage: "opportunity" },
 *   createdAt: "2024-01-02T09:00:00.000Z",
 *   updatedAt: "2024-01-05T09:00:00.000Z",
 *   archived: false
 * })
 * console.log(customer.id, customer.attributes) // "hubspot:company:501" { domain: "acme.example" }
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const companyToCustomer = (record: CrmObject): CustomerMapping => {
  const id = customerIdOf("company", record.id)
  const identities = [Identity.make({ source: "hubspot", kind: "crm-id", value: `company:${record.id}` })]
  const rejected: Array<Rejected> = []
  identity(identities, rejected, "phone", "properties.phone", props(record, "phone"))
  const name = props(record, "name")
  const stage = props(record, "lifecyclestage")
  const attributes = attributesOf(record, ["domain", "industry", "country"])
  return {
    customer: new Customer.Customer({
      id,
      identities,
      ...(name !== undefined ? { name } : {}),
      ...(stage !== undefined ? { lifecycleStage: lifecycleStageOf(stage) } : {}),
      ...(Object.keys(attributes).length > 0 ? { attributes } : {})
    }),
    stageEvents: stageEventsOf(record, id),
    rejected
  }
}

/**
 * What a deal maps to: an `Order` when it is won, otherwise the reason it is not one.
 *
 * @example
 * ```ts
 * import type { HubSpotMapping } from "@cxkit/connector-hubspot"
 *
 * const open: HubSpotMapping.DealMapping = { _tag: "NotWon", dealId: "9", stage: "appointmentscheduled" }
 * console.log(open._tag) // "NotWon"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type DealMapping =
  | { readonly _tag: "Won"; readonly order: Order.Order }
  | { readonly _tag: "NotWon"; readonly dealId: string; readonly stage: string | undefined }
  | { readonly _tag: "Invalid"; readonly dealId: string; readonly rejected: Rejected }

/**
 * Whether a deal is closed won: `hs_is_closed_won` is `"true"`, or its `dealstage` is
 * `closedwon` or one of `wonStages` (the won stages of custom pipelines).
 *
 * @example
 * ```ts
 * import { HubSpotMapping } from "@cxkit/connector-hubspot"
 *
 * const deal = { id: "9", properties: { dealstage: "closedwon" }, createdAt: "2024-01-01T00:00:00Z", updatedAt: "2024-01-01T00:00:00Z", archived: false }
 * console.log(HubSpotMapping.isWon(deal)) // true
 * ```
 *
 * @since 0.1.0
 * @category guards
 */
export const isWon = (deal: CrmObject, wonStages: ReadonlyArray<string> = []): boolean => {
  const stage = props(deal, "dealstage")
  return (
    props(deal, "hs_is_closed_won") === "true" ||
    stage === "closedwon" ||
    (stage !== undefined && wonStages.includes(stage))
  )
}

/**
 * Maps a won deal to an `Order` of the given customer (resolve it from the deal's associations):
 * the amount, `deal_currency_code` (else `currency`, default `"USD"`), at `closedate` (else the
 * last modification). A deal that is not won maps to `NotWon`; a missing or non-numeric amount
 * or date to `Invalid`.
 *
 * @example
 * ```ts
 * import { HubSpotMapping } from "@cxkit/connector-hubspot"
 *
 * const mapped = HubSpotMapping.dealToOrder(
 *   {
 *     id: "9001",
 *     properties: { dealname: "Pro plan", amount: "1200.50", dealstage: "closedwon", closedate: "2024-03-05T00:00:00.000Z", deal_currency_code: "EUR" },
 *     createdAt: "2024-02-01T00:00:00.000Z",
 *     updatedAt: "2024-03-05T00:00:00.000Z",
 *     archived: false
 *   },
 *   { customerId: HubSpotMapping.customerIdOf("company", "501") }
 * )
 * if (mapped._tag === "Won") console.log(mapped.order.amount, mapped.order.currency) // 1200.5 "EUR"
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const dealToOrder = (
  deal: CrmObject,
  options: {
    readonly customerId: Customer.CustomerId
    readonly currency?: string | undefined
    readonly wonStages?: ReadonlyArray<string> | undefined
  }
): DealMapping => {
  if (!isWon(deal, options.wonStages))
    return { _tag: "NotWon", dealId: deal.id, stage: props(deal, "dealstage") }
  const rawAmount = props(deal, "amount")
  const amount = rawAmount === undefined ? Number.NaN : Number(rawAmount)
  if (!Number.isFinite(amount)) {
    return {
      _tag: "Invalid",
      dealId: deal.id,
      rejected: { field: "properties.amount", value: rawAmount ?? "", rule: "a finite number" }
    }
  }
  const closed = props(deal, "closedate") ?? deal.updatedAt
  const timestamp = timestampOf(closed)
  if (timestamp === undefined) {
    return {
      _tag: "Invalid",
      dealId: deal.id,
      rejected: { field: "properties.closedate", value: closed, rule: "a date" }
    }
  }
  const attributes = attributesOf(deal, ["dealname", "pipeline", "dealstage", "dealtype"])
  return {
    _tag: "Won",
    order: new Order.Order({
      id: `hubspot:deal:${deal.id}`,
      customerId: options.customerId,
      timestamp,
      amount,
      currency: props(deal, "deal_currency_code") ?? options.currency ?? "USD",
      channel: "sales",
      ...(Object.keys(attributes).length > 0 ? { attributes } : {})
    })
  }
}

const ticketChannels: Readonly<Record<string, string>> = {
  EMAIL: "email",
  CHAT: "chat",
  PHONE: "phone",
  FORM: "web",
  FACEBOOK_MESSENGER: "social",
  WHATSAPP: "chat"
}

/**
 * The channel of a ticket from its `source_type` (`EMAIL`, `CHAT`, `PHONE`, `FORM`, …);
 * `support` when it is missing or unknown.
 *
 * @example
 * ```ts
 * import { HubSpotMapping } from "@cxkit/connector-hubspot"
 *
 * console.log(HubSpotMapping.ticketChannelOf("CHAT"), HubSpotMapping.ticketChannelOf(undefined)) // "chat" "support"
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const ticketChannelOf = (sourceType: string | undefined): string =>
  (sourceType !== undefined ? ticketChannels[sourceType] : undefined) ?? "support"

/**
 * Maps a ticket to a support `Touchpoint` of the given customer (resolve it from the ticket's
 * associations): kind `support-ticket`, journey stage `support`, at the ticket's creation, with
 * its subject as text and pipeline stage and priority as attributes.
 *
 * @example
 * ```ts
 * import { HubSpotMapping } from "@cxkit/connector-hubspot"
 *
 * const touchpoint = HubSpotMapping.ticketToTouchpoint(
 *   {
 *     id: "7001",
 *     properties: { subject: "Cannot log in", source_type: "EMAIL", hs_pipeline_stage: "1", hs_ticket_priority: "HIGH" },
 *     createdAt: "2024-03-01T08:30:00.000Z",
 *     updatedAt: "2024-03-01T09:00:00.000Z",
 *     archived: false
 *   },
 *   { customerId: HubSpotMapping.customerIdOf("contact", "101") }
 * )
 * console.log(touchpoint.channel, touchpoint.kind, touchpoint.stage) // "email" "support-ticket" "support"
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const ticketToTouchpoint = (
  ticket: CrmObject,
  options: { readonly customerId: Customer.CustomerId }
): Touchpoint.Touchpoint => {
  const subject = props(ticket, "subject")
  const attributes = attributesOf(ticket, [
    "hs_pipeline",
    "hs_pipeline_stage",
    "hs_ticket_priority",
    "hs_ticket_category"
  ])
  return new Touchpoint.Touchpoint({
    id: Touchpoint.TouchpointId.make(`hubspot:ticket:${ticket.id}`),
    customerId: options.customerId,
    timestamp: Timestamp.parse(ticket.createdAt),
    channel: ticketChannelOf(props(ticket, "source_type")),
    kind: "support-ticket",
    source: "hubspot",
    stage: "support",
    ...(subject !== undefined ? { text: subject } : {}),
    ...(Object.keys(attributes).length > 0 ? { attributes } : {})
  })
}

// The first contact a deal or ticket is associated with (the v3 `associations` shape:
// `{ contacts: { results: [{ id }] } }`), as the customer it belongs to.
const associatedContact = (record: CrmObject): Customer.CustomerId | undefined => {
  const contacts = record.associations?.contacts as
    | { readonly results?: ReadonlyArray<{ readonly id?: unknown }> }
    | undefined
  const id = contacts?.results?.[0]?.id
  return typeof id === "string" && id !== "" ? customerIdOf("contact", id) : undefined
}

const noContact = (type: string, record: CrmObject): Entity.Entity =>
  Entity.rejected({
    field: `${type}/${record.id}.associations.contacts`,
    value: record.associations?.contacts ?? null,
    rule: `a ${type} needs an associated contact to belong to a customer (sync with associations)`
  })

/**
 * The one mapping step of the HubSpot plugin, for `Sync.run(…, { destination, mapping })`:
 * contacts and companies become customers (with their identities), their lifecycle stage events
 * and any rejected values; won deals become orders and tickets support touchpoints of the first
 * associated contact. A deal or ticket without an associated contact is rejected with the reason;
 * a deal not won maps to nothing.
 *
 * @example
 * ```ts
 * import { HubSpotMapping } from "@cxkit/connector-hubspot"
 *
 * const entities = HubSpotMapping.toCore({
 *   _tag: "Record", stream: "contacts", key: "101", unknownFields: undefined,
 *   record: {
 *     id: "101", archived: false, createdAt: "2024-01-05T10:00:00.000Z", updatedAt: "2024-03-01T09:00:00.000Z",
 *     properties: { email: "ada@example.com", lifecyclestage: "customer", hs_lifecyclestage_customer_date: "2024-03-01T09:00:00.000Z" }
 *   }
 * })
 * console.log(entities.map((e) => e._tag)) // [ 'Customer', 'StageEvent' ]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const toCore = (
  event: Sync.RecordEventOf<typeof HubSpotConnector.connector>
): ReadonlyArray<Entity.Entity> => {
  const record = event.record as CrmObject
  switch (event.stream) {
    case "contacts":
    case "companies": {
      const mapped = event.stream === "contacts" ? contactToCustomer(record) : companyToCustomer(record)
      return [
        Entity.customer(mapped.customer),
        ...mapped.stageEvents.map(Entity.stageEvent),
        ...mapped.rejected.map((r) =>
          Entity.rejected({ ...r, field: `${event.stream}/${record.id}.${r.field}` })
        )
      ]
    }
    case "deals": {
      const customerId = associatedContact(record)
      if (customerId === undefined) return isWon(record) ? [noContact("deal", record)] : []
      const mapped = dealToOrder(record, { customerId })
      return mapped._tag === "Won"
        ? [Entity.order(mapped.order)]
        : mapped._tag === "Invalid"
          ? [Entity.rejected({ ...mapped.rejected, field: `deals/${record.id}.${mapped.rejected.field}` })]
          : []
    }
    case "tickets": {
      const customerId = associatedContact(record)
      return customerId === undefined
        ? [noContact("ticket", record)]
        : [Entity.touchpoint(ticketToTouchpoint(record, { customerId }))]
    }
    default:
      return []
  }
}
