import { StateStore } from "@cxkit/connectors"
import { MockServer, NetworkGuard, TestSync } from "@cxkit/connectors/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted, Schema } from "effect"
import { HubSpotConnector } from "../src/index.ts"
import { HubSpotMock } from "../src/testing.ts"

const withMock = (options: Parameters<typeof HubSpotMock.mock>[0] = {}) =>
  Effect.acquireRelease(
    Effect.promise(() => HubSpotMock.mock(options)),
    (mock) => Effect.promise(() => mock.close())
  )

const configFor = (mock: HubSpotMock.Mock, extra: Record<string, unknown> = {}) => ({
  accessToken: mock.token,
  baseUrl: mock.url,
  pageSize: 3,
  ...extra
})

const decodedConfigFor = (mock: Parameters<typeof configFor>[0], extra: Record<string, unknown> = {}) =>
  Schema.decodeUnknownSync(HubSpotConnector.connector.config)(configFor(mock, extra))

const contactIds = HubSpotMock.fixtures()
  .objects.contacts.map((c) => c.id)
  .sort()

const searches = (mock: HubSpotMock.Mock, type = "contacts") =>
  mock.requests.filter((r) => r.method === "POST" && r.path === `/crm/v3/objects/${type}/search`)

describe("HubSpot connector on the HubSpot mock", () => {
  it.effect("full refresh pages the list endpoint with every discovered property", () =>
    Effect.gen(function* () {
      const mock = yield* withMock()
      const events = yield* TestSync.collect(HubSpotConnector.connector, {
        config: decodedConfigFor(mock),
        mode: "full-refresh"
      })
      assert.deepStrictEqual([...TestSync.keys(events, "contacts")].sort(), contactIds)
      assert.strictEqual(TestSync.keys(events, "deals").length, 8)
      const lists = mock.requests.filter((r) => r.path === "/crm/v3/objects/contacts" && r.method === "GET")
      assert.isTrue(lists.length >= 4)
      assert.strictEqual(searches(mock).length, 0)
      // the custom property found by the properties endpoint is read
      const ada = events.find((e) => e._tag === "Record" && e.stream === "contacts" && e.key === "110")
      assert.strictEqual(
        (ada as { record: HubSpotConnector.CrmObject }).record.properties.favorite_product,
        "Pro plan"
      )
    })
  )

  it.effect("incremental reads search ascending by lastmodifieddate, then GTE the high-water mark", () =>
    Effect.gen(function* () {
      const mock = yield* withMock()
      const store = yield* StateStore.makeMemory
      const first = yield* TestSync.collect(HubSpotConnector.connector, {
        config: decodedConfigFor(mock),
        store,
        streams: ["contacts"]
      })
      assert.deepStrictEqual([...TestSync.keys(first, "contacts")].sort(), contactIds)
      const body = searches(mock)[0]?.body as {
        sorts: Array<{ propertyName: string; direction: string }>
        filterGroups: []
      }
      assert.deepStrictEqual(body.sorts, [{ propertyName: "lastmodifieddate", direction: "ASCENDING" }])
      assert.deepStrictEqual(body.filterGroups, [])
      const before = searches(mock).length
      const second = yield* TestSync.collect(HubSpotConnector.connector, {
        config: decodedConfigFor(mock),
        store,
        streams: ["contacts"]
      })
      assert.deepStrictEqual(TestSync.keys(second, "contacts"), [])
      const next = searches(mock)[before]?.body as { filterGroups: Array<{ filters: Array<unknown> }> }
      assert.deepStrictEqual(next.filterGroups[0]?.filters, [
        {
          propertyName: "lastmodifieddate",
          operator: "GTE",
          value: String(Date.parse("2024-02-18T09:00:00.000Z"))
        }
      ])
    })
  )

  it.effect("pages search by keyset, never by offset, so the result cap is never reached", () =>
    Effect.gen(function* () {
      const mock = yield* withMock({ searchCap: 4 })
      const events = yield* TestSync.collect(HubSpotConnector.connector, {
        config: decodedConfigFor(mock, { pageSize: 2 }),
        streams: ["contacts"]
      })
      assert.strictEqual(TestSync.status(events, "contacts")?.status, "completed")
      assert.deepStrictEqual([...TestSync.keys(events, "contacts")].sort(), contactIds)
      assert.strictEqual(new Set(TestSync.keys(events, "contacts")).size, contactIds.length)
      assert.deepStrictEqual(
        searches(mock).filter((r) => (r.body as { after?: string }).after !== undefined),
        []
      )
      assert.isFalse(searches(mock).some((r) => r.status === 400))
      // each request restarts at the last delivered date: 12 contacts, pages of 2, one repeated per page
      assert.strictEqual(searches(mock).length, 11)
    })
  )

  it.effect("edits and archives between search requests lose nothing", () =>
    Effect.gen(function* () {
      const mock = yield* withMock()
      const store = yield* StateStore.makeMemory
      const path = "/crm/v3/objects/contacts"
      const delivered: Array<string> = []
      const changes = [
        () => mock.server.touch(path, "101"),
        () => mock.server.touch(path, "102"),
        () => mock.server.remove(path, "103"),
        () => mock.server.touch(path, "111")
      ]
      mock.server.beforeRequest((request) => {
        if (request.served > 0 && request.query.cxkitProbe !== undefined) changes.shift()?.()
      })
      const first = yield* TestSync.collect(HubSpotConnector.connector, {
        config: decodedConfigFor(mock),
        store,
        streams: ["contacts"]
      })
      mock.server.beforeRequest(undefined)
      const second = yield* TestSync.collect(HubSpotConnector.connector, {
        config: decodedConfigFor(mock),
        store,
        streams: ["contacts"]
      })
      const consumer = new Set<string>()
      for (const event of [...first, ...second]) {
        if (event._tag === "Record" && event.stream === "contacts") {
          consumer.add(event.key)
          delivered.push(event.key)
        }
        if (event._tag === "Deleted" && event.stream === "contacts") consumer.delete(event.key)
      }
      assert.deepStrictEqual(
        [...consumer].sort(),
        contactIds.filter((id) => id !== "103")
      )
      // the edited contacts came again with their new version
      assert.isTrue(delivered.filter((k) => k === "101").length >= 2)
    })
  )

  it.effect("drains a page whose records all share one lastmodified instant by id", () =>
    Effect.gen(function* () {
      const data = HubSpotMock.fixtures()
      const instant = "2024-02-10T09:00:00.000Z"
      const contacts = data.objects.contacts.map((c, i) =>
        i >= 2 && i < 9
          ? { ...c, updatedAt: instant, properties: { ...c.properties, lastmodifieddate: instant } }
          : c
      )
      const mock = yield* withMock({
        dataset: { ...data, objects: { ...data.objects, contacts } }
      })
      const events = yield* TestSync.collect(HubSpotConnector.connector, {
        config: decodedConfigFor(mock, { pageSize: 2 }),
        streams: ["contacts"]
      })
      const keys = TestSync.keys(events, "contacts")
      assert.deepStrictEqual([...keys].sort(), contactIds)
      assert.strictEqual(new Set(keys).size, keys.length)
      const tie = searches(mock).find((r) =>
        JSON.stringify(r.body).includes('"propertyName":"hs_object_id","operator":"GT"')
      )
      assert.isDefined(tie)
    })
  )

  it.effect("sensitive properties are synced only with sensitiveProperties", () =>
    Effect.gen(function* () {
      const data = HubSpotMock.fixtures()
      const dataset = {
        ...data,
        objects: {
          ...data.objects,
          contacts: data.objects.contacts.map((c) => ({
            ...c,
            properties: { ...c.properties, hs_health_note: `note ${c.id}` }
          }))
        },
        properties: {
          ...data.properties,
          contacts: [
            ...data.properties.contacts,
            { name: "hs_health_note", type: "string", dataSensitivity: "sensitive" }
          ]
        }
      }
      const mock = yield* withMock({ dataset })
      const noteOf = (events: Parameters<typeof TestSync.records>[0]) =>
        TestSync.records<HubSpotConnector.CrmObject>(events, "contacts").find((c) => c.id === "101")
          ?.properties.hs_health_note
      const plain = yield* TestSync.collect(HubSpotConnector.connector, {
        config: decodedConfigFor(mock),
        mode: "full-refresh",
        streams: ["contacts"]
      })
      assert.isUndefined(noteOf(plain))
      const sensitive = yield* TestSync.collect(HubSpotConnector.connector, {
        config: decodedConfigFor(mock, { sensitiveProperties: true }),
        mode: "full-refresh",
        streams: ["contacts"]
      })
      assert.strictEqual(noteOf(sensitive), "note 101")
    })
  )

  it.effect("documented response fields (url, associations, propertiesWithHistory) are not drift", () =>
    Effect.gen(function* () {
      const data = HubSpotMock.fixtures()
      const contacts = data.objects.contacts.map((c, i) =>
        i === 0
          ? {
              ...c,
              url: `https://app.hubspot.com/contacts/1/record/0-1/${c.id}`,
              associations: { companies: { results: [{ id: "201", type: "contact_to_company" }] } },
              propertiesWithHistory: {
                email: [{ value: "a@b.c", timestamp: c.updatedAt, sourceType: "CRM_UI" }]
              }
            }
          : c
      )
      const mock = yield* withMock({ dataset: { ...data, objects: { ...data.objects, contacts } } })
      const events = yield* TestSync.collect(HubSpotConnector.connector, {
        config: decodedConfigFor(mock),
        mode: "full-refresh",
        streams: ["contacts"]
      })
      assert.deepStrictEqual(
        events.filter((e) => e._tag === "SchemaDrift"),
        []
      )
      assert.strictEqual(TestSync.keys(events, "contacts").length, 12)
    })
  )

  it.effect("reports archived records as deletions on the next incremental run", () =>
    Effect.gen(function* () {
      const mock = yield* withMock()
      const store = yield* StateStore.makeMemory
      yield* TestSync.collect(HubSpotConnector.connector, {
        config: decodedConfigFor(mock),
        store,
        streams: ["contacts"]
      })
      const path = "/crm/v3/objects/contacts"
      mock.server.remove(path, "103")
      mock.server.touch(path, "105", { archived: false })
      const second = yield* TestSync.collect(HubSpotConnector.connector, {
        config: decodedConfigFor(mock),
        store,
        streams: ["contacts"]
      })
      assert.deepStrictEqual(TestSync.deletedKeys(second, "contacts"), ["103"])
      assert.deepStrictEqual(TestSync.keys(second, "contacts"), ["105"])
      const third = yield* TestSync.collect(HubSpotConnector.connector, {
        config: decodedConfigFor(mock),
        store,
        streams: ["contacts"]
      })
      assert.deepStrictEqual(TestSync.deletedKeys(third, "contacts"), [])
    })
  )

  it.effect("waits out HubSpot's 429 RATE_LIMIT answer and a Retry-After, then completes", () =>
    Effect.gen(function* () {
      const mock = yield* withMock()
      mock.server.inject({ fault: HubSpotMock.rateLimited("TEN_SECONDLY_ROLLING"), after: 1 })
      mock.server.inject({ fault: MockServer.rateLimited({ retryAfter: 3 }), after: 3 })
      const events = yield* TestSync.collect(HubSpotConnector.connector, {
        config: decodedConfigFor(mock),
        streams: ["contacts"]
      })
      assert.strictEqual(TestSync.status(events, "contacts")?.status, "completed")
      assert.deepStrictEqual([...TestSync.keys(events, "contacts")].sort(), contactIds)
      assert.strictEqual(mock.server.requests.filter((r) => r.status === 429).length, 2)
    })
  )

  it.effect("fails a stream with quota-exhausted on the DAILY policy, without retrying", () =>
    Effect.gen(function* () {
      const mock = yield* withMock()
      mock.server.inject({
        fault: HubSpotMock.rateLimited("DAILY"),
        path: "/crm/v3/objects/deals",
        times: 100
      })
      const events = yield* TestSync.collect(HubSpotConnector.connector, {
        config: decodedConfigFor(mock),
        streams: ["deals", "tickets"]
      })
      const deals = TestSync.status(events, "deals")
      assert.strictEqual(deals?.status === "failed" ? deals.error.reason : deals?.status, "quota-exhausted")
      assert.strictEqual(TestSync.status(events, "tickets")?.status, "completed")
      assert.strictEqual(mock.server.requests.filter((r) => r.status === 429).length, 1)
    })
  )

  it.effect("check fails with reason auth on a wrong token (HubSpot's 401 body)", () =>
    Effect.gen(function* () {
      const mock = yield* withMock()
      const { Connector } = yield* Effect.promise(() => import("@cxkit/connectors"))
      const { NetworkGuard } = yield* Effect.promise(() => import("@cxkit/connectors/testing"))
      const config = yield* Connector.decodeConfig(HubSpotConnector.connector, {
        accessToken: "pat-wrong",
        baseUrl: mock.url
      })
      const error = yield* Effect.flip(
        Connector.check(HubSpotConnector.connector, config).pipe(Effect.provide(NetworkGuard.layer))
      )
      assert.strictEqual(error.reason, "auth")
      assert.include(error.message, "Authentication credentials not found")
    })
  )
})

describe("recordSchema", () => {
  it.effect("types the discovered properties: stage options as literals, custom properties kept", () =>
    Effect.gen(function* () {
      const mock = yield* withMock()
      const definitions = yield* HubSpotConnector.properties("contacts").pipe(
        Effect.provide(HubSpotConnector.layer({ accessToken: Redacted.make(mock.token), baseUrl: mock.url })),
        Effect.provide(NetworkGuard.layer)
      )
      assert.include(
        definitions.map((d) => d.name),
        "favorite_product"
      )
      const Contact = HubSpotConnector.recordSchema(definitions)
      for (const contact of HubSpotMock.fixtures().objects.contacts)
        Schema.decodeUnknownSync(Contact)(contact)
      const odd = {
        ...HubSpotMock.fixtures().objects.contacts[0],
        properties: { lifecyclestage: "partner" }
      }
      assert.throws(() => Schema.decodeUnknownSync(Contact)(odd), /Expected "subscriber" \| "lead"/)
    })
  )
})

describe("classify", () => {
  const info = (headers: Record<string, string>, json: unknown) => ({
    method: "POST",
    path: "/crm/v3/objects/contacts/search",
    status: 429,
    headers,
    text: JSON.stringify(json),
    json,
    retryAfterMs: undefined,
    now: 0
  })

  it("waits one second on the secondly (search) limit", () => {
    const error = HubSpotConnector.classify(
      info(
        { "x-hubspot-ratelimit-secondly-remaining": "0" },
        { errorType: "RATE_LIMIT", policyName: "SECONDLY" }
      )
    )
    assert.strictEqual(error?.reason, "rate-limited")
    assert.strictEqual(error?.retryAfterMs, 1000)
  })

  it("leaves other answers to the default classification", () => {
    assert.isUndefined(HubSpotConnector.classify({ ...info({}, { message: "slow down" }), status: 503 }))
    assert.isUndefined(HubSpotConnector.classify(info({}, { message: "Too many requests" })))
  })
})
