/**
 * A loopback mock of Reddit's OAuth token endpoint and listing API, built on the
 * `@cxkit/connectors/testing` mock server from fixture posts and comments:
 * `POST /api/v1/access_token` (basic auth, form-encoded `grant_type=client_credentials`, a
 * descriptive `User-Agent` required), `GET /r/{sub}/new`, `/r/{sub}/comments` and
 * `/r/{sub}/search?q=&restrict_sr=1&sort=new` with bearer tokens, `limit` (default 25, at most
 * 100) and `after` paging by fullname, the `Listing` / `t3` / `t1` envelopes, the
 * ~1,000-item listing cap, `X-Ratelimit-Used/Remaining/Reset` headers and Reddit's error
 * bodies. One server plays both hosts (www.reddit.com and oauth.reddit.com). The test kit
 * server underneath holds the items, faults and mutations; `serve` is Reddit's front end on it.
 * Not for production code.
 *
 * Sources: Reddit's API documentation (https://www.reddit.com/dev/api/, "listings"), its
 * OAuth2 wiki (https://github.com/reddit-archive/reddit/wiki/OAuth2, "Application Only OAuth")
 * and API rules (https://github.com/reddit-archive/reddit/wiki/API: User-Agent, rate-limit
 * headers).
 *
 * @module
 * @since 0.1.0
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { LoopbackServer, MockServer } from "@cxkit/connectors/testing"
import { Redacted } from "effect"
import type * as RedditConnector from "./RedditConnector.ts"

/**
 * Options of `start`.
 *
 * - `clientId` / `clientSecret`: the app credentials the token endpoint accepts.
 * - `accessToken`: the token it issues (default: a random one).
 * - `subreddit` (default `acme`), `posts` and `comments` (default `fixtures()`).
 * - `listingCap`: items a listing reaches (default 1000, like Reddit).
 * - `rateLimit`: requests per window (default 1000 per 600 s, Reddit's OAuth limit).
 * - `now`: the server's clock in milliseconds (default `Date.now`).
 *
 * @example
 * ```ts
 * import type { RedditMock } from "@cxkit/connector-reddit/testing"
 *
 * const options: RedditMock.Options = { subreddit: "acme", listingCap: 50 }
 * console.log(options.listingCap)
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export interface Options {
  readonly clientId?: string
  readonly clientSecret?: string
  readonly accessToken?: string
  readonly subreddit?: string
  readonly posts?: ReadonlyArray<RedditConnector.Post>
  readonly comments?: ReadonlyArray<RedditConnector.Comment>
  readonly listingCap?: number
  readonly rateLimit?: { readonly limit: number; readonly windowSeconds: number }
  readonly now?: () => number
}

/**
 * One logged request (headers are not logged).
 *
 * @example
 * ```ts
 * import type { RedditMock } from "@cxkit/connector-reddit/testing"
 *
 * const r: RedditMock.LoggedRequest = { method: "GET", path: "/r/acme/new", query: { limit: "100" }, status: 200 }
 * console.log(r.path)
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export interface LoggedRequest {
  readonly method: string
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  readonly status: number
}

/**
 * A running mock.
 *
 * @example
 * ```ts
 * import { RedditMock } from "@cxkit/connector-reddit/testing"
 *
 * RedditMock.start().then(async (server) => {
 *   console.log(server.url.startsWith("http://127.0.0.1:")) // true
 *   await server.close()
 * })
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export interface RedditMock {
  readonly url: string
  /** The test kit server holding the items: faults (`inject`), mutations, its request log. */
  readonly server: MockServer.MockServer
  /** Requests as Reddit saw them (the token endpoint's included), with the status it answered. */
  readonly requests: ReadonlyArray<LoggedRequest>
  /** A decoded connector config pointing both base URLs at this mock. */
  readonly config: (overrides?: {
    readonly query?: string
    readonly limit?: number
  }) => RedditConnector.Config
  readonly posts: () => ReadonlyArray<RedditConnector.Post>
  readonly comments: () => ReadonlyArray<RedditConnector.Comment>
  /** Publishes new posts and comments. */
  readonly publish: (items: {
    readonly posts?: ReadonlyArray<RedditConnector.Post>
    readonly comments?: ReadonlyArray<RedditConnector.Comment>
  }) => void
  /** Answers the next `times` listing requests with this status. */
  readonly fail: (status: 429 | 500 | 503, times?: number) => void
  /** Deletes posts and comments by fullname: they leave every listing, as removed items do. */
  readonly remove: (names: ReadonlyArray<string>) => void
  /** Runs `hook` before each listing request is answered (`undefined` removes it). */
  readonly beforeListing: (
    hook: ((request: { readonly path: string; readonly after: string | undefined }) => void) | undefined
  ) => void
  readonly close: () => Promise<void>
}

const authors = ["ada_l", "grace_h", "throwaway_8812", "linus", "[deleted]", "sam_cx"]
const postTexts: ReadonlyArray<readonly [string, string]> = [
  ["Acme app keeps logging me out", "Third time this week. Terrible experience."],
  ["Love the new Acme update", "The redesign is great and checkout is fast."],
  ["Acme support was really helpful", "They fixed my billing issue in minutes, thanks!"],
  ["Is Acme down?", ""],
  ["Acme vs competitors?", "Thinking about switching, any recommendations?"],
  ["Refund took forever", "Disappointed with how long the refund took."]
]
const commentTexts = [
  "Same problem here, awful.",
  "Works fine for me, great app.",
  "Contact support, they are helpful.",
  "Not happy with the latest changes.",
  "This is the best answer.",
  "Any update on this?"
]

const base36 = (n: number) => n.toString(36)

/**
 * A fixture post created at `seconds` (Unix time; `n` picks text and author).
 *
 * @example
 * ```ts
 * import { RedditMock } from "@cxkit/connector-reddit/testing"
 *
 * const post = RedditMock.postAt(1715600000, 0)
 * console.log(post.name, post.title) // t3_1cq00000 Acme app keeps logging me out
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const postAt = (seconds: number, n: number, subreddit = "acme"): RedditConnector.Post => {
  const [title, selftext] = postTexts[n % postTexts.length] as readonly [string, string]
  const id = `1cq${base36(n).padStart(5, "0")}`
  return {
    id,
    name: `t3_${id}`,
    title,
    selftext,
    author: authors[n % authors.length] as string,
    subreddit,
    created_utc: seconds,
    score: (n * 17) % 90,
    ups: (n * 17) % 90,
    upvote_ratio: 0.5 + ((n * 7) % 50) / 100,
    num_comments: (n * 3) % 12,
    permalink: `/r/${subreddit}/comments/${id}/${title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .slice(0, 40)}/`,
    url: `https://www.reddit.com/r/${subreddit}/comments/${id}/`,
    is_self: true,
    over_18: false,
    link_flair_text: n % 4 === 0 ? "Support" : null
  }
}

/**
 * A fixture comment created at `seconds` on the post `linkId`.
 *
 * @example
 * ```ts
 * import { RedditMock } from "@cxkit/connector-reddit/testing"
 *
 * const comment = RedditMock.commentAt(1715600100, 0, "t3_1cq00000")
 * console.log(comment.name, comment.body) // t1_l3x00000 Same problem here, awful.
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const commentAt = (
  seconds: number,
  n: number,
  linkId: string,
  subreddit = "acme"
): RedditConnector.Comment => {
  const id = `l3x${base36(n).padStart(5, "0")}`
  return {
    id,
    name: `t1_${id}`,
    body: commentTexts[n % commentTexts.length] as string,
    author: authors[(n + 1) % authors.length] as string,
    subreddit,
    created_utc: seconds,
    score: (n * 5) % 30,
    ups: (n * 5) % 30,
    link_id: linkId,
    parent_id: linkId,
    permalink: `/r/${subreddit}/comments/${linkId.slice(3)}/x/${id}/`,
    link_title: "Acme thread"
  }
}

/**
 * Fixture posts (default 42, one every 3 hours back from `now`) and comments (default 75,
 * spread over those posts).
 *
 * @example
 * ```ts
 * import { RedditMock } from "@cxkit/connector-reddit/testing"
 *
 * const { posts, comments } = RedditMock.fixtures({ posts: 2, comments: 3, now: 1715600000 })
 * console.log(posts.length, comments.length, posts[0]?.created_utc) // 2 3 1715589200
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const fixtures = (
  options: {
    readonly posts?: number
    readonly comments?: number
    readonly now?: number
    readonly subreddit?: string
  } = {}
): { readonly posts: Array<RedditConnector.Post>; readonly comments: Array<RedditConnector.Comment> } => {
  const now = options.now ?? Math.floor(Date.now() / 1000)
  const sub = options.subreddit ?? "acme"
  const posts = Array.from({ length: options.posts ?? 42 }, (_, i) =>
    postAt(now - (i + 1) * 3 * 3600, i, sub)
  )
  const comments = Array.from({ length: options.comments ?? 75 }, (_, i) => {
    const post = posts[i % Math.max(1, posts.length)] as RedditConnector.Post | undefined
    return commentAt((post?.created_utc ?? now - 3600) + 60 * (1 + (i % 50)), i, post?.name ?? "t3_0", sub)
  })
  return { posts, comments }
}

const listing = (kind: "t1" | "t3") => (page: MockServer.RenderInput) => ({
  kind: "Listing",
  data: {
    after: page.next ?? null,
    dist: page.records.length,
    modhash: null,
    geo_filter: "",
    children: page.records.map((data) => ({ kind, data })),
    before: null
  }
})

/**
 * The listing API described to the `@cxkit/connectors/testing` mock server:
 * `/r/{sub}/new`, `/r/{sub}/comments` and `/r/{sub}/search` (posts whose title or text contain
 * `q`), newest first, `limit` (default 25, at most 100) and `after` naming the last item's
 * fullname (an `after` item no longer listed answers an empty page, as on Reddit), each
 * listing reaching its newest `listingCap` items (default 1000), `Listing` envelopes of
 * `t3`/`t1` children, behind a fixed bearer token. `serve` adds Reddit's front end (the token
 * endpoint, User-Agent rules, X-Ratelimit headers, error bodies); the conformance suite runs on
 * both.
 *
 * @example
 * ```ts
 * import { RedditMock } from "@cxkit/connector-reddit/testing"
 *
 * const { posts, comments } = RedditMock.fixtures({ posts: 3, comments: 2 })
 * const options = RedditMock.serverOptions({ accessToken: "t", posts, comments })
 * console.log(Object.keys(options.resources)) // [ '/r/acme/new', '/r/acme/comments', '/r/acme/search' ]
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const serverOptions = (options: {
  readonly accessToken: string
  readonly posts: ReadonlyArray<RedditConnector.Post>
  readonly comments: ReadonlyArray<RedditConnector.Comment>
  readonly subreddit?: string
  readonly pageSize?: number
  readonly listingCap?: number
}): MockServer.Options => {
  const resource = (
    stream: string,
    records: ReadonlyArray<MockServer.Fixture>,
    kind: "t1" | "t3",
    filter?: MockServer.Resource["filter"]
  ): MockServer.Resource => ({
    stream,
    records,
    primaryKey: "name",
    cursorField: "created_utc",
    order: "descending",
    pageSize: options.pageSize ?? 100,
    defaultLimit: 25,
    paging: "anchor",
    reach: options.listingCap ?? 1000,
    params: { limit: "limit", cursor: "after" },
    filter,
    render: listing(kind)
  })
  const sub = options.subreddit ?? "acme"
  const matches = (post: MockServer.Fixture, query: Readonly<Record<string, string>>) => {
    const q = (query.q ?? "").toLowerCase()
    return q !== "" && `${String(post.title)} ${String(post.selftext)}`.toLowerCase().includes(q)
  }
  return {
    auth: { _tag: "Bearer", token: options.accessToken },
    resources: {
      [`/r/${sub}/new`]: resource("posts", options.posts, "t3"),
      [`/r/${sub}/comments`]: resource("comments", options.comments, "t1"),
      [`/r/${sub}/search`]: resource("search", options.posts, "t3", matches)
    }
  }
}

const redditError = (status: number, message: string) => ({ message, error: status })

/**
 * Serves Reddit in front of a test kit server built from `serverOptions` (the items, faults and
 * request log stay there), on 127.0.0.1:
 *
 * - a missing or generic `User-Agent` (`node`, `undici`, `curl/…`, `python-requests/…`)
 *   answers 429 with an HTML page, as Reddit throttles those;
 * - `POST /api/v1/access_token` with basic auth `clientId:clientSecret` and
 *   `grant_type=client_credentials` issues `accessToken` (`{ access_token, token_type:
 *   "bearer", expires_in: 86400, scope: "*" }`); a wrong secret answers 401
 *   `{ message: "Unauthorized", error: 401 }`;
 * - the listings need that bearer token (401 otherwise), answer a subreddit other than
 *   `subreddit` with 404 (`reason: "private"`) and accept the `.json` suffix;
 * - every listing answer carries `X-Ratelimit-Used`, `-Remaining` and `-Reset` (seconds until
 *   the window ends) for `rateLimit` (default 1000 requests per 600 s, Reddit's
 *   100 queries per minute averaged over ten minutes), on the clock `now`, and answers 429 once
 *   they are spent;
 * - faults injected into the test kit server answer as injected, with the window's headers
 *   where the fault sets none (`fail` injects Reddit's own error bodies).
 *
 * @example
 * ```ts
 * import { MockServer } from "@cxkit/connectors/testing"
 * import { RedditMock } from "@cxkit/connector-reddit/testing"
 *
 * const { posts, comments } = RedditMock.fixtures({ posts: 3, comments: 2 })
 * const upstream = await MockServer.start(RedditMock.serverOptions({ accessToken: "t", posts, comments }))
 * const front = await RedditMock.serve(upstream, { clientId: "id", clientSecret: "s", accessToken: "t" })
 * const response = await fetch(`${front.url}/r/acme/new?limit=2`, {
 *   headers: { authorization: "Bearer t", "user-agent": "node:dev.cxkit.example:0.1.0 (by /u/cxkit)" }
 * })
 * const body = await response.json()
 * console.log(body.data.children.length, body.data.after === posts[1]?.name) // 2 true
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
    readonly clientId: string
    readonly clientSecret: string
    readonly accessToken: string
    readonly subreddit?: string
    readonly rateLimit?: { readonly limit: number; readonly windowSeconds: number }
    readonly now?: () => number
  }
): Promise<LoopbackServer.LoopbackServer & { readonly requests: ReadonlyArray<LoggedRequest> }> => {
  const subreddit = options.subreddit ?? "acme"
  const limitPerWindow = options.rateLimit?.limit ?? 1000
  const windowMs = (options.rateLimit?.windowSeconds ?? 600) * 1000
  const clock = options.now ?? Date.now
  let windowStart = clock()
  let used = 0
  const log: Array<LoggedRequest> = []

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1")
    const query: Record<string, string> = {}
    for (const [k, v] of url.searchParams) query[k] = v
    const method = req.method ?? "GET"
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      log.push({ method, path: url.pathname, query, status })
      const html = typeof body === "string"
      LoopbackServer.json(res, status, body, {
        "content-type": html ? "text/html; charset=UTF-8" : "application/json; charset=UTF-8",
        ...headers
      })
    }
    const agent = req.headers["user-agent"] ?? ""
    // Reddit throttles generic and missing User-Agents hard.
    if (/^(|node|undici|python-requests\/[\d.]+|curl\/[\d.]+)$/i.test(agent)) {
      return send(
        429,
        "<html><body><h1>Too Many Requests</h1>Please set a descriptive User-Agent.</body></html>"
      )
    }
    if (url.pathname === "/api/v1/access_token") {
      if (method !== "POST") return send(405, redditError(405, "Method Not Allowed"))
      const expected = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString("base64")}`
      if (req.headers.authorization !== expected) return send(401, redditError(401, "Unauthorized"))
      const form = new URLSearchParams(await LoopbackServer.readBody(req))
      if (form.get("grant_type") !== "client_credentials")
        return send(200, { error: "unsupported_grant_type" })
      return send(200, {
        access_token: options.accessToken,
        token_type: "bearer",
        expires_in: 86400,
        scope: "*"
      })
    }
    if (req.headers.authorization !== `Bearer ${options.accessToken}`) {
      return send(401, redditError(401, "Unauthorized"))
    }
    const now = clock()
    if (now - windowStart >= windowMs) {
      windowStart = now
      used = 0
    }
    used++
    const rate = {
      "x-ratelimit-used": String(used),
      "x-ratelimit-remaining": Math.max(0, limitPerWindow - used).toFixed(1),
      "x-ratelimit-reset": String(Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)))
    }
    if (used > limitPerWindow) return send(429, redditError(429, "Too Many Requests"), rate)
    const match = /^\/r\/([^/]+)\/(new|comments|search)(?:\.json)?$/.exec(url.pathname)
    if (match === null || method !== "GET") return send(404, redditError(404, "Not Found"), rate)
    if ((match[1] ?? "").toLowerCase() !== subreddit.toLowerCase()) {
      return send(404, { ...redditError(404, "Not Found"), reason: "private" }, rate)
    }
    const answer = await LoopbackServer.forward(upstream.url, req, `/r/${subreddit}/${match[2]}${url.search}`)
    if (answer.status === 401) return send(401, redditError(401, "Unauthorized"), rate)
    log.push({ method, path: url.pathname, query, status: answer.status })
    // an injected fault keeps its own headers; Reddit's window headers go on every answer
    LoopbackServer.reply(res, { ...answer, headers: { ...rate, ...answer.headers } })
  }

  const server = await LoopbackServer.start(handle, { onError: (message) => redditError(500, message) })
  return { url: server.url, requests: log, close: server.close }
}

/**
 * Starts the mock (`serve` on a test kit server of its own) on 127.0.0.1 (ephemeral port);
 * `close` stops both.
 *
 * @example
 * ```ts
 * import { Sync } from "@cxkit/connectors"
 * import { RedditConnector } from "@cxkit/connector-reddit"
 * import { RedditMock } from "@cxkit/connector-reddit/testing"
 *
 * const main = async () => {
 *   const server = await RedditMock.start()
 *   const events = await Sync.toArray(RedditConnector.connector, { config: server.config({ query: "acme" }) })
 *   console.log(Sync.records(events, "posts").length, Sync.records(events, "comments").length) // 42 75
 *   await server.close()
 * }
 * main()
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const start = async (options: Options = {}): Promise<RedditMock> => {
  const clientId = options.clientId ?? "mock-client-id"
  const clientSecret = options.clientSecret ?? "mock-client-secret"
  const accessToken = options.accessToken ?? `mock-${crypto.randomUUID()}`
  const subreddit = options.subreddit ?? "acme"
  const initial =
    options.posts === undefined || options.comments === undefined ? fixtures({ subreddit }) : undefined
  const upstream = await MockServer.start(
    serverOptions({
      accessToken,
      posts: options.posts ?? initial?.posts ?? [],
      comments: options.comments ?? initial?.comments ?? [],
      subreddit,
      ...(options.listingCap !== undefined ? { listingCap: options.listingCap } : {})
    })
  )
  const front = await serve(upstream, {
    clientId,
    clientSecret,
    accessToken,
    subreddit,
    ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit } : {}),
    ...(options.now !== undefined ? { now: options.now } : {})
  })
  const paths = { posts: `/r/${subreddit}/new`, comments: `/r/${subreddit}/comments` }
  const searchPath = `/r/${subreddit}/search`
  const removed = (names: ReadonlyArray<string>) => (path: string) => {
    for (const record of upstream.records(path)) {
      if (names.includes(String(record.name))) upstream.erase(path, record.name)
    }
  }
  return {
    url: front.url,
    server: upstream,
    requests: front.requests,
    config: (overrides = {}) => ({
      clientId,
      clientSecret: Redacted.make(clientSecret),
      userAgent: "node:dev.cxkit.mock:0.1.0 (by /u/cxkit)",
      subreddit,
      authBaseUrl: front.url,
      apiBaseUrl: front.url,
      ...(overrides.query !== undefined ? { query: overrides.query } : {}),
      ...(overrides.limit !== undefined ? { limit: overrides.limit } : {})
    }),
    posts: () => upstream.records(paths.posts) as unknown as ReadonlyArray<RedditConnector.Post>,
    comments: () => upstream.records(paths.comments) as unknown as ReadonlyArray<RedditConnector.Comment>,
    publish: (items) => {
      for (const post of items.posts ?? []) {
        upstream.upsert(paths.posts, post)
        upstream.upsert(searchPath, post)
      }
      for (const comment of items.comments ?? []) upstream.upsert(paths.comments, comment)
    },
    fail: (status, times = 1) => {
      const body = redditError(status, status === 429 ? "Too Many Requests" : "Internal Server Error")
      upstream.inject({ fault: MockServer.status(status, body), times })
    },
    remove: (names) => [paths.posts, paths.comments, searchPath].forEach(removed(names)),
    beforeListing: (hook) =>
      upstream.beforeRequest(
        hook === undefined ? undefined : (request) => hook({ path: request.path, after: request.query.after })
      ),
    close: async () => {
      await front.close()
      await upstream.close()
    }
  }
}
