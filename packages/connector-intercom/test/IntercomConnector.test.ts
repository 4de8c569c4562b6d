import { Connector, StateStore } from "@cxkit/connectors"
import { MockServer, NetworkGuard, TestSync } from "@cxkit/connectors/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted, Schema } from "effect"
import { IntercomConnector } from "../src/index.ts"
import { IntercomMock } from "../src/testing.ts"

type StartOptions = Parameters<typeof IntercomMock.start>[0]

const withMock = (options: StartOptions = {}) =>
  Effect.acquireRelease(
    Effect.promise(() => IntercomMock.start(options)),
    (mock) => Effect.promise(() => mock.close())
  )

const configFor = (mock: IntercomMock.Mock, extra: Record<string, unknown> = {}) =>
  Schema.decodeUnknownSync(IntercomConnector.connector.config)({
    accessToken: mock.token,
    baseUrl: mock.url,
    perPage: 3,
    ...extra
  })

const data = IntercomMock.fixtures()
const ids = (records: ReadonlyArray<{ readonly id: string }>) => records.map((r) => r.id).sort()

const searches = (mock: IntercomMock.Mock, type: string) =>
  mock.requests.filter((r) => r.method === "POST" && r.path === `/${type}/search`)

interface SearchBody {
  readonly query: {
    readonly field?: string
    readonly operator: string
    readonly value: unknown
  }
  readonly sort: unknown
  readonly pagination: { readonly per_page: number; readonly starting_after?: string }
}

describe("Intercom connector on the Intercom mock", () => {
  it.effect("a full sync reads every stream, pinning Intercom-Version 2.11 on every request", () =>
    Effect.gen(function* () {
      const mock = yield* withMock()
      const events = yield* TestSync.collect(IntercomConnector.connector, { config: configFor(mock) })
      for (const stream of ["contacts", "companies", "conversations", "tickets"]) {
        assert.strictEqual(TestSync.status(events, stream)?.status, "completed", stream)
      }
      assert.deepStrictEqual([...TestSync.keys(events, "contacts")].sort(), ids(data.contacts))
      assert.deepStrictEqual([...TestSync.keys(events, "companies")].sort(), ids(data.companies))
      assert.deepStrictEqual([...TestSync.keys(events, "conversations")].sort(), ids(data.conversations))
      assert.deepStrictEqual([...TestSync.keys(events, "tickets")].sort(), ids(data.tickets))
      assert.isTrue(mock.requests.every((r) => r.version === "2.11"))
      assert.deepStrictEqual(
        events.filter((e) => e._tag === "SchemaDrift"),
        []
      )
    })
  )

  it.effect(
    "conversations: keyset search ascending by updated_at, never starting_after, then each retrieved with its parts",
    () =>
      Effect.gen(function* () {
        const mock = yield* withMock()
        const events = yield* TestSync.collect(IntercomConnector.connector, {
          config: configFor(mock),
          streams: ["conversations"]
        })
        const bodies = searches(mock, "conversations").map((r) => r.body as SearchBody)
        assert.deepStrictEqual(bodies[0], {
          query: { field: "updated_at", operator: ">", value: 0 },
          sort: { field: "updated_at", order: "ascending" },
          pagination: { per_page: 3 }
        })
        assert.isTrue(bodies.every((b) => b.pagination.starting_after === undefined))
        const retrieves = mock.requests.filter(
          (r) => r.method === "GET" && r.path.startsWith("/conversations/")
        )
        assert.isAtLeast(retrieves.length, data.conversations.length)
        const long = TestSync.records<IntercomConnector.Conversation>(events, "conversations").find(
          (c) => c.id === "107"
        )
        assert.strictEqual(long?.conversation_parts?.conversation_parts.length, 500)
        assert.strictEqual(long?.conversation_parts?.total_count, 520)
        // the 500 most recent: the oldest 20 are kept back
        assert.strictEqual(long?.conversation_parts?.conversation_parts[0]?.id, String(107 * 10_000 + 21))
      })
  )

  it.effect("an incremental run restarts at the high-water mark, inclusive, and delivers nothing new", () =>
    Effect.gen(function* () {
      const mock = yield* withMock()
      const store = yield* StateStore.makeMemory
      yield* TestSync.collect(IntercomConnector.connector, {
        config: configFor(mock),
        store,
        streams: ["conversations", "tickets"]
      })
      const before = searches(mock, "conversations").length
      const second = yield* TestSync.collect(IntercomConnector.connector, {
        config: configFor(mock),
        store,
        streams: ["conversations", "tickets"]
      })
      assert.deepStrictEqual(TestSync.keys(second, "conversations"), [])
      assert.deepStrictEqual(TestSync.keys(second, "tickets"), [])
      const newest = Math.max(...data.conversations.map((c) => c.updated_at))
      assert.deepStrictEqual(
        (searches(mock, "conversations")[before]?.body as SearchBody | undefined)?.query,
        {
          field: "updated_at",
          operator: ">",
          value: newest
        }
      )
    })
  )

  it.effect("drains conversations sharing one second with id NIN, losing and repeating none", () =>
    Effect.gen(function* () {
      const second = 1_717_210_000
      const conversations = data.conversations.map((c, i) =>
        i >= 2 && i < 9 ? { ...c, updated_at: second } : c
      )
      const mock = yield* withMock({ dataset: { ...data, conversations } })
      const events = yield* TestSync.collect(IntercomConnector.connector, {
        config: configFor(mock, { perPage: 2 }),
        streams: ["conversations"]
      })
      const keys = TestSync.keys(events, "conversations")
      assert.deepStrictEqual([...keys].sort(), ids(data.conversations))
      assert.strictEqual(new Set(keys).size, keys.length)
      const ties = searches(mock, "conversations")
        .map((r) => (r.body as SearchBody).query)
        .filter((q) => q.operator === "AND")
      assert.isAtLeast(ties.length, 3)
      assert.deepStrictEqual((ties[0]?.value as ReadonlyArray<unknown> | undefined)?.[0], {
        field: "updated_at",
        operator: "=",
        value: second
      })
      // after the second is drained the search goes on strictly after it
      assert.isTrue(
        searches(mock, "conversations").some((r) => {
          const q = (r.body as SearchBody).query
          return q.operator === ">" && q.value === second + 1
        })
      )
    })
  )

  it.effect("contacts are listed day by day (contact search compares timestamps by day)", () =>
    Effect.gen(function* () {
      const mock = yield* withMock()
      const events = yield* TestSync.collect(IntercomConnector.connector, {
        config: configFor(mock, { perPage: 2 }),
        streams: ["contacts"]
      })
      const keys = TestSync.keys(events, "contacts")
      assert.deepStrictEqual([...keys].sort(), ids(data.contacts))
      assert.strictEqual(new Set(keys).size, keys.length)
      const queries = searches(mock, "contacts").map((r) => r.body as SearchBody)
      const days = queries.filter((b) => b.query.operator === "=")
      const probes = queries.filter((b) => b.query.operator === ">")
      // four days with contacts, each found by a one-result probe; one last probe finds none
      assert.strictEqual(new Set(days.map((b) => Math.floor((b.query.value as number) / 86_400))).size, 4)
      assert.strictEqual(probes.length, 5)
      assert.isTrue(probes.every((b) => b.pagination.per_page === 1))
      assert.isTrue(queries.every((b) => !JSON.stringify(b).includes(">=")))
    })
  )

  it.effect(
    "contacts edited or deleted while a day is paged make the day listed again: nothing is lost",
    () =>
      Effect.gen(function* () {
        const mock = yield* withMock()
        const store = yield* StateStore.makeMemory
        const path = "/contacts"
        // the first day lists contacts 1–3; deleting 1 after its first page shifts the offset cursor
        const changes = [
          () => mock.server.erase(path, data.contacts[0]?.id),
          () => mock.server.touch(path, data.contacts[3]?.id)
        ]
        mock.server.beforeRequest((request) => {
          if (request.served === 2) changes.shift()?.()
          if (request.served === 5) changes.shift()?.()
        })
        const first = yield* TestSync.collect(IntercomConnector.connector, {
          config: configFor(mock, { perPage: 1 }),
          store,
          streams: ["contacts"]
        })
        mock.server.beforeRequest(undefined)
        assert.strictEqual(TestSync.status(first, "contacts")?.status, "completed")
        const second = yield* TestSync.collect(IntercomConnector.connector, {
          config: configFor(mock, { perPage: 1 }),
          store,
          streams: ["contacts"]
        })
        const consumer = new Set([...TestSync.keys(first, "contacts"), ...TestSync.keys(second, "contacts")])
        for (const contact of mock.server.records(path))
          assert.isTrue(consumer.has(String(contact.id)), String(contact.id))
        // a day was listed more than once
        const dayQueries = searches(mock, "contacts").filter(
          (r) =>
            (r.body as SearchBody).query.operator === "=" &&
            (r.body as SearchBody).pagination.starting_after === undefined
        )
        assert.isAbove(dayQueries.length, 4)
      })
  )

  // TestSync.run starts its TestClock at the wall clock, so a reset given as a Unix time is a short wait
  it("honours Intercom's 429 rate_limit_exceeded with its X-RateLimit-Reset, then completes", async () => {
    const mock = await IntercomMock.start()
    try {
      mock.server.inject({ fault: IntercomMock.rateLimited({ limit: 167, resetInSeconds: 5 }), after: 1 })
      mock.server.inject({ fault: MockServer.rateLimited({ retryAfter: 2 }), after: 3 })
      const run = await TestSync.run(IntercomConnector.connector, {
        config: configFor(mock),
        store: Effect.runSync(StateStore.makeMemory),
        streams: ["conversations"]
      })
      assert.strictEqual(TestSync.status(run, "conversations")?.status, "completed")
      assert.deepStrictEqual([...TestSync.keys(run, "conversations")].sort(), ids(data.conversations))
      assert.strictEqual(mock.server.requests.filter((r) => r.status === 429).length, 2)
    } finally {
      await mock.close()
    }
  })

  it("waits for X-RateLimit-Reset once a window's requests are spent, without earning a 429", async () => {
    let now = Date.now()
    const mock = await IntercomMock.start({ rateLimit: { limit: 4 }, now: () => now })
    try {
      const run = await TestSync.run(IntercomConnector.connector, {
        config: configFor(mock),
        store: Effect.runSync(StateStore.makeMemory),
        streams: ["tickets", "companies"],
        onTick: () => {
          now += 1000
        }
      })
      assert.strictEqual(TestSync.status(run, "tickets")?.status, "completed")
      assert.strictEqual(TestSync.status(run, "companies")?.status, "completed")
      assert.strictEqual(TestSync.keys(run, "tickets").length, data.tickets.length)
      assert.isAbove(mock.requests.length, 4)
      assert.strictEqual(mock.requests.filter((r) => r.status === 429).length, 0)
    } finally {
      await mock.close()
    }
  })

  it.effect("check fails with reason auth on a wrong token, with Intercom's error code", () =>
    Effect.gen(function* () {
      const mock = yield* withMock()
      const config = yield* Connector.decodeConfig(IntercomConnector.connector, {
        accessToken: "tok-wrong",
        baseUrl: mock.url
      })
      const error = yield* Effect.flip(
        Connector.check(IntercomConnector.connector, config).pipe(Effect.provide(NetworkGuard.layer))
      )
      assert.strictEqual(error.reason, "auth")
      assert.include(error.message, "unauthorized: Access Token Invalid")
      assert.notInclude(error.message, "tok-wrong")
    })
  )

  it("chooses the regional host, baseUrl first", () => {
    const token = Redacted.make("t")
    assert.strictEqual(IntercomConnector.baseUrlOf({ accessToken: token }), "https://api.intercom.io")
    assert.strictEqual(
      IntercomConnector.baseUrlOf({ accessToken: token, region: "au" }),
      "https://api.au.intercom.io"
    )
    assert.strictEqual(
      IntercomConnector.baseUrlOf({ accessToken: token, region: "eu", baseUrl: "http://127.0.0.1:1" }),
      "http://127.0.0.1:1"
    )
  })
})

describe("classify", () => {
  const info = (
    status: number,
    json: unknown,
    headers: Record<string, string> = {},
    retryAfterMs?: number
  ) => ({
    method: "POST",
    path: "/contacts/search",
    status,
    headers,
    text: JSON.stringify(json),
    json,
    retryAfterMs,
    now: 0
  })

  it("waits a 10-second window when a 429 names no reset", () => {
    const error = IntercomConnector.classify(
      info(429, {
        type: "error.list",
        request_id: "r1",
        errors: [{ code: "rate_limit_exceeded", message: "slow" }]
      })
    )
    assert.strictEqual(error?.reason, "rate-limited")
    assert.strictEqual(error?.retryAfterMs, 10_000)
    assert.include(error?.message, "request r1")
  })

  it("keeps the default reason with Intercom's code for other errors, and leaves other bodies alone", () => {
    const error = IntercomConnector.classify(
      info(400, { type: "error.list", errors: [{ code: "parameter_invalid", message: "bad query" }] })
    )
    assert.strictEqual(error?.reason, "source-bug")
    assert.include(error?.message, "parameter_invalid: bad query")
    assert.isUndefined(IntercomConnector.classify(info(503, { message: "down" })))
    // a day-long wait is a spent quota, classified by the default
    assert.isUndefined(
      IntercomConnector.classify(
        info(429, { type: "error.list", errors: [{ code: "rate_limit_exceeded" }] }, {}, 86_400_000)
      )
    )
  })
})
