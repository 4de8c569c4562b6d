import { Connector, Paginate, SourceStream } from "@cxkit/connectors"
import { Conformance } from "@cxkit/connectors/vitest"
import { Effect, Option, type Schema, Stream } from "effect"
import { describe, expect, it } from "vitest"
import { IntercomConnector } from "../src/index.ts"
import { IntercomMock } from "../src/testing.ts"

// Streams as a first attempt would write them: one search from the high-water mark, paged by
// Intercom's starting_after. The live-changes check must catch them on the Intercom mock (whose
// starting_after is an offset into results that move), and pass the connector as it is.
const pagedByStartingAfter = <const Name extends string, A, I>(
  name: Name,
  schema: Schema.Codec<A, I>,
  path: string,
  key: string
) =>
  SourceStream.make<IntercomConnector.Config>()({
    name,
    schema: schema as unknown as Schema.Codec<
      { id: string; updated_at: number },
      { id: string; updated_at: number }
    >,
    primaryKey: "id",
    cursorField: "updated_at",
    order: "ascending",
    state: Paginate.NoState,
    read: ({ cursor }) =>
      Stream.unwrap(
        Effect.map(IntercomConnector.IntercomApi, (api) =>
          Stream.paginate(undefined as string | undefined, (after) =>
            Effect.map(
              api.client.request(path, {
                method: "POST",
                json: {
                  query: { field: "updated_at", operator: ">", value: Number(cursor?.value ?? 0) },
                  sort: { field: "updated_at", order: "ascending" },
                  pagination: {
                    per_page: api.perPage,
                    ...(after !== undefined ? { starting_after: after } : {})
                  }
                }
              }),
              (response) => {
                const body = response.body as Record<string, unknown> & {
                  readonly pages?: { readonly next?: { readonly starting_after?: string } }
                }
                return [
                  [{ records: body[key] as ReadonlyArray<unknown> }],
                  Option.fromUndefinedOr(body.pages?.next?.starting_after)
                ] as const
              }
            )
          )
        )
      )
  })

const [contacts, companies, conversations, tickets] = IntercomConnector.connector.streams
const variant = (
  streams: ReadonlyArray<SourceStream.Any<IntercomConnector.Config, IntercomConnector.IntercomApi>>
) =>
  Connector.make({
    id: IntercomConnector.connector.id,
    version: "0.0.0-starting-after",
    config: IntercomConnector.Config,
    check: IntercomConnector.connector.check,
    streams,
    layer: IntercomConnector.layer
  })

const liveChanges = (connector: Connector.Any) => {
  const check = Conformance.checks({
    connector,
    server: IntercomMock.serverOptions({ token: "tok-intercom-secret", pageSize: 5 }),
    serve: (server) => IntercomMock.serve(server, { token: "tok-intercom-secret" }),
    config: (url) => ({ accessToken: "tok-intercom-secret", baseUrl: url, perPage: 5 }),
    badConfig: (url) => ({ accessToken: "tok-intercom-wrong", baseUrl: url, perPage: 5 }),
    secrets: ["tok-intercom-secret"]
  }).find((c) => c.name.startsWith("live changes:"))
  if (check === undefined) throw new Error("no live-changes check")
  return check.run()
}

describe("the live-changes check on the Intercom mock", () => {
  it("catches conversation search paged by starting_after", async () => {
    const naive = pagedByStartingAfter(
      "conversations",
      IntercomConnector.Conversation,
      "/conversations/search",
      "conversations"
    )
    await expect(liveChanges(variant([contacts, companies, naive, tickets] as never))).rejects.toThrow(
      /"conversations" .* lacks .*records were skipped/
    )
  }, 30_000)

  it("catches contact search paged by starting_after across days", async () => {
    const naive = pagedByStartingAfter("contacts", IntercomConnector.Contact, "/contacts/search", "data")
    await expect(liveChanges(variant([naive, companies, conversations, tickets] as never))).rejects.toThrow(
      /"contacts" .* lacks .*records were skipped/
    )
  }, 30_000)

  it("passes the connector's keyset and day-by-day reads", async () => {
    await expect(liveChanges(IntercomConnector.connector)).resolves.toBeUndefined()
  }, 30_000)
})
