/**
 * Pure mapping of Qualtrics responses to `@cxkit/core` models. The survey definition decides
 * which answers are feedback, never the values: the NPS question type (`QuestionType: "MC"`,
 * `Selector: "NPS"`, exported as the chosen 0–10 recode) is NPS; matrix rows and sliders are
 * CSAT or CES only where `Options.questions` says so for that survey; every other question is
 * kept as an attribute and reported as unmapped. A value outside its declared scale is a
 * `MappingError` naming the response, the question and the rule: nothing is clamped, rounded or
 * coerced.
 *
 * Sources: Qualtrics' survey-definitions reference ("Get Survey": `Questions`, `QuestionType`,
 * `Selector`, `SubSelector`, `Choices`, `Answers`; https://api.qualtrics.com/) and the response
 * export's JSON format (answers by export key: `QID1` for a single answer, `QID2_1` for row 1 of
 * a matrix or slider 1, `QID3_TEXT` for a text entry; the NPS question also exports
 * `QID1_NPS_GROUP`), described in the Response Export guide
 * (https://developers.qodex.ai/qualtrics-public/surveys-response-import-export-api).
 *
 * @since 0.1.0
 */
import type { Sync } from "@cxkit/connectors"
import { Customer, Entity, Feedback, Identity, Timestamp, Touchpoint } from "@cxkit/core"
import { Schema } from "effect"
import type * as QualtricsConnector from "./QualtricsConnector.ts"

/**
 * Options of the mapping.
 *
 * - `questions`: by survey id, the feedback question of matrix rows (`QID2_1`, or `QID2` for
 *   every row), sliders (`QID4_1` or `QID4`) or any other non-NPS question (`QID7`), e.g.
 *   `{ SV_…: { QID2: { metric: "csat", min: 1, max: 5 }, QID4: { metric: "ces", scale: "agreement-7" } } }`.
 * - `customer`: the `values` fields that name the customer, in order (default
 *   `[{ field: "recipientEmail", kind: "email" }]`: email distributions export the recipient's
 *   address). An embedded data field such as `CustomerID` is `{ field: "CustomerID", kind:
 *   "crm-id" }`. The first valid one is the customer; without one the response is an
 *   `anonymous-id` of its own.
 *
 * @example
 * ```ts
 * import type { QualtricsMapping } from "@cxkit/connector-qualtrics"
 *
 * const options: QualtricsMapping.Options = {
 *   questions: { SV_3KgZ1fWmTqNpLx2: { QID2: { metric: "csat", min: 1, max: 5 } } },
 *   customer: [{ field: "CustomerID", kind: "crm-id" }, { field: "recipientEmail", kind: "email" }]
 * }
 * console.log(Object.keys(options.questions ?? {})) // [ 'SV_3KgZ1fWmTqNpLx2' ]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly questions?: Readonly<Record<string, Readonly<Record<string, Feedback.Question>>>>
  readonly customer?: ReadonlyArray<{ readonly field: string; readonly kind: Identity.IdentityKind }>
}

/**
 * The mapping options a connector config carries (`questions`, `customer`), so one config file
 * says both what to sync and what the answers mean.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { QualtricsConnector, QualtricsMapping } from "@cxkit/connector-qualtrics"
 *
 * const config = Schema.decodeUnknownSync(QualtricsConnector.Config)({
 *   apiToken: "t", datacenter: "iad1", surveyIds: ["SV_3KgZ1fWmTqNpLx2"],
 *   questions: { SV_3KgZ1fWmTqNpLx2: { QID2: { metric: "csat", min: 1, max: 5 } } }
 * })
 * console.log(QualtricsMapping.optionsOf(config).questions) // { SV_3KgZ1fWmTqNpLx2: { QID2: { metric: 'csat', min: 1, max: 5 } } }
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const optionsOf = (config: Pick<QualtricsConnector.Config, "questions" | "customer">): Options => ({
  ...(config.questions !== undefined ? { questions: config.questions } : {}),
  ...(config.customer !== undefined ? { customer: config.customer } : {})
})

/**
 * An answer the mapping could not turn into feedback: the response, the survey, the field
 * (`values.QID1`), the value and the rule it broke.
 *
 * @example
 * ```ts
 * import { QualtricsMapping } from "@cxkit/connector-qualtrics"
 *
 * const error = new QualtricsMapping.MappingError({
 *   responseId: "R_1", surveyId: "SV_1", field: "values.QID1", value: 11, rule: "an integer from 0 to 10 (nps, QID1)"
 * })
 * console.log(error.message) // response R_1 of survey SV_1: values.QID1: 11 is not an integer from 0 to 10 (nps, QID1)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class MappingError extends Schema.TaggedError<MappingError>()("QualtricsMappingError", {
  responseId: Schema.String,
  surveyId: Schema.String,
  field: Schema.String,
  value: Schema.Unknown,
  rule: Schema.String
}) {
  override get message(): string {
    return `response ${this.responseId} of survey ${this.surveyId}: ${this.field}: ${JSON.stringify(this.value)} is not ${this.rule}`
  }
}

/**
 * One answer field that is feedback: its export key (`QID1`, `QID2_1`), the question's QID and
 * the core question it answers (with the question text).
 *
 * @example
 * ```ts
 * import type { QualtricsMapping } from "@cxkit/connector-qualtrics"
 *
 * const q: QualtricsMapping.FeedbackField = { key: "QID1", qid: "QID1", question: { metric: "nps" } }
 * console.log(q.key)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface FeedbackField {
  readonly key: string
  readonly qid: string
  readonly question: Feedback.Question
}

/**
 * A question kept as attributes only, and why: `not-a-rating` (its type is no rating scale),
 * `not-configured` (a matrix or slider without a metric in `Options.questions`).
 *
 * @example
 * ```ts
 * import type { QualtricsMapping } from "@cxkit/connector-qualtrics"
 *
 * const u: QualtricsMapping.UnmappedQuestion = { qid: "QID4", questionType: "Slider", selector: "HSLIDER", reason: "not-configured" }
 * console.log(u.reason)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface UnmappedQuestion {
  readonly qid: string
  readonly questionType: string
  readonly selector: string
  readonly reason: "not-a-rating" | "not-configured"
}

/**
 * Which answers of a survey are feedback and which questions are not, from its definition and
 * the options (see the module's rules). A configured question with an invalid scale is refused
 * with a `MappingError` (thrown) naming it.
 *
 * @example
 * ```ts
 * import { QualtricsMapping } from "@cxkit/connector-qualtrics"
 * import { QualtricsMock } from "@cxkit/connector-qualtrics/testing"
 *
 * const [checkout] = QualtricsMock.surveys()
 * if (checkout !== undefined) {
 *   const plan = QualtricsMapping.feedbackFields(checkout, {
 *     questions: { [checkout.SurveyID]: { QID2: { metric: "csat", min: 1, max: 5 } } }
 *   })
 *   console.log(plan.fields.map((f) => `${f.key}:${f.question.metric}`)) // [ 'QID1:nps', 'QID2_1:csat', 'QID2_2:csat' ]
 *   console.log(plan.unmapped.map((u) => `${u.qid}:${u.reason}`)) // [ 'QID3:not-a-rating', 'QID4:not-configured', 'QID5:not-a-rating' ]
 * }
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const feedbackFields = (
  definition: QualtricsConnector.SurveyDefinition,
  options: Options = {}
): { readonly fields: ReadonlyArray<FeedbackField>; readonly unmapped: ReadonlyArray<UnmappedQuestion> } => {
  const configured = options.questions?.[definition.SurveyID] ?? {}
  const fields: Array<FeedbackField> = []
  const unmapped: Array<UnmappedQuestion> = []
  const checked = (key: string, question: Feedback.Question): Feedback.Question => {
    if (!Schema.is(Feedback.Question)(question)) {
      throw new MappingError({
        responseId: "(options)",
        surveyId: definition.SurveyID,
        field: `options.questions.${definition.SurveyID}.${key}`,
        value: question,
        rule: "a feedback question (nps; csat with integer min < max; ces agreement-7 or effort-5)"
      })
    }
    return question
  }
  for (const [qid, q] of Object.entries(definition.Questions)) {
    const text = q.QuestionText
    const withText = (question: Feedback.Question, suffix?: string): Feedback.Question => {
      const label = [text, suffix].filter((s) => s !== undefined && s !== "").join(" – ")
      return label === "" ? question : { ...question, text: label }
    }
    const skip = (reason: UnmappedQuestion["reason"]) =>
      unmapped.push({ qid, questionType: q.QuestionType, selector: q.Selector, reason })
    // Qualtrics' NPS question type: a multiple choice with the NPS selector, exported as 0–10
    if (q.QuestionType === "MC" && q.Selector === "NPS") {
      fields.push({ key: qid, qid, question: withText({ metric: "nps" }) })
      continue
    }
    if (q.QuestionType === "Matrix" || q.QuestionType === "Slider") {
      const rows = Object.entries(q.Choices ?? {})
      const found = rows.flatMap(([id, choice]) => {
        const key = `${qid}_${id}`
        const question = configured[key] ?? configured[qid]
        return question === undefined
          ? []
          : [{ key, qid, question: withText(checked(key, question), choice.Display) }]
      })
      if (found.length === 0) skip("not-configured")
      else fields.push(...found)
      continue
    }
    const question = configured[qid]
    if (question !== undefined) fields.push({ key: qid, qid, question: withText(checked(qid, question)) })
    else skip("not-a-rating")
  }
  return { fields, unmapped }
}

const ruleOf = (field: FeedbackField) => {
  const scale = Feedback.scaleOf(field.question)
  return `an integer from ${scale.min} to ${scale.max} (${field.question.metric}, ${field.key})`
}

const answered = (value: unknown) => value !== undefined && value !== null && value !== ""

/**
 * The identities a response names (the `customer` fields of the options, normalised) and the
 * customer id: the first valid identity's key, else an `anonymous-id` of the response
 * (`qualtrics:R_…`). Invalid values are listed with the rule they broke.
 *
 * @example
 * ```ts
 * import { QualtricsMapping } from "@cxkit/connector-qualtrics"
 *
 * const { identities, customerId } = QualtricsMapping.identitiesOf({ responseId: "R_1", values: { recipientEmail: "Ada@Example.com" } })
 * console.log(identities.map((i) => i.value), customerId) // [ 'ada@example.com' ] email:ada@example.com
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const identitiesOf = (
  response: Pick<QualtricsConnector.Response, "responseId" | "values">,
  options: Options = {}
): {
  readonly identities: ReadonlyArray<Identity.Identity>
  readonly customerId: Customer.CustomerId
  readonly rejected: ReadonlyArray<{ readonly field: string; readonly value: unknown; readonly rule: string }>
} => {
  const identities: Array<Identity.Identity> = []
  const rejected: Array<{ field: string; value: unknown; rule: string }> = []
  for (const { field, kind } of options.customer ?? [{ field: "recipientEmail", kind: "email" as const }]) {
    const value = response.values[field]
    if (!answered(value)) continue
    if (typeof value !== "string") {
      rejected.push({ field: `values.${field}`, value, rule: `a ${kind} as a string` })
      continue
    }
    const normalized = Identity.normalize(kind, value)
    if (normalized._tag === "Invalid")
      rejected.push({ field: `values.${field}`, value, rule: normalized.rule })
    else identities.push(Identity.make({ source: "qualtrics", kind, value }))
  }
  const anonymous = Identity.make({ source: "qualtrics", kind: "anonymous-id", value: response.responseId })
  const first = identities[0] ?? anonymous
  return {
    identities: identities.length === 0 ? [anonymous] : identities,
    customerId: Customer.CustomerId.make(Identity.key(first)),
    rejected
  }
}

/**
 * What one response maps to: its touchpoint (channel `survey`, kind `survey-response`, source
 * `qualtrics`, text from its text-entry answers, the first feedback attached), the identities
 * and customer, the feedback of every answered feedback field, the attributes (survey, the
 * distribution channel, `finished`, `progress` and the answers of unmapped questions), the
 * unmapped questions it answered, and the `errors`: answers outside their scale, each a
 * `MappingError` (their feedback is left out, never clamped).
 *
 * @example
 * ```ts
 * import { QualtricsMapping } from "@cxkit/connector-qualtrics"
 * import { QualtricsMock } from "@cxkit/connector-qualtrics/testing"
 *
 * const [, support] = QualtricsMock.surveys()
 * if (support !== undefined) {
 *   const mapped = QualtricsMapping.mapResponse({
 *     surveyId: support.SurveyID, responseId: "R_1", recordedDate: "2024-05-01T10:00:00.000Z",
 *     values: { recipientEmail: "ada@example.com", distributionChannel: "email", QID1: 9, QID1_NPS_GROUP: 3, QID2: 1 }
 *   }, support)
 *   console.log(mapped.feedback.map((f) => [f.question.metric, f.score]), mapped.unmapped) // [ [ 'nps', 9 ] ] [ 'QID2' ]
 *   console.log(mapped.touchpoint.customerId, mapped.touchpoint.attributes?.QID2) // email:ada@example.com 1
 * }
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const mapResponse = (
  response: QualtricsConnector.Response,
  definition: QualtricsConnector.SurveyDefinition,
  options: Options = {}
): {
  readonly touchpoint: Touchpoint.Touchpoint
  readonly identities: ReadonlyArray<Identity.Identity>
  readonly feedback: ReadonlyArray<Feedback.Feedback>
  readonly unmapped: ReadonlyArray<string>
  readonly errors: ReadonlyArray<MappingError>
  readonly rejected: ReadonlyArray<{ readonly field: string; readonly value: unknown; readonly rule: string }>
} => {
  const plan = feedbackFields(definition, options)
  const { identities, customerId, rejected } = identitiesOf(response, options)
  const timestamp = Timestamp.parse(response.recordedDate)
  const touchpointId = `qualtrics:response:${response.responseId}`
  const feedback: Array<Feedback.Feedback> = []
  const errors: Array<MappingError> = []
  const used = new Set<string>()
  for (const field of plan.fields) {
    const value = response.values[field.key]
    used.add(field.key)
    if (field.question.metric === "nps") used.add(`${field.key}_NPS_GROUP`)
    if (!answered(value)) continue
    const scale = Feedback.scaleOf(field.question)
    if (typeof value !== "number" || !Number.isInteger(value) || value < scale.min || value > scale.max) {
      errors.push(
        new MappingError({
          responseId: response.responseId,
          surveyId: response.surveyId,
          field: `values.${field.key}`,
          value,
          rule: ruleOf(field)
        })
      )
      continue
    }
    feedback.push(
      new Feedback.Feedback({
        id: `qualtrics:${response.responseId}:${field.key}`,
        customerId,
        timestamp,
        question: field.question,
        score: value,
        channel: "survey",
        touchpointId,
        source: "qualtrics"
      })
    )
  }
  const attributes: Record<string, string | number | boolean | null> = {
    surveyId: response.surveyId,
    surveyName: definition.SurveyName
  }
  for (const key of ["distributionChannel", "finished", "progress", "userLanguage"]) {
    const value = response.values[key]
    if (
      typeof value === "string" ||
      typeof value === "boolean" ||
      (typeof value === "number" && Number.isFinite(value))
    )
      attributes[key] = value
  }
  const unmapped = new Set<string>()
  const texts: Array<string> = []
  const qids = new Set(Object.keys(definition.Questions))
  for (const [key, value] of Object.entries(response.values)) {
    const qid = /^(QID\d+)/.exec(key)?.[1]
    if (qid === undefined || !qids.has(qid) || used.has(key) || !answered(value)) continue
    unmapped.add(qid)
    attributes[key] =
      typeof value === "string" ||
      typeof value === "boolean" ||
      (typeof value === "number" && Number.isFinite(value))
        ? value
        : JSON.stringify(value)
    if (definition.Questions[qid]?.QuestionType === "TE" && typeof value === "string") texts.push(value)
  }
  const text = texts.join("\n")
  const first = feedback[0]
  const touchpoint = new Touchpoint.Touchpoint({
    id: Touchpoint.TouchpointId.make(touchpointId),
    customerId,
    timestamp,
    channel: "survey",
    kind: "survey-response",
    source: "qualtrics",
    ...(first !== undefined ? { feedback: first } : {}),
    ...(text !== "" ? { text } : {}),
    attributes
  })
  return { touchpoint, identities, feedback, unmapped: [...unmapped], errors, rejected }
}

/**
 * The feedback of a response, strictly: throws the first `MappingError` (an answer outside its
 * declared scale) instead of leaving it out.
 *
 * @example
 * ```ts
 * import { QualtricsMapping } from "@cxkit/connector-qualtrics"
 * import { QualtricsMock } from "@cxkit/connector-qualtrics/testing"
 *
 * const [, support] = QualtricsMock.surveys()
 * if (support !== undefined) {
 *   try {
 *     QualtricsMapping.feedbackOf({ surveyId: support.SurveyID, responseId: "R_2", recordedDate: "2024-05-01T10:00:00.000Z", values: { QID1: 11 } }, support)
 *   } catch (error) {
 *     console.log((error as Error).message) // response R_2 of survey SV_9Xq2LmTb4RcV7Ns: values.QID1: 11 is not an integer from 0 to 10 (nps, QID1)
 *   }
 * }
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const feedbackOf = (
  response: QualtricsConnector.Response,
  definition: QualtricsConnector.SurveyDefinition,
  options: Options = {}
): ReadonlyArray<Feedback.Feedback> => {
  const mapped = mapResponse(response, definition, options)
  const [error] = mapped.errors
  if (error !== undefined) throw error
  return mapped.feedback
}

/**
 * The mapping step of the Qualtrics plugin, for `Sync.run(…, { destination, mapping })`. It
 * learns survey definitions from the `surveys` stream (which the connector reads first) and
 * from `options.definitions`; each response becomes its touchpoint, identities and feedback,
 * with a `Rejected` entity for every answer outside its scale, every invalid customer field and
 * a response of a survey whose definition it has not seen.
 *
 * @example
 * ```ts
 * import { QualtricsMapping } from "@cxkit/connector-qualtrics"
 * import { QualtricsMock } from "@cxkit/connector-qualtrics/testing"
 *
 * const toCore = QualtricsMapping.makeToCore({ definitions: QualtricsMock.surveys() })
 * const entities = toCore({
 *   _tag: "Record", stream: "responses", key: "R_1", unknownFields: undefined,
 *   record: { surveyId: QualtricsMock.surveyIds.support, responseId: "R_1", recordedDate: "2024-05-01T10:00:00.000Z", values: { QID1: 4 } }
 * })
 * console.log(entities.map((e) => e._tag)) // [ 'Touchpoint', 'Identity', 'Feedback' ]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const makeToCore = (
  options: Options & { readonly definitions?: Iterable<QualtricsConnector.SurveyDefinition> } = {}
): ((event: Sync.RecordEventOf<typeof QualtricsConnector.connector>) => ReadonlyArray<Entity.Entity>) => {
  const definitions = new Map<string, QualtricsConnector.SurveyDefinition>()
  for (const definition of options.definitions ?? []) definitions.set(definition.SurveyID, definition)
  return (event) => {
    if (event.stream === "surveys") {
      const definition = event.record as QualtricsConnector.SurveyDefinition
      definitions.set(definition.SurveyID, definition)
      return []
    }
    const response = event.record as QualtricsConnector.Response
    const definition = definitions.get(response.surveyId)
    if (definition === undefined) {
      return [
        Entity.rejected({
          field: `responses/${response.responseId}.surveyId`,
          value: response.surveyId,
          rule: "a survey whose definition was synced (the surveys stream) or given in options.definitions"
        })
      ]
    }
    const mapped = mapResponse(response, definition, options)
    return [
      Entity.touchpoint(mapped.touchpoint),
      ...mapped.identities.map((identity) => Entity.identity(mapped.touchpoint.customerId, identity)),
      ...mapped.feedback.map((f) => Entity.feedback(f)),
      ...mapped.errors.map((e) =>
        Entity.rejected({ field: `responses/${e.responseId}.${e.field}`, value: e.value, rule: e.rule })
      ),
      ...mapped.rejected.map((r) =>
        Entity.rejected({
          field: `responses/${response.responseId}.${r.field}`,
          value: r.value,
          rule: r.rule
        })
      )
    ]
  }
}

/**
 * The mapping step for one source's decoded config: `makeToCore(optionsOf(config))`, a fresh
 * step per sync (it learns survey definitions from the `surveys` stream of that sync). The
 * `cxkit` command builds each Qualtrics source's mapping with it, so the config's `questions`
 * and `customer` decide what the answers mean.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { QualtricsConnector, QualtricsMapping } from "@cxkit/connector-qualtrics"
 * import { QualtricsMock } from "@cxkit/connector-qualtrics/testing"
 *
 * const config = Schema.decodeUnknownSync(QualtricsConnector.Config)({
 *   apiToken: "t", datacenter: "iad1", surveyIds: [QualtricsMock.surveyIds.support]
 * })
 * const toCore = QualtricsMapping.toCoreFor(config)
 * for (const definition of QualtricsMock.surveys()) {
 *   toCore({ _tag: "Record", stream: "surveys", key: definition.SurveyID, unknownFields: undefined, record: definition })
 * }
 * const entities = toCore({
 *   _tag: "Record", stream: "responses", key: "R_1", unknownFields: undefined,
 *   record: { surveyId: QualtricsMock.surveyIds.support, responseId: "R_1", recordedDate: "2024-05-01T10:00:00.000Z", values: { QID1: 9 } }
 * })
 * console.log(entities.map((e) => e._tag)) // [ 'Touchpoint', 'Identity', 'Feedback' ]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const toCoreFor = (
  config: Pick<QualtricsConnector.Config, "questions" | "customer">
): ((event: Sync.RecordEventOf<typeof QualtricsConnector.connector>) => ReadonlyArray<Entity.Entity>) =>
  makeToCore(optionsOf(config))
