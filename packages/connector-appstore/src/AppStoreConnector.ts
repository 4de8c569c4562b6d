/**
 * The App Store Connect connector: customer reviews of an app, newest first, with the
 * developer's responses, authenticated by a signed JWT (ES256).
 *
 * @since 0.1.0
 */
import { Connector, ConnectorError, Http, Paginate, SourceStream } from "@cxkit/connectors"
import { Clock, Context, Effect, Layer, Redacted, Schema, Stream } from "effect"
import type { HttpClient } from "effect/http"
import { importPKCS8, SignJWT } from "jose"

/**
 * The configuration.
 *
 * - `issuerId`: the issuer id of the team's API keys (App Store Connect › Users and Access ›
 *   Integrations).
 * - `keyId`: the id of the API key (the JWT header's `kid`).
 * - `privateKey`: the key's `.p8` file content, a PKCS#8 PEM of a P-256 key (secret).
 * - `appId`: the app's Apple id (digits).
 * - `baseUrl`: default `https://api.appstoreconnect.apple.com`; tests point it at the mock.
 * - `limit`: reviews per page, 1–200 (default 200).
 * - `tokenLifetimeSeconds`: 60–1200 (default 1200: Apple rejects tokens living more than 20 minutes).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { AppStoreConnector } from "@cxkit/connector-appstore"
 *
 * const config = Schema.decodeUnknownSync(AppStoreConnector.Config)({
 *   issuerId: "57246542-96fe-1a63-e053-0824d011072a", keyId: "2X9R4HXF34",
 *   privateKey: "-----BEGIN PRIVATE KEY-----\n…\n-----END PRIVATE KEY-----", appId: "682658836"
 * })
 * console.log(String(config.privateKey)) // <redacted>
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Config = Schema.Struct({
  issuerId: Schema.String.check(Schema.isNonEmpty()),
  keyId: Schema.String.check(Schema.isNonEmpty()),
  privateKey: Schema.RedactedFromValue(Schema.String),
  appId: Schema.String.check(Schema.isPattern(/^\d+$/, { expected: "an app's Apple id (digits)" })),
  baseUrl: Schema.optionalKey(Schema.String),
  limit: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 200 }))),
  tokenLifetimeSeconds: Schema.optionalKey(
    Schema.Int.check(Schema.isBetween({ minimum: 60, maximum: 1200 }))
  ),
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
 * import { AppStoreConnector } from "@cxkit/connector-appstore"
 *
 * console.log(AppStoreConnector.defaultBaseUrl) // https://api.appstoreconnect.apple.com
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const defaultBaseUrl = "https://api.appstoreconnect.apple.com"

/**
 * The audience every App Store Connect token carries.
 *
 * @example
 * ```ts
 * import { AppStoreConnector } from "@cxkit/connector-appstore"
 *
 * console.log(AppStoreConnector.audience) // appstoreconnect-v1
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const audience = "appstoreconnect-v1"

/**
 * The developer's response to a review (`customerReviewResponses`, from `include=response`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { AppStoreConnector } from "@cxkit/connector-appstore"
 *
 * const r = Schema.decodeUnknownSync(AppStoreConnector.Response)({
 *   id: "r1", responseBody: "Thanks!", lastModifiedDate: "2024-05-02T10:00:00-07:00", state: "PUBLISHED"
 * })
 * console.log(r.state) // PUBLISHED
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Response = Schema.Struct({
  id: Schema.String,
  responseBody: Schema.String,
  lastModifiedDate: Schema.String,
  state: Schema.String
})

/**
 * A customer review as the `reviews` stream delivers it: the resource's id and attributes
 * (`rating` 1–5, `title`, `body`, `reviewerNickname`, `createdDate`, `territory`) and, when
 * there is one, the developer `response` joined from `included`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { AppStoreConnector } from "@cxkit/connector-appstore"
 *
 * const review = Schema.decodeUnknownSync(AppStoreConnector.Review)({
 *   id: "00000028-b08c-0014-729e-fbd500000000", rating: 5, title: "Awesome!!!", body: "It's a really fantastic app!",
 *   reviewerNickname: "Anne Johnson", createdDate: "2017-11-15T08:10:34-08:00", territory: "USA"
 * })
 * console.log(review.rating) // 5
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Review = Schema.Struct({
  id: Schema.String,
  rating: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 5 })),
  title: Schema.optionalKey(Schema.String),
  body: Schema.optionalKey(Schema.String),
  reviewerNickname: Schema.String,
  createdDate: Schema.String,
  territory: Schema.String,
  response: Schema.optionalKey(Response)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Review = typeof Review.Type

/**
 * Signs an App Store Connect token: header `{ alg: "ES256", kid, typ: "JWT" }`, payload
 * `{ iss, iat, exp, aud: "appstoreconnect-v1" }` with `exp − iat` = the lifetime (at most
 * 20 minutes). The private key never appears in errors.
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { AppStoreConnector } from "@cxkit/connector-appstore"
 * import { AppStoreMock } from "@cxkit/connector-appstore/testing"
 *
 * const main = async () => {
 *   const key = await AppStoreMock.generateKey({ keyId: "KEY1", issuerId: "iss" })
 *   const token = await AppStoreConnector.signToken({ ...key, privateKey: Redacted.make(key.privateKey) }, 1_700_000_000_000, 1200)
 *   const [header, payload] = token.split(".").slice(0, 2).map((part) => JSON.parse(Buffer.from(part, "base64url").toString()))
 *   console.log(header) // { alg: 'ES256', kid: 'KEY1', typ: 'JWT' }
 *   console.log(payload) // { iss: 'iss', iat: 1700000000, exp: 1700001200, aud: 'appstoreconnect-v1' }
 * }
 * main()
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const signToken = async (
  config: Pick<Config, "issuerId" | "keyId" | "privateKey">,
  nowMillis: number,
  lifetimeSeconds: number
): Promise<string> => {
  const key = await importPKCS8(Redacted.value(config.privateKey), "ES256")
  const iat = Math.floor(nowMillis / 1000)
  return new SignJWT({})
    .setProtectedHeader({ alg: "ES256", kid: config.keyId, typ: "JWT" })
    .setIssuer(config.issuerId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetimeSeconds)
    .setAudience(audience)
    .sign(key)
}

/**
 * The authenticated client the connector's layer builds: `token` signs (and caches, until a
 * minute before it expires) the bearer token.
 *
 * @example
 * ```ts
 * import { AppStoreConnector } from "@cxkit/connector-appstore"
 *
 * console.log(AppStoreConnector.AppStoreApi.key) // @cxkit/connector-appstore/AppStoreApi
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export class AppStoreApi extends Context.Service<
  AppStoreApi,
  {
    readonly client: Http.Client
    readonly config: Config
    readonly token: Effect.Effect<string, ConnectorError.ConnectorError>
  }
>()("@cxkit/connector-appstore/AppStoreApi") {}

/**
 * Flattens a JSON:API page of `customerReviews` into review records: the resource id, its
 * attributes, and its response from `included` (matched by the `response` relationship).
 *
 * @example
 * ```ts
 * import { AppStoreConnector } from "@cxkit/connector-appstore"
 *
 * const reviews = AppStoreConnector.reviewsOf({
 *   data: [{
 *     type: "customerReviews", id: "a", attributes: { rating: 4, reviewerNickname: "Jo", createdDate: "2024-05-01T10:00:00-07:00", territory: "FRA" },
 *     relationships: { response: { data: { type: "customerReviewResponses", id: "r" } } }
 *   }],
 *   included: [{ type: "customerReviewResponses", id: "r", attributes: { responseBody: "Merci", lastModifiedDate: "2024-05-02T10:00:00-07:00", state: "PUBLISHED" } }],
 *   links: { self: "…" }
 * })
 * console.log(reviews[0]) // { id: 'a', rating: 4, reviewerNickname: 'Jo', createdDate: '2024-05-01T10:00:00-07:00', territory: 'FRA', response: { id: 'r', responseBody: 'Merci', lastModifiedDate: '2024-05-02T10:00:00-07:00', state: 'PUBLISHED' } }
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const reviewsOf = (body: unknown): ReadonlyArray<unknown> => {
  const { data, included } = (body ?? {}) as { data?: unknown; included?: unknown }
  if (!Array.isArray(data)) return []
  const responses = new Map<string, Record<string, unknown>>()
  if (Array.isArray(included)) {
    for (const item of included as Array<{ type?: unknown; id?: unknown; attributes?: unknown }>) {
      if (item?.type === "customerReviewResponses" && typeof item.id === "string") {
        responses.set(item.id, { id: item.id, ...(item.attributes as object) })
      }
    }
  }
  return (data as Array<{ id?: unknown; attributes?: unknown; relationships?: unknown }>).map((item) => {
    const rel = (item.relationships as { response?: { data?: { id?: unknown } | null } } | undefined)
      ?.response?.data
    const response = typeof rel?.id === "string" ? responses.get(rel.id) : undefined
    return { id: item.id, ...(item.attributes as object), ...(response !== undefined ? { response } : {}) }
  })
}

/**
 * Classifies App Store Connect's error answers (`{ errors: [{ status, code, title, detail }] }`):
 * 401 `NOT_AUTHORIZED` and 403 `FORBIDDEN_ERROR` are `auth`, 429 `RATE_LIMIT_EXCEEDED` is
 * `rate-limited` (the hourly limit: retried after the toolkit's backoff), 404 `NOT_FOUND` is a
 * `config` error (wrong app id); other answers fall back to `Http.classify`.
 *
 * @example
 * ```ts
 * import { AppStoreConnector } from "@cxkit/connector-appstore"
 *
 * const error = AppStoreConnector.classify({
 *   method: "GET", path: "/v1/apps/1/customerReviews", status: 404, headers: {}, text: "", retryAfterMs: undefined, now: 0,
 *   json: { errors: [{ status: "404", code: "NOT_FOUND", title: "The specified resource does not exist", detail: "There is no resource of type 'apps' with id '1'" }] }
 * })
 * console.log(error?.reason, error?.message) // config GET /v1/apps/1/customerReviews answered 404: NOT_FOUND: There is no resource of type 'apps' with id '1'
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export const classify = (info: Http.ResponseInfo): ConnectorError.ConnectorError | undefined => {
  const errors = (
    info.json as { errors?: Array<{ code?: unknown; detail?: unknown; title?: unknown }> } | undefined
  )?.errors
  const first = Array.isArray(errors) ? errors[0] : undefined
  if (first === undefined || typeof first.code !== "string") return undefined
  const detail =
    typeof first.detail === "string" ? first.detail : typeof first.title === "string" ? first.title : ""
  const message = `${info.method} ${info.path} answered ${info.status}: ${first.code}: ${detail}`
  const extra = {
    status: info.status,
    ...(info.retryAfterMs !== undefined ? { retryAfterMs: info.retryAfterMs } : {})
  }
  if (info.status === 401 || info.status === 403) return ConnectorError.make("auth", message, extra)
  if (info.status === 404) return ConnectorError.make("config", message, extra)
  if (info.status === 429) return ConnectorError.make("rate-limited", message, extra)
  return undefined
}

/**
 * The first page's path: newest first, with responses.
 *
 * @example
 * ```ts
 * import { AppStoreConnector } from "@cxkit/connector-appstore"
 *
 * console.log(AppStoreConnector.firstPage("682658836", 200))
 * // /v1/apps/682658836/customerReviews?sort=-createdDate&limit=200&include=response
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const firstPage = (appId: string, limit: number): string =>
  `/v1/apps/${appId}/customerReviews?sort=-createdDate&limit=${limit}&include=response`

/**
 * The offset inside an App Store Connect `cursor` (base64url JSON `{ "offset": "N" }`), or
 * `undefined` when the cursor has another form (then it is followed as an opaque token).
 */
const offsetOf = (url: string): number | undefined => {
  try {
    const cursor = new URL(url, "http://x").searchParams.get("cursor")
    if (cursor === null) return undefined
    const value = (JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { offset?: unknown })
      .offset
    const offset = Number(value)
    return typeof value === "string" && Number.isInteger(offset) && offset >= 0 ? offset : undefined
  } catch {
    return undefined
  }
}

const atOffset = (url: string, offset: number): string => {
  const parsed = new URL(url, "http://x")
  parsed.searchParams.set(
    "cursor",
    Buffer.from(JSON.stringify({ offset: String(offset) })).toString("base64url")
  )
  return /^https?:/.test(url) ? parsed.toString() : `${parsed.pathname}${parsed.search}`
}

const idOf = (review: unknown) => String((review as { id?: unknown }).id)

const reviews = SourceStream.make<Config>()({
  name: "reviews",
  description: "Customer reviews of the app, newest first, with the developer's responses",
  schema: Review,
  primaryKey: "id",
  cursorField: "createdDate",
  order: "descending",
  // No mid-run checkpoint: a run always starts from the newest review; the runner commits the
  // new high-water mark once the run has read down to the previous one.
  state: Schema.Undefined,
  read: () =>
    Stream.unwrap(
      Effect.gen(function* () {
        const { client, config, token } = yield* AppStoreApi
        const delivered = new Set<string>()
        const get = (url: string) =>
          Effect.flatMap(token, (jwt) => client.get(url, { headers: { authorization: `Bearer ${jwt}` } }))
        // `links.next` cursors are offsets into a list that shifts: a review deleted while the
        // sync pages moves every later one up, and the next offset would skip one for good
        // (it is older than the run's high-water mark). So each page is asked from one review
        // earlier, backing up further until it starts with a review this run already
        // delivered; those are dropped. An empty page backs up too: deletions may have pulled
        // the last reviews in front of its offset. New reviews shift the list down: that only
        // repeats some.
        const fetch = (url: string) =>
          Effect.gen(function* () {
            const offset = offsetOf(url)
            if (offset === undefined || offset === 0 || delivered.size === 0) return yield* get(url)
            for (let back = 1; ; back *= 2) {
              const at = Math.max(0, offset - back)
              const response = yield* get(atOffset(url, at))
              const first = reviewsOf(response.body)[0]
              if ((first !== undefined && delivered.has(idOf(first))) || at === 0) return response
            }
          })
        return Paginate.nextUrl({
          first: firstPage(config.appId, config.limit ?? 200),
          start: undefined,
          fetch,
          records: (response) =>
            reviewsOf(response.body).filter((review) => {
              const id = idOf(review)
              if (delivered.has(id)) return false
              delivered.add(id)
              return true
            }),
          next: "links.next"
        }).pipe(Stream.map((page): SourceStream.Page<undefined> => ({ records: page.records })))
      })
    )
})

const makeApi = (config: Config) =>
  Effect.gen(function* () {
    const lifetime = config.tokenLifetimeSeconds ?? 1200
    yield* Effect.tryPromise({
      try: () => importPKCS8(Redacted.value(config.privateKey), "ES256"),
      catch: () =>
        ConnectorError.make(
          "config",
          "privateKey is not a PKCS#8 PEM of a P-256 (ES256) key, as in an App Store Connect .p8 file"
        )
    })
    let cached: { readonly token: string; readonly expiresAt: number } | undefined
    const token = Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      if (cached !== undefined && cached.expiresAt - now > 60_000) return cached.token
      const signed = yield* Effect.tryPromise({
        try: () => signToken(config, now, lifetime),
        catch: () =>
          ConnectorError.make("config", "could not sign the App Store Connect token with privateKey")
      })
      cached = { token: signed, expiresAt: Math.floor(now / 1000) * 1000 + lifetime * 1000 }
      return signed
    })
    const client = yield* Http.make({
      baseUrl: config.baseUrl ?? defaultBaseUrl,
      classify,
      timeout: config.timeoutMillis ?? 30_000
    })
    return { client, config, token }
  })

/**
 * The connector: one stream, `reviews` (newest first, incremental on `createdDate`).
 *
 * @example
 * ```ts
 * import { AppStoreConnector } from "@cxkit/connector-appstore"
 *
 * console.log(AppStoreConnector.connector.id, AppStoreConnector.connector.streams.map((s) => s.name)) // appstore [ 'reviews' ]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const connector = Connector.make({
  id: "appstore",
  version: "0.1.0",
  config: Config,
  check: (config) =>
    Effect.gen(function* () {
      const { client, token } = yield* AppStoreApi
      const jwt = yield* token
      yield* client.get(`/v1/apps/${config.appId}/customerReviews?limit=1`, {
        headers: { authorization: `Bearer ${jwt}` }
      })
    }),
  streams: [reviews],
  layer: (config): Layer.Layer<AppStoreApi, ConnectorError.ConnectorError, HttpClient.HttpClient> =>
    Layer.effect(AppStoreApi, makeApi(config))
})
