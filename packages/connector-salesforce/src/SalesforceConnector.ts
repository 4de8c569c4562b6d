/**
 * The Salesforce connector: accounts, contacts, leads, opportunities, cases and case comments
 * through SOQL on the REST API (`GET /services/data/vXX.X/query`, paged by `nextRecordsUrl`),
 * incremental on `SystemModstamp` with deletions from the delete log
 * (`GET /services/data/vXX.X/sobjects/{type}/deleted/`). Authentication is the OAuth 2.0 JWT
 * bearer flow or the refresh-token flow; the token answer's `instance_url` is the API base. The
 * org's daily API allocation (`Sforce-Limit-Info`) is watched so a sync stops before spending it.
 *
 * REST API reference: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_rest.htm
 *
 * @module
 * @since 0.2.0
 */
import { Connector, ConnectorError, Http, SourceStream } from "@cxkit/connectors"
import { Clock, Context, Duration, Effect, Layer, Option, Redacted, Schema, Semaphore, Stream } from "effect"
import { HttpClient, HttpClientRequest } from "effect/http"
import { importPKCS8, SignJWT } from "jose"

/**
 * The REST API version every path names (`/services/data/v62.0/…`, Winter '25) unless the config
 * sets `apiVersion`.
 *
 * @example
 * ```ts
 * import { SalesforceConnector } from "@cxkit/connector-salesforce"
 *
 * console.log(SalesforceConnector.defaultApiVersion) // "62.0"
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export const defaultApiVersion = "62.0"

/**
 * The login servers: production orgs authenticate at `login`, sandboxes at `test`; a My Domain
 * login URL works too (https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm).
 *
 * @example
 * ```ts
 * import { SalesforceConnector } from "@cxkit/connector-salesforce"
 *
 * console.log(SalesforceConnector.loginUrls.test) // "https://test.salesforce.com"
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export const loginUrls = {
  login: "https://login.salesforce.com",
  test: "https://test.salesforce.com"
} as const

/**
 * The objects the connector reads, by stream name.
 *
 * @example
 * ```ts
 * import { SalesforceConnector } from "@cxkit/connector-salesforce"
 *
 * console.log(SalesforceConnector.objects.case_comments) // "CaseComment"
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export const objects = {
  accounts: "Account",
  contacts: "Contact",
  leads: "Lead",
  opportunities: "Opportunity",
  cases: "Case",
  case_comments: "CaseComment"
} as const

/**
 * An object the connector reads.
 *
 * @since 0.2.0
 * @category models
 */
export type SObject = (typeof objects)[keyof typeof objects]

/**
 * The connector's configuration.
 *
 * - `clientId`: the connected app's consumer key.
 * - JWT bearer flow: `username` (the user the app acts as) and `privateKey` (PKCS#8 PEM of the
 *   RSA key whose certificate the connected app holds; secret).
 * - Refresh-token flow: `refreshToken` (secret) and, when the app requires it, `clientSecret`
 *   (secret). When `refreshToken` is given it is used; otherwise the JWT flow.
 * - `loginUrl`: the token endpoint's server (default `https://login.salesforce.com`;
 *   `https://test.salesforce.com` for sandboxes, or a My Domain URL). `audience`: the JWT's `aud`
 *   (default `https://test.salesforce.com` when `loginUrl` is it, else
 *   `https://login.salesforce.com`).
 * - `apiVersion` (default `62.0`), `batchSize` (records per query batch, 200–2000, default 2000;
 *   Salesforce may answer smaller batches), `apiUsageThreshold` (default 0.9: once
 *   `Sforce-Limit-Info` says this share of the org's daily API requests is used, the connector
 *   sends no more requests and fails with reason `quota-exhausted`), `requestsPerSecond`
 *   (client-side limit, default 10), `timeoutMillis` (per request, default 30,000).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { SalesforceConnector } from "@cxkit/connector-salesforce"
 *
 * const config = Schema.decodeUnknownSync(SalesforceConnector.Config)({
 *   clientId: "3MVG9-consumer-key", refreshToken: "5Aep861-refresh", clientSecret: "s3cr3t"
 * })
 * console.log(String(config.refreshToken), SalesforceConnector.flowOf(config)) // "<redacted>" "refresh-token"
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const Config = Schema.Struct({
  clientId: Schema.String.check(Schema.isNonEmpty()),
  username: Schema.optionalKey(Schema.String),
  privateKey: Schema.optionalKey(Schema.RedactedFromValue(Schema.String)),
  refreshToken: Schema.optionalKey(Schema.RedactedFromValue(Schema.String)),
  clientSecret: Schema.optionalKey(Schema.RedactedFromValue(Schema.String)),
  loginUrl: Schema.optionalKey(Schema.String),
  audience: Schema.optionalKey(Schema.String),
  apiVersion: Schema.optionalKey(Schema.String.check(Schema.isPattern(/^\d{2,3}\.0$/))),
  batchSize: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 200, maximum: 2000 }))),
  apiUsageThreshold: Schema.optionalKey(
    Schema.Finite.check(Schema.isGreaterThan(0), Schema.isLessThanOrEqualTo(1))
  ),
  requestsPerSecond: Schema.optionalKey(Schema.Finite.check(Schema.isGreaterThan(0))),
  timeoutMillis: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)))
})

/**
 * @since 0.2.0
 * @category schemas
 */
export type Config = typeof Config.Type

/**
 * Which OAuth flow a config uses: `refresh-token` when it has `refreshToken`, `jwt` when it has
 * `username` and `privateKey`, else `undefined` (the layer then fails with reason `config`).
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { SalesforceConnector } from "@cxkit/connector-salesforce"
 *
 * console.log(SalesforceConnector.flowOf({ clientId: "c", username: "u@example.com", privateKey: Redacted.make("pem") })) // "jwt"
 * console.log(SalesforceConnector.flowOf({ clientId: "c" })) // undefined
 * ```
 *
 * @since 0.2.0
 * @category combinators
 */
export const flowOf = (config: Config): "jwt" | "refresh-token" | undefined =>
  config.refreshToken !== undefined
    ? "refresh-token"
    : config.username !== undefined && config.privateKey !== undefined
      ? "jwt"
      : undefined

const Text = Schema.optionalKey(Schema.NullOr(Schema.String))
const Num = Schema.optionalKey(Schema.NullOr(Schema.Number))
const Bool = Schema.optionalKey(Schema.Boolean)
const Attributes = Schema.optionalKey(
  Schema.Struct({ type: Schema.String, url: Schema.optionalKey(Schema.String) })
)
const system = {
  attributes: Attributes,
  Id: Schema.String,
  CreatedDate: Text,
  LastModifiedDate: Text,
  SystemModstamp: Schema.String,
  IsDeleted: Bool
}

/**
 * An Account (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_account.htm).
 * Every record Schema lists the standard fields the mapping reads and keeps the others the query
 * selects (custom fields `…__c` among them) as unknown fields; dateTimes are strings as Salesforce
 * writes them (`2024-05-01T08:00:00.000+0000`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { SalesforceConnector } from "@cxkit/connector-salesforce"
 *
 * const account = Schema.decodeUnknownSync(SalesforceConnector.Account)({
 *   Id: "001Dn000000000001AAQ", Name: "Acme", Industry: "Manufacturing", SystemModstamp: "2024-05-01T08:00:00.000+0000"
 * })
 * console.log(account.Name) // "Acme"
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const Account = Schema.Struct({
  ...system,
  Name: Text,
  Type: Text,
  Industry: Text,
  AnnualRevenue: Num,
  NumberOfEmployees: Num,
  Website: Text,
  Phone: Text,
  BillingCountry: Text,
  OwnerId: Text
})

/**
 * @since 0.2.0
 * @category schemas
 */
export type Account = typeof Account.Type

/**
 * A Contact (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_contact.htm).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { SalesforceConnector } from "@cxkit/connector-salesforce"
 *
 * const contact = Schema.decodeUnknownSync(SalesforceConnector.Contact)({
 *   Id: "003Dn000000000001AAQ", LastName: "Lovelace", Email: "ada@example.com", SystemModstamp: "2024-05-01T08:00:00.000+0000"
 * })
 * console.log(contact.Email) // "ada@example.com"
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const Contact = Schema.Struct({
  ...system,
  AccountId: Text,
  FirstName: Text,
  LastName: Text,
  Email: Text,
  Phone: Text,
  MobilePhone: Text,
  Title: Text,
  LeadSource: Text
})

/**
 * @since 0.2.0
 * @category schemas
 */
export type Contact = typeof Contact.Type

/**
 * A Lead (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_lead.htm):
 * `Status` is the org's lead status picklist; a converted lead (`IsConverted`) names the
 * account, contact and opportunity it became.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { SalesforceConnector } from "@cxkit/connector-salesforce"
 *
 * const lead = Schema.decodeUnknownSync(SalesforceConnector.Lead)({
 *   Id: "00QDn000000000001AAQ", LastName: "Cerf", Company: "Packet Co", Status: "Working - Contacted",
 *   IsConverted: false, SystemModstamp: "2024-05-01T08:00:00.000+0000"
 * })
 * console.log(lead.Status) // "Working - Contacted"
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const Lead = Schema.Struct({
  ...system,
  FirstName: Text,
  LastName: Text,
  Company: Text,
  Email: Text,
  Phone: Text,
  Status: Text,
  LeadSource: Text,
  IsConverted: Bool,
  ConvertedDate: Text,
  ConvertedAccountId: Text,
  ConvertedContactId: Text,
  ConvertedOpportunityId: Text
})

/**
 * @since 0.2.0
 * @category schemas
 */
export type Lead = typeof Lead.Type

/**
 * An Opportunity (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_opportunity.htm):
 * `StageName` is the org's stage picklist; `IsClosed` and `IsWon` come from the stage's settings.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { SalesforceConnector } from "@cxkit/connector-salesforce"
 *
 * const deal = Schema.decodeUnknownSync(SalesforceConnector.Opportunity)({
 *   Id: "006Dn000000000001AAQ", Name: "Renewal", StageName: "Closed Won", IsClosed: true, IsWon: true,
 *   CloseDate: "2024-06-30", SystemModstamp: "2024-05-01T08:00:00.000+0000"
 * })
 * console.log(deal.IsWon) // true
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const Opportunity = Schema.Struct({
  ...system,
  AccountId: Text,
  ContactId: Text,
  Name: Text,
  StageName: Text,
  Amount: Num,
  CloseDate: Text,
  IsClosed: Bool,
  IsWon: Bool,
  Probability: Num,
  Type: Text,
  LeadSource: Text
})

/**
 * @since 0.2.0
 * @category schemas
 */
export type Opportunity = typeof Opportunity.Type

/**
 * A Case (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_case.htm):
 * `Origin` is the channel it came in by (picklist: Phone, Email, Web by default).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { SalesforceConnector } from "@cxkit/connector-salesforce"
 *
 * const c = Schema.decodeUnknownSync(SalesforceConnector.Case)({
 *   Id: "500Dn000000000001AAQ", CaseNumber: "00001001", Origin: "Phone", Status: "New", IsClosed: false,
 *   SystemModstamp: "2024-05-01T08:00:00.000+0000"
 * })
 * console.log(c.Origin) // "Phone"
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const Case = Schema.Struct({
  ...system,
  CaseNumber: Text,
  AccountId: Text,
  ContactId: Text,
  SuppliedEmail: Text,
  Subject: Text,
  Status: Text,
  Origin: Text,
  Priority: Text,
  Type: Text,
  Reason: Text,
  IsClosed: Bool,
  ClosedDate: Text
})

/**
 * @since 0.2.0
 * @category schemas
 */
export type Case = typeof Case.Type

/**
 * A CaseComment (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_casecomment.htm),
 * with its case's `ContactId`, `AccountId` and `Origin` selected through the `Parent`
 * relationship, so the mapping knows the customer without the case.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { SalesforceConnector } from "@cxkit/connector-salesforce"
 *
 * const comment = Schema.decodeUnknownSync(SalesforceConnector.CaseComment)({
 *   Id: "00aDn000000000001AAQ", ParentId: "500Dn000000000001AAQ", CommentBody: "Fixed", IsPublished: true,
 *   SystemModstamp: "2024-05-01T08:00:00.000+0000", Parent: { ContactId: "003Dn000000000001AAQ", AccountId: null, Origin: "Email" }
 * })
 * console.log(comment.Parent?.ContactId) // "003Dn000000000001AAQ"
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const CaseComment = Schema.Struct({
  ...system,
  ParentId: Schema.String,
  CommentBody: Text,
  IsPublished: Bool,
  CreatedById: Text,
  Parent: Schema.optionalKey(
    Schema.NullOr(Schema.Struct({ attributes: Attributes, ContactId: Text, AccountId: Text, Origin: Text }))
  )
})

/**
 * @since 0.2.0
 * @category schemas
 */
export type CaseComment = typeof CaseComment.Type

/**
 * The checkpoint of every stream.
 *
 * - `after`: the (`SystemModstamp`, `Id`) of the last record delivered; a resumed run (or a
 *   query whose locator expired) restarts the query after it instead of at a stored locator.
 * - `deletions` (incremental runs): where the next `getDeleted` window starts (`from`, the last
 *   `latestDateCovered`) and the ids already reported from that minute on (Salesforce ignores the
 *   seconds of a window's bounds, so consecutive windows overlap by up to a minute).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { SalesforceConnector } from "@cxkit/connector-salesforce"
 *
 * const state = Schema.decodeUnknownSync(SalesforceConnector.SObjectState)({
 *   after: { at: "2024-05-01T08:00:00.000+0000", id: "001Dn000000000001AAQ" },
 *   deletions: { from: "2024-05-01T08:00:00.000Z", ids: [] }
 * })
 * console.log(state.after?.id) // "001Dn000000000001AAQ"
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const SObjectState = Schema.Struct({
  after: Schema.optionalKey(Schema.Struct({ at: Schema.String, id: Schema.String })),
  deletions: Schema.optionalKey(Schema.Struct({ from: Schema.String, ids: Schema.Array(Schema.String) }))
})

/**
 * @since 0.2.0
 * @category schemas
 */
export type SObjectState = typeof SObjectState.Type

/**
 * One entry of Salesforce's error body, an array
 * `[{ "message", "errorCode", "fields" }]` (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm).
 *
 * @since 0.2.0
 * @category models
 */
export interface ApiError {
  readonly errorCode: string
  readonly message: string
  readonly fields: ReadonlyArray<string>
}

/**
 * The entries of a Salesforce error body, or `undefined` for another body.
 *
 * @example
 * ```ts
 * import { SalesforceConnector } from "@cxkit/connector-salesforce"
 *
 * console.log(SalesforceConnector.errorsOf([{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }]))
 * // [ { errorCode: "INVALID_SESSION_ID", message: "Session expired or invalid", fields: [] } ]
 * console.log(SalesforceConnector.errorsOf({ message: "nope" })) // undefined
 * ```
 *
 * @since 0.2.0
 * @category errors
 */
export const errorsOf = (body: unknown): ReadonlyArray<ApiError> | undefined => {
  if (!Array.isArray(body) || body.length === 0) return undefined
  const out: Array<ApiError> = []
  for (const entry of body as ReadonlyArray<Record<string, unknown> | null>) {
    if (entry === null || typeof entry !== "object" || typeof entry.errorCode !== "string") return undefined
    out.push({
      errorCode: entry.errorCode,
      message: typeof entry.message === "string" ? entry.message : "",
      fields: Array.isArray(entry.fields)
        ? entry.fields.filter((f): f is string => typeof f === "string")
        : []
    })
  }
  return out
}

/**
 * Classifies Salesforce's failed answers from their error body: 401 (`INVALID_SESSION_ID`) →
 * `auth` (the connector re-authenticates once first); 403 `REQUEST_LIMIT_EXCEEDED` (the org's
 * API allocation is spent) → `quota-exhausted`, other 403s → `auth`; 400 `INVALID_TYPE` (the user
 * cannot see the object) → `config`; other 4xx → `source-bug`; 5xx → `transient`. The message
 * names the status, error code, message and fields, never a token. Answers without a Salesforce
 * error body get the toolkit's default classification.
 *
 * @example
 * ```ts
 * import { SalesforceConnector } from "@cxkit/connector-salesforce"
 *
 * const error = SalesforceConnector.classify({
 *   method: "GET", path: "/services/data/v62.0/query", status: 403, headers: {}, text: "",
 *   json: [{ message: "TotalRequests Limit exceeded.", errorCode: "REQUEST_LIMIT_EXCEEDED" }], retryAfterMs: undefined, now: 0
 * })
 * console.log(error?.reason, error?.message) // "quota-exhausted" "GET /services/data/v62.0/query answered 403 REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded."
 * ```
 *
 * @since 0.2.0
 * @category errors
 */
export const classify = (info: Http.ResponseInfo): ConnectorError.ConnectorError | undefined => {
  if (info.status >= 200 && info.status < 300) return undefined
  const errors = errorsOf(info.json)
  const first = errors?.[0]
  if (first === undefined) return undefined
  const fields = first.fields.length > 0 ? ` (fields ${first.fields.join(", ")})` : ""
  const message = `${info.method} ${info.path} answered ${info.status} ${first.errorCode}: ${first.message}${fields}`
  const extra = {
    status: info.status,
    ...(info.retryAfterMs !== undefined ? { retryAfterMs: info.retryAfterMs } : {})
  }
  if (info.status === 401) return ConnectorError.make("auth", message, extra)
  if (info.status === 403) {
    return ConnectorError.make(
      first.errorCode === "REQUEST_LIMIT_EXCEEDED" ? "quota-exhausted" : "auth",
      message,
      extra
    )
  }
  if (first.errorCode === "INVALID_TYPE") return ConnectorError.make("config", message, extra)
  const fallback = Http.classify(info, 600_000)
  return fallback === undefined ? undefined : ConnectorError.make(fallback.reason, message, extra)
}

/**
 * The org's daily API usage from the `Sforce-Limit-Info` header (`api-usage=25/5000`, requests
 * used and the daily allocation; https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm),
 * or `undefined` when the header is missing or says something else.
 *
 * @example
 * ```ts
 * import { SalesforceConnector } from "@cxkit/connector-salesforce"
 *
 * console.log(SalesforceConnector.apiUsageOf("api-usage=10018/100000; api-bursts=1/750")) // { used: 10018, limit: 100000 }
 * console.log(SalesforceConnector.apiUsageOf(undefined)) // undefined
 * ```
 *
 * @since 0.2.0
 * @category combinators
 */
export const apiUsageOf = (
  header: string | undefined
): { readonly used: number; readonly limit: number } | undefined => {
  const match = header === undefined ? null : /(?:^|[;\s])api-usage=(\d+)\/(\d+)/.exec(header)
  if (match === null) return undefined
  const used = Number(match[1])
  const limit = Number(match[2])
  return limit > 0 ? { used, limit } : undefined
}

/**
 * Signs the JWT bearer flow's assertion: RS256 with the connected app's private key, claims `iss`
 * (the consumer key), `sub` (the username), `aud` (the login server) and `exp` (three minutes
 * from `nowMillis`, the longest Salesforce accepts)
 * (https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm).
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { SalesforceConnector } from "@cxkit/connector-salesforce"
 * import { SalesforceMock } from "@cxkit/connector-salesforce/testing"
 *
 * const key = await SalesforceMock.generateKey()
 * const jwt = await SalesforceConnector.signAssertion(
 *   { clientId: "3MVG9-key", username: "ada@acme.example", privateKey: Redacted.make(key.privateKey) }, 1_700_000_000_000
 * )
 * const [header, claims] = jwt.split(".").slice(0, 2).map((part) => JSON.parse(Buffer.from(part, "base64url").toString()))
 * console.log(header, claims)
 * // { alg: "RS256" } { iss: "3MVG9-key", sub: "ada@acme.example", aud: "https://login.salesforce.com", exp: 1700000180 }
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const signAssertion = async (
  config: Pick<Config, "clientId" | "username" | "privateKey" | "loginUrl" | "audience">,
  nowMillis: number
): Promise<string> => {
  if (config.privateKey === undefined || config.username === undefined) {
    throw new Error("the JWT bearer flow needs username and privateKey")
  }
  const key = await importPKCS8(Redacted.value(config.privateKey), "RS256")
  return new SignJWT({})
    .setProtectedHeader({ alg: "RS256" })
    .setIssuer(config.clientId)
    .setSubject(config.username)
    .setAudience(audienceOf(config))
    .setExpirationTime(Math.floor(nowMillis / 1000) + 180)
    .sign(key)
}

const audienceOf = (config: Pick<Config, "loginUrl" | "audience">) =>
  config.audience ?? (config.loginUrl === loginUrls.test ? loginUrls.test : loginUrls.login)

/**
 * The API client the streams use, built by the connector's layer: `request` authenticates on
 * first use (and once again after a 401), sends the bearer token to the `instance_url`, watches
 * `Sforce-Limit-Info` and scrubs every secret from errors; `dataPath` is
 * `/services/data/v<apiVersion>`.
 *
 * @example
 * ```ts
 * import { SalesforceConnector } from "@cxkit/connector-salesforce"
 *
 * console.log(SalesforceConnector.SalesforceApi.key) // "@cxkit/connector-salesforce/SalesforceApi"
 * ```
 *
 * @since 0.2.0
 * @category services
 */
export class SalesforceApi extends Context.Service<
  SalesforceApi,
  {
    readonly request: (
      pathOrUrl: string,
      options?: Http.RequestOptions
    ) => Effect.Effect<Http.Response, ConnectorError.ConnectorError>
    readonly dataPath: string
    readonly batchSize: number
    readonly config: Config
    /** The last `Sforce-Limit-Info` usage seen. */
    readonly usage: () => { readonly used: number; readonly limit: number } | undefined
  }
>()("@cxkit/connector-salesforce/SalesforceApi") {}

const realTimeout = (millis: number, what: string) =>
  Effect.callback<never, ConnectorError.ConnectorError>((resume) => {
    const timer = setTimeout(
      () => resume(Effect.fail(ConnectorError.make("transient", `${what} timed out after ${millis} ms`))),
      millis
    )
    return Effect.sync(() => clearTimeout(timer))
  })

const scrub = (secrets: () => ReadonlyArray<string>) => (error: ConnectorError.ConnectorError) => {
  let message = error.message
  for (const secret of secrets()) if (secret.length >= 4) message = message.split(secret).join("<redacted>")
  return message === error.message ? error : new ConnectorError.ConnectorError({ ...error, message })
}

interface Session {
  readonly token: string
  readonly instanceUrl: string
  readonly client: Http.Client
}

/**
 * Asks the token endpoint (`POST {loginUrl}/services/oauth2/token`, a form body) for an access
 * token: `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer` with the signed assertion, or
 * `grant_type=refresh_token` with the refresh token, client id and (if given) client secret
 * (https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm).
 * The toolkit's client sends JSON bodies only, so this one request uses effect's `HttpClient`
 * directly, with the toolkit's timeout, classification and backoff. A refused grant (400/401,
 * `invalid_grant`, `invalid_client_id`, …) is reason `auth`.
 */
const requestToken = (
  http: HttpClient.HttpClient,
  config: Config,
  secrets: Array<string>
): Effect.Effect<{ readonly token: string; readonly instanceUrl: string }, ConnectorError.ConnectorError> => {
  const loginUrl = config.loginUrl ?? loginUrls.login
  const path = "/services/oauth2/token"
  const flow = flowOf(config)
  const once = Effect.gen(function* () {
    let params: Record<string, string>
    if (flow === "refresh-token") {
      params = {
        grant_type: "refresh_token",
        client_id: config.clientId,
        refresh_token: Redacted.value(config.refreshToken as Redacted.Redacted<string>),
        ...(config.clientSecret !== undefined ? { client_secret: Redacted.value(config.clientSecret) } : {})
      }
    } else {
      const now = yield* Clock.currentTimeMillis
      const assertion = yield* Effect.tryPromise({
        try: () => signAssertion(config, now),
        catch: () =>
          ConnectorError.make(
            "config",
            "privateKey is not a PKCS#8 PEM RSA private key (-----BEGIN PRIVATE KEY-----); convert a PKCS#1 key with `openssl pkcs8 -topk8 -nocrypt`"
          )
      })
      secrets.push(assertion)
      params = { grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion }
    }
    const transport = (cause: { readonly message: string }) =>
      ConnectorError.make("transient", `POST ${path} failed: ${cause.message}`)
    const request = HttpClientRequest.post(new URL(path, loginUrl)).pipe(
      HttpClientRequest.setHeaders({ accept: "application/json" }),
      HttpClientRequest.bodyUrlParams(params)
    )
    const exchange = Effect.gen(function* () {
      const response = yield* http.execute(request).pipe(Effect.mapError(transport))
      const text = yield* response.text.pipe(Effect.mapError(transport))
      return { response, text }
    })
    const { response, text } = yield* Effect.raceFirst(
      exchange,
      realTimeout(config.timeoutMillis ?? 30_000, `POST ${path}`)
    )
    let body: Record<string, unknown> = {}
    try {
      const parsed = JSON.parse(text) as unknown
      if (parsed !== null && typeof parsed === "object") body = parsed as Record<string, unknown>
    } catch {
      body = {}
    }
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      const description = typeof body.error_description === "string" ? `: ${body.error_description}` : ""
      return yield* ConnectorError.make(
        "auth",
        `POST ${path} refused the ${flow === "refresh-token" ? "refresh token" : "JWT bearer"} grant of client ${config.clientId}: ${String(body.error ?? response.status)}${description}`,
        { status: response.status }
      )
    }
    const token = body.access_token
    const instanceUrl = body.instance_url
    if (response.status !== 200 || typeof token !== "string" || typeof instanceUrl !== "string") {
      return yield* ConnectorError.make(
        response.status >= 500 || response.status === 429 ? "transient" : "source-bug",
        `POST ${path} answered ${response.status} without access_token and instance_url`,
        { status: response.status }
      )
    }
    let instance: URL
    try {
      instance = new URL(instanceUrl)
    } catch {
      return yield* ConnectorError.make(
        "source-bug",
        `POST ${path} answered an instance_url that is not a URL`
      )
    }
    if (new URL(loginUrl).protocol === "https:" && instance.protocol !== "https:") {
      return yield* ConnectorError.make(
        "source-bug",
        `POST ${path} answered an instance_url that is not https`
      )
    }
    secrets.push(token)
    return { token, instanceUrl: instance.origin }
  })
  // the toolkit's backoff: exponential from 500 ms with jitter, at most 5 retries
  const loop = (
    n: number
  ): Effect.Effect<{ token: string; instanceUrl: string }, ConnectorError.ConnectorError> =>
    once.pipe(
      Effect.catch((error: ConnectorError.ConnectorError) => {
        if (!error.isRetryable || n >= 5) return Effect.fail(error)
        const backoff = Math.min(60_000, 500 * 2 ** n) * (0.8 + Math.random() * 0.4)
        return Effect.flatMap(Effect.sleep(Duration.millis(backoff)), () => loop(n + 1))
      })
    )
  return loop(0)
}

const makeApi = (config: Config) =>
  Effect.gen(function* () {
    const http = yield* HttpClient.HttpClient
    if (flowOf(config) === undefined) {
      return yield* ConnectorError.make(
        "config",
        "give refreshToken (the refresh-token flow) or username and privateKey (the JWT bearer flow)"
      )
    }
    const secrets: Array<string> = []
    for (const secret of [config.privateKey, config.refreshToken, config.clientSecret]) {
      if (secret !== undefined) secrets.push(Redacted.value(secret))
    }
    const clean = scrub(() => secrets)
    const threshold = config.apiUsageThreshold ?? 0.9
    let usage: { used: number; limit: number } | undefined
    const observe = (headers: Readonly<Record<string, string>>) => {
      const seen = apiUsageOf(headers["sforce-limit-info"])
      if (seen !== undefined) usage = seen
    }
    const clients = new Map<string, Http.Client>()
    let session: Session | undefined
    const lock = Semaphore.makeUnsafe(1)
    const authenticate = (stale: Session | undefined) =>
      lock.withPermits(1)(
        Effect.gen(function* () {
          // another fiber may have re-authenticated while this one waited
          if (session !== undefined && session !== stale) return session
          const { token, instanceUrl } = yield* requestToken(http, config, secrets)
          let client = clients.get(instanceUrl)
          if (client === undefined) {
            client = yield* Effect.provideService(
              Http.make({
                baseUrl: instanceUrl,
                rateLimit: { requests: 1, per: Duration.millis(1000 / (config.requestsPerSecond ?? 10)) },
                timeout: config.timeoutMillis ?? 30_000,
                classify: (info) => {
                  observe(info.headers)
                  return classify(info)
                }
              }),
              HttpClient.HttpClient,
              http
            )
            clients.set(instanceUrl, client)
          }
          const fresh: Session = { token, instanceUrl, client }
          session = fresh
          return fresh
        })
      )
    const send = (s: Session, pathOrUrl: string, options: Http.RequestOptions) =>
      Effect.gen(function* () {
        if (usage !== undefined && usage.used >= threshold * usage.limit) {
          return yield* ConnectorError.make(
            "quota-exhausted",
            `Salesforce reports ${usage.used} of the org's ${usage.limit} daily API requests used, at or above apiUsageThreshold ${threshold}: no more requests are sent until the allocation frees up`
          )
        }
        const response = yield* s.client.request(pathOrUrl, {
          ...options,
          headers: { ...options.headers, authorization: `Bearer ${s.token}` }
        })
        observe(response.headers)
        return response
      })
    const request = (pathOrUrl: string, options: Http.RequestOptions = {}) =>
      Effect.gen(function* () {
        const current = session ?? (yield* authenticate(undefined))
        return yield* send(current, pathOrUrl, options).pipe(
          // an expired or revoked session (401 INVALID_SESSION_ID): authenticate once more
          Effect.catchIf(
            (error: ConnectorError.ConnectorError) => error.status === 401,
            () => Effect.flatMap(authenticate(current), (renewed) => send(renewed, pathOrUrl, options))
          )
        )
      }).pipe(Effect.mapError(clean))
    const version = config.apiVersion ?? defaultApiVersion
    return SalesforceApi.of({
      request,
      dataPath: `/services/data/v${version}`,
      batchSize: config.batchSize ?? 2000,
      config,
      usage: () => usage
    })
  })

const fail = (message: string) => Effect.fail(ConnectorError.make("source-bug", message))

/** A SOQL dateTime literal (`2024-05-01T08:00:00Z`) for a timestamp Salesforce wrote. */
const soqlDateTime = (value: string): string | undefined => {
  const millis = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"))
  if (Number.isNaN(millis)) return undefined
  const iso = new Date(millis).toISOString()
  return iso.endsWith(".000Z") ? `${iso.slice(0, 19)}Z` : iso
}

const parseTime = (value: string): number => Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"))

const soqlString = (value: string) => `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`

/** Fields a query selects: the describe's, without compound and binary fields. */
const describeFields = (api: SalesforceApi["Service"], object: SObject) =>
  Effect.gen(function* () {
    const path = `${api.dataPath}/sobjects/${object}/describe`
    const response = yield* api.request(path)
    const fields = (response.body as { fields?: unknown } | null)?.fields
    if (!Array.isArray(fields)) return yield* fail(`GET ${path}: the answer has no fields array`)
    const names: Array<string> = []
    for (const field of fields as ReadonlyArray<{ name?: unknown; type?: unknown }>) {
      if (typeof field.name !== "string") continue
      // compound fields repeat their components; base64 fields are read one record at a time
      if (field.type === "address" || field.type === "location" || field.type === "base64") continue
      names.push(field.name)
    }
    if (!names.includes("Id") || !names.includes("SystemModstamp")) {
      return yield* fail(`GET ${path}: ${object} has no Id or SystemModstamp field to page by`)
    }
    return names
  })

interface Keyset {
  readonly at: string
  readonly id: string | undefined
}

type Step =
  | { readonly _tag: "Query"; readonly after: Keyset | undefined; readonly restarts: number }
  | {
      readonly _tag: "More"
      readonly url: string
      readonly after: Keyset | undefined
      readonly restarts: number
    }
  | { readonly _tag: "Deletions"; readonly after: Keyset | undefined }

/** The server's time from an answer's `Date` header (else the runner's clock), ISO. */
const serverTimeOf = (response: Http.Response) =>
  Effect.map(Clock.currentTimeMillis, (now) => {
    const date = response.headers.date === undefined ? Number.NaN : Date.parse(response.headers.date)
    return new Date(Number.isNaN(date) ? now : date).toISOString()
  })

/**
 * The read of one object. A query `SELECT … FROM {object} WHERE SystemModstamp >= {mark} ORDER BY
 * SystemModstamp ASC, Id ASC` (or, resuming, the keyset `SystemModstamp > t OR (SystemModstamp = t
 * AND Id > id)`), paged by `nextRecordsUrl` with `Sforce-Query-Options: batchSize`
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm).
 * A query locator is a server-side cursor that expires (15 minutes unused; ten per user), so no
 * checkpoint stores one: each page checkpoints its last (SystemModstamp, Id), and a resumed run or
 * an `INVALID_QUERY_LOCATOR` answer restarts the query after it. Incremental runs then read the
 * object's delete log (see `deletionsOf`).
 */
const sobjectPages = (
  api: SalesforceApi["Service"],
  object: SObject,
  select: ReadonlyArray<string>,
  start: Keyset | undefined,
  deletionsStart: SObjectState["deletions"] | null | undefined
): Stream.Stream<SourceStream.Page<SObjectState>, ConnectorError.ConnectorError> =>
  Stream.suspend(() => {
    const seen = new Set<string>()
    // incremental runs keep deletions state (null: none yet, taken from the first answer)
    let deletions = deletionsStart ?? undefined
    const incremental = deletionsStart !== undefined
    let serverTime: string | undefined
    const checkpoint = (after: Keyset | undefined): SObjectState => ({
      ...(after !== undefined && after.id !== undefined ? { after: { at: after.at, id: after.id } } : {}),
      ...(deletions !== undefined ? { deletions } : {})
    })
    const where = (after: Keyset | undefined) => {
      if (after === undefined) return ""
      const at = soqlDateTime(after.at)
      if (at === undefined) return undefined
      return after.id === undefined
        ? ` WHERE SystemModstamp >= ${at}`
        : ` WHERE SystemModstamp > ${at} OR (SystemModstamp = ${at} AND Id > ${soqlString(after.id)})`
    }
    const page = (response: Http.Response, after: Keyset | undefined, restarts: number) =>
      Effect.gen(function* () {
        const body = response.body as {
          records?: unknown
          done?: unknown
          nextRecordsUrl?: unknown
        } | null
        const records = body?.records
        if (!Array.isArray(records)) return yield* fail(`query of ${object}: the answer has no records array`)
        let last = after
        for (const record of records as ReadonlyArray<Record<string, unknown>>) {
          if (typeof record.SystemModstamp !== "string" || typeof record.Id !== "string") {
            return yield* fail(`query of ${object}: a record has no SystemModstamp or Id`)
          }
          last = { at: record.SystemModstamp, id: record.Id }
        }
        serverTime = yield* serverTimeOf(response)
        if (incremental && deletions === undefined) deletions = { from: serverTime, ids: [] }
        const next = body?.done === false ? body.nextRecordsUrl : undefined
        const out: SourceStream.Page<SObjectState> = { records, checkpoint: checkpoint(last) }
        if (typeof next === "string" && next !== "") {
          if (seen.has(next)) {
            return yield* fail(
              `Pagination loop: the query of ${object} answered nextRecordsUrl ${next} twice`
            )
          }
          seen.add(next)
          return [[out], Option.some<Step>({ _tag: "More", url: next, after: last, restarts })] as const
        }
        if (body?.done !== true)
          return yield* fail(`query of ${object}: done is false without nextRecordsUrl`)
        return [
          [out],
          incremental ? Option.some<Step>({ _tag: "Deletions", after: last }) : Option.none<Step>()
        ] as const
      })
    return Stream.paginate<Step, SourceStream.Page<SObjectState>, ConnectorError.ConnectorError, never>(
      { _tag: "Query", after: start, restarts: 0 },
      (step) =>
        Effect.gen(function* () {
          if (step._tag === "Query") {
            const clause = where(step.after)
            if (clause === undefined)
              return yield* fail(`${object}: the cursor ${step.after?.at} is not a dateTime`)
            const soql = `SELECT ${select.join(", ")} FROM ${object}${clause} ORDER BY SystemModstamp ASC, Id ASC`
            const response = yield* api.request(`${api.dataPath}/query`, {
              urlParams: { q: soql },
              headers: { "sforce-query-options": `batchSize=${api.batchSize}` }
            })
            return yield* page(response, step.after, step.restarts)
          }
          if (step._tag === "More") {
            const answer = yield* Effect.result(api.request(step.url))
            if (answer._tag === "Failure") {
              const expired = answer.failure.message.includes("INVALID_QUERY_LOCATOR")
              if (!expired || step.restarts >= 3) return yield* Effect.fail(answer.failure)
              // the cursor expired or was released: the same query again, after the last record
              return [
                [],
                Option.some<Step>({ _tag: "Query", after: step.after, restarts: step.restarts + 1 })
              ] as const
            }
            return yield* page(answer.success, step.after, step.restarts)
          }
          const result = yield* deletionsOf(api, object, deletions, serverTime)
          deletions = result.deletions
          const out: SourceStream.Page<SObjectState> = {
            records: [],
            ...(result.deleted.length > 0 ? { deleted: result.deleted.map((Id) => ({ Id })) } : {}),
            checkpoint: checkpoint(step.after)
          }
          return [[out], Option.none<Step>()] as const
        })
    )
  })

/**
 * The gap Salesforce's delete log leaves: it keeps about 15 days ("Results are returned for no
 * more than 15 days previous to the day the call is executed (or earlier if an administrator has
 * purged the Recycle Bin)", https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_getdeleted.htm),
 * and answers `INVALID_REPLICATION_DATE` (or an `earliestDateAvailable` after the window's start)
 * when deletions since the last run are gone. Deletions could then be missing, so the stream
 * fails with reason `config` and says how to recover: one full refresh of the stream.
 */
const gap = (object: SObject, from: string, detail: string) =>
  ConnectorError.make(
    "config",
    `Salesforce no longer has the deletions of ${object} since ${from} (${detail}); its delete log keeps about 15 days. Run this stream once with mode "full-refresh" (a destination then drops the records that are gone), after which incremental runs continue`
  )

const floorMinute = (millis: number) => Math.floor(millis / 60_000) * 60_000

/**
 * Reads `GET /services/data/vXX.X/sobjects/{object}/deleted/?start=&end=` for the window from the
 * last `latestDateCovered` to the server's time of the run's last answer
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_getdeleted.htm;
 * rules: https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_getdeleted.htm).
 * `latestDateCovered` is the next window's start ("for safety, you must use this value for the
 * startDate of your next call"); the API ignores the seconds of both bounds, so the ids reported
 * from that minute on are kept and not reported twice.
 */
const deletionsOf = (
  api: SalesforceApi["Service"],
  object: SObject,
  state: SObjectState["deletions"],
  end: string | undefined
): Effect.Effect<
  { readonly deleted: ReadonlyArray<string>; readonly deletions: SObjectState["deletions"] },
  ConnectorError.ConnectorError
> =>
  Effect.gen(function* () {
    if (state === undefined || end === undefined) return { deleted: [], deletions: state }
    const from = parseTime(state.from)
    const until = parseTime(end)
    if (Number.isNaN(from))
      return yield* Effect.fail(gap(object, state.from, "the stored start is not a dateTime"))
    // start must precede end; nothing can have been deleted in an empty window
    if (!(from < until)) return { deleted: [], deletions: state }
    const path = `${api.dataPath}/sobjects/${object}/deleted/`
    const format = (millis: number) => new Date(millis).toISOString().replace(/\.\d{3}Z$/, "+00:00")
    const answer = yield* Effect.result(
      api.request(path, { urlParams: { start: format(from), end: format(until) } })
    )
    if (answer._tag === "Failure") {
      if (answer.failure.message.includes("INVALID_REPLICATION_DATE")) {
        return yield* Effect.fail(gap(object, state.from, answer.failure.message))
      }
      return yield* Effect.fail(answer.failure)
    }
    const body = answer.success.body as {
      deletedRecords?: unknown
      earliestDateAvailable?: unknown
      latestDateCovered?: unknown
    } | null
    const records = body?.deletedRecords
    if (!Array.isArray(records)) return yield* fail(`GET ${path}: the answer has no deletedRecords array`)
    const earliest =
      typeof body?.earliestDateAvailable === "string" ? parseTime(body.earliestDateAvailable) : Number.NaN
    if (!Number.isNaN(earliest) && earliest > floorMinute(from)) {
      return yield* Effect.fail(
        gap(object, state.from, `earliestDateAvailable is ${String(body?.earliestDateAvailable)}`)
      )
    }
    const covered =
      typeof body?.latestDateCovered === "string" ? parseTime(body.latestDateCovered) : Number.NaN
    const next = Number.isNaN(covered) ? until : Math.max(from, covered)
    const reported = new Set(state.ids)
    const deleted: Array<string> = []
    const keep: Array<string> = []
    for (const entry of records as ReadonlyArray<{ id?: unknown; deletedDate?: unknown }>) {
      if (typeof entry.id !== "string") return yield* fail(`GET ${path}: a deleted record has no id`)
      if (!reported.has(entry.id)) deleted.push(entry.id)
      const at = typeof entry.deletedDate === "string" ? parseTime(entry.deletedDate) : Number.NaN
      if (Number.isNaN(at) || at >= floorMinute(next)) keep.push(entry.id)
    }
    return {
      deleted,
      deletions: { from: new Date(next).toISOString(), ids: [...new Set(keep)].sort() }
    }
  })

const extraFields: Readonly<Record<SObject, ReadonlyArray<string>>> = {
  Account: [],
  Contact: [],
  Lead: [],
  Opportunity: [],
  Case: [],
  CaseComment: ["Parent.ContactId", "Parent.AccountId", "Parent.Origin"]
}

const sobjectStream = <const Name extends keyof typeof objects, A, I>(
  name: Name,
  schema: Schema.Codec<A, I>,
  description: string
) =>
  SourceStream.make<Config>()({
    name,
    description,
    schema: schema as Schema.Codec<
      A & { Id: string; SystemModstamp: string },
      I & { Id: string; SystemModstamp: string }
    >,
    primaryKey: "Id",
    cursorField: "SystemModstamp",
    order: "ascending",
    state: SObjectState,
    read: ({ mode, state, cursor }) =>
      Stream.unwrap(
        Effect.gen(function* () {
          const api = yield* SalesforceApi
          const object = objects[name]
          const fields = yield* describeFields(api, object)
          const select = [...new Set([...fields, ...extraFields[object]])]
          const start: Keyset | undefined =
            state?.after !== undefined
              ? { at: state.after.at, id: state.after.id }
              : cursor !== undefined
                ? { at: String(cursor.value), id: undefined }
                : undefined
          return sobjectPages(
            api,
            object,
            select,
            start,
            mode === "incremental" ? (state?.deletions ?? null) : undefined
          )
        })
      )
  })

/**
 * The `accounts` stream (Account).
 *
 * @example
 * ```ts
 * import { SalesforceConnector } from "@cxkit/connector-salesforce"
 *
 * console.log(SalesforceConnector.accounts.cursorField, SalesforceConnector.accounts.order) // "SystemModstamp" "ascending"
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export const accounts = sobjectStream(
  "accounts",
  Account,
  "Salesforce accounts (SOQL, incremental on SystemModstamp)"
)

/**
 * The `contacts` stream (Contact).
 *
 * @example
 * ```ts
 * import { SalesforceConnector } from "@cxkit/connector-salesforce"
 *
 * console.log(SalesforceConnector.contacts.name) // "contacts"
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export const contacts = sobjectStream(
  "contacts",
  Contact,
  "Salesforce contacts (SOQL, incremental on SystemModstamp)"
)

/**
 * The `leads` stream (Lead; converted leads included).
 *
 * @example
 * ```ts
 * import { SalesforceConnector } from "@cxkit/connector-salesforce"
 *
 * console.log(SalesforceConnector.leads.name) // "leads"
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export const leads = sobjectStream("leads", Lead, "Salesforce leads (SOQL, incremental on SystemModstamp)")

/**
 * The `opportunities` stream (Opportunity).
 *
 * @example
 * ```ts
 * import { SalesforceConnector } from "@cxkit/connector-salesforce"
 *
 * console.log(SalesforceConnector.opportunities.name) // "opportunities"
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export const opportunities = sobjectStream(
  "opportunities",
  Opportunity,
  "Salesforce opportunities (SOQL, incremental on SystemModstamp)"
)

/**
 * The `cases` stream (Case).
 *
 * @example
 * ```ts
 * import { SalesforceConnector } from "@cxkit/connector-salesforce"
 *
 * console.log(SalesforceConnector.cases.name) // "cases"
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export const cases = sobjectStream("cases", Case, "Salesforce cases (SOQL, incremental on SystemModstamp)")

/**
 * The `case_comments` stream (CaseComment, with its case's contact, account and origin).
 *
 * @example
 * ```ts
 * import { SalesforceConnector } from "@cxkit/connector-salesforce"
 *
 * console.log(SalesforceConnector.case_comments.name) // "case_comments"
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export const case_comments = sobjectStream(
  "case_comments",
  CaseComment,
  "Salesforce case comments with their case's contact (SOQL, incremental on SystemModstamp)"
)

/**
 * Builds the `SalesforceApi` service from a config (on the `HttpClient` in context). Nothing is
 * requested until the first stream or `check` needs the API.
 *
 * @example
 * ```ts
 * import { SalesforceConnector } from "@cxkit/connector-salesforce"
 *
 * const layer = SalesforceConnector.layer({ clientId: "3MVG9-key" })
 * console.log(typeof layer) // "object"
 * ```
 *
 * @since 0.2.0
 * @category layers
 */
export const layer = (
  config: Config
): Layer.Layer<SalesforceApi, ConnectorError.ConnectorError, HttpClient.HttpClient> =>
  Layer.effect(SalesforceApi, makeApi(config))

/**
 * The Salesforce connector: streams `accounts`, `contacts`, `leads`, `opportunities`, `cases`
 * and `case_comments`; `check` authenticates and reads `GET /services/data/vXX.X/limits`
 * (the org's remaining daily API requests).
 *
 * @example
 * ```ts
 * import { SalesforceConnector } from "@cxkit/connector-salesforce"
 *
 * console.log(SalesforceConnector.connector.streams.map((s) => s.name))
 * // [ "accounts", "contacts", "leads", "opportunities", "cases", "case_comments" ]
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const connector = Connector.make({
  id: "salesforce",
  version: "0.1.0",
  config: Config,
  check: () =>
    Effect.gen(function* () {
      const api = yield* SalesforceApi
      yield* api.request(`${api.dataPath}/limits`)
    }),
  streams: [accounts, contacts, leads, opportunities, cases, case_comments],
  layer
})
