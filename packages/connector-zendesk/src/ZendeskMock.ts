/**
 * A loopback Zendesk mock for tests, demos and the quickstart, built on the
 * `@cxkit/connectors/testing` mock server from fixture records: the cursor-based incremental
 * exports of tickets and users (`start_time`, then `cursor`; `after_cursor`, `after_url`,
 * `end_of_stream`), satisfaction ratings and organizations with cursor pagination
 * (`page[size]`, `page[after]`, `meta.has_more`), `users/me`, basic auth
 * `{email}/token:{api_token}`, and Zendesk's 429 with `Retry-After`. Not for production code.
 *
 * @module
 * @since 0.1.0
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { LoopbackServer, MockServer } from "@cxkit/connectors/testing"
import * as data from "./internal/fixtures.ts"
import type { Organization, SatisfactionRating, Ticket, User } from "./ZendeskConnector.ts"

/**
 * A dataset: tickets (status `deleted` for deleted ones), users (`active: false` for deleted
 * ones), satisfaction ratings and organizations.
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

/**
 * Starts the Zendesk mock on 127.0.0.1 from a dataset (default: `fixtures()`). Every answer
 * carries `X-Rate-Limit` / `X-Rate-Limit-Remaining`; a wrong token gets Zendesk's 401
 * (`{ "error": "Couldn't authenticate you" }`); the incremental exports enforce their limit
 * (`exportLimit` per rolling minute, default 10) with a 429 and `Retry-After`, on the clock
 * `now` (default `Date.now`; tests pass a clock that follows their `TestClock`).
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
