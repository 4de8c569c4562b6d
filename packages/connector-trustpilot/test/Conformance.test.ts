import { Conformance } from "@cxkit/connectors/vitest"
import { TrustpilotConnector } from "../src/index.ts"
import { TrustpilotMock } from "../src/testing.ts"

// The suite's dataset-driven server holds the reviews and faults (TrustpilotMock.serverOptions);
// TrustpilotMock.serve puts Trustpilot's front end in front: the caller's apikey (another key is
// refused), the request limits, parameter checks and error answers. Its live-changes check edits,
// deletes and inserts reviews between the page requests: page numbers are offsets, so only the
// connector's overlapping windows keep it from skipping reviews.
const apiKey = "tp-conformance-key-7f3a"
const reviews = TrustpilotMock.fixtures({ count: 53 })

const configFor = (url: string, key: string) => ({
  apiKey: key,
  businessUnitId: "507f191e810c19729de860ea",
  baseUrl: url,
  perPage: 20,
  timeoutMillis: 300
})

Conformance.runConformance({
  connector: TrustpilotConnector.connector,
  server: TrustpilotMock.serverOptions({ apiKey: "verified", reviews }),
  serve: (server) => TrustpilotMock.serve(server, { apiKey, token: "verified" }),
  config: (url) => configFor(url, apiKey),
  badConfig: (url) => configFor(url, "tp-someone-else"),
  secrets: [apiKey],
  requestTimeoutMillis: 300
})
