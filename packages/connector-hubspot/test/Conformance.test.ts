import { Conformance } from "@cxkit/connectors/testing"
import { HubSpot } from "../src/index.ts"
import { HubSpotTesting } from "../src/testing.ts"

// The suite drives the test kit's generic GET mock; HubSpotTesting.layer translates the
// connector's search requests (POST bodies) into its query dialect.
Conformance.runConformance({
  connector: HubSpot.connector,
  server: HubSpotTesting.serverOptions({ token: "pat-na1-secret-token", pageSize: 5 }),
  config: (url) => ({ accessToken: "pat-na1-secret-token", baseUrl: url, pageSize: 5, timeoutMillis: 300 }),
  badConfig: (url) => ({ accessToken: "pat-na1-wrong-token", baseUrl: url, pageSize: 5 }),
  secrets: ["pat-na1-secret-token"],
  layer: HubSpotTesting.layer,
  requestTimeoutMillis: 300
})
