// Syncs the bundled mock CRM, help-desk, social and review servers (each on 127.0.0.1, started
// here) with the real connectors into the warehouse: a DuckDB file by default, or a PostgreSQL
// database given by URL. Records and each stream's state are committed together, so a second
// run resumes exactly where the first one committed: it fetches only what changed.
import { mkdirSync } from "node:fs"
import { dirname } from "node:path"
import { AppStoreConnector, AppStoreMapping } from "@cxkit/connector-appstore"
import { AppStoreMock } from "@cxkit/connector-appstore/testing"
import { HubSpotConnector, HubSpotMapping } from "@cxkit/connector-hubspot"
import { HubSpotMock } from "@cxkit/connector-hubspot/testing"
import { RedditConnector, RedditMapping } from "@cxkit/connector-reddit"
import { RedditMock } from "@cxkit/connector-reddit/testing"
import { XConnector, XMapping } from "@cxkit/connector-x"
import { XMock } from "@cxkit/connector-x/testing"
import { ZendeskConnector, ZendeskMapping } from "@cxkit/connector-zendesk"
import { ZendeskMock } from "@cxkit/connector-zendesk/testing"
import { Connector, Destination, Sync } from "@cxkit/connectors"
import { Customer, type Entity, Feedback, Identity, Lifecycle, Sentiment, Touchpoint } from "@cxkit/core"
import { DuckDbDestination } from "@cxkit/destination-duckdb"
import { PgDestination } from "@cxkit/destination-postgres"
import { Effect, Redacted, Schema, type Scope, Stream } from "effect"
import { FetchHttpClient } from "effect/http"

/** What one source's sync did in this run. */
export interface SourceRun {
  readonly source: string
  readonly fetched: number
  readonly deleted: number
  readonly stored: number
  readonly failed: ReadonlyArray<string>
}

/** The warehouse: a PostgreSQL URL, or a DuckDB file (its folder is created). */
export const openWarehouse = (
  warehouse: string
): Effect.Effect<Destination.Destination, unknown, Scope.Scope> =>
  /^postgres(ql)?:\/\//.test(warehouse)
    ? PgDestination.make({ url: Redacted.make(warehouse) })
    : Effect.suspend(() => {
        if (warehouse !== ":memory:") mkdirSync(dirname(warehouse), { recursive: true })
        return DuckDbDestination.make({ filename: warehouse })
      })

const syncOne = <C extends Connector.Any>(
  source: string,
  connector: C,
  config: Connector.ConfigOf<C>,
  mapping: (event: Sync.RecordEventOf<C>) => ReadonlyArray<Entity.Entity>,
  destination: Destination.Destination,
  progress: (line: string) => void
) =>
  Effect.gen(function* () {
    let fetched = 0
    let deleted = 0
    const failed: Array<string> = []
    yield* Sync.run(connector, { config, destination, mapping, progressEvery: 25 }).pipe(
      Stream.runForEach((event) =>
        Effect.sync(() => {
          switch (event._tag) {
            case "Record":
              fetched++
              break
            case "Deleted":
              deleted++
              break
            case "Progress":
              progress(`  ${source}/${event.stream}: ${event.records} records, ${event.pages} pages`)
              break
            case "Status":
              if (event.status === "failed") failed.push(`${event.stream}: ${event.error.message}`)
              break
          }
        })
      ),
      Effect.provide(FetchHttpClient.layer as never)
    )
    const catalog = yield* Destination.catalog(connector.id, connector.streams as never)
    const session = yield* destination.open(catalog)
    let stored = 0
    for (const table of catalog.tables) stored += yield* Stream.runCount(session.rows(table.stream))
    progress(`  ${source}: ${fetched} new or changed records, ${deleted} deletions, ${stored} stored`)
    return { source, fetched, deleted, stored, failed } satisfies SourceRun
  })

/** A CX model row: its value and the stream it came from (`<namespace>/<stream>`). */
interface Modelled<A> {
  readonly source: string
  readonly value: A
}

const StageEventRow = Schema.Struct({
  customerId: Schema.String,
  timestamp: Schema.DateTimeUtcFromString,
  stage: Lifecycle.LifecycleStage
})
const IdentityRow = Schema.Struct({ customerId: Schema.String, ...Identity.Identity.fields })

/** The CX tables every plugin's mapping wrote, decoded with the core Schemas. */
const readModel = (destination: Destination.Destination) =>
  Effect.gen(function* () {
    const session = yield* destination.open({ namespace: "cx", tables: [], model: Destination.modelTables })
    const read = <A>(table: string, decode: (record: unknown) => A) =>
      Effect.map(Stream.runCollect(session.rows(table)), (rows) =>
        rows.map(
          (row): Modelled<A> => ({
            source: row.key.split("/").slice(0, 2).join("/"),
            value: decode(row.record)
          })
        )
      )
    return {
      customers: yield* read("customers", Schema.decodeUnknownSync(Customer.Customer)),
      identities: yield* read("identities", (record) => {
        const { customerId, ...identity } = Schema.decodeUnknownSync(IdentityRow)(record)
        return { customerId, identity: new Identity.Identity(identity) }
      }),
      touchpoints: yield* read("touchpoints", Schema.decodeUnknownSync(Touchpoint.Touchpoint)),
      feedback: yield* read("feedback", Schema.decodeUnknownSync(Feedback.Feedback)),
      stageEvents: yield* read(
        "stage_events",
        (record): Lifecycle.StageEvent => Schema.decodeUnknownSync(StageEventRow)(record)
      )
    }
  })

/** Everything the synced sources contribute to the report, as core models. */
export interface Synced {
  readonly runs: ReadonlyArray<SourceRun>
  readonly customers: ReadonlyArray<{ readonly source: string; readonly customer: Customer.Customer }>
  readonly authors: ReadonlyArray<{
    readonly source: string
    readonly id: string
    readonly identity: Identity.Identity
  }>
  readonly touchpoints: ReadonlyArray<Touchpoint.Touchpoint>
  readonly feedback: ReadonlyArray<Feedback.Feedback>
  readonly stageEvents: ReadonlyArray<Lifecycle.StageEvent>
}

// The social mocks' posts go back from this instant: the start of the current UTC day, so that
// runs on the same day see the same posts (a second run then fetches nothing new).
const anchor = Math.floor(Date.now() / 86_400_000) * 86_400_000

/** Starts the five mocks, syncs them into the warehouse, maps the records and stops the mocks. */
export const syncAll = async (warehouse: string, progress: (line: string) => void): Promise<Synced> => {
  const [hubspot, zendesk, x, reddit, appstore] = await Promise.all([
    HubSpotMock.mock(),
    ZendeskMock.mock(),
    XMock.start(XMock.fixtures({ now: anchor })),
    RedditMock.start(RedditMock.fixtures({ now: Math.floor(anchor / 1000) })),
    AppStoreMock.start()
  ])
  try {
    const deskConfig = await Effect.runPromise(
      Connector.decodeConfig(ZendeskConnector.connector, {
        baseUrl: zendesk.url,
        email: zendesk.email,
        apiToken: zendesk.apiToken
      })
    )
    const [crm, desk, mentions, forum, reviews] = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const destination = yield* openWarehouse(warehouse)
          progress(`syncing 5 sources into ${destination.location} (mock servers on 127.0.0.1)`)
          const hubspotConfig = {
            accessToken: Redacted.make(hubspot.token),
            baseUrl: hubspot.url,
            requestsPerSecond: 50
          }
          return [
            yield* syncOne(
              "hubspot",
              HubSpotConnector.connector,
              hubspotConfig,
              HubSpotMapping.toCore,
              destination,
              progress
            ),
            yield* syncOne(
              "zendesk",
              ZendeskConnector.connector,
              deskConfig,
              ZendeskMapping.toCore,
              destination,
              progress
            ),
            yield* syncOne("x", XConnector.connector, x.config(), XMapping.toCore, destination, progress),
            yield* syncOne(
              "reddit",
              RedditConnector.connector,
              reddit.config({ query: "acme" }),
              RedditMapping.toCore,
              destination,
              progress
            ),
            yield* syncOne(
              "appstore",
              AppStoreConnector.connector,
              appstore.config(),
              AppStoreMapping.toCore,
              destination,
              progress
            )
          ] as const
        })
      )
    )

    // Every plugin's mapping wrote its core entities into the warehouse's CX tables, in the same
    // transactions as the records: read them back, from the streams this report uses.
    const model = await Effect.runPromise(Effect.scoped(Effect.flatMap(openWarehouse(warehouse), readModel)))
    const from = <A>(rows: ReadonlyArray<Modelled<A>>, ...sources: ReadonlyArray<string>) =>
      rows.filter((row) => sources.includes(row.source)).map((row) => row.value)
    const social = ["x/mentions", "reddit/posts", "reddit/comments", "appstore/reviews"]
    const socialTouchpoints = Sentiment.annotate(from(model.touchpoints, ...social))
    return {
      runs: [crm, desk, mentions, forum, reviews],
      customers: model.customers
        .filter((row) => row.source === "hubspot/contacts" || row.source === "zendesk/users")
        .map((row) => ({ source: row.source.split("/")[0] ?? row.source, customer: row.value })),
      authors: from(model.identities, ...social).map(({ customerId, identity }) => ({
        source: identity.source,
        id: customerId,
        identity
      })),
      touchpoints: [...from(model.touchpoints, "zendesk/tickets"), ...socialTouchpoints],
      feedback: from(model.feedback, "zendesk/satisfaction_ratings", "appstore/reviews"),
      stageEvents: from(model.stageEvents, "hubspot/contacts")
    }
  } finally {
    await Promise.all([hubspot.close(), zendesk.close(), x.close(), reddit.close(), appstore.close()])
  }
}
