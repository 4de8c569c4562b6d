/**
 * The Trustpilot connector: the public service reviews of one business unit, newest first, with
 * the company's replies, authenticated by an API key (`apikey` header).
 *
 * Source: "Get a business unit's reviews" in the Business Units API (public),
 * https://developers.trustpilot.com/business-units-api-(public), and the rate limiting guide,
 * https://developers.trustpilot.com/get-started/rate-limiting.
 *
 * @module
 * @since 0.1.0
 */
import { Connector, ConnectorError, Http, SourceStream } from "@cxkit/connectors"
import { Context, Effect, Layer, Option, Schema, Stream } from "effect"
import type { HttpClient } from "effect/http"

/**
 * The configuration.
 *
 * - `apiKey`: the application's API key, sent as the `apikey` header (secret).
 * - `businessUnitId`: the business unit's id (find it with `GET /v1/business-units/find?name=`).
 * - `baseUrl`: default `https://api.trustpilot.com`; tests point it at the mock.
 * - `perPage`: reviews per page, 20–100 (default 100; Trustpilot allows 1–100, the connector
 *   needs 20 or more so its overlapping pages still move forward, see the guide).
 * - `language`: only reviews in these languages (ISO 639-1, the documented `language` filter).
 * - `stars`: only reviews with these star counts (1–5, the documented `stars` filter).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { TrustpilotConnector } from "@cxkit/connector-trustpilot"
 *
 * const config = Schema.decodeUnknownSync(TrustpilotConnector.Config)({
 *   apiKey: "tp-key-123", businessUnitId: "507f191e810c19729de860ea", language: ["en", "da"]
 * })
 * console.log(String(config.apiKey), config.language) // <redacted> [ 'en', 'da' ]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Config = Schema.Struct({
  apiKey: Schema.RedactedFromValue(Schema.String.check(Schema.isNonEmpty())),
  businessUnitId: Schema.String.check(
    Schema.isPattern(/^[A-Za-z0-9]+$/, { expected: "a Trustpilot business unit id (letters and digits)" })
  ),
  baseUrl: Schema.optionalKey(Schema.String),
  perPage: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 20, maximum: 100 }))),
  language: Schema.optionalKey(
    Schema.Array(Schema.String.check(Schema.isPattern(/^[a-z]{2}$/, { expected: "an ISO 639-1 code" })))
  ),
  stars: Schema.optionalKey(Schema.Array(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 5 })))),
  timeoutMillis: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThan(0)))
})

/**
 * @since 0.1.0
 * @category models
 */
export type Config = typeof Config.Type

/**
 * The default API origin.
 *
 * @example
 * ```ts
 * import { TrustpilotConnector } from "@cxkit/connector-trustpilot"
 *
 * console.log(TrustpilotConnector.defaultBaseUrl) // https://api.trustpilot.com
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const defaultBaseUrl = "https://api.trustpilot.com"

/**
 * A hypermedia link of Trustpilot's responses (`{ href, method, rel }`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { TrustpilotConnector } from "@cxkit/connector-trustpilot"
 *
 * const link = Schema.decodeUnknownSync(TrustpilotConnector.Link)({ href: "https://api.trustpilot.com/v1/reviews/1", method: "GET", rel: "reviews" })
 * console.log(link.rel) // reviews
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Link = Schema.Struct({ href: Schema.String, method: Schema.String, rel: Schema.String })

/**
 * The company's public reply to a review.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { TrustpilotConnector } from "@cxkit/connector-trustpilot"
 *
 * const reply = Schema.decodeUnknownSync(TrustpilotConnector.CompanyReply)({ text: "Thanks!", createdAt: "2024-05-02T10:00:00Z" })
 * console.log(reply.text) // Thanks!
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const CompanyReply = Schema.Struct({
  text: Schema.String,
  createdAt: Schema.String,
  updatedAt: Schema.optionalKey(Schema.NullOr(Schema.String))
})

/**
 * A review as the `reviews` stream delivers it: `id`, `stars`, `title`, `text`, `language`,
 * `createdAt`, `updatedAt` (set once the consumer edits it), the `consumer` (`id`,
 * `displayName`), the `companyReply` (or `null`) and the review's `links`. `stars` is any
 * integer here: a value outside 1–5 reaches the mapping, which rejects it by name rather than
 * failing the sync.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { TrustpilotConnector } from "@cxkit/connector-trustpilot"
 *
 * const review = Schema.decodeUnknownSync(TrustpilotConnector.Review)({
 *   id: "507f191e810c19729de860ea", stars: 4, title: "Fast delivery", text: "Arrived in two days.", language: "en",
 *   createdAt: "2024-05-01T10:00:00Z", updatedAt: null, consumer: { id: "5c1a", displayName: "Anne" }, companyReply: null
 * })
 * console.log(review.stars, review.consumer.displayName) // 4 Anne
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Review = Schema.Struct({
  id: Schema.String,
  stars: Schema.Int,
  title: Schema.optionalKey(Schema.String),
  text: Schema.optionalKey(Schema.String),
  language: Schema.optionalKey(Schema.String),
  createdAt: Schema.String,
  updatedAt: Schema.optionalKey(Schema.NullOr(Schema.String)),
  consumer: Schema.Struct({ id: Schema.String, displayName: Schema.String }),
  companyReply: Schema.optionalKey(Schema.NullOr(CompanyReply)),
  links: Schema.optionalKey(Schema.Array(Link))
})

/**
 * @since 0.1.0
 * @category models
 */
export type Review = typeof Review.Type

/**
 * The authenticated client the connector's layer builds (the `apikey` header on every request).
 *
 * @example
 * ```ts
 * import { TrustpilotConnector } from "@cxkit/connector-trustpilot"
 *
 * console.log(TrustpilotConnector.TrustpilotApi.key) // @cxkit/connector-trustpilot/TrustpilotApi
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export class TrustpilotApi extends Context.Service<
  TrustpilotApi,
  { readonly client: Http.Client; readonly config: Config }
>()("@cxkit/connector-trustpilot/TrustpilotApi") {}

/**
 * The reviews of one answer (`{ reviews: [...], links: [...] }`); anything else is no reviews.
 *
 * @example
 * ```ts
 * import { TrustpilotConnector } from "@cxkit/connector-trustpilot"
 *
 * console.log(TrustpilotConnector.reviewsOf({ reviews: [{ id: "a" }], links: [] })) // [ { id: 'a' } ]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const reviewsOf = (body: unknown): ReadonlyArray<unknown> => {
  const reviews = (body as { reviews?: unknown } | null | undefined)?.reviews
  return Array.isArray(reviews) ? reviews : []
}

/**
 * Classifies Trustpilot's error answers. Trustpilot documents the statuses and what they mean
 * (https://developers.trustpilot.com/get-started/common-error-messages), not a body schema;
 * its answers carry a `message` (e.g. "Invalid API key", see
 * https://developers.trustpilot.com/faq), which the error quotes. 401 and 403 are `auth`, 404
 * (a wrong business unit id) and 400 (a parameter Trustpilot refuses) are `config`; 429 and
 * the others fall back to `Http.classify` (429 is `rate-limited`, retried after the toolkit's
 * backoff or `Retry-After`; `quota-exhausted` when the wait asked for is too long or the body
 * speaks of a quota).
 *
 * @example
 * ```ts
 * import { TrustpilotConnector } from "@cxkit/connector-trustpilot"
 *
 * const error = TrustpilotConnector.classify({
 *   method: "GET", path: "/v1/business-units/x/reviews", status: 401, headers: {}, text: "", retryAfterMs: undefined, now: 0,
 *   json: { message: "Invalid API key" }
 * })
 * console.log(error?.reason, error?.message) // auth GET /v1/business-units/x/reviews answered 401: Invalid API key
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export const classify = (info: Http.ResponseInfo): ConnectorError.ConnectorError | undefined => {
  const reason =
    info.status === 401 || info.status === 403
      ? "auth"
      : info.status === 400 || info.status === 404
        ? "config"
        : undefined
  if (reason === undefined) return undefined
  const said = (info.json as { message?: unknown } | undefined)?.message
  const message = `${info.method} ${info.path} answered ${info.status}${typeof said === "string" ? `: ${said}` : ""}`
  return ConnectorError.make(reason, message, {
    status: info.status,
    ...(info.retryAfterMs !== undefined ? { retryAfterMs: info.retryAfterMs } : {})
  })
}

/**
 * The path of one page: `page` and `perPage` of the reviews newest first
 * (`orderBy=createdat.desc`), with the configured filters.
 *
 * @example
 * ```ts
 * import { TrustpilotConnector } from "@cxkit/connector-trustpilot"
 *
 * console.log(TrustpilotConnector.pagePath({ businessUnitId: "507f191e810c19729de860ea", stars: [1, 2] }, 3, 99))
 * // /v1/business-units/507f191e810c19729de860ea/reviews?orderBy=createdat.desc&page=3&perPage=99&stars=1%2C2
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const pagePath = (
  config: Pick<Config, "businessUnitId" | "language" | "stars">,
  page: number,
  perPage: number
): string => {
  const query = new URLSearchParams({
    orderBy: "createdat.desc",
    page: String(page),
    perPage: String(perPage)
  })
  if (config.language !== undefined && config.language.length > 0)
    query.set("language", config.language.join(","))
  if (config.stars !== undefined && config.stars.length > 0) query.set("stars", config.stars.join(","))
  return `/v1/business-units/${encodeURIComponent(config.businessUnitId)}/reviews?${query.toString()}`
}

/**
 * The page window (`page`, `perPage` ≤ `max`) that starts at or before position `at` and
 * reaches furthest past it. Trustpilot pages by `page` × `perPage`, so a page can only start at a
 * multiple of its size: among the sizes up to `max` this picks the one whose window starts no
 * later than `at` and ends last (ties: the larger size).
 *
 * @example
 * ```ts
 * import { TrustpilotConnector } from "@cxkit/connector-trustpilot"
 *
 * console.log(TrustpilotConnector.windowAt(99, 100)) // { page: 2, perPage: 99, start: 99, end: 198 }
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const windowAt = (
  at: number,
  max: number
): { readonly page: number; readonly perPage: number; readonly start: number; readonly end: number } => {
  let best = { page: 1, perPage: max, start: 0, end: max }
  for (let size = max; size >= 1; size--) {
    const start = Math.floor(at / size) * size
    if (start + size > best.end) best = { page: start / size + 1, perPage: size, start, end: start + size }
  }
  return best
}

const idOf = (review: unknown) => String((review as { id?: unknown }).id)

const reviews = SourceStream.make<Config>()({
  name: "reviews",
  description: "Public reviews of the business unit, newest first, with the company's replies",
  schema: Review,
  primaryKey: "id",
  cursorField: "createdAt",
  order: "descending",
  // No mid-run checkpoint: a run always starts from the newest review; the runner commits the
  // new high-water mark once the run has read down to the previous one.
  state: Schema.Undefined,
  read: () =>
    Stream.unwrap(
      Effect.gen(function* () {
        const { client, config } = yield* TrustpilotApi
        const perPage = config.perPage ?? 100
        const delivered = new Set<string>()
        const get = (page: number, size: number) =>
          Effect.map(client.get(pagePath(config, page, size)), (response) => reviewsOf(response.body))
        const fresh = (rows: ReadonlyArray<unknown>) =>
          rows.filter((review) => {
            const id = idOf(review)
            if (delivered.has(id)) return false
            delivered.add(id)
            return true
          })
        // `page` is an offset (page − 1) × perPage into a list that shifts: a review deleted (or
        // hidden) while the sync pages moves every later one up, and the next page would skip one
        // for good (it is older than the run's high-water mark). So every page after the first
        // is asked as a window that starts before the position reached (`windowAt`), and when
        // its first review is not one this run delivered, from further back (doubling) until it
        // is, or the window starts at the top. Repeated reviews are dropped. An empty window
        // backs up too: deletions may have pulled the last reviews in front of it. New reviews
        // shift the list down: that only repeats some.
        const step = (position: number) =>
          Effect.gen(function* () {
            if (position === 0) {
              const rows = yield* get(1, perPage)
              return [rows, rows.length < perPage ? undefined : rows.length] as const
            }
            for (let back = 1; ; back *= 2) {
              const at = Math.max(0, position - back)
              const window = windowAt(at, perPage)
              // no window both overlaps and moves forward (position is a multiple of every size,
              // so `position / perPage` is whole): the next page without overlap (guide: "What
              // the API cannot deliver"); a window backed up further may end before `position`
              const w =
                back === 1 && window.end <= position
                  ? { page: position / perPage + 1, perPage, start: position, end: position + perPage }
                  : window
              const rows = yield* get(w.page, w.perPage)
              const first = rows[0]
              if ((first !== undefined && delivered.has(idOf(first))) || w.start === 0 || w !== window) {
                return [rows, rows.length < w.perPage ? undefined : w.start + rows.length] as const
              }
            }
          })
        return Stream.paginate(0, (position: number) =>
          Effect.map(step(position), ([rows, next]) => {
            const records = fresh(rows)
            return [
              records.length > 0 ? [{ records } satisfies SourceStream.Page<undefined>] : [],
              next === undefined ? Option.none() : Option.some(next)
            ] as const
          })
        )
      })
    )
})

const makeApi = (config: Config) =>
  Effect.map(
    Http.make({
      baseUrl: config.baseUrl ?? defaultBaseUrl,
      auth: { _tag: "Header", name: "apikey", value: config.apiKey },
      classify,
      timeout: config.timeoutMillis ?? 30_000
    }),
    (client) => ({ client, config })
  )

/**
 * The connector: one stream, `reviews` (newest first, incremental on `createdAt`).
 *
 * @example
 * ```ts
 * import { TrustpilotConnector } from "@cxkit/connector-trustpilot"
 *
 * console.log(TrustpilotConnector.connector.id, TrustpilotConnector.connector.streams.map((s) => s.name)) // trustpilot [ 'reviews' ]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const connector = Connector.make({
  id: "trustpilot",
  version: "0.1.0",
  config: Config,
  check: (config) =>
    Effect.gen(function* () {
      const { client } = yield* TrustpilotApi
      yield* client.get(pagePath(config, 1, 1))
    }),
  streams: [reviews],
  layer: (config): Layer.Layer<TrustpilotApi, ConnectorError.ConnectorError, HttpClient.HttpClient> =>
    Layer.effect(TrustpilotApi, makeApi(config))
})
