import { Conformance } from "@cxkit/connectors/vitest"
import { ZendeskConnector } from "../src/index.ts"
import { ZendeskMock } from "../src/testing.ts"

Conformance.runConformance({
  connector: ZendeskConnector.connector,
  server: ZendeskMock.serverOptions({
    email: "ops@acme.example",
    apiToken: "zd-secret-api-token",
    pageSize: 5
  }),
  config: (url) => ({
    baseUrl: url,
    email: "ops@acme.example",
    apiToken: "zd-secret-api-token",
    pageSize: 5,
    timeoutMillis: 300
  }),
  badConfig: (url) => ({
    baseUrl: url,
    email: "ops@acme.example",
    apiToken: "zd-wrong-api-token",
    pageSize: 5
  }),
  secrets: ["zd-secret-api-token"],
  requestTimeoutMillis: 300
})
