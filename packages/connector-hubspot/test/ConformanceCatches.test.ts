import { Connector, Paginate, SourceStream } from "@cxkit/connectors"
import { Conformance } from "@cxkit/connectors/vitest"
import { Effect, Option, Stream } from "effect"
import { describe, expect, it } from "vitest"
import { HubSpotConnector } from "../src/index.ts"
import { HubSpotMock } from "../src/testing.ts"

// The connector's contacts stream as it was before keyset paging: the search pages by its
// `after` offset. The live-changes check must catch it on the HubSpot mock (whose search
// offsets shift like HubSpot's), and pass the connector as it is.
const offsetContacts = SourceStream.make<HubSpotConnector.Config>()({
  name: "contacts",
  schema: HubSpotConnector.CrmObject,
  primaryKey: "id",
  cursorField: "updatedAt",
  order: "ascending",
  state: Paginate.CursorState,
  read: ({ cursor }) =>
    Stream.unwrap(
      Effect.map(HubSpotConnector.HubSpotApi, (api) =>
        Stream.paginate(undefined as string | undefined, (after) =>
          Effect.map(
            api.client.request("/crm/v3/objects/contacts/search", {
              method: "POST",
              json: {
                filterGroups:
                  cursor === undefined
                    ? []
                    : [
                        {
                          filters: [
                            {
                              propertyName: "lastmodifieddate",
                              operator: "GTE",
                              value: String(Date.parse(String(cursor.value)))
                            }
                          ]
                        }
                      ],
                sorts: [{ propertyName: "lastmodifieddate", direction: "ASCENDING" }],
                limit: api.pageSize,
                ...(after !== undefined ? { after } : {})
              }
            }),
            (response) => {
              const body = response.body as {
                readonly results: ReadonlyArray<unknown>
                readonly paging?: { readonly next?: { readonly after?: string } }
              }
              return [[{ records: body.results }], Option.fromUndefinedOr(body.paging?.next?.after)] as const
            }
          )
        )
      )
    )
})

const [, companies, deals, tickets] = HubSpotConnector.connector.streams
const pagesByOffset = Connector.make({
  id: HubSpotConnector.connector.id,
  version: "0.0.0-offset",
  config: HubSpotConnector.Config,
  check: HubSpotConnector.connector.check,
  streams: [offsetContacts, companies, deals, tickets],
  layer: HubSpotConnector.layer
})

const liveChanges = (connector: typeof pagesByOffset | typeof HubSpotConnector.connector) => {
  const check = Conformance.checks({
    connector,
    server: HubSpotMock.serverOptions({ token: "pat-na1-secret-token", pageSize: 5 }),
    serve: (server) => HubSpotMock.serve(server, { token: "pat-na1-secret-token" }),
    config: (url) => ({ accessToken: "pat-na1-secret-token", baseUrl: url, pageSize: 5 }),
    badConfig: (url) => ({ accessToken: "pat-na1-wrong-token", baseUrl: url, pageSize: 5 }),
    secrets: ["pat-na1-secret-token"]
  }).find((c) => c.name.startsWith("live changes:"))
  if (check === undefined) throw new Error("no live-changes check")
  return check.run()
}

describe("the live-changes check on the HubSpot mock", () => {
  it("catches search paged by its after offset", async () => {
    await expect(liveChanges(pagesByOffset)).rejects.toThrow(/"contacts" .* lacks .*records were skipped/)
  }, 30_000)

  it("passes the connector's keyset search", async () => {
    await expect(liveChanges(HubSpotConnector.connector)).resolves.toBeUndefined()
  }, 30_000)
})
