/**
 * Pure mapping from Zendesk records to cxkit core models: tickets and their lifecycle events to
 * support `Touchpoint`s on the channel they came in by (`via.channel`), users to `Customer`s
 * with their identities, legacy satisfaction ratings to CSAT `Feedback` on a binary scale, and
 * CSAT survey responses to CSAT `Feedback` on the scale their survey declares.
 *
 * @since 0.1.0
 */
import type { Sync } from "@cxkit/connectors"
import { Customer, Entity, Feedback, Identity, Timestamp, Touchpoint } from "@cxkit/core"
import type * as ZendeskConnector from "./ZendeskConnector.ts"
import type { CsatQuestion, CsatResponse, SatisfactionRating, Ticket, User } from "./ZendeskConnector.ts"

/**
 * A value the mapping could not use, with the rule it broke (never dropped silently).
 *
 * @example
 * ```ts
 * import type { ZendeskMapping } from "@cxkit/connector-zendesk"
 *
 * const rejected: ZendeskMapping.Rejected = { field: "email", value: "not an email", rule: "an email address" }
 * console.log(rejected.field) // "email"
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
 * The customer id of a Zendesk user: `zendesk:user:<id>`.
 *
 * @example
 * ```ts
 * import { ZendeskMapping } from "@cxkit/connector-zendesk"
 *
 * console.log(ZendeskMapping.customerIdOf(20978392)) // "zendesk:user:20978392"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const customerIdOf = (userId: number): Customer.CustomerId =>
  Customer.CustomerId.make(`zendesk:user:${userId}`)

/**
 * Maps a user to a `Customer`: a `crm-id` identity, `email` and `phone` identities (normalised;
 * invalid ones listed in `rejected`), the name, and role and organization as attributes.
 *
 * @example
 * ```ts
 * import { ZendeskMapping } from "@cxkit/connector-zendesk"
 *
 * const { customer } = ZendeskMapping.userToCustomer({
 *   id: 20978392, name: "Ada Lovelace", email: "Ada@Example.com", phone: null, role: "end-user",
 *   organization_id: 361898904439, active: true, created_at: "2024-01-01T09:00:00Z", updated_at: "2024-01-02T09:00:00Z"
 * })
 * console.log(customer.identities.map((i) => `${i.kind}:${i.value}`)) // [ "crm-id:user:20978392", "email:ada@example.com" ]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const userToCustomer = (
  user: User
): { readonly customer: Customer.Customer; readonly rejected: ReadonlyArray<Rejected> } => {
  const identities = [Identity.make({ source: "zendesk", kind: "crm-id", value: `user:${user.id}` })]
  const rejected: Array<Rejected> = []
  for (const [kind, value] of [
    ["email", user.email],
    ["phone", user.phone]
  ] as const) {
    if (value === null || value.trim() === "") continue
    const normalized = Identity.normalize(kind, value)
    if (normalized._tag === "Invalid") rejected.push({ field: kind, value, rule: normalized.rule })
    else identities.push(Identity.make({ source: "zendesk", kind, value: normalized.value }))
  }
  return {
    customer: new Customer.Customer({
      id: customerIdOf(user.id),
      identities,
      name: user.name,
      attributes: {
        role: user.role,
        ...(user.organization_id !== null ? { organizationId: user.organization_id } : {})
      }
    }),
    rejected
  }
}

const channels: Readonly<Record<string, string>> = {
  email: "email",
  web: "web",
  web_form: "web",
  web_widget: "chat",
  chat: "chat",
  native_messaging: "chat",
  voice: "phone",
  sms: "sms",
  mobile: "mobile-app",
  mobile_sdk: "mobile-app",
  twitter: "social",
  facebook: "social",
  instagram_dm: "social",
  whatsapp: "chat",
  api: "support",
  help_center: "web"
}

/**
 * The cxkit channel of a Zendesk `via.channel` (`email`, `web`, `chat`, `native_messaging`,
 * `voice`, `mobile`, `twitter`, …); `support` for channels without a customer-facing medium
 * (`api`, rules, merges) and unknown ones.
 *
 * @example
 * ```ts
 * import { ZendeskMapping } from "@cxkit/connector-zendesk"
 *
 * console.log(ZendeskMapping.channelOf("voice"), ZendeskMapping.channelOf("native_messaging"), ZendeskMapping.channelOf("rule")) // "phone" "chat" "support"
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const channelOf = (viaChannel: string): string => channels[viaChannel] ?? "support"

const solved = new Set(["solved", "closed"])

/**
 * Maps a ticket to its support touchpoints: `ticket-opened` at creation and, once it is solved
 * or closed, `ticket-solved` at its last update; on the ticket's channel, journey stage
 * `support`, for the requester. A deleted ticket or one without requester maps to none.
 *
 * @example
 * ```ts
 * import { ZendeskMapping } from "@cxkit/connector-zendesk"
 *
 * const touchpoints = ZendeskMapping.ticketToTouchpoints({
 *   id: 35436, subject: "Printer on fire", status: "solved", priority: "high", type: "incident",
 *   requester_id: 20978392, organization_id: null, via: { channel: "email" }, tags: [],
 *   created_at: "2024-03-01T09:00:00Z", updated_at: "2024-03-01T12:00:00Z", generated_timestamp: 1709294400
 * })
 * console.log(touchpoints.map((t) => `${t.kind}@${t.channel}`)) // [ "ticket-opened@email", "ticket-solved@email" ]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const ticketToTouchpoints = (ticket: Ticket): ReadonlyArray<Touchpoint.Touchpoint> => {
  if (ticket.status === "deleted" || ticket.requester_id === null) return []
  const common = {
    customerId: customerIdOf(ticket.requester_id),
    channel: channelOf(ticket.via.channel),
    source: "zendesk",
    stage: "support" as const,
    journeyId: `zendesk:ticket:${ticket.id}`,
    attributes: {
      ticketId: ticket.id,
      status: ticket.status,
      priority: ticket.priority,
      type: ticket.type,
      via: ticket.via.channel
    }
  }
  const opened = new Touchpoint.Touchpoint({
    ...common,
    id: Touchpoint.TouchpointId.make(`zendesk:ticket:${ticket.id}:opened`),
    timestamp: Timestamp.parse(ticket.created_at),
    kind: "ticket-opened",
    ...(ticket.subject !== null ? { text: ticket.subject } : {})
  })
  if (!solved.has(ticket.status)) return [opened]
  return [
    opened,
    new Touchpoint.Touchpoint({
      ...common,
      id: Touchpoint.TouchpointId.make(`zendesk:ticket:${ticket.id}:solved`),
      timestamp: Timestamp.parse(ticket.updated_at),
      kind: "ticket-solved"
    })
  ]
}

/**
 * The CSAT question of Zendesk satisfaction ratings: a binary scale, good = 1, bad = 0.
 *
 * @example
 * ```ts
 * import { ZendeskMapping } from "@cxkit/connector-zendesk"
 *
 * console.log(ZendeskMapping.csatQuestion) // { metric: "csat", min: 0, max: 1 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const csatQuestion: Feedback.Question = { metric: "csat", min: 0, max: 1 }

/**
 * What a satisfaction rating maps to: CSAT `Feedback` (with the reason the customer picked)
 * when it was answered, otherwise why not (`offered`: asked, no answer yet; `unoffered`).
 *
 * @example
 * ```ts
 * import type { ZendeskMapping } from "@cxkit/connector-zendesk"
 *
 * const pending: ZendeskMapping.RatingMapping = { _tag: "NotRated", ratingId: 1, score: "offered" }
 * console.log(pending._tag) // "NotRated"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type RatingMapping =
  | { readonly _tag: "Rated"; readonly feedback: Feedback.Feedback; readonly reason: string | undefined }
  | { readonly _tag: "NotRated"; readonly ratingId: number; readonly score: string }

/**
 * Maps a satisfaction rating to CSAT `Feedback`: score `good` → 1, `bad` → 0 on
 * `csatQuestion`, the comment, channel `support`, linked to the ticket's opening touchpoint;
 * the reason (unless "No reason provided") comes alongside. Unanswered ratings map to
 * `NotRated`; a rating without requester too.
 *
 * @example
 * ```ts
 * import { ZendeskMapping } from "@cxkit/connector-zendesk"
 *
 * const mapped = ZendeskMapping.ratingToFeedback({
 *   id: 35122, ticket_id: 35437, requester_id: 20978393, assignee_id: 7, score: "bad", comment: "Took three days",
 *   reason: "The issue took too long to resolve", reason_id: 1001,
 *   created_at: "2024-03-01T20:00:00Z", updated_at: "2024-03-01T20:00:00Z"
 * })
 * if (mapped._tag === "Rated") console.log(mapped.feedback.score, mapped.feedback.comment, mapped.reason)
 * // 0 "Took three days" "The issue took too long to resolve"
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const ratingToFeedback = (rating: SatisfactionRating): RatingMapping => {
  if ((rating.score !== "good" && rating.score !== "bad") || rating.requester_id === null) {
    return { _tag: "NotRated", ratingId: rating.id, score: rating.score }
  }
  const comment = rating.comment ?? undefined
  const reason = rating.reason ?? undefined
  return {
    _tag: "Rated",
    feedback: new Feedback.Feedback({
      id: `zendesk:satisfaction_rating:${rating.id}`,
      customerId: customerIdOf(rating.requester_id),
      timestamp: Timestamp.parse(rating.created_at),
      question: csatQuestion,
      score: rating.score === "good" ? 1 : 0,
      channel: "support",
      source: "zendesk",
      ...(comment !== undefined && comment !== "" ? { comment } : {}),
      ...(rating.ticket_id !== null ? { touchpointId: `zendesk:ticket:${rating.ticket_id}:opened` } : {})
    }),
    reason: reason === undefined || reason === "No reason provided" ? undefined : reason
  }
}

/**
 * What a CSAT survey response maps to: `Rated` with CSAT `Feedback` on the scale its survey
 * question declares (and the reasons picked in closed-ended answers), `NotRated` when the
 * rating question was skipped or not answered, or `Rejected` when the rating cannot be read on
 * the declared scale (no survey definition, no such question, a rating outside its options).
 *
 * @example
 * ```ts
 * import type { ZendeskMapping } from "@cxkit/connector-zendesk"
 *
 * const skipped: ZendeskMapping.CsatMapping = { _tag: "NotRated", responseId: "01J1WB51MG6HXTYWE6Q0C93RNW" }
 * console.log(skipped._tag) // "NotRated"
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export type CsatMapping =
  | { readonly _tag: "Rated"; readonly feedback: Feedback.Feedback; readonly reasons: ReadonlyArray<string> }
  | { readonly _tag: "NotRated"; readonly responseId: string }
  | { readonly _tag: "Rejected"; readonly rejected: Rejected }

const isRatingScale = (question: CsatQuestion): boolean => question.type.startsWith("rating_scale_")

/**
 * The CSAT question of a survey's rating-scale question: `min` and `max` are the lowest and the
 * highest `rating` of its options (a 2-point scale is 1–2, a 5-point or emoji scale 1–5), as the
 * survey definition declares them; `undefined` when it declares fewer than two ratings. See
 * https://developer.zendesk.com/api-reference/ticketing/ticket-management/csat_surveys
 * (rating scale question object, `options[].rating`).
 *
 * @example
 * ```ts
 * import { ZendeskMapping } from "@cxkit/connector-zendesk"
 *
 * const question = { id: "q1", type: "rating_scale_emoji", sub_type: "customer_satisfaction", options: [1, 2, 3, 4, 5].map((rating) => ({ rating, label: { type: "static", value: String(rating) } })) }
 * console.log(ZendeskMapping.csatScaleOf(question)) // { metric: "csat", min: 1, max: 5 }
 * ```
 *
 * @since 0.2.0
 * @category combinators
 */
export const csatScaleOf = (question: CsatQuestion): Feedback.Question | undefined => {
  const ratings = (question.options ?? []).flatMap((o) => (o.rating !== undefined ? [o.rating] : []))
  if (new Set(ratings).size < 2) return undefined
  return { metric: "csat", min: Math.min(...ratings), max: Math.max(...ratings) }
}

const textOf = (content: { readonly value: string } | string | null | undefined): string | undefined =>
  content === null || content === undefined
    ? undefined
    : typeof content === "string"
      ? content
      : content.value

/**
 * Maps a CSAT survey response to CSAT `Feedback`. The rating is the `rating_scale` answer to the
 * survey's `customer_satisfaction` question (else its first rating-scale question), read on the
 * scale the survey definition of the response's version declares (`csatScaleOf`): never guessed,
 * so a response without definition, or whose question the definition lacks, or whose rating is
 * not one of the question's options, is `Rejected` naming field, value and rule. The first
 * non-empty open-ended answer is the comment; the labels of the closed-ended selections come
 * alongside as `reasons`; skipped answers give nothing, and a skipped rating gives `NotRated`.
 * Customer `zendesk:user:<responder_id>`, timestamp the rating answer's `updated_at` (a responder
 * may change it until `expires_at`), linked to the opening touchpoint of the ticket it is about.
 * Shapes: https://developer.zendesk.com/api-reference/ticketing/ticket-management/csat_survey_responses
 *
 * @example
 * ```ts
 * import { ZendeskMapping } from "@cxkit/connector-zendesk"
 *
 * const label = (value: string) => ({ type: "static", value })
 * const question = { id: "q1", type: "rating_scale_numeric", sub_type: "customer_satisfaction" }
 * const at = "2025-04-01T10:00:00.000Z"
 * const mapped = ZendeskMapping.csatResponseToFeedback({
 *   id: "r1", responder_id: 20978392, expires_at: at, subject_zrns: ["zen:ticket:35436"],
 *   subjects: [{ id: "35436", type: "ticket", zrn: "zen:ticket:35436" }], survey: { id: "s1", version: 2, state: "enabled" },
 *   answers: [
 *     { type: "rating_scale", rating: 4, rating_category: "good", question, created_at: at, updated_at: at },
 *     { type: "open_ended", value: "Quick", question: { id: "q2", type: "open_ended" }, created_at: at, updated_at: at }
 *   ],
 *   survey_definition: {
 *     id: "s1", version: 2, state: "enabled", created_at: at, updated_at: at,
 *     questions: [{ ...question, options: [1, 2, 3, 4, 5].map((rating) => ({ rating, label: label(String(rating)) })) }]
 *   }
 * })
 * if (mapped._tag === "Rated") console.log(mapped.feedback.question, mapped.feedback.score, mapped.feedback.comment)
 * // { metric: "csat", min: 1, max: 5 } 4 "Quick"
 * ```
 *
 * @since 0.2.0
 * @category combinators
 */
export const csatResponseToFeedback = (response: CsatResponse): CsatMapping => {
  const field = `csat_responses/${response.id}`
  const ratings = response.answers.flatMap((answer, index) =>
    isRatingScale(answer.question) || answer.type === "rating_scale" ? [{ answer, index }] : []
  )
  const chosen = ratings.find((r) => r.answer.question.sub_type === "customer_satisfaction") ?? ratings.at(0)
  if (chosen === undefined || chosen.answer.type !== "rating_scale" || chosen.answer.rating === undefined) {
    return { _tag: "NotRated", responseId: response.id }
  }
  const { answer, index } = chosen
  const rating = answer.rating as number
  const reject = (at: string, value: unknown, rule: string): CsatMapping => ({
    _tag: "Rejected",
    rejected: { field: `${field}.${at}`, value: String(value), rule }
  })
  const definition = response.survey_definition
  const version = `survey ${response.survey.id} version ${response.survey.version}`
  if (definition === undefined || definition === null) {
    return reject(
      "survey",
      `${response.survey.id}/${response.survey.version}`,
      `a survey definition Zendesk has (${version} was not found)`
    )
  }
  const question = definition.questions.find((q) => q.id === answer.question.id)
  if (question === undefined || !isRatingScale(question)) {
    return reject(
      `answers[${index}].question.id`,
      answer.question.id,
      `a rating-scale question of ${version}`
    )
  }
  const scale = csatScaleOf(question)
  const declared = (question.options ?? []).flatMap((o) => (o.rating !== undefined ? [o.rating] : []))
  if (scale === undefined) {
    return reject(
      `answers[${index}].question.options`,
      declared.join(", "),
      `at least two ratings declared by question ${question.id} of ${version}`
    )
  }
  if (!declared.includes(rating)) {
    return reject(
      `answers[${index}].rating`,
      rating,
      `one of the ratings ${declared.join(", ")} declared by question ${question.id} of ${version}`
    )
  }
  const comment = response.answers
    .flatMap((a) =>
      a.type === "open_ended" && a.value !== undefined && a.value.trim() !== "" ? [a.value] : []
    )
    .at(0)
  const reasons = response.answers.flatMap((a) => {
    if (a.type !== "closed_ended") return []
    const options = definition.questions.find((q) => q.id === a.question.id)?.options ?? []
    return (a.selections ?? []).flatMap((s) => {
      const text = textOf(options.find((o) => o.id === s.option_id)?.label)
      return text !== undefined ? [text] : []
    })
  })
  const ticket = response.subjects.find((s) => s.type === "ticket")
  return {
    _tag: "Rated",
    feedback: new Feedback.Feedback({
      id: `zendesk:csat_response:${response.id}`,
      customerId: customerIdOf(response.responder_id),
      timestamp: Timestamp.parse(answer.updated_at),
      question: scale,
      score: rating,
      channel: "support",
      source: "zendesk",
      ...(comment !== undefined ? { comment } : {}),
      ...(ticket !== undefined ? { touchpointId: `zendesk:ticket:${ticket.id}:opened` } : {})
    }),
    reasons
  }
}

/**
 * The one mapping step of the Zendesk plugin, for `Sync.run(…, { destination, mapping })`:
 * users become customers (and their rejected values), tickets their support touchpoints,
 * answered satisfaction ratings and CSAT survey responses CSAT feedback (a survey response whose
 * rating is off its declared scale a rejected record). Unanswered ratings and organizations map to
 * nothing (an organization is not a customer; its users are).
 *
 * @example
 * ```ts
 * import { ZendeskMapping } from "@cxkit/connector-zendesk"
 *
 * const entities = ZendeskMapping.toCore({
 *   _tag: "Record", stream: "satisfaction_ratings", key: "35122", unknownFields: undefined,
 *   record: {
 *     id: 35122, ticket_id: 35437, requester_id: 20978393, assignee_id: 7, score: "good", comment: "Quick",
 *     reason: "No reason provided", reason_id: 0, created_at: "2024-03-01T20:00:00Z", updated_at: "2024-03-01T20:00:00Z"
 *   }
 * })
 * console.log(entities.map((e) => e._tag)) // [ 'Feedback' ]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const toCore = (
  event: Sync.RecordEventOf<typeof ZendeskConnector.connectorWithCsat>
): ReadonlyArray<Entity.Entity> => {
  switch (event.stream) {
    case "users": {
      const user = event.record as User
      const mapped = userToCustomer(user)
      return [
        Entity.customer(mapped.customer),
        ...mapped.rejected.map((r) => Entity.rejected({ ...r, field: `users/${user.id}.${r.field}` }))
      ]
    }
    case "tickets":
      return ticketToTouchpoints(event.record as Ticket).map(Entity.touchpoint)
    case "satisfaction_ratings": {
      const mapped = ratingToFeedback(event.record as SatisfactionRating)
      return mapped._tag === "Rated" ? [Entity.feedback(mapped.feedback)] : []
    }
    case "csat_responses": {
      const mapped = csatResponseToFeedback(event.record as CsatResponse)
      return mapped._tag === "Rated"
        ? [Entity.feedback(mapped.feedback)]
        : mapped._tag === "Rejected"
          ? [Entity.rejected(mapped.rejected)]
          : []
    }
    default:
      return []
  }
}
