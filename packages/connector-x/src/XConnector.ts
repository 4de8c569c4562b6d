/**
 * The X (Twitter) API v2 connector: brand mentions through recent search.
 *
 * @since 0.1.0
 */
import { Connector, ConnectorError, Http, Paginate, SourceStream } from "@cxkit/connectors"
import { Clock, Context, Effect, Layer, Schema, Stream } from "effect"
import type { HttpClient } from "effect/http"
import * as Snowflake from "./internal/snowflake.ts"

/**
 * The configuration.
 *
 * - `bearerToken`: an app-only bearer token (secret).
 * - `query`: the search query, e.g. `"@acme OR #acme -is:retweet"` (at most 512 characters on
 *   the self-serve tiers).
 * - `baseUrl`: default `https://api.x.com`; tests point it at the loopback mock.
 * - `maxResults`: tweets per request, 10–100 (default 100).
 * - `requestsPerWindow`: an optional client-side limit per 15-minute window (X answers with its
 *   own `x-rate-limit-*` headers either way).
 * - `timeoutMillis`: per request (default 30 s).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { XConnector } from "@cxkit/connector-x"
 *
 * const config = Schema.decodeUnknownSync(XConnector.Config)({ bearerToken: "AAAA", query: "@acme" })
 * console.log(String(config.bearerToken)) // <redacted>
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Config = Schema.Struct({
  bearerToken: Schema.RedactedFromValue(Schema.String),
  query: Schema.String.check(Schema.isNonEmpty(), Schema.isMaxLength(4096)),
  baseUrl: Schema.optionalKey(Schema.String),
  maxResults: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 10, maximum: 100 }))),
  requestsPerWindow: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThan(0))),
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
 * import { XConnector } from "@cxkit/connector-x"
 *
 * console.log(XConnector.defaultBaseUrl) // https://api.x.com
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const defaultBaseUrl = "https://api.x.com"

/**
 * The path of recent search.
 *
 * @example
 * ```ts
 * import { XConnector } from "@cxkit/connector-x"
 *
 * console.log(XConnector.searchPath) // /2/tweets/search/recent
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const searchPath = "/2/tweets/search/recent"

/**
 * How far back recent search reaches: seven days.
 *
 * @example
 * ```ts
 * import { XConnector } from "@cxkit/connector-x"
 *
 * console.log(XConnector.searchWindowMillis / 86_400_000) // 7
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const searchWindowMillis = 7 * 24 * 60 * 60 * 1000

/**
 * A tweet's public engagement counts (`public_metrics`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { XConnector } from "@cxkit/connector-x"
 *
 * const m = Schema.decodeUnknownSync(XConnector.PublicMetrics)({ retweet_count: 1, reply_count: 0, like_count: 5, quote_count: 0 })
 * console.log(m.like_count) // 5
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const PublicMetrics = Schema.Struct({
  retweet_count: Schema.Number,
  reply_count: Schema.Number,
  like_count: Schema.Number,
  quote_count: Schema.Number,
  bookmark_count: Schema.optionalKey(Schema.Number),
  impression_count: Schema.optionalKey(Schema.Number)
})

/**
 * A user object of `includes.users` (with `user.fields=username,name`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { XConnector } from "@cxkit/connector-x"
 *
 * console.log(Schema.decodeUnknownSync(XConnector.User)({ id: "1", username: "ada", name: "Ada" }).username) // ada
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const User = Schema.Struct({ id: Schema.String, username: Schema.String, name: Schema.String })

/**
 * @since 0.1.0
 * @category models
 */
export type User = typeof User.Type

/**
 * A tweet as the `mentions` stream delivers it: the fields of recent search
 * (`tweet.fields=created_at,public_metrics,author_id,lang`) plus `author`, its
 * `includes.users` entry joined by `author_id` (absent when X did not expand it).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { XConnector } from "@cxkit/connector-x"
 *
 * const tweet = Schema.decodeUnknownSync(XConnector.Tweet)({
 *   id: "1790000000000000000", text: "Loving @acme", created_at: "2024-05-13T10:00:00.000Z", author_id: "42",
 *   public_metrics: { retweet_count: 0, reply_count: 1, like_count: 3, quote_count: 0 },
 *   author: { id: "42", username: "ada", name: "Ada" }
 * })
 * console.log(tweet.author?.username) // ada
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Tweet = Schema.Struct({
  id: Schema.String,
  text: Schema.String,
  created_at: Schema.String,
  author_id: Schema.String,
  lang: Schema.optionalKey(Schema.String),
  edit_history_tweet_ids: Schema.optionalKey(Schema.Array(Schema.String)),
  public_metrics: PublicMetrics,
  author: Schema.optionalKey(User)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Tweet = typeof Tweet.Type

/**
 * The checkpoint of the `mentions` stream: the `next_token` of the next page and the window of
 * the run it belongs to (X's tokens are only valid with the same query parameters).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { XConnector } from "@cxkit/connector-x"
 *
 * console.log(Schema.decodeUnknownSync(XConnector.State)({ nextToken: "b26v89c19zqg8o3f", sinceId: "1790000000000000000" }).nextToken)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const State = Schema.Struct({
  nextToken: Schema.String,
  sinceId: Schema.optionalKey(Schema.String),
  startTime: Schema.optionalKey(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type State = typeof State.Type

/**
 * The authenticated client the connector's layer builds.
 *
 * @example
 * ```ts
 * import { XConnector } from "@cxkit/connector-x"
 *
 * console.log(XConnector.XApi.key) // @cxkit/connector-x/XApi
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export class XApi extends Context.Service<XApi, { readonly client: Http.Client; readonly config: Config }>()(
  "@cxkit/connector-x/XApi"
) {}

/**
 * The lower bound of a run, as recent-search parameters.
 *
 * @example
 * ```ts
 * import type { XConnector } from "@cxkit/connector-x"
 *
 * const window: XConnector.Window = { sinceId: "1790000000000000000" }
 * console.log(window.sinceId)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Window {
  readonly sinceId?: string
  readonly startTime?: string
}

const toSeconds = (millis: number) =>
  new Date(Math.floor(millis / 1000) * 1000).toISOString().replace(".000Z", "Z")

/**
 * Chooses the lower bound of an incremental run from the runner's high-water mark (the newest
 * `created_at` delivered and the tweet ids at it):
 *
 * - no mark: no bound (recent search returns the last seven days);
 * - a mark whose newest id is a Snowflake younger than seven days: `since_id` (exclusive, so
 *   nothing is delivered twice);
 * - otherwise `start_time` = the mark (inclusive, second granularity; the runner drops the
 *   tweets it already has), or, when the mark is older than the seven-day window X accepts,
 *   `start_time` = now − 7 days + 1 minute, with `fellBack` set: tweets between the mark and
 *   that time cannot be fetched by recent search any more.
 * - a mark in the future (no ids): `undefined`, nothing can be newer.
 *
 * @example
 * ```ts
 * import { XConnector } from "@cxkit/connector-x"
 *
 * const now = Date.parse("2024-05-20T12:00:00Z")
 * console.log(XConnector.windowFor({ value: "2024-05-19T08:00:00.000Z", keys: ["1792000000000000000"] }, now))
 * // { window: { sinceId: '1792000000000000000' }, fellBack: false }
 * console.log(XConnector.windowFor({ value: "2024-05-01T08:00:00.000Z", keys: [] }, now)?.window)
 * // { startTime: '2024-05-13T12:01:00Z' }
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const windowFor = (
  cursor: SourceStream.CursorPosition | undefined,
  now: number
): { readonly window: Window; readonly fellBack: boolean } | undefined => {
  if (cursor === undefined) return { window: {}, fellBack: false }
  const oldestAllowed = now - searchWindowMillis + 60_000
  const sinceId = Snowflake.max(cursor.keys)
  if (sinceId !== undefined) {
    return Snowflake.timeOf(sinceId) >= oldestAllowed
      ? { window: { sinceId }, fellBack: false }
      : { window: { startTime: toSeconds(oldestAllowed) }, fellBack: true }
  }
  const mark = Date.parse(String(cursor.value))
  if (Number.isNaN(mark)) return { window: { startTime: toSeconds(oldestAllowed) }, fellBack: true }
  if (mark > now) return undefined
  return mark >= oldestAllowed
    ? { window: { startTime: toSeconds(mark) }, fellBack: false }
    : { window: { startTime: toSeconds(oldestAllowed) }, fellBack: true }
}

/**
 * The window to use after X rejected a `since_id` as too old: X's message names the smallest
 * `since_id` it accepts ("… larger than <id>") or the instant ("created after <time>"); both
 * follow X's own clock, so the retry (one minute later than that bound, as the bound moves) is
 * not rejected again. Without either, `start_time` = now − 7 days + 5 minutes.
 *
 * @example
 * ```ts
 * import { XConnector } from "@cxkit/connector-x"
 *
 * const message = "Invalid 'since_id':'1'. 'since_id' must be a tweet id created after 2024-05-13T12:00:00.000Z. Please use a 'since_id' that is larger than 1790000000000000000"
 * console.log(XConnector.fallbackAfterRejection(message, Date.parse("2024-05-20T12:00:00Z"))) // { sinceId: '1790000251654897664' }
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const fallbackAfterRejection = (message: string, now: number): Window => {
  // X's bound moves with its clock, so the retry keeps one minute of margin.
  const id = /larger than (\d{1,20})/.exec(message)?.[1]
  if (id !== undefined) return { sinceId: Snowflake.fromTime(Snowflake.timeOf(id) + 60_000) }
  const after = /created after (\d{4}-\d{2}-\d{2}T[0-9:.]+Z)/.exec(message)?.[1]
  const at = after !== undefined ? Date.parse(after) : Number.NaN
  return { startTime: toSeconds(Number.isNaN(at) ? now - searchWindowMillis + 5 * 60_000 : at + 60_000) }
}

const parametersOf = (body: unknown): ReadonlyArray<string> => {
  const errors = (body as { errors?: unknown } | null)?.errors
  if (!Array.isArray(errors)) return []
  return errors.flatMap((e) =>
    e !== null && typeof e === "object" && typeof (e as { parameters?: unknown }).parameters === "object"
      ? Object.keys((e as { parameters: object }).parameters)
      : []
  )
}

/**
 * Classifies X's error answers (RFC 7807 problem bodies) before the toolkit's defaults:
 * a 429 carries the wait until `x-rate-limit-reset` (epoch seconds) and is `quota-exhausted`
 * when the body is a usage-cap problem (one with its own `Retry-After` is left to
 * `Http.classify`); a 400 naming `since_id` becomes a `config` error the
 * stream recovers from. Other answers fall back to `Http.classify`.
 *
 * @example
 * ```ts
 * import { XConnector } from "@cxkit/connector-x"
 *
 * const error = XConnector.classify({
 *   method: "GET", path: "/2/tweets/search/recent", status: 429, text: "",
 *   headers: { "x-rate-limit-remaining": "0", "x-rate-limit-reset": "1716206460" },
 *   json: { title: "Too Many Requests", detail: "Too Many Requests", type: "about:blank", status: 429 },
 *   retryAfterMs: undefined,
 *   now: Date.parse("2024-05-20T12:00:00Z") // the Clock time the answer arrived
 * })
 * console.log(error?.reason, error?.retryAfterMs) // rate-limited 60000
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export const classify = (info: Http.ResponseInfo): ConnectorError.ConnectorError | undefined => {
  const body = info.json as { title?: unknown; detail?: unknown; type?: unknown } | undefined
  const detail =
    typeof body?.detail === "string" ? body.detail : typeof body?.title === "string" ? body.title : ""
  const prefix = `${info.method} ${info.path} answered ${info.status}`
  if (info.status === 429) {
    const usageCapped = typeof body?.type === "string" && body.type.endsWith("/usage-capped")
    if (usageCapped) return ConnectorError.make("quota-exhausted", `${prefix}: ${detail}`, { status: 429 })
    // X sends no Retry-After: one (a proxy's, or a longer block) is honoured by Http.classify
    if (info.retryAfterMs !== undefined) return undefined
    const reset = Number(info.headers["x-rate-limit-reset"])
    if (info.headers["x-rate-limit-reset"] === undefined || !Number.isFinite(reset)) return undefined
    const retryAfterMs = Math.max(1000, reset * 1000 - info.now)
    return ConnectorError.make(
      retryAfterMs > 16 * 60_000 ? "quota-exhausted" : "rate-limited",
      `${prefix}: ${detail} (window resets in ${Math.ceil(retryAfterMs / 1000)} s)`,
      { status: 429, retryAfterMs }
    )
  }
  if (info.status === 400 && parametersOf(info.json).includes("since_id")) {
    const errors = (info.json as { errors?: Array<{ message?: unknown }> }).errors ?? []
    const detailed = errors
      .map((e) => e.message)
      .find((m): m is string => typeof m === "string" && m.includes("since_id"))
    return ConnectorError.make("config", `${prefix}: since_id rejected: ${detailed ?? detail}`, {
      status: 400
    })
  }
  return undefined
}

/**
 * Joins `includes.users` into the tweets of a recent-search body (`data` is absent when nothing
 * matched).
 *
 * @example
 * ```ts
 * import { XConnector } from "@cxkit/connector-x"
 *
 * const tweets = XConnector.tweetsOf({
 *   data: [{ id: "1", text: "hi", author_id: "42" }],
 *   includes: { users: [{ id: "42", username: "ada", name: "Ada" }] },
 *   meta: { result_count: 1 }
 * })
 * console.log(tweets[0]) // { id: '1', text: 'hi', author_id: '42', author: { id: '42', username: 'ada', name: 'Ada' } }
 * console.log(XConnector.tweetsOf({ meta: { result_count: 0 } })) // []
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const tweetsOf = (body: unknown): ReadonlyArray<unknown> => {
  const { data, includes } = (body ?? {}) as { data?: unknown; includes?: { users?: unknown } }
  if (!Array.isArray(data)) return []
  const users = new Map<string, unknown>()
  if (Array.isArray(includes?.users)) {
    for (const user of includes.users) {
      const id = (user as { id?: unknown } | null)?.id
      if (typeof id === "string") users.set(id, user)
    }
  }
  return data.map((tweet) => {
    const authorId = (tweet as { author_id?: unknown } | null)?.author_id
    const author = typeof authorId === "string" ? users.get(authorId) : undefined
    return author === undefined ? tweet : { ...(tweet as object), author }
  })
}

const searchParams = (config: Config, window: Window, token: string | undefined) => ({
  query: config.query,
  max_results: config.maxResults ?? 100,
  sort_order: "recency",
  since_id: window.sinceId,
  start_time: window.startTime,
  next_token: token,
  "tweet.fields": "created_at,public_metrics,author_id,lang",
  expansions: "author_id",
  "user.fields": "username,name"
})

const mentions = SourceStream.make<Config>()({
  name: "mentions",
  description: "Tweets matching the configured query (recent search, last seven days), newest first",
  schema: Tweet,
  primaryKey: "id",
  cursorField: "created_at",
  order: "descending",
  state: State,
  read: ({ state, cursor }) =>
    Stream.unwrap(
      Effect.gen(function* () {
        const { client, config } = yield* XApi
        const now = yield* Clock.currentTimeMillis
        let window: Window
        if (state !== undefined) {
          window = {
            ...(state.sinceId !== undefined ? { sinceId: state.sinceId } : {}),
            ...(state.startTime !== undefined ? { startTime: state.startTime } : {})
          }
        } else {
          const chosen = windowFor(cursor, now)
          if (chosen === undefined) return Stream.empty
          window = chosen.window
          if (chosen.fellBack) yield* reportFallback(String(cursor?.value), window)
        }
        const fetch = (token: string | undefined) =>
          client.get(searchPath, { urlParams: searchParams(config, window, token) }).pipe(
            Effect.catchIf(
              (error) =>
                token === undefined &&
                error.status === 400 &&
                window.sinceId !== undefined &&
                error.reason === "config",
              (error) =>
                Effect.gen(function* () {
                  window = fallbackAfterRejection(error.message, yield* Clock.currentTimeMillis)
                  yield* reportFallback(String(cursor?.value), window)
                  return yield* client.get(searchPath, { urlParams: searchParams(config, window, undefined) })
                })
            )
          )
        return Paginate.cursor({
          start: state?.nextToken,
          fetch,
          records: (response) => tweetsOf(response.body),
          next: "meta.next_token"
        }).pipe(
          Stream.map(
            (page): SourceStream.Page<State> => ({
              records: page.records,
              ...(page.checkpoint !== undefined
                ? { checkpoint: { nextToken: page.checkpoint.cursor, ...window } }
                : {})
            })
          )
        )
      })
    )
})

const reportFallback = (mark: string, window: Window) =>
  Effect.logWarning(
    `X recent search reaches back seven days only: the last run's newest tweet (${mark}) is older, so this run starts at ${window.startTime}; tweets posted between the two cannot be fetched.`
  ).pipe(Effect.annotateLogs({ connector: "x", stream: "mentions", startTime: window.startTime ?? "" }))

/**
 * The connector: one stream, `mentions` (newest first, incremental on `created_at`).
 *
 * @example
 * ```ts
 * import { XConnector } from "@cxkit/connector-x"
 *
 * console.log(XConnector.connector.id, XConnector.connector.streams.map((s) => s.order)) // x [ 'descending' ]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const connector = Connector.make({
  id: "x",
  version: "0.1.0",
  config: Config,
  check: (config) =>
    Effect.gen(function* () {
      const { client } = yield* XApi
      yield* client.get(searchPath, { urlParams: { query: config.query, max_results: 10 } })
    }),
  streams: [mentions],
  layer: (config): Layer.Layer<XApi, never, HttpClient.HttpClient> =>
    Layer.effect(
      XApi,
      Effect.map(
        Http.make({
          baseUrl: config.baseUrl ?? defaultBaseUrl,
          auth: { _tag: "Bearer", token: config.bearerToken },
          classify,
          // a used-up 15-minute window: the next request waits for x-rate-limit-reset
          respect: {
            remaining: "x-rate-limit-remaining",
            reset: "x-rate-limit-reset",
            resetIn: "epoch-seconds"
          },
          retry: { maxRetryAfter: "16 minutes" },
          rateLimit:
            config.requestsPerWindow !== undefined
              ? { requests: config.requestsPerWindow, per: "15 minutes" }
              : undefined,
          timeout: config.timeoutMillis ?? 30_000
        }),
        (client) => ({ client, config })
      )
    )
})
