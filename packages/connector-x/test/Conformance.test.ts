import type { MockServer } from "@cxkit/connectors/testing"
import { Conformance } from "@cxkit/connectors/vitest"
import { XConnector } from "../src/index.ts"
import { XMock } from "../src/testing.ts"

// The conformance suite runs on the framework's dataset-driven mock, shaped like recent search:
// the same path and parameter names (`max_results`, `next_token`, `start_time`), X's envelope
// (`data`, `includes.users`, `meta.next_token`), newest first. X-specific behaviour (since_id,
// the seven-day window, x-rate-limit headers, problem bodies) is tested on XMock in XConnector.test.ts.
const { tweets, users } = XMock.fixtures({ count: 23, now: Date.now() - 60 * 60_000, spacingMinutes: 90 })
const byId = new Map(users.map((u) => [u.id, u]))

const server: MockServer.Options = {
  auth: { _tag: "Bearer", token: "x-secret-bearer-123" },
  resources: {
    [XConnector.searchPath]: {
      stream: "mentions",
      records: tweets,
      primaryKey: "id",
      cursorField: "created_at",
      order: "descending",
      pageSize: 10,
      params: { limit: "max_results", cursor: "next_token", since: "start_time" },
      render: (page) => {
        const authors = [...new Set(page.records.map((r) => r.author_id as string))].flatMap((id) => {
          const user = byId.get(id)
          return user === undefined ? [] : [user]
        })
        return {
          ...(page.records.length > 0 ? { data: page.records, includes: { users: authors } } : {}),
          meta: {
            result_count: page.records.length,
            ...(page.records.length > 0
              ? { newest_id: page.records[0]?.id, oldest_id: page.records[page.records.length - 1]?.id }
              : {}),
            ...(page.next !== undefined ? { next_token: page.next } : {})
          }
        }
      }
    }
  }
}

Conformance.runConformance({
  connector: XConnector.connector,
  server,
  config: (url) => ({
    baseUrl: url,
    bearerToken: "x-secret-bearer-123",
    query: "@acme",
    maxResults: 10,
    timeoutMillis: 300
  }),
  badConfig: (url) => ({ baseUrl: url, bearerToken: "wrong-bearer-456", query: "@acme", maxResults: 10 }),
  secrets: ["x-secret-bearer-123"],
  requestTimeoutMillis: 300
})
