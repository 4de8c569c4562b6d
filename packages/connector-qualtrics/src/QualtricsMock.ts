/**
 * A loopback mock of the Qualtrics API v3 parts the connector uses, built on the
 * `@cxkit/connectors/testing` mock server: `GET /API/v3/whoami`,
 * `GET /API/v3/survey-definitions/{surveyId}` and the response export
 * (`POST /API/v3/surveys/{surveyId}/export-responses` → `progressId`;
 * `GET …/export-responses/{progressId}`, whose `percentComplete` advances over the polls until
 * `status` is `complete` with a `fileId` and, with `allowContinuation`, a `continuationToken`;
 * `GET …/export-responses/{fileId}/file`, a real zip of one JSON file `{ "responses": [ … ] }`).
 * Authentication by `X-API-TOKEN`, a per-minute request limit (429), Qualtrics' envelope
 * (`{ result, meta: { httpStatus, requestId } }`) and error bodies
 * (`{ meta: { httpStatus, error: { errorMessage, errorCode }, requestId } }`). The responses live
 * in the test kit server (one resource per survey, paged by `recordedDate`), so its faults,
 * mutations and request log work as for every plugin: an export pages the kit server when it
 * starts, and relays a fault the kit server answers. Not for production code.
 *
 * Sources: the Survey Response Import/Export API guide and reference pages ("Start Response
 * Export", "Get Response Export Progress", "Get Response Export File", "Get Survey"), mirrored at
 * https://developers.qodex.ai/qualtrics-public/surveys-response-import-export-api (originals under
 * https://api.qualtrics.com/). Where the documentation names no error code or wording (an expired
 * continuation token, an unsupported format), the mock's `errorCode` and `errorMessage` are its
 * own; the connector decides on the HTTP status only.
 *
 * @module
 * @since 0.1.0
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { LoopbackServer, MockServer } from "@cxkit/connectors/testing"
import { Redacted } from "effect"
import * as Fixtures from "./internal/fixtures.ts"
import * as Zip from "./internal/zip.ts"
import type * as QualtricsConnector from "./QualtricsConnector.ts"

/**
 * A fixture response as the test kit server holds it: the export's `responseId`, `values`,
 * `labels`, `displayedFields`, `displayedValues`, with `recordedDate` beside them (the front end
 * writes it into `values.recordedDate`, and `responseId` into `values._recordId`).
 *
 * @example
 * ```ts
 * import type { QualtricsMock } from "@cxkit/connector-qualtrics/testing"
 *
 * const r: QualtricsMock.FixtureResponse = { responseId: "R_1", recordedDate: "2024-05-01T10:00:00.000Z", values: { QID1: 9 } }
 * console.log(r.responseId)
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export type FixtureResponse = Fixtures.FixtureResponse

/**
 * The fixture surveys' ids: `checkout` ("Checkout experience": an NPS question `QID1`, a
 * satisfaction matrix `QID2` with rows `QID2_1`, `QID2_2` on 1–5, a text entry `QID3`, an ease
 * slider `QID4` on 1–7 and a multiple choice `QID5`) and `support` ("Support follow-up": NPS
 * `QID1`, yes/no `QID2`).
 *
 * @example
 * ```ts
 * import { QualtricsMock } from "@cxkit/connector-qualtrics/testing"
 *
 * console.log(QualtricsMock.surveyIds) // { checkout: 'SV_3KgZ1fWmTqNpLx2', support: 'SV_9Xq2LmTb4RcV7Ns' }
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const surveyIds = { checkout: Fixtures.checkoutSurveyId, support: Fixtures.supportSurveyId } as const

/**
 * The fixture survey definitions (the `result` of `GET /API/v3/survey-definitions/{surveyId}`).
 *
 * @example
 * ```ts
 * import { QualtricsMock } from "@cxkit/connector-qualtrics/testing"
 *
 * const [checkout] = QualtricsMock.surveys()
 * console.log(checkout?.SurveyName, Object.keys(checkout?.Questions ?? {})) // Checkout experience [ 'QID1', 'QID2', 'QID3', 'QID4', 'QID5' ]
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const surveys = (): Array<QualtricsConnector.SurveyDefinition> =>
  Fixtures.surveys() as unknown as Array<QualtricsConnector.SurveyDefinition>

/**
 * Fixture responses of a fixture survey: `count` (default 40 for checkout, 15 for support), one
 * every `spacingHours` (default 3) up to `now`, oldest first; three in four came by email (with
 * `recipientEmail` and a `CustomerID` embedded data field), the others by anonymous link.
 *
 * @example
 * ```ts
 * import { QualtricsMock } from "@cxkit/connector-qualtrics/testing"
 *
 * const [first] = QualtricsMock.fixtures(QualtricsMock.surveyIds.checkout, { count: 2, now: Date.parse("2024-05-20T12:00:00Z") })
 * console.log(first?.recordedDate, first?.values.QID1, first?.values.recipientEmail) // 2024-05-20T06:00:00.000Z 10 customer0@example.com
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const fixtures = (
  surveyId: string,
  options: { readonly count?: number; readonly now?: number; readonly spacingHours?: number } = {}
): Array<FixtureResponse> => Fixtures.responses(surveyId, options)

/**
 * One fixture response of a fixture survey recorded at `millis` (`n` picks its answers).
 *
 * @example
 * ```ts
 * import { QualtricsMock } from "@cxkit/connector-qualtrics/testing"
 *
 * console.log(QualtricsMock.responseAt(QualtricsMock.surveyIds.support, Date.parse("2024-05-20T12:00:00Z"), 2).values.QID1) // 3
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const responseAt = (surveyId: string, millis: number, n: number): FixtureResponse =>
  Fixtures.responseAt(surveyId, millis, n)

/**
 * A response export file as Qualtrics serves it: a zip (deflated) holding `{name}.json` with
 * `{ "responses": [ … ] }`.
 *
 * @example
 * ```ts
 * import { QualtricsMock } from "@cxkit/connector-qualtrics/testing"
 *
 * const file = QualtricsMock.exportFile("Checkout experience", [])
 * console.log(file[0] === 0x50 && file[1] === 0x4b) // true
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const exportFile = (
  name: string,
  responses: ReadonlyArray<unknown>,
  options: { readonly store?: boolean } = {}
): Uint8Array =>
  Zip.write(
    [{ name: `${name}.json`, data: new TextEncoder().encode(JSON.stringify({ responses })) }],
    options
  )

/**
 * The wire form of a fixture response: `recordedDate` and `_recordId` written into `values`,
 * every other field as it is (a field the fixture adds, say to test drift, stays beside
 * `values`).
 *
 * @example
 * ```ts
 * import { QualtricsMock } from "@cxkit/connector-qualtrics/testing"
 *
 * console.log(QualtricsMock.wireResponse({ responseId: "R_1", recordedDate: "2024-05-01T10:00:00.000Z", values: { QID1: 9 } }))
 * // { responseId: 'R_1', values: { QID1: 9, recordedDate: '2024-05-01T10:00:00.000Z', _recordId: 'R_1' } }
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const wireResponse = (fixture: MockServer.Fixture): Record<string, unknown> => {
  const { recordedDate, values, ...rest } = fixture as FixtureResponse
  return {
    ...rest,
    values: { ...(values as object), recordedDate, _recordId: fixture.responseId }
  }
}

const exportsPath = (surveyId: string) => `/API/v3/surveys/${surveyId}/export-responses`

/**
 * The responses described to the `@cxkit/connectors/testing` mock server: one resource per
 * survey at `/API/v3/surveys/{surveyId}/export-responses` (stream `responses`, key `responseId`,
 * ascending on `recordedDate`, pages of at most `pageSize`, default 100), behind a fixed
 * `X-API-TOKEN` `token`. `serve` puts Qualtrics' front end on it; the conformance suite runs on
 * both.
 *
 * @example
 * ```ts
 * import { QualtricsMock } from "@cxkit/connector-qualtrics/testing"
 *
 * const options = QualtricsMock.serverOptions({ token: "kit", responses: { SV_1: [] } })
 * console.log(Object.keys(options.resources)) // [ '/API/v3/surveys/SV_1/export-responses' ]
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const serverOptions = (options: {
  readonly token: string
  readonly responses: Readonly<Record<string, ReadonlyArray<FixtureResponse>>>
  readonly pageSize?: number
}): MockServer.Options => ({
  auth: { _tag: "Header", name: "x-api-token", value: options.token },
  resources: Object.fromEntries(
    Object.entries(options.responses).map(([surveyId, records]) => [
      exportsPath(surveyId),
      {
        stream: "responses",
        records,
        primaryKey: "responseId",
        cursorField: "recordedDate",
        order: "ascending",
        pageSize: options.pageSize ?? 100
      } satisfies MockServer.Resource
    ])
  )
})

/**
 * One request as the Qualtrics front end saw it, with the status it answered.
 *
 * @example
 * ```ts
 * import type { QualtricsMock } from "@cxkit/connector-qualtrics/testing"
 *
 * const r: QualtricsMock.LoggedRequest = { method: "POST", path: "/API/v3/surveys/SV_1/export-responses", body: { format: "json" }, status: 200 }
 * console.log(r.status)
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export interface LoggedRequest {
  readonly method: string
  readonly path: string
  readonly body: unknown
  readonly status: number
}

/**
 * The requests the front end answers with a fault of its own: export starts, progress polls,
 * file downloads, survey definitions.
 *
 * @example
 * ```ts
 * import type { QualtricsMock } from "@cxkit/connector-qualtrics/testing"
 *
 * const route: QualtricsMock.Route = "progress"
 * console.log(route)
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export type Route = "start" | "progress" | "file" | "definitions"

/**
 * What `serve` gives besides the server: its request log and the controls of the export
 * lifecycle.
 *
 * @example
 * ```ts
 * import type { QualtricsMock } from "@cxkit/connector-qualtrics/testing"
 *
 * const expireAll = (front: QualtricsMock.Front) => front.expireTokens()
 * console.log(typeof expireAll)
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export interface Front extends LoopbackServer.LoopbackServer {
  readonly requests: ReadonlyArray<LoggedRequest>
  /** Answers the next `times` requests of `route` with `status` and Qualtrics' error body. */
  readonly fail: (route: Route, status: 400 | 404 | 429 | 500 | 503, times?: number) => void
  /** The next `times` exports end with `status: "failed"` instead of `complete`. */
  readonly failExports: (times?: number) => void
  /** Every continuation token issued so far is refused from now on (400), as an expired one. */
  readonly expireTokens: () => void
  /**
   * Runs `hook` before each authenticated request is answered (`undefined` removes it): the way
   * to record responses while an export is polled.
   */
  readonly beforeRequest: (
    hook: ((request: { readonly method: string; readonly path: string }) => void) | undefined
  ) => void
}

const reasons: Record<number, string> = {
  200: "200 - OK",
  400: "400 - Bad Request",
  401: "401 - Unauthorized",
  404: "404 - Not Found",
  429: "429 - Too Many Requests",
  500: "500 - Internal Server Error",
  503: "503 - Service Unavailable"
}

/**
 * Qualtrics' error body for a status.
 *
 * @example
 * ```ts
 * import { QualtricsMock } from "@cxkit/connector-qualtrics/testing"
 *
 * console.log(QualtricsMock.errorBody(401, "AUTH_ERR", "Invalid token", "r1"))
 * // { meta: { httpStatus: '401 - Unauthorized', error: { errorMessage: 'Invalid token', errorCode: 'AUTH_ERR' }, requestId: 'r1' } }
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const errorBody = (status: number, errorCode: string, errorMessage: string, requestId: string) => ({
  meta: { httpStatus: reasons[status] ?? `${status}`, error: { errorMessage, errorCode }, requestId }
})

interface Position {
  readonly d: string | null
  readonly k: string
}
interface Job {
  readonly progressId: string
  readonly fileId: string
  readonly surveyId: string
  readonly responses: ReadonlyArray<Record<string, unknown>>
  readonly continuationToken: string | undefined
  readonly fails: boolean
  polls: number
}

const encodeToken = (surveyId: string, position: Position) =>
  Buffer.from(JSON.stringify({ v: 1, s: surveyId, ...position })).toString("base64url")
const decodeToken = (token: string): (Position & { readonly s: string }) | undefined => {
  try {
    const value = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Record<string, unknown>
    return value.v === 1 && typeof value.s === "string" && typeof value.k === "string"
      ? { s: value.s, d: typeof value.d === "string" ? value.d : null, k: value.k }
      : undefined
  } catch {
    return undefined
  }
}

const formats = new Set(["csv", "tsv", "spss", "json", "ndjson", "xml"])

/**
 * Serves Qualtrics in front of a test kit server built from `serverOptions` (the responses,
 * faults and request log stay there), on 127.0.0.1:
 *
 * - `POST /oauth2/token` grants bearer tokens to `oauthClient` by the client credentials grant
 *   (HTTP basic authentication, form body `grant_type=client_credentials`), living
 *   `tokenLifetimeSeconds` (default 3600) on the clock `now`; a wrong client answers 401
 *   `{ error: "invalid_client" }`;
 * - every other request needs `X-API-TOKEN: apiToken` or a live bearer token (401 otherwise); at most `requestsPerMinute`
 *   (default 3000) requests a minute on the clock `now`, then 429;
 * - `POST …/export-responses` checks its body (`format` is required, one of Qualtrics' formats,
 *   and the mock serves `json`; `continuationToken` excludes `startDate` and `endDate`; dates
 *   must parse; a token must encode a position in this survey and not be expired: tokens hold
 *   their position, so one that an earlier mock of the same data issued works, as Qualtrics'
 *   tokens outlive a client's process), then pages the kit
 *   server for the survey's responses (`startDate` inclusive, `endDate` exclusive, or those
 *   after the token's position) as one consistent snapshot; a fault the kit server answers is
 *   the answer to the start;
 * - progress advances by `100 / pollsToComplete` percent a poll (default 2 polls) until
 *   `complete` (or `failed`, see `failExports`), with the `fileId` and, when the start asked for
 *   `allowContinuation`, a `continuationToken` that continues after the export's last response;
 * - the file is a zip of `{SurveyName}.json`; unknown surveys, progress ids and file ids
 *   answer 404 with Qualtrics' error body.
 *
 * @example
 * ```ts
 * import { MockServer } from "@cxkit/connectors/testing"
 * import { QualtricsMock } from "@cxkit/connector-qualtrics/testing"
 *
 * const upstream = await MockServer.start(QualtricsMock.serverOptions({ token: "kit", responses: { SV_1: [] } }))
 * const front = await QualtricsMock.serve(upstream, { apiToken: "secret", token: "kit", surveys: [] })
 * const response = await fetch(`${front.url}/API/v3/whoami`)
 * console.log(response.status, (await response.json()).meta.httpStatus) // 401 401 - Unauthorized
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
    readonly apiToken: string
    readonly token: string
    readonly surveys: ReadonlyArray<QualtricsConnector.SurveyDefinition>
    readonly pollsToComplete?: number
    readonly requestsPerMinute?: number
    readonly now?: () => number
    readonly oauthClient?: {
      readonly clientId: string
      readonly clientSecret: string
      readonly tokenLifetimeSeconds?: number
    }
  }
): Promise<Front> => {
  const now = options.now ?? Date.now
  const pollsToComplete = Math.max(1, options.pollsToComplete ?? 2)
  const limit = options.requestsPerMinute ?? 3000
  const definitions = new Map(options.surveys.map((s) => [s.SurveyID, s]))
  const log: Array<LoggedRequest> = []
  const faults: Array<{ route: Route; status: number; left: number }> = []
  const jobs = new Map<string, Job>()
  const files = new Map<string, Job>()
  const issued = new Map<string, boolean>()
  let failing = 0
  let counter = 0
  let hook: ((request: { readonly method: string; readonly path: string }) => void) | undefined
  const bearers = new Map<string, number>()
  let windowStart = now()
  let used = 0

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1")
    const method = req.method ?? "GET"
    const text = method === "POST" ? await LoopbackServer.readBody(req) : ""
    let body: unknown
    try {
      body = text === "" ? undefined : JSON.parse(text)
    } catch {
      body = text
    }
    const requestId = `mock-${++counter}`
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      log.push({ method, path: url.pathname, body, status })
      LoopbackServer.json(res, status, payload, headers)
    }
    const ok = (result: unknown) => send(200, { result, meta: { requestId, httpStatus: reasons[200] } })
    const error = (status: number, code: string, message: string) =>
      send(status, errorBody(status, code, message, requestId))
    if (method === "POST" && url.pathname === "/oauth2/token") {
      const client = options.oauthClient
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? "")?.[1]
      const [id, secret] = Buffer.from(basic ?? "", "base64")
        .toString("utf8")
        .split(":")
      const form = new URLSearchParams(text)
      if (client === undefined || id !== client.clientId || secret !== client.clientSecret) {
        return send(401, { error: "invalid_client", error_description: "Client authentication failed" })
      }
      if (form.get("grant_type") !== "client_credentials") {
        return send(400, { error: "unsupported_grant_type", error_description: "Use client_credentials" })
      }
      const lifetime = client.tokenLifetimeSeconds ?? 3600
      const accessToken = `oauth-${crypto.randomUUID()}`
      bearers.set(accessToken, now() + lifetime * 1000)
      return send(200, {
        access_token: accessToken,
        token_type: "Bearer",
        expires_in: lifetime,
        scope: form.get("scope") ?? ""
      })
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1]
    const liveBearer = bearer !== undefined && (bearers.get(bearer) ?? 0) > now()
    if (req.headers["x-api-token"] !== options.apiToken && !liveBearer) {
      return error(401, "AUTH_ERR", "The Qualtrics API token is missing or invalid")
    }
    if (now() - windowStart >= 60_000) {
      windowStart = now()
      used = 0
    }
    if (++used > limit) return error(429, "RATE_LIMIT", "Too many requests. Please try again later.")
    hook?.({ method, path: url.pathname })
    const injected = (route: Route) => {
      const fault = faults.find((f) => f.route === route && f.left > 0)
      if (fault === undefined) return false
      fault.left--
      error(fault.status, fault.status === 429 ? "RATE_LIMIT" : "MOCK_FAULT", `Injected ${fault.status}`)
      return true
    }
    const path = url.pathname
    if (method === "GET" && path === "/API/v3/whoami") {
      return ok({
        userId: "UR_1Fz0ylZd2xCk3Qa",
        userName: "api@acme.example",
        brandId: "acme",
        datacenterId: "mock1"
      })
    }
    const definition = /^\/API\/v3\/survey-definitions\/([^/]+)$/.exec(path)
    if (method === "GET" && definition !== null) {
      if (injected("definitions")) return
      const survey = definitions.get(definition[1] as string)
      if (survey === undefined) return error(404, "QVAL_NOT_FOUND", `Survey ${definition[1]} not found`)
      return ok(survey)
    }
    const route = /^\/API\/v3\/surveys\/([^/]+)\/export-responses(?:\/([^/]+))?(\/file)?$/.exec(path)
    const surveyId = route?.[1] as string
    if (route === null || !definitions.has(surveyId)) {
      return error(404, "NOT_FOUND", `No resource at ${method} ${path}`)
    }
    if (method === "POST" && route[2] === undefined) {
      if (injected("start")) return
      return startExport(surveyId, body, send, error, ok)
    }
    if (method === "GET" && route[2] !== undefined && route[3] === undefined) {
      if (injected("progress")) return
      const job = jobs.get(route[2])
      if (job === undefined || job.surveyId !== surveyId) {
        return error(404, "NOT_FOUND", `No response export ${route[2]} for survey ${surveyId}`)
      }
      job.polls++
      const percentComplete = Math.min(100, Math.round((100 * job.polls) / pollsToComplete))
      if (job.polls < pollsToComplete) return ok({ percentComplete, status: "inProgress" })
      if (job.fails) return ok({ percentComplete, status: "failed" })
      return ok({
        percentComplete: 100,
        status: "complete",
        fileId: job.fileId,
        ...(job.continuationToken !== undefined ? { continuationToken: job.continuationToken } : {})
      })
    }
    if (method === "GET" && route[3] !== undefined) {
      if (injected("file")) return
      const job = files.get(route[2] as string)
      if (job === undefined || job.surveyId !== surveyId || job.polls < pollsToComplete || job.fails) {
        return error(404, "NOT_FOUND", `No response export file ${route[2]} for survey ${surveyId}`)
      }
      const name = definitions.get(surveyId)?.SurveyName ?? surveyId
      const zip = exportFile(name, job.responses)
      log.push({ method, path, body, status: 200 })
      res.writeHead(200, {
        "content-type": "application/octet-stream",
        "content-disposition": `attachment; filename="${name}.zip"`
      })
      res.end(zip)
      return
    }
    return error(404, "NOT_FOUND", `No resource at ${method} ${path}`)
  }

  const startExport = async (
    surveyId: string,
    body: unknown,
    send: (status: number, payload: unknown, headers?: Record<string, string>) => void,
    error: (status: number, code: string, message: string) => void,
    ok: (result: unknown) => void
  ) => {
    if (body === null || typeof body !== "object")
      return error(400, "QVAL_1", "The request body must be JSON")
    const request = body as Record<string, unknown>
    if (typeof request.format !== "string") return error(400, "QVAL_1", "Missing or invalid parameter format")
    if (!formats.has(request.format)) return error(400, "QVAL_1", `Invalid format '${request.format}'`)
    if (request.format !== "json") return error(400, "MOCK_FORMAT", "The mock serves format json only")
    const token = request.continuationToken
    if (token !== undefined && (request.startDate !== undefined || request.endDate !== undefined)) {
      return error(400, "QVAL_1", "continuationToken cannot be combined with startDate or endDate")
    }
    for (const field of ["startDate", "endDate"] as const) {
      const value = request[field]
      if (value !== undefined && (typeof value !== "string" || Number.isNaN(Date.parse(value)))) {
        return error(400, "QVAL_1", `Invalid ${field}: expected an ISO 8601 date`)
      }
    }
    let after: Position | undefined
    if (token !== undefined) {
      const position = typeof token === "string" ? decodeToken(token) : undefined
      if (position === undefined || position.s !== surveyId) {
        return error(400, "MOCK_TOKEN", "Invalid continuation token")
      }
      if (issued.get(token as string) === false)
        return error(400, "MOCK_TOKEN", "The continuation token has expired")
      after = { d: position.d, k: position.k }
    }
    const since = after?.d ?? (request.startDate as string | undefined)
    const until = request.endDate === undefined ? undefined : Date.parse(request.endDate as string)
    // page the kit server: one consistent snapshot (a response edited while it pages, which
    // the kit server lists again further on, is kept once, in its newest version)
    const snapshot = new Map<string, Record<string, unknown>>()
    const seenTokens = new Set<string>()
    let duplicates: ReadonlyArray<Record<string, unknown>> = []
    let cursor: string | undefined
    for (;;) {
      const query = new URLSearchParams({ limit: "100" })
      if (since !== undefined) query.set("since", since)
      if (cursor !== undefined) query.set("cursor", cursor)
      const answer = await LoopbackServer.forward(upstream.url, req0(), `${exportsPath(surveyId)}?${query}`, {
        headers: { "x-api-token": options.token }
      })
      if (answer.status !== 200) {
        return send(answer.status, answer.text, answer.headers)
      }
      const page = JSON.parse(answer.text) as { results: Array<Record<string, unknown>>; next: string | null }
      // a source repeating its cursor: its file lists that page twice (the connector refuses it)
      if (page.next !== null && seenTokens.has(page.next)) {
        duplicates = page.results
        break
      }
      for (const record of page.results) {
        const key = String(record.responseId)
        snapshot.delete(key)
        snapshot.set(key, record)
      }
      if (page.next === null) break
      seenTokens.add(page.next)
      cursor = page.next
    }
    const selected = [...snapshot.values(), ...duplicates].filter((record) => {
      const at = Date.parse(String(record.recordedDate))
      if (until !== undefined && at >= until) return false
      if (after === undefined || after.d === null) return true
      const mark = Date.parse(after.d)
      return at > mark || (at === mark && String(record.responseId) > after.k)
    })
    const ordered = [...selected].sort((a, b) => {
      const x = Date.parse(String(a.recordedDate))
      const y = Date.parse(String(b.recordedDate))
      return x !== y ? x - y : String(a.responseId) < String(b.responseId) ? -1 : 1
    })
    const last = ordered[ordered.length - 1]
    const position: Position =
      last !== undefined
        ? { d: String(last.recordedDate), k: String(last.responseId) }
        : (after ?? { d: (request.startDate as string | undefined) ?? null, k: "" })
    let continuationToken: string | undefined
    if (request.allowContinuation === true) {
      continuationToken = encodeToken(surveyId, position)
      issued.set(continuationToken, true)
    }
    const n = jobs.size + 1
    const job: Job = {
      progressId: `ES_${surveyId.slice(3)}${n}`,
      fileId: `${surveyId.slice(3).toLowerCase()}-${n}-file`,
      surveyId,
      responses: ordered.map(wireResponse),
      continuationToken,
      fails: failing > 0,
      polls: 0
    }
    if (failing > 0) failing--
    jobs.set(job.progressId, job)
    files.set(job.fileId, job)
    ok({ progressId: job.progressId, percentComplete: 0, status: "inProgress" })
  }
  // forward needs the request only for its headers (authorization, host): none are relayed here
  const req0 = () => ({ headers: {} }) as IncomingMessage

  const server = await LoopbackServer.start(handle, {
    onError: (message) => errorBody(500, "MOCK_BUG", message, "mock")
  })
  return {
    url: server.url,
    close: server.close,
    requests: log,
    fail: (route, status, times = 1) => void faults.push({ route, status, left: times }),
    failExports: (times = 1) => {
      failing += times
    },
    expireTokens: () => {
      for (const token of issued.keys()) issued.set(token, false)
    },
    beforeRequest: (next) => {
      hook = next
    }
  }
}

/**
 * Options of `start`: the survey definitions (default `surveys()`), the responses by survey
 * (default `fixtures(id)` for each), the API token (default `"qualtrics-test-token"`), the polls
 * an export takes, the request limit and the clock.
 *
 * @example
 * ```ts
 * import type { QualtricsMock } from "@cxkit/connector-qualtrics/testing"
 *
 * const options: QualtricsMock.Options = { pollsToComplete: 3 }
 * console.log(options.pollsToComplete)
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export interface Options {
  readonly surveys?: ReadonlyArray<QualtricsConnector.SurveyDefinition>
  readonly responses?: Readonly<Record<string, ReadonlyArray<FixtureResponse>>>
  readonly apiToken?: string
  readonly pollsToComplete?: number
  readonly requestsPerMinute?: number
  readonly now?: () => number
  /** An OAuth client the token endpoint grants bearer tokens to (default: none). */
  readonly oauthClient?: {
    readonly clientId: string
    readonly clientSecret: string
    readonly tokenLifetimeSeconds?: number
  }
}

/**
 * A running mock.
 *
 * @example
 * ```ts
 * import { QualtricsMock } from "@cxkit/connector-qualtrics/testing"
 *
 * QualtricsMock.start().then(async (mock) => {
 *   console.log(mock.url.startsWith("http://127.0.0.1:")) // true
 *   await mock.close()
 * })
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export interface QualtricsMock extends Omit<Front, "close"> {
  /** The test kit server holding the responses: faults (`inject`), mutations, its request log. */
  readonly server: MockServer.MockServer
  readonly apiToken: string
  readonly surveyIds: ReadonlyArray<string>
  /** A decoded connector config pointing at this mock (short poll waits). */
  readonly config: (
    overrides?: Partial<Omit<QualtricsConnector.Config, "apiToken">>
  ) => QualtricsConnector.Config
  /** The same with the OAuth client of `Options.oauthClient` instead of the API token. */
  readonly oauthConfig: (
    overrides?: Partial<Omit<QualtricsConnector.Config, "apiToken">>
  ) => QualtricsConnector.Config
  readonly responses: (surveyId: string) => ReadonlyArray<FixtureResponse>
  /** Records new responses (or replaces ones with the same `responseId`). */
  readonly record: (surveyId: string, responses: ReadonlyArray<FixtureResponse>) => void
  /** The path of a survey's responses in the test kit server (for `inject` and mutations). */
  readonly pathOf: (surveyId: string) => string
  readonly close: () => Promise<void>
}

/**
 * Starts the mock (`serve` on a test kit server of its own) on 127.0.0.1 (ephemeral port);
 * `close` stops both.
 *
 * @example
 * ```ts
 * import { Sync } from "@cxkit/connectors"
 * import { QualtricsConnector } from "@cxkit/connector-qualtrics"
 * import { QualtricsMock } from "@cxkit/connector-qualtrics/testing"
 *
 * const main = async () => {
 *   const mock = await QualtricsMock.start()
 *   const events = await Sync.toArray(QualtricsConnector.connector, { config: mock.config() })
 *   console.log(Sync.records(events, "surveys").length, Sync.records(events, "responses").length) // 2 55
 *   await mock.close()
 * }
 * main()
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const start = async (options: Options = {}): Promise<QualtricsMock> => {
  const definitions = options.surveys ?? surveys()
  const responses =
    options.responses ?? Object.fromEntries(definitions.map((s) => [s.SurveyID, fixtures(s.SurveyID)]))
  const apiToken = options.apiToken ?? "qualtrics-test-token"
  const token = `kit-${crypto.randomUUID()}`
  const upstream = await MockServer.start(serverOptions({ token, responses }))
  const front = await serve(upstream, {
    apiToken,
    token,
    surveys: definitions,
    ...(options.pollsToComplete !== undefined ? { pollsToComplete: options.pollsToComplete } : {}),
    ...(options.requestsPerMinute !== undefined ? { requestsPerMinute: options.requestsPerMinute } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
    ...(options.oauthClient !== undefined ? { oauthClient: options.oauthClient } : {})
  })
  const ids = definitions.map((s) => s.SurveyID)
  const common = { baseUrl: front.url, surveyIds: ids, pollIntervalMillis: 5, maxPollIntervalMillis: 20 }
  return {
    ...front,
    server: upstream,
    apiToken,
    surveyIds: ids,
    config: (overrides = {}) => ({ apiToken: Redacted.make(apiToken), ...common, ...overrides }),
    oauthConfig: (overrides = {}) => ({
      clientId: options.oauthClient?.clientId ?? "no-oauth-client",
      clientSecret: Redacted.make(options.oauthClient?.clientSecret ?? ""),
      ...common,
      ...overrides
    }),
    responses: (surveyId) =>
      upstream.records(exportsPath(surveyId)) as unknown as ReadonlyArray<FixtureResponse>,
    record: (surveyId, more) => {
      for (const response of more) upstream.upsert(exportsPath(surveyId), response)
    },
    pathOf: exportsPath,
    close: async () => {
      await front.close()
      await upstream.close()
    }
  }
}
