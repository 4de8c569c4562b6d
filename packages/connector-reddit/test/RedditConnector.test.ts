import { Connector, StateStore } from "@cxkit/connectors"
import { TestSync } from "@cxkit/connectors/testing"
import { afterEach, assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { RedditConnector, RedditMapping } from "../src/index.ts"
import { RedditMock } from "../src/testing.ts"

const servers: Array<RedditMock.RedditMock> = []
const start = async (options: RedditMock.Options = {}) => {
  const server = await RedditMock.start(options)
  servers.push(server)
  return server
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

const newestFirst = (items: ReadonlyArray<{ readonly created_utc: number; readonly name: string }>) =>
  [...items].sort((a, b) => b.created_utc - a.created_utc || (a.name < b.name ? 1 : -1)).map((i) => i.name)

const nowSeconds = () => Math.floor(Date.now() / 1000)

describe("RedditConnector on the listing mock", () => {
  it("gets a client-credentials token, then lists posts, comments and search results newest first", async () => {
    const server = await start()
    const run = await TestSync.run(RedditConnector.connector, {
      config: server.config({ query: "acme", limit: 25 }),
      store: Effect.runSync(StateStore.makeMemory)
    })
    assert.deepStrictEqual(TestSync.keys(run, "posts"), newestFirst(server.posts()))
    assert.deepStrictEqual(TestSync.keys(run, "comments"), newestFirst(server.comments()))
    const matching = server.posts().filter((p) => `${p.title} ${p.selftext}`.toLowerCase().includes("acme"))
    assert.deepStrictEqual(TestSync.keys(run, "search"), newestFirst(matching))
    const token = server.requests.filter((r) => r.path === "/api/v1/access_token")
    assert.deepStrictEqual(
      token.map((r) => [r.method, r.status]),
      [["POST", 200]]
    )
    const search = server.requests.find((r) => r.path === "/r/acme/search")
    assert.deepInclude(search?.query, {
      q: "acme",
      restrict_sr: "1",
      sort: "new",
      limit: "25",
      raw_json: "1"
    })
    const second = server.requests.filter((r) => r.path === "/r/acme/new")[1]
    assert.strictEqual(second?.query.after, TestSync.keys(run, "posts")[24])
  })

  it("the next run delivers exactly what was published since; an interrupted run loses nothing", async () => {
    const server = await start()
    const config = server.config({ limit: 10 })
    const store = Effect.runSync(StateStore.makeMemory)
    await TestSync.run(RedditConnector.connector, { config, store })
    const post = RedditMock.postAt(nowSeconds() - 5, 300)
    const comment = RedditMock.commentAt(nowSeconds() - 4, 300, post.name)
    server.publish({ posts: [post], comments: [comment] })
    const second = await TestSync.run(RedditConnector.connector, { config, store })
    assert.deepStrictEqual(TestSync.keys(second, "posts"), [post.name])
    assert.deepStrictEqual(TestSync.keys(second, "comments"), [comment.name])
    assert.deepStrictEqual(TestSync.keys(second, "search"), [])
    for (const cut of [5, 27, 60]) {
      const fresh = Effect.runSync(StateStore.makeMemory)
      const interrupted = await TestSync.run(RedditConnector.connector, { config, store: fresh, take: cut })
      const resumed = await TestSync.run(RedditConnector.connector, { config, store: fresh })
      for (const [stream, all] of [
        ["posts", server.posts()],
        ["comments", server.comments()]
      ] as const) {
        const got = new Set([...TestSync.keys(interrupted, stream), ...TestSync.keys(resumed, stream)])
        assert.deepStrictEqual([...got].sort(), newestFirst(all).sort(), `${stream}, cut at ${cut}`)
      }
      const after = await TestSync.run(RedditConnector.connector, { config, store: fresh })
      assert.deepStrictEqual(
        [...TestSync.keys(after, "posts"), ...TestSync.keys(after, "comments")],
        [],
        `cut at ${cut}`
      )
    }
  })

  it("goes on from an earlier item when the page anchor is deleted while paging", async () => {
    const server = await start()
    const expected = newestFirst(server.posts())
    let removed: string | undefined
    server.beforeListing((request) => {
      // the anchor of the second posts page disappears just before that page is requested
      if (request.path.endsWith("/new") && request.after !== undefined && removed === undefined) {
        removed = request.after
        server.remove([request.after])
      }
    })
    const run = await TestSync.run(RedditConnector.connector, {
      config: server.config({ limit: 5 }),
      store: Effect.runSync(StateStore.makeMemory)
    })
    assert.strictEqual(TestSync.status(run, "posts")?.status, "completed")
    assert.isDefined(removed)
    assert.deepStrictEqual(TestSync.keys(run, "posts"), expected)
  })

  it("warns when a listing ends at Reddit's item cap instead of losing the rest silently", async () => {
    const server = await start({ listingCap: 30 })
    const run = await TestSync.run(RedditConnector.connector, {
      config: { ...server.config({ limit: 10 }), listingCap: 30 },
      store: Effect.runSync(StateStore.makeMemory)
    })
    assert.strictEqual(TestSync.keys(run, "posts").length, 30)
    assert.strictEqual(TestSync.status(run, "posts")?.status, "completed")
    assert.isTrue(
      run.logs.some((l) => /^warn/i.test(l) && l.includes("/r/acme/new") && l.includes("cap")),
      run.logs.join("\n")
    )
  })

  it("waits for X-Ratelimit-Reset: after a 429 and when no requests are left", async () => {
    let now = Date.now()
    const server = await start({ rateLimit: { limit: 3, windowSeconds: 30 }, now: () => now })
    server.fail(429)
    const run = await TestSync.run(RedditConnector.connector, {
      config: server.config({ limit: 10 }),
      store: Effect.runSync(StateStore.makeMemory),
      onTick: () => {
        now += 1000
      }
    })
    assert.strictEqual(TestSync.status(run, "posts")?.status, "completed")
    assert.strictEqual(TestSync.status(run, "comments")?.status, "completed")
    assert.strictEqual(TestSync.keys(run, "posts").length, 42)
    assert.strictEqual(server.requests.filter((r) => r.status === 429).length, 1)
  })

  it("refused credentials fail every stream with reason auth and never show the secret", async () => {
    const server = await start()
    const run = await TestSync.run(RedditConnector.connector, {
      config: { ...server.config(), clientSecret: Redacted.make("not-the-secret") },
      store: Effect.runSync(StateStore.makeMemory)
    })
    for (const stream of ["posts", "comments"]) {
      const s = TestSync.status(run, stream)
      assert.strictEqual(s?.status === "failed" ? s.error.reason : undefined, "auth")
    }
    assert.notInclude(JSON.stringify(run.events), "not-the-secret")
  })

  it("requires a descriptive User-Agent in the config", () => {
    const error = Effect.runSync(
      Effect.flip(
        Connector.decodeConfig(RedditConnector.connector, {
          clientId: "a",
          clientSecret: "b",
          subreddit: "acme"
        })
      )
    )
    assert.strictEqual(error.reason, "config")
    assert.include(error.message, "userAgent")
  })
})

describe("RedditMapping", () => {
  it("maps posts and comments to social touchpoints with handles and engagement", () => {
    const post = RedditMock.postAt(1715600000, 1)
    const { touchpoint, identity } = RedditMapping.fromPost(post)
    assert.deepInclude(identity, { source: "reddit", kind: "handle", value: "grace_h" })
    assert.strictEqual(touchpoint.customerId, "handle:reddit:grace_h")
    assert.strictEqual(touchpoint.text, `${post.title}\n\n${post.selftext}`)
    assert.deepInclude(touchpoint.attributes, {
      score: post.score,
      comments: post.num_comments,
      subreddit: "acme"
    })
    assert.strictEqual(touchpoint.timestamp.epochMilliseconds, 1715600000000)
    const comment = RedditMock.commentAt(1715600100, 3, post.name)
    const mapped = RedditMapping.fromComment(comment).touchpoint
    assert.strictEqual(mapped.journeyId, `reddit:${post.name}`)
    const deleted = RedditMapping.fromComment({ ...comment, author: "[deleted]" })
    assert.strictEqual(deleted.identity.kind, "anonymous-id")
  })
})
