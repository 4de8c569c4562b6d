/**
 * Pure mapping from Intercom records to cxkit core models: contacts (users and leads) and
 * companies to `Customer`s with their identities, conversations and their parts to support
 * `Touchpoint`s on the channel they came in by, conversation ratings to CSAT `Feedback` on
 * Intercom's 1–5 scale with the remark as comment, tickets to support touchpoints. No I/O: feed it
 * the records a sync delivered.
 *
 * Models: https://developers.intercom.com/docs/references/2.11/rest-api/api.intercom.io
 *
 * @since 0.1.0
 */
import type { Sync } from "@cxkit/connectors"
import { Customer, Entity, Feedback, Identity, Timestamp, Touchpoint } from "@cxkit/core"
import { Schema } from "effect"
import type * as IntercomConnector from "./IntercomConnector.ts"
import type { Company, Contact, Conversation, Ticket } from "./IntercomConnector.ts"

/**
 * A value the mapping could not use, with the rule it broke (never dropped silently).
 *
 * @example
 * ```ts
 * import type { IntercomMapping } from "@cxkit/connector-intercom"
 *
 * const rejected: IntercomMapping.Rejected = { field: "email", value: "not an email", rule: "an email address" }
 * console.log(rejected.field) // "email"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Rejected {
  readonly field: string
  readonly value: unknown
  readonly rule: string
}

/**
 * The customer id of an Intercom contact or company: `intercom:<kind>:<id>`.
 *
 * @example
 * ```ts
 * import { IntercomMapping } from "@cxkit/connector-intercom"
 *
 * console.log(IntercomMapping.customerIdOf("contact", "6657c0de0000000000000001")) // "intercom:contact:6657c0de0000000000000001"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const customerIdOf = (kind: "contact" | "company", id: string): Customer.CustomerId =>
  Customer.CustomerId.make(`intercom:${kind}:${id}`)

const fromSeconds = (seconds: number) => Timestamp.fromMillis(seconds * 1000)

const present = (value: string | null | undefined): string | undefined =>
  value === null || value === undefined || value.trim() === "" ? undefined : value

/**
 * Maps a contact to a `Customer`: a `crm-id` identity (`contact:<id>`), the `external_id` your
 * systems gave it (`crm-id` `external:<id>`), `email` and `phone` identities (normalised; invalid
 * ones listed in `rejected`), the name, and as attributes its `role` and first company. A lead
 * (`role: "lead"`, an anonymous or not-yet-signed-up visitor; "user or lead",
 * https://developers.intercom.com/docs/references/2.11/rest-api/api.intercom.io/contacts/contact)
 * gets lifecycle stage `lead`; a user's stage is not known from Intercom and stays unset.
 *
 * @example
 * ```ts
 * import { IntercomMapping } from "@cxkit/connector-intercom"
 *
 * const { customer } = IntercomMapping.contactToCustomer({
 *   type: "contact", id: "c1", role: "lead", email: "Ada@Example.com", name: "Ada", created_at: 1717000000, updated_at: 1717000000
 * })
 * console.log(customer.id, customer.lifecycleStage, customer.identities.map((i) => `${i.kind}:${i.value}`))
 * // "intercom:contact:c1" "lead" [ "crm-id:contact:c1", "email:ada@example.com" ]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const contactToCustomer = (
  contact: Contact
): { readonly customer: Customer.Customer; readonly rejected: ReadonlyArray<Rejected> } => {
  const identities = [Identity.make({ source: "intercom", kind: "crm-id", value: `contact:${contact.id}` })]
  const rejected: Array<Rejected> = []
  const external = present(contact.external_id)
  if (external !== undefined) {
    identities.push(Identity.make({ source: "intercom", kind: "crm-id", value: `external:${external}` }))
  }
  for (const [kind, field, value] of [
    ["email", "email", present(contact.email)],
    ["phone", "phone", present(contact.formatted_phone) ?? present(contact.phone)]
  ] as const) {
    if (value === undefined) continue
    const normalized = Identity.normalize(kind, value)
    if (normalized._tag === "Invalid") rejected.push({ field, value, rule: normalized.rule })
    else identities.push(Identity.make({ source: "intercom", kind, value: normalized.value }))
  }
  const company = contact.companies?.data?.[0]
  const country = present(contact.location?.country)
  const name = present(contact.name)
  return {
    customer: new Customer.Customer({
      id: customerIdOf("contact", contact.id),
      identities,
      ...(name !== undefined ? { name } : {}),
      ...(contact.role === "lead" ? { lifecycleStage: "lead" as const } : {}),
      attributes: {
        role: contact.role,
        ...(company !== undefined ? { companyId: customerIdOf("company", company.id) } : {}),
        ...(country !== undefined ? { country } : {})
      }
    }),
    rejected
  }
}

/**
 * Maps a company to a `Customer` (cxkit's model has no separate account entity; a company is a
 * customer its contacts point to with their `companyId` attribute): a `crm-id` identity
 * (`company:<company_id>`, the id your systems gave it), the name, and plan, monthly spend, user
 * count, industry, size and website as attributes.
 *
 * @example
 * ```ts
 * import { IntercomMapping } from "@cxkit/connector-intercom"
 *
 * const customer = IntercomMapping.companyToCustomer({
 *   type: "company", id: "6657b0", company_id: "acme", name: "Acme", created_at: 1717000000, updated_at: 1717000000,
 *   plan: { type: "plan", id: "1", name: "Pro" }, monthly_spend: 1200
 * })
 * console.log(customer.id, customer.attributes) // "intercom:company:6657b0" { plan: "Pro", monthlySpend: 1200 }
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const companyToCustomer = (company: Company): Customer.Customer => {
  const own = present(company.company_id)
  const name = present(company.name)
  const attributes: Record<string, string | number> = {}
  const plan = present(company.plan?.name)
  if (plan !== undefined) attributes.plan = plan
  for (const [key, value] of [
    ["monthlySpend", company.monthly_spend],
    ["userCount", company.user_count],
    ["size", company.size]
  ] as const) {
    if (typeof value === "number" && Number.isFinite(value)) attributes[key] = value
  }
  for (const [key, value] of [
    ["industry", company.industry],
    ["website", company.website]
  ] as const) {
    const text = present(value)
    if (text !== undefined) attributes[key] = text
  }
  return new Customer.Customer({
    id: customerIdOf("company", company.id),
    identities:
      own === undefined
        ? []
        : [Identity.make({ source: "intercom", kind: "crm-id", value: `company:${own}` })],
    ...(name !== undefined ? { name } : {}),
    ...(Object.keys(attributes).length > 0 ? { attributes } : {})
  })
}

// The documented `source.type` values (https://developers.intercom.com/docs/references/2.11/rest-api/api.intercom.io/conversations/conversation_source)
const channels: Readonly<Record<string, string>> = {
  conversation: "chat",
  email: "email",
  facebook: "social",
  instagram: "social",
  twitter: "social",
  phone_call: "phone",
  phone_switch: "phone",
  push: "mobile-app",
  sms: "sms",
  whatsapp: "chat"
}

/**
 * The cxkit channel of a conversation's `source.type`: `conversation` (the Messenger) and
 * `whatsapp` → `chat`, `email`, `facebook` / `instagram` / `twitter` → `social`, `phone_call` /
 * `phone_switch` → `phone`, `push` → `mobile-app`, `sms`; `support` for unknown ones.
 *
 * @example
 * ```ts
 * import { IntercomMapping } from "@cxkit/connector-intercom"
 *
 * console.log(IntercomMapping.channelOf("conversation"), IntercomMapping.channelOf("phone_call"), IntercomMapping.channelOf("api")) // "chat" "phone" "support"
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const channelOf = (sourceType: string): string =>
  Object.hasOwn(channels, sourceType) ? (channels[sourceType] as string) : "support"

/**
 * The most parts `GET /conversations/{id}` returns: "The maximum number of conversation parts
 * that can be returned via the API is 500. If you have more than that we will return the 500 most
 * recent conversation parts"
 * (https://developers.intercom.com/docs/references/2.11/rest-api/api.intercom.io/conversations/retrieveconversation).
 *
 * @example
 * ```ts
 * import { IntercomMapping } from "@cxkit/connector-intercom"
 *
 * console.log(IntercomMapping.partsLimit) // 500
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const partsLimit = 500

const customerAuthors = new Set(["user", "lead", "contact"])

/**
 * Maps a conversation to its support touchpoints, journey `intercom:conversation:<id>`, for its
 * first contact: `conversation-opened` at creation (the subject as text), one per comment part
 * (`chat-message` from the customer, `ticket-reply` from a teammate or bot) and
 * `conversation-closed` at the last close once closed. When Intercom kept back older parts
 * (more than `partsLimit`), `rejected` says how many are missing; a conversation without a contact
 * maps to no touchpoint and says so.
 *
 * @example
 * ```ts
 * import { IntercomMapping } from "@cxkit/connector-intercom"
 *
 * const { touchpoints } = IntercomMapping.conversationToTouchpoints({
 *   type: "conversation", id: "101", created_at: 1717200000, updated_at: 1717201800, open: false, state: "closed",
 *   source: { type: "email", subject: "Refund" }, contacts: { contacts: [{ type: "contact", id: "c1" }] },
 *   conversation_parts: { conversation_parts: [{ type: "conversation_part", id: "1", part_type: "comment", created_at: 1717200300, author: { type: "admin", id: "7" } }], total_count: 1 }
 * })
 * console.log(touchpoints.map((t) => `${t.kind}@${t.channel}`)) // [ "conversation-opened@email", "ticket-reply@email", "conversation-closed@email" ]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const conversationToTouchpoints = (
  conversation: Conversation
): {
  readonly touchpoints: ReadonlyArray<Touchpoint.Touchpoint>
  readonly rejected: ReadonlyArray<Rejected>
} => {
  const rejected: Array<Rejected> = []
  const parts = conversation.conversation_parts?.conversation_parts ?? []
  const counted = (conversation.statistics as { count_conversation_parts?: unknown } | null | undefined)
    ?.count_conversation_parts
  const total = Math.max(
    conversation.conversation_parts?.total_count ?? 0,
    typeof counted === "number" ? counted : 0
  )
  if (total > parts.length) {
    rejected.push({
      field: `conversations/${conversation.id}.conversation_parts`,
      value: { returned: parts.length, total },
      rule: `Intercom returns at most the ${partsLimit} most recent parts of a conversation; the ${total - parts.length} older ones are not available through the API`
    })
  }
  const contact = conversation.contacts.contacts.find((c) => c.id !== null)?.id ?? undefined
  if (contact === undefined || contact === null) {
    rejected.push({
      field: `conversations/${conversation.id}.contacts`,
      value: conversation.contacts.contacts,
      rule: "a conversation needs a contact to belong to a customer"
    })
    return { touchpoints: [], rejected }
  }
  const channel = channelOf(conversation.source.type)
  const journeyId = `intercom:conversation:${conversation.id}`
  const common = {
    customerId: customerIdOf("contact", contact),
    channel,
    source: "intercom",
    stage: "support" as const,
    journeyId
  }
  const subject = present(conversation.source.subject)
  const touchpoints = [
    new Touchpoint.Touchpoint({
      ...common,
      id: Touchpoint.TouchpointId.make(`${journeyId}:opened`),
      timestamp: fromSeconds(conversation.created_at),
      kind: "conversation-opened",
      ...(subject !== undefined ? { text: subject } : {}),
      attributes: {
        conversationId: conversation.id,
        state: conversation.state,
        sourceType: conversation.source.type,
        parts: parts.length,
        partsTotal: total
      }
    })
  ]
  for (const part of parts) {
    if (part.part_type !== "comment") continue
    const fromCustomer = customerAuthors.has(part.author.type)
    touchpoints.push(
      new Touchpoint.Touchpoint({
        ...common,
        id: Touchpoint.TouchpointId.make(`${journeyId}:part:${part.id}`),
        timestamp: fromSeconds(part.created_at),
        kind: fromCustomer ? "chat-message" : "ticket-reply",
        attributes: { author: part.author.type }
      })
    )
  }
  if (conversation.state === "closed") {
    const closedAt = (conversation.statistics as { last_close_at?: unknown } | null | undefined)
      ?.last_close_at
    touchpoints.push(
      new Touchpoint.Touchpoint({
        ...common,
        id: Touchpoint.TouchpointId.make(`${journeyId}:closed`),
        timestamp: fromSeconds(typeof closedAt === "number" ? closedAt : conversation.updated_at),
        kind: "conversation-closed"
      })
    )
  }
  return { touchpoints, rejected }
}

/**
 * The CSAT question of Intercom conversation ratings: 1 to 5 ("The rating, between 1 and 5, for
 * the conversation",
 * https://developers.intercom.com/docs/references/2.11/rest-api/api.intercom.io/conversations/conversation_rating),
 * satisfied from 4 (core's default for a five-point scale).
 *
 * @example
 * ```ts
 * import { IntercomMapping } from "@cxkit/connector-intercom"
 *
 * console.log(IntercomMapping.csatQuestion) // { metric: "csat", min: 1, max: 5 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const csatQuestion: Feedback.Question = { metric: "csat", min: 1, max: 5 }

/**
 * A rating the mapping refuses, naming the conversation, the field, the value and the rule it
 * broke (an out-of-scale rating is never clamped).
 *
 * @example
 * ```ts
 * import { IntercomMapping } from "@cxkit/connector-intercom"
 *
 * const error = new IntercomMapping.RatingError({ conversationId: "101", field: "conversation_rating.rating", value: 7, rule: "an integer from 1 to 5" })
 * console.log(error.message) // "conversation 101: conversation_rating.rating 7 is not an integer from 1 to 5"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class RatingError extends Schema.TaggedError<RatingError>()("IntercomRatingError", {
  conversationId: Schema.String,
  field: Schema.String,
  value: Schema.Unknown,
  rule: Schema.String
}) {
  override get message(): string {
    return `conversation ${this.conversationId}: ${this.field} ${JSON.stringify(this.value)} is not ${this.rule}`
  }
}

/**
 * What a conversation's rating maps to: CSAT `Feedback`, `NotRated` when the customer gave none,
 * or `Invalid` with the `RatingError`.
 *
 * @example
 * ```ts
 * import type { IntercomMapping } from "@cxkit/connector-intercom"
 *
 * const none: IntercomMapping.RatingMapping = { _tag: "NotRated", conversationId: "103" }
 * console.log(none._tag) // "NotRated"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type RatingMapping =
  | { readonly _tag: "Rated"; readonly feedback: Feedback.Feedback }
  | { readonly _tag: "NotRated"; readonly conversationId: string }
  | { readonly _tag: "Invalid"; readonly error: RatingError }

const scaleRule = "an integer rating from 1 to 5 (Intercom's conversation rating scale)"

/**
 * Maps a conversation's `conversation_rating` to CSAT `Feedback` on `csatQuestion`: the rating as
 * the score, its remark (when not empty) as the comment, at the time the rating was asked for,
 * from the contact who rated (else the conversation's first contact), on the conversation's
 * channel, linked to its `conversation-opened` touchpoint. No rating maps to `NotRated`; a rating
 * outside 1–5 or not an integer to `Invalid`, never clamped.
 *
 * @example
 * ```ts
 * import { IntercomMapping } from "@cxkit/connector-intercom"
 *
 * const conversation = {
 *   type: "conversation", id: "101", created_at: 1717200000, updated_at: 1717201800, open: false, state: "closed",
 *   source: { type: "conversation" }, contacts: { contacts: [{ type: "contact", id: "c1" }] },
 *   conversation_rating: { rating: 2, remark: "Slow answer", created_at: 1717201700, contact: { type: "contact", id: "c1" } }
 * } as const
 * const mapped = IntercomMapping.ratingToFeedback(conversation)
 * if (mapped._tag === "Rated") console.log(mapped.feedback.score, mapped.feedback.comment, mapped.feedback.channel) // 2 "Slow answer" "chat"
 * const odd = IntercomMapping.ratingToFeedback({ ...conversation, conversation_rating: { rating: 6 } })
 * if (odd._tag === "Invalid") console.log(odd.error.message)
 * // "conversation 101: conversation_rating.rating 6 is not an integer rating from 1 to 5 (Intercom's conversation rating scale)"
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const ratingToFeedback = (conversation: Conversation): RatingMapping => {
  const rating = conversation.conversation_rating
  if (rating === null || rating === undefined || rating.rating === null) {
    return { _tag: "NotRated", conversationId: conversation.id }
  }
  const score = rating.rating
  if (!Number.isInteger(score) || score < 1 || score > 5) {
    return {
      _tag: "Invalid",
      error: new RatingError({
        conversationId: conversation.id,
        field: "conversation_rating.rating",
        value: score,
        rule: scaleRule
      })
    }
  }
  const contact = present(rating.contact?.id) ?? conversation.contacts.contacts.find((c) => c.id !== null)?.id
  if (contact === undefined || contact === null) {
    return {
      _tag: "Invalid",
      error: new RatingError({
        conversationId: conversation.id,
        field: "conversation_rating.contact",
        value: rating.contact ?? null,
        rule: "a rating by a known contact"
      })
    }
  }
  const remark = present(rating.remark)
  return {
    _tag: "Rated",
    feedback: new Feedback.Feedback({
      id: `intercom:conversation:${conversation.id}:rating`,
      customerId: customerIdOf("contact", contact),
      timestamp: fromSeconds(rating.created_at ?? conversation.updated_at),
      question: csatQuestion,
      score,
      channel: channelOf(conversation.source.type),
      source: "intercom",
      touchpointId: `intercom:conversation:${conversation.id}:opened`,
      ...(remark !== undefined ? { comment: remark } : {})
    })
  }
}

/**
 * Maps a ticket to its support touchpoints, journey `intercom:ticket:<id>`, for its first
 * contact: `ticket-opened` at creation (the title as text) and, once `ticket_state` is
 * `resolved`, `ticket-solved` at its last update; channel `support`.
 *
 * @example
 * ```ts
 * import { IntercomMapping } from "@cxkit/connector-intercom"
 *
 * const touchpoints = IntercomMapping.ticketToTouchpoints({
 *   type: "ticket", id: "494", ticket_id: "53", category: "Customer", ticket_state: "resolved",
 *   ticket_attributes: { _default_title_: "Refund request" }, contacts: { contacts: [{ type: "contact", id: "c1" }] },
 *   created_at: 1717372800, updated_at: 1717374300
 * })
 * console.log(touchpoints.map((t) => t.kind), touchpoints[0]?.text) // [ "ticket-opened", "ticket-solved" ] "Refund request"
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const ticketToTouchpoints = (ticket: Ticket): ReadonlyArray<Touchpoint.Touchpoint> => {
  const contact = ticket.contacts.contacts.find((c) => c.id !== null)?.id
  if (contact === undefined || contact === null) return []
  const journeyId = `intercom:ticket:${ticket.id}`
  const title = ticket.ticket_attributes._default_title_
  const common = {
    customerId: customerIdOf("contact", contact),
    channel: "support",
    source: "intercom",
    stage: "support" as const,
    journeyId,
    attributes: { ticketId: ticket.ticket_id, state: ticket.ticket_state, category: ticket.category }
  }
  const opened = new Touchpoint.Touchpoint({
    ...common,
    id: Touchpoint.TouchpointId.make(`${journeyId}:opened`),
    timestamp: fromSeconds(ticket.created_at),
    kind: "ticket-opened",
    ...(typeof title === "string" && title.trim() !== "" ? { text: title } : {})
  })
  if (ticket.ticket_state !== "resolved") return [opened]
  return [
    opened,
    new Touchpoint.Touchpoint({
      ...common,
      id: Touchpoint.TouchpointId.make(`${journeyId}:solved`),
      timestamp: fromSeconds(ticket.updated_at),
      kind: "ticket-solved"
    })
  ]
}

/**
 * The one mapping step of the Intercom plugin, for `Sync.run(…, { destination, mapping })`:
 * contacts and companies become customers (and their rejected values), conversations their
 * support touchpoints and CSAT feedback (an out-of-scale rating and missing parts as rejected
 * values), tickets their support touchpoints.
 *
 * @example
 * ```ts
 * import { IntercomMapping } from "@cxkit/connector-intercom"
 *
 * const entities = IntercomMapping.toCore({
 *   _tag: "Record", stream: "conversations", key: "101", unknownFields: undefined,
 *   record: {
 *     type: "conversation", id: "101", created_at: 1717200000, updated_at: 1717201800, open: true, state: "open",
 *     source: { type: "conversation" }, contacts: { contacts: [{ type: "contact", id: "c1" }] },
 *     conversation_rating: { rating: 5, remark: "Great" }
 *   }
 * })
 * console.log(entities.map((e) => e._tag)) // [ 'Touchpoint', 'Feedback' ]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const toCore = (
  event: Sync.RecordEventOf<typeof IntercomConnector.connector>
): ReadonlyArray<Entity.Entity> => {
  switch (event.stream) {
    case "contacts": {
      const contact = event.record as Contact
      const mapped = contactToCustomer(contact)
      return [
        Entity.customer(mapped.customer),
        ...mapped.rejected.map((r) => Entity.rejected({ ...r, field: `contacts/${contact.id}.${r.field}` }))
      ]
    }
    case "companies":
      return [Entity.customer(companyToCustomer(event.record as Company))]
    case "conversations": {
      const conversation = event.record as Conversation
      const mapped = conversationToTouchpoints(conversation)
      const rating = ratingToFeedback(conversation)
      return [
        ...mapped.touchpoints.map(Entity.touchpoint),
        ...(rating._tag === "Rated" ? [Entity.feedback(rating.feedback)] : []),
        ...(rating._tag === "Invalid"
          ? [
              Entity.rejected({
                field: `conversations/${conversation.id}.${rating.error.field}`,
                value: rating.error.value,
                rule: rating.error.rule
              })
            ]
          : []),
        ...mapped.rejected.map(Entity.rejected)
      ]
    }
    case "tickets":
      return ticketToTouchpoints(event.record as Ticket).map(Entity.touchpoint)
    default:
      return []
  }
}
