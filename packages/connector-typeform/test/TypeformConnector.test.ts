import { StateStore } from "@cxkit/connectors"
import { TestSync } from "@cxkit/connectors/testing"
import { afterEach, assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { TypeformConnector } from "../src/index.ts"
import { TypeformMock } from "../src/testing.ts"

const mocks: Array<TypeformMock.TypeformMock> = []
// TestSync runs the connector on an accelerated TestClock while the mock's per-second window is
// the wall clock: the limit is lifted here and checked in TypeformMock.test.ts.
const start = async (options: TypeformMock.Options = {}) => {
  const mock = await TypeformMock.start({ requestsPerSecond: 10_000, ...options })
  mocks.push(mock)
  return mock
}
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((m) => m.close()))
})

const store = () => Effect.runSync(StateStore.makeMemory)
const { survey, support } = TypeformMock.formIds
const now = Date.parse("2024-05-20T12:00:00Z")
const oldestFirst = (responses: ReadonlyArray<TypeformConnector.Response>) =>
  [...responses]
    .filter((r) => r.response_type === "completed")
    .sort((a, b) => Date.parse(a.submitted_at) - Date.parse(b.submitted_at))
    .map((r) => r.response_id)
const responsesRequests = (mock: TypeformMock.TypeformMock, formId: string) =>
  mock.requests.filter((r) => r.path === `/forms/${formId}/responses`)
const later = (n: number, at: number) => TypeformMock.surveyResponse(900 + n, at)

describe("TypeformConnector on the Typeform mock", () => {
  it("reads the definitions and the completed responses of every form, oldest first, by keyset", async () => {
    const mock = await start({ data: TypeformMock.fixtures({ now, partial: 3 }) })
    const run = await TestSync.run(TypeformConnector.connector, {
      config: mock.config({ pageSize: 10 }),
      store: store()
    })
    assert.deepStrictEqual(TestSync.keys(run, "forms"), [survey, support])
    const keys = TestSync.keys(run, "responses")
    assert.deepStrictEqual(keys, [
      ...oldestFirst(mock.responses(survey)),
      ...oldestFirst(mock.responses(support))
    ])
    assert.strictEqual(keys.length, 42) // the 3 partial responses are not completed
    const records = TestSync.records<TypeformConnector.Response>(run, "responses")
    assert.isTrue(records.every((r) => r.form_id === survey || r.form_id === support))
    const asked = responsesRequests(mock, survey)
    assert.deepStrictEqual(asked[0]?.query, {
      page_size: "10",
      sort: "submitted_at,asc",
      response_type: "completed"
    })
    // each further page starts at the last second delivered, without the responses delivered in it
    const third = records[19] as TypeformConnector.Response
    assert.deepStrictEqual(asked[2]?.query, {
      page_size: "10",
      sort: "submitted_at,asc",
      response_type: "completed",
      since: third.submitted_at.slice(0, 19),
      excluded_response_ids: third.response_id
    })
    assert.strictEqual(asked.length, 3)
    assert.isTrue(mock.requests.every((r) => r.status === 200))
  })

  it("the next run asks each form from its own position and delivers exactly the new responses", async () => {
    const mock = await start({ data: TypeformMock.fixtures({ now }) })
    const config = mock.config()
    const s = store()
    await TestSync.run(TypeformConnector.connector, { config, store: s })
    const fresh = [later(1, now + 60_000), later(2, now + 120_000)]
    mock.submit(fresh)
    const before = mock.requests.length
    const second = await TestSync.run(TypeformConnector.connector, { config, store: s })
    assert.deepStrictEqual(
      TestSync.keys(second, "responses"),
      fresh.map((r) => r.response_id)
    )
    const asked = mock.requests.slice(before).filter((r) => r.path.endsWith("/responses"))
    const lastSurvey = mock
      .responses(survey)
      .filter((r) => !fresh.includes(r))
      .at(-3) as TypeformConnector.Response
    const surveyAsk = asked.find((r) => r.path === `/forms/${survey}/responses`)
    const supportAsk = asked.find((r) => r.path === `/forms/${support}/responses`)
    assert.strictEqual(surveyAsk?.query.since, lastSurvey.submitted_at.slice(0, 19))
    assert.strictEqual(surveyAsk?.query.excluded_response_ids, lastSurvey.response_id)
    const lastSupport = mock.responses(support).at(-1) as TypeformConnector.Response
    assert.strictEqual(supportAsk?.query.excluded_response_ids, lastSupport.response_id)
    const third = await TestSync.run(TypeformConnector.connector, { config, store: s })
    assert.deepStrictEqual(TestSync.keys(third, "responses"), [])
  })

  it("a form added to the config later is read from its first response", async () => {
    const mock = await start({ data: TypeformMock.fixtures({ now }) })
    const s = store()
    await TestSync.run(TypeformConnector.connector, { config: mock.config({ formIds: [survey] }), store: s })
    const second = await TestSync.run(TypeformConnector.connector, { config: mock.config(), store: s })
    assert.deepStrictEqual(TestSync.keys(second, "responses"), oldestFirst(mock.responses(support)))
  })

  it("responses submitted or deleted while the sync pages are neither skipped nor lost", async () => {
    const mock = await start({ data: TypeformMock.fixtures({ now, support: 0 }) })
    const before = oldestFirst(mock.responses(survey))
    const fresh: Array<TypeformConnector.Response> = []
    mock.beforeRequest((request) => {
      if (request.served === 0 || request.served > 2) return
      // between pages: a delivered response is deleted and a new one is submitted
      mock.remove(survey, [before[request.served] as string])
      const response = later(request.served, now + request.served * 1000)
      fresh.push(response)
      mock.submit([response])
    })
    const s = store()
    const first = await TestSync.run(TypeformConnector.connector, {
      config: mock.config({ pageSize: 10 }),
      store: s
    })
    mock.beforeRequest(undefined)
    const second = await TestSync.run(TypeformConnector.connector, {
      config: mock.config({ pageSize: 10 }),
      store: s
    })
    const delivered = [...TestSync.keys(first, "responses"), ...TestSync.keys(second, "responses")]
    assert.deepStrictEqual(delivered, [...before, ...fresh.map((r) => r.response_id)])
    assert.strictEqual(new Set(delivered).size, delivered.length)
  })

  it("responses sharing one second across page boundaries are stepped over by excluded_response_ids", async () => {
    const at = now - 3_600_000
    const tied = Array.from({ length: 25 }, (_, n) => TypeformMock.surveyResponse(n, at))
    const mock = await start({
      data: { forms: TypeformMock.fixtures().forms, responses: { [survey]: tied } }
    })
    const run = await TestSync.run(TypeformConnector.connector, {
      config: mock.config({ formIds: [survey], pageSize: 10 }),
      store: store()
    })
    const keys = TestSync.keys(run, "responses")
    assert.strictEqual(keys.length, 25)
    assert.strictEqual(new Set(keys).size, 25)
    const asked = responsesRequests(mock, survey)
    assert.deepStrictEqual(
      asked.map((r) => (r.query.excluded_response_ids ?? "").split(",").filter((s) => s !== "").length),
      [0, 10, 20]
    )
  })

  it("more tied responses than excluded_response_ids can carry fail the stream instead of skipping any", async () => {
    const at = now - 3_600_000
    const tied = Array.from({ length: 305 }, (_, n) => TypeformMock.surveyResponse(n, at))
    const mock = await start({
      data: { forms: TypeformMock.fixtures().forms, responses: { [survey]: tied } }
    })
    const run = await TestSync.run(TypeformConnector.connector, {
      config: mock.config({ formIds: [survey], pageSize: 100 }),
      store: store()
    })
    const status = TestSync.status(run, "responses")
    assert.strictEqual(status?.status === "failed" ? status.error.reason : undefined, "source-bug")
    assert.include(status?.status === "failed" ? status.error.message : "", "more than 200 responses")
    assert.strictEqual(TestSync.keys(run, "responses").length, 300)
  })

  it("retries Typeform's 429 and 5xx answers", async () => {
    const mock = await start({ data: TypeformMock.fixtures({ now, support: 0 }) })
    mock.fail(429, 2)
    mock.fail(503)
    const run = await TestSync.run(TypeformConnector.connector, {
      config: mock.config({ formIds: [survey], pageSize: 20 }),
      store: store()
    })
    assert.strictEqual(TestSync.keys(run, "responses").length, 30)
    assert.deepStrictEqual(
      responsesRequests(mock, survey).map((r) => r.status),
      [429, 429, 503, 200, 200]
    )
  })

  it("classifies Typeform's error object: auth for a refused token, config for an unknown form", async () => {
    const mock = await start()
    const refused = await TestSync.run(TypeformConnector.connector, {
      config: { ...mock.config(), token: Redacted.make("tfp_not_this_one") },
      store: store()
    })
    const auth = TestSync.status(refused, "responses")
    assert.strictEqual(auth?.status === "failed" ? auth.error.reason : undefined, "auth")
    assert.include(auth?.status === "failed" ? auth.error.message : "", "INVALID_AUTHORIZATION")
    assert.notInclude(JSON.stringify(refused.events), mock.token)
    const missing = await TestSync.run(TypeformConnector.connector, {
      config: mock.config({ formIds: ["nope42"] }),
      store: store()
    })
    const config = TestSync.status(missing, "responses")
    assert.strictEqual(config?.status === "failed" ? config.error.reason : undefined, "config")
    assert.include(
      config?.status === "failed" ? config.error.message : "",
      "FORM_NOT_FOUND: Non existing form with uid nope42"
    )
  })

  it("partial responses come only when configured, in their own stream, read whole on every run", async () => {
    const mock = await start({ data: TypeformMock.fixtures({ now, partial: 3, support: 0 }) })
    const plain = await TestSync.run(TypeformConnector.connector, { config: mock.config(), store: store() })
    assert.isUndefined(TestSync.status(plain, "partial_responses"))
    const config = { ...mock.config({ formIds: [survey] }), partialResponses: ["partial" as const] }
    const s = store()
    const first = await TestSync.run(TypeformConnector.connector, { config, store: s })
    const partial = mock.responses(survey).filter((r) => r.response_type === "partial")
    assert.deepStrictEqual(
      TestSync.keys(first, "partial_responses"),
      partial.map((r) => r.response_id)
    )
    assert.strictEqual(TestSync.keys(first, "responses").length, 30)
    const asked = responsesRequests(mock, survey).find((r) => r.query.response_type === "partial")
    assert.deepStrictEqual(asked?.query, {
      page_size: "1000",
      sort: "landed_at,asc",
      response_type: "partial"
    })
    const second = await TestSync.run(TypeformConnector.connector, { config, store: s })
    assert.strictEqual(TestSync.keys(second, "partial_responses").length, 3)
    assert.deepStrictEqual(TestSync.keys(second, "responses"), [])
  })

  it("startDate bounds the first run of each form with since", async () => {
    const mock = await start({ data: TypeformMock.fixtures({ now, support: 0 }) })
    const from = mock.responses(survey)[20] as TypeformConnector.Response
    const run = await TestSync.run(TypeformConnector.connector, {
      config: { ...mock.config({ formIds: [survey] }), startDate: from.submitted_at },
      store: store()
    })
    assert.deepStrictEqual(TestSync.keys(run, "responses"), oldestFirst(mock.responses(survey)).slice(20))
    assert.strictEqual(responsesRequests(mock, survey)[0]?.query.since, from.submitted_at.slice(0, 19))
  })

  it("settleSeconds leaves responses younger than it for the next run (until)", async () => {
    const mock = await start({ data: TypeformMock.fixtures({ support: 0 }) })
    const run = await TestSync.run(TypeformConnector.connector, {
      config: { ...mock.config({ formIds: [survey] }), settleSeconds: 2 * 3600 },
      store: store()
    })
    const all = oldestFirst(mock.responses(survey))
    assert.deepStrictEqual(TestSync.keys(run, "responses"), all.slice(0, -1))
    assert.isDefined(responsesRequests(mock, survey)[0]?.query.until)
  })

  it("the keyset helpers: toSecond keeps since inclusive, advance collects the ids of the last second", () => {
    assert.strictEqual(TypeformConnector.toSecond("2024-05-20T12:00:00.999Z"), "2024-05-20T12:00:00")
    const p = TypeformConnector.advance(undefined, [
      { response_id: "a", submitted_at: "2024-05-20T12:00:00Z" },
      { response_id: "b", submitted_at: "2024-05-20T12:00:01Z" },
      { response_id: "c", submitted_at: "2024-05-20T12:00:01Z" }
    ])
    assert.deepStrictEqual(p, { since: "2024-05-20T12:00:01", exclude: ["b", "c"] })
    assert.deepStrictEqual(TypeformConnector.advance(p, []), p)
  })
})
