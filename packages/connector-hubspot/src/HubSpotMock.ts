/**
 * A loopback HubSpot mock for tests, demos and the quickstart: the CRM v3 list, search and
 * properties endpoints served from fixture records, with HubSpot's envelopes, rate-limit
 * headers and error bodies, built on the `@cxkit/connectors/testing` mock server (whose fault
 * injection, request log and mutations it exposes). Not for production code.
 *
 * @module
 * @since 0.1.0
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { LoopbackServer, MockServer } from "@cxkit/connectors/testing"
import type { CrmObject, ObjectType, Property } from "./HubSpotConnector.ts"
import * as data from "./internal/fixtures.ts"

/**
 * A dataset: the records of each object type and the property definitions per type.
 *
 * @example
 * ```ts
 * import type { HubSpotMock } from "@cxkit/connector-hubspot/testing"
 *
 * const empty: HubSpotMock.Dataset = {
 *   objects: { contacts: [], companies: [], deals: [], tickets: [] },
 *   properties: { contacts: [], companies: [], deals: [], tickets: [] }
 * }
 * console.log(Object.keys(empty.objects).length) // 4
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export interface Dataset {
  readonly objects: Readonly<Record<ObjectType, ReadonlyArray<CrmObject>>>
  readonly properties: Readonly<Record<ObjectType, ReadonlyArray<Property>>>
}

const types: ReadonlyArray<ObjectType> = ["contacts", "companies", "deals", "tickets"]

/**
 * The fixture dataset of the mock (generated in code, no files): 12 contacts (two share
 * one modification instant), 6 companies, 8 deals (4 won), 7 tickets, and the property
 * definitions with lifecycle and deal stage options and a custom contact property.
 *
 * @example
 * ```ts
 * import { HubSpotMock } from "@cxkit/connector-hubspot/testing"
 *
 * console.log(HubSpotMock.fixtures().objects.contacts.length) // 12
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const fixtures = (): Dataset => ({
  objects: { contacts: data.contacts, companies: data.companies, deals: data.deals, tickets: data.tickets },
  properties: data.properties
})

const correlationId = () => "6a6f3c1e-0b7d-4c43-9c8a-1f1d2e3c4b5a"

/**
 * HubSpot's 429 as a fault for the mock: its error body
 * (`{ status, message, errorType: "RATE_LIMIT", correlationId, policyName }`) and its
 * `X-HubSpot-RateLimit-*` headers, without `Retry-After`. Policy `TEN_SECONDLY_ROLLING` (the
 * burst limit), `SECONDLY` (search) or `DAILY` (the daily quota).
 *
 * @example
 * ```ts
 * import { HubSpotMock } from "@cxkit/connector-hubspot/testing"
 *
 * const fault = HubSpotMock.rateLimited("TEN_SECONDLY_ROLLING")
 * console.log(fault.status, JSON.parse(fault.body).errorType) // 429 "RATE_LIMIT"
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const rateLimited = (
  policyName: "TEN_SECONDLY_ROLLING" | "SECONDLY" | "DAILY" = "TEN_SECONDLY_ROLLING"
): Extract<MockServer.Fault, { _tag: "Status" }> => {
  const daily = policyName === "DAILY"
  const headers: Record<string, string> = {
    "x-hubspot-ratelimit-daily": "250000",
    "x-hubspot-ratelimit-daily-remaining": daily ? "0" : "249000",
    "x-hubspot-ratelimit-interval-milliseconds": "10000",
    "x-hubspot-ratelimit-max": "100",
    "x-hubspot-ratelimit-remaining": daily ? "80" : "0"
  }
  if (policyName === "SECONDLY") {
    headers["x-hubspot-ratelimit-secondly"] = "10"
    headers["x-hubspot-ratelimit-secondly-remaining"] = "0"
  }
  const message = daily
    ? "You have reached your daily limit."
    : `You have reached your ${policyName.toLowerCase()} limit.`
  return MockServer.status(
    429,
    { status: "error", message, errorType: "RATE_LIMIT", correlationId: correlationId(), policyName },
    headers
  ) as Extract<MockServer.Fault, { _tag: "Status" }>
}

const rateLimitHeaders = {
  "x-hubspot-ratelimit-daily": "250000",
  "x-hubspot-ratelimit-daily-remaining": "249999",
  "x-hubspot-ratelimit-interval-milliseconds": "10000",
  "x-hubspot-ratelimit-max": "100",
  "x-hubspot-ratelimit-remaining": "99"
}

const listPath = (type: ObjectType) => `/crm/v3/objects/${type}`

/**
 * The `@cxkit/connectors/testing` mock server options for a dataset: each object type's list
 * endpoint (`limit` / `after` paging, the `{ results, paging: { next: { after, link } } }`
 * envelope, archived records as tombstones) backs its stream, and the properties endpoints
 * answer `{ results }`. `serve` puts HubSpot's search API in front of it; the conformance suite
 * runs on both.
 *
 * @example
 * ```ts
 * import { HubSpotMock } from "@cxkit/connector-hubspot/testing"
 *
 * const options = HubSpotMock.serverOptions({ token: "pat-test", pageSize: 5 })
 * console.log(Object.keys(options.resources)[0]) // "/crm/v3/objects/contacts"
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const serverOptions = (
  options: { readonly token: string; readonly pageSize?: number; readonly dataset?: Dataset } = {
    token: "pat-test"
  }
): MockServer.Options => {
  const dataset = options.dataset ?? fixtures()
  const resources: Record<string, MockServer.Resource> = {}
  for (const type of types) {
    const path = listPath(type)
    resources[path] = {
      stream: type,
      records: dataset.objects[type],
      primaryKey: "id",
      cursorField: "updatedAt",
      pageSize: options.pageSize ?? 100,
      deletedField: "archived",
      supportsDeletes: true,
      params: { cursor: "after" },
      render: (page) => ({
        results: page.records,
        ...(page.next !== undefined
          ? { paging: { next: { after: page.next, link: `${path}?after=${encodeURIComponent(page.next)}` } } }
          : {})
      })
    }
  }
  for (const type of types) {
    resources[`/crm/v3/properties/${type}`] = {
      records: dataset.properties[type],
      primaryKey: "name",
      pageSize: 10_000,
      render: (page) => ({ results: page.records })
    }
  }
  return { auth: { _tag: "Bearer", token: options.token }, resources }
}

const searchPath = /^\/crm\/v3\/objects\/([a-z_]+)\/search$/

interface Filter {
  readonly propertyName: string
  readonly operator: string
  readonly value?: string
}

interface SearchRequest {
  readonly filterGroups?: ReadonlyArray<{ readonly filters: ReadonlyArray<Filter> }>
  readonly sorts?: ReadonlyArray<{ readonly propertyName: string; readonly direction?: string }>
  readonly properties?: ReadonlyArray<string>
  readonly limit?: number
  readonly after?: string
}

const keepArchived = (body: unknown, archived: boolean) => {
  const results = (body as { results?: ReadonlyArray<Record<string, unknown>> }).results ?? []
  return { ...(body as object), results: results.filter((r) => (r.archived === true) === archived) }
}

/**
 * A running HubSpot mock: its URL, the test kit server underneath (for faults, the request log
 * and mutations), and `close`.
 *
 * @example
 * ```ts
 * import type { HubSpotMock } from "@cxkit/connector-hubspot/testing"
 *
 * const urlOf = (mock: HubSpotMock.Mock) => mock.url
 * console.log(typeof urlOf) // "function"
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export interface Mock {
  /** `http://127.0.0.1:<port>`: pass it as the connector's `baseUrl`. */
  readonly url: string
  /** The access token the mock accepts. */
  readonly token: string
  /** The test kit server holding the records, faults and request log. */
  readonly server: MockServer.MockServer
  /** Requests as HubSpot saw them (method, path, search body, answered status). */
  readonly requests: ReadonlyArray<{
    readonly method: string
    readonly path: string
    readonly body: unknown
    readonly status: number
  }>
  readonly close: () => Promise<void>
}

const hubspotError = (message: string, category: string) =>
  JSON.stringify({ status: "error", message, correlationId: correlationId(), category })

const compareValues = (a: string, b: string) => {
  const na = Number(a)
  const nb = Number(b)
  if (/^\d+(\.\d+)?$/.test(a) && /^\d+(\.\d+)?$/.test(b)) return na - nb
  const da = Date.parse(a)
  const db = Date.parse(b)
  if (!Number.isNaN(da) && !Number.isNaN(db) && /^\d{4}-/.test(a) && /^\d{4}-/.test(b)) return da - db
  return a < b ? -1 : a > b ? 1 : 0
}

const propertyValue = (record: CrmObject, property: string): string | undefined => {
  // HubSpot keeps these in step with the object's own fields (the test kit's mutations move updatedAt)
  if (property === "hs_object_id") return record.id
  if (property === "lastmodifieddate" || property === "hs_lastmodifieddate") return record.updatedAt
  const value = record.properties[property]
  if (value !== undefined && value !== null) return value
  if (property === "createdate") return record.createdAt
  return undefined
}

const asFilterValue = (value: string) => (/^\d{4}-/.test(value) ? String(Date.parse(value)) : value)

const matches = (record: CrmObject, filter: Filter) => {
  const raw = propertyValue(record, filter.propertyName)
  if (filter.operator === "HAS_PROPERTY") return raw !== undefined
  if (filter.operator === "NOT_HAS_PROPERTY") return raw === undefined
  if (raw === undefined || filter.value === undefined) return false
  const c = compareValues(asFilterValue(raw), asFilterValue(filter.value))
  switch (filter.operator) {
    case "EQ":
      return c === 0
    case "NEQ":
      return c !== 0
    case "GT":
      return c > 0
    case "GTE":
      return c >= 0
    case "LT":
      return c < 0
    case "LTE":
      return c <= 0
    default:
      return false
  }
}

const defaultProperties: Readonly<Record<ObjectType, ReadonlyArray<string>>> = {
  contacts: ["createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"],
  companies: ["createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"],
  deals: [
    "amount",
    "closedate",
    "createdate",
    "dealname",
    "dealstage",
    "hs_lastmodifieddate",
    "hs_object_id",
    "pipeline"
  ],
  tickets: [
    "content",
    "createdate",
    "hs_lastmodifieddate",
    "hs_object_id",
    "hs_pipeline",
    "hs_pipeline_stage",
    "subject"
  ]
}

const project = (record: CrmObject, names: ReadonlyArray<string>): CrmObject => {
  const properties: Record<string, string | null> = {}
  for (const name of names) properties[name] = propertyValue(record, name) ?? null
  return { ...record, properties }
}

/**
 * Serves HubSpot's API in front of a test kit server built from `serverOptions` (the records,
 * faults and request log stay there), on 127.0.0.1:
 *
 * - `GET /crm/v3/objects/{type}?limit=&after=&properties=&archived=`: the list endpoint;
 * - `POST /crm/v3/objects/{type}/search`: filters (`EQ`, `NEQ`, `GT`, `GTE`, `LT`, `LTE`,
 *   `HAS_PROPERTY`) combined per group with AND and across groups with OR, one sort, `limit` up
 *   to 200, numeric `after` offsets into the current results (so records changed between two
 *   requests shift later pages, as on HubSpot) and the result cap (`searchCap`, default 10,000:
 *   paging past it answers 400 `VALIDATION_ERROR`); archived records are never returned;
 * - `GET /crm/v3/properties/{type}`: the property definitions (those with
 *   `dataSensitivity: "sensitive"` only with `?dataSensitivity=sensitive`);
 * - `POST /crm/v3/objects/{type}/batch/upsert`: creates or updates objects by a unique-value
 *   property (`idProperty`; the portal's are `uniqueProperties`, default `cxkit_action_key` on
 *   tickets), at most 100 inputs; a new ticket needs `subject` and `hs_pipeline_stage`; answers
 *   each result with `new: true` or `false`; the records land in the test kit server, so a sync
 *   reads them;
 * - `PATCH /crm/v3/objects/{type}/{id}`: sets properties (404 `OBJECT_NOT_FOUND` for an
 *   unknown id);
 * - 401 with HubSpot's `INVALID_AUTHENTICATION` body on a wrong token; `X-HubSpot-RateLimit-*`
 *   headers on the non-search endpoints; faults injected into the test kit server apply to every
 *   endpoint (a repeated page repeats the last search answer too).
 *
 * Closing the front end leaves the test kit server running.
 *
 * @example
 * ```ts
 * import { MockServer } from "@cxkit/connectors/testing"
 * import { HubSpotMock } from "@cxkit/connector-hubspot/testing"
 *
 * const upstream = await MockServer.start(HubSpotMock.serverOptions({ token: "pat-test" }))
 * const front = await HubSpotMock.serve(upstream, { token: "pat-test" })
 * const response = await fetch(`${front.url}/crm/v3/objects/contacts/search`, {
 *   method: "POST",
 *   headers: { authorization: "Bearer pat-test", "content-type": "application/json" },
 *   body: JSON.stringify({ limit: 1 })
 * })
 * console.log(response.status) // 200
 * await front.close()
 * await upstream.close()
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const serve = async (
  upstream: MockServer.MockServer,
  options: {
    readonly token: string
    readonly searchCap?: number
    readonly uniqueProperties?: Partial<Record<ObjectType, ReadonlyArray<string>>>
  }
): Promise<Mock> => {
  const token = options.token
  const uniqueProperties = options.uniqueProperties ?? { tickets: ["cxkit_action_key"] }
  const searchCap = options.searchCap ?? 10_000
  const requests: Array<{ method: string; path: string; body: unknown; status: number }> = []

  const forward = (req: IncomingMessage, pathAndQuery: string) =>
    LoopbackServer.forward(upstream.url, req, pathAndQuery)

  const reply = (
    res: ServerResponse,
    status: number,
    body: string,
    headers: Record<string, string> = {},
    limits = true
  ) => {
    res.writeHead(status, {
      "content-type": "application/json;charset=utf-8",
      ...(limits ? rateLimitHeaders : {}),
      ...headers
    })
    res.end(body)
  }

  const relayFailure = (res: ServerResponse, failure: LoopbackServer.Answer) => {
    if (failure.status === 401) {
      return reply(
        res,
        401,
        hubspotError(
          "Authentication credentials not found. This API supports OAuth 2.0 authentication.",
          "INVALID_AUTHENTICATION"
        )
      )
    }
    LoopbackServer.reply(res, failure)
  }

  const lastSearch = new Map<ObjectType, string>()
  let probes = 0
  const search = async (req: IncomingMessage, res: ServerResponse, type: ObjectType, body: SearchRequest) => {
    // a cheap probe of the upstream resource: authentication and injected faults apply to search too
    const id = String(++probes)
    const probe = await forward(req, `${listPath(type)}?limit=1&cxkitProbe=${id}`)
    if (probe.status !== 200) return relayFailure(res, probe)
    const repeated = lastSearch.get(type)
    const logged = upstream.requests.findLast((r) => r.query.cxkitProbe === id)
    if (logged?.fault === "RepeatPage" && repeated !== undefined) {
      return reply(res, 200, repeated, {}, false)
    }
    const limit = body.limit ?? 10
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
      return reply(
        res,
        400,
        hubspotError(`limit must be between 1 and 200, got ${limit}`, "VALIDATION_ERROR"),
        {},
        false
      )
    }
    const offset = body.after === undefined ? 0 : Number(body.after)
    if (!Number.isInteger(offset) || offset < 0) {
      return reply(
        res,
        400,
        hubspotError(`Invalid after: ${String(body.after)}`, "VALIDATION_ERROR"),
        {},
        false
      )
    }
    if (offset + limit > searchCap) {
      return reply(
        res,
        400,
        hubspotError(
          `There was a problem with the request: paging beyond ${searchCap} results is not supported.`,
          "VALIDATION_ERROR"
        ),
        {},
        false
      )
    }
    const groups = body.filterGroups ?? []
    const sort = body.sorts?.[0]
    const rows = (upstream.records(listPath(type)) as unknown as ReadonlyArray<CrmObject>)
      .filter((r) => r.archived !== true)
      .filter((r) => groups.length === 0 || groups.some((g) => g.filters.every((f) => matches(r, f))))
      .sort((a, b) => {
        const property = sort?.propertyName ?? "hs_object_id"
        const va = propertyValue(a, property)
        const vb = propertyValue(b, property)
        const c =
          va === undefined || vb === undefined ? 0 : compareValues(asFilterValue(va), asFilterValue(vb))
        const direction = sort?.direction === "DESCENDING" ? -1 : 1
        return direction * c || Number(a.id) - Number(b.id)
      })
    const page = rows.slice(offset, offset + limit)
    const names =
      body.properties !== undefined && body.properties.length > 0 ? body.properties : defaultProperties[type]
    const more = offset + limit < rows.length
    const answer = JSON.stringify({
      total: rows.length,
      results: page.map((r) => project(r, names)),
      ...(more ? { paging: { next: { after: String(offset + limit) } } } : {})
    })
    lastSearch.set(type, answer)
    reply(res, 200, answer, {}, false)
  }

  // authentication and injected faults apply to writes as to reads
  const probe = (req: IncomingMessage, type: ObjectType) =>
    forward(req, `${listPath(type)}?limit=1&cxkitProbe=${String(++probes)}`)
  const invalid = (res: ServerResponse, message: string) =>
    reply(res, 400, hubspotError(message, "VALIDATION_ERROR"))
  const stringValues = (value: unknown): value is Record<string, string> =>
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === "string")

  // https://developers.hubspot.com/docs/api-reference/latest/crm/objects/objects/batch/upsert-objects
  const batchUpsert = async (req: IncomingMessage, res: ServerResponse, type: ObjectType, body: unknown) => {
    const answer = await probe(req, type)
    if (answer.status !== 200) return relayFailure(res, answer)
    const inputs = (body as { inputs?: unknown } | undefined)?.inputs
    if (!Array.isArray(inputs) || inputs.length === 0 || inputs.length > 100) {
      return invalid(res, "inputs: between 1 and 100 objects are required")
    }
    const startedAt = new Date().toISOString()
    const path = listPath(type)
    const results: Array<CrmObject & { readonly new: boolean }> = []
    for (const [i, input] of (inputs as ReadonlyArray<Record<string, unknown>>).entries()) {
      const { idProperty, id, properties } = input
      if (typeof idProperty !== "string" || !(uniqueProperties[type] ?? []).includes(idProperty)) {
        return invalid(
          res,
          `inputs[${i}].idProperty: ${String(idProperty)} is not a unique-value property of ${type}`
        )
      }
      if (typeof id !== "string" || id === "")
        return invalid(res, `inputs[${i}].id: a non-empty string is required`)
      if (!stringValues(properties))
        return invalid(res, `inputs[${i}].properties: an object of strings is required`)
      const rows = upstream.records(path) as unknown as ReadonlyArray<CrmObject>
      const existing = rows.find((r) => r.archived !== true && r.properties[idProperty] === id)
      const now = String(upstream.nextCursor(path))
      if (existing === undefined && type === "tickets") {
        const missing = ["subject", "hs_pipeline_stage"].filter((name) => properties[name] === undefined)
        if (missing.length > 0) {
          return invalid(
            res,
            `Property values were not valid: ${missing.map((m) => `${m} is required`).join(", ")}`
          )
        }
      }
      const record: CrmObject =
        existing === undefined
          ? {
              id: String(rows.reduce((max, r) => Math.max(max, Number(r.id) || 0), 0) + 1),
              properties: { ...properties, [idProperty]: id },
              createdAt: now,
              updatedAt: now,
              archived: false
            }
          : { ...existing, properties: { ...existing.properties, ...properties }, updatedAt: now }
      upstream.upsert(path, record as unknown as MockServer.Fixture)
      results.push({ ...project(record, Object.keys(record.properties)), new: existing === undefined })
    }
    reply(
      res,
      200,
      JSON.stringify({ status: "COMPLETE", results, startedAt, completedAt: new Date().toISOString() })
    )
  }

  // https://developers.hubspot.com/docs/api-reference/latest/crm/objects/objects/basic/update-object
  const update = async (
    req: IncomingMessage,
    res: ServerResponse,
    type: ObjectType,
    id: string,
    body: unknown
  ) => {
    const answer = await probe(req, type)
    if (answer.status !== 200) return relayFailure(res, answer)
    const properties = (body as { properties?: unknown } | undefined)?.properties
    if (!stringValues(properties)) return invalid(res, "properties: an object of strings is required")
    const path = listPath(type)
    const existing = (upstream.records(path) as unknown as ReadonlyArray<CrmObject>).find(
      (r) => r.id === id && r.archived !== true
    )
    if (existing === undefined) return reply(res, 404, hubspotError("resource not found", "OBJECT_NOT_FOUND"))
    const record: CrmObject = {
      ...existing,
      properties: { ...existing.properties, ...properties },
      updatedAt: String(upstream.nextCursor(path))
    }
    upstream.upsert(path, record as unknown as MockServer.Fixture)
    reply(res, 200, JSON.stringify(project(record, Object.keys(record.properties))))
  }

  const list = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const upstreamUrl = new URL(url.pathname, upstream.url)
    for (const name of ["limit", "after"]) {
      const value = url.searchParams.get(name)
      if (value !== null) upstreamUrl.searchParams.set(name, value)
    }
    const answer = await forward(req, `${upstreamUrl.pathname}${upstreamUrl.search}`)
    if (answer.status !== 200) return relayFailure(res, answer)
    const type = url.pathname.split("/")[4] as ObjectType
    const archived = url.searchParams.get("archived") === "true"
    const body = keepArchived(JSON.parse(answer.text), archived) as unknown as {
      results: ReadonlyArray<CrmObject>
    }
    const requested = url.searchParams.get("properties")
    const names = requested !== null && requested !== "" ? requested.split(",") : defaultProperties[type]
    reply(res, 200, JSON.stringify({ ...body, results: body.results.map((r) => project(r, names)) }))
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1")
    const text = await LoopbackServer.readBody(req)
    let body: unknown
    try {
      body = text === "" ? undefined : JSON.parse(text)
    } catch {
      return reply(res, 400, hubspotError("Invalid input JSON", "VALIDATION_ERROR"))
    }
    const entry = { method: req.method ?? "GET", path: url.pathname, body, status: 0 }
    requests.push(entry)
    res.on("finish", () => {
      entry.status = res.statusCode
    })
    const match = searchPath.exec(url.pathname)
    if (match !== null && req.method === "POST" && types.includes(match[1] as ObjectType)) {
      return search(req, res, match[1] as ObjectType, (body ?? {}) as SearchRequest)
    }
    if (
      req.method === "GET" &&
      /^\/crm\/v3\/objects\/(contacts|companies|deals|tickets)$/.test(url.pathname)
    ) {
      return list(req, res, url)
    }
    const upsert = /^\/crm\/v3\/objects\/(contacts|companies|deals|tickets)\/batch\/upsert$/.exec(
      url.pathname
    )
    if (upsert !== null && req.method === "POST") return batchUpsert(req, res, upsert[1] as ObjectType, body)
    const object = /^\/crm\/v3\/objects\/(contacts|companies|deals|tickets)\/([^/]+)$/.exec(url.pathname)
    if (object !== null && req.method === "PATCH") {
      return update(req, res, object[1] as ObjectType, decodeURIComponent(object[2] as string), body)
    }
    if (
      req.method === "GET" &&
      /^\/crm\/v3\/properties\/(contacts|companies|deals|tickets)$/.test(url.pathname)
    ) {
      const answer = await forward(req, url.pathname)
      if (answer.status !== 200) return relayFailure(res, answer)
      // as on HubSpot, sensitive properties are listed only when asked for, and then only they
      const sensitive = url.searchParams.get("dataSensitivity") === "sensitive"
      const listed = JSON.parse(answer.text) as { results: ReadonlyArray<Property> }
      return reply(
        res,
        200,
        JSON.stringify({
          results: listed.results.filter((p) => (p.dataSensitivity === "sensitive") === sensitive)
        })
      )
    }
    reply(res, 404, hubspotError(`No route for ${req.method} ${url.pathname}`, "OBJECT_NOT_FOUND"))
  }

  const server = await LoopbackServer.start(handle, {
    onError: (message) => hubspotError(message, "INTERNAL_ERROR")
  })
  return {
    url: server.url,
    token,
    server: upstream,
    requests,
    close: server.close
  }
}

/**
 * Starts the HubSpot mock (`serve` on a test kit server of its own) from a dataset (default:
 * `fixtures()`), accepting one access token (default `"pat-mock-token"`); `close` stops both.
 *
 * @example
 * ```ts
 * import { HubSpotMock } from "@cxkit/connector-hubspot/testing"
 *
 * const mock = await HubSpotMock.mock()
 * const response = await fetch(`${mock.url}/crm/v3/objects/contacts/search`, {
 *   method: "POST",
 *   headers: { authorization: `Bearer ${mock.token}`, "content-type": "application/json" },
 *   body: JSON.stringify({ sorts: [{ propertyName: "lastmodifieddate", direction: "ASCENDING" }], limit: 2 })
 * })
 * const body = await response.json()
 * console.log(body.total, body.results.length, body.paging.next.after) // 12 2 "2"
 * await mock.close()
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const mock = async (
  options: {
    readonly dataset?: Dataset
    readonly token?: string
    readonly searchCap?: number
    readonly uniqueProperties?: Partial<Record<ObjectType, ReadonlyArray<string>>>
  } = {}
): Promise<Mock> => {
  const token = options.token ?? "pat-mock-token"
  const upstream = await MockServer.start(
    serverOptions({ token, pageSize: 100, ...(options.dataset ? { dataset: options.dataset } : {}) })
  )
  const front = await serve(upstream, {
    token,
    ...(options.searchCap !== undefined ? { searchCap: options.searchCap } : {}),
    ...(options.uniqueProperties !== undefined ? { uniqueProperties: options.uniqueProperties } : {})
  })
  return {
    ...front,
    close: async () => {
      await front.close()
      await upstream.close()
    }
  }
}
