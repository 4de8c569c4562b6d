import { afterEach, describe, expect, it } from "vitest"
import { MockServer } from "../src/testing.ts"

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
})
