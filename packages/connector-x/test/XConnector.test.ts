import { StateStore } from "@cxkit/connectors"
import { TestSync } from "@cxkit/connectors/testing"
import { afterEach, assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { XConnector } from "../src/index.ts"
import { fromTime, timeOf } from "../src/internal/snowflake.ts"
import { XMock } from "../src/testing.ts"

const DAY = 86_400_000
const servers: Array<XMock.XMock> = []
const start = async (options: XMock.Options = {}) => {
  const server = await XMock.start(options)
  servers.push(server)
  return server
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

const newestFirst = (server: XMock.XMock) =>
  [...server.tweets()].sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1)).map((t) => t.id)

describe("XConnector on the recent-search mock", () => {
  it("delivers every tweet once, newest first, with authors joined and the documented parameters", async () => {
    const server = await start()
    const run = await TestSync.run(XConnector.connector, {
      config: server.config({ maxResults: 10 }),
      store: Effect.runSync(StateStore.makeMemory)
    })
    assert.deepStrictEqual(TestSync.keys(run, "mentions"), newestFirst(server))
    assert.strictEqual(TestSync.keys(run, "mentions").length, 57)
    const tweets = TestSync.records<XConnector.Tweet>(run, "mentions")
    assert.isTrue(tweets.every((t) => t.author !== undefined && t.author.id === t.author_id))
    assert.isTrue(tweets.every((t) => t.lang === "en" && t.public_metrics.impression_count !== undefined))
    const first = server.requests[0]
    assert.deepInclude(first?.query, {
      query: "@acme -is:retweet",
      max_results: "10",
      "tweet.fields": "created_at,public_metrics,author_id,lang",
      expansions: "author_id",
      "user.fields": "username,name"
    })
    assert.strictEqual(server.requests.length, 6)
    assert.isTrue(server.requests.slice(1).every((r) => r.query.next_token !== undefined))
  })

  it("a second run asks with since_id and delivers nothing; after new tweets exactly the new ones", async () => {
    const server = await start()
    const store = Effect.runSync(StateStore.makeMemory)
    const config = server.config({ maxResults: 10 })
    await TestSync.run(XConnector.connector, { config, store })
    const newest = newestFirst(server)[0]
    const before = server.requests.length
    const second = await TestSync.run(XConnector.connector, { config, store })
    assert.deepStrictEqual(TestSync.keys(second, "mentions"), [])
    assert.strictEqual(server.requests[before]?.query.since_id, newest)
    const fresh = [1, 2, 3].map((n) =>
      XMock.tweetAt(Date.now() - n * 1000, 100 + n, `new mention ${n} of @acme`)
    )
    server.post(fresh)
    const third = await TestSync.run(XConnector.connector, { config, store })
    assert.deepStrictEqual(
      TestSync.keys(third, "mentions"),
      fresh.map((t) => t.id)
    )
    assert.strictEqual(TestSync.status(third, "mentions")?.status, "completed")
  })

  it("an interrupted run resumes from its next_token: nothing lost, the next run repeats nothing", async () => {
    const server = await start()
    const config = server.config({ maxResults: 10 })
    const all = newestFirst(server)
    for (const cut of [4, 15, 31, 48, 70]) {
      const store = Effect.runSync(StateStore.makeMemory)
      const interrupted = await TestSync.run(XConnector.connector, { config, store, take: cut })
      const resumedFrom = server.requests.length
      const resumed = await TestSync.run(XConnector.connector, { config, store })
      const got = [...TestSync.keys(interrupted, "mentions"), ...TestSync.keys(resumed, "mentions")]
      assert.deepStrictEqual([...new Set(got)].sort(), [...all].sort(), `cut at event ${cut}`)
      // at-least-once: only the page in flight when the run stopped can come again
      assert.isAtMost(got.length - all.length, 10, `cut at event ${cut}`)
      const last = interrupted.events.filter((e) => e._tag === "State").at(-1)
      if (last?._tag === "State" && !last.state.complete)
        assert.isDefined(server.requests[resumedFrom]?.query.next_token, `cut at event ${cut}`)
      const after = await TestSync.run(XConnector.connector, { config, store })
      assert.deepStrictEqual(TestSync.keys(after, "mentions"), [], `cut at event ${cut}`)
    }
  })

  it("tweets posted while a run was interrupted are delivered by the run after the resume", async () => {
    const server = await start()
    const config = server.config({ maxResults: 10 })
    const store = Effect.runSync(StateStore.makeMemory)
    await TestSync.run(XConnector.connector, { config, store, take: 20 })
    const fresh = [XMock.tweetAt(Date.now() - 2000, 201, "@acme posted meanwhile")]
    server.post(fresh)
    const resumed = await TestSync.run(XConnector.connector, { config, store })
    assert.notInclude(TestSync.keys(resumed, "mentions"), fresh[0]?.id)
    const next = await TestSync.run(XConnector.connector, { config, store })
    assert.deepStrictEqual(TestSync.keys(next, "mentions"), [fresh[0]?.id])
  })

  it("a high-water mark older than seven days falls back to start_time = now - 7 days and warns", async () => {
    const server = await start()
    const store = Effect.runSync(StateStore.makeMemory)
    const old = fromTime(Date.now() - 8 * DAY)
    Effect.runSync(
      store.set("x", "mentions", {
        v: 1,
        mode: "incremental",
        complete: true,
        cursor: { value: new Date(timeOf(old)).toISOString(), keys: [old] }
      })
    )
    const run = await TestSync.run(XConnector.connector, { config: server.config(), store })
    assert.strictEqual(TestSync.keys(run, "mentions").length, 57)
    const query = server.requests[0]?.query ?? {}
    assert.isUndefined(query.since_id)
    const startTime = Date.parse(query.start_time ?? "")
    assert.approximately(startTime, Date.now() - 7 * DAY + 60_000, 5_000)
    assert.isTrue(
      run.logs.some((l) => /^warn/i.test(l) && l.includes("seven days")),
      run.logs.join("\n")
    )
  })

  it("a since_id X rejects (its clock ahead of ours) is replaced by the smallest id X accepts", async () => {
    const ahead = 10 * 60_000
    const server = await start({ now: () => Date.now() + ahead })
    const store = Effect.runSync(StateStore.makeMemory)
    const borderline = fromTime(Date.now() - 7 * DAY + 2 * 60_000)
    Effect.runSync(
      store.set("x", "mentions", {
        v: 1,
        mode: "incremental",
        complete: true,
        cursor: { value: new Date(timeOf(borderline)).toISOString(), keys: [borderline] }
      })
    )
    const run = await TestSync.run(XConnector.connector, { config: server.config(), store })
    assert.strictEqual(
      TestSync.status(run, "mentions")?.status,
      "completed",
      JSON.stringify([TestSync.status(run, "mentions"), server.requests])
    )
    assert.deepStrictEqual(
      server.requests.map((r) => r.status),
      [400, 200]
    )
    assert.strictEqual(server.requests[0]?.query.since_id, borderline)
    assert.notStrictEqual(server.requests[1]?.query.since_id, borderline)
    assert.strictEqual(TestSync.keys(run, "mentions").length, 57)
    assert.isTrue(run.logs.some((l) => /^warn/i.test(l)))
  })

  it("waits for x-rate-limit-reset after a 429 and when a window is used up", async () => {
    // the mock's clock follows the test clock: one second per tick
    let now = Date.now()
    const server = await start({ rateLimit: { limit: 4, windowSeconds: 60 }, now: () => now })
    server.fail(429)
    let ticks = 0
    const run = await TestSync.run(XConnector.connector, {
      config: server.config({ maxResults: 10 }),
      store: Effect.runSync(StateStore.makeMemory),
      onTick: () => {
        ticks++
        now += 1000
      }
    })
    assert.strictEqual(TestSync.keys(run, "mentions").length, 57)
    assert.strictEqual(TestSync.status(run, "mentions")?.status, "completed")
    // one injected 429; afterwards the connector waits for the window instead of earning more
    assert.strictEqual(server.requests.filter((r) => r.status === 429).length, 1)
    assert.isAtLeast(ticks, 30)
  })

  it("spends no requests when the stored mark is in the future", async () => {
    const server = await start()
    const store = Effect.runSync(StateStore.makeMemory)
    Effect.runSync(
      store.set("x", "mentions", {
        v: 1,
        mode: "incremental",
        complete: true,
        cursor: { value: "9999-01-01T00:00:00.000Z", keys: [] }
      })
    )
    const run = await TestSync.run(XConnector.connector, { config: server.config(), store })
    assert.deepStrictEqual(TestSync.keys(run, "mentions"), [])
    assert.strictEqual(server.requests.length, 0)
  })

  it("fails with reason auth on a bad token, and quota-exhausted on X's usage cap", async () => {
    const server = await start()
    const bad = await TestSync.run(XConnector.connector, {
      config: { ...server.config(), bearerToken: Redacted.make("nope") },
      store: Effect.runSync(StateStore.makeMemory)
    })
    const failed = TestSync.status(bad, "mentions")
    assert.strictEqual(failed?.status, "failed")
    if (failed?.status === "failed") assert.strictEqual(failed.error.reason, "auth")
    const capped = XConnector.classify({
      method: "GET",
      path: XConnector.searchPath,
      status: 429,
      headers: {},
      text: "",
      json: {
        title: "UsageCapExceeded",
        detail: "Usage cap exceeded: Monthly product cap",
        type: "https://api.twitter.com/2/problems/usage-capped",
        status: 429
      },
      retryAfterMs: undefined,
      now: 0
    })
    assert.strictEqual(capped?.reason, "quota-exhausted")
  })
})

describe("XConnector.classify", () => {
  it("turns x-rate-limit-reset into a wait from the Clock time the answer arrived", () => {
    const now = Date.parse("2024-05-20T12:00:00Z")
    const answer = (reset: number) =>
      XConnector.classify({
        method: "GET",
        path: XConnector.searchPath,
        status: 429,
        headers: { "x-rate-limit-remaining": "0", "x-rate-limit-reset": String(reset) },
        text: "",
        json: { title: "Too Many Requests", detail: "Too Many Requests", type: "about:blank", status: 429 },
        retryAfterMs: undefined,
        now
      })
    assert.strictEqual(answer(now / 1000 + 60)?.retryAfterMs, 60_000)
    assert.strictEqual(answer(now / 1000 + 60)?.reason, "rate-limited")
    // a reset already past still waits the minimum second
    assert.strictEqual(answer(now / 1000 - 5)?.retryAfterMs, 1000)
    // beyond the 15-minute window: a quota, not a rate limit
    assert.strictEqual(answer(now / 1000 + 20 * 60)?.reason, "quota-exhausted")
  })
})

describe("XConnector.windowFor", () => {
  const now = Date.parse("2024-05-20T12:00:00Z")
  it("uses since_id for a recent mark, start_time otherwise", () => {
    const id = fromTime(now - DAY)
    assert.deepStrictEqual(
      XConnector.windowFor({ value: new Date(now - DAY).toISOString(), keys: [id, "x-1"] }, now),
      {
        window: { sinceId: id },
        fellBack: false
      }
    )
    assert.deepStrictEqual(XConnector.windowFor({ value: "2024-05-19T10:30:15.123Z", keys: [] }, now), {
      window: { startTime: "2024-05-19T10:30:15Z" },
      fellBack: false
    })
    assert.deepStrictEqual(
      XConnector.windowFor(
        { value: "2024-05-01T00:00:00.000Z", keys: [fromTime(Date.parse("2024-05-01"))] },
        now
      ),
      {
        window: { startTime: "2024-05-13T12:01:00Z" },
        fellBack: true
      }
    )
    assert.deepStrictEqual(XConnector.windowFor(undefined, now), { window: {}, fellBack: false })
    assert.isUndefined(XConnector.windowFor({ value: "2024-06-01T00:00:00.000Z", keys: [] }, now))
  })
})
