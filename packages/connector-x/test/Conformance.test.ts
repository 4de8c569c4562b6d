import { Conformance } from "@cxkit/connectors/vitest"
import { XConnector } from "../src/index.ts"
import { XMock } from "../src/testing.ts"

// The suite runs on the test kit's dataset-driven server shaped like recent search
// (XMock.serverOptions); X-specific behaviour is tested on XMock.start in XConnector.test.ts.
const { tweets, users } = XMock.fixtures({ count: 23, now: Date.now() - 60 * 60_000, spacingMinutes: 90 })

Conformance.runConformance({
  connector: XConnector.connector,
  server: XMock.serverOptions({ bearerToken: "x-secret-bearer-123", tweets, users, pageSize: 10 }),
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
