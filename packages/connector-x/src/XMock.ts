/**
 * A loopback mock of X API v2 recent search, computed from fixture tweets: the documented
 * path and parameters (`query`, `max_results` 10–100, `since_id`, `start_time`, `next_token`,
 * `sort_order`, `tweet.fields`, `expansions=author_id`, `user.fields`), the envelope
 * (`data`, `includes.users`, `meta.newest_id/oldest_id/result_count/next_token`), the seven-day
 * window (older `since_id` / `start_time` answer 400 with X's problem body), bearer
 * authentication (401 problem body), `x-rate-limit-limit/remaining/reset` on every answer and a
 * 429 when the window's requests are spent.
 *
 * @since 0.1.0
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { LoopbackServer, type MockServer } from "@cxkit/connectors/testing"
import { Redacted } from "effect"
import * as Snowflake from "./internal/snowflake.ts"
import type * as XConnector from "./XConnector.ts"
import { searchPath } from "./XConnector.ts"

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

/**
 * Recent search described to the `@cxkit/connectors/testing` mock server, for the conformance
 * suite: the same path and parameter names (`max_results`, `next_token`, `start_time`), X's
 * envelope (`data`, `includes.users`, `meta.next_token`), newest first, authors joined from
 * `users`. X-specific behaviour (since_id, the seven-day window, x-rate-limit headers, problem
 * bodies) is what `start` adds.
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
}): MockServer.Options => {
  const byId = new Map((options.users ?? users0).map((u) => [u.id, u]))
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
        params: { limit: "max_results", cursor: "next_token", since: "start_time" },
        render: (page) => {
          const authors = [...new Set(page.records.map((r) => r.author_id as string))].flatMap((id) => {
            const user = byId.get(id)
            return user === undefined ? [] : [user]
          })
          return {
            ...(page.records.length > 0 ? { data: page.records, includes: { users: authors } } : {}),
            meta: {
              result_count: page.records.length,
              ...(page.records.length > 0
                ? { newest_id: page.records[0]?.id, oldest_id: page.records[page.records.length - 1]?.id }
                : {}),
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

const SEVEN_DAYS = 7 * 24 * 60 * 60 * 1000
const tweetFields = new Set(["created_at", "public_metrics", "author_id", "lang"])

/**
 * Starts the mock on 127.0.0.1 (ephemeral port).
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
  const tweets: Array<FixtureTweet> = [...(options.tweets ?? base?.tweets ?? [])]
  const users = new Map((options.users ?? users0).map((u) => [u.id, u]))
  const limit = options.rateLimit?.limit ?? 450
  const windowMs = (options.rateLimit?.windowSeconds ?? 900) * 1000
  let windowStart = now()
  let used = 0
  const faults: Array<number> = []
  const log: Array<LoggedRequest> = []

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1")
    const query: Record<string, string> = {}
    for (const [k, v] of url.searchParams) query[k] = v
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      log.push({ path: url.pathname, query, status })
      res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers })
      res.end(JSON.stringify(body))
    }
    if (url.pathname !== "/2/tweets/search/recent" || req.method !== "GET") {
      return send(404, { errors: [{ message: "Sorry, that page does not exist", code: 34 }] })
    }
    if (req.headers.authorization !== `Bearer ${token}`) return send(401, problem(401, "Unauthorized"))
    const t = now()
    if (t - windowStart >= windowMs) {
      windowStart = t
      used = 0
    }
    const reset = Math.ceil((windowStart + windowMs) / 1000)
    const rate = (remaining: number) => ({
      "x-rate-limit-limit": String(limit),
      "x-rate-limit-remaining": String(Math.max(0, remaining)),
      "x-rate-limit-reset": String(reset)
    })
    if (used >= limit) return send(429, problem(429, "Too Many Requests"), rate(0))
    used++
    const fault = faults.shift()
    if (fault === 429) return send(429, problem(429, "Too Many Requests"), rate(0))
    if (fault !== undefined)
      return send(fault, problem(fault, fault === 503 ? "Service Unavailable" : "Internal Server Error"))
    const headers = rate(limit - used)
    const q = url.searchParams.get("query") ?? ""
    if (q.trim() === "") {
      return send(400, invalidRequest("query", q, "The `query` query parameter can not be empty"), headers)
    }
    const maxRaw = url.searchParams.get("max_results")
    const max = maxRaw === null ? 10 : Number(maxRaw)
    if (!Number.isInteger(max) || max < 10 || max > 100) {
      return send(
        400,
        invalidRequest(
          "max_results",
          maxRaw ?? "",
          `The \`max_results\` query parameter value [${maxRaw}] is not between 10 and 100`
        ),
        headers
      )
    }
    const sinceId = url.searchParams.get("since_id")
    const startTime = url.searchParams.get("start_time")
    if (sinceId !== null && startTime !== null) {
      return send(
        400,
        invalidRequest(
          "since_id",
          sinceId,
          "Invalid use of 'since_id' or 'until_id' in conjunction with 'start_time' or 'end_time'."
        ),
        headers
      )
    }
    const oldest = t - SEVEN_DAYS
    if (sinceId !== null && (!Snowflake.isSnowflake(sinceId) || Snowflake.timeOf(sinceId) < oldest)) {
      const after = Snowflake.fromTime(oldest)
      return send(
        400,
        invalidRequest(
          "since_id",
          sinceId,
          `Invalid 'since_id':'${sinceId}'. 'since_id' must be a tweet id created after ${new Date(oldest).toISOString()}. Please use a 'since_id' that is larger than ${after}`
        ),
        headers
      )
    }
    let startMillis = oldest
    if (startTime !== null) {
      const parsed = Date.parse(startTime)
      if (Number.isNaN(parsed) || parsed < oldest || parsed > t - 10_000) {
        return send(
          400,
          invalidRequest(
            "start_time",
            startTime,
            `Invalid 'start_time':'${startTime}'. 'start_time' must be on or after ${new Date(oldest).toISOString()} and at least 10 seconds before the request time`
          ),
          headers
        )
      }
      startMillis = Math.floor(parsed / 1000) * 1000
    }
    let rows = tweets
      .filter((tw) => Date.parse(tw.created_at) >= startMillis && Date.parse(tw.created_at) <= t)
      .filter((tw) => sinceId === null || Snowflake.compare(tw.id, sinceId) > 0)
      .sort((a, b) => Snowflake.compare(b.id, a.id))
    const nextToken = url.searchParams.get("next_token")
    if (nextToken !== null) {
      let below: string
      try {
        below = Buffer.from(nextToken, "base64url").toString("utf8")
        if (!Snowflake.isSnowflake(below)) throw new Error("bad token")
      } catch {
        return send(
          400,
          invalidRequest("next_token", nextToken, `Invalid 'next_token':'${nextToken}'.`),
          headers
        )
      }
      rows = rows.filter((tw) => Snowflake.compare(tw.id, below) < 0)
    }
    const page = rows.slice(0, max)
    const fields = new Set(
      (url.searchParams.get("tweet.fields") ?? "").split(",").filter((f) => tweetFields.has(f))
    )
    const expandAuthors = (url.searchParams.get("expansions") ?? "").split(",").includes("author_id")
    const data = page.map((tw) => {
      const out: Record<string, unknown> = { id: tw.id, text: tw.text, edit_history_tweet_ids: [tw.id] }
      for (const f of fields) out[f] = tw[f as keyof FixtureTweet]
      return out
    })
    const meta: Record<string, unknown> = { result_count: page.length }
    if (page.length > 0) {
      meta.newest_id = (page[0] as FixtureTweet).id
      meta.oldest_id = (page[page.length - 1] as FixtureTweet).id
    }
    if (rows.length > max) meta.next_token = Buffer.from(meta.oldest_id as string).toString("base64url")
    const body: Record<string, unknown> = {}
    if (page.length > 0) body.data = data
    if (expandAuthors && page.length > 0) {
      const ids = [...new Set(page.map((tw) => tw.author_id))]
      const found = ids.flatMap((id) => {
        const user = users.get(id)
        if (user === undefined) return []
        return [{ id: user.id, name: user.name, username: user.username }]
      })
      if (found.length > 0) body.includes = { users: found }
    }
    body.meta = meta
    return send(200, body, headers)
  }

  const server = await LoopbackServer.start(handle, { onError: (message) => problem(500, message) })
  const url = server.url
  return {
    url,
    bearerToken: token,
    requests: log,
    config: (overrides = {}) => ({
      bearerToken: Redacted.make(token),
      query: overrides.query ?? "@acme -is:retweet",
      baseUrl: url,
      ...(overrides.maxResults !== undefined ? { maxResults: overrides.maxResults } : {})
    }),
    tweets: () => [...tweets],
    post: (more) => void tweets.push(...more),
    fail: (status, times = 1) => {
      for (let i = 0; i < times; i++) faults.push(status)
    },
    close: server.close
  }
}
