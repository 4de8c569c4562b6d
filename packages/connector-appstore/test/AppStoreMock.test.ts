import { Redacted } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import { AppStoreConnector } from "../src/index.ts"
import { AppStoreMock } from "../src/testing.ts"

const mocks: Array<AppStoreMock.AppStoreMock> = []
const start = async (options: AppStoreMock.Options = {}) => {
  const mock = await AppStoreMock.start(options)
  mocks.push(mock)
  return mock
}
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((m) => m.close()))
})

interface ReviewsBody {
  readonly data: Array<{
    readonly type: string
    readonly id: string
    readonly attributes: { readonly rating: number; readonly territory: string }
    readonly relationships: { readonly response: { readonly data?: { readonly id: string } | null } }
  }>
  readonly included?: Array<{ readonly type: string; readonly id: string }>
  readonly links: { readonly self: string; readonly next?: string }
  readonly meta: { readonly paging: { readonly total: number; readonly limit: number } }
  readonly errors: Array<{ readonly code: string; readonly source?: { readonly parameter: string } }>
}

const get = async (mock: AppStoreMock.AppStoreMock, query: string, bearer?: string) => {
  const jwt =
    bearer ??
    (await AppStoreConnector.signToken(
      { ...mock.key, privateKey: Redacted.make(mock.key.privateKey) },
      Date.now(),
      1200
    ))
  const response = await fetch(`${mock.url}/v1/apps/${mock.appId}/customerReviews${query}`, {
    headers: { authorization: `Bearer ${jwt}` }
  })
  return { status: response.status, headers: response.headers, body: (await response.json()) as ReviewsBody }
}

describe("AppStoreMock (customerReviews)", () => {
  it("answers 50 by default, newest first, in JSON:API with absolute links and an offset cursor", async () => {
    const mock = await start()
    const { status, headers, body } = await get(mock, "")
    expect(status).toBe(200)
    expect(body.data).toHaveLength(50)
    expect(body.data[0]?.type).toBe("customerReviews")
    expect(body.meta.paging).toEqual({ total: 64, limit: 50 })
    expect(body.links.self).toBe(`${mock.url}/v1/apps/${mock.appId}/customerReviews`)
    const next = new URL(body.links.next ?? "")
    expect(next.origin).toBe(mock.url)
    const cursor = next.searchParams.get("cursor") ?? ""
    expect(JSON.parse(Buffer.from(cursor, "base64url").toString())).toEqual({ offset: "50" })
    expect(body.included).toBeUndefined()
    expect(headers.get("x-rate-limit")).toBe("user-hour-lim:3600;user-hour-rem:3599;")
  })

  it("include=response adds the responses; filters select by rating, territory and published response", async () => {
    const mock = await start()
    const { body } = await get(mock, "?limit=200&include=response")
    const responded = body.data.filter((r) => r.relationships.response.data != null)
    expect(body.included?.map((i) => i.id).sort()).toEqual(
      responded.map((r) => r.relationships.response.data?.id).sort()
    )
    const fives = await get(mock, "?limit=200&filter[rating]=5&filter[territory]=USA,GBR")
    expect(fives.body.data.length).toBeGreaterThan(0)
    expect(
      fives.body.data.every(
        (r) => r.attributes.rating === 5 && ["USA", "GBR"].includes(r.attributes.territory)
      )
    ).toBe(true)
    const unanswered = await get(mock, "?limit=200&exists[publishedResponse]=false")
    expect(unanswered.body.meta.paging.total).toBe(64 - responded.length)
  })

  it("an offset cursor shifts when a review before it is deleted", async () => {
    const mock = await start()
    const first = await get(mock, "?limit=10")
    mock.remove([first.body.data[0]?.id ?? ""])
    const second = await get(mock, `?${new URL(first.body.links.next ?? "").searchParams}`)
    const all = await get(mock, "?limit=200")
    expect(second.body.data[0]?.id).toBe(all.body.data[10]?.id) // the 11th of the old order is skipped
  })

  it("answers Apple's error bodies naming the parameter, and NOT_AUTHORIZED for a token it cannot verify", async () => {
    const mock = await start()
    const cases: Array<[string, string, string]> = [
      ["?limit=201", "PARAMETER_ERROR.INVALID", "limit"],
      ["?sort=name", "PARAMETER_ERROR.INVALID", "sort"],
      ["?sort=rating", "PARAMETER_ERROR.INVALID", "sort"],
      ["?cursor=bm9wZQ", "PARAMETER_ERROR.INVALID", "cursor"],
      ["?page=2", "PARAMETER_ERROR.ILLEGAL", "page"]
    ]
    for (const [query, code, parameter] of cases) {
      const { status, body } = await get(mock, query)
      expect([status, body.errors[0]?.code, body.errors[0]?.source?.parameter], query).toEqual([
        400,
        code,
        parameter
      ])
    }
    const refused = await get(mock, "", "not-a-jwt")
    expect([refused.status, refused.body.errors[0]?.code]).toEqual([401, "NOT_AUTHORIZED"])
  })

  it("counts requests per hour in x-rate-limit and answers RATE_LIMIT_EXCEEDED past the limit", async () => {
    const mock = await start({ hourlyLimit: 1 })
    expect((await get(mock, "?limit=1")).status).toBe(200)
    const spent = await get(mock, "?limit=1")
    expect([spent.status, spent.body.errors[0]?.code, spent.headers.get("x-rate-limit")]).toEqual([
      429,
      "RATE_LIMIT_EXCEEDED",
      "user-hour-lim:1;user-hour-rem:0;"
    ])
  })
})
