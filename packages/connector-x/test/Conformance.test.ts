import { Conformance } from "@cxkit/connectors/vitest"
import { XConnector } from "../src/index.ts"
import { XMock } from "../src/testing.ts"

// The suite's dataset-driven server holds the tweets and faults (XMock.serverOptions); XMock.serve
// puts X's front end (bearer auth, rate-limit windows, parameter checks, problem bodies) in front.
const { tweets, users } = XMock.fixtures({ count: 23, now: Date.now() - 60 * 60_000, spacingMinutes: 90 })

Conformance.runConformance({
  connector: XConnector.connector,
  server: XMock.serverOptions({ bearerToken: "x-secret-bearer-123", tweets, users, pageSize: 10 }),
  serve: (server) => XMock.serve(server, { bearerToken: "x-secret-bearer-123" }),
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
