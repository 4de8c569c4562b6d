import { Conformance } from "@cxkit/connectors/vitest"
import { QualtricsConnector } from "../src/index.ts"
import { QualtricsMock } from "../src/testing.ts"

// The suite's dataset-driven server holds one survey's responses (QualtricsMock.serverOptions);
// QualtricsMock.serve puts Qualtrics' front end in front: X-API-TOKEN, the export lifecycle
// (start, progress over polls, the zip file, continuation tokens), limits and error bodies. An
// export pages the kit server when it starts, so the suite's faults and its edits between page
// requests happen while an export is being built.
const apiToken = "qualtrics-conformance-token-5f2c"
const surveyId = QualtricsMock.surveyIds.checkout
const surveys = QualtricsMock.surveys().filter((s) => s.SurveyID === surveyId)
const responses = { [surveyId]: QualtricsMock.fixtures(surveyId, { count: 25 }) }

const configFor = (url: string, token: string) => ({
  apiToken: token,
  baseUrl: url,
  surveyIds: [surveyId],
  pollIntervalMillis: 1000,
  timeoutMillis: 300
})

Conformance.runConformance({
  connector: QualtricsConnector.connector,
  server: QualtricsMock.serverOptions({ token: "kit", responses, pageSize: 10 }),
  serve: (server) => QualtricsMock.serve(server, { apiToken, token: "kit", surveys, pollsToComplete: 2 }),
  config: (url) => configFor(url, apiToken),
  badConfig: (url) => configFor(url, "revoked-token-0000"),
  secrets: [apiToken],
  requestTimeoutMillis: 300
})
