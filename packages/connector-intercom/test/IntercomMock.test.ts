import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { IntercomMock } from "../src/testing.ts"

// The mock answers as the 2.11 reference documents:
// https://developers.intercom.com/docs/references/2.11/rest-api/api.intercom.io
let mock: IntercomMock.Mock

beforeAll(async () => {
  mock = await IntercomMock.start({ rateLimit: { limit: 1000 } })
})
afterAll(async () => {
  await mock.close()
})

const call = async (
  path: string,
  init: { method?: string; body?: unknown; token?: string; version?: string } = {}
) => {
  const response = await fetch(`${mock.url}${path}`, {
    method: init.method ?? "GET",
    headers: {
      authorization: `Bearer ${init.token ?? mock.token}`,
      "intercom-version": init.version ?? "2.11",
      "content-type": "application/json"
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {})
  })
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>
  }
}

const searchContacts = (query: unknown, extra: Record<string, unknown> = {}) =>
  call("/contacts/search", { method: "POST", body: { query, ...extra } })

const codeOf = (body: Record<string, unknown>) => {
  assert.strictEqual(body.type, "error.list")
  assert.isString(body.request_id)
  return (body.errors as ReadonlyArray<{ code: string; message: string }>)[0]
}

const data = IntercomMock.fixtures()
const day = 86_400

describe("IntercomMock: search", () => {
  it("compares contact timestamps by day: = is the whole day, > starts at the next day", async () => {
    const first = data.contacts[0]?.updated_at as number
    const same = await searchContacts({ field: "updated_at", operator: "=", value: first + 3 })
    const sameDay = data.contacts.filter((c) => Math.floor(c.updated_at / day) === Math.floor(first / day))
    assert.strictEqual(same.body.total_count, sameDay.length)
    const later = await searchContacts({ field: "updated_at", operator: ">", value: first })
    assert.strictEqual(later.body.total_count, data.contacts.length - sameDay.length)
  })

  it("rejects operators contact search does not accept on Date fields, and unknown fields", async () => {
    for (const operator of [">=", "<=", "!=", "IN"]) {
      const answer = await searchContacts({
        field: "updated_at",
        operator,
        value: operator === "IN" ? [1] : 1
      })
      assert.strictEqual(answer.status, 400, operator)
      assert.strictEqual(codeOf(answer.body)?.code, "parameter_invalid")
    }
    const unknown = await searchContacts({ field: "favourite_colour", operator: "=", value: "blue" })
    assert.strictEqual(unknown.status, 400)
    assert.include(codeOf(unknown.body)?.message, "favourite_colour")
    const stringGreater = await call("/conversations/search", {
      method: "POST",
      body: { query: { field: "id", operator: ">", value: "105" } }
    })
    assert.strictEqual(stringGreater.status, 400)
  })

  it("limits nesting to 2 levels and groups to 15 filters", async () => {
    const filter = { field: "role", operator: "=", value: "user" }
    const wide = await searchContacts({ operator: "OR", value: Array.from({ length: 16 }, () => filter) })
    assert.strictEqual(wide.status, 400)
    assert.include(codeOf(wide.body)?.message, "15 filters")
    const deep = await searchContacts({
      operator: "AND",
      value: [{ operator: "OR", value: [{ operator: "AND", value: [filter] }] }]
    })
    assert.strictEqual(deep.status, 400)
    const fine = await searchContacts({ operator: "AND", value: [{ operator: "OR", value: [filter] }] })
    assert.strictEqual(fine.status, 200)
  })

  it("conversation search compares to the second, > inclusive, and supports id NIN", async () => {
    const c = data.conversations[3]
    const from = await call("/conversations/search", {
      method: "POST",
      body: {
        query: { field: "updated_at", operator: ">", value: c?.updated_at },
        sort: { field: "updated_at", order: "ascending" }
      }
    })
    const expected = data.conversations.filter((x) => x.updated_at >= (c?.updated_at as number)).length
    assert.strictEqual(from.body.total_count, expected)
    const first = (from.body.conversations as ReadonlyArray<Record<string, unknown>>)[0]
    assert.strictEqual(first?.updated_at, c?.updated_at)
    assert.notProperty(first, "conversation_parts")
    const tie = await call("/conversations/search", {
      method: "POST",
      body: {
        query: {
          operator: "AND",
          value: [
            { field: "updated_at", operator: "=", value: c?.updated_at },
            { field: "id", operator: "NIN", value: [c?.id] }
          ]
        }
      }
    })
    assert.deepStrictEqual(
      (tie.body.conversations as ReadonlyArray<{ id: string }>).map((x) => x.id),
      ["105"]
    )
  })

  it("pages with starting_after tokens and per_page up to 150", async () => {
    const query = { field: "updated_at", operator: ">", value: 0 }
    const one = await searchContacts(query, {
      pagination: { per_page: 5 },
      sort: { field: "updated_at", order: "ascending" }
    })
    const pages = one.body.pages as {
      next: { page: number; starting_after: string }
      per_page: number
      total_pages: number
    }
    assert.strictEqual(pages.per_page, 5)
    assert.strictEqual(pages.next.page, 2)
    const two = await searchContacts(query, {
      pagination: { per_page: 5, starting_after: pages.next.starting_after },
      sort: { field: "updated_at", order: "ascending" }
    })
    assert.strictEqual((two.body.data as ReadonlyArray<unknown>).length, 5)
    const big = await searchContacts(query, { pagination: { per_page: 151 } })
    assert.strictEqual(big.status, 400)
    const bad = await searchContacts(query, { pagination: { starting_after: "not-a-cursor" } })
    assert.strictEqual(bad.status, 400)
  })
})

describe("IntercomMock: other endpoints", () => {
  it("retrieves a conversation with its 500 most recent parts and total_count", async () => {
    const answer = await call("/conversations/107")
    const parts = answer.body.conversation_parts as {
      conversation_parts: ReadonlyArray<{ id: string }>
      total_count: number
    }
    assert.strictEqual(parts.conversation_parts.length, IntercomMock.partsCap)
    assert.strictEqual(parts.total_count, 520)
    const missing = await call("/conversations/999")
    assert.strictEqual(missing.status, 404)
    assert.strictEqual(codeOf(missing.body)?.code, "not_found")
  })

  it("scrolls companies until an answer lists none", async () => {
    const seen: Array<string> = []
    let param: string | undefined
    for (let i = 0; i < 10; i++) {
      const answer = await call(`/companies/scroll${param !== undefined ? `?scroll_param=${param}` : ""}`)
      const companies = answer.body.data as ReadonlyArray<{ id: string }>
      if (companies.length === 0) break
      seen.push(...companies.map((c) => c.id))
      param = answer.body.scroll_param as string
    }
    assert.deepStrictEqual(seen.sort(), data.companies.map((c) => c.id).sort())
  })

  it("answers 401 unauthorized with an error.list and no rate-limit headers on a wrong token", async () => {
    const answer = await call("/me", { token: "wrong" })
    assert.strictEqual(answer.status, 401)
    assert.strictEqual(codeOf(answer.body)?.code, "unauthorized")
    assert.isNull(answer.headers.get("x-ratelimit-limit"))
  })

  it("rejects an unknown Intercom-Version", async () => {
    const answer = await call("/me", { version: "9.9" })
    assert.strictEqual(answer.status, 400)
    assert.strictEqual(codeOf(answer.body)?.code, "intercom_version_invalid")
  })

  it("tells the rate limit in X-RateLimit-* headers and answers 429 rate_limit_exceeded once it is spent", async () => {
    const limited = await IntercomMock.start({ rateLimit: { limit: 2 }, now: () => 1_717_200_003_000 })
    try {
      const get = () => fetch(`${limited.url}/me`, { headers: { authorization: `Bearer ${limited.token}` } })
      const first = await get()
      assert.strictEqual(first.headers.get("x-ratelimit-limit"), "2")
      assert.strictEqual(first.headers.get("x-ratelimit-remaining"), "1")
      assert.strictEqual(first.headers.get("x-ratelimit-reset"), "1717200010")
      await get()
      const third = await get()
      assert.strictEqual(third.status, 429)
      assert.strictEqual(third.headers.get("x-ratelimit-remaining"), "0")
      assert.strictEqual(codeOf((await third.json()) as Record<string, unknown>)?.code, "rate_limit_exceeded")
    } finally {
      await limited.close()
    }
  })
})
