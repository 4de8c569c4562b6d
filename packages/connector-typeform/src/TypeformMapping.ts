/**
 * Pure mapping of Typeform responses to `@cxkit/core` models: each response is one `survey`
 * touchpoint of its respondent, each scored answer one `Feedback` on its declared scale.
 *
 * - `nps` fields are NPS (0–10, Typeform's Net Promoter Score® question).
 * - `rating` and `opinion_scale` answers are CSAT or CES only when the mapping config names their
 *   field (by `ref`, or `id`) as such, never by guessing; their scale is the one the form
 *   declares (`properties.steps`, and `properties.start_at_one` for opinion scales). An opinion
 *   scale declared 0–10 may be named NPS.
 * - Every other answer is kept as a touchpoint attribute (`answer.<ref>`); scale answers not
 *   mapped are also listed in `unmapped` with the reason.
 * - A value outside its declared scale, or a config the declared scale contradicts, is a
 *   `MappingError` naming the response, the field, the value and the rule: never clamped.
 * - The respondent is found through hidden fields (`identities`, default the `email` hidden
 *   field); a response without a usable one is an anonymous respondent of its own.
 *
 * Sources: Typeform "JSON response explanation"
 * (https://www.typeform.com/developers/responses/JSON-response-explanation/) for answers and
 * hidden fields; "Create form" (https://www.typeform.com/developers/create/reference/create-form/)
 * for `steps` ("number of steps in the scale's range") and `start_at_one` ("true if range
 * numbering should start at 1, false if it should start at 0"; ratings always start at 1).
 *
 * @since 0.1.0
 */
import type { Sync } from "@cxkit/connectors"
import { Customer, Entity, Feedback, Identity, Timestamp, Touchpoint } from "@cxkit/core"
import { Formatter, Schema } from "effect"
import type * as TypeformConnector from "./TypeformConnector.ts"

/**
 * The mapping config (JSON-friendly, so it can live next to the connector config):
 *
 * - `csat`: field refs (or ids) of `rating` / `opinion_scale` fields that are CSAT questions;
 * - `ces`: field refs of CES questions, each with its scale: `agreement-7` (CES 2.0, 1–7,
 *   higher is easier) or `effort-5` (1–5, lower is easier); the declared scale must be exactly it;
 * - `nps`: refs of `opinion_scale` fields declared 0–10 to count as NPS (`nps` fields always do);
 * - `identities`: hidden fields that identify the respondent, in order of preference, with the
 *   identity kind of their value (default `[{ hidden: "email", kind: "email" }]`);
 * - `channel`: the touchpoints' channel (default `survey`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { TypeformMapping } from "@cxkit/connector-typeform"
 *
 * const config = Schema.decodeUnknownSync(TypeformMapping.MappingConfig)({
 *   csat: ["satisfaction"], ces: { effort: "agreement-7" }, identities: [{ hidden: "customer_id", kind: "crm-id" }]
 * })
 * console.log(config.ces) // { effort: 'agreement-7' }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const MappingConfig = Schema.Struct({
  csat: Schema.optionalKey(Schema.Array(Schema.String)),
  ces: Schema.optionalKey(Schema.Record(Schema.String, Schema.Literals(["agreement-7", "effort-5"]))),
  nps: Schema.optionalKey(Schema.Array(Schema.String)),
  identities: Schema.optionalKey(
    Schema.Array(Schema.Struct({ hidden: Schema.String, kind: Identity.IdentityKind }))
  ),
  channel: Schema.optionalKey(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type MappingConfig = typeof MappingConfig.Type

/**
 * A value the mapping could not use: the response, the field (`answers.<ref>` or
 * `hidden.<name>`), the value itself and the rule it broke.
 *
 * @example
 * ```ts
 * import { TypeformMapping } from "@cxkit/connector-typeform"
 *
 * const error = new TypeformMapping.MappingError({
 *   formId: "Xq2Fb7", responseId: "r1", field: "answers.satisfaction", value: 6, rule: "an integer from 1 to 5 (rating satisfaction: steps 5)"
 * })
 * console.log(error.message) // response r1 of form Xq2Fb7, answers.satisfaction: 6 is not an integer from 1 to 5 (rating satisfaction: steps 5)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class MappingError extends Schema.TaggedError<MappingError>()("TypeformMappingError", {
  formId: Schema.String,
  responseId: Schema.String,
  field: Schema.String,
  value: Schema.Unknown,
  rule: Schema.String
}) {
  override get message(): string {
    return `response ${this.responseId} of form ${this.formId}, ${this.field}: ${Formatter.format(this.value)} is not ${this.rule}`
  }
}

/**
 * A declared answer scale: the lowest and highest answer.
 *
 * @example
 * ```ts
 * import type { TypeformMapping } from "@cxkit/connector-typeform"
 *
 * const stars: TypeformMapping.Scale = { min: 1, max: 5 }
 * console.log(stars.max - stars.min + 1) // 5
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Scale {
  readonly min: number
  readonly max: number
}

/**
 * The scale a field declares, or why it declares none: `nps` is 0–10; `rating` is 1 to
 * `steps`; `opinion_scale` is 0 to `steps − 1`, or 1 to `steps` with `start_at_one`. A scale
 * field without `steps` declares no scale (never assumed).
 *
 * @example
 * ```ts
 * import { TypeformMapping } from "@cxkit/connector-typeform"
 *
 * console.log(TypeformMapping.scaleOf({ id: "a", type: "opinion_scale", title: "", properties: { steps: 7, start_at_one: true } }))
 * // { min: 1, max: 7 }
 * console.log(TypeformMapping.scaleOf({ id: "b", type: "opinion_scale", title: "", properties: { steps: 11 } })) // { min: 0, max: 10 }
 * console.log(TypeformMapping.scaleOf({ id: "c", type: "short_text", title: "" })) // undefined
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const scaleOf = (field: Pick<TypeformConnector.Field, "type" | "properties">): Scale | undefined => {
  if (field.type === "nps") return { min: 0, max: 10 }
  const steps = field.properties?.steps
  if (field.type !== "rating" && field.type !== "opinion_scale") return undefined
  if (steps === undefined || !Number.isInteger(steps) || steps < 2) return undefined
  const min = field.type === "rating" || field.properties?.start_at_one === true ? 1 : 0
  return { min, max: min + steps - 1 }
}

/**
 * The declaration a scale comes from, the inverse of `scaleOf` for opinion scales:
 * `steps = max − min + 1`, `start_at_one = min === 1`.
 *
 * @example
 * ```ts
 * import { TypeformMapping } from "@cxkit/connector-typeform"
 *
 * console.log(TypeformMapping.declarationOf({ min: 0, max: 10 })) // { steps: 11, start_at_one: false }
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const declarationOf = (scale: Scale): { readonly steps: number; readonly start_at_one: boolean } => ({
  steps: scale.max - scale.min + 1,
  start_at_one: scale.min === 1
})

const scaleField = new Set(["nps", "rating", "opinion_scale"])

/**
 * Every field of a form, the fields of groups included, by `ref` and by `id`.
 *
 * @example
 * ```ts
 * import { TypeformMapping } from "@cxkit/connector-typeform"
 *
 * const fields = TypeformMapping.fieldsOf({
 *   id: "f", title: "Survey",
 *   fields: [{ id: "g", type: "group", title: "Support", properties: { fields: [{ id: "s", ref: "speed", type: "rating", title: "Speed", properties: { steps: 5 } }] } }]
 * })
 * console.log([...fields.keys()]) // [ 'g', 'speed', 's' ]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const fieldsOf = (
  form: Pick<TypeformConnector.FormDefinition, "fields">
): ReadonlyMap<string, TypeformConnector.Field> => {
  const byKey = new Map<string, TypeformConnector.Field>()
  const visit = (fields: ReadonlyArray<TypeformConnector.Field> | undefined) => {
    for (const field of fields ?? []) {
      if (field.ref !== undefined) byKey.set(field.ref, field)
      byKey.set(field.id, field)
      visit(field.properties?.fields)
    }
  }
  visit(form.fields)
  return byKey
}

/**
 * Options of the mapping: the config and the form definitions (the `forms` stream's records)
 * that declare the scales.
 *
 * @example
 * ```ts
 * import type { TypeformMapping } from "@cxkit/connector-typeform"
 *
 * const options: TypeformMapping.Options = { config: { csat: ["satisfaction"] }, forms: [] }
 * console.log(options.config?.csat) // [ 'satisfaction' ]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly config?: MappingConfig | undefined
  readonly forms?: ReadonlyArray<TypeformConnector.FormDefinition> | undefined
}

/**
 * A scale answer left unmapped, with the reason (its value stays a touchpoint attribute).
 *
 * @example
 * ```ts
 * import type { TypeformMapping } from "@cxkit/connector-typeform"
 *
 * const u: TypeformMapping.Unmapped = { field: "support_speed", type: "opinion_scale", reason: "not named csat, ces or nps in the mapping config" }
 * console.log(u.type) // opinion_scale
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Unmapped {
  readonly field: string
  readonly type: string
  readonly reason: string
}

/**
 * What one response maps to.
 *
 * @example
 * ```ts
 * import type { TypeformMapping } from "@cxkit/connector-typeform"
 *
 * const keys: Array<keyof TypeformMapping.Mapped> = ["touchpoint", "identities", "feedback", "unmapped", "rejected"]
 * console.log(keys.length) // 5
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Mapped {
  readonly touchpoint: Touchpoint.Touchpoint
  readonly identities: ReadonlyArray<Identity.Identity>
  readonly feedback: ReadonlyArray<Feedback.Feedback>
  readonly unmapped: ReadonlyArray<Unmapped>
  readonly rejected: ReadonlyArray<MappingError>
}

/** The value of an answer as an attribute (a label for choices, labels joined for several). */
const attributeOf = (answer: TypeformConnector.Answer): string | number | boolean | null => {
  const raw = (answer as Record<string, unknown>)[answer.type]
  if (typeof raw === "string" || typeof raw === "number" || typeof raw === "boolean") return raw
  if (answer.type === "choice" && raw !== null && typeof raw === "object") {
    const c = raw as { label?: unknown; other?: unknown }
    return typeof c.label === "string" ? c.label : typeof c.other === "string" ? c.other : null
  }
  if (answer.type === "choices" && raw !== null && typeof raw === "object") {
    const c = raw as { labels?: unknown; other?: unknown }
    const labels = Array.isArray(c.labels) ? c.labels.filter((l): l is string => typeof l === "string") : []
    if (typeof c.other === "string") labels.push(c.other)
    return labels.join(", ")
  }
  return raw === undefined ? null : JSON.stringify(raw)
}

const defaultIdentities = [{ hidden: "email", kind: "email" }] as const

type Question =
  | { readonly _tag: "Question"; readonly question: Feedback.Question; readonly scale: Scale }
  | { readonly _tag: "Unmapped"; readonly reason: string }
  | { readonly _tag: "Rejected"; readonly value: unknown; readonly rule: string }

const describe = (field: TypeformConnector.Field, key: string) => {
  if (field.type === "nps") return `nps ${key}: always 0–10`
  const steps = field.properties?.steps
  const start =
    field.type === "opinion_scale" ? `, start_at_one ${field.properties?.start_at_one === true}` : ""
  return `${field.type} ${key}: steps ${String(steps)}${start}`
}

/** Decides the question of a scale answer from its field's declaration and the config. */
const questionOf = (
  answer: TypeformConnector.Answer,
  key: string,
  field: TypeformConnector.Field | undefined,
  config: MappingConfig
): Question => {
  const named = (list: ReadonlyArray<string> | undefined) =>
    list?.includes(key) === true || list?.includes(answer.field.id) === true
  const ces = config.ces?.[key] ?? config.ces?.[answer.field.id]
  const metric = named(config.csat)
    ? "csat"
    : ces !== undefined
      ? "ces"
      : named(config.nps)
        ? "nps"
        : undefined
  if (answer.field.type === "nps") {
    const text = field?.title
    return {
      _tag: "Question",
      question: { metric: "nps", ...(text !== undefined ? { text } : {}) },
      scale: { min: 0, max: 10 }
    }
  }
  if (metric === undefined) {
    return { _tag: "Unmapped", reason: "not named csat, ces or nps in the mapping config (never guessed)" }
  }
  if (field === undefined) {
    return { _tag: "Unmapped", reason: `named ${metric}, but no form definition declares its scale` }
  }
  const scale = scaleOf(field)
  if (scale === undefined) {
    return {
      _tag: "Rejected",
      value: field.properties?.steps,
      rule: `a declared scale (properties.steps of ${field.type} ${key}, 2 or more)`
    }
  }
  const text = field.title
  if (metric === "csat") {
    return { _tag: "Question", question: { metric: "csat", min: scale.min, max: scale.max, text }, scale }
  }
  if (metric === "nps") {
    return scale.min === 0 && scale.max === 10
      ? { _tag: "Question", question: { metric: "nps", text }, scale }
      : {
          _tag: "Rejected",
          value: declarationOf(scale),
          rule: `an NPS scale (0–10: steps 11, start_at_one false) for ${field.type} ${key} named nps`
        }
  }
  const expected = ces === "agreement-7" ? { min: 1, max: 7 } : { min: 1, max: 5 }
  return scale.min === expected.min && scale.max === expected.max
    ? { _tag: "Question", question: { metric: "ces", scale: ces as "agreement-7" | "effort-5", text }, scale }
    : {
        _tag: "Rejected",
        value: declarationOf(scale),
        rule: `the ${ces} CES scale (${expected.min}–${expected.max}: steps ${expected.max}${
          field.type === "opinion_scale" ? ", start_at_one true" : ""
        }) for ${field.type} ${key} named ces`
      }
}

/**
 * Maps one response: a touchpoint (id `typeform:response:<form_id>:<response_id>`, kind
 * `survey-response`, channel `survey`, at `submitted_at`, `text` = its text answers, attributes
 * `form_id`, `response_id`, `hidden.<name>` and `answer.<ref>` of every answer not mapped to
 * feedback; a partial or started response is a `survey-partial-response` at `landed_at` with
 * its `response_type`, under the same ids its completed form will have) of the respondent found by the configured hidden fields, one `Feedback` per scored
 * answer (linked to the touchpoint, comment = the text answers; the touchpoint carries it as its
 * `feedback` when it is the only one), the scale answers left `unmapped`, and the `rejected`
 * values as `MappingError`s.
 *
 * @example
 * ```ts
 * import { TypeformMapping } from "@cxkit/connector-typeform"
 * import { TypeformMock } from "@cxkit/connector-typeform/testing"
 *
 * const data = TypeformMock.fixtures({ survey: 1, support: 0, now: Date.parse("2024-05-20T12:00:00Z") })
 * const response = data.responses.Xq2Fb7?.[0]
 * if (response !== undefined) {
 *   const mapped = TypeformMapping.mapResponse(response, { forms: data.forms, config: { csat: ["satisfaction"], ces: { effort: "agreement-7" } } })
 *   console.log(mapped.feedback.map((f) => `${f.question.metric}=${f.score}`)) // [ 'nps=3', 'csat=1', 'ces=1' ]
 *   console.log(mapped.unmapped.map((u) => u.field), mapped.touchpoint.customerId) // [ 'support_speed' ] email:ada0@example.com
 * }
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const mapResponse = (
  response: TypeformConnector.Response | TypeformConnector.PartialResponse,
  options: Options = {}
): Mapped => {
  const config = options.config ?? {}
  const formId = response.form_id
  const form = options.forms?.find((f) => f.id === formId)
  const fields = form === undefined ? new Map<string, TypeformConnector.Field>() : fieldsOf(form)
  const rejected: Array<MappingError> = []
  const reject = (field: string, value: unknown, rule: string) =>
    rejected.push(new MappingError({ formId, responseId: response.response_id, field, value, rule }))

  const identities: Array<Identity.Identity> = []
  for (const { hidden, kind } of config.identities ?? defaultIdentities) {
    const value = response.hidden?.[hidden]
    if (value === undefined || value.trim() === "") continue
    const normalized = Identity.normalize(kind, value)
    if (normalized._tag === "Invalid") reject(`hidden.${hidden}`, value, normalized.rule)
    else identities.push(Identity.make({ source: "typeform", kind, value: normalized.value }))
  }
  const anonymous = Identity.make({
    source: "typeform",
    kind: "anonymous-id",
    value: `${formId}:${response.response_id}`
  })
  const primary = identities[0] ?? anonymous
  if (identities.length === 0) identities.push(anonymous)
  const customerId = Customer.CustomerId.make(Identity.key(primary))
  const completed = response.response_type === undefined || response.response_type === "completed"
  const timestamp = Timestamp.parse(
    completed && response.submitted_at !== undefined ? response.submitted_at : response.landed_at
  )
  const touchpointId = `typeform:response:${formId}:${response.response_id}`
  const channel = config.channel ?? "survey"

  const answers = response.answers ?? []
  const texts = answers
    .filter((a) => a.field.type === "long_text" || a.field.type === "short_text")
    .map((a) => a.text ?? "")
    .filter((t) => t.trim() !== "")
  const comment = texts.join("\n")

  const attributes: Record<string, string | number | boolean | null> = {
    form_id: formId,
    response_id: response.response_id,
    ...(completed ? {} : { response_type: response.response_type ?? null })
  }
  for (const [name, value] of Object.entries(response.hidden ?? {})) attributes[`hidden.${name}`] = value
  const feedback: Array<Feedback.Feedback> = []
  const unmapped: Array<Unmapped> = []
  for (const answer of answers) {
    const key = answer.field.ref ?? answer.field.id
    if (!scaleField.has(answer.field.type)) {
      attributes[`answer.${key}`] = attributeOf(answer)
      continue
    }
    const decided = questionOf(answer, key, fields.get(key) ?? fields.get(answer.field.id), config)
    if (decided._tag === "Unmapped") {
      attributes[`answer.${key}`] = attributeOf(answer)
      unmapped.push({ field: key, type: answer.field.type, reason: decided.reason })
      continue
    }
    if (decided._tag === "Rejected") {
      attributes[`answer.${key}`] = attributeOf(answer)
      reject(`answers.${key}`, decided.value, decided.rule)
      continue
    }
    const score = answer.number
    const { min, max } = decided.scale
    if (score === undefined || !Number.isInteger(score) || score < min || score > max) {
      attributes[`answer.${key}`] = attributeOf(answer)
      const field = fields.get(key)
      reject(
        `answers.${key}`,
        score ?? attributeOf(answer),
        `an integer from ${min} to ${max} (${field !== undefined ? describe(field, key) : `${answer.field.type} ${key}`})`
      )
      continue
    }
    feedback.push(
      new Feedback.Feedback({
        id: `${touchpointId}:${key}`,
        customerId,
        timestamp,
        question: decided.question,
        score,
        ...(comment !== "" ? { comment } : {}),
        channel,
        touchpointId,
        source: "typeform"
      })
    )
  }
  const touchpoint = new Touchpoint.Touchpoint({
    id: Touchpoint.TouchpointId.make(touchpointId),
    customerId,
    timestamp,
    channel,
    kind: completed ? "survey-response" : "survey-partial-response",
    source: "typeform",
    ...(feedback.length === 1 ? { feedback: feedback[0] as Feedback.Feedback } : {}),
    ...(comment !== "" ? { text: comment } : {}),
    attributes
  })
  return { touchpoint, identities, feedback, unmapped, rejected }
}

/**
 * A mapping step for `Sync.run(…, { destination, mapping })` with a config: responses become a
 * touchpoint, the respondent's identities, feedback and rejected values (`answers.<ref>` /
 * `hidden.<name>` of `responses/<response_id>`). The scales come from `options.forms` and from
 * the `forms` records of the same sync (the stream runs before `responses`).
 *
 * @example
 * ```ts
 * import { TypeformMapping } from "@cxkit/connector-typeform"
 * import { TypeformMock } from "@cxkit/connector-typeform/testing"
 *
 * const data = TypeformMock.fixtures({ survey: 1, support: 0 })
 * const toCore = TypeformMapping.make({ config: { csat: ["satisfaction"] } })
 * for (const form of data.forms) toCore({ _tag: "Record", stream: "forms", key: form.id, unknownFields: undefined, record: form })
 * const response = data.responses.Xq2Fb7?.[0]
 * const entities = response === undefined ? [] : toCore({ _tag: "Record", stream: "responses", key: response.response_id, unknownFields: undefined, record: response })
 * console.log(entities.filter((e) => e._tag === "Feedback").length) // 2
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: Options = {}
): ((event: Sync.RecordEventOf<typeof TypeformConnector.connector>) => ReadonlyArray<Entity.Entity>) => {
  const forms = new Map((options.forms ?? []).map((f) => [f.id, f] as const))
  return (event) => {
    if (event.stream === "forms") {
      const form = event.record as TypeformConnector.FormDefinition
      forms.set(form.id, form)
      return []
    }
    if (event.stream !== "responses" && event.stream !== "partial_responses") return []
    const response = event.record as TypeformConnector.Response
    const mapped = mapResponse(response, { config: options.config, forms: [...forms.values()] })
    return [
      Entity.touchpoint(mapped.touchpoint),
      ...mapped.identities.map((identity) => Entity.identity(mapped.touchpoint.customerId, identity)),
      ...mapped.feedback.map(Entity.feedback),
      ...mapped.rejected.map((e) =>
        Entity.rejected({
          field: `responses/${response.response_id}.${e.field}`,
          value: e.value,
          rule: e.rule
        })
      )
    ]
  }
}

/**
 * The plugin's mapping step with the default config: `nps` answers as NPS feedback, respondents
 * by the `email` hidden field; rating and opinion-scale answers stay attributes (name them in
 * `make`'s config to map them). Form definitions seen in the same sync declare the scales.
 *
 * @example
 * ```ts
 * import { TypeformMapping } from "@cxkit/connector-typeform"
 * import { TypeformMock } from "@cxkit/connector-typeform/testing"
 *
 * const response = TypeformMock.surveyResponse(1, Date.parse("2024-05-20T12:00:00Z"))
 * const entities = TypeformMapping.toCore({ _tag: "Record", stream: "responses", key: response.response_id, unknownFields: undefined, record: response })
 * console.log(entities.map((e) => e._tag)) // [ 'Touchpoint', 'Identity', 'Feedback' ]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const toCore = make()

/**
 * The mapping step for one source's decoded config: `make({ config: config.mapping })`, a fresh
 * step per sync (it learns the forms' scales from the `forms` stream of that sync). The `cxkit`
 * command builds each Typeform source's mapping with it, so the config's `mapping` decides which
 * rating and opinion-scale fields are CSAT, CES or NPS.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { TypeformConnector, TypeformMapping } from "@cxkit/connector-typeform"
 * import { TypeformMock } from "@cxkit/connector-typeform/testing"
 *
 * const config = Schema.decodeUnknownSync(TypeformConnector.Config)({
 *   token: "t", formIds: ["Xq2Fb7"], mapping: { csat: ["satisfaction"] }
 * })
 * const data = TypeformMock.fixtures({ survey: 1, support: 0 })
 * const toCore = TypeformMapping.toCoreFor(config)
 * for (const form of data.forms) toCore({ _tag: "Record", stream: "forms", key: form.id, unknownFields: undefined, record: form })
 * const response = data.responses.Xq2Fb7?.[0]
 * const entities = response === undefined ? [] : toCore({ _tag: "Record", stream: "responses", key: response.response_id, unknownFields: undefined, record: response })
 * console.log(entities.filter((e) => e._tag === "Feedback").length) // 2
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const toCoreFor = (
  config: Pick<TypeformConnector.Config, "mapping">
): ((event: Sync.RecordEventOf<typeof TypeformConnector.connector>) => ReadonlyArray<Entity.Entity>) =>
  make(config.mapping === undefined ? {} : { config: config.mapping })
