import { Conformance } from "@cxkit/connectors/vitest"
import { RedditConnector } from "../src/index.ts"
import { RedditMock } from "../src/testing.ts"

// The suite's dataset-driven server holds the posts and comments (RedditMock.serverOptions);
// RedditMock.serve puts Reddit's front end in front: the token endpoint (basic auth, client
// credentials) issuing the token the listings accept, User-Agent rules, X-Ratelimit headers and
// error bodies. Both base URLs point at it.
const { posts, comments } = RedditMock.fixtures({ posts: 23, comments: 31 })

const config = (url: string, secret: string) => ({
  clientId: "conformance-client",
  clientSecret: secret,
  userAgent: "node:dev.cxkit.conformance:0.1.0 (by /u/cxkit)",
  subreddit: "acme",
  query: "acme",
  authBaseUrl: url,
  apiBaseUrl: url,
  limit: 10,
  timeoutMillis: 300
})

Conformance.runConformance({
  connector: RedditConnector.connector,
  server: RedditMock.serverOptions({ accessToken: "reddit-access-token-321", posts, comments, pageSize: 10 }),
  serve: (server) =>
    RedditMock.serve(server, {
      clientId: "conformance-client",
      clientSecret: "reddit-secret-789",
      accessToken: "reddit-access-token-321"
    }),
  config: (url) => config(url, "reddit-secret-789"),
  badConfig: (url) => config(url, "wrong-secret-000"),
  secrets: ["reddit-secret-789", "reddit-access-token-321"],
  requestTimeoutMillis: 300
})
