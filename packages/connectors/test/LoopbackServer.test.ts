import { describe, expect, it } from "vitest"
import { LoopbackServer } from "../src/testing.ts"

describe("LoopbackServer", () => {
  it("listens on 127.0.0.1, reads bodies and answers JSON", async () => {
    const server = await LoopbackServer.start(async (req, res) =>
      LoopbackServer.json(res, 200, { method: req.method, body: await LoopbackServer.readBody(req) })
    )
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const response = await fetch(server.url, { method: "POST", body: "ping" })
      expect(response.headers.get("content-type")).toBe("application/json")
      expect(await response.json()).toEqual({ method: "POST", body: "ping" })
    } finally {
      await server.close()
    }
  })

  it("answers 500 in the mock's own envelope when the handler throws or rejects", async () => {
    let calls = 0
    const server = await LoopbackServer.start(
      async () => {
        calls++
        if (calls === 1) throw new Error("sync")
        await Promise.reject(new Error("async"))
      },
      { onError: (message) => ({ errors: [{ detail: message }] }) }
    )
    try {
      const first = await fetch(server.url)
      expect([first.status, await first.json()]).toEqual([500, { errors: [{ detail: "mock bug: sync" }] }])
      const second = await fetch(server.url)
      expect([second.status, await second.json()]).toEqual([500, { errors: [{ detail: "mock bug: async" }] }])
    } finally {
      await server.close()
    }
  })

  it("closes with a request still hanging and keep-alive connections open", async () => {
    const server = await LoopbackServer.start(() => {})
    const hanging = fetch(server.url).catch((error: unknown) => error)
    await new Promise((resolve) => setTimeout(resolve, 50))
    await server.close() // would hang (the test's timeout) if the open request kept it alive
    expect(await hanging).toBeInstanceOf(Error)
  })
})
