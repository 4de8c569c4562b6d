import { afterEach, describe, expect, it } from "vitest"
import { TypeformMock } from "../src/testing.ts"

const mocks: Array<TypeformMock.TypeformMock> = []
const start = async (options: TypeformMock.Options = {}) => {
  const mock = await TypeformMock.start({
    requestsPerSecond: 10_000,
    data: TypeformMock.fixtures({ now: Date.parse("2024-05-20T12:00:00Z"), partial: 3 }),
    ...options
  })
  mocks.push(mock)
  return mock
}
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((m) => m.close()))
})

interface Item {
  readonly response_id: string
  readonly token: string
  readonly landing_id: string
  readonly response_type: string
  readonly landed_at: string
  readonly submitted_at: string
  readonly form_id?: string
}
interface Body {
  readonly total_items: number
  readonly page_count: number
  readonly items: ReadonlyArray<Item>
  readonly code: string
  readonly description: string
  readonly details?: ReadonlyArray<{ readonly field: string; readonly in: string }>
}

const { survey, support } = TypeformMock.formIds

const get = async (mock: TypeformMock.TypeformMock, path: string, authorization?: string | null) => {
  const headers: Record<string, string> = {}
  if (authorization !== null) headers.authorization = authorization ?? `Bearer ${mock.token}`
  const response = await fetch(`${mock.url}${path}`, { headers })
  return { status: response.status, body: (await response.json()) as Body }
}

describe("TypeformMock (Responses and Create APIs)", () => {
  it("answers 25 completed responses newest first by default, in Typeform's envelope", async () => {
    const mock = await start()
    const { status, body } = await get(mock, `/forms/${survey}/responses`)
    expect(status).toBe(200)
    expect([body.total_items, body.page_count, body.items.length]).toEqual([30, 2, 25])
    const times = body.items.map((i) => Date.parse(i.submitted_at))
    expect(times).toEqual([...times].sort((a, b) => b - a))
    const first = body.items[0] as Item
    expect(first.form_id).toBeUndefined()
    expect(first.token).toBe(first.response_id)
    expect(Object.keys(first)).toEqual([
      "landing_id",
      "token",
      "response_id",
      "response_type",
      "landed_at",
      "submitted_at",
      "metadata",
      "hidden",
      "calculated",
      "answers"
    ])
    expect(body.items.every((i) => i.response_type === "completed")).toBe(true)
  })

  it("pages by before tokens (older, newest first) and after tokens (newer, in processing order)", async () => {
    const mock = await start()
    const all = (await get(mock, `/forms/${survey}/responses?page_size=1000`)).body.items
    const first = (await get(mock, `/forms/${survey}/responses?page_size=10`)).body.items
    const last = first.at(-1) as Item
    const older = (await get(mock, `/forms/${survey}/responses?page_size=10&before=${last.token}`)).body
    expect(older.items.map((i) => i.response_id)).toEqual(all.slice(10, 20).map((i) => i.response_id))
    expect(older.total_items).toBe(20)
    const oldest = all.at(-1) as Item
    const newer = (await get(mock, `/forms/${survey}/responses?page_size=5&after=${oldest.token}`)).body
    expect(newer.items.map((i) => i.response_id)).toEqual(
      all
        .slice(-6, -1)
        .reverse()
        .map((i) => i.response_id)
    )
    for (const [query, field] of [
      [`before=${last.token}&sort=submitted_at,desc`, "sort"],
      [`before=${last.token}&after=${oldest.token}`, "before"],
      ["after=not-a-token", "after"]
    ] as const) {
      const refused = await get(mock, `/forms/${survey}/responses?${query}`)
      expect([refused.status, refused.body.code, refused.body.details?.[0]?.field], query).toEqual([
        400,
        "VALIDATION_ERROR",
        field
      ])
    }
  })

  it("since and until are inclusive, as Unix seconds or UTC ISO 8601 to the second", async () => {
    const mock = await start()
    const all = (await get(mock, `/forms/${survey}/responses?page_size=1000&sort=submitted_at,asc`)).body
      .items
    const from = all[10] as Item
    const to = all[14] as Item
    const iso = (
      await get(
        mock,
        `/forms/${survey}/responses?since=${from.submitted_at.slice(0, 19)}&until=${to.submitted_at.slice(0, 19)}&sort=submitted_at,asc`
      )
    ).body
    expect(iso.items.map((i) => i.response_id)).toEqual(all.slice(10, 15).map((i) => i.response_id))
    const unix = (
      await get(
        mock,
        `/forms/${survey}/responses?since=${Date.parse(from.submitted_at) / 1000}&until=${Date.parse(to.submitted_at) / 1000}`
      )
    ).body
    expect(unix.items.map((i) => i.response_id)).toEqual(
      all
        .slice(10, 15)
        .reverse()
        .map((i) => i.response_id)
    )
    const refused = await get(mock, `/forms/${survey}/responses?since=yesterday`)
    expect([refused.status, refused.body.details?.[0]]).toEqual([
      400,
      expect.objectContaining({ field: "since", in: "query" })
    ])
  })

  it("response_type selects partial responses (bounded on landed_at); ids are included or excluded", async () => {
    const mock = await start()
    const partial = (await get(mock, `/forms/${survey}/responses?response_type=partial`)).body
    expect(partial.items.map((i) => i.response_type)).toEqual(["partial", "partial", "partial"])
    const deprecated = (await get(mock, `/forms/${survey}/responses?completed=false`)).body
    expect(deprecated.total_items).toBe(3)
    const both = (
      await get(mock, `/forms/${survey}/responses?response_type=partial,completed&page_size=1000`)
    ).body
    expect(both.total_items).toBe(33)
    const [a, b] = partial.items as [Item, Item]
    const bounded = (
      await get(mock, `/forms/${survey}/responses?response_type=partial&since=${a.landed_at.slice(0, 19)}`)
    ).body
    expect(bounded.items.map((i) => i.response_id)).toContain(a.response_id)
    const excluded = (
      await get(
        mock,
        `/forms/${survey}/responses?response_type=partial&excluded_response_ids=${a.response_id},${b.response_id}`
      )
    ).body
    expect(excluded.total_items).toBe(1)
    const included = (
      await get(
        mock,
        `/forms/${survey}/responses?response_type=partial&included_response_ids=${b.response_id}`
      )
    ).body
    expect(included.items.map((i) => i.response_id)).toEqual([b.response_id])
    const refused = await get(mock, `/forms/${survey}/responses?response_type=abandoned`)
    expect([refused.status, refused.body.details?.[0]?.field]).toEqual([400, "response_type"])
  })

  it("refuses what Typeform refuses, with its error object naming the parameter", async () => {
    const mock = await start()
    for (const [query, field] of [
      ["page_size=1001", "page_size"],
      ["page_size=0", "page_size"],
      ["offset=10", "offset"],
      ["sort=submitted_at", "sort"],
      ["sort=score,asc", "sort"],
      ["completed=maybe", "completed"]
    ] as const) {
      const { status, body } = await get(mock, `/forms/${survey}/responses?${query}`)
      expect([status, body.code, body.details?.[0]?.field], query).toEqual([400, "VALIDATION_ERROR", field])
    }
    expect((await get(mock, `/forms/${survey}/responses`, null)).body.code).toBe("AUTHENTICATION_ERROR")
    const wrong = await get(mock, `/forms/${survey}/responses`, "Bearer tfp_wrong")
    expect([wrong.status, wrong.body.code]).toEqual([403, "INVALID_AUTHORIZATION"])
    const missing = await get(mock, "/forms/nope42/responses")
    expect([missing.status, missing.body]).toEqual([
      404,
      { code: "FORM_NOT_FOUND", description: "Non existing form with uid nope42" }
    ])
  })

  it("serves the form definitions and lists the forms by page", async () => {
    const mock = await start()
    const form = (await get(mock, `/forms/${survey}`)).body as unknown as {
      id: string
      hidden: Array<string>
    }
    expect([form.id, form.hidden]).toEqual([survey, ["email", "customer_id"]])
    const page = (await get(mock, "/forms?page_size=1&page=2")).body as unknown as {
      total_items: number
      page_count: number
      items: Array<{ id: string }>
    }
    expect([page.total_items, page.page_count, page.items.map((i) => i.id)]).toEqual([2, 2, [support]])
    expect((await get(mock, "/forms?page_size=201")).status).toBe(400)
  })

  it("allows 2 requests per second per account and answers 429 past it", async () => {
    let now = Date.parse("2024-05-20T12:00:00.100Z")
    const mock = await start({ requestsPerSecond: 2, now: () => now })
    expect((await get(mock, `/forms/${survey}`)).status).toBe(200)
    expect((await get(mock, `/forms/${survey}`)).status).toBe(200)
    const spent = await get(mock, `/forms/${survey}`)
    expect([spent.status, spent.body.code]).toEqual([429, "RATE_LIMIT_EXCEEDED"])
    now += 1000
    expect((await get(mock, `/forms/${survey}`)).status).toBe(200)
  })
})
