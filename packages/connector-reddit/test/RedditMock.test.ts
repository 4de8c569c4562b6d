import { afterEach, describe, expect, it } from "vitest"
import { RedditMock } from "../src/testing.ts"

const agent = "node:dev.cxkit.test:0.1.0 (by /u/cxkit)"
const mocks: Array<RedditMock.RedditMock> = []
const start = async (options: RedditMock.Options = {}) => {
  const mock = await RedditMock.start({ accessToken: "token-1", ...options })
  mocks.push(mock)
  return mock
}
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((m) => m.close()))
})

interface ListingBody {
  readonly kind: string
  readonly data: {
    readonly after: string | null
    readonly dist: number
    readonly children: Array<{ readonly kind: string; readonly data: { readonly name: string } }>
  }
  readonly message?: string
  readonly error?: number
  readonly reason?: string
}

const list = async (mock: RedditMock.RedditMock, path: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${mock.url}${path}`, {
    headers: { authorization: "Bearer token-1", "user-agent": agent, ...headers }
  })
  const text = await response.text()
  return {
    status: response.status,
    headers: response.headers,
    body: (text.startsWith("{") ? JSON.parse(text) : { text }) as ListingBody
  }
}
const names = (body: ListingBody) => body.data.children.map((c) => c.data.name)

describe("RedditMock (token endpoint and listings)", () => {
  it("issues an app-only token for basic auth and client_credentials, refuses a wrong secret", async () => {
    const mock = await start({ clientId: "id", clientSecret: "secret" })
    const token = (secret: string, grant = "client_credentials") =>
      fetch(`${mock.url}/api/v1/access_token`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`id:${secret}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
          "user-agent": agent
        },
        body: `grant_type=${grant}`
      }).then(async (r) => [r.status, await r.json()])
    expect(await token("secret")).toEqual([
      200,
      { access_token: "token-1", token_type: "bearer", expires_in: 86400, scope: "*" }
    ])
    expect(await token("wrong")).toEqual([401, { message: "Unauthorized", error: 401 }])
    expect(await token("secret", "password")).toEqual([200, { error: "unsupported_grant_type" }])
  })

  it("lists 25 by default, at most 100, newest first, paging after the last fullname", async () => {
    const mock = await start()
    const newest = [...mock.posts()].sort((a, b) => b.created_utc - a.created_utc).map((p) => p.name)
    const first = await list(mock, "/r/acme/new")
    expect([first.status, first.body.kind, first.body.data.dist]).toEqual([200, "Listing", 25])
    expect(first.body.data.children.every((c) => c.kind === "t3")).toBe(true)
    expect(names(first.body)).toEqual(newest.slice(0, 25))
    expect(first.body.data.after).toBe(newest[24])
    const rest = await list(mock, `/r/acme/new.json?limit=500&after=${newest[24]}`)
    expect(names(rest.body)).toEqual(newest.slice(25))
    expect(rest.body.data.after).toBeNull()
  })

  it("an after item no longer listed answers an empty listing; a listing reaches listingCap items", async () => {
    const mock = await start({ listingCap: 30 })
    const comments = await list(mock, "/r/acme/comments?limit=100")
    expect(comments.body.data.dist).toBe(30)
    const anchor = names(comments.body)[9] as string
    mock.remove([anchor])
    const after = await list(mock, `/r/acme/comments?limit=10&after=${anchor}`)
    expect([after.body.data.dist, after.body.data.after]).toEqual([0, null])
  })

  it("search lists the posts whose title or text contain q; nothing without q", async () => {
    const mock = await start()
    const matching = mock.posts().filter((p) => `${p.title} ${p.selftext}`.toLowerCase().includes("refund"))
    const found = await list(mock, "/r/acme/search?q=refund&restrict_sr=1&sort=new&limit=100")
    expect(names(found.body).sort()).toEqual(matching.map((p) => p.name).sort())
    expect((await list(mock, "/r/acme/search?limit=100")).body.data.dist).toBe(0)
  })

  it("User-Agent rules, bearer tokens, other subreddits, X-Ratelimit headers and 429 once spent", async () => {
    const mock = await start({ rateLimit: { limit: 2, windowSeconds: 600 } })
    const generic = await list(mock, "/r/acme/new", { "user-agent": "node" })
    expect([generic.status, generic.headers.get("content-type")]).toEqual([429, "text/html; charset=UTF-8"])
    expect((await list(mock, "/r/acme/new", { authorization: "Bearer nope" })).body).toEqual({
      message: "Unauthorized",
      error: 401
    })
    const first = await list(mock, "/r/acme/new?limit=1")
    expect([
      first.headers.get("x-ratelimit-used"),
      first.headers.get("x-ratelimit-remaining"),
      first.headers.get("x-ratelimit-reset")
    ]).toEqual(["1", "1.0", "600"])
    const other = await list(mock, "/r/elsewhere/new")
    expect([other.status, other.body.reason]).toEqual([404, "private"])
    const spent = await list(mock, "/r/acme/new")
    expect([spent.status, spent.body]).toEqual([429, { message: "Too Many Requests", error: 429 }])
  })
})
