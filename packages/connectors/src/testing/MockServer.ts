/**
 * A dataset-driven mock HTTP API on 127.0.0.1 (ephemeral port): paging and filtering are
 * computed from fixture records, so any checkpoint can be replayed, with a request log,
 * fault injection and mutations between runs.
 *
 * Every resource answers `GET <path>` with these query parameters (names configurable):
 * `limit` (capped at the resource's `pageSize`), `since` (inclusive lower bound on the cursor
 * field), `cursor` (an opaque keyset token: stable when records change between pages),
 * `offset` (a numeric offset, continued by offsets: shifts when records change between pages,
 * as search APIs do) and `page` (1-based page number). The default body is
 * `{ results, next, nextUrl, page, hasMore }` plus a `Link: <…>; rel="next"` header.
 *
 * A resource adapts this to one documented API: `params` renames the parameters, `paging`
 * chooses what the cursor token is (a keyset position, the key of the last record as Reddit's
 * `after` fullname, or an encoded offset as App Store Connect's `cursor`), `filter` selects
 * the records a request asks for (search terms, filters, ids), `reach` ends a listing after
 * its first records (Reddit's 1,000), and `render` shapes the page from the request's query
 * (field selection, included relationships). A plugin's mock puts its API's own front end
 * (authentication, rate limits, parameter validation, error bodies) in front with
 * `LoopbackServer.forward`.
 *
 * @module
 * @since 0.1.0
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { Effect, type Scope } from "effect"
import { compareCursor } from "../internal/cursor.ts"
import * as LoopbackServer from "./LoopbackServer.ts"

/**
 * A JSON record of a fixture dataset.
 *
 * @example
 * ```ts
 * import type { MockServer } from "@cxkit/connectors/testing"
 *
 * const record: MockServer.Fixture = { id: "c1", updatedAt: 1 }
 * console.log(record.id)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Fixture = Readonly<Record<string, unknown>>

/**
 * What `render` receives for one page.
 *
 * @example
 * ```ts
 * import type { MockServer } from "@cxkit/connectors/testing"
 *
 * const render = (page: MockServer.RenderInput) => ({ data: page.records, paging: { after: page.next } })
 * console.log(typeof render)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RenderInput {
  readonly records: ReadonlyArray<Fixture>
  readonly next: string | undefined
  /** The next page's path and query (relative: prefix `origin` for an absolute link). */
  readonly nextUrl: string | undefined
  readonly page: number
  readonly hasMore: boolean
  /** How many records the request selects (after `filter`, `since` and `reach`). */
  readonly total: number
  /** The resource's path and the page size served. */
  readonly path: string
  readonly limit: number
  /** The request's query parameters (credentials in the query removed). */
  readonly query: Readonly<Record<string, string>>
  /**
   * The origin the client called: `X-Forwarded-Host` when a front end forwarded the request
   * (`LoopbackServer.forward` sets it), else this server's.
   */
  readonly origin: string
}

/**
 * What a resource's cursor token is.
 *
 * - `"keyset"` (default): an opaque token of the last record's position (cursor value and
 *   key); a page starts after that position, so records changing between pages shift nothing.
 * - `"anchor"`: the last record's primary key (Reddit's `after` fullname); a page starts after
 *   that record where it is now, and an anchor no longer listed answers an empty page.
 * - `{ encode, decode }`: a token holding a numeric offset into the current order (App Store
 *   Connect's base64 `{"offset":"N"}`); records changing between pages shift later pages.
 *
 * @example
 * ```ts
 * import type { MockServer } from "@cxkit/connectors/testing"
 *
 * const offsets: MockServer.Paging = {
 *   encode: (offset) => String(offset),
 *   decode: (token) => (/^\d+$/.test(token) ? Number(token) : undefined)
 * }
 * console.log(typeof offsets === "object" ? offsets.encode(20) : offsets) // 20
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Paging =
  | "keyset"
  | "anchor"
  | {
      readonly encode: (offset: number) => string
      readonly decode: (token: string) => number | undefined
    }

/**
 * One resource of the mock API.
 *
 * - `stream`: the connector stream it backs (used by the conformance suite).
 * - `order`: how records are sorted by cursor (then primary key); default `ascending`.
 * - `pageSize`: the largest page served (default 100).
 * - `deletedField`: records with this field `true` are tombstones (default `_deleted`);
 *   `remove` sets it and moves the record's cursor forward, like a changes feed.
 * - `supportsDeletes`: whether the connector reports tombstones as deletions.
 * - `defaultLimit`: the page size when the request names none (default `pageSize`).
 * - `paging`: what the `cursor` parameter's token is (see `Paging`).
 * - `filter`: whether a record is selected by the request's query (default: every record).
 * - `reach`: a listing reaches only its first `reach` selected records, then ends.
 *
 * @example
 * ```ts
 * import type { MockServer } from "@cxkit/connectors/testing"
 *
 * const contacts: MockServer.Resource = {
 *   stream: "contacts", records: [{ id: "c1", updatedAt: 1 }], primaryKey: "id", cursorField: "updatedAt", pageSize: 10
 * }
 * console.log(contacts.pageSize)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Resource {
  readonly stream?: string | undefined
  readonly records: ReadonlyArray<Fixture>
  readonly primaryKey: string
  readonly cursorField?: string | undefined
  readonly order?: "ascending" | "descending" | undefined
  readonly pageSize?: number | undefined
  readonly deletedField?: string | undefined
  readonly supportsDeletes?: boolean | undefined
  readonly defaultLimit?: number | undefined
  readonly paging?: Paging | undefined
  readonly filter?: ((record: Fixture, query: Readonly<Record<string, string>>) => boolean) | undefined
  readonly reach?: number | undefined
  readonly params?:
    | {
        readonly limit?: string
        readonly since?: string
        readonly cursor?: string
        readonly offset?: string
        readonly page?: string
      }
    | undefined
  readonly render?: ((page: RenderInput) => unknown) | undefined
}

/**
 * How the mock checks credentials.
 *
 * @example
 * ```ts
 * import type { MockServer } from "@cxkit/connectors/testing"
 *
 * const auth: MockServer.Auth = { _tag: "Bearer", token: "test-token" }
 * console.log(auth._tag)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Auth =
  | { readonly _tag: "Bearer"; readonly token: string }
  | { readonly _tag: "Header"; readonly name: string; readonly value: string }
  | { readonly _tag: "Query"; readonly name: string; readonly value: string }

/**
 * Options of the mock: its resources by path and its credentials.
 *
 * @example
 * ```ts
 * import type { MockServer } from "@cxkit/connectors/testing"
 *
 * const options: MockServer.Options = {
 *   auth: { _tag: "Bearer", token: "t" },
 *   resources: { "/v1/contacts": { records: [], primaryKey: "id" } }
 * }
 * console.log(Object.keys(options.resources))
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly resources: Readonly<Record<string, Resource>>
  readonly auth?: Auth | undefined
}

/**
 * A fault to inject.
 *
 * @example
 * ```ts
 * import { MockServer } from "@cxkit/connectors/testing"
 *
 * const fault: MockServer.Fault = MockServer.rateLimited({ retryAfter: 2 })
 * console.log(fault._tag, fault.status) // Status 429
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Fault =
  | {
      readonly _tag: "Status"
      readonly status: number
      readonly body: string
      readonly contentType: string
      readonly headers: Readonly<Record<string, string>>
    }
  | { readonly _tag: "Timeout" }
  | { readonly _tag: "RepeatPage" }
  | { readonly _tag: "Cap"; readonly max: number }

/**
 * Where and how often a fault applies: `path` (default: any resource), `after` (let that many
 * matching requests through first), `times` (default 1; `Infinity` for a lasting fault).
 *
 * @example
 * ```ts
 * import { MockServer } from "@cxkit/connectors/testing"
 *
 * const rule: MockServer.FaultRule = { fault: MockServer.serverError(503), path: "/v1/contacts", after: 1, times: 2 }
 * console.log(rule.times)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface FaultRule {
  readonly fault: Fault
  readonly path?: string | undefined
  readonly after?: number | undefined
  readonly times?: number | undefined
}

/**
 * One logged request (headers are not logged: they carry credentials).
 *
 * @example
 * ```ts
 * import type { MockServer } from "@cxkit/connectors/testing"
 *
 * const entry: MockServer.LoggedRequest = { method: "GET", path: "/v1/contacts", query: { limit: "10" }, status: 200, fault: undefined }
 * console.log(entry.status)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface LoggedRequest {
  readonly method: string
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  readonly status: number
  readonly fault: Fault["_tag"] | undefined
}

/**
 * What a `beforeRequest` hook receives: the request about to be served (after authentication
 * and faults) and how many requests to its path were served before it.
 *
 * @example
 * ```ts
 * import type { MockServer } from "@cxkit/connectors/testing"
 *
 * const request: MockServer.PendingRequest = { method: "GET", path: "/v1/contacts", query: {}, served: 2 }
 * console.log(request.served) // 2
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface PendingRequest {
  readonly method: string
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  readonly served: number
}

/**
 * A running mock server.
 *
 * @example
 * ```ts
 * import { MockServer } from "@cxkit/connectors/testing"
 *
 * const main = async () => {
 *   const server = await MockServer.start({ resources: { "/items": { records: [{ id: "a" }], primaryKey: "id" } } })
 *   const body = await (await fetch(`${server.url}/items`)).json()
 *   console.log(body.results) // [ { id: 'a' } ]
 *   await server.close()
 * }
 * main()
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface MockServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  readonly requests: ReadonlyArray<LoggedRequest>
  readonly inject: (rule: FaultRule) => void
  readonly clearFaults: () => void
  readonly records: (path: string) => ReadonlyArray<Fixture>
  readonly setRecords: (path: string, records: ReadonlyArray<Fixture>) => void
  /** Inserts or replaces a record (by primary key) as is. */
  readonly upsert: (path: string, record: Fixture) => void
  /** Changes fields of a record and moves its cursor past every other record. */
  readonly touch: (path: string, key: unknown, changes?: Fixture) => Fixture
  /** Turns a record into a tombstone and moves its cursor past every other record. */
  readonly remove: (path: string, key: unknown) => void
  /** Deletes a record without a trace, as sources without a deletion feed do. */
  readonly erase: (path: string, key: unknown) => void
  /**
   * Runs `hook` before each resource request is served (`undefined` removes it): the way to
   * change the source between the page requests of one sync.
   */
  readonly beforeRequest: (hook: ((request: PendingRequest) => void) | undefined) => void
  /** The next cursor value after every record of the resource. */
  readonly nextCursor: (path: string) => unknown
  readonly resource: (path: string) => Resource
  readonly close: () => Promise<void>
}

/**
 * A status fault with a JSON or raw body.
 *
 * @example
 * ```ts
 * import { MockServer } from "@cxkit/connectors/testing"
 *
 * console.log(MockServer.status(418, { message: "teapot" }).status) // 418
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const status = (
  code: number,
  body: unknown = { message: `HTTP ${code}` },
  headers: Readonly<Record<string, string>> = {}
): Fault => ({
  _tag: "Status",
  status: code,
  body: typeof body === "string" ? body : JSON.stringify(body),
  contentType: typeof body === "string" ? "text/html; charset=utf-8" : "application/json",
  headers
})

/**
 * 429 Too Many Requests, with `Retry-After` in seconds, as an HTTP date (`"date"`, that many
 * seconds from now), or without it (`retryAfter` omitted), optionally with rate-limit headers.
 *
 * @example
 * ```ts
 * import { MockServer } from "@cxkit/connectors/testing"
 *
 * console.log(MockServer.rateLimited({ retryAfter: 3 }).headers) // { 'retry-after': '3' }
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const rateLimited = (
  options: {
    readonly retryAfter?: number
    readonly asDate?: boolean
    readonly rateLimitHeaders?: boolean
  } = {}
): Extract<Fault, { _tag: "Status" }> => {
  const headers: Record<string, string> = {}
  if (options.retryAfter !== undefined) {
    headers["retry-after"] =
      options.asDate === true
        ? new Date(Date.now() + options.retryAfter * 1000).toUTCString()
        : String(options.retryAfter)
  }
  if (options.rateLimitHeaders === true) {
    headers["x-ratelimit-remaining"] = "0"
    headers["x-ratelimit-reset"] = "1"
  }
  return status(429, { message: "Too many requests, slow down" }, headers) as Extract<
    Fault,
    { _tag: "Status" }
  >
}

/**
 * A 5xx with a JSON body.
 *
 * @example
 * ```ts
 * import { MockServer } from "@cxkit/connectors/testing"
 *
 * console.log(MockServer.serverError(503).status) // 503
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const serverError = (code = 500): Fault => status(code, { message: "Internal error" })

/**
 * An error answered with an HTML body (a proxy or gateway page).
 *
 * @example
 * ```ts
 * import { MockServer } from "@cxkit/connectors/testing"
 *
 * console.log(MockServer.nonJson(502).body.startsWith("<html>")) // true
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const nonJson = (code = 502): Extract<Fault, { _tag: "Status" }> =>
  status(code, "<html><body><h1>502 Bad Gateway</h1>nginx</body></html>") as Extract<
    Fault,
    { _tag: "Status" }
  >

/**
 * 401 Unauthorized.
 *
 * @example
 * ```ts
 * import { MockServer } from "@cxkit/connectors/testing"
 *
 * console.log(MockServer.unauthorized().status) // 401
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const unauthorized = (): Fault => status(401, { message: "Invalid credentials" })

/**
 * A spent daily quota: 429 with a one-day `Retry-After` and a body saying so.
 *
 * @example
 * ```ts
 * import { MockServer } from "@cxkit/connectors/testing"
 *
 * console.log(MockServer.quotaExhausted().headers) // { 'retry-after': '86400' }
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const quotaExhausted = (): Fault =>
  status(429, { message: "Daily quota exceeded for this account" }, { "retry-after": "86400" })

/**
 * The request never gets an answer (the client must time out).
 *
 * @example
 * ```ts
 * import { MockServer } from "@cxkit/connectors/testing"
 *
 * console.log(MockServer.timeout()._tag) // Timeout
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const timeout = (): Fault => ({ _tag: "Timeout" })

/**
 * Answers with the previous response of the same resource again: its cursor, next URL or page
 * content repeat, as a buggy source would.
 *
 * @example
 * ```ts
 * import { MockServer } from "@cxkit/connectors/testing"
 *
 * console.log(MockServer.repeatPage()._tag) // RepeatPage
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const repeatPage = (): Fault => ({ _tag: "RepeatPage" })

/**
 * A result cap, like search APIs have: one query (one `since` value) cannot page beyond `max`
 * records; the next page answers 400.
 *
 * @example
 * ```ts
 * import { MockServer } from "@cxkit/connectors/testing"
 *
 * console.log(MockServer.cap(10_000)) // { _tag: 'Cap', max: 10000 }
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const cap = (max: number): Fault => ({ _tag: "Cap", max })

const encodeToken = (position: readonly [unknown, unknown]) =>
  Buffer.from(JSON.stringify(position)).toString("base64url")
const decodeToken = (token: string): readonly [unknown, unknown] | undefined => {
  try {
    const value = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as unknown
    return Array.isArray(value) && value.length === 2 ? [value[0], value[1]] : undefined
  } catch {
    return undefined
  }
}

const comparable = (u: unknown): string | number => (typeof u === "number" ? u : String(u))

const maxCursor = (values: ReadonlyArray<unknown>): unknown => {
  const present = values.filter((v) => v !== undefined && v !== null)
  return present.length === 0
    ? undefined
    : present.reduce((a, b) => (compareCursor(comparable(a), comparable(b)) >= 0 ? a : b))
}

const nextCursorAfter = (values: ReadonlyArray<unknown>): unknown => {
  const max = maxCursor(values)
  if (max === undefined) return 1
  if (typeof max === "number") return max + 1
  const date = Date.parse(String(max))
  if (!Number.isNaN(date)) return new Date(date + 1000).toISOString()
  return `${String(max)}~`
}

/**
 * Starts a mock server (Promise API); `close()` stops it.
 *
 * @example
 * ```ts
 * import { MockServer } from "@cxkit/connectors/testing"
 *
 * MockServer.start({ resources: {} }).then(async (server) => {
 *   console.log(server.url.startsWith("http://127.0.0.1:")) // true
 *   await server.close()
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const start = async (options: Options): Promise<MockServer> => {
  const data = new Map<string, Array<Fixture>>()
  const resources = new Map<string, Resource>()
  for (const [path, resource] of Object.entries(options.resources)) {
    resources.set(path, resource)
    data.set(
      path,
      resource.records.map((r) => ({ ...r }))
    )
  }
  const log: Array<LoggedRequest> = []
  const faults: Array<{ rule: FaultRule; seen: number; used: number }> = []
  const lastResponse = new Map<string, { status: number; headers: Record<string, string>; body: string }>()
  const hanging = new Set<ServerResponse>()
  const served = new Map<string, number>()
  let hook: ((request: PendingRequest) => void) | undefined

  const resourceOf = (path: string): Resource => {
    const resource = resources.get(path)
    if (resource === undefined) throw new Error(`MockServer: no resource at ${path}`)
    return resource
  }
  const keyOf = (resource: Resource, record: Fixture) => String(record[resource.primaryKey])
  // sorted rows per resource, rebuilt after a mutation; requests binary-search them, so a
  // million-record dataset pages in O(log n)
  const sortedCache = new Map<string, Array<Fixture>>()
  const changed = (path: string) => sortedCache.delete(path)
  const compareRows = (resource: Resource) => {
    const direction = resource.order === "descending" ? -1 : 1
    const field = resource.cursorField
    return (a: Fixture, b: Fixture) => {
      if (field !== undefined) {
        const c = compareCursor(comparable(a[field]), comparable(b[field]))
        if (c !== 0) return direction * c
      }
      const ka = keyOf(resource, a)
      const kb = keyOf(resource, b)
      return ka < kb ? -1 : ka > kb ? 1 : 0
    }
  }
  const sorted = (path: string) => {
    let rows = sortedCache.get(path)
    if (rows === undefined) {
      rows = [...(data.get(path) ?? [])].sort(compareRows(resourceOf(path)))
      sortedCache.set(path, rows)
    }
    return rows
  }
  /** The first index in [lo, hi) where `pred` holds, `pred` being false then true. */
  const firstWhere = (lo: number, hi: number, pred: (i: number) => boolean) => {
    let low = lo
    let high = hi
    while (low < high) {
      const mid = (low + high) >>> 1
      if (pred(mid)) high = mid
      else low = mid + 1
    }
    return low
  }

  const takeFault = (path: string): Fault | undefined => {
    for (const entry of faults) {
      const { rule } = entry
      if (rule.path !== undefined && rule.path !== path) continue
      if (rule.fault._tag === "Cap") continue
      entry.seen++
      if (entry.seen <= (rule.after ?? 0)) continue
      if (entry.used >= (rule.times ?? 1)) continue
      entry.used++
      return rule.fault
    }
    return undefined
  }
  const capFor = (path: string): number | undefined => {
    let max: number | undefined
    for (const { rule } of faults) {
      if (rule.fault._tag === "Cap" && (rule.path === undefined || rule.path === path)) {
        max = Math.min(max ?? Number.POSITIVE_INFINITY, rule.fault.max)
      }
    }
    return max
  }

  const authorized = (req: IncomingMessage, url: URL) => {
    const auth = options.auth
    if (auth === undefined) return true
    if (auth._tag === "Bearer") return req.headers.authorization === `Bearer ${auth.token}`
    if (auth._tag === "Header") return req.headers[auth.name.toLowerCase()] === auth.value
    return url.searchParams.get(auth.name) === auth.value
  }

  const send = (
    res: ServerResponse,
    entry: Omit<LoggedRequest, "status">,
    code: number,
    headers: Record<string, string>,
    body: string
  ) => {
    log.push({ ...entry, status: code })
    res.writeHead(code, headers)
    res.end(body)
  }

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1")
    const path = url.pathname
    const query: Record<string, string> = {}
    for (const [k, v] of url.searchParams) query[k] = v
    if (options.auth?._tag === "Query") delete query[options.auth.name]
    const entry = { method: req.method ?? "GET", path, query }
    const resource = resources.get(path)
    if (resource === undefined) {
      return send(
        res,
        { ...entry, fault: undefined },
        404,
        { "content-type": "application/json" },
        '{"message":"Not found"}'
      )
    }
    if (!authorized(req, url)) {
      return send(
        res,
        { ...entry, fault: undefined },
        401,
        { "content-type": "application/json" },
        '{"message":"Invalid credentials"}'
      )
    }
    const fault = takeFault(path)
    if (fault?._tag === "Timeout") {
      log.push({ ...entry, status: 0, fault: "Timeout" })
      hanging.add(res)
      res.on("close", () => hanging.delete(res))
      return
    }
    if (fault?._tag === "Status") {
      return send(
        res,
        { ...entry, fault: "Status" },
        fault.status,
        { "content-type": fault.contentType, ...fault.headers },
        fault.body
      )
    }
    if (fault?._tag === "RepeatPage") {
      const previous = lastResponse.get(path)
      if (previous !== undefined) {
        return send(res, { ...entry, fault: "RepeatPage" }, previous.status, previous.headers, previous.body)
      }
    }
    const count = served.get(path) ?? 0
    served.set(path, count + 1)
    hook?.({ ...entry, served: count })
    const params = {
      limit: resource.params?.limit ?? "limit",
      since: resource.params?.since ?? "since",
      cursor: resource.params?.cursor ?? "cursor",
      offset: resource.params?.offset ?? "offset",
      page: resource.params?.page ?? "page"
    }
    const badRequest = (parameter: string, message: string) =>
      send(
        res,
        { ...entry, fault: undefined },
        400,
        { "content-type": "application/json" },
        JSON.stringify({ message, parameter })
      )
    const pageSize = resource.pageSize ?? 100
    const fallback = Math.min(pageSize, resource.defaultLimit ?? pageSize)
    const limitRaw = Number(url.searchParams.get(params.limit) ?? fallback)
    const limit = Math.max(1, Math.min(pageSize, Number.isFinite(limitRaw) ? Math.floor(limitRaw) : fallback))
    const field = resource.cursorField
    const filter = resource.filter
    const rows = filter === undefined ? sorted(path) : sorted(path).filter((r) => filter(r, query))
    const descending = resource.order === "descending"
    let start = 0
    let end = rows.length
    const since = url.searchParams.get(params.since)
    if (since !== null && since !== "" && field !== undefined) {
      const bound = /^-?\d+(\.\d+)?$/.test(since) ? Number(since) : since
      const at = (i: number) => compareCursor(comparable((rows[i] as Fixture)[field]), bound)
      if (descending) end = firstWhere(0, rows.length, (i) => at(i) < 0)
      else start = firstWhere(0, rows.length, (i) => at(i) >= 0)
    }
    if (resource.reach !== undefined) end = Math.min(end, start + resource.reach)
    const paging = resource.paging ?? "keyset"
    let offset = 0
    const token = url.searchParams.get(params.cursor)
    const pageParam = url.searchParams.get(params.page)
    const offsetParam = url.searchParams.get(params.offset)
    const byOffset = offsetParam !== null && offsetParam !== ""
    if (byOffset) {
      offset = Number(offsetParam)
      if (!Number.isInteger(offset) || offset < 0) return badRequest(params.offset, "Invalid offset")
    } else if (token !== null && token !== "" && paging === "anchor") {
      const index = rows.findIndex((r) => keyOf(resource, r) === token)
      offset = index < start || index >= end ? end - start : index - start + 1
    } else if (token !== null && token !== "" && typeof paging === "object") {
      const decoded = paging.decode(token)
      if (decoded === undefined || !Number.isInteger(decoded) || decoded < 0) {
        return badRequest(params.cursor, "Invalid cursor")
      }
      offset = decoded
    } else if (token !== null && token !== "") {
      const position = decodeToken(token)
      if (position === undefined) return badRequest(params.cursor, "Invalid cursor")
      const [c, k] = position
      const compare = compareRows(resource)
      const probe: Fixture =
        field !== undefined ? { [resource.primaryKey]: k, [field]: c } : { [resource.primaryKey]: k }
      offset = firstWhere(start, end, (i) => compare(rows[i] as Fixture, probe) > 0) - start
    } else if (pageParam !== null) {
      offset = (Math.max(1, Number(pageParam)) - 1) * limit
    }
    const capMax = capFor(path)
    if (capMax !== undefined && offset + limit > capMax && offset > 0) {
      return send(
        res,
        { ...entry, fault: "Cap" },
        400,
        { "content-type": "application/json" },
        JSON.stringify({ message: `Result window is too large: at most ${capMax} results per query` })
      )
    }
    const pageRows = rows.slice(start + offset, Math.min(end, start + offset + limit))
    const hasMore = start + offset + limit < end
    const last = pageRows[pageRows.length - 1]
    const next =
      !hasMore || last === undefined
        ? undefined
        : byOffset
          ? String(offset + limit)
          : paging === "keyset"
            ? encodeToken([field !== undefined ? last[field] : null, keyOf(resource, last)])
            : paging === "anchor"
              ? keyOf(resource, last)
              : paging.encode(offset + limit)
    let nextUrl: string | undefined
    if (next !== undefined) {
      const nextQuery = new URLSearchParams(url.searchParams)
      if (options.auth?._tag === "Query") nextQuery.delete(options.auth.name)
      nextQuery.delete(params.page)
      nextQuery.set(byOffset ? params.offset : params.cursor, next)
      nextUrl = `${path}?${nextQuery.toString()}`
    }
    const page = pageParam !== null ? Math.max(1, Number(pageParam)) : Math.floor(offset / limit) + 1
    const forwardedHost = req.headers["x-forwarded-host"]
    const host = typeof forwardedHost === "string" ? forwardedHost : (req.headers.host ?? "127.0.0.1")
    const input: RenderInput = {
      records: pageRows,
      next,
      nextUrl,
      page,
      hasMore,
      total: end - start,
      path,
      limit,
      query,
      origin: `http://${host}`
    }
    const body = JSON.stringify(
      resource.render !== undefined
        ? resource.render(input)
        : { results: pageRows, next: next ?? null, nextUrl: nextUrl ?? null, page, hasMore }
    )
    const headers: Record<string, string> = { "content-type": "application/json" }
    if (nextUrl !== undefined) headers.link = `<${nextUrl}>; rel="next"`
    lastResponse.set(path, { status: 200, headers, body })
    send(res, { ...entry, fault: undefined }, 200, headers, body)
  }

  const server = await LoopbackServer.start(handle)

  const findIndex = (path: string, key: unknown) => {
    const resource = resourceOf(path)
    return (data.get(path) ?? []).findIndex((r) => keyOf(resource, r) === String(key))
  }
  // the largest cursor value of records that left a resource (erased or replaced): the next
  // cursor passes it too, as a source's clock would, so an edit after a deletion is still newer
  // than everything a consumer saw
  const departed = new Map<string, unknown>()
  const depart = (path: string, rows: ReadonlyArray<Fixture | undefined>) => {
    const field = resourceOf(path).cursorField
    if (field === undefined) return
    const values = [departed.get(path), ...rows.map((r) => r?.[field])]
    departed.set(path, maxCursor(values))
  }
  const nextCursor = (path: string) => {
    const resource = resourceOf(path)
    const field = resource.cursorField
    return field === undefined
      ? undefined
      : nextCursorAfter([departed.get(path), ...(data.get(path) ?? []).map((r) => r[field])])
  }
  const touch = (path: string, key: unknown, changes: Fixture = {}) => {
    const resource = resourceOf(path)
    const rows = data.get(path) ?? []
    const index = findIndex(path, key)
    if (index === -1) throw new Error(`MockServer: no record ${String(key)} at ${path}`)
    const bumped: Record<string, unknown> = { ...rows[index], ...changes }
    if (resource.cursorField !== undefined) bumped[resource.cursorField] = nextCursor(path)
    rows[index] = bumped
    changed(path)
    return bumped
  }

  return {
    url: server.url,
    requests: log,
    inject: (rule) => void faults.push({ rule, seen: 0, used: 0 }),
    clearFaults: () => void faults.splice(0, faults.length),
    records: (path) => {
      resourceOf(path)
      return (data.get(path) ?? []).map((r) => ({ ...r }))
    },
    setRecords: (path, records) => {
      depart(path, data.get(path) ?? [])
      data.set(
        path,
        records.map((r) => ({ ...r }))
      )
      changed(path)
    },
    upsert: (path, record) => {
      const index = findIndex(path, record[resourceOf(path).primaryKey])
      const rows = data.get(path) ?? []
      if (index === -1) rows.push({ ...record })
      else {
        depart(path, [rows[index]])
        rows[index] = { ...record }
      }
      data.set(path, rows)
      changed(path)
    },
    touch,
    remove: (path, key) => {
      const resource = resourceOf(path)
      touch(path, key, { [resource.deletedField ?? "_deleted"]: true })
    },
    erase: (path, key) => {
      const index = findIndex(path, key)
      if (index === -1) throw new Error(`MockServer: no record ${String(key)} at ${path}`)
      depart(path, data.get(path)?.splice(index, 1) ?? [])
      changed(path)
    },
    beforeRequest: (next) => {
      hook = next
    },
    nextCursor,
    resource: resourceOf,
    close: () => {
      for (const res of hanging) res.destroy()
      return server.close()
    }
  }
}

/**
 * Starts a mock server for the lifetime of a scope.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { MockServer } from "@cxkit/connectors/testing"
 *
 * const program = Effect.scoped(
 *   Effect.gen(function* () {
 *     const server = yield* MockServer.make({ resources: { "/items": { records: [{ id: "a" }], primaryKey: "id" } } })
 *     return server.url.startsWith("http://127.0.0.1:")
 *   })
 * )
 * Effect.runPromise(program).then(console.log) // true
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<MockServer, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(() => start(options)),
    (server) => Effect.promise(() => server.close())
  )
