import { MockServer } from "@cxkit/connectors/testing"
import { afterEach, describe, expect, it } from "vitest"
import * as Zip from "../src/internal/zip.ts"
import { QualtricsMock } from "../src/testing.ts"

const mocks: Array<QualtricsMock.QualtricsMock> = []
const start = async (options: QualtricsMock.Options = {}) => {
  const mock = await QualtricsMock.start(options)
  mocks.push(mock)
  return mock
}
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((m) => m.close()))
})

const { checkout, support } = QualtricsMock.surveyIds

interface Envelope {
  readonly result: Record<string, unknown>
  readonly meta: {
    readonly httpStatus: string
    readonly requestId: string
    readonly error?: { readonly errorMessage: string; readonly errorCode: string }
  }
}

const call = async (
  mock: QualtricsMock.QualtricsMock,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
  token: string | null = mock.apiToken
) => {
  const response = await fetch(`${mock.url}${path}`, {
    method,
    headers: {
      ...(token !== null ? { "x-api-token": token } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {})
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {})
  })
  return { status: response.status, json: (await response.json()) as Envelope }
}

const exportOf = async (
  mock: QualtricsMock.QualtricsMock,
  surveyId: string,
  body: Record<string, unknown>
) => {
  const started = await call(mock, "POST", `/API/v3/surveys/${surveyId}/export-responses`, body)
  expect(started.status).toBe(200)
  const progressId = String(started.json.result.progressId)
  let progress = await call(mock, "GET", `/API/v3/surveys/${surveyId}/export-responses/${progressId}`)
  while (progress.json.result.status === "inProgress") {
    progress = await call(mock, "GET", `/API/v3/surveys/${surveyId}/export-responses/${progressId}`)
  }
  const file = await fetch(
    `${mock.url}/API/v3/surveys/${surveyId}/export-responses/${progress.json.result.fileId}/file`,
    {
      headers: { "x-api-token": mock.apiToken }
    }
  )
  const entries = Zip.read(new Uint8Array(await file.arrayBuffer()))
  const { responses } = JSON.parse(new TextDecoder().decode(entries[0]?.data)) as {
    responses: Array<{ responseId: string; values: { recordedDate: string; _recordId: string } }>
  }
  return { started, progress, file, entries, responses }
}

describe("QualtricsMock (response export)", () => {
  it("runs the export lifecycle: progressId, percentComplete over polls, fileId and token, a zip of JSON", async () => {
    const mock = await start({ pollsToComplete: 4 })
    const started = await call(mock, "POST", `/API/v3/surveys/${checkout}/export-responses`, {
      format: "json",
      allowContinuation: true
    })
    expect(started.status).toBe(200)
    expect(started.json.result).toEqual({
      progressId: "ES_3KgZ1fWmTqNpLx21",
      percentComplete: 0,
      status: "inProgress"
    })
    expect(started.json.meta.httpStatus).toBe("200 - OK")
    const polls: Array<Record<string, unknown>> = []
    for (let i = 0; i < 4; i++) {
      polls.push(
        (await call(mock, "GET", `/API/v3/surveys/${checkout}/export-responses/ES_3KgZ1fWmTqNpLx21`)).json
          .result
      )
    }
    expect(polls.map((p) => [p.percentComplete, p.status])).toEqual([
      [25, "inProgress"],
      [50, "inProgress"],
      [75, "inProgress"],
      [100, "complete"]
    ])
    expect(polls[3]?.fileId).toBe("3kgz1fwmtqnplx2-1-file")
    expect(typeof polls[3]?.continuationToken).toBe("string")
    const file = await fetch(
      `${mock.url}/API/v3/surveys/${checkout}/export-responses/3kgz1fwmtqnplx2-1-file/file`,
      {
        headers: { "x-api-token": mock.apiToken }
      }
    )
    expect(file.headers.get("content-disposition")).toBe('attachment; filename="Checkout experience.zip"')
    const entries = Zip.read(new Uint8Array(await file.arrayBuffer()))
    expect(entries.map((e) => e.name)).toEqual(["Checkout experience.json"])
    const { responses } = JSON.parse(new TextDecoder().decode(entries[0]?.data)) as {
      responses: Array<Record<string, Record<string, unknown>>>
    }
    expect(responses).toHaveLength(40)
    expect(Object.keys(responses[0] ?? {})).toEqual([
      "responseId",
      "labels",
      "displayedFields",
      "displayedValues",
      "values"
    ])
    expect(responses[0]?.values?._recordId).toBe(responses[0]?.responseId)
  })

  it("the file is not there before the export is complete; unknown ids answer 404 with Qualtrics' error body", async () => {
    const mock = await start({ pollsToComplete: 2 })
    await call(mock, "POST", `/API/v3/surveys/${support}/export-responses`, { format: "json" })
    const early = await fetch(
      `${mock.url}/API/v3/surveys/${support}/export-responses/9xq2lmtb4rcv7ns-1-file/file`,
      {
        headers: { "x-api-token": mock.apiToken }
      }
    )
    expect(early.status).toBe(404)
    const unknown = await call(mock, "GET", `/API/v3/surveys/${support}/export-responses/ES_nope`)
    expect(unknown.status).toBe(404)
    expect(unknown.json.meta.httpStatus).toBe("404 - Not Found")
    expect(unknown.json.meta.error?.errorMessage).toContain("No response export ES_nope")
    const survey = await call(mock, "GET", "/API/v3/survey-definitions/SV_unknown1")
    expect(survey.status).toBe(404)
  })

  it("a continuation token continues after the export's last response; without allowContinuation there is none", async () => {
    const mock = await start()
    const plain = await exportOf(mock, support, { format: "json" })
    expect(plain.progress.json.result.continuationToken).toBeUndefined()
    const first = await exportOf(mock, support, { format: "json", allowContinuation: true })
    expect(first.responses).toHaveLength(15)
    const token = String(first.progress.json.result.continuationToken)
    const none = await exportOf(mock, support, {
      format: "json",
      continuationToken: token,
      allowContinuation: true
    })
    expect(none.responses).toEqual([])
    mock.record(support, [QualtricsMock.responseAt(support, Date.now() + 60_000, 70)])
    const next = await exportOf(mock, support, { format: "json", continuationToken: token })
    expect(next.responses.map((r) => r.responseId)).toEqual([
      QualtricsMock.responseAt(support, 0, 70).responseId
    ])
  })

  it("startDate is inclusive and endDate exclusive, on recordedDate", async () => {
    const mock = await start()
    const all = [...mock.responses(support)].sort(
      (a, b) => Date.parse(a.recordedDate) - Date.parse(b.recordedDate)
    )
    const from = all[5]?.recordedDate
    const to = all[9]?.recordedDate
    const window = await exportOf(mock, support, { format: "json", startDate: from, endDate: to })
    expect(window.responses.map((r) => r.responseId)).toEqual(all.slice(5, 9).map((r) => r.responseId))
  })

  it("refuses what Qualtrics refuses, with its error body", async () => {
    const mock = await start()
    const post = (body: unknown) => call(mock, "POST", `/API/v3/surveys/${checkout}/export-responses`, body)
    expect((await post({})).json.meta.error?.errorMessage).toBe("Missing or invalid parameter format")
    expect((await post({ format: "pdf" })).status).toBe(400)
    expect((await post({ format: "csv" })).json.meta.error?.errorCode).toBe("MOCK_FORMAT")
    expect((await post({ format: "json", startDate: "yesterday" })).json.meta.error?.errorMessage).toBe(
      "Invalid startDate: expected an ISO 8601 date"
    )
    const first = await exportOf(mock, checkout, { format: "json", allowContinuation: true })
    const token = String(first.progress.json.result.continuationToken)
    expect(
      (await post({ format: "json", continuationToken: token, startDate: "2024-01-01T00:00:00Z" })).json.meta
        .error?.errorMessage
    ).toBe("continuationToken cannot be combined with startDate or endDate")
    const otherSurvey = await call(mock, "POST", `/API/v3/surveys/${support}/export-responses`, {
      format: "json",
      continuationToken: token
    })
    expect(otherSurvey.json.meta.error?.errorMessage).toBe("Invalid continuation token")
    mock.expireTokens()
    const expired = await post({ format: "json", continuationToken: token })
    expect(expired.status).toBe(400)
    expect(expired.json.meta.error?.errorMessage).toBe("The continuation token has expired")
    const anonymous = await call(mock, "GET", "/API/v3/whoami", undefined, null)
    expect(anonymous.status).toBe(401)
    expect(anonymous.json.meta).toEqual({
      httpStatus: "401 - Unauthorized",
      error: { errorMessage: "The Qualtrics API token is missing or invalid", errorCode: "AUTH_ERR" },
      requestId: anonymous.json.meta.requestId
    })
  })

  it("limits requests per minute (429) and relays faults of the kit server to the export start", async () => {
    let now = 0
    const mock = await start({ requestsPerMinute: 2, now: () => now })
    expect((await call(mock, "GET", "/API/v3/whoami")).status).toBe(200)
    expect((await call(mock, "GET", "/API/v3/whoami")).status).toBe(200)
    const limited = await call(mock, "GET", "/API/v3/whoami")
    expect(limited.status).toBe(429)
    expect(limited.json.meta.httpStatus).toBe("429 - Too Many Requests")
    now += 60_000
    expect((await call(mock, "GET", "/API/v3/whoami")).status).toBe(200)
    mock.server.inject({ fault: MockServer.serverError(503), path: mock.pathOf(checkout) })
    const relayed = await call(mock, "POST", `/API/v3/surveys/${checkout}/export-responses`, {
      format: "json"
    })
    expect(relayed.status).toBe(503)
  })

  it("an export is one snapshot: a response edited while it is built is listed once, in its newest version", async () => {
    const mock = await QualtricsMock.start()
    mocks.push(mock)
    const path = mock.pathOf(checkout)
    const target = [...mock.responses(checkout)].sort(
      (a, b) => Date.parse(a.recordedDate) - Date.parse(b.recordedDate)
    )[0]
    // the front end pages the kit server 100 at a time: a page size of 10 makes it page
    const small = await MockServer.start(
      QualtricsMock.serverOptions({
        token: "kit",
        responses: { [checkout]: mock.responses(checkout) },
        pageSize: 10
      })
    )
    const front = await QualtricsMock.serve(small, {
      apiToken: "t",
      token: "kit",
      surveys: QualtricsMock.surveys()
    })
    try {
      small.beforeRequest((request) => {
        if (request.served === 1 && target !== undefined) small.touch(path, target.responseId)
      })
      const started = await fetch(`${front.url}/API/v3/surveys/${checkout}/export-responses`, {
        method: "POST",
        headers: { "x-api-token": "t", "content-type": "application/json" },
        body: JSON.stringify({ format: "json" })
      })
      const { result } = (await started.json()) as Envelope
      for (let i = 0; i < 2; i++) {
        await fetch(`${front.url}/API/v3/surveys/${checkout}/export-responses/${result.progressId}`, {
          headers: { "x-api-token": "t" }
        })
      }
      const file = await fetch(
        `${front.url}/API/v3/surveys/${checkout}/export-responses/3kgz1fwmtqnplx2-1-file/file`,
        {
          headers: { "x-api-token": "t" }
        }
      )
      const [entry] = Zip.read(new Uint8Array(await file.arrayBuffer()))
      const { responses } = JSON.parse(new TextDecoder().decode(entry?.data)) as {
        responses: Array<{ responseId: string; values: { recordedDate: string } }>
      }
      expect(responses).toHaveLength(40)
      expect(new Set(responses.map((r) => r.responseId)).size).toBe(40)
      expect(responses.at(-1)?.responseId).toBe(target?.responseId)
      // four pages of ten, then the edited response again at the end
      expect(small.requests.filter((r) => r.path === path)).toHaveLength(5)
    } finally {
      await front.close()
      await small.close()
    }
  })
})
