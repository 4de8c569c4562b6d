import { Conformance } from "@cxkit/connectors/vitest"
import { SalesforceConnector } from "../src/index.ts"
import { SalesforceMock } from "../src/testing.ts"

// The suite's dataset-driven server holds each object's records (SalesforceMock.serverOptions);
// SalesforceMock.serve puts Salesforce's API in front: the JWT bearer token endpoint, describe,
// SOQL with server-side cursors paged by nextRecordsUrl, the delete log, Sforce-Limit-Info and
// error bodies. Every data request probes the object's kit resource first, so the suite's faults
// and its edits between page requests reach the connector through Salesforce's own endpoints.
const key = await SalesforceMock.generateKey()
const wrongKey = await SalesforceMock.generateKey()
const clientId = "3MVG9conformance.client"
const username = "integration@conformance.example"

const configFor = (url: string, privateKey: string) => ({
  clientId,
  username,
  privateKey,
  loginUrl: url,
  timeoutMillis: 300
})

Conformance.runConformance({
  connector: SalesforceConnector.connector,
  server: SalesforceMock.serverOptions({ token: "kit", pageSize: 5 }),
  serve: (server) =>
    SalesforceMock.serve(server, {
      kitToken: "kit",
      clientId,
      username,
      publicKey: key.publicKey,
      pageSize: 5
    }),
  config: (url) => configFor(url, key.privateKey),
  badConfig: (url) => configFor(url, wrongKey.privateKey),
  secrets: [key.privateKey, "00DDn0000000001!AQ.mock-session"],
  requestTimeoutMillis: 300
})
