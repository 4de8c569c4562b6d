import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import fc from "fast-check"
import { QualtricsConnector, QualtricsMapping } from "../src/index.ts"
import { QualtricsMock } from "../src/testing.ts"

const [checkout, support] = QualtricsMock.surveys() as [
  QualtricsConnector.SurveyDefinition,
  QualtricsConnector.SurveyDefinition
]
const configured: QualtricsMapping.Options = {
  questions: {
    [checkout.SurveyID]: {
      QID2: { metric: "csat", min: 1, max: 5 },
      QID4_1: { metric: "ces", scale: "agreement-7" }
    }
  }
}
const response = (
  values: Record<string, unknown>,
  surveyId = checkout.SurveyID
): QualtricsConnector.Response => ({
  surveyId,
  responseId: "R_test",
  recordedDate: "2024-05-01T10:00:00.000Z",
  values: { recordedDate: "2024-05-01T10:00:00.000Z", ...values }
})

describe("QualtricsMapping.feedbackFields", () => {
  it("the NPS question type is NPS; matrix and slider questions are unmapped until configured", () => {
    const plain = QualtricsMapping.feedbackFields(checkout)
    assert.deepStrictEqual(plain.fields, [
      {
        key: "QID1",
        qid: "QID1",
        question: { metric: "nps", text: "How likely are you to recommend Acme to a friend or colleague?" }
      }
    ])
    assert.deepStrictEqual(plain.unmapped, [
      { qid: "QID2", questionType: "Matrix", selector: "Likert", reason: "not-configured" },
      { qid: "QID3", questionType: "TE", selector: "ML", reason: "not-a-rating" },
      { qid: "QID4", questionType: "Slider", selector: "HSLIDER", reason: "not-configured" },
      { qid: "QID5", questionType: "MC", selector: "SAVR", reason: "not-a-rating" }
    ])
  })

  it("configured by QID (every row) or export key (one row), with the row's text", () => {
    const plan = QualtricsMapping.feedbackFields(checkout, configured)
    assert.deepStrictEqual(
      plan.fields.map((f) => [f.key, f.question]),
      [
        ["QID1", { metric: "nps", text: "How likely are you to recommend Acme to a friend or colleague?" }],
        ["QID2_1", { metric: "csat", min: 1, max: 5, text: "How satisfied were you with… – Delivery" }],
        [
          "QID2_2",
          { metric: "csat", min: 1, max: 5, text: "How satisfied were you with… – Customer support" }
        ],
        [
          "QID4_1",
          {
            metric: "ces",
            scale: "agreement-7",
            text: "Acme made it easy to complete my purchase. – Agreement"
          }
        ]
      ]
    )
    assert.deepStrictEqual(
      plan.unmapped.map((u) => u.qid),
      ["QID3", "QID5"]
    )
  })

  it("configuration applies to its survey only", () => {
    const plan = QualtricsMapping.feedbackFields(support, configured)
    assert.deepStrictEqual(
      plan.fields.map((f) => f.key),
      ["QID1"]
    )
  })

  it("refuses a configured question that is no feedback question, naming it", () => {
    assert.throws(
      () =>
        QualtricsMapping.feedbackFields(checkout, {
          questions: { [checkout.SurveyID]: { QID2: { metric: "csat", min: 5, max: 1 } } }
        }),
      /options\.questions\.SV_3KgZ1fWmTqNpLx2\.QID2_1: .* is not a feedback question/
    )
  })
})

describe("QualtricsMapping.mapResponse", () => {
  it("maps NPS, configured CSAT rows and the CES slider; keeps the rest as attributes and reports it", () => {
    const mapped = QualtricsMapping.mapResponse(
      response({
        recipientEmail: "Ada@Example.com",
        distributionChannel: "email",
        finished: 1,
        QID1: 9,
        QID1_NPS_GROUP: 3,
        QID2_1: 4,
        QID2_2: 2,
        QID3_TEXT: "Fast delivery",
        QID4_1: 6,
        QID5: 2
      }),
      checkout,
      configured
    )
    assert.deepStrictEqual(
      mapped.feedback.map((f) => [f.id, f.question.metric, f.score]),
      [
        ["qualtrics:R_test:QID1", "nps", 9],
        ["qualtrics:R_test:QID2_1", "csat", 4],
        ["qualtrics:R_test:QID2_2", "csat", 2],
        ["qualtrics:R_test:QID4_1", "ces", 6]
      ]
    )
    assert.deepStrictEqual(mapped.errors, [])
    assert.deepStrictEqual(mapped.unmapped, ["QID3", "QID5"])
    assert.deepStrictEqual(mapped.touchpoint.attributes, {
      surveyId: checkout.SurveyID,
      surveyName: "Checkout experience",
      distributionChannel: "email",
      finished: 1,
      QID3_TEXT: "Fast delivery",
      QID5: 2
    })
    assert.strictEqual(mapped.touchpoint.text, "Fast delivery")
    assert.strictEqual(mapped.touchpoint.customerId, "email:ada@example.com")
    assert.strictEqual(mapped.touchpoint.channel, "survey")
    assert.strictEqual(mapped.touchpoint.feedback?.score, 9)
    assert.isTrue(mapped.feedback.every((f) => f.touchpointId === "qualtrics:response:R_test"))
  })

  it("without configuration the matrix and slider answers stay attributes", () => {
    const mapped = QualtricsMapping.mapResponse(response({ QID1: 3, QID2_1: 4, QID4_1: 6 }), checkout)
    assert.deepStrictEqual(
      mapped.feedback.map((f) => f.question.metric),
      ["nps"]
    )
    assert.deepStrictEqual(mapped.unmapped, ["QID2", "QID4"])
    assert.strictEqual(mapped.touchpoint.attributes?.QID2_1, 4)
  })

  it("an answer outside its scale is an error naming the response, question and rule; never clamped", () => {
    for (const value of [11, -1, 9.5, "9", true]) {
      const mapped = QualtricsMapping.mapResponse(response({ QID1: value }), checkout)
      assert.deepStrictEqual(mapped.feedback, [])
      const [error] = mapped.errors
      assert.strictEqual(error?._tag, "QualtricsMappingError")
      assert.strictEqual(error?.responseId, "R_test")
      assert.strictEqual(error?.field, "values.QID1")
      assert.strictEqual(error?.value, value)
      assert.strictEqual(error?.rule, "an integer from 0 to 10 (nps, QID1)")
    }
    const slider = QualtricsMapping.mapResponse(response({ QID4_1: 8 }), checkout, configured)
    assert.strictEqual(
      slider.errors[0]?.message,
      "response R_test of survey SV_3KgZ1fWmTqNpLx2: values.QID4_1: 8 is not an integer from 1 to 7 (ces, QID4_1)"
    )
    assert.throws(
      () => QualtricsMapping.feedbackOf(response({ QID1: 12 }), checkout),
      "values.QID1: 12 is not an integer from 0 to 10"
    )
  })

  it("property: every NPS answer 0–10 is its own score; every other number is refused", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -100, max: 100 }), fc.double({ noNaN: true })), (value) => {
        const mapped = QualtricsMapping.mapResponse(response({ QID1: value }), support)
        const valid = Number.isInteger(value) && value >= 0 && value <= 10
        assert.strictEqual(mapped.feedback.length, valid ? 1 : 0)
        assert.strictEqual(mapped.errors.length, valid ? 0 : 1)
        if (valid) assert.strictEqual(mapped.feedback[0]?.score, value)
      })
    )
  })

  it("property: configured scales accept exactly their integers", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: -20, max: 30 }),
        (min, span, value) => {
          const options: QualtricsMapping.Options = {
            questions: { [checkout.SurveyID]: { QID2_1: { metric: "csat", min, max: min + span } } }
          }
          const mapped = QualtricsMapping.mapResponse(response({ QID2_1: value }), checkout, options)
          const valid = value >= min && value <= min + span
          assert.deepStrictEqual(
            mapped.feedback.map((f) => f.score),
            valid ? [value] : []
          )
          assert.strictEqual(
            mapped.errors[0]?.rule,
            valid ? undefined : `an integer from ${min} to ${min + span} (csat, QID2_1)`
          )
        }
      )
    )
  })

  it("unanswered questions are no feedback and no error", () => {
    const mapped = QualtricsMapping.mapResponse(response({ QID1: "", QID2_1: null }), checkout, configured)
    assert.deepStrictEqual(mapped.feedback, [])
    assert.deepStrictEqual(mapped.errors, [])
    assert.deepStrictEqual(mapped.unmapped, [])
  })
})

describe("QualtricsMapping.optionsOf", () => {
  it("the connector config carries the question metrics and customer fields the mapping uses", () => {
    const config = Schema.decodeUnknownSync(QualtricsConnector.Config)({
      apiToken: "t",
      datacenter: "iad1",
      surveyIds: [checkout.SurveyID],
      questions: { [checkout.SurveyID]: { QID4: { metric: "ces", scale: "agreement-7" } } },
      customer: [{ field: "CustomerID", kind: "crm-id" }]
    })
    const mapped = QualtricsMapping.mapResponse(
      response({ QID4_1: 5, CustomerID: "C-7" }),
      checkout,
      QualtricsMapping.optionsOf(config)
    )
    assert.deepStrictEqual(
      mapped.feedback.map((f) => [f.question.metric, f.score]),
      [["ces", 5]]
    )
    assert.strictEqual(mapped.touchpoint.customerId, "crm-id:qualtrics:C-7")
  })

  it("a config with a question that is no feedback question is refused, naming the field", () => {
    assert.throws(
      () =>
        Schema.decodeUnknownSync(QualtricsConnector.Config)({
          apiToken: "t",
          datacenter: "iad1",
          surveyIds: [checkout.SurveyID],
          questions: { [checkout.SurveyID]: { QID2: { metric: "csat", min: 5, max: 1 } } }
        }),
      /Expected max greater than min \(5\), got 1[\s\S]*questions/
    )
  })
})

describe("QualtricsMapping.identitiesOf", () => {
  it("recipientEmail by default, configured embedded data fields in order, else an anonymous id", () => {
    assert.strictEqual(
      QualtricsMapping.identitiesOf({ responseId: "R_1", values: { recipientEmail: "a@b.co" } }).customerId,
      "email:a@b.co"
    )
    const both = QualtricsMapping.identitiesOf(
      { responseId: "R_1", values: { recipientEmail: "a@b.co", CustomerID: "C-1" } },
      {
        customer: [
          { field: "CustomerID", kind: "crm-id" },
          { field: "recipientEmail", kind: "email" }
        ]
      }
    )
    assert.deepStrictEqual(
      both.identities.map((i) => [i.kind, i.value]),
      [
        ["crm-id", "C-1"],
        ["email", "a@b.co"]
      ]
    )
    assert.strictEqual(both.customerId, "crm-id:qualtrics:C-1")
    const anonymous = QualtricsMapping.identitiesOf({ responseId: "R_9", values: {} })
    assert.deepStrictEqual(
      anonymous.identities.map((i) => [i.kind, i.value]),
      [["anonymous-id", "R_9"]]
    )
    const invalid = QualtricsMapping.identitiesOf({
      responseId: "R_2",
      values: { recipientEmail: "not-an-email" }
    })
    assert.deepStrictEqual(invalid.rejected, [
      { field: "values.recipientEmail", value: "not-an-email", rule: "an email address (local@domain.tld)" }
    ])
  })
})

describe("QualtricsMapping.makeToCore", () => {
  it("learns definitions from the surveys stream; a response of an unknown survey is rejected", () => {
    const toCore = QualtricsMapping.makeToCore(configured)
    const record = response({ QID1: 10, QID2_1: 5 })
    const before = toCore({
      _tag: "Record",
      stream: "responses",
      key: "R_test",
      unknownFields: undefined,
      record
    })
    assert.deepStrictEqual(
      before.map((e) => e._tag),
      ["Rejected"]
    )
    toCore({
      _tag: "Record",
      stream: "surveys",
      key: checkout.SurveyID,
      unknownFields: undefined,
      record: checkout
    })
    const after = toCore({
      _tag: "Record",
      stream: "responses",
      key: "R_test",
      unknownFields: undefined,
      record
    })
    assert.deepStrictEqual(
      after.map((e) => e._tag),
      ["Touchpoint", "Identity", "Feedback", "Feedback"]
    )
    const invalid = toCore({
      _tag: "Record",
      stream: "responses",
      key: "R_test",
      unknownFields: undefined,
      record: response({ QID1: 42 })
    })
    assert.deepInclude(invalid[invalid.length - 1], {
      _tag: "Rejected",
      field: "responses/R_test.values.QID1",
      value: 42,
      rule: "an integer from 0 to 10 (nps, QID1)"
    })
  })

  it("every fixture response maps without errors, its NPS score being its QID1 answer", () => {
    for (const survey of [checkout, support]) {
      for (const fixture of QualtricsMock.fixtures(survey.SurveyID)) {
        const mapped = QualtricsMapping.mapResponse(
          { surveyId: survey.SurveyID, ...fixture, values: { ...fixture.values } },
          survey,
          configured
        )
        assert.deepStrictEqual(mapped.errors, [])
        assert.strictEqual(mapped.feedback[0]?.score, fixture.values.QID1)
      }
    }
  })
})
