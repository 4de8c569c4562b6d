import { Effect, Option, Redacted, Stream } from "effect"
import { describe, expect, it } from "vitest"
import { Connector, Paginate, SourceStream } from "../src/index.ts"
import { ReferenceConnector } from "../src/testing.ts"
import { Conformance } from "../src/vitest.ts"

// Deliberately broken variants of the reference connector's `contacts` stream: the suite must
// catch each of them.
const reference = ReferenceConnector.connector
const [, mentions, owners] = reference.streams
const Api = ReferenceConnector.Api

const contactsWith = (
  read: SourceStream.Options<
    "contacts",
    typeof ReferenceConnector.Contact.Type,
    typeof ReferenceConnector.Contact.Encoded,
    Paginate.CursorState,
    ReferenceConnector.Config,
    ReferenceConnector.Api
  >["read"]
) =>
  SourceStream.make<ReferenceConnector.Config>()({
    name: "contacts",
    schema: ReferenceConnector.Contact,
    primaryKey: "id",
    cursorField: "updatedAt",
    order: "ascending",
    state: Paginate.CursorState,
    read
  })

const variant = (contacts: ReturnType<typeof contactsWith>) =>
  Connector.make({
    id: reference.id,
    version: "0.0.0-broken",
    config: reference.config,
    check: reference.check,
    streams: [contacts, mentions, owners],
    layer: reference.layer
  })

const bodyRecords = (body: unknown) =>
  ((body as { results: Array<Record<string, unknown>> }).results ?? []).filter((r) => r._deleted !== true)

// Emits each page's checkpoint in a page of its own, before the records it covers.
const checkpointsEarly = variant(
  contactsWith(({ state, cursor }) =>
    Stream.unwrap(
      Effect.map(Api, (api) =>
        Paginate.cursor({
          start: state?.cursor,
          fetch: (after) =>
            api.get("/v1/contacts", {
              urlParams: { limit: api.pageSize, since: cursor?.value, cursor: after }
            }),
          records: (response) => bodyRecords(response.body),
          next: "next"
        }).pipe(
          Stream.flatMap((page) =>
            Stream.make({ records: [], checkpoint: page.checkpoint }, { records: page.records })
          )
        )
      )
    )
  )
)

// Pages by `updatedAt > last seen` (exclusive): a record tied with the last one of a page is lost.
const losesTies = variant(
  contactsWith(({ cursor }) =>
    Stream.unwrap(
      Effect.map(Api, (api) =>
        Stream.paginate(
          cursor === undefined ? undefined : Number(cursor.value) - 1,
          (after: number | undefined) =>
            Effect.map(
              api.get("/v1/contacts", {
                urlParams: { limit: api.pageSize, since: after === undefined ? undefined : after + 1 }
              }),
              (response) => {
                const records = bodyRecords(response.body)
                const last = records[records.length - 1]?.updatedAt as number | undefined
                return [
                  [{ records }],
                  records.length === api.pageSize && last !== undefined ? Option.some(last) : Option.none()
                ] as const
              }
            )
        )
      )
    )
  )
)

// Hand-rolled paging without the kit's loop guard and without checkpoints.
const loops = variant(
  contactsWith(({ cursor }) =>
    Stream.unwrap(
      Effect.map(Api, (api) =>
        Stream.paginate(undefined as string | undefined, (after) =>
          Effect.map(
            api.get("/v1/contacts", {
              urlParams: { limit: api.pageSize, since: cursor?.value, cursor: after }
            }),
            (response) => {
              const next = (response.body as { next: string | null }).next
              return [[{ records: bodyRecords(response.body) }], Option.fromNullishOr(next)] as const
            }
          )
        )
      )
    )
  )
)

// Pages by numeric offset, as search APIs answer: a record edited or deleted between two
// requests shifts every later record down, and the next offset skips one (HubSpot's old search).
const pagesByOffset = variant(
  contactsWith(({ cursor }) =>
    Stream.unwrap(
      Effect.map(Api, (api) =>
        Stream.paginate(0, (offset: number) =>
          Effect.map(
            api.get("/v1/contacts", {
              urlParams: { limit: api.pageSize, since: cursor?.value, offset }
            }),
            (response) => {
              const next = (response.body as { next: string | null }).next
              return [
                [{ records: bodyRecords(response.body) }],
                next === null ? Option.none() : Option.some(Number(next))
              ] as const
            }
          )
        )
      )
    )
  )
)

// Logs its token.
const logsToken = variant(
  contactsWith((args) =>
    Stream.unwrap(
      Effect.as(
        Effect.logDebug(`calling the API with ${Redacted.value(args.config.token)}`),
        reference.streams[0].read(args)
      )
    )
  )
)

const suite = (connector: typeof checkpointsEarly) =>
  Conformance.checks({
    connector,
    server: ReferenceConnector.mockApi({ token: "secret-token-123" }),
    config: (url) => ({ baseUrl: url, token: "secret-token-123" }),
    badConfig: (url) => ({ baseUrl: url, token: "wrong-token-456" }),
    secrets: ["secret-token-123"],
    maxRequests: 400
  })

const run = (connector: typeof checkpointsEarly, prefix: string) => {
  const check = suite(connector).find((c) => c.name.startsWith(prefix))
  if (check === undefined) throw new Error(`no check ${prefix}`)
  return check.run()
}

describe("the conformance suite catches broken connectors", () => {
  it("a connector that checkpoints before its records", async () => {
    await expect(run(checkpointsEarly, "state:")).rejects.toThrow(
      /a state was committed before the records it covers/
    )
  }, 30_000)

  it("a connector that loses a record tied at a page boundary", async () => {
    await expect(run(losesTies, "ties:")).rejects.toThrow(/lost records/)
  }, 30_000)

  it("a connector that loops on a repeated cursor", async () => {
    await expect(run(loops, "pagination:")).rejects.toThrow(/did not end/)
  }, 30_000)

  it("a connector that pages by offset while the source changes", async () => {
    await expect(run(pagesByOffset, "live changes:")).rejects.toThrow(/records were skipped/)
  }, 30_000)

  it("a connector that logs its token", async () => {
    await expect(run(logsToken, "secrets:")).rejects.toThrow(/a secret leaked/)
  }, 30_000)

  it("passes the checks these connectors do not break", async () => {
    await expect(run(logsToken, "read:")).resolves.toBeUndefined()
    await expect(run(losesTies, "read:")).resolves.toBeUndefined()
    await expect(run(pagesByOffset, "read:")).resolves.toBeUndefined()
    await expect(run(reference as typeof checkpointsEarly, "live changes:")).resolves.toBeUndefined()
  }, 30_000)
})
