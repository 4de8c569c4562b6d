import { Conformance } from "@cxkit/connectors/vitest"
import { ZendeskConnector } from "../src/index.ts"
import { ZendeskMock } from "../src/testing.ts"

Conformance.runConformance({
  connector: ZendeskConnector.connectorWithCsat,
  server: ZendeskMock.serverOptions({
    email: "ops@acme.example",
    apiToken: "zd-secret-api-token",
    pageSize: 5,
    // the current CSAT's survey responses too (kept out of the default dataset)
    dataset: { ...ZendeskMock.fixtures(), ...ZendeskMock.csatFixtures() }
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
