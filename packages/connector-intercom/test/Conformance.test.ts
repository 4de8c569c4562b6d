import { Conformance } from "@cxkit/connectors/vitest"
import { IntercomConnector } from "../src/index.ts"
import { IntercomMock } from "../src/testing.ts"

// The suite's dataset-driven server holds the records and faults; IntercomMock.serve puts
// Intercom's search (offset-like starting_after, contacts by day), retrieve and scroll API in front.
Conformance.runConformance({
  connector: IntercomConnector.connector,
  server: IntercomMock.serverOptions({ token: "tok-intercom-secret", pageSize: 5 }),
  serve: (server) => IntercomMock.serve(server, { token: "tok-intercom-secret" }),
  config: (url) => ({ accessToken: "tok-intercom-secret", baseUrl: url, perPage: 5, timeoutMillis: 300 }),
  badConfig: (url) => ({ accessToken: "tok-intercom-wrong", baseUrl: url, perPage: 5 }),
  secrets: ["tok-intercom-secret"],
  requestTimeoutMillis: 300
})
