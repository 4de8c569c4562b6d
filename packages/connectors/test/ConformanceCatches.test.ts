import { Effect, Option, Redacted, Schema, Stream } from "effect"
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

// Numbers its pages under the lower bound the run started from, but keeps the mark it has
// reached in its checkpoint and resumes the page number under that narrower bound: page n + 1
// of the narrower selection skips records (issue 21's connector written from page numbers
// plus updated_since).
const ResumeState = Schema.Struct({ page: Schema.Number, since: Schema.optionalKey(Schema.Number) })
const resumesUnderAnotherBound = Connector.make({
  id: reference.id,
  version: "0.0.0-broken",
  config: reference.config,
  check: reference.check,
  streams: [
    SourceStream.make<ReferenceConnector.Config>()({
      name: "contacts",
      schema: ReferenceConnector.Contact,
      primaryKey: "id",
      cursorField: "updatedAt",
      order: "ascending",
      state: ResumeState,
      read: ({ state, cursor }) =>
        Stream.unwrap(
          Effect.map(Api, (api) => {
            const since = state?.since ?? (cursor === undefined ? undefined : Number(cursor.value))
            let mark = since
            return Paginate.pageNumber({
              start: state?.page,
              pageSize: api.pageSize,
              fetch: (page) => api.get("/v1/contacts", { urlParams: { limit: api.pageSize, since, page } }),
              records: (response) => bodyRecords(response.body)
            }).pipe(
              Stream.map((page) => {
                for (const record of page.records) {
                  const at = (record as { updatedAt: number }).updatedAt
                  mark = mark === undefined || at > mark ? at : mark
                }
                return {
                  records: page.records,
                  ...(page.checkpoint !== undefined
                    ? {
                        checkpoint: {
                          page: page.checkpoint.page,
                          ...(mark !== undefined ? { since: mark } : {})
                        }
                      }
                    : {})
                }
              })
            )
          })
        )
    }),
    mentions,
    owners
  ],
  layer: reference.layer
})

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

const guide = "docs/writing-a-connector.md"

describe("the conformance suite catches broken connectors", () => {
  it("a connector that checkpoints before its records: the cause named, with its guide section", async () => {
    const failure = run(checkpointsEarly, "state:")
    await expect(failure).rejects.toThrow(/none since the previous state/)
    await expect(failure).rejects.toThrow(
      /likely cause: a checkpoint was emitted on a page before the records it covers/
    )
    await expect(failure).rejects.toThrow(
      `see ${guide}#checkpoints-and-resuming ("Checkpoints and resuming")`
    )
  }, 30_000)

  it("a connector resuming its checkpoint under another lower bound is not told it checkpoints early", async () => {
    const failure = run(resumesUnderAnotherBound as unknown as typeof checkpointsEarly, "state:")
    await expect(failure).rejects.toThrow(
      /likely cause: the checkpoint does not resume right after the records/
    )
    await expect(failure).rejects.not.toThrow(/before the records it covers/)
    await expect(failure).rejects.toThrow(`${guide}#checkpoints-and-resuming`)
  }, 30_000)

  it("a connector that loses a record tied at a page boundary", async () => {
    const failure = run(losesTies, "ties:")
    await expect(failure).rejects.toThrow(/lost records/)
    await expect(failure).rejects.toThrow(/likely cause: the lower bound is exclusive/)
    await expect(failure).rejects.toThrow(`${guide}#4-streams`)
  }, 30_000)

  it("a connector that loops on a repeated cursor", async () => {
    const failure = run(loops, "pagination:")
    await expect(failure).rejects.toThrow(/did not end/)
    await expect(failure).rejects.toThrow(/likely cause: paging without the kit's loop guard/)
  }, 30_000)

  it("a connector that pages by offset while the source changes", async () => {
    const failure = run(pagesByOffset, "live changes:")
    await expect(failure).rejects.toThrow(/records were skipped/)
    await expect(failure).rejects.toThrow(/likely cause: pages continue by offset/)
    await expect(failure).rejects.toThrow(`${guide}#never-page-by-offset ("Never page by offset")`)
  }, 30_000)

  it("a connector that logs its token", async () => {
    const failure = run(logsToken, "secrets:")
    await expect(failure).rejects.toThrow(/a secret leaked/)
    await expect(failure).rejects.toThrow(/likely cause: a log line, error or checkpoint embeds a credential/)
  }, 30_000)

  it("passes the checks these connectors do not break", async () => {
    await expect(run(logsToken, "read:")).resolves.toBeUndefined()
    await expect(run(losesTies, "read:")).resolves.toBeUndefined()
    await expect(run(pagesByOffset, "read:")).resolves.toBeUndefined()
    await expect(
      run(resumesUnderAnotherBound as unknown as typeof checkpointsEarly, "read:")
    ).resolves.toBeUndefined()
    await expect(run(reference as typeof checkpointsEarly, "live changes:")).resolves.toBeUndefined()
  }, 30_000)
})
