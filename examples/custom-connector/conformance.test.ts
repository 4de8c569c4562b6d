import { Conformance } from "@cxkit/connectors/vitest"
import { connector } from "./connector.ts"
import { apiKey, mockApi } from "./mock.ts"

Conformance.runConformance({
  connector,
  server: mockApi,
  config: (url) => ({ baseUrl: url, apiKey }),
  badConfig: (url) => ({ baseUrl: url, apiKey: "rh_live_revoked_key_999" }),
  secrets: [apiKey]
})
