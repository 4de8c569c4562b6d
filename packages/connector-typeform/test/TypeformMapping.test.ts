import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import type { TypeformConnector } from "../src/index.ts"
import { TypeformMapping } from "../src/index.ts"
import { TypeformMock } from "../src/testing.ts"

const data = TypeformMock.fixtures({ now: Date.parse("2024-05-20T12:00:00Z") })
const { survey } = TypeformMock.formIds
const responses = data.responses[survey] ?? []
const first = responses[0] as TypeformConnector.Response
const config: TypeformMapping.MappingConfig = { csat: ["satisfaction"], ces: { effort: "agreement-7" } }

const withAnswers = (
  answers: ReadonlyArray<TypeformConnector.Answer>,
  base: TypeformConnector.Response = first
): TypeformConnector.Response => ({ ...base, answers })

const number = (id: string, type: string, ref: string, value: number): TypeformConnector.Answer => ({
  field: { id, type, ref },
  type: "number",
  number: value
})

describe("TypeformMapping", () => {
  it("maps NPS always, CSAT and CES as configured on their declared scales, keeps the rest as attributes", () => {
    const mapped = TypeformMapping.mapResponse(first, { forms: data.forms, config })
    assert.deepStrictEqual(
      mapped.feedback.map((f) => [f.question, f.score]),
      [
        [{ metric: "nps", text: "How likely are you to recommend Acme to a friend or colleague?" }, 3],
        [{ metric: "csat", min: 1, max: 5, text: "How satisfied are you with your last order?" }, 1],
        [{ metric: "ces", scale: "agreement-7", text: "Acme made it easy for me to handle my issue." }, 1]
      ]
    )
    const { touchpoint } = mapped
    assert.strictEqual(touchpoint.id, `typeform:response:${survey}:${first.response_id}`)
    assert.strictEqual(touchpoint.kind, "survey-response")
    assert.strictEqual(touchpoint.channel, "survey")
    assert.strictEqual(touchpoint.customerId, "email:ada0@example.com")
    assert.strictEqual(touchpoint.text, "Delivery was quick and support was helpful.")
    assert.isUndefined(touchpoint.feedback)
    assert.isTrue(
      mapped.feedback.every((f) => f.touchpointId === touchpoint.id && f.comment === touchpoint.text)
    )
    assert.deepStrictEqual(touchpoint.attributes, {
      form_id: survey,
      response_id: first.response_id,
      "hidden.email": "ada0@example.com",
      "hidden.customer_id": "cus_1000",
      "answer.support_speed": 0,
      "answer.contact_channel": "Email",
      "answer.comment": "Delivery was quick and support was helpful."
    })
    assert.deepStrictEqual(mapped.unmapped, [
      {
        field: "support_speed",
        type: "opinion_scale",
        reason: "not named csat, ces or nps in the mapping config (never guessed)"
      }
    ])
    assert.deepStrictEqual(
      mapped.identities.map((i) => `${i.kind}:${i.value}`),
      ["email:ada0@example.com"]
    )
    assert.deepStrictEqual(mapped.rejected, [])
  })

  it("without a config only NPS is feedback: ratings and opinion scales are never guessed", () => {
    const mapped = TypeformMapping.mapResponse(first, { forms: data.forms })
    assert.deepStrictEqual(
      mapped.feedback.map((f) => f.question.metric),
      ["nps"]
    )
    assert.deepStrictEqual(
      mapped.unmapped.map((u) => u.field),
      ["satisfaction", "effort", "support_speed"]
    )
    assert.strictEqual(mapped.touchpoint.feedback?.question.metric, "nps")
  })

  it("a field named csat without a form definition stays unmapped: its scale is unknown", () => {
    const mapped = TypeformMapping.mapResponse(first, { config })
    assert.deepStrictEqual(
      mapped.unmapped.find((u) => u.field === "satisfaction")?.reason,
      "named csat, but no form definition declares its scale"
    )
  })

  it("links respondents through the configured hidden fields; an invalid one is rejected, not dropped", () => {
    const byCustomer = TypeformMapping.mapResponse(first, {
      forms: data.forms,
      config: { identities: [{ hidden: "customer_id", kind: "crm-id" }] }
    })
    assert.strictEqual(byCustomer.touchpoint.customerId, "crm-id:typeform:cus_1000")
    const bad = responses[5] as TypeformConnector.Response
    const mapped = TypeformMapping.mapResponse(bad, { forms: data.forms })
    assert.deepStrictEqual(
      mapped.rejected.map((e) => [e.field, e.value, e.rule]),
      [["hidden.email", "not-an-email", "an email address (local@domain.tld)"]]
    )
    assert.strictEqual(mapped.touchpoint.customerId, `anonymous-id:typeform:${survey}:${bad.response_id}`)
  })

  it("a value outside the declared scale is a typed error naming the response, field and rule, never clamped", () => {
    const response = withAnswers([
      number("rat5Hs2kW9pZ", "rating", "satisfaction", 6),
      number("opn7Fj3mQ2vT", "opinion_scale", "effort", 2.5),
      number("nps0Ld7eR1xQ", "nps", "recommend", -1)
    ])
    const mapped = TypeformMapping.mapResponse(response, { forms: data.forms, config })
    assert.deepStrictEqual(mapped.feedback, [])
    assert.deepStrictEqual(
      mapped.rejected.map((e) => e.message),
      [
        `response ${first.response_id} of form ${survey}, answers.satisfaction: 6 is not an integer from 1 to 5 (rating satisfaction: steps 5)`,
        `response ${first.response_id} of form ${survey}, answers.effort: 2.5 is not an integer from 1 to 7 (opinion_scale effort: steps 7, start_at_one true)`,
        `response ${first.response_id} of form ${survey}, answers.recommend: -1 is not an integer from 0 to 10 (nps recommend: always 0–10)`
      ]
    )
    assert.isTrue(mapped.rejected.every((e) => e._tag === "TypeformMappingError"))
    assert.strictEqual(mapped.touchpoint.attributes?.["answer.satisfaction"], 6)
  })

  it("a config the declared scale contradicts is rejected; a 0–10 opinion scale may be named NPS", () => {
    const mapped = TypeformMapping.mapResponse(first, {
      forms: data.forms,
      config: { ces: { satisfaction: "agreement-7" }, nps: ["support_speed", "effort"] }
    })
    assert.deepStrictEqual(
      mapped.rejected.map((e) => [e.field, e.value, e.rule]),
      [
        [
          "answers.satisfaction",
          { steps: 5, start_at_one: true },
          "the agreement-7 CES scale (1–7: steps 7) for rating satisfaction named ces"
        ],
        [
          "answers.effort",
          { steps: 7, start_at_one: true },
          "an NPS scale (0–10: steps 11, start_at_one false) for opinion_scale effort named nps"
        ]
      ]
    )
    assert.deepStrictEqual(
      mapped.feedback.map((f) => `${f.id.split(":").at(-1)}=${f.question.metric}`),
      ["recommend=nps", "support_speed=nps"]
    )
  })

  it("a partial response is a partial-response touchpoint at landed_at, under the ids of its completed form", () => {
    const partial = TypeformMock.fixtures({ survey: 0, support: 0, partial: 1 }).responses[
      survey
    ]?.[0] as TypeformConnector.Response
    const { touchpoint, feedback } = TypeformMapping.mapResponse(
      { ...partial, submitted_at: "2024-05-21T00:00:00Z" },
      { forms: data.forms }
    )
    assert.strictEqual(touchpoint.kind, "survey-partial-response")
    assert.strictEqual(touchpoint.timestamp.epochMilliseconds, Date.parse(partial.landed_at))
    assert.strictEqual(touchpoint.attributes?.response_type, "partial")
    assert.strictEqual(touchpoint.id, `typeform:response:${survey}:${partial.response_id}`)
    assert.deepStrictEqual(
      feedback.map((f) => f.score),
      [2]
    )
  })

  it("make: scales come from the forms records of the same sync; responses become core entities", () => {
    const toCore = TypeformMapping.make({ config })
    const form = data.forms[0] as TypeformConnector.FormDefinition
    assert.deepStrictEqual(
      toCore({ _tag: "Record", stream: "forms", key: form.id, unknownFields: undefined, record: form }),
      []
    )
    const entities = toCore({
      _tag: "Record",
      stream: "responses",
      key: first.response_id,
      unknownFields: undefined,
      record: first
    })
    assert.deepStrictEqual(
      entities.map((e) => e._tag),
      ["Touchpoint", "Identity", "Feedback", "Feedback", "Feedback"]
    )
    const bad = responses[5] as TypeformConnector.Response
    const rejected = toCore({
      _tag: "Record",
      stream: "responses",
      key: bad.response_id,
      unknownFields: undefined,
      record: bad
    })
    assert.deepStrictEqual(rejected.at(-1), {
      _tag: "Rejected",
      field: `responses/${bad.response_id}.hidden.email`,
      value: "not-an-email",
      rule: "an email address (local@domain.tld)"
    })
  })

  it("property: declared scales round-trip through declarationOf and span exactly `steps` answers", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 11 }), fc.boolean(), (steps, startAtOne) => {
        const scale = TypeformMapping.scaleOf({
          type: "opinion_scale",
          properties: { steps, start_at_one: startAtOne }
        })
        assert.isDefined(scale)
        if (scale === undefined) return
        assert.strictEqual(scale.max - scale.min + 1, steps)
        assert.deepStrictEqual(TypeformMapping.declarationOf(scale), { steps, start_at_one: startAtOne })
        const rating = TypeformMapping.scaleOf({
          type: "rating",
          properties: { steps, start_at_one: startAtOne }
        })
        assert.deepStrictEqual(rating, { min: 1, max: steps })
      })
    )
  })

  it("property: scores are the answers themselves inside the scale (so monotone), rejected outside", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 11 }),
        fc.boolean(),
        fc.integer({ min: -3, max: 14 }),
        fc.integer({ min: -3, max: 14 }),
        (steps, startAtOne, a, b) => {
          const field: TypeformConnector.Field = {
            id: "fld",
            ref: "q",
            type: "opinion_scale",
            title: "Q",
            properties: { steps, start_at_one: startAtOne }
          }
          const forms = [{ id: survey, title: "F", fields: [field] }]
          const scoreOf = (value: number) => {
            const mapped = TypeformMapping.mapResponse(
              withAnswers([number("fld", "opinion_scale", "q", value)]),
              {
                forms,
                config: { csat: ["q"] }
              }
            )
            return { score: mapped.feedback[0]?.score, rejected: mapped.rejected.length }
          }
          const min = startAtOne ? 1 : 0
          const max = min + steps - 1
          const [x, y] = [scoreOf(a), scoreOf(b)]
          for (const [value, got] of [
            [a, x],
            [b, y]
          ] as const) {
            const inside = value >= min && value <= max
            assert.deepStrictEqual(
              got,
              inside ? { score: value, rejected: 0 } : { score: undefined, rejected: 1 }
            )
          }
          if (x.score !== undefined && y.score !== undefined && a <= b) assert.isTrue(x.score <= y.score)
        }
      )
    )
  })

  it("property: every answer is feedback, or kept as an attribute (scale answers also unmapped or rejected)", () => {
    const fields: ReadonlyArray<readonly [string, string, string]> = [
      ["nps0Ld7eR1xQ", "nps", "recommend"],
      ["rat5Hs2kW9pZ", "rating", "satisfaction"],
      ["opn7Fj3mQ2vT", "opinion_scale", "effort"],
      ["opn0Ty6uI8oP", "opinion_scale", "support_speed"],
      ["lng2Zx4cV6bN", "long_text", "comment"],
      ["xyz9Unknown0", "rating", "not_in_the_form"]
    ]
    const refs = fields.map((f) => f[2])
    fc.assert(
      fc.property(
        fc.subarray([...fields.keys()], { minLength: 1 }),
        fc.array(fc.integer({ min: -2, max: 12 }), { minLength: 6, maxLength: 6 }),
        fc.subarray(refs),
        fc.subarray(refs),
        fc.boolean(),
        (picked, values, csat, nps, withForms) => {
          const answers = picked.map((i) => {
            const [id, type, ref] = fields[i] as readonly [string, string, string]
            return type === "long_text"
              ? { field: { id, type, ref }, type: "text", text: `text ${values[i]}` }
              : number(id, type, ref, values[i] as number)
          })
          const mapped = TypeformMapping.mapResponse(withAnswers(answers), {
            ...(withForms ? { forms: data.forms } : {}),
            config: { csat, nps, ces: { effort: "agreement-7" } }
          })
          for (const answer of answers) {
            const key = answer.field.ref
            const inFeedback = mapped.feedback.filter((f) => f.id.endsWith(`:${key}`)).length
            const kept = mapped.touchpoint.attributes?.[`answer.${key}`] !== undefined
            assert.strictEqual(inFeedback + (kept ? 1 : 0), 1, `${key} mapped or kept, exactly once`)
            if (answer.field.type !== "long_text" && inFeedback === 0) {
              const reported =
                mapped.unmapped.some((u) => u.field === key) ||
                mapped.rejected.some((e) => e.field === `answers.${key}`)
              assert.isTrue(reported, `${key} reported`)
            }
          }
        }
      )
    )
  })
})
