import { MockServer } from "@cxkit/connectors/testing"
import { importPKCS8, SignJWT } from "jose"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { SalesforceMock } from "../src/testing.ts"

let mock: SalesforceMock.StartedMock
beforeAll(async () => {
  mock = await SalesforceMock.start({ pageSize: 5 })
})
afterAll(() => mock.close())

const assertion = async (
  claims: { iss?: string; sub?: string; aud?: string; exp?: number },
  key = mock.key.privateKey
) => {
  let jwt = new SignJWT({}).setProtectedHeader({ alg: "RS256" })
  if (claims.iss !== undefined) jwt = jwt.setIssuer(claims.iss)
  if (claims.sub !== undefined) jwt = jwt.setSubject(claims.sub)
  if (claims.aud !== undefined) jwt = jwt.setAudience(claims.aud)
  if (claims.exp !== undefined) jwt = jwt.setExpirationTime(claims.exp)
  return jwt.sign(await importPKCS8(key, "RS256"))
}
const token = async (form: Record<string, string>) => {
  const response = await fetch(`${mock.url}/services/oauth2/token`, {
    method: "POST",
    body: new URLSearchParams(form)
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}
const good = () => ({
  iss: mock.clientId,
  sub: mock.username,
  aud: "https://login.salesforce.com",
  exp: Math.floor(Date.now() / 1000) + 180
})
const jwtGrant = async (claims: Parameters<typeof assertion>[0], key?: string) =>
  token({
    grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
    assertion: await assertion(claims, key)
  })

describe("SalesforceMock token endpoint", () => {
  it("verifies the assertion's signature and its iss, sub, aud and exp", async () => {
    const ok = await jwtGrant(good())
    expect(ok.status).toBe(200)
    expect(ok.body.instance_url).toBe(mock.url)
    const other = await SalesforceMock.generateKey()
    expect((await jwtGrant(good(), other.privateKey)).body).toEqual({
      error: "invalid_grant",
      error_description: "invalid assertion"
    })
    expect((await jwtGrant({ ...good(), iss: "3MVG9other" })).body.error).toBe("invalid_client_id")
    expect((await jwtGrant({ ...good(), sub: "eve@example.com" })).body.error_description).toBe(
      "user hasn't approved this consumer"
    )
    expect((await jwtGrant({ ...good(), aud: "https://test.salesforce.com" })).body.error_description).toBe(
      "audience is invalid"
    )
    expect((await jwtGrant({ ...good(), exp: Math.floor(Date.now() / 1000) - 3600 })).body.error).toBe(
      "invalid_grant"
    )
    const { exp: _exp, ...noExp } = good()
    expect((await jwtGrant(noExp)).status).toBe(400)
    expect((await token({ grant_type: "password", username: "u", password: "p" })).body.error).toBe(
      "unsupported_grant_type"
    )
  })
})

describe("SalesforceMock data API", () => {
  const get = async (path: string) => {
    const { body } = await jwtGrant(good())
    const response = await fetch(`${mock.url}${path}`, {
      headers: { authorization: `Bearer ${String(body.access_token)}` }
    })
    return { status: response.status, headers: response.headers, body: (await response.json()) as unknown }
  }
  const query = (soql: string) => get(`/services/data/v62.0/query?q=${encodeURIComponent(soql)}`)

  it("pages a query by nextRecordsUrl with totalSize, done and attributes, and tells Sforce-Limit-Info", async () => {
    const first = await query("SELECT Id, Name FROM Account ORDER BY SystemModstamp ASC, Id ASC")
    const body = first.body as {
      totalSize: number
      done: boolean
      nextRecordsUrl: string
      records: Array<Record<string, unknown>>
    }
    expect([body.totalSize, body.done, body.records.length]).toEqual([8, false, 5])
    expect(body.records[0]).toEqual({
      attributes: { type: "Account", url: "/services/data/v62.0/sobjects/Account/001Dn0000000001AAQ" },
      Id: "001Dn0000000001AAQ",
      Name: "Acme Corporation"
    })
    expect(first.headers.get("sforce-limit-info")).toMatch(/^api-usage=\d+\/100000$/)
    const second = (await get(body.nextRecordsUrl)).body as { done: boolean; records: Array<unknown> }
    expect([second.done, second.records.length]).toEqual([true, 3])
  })

  it("answers SOQL it does not understand with MALFORMED_QUERY, unknown fields with INVALID_FIELD", async () => {
    expect((await query("SELECT Id FORM Account")).body).toEqual([
      { message: "expecting FROM, found 'FORM'", errorCode: "MALFORMED_QUERY" }
    ])
    expect(
      ((await query("SELECT Id FROM Account WHERE Name LIKE 'A%'")).body as Array<{ errorCode: string }>)[0]
        ?.errorCode
    ).toBe("MALFORMED_QUERY")
    expect(
      ((await query("SELECT Id, Nope__c FROM Account")).body as Array<{ errorCode: string }>)[0]?.errorCode
    ).toBe("INVALID_FIELD")
    expect(
      ((await query("SELECT Id FROM Widget__c")).body as Array<{ errorCode: string }>)[0]?.errorCode
    ).toBe("INVALID_TYPE")
  })

  it("filters by keyset, including quoted Ids with escapes", async () => {
    const body = (
      await query(
        "SELECT Id FROM Contact WHERE SystemModstamp > 2024-05-03T06:00:00Z OR (SystemModstamp = 2024-05-03T06:00:00Z AND Id > '003Dn0000000001AAQ') ORDER BY SystemModstamp ASC, Id ASC"
      )
    ).body as { totalSize: number }
    expect(body.totalSize).toBeGreaterThan(0)
    expect(
      ((await query("SELECT Id FROM Contact WHERE Id = 'it\\'s'")).body as { totalSize: number }).totalSize
    ).toBe(0)
  })

  it("getDeleted lists tombstones with deletedDate, earliestDateAvailable and latestDateCovered", async () => {
    mock.server.remove(SalesforceMock.pathOf("Lead"), "00QDn0000000001AAQ")
    const body = (
      await get(
        "/services/data/v62.0/sobjects/Lead/deleted/?start=2024-05-01T00:00:00%2B00:00&end=2024-06-01T00:00:00%2B00:00"
      )
    ).body as {
      deletedRecords: Array<{ id: string }>
      earliestDateAvailable: string
      latestDateCovered: string
    }
    expect(body.deletedRecords.map((d) => d.id)).toEqual(["00QDn0000000001AAQ"])
    expect(typeof body.latestDateCovered).toBe("string")
    const reversed = await get(
      "/services/data/v62.0/sobjects/Lead/deleted/?start=2024-06-01T00:00:00%2B00:00&end=2024-05-01T00:00:00%2B00:00"
    )
    expect((reversed.body as Array<{ errorCode: string }>)[0]?.errorCode).toBe("INVALID_REPLICATION_DATE")
  })

  it("relays the kit's faults through Salesforce's endpoints", async () => {
    mock.server.inject({ fault: MockServer.serverError(503), path: SalesforceMock.pathOf("Case") })
    expect((await query("SELECT Id FROM Case")).status).toBe(503)
    expect((await query("SELECT Id FROM Case")).status).toBe(200)
  })
})
