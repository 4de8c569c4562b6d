/**
 * A loopback mock of Typeform's Create and Responses APIs, built on the
 * `@cxkit/connectors/testing` mock server from fixture forms and responses: `GET /forms`
 * (`page`, `page_size` 1–200, default 10), `GET /forms/{form_id}` and
 * `GET /forms/{form_id}/responses` with the documented parameters (`page_size` 1–1000, default
 * 25; `since` / `until`, inclusive, as Unix seconds or UTC ISO 8601 to the second; `after` /
 * `before` tokens, exclusive, never with `sort`; `sort` as `{field},{asc|desc}`, default
 * `submitted_at,desc`; `included_response_ids`, `excluded_response_ids`, `response_type`
 * (`started`, `partial`, `completed`; completed only by default), `completed`, `query`, `fields`,
 * `answered_fields`), the `{ total_items, page_count, items }` envelope, bearer personal access
 * tokens, the 2-requests-per-second limit per account, and Typeform's error object
 * `{ code, description, details }`. Not for production code.
 *
 * Sources: "Retrieve responses" (https://www.typeform.com/developers/responses/reference/retrieve-responses/),
 * "JSON response explanation" (https://www.typeform.com/developers/responses/JSON-response-explanation/),
 * "Retrieve forms" (https://www.typeform.com/developers/create/reference/retrieve-forms/),
 * "Get started" (rate limits) and "Troubleshooting and errors"
 * (https://www.typeform.com/developers/troubleshooting/). Where Typeform documents no exact
 * text (the 429 body, the codes of parameter errors), the mock's body keeps the documented
 * shape and says so in its `description`.
 *
 * @module
 * @since 0.1.0
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { LoopbackServer, MockServer } from "@cxkit/connectors/testing"
import { Redacted } from "effect"
import * as data from "./internal/fixtures.ts"
import type * as TypeformConnector from "./TypeformConnector.ts"

/**
 * A dataset: form definitions and, per form id, its responses (records as the connector
 * delivers them, `form_id` included).
 *
 * @example
 * ```ts
 * import type { TypeformMock } from "@cxkit/connector-typeform/testing"
 *
 * const empty: TypeformMock.Dataset = { forms: [], responses: {} }
 * console.log(empty.forms.length) // 0
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export interface Dataset {
  readonly forms: ReadonlyArray<TypeformConnector.FormDefinition>
  readonly responses: Readonly<Record<string, ReadonlyArray<TypeformConnector.Response>>>
}

/**
 * The ids of the fixture forms: `survey` (NPS, 5-star rating, 1–7 and 0–10 opinion scales, a
 * choice and a comment; hidden fields `email` and `customer_id`) and `support` (a 5-star CSAT
 * rating and a reason; hidden fields `email` and `ticket_id`).
 *
 * @example
 * ```ts
 * import { TypeformMock } from "@cxkit/connector-typeform/testing"
 *
 * console.log(TypeformMock.formIds) // { survey: 'Xq2Fb7', support: 'Lp9sR2' }
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const formIds = { survey: data.surveyId, support: data.supportId } as const

/**
 * The fixture dataset (in code, no files): the two forms, `survey` responses (default 30) and
 * `support` responses (default 12), one every `spacingMinutes` (default 90) back from `now`,
 * and `partial` partial responses of the survey (default 0: the Responses API leaves them out
 * unless asked).
 *
 * @example
 * ```ts
 * import { TypeformMock } from "@cxkit/connector-typeform/testing"
 *
 * const data = TypeformMock.fixtures({ survey: 2, support: 1, now: Date.parse("2024-05-20T12:00:00Z") })
 * console.log(data.responses.Xq2Fb7?.map((r) => r.submitted_at)) // [ '2024-05-20T09:00:00Z', '2024-05-20T10:30:00Z' ]
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const fixtures = (
  options: {
    readonly survey?: number
    readonly support?: number
    readonly partial?: number
    readonly now?: number
    readonly spacingMinutes?: number
  } = {}
): Dataset => {
  const now = Math.floor((options.now ?? Date.now()) / 60_000) * 60_000
  const spacing = (options.spacingMinutes ?? 90) * 60_000
  const series = <A>(count: number, make: (n: number, at: number) => A) =>
    Array.from({ length: count }, (_, n) => make(n, now - (count - n) * spacing))
  return {
    forms: [data.survey, data.support],
    responses: {
      [data.surveyId]: [
        ...series(options.survey ?? 30, data.surveyResponse),
        ...series(options.partial ?? 0, data.partialResponse)
      ],
      [data.supportId]: series(options.support ?? 12, data.supportResponse)
    }
  }
}

/**
 * A fixture response of the `survey` form submitted at `millis` (`n` picks its answers).
 *
 * @example
 * ```ts
 * import { TypeformMock } from "@cxkit/connector-typeform/testing"
 *
 * const r = TypeformMock.surveyResponse(1, Date.parse("2024-05-20T12:00:00Z"))
 * console.log(r.submitted_at, r.answers?.[0]?.number) // 2024-05-20T12:00:00Z 10
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const surveyResponse = data.surveyResponse

/**
 * Typeform's error object, the body of every error answer.
 *
 * @example
 * ```ts
 * import { TypeformMock } from "@cxkit/connector-typeform/testing"
 *
 * console.log(TypeformMock.errorBody("FORM_NOT_FOUND", "Non existing form with uid abc"))
 * // { code: 'FORM_NOT_FOUND', description: 'Non existing form with uid abc' }
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const errorBody = (
  code: string,
  description: string,
  details?: ReadonlyArray<Readonly<Record<string, string>>>
): { readonly code: string; readonly description: string; readonly details?: ReadonlyArray<unknown> } => ({
  code,
  description,
  ...(details !== undefined ? { details } : {})
})

/**
 * The mock's 429 when an account goes over 2 requests per second (Typeform documents the limit,
 * not the body: the mock keeps the error object's shape).
 *
 * @example
 * ```ts
 * import { TypeformMock } from "@cxkit/connector-typeform/testing"
 *
 * console.log(TypeformMock.rateLimitedBody().code) // RATE_LIMIT_EXCEEDED
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const rateLimitedBody = () =>
  errorBody(
    "RATE_LIMIT_EXCEEDED",
    "Too many requests: the Create and Responses APIs allow 2 requests per second per account (the mock's wording)"
  )

const responsesPath = (formId: string) => `/forms/${formId}/responses`
const formPath = (formId: string) => `/forms/${formId}`

const toWire = (record: MockServer.Fixture): Record<string, unknown> => {
  const { form_id: _form, ...item } = record
  return item
}

const secondsOf = (value: string): number | undefined => {
  if (/^\d+$/.test(value)) return Number(value) * 1000
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z?$/.test(value)) return undefined
  const millis = Date.parse(value.endsWith("Z") ? value : `${value}Z`)
  return Number.isNaN(millis) ? undefined : millis
}

const listOf = (value: string | undefined) =>
  value === undefined || value === "" ? undefined : value.split(",").map((s) => s.trim())

const typesOf = (query: Readonly<Record<string, string>>): ReadonlyArray<string> => {
  const listed = listOf(query.response_type)
  if (listed !== undefined) return listed
  if (query.completed === "false") return ["partial", "started"]
  return ["completed"]
}

const textOf = (record: MockServer.Fixture) =>
  JSON.stringify([record.answers, record.hidden, record.variables])

// The responses a request selects, whatever its paging: response types, ids, `query`, and the
// time bounds on `submitted_at` (completed only) or `landed_at` (otherwise), as Typeform
// documents for `response_type`.
const selected = (record: MockServer.Fixture, query: Readonly<Record<string, string>>): boolean => {
  const types = typesOf(query)
  if (!types.includes(String(record.response_type ?? "completed"))) return false
  const included = listOf(query.included_response_ids)
  if (included !== undefined && !included.includes(String(record.response_id))) return false
  const excluded = listOf(query.excluded_response_ids)
  if (excluded?.includes(String(record.response_id)) === true) return false
  if (query.query !== undefined && !textOf(record).toLowerCase().includes(query.query.toLowerCase())) {
    return false
  }
  const field = types.every((t) => t === "completed") ? "submitted_at" : "landed_at"
  const at = Date.parse(String(record[field]))
  const until = query.until === undefined ? undefined : secondsOf(query.until)
  if (until !== undefined && at > until + 999) return false
  if (field === "landed_at") {
    const since = query.since === undefined ? undefined : secondsOf(query.since)
    if (since !== undefined && at < since) return false
  }
  return true
}

const renderResponses = (page: MockServer.RenderInput) => ({
  total_items: page.total,
  page_count: Math.ceil(page.total / page.limit),
  items: page.records.map(toWire)
})

/**
 * The forms and responses described to the `@cxkit/connectors/testing` mock server, behind a
 * fixed bearer `token`: per form, `/forms/{id}/responses` (oldest first by `submitted_at` then
 * id; `page_size` up to `pageSize`, default 1000; `since` inclusive; the filters of
 * `response_type`, `until`, `included_response_ids`, `excluded_response_ids` and `query`) and
 * `/forms/{id}` (the definition). `serve` puts Typeform's front end in front (tokens, the
 * per-second limit, parameter validation, the default newest-first order and `before` /
 * `after` tokens, error bodies); the conformance suite runs on both.
 *
 * @example
 * ```ts
 * import { TypeformMock } from "@cxkit/connector-typeform/testing"
 *
 * const options = TypeformMock.serverOptions({ token: "verified", data: TypeformMock.fixtures({ survey: 2, support: 1 }) })
 * console.log(Object.keys(options.resources)) // [ '/forms/Xq2Fb7/responses', '/forms/Lp9sR2/responses', '/forms/Xq2Fb7', '/forms/Lp9sR2' ]
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const serverOptions = (options: {
  readonly token: string
  readonly data: Dataset
  readonly pageSize?: number
}): MockServer.Options => {
  const resources: Record<string, MockServer.Resource> = {}
  for (const form of options.data.forms) {
    resources[responsesPath(form.id)] = {
      stream: "responses",
      records: (options.data.responses[form.id] ?? []) as unknown as ReadonlyArray<MockServer.Fixture>,
      primaryKey: "response_id",
      cursorField: "submitted_at",
      order: "ascending",
      pageSize: options.pageSize ?? 1000,
      defaultLimit: 25,
      params: { limit: "page_size", since: "since" },
      filter: selected,
      render: renderResponses
    }
  }
  for (const form of options.data.forms) {
    resources[formPath(form.id)] = {
      stream: "forms",
      records: [form as unknown as MockServer.Fixture],
      primaryKey: "id",
      render: (page) => page.records[0] ?? {}
    }
  }
  return { auth: { _tag: "Bearer", token: options.token }, resources }
}

/**
 * One request the front end answered.
 *
 * @example
 * ```ts
 * import type { TypeformMock } from "@cxkit/connector-typeform/testing"
 *
 * const r: TypeformMock.LoggedRequest = { path: "/forms/Xq2Fb7/responses", query: { page_size: "1000" }, status: 200 }
 * console.log(r.status) // 200
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export interface LoggedRequest {
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  readonly status: number
}

// The query parameters of "Retrieve responses"; any other is refused (the mock is strict).
const responseParameters = new Set([
  "page_size",
  "since",
  "until",
  "after",
  "before",
  "included_response_ids",
  "excluded_response_ids",
  "response_type",
  "completed",
  "sort",
  "query",
  "fields",
  "answered_fields"
])

const formsParameters = new Set(["search", "page", "page_size", "workspace_id", "sort_by", "order_by"])

const invalid = (field: string, description: string) =>
  errorBody("VALIDATION_ERROR", "The request has invalid parameters (the mock's wording)", [
    { code: "INVALID_PARAMETER", description, field, in: "query" }
  ])

type Rows = ReadonlyArray<MockServer.Fixture>

const compareResponses = (field: string) => (a: MockServer.Fixture, b: MockServer.Fixture) => {
  const ta = Date.parse(String(a[field]))
  const tb = Date.parse(String(b[field]))
  if (ta !== tb) return ta - tb
  return String(a.response_id) < String(b.response_id)
    ? -1
    : String(a.response_id) > String(b.response_id)
      ? 1
      : 0
}

/**
 * Serves Typeform in front of a test kit server built from `serverOptions` (the forms,
 * responses, faults and request log stay there), on 127.0.0.1:
 *
 * - every request needs `Authorization: Bearer <token>`: 403 `AUTHENTICATION_ERROR` without
 *   one, 403 `INVALID_AUTHORIZATION` for another token (as the troubleshooting page lists);
 * - at most `requestsPerSecond` (default 2) authenticated requests per second, else 429;
 * - 404 `FORM_NOT_FOUND` (`Non existing form with uid {id}`) for an unknown form, 404
 *   `NOT_FOUND` for other paths;
 * - 400 `VALIDATION_ERROR` naming the parameter for an unknown parameter, a `page_size` outside
 *   1–1000, a `since` / `until` that is neither Unix seconds nor UTC ISO 8601 to the second, a
 *   `sort` other than `{field},{asc|desc}` or together with `after` / `before`, both tokens at
 *   once, a token of no response of the form, or an unknown `response_type`;
 * - `sort=submitted_at,asc` of completed responses goes to the test kit server (faults,
 *   mutations and the request log apply); the default order (`submitted_at,desc`), the
 *   `before` / `after` tokens (processing order, here `submitted_at` then id), the `landed_at`
 *   order and other response types are answered here from the kit server's current records.
 *
 * @example
 * ```ts
 * import { MockServer } from "@cxkit/connectors/testing"
 * import { TypeformMock } from "@cxkit/connector-typeform/testing"
 *
 * const upstream = await MockServer.start(TypeformMock.serverOptions({ token: "verified", data: TypeformMock.fixtures() }))
 * const front = await TypeformMock.serve(upstream, { token: "tfp_secret", upstreamToken: "verified", formIds: ["Xq2Fb7", "Lp9sR2"] })
 * const response = await fetch(`${front.url}/forms/Xq2Fb7/responses`, { headers: { authorization: "Bearer wrong" } })
 * console.log(response.status, (await response.json()).code) // 403 INVALID_AUTHORIZATION
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
    readonly upstreamToken: string
    readonly formIds: ReadonlyArray<string>
    readonly requestsPerSecond?: number
    readonly now?: () => number
  }
): Promise<LoopbackServer.LoopbackServer & { readonly requests: ReadonlyArray<LoggedRequest> }> => {
  const limit = options.requestsPerSecond ?? 2
  const now = options.now ?? Date.now
  let second = -1
  let used = 0
  const log: Array<LoggedRequest> = []
  const known = (formId: string) => {
    try {
      upstream.resource(formPath(formId))
      return true
    } catch {
      return false
    }
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1")
    const query: Record<string, string> = {}
    for (const [k, v] of url.searchParams) query[k] = v
    const send = (status: number, body: unknown) => {
      log.push({ path: url.pathname, query, status })
      LoopbackServer.json(res, status, body)
    }
    const authorization = req.headers.authorization
    const bearer = /^bearer (.+)$/i.exec(authorization ?? "")?.[1]
    if (bearer === undefined) {
      return send(
        403,
        errorBody("AUTHENTICATION_ERROR", "Authentication credentials not found on the Request Headers")
      )
    }
    if (bearer !== options.token) {
      return send(403, errorBody("INVALID_AUTHORIZATION", "The access token is invalid"))
    }
    const tick = Math.floor(now() / 1000)
    if (tick !== second) {
      second = tick
      used = 0
    }
    used++
    if (used > limit) return send(429, rateLimitedBody())

    const forward = async (path: string, forwarded: Record<string, string>) => {
      const search = new URLSearchParams(forwarded).toString()
      const answer = await LoopbackServer.forward(
        upstream.url,
        req,
        `${path}${search === "" ? "" : `?${search}`}`,
        {
          headers: { authorization: `Bearer ${options.upstreamToken}` }
        }
      )
      log.push({ path: url.pathname, query, status: answer.status })
      LoopbackServer.reply(res, answer)
    }

    if (req.method !== "GET")
      return send(404, errorBody("NOT_FOUND", `No route for ${req.method} ${url.pathname}`))
    if (url.pathname === "/forms") return listForms(query, send)
    const match = /^\/forms\/([^/]+)(\/responses)?$/.exec(url.pathname)
    if (match === null) return send(404, errorBody("NOT_FOUND", `No route for GET ${url.pathname}`))
    const formId = decodeURIComponent(match[1] as string)
    if (!known(formId)) return send(404, errorBody("FORM_NOT_FOUND", `Non existing form with uid ${formId}`))
    if (match[2] === undefined) {
      if (Object.keys(query).length > 0) {
        const name = Object.keys(query)[0] as string
        return send(400, invalid(name, `'${name}' is not a parameter of this request`))
      }
      return forward(url.pathname, {})
    }

    const unknown = Object.keys(query).find((name) => !responseParameters.has(name))
    if (unknown !== undefined)
      return send(400, invalid(unknown, `'${unknown}' is not a parameter of this request`))
    const pageSizeRaw = query.page_size
    const pageSize = pageSizeRaw === undefined ? 25 : Number(pageSizeRaw)
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
      return send(400, invalid("page_size", `'${pageSizeRaw}' is not an integer from 1 to 1000`))
    }
    for (const name of ["since", "until"] as const) {
      const value = query[name]
      if (value !== undefined && secondsOf(value) === undefined) {
        return send(
          400,
          invalid(
            name,
            `'${value}' is neither a Unix timestamp in seconds nor UTC ISO 8601 to the second (2020-03-20T14:00:59)`
          )
        )
      }
    }
    if (query.after !== undefined && query.before !== undefined) {
      return send(400, invalid("before", "after and before cannot be used together"))
    }
    const token = query.after ?? query.before
    if (token !== undefined && query.sort !== undefined) {
      return send(400, invalid("sort", "sort cannot be used together with after or before"))
    }
    const sort = query.sort ?? "submitted_at,desc"
    const sortMatch = /^([A-Za-z0-9_-]+),(asc|desc)$/.exec(sort)
    if (sortMatch === null)
      return send(400, invalid("sort", `'${sort}' is not in {fieldID},{asc|desc} format`))
    const sortField = sortMatch[1] as string
    if (sortField !== "submitted_at" && sortField !== "landed_at") {
      return send(
        400,
        invalid("sort", `the mock sorts by submitted_at or landed_at only, not '${sortField}'`)
      )
    }
    const types = typesOf(query)
    const badType = types.find((t) => !["started", "partial", "completed"].includes(t))
    if (badType !== undefined) {
      return send(400, invalid("response_type", `'${badType}' is not one of started, partial, completed`))
    }
    if (query.completed !== undefined && query.completed !== "true" && query.completed !== "false") {
      return send(400, invalid("completed", `'${query.completed}' is not true or false`))
    }
    const path = responsesPath(formId)
    const completedOnly = types.every((t) => t === "completed")
    if (token === undefined && sortField === "submitted_at" && sortMatch[2] === "asc" && completedOnly) {
      const forwarded: Record<string, string> = { ...query, page_size: String(pageSize) }
      if (query.since !== undefined)
        forwarded.since = new Date(secondsOf(query.since) as number).toISOString()
      return forward(path, forwarded)
    }
    // Answered here, from the kit server's current records.
    const rows: Rows = upstream
      .records(path)
      .filter((r) => selected(r, query))
      .filter((r) => {
        if (!completedOnly || query.since === undefined) return true
        return Date.parse(String(r.submitted_at)) >= (secondsOf(query.since) as number)
      })
      .sort(compareResponses(token === undefined ? sortField : "submitted_at"))
    let ordered: Rows
    if (token !== undefined) {
      const anchor = rows.findIndex((r) => r.token === token)
      const all = upstream.records(path).find((r) => r.token === token)
      if (all === undefined) {
        return send(
          400,
          invalid(query.after !== undefined ? "after" : "before", `'${token}' is not a token of this form`)
        )
      }
      const position =
        anchor >= 0 ? anchor : rows.filter((r) => compareResponses("submitted_at")(r, all) < 0).length
      ordered =
        query.after !== undefined
          ? rows.slice(anchor >= 0 ? position + 1 : position)
          : rows.slice(0, position).reverse()
    } else ordered = sortMatch[2] === "asc" ? rows : [...rows].reverse()
    const items = ordered.slice(0, pageSize)
    return send(200, {
      total_items: ordered.length,
      page_count: Math.ceil(ordered.length / pageSize),
      items: items.map(toWire)
    })
  }

  const listForms = (query: Record<string, string>, send: (status: number, body: unknown) => void) => {
    const unknown = Object.keys(query).find((name) => !formsParameters.has(name))
    if (unknown !== undefined)
      return send(400, invalid(unknown, `'${unknown}' is not a parameter of this request`))
    const page = query.page === undefined ? 1 : Number(query.page)
    const pageSize = query.page_size === undefined ? 10 : Number(query.page_size)
    if (!Number.isInteger(page) || page < 1)
      return send(400, invalid("page", `'${query.page}' is not a page number`))
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 200) {
      return send(400, invalid("page_size", `'${query.page_size}' is not an integer from 1 to 200`))
    }
    const forms = definitions().filter(
      (f) => query.search === undefined || String(f.title).toLowerCase().includes(query.search.toLowerCase())
    )
    const items = forms.slice((page - 1) * pageSize, page * pageSize).map((f) => ({
      id: f.id,
      type: f.type,
      title: f.title,
      created_at: f.created_at,
      last_updated_at: f.last_updated_at,
      settings: f.settings,
      self: { href: `/forms/${String(f.id)}` },
      _links: f._links
    }))
    return send(200, { total_items: forms.length, page_count: Math.ceil(forms.length / pageSize), items })
  }

  const definitions = (): Rows =>
    options.formIds.flatMap((id) => (known(id) ? upstream.records(formPath(id)) : []))

  const server = await LoopbackServer.start(handle, {
    onError: (message) => errorBody("INTERNAL_SERVER_ERROR", `mock bug: ${message}`)
  })
  return { url: server.url, requests: log, close: server.close }
}

/**
 * Options of `start`: the dataset (default `fixtures()`), the personal access token the mock
 * accepts (default a fresh `tfp_…`), the per-second limit (default 2), the largest page the kit
 * server serves (default 1000) and the clock of the per-second window.
 *
 * @example
 * ```ts
 * import type { TypeformMock } from "@cxkit/connector-typeform/testing"
 *
 * const options: TypeformMock.Options = { requestsPerSecond: 1000 }
 * console.log(options.requestsPerSecond) // 1000
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export interface Options {
  readonly data?: Dataset
  readonly token?: string
  readonly requestsPerSecond?: number
  readonly pageSize?: number
  readonly now?: () => number
}

/**
 * A running mock.
 *
 * @example
 * ```ts
 * import { TypeformMock } from "@cxkit/connector-typeform/testing"
 *
 * TypeformMock.start().then(async (mock) => {
 *   console.log(mock.formIds) // [ 'Xq2Fb7', 'Lp9sR2' ]
 *   await mock.close()
 * })
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export interface TypeformMock {
  /** The front end's `http://127.0.0.1:<port>`. */
  readonly url: string
  /** The test kit server holding the dataset, faults and its request log. */
  readonly server: MockServer.MockServer
  readonly token: string
  readonly formIds: ReadonlyArray<string>
  /** Every request the front end answered. */
  readonly requests: ReadonlyArray<LoggedRequest>
  /** A connector config for this mock (all its forms unless `formIds` says otherwise). */
  readonly config: (overrides?: {
    readonly formIds?: ReadonlyArray<string>
    readonly pageSize?: number
  }) => TypeformConnector.Config
  /** The current responses of a form. */
  readonly responses: (formId: string) => ReadonlyArray<TypeformConnector.Response>
  /** Adds (or replaces, by `response_id`) responses of their `form_id`. */
  readonly submit: (responses: ReadonlyArray<TypeformConnector.Response>) => void
  /** Deletes responses without a trace, as `DELETE /forms/{form_id}/responses` does. */
  readonly remove: (formId: string, responseIds: ReadonlyArray<string>) => void
  /** Answers the next `times` responses requests with this status and Typeform's error body. */
  readonly fail: (status: 429 | 500 | 503, times?: number) => void
  /** Runs `hook` before each responses request reaches the kit server (`undefined` removes it). */
  readonly beforeRequest: (hook: ((request: MockServer.PendingRequest) => void) | undefined) => void
  readonly close: () => Promise<void>
}

/**
 * Starts the mock (`serve` on a test kit server of its own) on 127.0.0.1 (ephemeral port);
 * `close` stops both.
 *
 * @example
 * ```ts
 * import { Sync } from "@cxkit/connectors"
 * import { TypeformConnector } from "@cxkit/connector-typeform"
 * import { TypeformMock } from "@cxkit/connector-typeform/testing"
 *
 * const main = async () => {
 *   const mock = await TypeformMock.start()
 *   const events = await Sync.toArray(TypeformConnector.connector, { config: mock.config() })
 *   console.log(Sync.records(events, "forms").length, Sync.records(events, "responses").length) // 2 42
 *   await mock.close()
 * }
 * main()
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const start = async (options: Options = {}): Promise<TypeformMock> => {
  const dataset = options.data ?? fixtures()
  const token = options.token ?? `tfp_${crypto.randomUUID().replace(/-/g, "")}`
  const upstreamToken = `verified-${crypto.randomUUID()}`
  const ids = dataset.forms.map((f) => f.id)
  const upstream = await MockServer.start(
    serverOptions({
      token: upstreamToken,
      data: dataset,
      ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {})
    })
  )
  const front = await serve(upstream, {
    token,
    upstreamToken,
    formIds: ids,
    ...(options.requestsPerSecond !== undefined ? { requestsPerSecond: options.requestsPerSecond } : {}),
    ...(options.now !== undefined ? { now: options.now } : {})
  })
  return {
    url: front.url,
    server: upstream,
    token,
    formIds: ids,
    requests: front.requests,
    config: (overrides = {}) => ({
      token: Redacted.make(token),
      formIds: overrides.formIds ?? ids,
      baseUrl: front.url,
      ...(overrides.pageSize !== undefined ? { pageSize: overrides.pageSize } : {})
    }),
    responses: (formId) =>
      upstream.records(responsesPath(formId)) as unknown as ReadonlyArray<TypeformConnector.Response>,
    submit: (responses) => {
      for (const response of responses) {
        upstream.upsert(responsesPath(response.form_id), response as unknown as MockServer.Fixture)
      }
    },
    remove: (formId, responseIds) => {
      for (const id of responseIds) upstream.erase(responsesPath(formId), id)
    },
    fail: (status, times = 1) => {
      for (const formId of ids) {
        upstream.inject({
          fault: MockServer.status(
            status,
            status === 429
              ? rateLimitedBody()
              : errorBody("INTERNAL_SERVER_ERROR", "Something went wrong (the mock's wording)")
          ),
          path: responsesPath(formId),
          times
        })
      }
    },
    beforeRequest: (hook) => upstream.beforeRequest(hook),
    close: async () => {
      await front.close()
      await upstream.close()
    }
  }
}
