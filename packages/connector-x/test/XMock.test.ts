import { afterEach, describe, expect, it } from "vitest"
import { XMock } from "../src/testing.ts"

const DAY = 86_400_000
const mocks: Array<XMock.XMock> = []
const start = async (options: XMock.Options = {}) => {
  const mock = await XMock.start(options)
  mocks.push(mock)
  return mock
}
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((m) => m.close()))
})

interface SearchBody {
  readonly data: Array<{ readonly id: string; readonly author_id?: string }>
  readonly includes: { readonly users: Array<{ readonly id: string }> }
  readonly meta: { readonly result_count: number; readonly next_token?: string }
  readonly errors: Array<{ readonly parameters: Record<string, Array<string>>; readonly message: string }>
  readonly title: string
  readonly type: string
}

const search = async (mock: XMock.XMock, query: string, token = mock.bearerToken) => {
  const response = await fetch(`${mock.url}/2/tweets/search/recent?${query}`, {
    headers: { authorization: `Bearer ${token}` }
  })
  return { status: response.status, headers: response.headers, body: (await response.json()) as SearchBody }
}

describe("XMock (recent search)", () => {
  it("answers 10 tweets by default, newest first, with X's envelope and only the default fields", async () => {
    const mock = await start()
    const { status, body } = await search(mock, "query=%40acme")
    expect(status).toBe(200)
    expect(body.data).toHaveLength(10)
    expect(Object.keys(body.data[0] ?? {}).sort()).toEqual(["edit_history_tweet_ids", "id", "text"])
    expect(body.includes).toBeUndefined()
    expect(body.meta).toMatchObject({
      result_count: 10,
      newest_id: body.data[0]?.id,
      oldest_id: body.data[9]?.id
    })
    expect(typeof body.meta.next_token).toBe("string")
    const ids = body.data.map((t) => BigInt(t.id))
    expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : 1)))
  })

  it("tweet.fields selects fields; expansions=author_id joins includes.users with user.fields", async () => {
    const mock = await start()
    const { body } = await search(
      mock,
      "query=acme&max_results=10&tweet.fields=created_at,author_id&expansions=author_id&user.fields=username"
    )
    expect(Object.keys(body.data[0] ?? {}).sort()).toEqual([
      "author_id",
      "created_at",
      "edit_history_tweet_ids",
      "id",
      "text"
    ])
    const authors = new Set(body.data.map((t) => t.author_id))
    expect(body.includes.users.map((u) => u.id).sort()).toEqual([...authors].sort())
    expect(Object.keys(body.includes.users[0] ?? {}).sort()).toEqual(["id", "username"])
  })

  it("pages by next_token to the last tweet of the seven days; since_id is exclusive", async () => {
    const now = Date.now()
    const recent = XMock.fixtures({ count: 30, now, spacingMinutes: 60 }).tweets
    const old = [XMock.tweetAt(now - 8 * DAY, 99)]
    const mock = await start({ tweets: [...recent, old[0] as XMock.FixtureTweet] })
    const seen: Array<string> = []
    let token: string | undefined
    do {
      const { body } = await search(mock, `query=acme&max_results=10${token ? `&next_token=${token}` : ""}`)
      seen.push(...body.data.map((t) => t.id))
      token = body.meta.next_token
    } while (token !== undefined)
    expect(seen).toEqual(recent.map((t) => t.id))
    const since = recent[4] as XMock.FixtureTweet
    const { body } = await search(mock, `query=acme&max_results=100&since_id=${since.id}`)
    expect(body.data.map((t) => t.id)).toEqual(recent.slice(0, 4).map((t) => t.id))
  })

  it("answers X's invalid-request problems naming the parameter", async () => {
    const mock = await start()
    const tooOld = XMock.tweetAt(Date.now() - 8 * DAY, 1).id
    const cases: Array<[string, string]> = [
      ["query=acme&max_results=5", "max_results"],
      ["query=", "query"],
      [`query=acme&since_id=${tooOld}`, "since_id"],
      [`query=acme&start_time=${new Date(Date.now() - 8 * DAY).toISOString()}`, "start_time"],
      [
        `query=acme&since_id=${XMock.tweetAt(Date.now() - DAY, 1).id}&start_time=${new Date(Date.now() - DAY).toISOString()}`,
        "since_id"
      ],
      ["query=acme&next_token=not-a-token", "next_token"]
    ]
    for (const [query, parameter] of cases) {
      const { status, body } = await search(mock, query)
      expect([status, body.title, Object.keys(body.errors[0]?.parameters ?? {})], query).toEqual([
        400,
        "Invalid Request",
        [parameter]
      ])
      expect(body.type).toBe("https://api.twitter.com/2/problems/invalid-request")
    }
    expect(await search(mock, "query=acme&since_id=1").then((r) => r.body.errors[0]?.message)).toMatch(
      /larger than \d+/
    )
  })

  it("401 problem for a wrong token; x-rate-limit headers on every answer and 429 once the window is spent", async () => {
    let now = Date.now()
    const mock = await start({ rateLimit: { limit: 2, windowSeconds: 900 }, now: () => now })
    const denied = await search(mock, "query=acme", "wrong")
    expect([denied.status, denied.body]).toEqual([
      401,
      { title: "Unauthorized", detail: "Unauthorized", type: "about:blank", status: 401 }
    ])
    const first = await search(mock, "query=acme")
    expect(first.headers.get("x-rate-limit-limit")).toBe("2")
    expect(first.headers.get("x-rate-limit-remaining")).toBe("1")
    const reset = Number(first.headers.get("x-rate-limit-reset"))
    expect(reset).toBe(Math.ceil((now + 900_000) / 1000))
    await search(mock, "query=acme")
    const spent = await search(mock, "query=acme")
    expect([spent.status, spent.body.title, spent.headers.get("x-rate-limit-remaining")]).toEqual([
      429,
      "Too Many Requests",
      "0"
    ])
    now += 900_000
    expect((await search(mock, "query=acme")).status).toBe(200)
    expect(mock.requests.map((r) => r.status)).toEqual([401, 200, 200, 429, 200])
  })
})
