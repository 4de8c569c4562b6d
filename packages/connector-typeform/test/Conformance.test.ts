import { Conformance } from "@cxkit/connectors/vitest"
import { TypeformConnector } from "../src/index.ts"
import { TypeformMock } from "../src/testing.ts"

// The suite's dataset-driven server holds the survey form and its responses
// (TypeformMock.serverOptions); TypeformMock.serve puts Typeform's front end in front: bearer
// personal access tokens, parameter validation, FORM_NOT_FOUND and the error object. The
// per-second limit is lifted here: the suite's clock is the TestClock, the front end's the wall
// clock (TypeformMock.test.ts checks the limit).
const token = "tfp_conformance0secret0token"
const upstreamToken = "verified"
const data = TypeformMock.fixtures({ survey: 23, support: 0, now: Date.parse("2024-05-20T12:00:00Z") })
const survey = {
  forms: data.forms.filter((f) => f.id === TypeformMock.formIds.survey),
  responses: data.responses
}

const configFor = (url: string, t: string) => ({
  token: t,
  formIds: [TypeformMock.formIds.survey],
  baseUrl: url,
  pageSize: 10,
  timeoutMillis: 300
})

Conformance.runConformance({
  connector: TypeformConnector.connector,
  server: TypeformMock.serverOptions({ token: upstreamToken, data: survey, pageSize: 10 }),
  serve: (server) =>
    TypeformMock.serve(server, {
      token,
      upstreamToken,
      formIds: [TypeformMock.formIds.survey],
      requestsPerSecond: Number.POSITIVE_INFINITY
    }),
  config: (url) => configFor(url, token),
  badConfig: (url) => configFor(url, "tfp_revoked0token"),
  secrets: [token],
  requestTimeoutMillis: 300
})
