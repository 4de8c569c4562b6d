import { StateStore } from "@cxkit/connectors"
import { TestSync } from "@cxkit/connectors/testing"
import { afterEach, assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { decodeJwt, decodeProtectedHeader } from "jose"
import { AppStoreConnector, AppStoreMapping } from "../src/index.ts"
import { AppStoreMock } from "../src/testing.ts"

const servers: Array<AppStoreMock.AppStoreMock> = []
const start = async (options: AppStoreMock.Options = {}) => {
  const server = await AppStoreMock.start(options)
  servers.push(server)
  return server
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

const newestFirst = (reviews: ReadonlyArray<AppStoreMock.FixtureReview>) =>
  [...reviews].sort((a, b) => Date.parse(b.createdDate) - Date.parse(a.createdDate)).map((r) => r.id)

const later = (count: number, from = 0) =>
  Array.from({ length: count }, (_, i) =>
    AppStoreMock.reviewAt(Date.now() - (from + i + 1) * 1000, 500 + from + i)
  )

describe("AppStoreConnector on the customerReviews mock", () => {
  it("delivers every review newest first with responses, on signed tokens, committing state once at the end", async () => {
    const server = await start()
    const run = await TestSync.run(AppStoreConnector.connector, {
      config: server.config({ limit: 20 }),
      store: Effect.runSync(StateStore.makeMemory)
    })
    assert.deepStrictEqual(TestSync.keys(run, "reviews"), newestFirst(server.reviews()))
    assert.strictEqual(server.requests.length, 4)
    assert.isTrue(server.requests.every((r) => r.status === 200))
    assert.deepInclude(server.requests[0]?.query, { sort: "-createdDate", limit: "20", include: "response" })
    assert.isDefined(server.requests[1]?.query.cursor)
    const reviews = TestSync.records<AppStoreConnector.Review>(run, "reviews")
    assert.strictEqual(reviews.filter((r) => r.response !== undefined).length, 22)
    const states = run.events.filter((e) => e._tag === "State")
    assert.strictEqual(states.length, 1)
    const lastRecord = run.events.findLastIndex((e) => e._tag === "Record")
    assert.isAbove(
      run.events.findIndex((e) => e._tag === "State"),
      lastRecord
    )
  })

  it("reviews deleted or posted while the sync pages shift the offsets but lose nothing", async () => {
    const server = await start()
    const before = newestFirst(server.reviews())
    const removed: Array<string> = []
    let pages = 0
    server.beforeRequest((request) => {
      if (request.cursor === undefined) return
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
    const run = await TestSync.run(AppStoreConnector.connector, {
      config: server.config({ limit: 20 }),
      store: Effect.runSync(StateStore.makeMemory)
    })
    const keys = TestSync.keys(run, "reviews")
    assert.strictEqual(TestSync.status(run, "reviews")?.status, "completed")
    assert.deepStrictEqual(keys, before)
    assert.strictEqual(new Set(keys).size, keys.length)
    assert.strictEqual(removed.length, 2)
  })

  it("deletions that empty the next page's offset back up instead of ending the run short", async () => {
    const server = await start({ reviews: AppStoreMock.fixtures({ count: 21 }) })
    const before = newestFirst(server.reviews())
    const offsetOf = (cursor: string) =>
      Number(JSON.parse(Buffer.from(cursor, "base64url").toString()).offset)
    let deleted = false
    server.beforeRequest((request) => {
      // pages are asked one review early (offsets 0, 9, 18): before the third, delete three
      // reviews already delivered, so offset 18 is past the end of the 18 left
      if (!deleted && request.cursor !== undefined && offsetOf(request.cursor) >= 18) {
        deleted = true
        server.remove(before.slice(0, 3))
      }
    })
    const run = await TestSync.run(AppStoreConnector.connector, {
      config: server.config({ limit: 10 }),
      store: Effect.runSync(StateStore.makeMemory)
    })
    assert.isTrue(deleted)
    assert.deepStrictEqual(TestSync.keys(run, "reviews"), before)
  })

  it("an interrupted first run starts again from the newest review: nothing lost", async () => {
    const server = await start()
    const config = server.config({ limit: 20 })
    const all = newestFirst(server.reviews())
    for (const cut of [3, 30, 60]) {
      const store = Effect.runSync(StateStore.makeMemory)
      const interrupted = await TestSync.run(AppStoreConnector.connector, { config, store, take: cut })
      assert.isFalse(interrupted.events.some((e) => e._tag === "State"))
      const resumed = await TestSync.run(AppStoreConnector.connector, { config, store })
      assert.deepStrictEqual(TestSync.keys(resumed, "reviews"), all, `cut at event ${cut}`)
      const again = await TestSync.run(AppStoreConnector.connector, { config, store })
      assert.deepStrictEqual(TestSync.keys(again, "reviews"), [], `cut at event ${cut}`)
    }
  })

  it("the next run delivers exactly the new reviews and stops paging at the previous mark", async () => {
    const server = await start()
    const config = server.config({ limit: 10 })
    const store = Effect.runSync(StateStore.makeMemory)
    await TestSync.run(AppStoreConnector.connector, { config, store })
    const fresh = later(3)
    server.post(fresh)
    const before = server.requests.length
    const second = await TestSync.run(AppStoreConnector.connector, { config, store })
    assert.deepStrictEqual(
      TestSync.keys(second, "reviews"),
      fresh.map((r) => r.id)
    )
    assert.strictEqual(server.requests.length - before, 1)
  })

  it("an interrupted incremental run loses nothing and the run after it counts nothing twice", async () => {
    const server = await start()
    const config = server.config({ limit: 10 })
    const store = Effect.runSync(StateStore.makeMemory)
    await TestSync.run(AppStoreConnector.connector, { config, store })
    const fresh = later(25)
    server.post(fresh)
    const interrupted = await TestSync.run(AppStoreConnector.connector, { config, store, take: 8 })
    const seen = TestSync.keys(interrupted, "reviews")
    assert.isAbove(seen.length, 0)
    const resumed = await TestSync.run(AppStoreConnector.connector, { config, store })
    assert.deepStrictEqual(
      TestSync.keys(resumed, "reviews"),
      fresh.map((r) => r.id)
    )
    const next = await TestSync.run(AppStoreConnector.connector, { config, store })
    assert.deepStrictEqual(TestSync.keys(next, "reviews"), [])
  })

  it("signs ES256 tokens with kid, iss, iat, exp (at most 20 minutes) and aud appstoreconnect-v1", async () => {
    const key = await AppStoreMock.generateKey()
    const token = await AppStoreConnector.signToken(
      { ...key, privateKey: Redacted.make(key.privateKey) },
      Date.parse("2024-05-20T12:00:00Z"),
      1200
    )
    assert.deepStrictEqual(decodeProtectedHeader(token), { alg: "ES256", kid: key.keyId, typ: "JWT" })
    assert.deepStrictEqual(decodeJwt(token), {
      iss: key.issuerId,
      iat: 1716206400,
      exp: 1716207600,
      aud: "appstoreconnect-v1"
    })
    assert.isUndefined(
      await AppStoreMock.verifyToken(`Bearer ${token}`, key, Date.parse("2024-05-20T12:10:00Z"))
    )
    assert.match(
      (await AppStoreMock.verifyToken(`Bearer ${token}`, key, Date.parse("2024-05-20T12:30:00Z"))) ?? "",
      /exp/
    )
    const long = await AppStoreConnector.signToken(
      { ...key, privateKey: Redacted.make(key.privateKey) },
      Date.now(),
      1500
    )
    assert.strictEqual(
      await AppStoreMock.verifyToken(`Bearer ${long}`, key),
      "the token lives more than 20 minutes"
    )
  })

  it("fails with reason auth for a key Apple does not know, config for a bad PEM or app id; never leaks the key", async () => {
    const server = await start()
    const stranger = await AppStoreMock.generateKey()
    const wrongKey = await TestSync.run(AppStoreConnector.connector, {
      config: { ...server.config(), privateKey: Redacted.make(stranger.privateKey) },
      store: Effect.runSync(StateStore.makeMemory)
    })
    const failed = TestSync.status(wrongKey, "reviews")
    assert.strictEqual(failed?.status === "failed" ? failed.error.reason : undefined, "auth")
    assert.include(failed?.status === "failed" ? failed.error.message : "", "NOT_AUTHORIZED")
    const badPem = await TestSync.run(AppStoreConnector.connector, {
      config: {
        ...server.config(),
        privateKey: Redacted.make("-----BEGIN PRIVATE KEY-----\nnot-a-key\n-----END PRIVATE KEY-----")
      },
      store: Effect.runSync(StateStore.makeMemory)
    })
    assert.isTrue(badPem.exit._tag === "Failure")
    assert.notInclude(JSON.stringify(badPem.exit), "not-a-key")
    const noApp = await TestSync.run(AppStoreConnector.connector, {
      config: { ...server.config(), appId: "1" },
      store: Effect.runSync(StateStore.makeMemory)
    })
    const missing = TestSync.status(noApp, "reviews")
    assert.strictEqual(missing?.status === "failed" ? missing.error.reason : undefined, "config")
  })

  it("retries RATE_LIMIT_EXCEEDED and 5xx answers", async () => {
    const server = await start()
    server.fail(429)
    server.fail(503)
    const run = await TestSync.run(AppStoreConnector.connector, {
      config: server.config({ limit: 50 }),
      store: Effect.runSync(StateStore.makeMemory)
    })
    assert.strictEqual(TestSync.keys(run, "reviews").length, 64)
    assert.deepStrictEqual(
      server.requests.map((r) => r.status),
      [429, 503, 200, 200]
    )
  })
})

describe("AppStoreMapping", () => {
  it("maps a review to a review-site touchpoint with CSAT feedback and an anonymous reviewer", () => {
    const review = AppStoreMock.reviewAt(Date.parse("2024-05-20T12:00:00Z"), 0)
    const { touchpoint, identity, feedback } = AppStoreMapping.toTouchpoint(review, { appId: "682658836" })
    assert.strictEqual(touchpoint.channel, "review-site")
    assert.strictEqual(touchpoint.kind, "app-review")
    assert.strictEqual(touchpoint.source, "appstore")
    assert.strictEqual(touchpoint.text, `${review.title}. ${review.body}`)
    assert.deepStrictEqual(feedback.question, { metric: "csat", min: 1, max: 5 })
    assert.strictEqual(feedback.score, 5)
    assert.strictEqual(touchpoint.feedback?.touchpointId, touchpoint.id)
    assert.strictEqual(identity.kind, "anonymous-id")
    assert.strictEqual(touchpoint.customerId, "anonymous-id:appstore:Anne Johnson")
    assert.deepStrictEqual(touchpoint.attributes, {
      rating: 5,
      territory: "USA",
      title: "Awesome!!!",
      appId: "682658836",
      responseState: "PUBLISHED",
      respondedAt: "2024-05-20T06:00:00-07:00"
    })
    assert.strictEqual(touchpoint.timestamp.epochMilliseconds, Date.parse("2024-05-20T12:00:00Z"))
  })
})
