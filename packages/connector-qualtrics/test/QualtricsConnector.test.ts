import { Connector, StateStore } from "@cxkit/connectors"
import { TestSync } from "@cxkit/connectors/testing"
import { afterEach, assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Redacted } from "effect"
import { FetchHttpClient } from "effect/http"
import fc from "fast-check"
import { QualtricsConnector } from "../src/index.ts"
import * as Zip from "../src/internal/zip.ts"
import { QualtricsMock } from "../src/testing.ts"

const mocks: Array<QualtricsMock.QualtricsMock> = []
const start = async (options: QualtricsMock.Options = {}) => {
  const mock = await QualtricsMock.start(options)
  mocks.push(mock)
  return mock
}
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((m) => m.close()))
})

const { checkout, support } = QualtricsMock.surveyIds
const store = () => Effect.runSync(StateStore.makeMemory)
const oldestFirst = (responses: ReadonlyArray<QualtricsMock.FixtureResponse>) =>
  [...responses]
    .sort(
      (a, b) =>
        Date.parse(a.recordedDate) - Date.parse(b.recordedDate) || (a.responseId < b.responseId ? -1 : 1)
    )
    .map((r) => r.responseId)
const fresh = (surveyId: string, count: number, from = 0) =>
  Array.from({ length: count }, (_, i) =>
    QualtricsMock.responseAt(surveyId, Date.now() + (from + i + 1) * 1000, 900 + from + i)
  )
const exportStarts = (mock: QualtricsMock.QualtricsMock) =>
  mock.requests.filter((r) => r.method === "POST").map((r) => r.body as Record<string, unknown>)

describe("QualtricsConnector on the response export mock", () => {
  it("exports each survey (start, progress over polls, zip file) and delivers definitions and responses", async () => {
    const mock = await start({ pollsToComplete: 3 })
    const run = await TestSync.run(QualtricsConnector.connector, { config: mock.config(), store: store() })
    assert.deepStrictEqual(TestSync.keys(run, "surveys"), [checkout, support])
    assert.deepStrictEqual(TestSync.keys(run, "responses"), [
      ...oldestFirst(mock.responses(checkout)),
      ...oldestFirst(mock.responses(support))
    ])
    const forCheckout = mock.requests.filter((r) => r.path.includes(`/surveys/${checkout}/`))
    assert.deepStrictEqual(
      forCheckout.map((r) => `${r.method} ${r.path.replace(/.*export-responses/, "")}`),
      [
        "POST ",
        "GET /ES_3KgZ1fWmTqNpLx21",
        "GET /ES_3KgZ1fWmTqNpLx21",
        "GET /ES_3KgZ1fWmTqNpLx21",
        "GET /3kgz1fwmtqnplx2-1-file/file"
      ]
    )
    assert.deepStrictEqual(exportStarts(mock)[0], { format: "json", compress: true, allowContinuation: true })
    const [first] = TestSync.records<QualtricsConnector.Response>(run, "responses")
    assert.strictEqual(first?.surveyId, checkout)
    assert.strictEqual(first?.recordedDate, first?.values.recordedDate)
    assert.strictEqual(first?.values._recordId, first?.responseId)
    assert.strictEqual(TestSync.status(run, "responses")?.status, "completed")
  })

  it("the next run continues each survey from its continuation token and delivers exactly the new responses", async () => {
    const mock = await start()
    const config = mock.config()
    const s = store()
    await TestSync.run(QualtricsConnector.connector, { config, store: s })
    const state = JSON.stringify(Effect.runSync(s.get("qualtrics", "responses")))
    assert.include(state, `"${checkout}":{"continuationToken":`)
    const added = fresh(support, 3)
    mock.record(support, added)
    const second = await TestSync.run(QualtricsConnector.connector, { config, store: s })
    assert.deepStrictEqual(
      TestSync.keys(second, "responses"),
      added.map((r) => r.responseId)
    )
    const [checkoutStart, supportStart] = exportStarts(mock).slice(2)
    assert.isString(checkoutStart?.continuationToken)
    assert.isString(supportStart?.continuationToken)
    assert.isUndefined(checkoutStart?.startDate)
    const third = await TestSync.run(QualtricsConnector.connector, { config, store: s })
    assert.deepStrictEqual(TestSync.keys(third, "responses"), [])
  })

  it("responses recorded while an export is polled show up in the next run, none lost, none twice", async () => {
    const mock = await start({ pollsToComplete: 3 })
    const config = mock.config()
    const s = store()
    const during = fresh(checkout, 2)
    let polls = 0
    mock.beforeRequest((request) => {
      if (request.method === "GET" && /export-responses\/ES_/.test(request.path) && ++polls === 2) {
        mock.record(checkout, during)
      }
    })
    const first = await TestSync.run(QualtricsConnector.connector, { config, store: s })
    mock.beforeRequest(undefined)
    const firstKeys = TestSync.keys(first, "responses")
    assert.isFalse(during.some((r) => firstKeys.includes(r.responseId)))
    const second = await TestSync.run(QualtricsConnector.connector, { config, store: s })
    assert.deepStrictEqual(
      TestSync.keys(second, "responses"),
      during.map((r) => r.responseId)
    )
    const all = [...firstKeys, ...TestSync.keys(second, "responses")]
    assert.strictEqual(new Set(all).size, all.length)
    assert.strictEqual(all.length, mock.responses(checkout).length + mock.responses(support).length)
  })

  it("an export Qualtrics reports as failed is started again", async () => {
    const mock = await start()
    mock.failExports(1)
    const run = await TestSync.run(QualtricsConnector.connector, { config: mock.config(), store: store() })
    assert.strictEqual(TestSync.status(run, "responses")?.status, "completed")
    assert.strictEqual(TestSync.keys(run, "responses").length, 55)
    assert.strictEqual(exportStarts(mock).length, 3)
    assert.isTrue(run.logs.some((l) => l.includes("as failed; starting it again (attempt 2 of 3)")))
  })

  it("an export failing exportAttempts times fails the stream with reason transient, naming the survey", async () => {
    const mock = await start()
    mock.failExports(100)
    const run = await TestSync.run(QualtricsConnector.connector, {
      config: mock.config({ exportAttempts: 2 }),
      store: store()
    })
    const status = TestSync.status(run, "responses")
    assert.strictEqual(status?.status, "failed")
    if (status?.status === "failed") {
      assert.strictEqual(status.error.reason, "transient")
      assert.include(status.error.message, `survey ${checkout} as failed 2 times`)
    }
    assert.strictEqual(TestSync.status(run, "surveys")?.status, "completed")
  })

  it("an export not complete after maxPolls polls fails instead of polling forever", async () => {
    const mock = await start({ pollsToComplete: 50 })
    const run = await TestSync.run(QualtricsConnector.connector, {
      config: mock.config({ maxPolls: 4 }),
      store: store()
    })
    const status = TestSync.status(run, "responses")
    assert.strictEqual(status?.status, "failed")
    if (status?.status === "failed")
      assert.include(status.error.message, "was not complete after 4 polls (8%")
    // 4 polls an export (the runner may start the failed stream again)
    assert.strictEqual(mock.requests.filter((r) => /ES_/.test(r.path)).length % 4, 0)
  })

  it("polls wait on the runner's clock, doubling up to maxPollIntervalMillis", async () => {
    const mock = await start({ pollsToComplete: 5 })
    const started = Date.now()
    const run = await TestSync.run(QualtricsConnector.connector, {
      config: mock.config({
        surveyIds: [support],
        pollIntervalMillis: 60_000,
        maxPollIntervalMillis: 240_000
      }),
      store: store(),
      streams: ["responses"]
    })
    assert.strictEqual(TestSync.status(run, "responses")?.status, "completed")
    // 1 + 2 + 4 + 4 + 4 minutes on the TestClock, milliseconds in real time
    assert.isBelow(Date.now() - started, 10_000)
  })

  it("429 and 503 on progress polls and file downloads are retried; the export goes on", async () => {
    const mock = await start()
    mock.fail("progress", 429, 2)
    mock.fail("file", 503, 1)
    mock.fail("file", 429, 1)
    const run = await TestSync.run(QualtricsConnector.connector, { config: mock.config(), store: store() })
    assert.strictEqual(TestSync.status(run, "responses")?.status, "completed")
    assert.strictEqual(TestSync.keys(run, "responses").length, 55)
    assert.deepStrictEqual(
      mock.requests.filter((r) => r.status !== 200).map((r) => r.status),
      [429, 429, 503, 429]
    )
  })

  it("the per-minute limit answers 429 with Qualtrics' error body, classified rate-limited", async () => {
    const mock = await start({ requestsPerMinute: 1 })
    const response = await fetch(`${mock.url}/API/v3/whoami`, { headers: { "x-api-token": mock.apiToken } })
    assert.strictEqual(response.status, 200)
    const limited = await fetch(`${mock.url}/API/v3/whoami`, { headers: { "x-api-token": mock.apiToken } })
    const json = await limited.json()
    const error = QualtricsConnector.classify({
      method: "GET",
      path: "/API/v3/whoami",
      status: limited.status,
      headers: {},
      text: "",
      json,
      retryAfterMs: undefined,
      now: 0
    })
    assert.strictEqual(error?.reason, "rate-limited")
    assert.include(error?.message, "Too many requests")
  })

  it("an expired continuation token falls back to the survey's last recordedDate: nothing lost", async () => {
    const mock = await start()
    const config = mock.config()
    const s = store()
    await TestSync.run(QualtricsConnector.connector, { config, store: s })
    mock.expireTokens()
    const added = fresh(checkout, 2)
    mock.record(checkout, added)
    const second = await TestSync.run(QualtricsConnector.connector, { config, store: s })
    assert.strictEqual(TestSync.status(second, "responses")?.status, "completed")
    assert.deepStrictEqual(
      TestSync.keys(second, "responses"),
      added.map((r) => r.responseId)
    )
    const starts = exportStarts(mock)
    const refused = starts[2]
    const fallback = starts[3]
    assert.isString(refused?.continuationToken)
    const addedIds = new Set(added.map((r) => r.responseId))
    const newestBefore = oldestFirst(mock.responses(checkout).filter((r) => !addedIds.has(r.responseId))).at(
      -1
    )
    const newest = mock.responses(checkout).find((r) => r.responseId === newestBefore)
    assert.strictEqual(fallback?.startDate, newest?.recordedDate)
    assert.isTrue(second.logs.some((l) => l.includes("refused the continuation token")))
  })

  it("check fails with reason auth on a revoked token and config on an unknown survey", async () => {
    const mock = await start()
    const run = (config: QualtricsConnector.Config) =>
      Effect.runPromiseExit(
        Connector.check(QualtricsConnector.connector, config).pipe(Effect.provide(FetchHttpClient.layer))
      )
    const ok = await run(mock.config())
    assert.isTrue(Exit.isSuccess(ok))
    const revoked = await run({ ...mock.config(), apiToken: Redacted.make("revoked") })
    assert.isTrue(Exit.isFailure(revoked) && JSON.stringify(revoked).includes('"reason":"auth"'))
    const unknown = await run(mock.config({ surveyIds: ["SV_doesNotExist1"] }))
    assert.isTrue(Exit.isFailure(unknown) && JSON.stringify(unknown).includes('"reason":"config"'))
    assert.include(JSON.stringify(unknown), "Survey SV_doesNotExist1 not found")
  })

  it("OAuth client credentials: one token request per run, the bearer token on every request and download", async () => {
    let now = Date.now()
    const oauthClient = { clientId: "cid-42", clientSecret: "oauth-secret-9f1", tokenLifetimeSeconds: 3600 }
    const mock = await start({ oauthClient, now: () => now })
    const run = await TestSync.run(QualtricsConnector.connector, {
      config: mock.oauthConfig(),
      store: store()
    })
    assert.strictEqual(TestSync.status(run, "responses")?.status, "completed")
    assert.strictEqual(TestSync.keys(run, "responses").length, 55)
    const tokenRequests = mock.requests.filter((r) => r.path === "/oauth2/token")
    assert.strictEqual(tokenRequests.length, 1)
    assert.isTrue(mock.requests.every((r) => r.status === 200))
    assert.isFalse(JSON.stringify(run.events).includes(oauthClient.clientSecret))
    now += 2 * 3_600_000
    const refused = await fetch(`${mock.url}/API/v3/whoami`, {
      headers: { authorization: "Bearer oauth-unknown" }
    })
    assert.strictEqual(refused.status, 401)
  })

  it("OAuth: a refused client fails check with reason auth, without the secret; apiToken and a client together are a config error", async () => {
    const mock = await start({ oauthClient: { clientId: "cid-42", clientSecret: "right-secret" } })
    const check = (config: QualtricsConnector.Config) =>
      Effect.runPromiseExit(
        Connector.check(QualtricsConnector.connector, config).pipe(Effect.provide(FetchHttpClient.layer))
      )
    assert.isTrue(Exit.isSuccess(await check(mock.oauthConfig())))
    const wrong = await check(mock.oauthConfig({ clientSecret: Redacted.make("wrong-secret") }))
    const text = JSON.stringify(wrong)
    assert.isTrue(
      Exit.isFailure(wrong) && text.includes('"reason":"auth"') && text.includes("invalid_client")
    )
    assert.notInclude(text, "wrong-secret")
    const both = await check({ ...mock.oauthConfig(), apiToken: Redacted.make("t") })
    assert.include(JSON.stringify(both), "give either apiToken or both clientId and clientSecret")
  })

  it("a config without datacenter or baseUrl fails with reason config", async () => {
    const exit = await Effect.runPromiseExit(
      Connector.check(QualtricsConnector.connector, {
        apiToken: Redacted.make("t"),
        surveyIds: [checkout]
      }).pipe(Effect.provide(FetchHttpClient.layer))
    )
    assert.isTrue(Exit.isFailure(exit) && JSON.stringify(exit).includes("datacenter or baseUrl is required"))
  })
})

describe("QualtricsConnector.readExportFile and the zip reader", () => {
  const response = fc.record({
    responseId: fc.stringMatching(/^R_[A-Za-z0-9]{15}$/),
    values: fc.record({
      recordedDate: fc
        .date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
        .map((d) => d.toISOString()),
      QID1: fc.integer({ min: 0, max: 10 }),
      QID3_TEXT: fc.string({ unit: "grapheme" })
    })
  })

  it("round-trips any export written by the mock (deflated or stored)", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(response, { selector: (r) => r.responseId, maxLength: 30 }),
        fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }),
        fc.boolean(),
        (responses, name, store) => {
          const file = QualtricsMock.exportFile(name, responses, { store })
          const read = Effect.runSync(QualtricsConnector.readExportFile(file, "SV_1"))
          assert.deepStrictEqual(
            read,
            responses.map((r) => ({ surveyId: "SV_1", ...r, recordedDate: r.values.recordedDate }))
          )
        }
      ),
      { numRuns: 100 }
    )
  })

  it("reads every entry of an archive with their names and bytes", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            name: fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }),
            data: fc.uint8Array({ maxLength: 2000 })
          }),
          { selector: (e) => e.name, maxLength: 8 }
        ),
        fc.boolean(),
        (entries, store) => {
          const read = Zip.read(Zip.write(entries, { store }))
          assert.deepStrictEqual(
            read.map((e) => [e.name, [...e.data]]),
            entries.map((e) => [e.name, [...e.data]])
          )
        }
      ),
      { numRuns: 60 }
    )
  })

  it("refuses a corrupt, truncated or foreign file with reason source-bug naming the survey and the rule", () => {
    const file = QualtricsMock.exportFile(
      "s",
      [{ responseId: "R_1", values: { recordedDate: "2024-01-01T00:00:00.000Z" } }],
      {
        store: true
      }
    )
    const fail = (bytes: Uint8Array) => {
      const exit = Effect.runSyncExit(QualtricsConnector.readExportFile(bytes, "SV_1"))
      assert.isTrue(Exit.isFailure(exit))
      return JSON.stringify(exit)
    }
    const corrupt = Uint8Array.from(file)
    corrupt[40] = (corrupt[40] ?? 0) ^ 0xff
    assert.include(fail(corrupt), "fails its CRC-32 check")
    assert.include(fail(corrupt), '"reason":"source-bug"')
    assert.include(fail(corrupt), "The response export file of survey SV_1")
    assert.include(fail(file.subarray(0, file.length - 30)), "no end of central directory record")
    assert.include(fail(new TextEncoder().encode("<html>oops</html>")), "is neither a zip archive nor JSON")
    assert.include(fail(new TextEncoder().encode('{"result":{}}')), 'has no \\"responses\\" array')
    const twice = QualtricsMock.exportFile("s", [
      { responseId: "R_1", values: { recordedDate: "2024-01-01T00:00:00.000Z" } },
      { responseId: "R_1", values: { recordedDate: "2024-01-01T00:00:00.000Z" } }
    ])
    assert.include(fail(twice), "lists response R_1 twice")
    assert.include(
      fail(QualtricsMock.exportFile("s", [{ responseId: "R_2", values: {} }])),
      "without values.recordedDate"
    )
    const two = Zip.write([
      { name: "a.json", data: new Uint8Array() },
      { name: "b.json", data: new Uint8Array() }
    ])
    assert.include(fail(two), "a zip of 2 entries with 2 JSON files, expected one")
  })

  it("reads an uncompressed (JSON) export as well", () => {
    const json = new TextEncoder().encode(
      JSON.stringify({
        responses: [{ responseId: "R_1", values: { recordedDate: "2024-01-01T00:00:00.000Z", QID1: 3 } }]
      })
    )
    const [r] = Effect.runSync(QualtricsConnector.readExportFile(json, "SV_1"))
    assert.deepStrictEqual(r, {
      surveyId: "SV_1",
      responseId: "R_1",
      recordedDate: "2024-01-01T00:00:00.000Z",
      values: { recordedDate: "2024-01-01T00:00:00.000Z", QID1: 3 }
    })
  })
})
