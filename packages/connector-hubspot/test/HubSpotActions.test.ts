// Closing the loop on the HubSpot mock: tickets opened exactly once per request across crashes,
// contact properties set, HubSpot's errors per request.
import { Action, ConnectorError, StateStore } from "@cxkit/connectors"
import { NetworkGuard } from "@cxkit/connectors/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Layer, Schema, Stream } from "effect"
import { HubSpotConnector } from "../src/index.ts"
import { HubSpotMock } from "../src/testing.ts"

const withMock = Effect.acquireRelease(
  Effect.promise(() => HubSpotMock.mock()),
  (mock) => Effect.promise(() => mock.close())
)

const layerFor = (mock: HubSpotMock.Mock) =>
  HubSpotConnector.layer(
    Schema.decodeUnknownSync(HubSpotConnector.Config)({ accessToken: mock.token, baseUrl: mock.url })
  ).pipe(Layer.provide(NetworkGuard.layer))

const tickets = (mock: HubSpotMock.Mock) =>
  mock.server.records("/crm/v3/objects/tickets") as unknown as ReadonlyArray<{
    readonly id: string
    readonly properties: Record<string, string | null>
  }>

const createTicket = HubSpotConnector.createTicket({ idProperty: "cxkit_action_key" })
const detractors = [
  {
    key: "nps-1001",
    input: { subject: "Detractor: billing", content: "Charged twice", priority: "HIGH" as const }
  },
  { key: "nps-1002", input: { subject: "Detractor: app", content: "Crashes at checkout" } }
]

describe("HubSpot actions", () => {
  it.live("opens one ticket per request, and a later run opens none again", () =>
    Effect.gen(function* () {
      const mock = yield* withMock
      const before = tickets(mock).length
      const stateStore = yield* StateStore.makeMemory
      const run = () =>
        Stream.runCollect(
          Action.run(createTicket, { requests: detractors, stateStore, stateKey: "hubspot" })
        ).pipe(Effect.provide(layerFor(mock)))
      const first = yield* run()
      assert.deepStrictEqual(
        first.map((e) => [e._tag, e._tag === "Performed" ? e.output.created : undefined]),
        [
          ["Performed", true],
          ["Performed", true]
        ]
      )
      const second = yield* run()
      assert.deepStrictEqual(
        second.map((e) => e._tag),
        ["AlreadyDone", "AlreadyDone"]
      )
      const opened = tickets(mock).slice(before)
      assert.deepStrictEqual(
        opened.map((t) => [
          t.properties.subject,
          t.properties.hs_ticket_priority ?? null,
          t.properties.hs_pipeline_stage
        ]),
        [
          ["Detractor: billing", "HIGH", "1"],
          ["Detractor: app", null, "1"]
        ]
      )
      assert.strictEqual(
        opened[0]?.properties.cxkit_action_key,
        Action.idempotencyKey("hubspot", "create-ticket", "nps-1001")
      )
    })
  )

  it.live("after a crash between HubSpot's write and the record, the retry finds the ticket", () =>
    Effect.gen(function* () {
      const mock = yield* withMock
      const before = tickets(mock).length
      const memory = yield* StateStore.makeMemory
      // the second write to the store (nps-1001 done) dies, as the process would
      let sets = 0
      const stateStore: StateStore.Store = {
        ...memory,
        set: (namespace, stream, state) =>
          ++sets === 2
            ? Effect.fail(ConnectorError.make("transient", "killed"))
            : memory.set(namespace, stream, state)
      }
      const run = () =>
        Stream.runCollect(
          Action.run(createTicket, { requests: detractors, stateStore, stateKey: "hubspot" })
        ).pipe(Effect.provide(layerFor(mock)))
      assert.isTrue(Exit.isFailure(yield* Effect.exit(run())))
      const second = yield* run()
      assert.deepStrictEqual(
        second.map((e) => [e._tag, e._tag === "Performed" ? e.output.created : undefined]),
        [
          ["Performed", false], // found by its key: the first attempt's ticket
          ["Performed", true]
        ]
      )
      assert.strictEqual(tickets(mock).length - before, 2)
      // the tickets are HubSpot records like any other: the list endpoint (and so a sync) has them
      const listed = yield* Effect.promise(() =>
        fetch(`${mock.url}/crm/v3/objects/tickets?limit=100&properties=subject`, {
          headers: { authorization: `Bearer ${mock.token}` }
        }).then(
          (r) => r.json() as Promise<{ results: ReadonlyArray<{ properties: { subject: string | null } }> }>
        )
      )
      assert.includeMembers(
        listed.results.map((t) => t.properties.subject),
        ["Detractor: billing", "Detractor: app"]
      )
    })
  )

  it.live("fails a request HubSpot refuses, naming HubSpot's reason, and goes on", () =>
    Effect.gen(function* () {
      const mock = yield* withMock
      const stateStore = yield* StateStore.makeMemory
      const wrongProperty = HubSpotConnector.createTicket({ idProperty: "subject" })
      const [refused] = yield* Stream.runCollect(
        Action.run(wrongProperty, { requests: detractors.slice(0, 1), stateStore, stateKey: "hubspot" })
      ).pipe(Effect.provide(layerFor(mock)))
      assert.strictEqual(refused?._tag, "Failed")
      if (refused?._tag === "Failed") {
        assert.strictEqual(refused.error.status, 400)
        assert.include(refused.error.message, "is not a unique-value property of tickets")
      }
      const contacts = HubSpotMock.fixtures().objects.contacts
      const events = yield* Stream.runCollect(
        Action.run(HubSpotConnector.setContactProperties, {
          requests: [
            { key: "nudge-1", input: { contactId: "999999", properties: { lifecyclestage: "customer" } } },
            {
              key: "nudge-2",
              input: { contactId: contacts[0]?.id ?? "", properties: { cx_followup: "detractor" } }
            }
          ],
          stateStore,
          stateKey: "hubspot"
        })
      ).pipe(Effect.provide(layerFor(mock)))
      assert.deepStrictEqual(
        events.map((e) => e._tag),
        ["Failed", "Performed"]
      )
      const first = events[0]
      assert.strictEqual(first?._tag === "Failed" ? first.error.status : undefined, 404)
      const updated = (
        mock.server.records("/crm/v3/objects/contacts") as unknown as ReadonlyArray<{
          id: string
          properties: Record<string, unknown>
        }>
      ).find((c) => c.id === contacts[0]?.id)
      assert.strictEqual(updated?.properties.cx_followup, "detractor")
    })
  )
})
