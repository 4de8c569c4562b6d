/**
 * A loopback mock of Reddit's OAuth token endpoint and listing API, computed from fixture
 * posts and comments: `POST /api/v1/access_token` (basic auth, form-encoded
 * `grant_type=client_credentials`, a descriptive `User-Agent` required), `GET /r/{sub}/new`,
 * `/r/{sub}/comments` and `/r/{sub}/search?q=&restrict_sr=1&sort=new` with bearer tokens,
 * `limit` ≤ 100 and `after` paging by fullname, the `Listing` / `t3` / `t1` envelopes, the
 * ~1,000-item listing cap, `X-Ratelimit-Used/Remaining/Reset` headers and Reddit's error
 * bodies. One server plays both hosts (www.reddit.com and oauth.reddit.com).
 *
 * @since 0.1.0
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { LoopbackServer, type MockServer } from "@cxkit/connectors/testing"
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

const newestFirst = <A extends { readonly created_utc: number; readonly name: string }>(
  items: ReadonlyArray<A>
) =>
  [...items].sort((a, b) => b.created_utc - a.created_utc || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0))

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
 * The listing API described to the `@cxkit/connectors/testing` mock server, for the
 * conformance suite: `/r/{sub}/new`, `/r/{sub}/comments` and `/r/{sub}/search` with
 * `limit`/`after`, `Listing` envelopes of `t3`/`t1` children, newest first, a fixed bearer
 * token (get it from `start`'s token endpoint). Reddit-specific behaviour (fullname anchors,
 * the listing cap, X-Ratelimit headers, User-Agent rules) is what `start` adds.
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
  /** The posts the search listing answers (default: the first 12). */
  readonly searchResults?: ReadonlyArray<RedditConnector.Post>
}): MockServer.Options => {
  const resource = (
    stream: string,
    records: ReadonlyArray<MockServer.Fixture>,
    kind: "t1" | "t3"
  ): MockServer.Resource => ({
    stream,
    records,
    primaryKey: "name",
    cursorField: "created_utc",
    order: "descending",
    pageSize: options.pageSize ?? 100,
    params: { limit: "limit", cursor: "after" },
    render: listing(kind)
  })
  const sub = options.subreddit ?? "acme"
  return {
    auth: { _tag: "Bearer", token: options.accessToken },
    resources: {
      [`/r/${sub}/new`]: resource("posts", options.posts, "t3"),
      [`/r/${sub}/comments`]: resource("comments", options.comments, "t1"),
      [`/r/${sub}/search`]: resource("search", options.searchResults ?? options.posts.slice(0, 12), "t3")
    }
  }
}

/**
 * Starts the mock on 127.0.0.1 (ephemeral port).
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
  const posts = [...(options.posts ?? initial?.posts ?? [])]
  const comments = [...(options.comments ?? initial?.comments ?? [])]
  const cap = options.listingCap ?? 1000
  const limitPerWindow = options.rateLimit?.limit ?? 1000
  const windowMs = (options.rateLimit?.windowSeconds ?? 600) * 1000
  const clock = options.now ?? Date.now
  let windowStart = clock()
  let used = 0
  const faults: Array<number> = []
  const log: Array<LoggedRequest> = []
  let hook: ((request: { readonly path: string; readonly after: string | undefined }) => void) | undefined

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1")
    const query: Record<string, string> = {}
    for (const [k, v] of url.searchParams) query[k] = v
    const method = req.method ?? "GET"
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      log.push({ method, path: url.pathname, query, status })
      const text = typeof body === "string" ? body : JSON.stringify(body)
      res.writeHead(status, {
        "content-type":
          typeof body === "string" ? "text/html; charset=UTF-8" : "application/json; charset=UTF-8",
        ...headers
      })
      res.end(text)
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
      if (method !== "POST") return send(405, { message: "Method Not Allowed", error: 405 })
      const expected = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`
      if (req.headers.authorization !== expected) return send(401, { message: "Unauthorized", error: 401 })
      const form = new URLSearchParams(await LoopbackServer.readBody(req))
      if (form.get("grant_type") !== "client_credentials")
        return send(200, { error: "unsupported_grant_type" })
      return send(200, { access_token: accessToken, token_type: "bearer", expires_in: 86400, scope: "*" })
    }
    if (req.headers.authorization !== `Bearer ${accessToken}`)
      return send(401, { message: "Unauthorized", error: 401 })
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
    const fault = faults.shift()
    if (used > limitPerWindow || fault === 429)
      return send(429, { message: "Too Many Requests", error: 429 }, rate)
    if (fault !== undefined) return send(fault, { message: "Internal Server Error", error: fault }, rate)
    const match = /^\/r\/([^/]+)\/(new|comments|search)(?:\.json)?$/.exec(url.pathname)
    if (match === null || method !== "GET") return send(404, { message: "Not Found", error: 404 }, rate)
    if ((match[1] ?? "").toLowerCase() !== subreddit.toLowerCase())
      return send(404, { message: "Not Found", error: 404, reason: "private" }, rate)
    const endpoint = match[2]
    hook?.({ path: url.pathname, after: url.searchParams.get("after") ?? undefined })
    const limitRaw = Number(url.searchParams.get("limit") ?? 25)
    const limit = Math.max(1, Math.min(100, Number.isFinite(limitRaw) ? Math.floor(limitRaw) : 25))
    let items: ReadonlyArray<{ readonly created_utc: number; readonly name: string }>
    let kind: "t1" | "t3"
    if (endpoint === "comments") {
      items = newestFirst(comments)
      kind = "t1"
    } else if (endpoint === "new") {
      items = newestFirst(posts)
      kind = "t3"
    } else {
      const q = (url.searchParams.get("q") ?? "").toLowerCase()
      if (q === "")
        return send(
          200,
          {
            kind: "Listing",
            data: { after: null, dist: 0, modhash: null, geo_filter: "", children: [], before: null }
          },
          rate
        )
      const matching = posts.filter((p) => `${p.title} ${p.selftext}`.toLowerCase().includes(q))
      items = url.searchParams.get("sort") === "new" ? newestFirst(matching) : matching
      kind = "t3"
    }
    items = items.slice(0, cap)
    const after = url.searchParams.get("after")
    let offset = 0
    if (after !== null && after !== "") {
      const index = items.findIndex((item) => item.name === after)
      // an anchor that fell out of the listing yields an empty page, as on Reddit
      offset = index === -1 ? items.length : index + 1
    }
    const page = items.slice(offset, offset + limit)
    const more = offset + limit < items.length
    return send(
      200,
      {
        kind: "Listing",
        data: {
          after: more ? (page[page.length - 1]?.name ?? null) : null,
          dist: page.length,
          modhash: null,
          geo_filter: "",
          children: page.map((data) => ({ kind, data })),
          before: null
        }
      },
      rate
    )
  }

  const server = await LoopbackServer.start(handle, { onError: (message) => ({ message, error: 500 }) })
  const url = server.url
  return {
    url,
    requests: log,
    config: (overrides = {}) => ({
      clientId,
      clientSecret: Redacted.make(clientSecret),
      userAgent: "node:dev.cxkit.mock:0.1.0 (by /u/cxkit)",
      subreddit,
      authBaseUrl: url,
      apiBaseUrl: url,
      ...(overrides.query !== undefined ? { query: overrides.query } : {}),
      ...(overrides.limit !== undefined ? { limit: overrides.limit } : {})
    }),
    posts: () => [...posts],
    comments: () => [...comments],
    publish: (items) => {
      posts.push(...(items.posts ?? []))
      comments.push(...(items.comments ?? []))
    },
    fail: (status, times = 1) => {
      for (let i = 0; i < times; i++) faults.push(status)
    },
    remove: (names) => {
      for (const list of [posts, comments] as Array<Array<{ readonly name: string }>>) {
        for (let i = list.length - 1; i >= 0; i--)
          if (names.includes((list[i] as { name: string }).name)) list.splice(i, 1)
      }
    },
    beforeListing: (next) => {
      hook = next
    },
    close: server.close
  }
}
