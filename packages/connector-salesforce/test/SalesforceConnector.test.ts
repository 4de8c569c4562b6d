import { StateStore } from "@cxkit/connectors"
import { MockServer, NetworkGuard, TestSync } from "@cxkit/connectors/testing"
import { Cause, Effect, Exit, Redacted, Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { SalesforceConnector } from "../src/index.ts"
import { SalesforceMock } from "../src/testing.ts"

let key: { readonly privateKey: string; readonly publicKey: string }
beforeAll(async () => {
  key = await SalesforceMock.generateKey()
})

const mocks: Array<SalesforceMock.StartedMock> = []
afterAll(async () => {
  for (const mock of mocks) await mock.close()
})
const start = async (options: Parameters<typeof SalesforceMock.start>[0] = {}) => {
  const mock = await SalesforceMock.start({ key, pageSize: 5, ...options })
  mocks.push(mock)
  return mock
}

const connector = SalesforceConnector.connector
const TestLayer = NetworkGuard.layer
const data = SalesforceMock.fixtures()
const ids = (rows: ReadonlyArray<{ readonly Id?: unknown }>) => rows.map((r) => String(r.Id)).sort()
const freshStore = () => Effect.runSync(StateStore.makeMemory)
const failureOf = (run: TestSync.Run<unknown>, stream: string) => {
  const status = TestSync.status(run as TestSync.Run<{ readonly _tag: string }>, stream)
  return status?.status === "failed" ? status.error : undefined
}
const queries = (mock: SalesforceMock.Mock, object: string) =>
  mock.requests.filter((r) => r.soql?.includes(` FROM ${object}`) === true)

describe("queries", () => {
  it("a full sync reads every object, paging each query by nextRecordsUrl", async () => {
    const mock = await start()
    const run = await TestSync.run(connector, { config: mock.config() })
    expect(Exit.isSuccess(run.exit)).toBe(true)
    expect(TestSync.keys(run, "accounts").sort()).toEqual(ids(data.accounts))
    expect(TestSync.keys(run, "contacts").sort()).toEqual(ids(data.contacts))
    expect(TestSync.keys(run, "leads").sort()).toEqual(ids(data.leads))
    expect(TestSync.keys(run, "opportunities").sort()).toEqual(ids(data.opportunities))
    expect(TestSync.keys(run, "cases").sort()).toEqual(ids(data.cases))
    expect(TestSync.keys(run, "case_comments").sort()).toEqual(ids(data.caseComments))
    // 12 contacts in batches of 5: one query and two nextRecordsUrl pages
    expect(queries(mock, "Contact")).toHaveLength(1)
    const more = mock.requests.filter((r) => /\/query\/0r8\w+-(5|10)$/.test(r.path))
    expect(more.length).toBeGreaterThanOrEqual(2)
    // no custom fields in the fixtures: nothing is reported as drift
    expect(run.events.filter((e) => e._tag === "SchemaDrift")).toEqual([])
  })

  it("sends SOQL ordered by SystemModstamp and Id, selects the describe's fields (no compound ones) and the case of each comment", async () => {
    const mock = await start()
    await TestSync.run(connector, { config: mock.config(), streams: ["accounts", "case_comments"] })
    const [account] = queries(mock, "Account")
    expect(account?.soql).toBe(
      "SELECT Id, IsDeleted, Name, Type, Industry, AnnualRevenue, NumberOfEmployees, Website, Phone, BillingCountry, OwnerId, CreatedDate, LastModifiedDate, SystemModstamp FROM Account ORDER BY SystemModstamp ASC, Id ASC"
    )
    const [comment] = queries(mock, "CaseComment")
    expect(comment?.soql).toContain("Parent.ContactId, Parent.AccountId, Parent.Origin FROM CaseComment")
  })

  it("incremental: the next run asks SystemModstamp >= the mark and delivers only what changed", async () => {
    const mock = await start()
    const store = freshStore()
    await TestSync.run(connector, { config: mock.config(), store, streams: ["contacts"] })
    const path = SalesforceMock.pathOf("Contact")
    const touched = mock.server.touch(path, data.contacts[0]?.Id, { Title: "CEO" })
    const second = await TestSync.run(connector, { config: mock.config(), store, streams: ["contacts"] })
    expect(TestSync.keys(second, "contacts")).toEqual([touched.Id])
    const last = queries(mock, "Contact").at(-1)?.soql ?? ""
    // the keyset of the last contact delivered: its SystemModstamp and Id
    expect(last).toMatch(
      /WHERE SystemModstamp > 2024-05-\d\dT\d\d:00:00Z OR \(SystemModstamp = 2024-05-\d\dT\d\d:00:00Z AND Id > '003Dn0000000012AAQ'\)/
    )
  })

  it("ties: two contacts sharing one SystemModstamp across a batch boundary are both delivered once", async () => {
    const mock = await start()
    const run = await TestSync.run(connector, { config: mock.config(), streams: ["contacts"] })
    const keys = TestSync.keys(run, "contacts")
    expect(new Set(keys).size).toBe(keys.length)
    expect(keys.length).toBe(12)
  })

  it("an expired query locator restarts the query after the last record delivered", async () => {
    const mock = await start()
    let released = false
    mock.server.beforeRequest((request) => {
      if (request.path === SalesforceMock.pathOf("Contact") && request.served === 2 && !released) {
        released = true
        mock.releaseCursors()
      }
    })
    const run = await TestSync.run(connector, { config: mock.config(), streams: ["contacts"] })
    mock.server.beforeRequest(undefined)
    expect(TestSync.status(run, "contacts")?.status).toBe("completed")
    expect(TestSync.keys(run, "contacts").sort()).toEqual(ids(data.contacts))
    expect(mock.requests.some((r) => r.status === 400 && r.path.includes("/query/0r8"))).toBe(true)
    const contactQueries = queries(mock, "Contact")
    expect(contactQueries).toHaveLength(2)
    expect(contactQueries[1]?.soql).toContain("AND Id > '003Dn0000000005AAQ'")
  })

  it("a resumed run restarts the query from its checkpoint's keyset, never from a stored locator", async () => {
    const mock = await start()
    const store = freshStore()
    const cut = await TestSync.run(connector, {
      config: mock.config(),
      store,
      streams: ["contacts"],
      take: 8
    })
    expect(TestSync.keys(cut, "contacts").length).toBeLessThan(12)
    const resumed = await TestSync.run(connector, { config: mock.config(), store, streams: ["contacts"] })
    const all = new Set([...TestSync.keys(cut, "contacts"), ...TestSync.keys(resumed, "contacts")])
    expect([...all].sort()).toEqual(ids(data.contacts))
    expect(queries(mock, "Contact").at(-1)?.soql).toContain("AND Id > ")
  })
})

describe("deletions", () => {
  it("a record deleted after a run is reported by the next one, and only once", async () => {
    const mock = await start()
    const store = freshStore()
    await TestSync.run(connector, { config: mock.config(), store, streams: ["cases"] })
    const gone = data.cases[3]?.Id as string
    mock.server.remove(SalesforceMock.pathOf("Case"), gone)
    const second = await TestSync.run(connector, { config: mock.config(), store, streams: ["cases"] })
    expect(TestSync.deletedKeys(second, "cases")).toEqual([gone])
    const deletedCalls = mock.requests.filter((r) => r.path.endsWith("/sobjects/Case/deleted/"))
    expect(deletedCalls.length).toBeGreaterThan(0)
    const third = await TestSync.run(connector, { config: mock.config(), store, streams: ["cases"] })
    expect(TestSync.deletedKeys(third, "cases")).toEqual([])
    expect(TestSync.keys(third, "cases")).toEqual([])
  })

  it("a full refresh reads no delete log", async () => {
    const mock = await start()
    await TestSync.run(connector, { config: mock.config(), streams: ["cases"], mode: "full-refresh" })
    expect(mock.requests.filter((r) => r.path.includes("/deleted"))).toEqual([])
  })

  it("a delete log purged since the last run fails the stream with reason config, telling how to recover", async () => {
    const mock = await start()
    const store = freshStore()
    await TestSync.run(connector, { config: mock.config(), store, streams: ["cases"] })
    const path = SalesforceMock.pathOf("Case")
    mock.server.touch(path, data.cases[0]?.Id)
    mock.server.remove(path, data.cases[1]?.Id)
    mock.purgeDeletedBefore("2099-01-01T00:00:00.000Z")
    const second = await TestSync.run(connector, { config: mock.config(), store, streams: ["cases"] })
    const error = failureOf(second, "cases")
    expect(error?.reason).toBe("config")
    expect(error?.message).toContain("Salesforce no longer has the deletions of Case since")
    expect(error?.message).toContain('mode "full-refresh"')
    // a full refresh then works, and incremental runs continue after it
    const refresh = await TestSync.run(connector, {
      config: mock.config(),
      store,
      streams: ["cases"],
      mode: "full-refresh"
    })
    expect(TestSync.status(refresh, "cases")?.status).toBe("completed")
    mock.purgeDeletedBefore("2000-01-01T00:00:00.000Z")
    const after = await TestSync.run(connector, { config: mock.config(), store, streams: ["cases"] })
    expect(TestSync.status(after, "cases")?.status).toBe("completed")
  })
})

describe("authentication", () => {
  it("JWT bearer: the assertion is RS256 with iss, sub, aud and exp; instance_url becomes the API base", async () => {
    const mock = await start()
    const run = await TestSync.run(connector, { config: mock.config(), streams: ["accounts"] })
    expect(TestSync.status(run, "accounts")?.status).toBe("completed")
    expect(mock.tokensIssued()).toBe(1)
  })

  it("JWT bearer: a key the connected app does not hold, or another user, fails check with reason auth", async () => {
    const mock = await start()
    const other = await SalesforceMock.generateKey()
    for (const config of [
      { ...mock.config(), privateKey: Redacted.make(other.privateKey) },
      { ...mock.config(), username: "someone@else.example" },
      { ...mock.config(), clientId: "3MVG9unknown" }
    ]) {
      const exit = await Effect.runPromiseExit(
        SalesforceConnector.connector
          .check(config)
          .pipe(Effect.provide(SalesforceConnector.layer(config)), Effect.provide(TestLayer))
      )
      expect(Exit.isFailure(exit)).toBe(true)
      if (Exit.isFailure(exit)) {
        const error = Cause.findErrorOption(exit.cause)
        expect(error._tag === "Some" && error.value.reason).toBe("auth")
        expect(Cause.pretty(exit.cause)).not.toContain(other.privateKey.slice(40, 80))
      }
    }
  })

  it("a private key that is not PKCS#8 fails with reason config", async () => {
    const mock = await start()
    const config = {
      ...mock.config(),
      privateKey: Redacted.make("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----")
    }
    const exit = await Effect.runPromiseExit(
      SalesforceConnector.connector
        .check(config)
        .pipe(Effect.provide(SalesforceConnector.layer(config)), Effect.provide(TestLayer))
    )
    const error = Exit.isFailure(exit) ? Cause.findErrorOption(exit.cause) : undefined
    expect(error?._tag === "Some" && error.value.reason).toBe("config")
  })

  it("refresh token: grant_type=refresh_token with the client id and secret; a revoked token fails with reason auth", async () => {
    const mock = await start()
    const run = await TestSync.run(connector, {
      config: mock.config({ flow: "refresh-token" }),
      streams: ["leads"]
    })
    expect(TestSync.keys(run, "leads").sort()).toEqual(ids(data.leads))
    const revoked = {
      ...mock.config({ flow: "refresh-token" }),
      refreshToken: Redacted.make("5Aep861revoked")
    }
    const bad = await TestSync.run(connector, { config: revoked, streams: ["leads"] })
    const error = failureOf(bad, "leads")
    expect(error?.reason).toBe("auth")
    expect(error?.message).toContain("invalid_grant")
    expect(error?.message).not.toContain("5Aep861revoked")
  })

  it("a config with neither flow's credentials fails with reason config", async () => {
    const config = Schema.decodeUnknownSync(SalesforceConnector.Config)({ clientId: "3MVG9-key" })
    const run = await TestSync.run(connector, { config, streams: ["accounts"] })
    expect(Exit.isFailure(run.exit) || failureOf(run, "accounts")?.reason === "config").toBe(true)
  })

  it("401 INVALID_SESSION_ID: re-authenticates once and goes on", async () => {
    const mock = await start()
    let expired = false
    mock.server.beforeRequest((request) => {
      if (request.path === SalesforceMock.pathOf("Contact") && request.served === 1 && !expired) {
        expired = true
        mock.expireSessions()
      }
    })
    // the session expires while a page is asked for: that request still answers, the next one is 401
    const run = await TestSync.run(connector, { config: mock.config(), streams: ["contacts", "leads"] })
    mock.server.beforeRequest(undefined)
    expect(TestSync.status(run, "contacts")?.status).toBe("completed")
    expect(TestSync.status(run, "leads")?.status).toBe("completed")
    expect(mock.tokensIssued()).toBe(2)
    expect(mock.requests.filter((r) => r.status === 401)).toHaveLength(1)
  })

  it("a session refused again right after re-authenticating fails with reason auth (no loop)", async () => {
    const mock = await start()
    mock.server.inject({
      fault: MockServer.unauthorized(),
      path: SalesforceMock.pathOf("Account"),
      times: Number.POSITIVE_INFINITY
    })
    const run = await TestSync.run(connector, { config: mock.config(), streams: ["accounts"] })
    expect(failureOf(run, "accounts")?.reason).toBe("auth")
    expect(mock.tokensIssued()).toBe(2)
  })
})

describe("limits and errors", () => {
  it("Sforce-Limit-Info at the threshold: no more requests, reason quota-exhausted", async () => {
    const mock = await start({ apiLimit: 1000 })
    mock.setApiUsage(899)
    const run = await TestSync.run(connector, { config: mock.config(), streams: ["contacts", "leads"] })
    const error = failureOf(run, "contacts")
    expect(error?.reason).toBe("quota-exhausted")
    expect(error?.message).toContain(
      "of the org's 1000 daily API requests used, at or above apiUsageThreshold 0.9"
    )
    expect(failureOf(run, "leads")?.reason).toBe("quota-exhausted")
    const dataRequests = mock.requests.filter((r) => r.path.startsWith("/services/data/"))
    // the describe's answer said 900/1000: nothing more was sent
    expect(dataRequests.map((r) => r.path)).toEqual(["/services/data/v62.0/sobjects/Contact/describe"])
  })

  it("the threshold is configurable", async () => {
    const mock = await start({ apiLimit: 1000 })
    mock.setApiUsage(895)
    const run = await TestSync.run(connector, {
      config: { ...mock.config(), apiUsageThreshold: 0.99 },
      streams: ["contacts"]
    })
    expect(TestSync.status(run, "contacts")?.status).toBe("completed")
  })

  it("403 REQUEST_LIMIT_EXCEEDED: reason quota-exhausted, not retried", async () => {
    const mock = await start()
    mock.server.inject({
      fault: SalesforceMock.requestLimitExceeded(),
      path: SalesforceMock.pathOf("Lead"),
      times: Number.POSITIVE_INFINITY
    })
    const run = await TestSync.run(connector, { config: mock.config(), streams: ["leads"] })
    const error = failureOf(run, "leads")
    expect(error?.reason).toBe("quota-exhausted")
    expect(error?.message).toContain("403 REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.")
    expect(mock.requests.filter((r) => r.status === 403)).toHaveLength(1)
  })

  it("5xx answers are retried by the kit", async () => {
    const mock = await start()
    mock.server.inject({
      fault: MockServer.serverError(503),
      path: SalesforceMock.pathOf("Account"),
      after: 1,
      times: 2
    })
    const run = await TestSync.run(connector, { config: mock.config(), streams: ["accounts"] })
    expect(TestSync.keys(run, "accounts").sort()).toEqual(ids(data.accounts))
    expect(mock.requests.filter((r) => r.status === 503)).toHaveLength(2)
  })

  it("classify reads Salesforce's error array", () => {
    const info = (status: number, json: unknown) => ({
      method: "GET",
      path: "/services/data/v62.0/query",
      status,
      headers: {},
      text: JSON.stringify(json),
      json,
      retryAfterMs: undefined,
      now: 0
    })
    const malformed = SalesforceConnector.classify(
      info(400, [{ message: "unexpected token: 'FORM'", errorCode: "MALFORMED_QUERY" }])
    )
    expect([malformed?.reason, malformed?.message]).toEqual([
      "source-bug",
      "GET /services/data/v62.0/query answered 400 MALFORMED_QUERY: unexpected token: 'FORM'"
    ])
    const field = SalesforceConnector.classify(
      info(400, [{ message: "bad", errorCode: "INVALID_FIELD", fields: ["Foo__c"] }])
    )
    expect(field?.message).toContain("(fields Foo__c)")
    expect(
      SalesforceConnector.classify(
        info(401, [{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }])
      )?.reason
    ).toBe("auth")
    expect(
      SalesforceConnector.classify(info(403, [{ message: "no", errorCode: "INSUFFICIENT_ACCESS" }]))?.reason
    ).toBe("auth")
    expect(
      SalesforceConnector.classify(
        info(400, [{ message: "sObject type 'Lead' is not supported.", errorCode: "INVALID_TYPE" }])
      )?.reason
    ).toBe("config")
    expect(
      SalesforceConnector.classify(info(503, [{ message: "down", errorCode: "SERVER_UNAVAILABLE" }]))?.reason
    ).toBe("transient")
    expect(SalesforceConnector.classify(info(500, { message: "html" }))).toBeUndefined()
  })
})
