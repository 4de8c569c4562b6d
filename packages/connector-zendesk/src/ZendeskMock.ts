/**
 * A loopback Zendesk mock for tests, demos and the quickstart, built on the
 * `@cxkit/connectors/testing` mock server from fixture records: the cursor-based incremental
 * exports of tickets and users (`start_time`, then `cursor`; `after_cursor`, `after_url`,
 * `end_of_stream`), satisfaction ratings and organizations with cursor pagination
 * (`page[size]`, `page[after]`, `meta.has_more`), the current CSAT's survey responses and survey
 * definitions (`/api/v2/guide/…`, or their 403 for an account without them), `users/me`, basic auth
 * `{email}/token:{api_token}`, and Zendesk's 429 with `Retry-After`. Not for production code.
 *
 * @module
 * @since 0.1.0
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { LoopbackServer, MockServer } from "@cxkit/connectors/testing"
import * as data from "./internal/fixtures.ts"
import type {
  CsatResponse,
  CsatSurvey,
  Organization,
  SatisfactionRating,
  Ticket,
  User
} from "./ZendeskConnector.ts"

/**
 * A dataset: tickets (status `deleted` for deleted ones), users (`active: false` for deleted
 * ones), satisfaction ratings and organizations; optionally the current CSAT's survey
 * definitions (every version of each survey) and survey responses (none when absent).
 *
 * @example
 * ```ts
 * import type { ZendeskMock } from "@cxkit/connector-zendesk/testing"
 *
 * const empty: ZendeskMock.Dataset = { tickets: [], users: [], satisfactionRatings: [], organizations: [] }
 * console.log(empty.tickets.length) // 0
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export interface Dataset {
  readonly tickets: ReadonlyArray<Ticket>
  readonly users: ReadonlyArray<User>
  readonly satisfactionRatings: ReadonlyArray<SatisfactionRating>
  readonly organizations: ReadonlyArray<Organization>
  readonly csatSurveys?: ReadonlyArray<CsatSurvey>
  readonly csatResponses?: ReadonlyArray<CsatResponse>
}

/**
 * The fixture dataset of the mock (generated in code, no files): 12 tickets on eight
 * channels (one deleted, two sharing one `generated_timestamp`), 8 users (one with an invalid
 * email), 7 satisfaction ratings (good, bad, offered) and 4 organizations.
 *
 * @example
 * ```ts
 * import { ZendeskMock } from "@cxkit/connector-zendesk/testing"
 *
 * const data = ZendeskMock.fixtures()
 * console.log(data.tickets.length, data.satisfactionRatings.length) // 12 7
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const fixtures = (): Dataset => ({
  tickets: data.tickets,
  users: data.users,
  satisfactionRatings: data.satisfactionRatings,
  organizations: data.organizations
})

/**
 * The current CSAT's fixtures, kept out of `fixtures()` (so the default dataset and what is
 * built on it stay as they were): 3 survey definitions (one survey at version 2, a 2-point
 * numeric scale, and version 3, a 5-point emoji scale; another survey with a 3-point custom-text
 * scale) and 7 survey responses (ratings on each scale with reasons and comments, a skipped
 * rating, a rating of 7 off its 1–5 scale). Add them with `{ ...fixtures(), ...csatFixtures() }`;
 * without them the mock has no CSAT endpoints (404, like an account without the current CSAT).
 *
 * @example
 * ```ts
 * import { ZendeskMock } from "@cxkit/connector-zendesk/testing"
 *
 * const csat = ZendeskMock.csatFixtures()
 * console.log(csat.csatSurveys.map((s) => `${s.id.slice(-4)}@${s.version}`), csat.csatResponses.length) // [ "R0W4@2", "R0W4@3", "7N1D@1" ] 7
 * ```
 *
 * @since 0.2.0
 * @category testing
 */
export const csatFixtures = (): {
  readonly csatSurveys: ReadonlyArray<CsatSurvey>
  readonly csatResponses: ReadonlyArray<CsatResponse>
} => ({ csatSurveys: data.csatSurveys, csatResponses: data.csatResponses })

/**
 * The HTTP `Authorization` header Zendesk expects for API token authentication.
 *
 * @example
 * ```ts
 * import { ZendeskMock } from "@cxkit/connector-zendesk/testing"
 *
 * console.log(ZendeskMock.authorization("ops@acme.example", "zd-123"))
 * // "Basic b3BzQGFjbWUuZXhhbXBsZS90b2tlbjp6ZC0xMjM="
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const authorization = (email: string, apiToken: string): string =>
  `Basic ${Buffer.from(`${email}/token:${apiToken}`).toString("base64")}`

/**
 * Zendesk's 429 as a fault for the mock: `Retry-After` (seconds, 60 by default), the
 * `X-Rate-Limit` headers and its JSON error body.
 *
 * @example
 * ```ts
 * import { ZendeskMock } from "@cxkit/connector-zendesk/testing"
 *
 * const fault = ZendeskMock.rateLimited(30)
 * console.log(fault.status, fault.headers["retry-after"]) // 429 "30"
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const rateLimited = (retryAfterSeconds = 60): Extract<MockServer.Fault, { _tag: "Status" }> =>
  MockServer.status(
    429,
    {
      error: "TooManyRequests",
      description: "You have exceeded the rate limit of 10 requests per minute for incremental exports"
    },
    { "retry-after": String(retryAfterSeconds), "x-rate-limit": "10", "x-rate-limit-remaining": "0" }
  ) as Extract<MockServer.Fault, { _tag: "Status" }>

// The test kit marks tombstones with a boolean field; Zendesk marks them in the record itself.
const deletedField = "cxkitDeleted"

// The test kit's keyset token (base64url JSON of [cursor value, key]): the export's after_cursor
// after the last record, which Zendesk returns even at the end of the stream.
const tokenAfter = (record: Readonly<Record<string, unknown>>, cursorField: string) =>
  Buffer.from(JSON.stringify([record[cursorField], String(record.id)])).toString("base64url")

const cursorExport = (
  path: string,
  key: "tickets" | "users",
  cursorField: string,
  pageSize: number,
  records: ReadonlyArray<Readonly<Record<string, unknown>>>,
  tombstone: (record: Readonly<Record<string, unknown>>) => Record<string, unknown>,
  isDeleted: (record: Readonly<Record<string, unknown>>) => boolean
): MockServer.Resource => ({
  stream: key,
  records: records.map((r) => (isDeleted(r) ? { ...r, [deletedField]: true } : r)),
  primaryKey: "id",
  cursorField,
  pageSize,
  deletedField,
  supportsDeletes: true,
  params: { since: "start_time", cursor: "cursor", limit: "per_page" },
  render: (page) => {
    const last = page.records.at(-1)
    const after = page.next ?? (last !== undefined ? tokenAfter(last, cursorField) : undefined)
    return {
      [key]: page.records.map((record) => {
        const { [deletedField]: gone, ...rest } = record
        return gone === true ? tombstone(rest) : rest
      }),
      after_url: after !== undefined ? `${path}?cursor=${after}` : null,
      after_cursor: after ?? null,
      before_url: null,
      before_cursor: null,
      end_of_stream: !page.hasMore
    }
  }
})

const cursorList = (
  path: string,
  key: string,
  stream: string,
  pageSize: number,
  records: ReadonlyArray<Readonly<Record<string, unknown>>>
): MockServer.Resource => ({
  stream,
  records,
  primaryKey: "id",
  pageSize,
  params: { limit: "page[size]", cursor: "page[after]" },
  render: (page) => ({
    [key]: page.records,
    meta: { has_more: page.hasMore, after_cursor: page.next ?? null, before_cursor: null },
    links: { next: page.next !== undefined ? `${path}?page[after]=${page.next}` : null, prev: null }
  })
})

// The survey responses' documented filters (filter[created_at_start|end] in Unix milliseconds,
// filter[responder_ids], filter[subject_zrns]); the mock dates a response by its first answer.
const csatFilter = (record: Readonly<Record<string, unknown>>, query: Readonly<Record<string, string>>) => {
  const response = record as unknown as CsatResponse
  const created = Math.min(...response.answers.map((a) => Date.parse(a.created_at)))
  const start = query["filter[created_at_start]"]
  const end = query["filter[created_at_end]"]
  const list = (name: string) => query[name]?.split(",").map((v) => v.trim())
  const responders = list("filter[responder_ids]")
  const subjects = list("filter[subject_zrns]")
  return (
    (start === undefined || created >= Number(start)) &&
    (end === undefined || created <= Number(end)) &&
    (responders === undefined || responders.includes(String(response.responder_id))) &&
    (subjects === undefined || response.subject_zrns.some((zrn) => subjects.includes(zrn)))
  )
}

const csatResources = (
  surveys: ReadonlyArray<CsatSurvey>,
  responses: ReadonlyArray<CsatResponse>,
  pageSize: number
): Record<string, MockServer.Resource> => {
  const latest = new Map<string, CsatSurvey>()
  for (const survey of surveys) {
    const seen = latest.get(survey.id)
    if (seen === undefined || seen.version < survey.version) latest.set(survey.id, survey)
  }
  const resources: Record<string, MockServer.Resource> = {
    "/api/v2/guide/survey_responses": {
      ...cursorList(
        "/api/v2/guide/survey_responses",
        "survey_responses",
        "csat_responses",
        pageSize,
        responses
      ),
      filter: csatFilter
    },
    // List Surveys (the latest version of each); no stream reads it, the responses name their version
    "/api/v2/guide/en-us/surveys": {
      ...cursorList("/api/v2/guide/en-us/surveys", "surveys", "csat_surveys", pageSize, [...latest.values()]),
      stream: undefined
    }
  }
  for (const survey of surveys) {
    resources[`/api/v2/guide/en-us/surveys/${survey.id}/${survey.version}`] = {
      records: [survey],
      primaryKey: "id",
      render: (page) => ({ survey: page.records[0] ?? null })
    }
  }
  return resources
}

/**
 * The `@cxkit/connectors/testing` mock server options for a dataset (what `mock` serves and the
 * conformance suite runs on).
 *
 * @example
 * ```ts
 * import { ZendeskMock } from "@cxkit/connector-zendesk/testing"
 *
 * const options = ZendeskMock.serverOptions({ email: "ops@acme.example", apiToken: "zd-123", pageSize: 5 })
 * console.log(Object.keys(options.resources)[0]) // "/api/v2/incremental/tickets/cursor.json"
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const serverOptions = (options: {
  readonly email: string
  readonly apiToken: string
  readonly pageSize?: number
  readonly dataset?: Dataset
}): MockServer.Options => {
  const data = options.dataset ?? fixtures()
  const pageSize = options.pageSize ?? 1000
  const ticketsPath = "/api/v2/incremental/tickets/cursor.json"
  const usersPath = "/api/v2/incremental/users/cursor.json"
  const agent = data.users.find((u) => u.role !== "end-user") ?? data.users[0]
  return {
    auth: { _tag: "Header", name: "authorization", value: authorization(options.email, options.apiToken) },
    resources: {
      [ticketsPath]: cursorExport(
        ticketsPath,
        "tickets",
        "generated_timestamp",
        pageSize,
        data.tickets,
        (record) => ({ ...record, status: "deleted" }),
        (record) => record.status === "deleted"
      ),
      [usersPath]: cursorExport(
        usersPath,
        "users",
        "updated_at",
        pageSize,
        data.users,
        (record) => ({ ...record, active: false }),
        (record) => record.active === false
      ),
      "/api/v2/satisfaction_ratings.json": cursorList(
        "/api/v2/satisfaction_ratings.json",
        "satisfaction_ratings",
        "satisfaction_ratings",
        Math.min(100, pageSize),
        data.satisfactionRatings
      ),
      "/api/v2/organizations.json": cursorList(
        "/api/v2/organizations.json",
        "organizations",
        "organizations",
        Math.min(100, pageSize),
        data.organizations
      ),
      // the current CSAT's endpoints exist only for a dataset with CSAT data (else they answer 404)
      ...(data.csatSurveys !== undefined || data.csatResponses !== undefined
        ? csatResources(data.csatSurveys ?? [], data.csatResponses ?? [], Math.min(100, pageSize))
        : {}),
      "/api/v2/users/me.json": {
        records: agent !== undefined ? [agent] : [],
        primaryKey: "id",
        render: (page) => ({ user: page.records[0] ?? null })
      }
    }
  }
}

/**
 * A running Zendesk mock: pass `url` as the connector's `baseUrl` with `email` and `apiToken`.
 *
 * @example
 * ```ts
 * import type { ZendeskMock } from "@cxkit/connector-zendesk/testing"
 *
 * const configOf = (mock: ZendeskMock.Mock) => ({ baseUrl: mock.url, email: mock.email, apiToken: mock.apiToken })
 * console.log(typeof configOf) // "function"
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export interface Mock {
  readonly url: string
  readonly email: string
  readonly apiToken: string
  /** The test kit server: faults, request log, mutations (`remove` deletes a ticket or user). */
  readonly server: MockServer.MockServer
  /** Requests as Zendesk saw them, with the status it answered (429s of the export limit included). */
  readonly requests: ReadonlyArray<{ readonly path: string; readonly status: number; readonly at: number }>
  readonly close: () => Promise<void>
}

const zendeskError = (error: string, description?: string) =>
  JSON.stringify(description === undefined ? { error } : { error, description })

// The CSAT (guide) endpoints answer errors as { errors: [{ code, status, title }] }.
const guideError = (status: number, code: string, title: string) =>
  JSON.stringify({ errors: [{ code, status: String(status), title }] })

/**
 * Starts the Zendesk mock on 127.0.0.1 from a dataset (default: `fixtures()`). Every answer
 * carries `X-Rate-Limit` / `X-Rate-Limit-Remaining`; a wrong token gets Zendesk's 401
 * (`{ "error": "Couldn't authenticate you" }`); the incremental exports enforce their limit
 * (`exportLimit` per rolling minute, default 10) with a 429 and `Retry-After`, on the clock
 * `now` (default `Date.now`; tests pass a clock that follows their `TestClock`). With
 * `csat: false` it is an account without the current CSAT: its `/api/v2/guide/…` endpoints
 * answer 403 `{ "errors": [{ "code": "Forbidden", … }] }`.
 *
 * @example
 * ```ts
 * import { ZendeskMock } from "@cxkit/connector-zendesk/testing"
 *
 * const mock = await ZendeskMock.mock()
 * const response = await fetch(`${mock.url}/api/v2/incremental/tickets/cursor.json?start_time=0&per_page=5`, {
 *   headers: { authorization: ZendeskMock.authorization(mock.email, mock.apiToken) }
 * })
 * const body = await response.json()
 * console.log(body.tickets.length, body.end_of_stream, typeof body.after_cursor) // 5 false "string"
 * await mock.close()
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const mock = async (
  options: {
    readonly dataset?: Dataset
    readonly email?: string
    readonly apiToken?: string
    readonly pageSize?: number
    readonly exportLimit?: number
    readonly now?: () => number
    /** `false`: an account without the current CSAT, whose `/api/v2/guide/…` endpoints answer 403. */
    readonly csat?: boolean
  } = {}
): Promise<Mock> => {
  const email = options.email ?? "support@acme.example"
  const apiToken = options.apiToken ?? "zd-mock-api-token"
  const exportLimit = options.exportLimit ?? 10
  const now = options.now ?? Date.now
  const upstream = await MockServer.start(
    serverOptions({
      email,
      apiToken,
      ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}),
      ...(options.dataset !== undefined ? { dataset: options.dataset } : {})
    })
  )
  const requests: Array<{ path: string; status: number; at: number }> = []
  const exports: Array<number> = []
  let remaining = 700

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1")
    const at = now()
    const entry = { path: url.pathname, status: 0, at }
    requests.push(entry)
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      entry.status = status
      remaining = Math.max(0, remaining - 1)
      res.writeHead(status, {
        "content-type": "application/json; charset=utf-8",
        "x-rate-limit": "700",
        "x-rate-limit-remaining": String(remaining),
        ...headers
      })
      res.end(body)
    }
    // https://developer.zendesk.com/api-reference/ticketing/ticket-management/csat_survey_responses: 403 body
    if (options.csat === false && url.pathname.startsWith("/api/v2/guide/")) {
      return send(403, guideError(403, "Forbidden", "Access to the resource is forbidden"))
    }
    if (url.pathname.startsWith("/api/v2/incremental/")) {
      while (exports.length > 0 && (exports[0] as number) <= at - 60_000) exports.shift()
      if (exports.length >= exportLimit) {
        const wait = Math.max(1, Math.ceil(((exports[0] as number) + 60_000 - at) / 1000))
        return send(
          429,
          zendeskError(
            "TooManyRequests",
            `You have exceeded the rate limit of ${exportLimit} requests per minute for incremental exports`
          ),
          { "retry-after": String(wait) }
        )
      }
      exports.push(at)
    }
    // the user export compares start_time (Unix seconds) with updated_at: ask the kit in ISO
    const startTime = url.searchParams.get("start_time")
    if (
      url.pathname === "/api/v2/incremental/users/cursor.json" &&
      startTime !== null &&
      /^\d+$/.test(startTime)
    ) {
      url.searchParams.set("start_time", new Date(Number(startTime) * 1000).toISOString())
    }
    const answer = await LoopbackServer.forward(upstream.url, req, `${url.pathname}${url.search}`)
    if (answer.status === 401) return send(401, zendeskError("Couldn't authenticate you"))
    if (answer.status === 404 && url.pathname.startsWith("/api/v2/guide/")) {
      return send(404, guideError(404, "NotFound", "The survey could not be found"))
    }
    if (answer.status === 404) return send(404, zendeskError("InvalidEndpoint", "Not found"))
    send(answer.status, answer.text, answer.headers)
  }

  const server = await LoopbackServer.start(handle, {
    onError: (message) => zendeskError("InternalError", message)
  })
  return {
    url: server.url,
    email,
    apiToken,
    server: upstream,
    requests,
    close: async () => {
      await server.close()
      await upstream.close()
    }
  }
}
