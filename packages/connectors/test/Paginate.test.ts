// The paginators on scripted sources: every record once and in order, a checkpoint resumes
// exactly where it points, loops and malformed pages fail as `source-bug`.
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Stream } from "effect"
import fc from "fast-check"
import { type ConnectorError, type Http, Paginate } from "../src/index.ts"

const response = (body: unknown, headers: Record<string, string> = {}): Http.Response => ({
  status: 200,
  headers,
  url: "",
  body
})

const collect = <S>(
  stream: Stream.Stream<
    { readonly records: ReadonlyArray<unknown>; readonly checkpoint?: S },
    ConnectorError.ConnectorError
  >
) => Effect.runSync(Stream.runCollect(stream))

const failure = (
  stream: Stream.Stream<unknown, ConnectorError.ConnectorError>
): ConnectorError.ConnectorError => {
  const exit = Effect.runSyncExit(Stream.runCollect(stream))
  if (Exit.isSuccess(exit)) throw new Error("expected the stream to fail")
  const error = exit.cause.reasons.find((r) => r._tag === "Fail")
  if (error === undefined || error._tag !== "Fail") throw new Error("expected a typed failure")
  return error.error
}

/** A token API over `data`: the token is the index of the page's first record, in base 36. */
const tokenApi = (data: ReadonlyArray<number>, pageSize: number) => (cursor: string | undefined) => {
  const from = cursor === undefined ? 0 : Number.parseInt(cursor, 36)
  const next = from + pageSize < data.length ? (from + pageSize).toString(36) : undefined
  return Effect.succeed(response({ results: data.slice(from, from + pageSize), paging: { next } }))
}

const data = fc.array(fc.integer(), { maxLength: 60 })
const pageSize = fc.integer({ min: 1, max: 9 })

describe("Paginate.cursor", () => {
  it("delivers every record once, in order, and each checkpoint resumes at the rest", () => {
    fc.assert(
      fc.property(data, pageSize, (items, size) => {
        const fetch = tokenApi(items, size)
        const pages = collect(
          Paginate.cursor({ start: undefined, fetch, records: "results", next: "paging.next" })
        )
        assert.deepStrictEqual(
          pages.flatMap((p) => p.records),
          items
        )
        let delivered = 0
        for (const page of pages) {
          delivered += page.records.length
          if (page.checkpoint === undefined) continue
          const rest = collect(
            Paginate.cursor({ start: page.checkpoint.cursor, fetch, records: "results", next: "paging.next" })
          )
          assert.deepStrictEqual(
            rest.flatMap((p) => p.records),
            items.slice(delivered)
          )
        }
        // only the last page lacks a checkpoint
        assert.deepStrictEqual(
          pages.map((p) => p.checkpoint === undefined),
          pages.map((_, i) => i === pages.length - 1)
        )
      })
    )
  })

  it("reads the next token from a header with a function, and treats an empty token as the end", () => {
    const fetch = (cursor: string | undefined) =>
      Effect.succeed(
        response({ data: [cursor ?? "first"] }, cursor === undefined ? { "x-next": "2" } : { "x-next": "" })
      )
    const pages = collect(
      Paginate.cursor({ start: undefined, fetch, records: "data", next: (r) => r.headers["x-next"] })
    )
    assert.deepStrictEqual(
      pages.map((p) => [p.records, p.checkpoint]),
      [
        [["first"], { cursor: "2" }],
        [["2"], undefined]
      ]
    )
  })

  it("fails as source-bug when a token comes back twice", () => {
    const fetch = (cursor: string | undefined) =>
      Effect.succeed(
        response({ results: [1], next: cursor === undefined ? "a" : cursor === "a" ? "b" : "a" })
      )
    const error = failure(Paginate.cursor({ start: undefined, fetch, records: "results", next: "next" }))
    assert.strictEqual(error.reason, "source-bug")
    assert.include(error.message, '"a" twice')
  })

  it("fails as source-bug when the body has no record array at the path", () => {
    const fetch = () => Effect.succeed(response({ result: [1] }))
    const error = failure(Paginate.cursor({ start: undefined, fetch, records: "results", next: "next" }))
    assert.strictEqual(error.reason, "source-bug")
    assert.include(error.message, '"results"')
  })
})

describe("Paginate.nextUrl", () => {
  it("follows the Link header by default and checkpoints the next URL", () => {
    const fetch = (url: string) =>
      Effect.succeed(
        response(
          { items: [url] },
          url === "/items" ? { link: '</items?page=2>; rel="next", </items?page=9>; rel="last"' } : {}
        )
      )
    const pages = collect(Paginate.nextUrl({ first: "/items", start: undefined, fetch, records: "items" }))
    assert.deepStrictEqual(
      pages.map((p) => [p.records, p.checkpoint]),
      [
        [["/items"], { url: "/items?page=2" }],
        [["/items?page=2"], undefined]
      ]
    )
  })

  it("resumes at its checkpoint rather than the first URL", () => {
    const seen: Array<string> = []
    const fetch = (url: string) => {
      seen.push(url)
      return Effect.succeed(response({ items: [url], next: null }))
    }
    collect(
      Paginate.nextUrl({ first: "/items", start: "/items?page=5", fetch, records: "items", next: "next" })
    )
    assert.deepStrictEqual(seen, ["/items?page=5"])
  })

  it("fails as source-bug when a page links to itself", () => {
    const fetch = (url: string) => Effect.succeed(response({ items: [1], next: url }))
    const error = failure(
      Paginate.nextUrl({ first: "/items", start: undefined, fetch, records: "items", next: "next" })
    )
    assert.strictEqual(error.reason, "source-bug")
  })
})

describe("Paginate.linkNext", () => {
  it("finds rel=next among other relations, quoted or not, and nothing otherwise", () => {
    assert.strictEqual(
      Paginate.linkNext('<https://a.example/x?p=1>; rel="prev", <https://a.example/x?p=3>; rel=next'),
      "https://a.example/x?p=3"
    )
    assert.strictEqual(Paginate.linkNext('<https://a.example/x?p=9>; rel="last"'), undefined)
    assert.strictEqual(Paginate.linkNext(""), undefined)
    assert.strictEqual(Paginate.linkNext(undefined), undefined)
  })
})

describe("Paginate.pageNumber", () => {
  it("delivers every record once and stops at a short or empty page", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer(), { maxLength: 60 }), pageSize, (items, size) => {
        const requested: Array<number> = []
        const fetch = (page: number) => {
          requested.push(page)
          return Effect.succeed(response({ items: items.slice((page - 1) * size, page * size) }))
        }
        const pages = collect(
          Paginate.pageNumber({ start: undefined, pageSize: size, fetch, records: "items" })
        )
        assert.deepStrictEqual(
          pages.flatMap((p) => p.records),
          items
        )
        // one request per page plus, when the last page was full, the empty page that ends it
        assert.strictEqual(requested.length, Math.floor(items.length / size) + 1)
        const checkpoints = pages.flatMap((p) => (p.checkpoint === undefined ? [] : [p.checkpoint.page]))
        assert.deepStrictEqual(
          checkpoints,
          checkpoints.map((_, i) => i + 2)
        )
      })
    )
  })

  it("starts at `first` (zero-based APIs) and follows hasMore when given", () => {
    const fetch = (page: number) => Effect.succeed(response({ items: [page], more: page < 2 }))
    const pages = collect(
      Paginate.pageNumber({
        start: undefined,
        first: 0,
        fetch,
        records: "items",
        hasMore: (r) => Paginate.at(r.body, "more") === true
      })
    )
    assert.deepStrictEqual(
      pages.map((p) => p.records[0]),
      [0, 1, 2]
    )
  })

  it("fails as source-bug when the source ignores the page parameter", () => {
    const fetch = () => Effect.succeed(response({ items: [1, 2] }))
    const error = failure(Paginate.pageNumber({ start: undefined, pageSize: 2, fetch, records: "items" }))
    assert.strictEqual(error.reason, "source-bug")
    assert.include(error.message, "page 2 repeats page 1")
  })
})

describe("Paginate.sinceCursor", () => {
  // records with tied cursor values; no run of ties may fill a page (the paginator cannot page past it)
  const tied = fc
    .array(fc.integer({ min: 0, max: 20 }), { maxLength: 50 })
    .map((cursors) => cursors.sort((a, b) => a - b).map((at, i) => ({ id: `r${i}`, at })))

  it("covers every record (repeats at the boundary only) while no page is all ties", () => {
    fc.assert(
      fc.property(tied, fc.integer({ min: 2, max: 9 }), (records, size) => {
        const runs = new Map<number, number>()
        for (const r of records) runs.set(r.at, (runs.get(r.at) ?? 0) + 1)
        fc.pre([...runs.values()].every((n) => n < size))
        const fetch = (since: string | number | undefined) =>
          Effect.succeed(
            response({
              items: records.filter((r) => since === undefined || r.at >= Number(since)).slice(0, size)
            })
          )
        const pages = collect(
          Paginate.sinceCursor({
            start: undefined,
            cursorField: "at",
            pageSize: size,
            fetch,
            records: "items"
          })
        )
        const delivered = pages.flatMap((p) => p.records as ReadonlyArray<{ id: string; at: number }>)
        assert.deepStrictEqual(
          [...new Set(delivered.map((r) => r.id))].sort(),
          records.map((r) => r.id).sort()
        )
        // a record is repeated only at a page boundary, where the next request is inclusive
        const boundaries = new Set(
          pages.map((p) => Math.max(...(p.records as ReadonlyArray<{ at: number }>).map((r) => r.at)))
        )
        const counts = new Map<string, number>()
        for (const r of delivered) counts.set(r.id, (counts.get(r.id) ?? 0) + 1)
        for (const r of records) if ((counts.get(r.id) ?? 0) > 1) assert.isTrue(boundaries.has(r.at))
        assert.isTrue(pages.every((p) => p.checkpoint === undefined))
      })
    )
  })

  it("starts at the committed position and fails as source-bug on a full page of ties", () => {
    const records = [1, 2, 2, 2, 3].map((at, i) => ({ id: `r${i}`, at }))
    const fetch = (since: string | number | undefined) =>
      Effect.succeed(
        response({ items: records.filter((r) => since === undefined || r.at >= Number(since)).slice(0, 3) })
      )
    const error = failure(
      Paginate.sinceCursor({
        start: { value: 2, keys: ["r1"] },
        cursorField: "at",
        pageSize: 3,
        fetch,
        records: "items"
      })
    )
    assert.strictEqual(error.reason, "source-bug")
  })

  it("fails as source-bug on a record without the cursor field", () => {
    const fetch = () => Effect.succeed(response({ items: [{ id: "a" }] }))
    const error = failure(
      Paginate.sinceCursor({ start: undefined, cursorField: "at", pageSize: 3, fetch, records: "items" })
    )
    assert.strictEqual(error.reason, "source-bug")
    assert.include(error.message, '"at"')
  })
})

describe("Paginate.at", () => {
  it("reads nested paths and answers undefined past a non-object", () => {
    assert.strictEqual(Paginate.at({ a: { b: { c: 1 } } }, "a.b.c"), 1)
    assert.strictEqual(Paginate.at({ a: 1 }, "a.b"), undefined)
    assert.strictEqual(Paginate.at(null, "a"), undefined)
  })
})
