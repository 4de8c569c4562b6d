/**
 * The Intercom connector: contacts, companies, conversations (with their conversation parts) and
 * tickets through the REST API, version 2.11 (`Intercom-Version: 2.11`). Contacts, conversations
 * and tickets are read through the search endpoints sorted by `updated_at` ascending and paged
 * by keyset (each request restarts at the last delivered time, never at an offset); companies
 * through the scroll endpoint. Intercom's `X-RateLimit-*` headers are honoured before a 429 is
 * earned.
 *
 * API reference: https://developers.intercom.com/docs/references/2.11/rest-api/api.intercom.io
 *
 * @since 0.1.0
 */
import { Connector, ConnectorError, Http, Paginate, SourceStream } from "@cxkit/connectors"
import { Context, Duration, Effect, Layer, Option, Schema, Stream } from "effect"
import type { HttpClient } from "effect/http"

/**
 * The API version every request pins with the `Intercom-Version` header
 * (https://developers.intercom.com/docs/build-an-integration/learn-more/rest-apis/update-your-api-version).
 *
 * @example
 * ```ts
 * import { IntercomConnector } from "@cxkit/connector-intercom"
 *
 * console.log(IntercomConnector.apiVersion) // "2.11"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const apiVersion = "2.11"

/**
 * The regional API origins: a workspace hosted in the EU or Australia answers only on its own
 * region's host (https://developers.intercom.com/docs/build-an-integration/learn-more/rest-apis/regional-hosting).
 *
 * @example
 * ```ts
 * import { IntercomConnector } from "@cxkit/connector-intercom"
 *
 * console.log(IntercomConnector.regions.eu) // "https://api.eu.intercom.io"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const regions = {
  us: "https://api.intercom.io",
  eu: "https://api.eu.intercom.io",
  au: "https://api.au.intercom.io"
} as const

/**
 * The connector's configuration.
 *
 * - `accessToken`: the workspace's access token (secret), sent as `Authorization: Bearer`.
 * - `region`: `us` (default), `eu` or `au`, choosing the API host; `baseUrl` overrides it (a
 *   proxy, or the mock in tests).
 * - `perPage`: records per search or list request (1–150, Intercom's maximum; default 150).
 * - `requestsPerSecond`: client-side rate limit (default 15; Intercom allows a private app
 *   10,000 requests a minute, counted in 10-second windows, and tells the rest in its headers).
 * - `timeoutMillis`: per request (default 30,000).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { IntercomConnector } from "@cxkit/connector-intercom"
 *
 * const config = Schema.decodeUnknownSync(IntercomConnector.Config)({ accessToken: "dG9rOmFiYw==", region: "eu" })
 * console.log(IntercomConnector.baseUrlOf(config), String(config.accessToken)) // "https://api.eu.intercom.io" "<redacted>"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Config = Schema.Struct({
  accessToken: Schema.RedactedFromValue(Schema.String),
  region: Schema.optionalKey(Schema.Literals(["us", "eu", "au"])),
  baseUrl: Schema.optionalKey(Schema.String),
  perPage: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 150 }))),
  requestsPerSecond: Schema.optionalKey(Schema.Finite.check(Schema.isGreaterThan(0))),
  timeoutMillis: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)))
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type Config = typeof Config.Type

/**
 * The API origin of a config: `baseUrl`, else the host of its `region` (default `us`).
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { IntercomConnector } from "@cxkit/connector-intercom"
 *
 * console.log(IntercomConnector.baseUrlOf({ accessToken: Redacted.make("t") })) // "https://api.intercom.io"
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const baseUrlOf = (config: Config): string => config.baseUrl ?? regions[config.region ?? "us"]

const Timestamp = Schema.Number
const NullableString = Schema.NullOr(Schema.String)
const Loose = Schema.Record(Schema.String, Schema.Unknown)
const Reference = Schema.Struct({
  type: Schema.String,
  id: Schema.NullOr(Schema.String),
  external_id: Schema.optionalKey(NullableString)
})
const Id = Schema.Union([Schema.String, Schema.Number])

/**
 * A contact (`role` `user` or `lead`) as the contacts search returns it
 * (https://developers.intercom.com/docs/references/2.11/rest-api/api.intercom.io/contacts/contact).
 * Timestamps are Unix seconds; `updated_at` is the stream's cursor.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { IntercomConnector } from "@cxkit/connector-intercom"
 *
 * const contact = Schema.decodeUnknownSync(IntercomConnector.Contact)({
 *   type: "contact", id: "6657a1b2c3d4e5f600000001", role: "user", email: "ada@example.com",
 *   name: "Ada Lovelace", created_at: 1717000000, updated_at: 1717100000
 * })
 * console.log(contact.role) // "user"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Contact = Schema.Struct({
  type: Schema.Literal("contact"),
  id: Schema.String,
  workspace_id: Schema.optionalKey(Schema.String),
  external_id: Schema.optionalKey(NullableString),
  role: Schema.String,
  email: Schema.optionalKey(NullableString),
  email_domain: Schema.optionalKey(NullableString),
  phone: Schema.optionalKey(NullableString),
  formatted_phone: Schema.optionalKey(NullableString),
  name: Schema.optionalKey(NullableString),
  owner_id: Schema.optionalKey(Schema.NullOr(Schema.Number)),
  has_hard_bounced: Schema.optionalKey(Schema.Boolean),
  marked_email_as_spam: Schema.optionalKey(Schema.Boolean),
  unsubscribed_from_emails: Schema.optionalKey(Schema.Boolean),
  created_at: Timestamp,
  updated_at: Timestamp,
  signed_up_at: Schema.optionalKey(Schema.NullOr(Timestamp)),
  last_seen_at: Schema.optionalKey(Schema.NullOr(Timestamp)),
  last_replied_at: Schema.optionalKey(Schema.NullOr(Timestamp)),
  last_contacted_at: Schema.optionalKey(Schema.NullOr(Timestamp)),
  last_email_opened_at: Schema.optionalKey(Schema.NullOr(Timestamp)),
  last_email_clicked_at: Schema.optionalKey(Schema.NullOr(Timestamp)),
  language_override: Schema.optionalKey(NullableString),
  browser: Schema.optionalKey(NullableString),
  browser_version: Schema.optionalKey(NullableString),
  browser_language: Schema.optionalKey(NullableString),
  os: Schema.optionalKey(NullableString),
  custom_attributes: Schema.optionalKey(Loose),
  avatar: Schema.optionalKey(Schema.Unknown),
  tags: Schema.optionalKey(Loose),
  notes: Schema.optionalKey(Loose),
  companies: Schema.optionalKey(
    Schema.Struct({
      type: Schema.optionalKey(Schema.String),
      data: Schema.optionalKey(Schema.Array(Schema.Struct({ type: Schema.String, id: Schema.String }))),
      url: Schema.optionalKey(Schema.String),
      total_count: Schema.optionalKey(Schema.Number),
      has_more: Schema.optionalKey(Schema.Boolean)
    })
  ),
  location: Schema.optionalKey(
    Schema.Struct({
      type: Schema.optionalKey(Schema.String),
      country: Schema.optionalKey(NullableString),
      region: Schema.optionalKey(NullableString),
      city: Schema.optionalKey(NullableString)
    })
  ),
  social_profiles: Schema.optionalKey(Loose)
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type Contact = typeof Contact.Type

/**
 * A company as the scroll endpoint returns it
 * (https://developers.intercom.com/docs/references/2.11/rest-api/api.intercom.io/companies/company).
 * `company_id` is the id your own systems gave it; `id` is Intercom's.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { IntercomConnector } from "@cxkit/connector-intercom"
 *
 * const company = Schema.decodeUnknownSync(IntercomConnector.Company)({
 *   type: "company", id: "6657b0000000000000000001", company_id: "acme", name: "Acme",
 *   created_at: 1717000000, updated_at: 1717000000, monthly_spend: 1200, user_count: 3, plan: { type: "plan", id: "1", name: "Pro" }
 * })
 * console.log(company.name, company.plan?.name) // "Acme" "Pro"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Company = Schema.Struct({
  type: Schema.Literal("company"),
  id: Schema.String,
  company_id: Schema.optionalKey(NullableString),
  name: Schema.optionalKey(NullableString),
  app_id: Schema.optionalKey(Schema.String),
  plan: Schema.optionalKey(
    Schema.Struct({
      type: Schema.optionalKey(Schema.String),
      id: Schema.optionalKey(Schema.String),
      name: Schema.optionalKey(Schema.String)
    })
  ),
  remote_created_at: Schema.optionalKey(Schema.NullOr(Timestamp)),
  created_at: Timestamp,
  updated_at: Timestamp,
  last_request_at: Schema.optionalKey(Schema.NullOr(Timestamp)),
  size: Schema.optionalKey(Schema.NullOr(Schema.Number)),
  website: Schema.optionalKey(NullableString),
  industry: Schema.optionalKey(NullableString),
  monthly_spend: Schema.optionalKey(Schema.NullOr(Schema.Number)),
  session_count: Schema.optionalKey(Schema.NullOr(Schema.Number)),
  user_count: Schema.optionalKey(Schema.NullOr(Schema.Number)),
  custom_attributes: Schema.optionalKey(Loose),
  tags: Schema.optionalKey(Loose),
  segments: Schema.optionalKey(Loose)
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type Company = typeof Company.Type

/**
 * A conversation part: a message, note or action in a conversation
 * (https://developers.intercom.com/docs/references/2.11/rest-api/api.intercom.io/conversations/conversation_part).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { IntercomConnector } from "@cxkit/connector-intercom"
 *
 * const part = Schema.decodeUnknownSync(IntercomConnector.ConversationPart)({
 *   type: "conversation_part", id: "9001", part_type: "comment", body: "<p>Thanks!</p>",
 *   created_at: 1717000100, notified_at: 1717000100, author: { type: "user", id: "c1", name: "Ada", email: "ada@example.com" }, redacted: false
 * })
 * console.log(part.author.type) // "user"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConversationPart = Schema.Struct({
  type: Schema.Literal("conversation_part"),
  id: Schema.String,
  part_type: Schema.String,
  body: Schema.optionalKey(NullableString),
  created_at: Timestamp,
  updated_at: Schema.optionalKey(Timestamp),
  notified_at: Schema.optionalKey(Timestamp),
  assigned_to: Schema.optionalKey(Schema.NullOr(Schema.Unknown)),
  author: Schema.Struct({
    type: Schema.String,
    id: Schema.NullOr(Schema.String),
    name: Schema.optionalKey(NullableString),
    email: Schema.optionalKey(NullableString)
  }),
  attachments: Schema.optionalKey(Schema.Array(Schema.Unknown)),
  external_id: Schema.optionalKey(NullableString),
  redacted: Schema.optionalKey(Schema.Boolean)
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type ConversationPart = typeof ConversationPart.Type

/**
 * A conversation's rating: `rating` 1–5 as documented ("The rating, between 1 and 5, for the
 * conversation"), an optional `remark`, when it was requested, and the contact who rated
 * (https://developers.intercom.com/docs/references/2.11/rest-api/api.intercom.io/conversations/conversation_rating).
 * The Schema accepts any number so that an out-of-scale rating reaches the mapping, which reports
 * it instead of failing the stream.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { IntercomConnector } from "@cxkit/connector-intercom"
 *
 * const rating = Schema.decodeUnknownSync(IntercomConnector.ConversationRating)({
 *   rating: 4, remark: "Quick answer", created_at: 1717000500, contact: { type: "contact", id: "c1" }, teammate: { type: "admin", id: "7" }
 * })
 * console.log(rating.rating, rating.remark) // 4 "Quick answer"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConversationRating = Schema.Struct({
  rating: Schema.NullOr(Schema.Number),
  remark: Schema.optionalKey(NullableString),
  created_at: Schema.optionalKey(Schema.NullOr(Timestamp)),
  contact: Schema.optionalKey(Schema.NullOr(Reference)),
  teammate: Schema.optionalKey(Schema.NullOr(Reference))
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type ConversationRating = typeof ConversationRating.Type

/**
 * A conversation as `GET /conversations/{id}` returns it, its parts included
 * (https://developers.intercom.com/docs/references/2.11/rest-api/api.intercom.io/conversations/retrieveconversation).
 * At most the 500 most recent parts come back; `conversation_parts.total_count` and
 * `statistics.count_conversation_parts` say how many there are.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { IntercomConnector } from "@cxkit/connector-intercom"
 *
 * const conversation = Schema.decodeUnknownSync(IntercomConnector.Conversation)({
 *   type: "conversation", id: "101", created_at: 1717000000, updated_at: 1717000600, open: false, state: "closed", read: true,
 *   source: { type: "conversation", id: "s1", delivered_as: "customer_initiated", subject: "", body: "<p>Hi</p>", author: { type: "user", id: "c1" } },
 *   contacts: { type: "contact.list", contacts: [{ type: "contact", id: "c1" }] },
 *   conversation_parts: { type: "conversation_part.list", conversation_parts: [], total_count: 0 }
 * })
 * console.log(conversation.state) // "closed"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Conversation = Schema.Struct({
  type: Schema.Literal("conversation"),
  id: Schema.String,
  title: Schema.optionalKey(NullableString),
  created_at: Timestamp,
  updated_at: Timestamp,
  waiting_since: Schema.optionalKey(Schema.NullOr(Timestamp)),
  snoozed_until: Schema.optionalKey(Schema.NullOr(Timestamp)),
  open: Schema.Boolean,
  state: Schema.String,
  read: Schema.optionalKey(Schema.Boolean),
  priority: Schema.optionalKey(Schema.String),
  admin_assignee_id: Schema.optionalKey(Schema.NullOr(Id)),
  team_assignee_id: Schema.optionalKey(Schema.NullOr(Id)),
  tags: Schema.optionalKey(Loose),
  conversation_rating: Schema.optionalKey(Schema.NullOr(ConversationRating)),
  source: Schema.Struct({
    type: Schema.String,
    id: Schema.optionalKey(Schema.String),
    delivered_as: Schema.optionalKey(Schema.String),
    subject: Schema.optionalKey(NullableString),
    body: Schema.optionalKey(NullableString),
    author: Schema.optionalKey(Schema.Unknown),
    attachments: Schema.optionalKey(Schema.Array(Schema.Unknown)),
    url: Schema.optionalKey(NullableString),
    redacted: Schema.optionalKey(Schema.Boolean)
  }),
  contacts: Schema.Struct({
    type: Schema.optionalKey(Schema.String),
    contacts: Schema.Array(Reference)
  }),
  teammates: Schema.optionalKey(Schema.NullOr(Loose)),
  custom_attributes: Schema.optionalKey(Loose),
  first_contact_reply: Schema.optionalKey(Schema.NullOr(Loose)),
  sla_applied: Schema.optionalKey(Schema.NullOr(Loose)),
  statistics: Schema.optionalKey(Schema.NullOr(Loose)),
  conversation_parts: Schema.optionalKey(
    Schema.Struct({
      type: Schema.optionalKey(Schema.String),
      conversation_parts: Schema.Array(ConversationPart),
      total_count: Schema.Number
    })
  ),
  linked_objects: Schema.optionalKey(Loose),
  ai_agent_participated: Schema.optionalKey(Schema.Boolean),
  ai_agent: Schema.optionalKey(Schema.NullOr(Loose))
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type Conversation = typeof Conversation.Type

/**
 * A ticket as the tickets search returns it
 * (https://developers.intercom.com/docs/references/2.11/rest-api/api.intercom.io/tickets/ticket):
 * `ticket_state` is `submitted`, `in_progress`, `waiting_on_customer` or `resolved`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { IntercomConnector } from "@cxkit/connector-intercom"
 *
 * const ticket = Schema.decodeUnknownSync(IntercomConnector.Ticket)({
 *   type: "ticket", id: "494", ticket_id: "53", category: "Customer", ticket_state: "resolved",
 *   ticket_attributes: { _default_title_: "Refund", _default_description_: null },
 *   contacts: { type: "contact.list", contacts: [{ type: "contact", id: "c1" }] }, created_at: 1717000000, updated_at: 1717003600, open: false
 * })
 * console.log(ticket.ticket_state) // "resolved"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Ticket = Schema.Struct({
  type: Schema.Literal("ticket"),
  id: Schema.String,
  ticket_id: Schema.String,
  category: Schema.String,
  ticket_attributes: Loose,
  ticket_state: Schema.String,
  ticket_type: Schema.optionalKey(Schema.NullOr(Loose)),
  contacts: Schema.Struct({
    type: Schema.optionalKey(Schema.String),
    contacts: Schema.Array(Reference)
  }),
  admin_assignee_id: Schema.optionalKey(Schema.NullOr(Id)),
  team_assignee_id: Schema.optionalKey(Schema.NullOr(Id)),
  created_at: Timestamp,
  updated_at: Timestamp,
  open: Schema.optionalKey(Schema.Boolean),
  snoozed_until: Schema.optionalKey(Schema.NullOr(Timestamp)),
  linked_objects: Schema.optionalKey(Loose),
  ticket_parts: Schema.optionalKey(Loose),
  is_shared: Schema.optionalKey(Schema.Boolean),
  ticket_state_internal_label: Schema.optionalKey(Schema.String),
  ticket_state_external_label: Schema.optionalKey(Schema.String)
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type Ticket = typeof Ticket.Type

/**
 * The checkpoint of the `contacts` stream: a time inside the day being listed (contact search
 * compares timestamps by day, see `contacts`), and `unsettled` when that day still changed after
 * `maxDayPasses` passes (the next run then emits all of it again). The other streams keep no
 * checkpoint: the runner's high-water mark on `updated_at` is their state.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { IntercomConnector } from "@cxkit/connector-intercom"
 *
 * console.log(Schema.decodeUnknownSync(IntercomConnector.ContactsState)({ day: 1717000000 })) // { day: 1717000000 }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ContactsState = Schema.Struct({
  day: Schema.Number,
  unsettled: Schema.optionalKey(Schema.Boolean)
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type ContactsState = typeof ContactsState.Type

/**
 * The authenticated API client the streams use, built from the config by the connector's layer.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { IntercomConnector } from "@cxkit/connector-intercom"
 *
 * const perPage = Effect.map(IntercomConnector.IntercomApi, (api) => api.perPage)
 * console.log(Effect.isEffect(perPage)) // true
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export class IntercomApi extends Context.Service<
  IntercomApi,
  { readonly client: Http.Client; readonly perPage: number }
>()("@cxkit/connector-intercom/IntercomApi") {}

interface ErrorList {
  readonly type?: unknown
  readonly request_id?: unknown
  readonly errors?: ReadonlyArray<{ readonly code?: unknown; readonly message?: unknown }>
}

/**
 * The first `{ code, message }` of Intercom's error body
 * `{ type: "error.list", request_id, errors: [...] }`
 * (https://developers.intercom.com/docs/references/2.11/rest-api/errors/error-objects), or
 * `undefined` for another body.
 *
 * @example
 * ```ts
 * import { IntercomConnector } from "@cxkit/connector-intercom"
 *
 * console.log(IntercomConnector.errorOf({ type: "error.list", request_id: "r1", errors: [{ code: "unauthorized", message: "Access Token Invalid" }] }))
 * // { code: "unauthorized", message: "Access Token Invalid", requestId: "r1" }
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export const errorOf = (
  body: unknown
):
  | { readonly code: string; readonly message: string; readonly requestId: string | undefined }
  | undefined => {
  const list = body as ErrorList | null | undefined
  if (list === null || typeof list !== "object" || list.type !== "error.list") return undefined
  const first = Array.isArray(list.errors) ? list.errors[0] : undefined
  if (first === undefined) return undefined
  return {
    code: typeof first.code === "string" ? first.code : "unknown",
    message: typeof first.message === "string" ? first.message : "",
    requestId: typeof list.request_id === "string" ? list.request_id : undefined
  }
}

/**
 * Classifies Intercom's failed answers from their `error.list` body: 401 (`unauthorized`,
 * `token_revoked`, …) → `auth`; 429 `rate_limit_exceeded` → `rate-limited`, waiting until
 * `X-RateLimit-Reset` (a Unix time; the window is 10 seconds, so 10 seconds when the header is
 * missing) (https://developers.intercom.com/docs/references/2.11/rest-api/errors/rate-limiting);
 * other answers with an `error.list` keep the default reason with Intercom's code, message and
 * request id in the message. Answers without one get the toolkit's default classification.
 *
 * @example
 * ```ts
 * import { IntercomConnector } from "@cxkit/connector-intercom"
 *
 * const error = IntercomConnector.classify({
 *   method: "POST", path: "/contacts/search", status: 429,
 *   headers: { "x-ratelimit-limit": "167", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1717000010" },
 *   text: "", json: { type: "error.list", request_id: "r1", errors: [{ code: "rate_limit_exceeded", message: "Exceeded rate limit of 167 in 10_seconds" }] },
 *   retryAfterMs: 4000, now: 1717000006000
 * })
 * console.log(error?.reason, error?.retryAfterMs) // "rate-limited" 4000
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export const classify = (info: Http.ResponseInfo): ConnectorError.ConnectorError | undefined => {
  if (info.status >= 200 && info.status < 300) return undefined
  const error = errorOf(info.json)
  if (error === undefined) return undefined
  const request = error.requestId !== undefined ? ` (request ${error.requestId})` : ""
  const message = `${info.method} ${info.path} answered ${info.status} ${error.code}: ${error.message}${request}`
  const extra = {
    status: info.status,
    ...(info.retryAfterMs !== undefined ? { retryAfterMs: info.retryAfterMs } : {})
  }
  if (info.status === 401) return ConnectorError.make("auth", message, extra)
  if (info.status === 429) {
    // a wait beyond the retry ceiling is a spent quota; the kit's default says so for us
    if (info.retryAfterMs !== undefined && info.retryAfterMs > 600_000) return undefined
    return ConnectorError.make("rate-limited", message, {
      status: 429,
      retryAfterMs: info.retryAfterMs ?? 10_000
    })
  }
  const fallback = Http.classify(info, 600_000)
  return fallback === undefined ? undefined : ConnectorError.make(fallback.reason, message, extra)
}

const fail = (message: string) => Effect.fail(ConnectorError.make("source-bug", message))

/** The search envelope's records: `data` for contacts, `conversations`, `tickets`. */
const recordsOf = (body: unknown, key: string): ReadonlyArray<Record<string, unknown>> | undefined => {
  const records = (body as Record<string, unknown> | null)?.[key]
  return Array.isArray(records) ? (records as ReadonlyArray<Record<string, unknown>>) : undefined
}

const nextOf = (body: unknown): string | undefined => {
  const next = (body as { pages?: { next?: { starting_after?: unknown } | null } | null } | null)?.pages?.next
  return typeof next?.starting_after === "string" && next.starting_after !== ""
    ? next.starting_after
    : undefined
}

const totalOf = (body: unknown): number | undefined => {
  const total = (body as { total_count?: unknown } | null)?.total_count
  return typeof total === "number" ? total : undefined
}

const secondsOf = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined

const cursorSeconds = (cursor: SourceStream.CursorPosition | undefined): number | undefined => {
  if (cursor === undefined) return undefined
  const value = cursor.value
  if (typeof value === "number") return value
  const parsed = Number(value)
  if (Number.isFinite(parsed)) return parsed
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.floor(date / 1000)
}

type Filter =
  | { readonly field: string; readonly operator: string; readonly value: unknown }
  | { readonly operator: "AND" | "OR"; readonly value: ReadonlyArray<Filter> }

const search = (api: IntercomApi["Service"], path: string, query: Filter, perPage: number, after?: string) =>
  api.client.request(path, {
    method: "POST",
    json: {
      query,
      sort: { field: "updated_at", order: "ascending" },
      pagination: { per_page: perPage, ...(after !== undefined ? { starting_after: after } : {}) }
    }
  })

/**
 * Where the next conversation or ticket search starts: a keyset position on `updated_at`
 * (Unix seconds), never an offset. Intercom documents the `starting_after` cursor only as "the
 * cursor used for pagination"; treated as an offset into results that move while they are paged
 * (a record updated during the sync jumps to the end), it would skip a record per change, and
 * the skipped record is older than the run's high-water mark, so no later run finds it.
 */
interface Position {
  /** Lower bound, inclusive: Intercom's `>` on these Date fields is "greater (or equal) than". */
  readonly from: number | undefined
  /** Tie mode: the records at exactly `at`, excluding the ids already delivered there. */
  readonly tie: { readonly at: number; readonly ids: ReadonlyArray<string> } | undefined
}

/**
 * The keyset read of a search endpoint whose `updated_at` filter works to the second
 * (conversations, tickets; https://developers.intercom.com/docs/references/2.11/rest-api/api.intercom.io/conversations/searchconversations):
 * requests sorted by `updated_at` ascending, each restarting at the largest `updated_at`
 * delivered so far (`>` is inclusive there; the runner drops the records it already delivered at
 * that second), so no request ever sends `starting_after`. A page whose records all share one
 * second (a bulk update) cannot move the bound, so that second is drained with
 * `updated_at = t AND id NIN [ids delivered at t]`, each request again at offset 0, until
 * nothing is left; then the search goes on at `t + 1` (seconds are integers). Nothing can be
 * skipped: a record changed during the sync moves to a later second, which a later request still
 * reaches. Costs one repeated record per page.
 */
const keysetPages = (
  api: IntercomApi["Service"],
  path: string,
  key: string,
  since: number | undefined,
  resolve: (
    records: ReadonlyArray<Record<string, unknown>>
  ) => Effect.Effect<ReadonlyArray<unknown>, ConnectorError.ConnectorError>
): Stream.Stream<SourceStream.Page<undefined>, ConnectorError.ConnectorError> =>
  Stream.paginate({ from: since, tie: undefined } as Position, (position: Position) =>
    Effect.gen(function* () {
      const query: Filter =
        position.tie !== undefined
          ? {
              operator: "AND",
              value: [
                { field: "updated_at", operator: "=", value: position.tie.at },
                { field: "id", operator: "NIN", value: position.tie.ids }
              ]
            }
          : { field: "updated_at", operator: ">", value: position.from ?? 0 }
      const response = yield* search(api, path, query, api.perPage)
      const records = recordsOf(response.body, key)
      if (records === undefined) return yield* fail(`POST ${path}: the response has no "${key}" array`)
      const more = nextOf(response.body) !== undefined && records.length > 0
      const page: SourceStream.Page<undefined> = { records: yield* resolve(records) }
      let max: number | undefined
      const ids: Array<string> = []
      for (const record of records) {
        const t = secondsOf(record.updated_at)
        if (t !== undefined && (max === undefined || t > max)) max = t
        if (typeof record.id === "string") ids.push(record.id)
      }
      if (position.tie !== undefined) {
        const seen = new Set(position.tie.ids)
        const fresh = ids.filter((id) => !seen.has(id))
        if (!more) return [[page], Option.some({ from: position.tie.at + 1, tie: undefined })] as const
        if (fresh.length === 0) {
          return yield* fail(`POST ${path}: draining updated_at = ${position.tie.at} returned no new record`)
        }
        return [
          [page],
          Option.some({ from: position.from, tie: { at: position.tie.at, ids: [...seen, ...fresh] } })
        ] as const
      }
      if (!more) return [[page], Option.none()] as const
      if (max === undefined)
        return yield* fail(`POST ${path}: a page without a valid updated_at cannot be continued`)
      if (position.from !== undefined && max <= position.from) {
        // a full page at one second: drain that second by id
        return [[page], Option.some({ from: position.from, tie: { at: position.from, ids } })] as const
      }
      return [[page], Option.some({ from: max, tie: undefined })] as const
    })
  )

/**
 * The most passes `contacts` makes over one day whose contacts keep changing while it lists it.
 * If the day is the last one with contacts (today, typically), the run ends there and its state
 * says the day is unsettled, so the next run emits all of that day again; an earlier day fails the
 * stream with reason `transient` (the next run starts at that day again).
 *
 * @example
 * ```ts
 * import { IntercomConnector } from "@cxkit/connector-intercom"
 *
 * console.log(IntercomConnector.maxDayPasses) // 5
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const maxDayPasses = 5

interface DayState {
  /** A time inside the day being listed, or undefined: find the next day after `after`. */
  readonly day: number | undefined
  readonly after: number | undefined
  /** The day `after` could not be settled (see `maxDayPasses`). */
  readonly unsettled: boolean
  readonly token: string | undefined
  readonly pass: number
  /** The pass's answers: every `total_count` seen and the ids it listed. */
  readonly totals: ReadonlySet<number>
  readonly listed: ReadonlySet<string>
  /** (id, updated_at) pairs already emitted for this day: a later pass emits only the rest. */
  readonly emitted: ReadonlySet<string>
}

/**
 * The contacts read. Contact search matches timestamps by calendar day, never to the second
 * ("`=` matches the whole day, `>` matches from the start of the next day", the day in the
 * workspace's time zone; https://developers.intercom.com/docs/references/2.11/rest-api/api.intercom.io/contacts/searchcontacts),
 * so no keyset on seconds exists and contacts sharing a day cannot be told apart by the filter.
 * The read goes day by day instead:
 *
 * 1. `updated_at = D` lists day D (sorted by `updated_at`, paged with `starting_after`);
 * 2. a pass is clean when every page reported the same `total_count` and the pass listed at least
 *    that many distinct ids. A contact updated or deleted while the day is paged leaves the day or
 *    moves to its end, which changes the count or leaves the listed ids one short, so a cursor
 *    that skipped a contact (an offset into moving results) is noticed; the day is then listed
 *    again, emitting only contacts not yet emitted at their current `updated_at`, until a pass
 *    is clean (at most `maxDayPasses`);
 * 3. `updated_at > D` with one result per page finds the next day that has contacts.
 *
 * The first day is the day of the runner's high-water mark; its contacts before the mark were
 * delivered by an earlier run and are dropped (unless that run left the day unsettled). Every
 * page checkpoints its day, so a resumed run lists that day again from its start. A contact
 * changed during the sync moves to today, which the read reaches last.
 */
const contactPages = (
  api: IntercomApi["Service"],
  since: number | undefined,
  state: ContactsState | undefined
): Stream.Stream<SourceStream.Page<ContactsState>, ConnectorError.ConnectorError> => {
  const path = "/contacts/search"
  const fresh = (day: number | undefined, after?: number, unsettled = false): DayState => ({
    day,
    after,
    unsettled,
    token: undefined,
    pass: 1,
    totals: new Set(),
    listed: new Set(),
    emitted: new Set()
  })
  const start = state?.day ?? since
  // the first day of a run after an unsettled one: emit all of it, the mark says nothing there
  const unfiltered = state?.unsettled === true ? state.day : undefined
  const checkpointOf = (day: number): ContactsState =>
    day === unfiltered ? { day, unsettled: true } : { day }
  return Stream.paginate(fresh(start), (s: DayState) =>
    Effect.gen(function* () {
      if (s.day === undefined) {
        // the next day with contacts: the first contact from the start of the day after `after`
        const response = yield* search(
          api,
          path,
          { field: "updated_at", operator: ">", value: s.after ?? 0 },
          1
        )
        const records = recordsOf(response.body, "data")
        if (records === undefined) return yield* fail(`POST ${path}: the response has no "data" array`)
        const first = secondsOf(records[0]?.updated_at)
        if (first === undefined) {
          const end: ReadonlyArray<SourceStream.Page<ContactsState>> =
            s.unsettled && s.after !== undefined
              ? [{ records: [], checkpoint: { day: s.after, unsettled: true } }]
              : []
          return [end, Option.none()] as const
        }
        if (s.unsettled) {
          return yield* ConnectorError.make(
            "transient",
            `POST ${path}: the contacts updated on the day of ${s.after} kept changing during ${maxDayPasses} passes; the next run lists that day again`
          )
        }
        if (s.after !== undefined && first <= s.after) {
          return yield* fail(`POST ${path}: updated_at > ${s.after} returned a contact updated at ${first}`)
        }
        return [[], Option.some(fresh(first))] as const
      }
      const day = s.day
      const response = yield* search(
        api,
        path,
        { field: "updated_at", operator: "=", value: day },
        api.perPage,
        s.token
      )
      const records = recordsOf(response.body, "data")
      if (records === undefined) return yield* fail(`POST ${path}: the response has no "data" array`)
      const total = totalOf(response.body)
      const listed = new Set(s.listed)
      const emitted = new Set(s.emitted)
      const out: Array<unknown> = []
      for (const record of records) {
        if (typeof record.id !== "string") continue
        listed.add(record.id)
        const version = `${record.id}@${String(record.updated_at)}`
        if (emitted.has(version)) continue
        emitted.add(version)
        const t = secondsOf(record.updated_at)
        if (since !== undefined && t !== undefined && t < since && day !== unfiltered) continue
        out.push(record)
      }
      const page: SourceStream.Page<ContactsState> = { records: out, checkpoint: checkpointOf(day) }
      const totals = new Set(s.totals)
      if (total !== undefined) totals.add(total)
      const next = records.length > 0 ? nextOf(response.body) : undefined
      if (next !== undefined) {
        if (next === s.token) return yield* fail(`POST ${path}: starting_after ${next} was returned twice`)
        return [[page], Option.some({ ...s, token: next, totals, listed, emitted })] as const
      }
      // at least as many ids as the count, so a capped or rounded total_count cannot keep a day unsettled
      const clean = totals.size <= 1 && (total === undefined || listed.size >= total)
      if (clean) return [[page], Option.some(fresh(undefined, day))] as const
      if (s.pass >= maxDayPasses) return [[page], Option.some(fresh(undefined, day, true))] as const
      return [[page], Option.some({ ...fresh(day), pass: s.pass + 1, emitted })] as const
    })
  )
}

/**
 * The `contacts` stream: contact search day by day (see `ContactsState`), sorted by
 * `updated_at`. Intercom has no deletion feed for contacts: deleted and merged contacts drop out
 * of search, and the connector cannot report them.
 *
 * @example
 * ```ts
 * import { IntercomConnector } from "@cxkit/connector-intercom"
 *
 * console.log(IntercomConnector.contacts.name, IntercomConnector.contacts.cursorField) // "contacts" "updated_at"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const contacts = SourceStream.make<Config>()({
  name: "contacts",
  description: "Intercom contacts (users and leads), contact search by day",
  schema: Contact,
  primaryKey: "id",
  cursorField: "updated_at",
  order: "ascending",
  state: ContactsState,
  read: ({ state, cursor }) =>
    Stream.unwrap(Effect.map(IntercomApi, (api) => contactPages(api, cursorSeconds(cursor), state)))
})

/**
 * Retrieves each conversation a search page listed, with its parts (search results carry none):
 * `GET /conversations/{id}`. A conversation deleted in between (404 `not_found`) is skipped.
 */
const withParts = (api: IntercomApi["Service"]) => (records: ReadonlyArray<Record<string, unknown>>) =>
  Effect.map(
    Effect.forEach(records, (record) =>
      api.client.get(`/conversations/${encodeURIComponent(String(record.id))}`).pipe(
        Effect.map((response): ReadonlyArray<unknown> => [response.body]),
        Effect.catchIf(
          (error: ConnectorError.ConnectorError) => error.status === 404,
          () => Effect.succeed([] as ReadonlyArray<unknown>)
        )
      )
    ),
    (found) => found.flat()
  )

/**
 * The `conversations` stream: conversation search by keyset on `updated_at` (see `keysetPages`),
 * each conversation then retrieved with its parts (at most the 500 most recent, as Intercom
 * documents). Intercom has no deletion feed for conversations.
 *
 * @example
 * ```ts
 * import { IntercomConnector } from "@cxkit/connector-intercom"
 *
 * console.log(IntercomConnector.conversations.name, IntercomConnector.conversations.order) // "conversations" "ascending"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const conversations = SourceStream.make<Config>()({
  name: "conversations",
  description: "Intercom conversations with their parts and ratings (conversation search, then retrieve)",
  schema: Conversation,
  primaryKey: "id",
  cursorField: "updated_at",
  order: "ascending",
  state: Paginate.NoState,
  read: ({ cursor }) =>
    Stream.unwrap(
      Effect.map(IntercomApi, (api) =>
        keysetPages(api, "/conversations/search", "conversations", cursorSeconds(cursor), withParts(api))
      )
    )
})

/**
 * The `tickets` stream: ticket search by keyset on `updated_at` (see `keysetPages`).
 *
 * @example
 * ```ts
 * import { IntercomConnector } from "@cxkit/connector-intercom"
 *
 * console.log(IntercomConnector.tickets.name) // "tickets"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const tickets = SourceStream.make<Config>()({
  name: "tickets",
  description: "Intercom tickets (ticket search)",
  schema: Ticket,
  primaryKey: "id",
  cursorField: "updated_at",
  order: "ascending",
  state: Paginate.NoState,
  read: ({ cursor }) =>
    Stream.unwrap(
      Effect.map(IntercomApi, (api) =>
        keysetPages(api, "/tickets/search", "tickets", cursorSeconds(cursor), Effect.succeed)
      )
    )
})

/**
 * The `companies` stream (full refresh): the scroll endpoint, `GET /companies/scroll` with the
 * `scroll_param` of the previous answer until an answer lists no company
 * (https://developers.intercom.com/docs/references/2.11/rest-api/api.intercom.io/companies/scrolloverallcompanies).
 * A scroll expires after a minute unused and cannot be resumed, so the stream keeps no checkpoint:
 * an interrupted run scrolls again from the start. Intercom allows one open scroll per workspace.
 *
 * @example
 * ```ts
 * import { IntercomConnector } from "@cxkit/connector-intercom"
 *
 * console.log(IntercomConnector.companies.name, IntercomConnector.companies.cursorField) // "companies" undefined
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const companies = SourceStream.make<Config>()({
  name: "companies",
  description: "Intercom companies (scroll API, full refresh)",
  schema: Company,
  primaryKey: "id",
  state: Paginate.NoState,
  read: () =>
    Stream.unwrap(
      Effect.map(IntercomApi, (api) =>
        Stream.paginate({ param: undefined as string | undefined, seen: new Set<string>() }, (s) =>
          Effect.gen(function* () {
            const response = yield* api.client.get("/companies/scroll", {
              urlParams: { scroll_param: s.param }
            })
            const records = recordsOf(response.body, "data")
            if (records === undefined) {
              return yield* fail(`GET /companies/scroll: the response has no "data" array`)
            }
            const param = (response.body as { scroll_param?: unknown }).scroll_param
            const page: SourceStream.Page<undefined> = { records }
            if (records.length === 0 || typeof param !== "string" || param === "") {
              return [[page], Option.none()] as const
            }
            if (s.seen.has(param)) {
              return yield* fail(
                `Pagination loop: GET /companies/scroll returned the scroll_param ${param} twice`
              )
            }
            return [[page], Option.some({ param, seen: new Set([...s.seen, param]) })] as const
          })
        )
      )
    )
})

/**
 * Builds the `IntercomApi` service from a config (on the `HttpClient` in context): bearer auth,
 * the pinned `Intercom-Version`, a client-side rate limit, and Intercom's own
 * `X-RateLimit-Remaining` / `X-RateLimit-Reset` headers respected: once a window's requests are
 * spent, the next request waits for the reset instead of earning a 429.
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { IntercomConnector } from "@cxkit/connector-intercom"
 *
 * const layer = IntercomConnector.layer({ accessToken: Redacted.make("dG9rOmFiYw==") })
 * console.log(typeof layer) // "object"
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (config: Config): Layer.Layer<IntercomApi, never, HttpClient.HttpClient> =>
  Layer.effect(
    IntercomApi,
    Effect.map(
      Http.make({
        baseUrl: baseUrlOf(config),
        auth: { _tag: "Bearer", token: config.accessToken },
        headers: { "intercom-version": apiVersion },
        rateLimit: { requests: 1, per: Duration.millis(1000 / (config.requestsPerSecond ?? 15)) },
        timeout: config.timeoutMillis ?? 30_000,
        classify,
        respect: { remaining: "x-ratelimit-remaining", reset: "x-ratelimit-reset", resetIn: "epoch-seconds" }
      }),
      (client) => ({ client, perPage: config.perPage ?? 150 })
    )
  )

/**
 * The Intercom connector: streams `contacts`, `companies`, `conversations` and `tickets`;
 * `check` reads the token's admin (`GET /me`).
 *
 * @example
 * ```ts
 * import { IntercomConnector } from "@cxkit/connector-intercom"
 *
 * console.log(IntercomConnector.connector.streams.map((s) => s.name)) // [ "contacts", "companies", "conversations", "tickets" ]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const connector = Connector.make({
  id: "intercom",
  version: "0.1.0",
  config: Config,
  check: () =>
    Effect.gen(function* () {
      const api = yield* IntercomApi
      yield* api.client.get("/me")
    }),
  streams: [contacts, companies, conversations, tickets],
  layer
})
