import { Conformance } from "@cxkit/connectors/vitest"
import { afterAll } from "vitest"
import { RedditConnector } from "../src/index.ts"
import { RedditMock } from "../src/testing.ts"

// The suite runs on the test kit's dataset-driven server shaped like the listing API
// (RedditMock.serverOptions); the token comes
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

const server = RedditMock.serverOptions({
  accessToken: "reddit-access-token-321",
  posts,
  comments,
  pageSize: 10
})

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
