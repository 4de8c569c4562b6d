/**
 * A loopback mock of Trustpilot's `GET /v1/business-units/{businessUnitId}/reviews`, built on the
 * `@cxkit/connectors/testing` mock server from fixture reviews: the `apikey` header, the
 * documented parameters (`page` 1–2147483647, default 1; `perPage` 1–100, default 20;
 * `orderBy`; the `stars` and `language` filters), page-number paging over the current order (so
 * reviews deleted or posted between pages shift later pages, as on Trustpilot), the response
 * envelope (`reviews`, hypermedia `links` with `prev-page`/`next-page`), the recommended
 * limits (833 requests per 5 minutes, 10,000 per hour) answered with 429, and error answers
 * with a `message` for each documented status. The test kit server underneath holds the
 * reviews, faults and mutations; `serve` is Trustpilot's front end on it. Not for production
 * code.
 *
 * Sources: "Get a business unit's reviews" (https://developers.trustpilot.com/business-units-api-(public)),
 * the parameters' ranges as documented for the reviews endpoints
 * (https://developers.trustpilot.com/consumer-api), "Common error messages"
 * (https://developers.trustpilot.com/get-started/common-error-messages), "Rate limiting"
 * (https://developers.trustpilot.com/get-started/rate-limiting) and the FAQ's "Invalid API key"
 * (https://developers.trustpilot.com/faq). Trustpilot documents statuses and messages, not an
 * error body schema: the mock answers `{ message }`.
 *
 * @module
 * @since 0.1.0
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { LoopbackServer, MockServer } from "@cxkit/connectors/testing"
import { Redacted } from "effect"
import type * as TrustpilotConnector from "./TrustpilotConnector.ts"

/**
 * A fixture review (a review record, as the connector delivers it, without its `links`).
 *
 * @example
 * ```ts
 * import type { TrustpilotMock } from "@cxkit/connector-trustpilot/testing"
 *
 * const r: TrustpilotMock.FixtureReview = {
 *   id: "r1", stars: 5, title: "Great", text: "Love it", language: "en", createdAt: "2024-05-01T10:00:00Z",
 *   updatedAt: null, consumer: { id: "c1", displayName: "Jo" }, companyReply: null
 * }
 * console.log(r.stars)
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export type FixtureReview = TrustpilotConnector.Review

const names = ["Anne Johnson", "Marta R.", "jk_88", "Sam", "Dr. Lee", "Noor", "Bob", "Kasper"]
const languages = ["en", "en", "da", "de", "en", "fr", "en", "da"]
const texts: ReadonlyArray<readonly [number, string, string]> = [
  [5, "Excellent service", "Delivery was quick and support was helpful. Love it."],
  [1, "Lost my order", "My parcel was lost and support was useless. Terrible."],
  [4, "Good shop", "Good prices, fast shipping. Would love more sizes."],
  [2, "Disappointed", "The product broke after a week. Not happy."],
  [3, "OK", "Does the job."],
  [5, "Great experience", "Excellent experience from start to finish."],
  [1, "Awful support", "Support was rude and my refund is still missing. Awful."],
  [4, "Nice", "Nice packaging and friendly staff."]
]

const iso = (millis: number) => `${new Date(millis).toISOString().slice(0, 19)}Z`

/**
 * A fixture review created at `millis` (`n` picks its text, consumer and language); every third
 * has a company reply an hour later, every fifth was edited (`updatedAt`) two hours later.
 *
 * @example
 * ```ts
 * import { TrustpilotMock } from "@cxkit/connector-trustpilot/testing"
 *
 * const r = TrustpilotMock.reviewAt(Date.parse("2024-05-20T12:00:00Z"), 3)
 * console.log(r.title, r.createdAt, r.companyReply) // Disappointed 2024-05-20T12:00:00Z { text: 'Sorry to hear that, please contact us.', createdAt: '2024-05-20T13:00:00Z' }
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const reviewAt = (millis: number, n: number): FixtureReview => {
  const [stars, title, text] = texts[n % texts.length] as readonly [number, string, string]
  // Trustpilot ids are 24 hex digits (MongoDB ObjectIds: 8 of them the creation second)
  const id = `${Math.floor(millis / 1000)
    .toString(16)
    .padStart(8, "0")}${(1_000_000 + n).toString(16).padStart(16, "0")}`
  return {
    id,
    stars,
    title,
    text,
    language: languages[n % languages.length] as string,
    createdAt: iso(millis),
    updatedAt: n % 5 === 0 ? iso(millis + 7_200_000) : null,
    consumer: {
      id: `c${(n % names.length).toString(16).padStart(23, "0")}`,
      displayName: names[n % names.length] as string
    },
    companyReply:
      n % 3 === 0
        ? {
            text: stars >= 4 ? "Thank you for the kind words!" : "Sorry to hear that, please contact us.",
            createdAt: iso(millis + 3_600_000)
          }
        : null
  }
}

/**
 * Fixture reviews: `count` (default 64), one every `spacingHours` (default 5) back from `now`,
 * newest first, with mixed stars, languages, replies and edits.
 *
 * @example
 * ```ts
 * import { TrustpilotMock } from "@cxkit/connector-trustpilot/testing"
 *
 * const reviews = TrustpilotMock.fixtures({ count: 2, now: Date.parse("2024-05-20T12:00:00Z") })
 * console.log(reviews.map((r) => [r.stars, r.createdAt])) // [ [ 5, '2024-05-20T07:00:00Z' ], [ 1, '2024-05-20T02:00:00Z' ] ]
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const fixtures = (
  options: { readonly count?: number; readonly now?: number; readonly spacingHours?: number } = {}
): Array<FixtureReview> => {
  const now = Math.floor((options.now ?? Date.now()) / 3_600_000) * 3_600_000
  const spacing = (options.spacingHours ?? 5) * 3_600_000
  return Array.from({ length: options.count ?? 64 }, (_, i) => reviewAt(now - (i + 1) * spacing, i))
}

/**
 * Options of `start`: the business unit id (default `"507f191e810c19729de860ea"`), the fixture
 * reviews (default `fixtures()`), the API key (default: a random one), the limits per 5 minutes
 * (default 833) and per hour (default 10,000), and the clock.
 *
 * @example
 * ```ts
 * import type { TrustpilotMock } from "@cxkit/connector-trustpilot/testing"
 *
 * const options: TrustpilotMock.Options = { apiKey: "k", fiveMinuteLimit: 10 }
 * console.log(options.fiveMinuteLimit)
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export interface Options {
  readonly businessUnitId?: string
  readonly reviews?: ReadonlyArray<FixtureReview>
  readonly apiKey?: string
  readonly fiveMinuteLimit?: number
  readonly hourlyLimit?: number
  /** The server's clock in milliseconds (default `Date.now`): the limits' windows. */
  readonly now?: () => number
}

/**
 * One logged request.
 *
 * @example
 * ```ts
 * import type { TrustpilotMock } from "@cxkit/connector-trustpilot/testing"
 *
 * const r: TrustpilotMock.LoggedRequest = { path: "/v1/business-units/x/reviews", query: {}, status: 200 }
 * console.log(r.status)
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

/**
 * A running mock.
 *
 * @example
 * ```ts
 * import { TrustpilotMock } from "@cxkit/connector-trustpilot/testing"
 *
 * TrustpilotMock.start().then(async (server) => {
 *   console.log(server.url.startsWith("http://127.0.0.1:")) // true
 *   await server.close()
 * })
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export interface TrustpilotMock {
  readonly url: string
  /** The test kit server holding the reviews: faults (`inject`), mutations, its request log. */
  readonly server: MockServer.MockServer
  readonly businessUnitId: string
  readonly apiKey: string
  /** Requests as Trustpilot saw them, with the status it answered. */
  readonly requests: ReadonlyArray<LoggedRequest>
  /** A decoded connector config pointing at this mock. */
  readonly config: (overrides?: { readonly perPage?: number }) => TrustpilotConnector.Config
  readonly reviews: () => ReadonlyArray<FixtureReview>
  /** Publishes new reviews. */
  readonly post: (reviews: ReadonlyArray<FixtureReview>) => void
  /** Answers the next `times` requests with this status and a `{ message }` body. */
  readonly fail: (status: 429 | 500 | 503, times?: number) => void
  /** Deletes reviews by id: every later review moves up one position, as on Trustpilot. */
  readonly remove: (ids: ReadonlyArray<string>) => void
  /** Runs `hook` before each reviews request is answered (`undefined` removes it). */
  readonly beforeRequest: (
    hook:
      | ((request: { readonly page: string | undefined; readonly perPage: string | undefined }) => void)
      | undefined
  ) => void
  readonly close: () => Promise<void>
}

const reviewsPath = (businessUnitId: string) => `/v1/business-units/${businessUnitId}/reviews`

const tooManyRequests = { message: "Too many requests" }

const listOf = (value: string | undefined) =>
  value === undefined || value === "" ? undefined : value.split(",").map((v) => v.trim())

const selected = (review: MockServer.Fixture, query: Readonly<Record<string, string>>) => {
  const stars = listOf(query.stars)
  const languages = listOf(query.language)
  return (
    (stars === undefined || stars.includes(String(review.stars))) &&
    (languages === undefined || languages.includes(String(review.language)))
  )
}

// a review's own links point at the public API, as Trustpilot writes them (absolute)
const api = "https://api.trustpilot.com"

const renderReviews = (page: MockServer.RenderInput) => {
  const { origin } = page
  const reviews = page.records.map((record) => ({
    ...record,
    links: [
      { href: `${api}/v1/reviews/${String(record.id)}`, method: "GET", rel: "reviews" },
      {
        href: `${api}/v1/consumers/${String((record.consumer as { id: string }).id)}`,
        method: "GET",
        rel: "consumer"
      }
    ]
  }))
  const link = (number: number, rel: string) => {
    const query = new URLSearchParams(page.query)
    query.set("page", String(number))
    query.set("perPage", String(page.limit))
    return { href: `${origin}${page.path}?${query.toString()}`, method: "GET", rel }
  }
  return {
    reviews,
    links: [
      ...(page.page > 1 ? [link(page.page - 1, "prev-page")] : []),
      ...(page.hasMore ? [link(page.page + 1, "next-page")] : [])
    ]
  }
}

/**
 * The reviews endpoint described to the `@cxkit/connectors/testing` mock server: the path,
 * `perPage` (default 20, at most 100) and `page` (an offset of (page − 1) × perPage into the
 * current order, newest first), the `stars` and `language` filters (comma-separated), and the
 * envelope (`reviews` with their `links`, the page's `prev-page`/`next-page` links), behind a
 * fixed `apikey`. `serve` adds Trustpilot's front end (the caller's key, limits, parameter
 * validation, error answers); the conformance suite runs on both.
 *
 * @example
 * ```ts
 * import { TrustpilotMock } from "@cxkit/connector-trustpilot/testing"
 *
 * const options = TrustpilotMock.serverOptions({ apiKey: "verified", reviews: TrustpilotMock.fixtures({ count: 2 }) })
 * console.log(Object.keys(options.resources)) // [ '/v1/business-units/507f191e810c19729de860ea/reviews' ]
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const serverOptions = (options: {
  readonly apiKey: string
  readonly reviews: ReadonlyArray<FixtureReview>
  readonly businessUnitId?: string
}): MockServer.Options => ({
  auth: { _tag: "Header", name: "apikey", value: options.apiKey },
  resources: {
    [reviewsPath(options.businessUnitId ?? "507f191e810c19729de860ea")]: {
      stream: "reviews",
      records: options.reviews,
      primaryKey: "id",
      cursorField: "createdAt",
      order: "descending",
      pageSize: 100,
      defaultLimit: 20,
      params: { limit: "perPage", page: "page" },
      filter: selected,
      render: renderReviews
    }
  }
})

const orders = ["createdat.asc", "createdat.desc", "stars.asc", "stars.desc"]

/**
 * Serves Trustpilot in front of a test kit server built from `serverOptions` (the reviews,
 * faults and request log stay there), on 127.0.0.1:
 *
 * - every request needs the `apikey` header with `apiKey`: 401 `{ message: "Invalid API key" }`
 *   otherwise; accepted requests reach the kit server with its fixed key `token`;
 * - 429 `{ message: "Too many requests" }` past `fiveMinuteLimit` (default 833) requests in 5
 *   minutes or `hourlyLimit` (default 10,000) in an hour;
 * - 404 for another path, method or business unit; 400 naming the parameter for a `perPage`
 *   outside 1–100, a `page` outside 1–2147483647, an unknown `orderBy` or `stars` outside 1–5;
 *   the mock serves `createdat.desc` only and answers the other documented orders with a 400
 *   saying so;
 * - faults injected into the test kit server answer as injected (`fail` injects `{ message }`
 *   bodies).
 *
 * @example
 * ```ts
 * import { MockServer } from "@cxkit/connectors/testing"
 * import { TrustpilotMock } from "@cxkit/connector-trustpilot/testing"
 *
 * const upstream = await MockServer.start(TrustpilotMock.serverOptions({ apiKey: "verified", reviews: TrustpilotMock.fixtures({ count: 3 }) }))
 * const front = await TrustpilotMock.serve(upstream, { apiKey: "secret", token: "verified" })
 * const response = await fetch(`${front.url}/v1/business-units/507f191e810c19729de860ea/reviews`, { headers: { apikey: "wrong" } })
 * console.log(response.status, (await response.json()).message) // 401 Invalid API key
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
    readonly apiKey: string
    readonly token: string
    readonly businessUnitId?: string
    readonly fiveMinuteLimit?: number
    readonly hourlyLimit?: number
    readonly now?: () => number
  }
): Promise<LoopbackServer.LoopbackServer & { readonly requests: ReadonlyArray<LoggedRequest> }> => {
  const businessUnitId = options.businessUnitId ?? "507f191e810c19729de860ea"
  const now = options.now ?? Date.now
  const windows = [
    { length: 300_000, limit: options.fiveMinuteLimit ?? 833, start: now(), used: 0 },
    { length: 3_600_000, limit: options.hourlyLimit ?? 10_000, start: now(), used: 0 }
  ]
  const log: Array<LoggedRequest> = []

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1")
    const query: Record<string, string> = {}
    for (const [k, v] of url.searchParams) query[k] = v
    const send = (status: number, body: unknown) => {
      log.push({ path: url.pathname, query, status })
      LoopbackServer.json(res, status, body)
    }
    if (req.headers.apikey !== options.apiKey) return send(401, { message: "Invalid API key" })
    let limited = false
    for (const window of windows) {
      if (now() - window.start >= window.length) {
        window.start = now()
        window.used = 0
      }
      window.used++
      if (window.used > window.limit) limited = true
    }
    if (limited) return send(429, tooManyRequests)
    const match = /^\/v1\/business-units\/([^/]+)\/reviews$/.exec(url.pathname)
    if (match === null || req.method !== "GET" || match[1] !== businessUnitId) {
      return send(404, { message: "Not found" })
    }
    const invalid = (parameter: string, rule: string) =>
      send(400, { message: `Invalid parameter ${parameter}: ${rule}`, parameter })
    const integer = (name: string, min: number, max: number) => {
      const raw = query[name]
      if (raw === undefined) return true
      const value = Number(raw)
      return /^\d+$/.test(raw) && value >= min && value <= max
    }
    if (!integer("perPage", 1, 100))
      return invalid("perPage", "the allowed range is minimum: 1, maximum: 100")
    if (!integer("page", 1, 2147483647))
      return invalid("page", "the allowed range is minimum: 1, maximum: 2147483647")
    const orderBy = query.orderBy ?? "createdat.desc"
    if (!orders.includes(orderBy)) return invalid("orderBy", `valid values are ${orders.join(", ")}`)
    if (orderBy !== "createdat.desc")
      return invalid("orderBy", `the mock serves createdat.desc only, not ${orderBy}`)
    if ((listOf(query.stars) ?? []).some((s) => !/^[1-5]$/.test(s))) {
      return invalid("stars", "the allowed range is minimum: 1, maximum: 5")
    }
    const answer = await LoopbackServer.forward(upstream.url, req, `${url.pathname}${url.search}`, {
      headers: { apikey: options.token }
    })
    log.push({ path: url.pathname, query, status: answer.status })
    LoopbackServer.reply(res, answer)
  }

  const server = await LoopbackServer.start(handle, {
    onError: (message) => ({ message: `mock bug: ${message}` })
  })
  return { url: server.url, requests: log, close: server.close }
}

/**
 * Starts the mock (`serve` on a test kit server of its own) on 127.0.0.1 (ephemeral port);
 * `close` stops both.
 *
 * @example
 * ```ts
 * import { Sync } from "@cxkit/connectors"
 * import { TrustpilotConnector } from "@cxkit/connector-trustpilot"
 * import { TrustpilotMock } from "@cxkit/connector-trustpilot/testing"
 *
 * const main = async () => {
 *   const server = await TrustpilotMock.start()
 *   const events = await Sync.toArray(TrustpilotConnector.connector, { config: server.config() })
 *   console.log(Sync.records(events, "reviews").length) // 64
 *   await server.close()
 * }
 * main()
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const start = async (options: Options = {}): Promise<TrustpilotMock> => {
  const businessUnitId = options.businessUnitId ?? "507f191e810c19729de860ea"
  const apiKey = options.apiKey ?? `tp-${crypto.randomUUID()}`
  const token = `verified-${crypto.randomUUID()}`
  const upstream = await MockServer.start(
    serverOptions({ apiKey: token, reviews: options.reviews ?? fixtures(), businessUnitId })
  )
  const front = await serve(upstream, {
    apiKey,
    token,
    businessUnitId,
    ...(options.fiveMinuteLimit !== undefined ? { fiveMinuteLimit: options.fiveMinuteLimit } : {}),
    ...(options.hourlyLimit !== undefined ? { hourlyLimit: options.hourlyLimit } : {}),
    ...(options.now !== undefined ? { now: options.now } : {})
  })
  const path = reviewsPath(businessUnitId)
  return {
    url: front.url,
    server: upstream,
    businessUnitId,
    apiKey,
    requests: front.requests,
    config: (overrides = {}) => ({
      apiKey: Redacted.make(apiKey),
      businessUnitId,
      baseUrl: front.url,
      ...(overrides.perPage !== undefined ? { perPage: overrides.perPage } : {})
    }),
    reviews: () => upstream.records(path) as unknown as ReadonlyArray<FixtureReview>,
    post: (more) => {
      for (const review of more) upstream.upsert(path, review)
    },
    remove: (ids) => {
      const present = new Set(upstream.records(path).map((r) => String(r.id)))
      for (const id of ids) if (present.has(id)) upstream.erase(path, id)
    },
    beforeRequest: (hook) =>
      upstream.beforeRequest(
        hook === undefined
          ? undefined
          : (request) => hook({ page: request.query.page, perPage: request.query.perPage })
      ),
    fail: (status, times = 1) =>
      upstream.inject({
        fault: MockServer.status(
          status,
          status === 429 ? tooManyRequests : { message: "Internal server error" }
        ),
        path,
        times
      }),
    close: async () => {
      await front.close()
      await upstream.close()
    }
  }
}
