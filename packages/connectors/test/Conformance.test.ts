import { ReferenceConnector } from "../src/testing.ts"
import { Conformance } from "../src/vitest.ts"

Conformance.runConformance({
  connector: ReferenceConnector.connector,
  server: ReferenceConnector.mockApi({ token: "secret-token-123" }),
  config: (url) => ({ baseUrl: url, token: "secret-token-123", timeoutMillis: 300 }),
  badConfig: (url) => ({ baseUrl: url, token: "wrong-token-456" }),
  secrets: ["secret-token-123"],
  requestTimeoutMillis: 300
})
