/**
 * A loopback Intercom mock for tests, demos and the quickstart: the REST API 2.11 search, scroll,
 * retrieve and `/me` endpoints served from fixture records, with Intercom's envelopes, search
 * query rules, `X-RateLimit-*` headers and `error.list` bodies, built on the
 * `@cxkit/connectors/testing` mock server (whose fault injection, request log and mutations it
 * exposes). Not for production code.
 *
 * @module
 * @since 0.1.0
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { LoopbackServer, MockServer } from "@cxkit/connectors/testing"
import type { Company, Contact, Conversation, Ticket } from "./IntercomConnector.ts"
import * as data from "./internal/fixtures.ts"

/**
 * A dataset: the records of each stream and the admin `GET /me` answers with.
 *
 * @example
 * ```ts
 * import { IntercomMock } from "@cxkit/connector-intercom/testing"
 *
 * const empty: IntercomMock.Dataset = { ...IntercomMock.fixtures(), contacts: [], tickets: [] }
 * console.log(empty.contacts.length, empty.conversations.length) // 0 12
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export interface Dataset {
  readonly contacts: ReadonlyArray<Contact>
  readonly companies: ReadonlyArray<Company>
  readonly conversations: ReadonlyArray<Conversation>
  readonly tickets: ReadonlyArray<Ticket>
  readonly admin: Readonly<Record<string, unknown>>
}

/**
 * The fixture dataset (generated in code, no files): 12 contacts over four days (two share one
 * second; users and leads; one invalid email), 6 companies, 12 conversations with their parts
 * (one with 520 parts, more than the 500 Intercom returns; two share one second; eight rated
 * 1–5, most with a remark) and 7 tickets.
 *
 * @example
 * ```ts
 * import { IntercomMock } from "@cxkit/connector-intercom/testing"
 *
 * const data = IntercomMock.fixtures()
 * console.log(data.contacts.length, data.conversations.filter((c) => c.conversation_rating != null).length) // 12 8
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const fixtures = (): Dataset => ({
  contacts: data.contacts,
  companies: data.companies,
  conversations: data.conversations,
  tickets: data.tickets,
  admin: data.admin
})

/**
 * The most parts `GET /conversations/{id}` returns: the 500 most recent ("The maximum number of
 * conversation parts that can be returned via the API is 500",
 * https://developers.intercom.com/docs/references/2.11/rest-api/api.intercom.io/conversations/retrieveconversation).
 *
 * @example
 * ```ts
 * import { IntercomMock } from "@cxkit/connector-intercom/testing"
 *
 * console.log(IntercomMock.partsCap) // 500
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const partsCap = data.partsCap

/** The upstream (test kit) paths of the streams; the front end serves Intercom's own paths. */
const paths = {
  contacts: "/contacts",
  conversations: "/conversations",
  tickets: "/tickets",
  companies: "/companies/scroll",
  me: "/me"
} as const

// the published versions (https://developers.intercom.com/docs/build-an-integration/learn-more/rest-apis/api-changelog)
const versions = new Set(["2.7", "2.8", "2.9", "2.10", "2.11", "2.12", "2.13", "2.14", "Unstable"])

const endOfScroll = "00000000-0000-4000-8000-00000000e0f0"

const requestId = (n: number) => `000${n.toString(16)}`.slice(-4).padStart(20, "0")

/**
 * Intercom's error body (https://developers.intercom.com/docs/references/2.11/rest-api/errors/error-objects):
 * `{ type: "error.list", request_id, errors: [{ code, message }] }`.
 *
 * @example
 * ```ts
 * import { IntercomMock } from "@cxkit/connector-intercom/testing"
 *
 * console.log(IntercomMock.errorList("unauthorized", "Access Token Invalid").errors) // [ { code: "unauthorized", message: "Access Token Invalid" } ]
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const errorList = (code: string, message: string, id = requestId(0)) => ({
  type: "error.list",
  request_id: id,
  errors: [{ code, message }]
})

/**
 * Intercom's 429 as a fault for the mock: the `rate_limit_exceeded` error body and the
 * `X-RateLimit-Limit` / `-Remaining` / `-Reset` headers (reset a Unix time `resetInSeconds`
 * from now), without `Retry-After`, as Intercom sends it
 * (https://developers.intercom.com/docs/references/2.11/rest-api/errors/rate-limiting).
 *
 * @example
 * ```ts
 * import { IntercomMock } from "@cxkit/connector-intercom/testing"
 *
 * const fault = IntercomMock.rateLimited({ limit: 167 })
 * console.log(fault.status, JSON.parse(fault.body).errors[0].code, fault.headers["x-ratelimit-remaining"]) // 429 "rate_limit_exceeded" "0"
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const rateLimited = (
  options: { readonly limit?: number; readonly resetInSeconds?: number; readonly now?: number } = {}
): Extract<MockServer.Fault, { _tag: "Status" }> => {
  const limit = options.limit ?? 1666
  const now = options.now ?? Date.now()
  return MockServer.status(
    429,
    errorList("rate_limit_exceeded", `Exceeded rate limit of ${limit} in 10_seconds`),
    {
      "x-ratelimit-limit": String(limit),
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": String(Math.ceil(now / 1000) + (options.resetInSeconds ?? 10))
    }
  ) as Extract<MockServer.Fault, { _tag: "Status" }>
}

const withoutParts = (record: MockServer.Fixture) => {
  const { conversation_parts: _parts, ...rest } = record
  return rest
}

const pagesOf = (page: number, perPage: number, total: number, next: string | undefined) => ({
  type: "pages",
  page,
  per_page: perPage,
  total_pages: Math.ceil(total / perPage),
  ...(next !== undefined ? { next: { page: page + 1, starting_after: next } } : {})
})

/**
 * The `@cxkit/connectors/testing` mock server options for a dataset: each stream's records as a
 * resource (the conformance suite mutates them there), the list envelopes of `GET /contacts` and
 * `GET /conversations` (`per_page` / `starting_after`), `GET /companies/scroll` (`scroll_param`)
 * and `GET /me`. `serve` puts Intercom's search, retrieve and scroll front end in front of it; the
 * conformance suite runs on both.
 *
 * @example
 * ```ts
 * import { IntercomMock } from "@cxkit/connector-intercom/testing"
 *
 * const options = IntercomMock.serverOptions({ token: "tok-test", pageSize: 5 })
 * console.log(Object.keys(options.resources)) // [ "/contacts", "/conversations", "/tickets", "/companies/scroll", "/me" ]
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const serverOptions = (
  options: { readonly token: string; readonly pageSize?: number; readonly dataset?: Dataset } = {
    token: "tok-test"
  }
): MockServer.Options => {
  const dataset = options.dataset ?? fixtures()
  const pageSize = options.pageSize ?? 150
  const listed = (stream: "contacts" | "conversations" | "tickets", type: string, key: string) => ({
    stream,
    records: dataset[stream] as unknown as ReadonlyArray<MockServer.Fixture>,
    primaryKey: "id",
    cursorField: "updated_at",
    pageSize,
    params: { limit: "per_page", cursor: "starting_after" },
    render: (page: MockServer.RenderInput) => ({
      type,
      [key]: key === "conversations" ? page.records.map(withoutParts) : page.records,
      total_count: page.total,
      pages: pagesOf(page.page, page.limit, page.total, page.next)
    })
  })
  return {
    auth: { _tag: "Bearer", token: options.token },
    resources: {
      [paths.contacts]: listed("contacts", "list", "data"),
      [paths.conversations]: listed("conversations", "conversation.list", "conversations"),
      [paths.tickets]: listed("tickets", "ticket.list", "tickets"),
      [paths.companies]: {
        stream: "companies",
        records: dataset.companies as unknown as ReadonlyArray<MockServer.Fixture>,
        primaryKey: "id",
        pageSize: Math.min(pageSize, 50),
        params: { cursor: "scroll_param" },
        render: (page) => ({
          type: "list",
          data: page.records,
          pages: null,
          total_count: null,
          scroll_param: page.next ?? endOfScroll
        })
      },
      [paths.me]: {
        records: [dataset.admin],
        primaryKey: "id",
        render: (page) => page.records[0] ?? {}
      }
    }
  }
}

/**
 * A running Intercom mock: its URL, the accepted token, the test kit server underneath (for
 * faults, the request log and mutations), Intercom-level requests, and `close`.
 *
 * @example
 * ```ts
 * import type { IntercomMock } from "@cxkit/connector-intercom/testing"
 *
 * const urlOf = (mock: IntercomMock.Mock) => mock.url
 * console.log(typeof urlOf) // "function"
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export interface Mock {
  /** `http://127.0.0.1:<port>`: pass it as the connector's `baseUrl`. */
  readonly url: string
  /** The access token the mock accepts. */
  readonly token: string
  /** The test kit server holding the records, faults and request log. */
  readonly server: MockServer.MockServer
  /** Requests as Intercom saw them (method, path, `Intercom-Version`, JSON body, answered status). */
  readonly requests: ReadonlyArray<{
    readonly method: string
    readonly path: string
    readonly version: string | undefined
    readonly body: unknown
    readonly status: number
  }>
  readonly close: () => Promise<void>
}

type Searchable = "contacts" | "conversations" | "tickets"
type FieldType = "string" | "integer" | "date" | "boolean"

// The documented searchable fields (2.11 "Accepted Fields" tables), those the mock can evaluate.
const fields: Readonly<Record<Searchable, Readonly<Record<string, FieldType>>>> = {
  contacts: {
    id: "string",
    role: "string",
    name: "string",
    email: "string",
    email_domain: "string",
    phone: "string",
    external_id: "string",
    owner_id: "integer",
    created_at: "date",
    signed_up_at: "date",
    updated_at: "date",
    last_seen_at: "date",
    "location.country": "string",
    unsubscribed_from_emails: "boolean"
  },
  conversations: {
    id: "string",
    created_at: "date",
    updated_at: "date",
    "source.type": "string",
    contact_ids: "string",
    admin_assignee_id: "integer",
    open: "boolean",
    read: "boolean",
    state: "string",
    priority: "string",
    "conversation_rating.score": "integer",
    "statistics.count_conversation_parts": "integer"
  },
  tickets: {
    id: "string",
    created_at: "date",
    updated_at: "date",
    category: "string",
    contact_ids: "string",
    open: "boolean",
    state: "string"
  }
}

// Operators per field type (the "Accepted Operators" tables). Contact search does not accept
// `!=`, `>=`, `<=`, `IN` or `NIN` on Date fields; `>=` and `<=` exist only for contact integers.
const operators = (type: Searchable, field: FieldType): ReadonlySet<string> => {
  const all = ["=", "!=", "IN", "NIN"]
  if (field === "string") return new Set([...all, "~", "!~", "^", "$"])
  if (field === "boolean") return new Set(all)
  if (field === "date") return new Set(type === "contacts" ? ["=", ">", "<"] : [...all, ">", "<"])
  return new Set(type === "contacts" ? [...all, ">", "<", ">=", "<="] : [...all, ">", "<"])
}

const valueAt = (record: MockServer.Fixture, type: Searchable, field: string): unknown => {
  if (field === "contact_ids") {
    const list = (record.contacts as { contacts?: ReadonlyArray<{ id?: unknown }> } | undefined)?.contacts
    return (list ?? []).map((c) => c.id)
  }
  if (field === "state" && type === "tickets") return record.ticket_state
  if (field === "conversation_rating.score") {
    return (record.conversation_rating as { rating?: unknown } | null | undefined)?.rating
  }
  let value: unknown = record
  for (const part of field.split(".")) value = (value as Record<string, unknown> | null | undefined)?.[part]
  return value
}

const dayOf = (seconds: number) => Math.floor(seconds / 86_400)

interface Query {
  readonly field?: unknown
  readonly operator?: unknown
  readonly value?: unknown
}

class InvalidQuery extends Error {}

/** Validates a query against the documented rules and returns its predicate. */
const compile = (
  type: Searchable,
  query: Query,
  depth: number
): ((record: MockServer.Fixture) => boolean) => {
  if (query === null || typeof query !== "object") throw new InvalidQuery("query must be an object")
  if (query.operator === "AND" || query.operator === "OR") {
    if (depth >= 2) throw new InvalidQuery("There's a limit of max 2 nested filters")
    if (!Array.isArray(query.value) || query.value.length === 0) {
      throw new InvalidQuery(`${query.operator} needs a non-empty array of filters`)
    }
    if (query.value.length > 15)
      throw new InvalidQuery("There's a limit of max 15 filters for each AND or OR group")
    const parts = (query.value as ReadonlyArray<Query>).map((q) => compile(type, q, depth + 1))
    return query.operator === "AND" ? (r) => parts.every((p) => p(r)) : (r) => parts.some((p) => p(r))
  }
  const field = query.field
  if (typeof field !== "string") throw new InvalidQuery("a filter needs a field")
  const fieldType = fields[type][field]
  if (fieldType === undefined) throw new InvalidQuery(`${field} is not a searchable field`)
  const operator = String(query.operator)
  if (!operators(type, fieldType).has(operator)) {
    throw new InvalidQuery(`operator ${operator} is not supported for ${fieldType} field ${field}`)
  }
  const value = query.value
  if (operator === "IN" || operator === "NIN") {
    if (!Array.isArray(value)) throw new InvalidQuery(`${operator} values must be in an array`)
  } else if (fieldType === "date" || fieldType === "integer") {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new InvalidQuery(
        `${field} accepts a ${fieldType === "date" ? "UNIX timestamp" : "number"}, got ${JSON.stringify(value)}`
      )
    }
  } else if (fieldType === "boolean" && typeof value !== "boolean") {
    throw new InvalidQuery(`${field} accepts a boolean, got ${JSON.stringify(value)}`)
  } else if (fieldType === "string" && typeof value !== "string" && value !== null) {
    throw new InvalidQuery(`${field} accepts a string, got ${JSON.stringify(value)}`)
  }
  // contact search compares timestamps by calendar day (the mock's workspace is in UTC);
  // conversation and ticket search to the second, `>` and `<` inclusive ("Greater (or equal) than")
  const byDay = type === "contacts" && fieldType === "date"
  return (record) => {
    const raw = valueAt(record, type, field)
    const values = Array.isArray(raw) ? raw : [raw]
    const test = (v: unknown): boolean => {
      switch (operator) {
        case "=":
          return byDay && typeof v === "number" ? dayOf(v) === dayOf(value as number) : v === value
        case "!=":
          return v !== value
        case "IN":
          return (value as ReadonlyArray<unknown>).includes(v)
        case "NIN":
          return !(value as ReadonlyArray<unknown>).includes(v)
        case ">":
          if (typeof v !== "number") return false
          return byDay ? dayOf(v) > dayOf(value as number) : v >= (value as number)
        case "<":
          if (typeof v !== "number") return false
          return byDay ? dayOf(v) < dayOf(value as number) : v <= (value as number)
        case ">=":
          return typeof v === "number" && v >= (value as number)
        case "<=":
          return typeof v === "number" && v <= (value as number)
        case "~":
          return typeof v === "string" && v.includes(String(value))
        case "!~":
          return typeof v === "string" && !v.includes(String(value))
        case "^":
          return typeof v === "string" && v.startsWith(String(value))
        case "$":
          return typeof v === "string" && v.endsWith(String(value))
        default:
          return false
      }
    }
    return operator === "!=" || operator === "NIN" || operator === "!~"
      ? values.every(test)
      : values.some(test)
  }
}

const defaultPerPage: Readonly<Record<Searchable, number>> = { contacts: 50, conversations: 20, tickets: 20 }
const envelope: Readonly<Record<Searchable, readonly [type: string, key: string]>> = {
  contacts: ["list", "data"],
  conversations: ["conversation.list", "conversations"],
  tickets: ["ticket.list", "tickets"]
}

// `starting_after` tokens hold an offset into the current results: records changing between two
// requests shift later pages, the pessimistic reading of a cursor Intercom does not specify
const encodeAfter = (offset: number) => Buffer.from(JSON.stringify([offset])).toString("base64url")
const decodeAfter = (token: string): number | undefined => {
  try {
    const value = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as unknown
    return Array.isArray(value) && Number.isInteger(value[0]) && value[0] >= 0
      ? (value[0] as number)
      : undefined
  } catch {
    return undefined
  }
}

/**
 * Serves Intercom's API (version 2.11) in front of a test kit server built from `serverOptions`
 * (the records, faults and request log stay there), on 127.0.0.1:
 *
 * - `POST /contacts/search`, `/conversations/search`, `/tickets/search`: `query` (one filter or
 *   `AND` / `OR` groups, at most 2 levels and 15 filters a group), the documented fields and
 *   operators per type (anything else answers 400 `parameter_invalid`), contact timestamps
 *   compared by UTC day (`=` the day, `>` from the next day), conversation and ticket timestamps
 *   to the second with inclusive `>` / `<`; `sort` on one field; `pagination.per_page` up to 150
 *   and `starting_after` tokens that are offsets into the current results (records changed
 *   between two requests shift later pages); search results carry no conversation parts;
 * - `GET /conversations/{id}`: one conversation with its 500 most recent parts
 *   (`conversation_parts.total_count` tells all); 404 `not_found` for an unknown id;
 * - `GET /companies/scroll?scroll_param=`: the scroll, ending with an empty `data`;
 * - `GET /me`, `GET /contacts`, `GET /conversations`: the admin and the list endpoints;
 * - 400 `intercom_version_invalid` for an unknown `Intercom-Version`; 401 `unauthorized` on a wrong token; a rate limit of `rateLimit.limit` requests per 10-second
 *   window on the clock `now` (default 1666, Intercom's 10,000 a minute), told in `X-RateLimit-*`
 *   headers on every authenticated answer and enforced with 429 `rate_limit_exceeded`; faults
 *   injected into the test kit server apply to every endpoint (a repeated page repeats the last
 *   search answer too).
 *
 * Closing the front end leaves the test kit server running.
 *
 * @example
 * ```ts
 * import { MockServer } from "@cxkit/connectors/testing"
 * import { IntercomMock } from "@cxkit/connector-intercom/testing"
 *
 * const upstream = await MockServer.start(IntercomMock.serverOptions({ token: "tok-test" }))
 * const front = await IntercomMock.serve(upstream, { token: "tok-test" })
 * const response = await fetch(`${front.url}/conversations/search`, {
 *   method: "POST",
 *   headers: { authorization: "Bearer tok-test", "content-type": "application/json" },
 *   body: JSON.stringify({ query: { field: "id", operator: ">", value: "100" } })
 * })
 * console.log(response.status, (await response.json()).errors[0].code) // 400 "parameter_invalid"
 * await front.close()
 * await upstream.close()
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const serve = async (
  upstream: MockServer.MockServer,
  options: {
    readonly token: string
    readonly rateLimit?: { readonly limit: number }
    readonly now?: () => number
  }
): Promise<Mock> => {
  const token = options.token
  const limit = options.rateLimit?.limit ?? 1666
  const now = options.now ?? Date.now
  const requests: Array<{
    method: string
    path: string
    version: string | undefined
    body: unknown
    status: number
  }> = []
  let served = 0
  let window = { index: Number.NaN, used: 0 }

  const reply = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {}
  ) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers })
    res.end(typeof body === "string" ? body : JSON.stringify(body))
  }
  const invalid = (res: ServerResponse, message: string, limits: Record<string, string>) =>
    reply(res, 400, errorList("parameter_invalid", message, requestId(served)), limits)

  const relayFailure = (res: ServerResponse, failure: LoopbackServer.Answer) => {
    if (failure.status === 401) {
      return reply(res, 401, errorList("unauthorized", "Access Token Invalid", requestId(served)))
    }
    LoopbackServer.reply(res, failure)
  }

  let probes = 0
  /** A cheap request to the kit's resource: authentication, faults and mutation hooks apply. */
  const probe = async (req: IncomingMessage, path: string) => {
    const id = String(++probes)
    const answer = await LoopbackServer.forward(upstream.url, req, `${path}?per_page=1&cxkitProbe=${id}`)
    const logged = upstream.requests.findLast((r) => r.query.cxkitProbe === id)
    return { answer, repeated: logged?.fault === "RepeatPage" }
  }

  const lastSearch = new Map<Searchable, string>()
  const search = async (
    req: IncomingMessage,
    res: ServerResponse,
    type: Searchable,
    body: unknown,
    limits: Record<string, string>
  ) => {
    const { answer, repeated } = await probe(req, paths[type])
    if (answer.status !== 200) return relayFailure(res, answer)
    const previous = lastSearch.get(type)
    if (repeated && previous !== undefined) return reply(res, 200, previous, limits)
    const request = (body ?? {}) as {
      readonly query?: Query
      readonly sort?: { readonly field?: unknown; readonly order?: unknown }
      readonly pagination?: { readonly per_page?: unknown; readonly starting_after?: unknown }
    }
    if (request.query === undefined) return invalid(res, "query is required", limits)
    let predicate: (record: MockServer.Fixture) => boolean
    try {
      predicate = compile(type, request.query, 0)
    } catch (error) {
      if (error instanceof InvalidQuery) return invalid(res, error.message, limits)
      throw error
    }
    const perPage = request.pagination?.per_page ?? defaultPerPage[type]
    if (typeof perPage !== "number" || !Number.isInteger(perPage) || perPage < 1 || perPage > 150) {
      return invalid(res, `per_page must be between 1 and 150, got ${JSON.stringify(perPage)}`, limits)
    }
    const after = request.pagination?.starting_after
    const offset = after === undefined || after === null ? 0 : decodeAfter(String(after))
    if (offset === undefined) return invalid(res, `Invalid starting_after: ${String(after)}`, limits)
    const sortField = request.sort?.field
    if (sortField !== undefined && (typeof sortField !== "string" || fields[type][sortField] === undefined)) {
      return invalid(res, `${String(sortField)} is not a sortable field`, limits)
    }
    const order = request.sort?.order ?? "descending"
    if (order !== "ascending" && order !== "descending") {
      return invalid(res, `sort order must be ascending or descending, got ${String(order)}`, limits)
    }
    const direction = order === "ascending" ? 1 : -1
    const rows = upstream
      .records(paths[type])
      .filter(predicate)
      .sort((a, b) => {
        if (typeof sortField === "string") {
          const x = valueAt(a, type, sortField) as number | string
          const y = valueAt(b, type, sortField) as number | string
          if (x !== y) return direction * (x < y ? -1 : 1)
        }
        return String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0
      })
    const page = rows.slice(offset, offset + perPage)
    const next = offset + perPage < rows.length ? encodeAfter(offset + perPage) : undefined
    const [envelopeType, key] = envelope[type]
    const text = JSON.stringify({
      type: envelopeType,
      [key]: type === "conversations" ? page.map(withoutParts) : page,
      total_count: rows.length,
      pages: pagesOf(Math.floor(offset / perPage) + 1, perPage, rows.length, next)
    })
    lastSearch.set(type, text)
    reply(res, 200, text, limits)
  }

  const retrieve = async (
    req: IncomingMessage,
    res: ServerResponse,
    id: string,
    limits: Record<string, string>
  ) => {
    const { answer } = await probe(req, paths.conversations)
    if (answer.status !== 200) return relayFailure(res, answer)
    const found = upstream.records(paths.conversations).find((r) => String(r.id) === id)
    if (found === undefined)
      return reply(res, 404, errorList("not_found", "Resource Not Found", requestId(served)), limits)
    const list = found.conversation_parts as
      | {
          readonly conversation_parts: ReadonlyArray<{ readonly created_at: number }>
          readonly total_count: number
        }
      | undefined
    if (list === undefined) return reply(res, 200, found, limits)
    const recent = [...list.conversation_parts].sort((a, b) => a.created_at - b.created_at).slice(-partsCap)
    reply(res, 200, { ...found, conversation_parts: { ...list, conversation_parts: recent } }, limits)
  }

  const scroll = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    limits: Record<string, string>
  ) => {
    const param = url.searchParams.get("scroll_param")
    if (param === endOfScroll) {
      // the end of the scroll: no company, and the parameter expires
      if (req.headers.authorization !== `Bearer ${token}`) {
        return reply(res, 401, errorList("unauthorized", "Access Token Invalid", requestId(served)))
      }
      return reply(
        res,
        200,
        { type: "list", data: [], pages: null, total_count: null, scroll_param: null },
        limits
      )
    }
    const query = param === null || param === "" ? "" : `?scroll_param=${encodeURIComponent(param)}`
    const answer = await LoopbackServer.forward(upstream.url, req, `${paths.companies}${query}`)
    if (answer.status === 400) {
      return reply(
        res,
        400,
        errorList(
          "scroll_exists",
          "scroll parameter is invalid or expired: restart the scroll",
          requestId(served)
        ),
        limits
      )
    }
    if (answer.status !== 200) return relayFailure(res, answer)
    reply(res, 200, answer.text, limits)
  }

  const list = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    limits: Record<string, string>
  ) => {
    const answer = await LoopbackServer.forward(upstream.url, req, `${url.pathname}${url.search}`)
    if (answer.status !== 200) return relayFailure(res, answer)
    reply(res, 200, answer.text, limits)
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1")
    const text = await LoopbackServer.readBody(req)
    served++
    let body: unknown
    const version = req.headers["intercom-version"]
    const entry = {
      method: req.method ?? "GET",
      path: url.pathname,
      version: typeof version === "string" ? version : undefined,
      body: undefined as unknown,
      status: 0
    }
    requests.push(entry)
    res.on("finish", () => {
      entry.status = res.statusCode
    })
    try {
      body = text === "" ? undefined : JSON.parse(text)
      entry.body = body
    } catch {
      return reply(
        res,
        400,
        errorList("parameter_invalid", "The request body is not valid JSON", requestId(served))
      )
    }
    if (entry.version !== undefined && !versions.has(entry.version)) {
      return reply(
        res,
        400,
        errorList(
          "intercom_version_invalid",
          `The requested version ${entry.version} does not exist`,
          requestId(served)
        )
      )
    }
    // the rate limit: headers on every authenticated answer, 429 once a window's requests are spent
    // (https://developers.intercom.com/docs/references/2.11/rest-api/errors/rate-limiting)
    let limits: Record<string, string> = {}
    if (req.headers.authorization === `Bearer ${token}`) {
      const seconds = now() / 1000
      const index = Math.floor(seconds / 10)
      if (index !== window.index) window = { index, used: 0 }
      window.used++
      limits = {
        "x-ratelimit-limit": String(limit),
        "x-ratelimit-remaining": String(Math.max(0, limit - window.used)),
        "x-ratelimit-reset": String((index + 1) * 10)
      }
      if (window.used > limit) {
        return reply(
          res,
          429,
          errorList(
            "rate_limit_exceeded",
            `Exceeded rate limit of ${limit} in 10_seconds`,
            requestId(served)
          ),
          limits
        )
      }
    }
    const method = req.method ?? "GET"
    const searchMatch = /^\/(contacts|conversations|tickets)\/search$/.exec(url.pathname)
    if (searchMatch !== null && method === "POST") {
      return search(req, res, searchMatch[1] as Searchable, body, limits)
    }
    if (method === "GET") {
      const conversation = /^\/conversations\/([^/]+)$/.exec(url.pathname)
      if (conversation !== null)
        return retrieve(req, res, decodeURIComponent(conversation[1] as string), limits)
      if (url.pathname === paths.companies) return scroll(req, res, url, limits)
      if (url.pathname === paths.me || url.pathname === paths.contacts) return list(req, res, url, limits)
      if (url.pathname === paths.conversations) return list(req, res, url, limits)
    }
    reply(res, 404, errorList("not_found", "Resource Not Found", requestId(served)), limits)
  }

  const server = await LoopbackServer.start(handle, {
    onError: (message) => errorList("server_error", message)
  })
  return { url: server.url, token, server: upstream, requests, close: server.close }
}

/**
 * Starts the Intercom mock (`serve` on a test kit server of its own) from a dataset (default
 * `fixtures()`), accepting one access token (default `"tok-mock-intercom"`); `close` stops both.
 * `rateLimit` and `now` are passed to `serve`.
 *
 * @example
 * ```ts
 * import { IntercomMock } from "@cxkit/connector-intercom/testing"
 *
 * const mock = await IntercomMock.start()
 * const response = await fetch(`${mock.url}/conversations/search`, {
 *   method: "POST",
 *   headers: { authorization: `Bearer ${mock.token}`, "content-type": "application/json" },
 *   body: JSON.stringify({
 *     query: { field: "updated_at", operator: ">", value: 0 },
 *     sort: { field: "updated_at", order: "ascending" },
 *     pagination: { per_page: 2 }
 *   })
 * })
 * const body = await response.json()
 * console.log(body.total_count, body.conversations.map((c: { id: string }) => c.id)) // 12 [ "101", "102" ]
 * await mock.close()
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const start = async (
  options: {
    readonly dataset?: Dataset
    readonly token?: string
    readonly rateLimit?: { readonly limit: number }
    readonly now?: () => number
  } = {}
): Promise<Mock> => {
  const token = options.token ?? "tok-mock-intercom"
  const upstream = await MockServer.start(
    serverOptions({ token, ...(options.dataset !== undefined ? { dataset: options.dataset } : {}) })
  )
  const front = await serve(upstream, {
    token,
    ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit } : {}),
    ...(options.now !== undefined ? { now: options.now } : {})
  })
  return {
    ...front,
    close: async () => {
      await front.close()
      await upstream.close()
    }
  }
}

/**
 * `start` under the name the other plugins' mocks use.
 *
 * @example
 * ```ts
 * import { IntercomMock } from "@cxkit/connector-intercom/testing"
 *
 * console.log(IntercomMock.mock === IntercomMock.start) // true
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const mock = start
