/**
 * The HubSpot CRM connector: contacts, companies, deals and tickets through the CRM v3 object
 * APIs. Full refresh pages the list endpoints; incremental reads the search endpoint by
 * last-modified date with keyset paging (each request restarts at the last delivered date and
 * id, never at an offset, so records edited or archived during a sync shift nothing and the
 * 10,000-result cap is never reached); archived records are reported as deletions.
 *
 * @since 0.1.0
 */
import { Action, Connector, ConnectorError, Http, Paginate, SourceStream } from "@cxkit/connectors"
import { Context, Duration, Effect, Layer, Option, Schema, Stream } from "effect"
import type { HttpClient } from "effect/http"

/**
 * The connector's configuration.
 *
 * - `accessToken`: a private app access token (secret).
 * - `baseUrl`: the API origin, `https://api.hubapi.com` by default (point it at a mock in tests).
 * - `pageSize`: records per request (1–100, default 100).
 * - `properties`: the properties to read per object type; by default every property the
 *   properties endpoint lists (custom ones included, sensitive ones only with
 *   `sensitiveProperties`).
 * - `sensitiveProperties`: also read the properties HubSpot marks sensitive (the properties
 *   endpoint lists them only with `dataSensitivity=sensitive`, and the private app needs the
 *   sensitive-data scopes). Default `false`: they are not synced.
 * - `requestsPerSecond`: client-side rate limit (default 4, evenly spaced: the search API allows 5
 *   per second).
 * - `timeoutMillis`: per request (default 30,000).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { HubSpotConnector } from "@cxkit/connector-hubspot"
 *
 * const config = Schema.decodeUnknownSync(HubSpotConnector.Config)({ accessToken: "pat-na1-123" })
 * console.log(String(config.accessToken)) // "<redacted>"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Config = Schema.Struct({
  accessToken: Schema.RedactedFromValue(Schema.String),
  baseUrl: Schema.optionalKey(Schema.String),
  pageSize: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 100 }))),
  properties: Schema.optionalKey(Schema.Record(Schema.String, Schema.Array(Schema.String))),
  sensitiveProperties: Schema.optionalKey(Schema.Boolean),
  requestsPerSecond: Schema.optionalKey(Schema.Finite.check(Schema.isGreaterThan(0))),
  timeoutMillis: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)))
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type Config = typeof Config.Type

/**
 * The default API origin.
 *
 * @example
 * ```ts
 * import { HubSpotConnector } from "@cxkit/connector-hubspot"
 *
 * console.log(HubSpotConnector.defaultBaseUrl) // "https://api.hubapi.com"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const defaultBaseUrl = "https://api.hubapi.com"

/**
 * The CRM object types the connector reads, which are also its stream names.
 *
 * @example
 * ```ts
 * import { HubSpotConnector } from "@cxkit/connector-hubspot"
 *
 * console.log(HubSpotConnector.ObjectType.literals) // [ "contacts", "companies", "deals", "tickets" ]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ObjectType = Schema.Literals(["contacts", "companies", "deals", "tickets"])

/**
 * @since 0.1.0
 * @category schemas
 */
export type ObjectType = typeof ObjectType.Type

/**
 * The property holding an object's last modification time: `lastmodifieddate` for contacts,
 * `hs_lastmodifieddate` for the other objects.
 *
 * @example
 * ```ts
 * import { HubSpotConnector } from "@cxkit/connector-hubspot"
 *
 * console.log(HubSpotConnector.lastModifiedProperty("contacts"), HubSpotConnector.lastModifiedProperty("deals"))
 * // "lastmodifieddate" "hs_lastmodifieddate"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const lastModifiedProperty = (type: ObjectType): string =>
  type === "contacts" ? "lastmodifieddate" : "hs_lastmodifieddate"

/**
 * A CRM object as the v3 APIs return it: property values are strings (or null); `updatedAt`
 * equals the last-modified property and is the stream's cursor.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { HubSpotConnector } from "@cxkit/connector-hubspot"
 *
 * const contact = Schema.decodeUnknownSync(HubSpotConnector.CrmObject)({
 *   id: "101",
 *   properties: { email: "ada@example.com", lifecyclestage: "customer" },
 *   createdAt: "2024-01-02T09:00:00.000Z",
 *   updatedAt: "2024-03-01T10:00:00.000Z",
 *   archived: false
 * })
 * console.log(contact.properties.email) // "ada@example.com"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const CrmObject = Schema.Struct({
  id: Schema.String,
  properties: Schema.Record(Schema.String, Schema.NullOr(Schema.String)),
  createdAt: Schema.String,
  updatedAt: Schema.String,
  archived: Schema.Boolean,
  archivedAt: Schema.optionalKey(Schema.String),
  // documented response fields (SimplePublicObjectWithAssociations and later additions): known,
  // so a portal returning them reports no schema drift; kept loose, the connector reads none
  url: Schema.optionalKey(Schema.String),
  associations: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown)),
  propertiesWithHistory: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown))
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type CrmObject = typeof CrmObject.Type

/**
 * A property definition from `GET /crm/v3/properties/{objectType}`; enumerations such as
 * `lifecyclestage` and `dealstage` list their options.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { HubSpotConnector } from "@cxkit/connector-hubspot"
 *
 * const property = Schema.decodeUnknownSync(HubSpotConnector.Property)({
 *   name: "lifecyclestage", label: "Lifecycle Stage", type: "enumeration", fieldType: "radio",
 *   options: [{ label: "Lead", value: "lead", displayOrder: 1, hidden: false }]
 * })
 * console.log(property.options?.[0]?.value) // "lead"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Property = Schema.Struct({
  name: Schema.String,
  label: Schema.optionalKey(Schema.String),
  type: Schema.String,
  fieldType: Schema.optionalKey(Schema.String),
  hubspotDefined: Schema.optionalKey(Schema.Boolean),
  dataSensitivity: Schema.optionalKey(Schema.String),
  calculated: Schema.optionalKey(Schema.Boolean),
  options: Schema.optionalKey(
    Schema.Array(
      Schema.Struct({
        label: Schema.String,
        value: Schema.String,
        displayOrder: Schema.optionalKey(Schema.Number),
        hidden: Schema.optionalKey(Schema.Boolean)
      })
    )
  )
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type Property = typeof Property.Type

/**
 * The checkpoint of a full refresh: the list endpoint's `after` token. Incremental reads keep
 * no checkpoint of their own: the runner's high-water mark on `updatedAt` is the state.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { HubSpotConnector } from "@cxkit/connector-hubspot"
 *
 * console.log(Schema.decodeUnknownSync(HubSpotConnector.State)({ cursor: "MTAz" })) // { cursor: "MTAz" }
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
 * import { HubSpotConnector } from "@cxkit/connector-hubspot"
 *
 * const pageSize = Effect.map(HubSpotConnector.HubSpotApi, (api) => api.pageSize)
 * console.log(Effect.isEffect(pageSize)) // true
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export class HubSpotApi extends Context.Service<
  HubSpotApi,
  {
    readonly client: Http.Client
    readonly pageSize: number
    readonly properties: Readonly<Record<string, ReadonlyArray<string>>> | undefined
    readonly sensitiveProperties: boolean
  }
>()("@cxkit/connector-hubspot/HubSpotApi") {}

const header = (headers: Readonly<Record<string, string>>, name: string) => {
  const value = Number(headers[name])
  return Number.isFinite(value) ? value : undefined
}

/**
 * Classifies HubSpot's own rate-limit answers: a 429 with `errorType: "RATE_LIMIT"` waits for
 * the window its `X-HubSpot-RateLimit-Interval-Milliseconds` header names (one second for the
 * secondly and search limits) and is retried; the `DAILY` policy, or a spent
 * `X-HubSpot-RateLimit-Daily-Remaining`, is a quota (`quota-exhausted`, not retried). Other
 * responses get the toolkit's default classification.
 *
 * @example
 * ```ts
 * import { HubSpotConnector } from "@cxkit/connector-hubspot"
 *
 * const error = HubSpotConnector.classify({
 *   method: "GET", path: "/crm/v3/objects/contacts", status: 429,
 *   headers: { "x-hubspot-ratelimit-interval-milliseconds": "10000", "x-hubspot-ratelimit-remaining": "0" },
 *   text: "", json: { status: "error", errorType: "RATE_LIMIT", policyName: "TEN_SECONDLY_ROLLING", message: "limit" },
 *   retryAfterMs: undefined,
 *   now: 0
 * })
 * console.log(error?.reason, error?.retryAfterMs) // "rate-limited" 10000
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export const classify = (info: Http.ResponseInfo): ConnectorError.ConnectorError | undefined => {
  if (info.status !== 429) return undefined
  const body = (info.json ?? {}) as {
    readonly errorType?: unknown
    readonly policyName?: unknown
    readonly message?: unknown
  }
  const policy = typeof body.policyName === "string" ? body.policyName : undefined
  const detail = typeof body.message === "string" ? `: ${body.message}` : ""
  const message = `${info.method} ${info.path} answered 429${policy !== undefined ? ` (${policy})` : ""}${detail}`
  if (policy === "DAILY" || header(info.headers, "x-hubspot-ratelimit-daily-remaining") === 0) {
    return ConnectorError.make("quota-exhausted", message, { status: 429 })
  }
  if (body.errorType !== "RATE_LIMIT" || info.retryAfterMs !== undefined) return undefined
  const interval = header(info.headers, "x-hubspot-ratelimit-interval-milliseconds")
  const secondly =
    policy === "SECONDLY" || header(info.headers, "x-hubspot-ratelimit-secondly-remaining") === 0
  const retryAfterMs = secondly ? 1000 : (interval ?? 1000)
  return ConnectorError.make("rate-limited", message, { status: 429, retryAfterMs })
}

const propertyNames = (api: HubSpotApi["Service"], type: ObjectType) => {
  const configured = api.properties?.[type]
  if (configured !== undefined) return Effect.succeed(configured)
  const listed = listedProperties(api, type, undefined)
  if (!api.sensitiveProperties) return listed
  return Effect.map(Effect.all([listed, listedProperties(api, type, "sensitive")]), ([names, sensitive]) => [
    ...new Set([...names, ...sensitive])
  ])
}

const listedProperties = (
  api: HubSpotApi["Service"],
  type: ObjectType,
  dataSensitivity: "sensitive" | undefined
) =>
  api.client.get(`/crm/v3/properties/${type}`, { urlParams: { dataSensitivity } }).pipe(
    Effect.flatMap((response) => {
      const results = Paginate.at(response.body, "results")
      if (!Array.isArray(results)) {
        return Effect.fail(
          ConnectorError.make(
            "source-bug",
            `GET /crm/v3/properties/${type}: the response has no "results" array`
          )
        )
      }
      return Effect.succeed(
        results.flatMap((p: unknown) =>
          p !== null && typeof p === "object" && typeof (p as { name?: unknown }).name === "string"
            ? [(p as { name: string }).name]
            : []
        )
      )
    })
  )

/**
 * Reads the property definitions of an object type (custom properties and the options of
 * `lifecyclestage`, `dealstage` and `hs_pipeline_stage` included).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { HubSpotConnector } from "@cxkit/connector-hubspot"
 *
 * const program = HubSpotConnector.properties("contacts") // needs HubSpotConnector.HubSpotApi (the connector's layer)
 * console.log(Effect.isEffect(program)) // true
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const properties = (
  type: ObjectType
): Effect.Effect<ReadonlyArray<Property>, ConnectorError.ConnectorError, HubSpotApi> =>
  Effect.gen(function* () {
    const api = yield* HubSpotApi
    const response = yield* api.client.get(`/crm/v3/properties/${type}`)
    return yield* Schema.decodeUnknownEffect(Schema.Struct({ results: Schema.Array(Property) }))(
      response.body
    ).pipe(
      Effect.map((body) => body.results),
      Effect.mapError((error) =>
        ConnectorError.make("schema-drift", `GET /crm/v3/properties/${type}: ${error.message}`)
      )
    )
  })

/**
 * The record Schema of an object type refined by its discovered property definitions: every
 * listed property becomes a known key of `properties` (string or null), and enumerations with
 * options (`lifecyclestage`, `dealstage`, `hs_pipeline_stage`, custom selects) accept only their
 * option values. Decode synced records with it to catch values outside a portal's stages.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { HubSpotConnector } from "@cxkit/connector-hubspot"
 *
 * const Contact = HubSpotConnector.recordSchema([
 *   { name: "email", type: "string" },
 *   { name: "lifecyclestage", type: "enumeration", options: [{ label: "Lead", value: "lead" }, { label: "Customer", value: "customer" }] }
 * ])
 * const record = { id: "1", properties: { email: null, lifecyclestage: "partner" }, createdAt: "2024-01-01T00:00:00Z", updatedAt: "2024-01-01T00:00:00Z", archived: false }
 * console.log(Schema.decodeUnknownResult(Contact)(record)._tag) // "Failure"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const recordSchema = (definitions: ReadonlyArray<Property>): Schema.Codec<CrmObject, unknown> => {
  const fields: Record<string, Schema.Top> = {}
  for (const property of definitions) {
    const values = property.type === "enumeration" ? (property.options ?? []).map((o) => o.value) : []
    const value = values.length > 0 ? Schema.Literals(values as [string, ...Array<string>]) : Schema.String
    fields[property.name] = Schema.optionalKey(Schema.NullOr(value))
  }
  return Schema.Struct({
    ...CrmObject.fields,
    properties: Schema.StructWithRest(Schema.Struct(fields), [
      Schema.Record(Schema.String, Schema.NullOr(Schema.String))
    ])
  }) as unknown as Schema.Codec<CrmObject, unknown>
}

const millis = (iso: string) => Date.parse(iso)

/**
 * Where the next search request starts: a keyset position on (last-modified date, id), never
 * an offset. HubSpot's `after` is an offset into the current result set, so a record edited or
 * archived between two requests shifts every later one down and the next offset skips one
 * record per change; restarting from the last delivered date instead loses nothing.
 */
interface Position {
  /** Lower bound on the last-modified time, epoch milliseconds (inclusive unless `strict`). */
  readonly from: number | undefined
  /** Whether the bound is strict (GT): after tie mode drained every record at `from`. */
  readonly strict: boolean
  /** Tie mode: the records at exactly `from`, by id ascending, after this id. */
  readonly tieAfterId: string | undefined
}

const searchBody = (type: ObjectType, position: Position, names: ReadonlyArray<string>, limit: number) => {
  const property = lastModifiedProperty(type)
  if (position.tieAfterId !== undefined && position.from !== undefined) {
    return {
      filterGroups: [
        {
          filters: [
            { propertyName: property, operator: "EQ", value: String(position.from) },
            { propertyName: "hs_object_id", operator: "GT", value: position.tieAfterId }
          ]
        }
      ],
      sorts: [{ propertyName: "hs_object_id", direction: "ASCENDING" }],
      properties: names,
      limit
    }
  }
  return {
    filterGroups:
      position.from === undefined
        ? []
        : [
            {
              filters: [
                {
                  propertyName: property,
                  operator: position.strict ? "GT" : "GTE",
                  value: String(position.from)
                }
              ]
            }
          ],
    sorts: [{ propertyName: property, direction: "ASCENDING" }],
    properties: names,
    limit
  }
}

/**
 * The incremental read: search requests sorted by last-modified date ascending, each one
 * restarting at the largest date delivered so far (inclusive: the runner drops the records it
 * already delivered at that instant), so no request ever sends `after`. That keeps every
 * request at offset 0, which also keeps it under the search API's 10,000-result cap. A page
 * whose records all share one instant is drained by id (tie mode), then the search goes on
 * strictly after that instant. Costs one repeated record per page (the one at the boundary).
 */
const searchPages = (
  api: HubSpotApi["Service"],
  type: ObjectType,
  names: ReadonlyArray<string>,
  since: number | undefined
): Stream.Stream<SourceStream.Page<Paginate.CursorState>, ConnectorError.ConnectorError> => {
  const path = `/crm/v3/objects/${type}/search`
  const limit = api.pageSize
  const start: Position = { from: since, strict: false, tieAfterId: undefined }
  return Stream.paginate(start, (position: Position) =>
    Effect.gen(function* () {
      const response = yield* api.client.request(path, {
        method: "POST",
        json: searchBody(type, position, names, limit)
      })
      const records = Paginate.at(response.body, "results")
      if (!Array.isArray(records)) {
        return yield* ConnectorError.make("source-bug", `POST ${path}: the response has no "results" array`)
      }
      const live: Array<unknown> = []
      const deleted: Array<unknown> = []
      let max: number | undefined
      let lastId: string | undefined
      for (const record of records as ReadonlyArray<Record<string, unknown>>) {
        if (record.archived === true)
          deleted.push({ id: record.id, updatedAt: record.archivedAt ?? record.updatedAt })
        else live.push(record)
        if (typeof record.updatedAt === "string") {
          const t = millis(record.updatedAt)
          if (!Number.isNaN(t) && (max === undefined || t > max)) max = t
        }
        if (typeof record.id === "string") lastId = record.id
      }
      const page: SourceStream.Page<Paginate.CursorState> = { records: live, deleted }
      const after = Paginate.at(response.body, "paging.next.after")
      const more = typeof after === "string" && after !== "" && records.length > 0
      if (position.tieAfterId !== undefined) {
        if (!more || lastId === undefined) {
          return [[page], Option.some({ ...start, from: position.from, strict: true })] as const
        }
        if (!(Number(lastId) > Number(position.tieAfterId))) {
          return yield* ConnectorError.make(
            "source-bug",
            `POST ${path}: tie paging did not advance past id ${position.tieAfterId}`
          )
        }
        return [[page], Option.some({ ...position, tieAfterId: lastId })] as const
      }
      if (!more) return [[page], Option.none()] as const
      if (max === undefined) {
        return yield* ConnectorError.make(
          "source-bug",
          `POST ${path}: a page without a valid updatedAt cannot be continued`
        )
      }
      if (position.from !== undefined && max <= position.from) {
        // a full page at one instant: drain that instant by id
        return [[page], Option.some({ from: position.from, strict: false, tieAfterId: "0" })] as const
      }
      return [[page], Option.some({ from: max, strict: false, tieAfterId: undefined })] as const
    })
  )
}

/** Archived records since the cursor, as deletions (the search API never returns archived ones). */
const archivedPages = (
  api: HubSpotApi["Service"],
  type: ObjectType,
  since: number | undefined
): Stream.Stream<SourceStream.Page<Paginate.CursorState>, ConnectorError.ConnectorError> =>
  Paginate.cursor({
    start: undefined,
    fetch: (after) =>
      api.client.get(`/crm/v3/objects/${type}`, {
        urlParams: { limit: api.pageSize, after, archived: true }
      }),
    records: "results",
    next: "paging.next.after"
  }).pipe(
    Stream.map((page) => ({
      records: [],
      deleted: (page.records as ReadonlyArray<Record<string, unknown>>).flatMap((record) => {
        const at = record.archivedAt ?? record.updatedAt
        if (record.archived !== true || typeof at !== "string") return []
        return since === undefined || millis(at) >= since ? [{ id: record.id, updatedAt: at }] : []
      })
    }))
  )

const listPages = (
  api: HubSpotApi["Service"],
  type: ObjectType,
  names: ReadonlyArray<string>,
  start: string | undefined
): Stream.Stream<SourceStream.Page<Paginate.CursorState>, ConnectorError.ConnectorError> =>
  Paginate.cursor({
    start,
    fetch: (after) =>
      api.client.get(`/crm/v3/objects/${type}`, {
        urlParams: { limit: api.pageSize, after, properties: names.join(","), archived: false }
      }),
    records: "results",
    next: "paging.next.after"
  })

const objectStream = <const Name extends ObjectType>(type: Name) =>
  SourceStream.make<Config>()({
    name: type,
    description: `HubSpot ${type} (CRM v3 objects API)`,
    schema: CrmObject,
    primaryKey: "id",
    cursorField: "updatedAt",
    order: "ascending",
    state: State,
    read: ({ mode, state, cursor }) =>
      Stream.unwrap(
        Effect.gen(function* () {
          const api = yield* HubSpotApi
          const names = yield* propertyNames(api, type)
          if (mode === "full-refresh") return listPages(api, type, names, state?.cursor)
          const since = cursor === undefined ? undefined : millis(String(cursor.value))
          const from = since === undefined || Number.isNaN(since) ? undefined : since
          return Stream.concat(searchPages(api, type, names, from), archivedPages(api, type, from))
        })
      )
  })

/**
 * The `contacts` stream.
 *
 * @example
 * ```ts
 * import { HubSpotConnector } from "@cxkit/connector-hubspot"
 *
 * console.log(HubSpotConnector.contacts.name, HubSpotConnector.contacts.cursorField) // "contacts" "updatedAt"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const contacts = objectStream("contacts")

/**
 * The `companies` stream.
 *
 * @example
 * ```ts
 * import { HubSpotConnector } from "@cxkit/connector-hubspot"
 *
 * console.log(HubSpotConnector.companies.primaryKey) // [ "id" ]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const companies = objectStream("companies")

/**
 * The `deals` stream.
 *
 * @example
 * ```ts
 * import { HubSpotConnector } from "@cxkit/connector-hubspot"
 *
 * console.log(HubSpotConnector.deals.order) // "ascending"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const deals = objectStream("deals")

/**
 * The `tickets` stream.
 *
 * @example
 * ```ts
 * import { HubSpotConnector } from "@cxkit/connector-hubspot"
 *
 * console.log(HubSpotConnector.tickets.name) // "tickets"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const tickets = objectStream("tickets")

/**
 * Builds the `HubSpotApi` service from a config (on the `HttpClient` in context).
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { HubSpotConnector } from "@cxkit/connector-hubspot"
 *
 * const layer = HubSpotConnector.layer({ accessToken: Redacted.make("pat-na1-123") })
 * console.log(typeof layer) // "object"
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (config: Config): Layer.Layer<HubSpotApi, never, HttpClient.HttpClient> =>
  Layer.effect(
    HubSpotApi,
    Effect.map(
      Http.make({
        baseUrl: config.baseUrl ?? defaultBaseUrl,
        auth: { _tag: "Bearer", token: config.accessToken },
        // a bucket of one: never more than requestsPerSecond + 1 requests in any second (the
        // search API allows 5), where a full bucket would allow twice the rate in a burst
        rateLimit: { requests: 1, per: Duration.millis(1000 / (config.requestsPerSecond ?? 4)) },
        timeout: config.timeoutMillis ?? 30_000,
        classify
      }),
      (client) => ({
        client,
        pageSize: config.pageSize ?? 100,
        properties: config.properties,
        sensitiveProperties: config.sensitiveProperties ?? false
      })
    )
  )

/**
 * The HubSpot connector: streams `contacts`, `companies`, `deals` and `tickets`; `check` reads
 * one contact.
 *
 * @example
 * ```ts
 * import { Connector } from "@cxkit/connectors"
 * import { HubSpotConnector } from "@cxkit/connector-hubspot"
 *
 * console.log(HubSpotConnector.connector.streams.map((s) => s.name)) // [ "contacts", "companies", "deals", "tickets" ]
 * console.log(Object.keys(Connector.spec(HubSpotConnector.connector).properties as object).slice(0, 2))
 * // [ "accessToken", "baseUrl" ]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const connector = Connector.make({
  id: "hubspot",
  version: "0.1.0",
  config: Config,
  check: () =>
    Effect.gen(function* () {
      const api = yield* HubSpotApi
      yield* api.client.get("/crm/v3/objects/contacts", { urlParams: { limit: 1, archived: false } })
    }),
  streams: [contacts, companies, deals, tickets],
  layer
})

/**
 * A ticket to open: its subject and description (`content`), the pipeline and stage (default
 * `"0"` and `"1"`, the default support pipeline's first stage), an optional priority and any
 * other ticket properties by internal name.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { HubSpotConnector } from "@cxkit/connector-hubspot"
 *
 * const ticket = Schema.decodeUnknownSync(HubSpotConnector.TicketRequest)({ subject: "Detractor", content: "Billing" })
 * console.log(ticket.subject) // "Detractor"
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const TicketRequest = Schema.Struct({
  subject: Schema.String.check(Schema.isMinLength(1)),
  content: Schema.String,
  pipeline: Schema.optionalKey(Schema.String),
  stage: Schema.optionalKey(Schema.String),
  priority: Schema.optionalKey(Schema.Literals(["LOW", "MEDIUM", "HIGH", "URGENT"])),
  properties: Schema.optionalKey(Schema.Record(Schema.String, Schema.String))
})

/**
 * @since 0.2.0
 * @category schemas
 */
export type TicketRequest = typeof TicketRequest.Type

const UpsertAnswer = Schema.Struct({
  results: Schema.Array(Schema.Struct({ id: Schema.String, new: Schema.optionalKey(Schema.Boolean) }))
})

const answerOf = <A>(schema: Schema.Codec<A, unknown>, what: string, body: unknown) =>
  Schema.decodeUnknownEffect(schema)(body).pipe(
    Effect.mapError((error) =>
      ConnectorError.make("source-bug", `${what}: unexpected answer: ${error.message}`)
    )
  )

/**
 * The `create-ticket` action (closing the loop: a ticket for a detractor, say), exactly once per
 * request. HubSpot has no idempotency keys; it has upserts by a unique-value property
 * (`POST /crm/v3/objects/tickets/batch/upsert` with `idProperty`,
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/objects/batch/upsert-objects):
 * the ticket is upserted with the request's idempotency key as the value of `idProperty`, so a
 * request sent again after a crash finds its ticket instead of opening a second one. Create the
 * property once in the portal (Settings → Properties → Ticket properties, a single-line text
 * property with "Require unique values" on) and name it here. The output is the ticket id and
 * whether this request created it.
 *
 * @example
 * ```ts
 * import { HubSpotConnector } from "@cxkit/connector-hubspot"
 *
 * const action = HubSpotConnector.createTicket({ idProperty: "cxkit_action_key" })
 * console.log(action.name) // "create-ticket"
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const createTicket = (options: { readonly idProperty: string }) =>
  Action.make({
    name: "create-ticket",
    description: "Opens a HubSpot ticket (upsert by a unique-value property: exactly once per request)",
    input: TicketRequest,
    output: Schema.Struct({ id: Schema.String, created: Schema.Boolean }),
    perform: (input, idempotencyKey) =>
      Effect.gen(function* () {
        const api = yield* HubSpotApi
        const response = yield* api.client.request("/crm/v3/objects/tickets/batch/upsert", {
          method: "POST",
          json: {
            inputs: [
              {
                idProperty: options.idProperty,
                id: idempotencyKey,
                properties: {
                  ...input.properties,
                  subject: input.subject,
                  content: input.content,
                  hs_pipeline: input.pipeline ?? "0",
                  hs_pipeline_stage: input.stage ?? "1",
                  ...(input.priority !== undefined ? { hs_ticket_priority: input.priority } : {})
                }
              }
            ]
          }
        })
        const answer = yield* answerOf(
          UpsertAnswer,
          "POST /crm/v3/objects/tickets/batch/upsert",
          response.body
        )
        const [ticket] = answer.results
        if (ticket === undefined) {
          return yield* ConnectorError.make(
            "source-bug",
            "POST /crm/v3/objects/tickets/batch/upsert: no result"
          )
        }
        return { id: ticket.id, created: ticket.new === true }
      })
  })

/**
 * The `set-contact-properties` action: sets properties of a contact by id
 * (`PATCH /crm/v3/objects/contacts/{id}`,
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/contacts/basic/update-contact).
 * Setting the same values twice leaves the contact as once, so the action needs no key at
 * HubSpot. An unknown contact fails its request (HubSpot's 404, a `ConnectorError` with status
 * 404) without stopping the others.
 *
 * @example
 * ```ts
 * import { HubSpotConnector } from "@cxkit/connector-hubspot"
 *
 * console.log(HubSpotConnector.setContactProperties.name) // "set-contact-properties"
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const setContactProperties = Action.make({
  name: "set-contact-properties",
  description: "Sets properties of a HubSpot contact (idempotent by nature)",
  input: Schema.Struct({
    contactId: Schema.String.check(Schema.isMinLength(1)),
    properties: Schema.Record(Schema.String, Schema.String)
  }),
  output: Schema.Struct({ id: Schema.String, updatedAt: Schema.String }),
  perform: (input) =>
    Effect.gen(function* () {
      const api = yield* HubSpotApi
      const path = `/crm/v3/objects/contacts/${encodeURIComponent(input.contactId)}`
      const response = yield* api.client.request(path, {
        method: "PATCH",
        json: { properties: input.properties }
      })
      return yield* answerOf(
        Schema.Struct({ id: Schema.String, updatedAt: Schema.String }),
        `PATCH ${path}`,
        response.body
      )
    })
})
