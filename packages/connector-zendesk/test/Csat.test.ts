import { MockServer, TestSync } from "@cxkit/connectors/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { ZendeskConnector, ZendeskMapping } from "../src/index.ts"
import { ZendeskMock } from "../src/testing.ts"

const dataset = { ...ZendeskMock.fixtures(), ...ZendeskMock.csatFixtures() }
const responsesPath = "/api/v2/guide/survey_responses"

const withMock = (options: Parameters<typeof ZendeskMock.mock>[0] = {}) =>
  Effect.acquireRelease(
    Effect.promise(() => ZendeskMock.mock({ dataset, ...options })),
    (mock) => Effect.promise(() => mock.close())
  )

const configFor = (mock: ZendeskMock.Mock, extra: Record<string, unknown> = {}) =>
  Schema.decodeUnknownSync(ZendeskConnector.connectorWithCsat.config)({
    baseUrl: mock.url,
    email: mock.email,
    apiToken: mock.apiToken,
    pageSize: 3,
    ...extra
  })

const allIds = ZendeskMock.csatFixtures().csatResponses.map((r) => r.id)

describe("csat_responses on the Zendesk mock", () => {
  it.effect("pages by page[size] / page[after] sorted by id until meta.has_more is false", () =>
    Effect.gen(function* () {
      const mock = yield* withMock()
      const events = yield* TestSync.collect(ZendeskConnector.connectorWithCsat, {
        config: configFor(mock),
        streams: ["csat_responses"]
      })
      assert.strictEqual(TestSync.status(events, "csat_responses")?.status, "completed")
      assert.deepStrictEqual(TestSync.keys(events, "csat_responses"), allIds)
      const pages = mock.server.requests.filter((r) => r.path === responsesPath)
      assert.strictEqual(pages.length, 3)
      assert.deepStrictEqual(pages[0]?.query, { "page[size]": "3", sort: "id" })
      assert.isString(pages[1]?.query["page[after]"])
      // one definition request per survey version, not one per response
      const definitions = mock.server.requests.filter((r) =>
        r.path.startsWith("/api/v2/guide/en-us/surveys/")
      )
      assert.deepStrictEqual(definitions.map((r) => r.path).sort(), [
        "/api/v2/guide/en-us/surveys/01JQ6F1H5B9XSM626BT0M1R0W4/2",
        "/api/v2/guide/en-us/surveys/01JQ6F1H5B9XSM626BT0M1R0W4/3",
        "/api/v2/guide/en-us/surveys/01JR2M8Y0C4WQ9ZK3T6V5B7N1D/1"
      ])
    })
  )

  it.effect(
    "is a full refresh: a second run re-reads every response (edits included), startTime filters by creation",
    () =>
      Effect.gen(function* () {
        const mock = yield* withMock()
        const first = yield* TestSync.collect(ZendeskConnector.connectorWithCsat, {
          config: configFor(mock),
          streams: ["csat_responses"]
        })
        const second = yield* TestSync.collect(ZendeskConnector.connectorWithCsat, {
          config: configFor(mock),
          streams: ["csat_responses"]
        })
        assert.deepStrictEqual(
          TestSync.keys(second, "csat_responses"),
          TestSync.keys(first, "csat_responses")
        )
        const since = Math.floor(Date.parse("2025-03-28T00:00:00Z") / 1000)
        const recent = yield* TestSync.collect(ZendeskConnector.connectorWithCsat, {
          config: configFor(mock, { startTime: since }),
          streams: ["csat_responses"]
        })
        assert.deepStrictEqual(TestSync.keys(recent, "csat_responses"), allIds.slice(2))
        const request = mock.server.requests.filter((r) => r.path === responsesPath).at(-1)
        assert.strictEqual(request?.query["filter[created_at_start]"], String(since * 1000))
      })
  )

  it.effect(
    "fails with a typed config error on an account without the current CSAT (403), the other streams complete",
    () =>
      Effect.gen(function* () {
        const mock = yield* withMock({ csat: false })
        const events = yield* TestSync.collect(ZendeskConnector.connectorWithCsat, {
          config: configFor(mock),
          streams: ["organizations", "csat_responses", "satisfaction_ratings"]
        })
        const status = TestSync.status(events, "csat_responses")
        assert.strictEqual(status?.status, "failed")
        const error = (status as { error?: { reason: string; status?: number; message: string } }).error
        assert.strictEqual(error?.reason, "config")
        assert.strictEqual(error?.status, 403)
        assert.match(error?.message ?? "", /Support Professional/)
        assert.strictEqual(TestSync.status(events, "organizations")?.status, "completed")
        assert.strictEqual(TestSync.status(events, "satisfaction_ratings")?.status, "completed")
        assert.strictEqual(TestSync.keys(events, "satisfaction_ratings").length, 7)
      })
  )

  it.effect("retries a 5xx of the survey responses and completes", () =>
    Effect.gen(function* () {
      const mock = yield* withMock()
      mock.server.inject({ fault: MockServer.serverError(503), path: responsesPath, after: 1 })
      const events = yield* TestSync.collect(ZendeskConnector.connectorWithCsat, {
        config: configFor(mock),
        streams: ["csat_responses"]
      })
      assert.strictEqual(TestSync.status(events, "csat_responses")?.status, "completed")
      assert.deepStrictEqual([...new Set(TestSync.keys(events, "csat_responses"))], allIds)
    })
  )

  it.effect(
    "a response whose survey version Zendesk no longer has keeps a null definition and is rejected",
    () =>
      Effect.gen(function* () {
        const csat = ZendeskMock.csatFixtures()
        const mock = yield* withMock({
          dataset: {
            ...ZendeskMock.fixtures(),
            ...csat,
            csatSurveys: csat.csatSurveys.filter((s) => s.version !== 2)
          }
        })
        const events = yield* TestSync.collect(ZendeskConnector.connectorWithCsat, {
          config: configFor(mock),
          streams: ["csat_responses"]
        })
        const records = TestSync.records(
          events,
          "csat_responses"
        ) as ReadonlyArray<ZendeskConnector.CsatResponse>
        const first = records[0]
        assert.isNull(first?.survey_definition)
        const mapped = first !== undefined ? ZendeskMapping.csatResponseToFeedback(first) : undefined
        assert.deepStrictEqual(mapped, {
          _tag: "Rejected",
          rejected: {
            field: "csat_responses/01JR3A0000000000000000000A.survey",
            value: "01JQ6F1H5B9XSM626BT0M1R0W4/2",
            rule: "a survey definition Zendesk has (survey 01JQ6F1H5B9XSM626BT0M1R0W4 version 2 was not found)"
          }
        })
      })
  )
})

describe("ZendeskMapping.csatResponseToFeedback", () => {
  const surveys = ZendeskMock.csatFixtures().csatSurveys
  const withDefinition = ZendeskMock.csatFixtures().csatResponses.map((r) => ({
    ...r,
    survey_definition: surveys.find((s) => s.id === r.survey.id && s.version === r.survey.version) ?? null
  }))
  const mapped = withDefinition.map(ZendeskMapping.csatResponseToFeedback)

  it("reads each rating on its survey version's declared scale: 2-point numeric, 5-point emoji, 3-point custom text", () => {
    const rated = mapped.flatMap((m) => (m._tag === "Rated" ? [m.feedback] : []))
    assert.deepStrictEqual(
      rated.map(
        (f) => `${f.score} of ${f.question.metric === "csat" ? `${f.question.min}-${f.question.max}` : "?"}`
      ),
      ["1 of 1-2", "2 of 1-2", "5 of 1-5", "2 of 1-5", "3 of 1-3"]
    )
    assert.isTrue(rated.every((f) => f.channel === "support" && f.source === "zendesk"))
    assert.strictEqual(rated[0]?.customerId, "zendesk:user:20978392")
    assert.strictEqual(rated[0]?.touchpointId, "zendesk:ticket:35436:opened")
    assert.strictEqual(rated[0]?.id, "zendesk:csat_response:01JR3A0000000000000000000A")
  })

  it("takes the open-ended answer as the comment, the closed-ended selections as reasons, skipped answers as nothing", () => {
    const [bad, good, , neutral] = mapped
    assert.strictEqual(bad?._tag === "Rated" ? bad.feedback.comment : "", "Took three days")
    assert.deepStrictEqual(bad?._tag === "Rated" ? bad.reasons : [], ["The issue took too long to resolve"])
    assert.isUndefined(good?._tag === "Rated" ? good.feedback.comment : "x")
    assert.deepStrictEqual(neutral?._tag === "Rated" ? neutral.reasons : [], ["The issue was not resolved"])
    assert.deepStrictEqual(mapped[4], { _tag: "NotRated", responseId: "01JR3A0000000000000000000E" })
  })

  it("rejects a rating outside the question's declared options, naming field, value and rule", () => {
    assert.deepStrictEqual(mapped[5], {
      _tag: "Rejected",
      rejected: {
        field: "csat_responses/01JR3A0000000000000000000F.answers[0].rating",
        value: "7",
        rule: "one of the ratings 1, 2, 3, 4, 5 declared by question 01GFYBENPDGN1R6NAA4WRDNVFR of survey 01JQ6F1H5B9XSM626BT0M1R0W4 version 3"
      }
    })
  })

  it("toCore turns responses into feedback and rejected records", () => {
    const entities = withDefinition.flatMap((record) =>
      ZendeskMapping.toCore({
        _tag: "Record",
        stream: "csat_responses",
        key: record.id,
        unknownFields: undefined,
        record
      })
    )
    assert.deepStrictEqual(
      entities.map((e) => e._tag),
      ["Feedback", "Feedback", "Feedback", "Feedback", "Rejected", "Feedback"]
    )
  })
})
