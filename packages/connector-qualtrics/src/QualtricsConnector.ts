/**
 * The Qualtrics connector: survey definitions and survey responses, the responses through
 * Qualtrics' asynchronous response export (start an export, poll its progress, download the
 * file, a zip of JSON), incremental on the export's continuation token.
 *
 * Sources: Qualtrics' Survey Response Import/Export API guide (the "Simple Export" and "Export
 * with Continuation" workflows) and the reference pages of "Start Response Export", "Get Response
 * Export Progress", "Get Response Export File" and "Get Survey" (survey-definitions), mirrored at
 * https://developers.qodex.ai/qualtrics-public/surveys-response-import-export-api and
 * https://developers.qodex.ai/qualtrics-public/qualtrics-rest-api/surveys-response-import-export-surveys-surveyid-export-responses-exportprogressid/get-response-export-progress-3
 * (the originals live under https://api.qualtrics.com/).
 *
 * @since 0.1.0
 */
import { Connector, ConnectorError, Http, SourceStream } from "@cxkit/connectors"
import { Feedback, Identity } from "@cxkit/core"
import { Clock, Context, Duration, Effect, Layer, Redacted, Schema, Stream } from "effect"
import { HttpClient, HttpClientRequest } from "effect/http"
import * as Zip from "./internal/zip.ts"

const surveyIdPattern = /^SV_[A-Za-z0-9]+$/

/**
 * The configuration.
 *
 * - `apiToken`: a Qualtrics API token (Account Settings › Qualtrics IDs), sent as `X-API-TOKEN`
 *   (secret). Or, instead, `clientId` and `clientSecret` (secret) of an OAuth client (Account
 *   Settings › Qualtrics IDs › OAuth clients): the connector asks `POST /oauth2/token` for a
 *   bearer token by the client credentials grant, with `scope` (default
 *   `read:surveys read:survey_responses`), and asks again a minute before it expires.
 * - `datacenter`: the account's datacenter id (`iad1`, `fra1`, `ca1`, …): requests go to
 *   `https://{datacenter}.qualtrics.com/API/v3`. `baseUrl` (the origin) overrides it; tests point
 *   it at the mock. One of the two is required.
 * - `surveyIds`: the surveys to sync (`SV_…`).
 * - `pollIntervalMillis`: the first wait before polling an export's progress (default 1,000),
 *   doubled after every poll up to `maxPollIntervalMillis` (default 30,000); an export not
 *   complete after `maxPolls` polls (default 120) fails the stream (reason `transient`).
 * - `exportAttempts`: how often an export Qualtrics reports as `failed` is started again
 *   (default 3, 1–5).
 * - `requestsPerMinute`: the client-side limit (default 3,000, Qualtrics' per-brand limit).
 * - `timeoutMillis`: per request (default 30,000).
 * - `questions`: by survey id, the feedback question of matrix rows, sliders or other non-NPS
 *   questions, by QID (`QID2`: every row) or export key (`QID2_1`); the mapping uses it
 *   (`QualtricsMapping.optionsOf(config)`), the sync does not. Without it only the NPS question
 *   type is feedback: nothing is guessed.
 * - `customer`: the `values` fields that name the customer, in order (default `recipientEmail`
 *   as email), e.g. an embedded data field `{ field: "CustomerID", kind: "crm-id" }`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { QualtricsConnector } from "@cxkit/connector-qualtrics"
 *
 * const config = Schema.decodeUnknownSync(QualtricsConnector.Config)({
 *   apiToken: "9a8b7c6d5e4f", datacenter: "fra1", surveyIds: ["SV_0cK4pZ8a1b2c3d4"]
 * })
 * console.log(String(config.apiToken), QualtricsConnector.baseUrlOf(config)) // <redacted> https://fra1.qualtrics.com
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Config = Schema.Struct({
  apiToken: Schema.optionalKey(Schema.RedactedFromValue(Schema.String)),
  clientId: Schema.optionalKey(Schema.String.check(Schema.isNonEmpty())),
  clientSecret: Schema.optionalKey(Schema.RedactedFromValue(Schema.String)),
  scope: Schema.optionalKey(Schema.String),
  datacenter: Schema.optionalKey(
    Schema.String.check(
      Schema.isPattern(/^[a-z0-9]+(\.[a-z0-9]+)?$/, { expected: "a Qualtrics datacenter id such as iad1" })
    )
  ),
  baseUrl: Schema.optionalKey(Schema.String),
  surveyIds: Schema.Array(
    Schema.String.check(Schema.isPattern(surveyIdPattern, { expected: "a survey id (SV_…)" }))
  ).check(Schema.isMinLength(1)),
  pollIntervalMillis: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThan(0))),
  maxPollIntervalMillis: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThan(0))),
  maxPolls: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThan(0))),
  exportAttempts: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 5 }))),
  requestsPerMinute: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThan(0))),
  timeoutMillis: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThan(0))),
  questions: Schema.optionalKey(
    Schema.Record(Schema.String, Schema.Record(Schema.String, Feedback.Question))
  ),
  customer: Schema.optionalKey(
    Schema.Array(Schema.Struct({ field: Schema.String, kind: Identity.IdentityKind }))
  )
})

/**
 * @since 0.1.0
 * @category models
 */
export type Config = typeof Config.Type

/**
 * The API origin of a config: `baseUrl`, else `https://{datacenter}.qualtrics.com`, else
 * `undefined` (the layer then fails with reason `config`).
 *
 * @example
 * ```ts
 * import { QualtricsConnector } from "@cxkit/connector-qualtrics"
 *
 * console.log(QualtricsConnector.baseUrlOf({ datacenter: "iad1" })) // https://iad1.qualtrics.com
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const baseUrlOf = (config: Pick<Config, "baseUrl" | "datacenter">): string | undefined =>
  config.baseUrl ??
  (config.datacenter !== undefined ? `https://${config.datacenter}.qualtrics.com` : undefined)

const Open = Schema.Record(Schema.String, Schema.Unknown)

/**
 * A choice (a row of a matrix, a slider, an answer option) or a matrix answer (a column) of a
 * survey-definitions question: its `Display` text and, when the survey recodes it, the
 * `RecodeValue` exported instead of the choice id. Other keys are kept.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { QualtricsConnector } from "@cxkit/connector-qualtrics"
 *
 * console.log(Schema.decodeUnknownSync(QualtricsConnector.Choice)({ Display: "Very satisfied", RecodeValue: "5" }).Display) // Very satisfied
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Choice = Schema.StructWithRest(
  Schema.Struct({
    Display: Schema.optionalKey(Schema.String),
    RecodeValue: Schema.optionalKey(Schema.Union([Schema.String, Schema.Number]))
  }),
  [Open]
)

/**
 * A question of a survey definition (`Questions[QID]`): `QuestionType` (`MC`, `Matrix`,
 * `Slider`, `TE`, …), `Selector` (`SAVR`, `NPS`, `Likert`, `HSLIDER`, …), `SubSelector`,
 * the text, `Choices` and `Answers`. Other keys are kept.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { QualtricsConnector } from "@cxkit/connector-qualtrics"
 *
 * const q = Schema.decodeUnknownSync(QualtricsConnector.Question)({ QuestionType: "MC", Selector: "NPS", QuestionText: "How likely…" })
 * console.log(q.Selector) // NPS
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Question = Schema.StructWithRest(
  Schema.Struct({
    QuestionID: Schema.optionalKey(Schema.String),
    QuestionType: Schema.String,
    Selector: Schema.String,
    SubSelector: Schema.optionalKey(Schema.String),
    QuestionText: Schema.optionalKey(Schema.String),
    DataExportTag: Schema.optionalKey(Schema.String),
    Choices: Schema.optionalKey(Schema.Record(Schema.String, Choice)),
    Answers: Schema.optionalKey(Schema.Record(Schema.String, Choice))
  }),
  [Open]
)

/**
 * @since 0.1.0
 * @category models
 */
export type Question = typeof Question.Type

/**
 * A survey definition as the `surveys` stream delivers it: the `result` of
 * `GET /API/v3/survey-definitions/{surveyId}`, with its `Questions` by QID.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { QualtricsConnector } from "@cxkit/connector-qualtrics"
 *
 * const survey = Schema.decodeUnknownSync(QualtricsConnector.SurveyDefinition)({
 *   SurveyID: "SV_1", SurveyName: "Checkout", Questions: { QID1: { QuestionType: "MC", Selector: "NPS" } }
 * })
 * console.log(Object.keys(survey.Questions)) // [ 'QID1' ]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const SurveyDefinition = Schema.Struct({
  SurveyID: Schema.String,
  SurveyName: Schema.String,
  SurveyStatus: Schema.optionalKey(Schema.String),
  SurveyLanguage: Schema.optionalKey(Schema.String),
  OwnerID: Schema.optionalKey(Schema.String),
  CreatorID: Schema.optionalKey(Schema.String),
  BrandID: Schema.optionalKey(Schema.String),
  LastModified: Schema.optionalKey(Schema.String),
  LastAccessed: Schema.optionalKey(Schema.String),
  LastActivated: Schema.optionalKey(Schema.String),
  QuestionCount: Schema.optionalKey(Schema.Union([Schema.String, Schema.Number])),
  Questions: Schema.Record(Schema.String, Question),
  Blocks: Schema.optionalKey(Schema.Unknown),
  SurveyFlow: Schema.optionalKey(Schema.Unknown),
  SurveyOptions: Schema.optionalKey(Schema.Unknown),
  ResponseSets: Schema.optionalKey(Schema.Unknown),
  Scoring: Schema.optionalKey(Schema.Unknown),
  ProjectInfo: Schema.optionalKey(Schema.Unknown)
})

/**
 * @since 0.1.0
 * @category models
 */
export type SurveyDefinition = typeof SurveyDefinition.Type

/**
 * A survey response as the `responses` stream delivers it: one entry of the export file's
 * `responses` with the survey it belongs to and its `recordedDate` (from `values`) beside it.
 * `values` holds the embedded metadata (`startDate`, `endDate`, `status`, `progress`,
 * `finished`, `distributionChannel`, `recipientEmail`, …), embedded data fields and the answers
 * by export key (`QID1`, `QID2_1`, `QID3_TEXT`); `labels` the answers' texts.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { QualtricsConnector } from "@cxkit/connector-qualtrics"
 *
 * const r = Schema.decodeUnknownSync(QualtricsConnector.Response)({
 *   surveyId: "SV_1", responseId: "R_1", recordedDate: "2024-05-01T10:00:00.000Z", values: { QID1: 9 }
 * })
 * console.log(r.values.QID1) // 9
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Response = Schema.Struct({
  surveyId: Schema.String,
  responseId: Schema.String,
  recordedDate: Schema.String,
  values: Open,
  labels: Schema.optionalKey(Open),
  displayedFields: Schema.optionalKey(Schema.Array(Schema.String)),
  displayedValues: Schema.optionalKey(Open)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Response = typeof Response.Type

/**
 * Where the `responses` stream goes on, per survey: the continuation token of the survey's last
 * export, the largest `recordedDate` it delivered and the responses recorded at exactly that
 * instant (the fallback when Qualtrics refuses the token: an export from that date, without
 * those). Kept by the runner after every export and across runs.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { QualtricsConnector } from "@cxkit/connector-qualtrics"
 *
 * const state = Schema.decodeUnknownSync(QualtricsConnector.State)({
 *   surveys: { SV_1: { continuationToken: "eyJ…", recordedDate: "2024-05-01T10:00:00.000Z" } }
 * })
 * console.log(Object.keys(state.surveys)) // [ 'SV_1' ]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const State = Schema.Struct({
  surveys: Schema.Record(
    Schema.String,
    Schema.Struct({
      continuationToken: Schema.optionalKey(Schema.String),
      recordedDate: Schema.optionalKey(Schema.String),
      responseIds: Schema.optionalKey(Schema.Array(Schema.String))
    })
  )
})

/**
 * @since 0.1.0
 * @category models
 */
export type State = typeof State.Type

/**
 * Classifies Qualtrics' error answers (`{ meta: { httpStatus, error: { errorMessage,
 * errorCode }, requestId } }`): 401 and 403 are `auth`, 404 `config` (an unknown survey, export
 * or datacenter), 429 `rate-limited` (Qualtrics sends no `Retry-After`: the toolkit's backoff
 * waits), 400 `config` (the request Qualtrics refused, e.g. an expired continuation token);
 * other answers fall back to `Http.classify`. The message carries the error code, the message and
 * the request id Qualtrics support asks for.
 *
 * @example
 * ```ts
 * import { QualtricsConnector } from "@cxkit/connector-qualtrics"
 *
 * const error = QualtricsConnector.classify({
 *   method: "GET", path: "/API/v3/survey-definitions/SV_x", status: 404, headers: {}, text: "", retryAfterMs: undefined, now: 0,
 *   json: { meta: { httpStatus: "404 - Not Found", error: { errorMessage: "Survey not found", errorCode: "QVAL_404" }, requestId: "req-1" } }
 * })
 * console.log(error?.reason, error?.message) // config GET /API/v3/survey-definitions/SV_x answered 404: QVAL_404: Survey not found (requestId req-1)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export const classify = (info: Http.ResponseInfo): ConnectorError.ConnectorError | undefined => {
  const meta = (info.json as { meta?: { error?: unknown; requestId?: unknown } } | undefined)?.meta
  const error = meta?.error as { errorMessage?: unknown; errorCode?: unknown } | undefined
  if (error === undefined || error === null || typeof error.errorMessage !== "string") return undefined
  const code = typeof error.errorCode === "string" ? `${error.errorCode}: ` : ""
  const request = typeof meta?.requestId === "string" ? ` (requestId ${meta.requestId})` : ""
  const message = `${info.method} ${info.path} answered ${info.status}: ${code}${error.errorMessage}${request}`
  const extra = {
    status: info.status,
    ...(info.retryAfterMs !== undefined ? { retryAfterMs: info.retryAfterMs } : {})
  }
  if (info.status === 401 || info.status === 403) return ConnectorError.make("auth", message, extra)
  if (info.status === 400 || info.status === 404) return ConnectorError.make("config", message, extra)
  if (info.status === 429) return ConnectorError.make("rate-limited", message, extra)
  return undefined
}

/**
 * Reads a response export file: the zip Qualtrics serves (one JSON file,
 * `{ "responses": [ … ] }`), or the JSON itself when the export was not compressed. Fails with
 * reason `source-bug` naming the survey and the rule the file broke (not a zip, a failed CRC,
 * no JSON entry, no `responses` array, a response without `responseId` or `values.recordedDate`,
 * a response listed twice).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { QualtricsConnector } from "@cxkit/connector-qualtrics"
 * import { QualtricsMock } from "@cxkit/connector-qualtrics/testing"
 *
 * const file = QualtricsMock.exportFile("Checkout", [{ responseId: "R_1", values: { recordedDate: "2024-05-01T10:00:00.000Z", QID1: 9 } }])
 * const responses = Effect.runSync(QualtricsConnector.readExportFile(file, "SV_1"))
 * console.log(responses) // [ { surveyId: 'SV_1', responseId: 'R_1', recordedDate: '2024-05-01T10:00:00.000Z', values: { recordedDate: '2024-05-01T10:00:00.000Z', QID1: 9 } } ]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const readExportFile = (
  bytes: Uint8Array,
  surveyId: string
): Effect.Effect<Array<Record<string, unknown>>, ConnectorError.ConnectorError> =>
  Effect.try({
    try: () => parseExportFile(bytes, surveyId),
    catch: (error) =>
      ConnectorError.make(
        "source-bug",
        `The response export file of survey ${surveyId} ${(error as Error).message}`
      )
  })

const parseExportFile = (bytes: Uint8Array, surveyId: string): Array<Record<string, unknown>> => {
  let text: string
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b) {
    const entries = Zip.read(bytes)
    const json = entries.filter((e) => e.name.toLowerCase().endsWith(".json"))
    if (json.length !== 1) {
      throw new Error(`is a zip of ${entries.length} entries with ${json.length} JSON files, expected one`)
    }
    text = new TextDecoder("utf-8", { fatal: true }).decode((json[0] as Zip.Entry).data)
  } else text = new TextDecoder("utf-8", { fatal: true }).decode(bytes)
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new Error("is neither a zip archive nor JSON")
  }
  const responses = (body as { responses?: unknown } | null)?.responses
  if (!Array.isArray(responses)) throw new Error('has no "responses" array')
  const seen = new Set<string>()
  return responses.map((entry: unknown, i) => {
    const response = (entry ?? {}) as Record<string, unknown>
    const responseId = response.responseId
    const values = response.values as Record<string, unknown> | undefined
    if (typeof responseId !== "string") throw new Error(`lists responses[${i}] without a responseId`)
    if (typeof values?.recordedDate !== "string") {
      throw new Error(`lists response ${responseId} without values.recordedDate`)
    }
    if (seen.has(responseId)) throw new Error(`lists response ${responseId} twice`)
    seen.add(responseId)
    return { surveyId, ...response, recordedDate: values.recordedDate }
  })
}

/**
 * The authenticated client the connector's layer builds: the JSON `client` (`Http.make` with
 * the rate limit and `classify`, every request carrying `X-API-TOKEN` or the OAuth bearer
 * token) and `download`, the binary request for export files (the toolkit's client reads JSON
 * only), with the same credential, origin, timeout, classification and backoff.
 *
 * @example
 * ```ts
 * import { QualtricsConnector } from "@cxkit/connector-qualtrics"
 *
 * console.log(QualtricsConnector.QualtricsApi.key) // @cxkit/connector-qualtrics/QualtricsApi
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export class QualtricsApi extends Context.Service<
  QualtricsApi,
  {
    readonly client: Http.Client
    readonly download: (path: string) => Effect.Effect<Uint8Array, ConnectorError.ConnectorError>
    readonly config: Config
  }
>()("@cxkit/connector-qualtrics/QualtricsApi") {}

const realTimeout = (millis: number, path: string) =>
  Effect.callback<never, ConnectorError.ConnectorError>((resume) => {
    const timer = setTimeout(
      () => resume(Effect.fail(ConnectorError.make("transient", `GET ${path} timed out after ${millis} ms`))),
      millis
    )
    return Effect.sync(() => clearTimeout(timer))
  })

type Credential = Effect.Effect<Record<string, string>, ConnectorError.ConnectorError>

const makeDownload = (http: HttpClient.HttpClient, base: string, config: Config, credential: Credential) => {
  const timeout = config.timeoutMillis ?? 30_000
  const once = (path: string) =>
    Effect.gen(function* () {
      const transport = (cause: { readonly message: string }) =>
        ConnectorError.make("transient", `GET ${path} failed: ${cause.message}`)
      const request = HttpClientRequest.get(new URL(path, base)).pipe(
        HttpClientRequest.setHeaders({
          ...(yield* credential),
          accept: "application/octet-stream, application/zip, application/json"
        })
      )
      const exchange = Effect.gen(function* () {
        const response = yield* http.execute(request).pipe(Effect.mapError(transport))
        const body = yield* response.arrayBuffer.pipe(Effect.mapError(transport))
        return { response, bytes: new Uint8Array(body) }
      })
      const { response, bytes } = yield* Effect.raceFirst(exchange, realTimeout(timeout, path))
      if (response.status >= 200 && response.status < 300) return bytes
      const now = yield* Clock.currentTimeMillis
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(response.headers)) if (typeof v === "string") headers[k] = v
      const text = new TextDecoder().decode(bytes)
      let json: unknown
      try {
        json = JSON.parse(text)
      } catch {
        json = undefined
      }
      const info: Http.ResponseInfo = {
        method: "GET",
        path,
        status: response.status,
        headers,
        text,
        json,
        retryAfterMs: Http.retryAfterFromHeaders(headers, response.status, now),
        now
      }
      return yield* classify(info) ??
        Http.classify(info, 600_000) ??
        ConnectorError.make("source-bug", `GET ${path} answered ${response.status}`)
    })
  // the backoff of Http.make: exponential from 500 ms with jitter, never sooner than Retry-After
  const loop = (path: string, n: number): Effect.Effect<Uint8Array, ConnectorError.ConnectorError> =>
    once(path).pipe(
      Effect.catch((error: ConnectorError.ConnectorError) => {
        if (!error.isRetryable || n >= 5) return Effect.fail(error)
        const backoff = Math.min(60_000, 500 * 2 ** n) * (0.8 + Math.random() * 0.4)
        return Effect.flatMap(Effect.sleep(Duration.millis(Math.max(backoff, error.retryAfterMs ?? 0))), () =>
          loop(path, n + 1)
        )
      })
    )
  return (path: string) => loop(path, 0)
}

const exportsPath = (surveyId: string) => `/API/v3/surveys/${surveyId}/export-responses`

/** Where one export starts: after a continuation token, from a recorded date, or at the beginning. */
type From =
  | {
      readonly _tag: "Token"
      readonly continuationToken: string
      readonly fallback: { readonly startDate: string; readonly skip: ReadonlyArray<string> } | undefined
    }
  | { readonly _tag: "Date"; readonly startDate: string; readonly skip: ReadonlyArray<string> }
  | { readonly _tag: "Start" }

const ProgressResult = Schema.Struct({
  status: Schema.String,
  percentComplete: Schema.optionalKey(Schema.Union([Schema.Number, Schema.String])),
  fileId: Schema.optionalKey(Schema.NullOr(Schema.String)),
  continuationToken: Schema.optionalKey(Schema.NullOr(Schema.String))
})

const resultOf = <A>(
  schema: Schema.Codec<A, unknown>,
  body: unknown,
  what: string
): Effect.Effect<A, ConnectorError.ConnectorError> =>
  Schema.decodeUnknownEffect(schema)((body as { result?: unknown } | null)?.result).pipe(
    Effect.mapError((error) =>
      ConnectorError.make("source-bug", `${what}: unexpected result: ${error.message}`)
    )
  )

/**
 * Runs one export of a survey to the end: starts it, polls its progress on the runner's clock
 * (waits doubling from `pollIntervalMillis`), starts it again when Qualtrics reports it `failed`
 * (up to `exportAttempts`), downloads and reads the file. Resolves with the responses (sorted by
 * `recordedDate`, then id) and the continuation token for the next export.
 */
const runExport = (surveyId: string, from: From) =>
  Effect.gen(function* () {
    const { client, download, config } = yield* QualtricsApi
    const body = {
      format: "json",
      compress: true,
      allowContinuation: true,
      ...(from._tag === "Token" ? { continuationToken: from.continuationToken } : {}),
      ...(from._tag === "Date" ? { startDate: from.startDate } : {})
    }
    const attempts = config.exportAttempts ?? 3
    const maxPolls = config.maxPolls ?? 120
    for (let attempt = 1; ; attempt++) {
      const started = yield* client.request(exportsPath(surveyId), { method: "POST", json: body })
      const { progressId } = yield* resultOf(
        Schema.Struct({ progressId: Schema.String }),
        started.body,
        `POST ${exportsPath(surveyId)}`
      )
      let wait = config.pollIntervalMillis ?? 1000
      let done: typeof ProgressResult.Type | undefined
      for (let poll = 1; done === undefined; poll++) {
        yield* Effect.sleep(Duration.millis(wait))
        wait = Math.min(config.maxPollIntervalMillis ?? 30_000, wait * 2)
        const path = `${exportsPath(surveyId)}/${progressId}`
        const progress = yield* resultOf(ProgressResult, (yield* client.get(path)).body, `GET ${path}`)
        if (progress.status === "complete" || progress.status === "failed") done = progress
        else if (poll >= maxPolls) {
          return yield* ConnectorError.make(
            "transient",
            `The response export ${progressId} of survey ${surveyId} was not complete after ${maxPolls} polls (${String(progress.percentComplete ?? 0)}%, status ${progress.status})`
          )
        }
      }
      if (done.status === "failed") {
        if (attempt < attempts) {
          yield* Effect.logWarning(
            `Qualtrics reported the response export ${progressId} of survey ${surveyId} as failed; starting it again (attempt ${attempt + 1} of ${attempts})`
          )
          continue
        }
        return yield* ConnectorError.make(
          "transient",
          `Qualtrics reported the response export of survey ${surveyId} as failed ${attempts} times (last progressId ${progressId})`
        )
      }
      if (typeof done.fileId !== "string") {
        return yield* ConnectorError.make(
          "source-bug",
          `The response export ${progressId} of survey ${surveyId} is complete without a fileId`
        )
      }
      const bytes = yield* download(`${exportsPath(surveyId)}/${done.fileId}/file`)
      let responses = yield* readExportFile(bytes, surveyId)
      if (from._tag === "Date" && from.skip.length > 0) {
        // startDate is inclusive: drop the responses delivered at exactly that instant
        const mark = Date.parse(from.startDate)
        const skip = new Set(from.skip)
        responses = responses.filter(
          (r) => Date.parse(String(r.recordedDate)) !== mark || !skip.has(String(r.responseId))
        )
      }
      responses.sort((a, b) => {
        const x = Date.parse(String(a.recordedDate))
        const y = Date.parse(String(b.recordedDate))
        if (x !== y) return x < y ? -1 : 1
        return String(a.responseId) < String(b.responseId) ? -1 : 1
      })
      return {
        responses,
        continuationToken: typeof done.continuationToken === "string" ? done.continuationToken : undefined
      }
    }
  })

/**
 * Like `runExport`, but when Qualtrics refuses a continuation token (a 400: expired or unknown)
 * the export starts again from the survey's largest `recordedDate` delivered (inclusive: the
 * runner drops what it delivered at that instant), or from the beginning.
 */
const exportFrom = (surveyId: string, from: From) =>
  runExport(surveyId, from).pipe(
    Effect.catch((error: ConnectorError.ConnectorError) => {
      if (from._tag !== "Token" || error.status !== 400) return Effect.fail(error)
      const fallback: From =
        from.fallback !== undefined ? { _tag: "Date", ...from.fallback } : { _tag: "Start" }
      return Effect.logWarning(
        `Qualtrics refused the continuation token of survey ${surveyId} (${error.message}); exporting from ${from.fallback?.startDate ?? "the first response"} instead`
      ).pipe(Effect.andThen(runExport(surveyId, fallback)))
    })
  )

/** The survey's new mark: the largest recordedDate delivered and the responses at exactly it. */
const markOf = (
  known: State["surveys"][string] | undefined,
  delivered: ReadonlyArray<Record<string, unknown>>
): { readonly recordedDate?: string; readonly responseIds?: ReadonlyArray<string> } => {
  let recordedDate = known?.recordedDate
  let ids = new Set(known?.responseIds ?? [])
  for (const r of delivered) {
    const at = String(r.recordedDate)
    const order = recordedDate === undefined ? 1 : Date.parse(at) - Date.parse(recordedDate)
    if (order > 0) {
      recordedDate = at
      ids = new Set([String(r.responseId)])
    } else if (order === 0) ids.add(String(r.responseId))
  }
  return recordedDate === undefined ? {} : { recordedDate, responseIds: [...ids].sort() }
}

const responses = SourceStream.make<Config>()({
  name: "responses",
  description:
    "Survey responses of the configured surveys, through the response export, incremental on the continuation token",
  schema: Response,
  primaryKey: "responseId",
  cursorField: "recordedDate",
  // Each export's responses are sorted by recordedDate; "ascending" also makes the runner keep
  // the last checkpoint (the continuation tokens) when a run completes, for the next run.
  order: "ascending",
  state: State,
  read: ({ config, state, cursor }) =>
    Stream.suspend(() => {
      let carried: State = state ?? { surveys: {} }
      return Stream.fromIterable(config.surveyIds).pipe(
        Stream.mapEffect((surveyId) =>
          Effect.gen(function* () {
            const known = carried.surveys[surveyId]
            const since =
              known?.recordedDate !== undefined
                ? { startDate: known.recordedDate, skip: known.responseIds ?? [] }
                : undefined
            // a token of the survey's last export; without one, a survey new to a stream that has
            // state starts at its beginning, and a stream with only a high-water mark (no state)
            // starts at the mark
            const from: From =
              known?.continuationToken !== undefined
                ? { _tag: "Token", continuationToken: known.continuationToken, fallback: since }
                : since !== undefined
                  ? { _tag: "Date", ...since }
                  : state === undefined && cursor !== undefined
                    ? { _tag: "Date", startDate: String(cursor.value), skip: cursor.keys }
                    : { _tag: "Start" }
            const result = yield* exportFrom(surveyId, from)
            carried = {
              surveys: {
                ...carried.surveys,
                [surveyId]: {
                  ...(result.continuationToken !== undefined
                    ? { continuationToken: result.continuationToken }
                    : {}),
                  ...markOf(known, result.responses)
                }
              }
            }
            return { records: result.responses, checkpoint: carried } satisfies SourceStream.Page<State>
          })
        )
      )
    })
})

const definitionPath = (surveyId: string) => `/API/v3/survey-definitions/${surveyId}`

const surveys = SourceStream.make<Config>()({
  name: "surveys",
  description:
    "The definitions of the configured surveys (questions, choices, answers), read in full every run",
  schema: SurveyDefinition,
  primaryKey: "SurveyID",
  state: Schema.Undefined,
  read: ({ config }) =>
    Stream.fromIterable(config.surveyIds).pipe(
      Stream.mapEffect((surveyId) =>
        Effect.gen(function* () {
          const { client } = yield* QualtricsApi
          const response = yield* client.get(definitionPath(surveyId))
          const result = (response.body as { result?: unknown } | null)?.result
          if (result === undefined || result === null || typeof result !== "object") {
            return yield* ConnectorError.make(
              "source-bug",
              `GET ${definitionPath(surveyId)} answered without a result object`
            )
          }
          return { records: [result] } satisfies SourceStream.Page<undefined>
        })
      )
    )
})

const makeApi = (config: Config) =>
  Effect.gen(function* () {
    const base = baseUrlOf(config)
    if (base === undefined) {
      return yield* ConnectorError.make(
        "config",
        "datacenter or baseUrl is required: the API lives at https://{datacenter}.qualtrics.com/API/v3"
      )
    }
    const http = yield* HttpClient.HttpClient
    const oauth = config.clientId !== undefined && config.clientSecret !== undefined
    if (
      oauth === (config.apiToken !== undefined) ||
      (config.clientId === undefined) !== (config.clientSecret === undefined)
    ) {
      return yield* ConnectorError.make(
        "config",
        "give either apiToken or both clientId and clientSecret (an OAuth client), not both and not neither"
      )
    }
    const json = yield* Http.make({
      baseUrl: base,
      ...(config.apiToken !== undefined
        ? { auth: { _tag: "Header" as const, name: "x-api-token", value: config.apiToken } }
        : {}),
      rateLimit: { requests: config.requestsPerMinute ?? 3000, per: "1 minute" },
      classify,
      timeout: config.timeoutMillis ?? 30_000
    })
    const credential: Credential = oauth
      ? makeToken(http, base, config)
      : Effect.succeed({ "x-api-token": Redacted.value(config.apiToken as Redacted.Redacted<string>) })
    const client: Http.Client = oauth
      ? {
          request: (path, options = {}) =>
            Effect.flatMap(credential, (headers) =>
              json.request(path, { ...options, headers: { ...options.headers, ...headers } })
            ),
          get: (path, options = {}) =>
            Effect.flatMap(credential, (headers) =>
              json.get(path, { ...options, headers: { ...options.headers, ...headers } })
            ),
          requestCount: json.requestCount
        }
      : json
    return { client, download: makeDownload(http, base, config, credential), config }
  })

/**
 * Asks `POST /oauth2/token` for a bearer token by the client credentials grant (HTTP basic
 * authentication with the client id and secret, form body `grant_type=client_credentials` and
 * `scope`), and keeps it until a minute before its `expires_in` (on the runner's clock). A refused
 * client is reason `auth`. Source: Qualtrics' "OAuth Authentication (Client Credentials)" guide
 * (https://api.qualtrics.com/).
 */
const makeToken = (http: HttpClient.HttpClient, base: string, config: Config): Credential => {
  let cached: { readonly token: string; readonly expiresAt: number } | undefined
  const path = "/oauth2/token"
  return Effect.gen(function* () {
    const now = yield* Clock.currentTimeMillis
    if (cached !== undefined && cached.expiresAt - now > 60_000)
      return { authorization: `Bearer ${cached.token}` }
    const transport = (cause: { readonly message: string }) =>
      ConnectorError.make("transient", `POST ${path} failed: ${cause.message}`)
    const basic = Buffer.from(
      `${config.clientId}:${Redacted.value(config.clientSecret as Redacted.Redacted<string>)}`
    ).toString("base64")
    const request = HttpClientRequest.post(new URL(path, base)).pipe(
      HttpClientRequest.setHeaders({ authorization: `Basic ${basic}`, accept: "application/json" }),
      HttpClientRequest.bodyUrlParams({
        grant_type: "client_credentials",
        scope: config.scope ?? "read:surveys read:survey_responses"
      })
    )
    const response = yield* http.execute(request).pipe(Effect.mapError(transport))
    const text = yield* response.text.pipe(Effect.mapError(transport))
    let body: { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } =
      {}
    try {
      body = JSON.parse(text)
    } catch {
      body = {}
    }
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      return yield* ConnectorError.make(
        "auth",
        `POST ${path} refused the OAuth client ${config.clientId}: ${String(body.error ?? response.status)}${typeof body.error_description === "string" ? `: ${body.error_description}` : ""}`,
        { status: response.status }
      )
    }
    if (response.status !== 200 || typeof body.access_token !== "string") {
      return yield* ConnectorError.make(
        response.status >= 500 || response.status === 429 ? "transient" : "source-bug",
        `POST ${path} answered ${response.status} without an access_token`,
        { status: response.status }
      )
    }
    const lifetime = typeof body.expires_in === "number" ? body.expires_in : 3600
    cached = { token: body.access_token, expiresAt: now + lifetime * 1000 }
    return { authorization: `Bearer ${body.access_token}` }
  })
}

/**
 * The connector: `surveys` (the definitions of the configured surveys, in full every run) and
 * `responses` (through the response export, incremental on the continuation token). `check`
 * asks `GET /API/v3/whoami` and each survey's definition, so a wrong token fails with reason
 * `auth` and an unknown survey with reason `config`.
 *
 * @example
 * ```ts
 * import { QualtricsConnector } from "@cxkit/connector-qualtrics"
 *
 * console.log(QualtricsConnector.connector.id, QualtricsConnector.connector.streams.map((s) => s.name)) // qualtrics [ 'surveys', 'responses' ]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const connector = Connector.make({
  id: "qualtrics",
  version: "0.1.0",
  config: Config,
  check: (config) =>
    Effect.gen(function* () {
      const { client } = yield* QualtricsApi
      yield* client.get("/API/v3/whoami")
      for (const surveyId of config.surveyIds) yield* client.get(definitionPath(surveyId))
    }),
  streams: [surveys, responses],
  layer: (config): Layer.Layer<QualtricsApi, ConnectorError.ConnectorError, HttpClient.HttpClient> =>
    Layer.effect(QualtricsApi, makeApi(config))
})
