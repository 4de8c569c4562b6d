import { afterEach, describe, expect, it } from "vitest"
import { LoopbackServer, MockServer } from "../src/testing.ts"

const rows = Array.from({ length: 7 }, (_, i) => ({ id: `r${i}`, updatedAt: i + 1 }))
const servers: Array<MockServer.MockServer> = []
const start = async (resource: Partial<MockServer.Resource> = {}) => {
  const server = await MockServer.start({
    resources: {
      "/items": { records: rows, primaryKey: "id", cursorField: "updatedAt", pageSize: 3, ...resource }
    }
  })
  servers.push(server)
  return server
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

type Body = { results: Array<{ id: string }>; next: string | null; hasMore: boolean }
const get = async (server: MockServer.MockServer, query: string): Promise<Body> =>
  (await (await fetch(`${server.url}/items${query}`)).json()) as Body
const ids = (body: Body) => body.results.map((r) => r.id)

describe("MockServer", () => {
  it("keyset cursors are stable when a record before the page is edited", async () => {
    const server = await start()
    const first = await get(server, "?limit=3")
    expect(ids(first)).toEqual(["r0", "r1", "r2"])
    server.touch("/items", "r0") // moves to the end
    const second = await get(server, `?limit=3&cursor=${first.next}`)
    expect(ids(second)).toEqual(["r3", "r4", "r5"])
  })

  it("offsets continue by offset and shift when a record before the page is edited", async () => {
    const server = await start()
    const first = await get(server, "?limit=3&offset=0")
    expect([ids(first), first.next]).toEqual([["r0", "r1", "r2"], "3"])
    server.touch("/items", "r0")
    const second = await get(server, `?limit=3&offset=${first.next}`)
    // r3 slid to offset 2: the offset paginator skips it
    expect(ids(second)).toEqual(["r4", "r5", "r6"])
    expect((await fetch(`${server.url}/items?offset=x`)).status).toBe(400)
  })

  it("beforeRequest runs before each served request, with how many came before", async () => {
    const server = await start()
    const seen: Array<number> = []
    server.beforeRequest((request) => {
      seen.push(request.served)
      if (request.served === 1) server.erase("/items", "r3")
    })
    const first = await get(server, "?limit=3")
    const second = await get(server, `?limit=3&cursor=${first.next}`)
    expect(ids(second)).toEqual(["r4", "r5", "r6"])
    server.beforeRequest(undefined)
    await get(server, "?limit=3")
    expect(seen).toEqual([0, 1])
    expect(server.records("/items").map((r) => r.id)).not.toContain("r3")
  })

  it("remove keeps a tombstone with a newer cursor; erase leaves no trace", async () => {
    const server = await start()
    server.remove("/items", "r1")
    server.erase("/items", "r2")
    const records = server.records("/items")
    expect(records.find((r) => r.id === "r1")).toEqual({ id: "r1", updatedAt: 8, _deleted: true })
    expect(records.some((r) => r.id === "r2")).toBe(false)
    expect(() => server.erase("/items", "r2")).toThrow(/no record r2/)
  })

  it("anchor paging names the last record's key; an anchor that left the listing ends it", async () => {
    const server = await start({ paging: "anchor", order: "descending" })
    const first = await get(server, "?limit=3")
    expect([ids(first), first.next]).toEqual([["r6", "r5", "r4"], "r4"])
    expect(ids(await get(server, "?limit=3&cursor=r4"))).toEqual(["r3", "r2", "r1"])
    server.erase("/items", "r4")
    expect(await get(server, "?limit=3&cursor=r4")).toMatchObject({ results: [], next: null })
  })

  it("an offset codec pages by encoded offsets that shift when records change", async () => {
    const server = await start({
      paging: {
        encode: (offset) => `at-${offset}`,
        decode: (t) => (/^at-\d+$/.test(t) ? Number(t.slice(3)) : undefined)
      }
    })
    const first = await get(server, "?limit=3")
    expect(first.next).toBe("at-3")
    server.erase("/items", "r0")
    expect(ids(await get(server, `?limit=3&cursor=${first.next}`))).toEqual(["r4", "r5", "r6"])
    const bad = await fetch(`${server.url}/items?cursor=nope`)
    expect([bad.status, await bad.json()]).toEqual([400, { message: "Invalid cursor", parameter: "cursor" }])
  })

  it("filter selects per request, reach ends a listing, render sees the query, total and origin", async () => {
    const server = await start({
      defaultLimit: 2,
      reach: 4,
      filter: (record, query) => query.odd !== "1" || Number(record.updatedAt) % 2 === 1,
      render: (page) => ({
        ids: page.records.map((r) => r.id),
        total: page.total,
        q: page.query,
        origin: page.origin
      })
    })
    const body = (await (await fetch(`${server.url}/items?odd=1`)).json()) as Record<string, unknown>
    expect(body).toEqual({ ids: ["r0", "r2"], total: 4, q: { odd: "1" }, origin: server.url })
    const all = (await (await fetch(`${server.url}/items?limit=3&cursor=`)).json()) as { total: number }
    expect(all.total).toBe(4) // 7 records, the listing reaches 4
  })

  it("a front end forwarding with LoopbackServer.forward gets links to itself", async () => {
    const server = await start({
      render: (page) => ({ next: page.nextUrl && `${page.origin}${page.nextUrl}` })
    })
    const front = await LoopbackServer.start(async (req, res) =>
      LoopbackServer.reply(res, await LoopbackServer.forward(server.url, req, req.url ?? "/"), {
        "x-front": "1"
      })
    )
    try {
      const response = await fetch(`${front.url}/items?limit=3`)
      expect(response.headers.get("x-front")).toBe("1")
      const { next } = (await response.json()) as { next: string }
      expect(next.startsWith(`${front.url}/items?`)).toBe(true)
    } finally {
      await front.close()
    }
  })

  it("nextCursor passes the cursor of records that were erased", async () => {
    const server = await start()
    server.erase("/items", "r6") // updatedAt 7, the largest
    expect(server.nextCursor("/items")).toBe(8)
  })
})
