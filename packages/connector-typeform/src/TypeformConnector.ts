/**
 * The Typeform connector: the definitions of the configured forms and their completed
 * responses, through the Create API (`GET /forms/{form_id}`) and the Responses API
 * (`GET /forms/{form_id}/responses`), authenticated by a personal access token.
 *
 * Sources: "Retrieve responses" (https://www.typeform.com/developers/responses/reference/retrieve-responses/),
 * "JSON response explanation" (https://www.typeform.com/developers/responses/JSON-response-explanation/),
 * "Retrieve form" and "Create form" (https://www.typeform.com/developers/create/reference/retrieve-form/,
 * https://www.typeform.com/developers/create/reference/create-form/), "Get started" (base URLs,
 * personal tokens, rate limits: https://www.typeform.com/developers/get-started/) and
 * "Troubleshooting and errors" (https://www.typeform.com/developers/troubleshooting/).
 *
 * @since 0.1.0
 */
import { Connector, ConnectorError, Http, Paginate, SourceStream } from "@cxkit/connectors"
import { Clock, Context, Effect, Layer, Schema, Stream } from "effect"
import type { HttpClient } from "effect/http"
import { MappingConfig } from "./TypeformMapping.ts"

/**
 * A Typeform form id (the last part of the form's URL, `https://acme.typeform.com/to/u6nXL7`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { TypeformConnector } from "@cxkit/connector-typeform"
 *
 * console.log(Schema.is(TypeformConnector.FormId)("u6nXL7"), Schema.is(TypeformConnector.FormId)("no/slash")) // true false
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const FormId = Schema.String.check(
  Schema.isPattern(/^[A-Za-z0-9_-]+$/, { expected: "a Typeform form id (letters, digits, _ and -)" })
)

/**
 * The configuration.
 *
 * - `token`: a personal access token with the `forms:read` and `responses:read` scopes (secret,
 *   sent as `Authorization: Bearer`).
 * - `formIds`: the forms to read (at least one).
 * - `baseUrl`: default `https://api.typeform.com`; accounts in Typeform's EU data center use
 *   `https://api.eu.typeform.com` (or `https://api.typeform.eu`); tests point it at the mock.
 * - `pageSize`: responses per request, 1–1000 (default 1000, Typeform's maximum).
 * - `startDate`: read only responses submitted from this time on (ISO 8601; default: all).
 * - `settleSeconds`: read only responses submitted at least this long ago (`until`), for
 *   responses that reach the Responses API late (default 0: up to now).
 * - `partialResponses`: also read these response types (`partial`, `started`) into the
 *   `partial_responses` stream (default: none, completed responses only).
 * - `timeoutMillis`: per-request timeout (default 30 s).
 * - `mapping`: what the answers mean (`TypeformMapping.MappingConfig`: which fields are CSAT,
 *   CES or NPS, which hidden fields identify the respondent), so one config file says both what
 *   to sync and how to model it; `TypeformMapping.toCoreFor(config)` reads it.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { TypeformConnector } from "@cxkit/connector-typeform"
 *
 * const config = Schema.decodeUnknownSync(TypeformConnector.Config)({ token: "tfp_secret", formIds: ["u6nXL7"] })
 * console.log(String(config.token), config.formIds) // <redacted> [ 'u6nXL7' ]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Config = Schema.Struct({
  token: Schema.RedactedFromValue(Schema.String),
  formIds: Schema.Array(FormId).check(Schema.isMinLength(1)),
  baseUrl: Schema.optionalKey(Schema.String),
  pageSize: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 1000 }))),
  startDate: Schema.optionalKey(
    Schema.String.check(
      Schema.makeFilter((s) =>
        /^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s))
          ? undefined
          : `Expected an ISO 8601 date or date-time, got ${JSON.stringify(s)}`
      )
    )
  ),
  settleSeconds: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
  partialResponses: Schema.optionalKey(
    Schema.Array(Schema.Literals(["partial", "started"])).check(Schema.isMinLength(1))
  ),
  timeoutMillis: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThan(0))),
  mapping: Schema.optionalKey(MappingConfig)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Config = typeof Config.Type

/**
 * The default API origin (Typeform's US/global data center).
 *
 * @example
 * ```ts
 * import { TypeformConnector } from "@cxkit/connector-typeform"
 *
 * console.log(TypeformConnector.defaultBaseUrl) // https://api.typeform.com
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const defaultBaseUrl = "https://api.typeform.com"

/**
 * Typeform's documented request limit: 2 requests per second per account, for the Create and
 * Responses APIs (https://www.typeform.com/developers/get-started/, "Rate limits"). The
 * connector's client stays under it.
 *
 * @example
 * ```ts
 * import { TypeformConnector } from "@cxkit/connector-typeform"
 *
 * console.log(TypeformConnector.requestsPerSecond) // 2
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const requestsPerSecond = 2

const Labels = Schema.Struct({
  left: Schema.optionalKey(Schema.String),
  center: Schema.optionalKey(Schema.String),
  right: Schema.optionalKey(Schema.String)
})

/**
 * A field of a form definition, as the Create API returns it: `id`, `ref`, `type`, `title`,
 * and `properties` (for `opinion_scale` and `rating`: `steps`, `start_at_one`, `shape`,
 * `labels`; for `group` and `inline_group`: the nested `fields`).
 *
 * @example
 * ```ts
 * import type { TypeformConnector } from "@cxkit/connector-typeform"
 *
 * const field: TypeformConnector.Field = {
 *   id: "Q7M2XAwY04dW", ref: "ease", type: "opinion_scale", title: "How easy was it?",
 *   properties: { steps: 7, start_at_one: true, labels: { left: "Very hard", right: "Very easy" } }
 * }
 * console.log(field.properties?.steps) // 7
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Field {
  readonly id: string
  readonly ref?: string
  readonly type: string
  readonly title: string
  readonly properties?: {
    readonly steps?: number
    readonly start_at_one?: boolean
    readonly shape?: string
    readonly labels?: typeof Labels.Type
    readonly description?: string
    readonly fields?: ReadonlyArray<Field>
    readonly choices?: unknown
    readonly [other: string]: unknown
  }
  readonly validations?: unknown
  readonly attachment?: unknown
  readonly layout?: unknown
}

const FieldProperties = Schema.Struct({
  steps: Schema.optionalKey(Schema.Int),
  start_at_one: Schema.optionalKey(Schema.Boolean),
  shape: Schema.optionalKey(Schema.String),
  labels: Schema.optionalKey(Labels),
  description: Schema.optionalKey(Schema.String),
  fields: Schema.optionalKey(Schema.Array(Schema.suspend((): Schema.Codec<Field> => FieldSchema))),
  choices: Schema.optionalKey(Schema.Unknown),
  allow_multiple_selection: Schema.optionalKey(Schema.Unknown),
  allow_other_choice: Schema.optionalKey(Schema.Unknown),
  randomize: Schema.optionalKey(Schema.Unknown),
  vertical_alignment: Schema.optionalKey(Schema.Unknown),
  alphabetical_order: Schema.optionalKey(Schema.Unknown),
  button_text: Schema.optionalKey(Schema.Unknown),
  hide_marks: Schema.optionalKey(Schema.Unknown),
  structure: Schema.optionalKey(Schema.Unknown),
  separator: Schema.optionalKey(Schema.Unknown),
  currency: Schema.optionalKey(Schema.Unknown),
  default_country_code: Schema.optionalKey(Schema.Unknown)
})

/**
 * The Schema of a form field (recursive: groups hold fields). Properties other than those of
 * `Field` are dropped.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { TypeformConnector } from "@cxkit/connector-typeform"
 *
 * const field = Schema.decodeUnknownSync(TypeformConnector.FieldSchema)({ id: "a", ref: "nps", type: "nps", title: "Recommend us?" })
 * console.log(field.type) // nps
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const FieldSchema: Schema.Codec<Field> = Schema.Struct({
  id: Schema.String,
  ref: Schema.optionalKey(Schema.String),
  type: Schema.String,
  title: Schema.String,
  properties: Schema.optionalKey(FieldProperties),
  validations: Schema.optionalKey(Schema.Unknown),
  attachment: Schema.optionalKey(Schema.Unknown),
  layout: Schema.optionalKey(Schema.Unknown)
}) as unknown as Schema.Codec<Field>

/**
 * A form definition as the `forms` stream delivers it (`GET /forms/{form_id}`): `id`, `title`,
 * `fields`, the names of its `hidden` fields, and the rest of the definition as Typeform sends
 * it (settings, theme, screens, logic, links).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { TypeformConnector } from "@cxkit/connector-typeform"
 *
 * const form = Schema.decodeUnknownSync(TypeformConnector.FormDefinition)({
 *   id: "u6nXL7", title: "Customer survey", hidden: ["email"],
 *   fields: [{ id: "a", ref: "nps", type: "nps", title: "How likely are you to recommend us?" }]
 * })
 * console.log(form.fields?.[0]?.ref, form.hidden) // nps [ 'email' ]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const FormDefinition = Schema.Struct({
  id: Schema.String,
  title: Schema.String,
  type: Schema.optionalKey(Schema.String),
  created_at: Schema.optionalKey(Schema.String),
  last_updated_at: Schema.optionalKey(Schema.String),
  published_at: Schema.optionalKey(Schema.String),
  fields: Schema.optionalKey(Schema.Array(FieldSchema)),
  hidden: Schema.optionalKey(Schema.Array(Schema.String)),
  variables: Schema.optionalKey(Schema.Unknown),
  settings: Schema.optionalKey(Schema.Unknown),
  theme: Schema.optionalKey(Schema.Unknown),
  workspace: Schema.optionalKey(Schema.Unknown),
  welcome_screens: Schema.optionalKey(Schema.Unknown),
  thankyou_screens: Schema.optionalKey(Schema.Unknown),
  logic: Schema.optionalKey(Schema.Unknown),
  cui_settings: Schema.optionalKey(Schema.Unknown),
  _links: Schema.optionalKey(Schema.Unknown)
})

/**
 * @since 0.1.0
 * @category models
 */
export type FormDefinition = typeof FormDefinition.Type

/**
 * One answer of a response: the `field` it answers (`id`, `type`, `ref`), the answer's `type`
 * and its value under the key of that type (`number` for `nps`, `rating` and `opinion_scale`;
 * `text`, `choice`, `choices`, `boolean`, `email`, `date`, `url`, `file_url`, `phone_number`,
 * `payment`, …).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { TypeformConnector } from "@cxkit/connector-typeform"
 *
 * const answer = Schema.decodeUnknownSync(TypeformConnector.Answer)({
 *   field: { id: "WOTdC00F8A3h", type: "rating", ref: "stars" }, type: "number", number: 3
 * })
 * console.log(answer.field.type, answer.number) // rating 3
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Answer = Schema.Struct({
  field: Schema.Struct({
    id: Schema.String,
    type: Schema.String,
    ref: Schema.optionalKey(Schema.String),
    title: Schema.optionalKey(Schema.String)
  }),
  type: Schema.String,
  number: Schema.optionalKey(Schema.Number),
  text: Schema.optionalKey(Schema.String),
  email: Schema.optionalKey(Schema.String),
  url: Schema.optionalKey(Schema.String),
  file_url: Schema.optionalKey(Schema.String),
  date: Schema.optionalKey(Schema.String),
  boolean: Schema.optionalKey(Schema.Boolean),
  phone_number: Schema.optionalKey(Schema.String),
  choice: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown)),
  choices: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown)),
  payment: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown)),
  multi_format: Schema.optionalKey(Schema.Unknown)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Answer = typeof Answer.Type

/**
 * A response as the `responses` stream delivers it: Typeform's item (`landing_id`, `token`,
 * `response_id`, `response_type`, `landed_at`, `submitted_at`, `metadata`, `hidden`,
 * `calculated`, `variables`, `answers`) plus `form_id`, the form it answers (added by the
 * connector: Typeform's `response_id` is unique per form only).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { TypeformConnector } from "@cxkit/connector-typeform"
 *
 * const response = Schema.decodeUnknownSync(TypeformConnector.Response)({
 *   landing_id: "21085286190ffad1248d17c4135ee56f", token: "21085286190ffad1248d17c4135ee56f",
 *   response_id: "21085286190ffad1248d17c4135ee56f", landed_at: "2017-09-14T22:33:59Z", submitted_at: "2017-09-14T22:38:22Z",
 *   hidden: { email: "ada@example.com" }, answers: [{ field: { id: "a", type: "nps", ref: "nps" }, type: "number", number: 9 }],
 *   form_id: "u6nXL7"
 * })
 * console.log(response.answers?.[0]?.number, response.hidden?.email) // 9 ada@example.com
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Response = Schema.Struct({
  landing_id: Schema.String,
  token: Schema.String,
  response_id: Schema.String,
  response_type: Schema.optionalKey(Schema.String),
  landed_at: Schema.String,
  submitted_at: Schema.String,
  metadata: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown)),
  hidden: Schema.optionalKey(Schema.Record(Schema.String, Schema.String)),
  calculated: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown)),
  variables: Schema.optionalKey(Schema.Array(Schema.Record(Schema.String, Schema.Unknown))),
  answers: Schema.optionalKey(Schema.NullOr(Schema.Array(Answer))),
  tags: Schema.optionalKey(Schema.Array(Schema.String)),
  form_id: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export type Response = typeof Response.Type

/**
 * A partial or started response as the `partial_responses` stream delivers it: a `Response`
 * whose `submitted_at` may be missing (it was never submitted) and whose `response_type` is
 * `partial` or `started`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { TypeformConnector } from "@cxkit/connector-typeform"
 *
 * const partial = Schema.decodeUnknownSync(TypeformConnector.PartialResponse)({
 *   landing_id: "p1", token: "p1", response_id: "p1", response_type: "partial", landed_at: "2024-05-01T10:00:00Z", form_id: "u6nXL7"
 * })
 * console.log(partial.submitted_at) // undefined
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const PartialResponse = Schema.Struct({
  ...Response.fields,
  submitted_at: Schema.optionalKey(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type PartialResponse = typeof PartialResponse.Type

/**
 * Where the `responses` stream goes on in one form: `since` (an inclusive lower bound on
 * `submitted_at`, to the second, as Typeform's `since` takes it) and `exclude`, the ids of the
 * responses already delivered in that second (sent as `excluded_response_ids`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { TypeformConnector } from "@cxkit/connector-typeform"
 *
 * const p = Schema.decodeUnknownSync(TypeformConnector.Position)({ since: "2024-05-01T10:00:00", exclude: ["r1"] })
 * console.log(p.exclude) // [ 'r1' ]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Position = Schema.Struct({ since: Schema.String, exclude: Schema.Array(Schema.String) })

/**
 * @since 0.1.0
 * @category models
 */
export type Position = typeof Position.Type

/**
 * The `responses` stream's checkpoint: one `Position` per form read so far, so each form
 * resumes where it stopped and a form added to the config later starts from its first response.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { TypeformConnector } from "@cxkit/connector-typeform"
 *
 * const state = Schema.decodeUnknownSync(TypeformConnector.State)({ forms: { u6nXL7: { since: "2024-05-01T10:00:00", exclude: [] } } })
 * console.log(Object.keys(state.forms)) // [ 'u6nXL7' ]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const State = Schema.Struct({ forms: Schema.Record(Schema.String, Position) })

/**
 * @since 0.1.0
 * @category models
 */
export type State = typeof State.Type

/**
 * The most responses sharing one `submitted_at` second that the keyset can step over: their ids
 * travel in `excluded_response_ids`, and a longer list would not fit in a URL. A form with more
 * responses in one second fails its stream with reason `source-bug` rather than skip any.
 *
 * @example
 * ```ts
 * import { TypeformConnector } from "@cxkit/connector-typeform"
 *
 * console.log(TypeformConnector.maxTiedResponses) // 200
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const maxTiedResponses = 200

/**
 * A time as Typeform's `since` / `until` parameters take it: UTC, to the second, with `T`
 * (`2020-03-20T14:00:59`). Fractions of a second are dropped (the bound stays inclusive).
 *
 * @example
 * ```ts
 * import { TypeformConnector } from "@cxkit/connector-typeform"
 *
 * console.log(TypeformConnector.toSecond("2024-05-01T12:00:59.900+02:00")) // 2024-05-01T10:00:59
 * console.log(TypeformConnector.toSecond(1714557659)) // 2024-05-01T10:00:59
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const toSecond = (value: string | number): string => {
  const millis = typeof value === "number" ? value * 1000 : Date.parse(value)
  return new Date(Math.floor(millis / 1000) * 1000).toISOString().slice(0, 19)
}

/**
 * The position after a page of responses: the largest `submitted_at` (or `landed_at`) second of
 * the page and the ids delivered in it (with those of the previous position when the second is
 * the same).
 *
 * @example
 * ```ts
 * import { TypeformConnector } from "@cxkit/connector-typeform"
 *
 * const p = TypeformConnector.advance({ since: "2024-05-01T10:00:00", exclude: ["a"] }, [
 *   { response_id: "b", submitted_at: "2024-05-01T10:00:00Z" }
 * ])
 * console.log(p) // { since: '2024-05-01T10:00:00', exclude: [ 'a', 'b' ] }
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const advance = (
  position: Position | undefined,
  records: ReadonlyArray<unknown>,
  field: "submitted_at" | "landed_at" = "submitted_at"
): Position | undefined => {
  let since = position?.since
  let exclude = new Set(position?.exclude ?? [])
  for (const record of records) {
    const id = (record as { response_id?: unknown }).response_id
    const at = (record as Record<string, unknown>)[field]
    if (typeof id !== "string" || typeof at !== "string") continue
    const second = toSecond(at)
    if (since === undefined || second > since) {
      since = second
      exclude = new Set([id])
    } else if (second === since) exclude.add(id)
  }
  return since === undefined ? undefined : { since, exclude: [...exclude] }
}

/**
 * Classifies Typeform's error answers, whose body is an error object `{ code, description,
 * details? }` (https://www.typeform.com/developers/troubleshooting/): 401/403
 * (`AUTHENTICATION_ERROR`, `INVALID_AUTHORIZATION`, a token without the scope) are `auth`, 404
 * (`FORM_NOT_FOUND`: a wrong form id) is `config`, 400 (`VALIDATION_ERROR`) is `source-bug`
 * (the connector sent what Typeform refuses), 429 is `rate-limited` (the 2-per-second limit);
 * other answers fall back to `Http.classify`.
 *
 * @example
 * ```ts
 * import { TypeformConnector } from "@cxkit/connector-typeform"
 *
 * const error = TypeformConnector.classify({
 *   method: "GET", path: "/forms/nope/responses", status: 404, headers: {}, text: "", retryAfterMs: undefined, now: 0,
 *   json: { code: "FORM_NOT_FOUND", description: "Non existing form with uid nope" }
 * })
 * console.log(error?.reason, error?.message) // config GET /forms/nope/responses answered 404: FORM_NOT_FOUND: Non existing form with uid nope
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export const classify = (info: Http.ResponseInfo): ConnectorError.ConnectorError | undefined => {
  const body = info.json as { code?: unknown; description?: unknown; details?: unknown } | undefined
  if (body === undefined || body === null || typeof body.code !== "string") return undefined
  const details = Array.isArray(body.details)
    ? (body.details as Array<{ field?: unknown; description?: unknown }>)
        .map((d) => [d.field, d.description].filter((s) => typeof s === "string").join(": "))
        .filter((s) => s !== "")
    : []
  const description = typeof body.description === "string" ? `: ${body.description}` : ""
  const message = `${info.method} ${info.path} answered ${info.status}: ${body.code}${description}${
    details.length > 0 ? ` (${details.join("; ")})` : ""
  }`
  const extra = {
    status: info.status,
    ...(info.retryAfterMs !== undefined ? { retryAfterMs: info.retryAfterMs } : {})
  }
  if (info.status === 401 || info.status === 403) return ConnectorError.make("auth", message, extra)
  if (info.status === 404) return ConnectorError.make("config", message, extra)
  if (info.status === 400) return ConnectorError.make("source-bug", message, extra)
  if (info.status === 429) return ConnectorError.make("rate-limited", message, extra)
  return undefined
}

/**
 * The authenticated client the connector's layer builds, with the config.
 *
 * @example
 * ```ts
 * import { TypeformConnector } from "@cxkit/connector-typeform"
 *
 * console.log(TypeformConnector.TypeformApi.key) // @cxkit/connector-typeform/TypeformApi
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export class TypeformApi extends Context.Service<
  TypeformApi,
  { readonly client: Http.Client; readonly config: Config }
>()("@cxkit/connector-typeform/TypeformApi") {}

/**
 * The query of one responses request from a position: completed responses unless `types` says
 * otherwise (`response_type`; completed only is the Responses API's own default), oldest first
 * (`sort=submitted_at,asc`; `landed_at,asc` for partial and started responses, whose `since` /
 * `until` Typeform applies to `landed_at`), from `since` (inclusive), up to `until` when given,
 * without those already delivered in that second.
 *
 * @example
 * ```ts
 * import { TypeformConnector } from "@cxkit/connector-typeform"
 *
 * console.log(TypeformConnector.responsesQuery({ since: "2024-05-01T10:00:00", exclude: ["a", "b"] }, 1000))
 * // { page_size: 1000, sort: 'submitted_at,asc', response_type: 'completed', since: '2024-05-01T10:00:00', excluded_response_ids: 'a,b' }
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const responsesQuery = (
  position: Position | undefined,
  pageSize: number,
  options: { readonly types?: ReadonlyArray<string>; readonly until?: string } = {}
): Record<string, string | number> => {
  const types = options.types ?? ["completed"]
  return {
    page_size: pageSize,
    // for other types than completed, since/until and the order are on landed_at
    sort: types.every((t) => t === "completed") ? "submitted_at,asc" : "landed_at,asc",
    response_type: types.join(","),
    ...(position !== undefined ? { since: position.since } : {}),
    ...(options.until !== undefined ? { until: options.until } : {}),
    ...(position !== undefined && position.exclude.length > 0
      ? { excluded_response_ids: position.exclude.join(",") }
      : {})
  }
}

const itemsOf = (body: unknown): ReadonlyArray<unknown> => {
  const items = (body as { items?: unknown } | null)?.items
  return Array.isArray(items) ? items : []
}

const forms = SourceStream.make<Config>()({
  name: "forms",
  description: "The definitions of the configured forms: fields with their types, refs and scales",
  schema: FormDefinition,
  primaryKey: "id",
  state: Schema.Undefined,
  read: ({ config }) =>
    Stream.unwrap(
      Effect.map(TypeformApi, ({ client }) =>
        Stream.fromIterable(config.formIds).pipe(
          Stream.mapEffect((formId) => client.get(`/forms/${formId}`)),
          Stream.map((response): SourceStream.Page<undefined> => ({ records: [response.body] }))
        )
      )
    )
})

// Keyset paging, never offsets and never Typeform's `before`/`after` tokens: every request asks
// `since=<largest submitted_at second delivered>` (inclusive) with `sort=submitted_at,asc`,
// excluding the responses already delivered in that second. A response submitted while a sync
// pages has a later `submitted_at` than anything delivered, so it sorts after the position and
// comes in this run or the next; a response deleted meanwhile shifts nothing, since a page is
// defined by a time and ids, not by a count of responses before it. (Tokens order responses as
// Typeform processed them, cannot be combined with `sort` or `since`, and a token whose
// response was deleted points nowhere.) Each page's checkpoint holds every form's position.
const responsesOfForm = (
  client: Http.Client,
  formId: string,
  pageSize: number,
  start: Position | undefined,
  positions: Record<string, Position>,
  query: { readonly types?: ReadonlyArray<string>; readonly until?: string } = {}
) => {
  const field = (query.types ?? ["completed"]).every((t) => t === "completed") ? "submitted_at" : "landed_at"
  let position = start
  let asked = start
  const fetch = (token: string | undefined) => {
    const at = token === undefined ? start : (JSON.parse(token) as Position)
    asked = at
    if (at !== undefined && at.exclude.length > maxTiedResponses) {
      return Effect.fail(
        ConnectorError.make(
          "source-bug",
          `form ${formId}: more than ${maxTiedResponses} responses share the ${field} second ${at.since}; the Responses API pages by the second, so the connector cannot step over them without skipping some`
        )
      )
    }
    return client.get(`/forms/${formId}/responses`, { urlParams: responsesQuery(at, pageSize, query) })
  }
  return Paginate.cursor({
    start: start === undefined ? undefined : JSON.stringify(start),
    fetch,
    records: (response) => itemsOf(response.body).map((item) => ({ ...(item as object), form_id: formId })),
    next: (response) => {
      const items = itemsOf(response.body)
      const total = (response.body as { total_items?: unknown } | null)?.total_items
      const more = typeof total === "number" ? total > items.length : items.length >= pageSize
      if (items.length === 0 || !more) return undefined
      return JSON.stringify(advance(asked, items, field))
    }
  }).pipe(
    Stream.map((page): SourceStream.Page<State> => {
      position = advance(position, page.records, field)
      if (position !== undefined) positions[formId] = position
      // an empty page repeats the positions unchanged, so the next run still gets them
      return Object.keys(positions).length === 0
        ? { records: page.records }
        : { records: page.records, checkpoint: { forms: { ...positions } } }
    })
  )
}

const responses = SourceStream.make<Config>()({
  name: "responses",
  description: "Completed responses of the configured forms, oldest first, incremental on submitted_at",
  schema: Response,
  primaryKey: "response_id",
  cursorField: "submitted_at",
  order: "ascending",
  state: State,
  read: ({ config, state, cursor }) =>
    Stream.unwrap(
      Effect.map(TypeformApi, ({ client }) => {
        const positions: Record<string, Position> = { ...state?.forms }
        // Without a checkpoint (a state written before this connector kept one), every form
        // starts at the runner's mark; with one, a form it does not name is new: from the start.
        const fallback: Position | undefined =
          state !== undefined || cursor === undefined
            ? undefined
            : { since: toSecond(cursor.value), exclude: [...(cursor.keys ?? [])] }
        const first: Position | undefined =
          config.startDate === undefined ? undefined : { since: toSecond(config.startDate), exclude: [] }
        return Stream.unwrap(
          Effect.map(untilOf(config), (until) =>
            Stream.fromIterable(config.formIds).pipe(
              Stream.flatMap((formId) =>
                responsesOfForm(
                  client,
                  formId,
                  config.pageSize ?? 1000,
                  positions[formId] ?? fallback ?? first,
                  positions,
                  until === undefined ? {} : { until }
                )
              )
            )
          )
        )
      })
    )
})

const untilOf = (config: Config) =>
  config.settleSeconds === undefined || config.settleSeconds === 0
    ? Effect.succeed(undefined)
    : Effect.map(Clock.currentTimeMillis, (now) =>
        toSecond((now - (config.settleSeconds ?? 0) * 1000) / 1000)
      )

// Partial and started responses change in place (more answers, or completion) without a new
// timestamp, and Typeform filters them on landed_at: no cursor an incremental run could trust,
// so the stream is read whole on every run (by the same keyset, on landed_at).
const partialResponses = SourceStream.make<Config>()({
  name: "partial_responses",
  description:
    "Partial and started responses of the configured forms (config partialResponses), read whole each run",
  schema: PartialResponse,
  primaryKey: "response_id",
  state: State,
  read: ({ config, state }) =>
    Stream.unwrap(
      Effect.map(TypeformApi, ({ client }) => {
        const positions: Record<string, Position> = { ...state?.forms }
        const types = config.partialResponses ?? []
        return Stream.fromIterable(types.length === 0 ? [] : config.formIds).pipe(
          Stream.flatMap((formId) =>
            responsesOfForm(client, formId, config.pageSize ?? 1000, positions[formId], positions, { types })
          )
        )
      })
    )
})

const makeApi = (config: Config) =>
  Effect.map(
    Http.make({
      baseUrl: config.baseUrl ?? defaultBaseUrl,
      auth: { _tag: "Bearer", token: config.token },
      rateLimit: { requests: requestsPerSecond, per: "1 second" },
      classify,
      timeout: config.timeoutMillis ?? 30_000
    }),
    (client) => ({ client, config })
  )

/**
 * The connector: `forms` (the definitions of the configured forms, full refresh) and
 * `responses` (their completed responses, oldest first, incremental on `submitted_at`); with
 * `partialResponses` configured, `partial_responses` too (discovered; read whole each run).
 *
 * @example
 * ```ts
 * import { TypeformConnector } from "@cxkit/connector-typeform"
 *
 * console.log(TypeformConnector.connector.id, TypeformConnector.connector.streams.map((s) => s.name)) // typeform [ 'forms', 'responses' ]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const connector = Connector.make({
  id: "typeform",
  version: "0.1.0",
  config: Config,
  check: (config) =>
    Effect.gen(function* () {
      const { client } = yield* TypeformApi
      for (const formId of config.formIds) yield* client.get(`/forms/${formId}`)
    }),
  streams: [forms, responses],
  discover: (config) => Effect.succeed(config.partialResponses === undefined ? [] : [partialResponses]),
  layer: (config): Layer.Layer<TypeformApi, never, HttpClient.HttpClient> =>
    Layer.effect(TypeformApi, makeApi(config))
})
