import { Connector, StateStore } from "@cxkit/connectors"
import { MockServer, NetworkGuard, TestSync } from "@cxkit/connectors/testing"
import { assert, describe, it } from "@effect/vitest"
import { Clock, Effect, Schema } from "effect"
import { ZendeskConnector } from "../src/index.ts"
import { ZendeskMock } from "../src/testing.ts"

// The mock enforces the export limit on the test's own clock (the TestClock).
const withMock = (options: Parameters<typeof ZendeskMock.mock>[0] = {}) =>
  Effect.flatMap(
    Clock.clockWith((clock) => Effect.succeed(clock)),
    (clock) =>
      Effect.acquireRelease(
        Effect.promise(() => ZendeskMock.mock({ now: () => clock.currentTimeMillisUnsafe(), ...options })),
        (mock) => Effect.promise(() => mock.close())
      )
  )

const configFor = (mock: ZendeskMock.Mock, extra: Record<string, unknown> = {}) => ({
  baseUrl: mock.url,
  email: mock.email,
  apiToken: mock.apiToken,
  pageSize: 5,
  ...extra
})

const decodedConfigFor = (mock: Parameters<typeof configFor>[0], extra: Record<string, unknown> = {}) =>
  Schema.decodeUnknownSync(ZendeskConnector.connector.config)(configFor(mock, extra))

const ticketsPath = "/api/v2/incremental/tickets/cursor.json"
const liveTicketIds = ZendeskMock.fixtures()
  .tickets.filter((t) => t.status !== "deleted")
  .map((t) => String(t.id))
  .sort()

describe("Zendesk connector on the Zendesk mock", () => {
  it.effect(
    "exports tickets from start_time, follows after_cursor to end_of_stream, deleted tickets as deletions",
    () =>
      Effect.gen(function* () {
        const mock = yield* withMock()
        const events = yield* TestSync.collect(ZendeskConnector.connector, {
          config: decodedConfigFor(mock),
          streams: ["tickets"]
        })
        assert.deepStrictEqual([...TestSync.keys(events, "tickets")].sort(), liveTicketIds)
        assert.deepStrictEqual(TestSync.deletedKeys(events, "tickets"), ["35446"])
        const requests = mock.server.requests.filter((r) => r.path === ticketsPath)
        assert.deepStrictEqual(requests[0]?.query, { start_time: "0", per_page: "5" })
        assert.isDefined(requests[1]?.query.cursor)
        assert.isUndefined(requests[1]?.query.start_time)
        assert.strictEqual(requests.length, 3)
      })
  )

  it.effect("the after_cursor is the state: the next run resumes from it and sees only changes", () =>
    Effect.gen(function* () {
      const mock = yield* withMock()
      const store = yield* StateStore.makeMemory
      const first = yield* TestSync.collect(ZendeskConnector.connector, {
        config: decodedConfigFor(mock),
        store,
        streams: ["tickets"]
      })
      const lastState = first.filter((e) => e._tag === "State").at(-1) as {
        state: { checkpoint?: { cursor: string } }
      }
      assert.isString(lastState.state.checkpoint?.cursor)
      mock.server.touch(ticketsPath, 35440, { status: "solved" })
      mock.server.remove(ticketsPath, 35441)
      const second = yield* TestSync.collect(ZendeskConnector.connector, {
        config: decodedConfigFor(mock),
        store,
        streams: ["tickets"]
      })
      assert.deepStrictEqual(TestSync.keys(second, "tickets"), ["35440"])
      assert.deepStrictEqual(TestSync.deletedKeys(second, "tickets"), ["35441"])
      const resumed = mock.server.requests.filter((r) => r.path === ticketsPath).at(-1)
      assert.strictEqual(resumed?.query.cursor, lastState.state.checkpoint?.cursor)
      const third = yield* TestSync.collect(ZendeskConnector.connector, {
        config: decodedConfigFor(mock),
        store,
        streams: ["tickets"]
      })
      assert.deepStrictEqual(TestSync.keys(third, "tickets"), [])
    })
  )

  it.effect("resumes an interrupted export from the last committed after_cursor", () =>
    Effect.gen(function* () {
      const mock = yield* withMock()
      const store = yield* StateStore.makeMemory
      // the third page fails for good: the first two are delivered and their cursor committed
      mock.server.inject({ fault: MockServer.serverError(500), path: ticketsPath, after: 2, times: 100 })
      const broken = yield* TestSync.collect(ZendeskConnector.connector, {
        config: decodedConfigFor(mock),
        store,
        streams: ["tickets"]
      })
      assert.strictEqual(TestSync.status(broken, "tickets")?.status, "failed")
      const delivered = TestSync.keys(broken, "tickets")
      assert.strictEqual(delivered.length, 10)
      mock.server.clearFaults()
      const resumed = yield* TestSync.collect(ZendeskConnector.connector, {
        config: decodedConfigFor(mock),
        store,
        streams: ["tickets"]
      })
      assert.deepStrictEqual([...delivered, ...TestSync.keys(resumed, "tickets")].sort(), liveTicketIds)
      const request = mock.server.requests.filter((r) => r.path === ticketsPath).at(-1)
      assert.isDefined(request?.query.cursor)
    })
  )

  it.effect("keeps to 10 export requests in any rolling minute, which the mock enforces", () =>
    Effect.gen(function* () {
      const mock = yield* withMock({ pageSize: 1 })
      const events = yield* TestSync.collect(ZendeskConnector.connector, {
        config: decodedConfigFor(mock, { pageSize: 1 }),
        streams: ["tickets"]
      })
      assert.deepStrictEqual([...TestSync.keys(events, "tickets")].sort(), liveTicketIds)
      const exports = mock.requests.filter((r) => r.path === ticketsPath)
      assert.strictEqual(exports.length, 12)
      assert.isTrue(exports.every((r) => r.status === 200))
      // a burst of 10 (each request takes a turn of the test loop), then the 11th waits for the
      // first to be a minute old
      assert.isBelow(exports[9]?.at ?? 0, 30_000)
      assert.isAtLeast((exports[10]?.at ?? 0) - (exports[0]?.at ?? 0), 60_000)
      assert.isBelow(yield* Clock.currentTimeMillis, 80_000)
    })
  )

  it.effect(
    "a client allowed more than Zendesk's limit gets its 429 and Retry-After, and still completes",
    () =>
      Effect.gen(function* () {
        const mock = yield* withMock({ pageSize: 1 })
        const events = yield* TestSync.collect(ZendeskConnector.connector, {
          config: decodedConfigFor(mock, { pageSize: 1, exportRequestsPerMinute: 30 }),
          streams: ["tickets"]
        })
        assert.strictEqual(TestSync.status(events, "tickets")?.status, "completed")
        assert.deepStrictEqual([...new Set(TestSync.keys(events, "tickets"))].sort(), liveTicketIds)
        assert.isAtLeast(mock.requests.filter((r) => r.status === 429).length, 1)
      })
  )

  it.effect("waits out Zendesk's 429 for its Retry-After, then completes", () =>
    Effect.gen(function* () {
      const mock = yield* withMock()
      mock.server.inject({ fault: ZendeskMock.rateLimited(45), path: ticketsPath, after: 1 })
      const events = yield* TestSync.collect(ZendeskConnector.connector, {
        config: decodedConfigFor(mock),
        streams: ["tickets"]
      })
      assert.strictEqual(TestSync.status(events, "tickets")?.status, "completed")
      assert.deepStrictEqual([...TestSync.keys(events, "tickets")].sort(), liveTicketIds)
      assert.strictEqual(mock.server.requests.filter((r) => r.status === 429).length, 1)
      assert.isAtLeast(yield* Clock.currentTimeMillis, 45_000)
    })
  )

  it.effect("starts the user export at startTime (Unix seconds against updated_at)", () =>
    Effect.gen(function* () {
      const mock = yield* withMock()
      const since = Math.floor(Date.parse("2024-02-13T09:00:00Z") / 1000)
      const events = yield* TestSync.collect(ZendeskConnector.connector, {
        config: decodedConfigFor(mock, { startTime: since }),
        streams: ["users"]
      })
      assert.deepStrictEqual(TestSync.keys(events, "users"), [
        "20978395",
        "20978396",
        "20978397",
        "20978398",
        "20978399"
      ])
    })
  )

  it.effect("reads users, satisfaction ratings and organizations", () =>
    Effect.gen(function* () {
      const mock = yield* withMock()
      const events = yield* TestSync.collect(ZendeskConnector.connector, {
        config: decodedConfigFor(mock),
        streams: ["users", "satisfaction_ratings", "organizations"]
      })
      assert.strictEqual(TestSync.keys(events, "users").length, 8)
      assert.strictEqual(TestSync.keys(events, "satisfaction_ratings").length, 7)
      assert.strictEqual(TestSync.keys(events, "organizations").length, 4)
      const ratings = mock.server.requests.filter((r) => r.path === "/api/v2/satisfaction_ratings.json")
      assert.deepStrictEqual(ratings[0]?.query, { "page[size]": "5" })
      assert.isDefined(ratings[1]?.query["page[after]"])
    })
  )

  it.effect(
    "check sends basic auth {email}/token:{api_token} and fails with reason auth on a wrong token",
    () =>
      Effect.gen(function* () {
        const mock = yield* withMock()
        const good = yield* Connector.decodeConfig(ZendeskConnector.connector, configFor(mock))
        yield* Connector.check(ZendeskConnector.connector, good).pipe(Effect.provide(NetworkGuard.layer))
        const bad = yield* Connector.decodeConfig(
          ZendeskConnector.connector,
          configFor(mock, { apiToken: "zd-wrong" })
        )
        const error = yield* Effect.flip(
          Connector.check(ZendeskConnector.connector, bad).pipe(Effect.provide(NetworkGuard.layer))
        )
        assert.strictEqual(error.reason, "auth")
      })
  )

  it("requires a subdomain or a baseUrl", () => {
    const decode = Schema.decodeUnknownSync(ZendeskConnector.Config)
    assert.strictEqual(
      ZendeskConnector.baseUrlOf(decode({ subdomain: "acme", email: "a@b.example", apiToken: "t" })),
      "https://acme.zendesk.com"
    )
    assert.throws(() => decode({ email: "a@b.example", apiToken: "t" }), /subdomain or a baseUrl/)
  })
})

describe("ZendeskConnector.limits", () => {
  const decode = Schema.decodeUnknownSync(ZendeskConnector.Config)
  const base = { subdomain: "acme", email: "ops@acme.example", apiToken: "zd-123" }
  it("uses the lowest plan's limits, the High Volume add-on's with highVolume, explicit ones first", () => {
    assert.deepStrictEqual(ZendeskConnector.limits(decode(base)), {
      requestsPerMinute: 200,
      exportRequestsPerMinute: 10
    })
    assert.deepStrictEqual(ZendeskConnector.limits(decode({ ...base, highVolume: true })), {
      requestsPerMinute: 2500,
      exportRequestsPerMinute: 30
    })
    assert.deepStrictEqual(
      ZendeskConnector.limits(decode({ ...base, highVolume: true, exportRequestsPerMinute: 20 })),
      { requestsPerMinute: 2500, exportRequestsPerMinute: 20 }
    )
  })
})
