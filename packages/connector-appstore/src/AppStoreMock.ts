/**
 * A loopback mock of App Store Connect's `GET /v1/apps/{id}/customerReviews`, computed from
 * fixture reviews: JWT verification like Apple's (ES256 signature against the key's public
 * half, `kid`, `iss`, `aud: "appstoreconnect-v1"`, `exp` in the future and at most 20 minutes
 * after `iat`), the documented parameters (`sort`, `limit` 1–200, `include=response`,
 * `filter[rating]`, `filter[territory]`, `cursor`), the JSON:API envelope (`data`,
 * `included`, `links.self/next`, `meta.paging`), offset cursors, the `x-rate-limit` header
 * and Apple's error bodies (`NOT_AUTHORIZED`, `NOT_FOUND`, `PARAMETER_ERROR.INVALID`,
 * `RATE_LIMIT_EXCEEDED`).
 *
 * @since 0.1.0
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { LoopbackServer, type MockServer } from "@cxkit/connectors/testing"
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
 * `fixtures()`), the API key to verify tokens with (default: a fresh one from `generateKey`)
 * and the hourly request limit (default 3600).
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
  readonly appId: string
  readonly key: {
    readonly keyId: string
    readonly issuerId: string
    readonly privateKey: string
    readonly publicKey: string
  }
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

const encodeCursor = (offset: number) =>
  Buffer.from(JSON.stringify({ offset: String(offset) })).toString("base64url")
const decodeCursor = (cursor: string): number | undefined => {
  try {
    const offset = Number(
      (JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { offset?: unknown }).offset
    )
    return Number.isInteger(offset) && offset >= 0 ? offset : undefined
  } catch {
    return undefined
  }
}

/**
 * customerReviews described to the `@cxkit/connectors/testing` mock server, for the
 * conformance suite: the path, `limit`/`cursor`, the JSON:API envelope with `included`
 * responses and `links.next`, newest first, behind a fixed bearer `token` (the suite's HTTP
 * layer verifies each signed JWT with `verifyToken` and forwards that token). Apple-specific
 * behaviour (offset cursors, the hourly limit, ES256 checks) is what `start` adds.
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
}): MockServer.Options => {
  const appId = options.appId ?? "682658836"
  return {
    auth: { _tag: "Bearer", token: options.token },
    resources: {
      [`/v1/apps/${appId}/customerReviews`]: {
        stream: "reviews",
        records: options.reviews,
        primaryKey: "id",
        cursorField: "createdDate",
        order: "descending",
        pageSize: options.pageSize ?? 200,
        params: { limit: "limit", cursor: "cursor" },
        render: (page) => {
          const responses = page.records.flatMap((r) =>
            r.response === undefined ? [] : [r.response as { id: string }]
          )
          return {
            data: page.records.map(({ id, response, ...attributes }) => ({
              type: "customerReviews",
              id,
              attributes,
              relationships: {
                response: {
                  data:
                    response === undefined
                      ? null
                      : { type: "customerReviewResponses", id: (response as { id: string }).id }
                }
              }
            })),
            ...(responses.length > 0
              ? {
                  included: responses.map(({ id, ...attributes }) => ({
                    type: "customerReviewResponses",
                    id,
                    attributes
                  }))
                }
              : {}),
            links: {
              self: `/v1/apps/${appId}/customerReviews`,
              ...(page.nextUrl !== undefined ? { next: page.nextUrl } : {})
            },
            meta: { paging: { total: options.reviews.length, limit: options.pageSize ?? 200 } }
          }
        }
      }
    }
  }
}

/**
 * Starts the mock on 127.0.0.1 (ephemeral port).
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
  const reviews: Array<FixtureReview> = [...(options.reviews ?? fixtures())]
  const hourlyLimit = options.hourlyLimit ?? 3600
  let hourStart = Date.now()
  let used = 0
  const faults: Array<number> = []
  const log: Array<LoggedRequest> = []
  let origin = ""
  let hook: ((request: { readonly cursor: string | undefined }) => void) | undefined

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", origin)
    const query: Record<string, string> = {}
    for (const [k, v] of url.searchParams) query[k] = v
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      log.push({ path: url.pathname, query, status })
      res.writeHead(status, { "content-type": "application/json", ...headers })
      res.end(JSON.stringify(body))
    }
    const problem = await verifyToken(req.headers.authorization, key)
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
    if (Date.now() - hourStart >= 3_600_000) {
      hourStart = Date.now()
      used = 0
    }
    used++
    const rate = {
      "x-rate-limit": `user-hour-lim:${hourlyLimit};user-hour-rem:${Math.max(0, hourlyLimit - used)};`
    }
    const fault = faults.shift()
    if (used > hourlyLimit || fault === 429) {
      return send(
        429,
        errorBody(
          429,
          "RATE_LIMIT_EXCEEDED",
          "The request rate limit has been reached.",
          "We've received too many requests for this API. Please wait and try again or slow down your request rate."
        ),
        rate
      )
    }
    if (fault !== undefined)
      return send(
        fault,
        errorBody(
          fault,
          "UNEXPECTED_ERROR",
          "An unexpected error occurred.",
          "An unexpected error occurred on the server side."
        ),
        rate
      )
    const match = /^\/v1\/apps\/([^/]+)\/customerReviews$/.exec(url.pathname)
    if (match === null || req.method !== "GET") {
      return send(
        404,
        errorBody(
          404,
          "NOT_FOUND",
          "The specified resource does not exist",
          `The path provided does not match a defined resource type.`
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
    const invalid = (parameter: string, detail: string) =>
      send(
        400,
        {
          errors: [
            {
              ...errorBody(400, "PARAMETER_ERROR.INVALID", "A parameter has an invalid value", detail)
                .errors[0],
              source: { parameter }
            }
          ]
        },
        rate
      )
    const sort = url.searchParams.get("sort") ?? "-createdDate"
    if (!["createdDate", "-createdDate", "rating", "-rating"].includes(sort)) {
      return invalid("sort", `'${sort}' is not a valid field name`)
    }
    const limitRaw = url.searchParams.get("limit")
    const limit = limitRaw === null ? 50 : Number(limitRaw)
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
      return invalid("limit", `'${limitRaw}' is not a valid value; the maximum is 200`)
    }
    let offset = 0
    const cursor = url.searchParams.get("cursor")
    hook?.({ cursor: cursor ?? undefined })
    if (cursor !== null) {
      const decoded = decodeCursor(cursor)
      if (decoded === undefined)
        return invalid("cursor", `'${cursor}' is not a valid cursor for this request.`)
      offset = decoded
    }
    const ratings = url.searchParams.get("filter[rating]")?.split(",").map(Number)
    const territoriesFilter = url.searchParams.get("filter[territory]")?.split(",")
    const field = sort.replace("-", "") as "createdDate" | "rating"
    const direction = sort.startsWith("-") ? -1 : 1
    const value = (r: FixtureReview) => (field === "rating" ? r.rating : Date.parse(r.createdDate))
    const rows = reviews
      .filter((r) => ratings === undefined || ratings.includes(r.rating))
      .filter((r) => territoriesFilter === undefined || territoriesFilter.includes(r.territory))
      .sort((a, b) => direction * (value(a) - value(b)) || (a.id < b.id ? -1 : 1))
    const page = rows.slice(offset, offset + limit)
    const include = (url.searchParams.get("include") ?? "").split(",").includes("response")
    const data = page.map((r) => {
      const { id, response, ...attributes } = r
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
    const body: Record<string, unknown> = { data }
    if (include) {
      const included = page.flatMap((r) =>
        r.response === undefined
          ? []
          : [
              {
                type: "customerReviewResponses",
                id: r.response.id,
                attributes: {
                  responseBody: r.response.responseBody,
                  lastModifiedDate: r.response.lastModifiedDate,
                  state: r.response.state
                },
                links: { self: `${origin}/v1/customerReviewResponses/${r.response.id}` }
              }
            ]
      )
      if (included.length > 0) body.included = included
    }
    const links: Record<string, string> = { self: url.toString() }
    if (offset + limit < rows.length) {
      const next = new URL(url)
      next.searchParams.set("cursor", encodeCursor(offset + limit))
      links.next = next.toString()
    }
    body.links = links
    body.meta = { paging: { total: rows.length, limit } }
    return send(200, body, rate)
  }

  const server = await LoopbackServer.start(handle, {
    onError: (message) => errorBody(500, "UNEXPECTED_ERROR", "mock bug", message)
  })
  origin = server.url
  return {
    url: origin,
    appId,
    key,
    requests: log,
    config: (overrides = {}) => ({
      issuerId: key.issuerId,
      keyId: key.keyId,
      privateKey: Redacted.make(key.privateKey),
      appId,
      baseUrl: origin,
      ...(overrides.limit !== undefined ? { limit: overrides.limit } : {})
    }),
    reviews: () => [...reviews],
    post: (more) => void reviews.push(...more),
    remove: (ids) => {
      for (let i = reviews.length - 1; i >= 0; i--)
        if (ids.includes((reviews[i] as FixtureReview).id)) reviews.splice(i, 1)
    },
    beforeRequest: (next) => {
      hook = next
    },
    fail: (status, times = 1) => {
      for (let i = 0; i < times; i++) faults.push(status)
    },
    close: server.close
  }
}
