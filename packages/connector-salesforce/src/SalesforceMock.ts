/**
 * A loopback Salesforce mock for tests, demos and the quickstart: the OAuth token endpoint (JWT
 * bearer assertions verified with the test public key, refresh tokens), SOQL queries paged by
 * `nextRecordsUrl` from server-side cursors, describe, the delete log (`getDeleted`), limits,
 * the `Sforce-Limit-Info` header and Salesforce's error bodies, built on the
 * `@cxkit/connectors/testing` mock server (whose fault injection, request log and mutations it
 * exposes). Not for production code.
 *
 * @module
 * @since 0.2.0
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { LoopbackServer, MockServer } from "@cxkit/connectors/testing"
import { Redacted } from "effect"
import { exportPKCS8, exportSPKI, generateKeyPair, importSPKI, jwtVerify } from "jose"
import * as data from "./internal/fixtures.ts"
import * as Soql from "./internal/soql.ts"
import type { Config } from "./SalesforceConnector.ts"

/**
 * A dataset: the records of each object, as the kit server holds them (no `attributes`; the mock
 * adds them to each answer).
 *
 * @example
 * ```ts
 * import { SalesforceMock } from "@cxkit/connector-salesforce/testing"
 *
 * const small: SalesforceMock.Dataset = { ...SalesforceMock.fixtures(), caseComments: [] }
 * console.log(small.accounts.length, small.caseComments.length) // 8 0
 * ```
 *
 * @since 0.2.0
 * @category testing
 */
export interface Dataset {
  readonly accounts: ReadonlyArray<MockServer.Fixture>
  readonly contacts: ReadonlyArray<MockServer.Fixture>
  readonly leads: ReadonlyArray<MockServer.Fixture>
  readonly opportunities: ReadonlyArray<MockServer.Fixture>
  readonly cases: ReadonlyArray<MockServer.Fixture>
  readonly caseComments: ReadonlyArray<MockServer.Fixture>
}

/**
 * The fixture dataset (generated in code): 8 accounts, 12 contacts (one invalid email, two sharing
 * one `SystemModstamp`), 10 leads over the four standard statuses plus one custom (two
 * converted), 10 opportunities (three won, one lost, one without an account), 12 cases over five
 * origins and 15 case comments (one with quotes, a comma and a line break).
 *
 * @example
 * ```ts
 * import { SalesforceMock } from "@cxkit/connector-salesforce/testing"
 *
 * const data = SalesforceMock.fixtures()
 * console.log(data.leads.filter((l) => l.IsConverted === true).length, data.opportunities.filter((o) => o.IsWon === true).length) // 2 3
 * ```
 *
 * @since 0.2.0
 * @category testing
 */
export const fixtures = (): Dataset => ({
  accounts: data.accounts,
  contacts: data.contacts,
  leads: data.leads,
  opportunities: data.opportunities,
  cases: data.cases,
  caseComments: data.caseComments
})

const objectOf = {
  Account: "accounts",
  Contact: "contacts",
  Lead: "leads",
  Opportunity: "opportunities",
  Case: "cases",
  CaseComment: "caseComments"
} as const
type ObjectName = keyof typeof objectOf
const streamOf: Readonly<Record<ObjectName, string>> = {
  Account: "accounts",
  Contact: "contacts",
  Lead: "leads",
  Opportunity: "opportunities",
  Case: "cases",
  CaseComment: "case_comments"
}
const isObject = (name: string): name is ObjectName => Object.hasOwn(objectOf, name)

/**
 * The test kit path holding an object's records (`/sobjects/Account`, …): inject faults or
 * mutate records there.
 *
 * @example
 * ```ts
 * import { SalesforceMock } from "@cxkit/connector-salesforce/testing"
 *
 * console.log(SalesforceMock.pathOf("Case")) // "/sobjects/Case"
 * ```
 *
 * @since 0.2.0
 * @category testing
 */
export const pathOf = (object: ObjectName): string => `/sobjects/${object}`

// The standard fields each object's describe lists besides those the records carry.
const standardFields: Readonly<Record<ObjectName, ReadonlyArray<string>>> = {
  Account: [
    "Id",
    "IsDeleted",
    "Name",
    "Type",
    "Industry",
    "AnnualRevenue",
    "NumberOfEmployees",
    "Website",
    "Phone",
    "BillingCountry",
    "BillingAddress",
    "OwnerId",
    "CreatedDate",
    "LastModifiedDate",
    "SystemModstamp"
  ],
  Contact: [
    "Id",
    "IsDeleted",
    "AccountId",
    "FirstName",
    "LastName",
    "Email",
    "Phone",
    "MobilePhone",
    "Title",
    "LeadSource",
    "MailingAddress",
    "CreatedDate",
    "LastModifiedDate",
    "SystemModstamp"
  ],
  Lead: [
    "Id",
    "IsDeleted",
    "FirstName",
    "LastName",
    "Company",
    "Email",
    "Phone",
    "Status",
    "LeadSource",
    "IsConverted",
    "ConvertedDate",
    "ConvertedAccountId",
    "ConvertedContactId",
    "ConvertedOpportunityId",
    "Address",
    "CreatedDate",
    "LastModifiedDate",
    "SystemModstamp"
  ],
  Opportunity: [
    "Id",
    "IsDeleted",
    "AccountId",
    "ContactId",
    "Name",
    "StageName",
    "Amount",
    "CloseDate",
    "IsClosed",
    "IsWon",
    "Probability",
    "Type",
    "LeadSource",
    "CreatedDate",
    "LastModifiedDate",
    "SystemModstamp"
  ],
  Case: [
    "Id",
    "IsDeleted",
    "CaseNumber",
    "AccountId",
    "ContactId",
    "SuppliedEmail",
    "Subject",
    "Status",
    "Origin",
    "Priority",
    "Type",
    "Reason",
    "IsClosed",
    "ClosedDate",
    "CreatedDate",
    "LastModifiedDate",
    "SystemModstamp"
  ],
  CaseComment: [
    "Id",
    "IsDeleted",
    "ParentId",
    "CommentBody",
    "IsPublished",
    "CreatedById",
    "CreatedDate",
    "LastModifiedDate",
    "SystemModstamp"
  ]
}

const fieldType = (name: string, sample: unknown): string => {
  if (name === "Id") return "id"
  if (name.endsWith("Address")) return "address"
  if (/Id$/.test(name)) return "reference"
  if (name === "CloseDate" || name === "ConvertedDate") return "date"
  if (/Date$|Modstamp$/.test(name)) return "datetime"
  if (name.startsWith("Is")) return "boolean"
  if (typeof sample === "number") return name === "AnnualRevenue" || name === "Amount" ? "currency" : "double"
  if (name === "CommentBody") return "textarea"
  return "string"
}

/**
 * The `@cxkit/connectors/testing` mock server options for a dataset: one resource per object at
 * `pathOf(object)` (primary key `Id`, cursor `SystemModstamp`, tombstones as deletions), backing
 * the connector's streams, so the conformance suite's faults and mutations reach them. `serve`
 * puts Salesforce's API in front.
 *
 * @example
 * ```ts
 * import { SalesforceMock } from "@cxkit/connector-salesforce/testing"
 *
 * console.log(Object.keys(SalesforceMock.serverOptions({ token: "kit" }).resources))
 * // [ "/sobjects/Account", "/sobjects/Contact", "/sobjects/Lead", "/sobjects/Opportunity", "/sobjects/Case", "/sobjects/CaseComment" ]
 * ```
 *
 * @since 0.2.0
 * @category testing
 */
export const serverOptions = (options: {
  readonly token: string
  readonly pageSize?: number
  readonly dataset?: Dataset
}): MockServer.Options => {
  const dataset = options.dataset ?? fixtures()
  const resources: Record<string, MockServer.Resource> = {}
  for (const object of Object.keys(objectOf) as Array<ObjectName>) {
    resources[pathOf(object)] = {
      stream: streamOf[object],
      records: dataset[objectOf[object]],
      primaryKey: "Id",
      cursorField: "SystemModstamp",
      pageSize: options.pageSize ?? 2000,
      supportsDeletes: true
    }
  }
  return { auth: { _tag: "Bearer", token: options.token }, resources }
}

/**
 * Salesforce's error body: `[{ message, errorCode, fields? }]`
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm).
 *
 * @example
 * ```ts
 * import { SalesforceMock } from "@cxkit/connector-salesforce/testing"
 *
 * console.log(SalesforceMock.errorBody("INVALID_FIELD", "No such column", ["Foo"])) // [ { message: "No such column", errorCode: "INVALID_FIELD", fields: [ "Foo" ] } ]
 * ```
 *
 * @since 0.2.0
 * @category testing
 */
export const errorBody = (errorCode: string, message: string, fields?: ReadonlyArray<string>) => [
  { message, errorCode, ...(fields !== undefined ? { fields } : {}) }
]

/**
 * The 403 Salesforce answers once the org's API allocation is spent
 * (`REQUEST_LIMIT_EXCEEDED`, https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_api.htm),
 * as a fault for the test kit server.
 *
 * @example
 * ```ts
 * import { SalesforceMock } from "@cxkit/connector-salesforce/testing"
 *
 * const fault = SalesforceMock.requestLimitExceeded()
 * console.log(fault._tag === "Status" && fault.status) // 403
 * ```
 *
 * @since 0.2.0
 * @category testing
 */
export const requestLimitExceeded = (): MockServer.Fault =>
  MockServer.status(403, errorBody("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."))

/**
 * An RSA key pair for the JWT bearer flow: `privateKey` (PKCS#8 PEM, the connector's config) and
 * `publicKey` (SPKI PEM, what the connected app's certificate holds; the mock verifies with it).
 *
 * @example
 * ```ts
 * import { SalesforceMock } from "@cxkit/connector-salesforce/testing"
 *
 * const key = await SalesforceMock.generateKey()
 * console.log(key.privateKey.startsWith("-----BEGIN PRIVATE KEY-----")) // true
 * ```
 *
 * @since 0.2.0
 * @category testing
 */
export const generateKey = async (): Promise<{ readonly privateKey: string; readonly publicKey: string }> => {
  const pair = await generateKeyPair("RS256", { extractable: true, modulusLength: 2048 })
  return { privateKey: await exportPKCS8(pair.privateKey), publicKey: await exportSPKI(pair.publicKey) }
}

/**
 * What `serve` takes.
 *
 * - `kitToken`: the bearer token of the test kit server underneath.
 * - `clientId`, `username`, `publicKey`, `audience` (default `https://login.salesforce.com`): what
 *   a JWT assertion must carry and be signed for.
 * - `refreshToken`, `clientSecret`: the refresh-token flow's credentials, when it is accepted.
 * - `pageSize`: the largest query batch (default 2000; Salesforce may answer smaller batches than
 *   `batchSize` asks for).
 * - `apiLimit` (default 100,000) and `apiUsed` (default 0): the org's daily allocation and what is
 *   already used, told in `Sforce-Limit-Info`.
 *
 * @since 0.2.0
 * @category testing
 */
export interface ServeOptions {
  readonly kitToken: string
  readonly clientId: string
  readonly username: string
  readonly publicKey: string
  readonly audience?: string | undefined
  readonly refreshToken?: string | undefined
  readonly clientSecret?: string | undefined
  readonly pageSize?: number | undefined
  readonly apiLimit?: number | undefined
  readonly apiUsed?: number | undefined
}

/**
 * A running Salesforce mock.
 *
 * - `url`: the login server and instance (`instance_url` of its tokens).
 * - `server`: the test kit server holding the records, faults and request log.
 * - `requests`: requests as Salesforce saw them (method, path, the SOQL of a query, status).
 * - `expireSessions()`: every access token issued so far stops working (the next request answers
 *   401 `INVALID_SESSION_ID`).
 * - `purgeDeletedBefore(iso)`: the delete log forgets deletions before that time (as the
 *   recycle bin's purge does); `getDeleted` windows starting earlier answer `INVALID_REPLICATION_DATE`.
 * - `setApiUsage(used)`: sets the requests used of the daily allocation.
 * - `tokensIssued()`: how many access tokens the token endpoint issued.
 *
 * @since 0.2.0
 * @category testing
 */
export interface Mock {
  readonly url: string
  readonly server: MockServer.MockServer
  readonly requests: ReadonlyArray<{
    readonly method: string
    readonly path: string
    readonly soql: string | undefined
    readonly status: number
  }>
  readonly expireSessions: () => void
  readonly purgeDeletedBefore: (iso: string) => void
  readonly setApiUsage: (used: number) => void
  readonly tokensIssued: () => number
  /** Releases every open query cursor (their `nextRecordsUrl` then answers `INVALID_QUERY_LOCATOR`). */
  readonly releaseCursors: () => void
  readonly close: () => Promise<void>
}

const parseTime = (value: unknown): number =>
  typeof value === "string" ? Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2")) : Number.NaN
const floorMinute = (millis: number) => Math.floor(millis / 60_000) * 60_000
const deletedField = "_deleted"

interface Cursor {
  readonly object: ObjectName
  readonly rows: ReadonlyArray<Record<string, unknown>>
  readonly batch: number
}

/**
 * Puts Salesforce's API in front of a test kit server built from `serverOptions`, on 127.0.0.1:
 *
 * - `POST /services/oauth2/token` (form body): `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`
 *   with an RS256 `assertion` verified with `publicKey` (`iss` the client id, `sub` the username,
 *   `aud` the audience, `exp` required and not passed), or `grant_type=refresh_token`; answers
 *   `{ access_token, instance_url, id, token_type, issued_at, signature }` or 400
 *   `{ error, error_description }` (`invalid_grant`, `invalid_client_id`, `invalid_client`,
 *   `unsupported_grant_type`);
 * - `/services/data/vNN.0/…` with `Authorization: Bearer` an issued token (else 401
 *   `INVALID_SESSION_ID`): `limits`, `sobjects/{type}/describe`, `query?q=` (the SOQL subset:
 *   field list with `Parent.` fields on CaseComment, `WHERE` comparisons with `AND` / `OR`,
 *   `ORDER BY`, `LIMIT`; anything else 400 `MALFORMED_QUERY`, unknown fields `INVALID_FIELD`,
 *   unknown objects `INVALID_TYPE`), `query/{locator}-{offset}` (server-side cursors holding
 *   the query's result as of the query, batches of `min(batchSize, pageSize)`, ten per user,
 *   the oldest released: `INVALID_QUERY_LOCATOR`), `sobjects/{type}/deleted/?start=&end=` (the
 *   object's tombstones, `deletedDate` their `SystemModstamp`, start rounded down to its minute;
 *   `INVALID_REPLICATION_DATE` for a start after the end or before `earliestDateAvailable`,
 *   15 days before the object's clock or the last purge);
 * - every data answer carries `Sforce-Limit-Info: api-usage=N/M` and, over the allocation, is
 *   403 `REQUEST_LIMIT_EXCEEDED`; its `Date` is the object's clock: the newest `SystemModstamp`
 *   of its records (the mock's time stands still between changes, so runs are deterministic).
 *
 * Each data request first makes a cheap request to the object's kit resource, so the kit's
 * faults, authentication and `beforeRequest` mutations apply to it; a repeated page repeats the
 * object's last answer. Closing the front end leaves the test kit server running.
 *
 * @example
 * ```ts
 * import { MockServer } from "@cxkit/connectors/testing"
 * import { SalesforceMock } from "@cxkit/connector-salesforce/testing"
 *
 * const key = await SalesforceMock.generateKey()
 * const upstream = await MockServer.start(SalesforceMock.serverOptions({ token: "kit" }))
 * const front = await SalesforceMock.serve(upstream, { kitToken: "kit", clientId: "c", username: "u", publicKey: key.publicKey })
 * const response = await fetch(`${front.url}/services/data/v62.0/query?q=SELECT+Id+FROM+Account`, {
 *   headers: { authorization: "Bearer not-issued" }
 * })
 * console.log(response.status, (await response.json())[0].errorCode) // 401 "INVALID_SESSION_ID"
 * await front.close()
 * await upstream.close()
 * ```
 *
 * @since 0.2.0
 * @category testing
 */
export const serve = async (upstream: MockServer.MockServer, options: ServeOptions): Promise<Mock> => {
  const publicKey = await importSPKI(options.publicKey, "RS256")
  const audience = options.audience ?? "https://login.salesforce.com"
  const maxBatch = options.pageSize ?? 2000
  const limit = options.apiLimit ?? 100_000
  let used = options.apiUsed ?? 0
  let purgedBefore = Number.NEGATIVE_INFINITY
  const issued = new Set<string>()
  let tokenCount = 0
  const requests: Array<{ method: string; path: string; soql: string | undefined; status: number }> = []
  const cursors = new Map<string, Cursor>()
  let locators = 0
  const lastAnswer = new Map<ObjectName, string>()

  const reply = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {}
  ) => {
    res.writeHead(status, { "content-type": "application/json;charset=UTF-8", ...headers })
    res.end(typeof body === "string" ? body : JSON.stringify(body))
  }

  const live = (object: ObjectName) =>
    upstream.records(pathOf(object)).filter((r) => r[deletedField] !== true)
  const clockOf = (object: ObjectName | undefined): number => {
    const names = object === undefined ? (Object.keys(objectOf) as Array<ObjectName>) : [object]
    let max = Date.parse("2024-05-01T00:00:00.000Z")
    for (const name of names) {
      for (const r of upstream.records(pathOf(name))) {
        const t = parseTime(r.SystemModstamp)
        if (!Number.isNaN(t) && t > max) max = t
      }
    }
    return max
  }
  const headersFor = (object: ObjectName | undefined) => ({
    "sforce-limit-info": `api-usage=${used}/${limit}`,
    date: new Date(clockOf(object)).toUTCString()
  })

  const catalog = (object: ObjectName): Array<string> => {
    const names = new Set(standardFields[object])
    for (const r of upstream.records(pathOf(object)))
      for (const k of Object.keys(r)) if (k !== deletedField) names.add(k)
    return [...names]
  }

  let probes = 0
  /** A cheap request to the object's kit resource: authentication, faults and mutation hooks apply. */
  const probe = async (req: IncomingMessage, object: ObjectName) => {
    const id = String(++probes)
    const answer = await LoopbackServer.forward(
      upstream.url,
      req,
      `${pathOf(object)}?limit=1&cxkitProbe=${id}`,
      {
        headers: { authorization: `Bearer ${options.kitToken}` }
      }
    )
    const logged = upstream.requests.findLast((r) => r.query.cxkitProbe === id)
    return { answer, repeated: logged?.fault === "RepeatPage" }
  }
  const relayFailure = (res: ServerResponse, failure: LoopbackServer.Answer) => {
    if (failure.status === 401)
      return reply(res, 401, errorBody("INVALID_SESSION_ID", "Session expired or invalid"))
    LoopbackServer.reply(res, failure)
  }
  /** Probes, then answers with `answer()` (or the object's last answer again on a repeated page). */
  const through = async (
    req: IncomingMessage,
    res: ServerResponse,
    object: ObjectName,
    answer: () => { status: number; body: unknown },
    remember = false
  ) => {
    const { answer: probed, repeated } = await probe(req, object)
    if (probed.status !== 200) return relayFailure(res, probed)
    const previous = lastAnswer.get(object)
    if (repeated && previous !== undefined && remember) return reply(res, 200, previous, headersFor(object))
    const { status, body } = answer()
    const text = JSON.stringify(body)
    if (remember && status === 200) lastAnswer.set(object, text)
    reply(res, status, text, headersFor(object))
  }

  const project = (
    object: ObjectName,
    row: Record<string, unknown>,
    fields: ReadonlyArray<string>,
    version: string
  ) => {
    const out: Record<string, unknown> = {
      attributes: { type: object, url: `/services/data/v${version}/sobjects/${object}/${String(row.Id)}` }
    }
    for (const field of fields) {
      if (field.startsWith("Parent.")) {
        const parent = live("Case").find((c) => c.Id === row.ParentId)
        const inner = field.slice("Parent.".length)
        if (parent === undefined) out.Parent = null
        else {
          const current = (out.Parent ?? {
            attributes: { type: "Case", url: `/services/data/v${version}/sobjects/Case/${String(parent.Id)}` }
          }) as Record<string, unknown>
          current[inner] = parent[inner] ?? null
          out.Parent = current
        }
      } else out[field] = row[field] ?? (field === "IsDeleted" ? false : null)
    }
    return out
  }

  const batchOf = (req: IncomingMessage) => {
    const header = req.headers["sforce-query-options"]
    const asked = typeof header === "string" ? Number(/batchSize=(\d+)/i.exec(header)?.[1]) : Number.NaN
    const size = Number.isInteger(asked) && asked >= 200 && asked <= 2000 ? asked : 2000
    return Math.min(size, maxBatch)
  }

  const queryAnswer = (version: string, cursorId: string | undefined, cursor: Cursor, offset: number) => {
    const records = cursor.rows.slice(offset, offset + cursor.batch)
    const nextOffset = offset + records.length
    const done = nextOffset >= cursor.rows.length
    return {
      totalSize: cursor.rows.length,
      done,
      ...(done || cursorId === undefined
        ? {}
        : { nextRecordsUrl: `/services/data/v${version}/query/${cursorId}-${nextOffset}` }),
      records
    }
  }

  const runQuery = (
    text: string
  ): { status: number; body: unknown } | { query: Soql.Query; object: ObjectName } => {
    let query: Soql.Query
    try {
      query = Soql.parse(text)
    } catch (error) {
      if (error instanceof Soql.MalformedQuery)
        return { status: 400, body: errorBody("MALFORMED_QUERY", error.message) }
      throw error
    }
    if (!isObject(query.object)) {
      return {
        status: 400,
        body: errorBody("INVALID_TYPE", `sObject type '${query.object}' is not supported.`)
      }
    }
    const object = query.object
    const known = new Set(catalog(object))
    const parentKnown = new Set(catalog("Case"))
    for (const field of [
      ...query.fields,
      ...Soql.fieldsOf(query.where),
      ...query.orderBy.map((o) => o.field)
    ]) {
      const ok = field.startsWith("Parent.")
        ? object === "CaseComment" && parentKnown.has(field.slice("Parent.".length))
        : known.has(field) && !field.includes(".")
      if (!ok) {
        return {
          status: 400,
          body: errorBody(
            "INVALID_FIELD",
            `No such column '${field}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.`
          )
        }
      }
    }
    return { query, object }
  }

  const selectRows = (query: Soql.Query, object: ObjectName) => {
    const where = query.where
    let rows = live(object).filter((r) => where === undefined || Soql.matches(where, r))
    if (query.orderBy.length > 0) rows = [...rows].sort(Soql.order(query.orderBy))
    if (query.limit !== undefined) rows = rows.slice(0, query.limit)
    return rows
  }

  const openCursor = (cursor: Cursor) => {
    locators++
    const id = `0r8Dn${String(locators).padStart(10, "0")}AAQ`
    cursors.set(id, cursor)
    // a user has at most ten query cursors open; the oldest is released
    while (cursors.size > 10) cursors.delete(cursors.keys().next().value as string)
    return id
  }

  const deleted = (object: ObjectName, url: URL): { status: number; body: unknown } => {
    const startText = url.searchParams.get("start")
    const endText = url.searchParams.get("end")
    if (startText === null || endText === null) {
      return { status: 400, body: errorBody("MISSING_ARGUMENT", "start and end are required") }
    }
    const start = floorMinute(parseTime(startText))
    const end = parseTime(endText)
    if (Number.isNaN(start) || Number.isNaN(end)) {
      return { status: 400, body: errorBody("INVALID_REPLICATION_DATE", "start and end must be dateTimes") }
    }
    if (start >= end) {
      return {
        status: 400,
        body: errorBody("INVALID_REPLICATION_DATE", "startDate must chronologically precede endDate")
      }
    }
    const now = clockOf(object)
    const earliest = floorMinute(Math.max(purgedBefore, now - 15 * 86_400_000))
    if (start < earliest) {
      return {
        status: 400,
        body: errorBody(
          "INVALID_REPLICATION_DATE",
          `startDate is before the earliest date available, ${data.stamp(earliest)}`
        )
      }
    }
    const records = upstream
      .records(pathOf(object))
      .filter((r) => r[deletedField] === true)
      .map((r) => ({ id: String(r.Id), at: parseTime(r.SystemModstamp) }))
      .filter((r) => r.at >= start && r.at <= end)
      .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))
    return {
      status: 200,
      body: {
        deletedRecords: records.map((r) => ({ id: r.id, deletedDate: data.stamp(r.at) })),
        earliestDateAvailable: data.stamp(earliest),
        latestDateCovered: data.stamp(Math.min(end, now))
      }
    }
  }

  const token = async (req: IncomingMessage, res: ServerResponse, body: string) => {
    const form = new URLSearchParams(body)
    const refuse = (error: string, description: string) =>
      reply(res, 400, { error, error_description: description })
    const grant = form.get("grant_type")
    if (grant === "urn:ietf:params:oauth:grant-type:jwt-bearer") {
      const assertion = form.get("assertion") ?? ""
      try {
        const { payload } = await jwtVerify(assertion, publicKey, {
          algorithms: ["RS256"],
          requiredClaims: ["exp"],
          clockTolerance: 60
        })
        if (payload.iss !== options.clientId) return refuse("invalid_client_id", "client identifier invalid")
        if (payload.aud !== audience && !(Array.isArray(payload.aud) && payload.aud.includes(audience))) {
          return refuse("invalid_grant", "audience is invalid")
        }
        if (payload.sub !== options.username)
          return refuse("invalid_grant", "user hasn't approved this consumer")
      } catch (error) {
        const expired = error instanceof Error && /exp/.test(error.message)
        return refuse("invalid_grant", expired ? "expired authorization code" : "invalid assertion")
      }
    } else if (grant === "refresh_token") {
      if (form.get("client_id") !== options.clientId)
        return refuse("invalid_client_id", "client identifier invalid")
      if (options.clientSecret !== undefined && form.get("client_secret") !== options.clientSecret) {
        return refuse("invalid_client", "invalid client credentials")
      }
      if (options.refreshToken === undefined || form.get("refresh_token") !== options.refreshToken) {
        return refuse("invalid_grant", "expired access/refresh token")
      }
    } else {
      return refuse("unsupported_grant_type", "grant type not supported")
    }
    tokenCount++
    const access = `00DDn0000000001!AQ.mock-session-${tokenCount}`
    issued.add(access)
    const origin = `http://${req.headers.host ?? "127.0.0.1"}`
    reply(res, 200, {
      access_token: access,
      ...(grant === "refresh_token"
        ? { signature: Buffer.from(`sig-${tokenCount}`).toString("base64") }
        : {}),
      scope: "api",
      instance_url: origin,
      id: `${origin}/id/00DDn0000000001AAQ/005Dn0000000001AAQ`,
      token_type: "Bearer",
      issued_at: String(clockOf(undefined))
    })
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1")
    const text = await LoopbackServer.readBody(req)
    const entry = {
      method: req.method ?? "GET",
      path: url.pathname,
      soql: url.searchParams.get("q") ?? undefined,
      status: 0
    }
    requests.push(entry)
    res.on("finish", () => {
      entry.status = res.statusCode
    })
    if (url.pathname === "/services/oauth2/token") {
      if (req.method !== "POST")
        return reply(res, 405, { error: "invalid_request", error_description: "must use HTTP POST" })
      return token(req, res, text)
    }
    const match = /^\/services\/data\/v(\d{2,3}\.0)(\/.*)?$/.exec(url.pathname)
    const notFound = () => reply(res, 404, errorBody("NOT_FOUND", "The requested resource does not exist"))
    if (match === null) return notFound()
    const version = match[1] as string
    if (Number(version) < 31 || Number(version) > 66) return notFound()
    const auth = req.headers.authorization
    if (auth === undefined || !auth.startsWith("Bearer ") || !issued.has(auth.slice(7))) {
      return reply(res, 401, errorBody("INVALID_SESSION_ID", "Session expired or invalid"))
    }
    used++
    if (used > limit) {
      return reply(
        res,
        403,
        errorBody("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."),
        headersFor(undefined)
      )
    }
    const rest = (match[2] ?? "/").replace(/\/$/, "") || "/"
    if (req.method !== "GET")
      return reply(res, 405, errorBody("METHOD_NOT_ALLOWED", `HTTP Method '${req.method}' not allowed`))
    if (rest === "/limits") {
      return reply(
        res,
        200,
        { DailyApiRequests: { Max: limit, Remaining: Math.max(0, limit - used) } },
        headersFor(undefined)
      )
    }
    const describe = /^\/sobjects\/(\w+)\/describe$/.exec(rest)
    if (describe !== null) {
      const object = describe[1] as string
      if (!isObject(object))
        return reply(res, 404, errorBody("NOT_FOUND", `The requested resource does not exist`))
      return through(req, res, object, () => {
        const sample = (name: string) =>
          upstream.records(pathOf(object)).find((r) => r[name] !== null && r[name] !== undefined)?.[name]
        return {
          status: 200,
          body: {
            name: object,
            queryable: true,
            replicateable: true,
            fields: catalog(object).map((name) => ({
              name,
              type: fieldType(name, sample(name)),
              nillable: name !== "Id"
            }))
          }
        }
      })
    }
    if (rest === "/query") {
      const q = url.searchParams.get("q")
      if (q === null)
        return reply(res, 400, errorBody("MALFORMED_QUERY", "A query string has to be specified"))
      const parsed = runQuery(q)
      if (!("query" in parsed)) return reply(res, parsed.status, parsed.body, headersFor(undefined))
      const { query, object } = parsed
      const batch = batchOf(req)
      return through(
        req,
        res,
        object,
        () => {
          // the cursor holds the result as of the query
          const rows = selectRows(query, object).map((r) => project(object, r, query.fields, version))
          const cursor: Cursor = { object, rows, batch }
          const id = rows.length > batch ? openCursor(cursor) : undefined
          return { status: 200, body: queryAnswer(version, id, cursor, 0) }
        },
        true
      )
    }
    const more = /^\/query\/(0r8\w+)-(\d+)$/.exec(rest)
    if (more !== null) {
      const id = more[1] as string
      const cursor = cursors.get(id)
      if (cursor === undefined) {
        return reply(
          res,
          400,
          errorBody("INVALID_QUERY_LOCATOR", "invalid query locator"),
          headersFor(undefined)
        )
      }
      return through(
        req,
        res,
        cursor.object,
        () => {
          // the cursor may have been released while the request was on its way
          const open = cursors.get(id)
          return open === undefined
            ? { status: 400, body: errorBody("INVALID_QUERY_LOCATOR", "invalid query locator") }
            : { status: 200, body: queryAnswer(version, id, open, Number(more[2])) }
        },
        true
      )
    }
    const deletions = /^\/sobjects\/(\w+)\/deleted$/.exec(rest)
    if (deletions !== null) {
      const object = deletions[1] as string
      if (!isObject(object)) return notFound()
      return through(req, res, object, () => deleted(object, url))
    }
    notFound()
  }

  const server = await LoopbackServer.start(handle, {
    onError: (message) => errorBody("UNKNOWN_EXCEPTION", message)
  })
  return {
    url: server.url,
    server: upstream,
    requests,
    expireSessions: () => issued.clear(),
    purgeDeletedBefore: (iso) => {
      purgedBefore = parseTime(iso)
    },
    setApiUsage: (n) => {
      used = n
    },
    tokensIssued: () => tokenCount,
    releaseCursors: () => cursors.clear(),
    close: server.close
  }
}

/**
 * A started mock with its credentials: `config()` is a connector config for it (JWT bearer flow;
 * `{ flow: "refresh-token" }` for the refresh-token flow), secrets `Redacted`.
 *
 * @since 0.2.0
 * @category testing
 */
export interface StartedMock extends Mock {
  readonly key: { readonly privateKey: string; readonly publicKey: string }
  readonly clientId: string
  readonly username: string
  readonly refreshToken: string
  readonly clientSecret: string
  readonly config: (options?: { readonly flow?: "jwt" | "refresh-token" }) => Config
}

/**
 * Starts the Salesforce mock (`serve` on a test kit server of its own) from a dataset (default
 * `fixtures()`), with a fresh key pair (or `key`), accepting JWT assertions for client
 * `3MVG9mock.client` and user `integration@acme.example` and the refresh token
 * `5Aep861mock.refresh` with client secret `mock-client-secret`; `close` stops both servers.
 *
 * @example
 * ```ts
 * import { Sync } from "@cxkit/connectors"
 * import { SalesforceConnector } from "@cxkit/connector-salesforce"
 * import { SalesforceMock } from "@cxkit/connector-salesforce/testing"
 *
 * const mock = await SalesforceMock.start()
 * const events = await Sync.toArray(SalesforceConnector.connector, { config: mock.config(), streams: ["accounts", "cases"] })
 * console.log(Sync.records(events, "accounts").length, Sync.records(events, "cases").length) // 8 12
 * await mock.close()
 * ```
 *
 * @since 0.2.0
 * @category testing
 */
export const start = async (
  options: {
    readonly dataset?: Dataset
    readonly key?: { readonly privateKey: string; readonly publicKey: string }
    readonly pageSize?: number
    readonly apiLimit?: number
  } = {}
): Promise<StartedMock> => {
  const key = options.key ?? (await generateKey())
  const kitToken = "kit-salesforce"
  const clientId = "3MVG9mock.client"
  const username = "integration@acme.example"
  const refreshToken = "5Aep861mock.refresh"
  const clientSecret = "mock-client-secret"
  const upstream = await MockServer.start(
    serverOptions({
      token: kitToken,
      ...(options.dataset !== undefined ? { dataset: options.dataset } : {}),
      ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {})
    })
  )
  const front = await serve(upstream, {
    kitToken,
    clientId,
    username,
    publicKey: key.publicKey,
    refreshToken,
    clientSecret,
    pageSize: options.pageSize,
    apiLimit: options.apiLimit
  })
  return {
    ...front,
    key,
    clientId,
    username,
    refreshToken,
    clientSecret,
    config: (config = {}) =>
      config.flow === "refresh-token"
        ? {
            clientId,
            refreshToken: Redacted.make(refreshToken),
            clientSecret: Redacted.make(clientSecret),
            loginUrl: front.url
          }
        : { clientId, username, privateKey: Redacted.make(key.privateKey), loginUrl: front.url },
    close: async () => {
      await front.close()
      await upstream.close()
    }
  }
}

/**
 * `start` under the name the other plugins' mocks use.
 *
 * @example
 * ```ts
 * import { SalesforceMock } from "@cxkit/connector-salesforce/testing"
 *
 * console.log(SalesforceMock.mock === SalesforceMock.start) // true
 * ```
 *
 * @since 0.2.0
 * @category testing
 */
export const mock = start
