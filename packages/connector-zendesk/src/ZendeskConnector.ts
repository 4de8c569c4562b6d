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
  timeoutMillis: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)))
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
        startTime: config.startTime ?? 0
      })
    )
  )

/**
 * The Zendesk connector: streams `tickets`, `users`, `satisfaction_ratings` and
 * `organizations`; `check` reads the authenticated user (`GET /api/v2/users/me.json`).
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
  check: () =>
    Effect.gen(function* () {
      const api = yield* ZendeskApi
      yield* api.client.get("/api/v2/users/me.json")
    }),
  streams: [tickets, users, satisfactionRatings, organizations],
  layer
})
