/**
 * A loopback mock of App Store Connect's `GET /v1/apps/{id}/customerReviews`, built on the
 * `@cxkit/connectors/testing` mock server from fixture reviews: JWT verification like Apple's
 * (ES256 signature against the key's public half, `kid`, `iss`, `aud: "appstoreconnect-v1"`,
 * `exp` in the future and at most 20 minutes after `iat`), the documented parameters (`sort`,
 * `limit` 1–200, default 50, `include=response`, `filter[rating]`, `filter[territory]`,
 * `exists[publishedResponse]`, `cursor`), the JSON:API envelope (`data`, `included`,
 * `links.self/next`, `meta.paging`), offset cursors (base64url `{"offset":"N"}`), the
 * `x-rate-limit` header and Apple's error bodies (`NOT_AUTHORIZED`, `NOT_FOUND`,
 * `PARAMETER_ERROR.INVALID`, `PARAMETER_ERROR.ILLEGAL`, `RATE_LIMIT_EXCEEDED`). The test kit
 * server underneath holds the reviews, faults and mutations; `serve` is Apple's front end on
 * it. Not for production code.
 *
 * Sources: Apple's "List all customer reviews for an app"
 * (https://developer.apple.com/documentation/appstoreconnectapi/get-v1-apps-_id_-customerreviews),
 * "Generating Tokens for API Requests", "Identifying Rate Limits" and "Interpreting and Handling
 * Errors" (developer.apple.com/documentation/appstoreconnectapi).
 *
 * @module
 * @since 0.1.0
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { LoopbackServer, MockServer } from "@cxkit/connectors/testing"
import { Redacted } from "effect"
import { decodeProtectedHeader, exportPKCS8, exportSPKI, generateKeyPair, importSPKI, jwtVerify } from "jose"
import type * as AppStoreConnector from "./AppStoreConnector.ts"

/**
 * A fixture review (a review record, as the connector delivers it).
 *
 * @example
 * ```ts
 * import type { AppStoreMock } from "@cxkit/connector-appstore/testing"
 *
 * const r: AppStoreMock.FixtureReview = {
 *   id: "r1", rating: 5, title: "Great", body: "Love it", reviewerNickname: "Jo", createdDate: "2024-05-01T10:00:00-07:00", territory: "USA"
 * }
 * console.log(r.rating)
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export type FixtureReview = AppStoreConnector.Review

/**
 * A throwaway API key: a fresh P-256 key pair as PEMs (`privateKey` PKCS#8, like a `.p8`
 * file; `publicKey` SPKI, what the mock verifies with), with its key and issuer ids.
 *
 * @example
 * ```ts
 * import { AppStoreMock } from "@cxkit/connector-appstore/testing"
 *
 * AppStoreMock.generateKey().then((key) => console.log(key.privateKey.startsWith("-----BEGIN PRIVATE KEY-----"))) // true
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const generateKey = async (
  ids: { readonly keyId?: string; readonly issuerId?: string } = {}
): Promise<{
  readonly keyId: string
  readonly issuerId: string
  readonly privateKey: string
  readonly publicKey: string
}> => {
  const pair = await generateKeyPair("ES256", { extractable: true })
  return {
    keyId: ids.keyId ?? "2X9R4HXF34",
    issuerId: ids.issuerId ?? "57246542-96fe-1a63-e053-0824d011072a",
    privateKey: await exportPKCS8(pair.privateKey),
    publicKey: await exportSPKI(pair.publicKey)
  }
}

/**
 * Verifies an `Authorization` header the way App Store Connect does; resolves with `undefined`
 * when the token is good, else with the reason.
 *
 * @example
 * ```ts
 * import { AppStoreMock } from "@cxkit/connector-appstore/testing"
 *
 * AppStoreMock.generateKey().then(async (key) => {
 *   console.log(await AppStoreMock.verifyToken(undefined, key)) // missing bearer token
 * })
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const verifyToken = async (
  authorization: string | undefined,
  key: { readonly keyId: string; readonly issuerId: string; readonly publicKey: string },
  now: number = Date.now()
): Promise<string | undefined> => {
  const token = /^Bearer (.+)$/.exec(authorization ?? "")?.[1]
  if (token === undefined) return "missing bearer token"
  try {
    const header = decodeProtectedHeader(token)
    if (header.alg !== "ES256") return `alg ${String(header.alg)} is not ES256`
    if (header.kid !== key.keyId) return "unknown kid"
    const { payload } = await jwtVerify(token, await importSPKI(key.publicKey, "ES256"), {
      algorithms: ["ES256"],
      issuer: key.issuerId,
      audience: "appstoreconnect-v1",
      currentDate: new Date(now),
      clockTolerance: 60
    })
    if (typeof payload.iat !== "number" || typeof payload.exp !== "number") return "iat and exp are required"
    if (payload.exp - payload.iat > 20 * 60) return "the token lives more than 20 minutes"
    return undefined
  } catch (error) {
    return (error as Error).message
  }
}

const nicknames = [
  "Anne Johnson",
  "pixelpusher",
  "Marta R.",
  "jk_88",
  "Sam",
  "Dr. Lee",
  "Noor",
  "bob the builder"
]
const territories = ["USA", "GBR", "FRA", "DEU", "JPN", "CAN"]
const texts: ReadonlyArray<readonly [number, string, string]> = [
  [5, "Awesome!!!", "It's a really fantastic app! Love the new design."],
  [1, "Crashes constantly", "The app crashes every time I open my cart. Terrible."],
  [4, "Pretty good", "Good app, checkout is fast. Would love a dark mode."],
  [2, "Disappointed", "Support never answered my ticket. Not happy."],
  [3, "OK", "Does the job."],
  [5, "Best shopping app", "Excellent experience, delivery was quick and support was helpful."],
  [1, "Lost my order", "My order disappeared after the update. Awful."],
  [4, "Nice", "Nice improvements in this version."]
]

/**
 * Fixture reviews: `count` (default 64), one every `spacingHours` (default 5) back from `now`,
 * with mixed ratings, territories and, for every third review, a published response.
 *
 * @example
 * ```ts
 * import { AppStoreMock } from "@cxkit/connector-appstore/testing"
 *
 * const reviews = AppStoreMock.fixtures({ count: 2, now: Date.parse("2024-05-20T12:00:00Z") })
 * console.log(reviews.map((r) => [r.rating, r.createdDate])) // [ [ 5, '2024-05-20T00:00:00-07:00' ], [ 1, '2024-05-19T19:00:00-07:00' ] ]
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

/** Apple writes dates in Pacific time with an offset, e.g. `2017-11-15T08:10:34-08:00`. */
const pacific = (millis: number) => {
  const shifted = new Date(millis - 7 * 3_600_000).toISOString().slice(0, 19)
  return `${shifted}-07:00`
}

/**
 * A fixture review created at `millis` (`n` picks its text, author and territory).
 *
 * @example
 * ```ts
 * import { AppStoreMock } from "@cxkit/connector-appstore/testing"
 *
 * console.log(AppStoreMock.reviewAt(Date.parse("2024-05-20T12:00:00Z"), 3).title) // Disappointed
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const reviewAt = (millis: number, n: number): FixtureReview => {
  const [rating, title, body] = texts[n % texts.length] as readonly [number, string, string]
  const id = `0000${(1000 + n).toString(16)}-b08c-0014-729e-${Math.floor(millis / 1000)
    .toString(16)
    .padStart(12, "0")}`
  return {
    id,
    rating,
    title,
    body,
    reviewerNickname: nicknames[n % nicknames.length] as string,
    createdDate: pacific(millis),
    territory: territories[n % territories.length] as string,
    ...(n % 3 === 0
      ? {
          response: {
            id: `resp-${id}`,
            responseBody:
              rating >= 4 ? "Thank you for the kind words!" : "Sorry about that, please contact support.",
            lastModifiedDate: pacific(millis + 3_600_000),
            state: "PUBLISHED"
          }
        }
      : {})
  }
}

/**
 * Options of `start`: the app id (default `"682658836"`), the fixture reviews (default
 * `fixtures()`), the API key to verify tokens with (default: a fresh one from `generateKey`),
 * the hourly request limit (default 3600) and the clock.
 *
 * @example
 * ```ts
 * import type { AppStoreMock } from "@cxkit/connector-appstore/testing"
 *
 * const options: AppStoreMock.Options = { appId: "1", hourlyLimit: 10 }
 * console.log(options.appId)
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export interface Options {
  readonly appId?: string
  readonly reviews?: ReadonlyArray<FixtureReview>
  readonly key?: {
    readonly keyId: string
    readonly issuerId: string
    readonly privateKey: string
    readonly publicKey: string
  }
  readonly hourlyLimit?: number
  /** The server's clock in milliseconds (default `Date.now`): token expiry and the hourly window. */
  readonly now?: () => number
}

/**
 * One logged request.
 *
 * @example
 * ```ts
 * import type { AppStoreMock } from "@cxkit/connector-appstore/testing"
 *
 * const r: AppStoreMock.LoggedRequest = { path: "/v1/apps/1/customerReviews", query: {}, status: 200 }
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
 * import { AppStoreMock } from "@cxkit/connector-appstore/testing"
 *
 * AppStoreMock.start().then(async (server) => {
 *   console.log(server.url.startsWith("http://127.0.0.1:")) // true
 *   await server.close()
 * })
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export interface AppStoreMock {
  readonly url: string
  /** The test kit server holding the reviews: faults (`inject`), mutations, its request log. */
  readonly server: MockServer.MockServer
  readonly appId: string
  readonly key: {
    readonly keyId: string
    readonly issuerId: string
    readonly privateKey: string
    readonly publicKey: string
  }
  /** Requests as Apple saw them, with the status it answered. */
  readonly requests: ReadonlyArray<LoggedRequest>
  /** A decoded connector config pointing at this mock. */
  readonly config: (overrides?: { readonly limit?: number }) => AppStoreConnector.Config
  readonly reviews: () => ReadonlyArray<FixtureReview>
  /** Publishes new reviews. */
  readonly post: (reviews: ReadonlyArray<FixtureReview>) => void
  /** Answers the next `times` requests with this status and Apple's error body. */
  readonly fail: (status: 429 | 500 | 503, times?: number) => void
  /** Deletes reviews by id: every later review moves up one offset, as on App Store Connect. */
  readonly remove: (ids: ReadonlyArray<string>) => void
  /** Runs `hook` before each reviews request is answered (`undefined` removes it). */
  readonly beforeRequest: (
    hook: ((request: { readonly cursor: string | undefined }) => void) | undefined
  ) => void
  readonly close: () => Promise<void>
}

const errorBody = (status: number, code: string, title: string, detail: string) => ({
  errors: [{ id: crypto.randomUUID(), status: String(status), code, title, detail }]
})

const reviewsPath = (appId: string) => `/v1/apps/${appId}/customerReviews`

const rateLimitExceeded = () =>
  errorBody(
    429,
    "RATE_LIMIT_EXCEEDED",
    "The request rate limit has been reached.",
    "We've received too many requests for this API. Please wait and try again or slow down your request rate."
  )

// App Store Connect's cursor: base64url of {"offset":"N"}, an offset into the current order
const offsetCursor: MockServer.Paging = {
  encode: (offset) => Buffer.from(JSON.stringify({ offset: String(offset) })).toString("base64url"),
  decode: (cursor) => {
    try {
      const value = (JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { offset?: unknown })
        .offset
      return typeof value === "string" && /^\d+$/.test(value) ? Number(value) : undefined
    } catch {
      return undefined
    }
  }
}

const listOf = (value: string | undefined) => (value === undefined ? undefined : value.split(","))

const selected = (review: MockServer.Fixture, query: Readonly<Record<string, string>>) => {
  const ratings = listOf(query["filter[rating]"])
  const territories = listOf(query["filter[territory]"])
  const responded = query["exists[publishedResponse]"]
  return (
    (ratings === undefined || ratings.includes(String(review.rating))) &&
    (territories === undefined || territories.includes(String(review.territory))) &&
    (responded === undefined || (review.response !== undefined) === (responded === "true"))
  )
}

const renderReviews = (page: MockServer.RenderInput) => {
  const { origin } = page
  const include = (page.query.include ?? "").split(",").includes("response")
  const data = page.records.map((record) => {
    const { id, response, ...attributes } = record as unknown as FixtureReview
    return {
      type: "customerReviews",
      id,
      attributes,
      relationships: {
        response: {
          links: {
            self: `${origin}/v1/customerReviews/${id}/relationships/response`,
            related: `${origin}/v1/customerReviews/${id}/response`
          },
          ...(include
            ? { data: response !== undefined ? { type: "customerReviewResponses", id: response.id } : null }
            : {})
        }
      },
      links: { self: `${origin}/v1/customerReviews/${id}` }
    }
  })
  const included = include
    ? page.records.flatMap((record) => {
        const { response } = record as unknown as FixtureReview
        if (response === undefined) return []
        const { id, ...attributes } = response
        return [
          {
            type: "customerReviewResponses",
            id,
            attributes,
            links: { self: `${origin}/v1/customerReviewResponses/${id}` }
          }
        ]
      })
    : []
  const self = new URLSearchParams(page.query).toString()
  return {
    data,
    ...(included.length > 0 ? { included } : {}),
    links: {
      self: `${origin}${page.path}${self === "" ? "" : `?${self}`}`,
      ...(page.nextUrl !== undefined ? { next: `${origin}${page.nextUrl}` } : {})
    },
    meta: { paging: { total: page.total, limit: page.limit } }
  }
}

/**
 * customerReviews described to the `@cxkit/connectors/testing` mock server: the path, `limit`
 * (default 50, at most `pageSize`, 200) and `cursor` (an encoded offset into the current order,
 * so reviews deleted or posted between pages shift later pages, as on App Store Connect),
 * newest first, `filter[rating]`, `filter[territory]` and `exists[publishedResponse]`, and the
 * JSON:API envelope (responses as `included` with `include=response`, absolute `links`,
 * `meta.paging`), behind a fixed bearer `token`. `serve` adds Apple's front end (ES256 token
 * checks, the hourly limit, parameter validation, error bodies); the conformance suite runs on
 * both.
 *
 * @example
 * ```ts
 * import { AppStoreMock } from "@cxkit/connector-appstore/testing"
 *
 * const options = AppStoreMock.serverOptions({ token: "verified", reviews: AppStoreMock.fixtures({ count: 2 }) })
 * console.log(Object.keys(options.resources)) // [ '/v1/apps/682658836/customerReviews' ]
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const serverOptions = (options: {
  readonly token: string
  readonly reviews: ReadonlyArray<FixtureReview>
  readonly appId?: string
  readonly pageSize?: number
}): MockServer.Options => ({
  auth: { _tag: "Bearer", token: options.token },
  resources: {
    [reviewsPath(options.appId ?? "682658836")]: {
      stream: "reviews",
      records: options.reviews,
      primaryKey: "id",
      cursorField: "createdDate",
      order: "descending",
      pageSize: options.pageSize ?? 200,
      defaultLimit: 50,
      paging: offsetCursor,
      params: { limit: "limit", cursor: "cursor" },
      filter: selected,
      render: renderReviews
    }
  }
})

// the query parameters the endpoint documents; any other answers PARAMETER_ERROR.ILLEGAL
const parameters = new Set([
  "exists[publishedResponse]",
  "filter[rating]",
  "filter[territory]",
  "sort",
  "fields[customerReviews]",
  "fields[customerReviewResponses]",
  "include",
  "limit",
  "cursor"
])

/**
 * Serves App Store Connect in front of a test kit server built from `serverOptions` (the
 * reviews, faults and request log stay there), on 127.0.0.1:
 *
 * - every request's bearer JWT is checked like Apple does (`verifyToken` with `key`, on the clock
 *   `now`): 401 `NOT_AUTHORIZED` otherwise; verified requests reach the kit server with its
 *   fixed `token`;
 * - `x-rate-limit: user-hour-lim:N;user-hour-rem:M;` on every authenticated answer and 429
 *   `RATE_LIMIT_EXCEEDED` past `hourlyLimit` (default 3600) in the hour;
 * - 404 `NOT_FOUND` for another path or app id; 400 `PARAMETER_ERROR.INVALID` naming the
 *   parameter for a `limit` outside 1–200, an unknown `sort` or a cursor Apple did not issue,
 *   and `PARAMETER_ERROR.ILLEGAL` for an undocumented parameter; the mock serves the default
 *   order (`-createdDate`) only, and answers the other documented sorts with a 400 saying so;
 * - faults injected into the test kit server answer as injected (`fail` injects Apple's
 *   error bodies).
 *
 * @example
 * ```ts
 * import { MockServer } from "@cxkit/connectors/testing"
 * import { AppStoreMock } from "@cxkit/connector-appstore/testing"
 *
 * const key = await AppStoreMock.generateKey()
 * const upstream = await MockServer.start(AppStoreMock.serverOptions({ token: "verified", reviews: AppStoreMock.fixtures({ count: 3 }) }))
 * const front = await AppStoreMock.serve(upstream, { key, token: "verified" })
 * const response = await fetch(`${front.url}/v1/apps/682658836/customerReviews?limit=2`)
 * console.log(response.status, (await response.json()).errors[0].code) // 401 NOT_AUTHORIZED
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
    readonly key: { readonly keyId: string; readonly issuerId: string; readonly publicKey: string }
    readonly token: string
    readonly appId?: string
    readonly hourlyLimit?: number
    readonly now?: () => number
  }
): Promise<LoopbackServer.LoopbackServer & { readonly requests: ReadonlyArray<LoggedRequest> }> => {
  const appId = options.appId ?? "682658836"
  const hourlyLimit = options.hourlyLimit ?? 3600
  const now = options.now ?? Date.now
  let hourStart = now()
  let used = 0
  const log: Array<LoggedRequest> = []

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1")
    const query: Record<string, string> = {}
    for (const [k, v] of url.searchParams) query[k] = v
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      log.push({ path: url.pathname, query, status })
      LoopbackServer.json(res, status, body, headers)
    }
    const problem = await verifyToken(req.headers.authorization, options.key, now())
    if (problem !== undefined) {
      return send(
        401,
        errorBody(
          401,
          "NOT_AUTHORIZED",
          "Authentication credentials are missing or invalid.",
          "Provide a properly configured and signed bearer token, and make sure that it has not expired. Learn more about Generating Tokens for API Requests https://developer.apple.com/go/?id=api-generating-tokens"
        )
      )
    }
    if (now() - hourStart >= 3_600_000) {
      hourStart = now()
      used = 0
    }
    used++
    const rate = {
      "x-rate-limit": `user-hour-lim:${hourlyLimit};user-hour-rem:${Math.max(0, hourlyLimit - used)};`
    }
    if (used > hourlyLimit) {
      return send(429, rateLimitExceeded(), rate)
    }
    const match = /^\/v1\/apps\/([^/]+)\/customerReviews$/.exec(url.pathname)
    if (match === null || req.method !== "GET") {
      return send(
        404,
        errorBody(
          404,
          "NOT_FOUND",
          "The specified resource does not exist",
          "The path provided does not match a defined resource type."
        ),
        rate
      )
    }
    if (match[1] !== appId) {
      return send(
        404,
        errorBody(
          404,
          "NOT_FOUND",
          "The specified resource does not exist",
          `There is no resource of type 'apps' with id '${match[1]}'`
        ),
        rate
      )
    }
    const rejected = (code: string, title: string, parameter: string, detail: string) =>
      send(
        400,
        { errors: [{ ...errorBody(400, code, title, detail).errors[0], source: { parameter } }] },
        rate
      )
    const invalid = (parameter: string, detail: string) =>
      rejected("PARAMETER_ERROR.INVALID", "A parameter has an invalid value", parameter, detail)
    const illegal = Object.keys(query).find((name) => !parameters.has(name))
    if (illegal !== undefined) {
      return rejected(
        "PARAMETER_ERROR.ILLEGAL",
        "A parameter is not allowed for this request",
        illegal,
        `The parameter '${illegal}' can not be used with this request`
      )
    }
    const sort = query.sort ?? "-createdDate"
    if (!["createdDate", "-createdDate", "rating", "-rating"].includes(sort)) {
      return invalid("sort", `'${sort}' is not a valid field name`)
    }
    if (sort !== "-createdDate") {
      return invalid("sort", `the mock serves sort=-createdDate only, not '${sort}'`)
    }
    const limitRaw = query.limit
    const limit = limitRaw === undefined ? 50 : Number(limitRaw)
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
      return invalid("limit", `'${limitRaw}' is not a valid value; the maximum is 200`)
    }
    const answer = await LoopbackServer.forward(upstream.url, req, `${url.pathname}${url.search}`, {
      headers: { authorization: `Bearer ${options.token}` }
    })
    const parameter =
      answer.status === 400 ? (JSON.parse(answer.text) as { parameter?: string }).parameter : undefined
    if (parameter !== undefined) {
      return invalid(parameter, `'${query[parameter] ?? ""}' is not a valid cursor for this request.`)
    }
    log.push({ path: url.pathname, query, status: answer.status })
    LoopbackServer.reply(res, { ...answer, headers: { ...rate, ...answer.headers } })
  }

  const server = await LoopbackServer.start(handle, {
    onError: (message) => errorBody(500, "UNEXPECTED_ERROR", "mock bug", message)
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
 * import { AppStoreConnector } from "@cxkit/connector-appstore"
 * import { AppStoreMock } from "@cxkit/connector-appstore/testing"
 *
 * const main = async () => {
 *   const server = await AppStoreMock.start()
 *   const events = await Sync.toArray(AppStoreConnector.connector, { config: server.config() })
 *   console.log(Sync.records(events, "reviews").length) // 64
 *   await server.close()
 * }
 * main()
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const start = async (options: Options = {}): Promise<AppStoreMock> => {
  const appId = options.appId ?? "682658836"
  const key = options.key ?? (await generateKey())
  const token = `verified-${crypto.randomUUID()}`
  const upstream = await MockServer.start(
    serverOptions({ token, reviews: options.reviews ?? fixtures(), appId })
  )
  const front = await serve(upstream, {
    key,
    token,
    appId,
    ...(options.hourlyLimit !== undefined ? { hourlyLimit: options.hourlyLimit } : {}),
    ...(options.now !== undefined ? { now: options.now } : {})
  })
  const path = reviewsPath(appId)
  return {
    url: front.url,
    server: upstream,
    appId,
    key,
    requests: front.requests,
    config: (overrides = {}) => ({
      issuerId: key.issuerId,
      keyId: key.keyId,
      privateKey: Redacted.make(key.privateKey),
      appId,
      baseUrl: front.url,
      ...(overrides.limit !== undefined ? { limit: overrides.limit } : {})
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
        hook === undefined ? undefined : (request) => hook({ cursor: request.query.cursor })
      ),
    fail: (status, times = 1) =>
      upstream.inject({
        fault: MockServer.status(
          status,
          status === 429
            ? rateLimitExceeded()
            : errorBody(
                status,
                "UNEXPECTED_ERROR",
                "An unexpected error occurred.",
                "An unexpected error occurred on the server side."
              )
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
