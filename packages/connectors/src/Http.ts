/**
 * The HTTP toolkit every connector uses: an authenticated JSON client on effect's
 * `HttpClient` with retries (exponential backoff with jitter, honouring `Retry-After` and
 * rate-limit headers), a client-side rate limiter per credential, request budgets, timeouts
 * and one error classifier. Pair it with `Paginate`.
 *
 * @module
 * @since 0.1.0
 */
import { createHash } from "node:crypto"
import { Clock, Duration, Effect, Redacted, Semaphore } from "effect"
import { HttpClient, HttpClientRequest } from "effect/http"
import * as ConnectorError from "./ConnectorError.ts"

/**
 * How requests are authenticated. Secrets stay `Redacted` and are scrubbed from every error.
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import type { Http } from "@cxkit/connectors"
 *
 * const auth: Http.Auth = { _tag: "Bearer", token: Redacted.make("sk-123") }
 * console.log(String(auth.token)) // <redacted>
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Auth =
  | { readonly _tag: "Bearer"; readonly token: Redacted.Redacted<string> }
  | { readonly _tag: "Header"; readonly name: string; readonly value: Redacted.Redacted<string> }
  | { readonly _tag: "Query"; readonly name: string; readonly value: Redacted.Redacted<string> }
  | { readonly _tag: "Basic"; readonly username: string; readonly password: Redacted.Redacted<string> }

/**
 * What a classifier sees of a response.
 *
 * @example
 * ```ts
 * import type { Http } from "@cxkit/connectors"
 *
 * const info: Http.ResponseInfo = {
 *   method: "GET", path: "/contacts", status: 429, headers: { "retry-after": "2" }, text: "{}", json: {}, retryAfterMs: 2000,
 *   now: 0
 * }
 * console.log(info.status)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ResponseInfo {
  readonly method: string
  readonly path: string
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
  /** The parsed body, or `undefined` when it is not JSON. */
  readonly json: unknown
  /** The delay asked for by `Retry-After` or rate-limit reset headers, in milliseconds. */
  readonly retryAfterMs: number | undefined
  /**
   * When the answer arrived, epoch milliseconds on Effect's `Clock` (the `TestClock` in
   * tests): classifiers turning a reset time into a wait use it, never `Date.now()`.
   */
  readonly now: number
}

/**
 * A decoded JSON response.
 *
 * @example
 * ```ts
 * import type { Http } from "@cxkit/connectors"
 *
 * const response: Http.Response = { status: 200, headers: {}, body: { results: [] }, url: "http://127.0.0.1/x" }
 * console.log(response.status)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Response {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: unknown
  readonly url: string
}

/**
 * Options of `make`.
 *
 * - `baseUrl`: relative paths are resolved against it; absolute URLs (next links) must share its
 *   origin, so credentials never leave for another host.
 * - `retry`: `times` (default 5), `base` (default 500 ms), `max` delay (default 1 minute) and
 *   `maxRetryAfter` (default 10 minutes: a longer `Retry-After` means the quota is exhausted).
 * - `rateLimit`: at most `requests` per `per`, shared by every client of the same credential.
 * - `budget`: at most this many requests for the client's lifetime (reason `quota-exhausted`).
 * - `timeout`: per request, in real time (default 30 seconds).
 * - `classify`: overrides the default classification of a non-2xx (or non-JSON) response;
 *   return `undefined` to fall back to the default.
 * - `respect`: the API's own rate-limit headers. When a successful answer says fewer than one
 *   request is `remaining`, the next request waits (on `Clock`) until `reset`: epoch seconds
 *   (`"epoch-seconds"`, X) or seconds from now (`"seconds"`, Reddit), at most `maxRetryAfter`.
 *
 * @example
 * ```ts
 * import type { Http } from "@cxkit/connectors"
 *
 * const options: Http.Options = { baseUrl: "http://127.0.0.1:8080", rateLimit: { requests: 10, per: "1 second" }, budget: 1000 }
 * console.log(options.budget)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly baseUrl: string
  readonly auth?: Auth | undefined
  readonly headers?: Readonly<Record<string, string>> | undefined
  readonly retry?:
    | {
        readonly times?: number
        readonly base?: Duration.Input
        readonly max?: Duration.Input
        readonly maxRetryAfter?: Duration.Input
      }
    | undefined
  readonly rateLimit?: { readonly requests: number; readonly per: Duration.Input } | undefined
  readonly budget?: number | undefined
  readonly timeout?: Duration.Input | undefined
  readonly classify?: ((response: ResponseInfo) => ConnectorError.ConnectorError | undefined) | undefined
  readonly respect?:
    | { readonly remaining: string; readonly reset: string; readonly resetIn: "epoch-seconds" | "seconds" }
    | undefined
}

/**
 * When the API's rate-limit headers (see `Options.respect`) ask the next request to wait: the
 * Clock time to resume at, or `undefined` when requests are left.
 *
 * @example
 * ```ts
 * import { Http } from "@cxkit/connectors"
 *
 * const respect = { remaining: "x-rate-limit-remaining", reset: "x-rate-limit-reset", resetIn: "epoch-seconds" } as const
 * console.log(Http.resumeAt(respect, { "x-rate-limit-remaining": "0", "x-rate-limit-reset": "1716206460" }, 1716206400000))
 * // 1716206460000
 * console.log(Http.resumeAt(respect, { "x-rate-limit-remaining": "12", "x-rate-limit-reset": "1716206460" }, 0)) // undefined
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const resumeAt = (
  respect: NonNullable<Options["respect"]>,
  headers: Readonly<Record<string, string>>,
  now: number
): number | undefined => {
  const remaining = Number(headers[respect.remaining.toLowerCase()])
  const reset = Number(headers[respect.reset.toLowerCase()])
  if (!Number.isFinite(remaining) || remaining >= 1 || !Number.isFinite(reset)) return undefined
  const at = respect.resetIn === "epoch-seconds" ? reset * 1000 : now + reset * 1000
  return at > now ? at : undefined
}

/**
 * Options of one request.
 *
 * @example
 * ```ts
 * import type { Http } from "@cxkit/connectors"
 *
 * const request: Http.RequestOptions = { urlParams: { limit: 100, after: undefined } }
 * console.log(request.urlParams)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RequestOptions {
  readonly method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | undefined
  readonly urlParams?: Readonly<Record<string, string | number | boolean | undefined>> | undefined
  readonly headers?: Readonly<Record<string, string>> | undefined
  readonly json?: unknown
}

/**
 * A JSON API client.
 *
 * @example
 * ```ts
 * import type { Http } from "@cxkit/connectors"
 *
 * const count = (client: Http.Client) => client.requestCount()
 * console.log(typeof count)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Client {
  readonly request: (
    pathOrUrl: string,
    options?: RequestOptions
  ) => Effect.Effect<Response, ConnectorError.ConnectorError>
  readonly get: (
    pathOrUrl: string,
    options?: RequestOptions
  ) => Effect.Effect<Response, ConnectorError.ConnectorError>
  /** Requests sent so far, retries included. */
  readonly requestCount: () => number
}

/**
 * Parses `Retry-After`: delay-seconds or an HTTP date (relative to `now`). Returns milliseconds.
 *
 * @example
 * ```ts
 * import { Http } from "@cxkit/connectors"
 *
 * console.log(Http.parseRetryAfter("3", 0)) // 3000
 * console.log(Http.parseRetryAfter("Thu, 01 Jan 1970 00:00:10 GMT", 4000)) // 6000
 * console.log(Http.parseRetryAfter("soon", 0)) // undefined
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const parseRetryAfter = (value: string | undefined, now: number): number | undefined => {
  if (value === undefined) return undefined
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000)
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/**
 * The delay a response asks for: `Retry-After`, else a rate-limit reset header
 * (`RateLimit-Reset` / `X-RateLimit-Reset`, as seconds to wait or, above 10^9, a Unix time)
 * when the remaining count is 0 or the status is 429.
 *
 * @example
 * ```ts
 * import { Http } from "@cxkit/connectors"
 *
 * console.log(Http.retryAfterFromHeaders({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": "5" }, 429, 0)) // 5000
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const retryAfterFromHeaders = (
  headers: Readonly<Record<string, string>>,
  status: number,
  now: number
): number | undefined => {
  const retryAfter = parseRetryAfter(headers["retry-after"], now)
  if (retryAfter !== undefined) return retryAfter
  const remaining = headers["ratelimit-remaining"] ?? headers["x-ratelimit-remaining"]
  const reset = headers["ratelimit-reset"] ?? headers["x-ratelimit-reset"]
  if (reset === undefined || (status !== 429 && remaining !== "0")) return undefined
  const n = Number(reset)
  if (!Number.isFinite(n)) return undefined
  return n > 1e9 ? Math.max(0, n * 1000 - now) : n * 1000
}

const snippet = (info: ResponseInfo): string => {
  const body = info.json as Record<string, unknown> | undefined
  const fromJson =
    body !== null && typeof body === "object"
      ? [body.message, body.error, body.error_description, body.detail, body.title].find(
          (x) => typeof x === "string"
        )
      : undefined
  const text = (fromJson as string | undefined) ?? info.text.slice(0, 2000).replace(/<[^>]*>/g, " ")
  const flat = text.replace(/\s+/g, " ").trim()
  return flat.length > 160 ? `${flat.slice(0, 160)}…` : flat
}

const mentionsQuota = (text: string) => /quota|daily limit|limit exceeded|usage limit|credits/i.test(text)

/**
 * The default classification of a failed response:
 * 401 → `auth`; 403 → `quota-exhausted` when the body speaks of a quota, else `auth`;
 * 429 → `rate-limited` (or `quota-exhausted` when the body speaks of a quota or the asked
 * delay exceeds `maxRetryAfterMs`); 408, 425, 5xx and non-JSON 2xx bodies → `transient`;
 * other 4xx → `source-bug`. Returns `undefined` for a good response.
 *
 * @example
 * ```ts
 * import { Http } from "@cxkit/connectors"
 *
 * const error = Http.classify(
 *   { method: "GET", path: "/x", status: 503, headers: {}, text: "<html>Bad gateway</html>", json: undefined, retryAfterMs: undefined, now: 0 },
 *   600_000
 * )
 * console.log(error?.reason, error?.message) // transient GET /x answered 503: Bad gateway
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export const classify = (
  info: ResponseInfo,
  maxRetryAfterMs: number
): ConnectorError.ConnectorError | undefined => {
  const { status } = info
  const prefix = `${info.method} ${info.path} answered ${status}`
  const extra = {
    status,
    ...(info.retryAfterMs !== undefined ? { retryAfterMs: info.retryAfterMs } : {})
  }
  if (status >= 200 && status < 300) {
    if (info.json === undefined && info.text.trim().length > 0) {
      return ConnectorError.make(
        "transient",
        `${prefix} with a body that is not JSON: ${snippet(info)}`,
        extra
      )
    }
    return undefined
  }
  const detail = snippet(info)
  const message = detail.length > 0 ? `${prefix}: ${detail}` : prefix
  if (status === 401) return ConnectorError.make("auth", message, extra)
  if (status === 403)
    return ConnectorError.make(mentionsQuota(info.text) ? "quota-exhausted" : "auth", message, extra)
  if (status === 429) {
    const quota =
      (mentionsQuota(info.text) && !/rate/i.test(detail)) ||
      (info.retryAfterMs !== undefined && info.retryAfterMs > maxRetryAfterMs)
    return ConnectorError.make(quota ? "quota-exhausted" : "rate-limited", message, extra)
  }
  if (status === 408 || status === 425 || status >= 500)
    return ConnectorError.make("transient", message, extra)
  return ConnectorError.make("source-bug", message, extra)
}

interface Bucket {
  tokens: number
  last: number
}
const buckets = new Map<string, { readonly bucket: Bucket; readonly lock: Semaphore.Semaphore }>()

const credentialKey = (options: Options): string => {
  const origin = new URL(options.baseUrl).origin
  const auth = options.auth
  const secret =
    auth === undefined
      ? ""
      : auth._tag === "Bearer"
        ? Redacted.value(auth.token)
        : auth._tag === "Basic"
          ? `${auth.username}:${Redacted.value(auth.password)}`
          : Redacted.value(auth.value)
  return `${origin}|${createHash("sha256").update(secret).digest("hex")}`
}

/** A token bucket on the effect Clock, so waits run on TestClock in tests. */
const acquire = (key: string, requests: number, perMs: number): Effect.Effect<void> => {
  let entry = buckets.get(key)
  if (entry === undefined) {
    entry = { bucket: { tokens: requests, last: Number.NaN }, lock: Semaphore.makeUnsafe(1) }
    buckets.set(key, entry)
  }
  const { bucket, lock } = entry
  const rate = requests / perMs
  const step: Effect.Effect<void> = Effect.flatMap(Clock.currentTimeMillis, (now) => {
    // a clock that moved backwards (another test clock) or a first use starts a full bucket
    if (Number.isNaN(bucket.last) || now < bucket.last) {
      bucket.tokens = requests
      bucket.last = now
    }
    bucket.tokens = Math.min(requests, bucket.tokens + (now - bucket.last) * rate)
    bucket.last = now
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1
      return Effect.void
    }
    return Effect.flatMap(Effect.sleep(Duration.millis(Math.ceil((1 - bucket.tokens) / rate))), () => step)
  })
  return lock.withPermits(1)(step)
}

const realTimeout = (ms: number, error: () => ConnectorError.ConnectorError) =>
  Effect.callback<never, ConnectorError.ConnectorError>((resume) => {
    const timer = setTimeout(() => resume(Effect.fail(error())), ms)
    return Effect.sync(() => clearTimeout(timer))
  })

const headersOf = (headers: unknown): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers as Record<string, unknown>)) {
    if (typeof v === "string") out[k.toLowerCase()] = v
  }
  return out
}

/**
 * Builds a client on the `HttpClient` in context (provide `FetchHttpClient.layer`, or a test
 * client). Every request: waits for the rate limiter, counts against the budget, times out,
 * is classified, and is retried when retryable with exponential backoff and jitter, never
 * sooner than the source asked.
 *
 * @example
 * ```ts
 * import { Effect, Redacted } from "effect"
 * import { HttpClient, HttpClientResponse } from "effect/http"
 * import { Http } from "@cxkit/connectors"
 *
 * const stub = HttpClient.make((request) =>
 *   Effect.succeed(HttpClientResponse.fromWeb(request, new Response(JSON.stringify({ ok: true }), { status: 200 })))
 * )
 * const program = Effect.gen(function* () {
 *   const client = yield* Http.make({ baseUrl: "http://127.0.0.1:1", auth: { _tag: "Bearer", token: Redacted.make("t") } })
 *   return (yield* client.get("/ping")).body
 * })
 * Effect.runPromise(Effect.provideService(program, HttpClient.HttpClient, stub)).then(console.log) // { ok: true }
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<Client, never, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    const http = yield* HttpClient.HttpClient
    const base = new URL(options.baseUrl)
    const retryTimes = options.retry?.times ?? 5
    const retryBase = Duration.toMillis(Duration.fromInputUnsafe(options.retry?.base ?? "500 millis"))
    const retryMax = Duration.toMillis(Duration.fromInputUnsafe(options.retry?.max ?? "1 minute"))
    const maxRetryAfter = Duration.toMillis(
      Duration.fromInputUnsafe(options.retry?.maxRetryAfter ?? "10 minutes")
    )
    const timeoutMs = Duration.toMillis(Duration.fromInputUnsafe(options.timeout ?? "30 seconds"))
    const limiterKey = credentialKey(options)
    const perMs =
      options.rateLimit === undefined ? 0 : Duration.toMillis(Duration.fromInputUnsafe(options.rateLimit.per))
    const secrets: Array<string> = []
    const auth = options.auth
    if (auth !== undefined) {
      if (auth._tag === "Bearer") secrets.push(Redacted.value(auth.token))
      else if (auth._tag === "Basic") secrets.push(Redacted.value(auth.password))
      else secrets.push(Redacted.value(auth.value))
    }
    const scrub = (error: ConnectorError.ConnectorError): ConnectorError.ConnectorError => {
      let message = error.message
      for (const secret of secrets) if (secret.length > 0) message = message.split(secret).join("<redacted>")
      return message === error.message ? error : new ConnectorError.ConnectorError({ ...error, message })
    }
    let count = 0
    // the Clock time the API's own rate-limit headers asked the next request to wait for
    let resume = 0

    const once = (
      url: URL,
      path: string,
      request: RequestOptions
    ): Effect.Effect<Response, ConnectorError.ConnectorError> =>
      Effect.gen(function* () {
        if (options.rateLimit !== undefined) yield* acquire(limiterKey, options.rateLimit.requests, perMs)
        if (resume > 0) {
          const wait = resume - (yield* Clock.currentTimeMillis)
          if (wait > 0) yield* Effect.sleep(Math.min(wait, maxRetryAfter))
        }
        if (options.budget !== undefined && count >= options.budget) {
          return yield* ConnectorError.make(
            "quota-exhausted",
            `Request budget of ${options.budget} requests used up before ${request.method ?? "GET"} ${path}`
          )
        }
        count++
        const method = request.method ?? "GET"
        const headers: Record<string, string> = {
          accept: "application/json",
          ...options.headers,
          ...request.headers
        }
        const urlParams: Record<string, string> = {}
        for (const [k, v] of Object.entries(request.urlParams ?? {}))
          if (v !== undefined) urlParams[k] = String(v)
        if (auth?._tag === "Bearer") headers.authorization = `Bearer ${Redacted.value(auth.token)}`
        else if (auth?._tag === "Header") headers[auth.name.toLowerCase()] = Redacted.value(auth.value)
        else if (auth?._tag === "Basic") {
          headers.authorization = `Basic ${Buffer.from(`${auth.username}:${Redacted.value(auth.password)}`).toString("base64")}`
        } else if (auth?._tag === "Query") urlParams[auth.name] = Redacted.value(auth.value)
        let req = HttpClientRequest.make(method)(url, { headers, urlParams })
        if (request.json !== undefined)
          req = HttpClientRequest.bodyText(req, JSON.stringify(request.json), "application/json")
        const transport = (cause: { readonly message: string }) =>
          ConnectorError.make("transient", `${method} ${path} failed: ${cause.message}`)
        const exchange = Effect.gen(function* () {
          const response = yield* http.execute(req).pipe(Effect.mapError(transport))
          const text = yield* response.text.pipe(Effect.mapError(transport))
          return { response, text }
        })
        const { response, text } = yield* Effect.raceFirst(
          exchange,
          realTimeout(timeoutMs, () =>
            ConnectorError.make("transient", `${method} ${path} timed out after ${timeoutMs} ms`)
          )
        )
        const now = yield* Clock.currentTimeMillis
        const responseHeaders = headersOf(response.headers)
        let json: unknown
        if (text.length > 0) {
          try {
            json = JSON.parse(text)
          } catch {
            json = undefined
          }
        }
        const info: ResponseInfo = {
          method,
          path,
          status: response.status,
          headers: responseHeaders,
          text,
          json,
          retryAfterMs: retryAfterFromHeaders(responseHeaders, response.status, now),
          now
        }
        const error = options.classify?.(info) ?? classify(info, maxRetryAfter)
        if (error !== undefined) return yield* error
        if (options.respect !== undefined) {
          const at = resumeAt(options.respect, responseHeaders, now)
          if (at !== undefined) resume = Math.max(resume, at)
        }
        return { status: response.status, headers: responseHeaders, body: json ?? null, url: url.toString() }
      })

    const request = (pathOrUrl: string, requestOptions: RequestOptions = {}) => {
      const url = new URL(pathOrUrl, base)
      if (url.origin !== base.origin) {
        return Effect.fail(
          ConnectorError.make(
            "source-bug",
            `Refusing to send credentials to ${url.origin}: not the origin of ${base.origin}`
          )
        )
      }
      const path = url.pathname
      const loop = (n: number): Effect.Effect<Response, ConnectorError.ConnectorError> =>
        once(url, path, requestOptions).pipe(
          Effect.catch((error: ConnectorError.ConnectorError) => {
            if (!error.isRetryable || n >= retryTimes) return Effect.fail(error)
            const backoff = Math.min(retryMax, retryBase * 2 ** n) * (0.8 + Math.random() * 0.4)
            const delay = Math.max(backoff, error.retryAfterMs ?? 0)
            return Effect.flatMap(Effect.sleep(Duration.millis(delay)), () => loop(n + 1))
          })
        )
      return loop(0).pipe(Effect.mapError(scrub))
    }
    const client: Client = {
      request,
      get: (p, o) => request(p, { ...o, method: "GET" }),
      requestCount: () => count
    }
    return client
  })
