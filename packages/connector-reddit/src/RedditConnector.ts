/**
 * The Reddit connector: a subreddit's new posts, comments and search results through the
 * listing API, with application-only OAuth (client credentials).
 *
 * @since 0.1.0
 */
import { Connector, ConnectorError, Http, Paginate, SourceStream } from "@cxkit/connectors"
import { Clock, Context, Effect, Layer, Redacted, Schema, Stream } from "effect"
import { HttpClient, HttpClientRequest } from "effect/http"

/**
 * The configuration.
 *
 * - `clientId` / `clientSecret`: a Reddit app's credentials (reddit.com/prefs/apps); the secret
 *   is `Redacted`.
 * - `userAgent`: required by Reddit's API rules, descriptive and unique, e.g.
 *   `"node:com.acme.cx:0.1.0 (by /u/acme_cx)"`.
 * - `subreddit`: the community, without `r/`.
 * - `query`: the search for the `search` stream (absent: that stream delivers nothing).
 * - `authBaseUrl` (default `https://www.reddit.com`, the token endpoint) and `apiBaseUrl`
 *   (default `https://oauth.reddit.com`): tests point both at the mock.
 * - `limit`: items per listing page, 1–100 (default 100).
 * - `listingCap`: how many items a listing reaches (default `listingCap`, 1000): a listing
 *   that ends at about that many items, before the previous run's newest item, is reported.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { RedditConnector } from "@cxkit/connector-reddit"
 *
 * const config = Schema.decodeUnknownSync(RedditConnector.Config)({
 *   clientId: "p-jcoLKBynTLew", clientSecret: "gko_LXELoV07ZBNUXrvWZfzE3aI",
 *   userAgent: "node:com.acme.cx:0.1.0 (by /u/acme_cx)", subreddit: "acme"
 * })
 * console.log(String(config.clientSecret)) // <redacted>
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Config = Schema.Struct({
  clientId: Schema.String.check(Schema.isNonEmpty()),
  clientSecret: Schema.RedactedFromValue(Schema.String),
  userAgent: Schema.String.check(Schema.isMinLength(8)),
  subreddit: Schema.String.check(
    Schema.isPattern(/^[A-Za-z0-9][A-Za-z0-9_]{1,20}$/, {
      expected: "a subreddit name (letters, digits, _), without r/"
    })
  ),
  query: Schema.optionalKey(Schema.String.check(Schema.isNonEmpty(), Schema.isMaxLength(512))),
  authBaseUrl: Schema.optionalKey(Schema.String),
  apiBaseUrl: Schema.optionalKey(Schema.String),
  limit: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 100 }))),
  listingCap: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThan(0))),
  timeoutMillis: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThan(0)))
})

/**
 * @since 0.1.0
 * @category models
 */
export type Config = typeof Config.Type

/**
 * Reddit's listings stop after about 1,000 items: older items cannot be paged to.
 *
 * @example
 * ```ts
 * import { RedditConnector } from "@cxkit/connector-reddit"
 *
 * console.log(RedditConnector.listingCap) // 1000
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const listingCap = 1000

/**
 * A post (`t3`), the fields the connector uses; Reddit sends many more, which the runner
 * keeps in `unknownFields` and reports once per run as schema drift.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { RedditConnector } from "@cxkit/connector-reddit"
 *
 * const post = Schema.decodeUnknownSync(RedditConnector.Post)({
 *   id: "1cq2x9z", name: "t3_1cq2x9z", title: "Acme app keeps logging me out", selftext: "", author: "ada",
 *   subreddit: "acme", created_utc: 1715600000, score: 12, num_comments: 4, permalink: "/r/acme/comments/1cq2x9z/x/"
 * })
 * console.log(post.name) // t3_1cq2x9z
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Post = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  title: Schema.String,
  selftext: Schema.String,
  author: Schema.String,
  subreddit: Schema.String,
  created_utc: Schema.Number,
  score: Schema.Number,
  num_comments: Schema.Number,
  permalink: Schema.String,
  ups: Schema.optionalKey(Schema.Number),
  upvote_ratio: Schema.optionalKey(Schema.Number),
  url: Schema.optionalKey(Schema.String),
  is_self: Schema.optionalKey(Schema.Boolean),
  over_18: Schema.optionalKey(Schema.Boolean),
  link_flair_text: Schema.optionalKey(Schema.NullOr(Schema.String))
})

/**
 * @since 0.1.0
 * @category models
 */
export type Post = typeof Post.Type

/**
 * A comment (`t1`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { RedditConnector } from "@cxkit/connector-reddit"
 *
 * const comment = Schema.decodeUnknownSync(RedditConnector.Comment)({
 *   id: "l3x1a2b", name: "t1_l3x1a2b", body: "Same here", author: "bob", subreddit: "acme", created_utc: 1715600100,
 *   score: 3, link_id: "t3_1cq2x9z", parent_id: "t3_1cq2x9z", permalink: "/r/acme/comments/1cq2x9z/x/l3x1a2b/"
 * })
 * console.log(comment.link_id) // t3_1cq2x9z
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Comment = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  body: Schema.String,
  author: Schema.String,
  subreddit: Schema.String,
  created_utc: Schema.Number,
  score: Schema.Number,
  link_id: Schema.String,
  parent_id: Schema.String,
  permalink: Schema.String,
  ups: Schema.optionalKey(Schema.Number),
  link_title: Schema.optionalKey(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Comment = typeof Comment.Type

/**
 * The authenticated client the connector's layer builds: `token` fetches (and caches until a
 * minute before `expires_in`) an application-only access token.
 *
 * @example
 * ```ts
 * import { RedditConnector } from "@cxkit/connector-reddit"
 *
 * console.log(RedditConnector.RedditApi.key) // @cxkit/connector-reddit/RedditApi
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export class RedditApi extends Context.Service<
  RedditApi,
  {
    readonly client: Http.Client
    readonly config: Config
    readonly token: Effect.Effect<string, ConnectorError.ConnectorError>
  }
>()("@cxkit/connector-reddit/RedditApi") {}

/**
 * The items of a `Listing` (`{ kind: "Listing", data: { after, children: [{ kind, data }] } }`)
 * of the given kind (`t3` posts, `t1` comments); other kinds are skipped.
 *
 * @example
 * ```ts
 * import { RedditConnector } from "@cxkit/connector-reddit"
 *
 * const items = RedditConnector.itemsOf({ kind: "Listing", data: { after: null, children: [{ kind: "t1", data: { id: "c" } }] } }, "t1")
 * console.log(items) // [ { id: 'c' } ]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const itemsOf = (body: unknown, kind: "t1" | "t3"): ReadonlyArray<unknown> => {
  const listing = body as { kind?: unknown; data?: { children?: unknown } } | null
  if (listing?.kind !== "Listing" || !Array.isArray(listing.data?.children)) return []
  return (listing.data.children as Array<{ kind?: unknown; data?: unknown }>).flatMap((child) =>
    child?.kind === kind ? [child.data] : []
  )
}

/**
 * Classifies Reddit's answers: 401/403 are `auth`; a 429 waits for `X-Ratelimit-Reset`
 * (seconds); other answers, and a 429 with a `Retry-After` of its own (Reddit sends none: a
 * proxy's, or a longer block), fall back to `Http.classify`, which honours it.
 *
 * @example
 * ```ts
 * import { RedditConnector } from "@cxkit/connector-reddit"
 *
 * const error = RedditConnector.classify({
 *   method: "GET", path: "/r/acme/new", status: 429, text: "", retryAfterMs: undefined, now: 0,
 *   headers: { "x-ratelimit-used": "100", "x-ratelimit-remaining": "0.0", "x-ratelimit-reset": "42" },
 *   json: { message: "Too Many Requests", error: 429 }
 * })
 * console.log(error?.reason, error?.retryAfterMs) // rate-limited 42000
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export const classify = (info: Http.ResponseInfo): ConnectorError.ConnectorError | undefined => {
  if (info.status !== 429 || info.retryAfterMs !== undefined) return undefined
  const reset = Number(info.headers["x-ratelimit-reset"])
  if (!Number.isFinite(reset)) return undefined
  return ConnectorError.make("rate-limited", `${info.method} ${info.path} answered 429: Too Many Requests`, {
    status: 429,
    retryAfterMs: Math.max(1000, reset * 1000)
  })
}

interface Listed {
  readonly name: string
  readonly created_utc: number
}

const listing = <const Name extends string, A extends Listed, I extends Listed>(options: {
  readonly name: Name
  readonly description: string
  readonly kind: "t1" | "t3"
  readonly schema: Schema.Codec<A, I>
  readonly path: (config: Config) => string | undefined
  readonly params: (config: Config) => Record<string, string>
}) =>
  SourceStream.make<Config>()({
    name: options.name,
    description: options.description,
    schema: options.schema,
    primaryKey: "name",
    cursorField: "created_utc",
    order: "descending",
    state: Paginate.CursorState,
    read: ({ state, cursor }) =>
      Stream.unwrap(
        Effect.gen(function* () {
          const { client, config, token } = yield* RedditApi
          const path = options.path(config)
          if (path === undefined) return Stream.empty
          const limit = config.limit ?? 100
          let delivered = 0
          let oldest: number | undefined
          // the fullnames of the last page, newest first: earlier anchors to go on from
          let anchors: ReadonlyArray<string> = []
          const get = (after: string | undefined) =>
            Effect.flatMap(token, (bearer) =>
              client.get(path, {
                headers: { authorization: `Bearer ${bearer}` },
                urlParams: { ...options.params(config), limit, after, raw_json: 1 }
              })
            )
          // Reddit answers an empty listing when the `after` item left it (deleted or removed
          // while the sync was paging): go on from the nearest earlier item of the last page
          // still listed, so the older items are not silently dropped.
          const fetch = (after: string | undefined) =>
            Effect.gen(function* () {
              let response = yield* get(after)
              if (after !== undefined && itemsOf(response.body, options.kind).length === 0) {
                const earlier = anchors.slice(0, Math.max(0, anchors.indexOf(after))).reverse()
                for (const anchor of earlier) {
                  response = yield* get(anchor)
                  if (itemsOf(response.body, options.kind).length > 0) break
                }
              }
              anchors = itemsOf(response.body, options.kind).flatMap((item) => {
                const name = (item as { name?: unknown }).name
                return typeof name === "string" ? [name] : []
              })
              return response
            })
          return Paginate.cursor({
            start: state?.cursor,
            fetch: (after) =>
              fetch(after).pipe(
                Effect.tap((response) => {
                  const items = itemsOf(response.body, options.kind)
                  delivered += items.length
                  for (const item of items) {
                    const created = (item as { created_utc?: unknown }).created_utc
                    if (typeof created === "number" && (oldest === undefined || created < oldest))
                      oldest = created
                  }
                  const after = (response.body as { data?: { after?: unknown } } | null)?.data?.after
                  const ended = after === null || after === undefined
                  const stillAbove =
                    cursor === undefined || (oldest !== undefined && oldest > Number(cursor.value))
                  const cap = config.listingCap ?? listingCap
                  return ended && delivered >= cap - limit && stillAbove
                    ? Effect.logWarning(
                        `Reddit listing ${path} ended after ${delivered} items, at its ~${config.listingCap ?? listingCap}-item cap: items older than ${new Date((oldest ?? 0) * 1000).toISOString()} cannot be listed and may be missing.`
                      ).pipe(Effect.annotateLogs({ connector: "reddit", stream: options.name }))
                    : Effect.void
                })
              ),
            records: (response) => itemsOf(response.body, options.kind),
            next: "data.after"
          })
        })
      )
  })

const posts = listing({
  name: "posts",
  description: "New posts of the subreddit (/r/{sub}/new), newest first",
  kind: "t3",
  schema: Post,
  path: (config) => `/r/${config.subreddit}/new`,
  params: () => ({})
})

const comments = listing({
  name: "comments",
  description: "New comments in the subreddit (/r/{sub}/comments), newest first",
  kind: "t1",
  schema: Comment,
  path: (config) => `/r/${config.subreddit}/comments`,
  params: () => ({})
})

const search = listing({
  name: "search",
  description: "Posts of the subreddit matching `query` (/r/{sub}/search, sort=new), newest first",
  kind: "t3",
  schema: Post,
  path: (config) => (config.query === undefined ? undefined : `/r/${config.subreddit}/search`),
  params: (config) => ({ q: config.query ?? "", restrict_sr: "1", sort: "new", t: "all", type: "link" })
})

const tokenError = (status: number, detail: string) =>
  ConnectorError.make(
    status === 401 || status === 403
      ? "auth"
      : status === 429
        ? "rate-limited"
        : status >= 500
          ? "transient"
          : "auth",
    `POST /api/v1/access_token answered ${status}${detail === "" ? "" : `: ${detail}`}`,
    { status }
  )

const makeApi = (config: Config) =>
  Effect.gen(function* () {
    const http = yield* HttpClient.HttpClient
    const tokenUrl = new URL(
      "/api/v1/access_token",
      config.authBaseUrl ?? "https://www.reddit.com"
    ).toString()
    let cached: { readonly token: string; readonly expiresAt: number } | undefined
    // The token request is form-encoded (grant_type=client_credentials) with basic auth, which
    // the toolkit's JSON client does not send, so it goes through effect's HttpClient.
    const fetchToken = Effect.gen(function* () {
      const request = HttpClientRequest.post(tokenUrl).pipe(
        HttpClientRequest.basicAuth(config.clientId, Redacted.value(config.clientSecret)),
        HttpClientRequest.setHeader("user-agent", config.userAgent),
        HttpClientRequest.acceptJson,
        HttpClientRequest.bodyUrlParams({ grant_type: "client_credentials" })
      )
      const response = yield* http
        .execute(request)
        .pipe(
          Effect.mapError((cause) =>
            ConnectorError.make("transient", `POST /api/v1/access_token failed: ${cause.message}`)
          )
        )
      const text = yield* response.text.pipe(
        Effect.mapError((cause) =>
          ConnectorError.make("transient", `POST /api/v1/access_token failed: ${cause.message}`)
        )
      )
      let body:
        | { access_token?: unknown; expires_in?: unknown; error?: unknown; message?: unknown }
        | undefined
      try {
        body = JSON.parse(text) as typeof body
      } catch {
        body = undefined
      }
      if (response.status !== 200) {
        const detail =
          typeof body?.message === "string" ? body.message : typeof body?.error === "string" ? body.error : ""
        return yield* tokenError(response.status, detail)
      }
      if (typeof body?.access_token !== "string") {
        return yield* ConnectorError.make(
          "auth",
          `POST /api/v1/access_token gave no access token${typeof body?.error === "string" ? `: ${body.error}` : ""}`
        )
      }
      return {
        token: body.access_token,
        expiresIn: typeof body.expires_in === "number" ? body.expires_in : 3600
      }
    })
    const token = Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      if (cached !== undefined && cached.expiresAt - now > 60_000) return cached.token
      const fresh = yield* fetchToken
      cached = { token: fresh.token, expiresAt: now + fresh.expiresIn * 1000 }
      return fresh.token
    })
    const client = yield* Http.make({
      baseUrl: config.apiBaseUrl ?? "https://oauth.reddit.com",
      headers: { "user-agent": config.userAgent },
      classify,
      // Reddit reports the requests left as a float ("0.0"); none left: wait for the reset
      respect: { remaining: "x-ratelimit-remaining", reset: "x-ratelimit-reset", resetIn: "seconds" },
      timeout: config.timeoutMillis ?? 30_000
    })
    return { client, config, token }
  })

/**
 * The connector: `posts`, `comments` and `search`, each newest first and incremental on
 * `created_utc`, keyed by fullname (`t3_…`, `t1_…`).
 *
 * @example
 * ```ts
 * import { RedditConnector } from "@cxkit/connector-reddit"
 *
 * console.log(RedditConnector.connector.streams.map((s) => s.name)) // [ 'posts', 'comments', 'search' ]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const connector = Connector.make({
  id: "reddit",
  version: "0.1.0",
  config: Config,
  check: (config) =>
    Effect.gen(function* () {
      const { client, token } = yield* RedditApi
      const bearer = yield* token
      yield* client.get(`/r/${config.subreddit}/new`, {
        headers: { authorization: `Bearer ${bearer}` },
        urlParams: { limit: 1, raw_json: 1 }
      })
    }),
  streams: [posts, comments, search],
  layer: (config): Layer.Layer<RedditApi, never, HttpClient.HttpClient> =>
    Layer.effect(RedditApi, makeApi(config))
})
