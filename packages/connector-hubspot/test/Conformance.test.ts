import { Conformance } from "@cxkit/connectors/vitest"
import { HubSpotConnector } from "../src/index.ts"
import { HubSpotMock } from "../src/testing.ts"

// The suite's dataset-driven server holds the records and faults; HubSpotMock.serve puts
// HubSpot's list, search (offset-paged, as HubSpot pages it) and properties API in front of it.
Conformance.runConformance({
  connector: HubSpotConnector.connector,
  server: HubSpotMock.serverOptions({ token: "pat-na1-secret-token", pageSize: 5 }),
  serve: (server) => HubSpotMock.serve(server, { token: "pat-na1-secret-token" }),
  config: (url) => ({ accessToken: "pat-na1-secret-token", baseUrl: url, pageSize: 5, timeoutMillis: 300 }),
  badConfig: (url) => ({ accessToken: "pat-na1-wrong-token", baseUrl: url, pageSize: 5 }),
  secrets: ["pat-na1-secret-token"],
  requestTimeoutMillis: 300
})
