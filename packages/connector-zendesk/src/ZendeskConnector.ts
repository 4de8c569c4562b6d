/**
 * The Zendesk Support connector: tickets and users through the cursor-based incremental export
 * APIs (the export cursor is the state), satisfaction ratings and organizations through cursor
 * pagination. Deleted tickets and users are reported as deletions; the incremental export rate
 * limit (10 requests per minute) is respected client-side.
 *
 * @since 0.1.0
 */
import { Connector, ConnectorError, Http, Paginate, SourceStream } from "@cxkit/connectors"
import { Clock, Context, Duration, Effect, Layer, Option, Schema, Semaphore, Stream } from "effect"
import type { HttpClient } from "effect/http"

/**
 * The connector's configuration.
 *
 * - `subdomain` (`acme` for `https://acme.zendesk.com`) or `baseUrl` (any compatible server):
 *   one of them is required.
 * - `email` and `apiToken` (secret): API token authentication, sent as basic auth
 *   `{email}/token:{apiToken}`.
 * - `startTime`: Unix seconds from which the first export starts (default 0: everything).
 * - `pageSize`: records per request (default 1000 for exports, at most 100 for the lists).
 * - `exportRequestsPerMinute`: client-side limit of the incremental exports (default 10, Zendesk's
 *   limit; 30 with `highVolume`), kept over any rolling minute.
 * - `requestsPerMinute`: client-side limit of all requests (default 200, the lowest plan's limit;
 *   2,500 with `highVolume`).
 * - `highVolume`: the account has the High Volume API add-on (2,500 requests per minute, 30
 *   export requests per minute); explicit limits above still win.
 * - `timeoutMillis`: per request (default 30,000).
 * - `csatLocale`: the locale the CSAT survey definitions are read in (default `en-us`), for
 *   the `csat_responses` stream.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ZendeskConnector } from "@cxkit/connector-zendesk"
 *
 * const config = Schema.decodeUnknownSync(ZendeskConnector.Config)({ subdomain: "acme", email: "ops@acme.example", apiToken: "zd-123" })
 * console.log(ZendeskConnector.baseUrlOf(config), String(config.apiToken)) // "https://acme.zendesk.com" "<redacted>"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Config = Schema.Struct({
  subdomain: Schema.optionalKey(
    Schema.String.check(
      Schema.isPattern(/^[a-z0-9][a-z0-9-]*$/, { expected: "a Zendesk subdomain such as acme" })
    )
  ),
  baseUrl: Schema.optionalKey(Schema.String),
  email: Schema.String.check(Schema.isNonEmpty()),
  apiToken: Schema.RedactedFromValue(Schema.String),
  startTime: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
  pageSize: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 1000 }))),
  exportRequestsPerMinute: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))),
  requestsPerMinute: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))),
  highVolume: Schema.optionalKey(Schema.Boolean),
  timeoutMillis: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))),
  csatLocale: Schema.optionalKey(
    Schema.String.check(
      Schema.isPattern(/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i, { expected: "a locale such as en-us" })
    )
  )
}).check(
  Schema.makeFilter((config) =>
    config.subdomain === undefined && config.baseUrl === undefined
      ? { path: ["subdomain"], issue: "Expected a subdomain or a baseUrl, got neither" }
      : undefined
  )
)

/**
 * @since 0.1.0
 * @category schemas
 */
export type Config = typeof Config.Type

/**
 * The client-side limits a config asks for: Zendesk's documented limits of the lowest plan, or
 * of the High Volume API add-on with `highVolume`, unless set explicitly.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ZendeskConnector } from "@cxkit/connector-zendesk"
 *
 * const decode = Schema.decodeUnknownSync(ZendeskConnector.Config)
 * const base = { subdomain: "acme", email: "ops@acme.example", apiToken: "zd-123" }
 * console.log(ZendeskConnector.limits(decode(base))) // { requestsPerMinute: 200, exportRequestsPerMinute: 10 }
 * console.log(ZendeskConnector.limits(decode({ ...base, highVolume: true }))) // { requestsPerMinute: 2500, exportRequestsPerMinute: 30 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const limits = (
  config: Config
): { readonly requestsPerMinute: number; readonly exportRequestsPerMinute: number } => ({
  requestsPerMinute: config.requestsPerMinute ?? (config.highVolume === true ? 2500 : 200),
  exportRequestsPerMinute: config.exportRequestsPerMinute ?? (config.highVolume === true ? 30 : 10)
})

/**
 * The API origin of a config: `baseUrl`, else `https://{subdomain}.zendesk.com`.
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { ZendeskConnector } from "@cxkit/connector-zendesk"
 *
 * console.log(ZendeskConnector.baseUrlOf({ baseUrl: "http://127.0.0.1:8080", email: "a@b.example", apiToken: Redacted.make("t") }))
 * // "http://127.0.0.1:8080"
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const baseUrlOf = (config: Config): string =>
  config.baseUrl ?? `https://${config.subdomain ?? ""}.zendesk.com`

/**
 * A ticket from the incremental export. `generated_timestamp` (Unix seconds) moves on every
 * change and is the stream's cursor; a deleted ticket has status `deleted`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ZendeskConnector } from "@cxkit/connector-zendesk"
 *
 * const ticket = Schema.decodeUnknownSync(ZendeskConnector.Ticket)({
 *   id: 35436, subject: "Help, my printer is on fire!", status: "open", priority: "high", type: "incident",
 *   requester_id: 20978392, organization_id: null, via: { channel: "email" }, tags: ["printer"],
 *   created_at: "2024-03-01T10:00:00Z", updated_at: "2024-03-01T11:00:00Z", generated_timestamp: 1709290800
 * })
 * console.log(ticket.via.channel) // "email"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Ticket = Schema.Struct({
  id: Schema.Number,
  subject: Schema.NullOr(Schema.String),
  description: Schema.optionalKey(Schema.NullOr(Schema.String)),
  status: Schema.String,
  priority: Schema.NullOr(Schema.String),
  type: Schema.NullOr(Schema.String),
  requester_id: Schema.NullOr(Schema.Number),
  assignee_id: Schema.optionalKey(Schema.NullOr(Schema.Number)),
  organization_id: Schema.NullOr(Schema.Number),
  via: Schema.Struct({ channel: Schema.String }),
  tags: Schema.Array(Schema.String),
  created_at: Schema.String,
  updated_at: Schema.String,
  generated_timestamp: Schema.Number
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type Ticket = typeof Ticket.Type

/**
 * A user from the incremental user export (`active: false` once deleted).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ZendeskConnector } from "@cxkit/connector-zendesk"
 *
 * const user = Schema.decodeUnknownSync(ZendeskConnector.User)({
 *   id: 20978392, name: "Ada Lovelace", email: "ada@example.com", phone: null, role: "end-user",
 *   organization_id: null, active: true, created_at: "2024-01-01T09:00:00Z", updated_at: "2024-01-02T09:00:00Z"
 * })
 * console.log(user.role) // "end-user"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const User = Schema.Struct({
  id: Schema.Number,
  name: Schema.String,
  email: Schema.NullOr(Schema.String),
  phone: Schema.NullOr(Schema.String),
  role: Schema.String,
  organization_id: Schema.NullOr(Schema.Number),
  active: Schema.Boolean,
  created_at: Schema.String,
  updated_at: Schema.String
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type User = typeof User.Type

/**
 * An organization.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ZendeskConnector } from "@cxkit/connector-zendesk"
 *
 * const org = Schema.decodeUnknownSync(ZendeskConnector.Organization)({
 *   id: 361898904439, name: "Acme", domain_names: ["acme.example"], created_at: "2024-01-01T09:00:00Z", updated_at: "2024-01-01T09:00:00Z"
 * })
 * console.log(org.domain_names) // [ "acme.example" ]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Organization = Schema.Struct({
  id: Schema.Number,
  name: Schema.String,
  domain_names: Schema.Array(Schema.String),
  created_at: Schema.String,
  updated_at: Schema.String
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type Organization = typeof Organization.Type

/**
 * A satisfaction rating: `score` is `good` or `bad` once the customer answered (`offered` and
 * `unoffered` otherwise), with an optional comment and reason.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ZendeskConnector } from "@cxkit/connector-zendesk"
 *
 * const rating = Schema.decodeUnknownSync(ZendeskConnector.SatisfactionRating)({
 *   id: 35121, ticket_id: 35436, requester_id: 20978392, assignee_id: 7, score: "bad", comment: "Too slow",
 *   reason: "The issue took too long to resolve", reason_id: 1001,
 *   created_at: "2024-03-02T10:00:00Z", updated_at: "2024-03-02T10:00:00Z"
 * })
 * console.log(rating.score) // "bad"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const SatisfactionRating = Schema.Struct({
  id: Schema.Number,
  ticket_id: Schema.NullOr(Schema.Number),
  requester_id: Schema.NullOr(Schema.Number),
  assignee_id: Schema.NullOr(Schema.Number),
  score: Schema.String,
  comment: Schema.optionalKey(Schema.NullOr(Schema.String)),
  reason: Schema.optionalKey(Schema.NullOr(Schema.String)),
  reason_id: Schema.optionalKey(Schema.NullOr(Schema.Number)),
  created_at: Schema.String,
  updated_at: Schema.String
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type SatisfactionRating = typeof SatisfactionRating.Type

// The current CSAT (2024+): survey definitions and survey responses, as documented in
// https://developer.zendesk.com/api-reference/ticketing/ticket-management/csat_surveys and
// https://developer.zendesk.com/api-reference/ticketing/ticket-management/csat_survey_responses
// (available on Support Professional and above, and Zendesk Suite Growth and above).

const TextContent = Schema.Struct({
  type: Schema.String,
  value: Schema.String,
  key: Schema.optionalKey(Schema.String)
})

const FollowUp = Schema.NullOr(Schema.Struct({ question_id: Schema.String }))

/**
 * A question of a CSAT survey (and the `question` of an answer): `type` is `closed_ended`,
 * `open_ended`, `rating_scale_custom_text`, `rating_scale_emoji` or `rating_scale_numeric`; a
 * rating-scale question has a `sub_type` (`customer_satisfaction` or `other`) and `options`,
 * each with its numeric `rating`. In the list of survey responses the question carries only its
 * `id`, `type` and `sub_type`; its options come from the survey definition.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ZendeskConnector } from "@cxkit/connector-zendesk"
 *
 * const question = Schema.decodeUnknownSync(ZendeskConnector.CsatQuestion)({
 *   id: "01GFYBENPDGN1R6NAA4WRDNVFR", type: "rating_scale_numeric", sub_type: "customer_satisfaction",
 *   headline: { type: "static", value: "How would you rate the support you received?" },
 *   options: [{ rating: 1, label: { type: "static", value: "Bad" } }, { rating: 2, label: { type: "static", value: "Good" } }]
 * })
 * console.log(question.options?.map((o) => o.rating)) // [ 1, 2 ]
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const CsatQuestion = Schema.Struct({
  type: Schema.String,
  id: Schema.String,
  alias: Schema.optionalKey(Schema.String),
  sub_type: Schema.optionalKey(Schema.String),
  headline: Schema.optionalKey(Schema.NullOr(Schema.Union([TextContent, Schema.String]))),
  options: Schema.optionalKey(
    Schema.NullOr(
      Schema.Array(
        Schema.Struct({
          id: Schema.optionalKey(Schema.String),
          rating: Schema.optionalKey(Schema.Number),
          label: TextContent,
          emoji: Schema.optionalKey(TextContent),
          follow_up: Schema.optionalKey(FollowUp)
        })
      )
    )
  ),
  follow_up: Schema.optionalKey(FollowUp)
})

/**
 * @since 0.2.0
 * @category schemas
 */
export type CsatQuestion = typeof CsatQuestion.Type

/**
 * A CSAT survey definition at one version (`GET /api/v2/guide/{locale}/surveys/{id}/{version}`):
 * its questions, `state` (`enabled` / `disabled`) and `version`, incremented on every change.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ZendeskConnector } from "@cxkit/connector-zendesk"
 *
 * const survey = Schema.decodeUnknownSync(ZendeskConnector.CsatSurvey)({
 *   id: "01JQ6F1H5B9XSM626BT0M1R0W4", version: 3, state: "enabled", questions: [],
 *   created_at: "2025-03-25T00:00:00.000Z", updated_at: "2025-03-27T00:00:00.000Z"
 * })
 * console.log(survey.version) // 3
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const CsatSurvey = Schema.Struct({
  id: Schema.String,
  version: Schema.Number,
  state: Schema.String,
  questions: Schema.Array(CsatQuestion),
  created_at: Schema.String,
  updated_at: Schema.String
})

/**
 * @since 0.2.0
 * @category schemas
 */
export type CsatSurvey = typeof CsatSurvey.Type

/**
 * An answer of a CSAT survey response: `type` is `rating_scale` (`rating`, `rating_category`
 * `bad` / `neutral` / `good`), `closed_ended` (`selections` of `predefined` options),
 * `open_ended` (`value`) or `skipped`; each with its `question`, `created_at` and `updated_at`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ZendeskConnector } from "@cxkit/connector-zendesk"
 *
 * const answer = Schema.decodeUnknownSync(ZendeskConnector.CsatAnswer)({
 *   type: "rating_scale", rating: 1, rating_category: "bad",
 *   question: { id: "01J1WBE8QR0YQVE373K2JDJR0F", type: "rating_scale_numeric", sub_type: "customer_satisfaction" },
 *   created_at: "2024-08-14T12:00:00.000Z", updated_at: "2024-08-14T12:00:00.000Z"
 * })
 * console.log(answer.rating_category) // "bad"
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const CsatAnswer = Schema.Struct({
  type: Schema.String,
  question: CsatQuestion,
  rating: Schema.optionalKey(Schema.Number),
  rating_category: Schema.optionalKey(Schema.String),
  selections: Schema.optionalKey(
    Schema.Array(Schema.Struct({ type: Schema.String, option_id: Schema.String }))
  ),
  value: Schema.optionalKey(Schema.String),
  created_at: Schema.String,
  updated_at: Schema.String
})

/**
 * @since 0.2.0
 * @category schemas
 */
export type CsatAnswer = typeof CsatAnswer.Type

/**
 * A CSAT survey response (`GET /api/v2/guide/survey_responses`): the `answers`, the responder,
 * the subjects it is about (`zen:ticket:99`…), the `survey` (`id`, `version`, `state`) and
 * `expires_at`, until when the responder may still edit it. The connector attaches
 * `survey_definition`, the survey at that version (`null` when Zendesk no longer has it), so
 * the mapping reads the rating scale the question declared.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ZendeskConnector } from "@cxkit/connector-zendesk"
 *
 * const response = Schema.decodeUnknownSync(ZendeskConnector.CsatResponse)({
 *   id: "01J1WB51MG6HXTYWE6Q0C93RNW", answers: [], expires_at: "2024-08-14T12:00:00.000Z", responder_id: 4398080151295,
 *   subject_zrns: ["zen:ticket:99"], subjects: [{ id: "99", type: "ticket", zrn: "zen:ticket:99" }],
 *   survey: { id: "01J58KJ9RAE0D2EK7HRVM7Z8F2", state: "enabled", version: 3 }
 * })
 * console.log(response.subjects[0]?.zrn) // "zen:ticket:99"
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const CsatResponse = Schema.Struct({
  id: Schema.String,
  answers: Schema.Array(CsatAnswer),
  expires_at: Schema.String,
  responder_id: Schema.Number,
  subject_zrns: Schema.Array(Schema.String),
  subjects: Schema.Array(Schema.Struct({ id: Schema.String, type: Schema.String, zrn: Schema.String })),
  survey: Schema.Struct({ id: Schema.String, version: Schema.Number, state: Schema.String }),
  survey_definition: Schema.optionalKey(Schema.NullOr(CsatSurvey))
})

/**
 * @since 0.2.0
 * @category schemas
 */
export type CsatResponse = typeof CsatResponse.Type

/**
 * The checkpoint of every stream: the export's `after_cursor` (or the list's `page[after]`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ZendeskConnector } from "@cxkit/connector-zendesk"
 *
 * console.log(Schema.decodeUnknownSync(ZendeskConnector.State)({ cursor: "MTU3NjYxMzUzOS4wfHw0Njd8" }).cursor) // "MTU3NjYxMzUzOS4wfHw0Njd8"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const State = Paginate.CursorState

/**
 * The authenticated API client the streams use, built from the config by the connector's layer.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ZendeskConnector } from "@cxkit/connector-zendesk"
 *
 * console.log(Effect.isEffect(ZendeskConnector.ZendeskApi)) // true
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export class ZendeskApi extends Context.Service<
  ZendeskApi,
  {
    readonly client: Http.Client
    /** Waits until one more incremental export request fits in the rolling minute. */
    readonly paceExport: Effect.Effect<void>
    readonly pageSize: number
    readonly startTime: number
    /** The locale of the CSAT survey definitions (`GET /api/v2/guide/{locale}/surveys/…`). */
    readonly csatLocale: string
  }
>()("@cxkit/connector-zendesk/ZendeskApi") {}

/**
 * A limiter of `limit` requests per rolling minute on the effect `Clock` (so tests run it on the
 * `TestClock`): a burst of `limit`, then each request waits until the oldest of the last `limit`
 * is a minute old, plus `marginMillis` (default 2 seconds) so that a request which took long to
 * arrive is not counted in the same minute by the server. Unlike a token bucket, no window of a
 * minute ever holds more than `limit`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ZendeskConnector } from "@cxkit/connector-zendesk"
 *
 * const program = Effect.gen(function* () {
 *   const pace = ZendeskConnector.rollingMinuteLimiter(10)
 *   for (let i = 0; i < 10; i++) yield* pace
 *   return "ten requests, no wait"
 * })
 * console.log(Effect.runSync(program)) // "ten requests, no wait"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const rollingMinuteLimiter = (limit: number, marginMillis = 2000): Effect.Effect<void> => {
  const window = 60_000 + marginMillis
  const sent: Array<number> = []
  const lock = Semaphore.makeUnsafe(1)
  const acquire: Effect.Effect<void> = Effect.flatMap(Clock.currentTimeMillis, (now) => {
    // entries from a clock that moved backwards (another test clock) are dropped too
    while (sent.length > 0 && ((sent[0] as number) <= now - window || (sent[0] as number) > now)) sent.shift()
    if (sent.length < limit) {
      sent.push(now)
      return Effect.void
    }
    return Effect.flatMap(Effect.sleep(Duration.millis((sent[0] as number) + window - now)), () => acquire)
  })
  return lock.withPermits(1)(acquire)
}

const seconds = (value: SourceStream.CursorValue): number =>
  typeof value === "number" ? Math.floor(value) : Math.floor(Date.parse(value) / 1000)

/**
 * A cursor-based incremental export (`/api/v2/incremental/{resource}/cursor.json`): starts at
 * `start_time`, then follows `after_cursor` until `end_of_stream`. Every page checkpoints its
 * `after_cursor`, the last one included, so the next run resumes exactly where this one ended.
 */
const cursorExport = (
  api: ZendeskApi["Service"],
  resource: "tickets" | "users",
  start: { readonly cursor: string | undefined; readonly startTime: number },
  isDeleted: (record: Record<string, unknown>) => boolean,
  cursorField: string
): Stream.Stream<SourceStream.Page<Paginate.CursorState>, ConnectorError.ConnectorError> => {
  const path = `/api/v2/incremental/${resource}/cursor.json`
  type Position = { readonly cursor: string | undefined; readonly seen: ReadonlySet<string> }
  return Stream.paginate<
    Position,
    SourceStream.Page<Paginate.CursorState>,
    ConnectorError.ConnectorError,
    never
  >({ cursor: start.cursor, seen: new Set(start.cursor !== undefined ? [start.cursor] : []) }, (position) =>
    Effect.gen(function* () {
      yield* api.paceExport
      const response = yield* api.client.get(path, {
        urlParams:
          position.cursor !== undefined
            ? { cursor: position.cursor, per_page: api.pageSize }
            : { start_time: start.startTime, per_page: api.pageSize }
      })
      const records = Paginate.at(response.body, resource)
      if (!Array.isArray(records)) {
        return yield* ConnectorError.make(
          "source-bug",
          `GET ${path}: the response has no "${resource}" array`
        )
      }
      const live: Array<unknown> = []
      const deleted: Array<unknown> = []
      for (const record of records as ReadonlyArray<Record<string, unknown>>) {
        if (isDeleted(record)) deleted.push({ id: record.id, [cursorField]: record[cursorField] })
        else live.push(record)
      }
      const after = Paginate.at(response.body, "after_cursor")
      const cursor = typeof after === "string" && after !== "" ? after : undefined
      const end = Paginate.at(response.body, "end_of_stream") === true
      const page: SourceStream.Page<Paginate.CursorState> = {
        records: live,
        deleted,
        ...(cursor !== undefined ? { checkpoint: { cursor } } : {})
      }
      if (end || cursor === undefined) return [[page], Option.none()] as const
      if (position.seen.has(cursor)) {
        return yield* ConnectorError.make(
          "source-bug",
          `Pagination loop: GET ${path} returned the cursor ${JSON.stringify(cursor)} twice before end_of_stream`
        )
      }
      return [[page], Option.some({ cursor, seen: new Set([...position.seen, cursor]) })] as const
    })
  )
}

/**
 * The `tickets` stream: the incremental ticket export; tickets with status `deleted` are
 * reported as deletions.
 *
 * @example
 * ```ts
 * import { ZendeskConnector } from "@cxkit/connector-zendesk"
 *
 * console.log(ZendeskConnector.tickets.cursorField, ZendeskConnector.tickets.order) // "generated_timestamp" "ascending"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const tickets = SourceStream.make<Config>()({
  name: "tickets",
  description: "Zendesk tickets (incremental cursor-based export)",
  schema: Ticket,
  primaryKey: "id",
  cursorField: "generated_timestamp",
  order: "ascending",
  state: State,
  read: ({ state, cursor }) =>
    Stream.unwrap(
      Effect.map(ZendeskApi, (api) =>
        cursorExport(
          api,
          "tickets",
          { cursor: state?.cursor, startTime: cursor !== undefined ? seconds(cursor.value) : api.startTime },
          (record) => record.status === "deleted",
          "generated_timestamp"
        )
      )
    )
})

/**
 * The `users` stream: the incremental user export; deleted users (`active: false`) are
 * reported as deletions.
 *
 * @example
 * ```ts
 * import { ZendeskConnector } from "@cxkit/connector-zendesk"
 *
 * console.log(ZendeskConnector.users.name, ZendeskConnector.users.cursorField) // "users" "updated_at"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const users = SourceStream.make<Config>()({
  name: "users",
  description: "Zendesk users (incremental cursor-based export)",
  schema: User,
  primaryKey: "id",
  cursorField: "updated_at",
  order: "ascending",
  state: State,
  read: ({ state, cursor }) =>
    Stream.unwrap(
      Effect.map(ZendeskApi, (api) =>
        cursorExport(
          api,
          "users",
          { cursor: state?.cursor, startTime: cursor !== undefined ? seconds(cursor.value) : api.startTime },
          (record) => record.active === false,
          "updated_at"
        )
      )
    )
})

const listPages = (
  api: ZendeskApi["Service"],
  path: string,
  key: string,
  start: string | undefined,
  extra: Record<string, number> = {}
) =>
  Paginate.cursor({
    start,
    fetch: (after) =>
      api.client.get(path, {
        urlParams: { "page[size]": Math.min(100, api.pageSize), "page[after]": after, ...extra }
      }),
    records: key,
    next: (response) =>
      Paginate.at(response.body, "meta.has_more") === true
        ? (Paginate.at(response.body, "meta.after_cursor") as string | undefined)
        : undefined
  })

/**
 * The `satisfaction_ratings` stream (full refresh from `startTime`, cursor pagination).
 *
 * @example
 * ```ts
 * import { ZendeskConnector } from "@cxkit/connector-zendesk"
 *
 * console.log(ZendeskConnector.satisfactionRatings.name) // "satisfaction_ratings"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const satisfactionRatings = SourceStream.make<Config>()({
  name: "satisfaction_ratings",
  description: "Zendesk CSAT ratings (good / bad, with comment and reason)",
  schema: SatisfactionRating,
  primaryKey: "id",
  state: State,
  read: ({ state }) =>
    Stream.unwrap(
      Effect.map(ZendeskApi, (api) =>
        listPages(api, "/api/v2/satisfaction_ratings.json", "satisfaction_ratings", state?.cursor, {
          ...(api.startTime > 0 ? { start_time: api.startTime } : {})
        })
      )
    )
})

/**
 * The `organizations` stream (full refresh, cursor pagination).
 *
 * @example
 * ```ts
 * import { ZendeskConnector } from "@cxkit/connector-zendesk"
 *
 * console.log(ZendeskConnector.organizations.primaryKey) // [ "id" ]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const organizations = SourceStream.make<Config>()({
  name: "organizations",
  description: "Zendesk organizations",
  schema: Organization,
  primaryKey: "id",
  state: State,
  read: ({ state }) =>
    Stream.unwrap(
      Effect.map(ZendeskApi, (api) =>
        listPages(api, "/api/v2/organizations.json", "organizations", state?.cursor)
      )
    )
})

const csatResponsesPath = "/api/v2/guide/survey_responses"

/**
 * The error of the `csat_responses` stream when Zendesk refuses the CSAT survey APIs (403) or
 * does not have them (404): the account's plan lacks them (they need Support Professional or
 * Zendesk Suite Growth and above) or it still uses the legacy satisfaction ratings. Reason
 * `config`, not retried: leave `csat_responses` out of the sync's streams for such accounts.
 * Other errors pass through unchanged.
 *
 * @example
 * ```ts
 * import { ConnectorError } from "@cxkit/connectors"
 * import { ZendeskConnector } from "@cxkit/connector-zendesk"
 *
 * const error = ZendeskConnector.csatUnavailable("/api/v2/guide/survey_responses")(ConnectorError.make("auth", "403 Forbidden", { status: 403 }))
 * console.log(error.reason, error.stream, error.status) // "config" "csat_responses" 403
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const csatUnavailable =
  (path: string) =>
  (error: ConnectorError.ConnectorError): ConnectorError.ConnectorError =>
    error.status === 403 || error.status === 404
      ? ConnectorError.make(
          "config",
          `GET ${path} answered ${error.status}: this account has no CSAT surveys API (Zendesk offers it on Support ` +
            "Professional and above and Suite Growth and above, with the CSAT survey enabled; " +
            "https://developer.zendesk.com/api-reference/ticketing/ticket-management/csat_survey_responses). " +
            "Leave the csat_responses stream out of the sync (satisfaction_ratings reads the legacy CSAT).",
          { stream: "csat_responses", status: error.status }
        )
      : error

/**
 * The `csat_responses` stream: the current CSAT's survey responses
 * (`GET /api/v2/guide/survey_responses`, cursor pagination `page[size]` / `page[after]` until
 * `meta.has_more` is false, `sort=id`; `filter[created_at_start]` in Unix milliseconds from
 * `startTime` when it is set). Each response gets `survey_definition`, its survey at its
 * version (`GET /api/v2/guide/{locale}/surveys/{id}/{version}`, read once per run and version).
 * A full refresh: the API filters by creation time only and a responder may edit a response
 * until its `expires_at`, so no high-water mark would see the edits.
 *
 * @example
 * ```ts
 * import { ZendeskConnector } from "@cxkit/connector-zendesk"
 *
 * console.log(ZendeskConnector.csatResponses.name, ZendeskConnector.csatResponses.cursorField) // "csat_responses" undefined
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export const csatResponses = SourceStream.make<Config>()({
  name: "csat_responses",
  description:
    "Zendesk CSAT survey responses (the current CSAT), with the definition of their survey version",
  schema: CsatResponse,
  primaryKey: "id",
  state: State,
  read: ({ state }) =>
    Stream.unwrap(
      Effect.map(ZendeskApi, (api) => {
        const definitions = new Map<string, unknown>()
        const definitionOf = (survey: unknown): Effect.Effect<unknown, ConnectorError.ConnectorError> => {
          const id = Paginate.at(survey, "id")
          const version = Paginate.at(survey, "version")
          if (typeof id !== "string" || typeof version !== "number") return Effect.succeed(null)
          const key = `${id}/${version}`
          if (definitions.has(key)) return Effect.succeed(definitions.get(key))
          const path = `/api/v2/guide/${api.csatLocale}/surveys/${encodeURIComponent(id)}/${version}`
          return api.client.get(path).pipe(
            Effect.map((response) => Paginate.at(response.body, "survey") ?? null),
            // a survey Zendesk no longer has: the response keeps a null definition (the mapping rejects its rating)
            Effect.catchIf(
              (error) => error.status === 404,
              () => Effect.succeed(null)
            ),
            Effect.mapError(csatUnavailable(path)),
            Effect.tap((definition) => Effect.sync(() => definitions.set(key, definition)))
          )
        }
        return Paginate.cursor({
          start: state?.cursor,
          fetch: (after) =>
            api.client
              .get(csatResponsesPath, {
                urlParams: {
                  "page[size]": Math.min(100, api.pageSize),
                  "page[after]": after,
                  sort: "id",
                  ...(api.startTime > 0 ? { "filter[created_at_start]": api.startTime * 1000 } : {})
                }
              })
              .pipe(Effect.mapError(csatUnavailable(csatResponsesPath))),
          records: "survey_responses",
          next: (response) =>
            Paginate.at(response.body, "meta.has_more") === true
              ? (Paginate.at(response.body, "meta.after_cursor") as string | undefined)
              : undefined
        }).pipe(
          Stream.mapEffect((page) =>
            Effect.map(
              Effect.forEach(page.records, (record) =>
                Effect.map(definitionOf(Paginate.at(record, "survey")), (definition) => ({
                  ...(record as Record<string, unknown>),
                  survey_definition: definition
                }))
              ),
              (records) => ({ ...page, records })
            )
          )
        )
      })
    )
})

/**
 * Builds the `ZendeskApi` service from a config (on the `HttpClient` in context): basic auth
 * `{email}/token:{apiToken}`, at most `requestsPerMinute` requests per minute, and at most
 * `exportRequestsPerMinute` export requests in any rolling minute.
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { ZendeskConnector } from "@cxkit/connector-zendesk"
 *
 * const layer = ZendeskConnector.layer({ subdomain: "acme", email: "ops@acme.example", apiToken: Redacted.make("zd-123") })
 * console.log(typeof layer) // "object"
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (config: Config): Layer.Layer<ZendeskApi, never, HttpClient.HttpClient> =>
  Layer.effect(
    ZendeskApi,
    Effect.map(
      Http.make({
        baseUrl: baseUrlOf(config),
        auth: { _tag: "Basic", username: `${config.email}/token`, password: config.apiToken },
        rateLimit: { requests: limits(config).requestsPerMinute, per: "1 minute" },
        timeout: config.timeoutMillis ?? 30_000
      }),
      (client) => ({
        client,
        paceExport: rollingMinuteLimiter(limits(config).exportRequestsPerMinute),
        pageSize: config.pageSize ?? 1000,
        startTime: config.startTime ?? 0,
        csatLocale: config.csatLocale ?? "en-us"
      })
    )
  )

const check = () =>
  Effect.gen(function* () {
    const api = yield* ZendeskApi
    yield* api.client.get("/api/v2/users/me.json")
  })

/**
 * The Zendesk connector: streams `tickets`, `users`, `satisfaction_ratings` (the legacy CSAT)
 * and `organizations`; `check` reads the authenticated user (`GET /api/v2/users/me.json`). For
 * the current CSAT's survey responses as well, use `connectorWithCsat`.
 *
 * @example
 * ```ts
 * import { ZendeskConnector } from "@cxkit/connector-zendesk"
 *
 * console.log(ZendeskConnector.connector.streams.map((s) => s.name))
 * // [ "tickets", "users", "satisfaction_ratings", "organizations" ]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const connector = Connector.make({
  id: "zendesk",
  version: "0.1.0",
  config: Config,
  check,
  streams: [tickets, users, satisfactionRatings, organizations],
  layer
})

/**
 * The Zendesk connector with the current CSAT: the streams of `connector` and `csat_responses`
 * (see `csatResponses`). Opt-in, because the CSAT survey APIs need Support Professional or Suite
 * Growth and above and the new CSAT enabled: on an account without them `csat_responses` fails
 * on its own with reason `config` (`csatUnavailable`), the other streams complete.
 *
 * @example
 * ```ts
 * import { ZendeskConnector } from "@cxkit/connector-zendesk"
 *
 * console.log(ZendeskConnector.connectorWithCsat.id, ZendeskConnector.connectorWithCsat.streams.map((s) => s.name))
 * // "zendesk" [ "tickets", "users", "satisfaction_ratings", "organizations", "csat_responses" ]
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const connectorWithCsat = Connector.make({
  id: "zendesk",
  version: "0.1.0",
  config: Config,
  check,
  streams: [tickets, users, satisfactionRatings, organizations, csatResponses],
  layer
})
