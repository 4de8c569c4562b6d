import { StateStore } from "@cxkit/connectors"
import { TestSync } from "@cxkit/connectors/testing"
import { afterEach, assert, describe, it } from "@effect/vitest"
import { Effect, Redacted, Schema } from "effect"
import { TrustpilotConnector } from "../src/index.ts"
import { TrustpilotMock } from "../src/testing.ts"

const servers: Array<TrustpilotMock.TrustpilotMock> = []
const start = async (options: TrustpilotMock.Options = {}) => {
  const server = await TrustpilotMock.start(options)
  servers.push(server)
  return server
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

const newestFirst = (reviews: ReadonlyArray<TrustpilotMock.FixtureReview>) =>
  [...reviews].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt)).map((r) => r.id)

const later = (count: number, from = 0) =>
  Array.from({ length: count }, (_, i) =>
    TrustpilotMock.reviewAt(Date.now() - (from + i + 1) * 1000, 500 + from + i)
  )

const memory = () => Effect.runSync(StateStore.makeMemory)

describe("TrustpilotConnector on the business unit reviews mock", () => {
  it("delivers every review newest first with replies and links, with the apikey header, committing state once at the end", async () => {
    const server = await start()
    const run = await TestSync.run(TrustpilotConnector.connector, {
      config: server.config({ perPage: 20 }),
      store: memory()
    })
    assert.deepStrictEqual(TestSync.keys(run, "reviews"), newestFirst(server.reviews()))
    assert.isTrue(server.requests.every((r) => r.status === 200))
    assert.deepInclude(server.requests[0]?.query, { orderBy: "createdat.desc", page: "1", perPage: "20" })
    // later pages are windows starting before the position reached: page 2 of 19 starts at 19
    assert.deepInclude(server.requests[1]?.query, { page: "2", perPage: "19" })
    assert.strictEqual(server.requests.length, 4)
    const reviews = TestSync.records<TrustpilotConnector.Review>(run, "reviews")
    assert.strictEqual(reviews.filter((r) => r.companyReply != null).length, 22)
    assert.deepStrictEqual(reviews[0]?.links?.[0], {
      href: `https://api.trustpilot.com/v1/reviews/${reviews[0]?.id}`,
      method: "GET",
      rel: "reviews"
    })
    const states = run.events.filter((e) => e._tag === "State")
    assert.strictEqual(states.length, 1)
    assert.isAbove(
      run.events.findIndex((e) => e._tag === "State"),
      run.events.findLastIndex((e) => e._tag === "Record")
    )
  })

  it("reviews deleted or posted while the sync pages shift the pages but lose nothing", async () => {
    const server = await start()
    const before = newestFirst(server.reviews())
    const removed: Array<string> = []
    let pages = 0
    server.beforeRequest((request) => {
      if (request.page === "1") return
      pages++
      // before the 2nd and 3rd pages: delete a review already delivered; before the 2nd, one
      // new review arrives on top as well
      if (pages <= 2) {
        const id = before[pages] as string
        removed.push(id)
        server.remove([id])
      }
      if (pages === 1) server.post(later(1))
    })
    const run = await TestSync.run(TrustpilotConnector.connector, {
      config: server.config({ perPage: 20 }),
      store: memory()
    })
    const keys = TestSync.keys(run, "reviews")
    assert.strictEqual(TestSync.status(run, "reviews")?.status, "completed")
    assert.deepStrictEqual(keys, before)
    assert.strictEqual(new Set(keys).size, keys.length)
    assert.strictEqual(removed.length, 2)
  })

  it("many deletions before the next window back it up further, even past an emptied page", async () => {
    const server = await start({ reviews: TrustpilotMock.fixtures({ count: 41 }) })
    const before = newestFirst(server.reviews())
    let deleted = false
    server.beforeRequest((request) => {
      // before the third request (the window after position 38): delete 25 delivered reviews,
      // so the window at 37 is past the end of the 16 left
      if (!deleted && request.page !== "1" && request.perPage !== "19") {
        deleted = true
        server.remove(before.slice(0, 25))
      }
    })
    const run = await TestSync.run(TrustpilotConnector.connector, {
      config: server.config({ perPage: 20 }),
      store: memory()
    })
    assert.isTrue(deleted)
    assert.deepStrictEqual(TestSync.keys(run, "reviews"), before)
    // it backed up, through empty windows, to the top of the list
    assert.strictEqual(server.requests.at(-1)?.query.page, "1")
    assert.isAbove(server.requests.length, 5)
  })

  it("an interrupted first run starts again from the newest review: nothing lost", async () => {
    const server = await start()
    const config = server.config({ perPage: 20 })
    const all = newestFirst(server.reviews())
    for (const cut of [3, 30, 60]) {
      const store = memory()
      const interrupted = await TestSync.run(TrustpilotConnector.connector, { config, store, take: cut })
      assert.isFalse(interrupted.events.some((e) => e._tag === "State"))
      const resumed = await TestSync.run(TrustpilotConnector.connector, { config, store })
      assert.deepStrictEqual(TestSync.keys(resumed, "reviews"), all, `cut at event ${cut}`)
      const again = await TestSync.run(TrustpilotConnector.connector, { config, store })
      assert.deepStrictEqual(TestSync.keys(again, "reviews"), [], `cut at event ${cut}`)
    }
  })

  it("the next run delivers exactly the new reviews and stops paging at the previous mark", async () => {
    const server = await start()
    const config = server.config({ perPage: 20 })
    const store = memory()
    await TestSync.run(TrustpilotConnector.connector, { config, store })
    const fresh = later(3)
    server.post(fresh)
    const before = server.requests.length
    const second = await TestSync.run(TrustpilotConnector.connector, { config, store })
    assert.deepStrictEqual(
      TestSync.keys(second, "reviews"),
      fresh.map((r) => r.id)
    )
    assert.strictEqual(server.requests.length - before, 1)
  })

  it("sends the language and stars filters and delivers only the reviews they select", async () => {
    const server = await start()
    const config = { ...server.config(), language: ["en"], stars: [1, 5] }
    const run = await TestSync.run(TrustpilotConnector.connector, { config, store: memory() })
    const reviews = TestSync.records<TrustpilotConnector.Review>(run, "reviews")
    const expected = server.reviews().filter((r) => r.language === "en" && (r.stars === 1 || r.stars === 5))
    assert.isAbove(expected.length, 0)
    assert.deepStrictEqual(
      reviews.map((r) => r.id),
      newestFirst(expected)
    )
    assert.deepInclude(server.requests[0]?.query, { language: "en", stars: "1,5", perPage: "100" })
  })

  it("fails with reason auth for a key Trustpilot refuses and config for an unknown business unit; never leaks the key", async () => {
    const server = await start()
    const wrongKey = await TestSync.run(TrustpilotConnector.connector, {
      config: { ...server.config(), apiKey: Redacted.make("tp-not-mine") },
      store: memory()
    })
    const failed = TestSync.status(wrongKey, "reviews")
    assert.strictEqual(failed?.status === "failed" ? failed.error.reason : undefined, "auth")
    assert.include(failed?.status === "failed" ? failed.error.message : "", "Invalid API key")
    const noUnit = await TestSync.run(TrustpilotConnector.connector, {
      config: { ...server.config(), businessUnitId: "000000000000000000000000" },
      store: memory()
    })
    const missing = TestSync.status(noUnit, "reviews")
    assert.strictEqual(missing?.status === "failed" ? missing.error.reason : undefined, "config")
    assert.notInclude(JSON.stringify([wrongKey.events, noUnit.events]), server.apiKey)
  })

  it("retries 429 and 5xx answers", async () => {
    const server = await start()
    server.fail(429)
    server.fail(503)
    const run = await TestSync.run(TrustpilotConnector.connector, {
      config: server.config(),
      store: memory()
    })
    assert.strictEqual(TestSync.keys(run, "reviews").length, 64)
    assert.deepStrictEqual(
      server.requests.map((r) => r.status),
      [429, 503, 200]
    )
  })

  it("refuses a config Trustpilot could not serve, naming the field", () => {
    const decode = Schema.decodeUnknownExit(TrustpilotConnector.Config)
    for (const bad of [
      { perPage: 101 },
      { perPage: 10 },
      { stars: [6] },
      { language: ["english"] },
      { businessUnitId: "a/b" }
    ]) {
      const exit = decode({ apiKey: "k", businessUnitId: "507f191e810c19729de860ea", ...bad })
      assert.strictEqual(exit._tag, "Failure", JSON.stringify(bad))
      assert.include(String(exit), Object.keys(bad)[0] as string)
    }
  })
})

describe("TrustpilotConnector.windowAt", () => {
  it("always starts at or before the position and, for 20 or more per page, ends past it", () => {
    for (const max of [20, 37, 100]) {
      for (let at = 0; at < 5000; at++) {
        const w = TrustpilotConnector.windowAt(at, max)
        assert.isAtMost(w.start, at)
        assert.strictEqual(w.start, (w.page - 1) * w.perPage)
        assert.isAtMost(w.perPage, max)
        if (at > 0) assert.isAbove(w.end, at + 1, `max ${max}, at ${at}`)
      }
    }
  })
})
