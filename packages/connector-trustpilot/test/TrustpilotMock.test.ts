import { afterEach, describe, expect, it } from "vitest"
import { TrustpilotMock } from "../src/testing.ts"

const mocks: Array<TrustpilotMock.TrustpilotMock> = []
const start = async (options: TrustpilotMock.Options = {}) => {
  const mock = await TrustpilotMock.start(options)
  mocks.push(mock)
  return mock
}
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((m) => m.close()))
})

interface ReviewsBody {
  readonly reviews: Array<{
    readonly id: string
    readonly stars: number
    readonly language: string
    readonly createdAt: string
    readonly companyReply: { readonly text: string } | null
    readonly links: Array<{ readonly href: string; readonly method: string; readonly rel: string }>
  }>
  readonly links: Array<{ readonly href: string; readonly method: string; readonly rel: string }>
  readonly message: string
  readonly parameter?: string
}

const get = async (mock: TrustpilotMock.TrustpilotMock, query: string, apikey: string = mock.apiKey) => {
  const response = await fetch(`${mock.url}/v1/business-units/${mock.businessUnitId}/reviews${query}`, {
    headers: { apikey }
  })
  return { status: response.status, body: (await response.json()) as ReviewsBody }
}

describe("TrustpilotMock (business unit reviews)", () => {
  it("answers 20 by default, newest first, with each review's links and the page's next-page link", async () => {
    const mock = await start()
    const { status, body } = await get(mock, "")
    expect(status).toBe(200)
    expect(body.reviews).toHaveLength(20)
    const times = body.reviews.map((r) => Date.parse(r.createdAt))
    expect([...times].sort((a, b) => b - a)).toEqual(times)
    expect(body.reviews[0]?.links.map((l) => l.rel)).toEqual(["reviews", "consumer"])
    expect(body.links.map((l) => l.rel)).toEqual(["next-page"])
    const next = new URL(body.links[0]?.href ?? "")
    expect(next.origin).toBe(mock.url)
    expect(next.searchParams.get("page")).toBe("2")
    const last = await get(mock, "?page=4&perPage=20")
    expect(last.body.reviews).toHaveLength(4)
    expect(last.body.links.map((l) => l.rel)).toEqual(["prev-page"])
    const past = await get(mock, "?page=9&perPage=20")
    expect([past.status, past.body.reviews]).toEqual([200, []])
  })

  it("filters by stars and language (comma-separated)", async () => {
    const mock = await start()
    const { body } = await get(mock, "?perPage=100&stars=1,2&language=en")
    expect(body.reviews.length).toBeGreaterThan(0)
    expect(body.reviews.every((r) => [1, 2].includes(r.stars) && r.language === "en")).toBe(true)
  })

  it("a page number is an offset: a review deleted before it shifts the page", async () => {
    const mock = await start()
    const first = await get(mock, "?page=1&perPage=10")
    const all = await get(mock, "?perPage=100")
    mock.remove([first.body.reviews[0]?.id ?? ""])
    const second = await get(mock, "?page=2&perPage=10")
    expect(second.body.reviews[0]?.id).toBe(all.body.reviews[11]?.id) // the 11th of the old order is skipped
  })

  it("refuses parameters outside their documented ranges, naming them, and a key it does not know", async () => {
    const mock = await start()
    const cases: Array<[string, string]> = [
      ["?perPage=101", "perPage"],
      ["?perPage=0", "perPage"],
      ["?page=0", "page"],
      ["?page=two", "page"],
      ["?orderBy=name", "orderBy"],
      ["?orderBy=createdat.asc", "orderBy"],
      ["?stars=6", "stars"]
    ]
    for (const [query, parameter] of cases) {
      const { status, body } = await get(mock, query)
      expect([status, body.parameter], query).toEqual([400, parameter])
    }
    const refused = await get(mock, "", "not-the-key")
    expect([refused.status, refused.body.message]).toEqual([401, "Invalid API key"])
    const elsewhere = await fetch(`${mock.url}/v1/business-units/nope/reviews`, {
      headers: { apikey: mock.apiKey }
    })
    expect(elsewhere.status).toBe(404)
  })

  it("answers 429 past the 5-minute limit and again once the window has passed", async () => {
    let now = 1_700_000_000_000
    const mock = await start({ fiveMinuteLimit: 1, now: () => now })
    expect((await get(mock, "?perPage=1")).status).toBe(200)
    const spent = await get(mock, "?perPage=1")
    expect([spent.status, spent.body.message]).toEqual([429, "Too many requests"])
    now += 300_000
    expect((await get(mock, "?perPage=1")).status).toBe(200)
  })
})
