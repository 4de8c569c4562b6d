/**
 * A loopback mock of X API v2 recent search, built on the `@cxkit/connectors/testing` mock
 * server from fixture tweets: the documented path and parameters (`query`, `max_results`
 * 10–100, default 10, `since_id`, `start_time`, `next_token`, `sort_order`, `tweet.fields`,
 * `expansions=author_id`, `user.fields`), the envelope (`data`, `includes.users`,
 * `meta.newest_id/oldest_id/result_count/next_token`), newest first, the seven-day window
 * (older `since_id` / `start_time` answer 400 with X's problem body), bearer authentication
 * (401 problem body), `x-rate-limit-limit/remaining/reset` on every answer and a 429 when the
 * window's requests are spent. The test kit server underneath holds the tweets, the faults and
 * the mutations; `serve` is X's front end on it. Not for production code.
 *
 * Sources: X's docs on recent search
 * (https://docs.x.com/x-api/posts/search/api-reference/get-2-tweets-search-recent), its
 * pagination (https://docs.x.com/x-api/posts/search/integrate/paginate) and rate limits
 * (https://docs.x.com/x-api/fundamentals/rate-limits).
 *
 * @module
 * @since 0.1.0
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { LoopbackServer, MockServer } from "@cxkit/connectors/testing"
import { Redacted } from "effect"
import * as Snowflake from "./internal/snowflake.ts"
import type * as XConnector from "./XConnector.ts"
import { searchPath, searchWindowMillis } from "./XConnector.ts"

/**
 * A fixture tweet with every field the mock can serve.
 *
 * @example
 * ```ts
 * import type { XMock } from "@cxkit/connector-x/testing"
 *
 * const t: XMock.FixtureTweet = {
 *   id: "1790000000000000000", text: "hi", created_at: "2024-05-13T10:00:00.000Z", author_id: "42", lang: "en",
 *   public_metrics: { retweet_count: 0, reply_count: 0, like_count: 1, quote_count: 0 }
 * }
 * console.log(t.id)
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export type FixtureTweet = {
  readonly id: string
  readonly text: string
  readonly created_at: string
  readonly author_id: string
  readonly lang: string
  readonly public_metrics: XConnector.Tweet["public_metrics"]
}

/**
 * Options of `start`.
 *
 * - `tweets` / `users`: what the query matches (the mock does not evaluate query operators);
 *   default `fixtures()`.
 * - `now`: the server's clock (default `Date.now`), which sets the seven-day window.
 * - `rateLimit`: requests per window (default 450 per 15 minutes, X's app-only limit for recent
 *   search on the Pro tier).
 *
 * @example
 * ```ts
 * import type { XMock } from "@cxkit/connector-x/testing"
 *
 * const options: XMock.Options = { bearerToken: "t", rateLimit: { limit: 60, windowSeconds: 900 } }
 * console.log(options.rateLimit?.limit)
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export interface Options {
  readonly bearerToken?: string
  readonly tweets?: ReadonlyArray<FixtureTweet>
  readonly users?: ReadonlyArray<XConnector.User>
  readonly now?: () => number
  readonly rateLimit?: { readonly limit: number; readonly windowSeconds: number }
}

/**
 * One logged request.
 *
 * @example
 * ```ts
 * import type { XMock } from "@cxkit/connector-x/testing"
 *
 * const r: XMock.LoggedRequest = { path: "/2/tweets/search/recent", query: { query: "@acme" }, status: 200 }
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
 * import { XMock } from "@cxkit/connector-x/testing"
 *
 * XMock.start().then(async (server) => {
 *   console.log(server.url.startsWith("http://127.0.0.1:")) // true
 *   await server.close()
 * })
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export interface XMock {
  readonly url: string
  readonly bearerToken: string
  /** The test kit server holding the tweets: faults (`inject`), mutations, its request log. */
  readonly server: MockServer.MockServer
  /** Requests as X saw them, with the status it answered. */
  readonly requests: ReadonlyArray<LoggedRequest>
  /** A decoded connector config pointing at this mock. */
  readonly config: (overrides?: {
    readonly query?: string
    readonly maxResults?: number
  }) => XConnector.Config
  readonly tweets: () => ReadonlyArray<FixtureTweet>
  /** Publishes tweets (new ones appear in later searches). */
  readonly post: (tweets: ReadonlyArray<FixtureTweet>) => void
  /** Answers the next `times` searches with this status and X's problem body. */
  readonly fail: (status: 429 | 500 | 503, times?: number) => void
  readonly close: () => Promise<void>
}

const users0: ReadonlyArray<XConnector.User> = [
  { id: "2244994945", username: "ada_dev", name: "Ada" },
  { id: "783214", username: "grace_h", name: "Grace Hopper" },
  { id: "6253282", username: "linus_t", name: "Linus" },
  { id: "17874544", username: "mx_support_fan", name: "Sam" },
  { id: "1001", username: "barbara_l", name: "Barbara" }
]

const texts = [
  "Love the new @acme app update, works great",
  "@acme support was really helpful today, thanks!",
  "Third time the @acme app crashed on checkout. Terrible.",
  "Is @acme down for anyone else?",
  "@acme delivery was late again, not happy",
  "Best customer service ever from @acme",
  "Just ordered from @acme",
  "@acme why is the price so high now? disappointed",
  "Excellent experience with @acme returns",
  "@acme the new design is awful"
]

/**
 * Fixture tweets and users: `count` tweets (default 57) mentioning `@acme`, one every
 * `spacingMinutes` (default 47) going back from `now`, with real Snowflake ids, mixed
 * sentiment and engagement counts.
 *
 * @example
 * ```ts
 * import { XMock } from "@cxkit/connector-x/testing"
 *
 * const { tweets, users } = XMock.fixtures({ count: 3, now: Date.parse("2024-05-20T12:00:00Z") })
 * console.log(tweets.length, users.length, tweets[0]?.created_at) // 3 5 2024-05-20T11:13:00.000Z
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const fixtures = (
  options: { readonly count?: number; readonly now?: number; readonly spacingMinutes?: number } = {}
): { readonly tweets: Array<FixtureTweet>; readonly users: ReadonlyArray<XConnector.User> } => {
  const now = Math.floor((options.now ?? Date.now()) / 60_000) * 60_000
  const spacing = (options.spacingMinutes ?? 47) * 60_000
  const tweets = Array.from({ length: options.count ?? 57 }, (_, i) => tweetAt(now - (i + 1) * spacing, i))
  return { tweets, users: users0 }
}

const SEVEN_DAYS = searchWindowMillis
// the fields `tweet.fields` selects; id, text and edit_history_tweet_ids are always returned
const tweetFields = new Set(["created_at", "public_metrics", "author_id", "lang"])
const userFields = new Set(["username", "name"])

const listOf = (value: string | undefined) => (value ?? "").split(",").filter((v) => v !== "")

const postedAt = (tweet: MockServer.Fixture) => Date.parse(String(tweet.created_at))

// since_id is exclusive: "results with a Post ID greater than (that is, more recent than) the
// specified ID". A Snowflake id carries its posting time, so the mock compares times and breaks
// ties within a millisecond by id (edited fixtures keep their id and move in time).
const postedAfter = (tweet: MockServer.Fixture, sinceId: string) => {
  const a = postedAt(tweet)
  const b = Snowflake.timeOf(sinceId)
  if (a !== b) return a > b
  const id = String(tweet.id)
  return Snowflake.isSnowflake(id) ? Snowflake.compare(id, sinceId) > 0 : id > sinceId
}

/**
 * Recent search described to the `@cxkit/connectors/testing` mock server: the path, the
 * parameter names (`max_results`, `next_token`), the window the request selects (the last
 * seven days on the clock `now`, from `start_time` at second granularity, after `since_id`),
 * newest first, and X's envelope with `tweet.fields` selecting fields and
 * `expansions=author_id` joining `includes.users`. `serve` adds X's front end (authentication,
 * rate-limit windows, parameter validation, problem bodies); the conformance suite runs on both.
 *
 * @example
 * ```ts
 * import { XMock } from "@cxkit/connector-x/testing"
 *
 * const { tweets } = XMock.fixtures({ count: 3 })
 * const options = XMock.serverOptions({ bearerToken: "t", tweets })
 * console.log(Object.keys(options.resources)) // [ '/2/tweets/search/recent' ]
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const serverOptions = (options: {
  readonly bearerToken: string
  readonly tweets: ReadonlyArray<FixtureTweet>
  readonly users?: ReadonlyArray<XConnector.User>
  readonly pageSize?: number
  readonly now?: () => number
}): MockServer.Options => {
  const byId = new Map((options.users ?? users0).map((u) => [u.id, u]))
  const now = options.now ?? Date.now
  return {
    auth: { _tag: "Bearer", token: options.bearerToken },
    resources: {
      [searchPath]: {
        stream: "mentions",
        records: options.tweets,
        primaryKey: "id",
        cursorField: "created_at",
        order: "descending",
        pageSize: options.pageSize ?? 100,
        defaultLimit: 10,
        params: { limit: "max_results", cursor: "next_token" },
        filter: (tweet, query) => {
          const t = now()
          const posted = postedAt(tweet)
          const from =
            query.start_time !== undefined
              ? Math.floor(Date.parse(query.start_time) / 1000) * 1000
              : t - SEVEN_DAYS
          return (
            posted >= from &&
            posted <= t &&
            (query.since_id === undefined || postedAfter(tweet, query.since_id))
          )
        },
        render: (page) => {
          const fields = new Set(listOf(page.query["tweet.fields"]))
          const data = page.records.map((tweet) => {
            const out: Record<string, unknown> = { edit_history_tweet_ids: [tweet.id] }
            for (const [key, value] of Object.entries(tweet)) {
              if (!tweetFields.has(key) || fields.has(key)) out[key] = value
            }
            return out
          })
          const wanted = listOf(page.query["user.fields"]).filter((f) => userFields.has(f))
          const authors = listOf(page.query.expansions).includes("author_id")
            ? [...new Set(page.records.map((r) => String(r.author_id)))].flatMap((id) => {
                const user = byId.get(id)
                if (user === undefined) return []
                const out: Record<string, string> = { id: user.id }
                for (const f of wanted) out[f] = user[f as "username" | "name"]
                return [out]
              })
            : []
          return {
            ...(data.length > 0 ? { data } : {}),
            ...(authors.length > 0 ? { includes: { users: authors } } : {}),
            meta: {
              ...(page.records.length > 0
                ? { newest_id: page.records[0]?.id, oldest_id: page.records[page.records.length - 1]?.id }
                : {}),
              result_count: page.records.length,
              ...(page.next !== undefined ? { next_token: page.next } : {})
            }
          }
        }
      }
    }
  }
}

/**
 * A fixture tweet posted at `millis` (its id is the Snowflake of that time).
 *
 * @example
 * ```ts
 * import { XMock } from "@cxkit/connector-x/testing"
 *
 * const t = XMock.tweetAt(Date.parse("2024-05-20T12:00:00Z"), 0, "Hello @acme")
 * console.log(t.id, t.text) // 1792525678801846272 Hello @acme
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const tweetAt = (millis: number, n: number, text?: string): FixtureTweet => ({
  id: Snowflake.fromTime(millis, n),
  text: text ?? (texts[n % texts.length] as string),
  created_at: new Date(millis).toISOString(),
  author_id: (users0[n % users0.length] as XConnector.User).id,
  lang: "en",
  public_metrics: {
    retweet_count: (n * 7) % 5,
    reply_count: (n * 3) % 4,
    like_count: (n * 13) % 40,
    quote_count: n % 2,
    bookmark_count: n % 3,
    impression_count: 100 + ((n * 37) % 900)
  }
})

const invalidRequest = (parameter: string, value: string, message: string) => ({
  errors: [{ parameters: { [parameter]: [value] }, message }],
  title: "Invalid Request",
  detail: "One or more parameters to your request was invalid.",
  type: "https://api.twitter.com/2/problems/invalid-request"
})

const problem = (status: number, title: string) => ({ title, detail: title, type: "about:blank", status })

/**
 * Serves X's recent search in front of a test kit server built from `serverOptions` (the
 * tweets, faults and request log stay there), on 127.0.0.1:
 *
 * - bearer authentication (401 `Unauthorized` problem body); an unknown path answers 404;
 * - `x-rate-limit-limit/remaining/reset` on every authenticated answer, and 429 once the
 *   window's requests are spent (`rateLimit`, default 450 per 15 minutes, the app-only limit of
 *   recent search), on the clock `now` (default `Date.now`);
 * - 400 `invalid-request` problems naming the parameter for an empty `query`, `max_results`
 *   outside 10–100, `since_id` with `start_time`, a `since_id` or `start_time` older than
 *   seven days (or a `start_time` less than 10 s ago), and a `next_token` X did not issue;
 * - faults injected into the test kit server answered as injected, with the window's headers
 *   where the fault sets none (`fail` injects X's own problem bodies).
 *
 * Closing the front end leaves the test kit server running.
 *
 * @example
 * ```ts
 * import { MockServer } from "@cxkit/connectors/testing"
 * import { XMock } from "@cxkit/connector-x/testing"
 *
 * const { tweets } = XMock.fixtures({ count: 12 })
 * const upstream = await MockServer.start(XMock.serverOptions({ bearerToken: "t", tweets }))
 * const front = await XMock.serve(upstream, { bearerToken: "t" })
 * const response = await fetch(`${front.url}/2/tweets/search/recent?query=acme&max_results=5`, {
 *   headers: { authorization: "Bearer t" }
 * })
 * console.log(response.status, (await response.json()).errors[0].parameters) // 400 { max_results: [ '5' ] }
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
    readonly bearerToken: string
    readonly now?: () => number
    readonly rateLimit?: { readonly limit: number; readonly windowSeconds: number }
  }
): Promise<LoopbackServer.LoopbackServer & { readonly requests: ReadonlyArray<LoggedRequest> }> => {
  const now = options.now ?? Date.now
  const limit = options.rateLimit?.limit ?? 450
  const windowMs = (options.rateLimit?.windowSeconds ?? 900) * 1000
  let windowStart = now()
  let used = 0
  const log: Array<LoggedRequest> = []

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1")
    const query: Record<string, string> = {}
    for (const [k, v] of url.searchParams) query[k] = v
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      log.push({ path: url.pathname, query, status })
      LoopbackServer.json(res, status, body, {
        "content-type": "application/json; charset=utf-8",
        ...headers
      })
    }
    if (url.pathname !== searchPath || req.method !== "GET") {
      return send(404, { errors: [{ message: "Sorry, that page does not exist", code: 34 }] })
    }
    if (req.headers.authorization !== `Bearer ${options.bearerToken}`) {
      return send(401, problem(401, "Unauthorized"))
    }
    const t = now()
    if (t - windowStart >= windowMs) {
      windowStart = t
      used = 0
    }
    const rate = (remaining: number) => ({
      "x-rate-limit-limit": String(limit),
      "x-rate-limit-remaining": String(Math.max(0, remaining)),
      "x-rate-limit-reset": String(Math.ceil((windowStart + windowMs) / 1000))
    })
    if (used >= limit) return send(429, problem(429, "Too Many Requests"), rate(0))
    used++
    const headers = rate(limit - used)
    const invalid = (parameter: string, value: string, message: string) =>
      send(400, invalidRequest(parameter, value, message), headers)
    const q = query.query ?? ""
    if (q.trim() === "") return invalid("query", q, "The `query` query parameter can not be empty")
    const maxRaw = query.max_results
    const max = maxRaw === undefined ? 10 : Number(maxRaw)
    if (!Number.isInteger(max) || max < 10 || max > 100) {
      return invalid(
        "max_results",
        maxRaw ?? "",
        `The \`max_results\` query parameter value [${maxRaw}] is not between 10 and 100`
      )
    }
    const { since_id: sinceId, start_time: startTime } = query
    if (sinceId !== undefined && startTime !== undefined) {
      return invalid(
        "since_id",
        sinceId,
        "Invalid use of 'since_id' or 'until_id' in conjunction with 'start_time' or 'end_time'."
      )
    }
    const oldest = t - SEVEN_DAYS
    if (sinceId !== undefined && (!Snowflake.isSnowflake(sinceId) || Snowflake.timeOf(sinceId) < oldest)) {
      return invalid(
        "since_id",
        sinceId,
        `Invalid 'since_id':'${sinceId}'. 'since_id' must be a tweet id created after ${new Date(oldest).toISOString()}. Please use a 'since_id' that is larger than ${Snowflake.fromTime(oldest)}`
      )
    }
    if (startTime !== undefined) {
      const parsed = Date.parse(startTime)
      if (Number.isNaN(parsed) || parsed < oldest || parsed > t - 10_000) {
        return invalid(
          "start_time",
          startTime,
          `Invalid 'start_time':'${startTime}'. 'start_time' must be on or after ${new Date(oldest).toISOString()} and at least 10 seconds before the request time`
        )
      }
    }
    const answer = await LoopbackServer.forward(upstream.url, req, `${url.pathname}${url.search}`)
    const rejected =
      answer.status === 400 ? (JSON.parse(answer.text) as { parameter?: string }).parameter : undefined
    if (rejected !== undefined) {
      const value = query[rejected] ?? ""
      return invalid(rejected, value, `Invalid '${rejected}':'${value}'.`)
    }
    if (answer.status === 401) return send(401, problem(401, "Unauthorized"))
    log.push({ path: url.pathname, query, status: answer.status })
    // an injected fault keeps its own headers; X's window headers go on every answer
    const window = answer.status === 429 ? rate(0) : headers
    LoopbackServer.reply(res, { ...answer, headers: { ...window, ...answer.headers } })
  }

  const server = await LoopbackServer.start(handle, { onError: (message) => problem(500, message) })
  return { url: server.url, requests: log, close: server.close }
}

/**
 * Starts the mock (`serve` on a test kit server of its own) on 127.0.0.1 (ephemeral port);
 * `close` stops both.
 *
 * @example
 * ```ts
 * import { Sync } from "@cxkit/connectors"
 * import { XConnector } from "@cxkit/connector-x"
 * import { XMock } from "@cxkit/connector-x/testing"
 *
 * const main = async () => {
 *   const server = await XMock.start()
 *   const events = await Sync.toArray(XConnector.connector, { config: server.config() })
 *   console.log(Sync.records(events, "mentions").length) // 57
 *   await server.close()
 * }
 * main()
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const start = async (options: Options = {}): Promise<XMock> => {
  const token = options.bearerToken ?? "x-mock-bearer-token"
  const now = options.now ?? Date.now
  const base = options.tweets === undefined ? fixtures({ now: now() }) : undefined
  const upstream = await MockServer.start(
    serverOptions({
      bearerToken: token,
      tweets: options.tweets ?? base?.tweets ?? [],
      users: options.users ?? users0,
      now
    })
  )
  const front = await serve(upstream, {
    bearerToken: token,
    now,
    ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit } : {})
  })
  return {
    url: front.url,
    bearerToken: token,
    server: upstream,
    requests: front.requests,
    config: (overrides = {}) => ({
      bearerToken: Redacted.make(token),
      query: overrides.query ?? "@acme -is:retweet",
      baseUrl: front.url,
      ...(overrides.maxResults !== undefined ? { maxResults: overrides.maxResults } : {})
    }),
    tweets: () => upstream.records(searchPath) as ReadonlyArray<FixtureTweet>,
    post: (more) => {
      for (const tweet of more) upstream.upsert(searchPath, tweet)
    },
    fail: (status, times = 1) =>
      upstream.inject({
        fault: MockServer.status(
          status,
          problem(
            status,
            status === 429
              ? "Too Many Requests"
              : status === 503
                ? "Service Unavailable"
                : "Internal Server Error"
          )
        ),
        path: searchPath,
        times
      }),
    close: async () => {
      await front.close()
      await upstream.close()
    }
  }
}
