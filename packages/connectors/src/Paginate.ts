/**
 * The one paginator kit every connector uses. Each style turns a page-fetching function into
 * the `Stream` of pages a stream's `read` returns, with checkpoints the runner commits and a
 * loop guard: a source that hands back a cursor it already gave fails with reason
 * `source-bug` instead of paging forever.
 *
 * Styles: `cursor` (a cursor or page token, in the body or a header),
 * `nextUrl` (a next link in the body or the `Link` header), `pageNumber`, and `sinceCursor`
 * (cursor-is-state: the next request asks for `cursor >= largest cursor seen`).
 *
 * @module
 * @since 0.1.0
 */
import { Effect, Option, Schema, Stream } from "effect"
import * as ConnectorError from "./ConnectorError.ts"
import type * as Http from "./Http.ts"
import { compareCursor, cursorValueOf } from "./internal/cursor.ts"
import type * as SourceStream from "./SourceStream.ts"

/**
 * The checkpoint of `cursor`-style streams.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Paginate } from "@cxkit/connectors"
 *
 * console.log(Schema.decodeUnknownSync(Paginate.CursorState)({ cursor: "abc" })) // { cursor: 'abc' }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const CursorState = Schema.Struct({ cursor: Schema.String })

/**
 * @since 0.1.0
 * @category models
 */
export type CursorState = typeof CursorState.Type

/**
 * The checkpoint of `nextUrl`-style streams.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Paginate } from "@cxkit/connectors"
 *
 * console.log(Schema.decodeUnknownSync(Paginate.UrlState)({ url: "/v1/items?page=2" }).url)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const UrlState = Schema.Struct({ url: Schema.String })

/**
 * @since 0.1.0
 * @category models
 */
export type UrlState = typeof UrlState.Type

/**
 * The checkpoint of `pageNumber`-style streams.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Paginate } from "@cxkit/connectors"
 *
 * console.log(Schema.decodeUnknownSync(Paginate.PageState)({ page: 3 })) // { page: 3 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const PageState = Schema.Struct({ page: Schema.Number })

/**
 * @since 0.1.0
 * @category models
 */
export type PageState = typeof PageState.Type

/**
 * The checkpoint of `sinceCursor` streams: none, the runner's cursor is the state.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Paginate } from "@cxkit/connectors"
 *
 * console.log(Schema.decodeUnknownSync(Paginate.NoState)(undefined)) // undefined
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const NoState = Schema.Undefined

/**
 * Reads a path (`"results"`, `"data.items"`) out of a JSON body.
 *
 * @example
 * ```ts
 * import { Paginate } from "@cxkit/connectors"
 *
 * console.log(Paginate.at({ paging: { next: { after: "x" } } }, "paging.next.after")) // x
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const at = (body: unknown, path: string): unknown => {
  let current = body
  for (const part of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined
    current = (current as Record<string, unknown>)[part]
  }
  return current
}

type Extract<A> = string | ((response: Http.Response) => A)

const extract = <A>(response: Http.Response, how: Extract<A>): A | undefined =>
  typeof how === "string" ? (at(response.body, how) as A | undefined) : how(response)

const recordsOf = (response: Http.Response, how: Extract<ReadonlyArray<unknown>>, what: string) => {
  const records = extract(response, how)
  return Array.isArray(records)
    ? Effect.succeed(records as ReadonlyArray<unknown>)
    : Effect.fail(
        ConnectorError.make(
          "source-bug",
          `${what}: the response has no record array at ${typeof how === "string" ? `"${how}"` : "the given place"}`
        )
      )
}

const loopError = (style: string, token: string) =>
  ConnectorError.make(
    "source-bug",
    `Pagination loop (${style}): the source returned the cursor ${JSON.stringify(token)} twice`
  )

/** Remembers the last tokens, bounded so memory does not grow with the number of pages. */
class Seen {
  private readonly set = new Set<string>()
  private readonly order: Array<string> = []
  add(token: string): boolean {
    if (this.set.has(token)) return false
    this.set.add(token)
    this.order.push(token)
    if (this.order.length > 1024) this.set.delete(this.order.shift() as string)
    return true
  }
}

const tokenPages = <T extends string, S, R>(
  style: string,
  start: T | undefined,
  fetch: (token: T | undefined) => Effect.Effect<Http.Response, ConnectorError.ConnectorError, R>,
  records: Extract<ReadonlyArray<unknown>>,
  next: (response: Http.Response) => T | undefined,
  checkpoint: (token: T) => S
): Stream.Stream<SourceStream.Page<S>, ConnectorError.ConnectorError, R> =>
  Stream.suspend(() => {
    const seen = new Seen()
    if (start !== undefined) seen.add(start)
    return Stream.paginate(start, (token: T | undefined) =>
      Effect.gen(function* () {
        const response = yield* fetch(token)
        const items = yield* recordsOf(response, records, style)
        const raw = next(response)
        const following = raw === undefined || raw === null || raw === "" ? undefined : raw
        if (following !== undefined && !seen.add(following)) return yield* loopError(style, following)
        const page: SourceStream.Page<S> = {
          records: items,
          ...(following !== undefined ? { checkpoint: checkpoint(following) } : {})
        }
        return [[page], Option.fromUndefinedOr(following)] as const
      })
    )
  })

/**
 * Cursor and page-token pagination: `?after=<cursor>`, `pageToken` / `nextPageToken`, any opaque
 * token for the next page. `next` is a path into the body or a function of the response (to
 * read a header). Checkpoint: `{ cursor }`, the token of the next page.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { Paginate, type Http } from "@cxkit/connectors"
 *
 * const pages: Record<string, Http.Response> = {
 *   first: { status: 200, headers: {}, url: "", body: { results: [1, 2], paging: { next: "b" } } },
 *   b: { status: 200, headers: {}, url: "", body: { results: [3] } }
 * }
 * const stream = Paginate.cursor({
 *   start: undefined,
 *   fetch: (cursor) => Effect.succeed(pages[cursor ?? "first"] as Http.Response),
 *   records: "results",
 *   next: "paging.next"
 * })
 * console.log(Effect.runSync(Stream.runCollect(stream)).map((p) => p.records)) // [ [ 1, 2 ], [ 3 ] ]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const cursor = <R>(options: {
  readonly start: string | undefined
  readonly fetch: (
    cursor: string | undefined
  ) => Effect.Effect<Http.Response, ConnectorError.ConnectorError, R>
  readonly records: Extract<ReadonlyArray<unknown>>
  readonly next: Extract<string | undefined>
}): Stream.Stream<SourceStream.Page<CursorState>, ConnectorError.ConnectorError, R> =>
  tokenPages(
    "cursor",
    options.start,
    options.fetch,
    options.records,
    (response) => asString(extract(response, options.next)),
    (cursor) => ({ cursor })
  )

const asString = (u: unknown): string | undefined =>
  typeof u === "string" ? u : typeof u === "number" ? String(u) : undefined

/**
 * The `rel="next"` target of a `Link` header, if any.
 *
 * @example
 * ```ts
 * import { Paginate } from "@cxkit/connectors"
 *
 * console.log(Paginate.linkNext('<https://api.example/x?page=2>; rel="next", <https://api.example/x?page=9>; rel="last"'))
 * // https://api.example/x?page=2
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const linkNext = (header: string | undefined): string | undefined => {
  if (header === undefined) return undefined
  for (const part of header.split(",")) {
    const match = /<([^>]*)>\s*;(.*)/.exec(part.trim())
    if (match !== null && /rel="?next"?/i.test(match[2] ?? "")) return match[1]
  }
  return undefined
}

/**
 * Next-URL pagination: the next page's URL in the body (`next` path) or, by default, the
 * `Link: <…>; rel="next"` header. Checkpoint: `{ url }`. The HTTP client refuses URLs of another
 * origin, so a hostile link cannot take the credentials elsewhere.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { Paginate, type Http } from "@cxkit/connectors"
 *
 * const stream = Paginate.nextUrl({
 *   first: "/items",
 *   start: undefined,
 *   fetch: (url) =>
 *     Effect.succeed<Http.Response>({ status: 200, headers: {}, url, body: { data: [url], next: url === "/items" ? "/items?p=2" : null } }),
 *   records: "data",
 *   next: "next"
 * })
 * console.log(Effect.runSync(Stream.runCollect(stream)).map((p) => p.records[0])) // [ '/items', '/items?p=2' ]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const nextUrl = <R>(options: {
  readonly first: string
  readonly start: string | undefined
  readonly fetch: (url: string) => Effect.Effect<Http.Response, ConnectorError.ConnectorError, R>
  readonly records: Extract<ReadonlyArray<unknown>>
  readonly next?: Extract<string | undefined> | undefined
}): Stream.Stream<SourceStream.Page<UrlState>, ConnectorError.ConnectorError, R> =>
  tokenPages(
    "next URL",
    options.start ?? options.first,
    (url) => options.fetch(url ?? options.first),
    options.records,
    (response) =>
      options.next === undefined
        ? linkNext(response.headers.link)
        : asString(extract(response, options.next)),
    (url) => ({ url })
  )

/**
 * Page-number pagination (`?page=n`). Stops at an empty page, a page shorter than `pageSize`,
 * or when `hasMore` says so; a page identical to the previous one is a loop (`source-bug`).
 * Checkpoint: `{ page }`, the next page number.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { Paginate, type Http } from "@cxkit/connectors"
 *
 * const data = [1, 2, 3, 4, 5]
 * const stream = Paginate.pageNumber({
 *   start: undefined,
 *   pageSize: 2,
 *   fetch: (page) =>
 *     Effect.succeed<Http.Response>({ status: 200, headers: {}, url: "", body: { items: data.slice((page - 1) * 2, page * 2) } }),
 *   records: "items"
 * })
 * console.log(Effect.runSync(Stream.runCollect(stream)).map((p) => p.records)) // [ [ 1, 2 ], [ 3, 4 ], [ 5 ] ]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const pageNumber = <R>(options: {
  readonly start: number | undefined
  readonly first?: number | undefined
  readonly pageSize?: number | undefined
  readonly fetch: (page: number) => Effect.Effect<Http.Response, ConnectorError.ConnectorError, R>
  readonly records: Extract<ReadonlyArray<unknown>>
  readonly hasMore?: ((response: Http.Response, records: ReadonlyArray<unknown>) => boolean) | undefined
}): Stream.Stream<SourceStream.Page<PageState>, ConnectorError.ConnectorError, R> =>
  Stream.suspend(() => {
    let previous: string | undefined
    return Stream.paginate(options.start ?? options.first ?? 1, (page: number) =>
      Effect.gen(function* () {
        const response = yield* options.fetch(page)
        const items = yield* recordsOf(response, options.records, "page number")
        // a source that ignores the page parameter answers the same page forever
        const fingerprint =
          items.length === 0 ? undefined : JSON.stringify([items[0], items[items.length - 1], items.length])
        if (fingerprint !== undefined && fingerprint === previous) {
          return yield* ConnectorError.make(
            "source-bug",
            `Pagination loop (page number): page ${page} repeats page ${page - 1}`
          )
        }
        previous = fingerprint
        const more =
          options.hasMore !== undefined
            ? options.hasMore(response, items)
            : items.length > 0 && (options.pageSize === undefined || items.length >= options.pageSize)
        const pageOut: SourceStream.Page<PageState> = {
          records: items,
          ...(more ? { checkpoint: { page: page + 1 } } : {})
        }
        return [[pageOut], more ? Option.some(page + 1) : Option.none()] as const
      })
    )
  })

/**
 * Cursor-is-state pagination: each request asks for records with `cursor >= since`, sorted
 * ascending, and the next `since` is the largest cursor of the page. No checkpoint: the
 * runner's high-water mark is the state (and its deduplication drops the records repeated at
 * the boundary). Pass `args.cursor` as `start`. A full page whose cursors all equal `since`
 * cannot be paged past: it fails with reason `source-bug` instead of looping.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { Paginate, type Http } from "@cxkit/connectors"
 *
 * const data = [{ id: "a", at: 1 }, { id: "b", at: 2 }, { id: "c", at: 2 }, { id: "d", at: 3 }]
 * const stream = Paginate.sinceCursor({
 *   start: undefined,
 *   cursorField: "at",
 *   pageSize: 3,
 *   fetch: (since) =>
 *     Effect.succeed<Http.Response>({
 *       status: 200, headers: {}, url: "",
 *       body: { items: data.filter((r) => since === undefined || r.at >= Number(since)).slice(0, 3) }
 *     }),
 *   records: "items"
 * })
 * // the second page repeats b and c (inclusive); the runner drops them by primary key
 * console.log(Effect.runSync(Stream.runCollect(stream)).map((p) => p.records.length)) // [ 3, 3, 1 ]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const sinceCursor = <R>(options: {
  readonly start: SourceStream.CursorPosition | undefined
  readonly cursorField: string
  readonly pageSize: number
  readonly fetch: (
    since: SourceStream.CursorValue | undefined
  ) => Effect.Effect<Http.Response, ConnectorError.ConnectorError, R>
  readonly records: Extract<ReadonlyArray<unknown>>
}): Stream.Stream<SourceStream.Page<undefined>, ConnectorError.ConnectorError, R> =>
  Stream.paginate(options.start?.value, (since: SourceStream.CursorValue | undefined) =>
    Effect.gen(function* () {
      const response = yield* options.fetch(since)
      const items = yield* recordsOf(response, options.records, "since cursor")
      let max: SourceStream.CursorValue | undefined
      for (const item of items) {
        const value = cursorValueOf(item, options.cursorField)
        if (value === undefined) {
          return yield* ConnectorError.make(
            "source-bug",
            `since cursor: a record has no cursor field "${options.cursorField}"`
          )
        }
        if (max === undefined || compareCursor(value, max) > 0) max = value
      }
      const full = items.length >= options.pageSize
      if (full && max !== undefined && since !== undefined && compareCursor(max, since) <= 0) {
        return yield* loopError("since cursor", String(since))
      }
      return [[{ records: items }], full && max !== undefined ? Option.some(max) : Option.none()] as const
    })
  )
