import type { MockServer } from "@cxkit/connectors/testing"
import { Conformance } from "@cxkit/connectors/vitest"
import { afterAll } from "vitest"
import { RedditConnector } from "../src/index.ts"
import { RedditMock } from "../src/testing.ts"

// The suite runs on the framework's dataset-driven mock shaped like the listing API (paths,
// `limit`/`after`, `Listing` envelopes of `t3`/`t1` children, newest first); the token comes
// from RedditMock's `POST /api/v1/access_token` (basic auth, client credentials), which issues
// the token that mock accepts. Reddit-specific behaviour (fullname anchors, the listing cap,
// X-Ratelimit headers, User-Agent rules) is tested on RedditMock in RedditConnector.test.ts.
const tokenServer = await RedditMock.start({
  clientId: "conformance-client",
  clientSecret: "reddit-secret-789",
  accessToken: "reddit-access-token-321"
})
afterAll(() => tokenServer.close())

const { posts, comments } = RedditMock.fixtures({ posts: 23, comments: 31 })

const listing = (kind: "t1" | "t3") => (page: MockServer.RenderInput) => ({
  kind: "Listing",
  data: {
    after: page.next ?? null,
    dist: page.records.length,
    modhash: null,
    geo_filter: "",
    children: page.records.map((data) => ({ kind, data })),
    before: null
  }
})

const resource = (
  stream: string,
  records: ReadonlyArray<MockServer.Fixture>,
  kind: "t1" | "t3"
): MockServer.Resource => ({
  stream,
  records,
  primaryKey: "name",
  cursorField: "created_utc",
  order: "descending",
  pageSize: 10,
  params: { limit: "limit", cursor: "after" },
  render: listing(kind)
})

const server: MockServer.Options = {
  auth: { _tag: "Bearer", token: "reddit-access-token-321" },
  resources: {
    "/r/acme/new": resource("posts", posts, "t3"),
    "/r/acme/comments": resource("comments", comments, "t1"),
    "/r/acme/search": resource("search", posts.slice(0, 12), "t3")
  }
}

const config = (url: string, secret: string) => ({
  clientId: "conformance-client",
  clientSecret: secret,
  userAgent: "node:dev.cxkit.conformance:0.1.0 (by /u/cxkit)",
  subreddit: "acme",
  query: "acme",
  authBaseUrl: tokenServer.url,
  apiBaseUrl: url,
  limit: 10,
  timeoutMillis: 300
})

Conformance.runConformance({
  connector: RedditConnector.connector,
  server,
  config: (url) => config(url, "reddit-secret-789"),
  badConfig: (url) => config(url, "wrong-secret-000"),
  secrets: ["reddit-secret-789", "reddit-access-token-321"],
  requestTimeoutMillis: 300
})
