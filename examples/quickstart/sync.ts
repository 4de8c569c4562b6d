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
import {
  type Customer,
  type Feedback,
  type Identity,
  type Lifecycle,
  Sentiment,
  type Touchpoint
} from "@cxkit/core"
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

/** The live records of every stream of a source, read back from the warehouse and decoded. */
type Stored = ReadonlyMap<string, ReadonlyArray<unknown>>

const syncOne = <C extends Connector.Any>(
  source: string,
  connector: C,
  config: Connector.ConfigOf<C>,
  destination: Destination.Destination,
  progress: (line: string) => void
) =>
  Effect.gen(function* () {
    let fetched = 0
    let deleted = 0
    const failed: Array<string> = []
    yield* Sync.run(connector, { config, destination, progressEvery: 25 }).pipe(
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
    const streams = connector.streams as ReadonlyArray<Connector.StreamOf<C>>
    const catalog = yield* Destination.catalog(connector.id, streams as never)
    const session = yield* destination.open(catalog)
    const records = new Map<string, ReadonlyArray<unknown>>()
    for (const stream of streams) {
      const decode = Schema.decodeUnknownSync(stream.schema as Schema.Codec<unknown, unknown>)
      const rows = yield* Stream.runCollect(session.rows(stream.name))
      records.set(
        stream.name,
        rows.map((row) => decode(row.record))
      )
    }
    const stored = [...records.values()].reduce((n, rows) => n + rows.length, 0)
    progress(`  ${source}: ${fetched} new or changed records, ${deleted} deletions, ${stored} stored`)
    return {
      run: { source, fetched, deleted, stored, failed } satisfies SourceRun,
      records: records as Stored
    }
  })

const all = <A>(stored: Stored, stream: string): Array<A> => [...(stored.get(stream) ?? [])] as Array<A>

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

/** Starts the five mocks, syncs them into the warehouse, maps the records and stops the mocks. */
export const syncAll = async (warehouse: string, progress: (line: string) => void): Promise<Synced> => {
  const [hubspot, zendesk, x, reddit, appstore] = await Promise.all([
    HubSpotMock.mock(),
    ZendeskMock.mock(),
    XMock.start(),
    RedditMock.start(),
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
    const [crm, desk, social, forum, reviews] = await Effect.runPromise(
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
            yield* syncOne("hubspot", HubSpotConnector.connector, hubspotConfig, destination, progress),
            yield* syncOne("zendesk", ZendeskConnector.connector, deskConfig, destination, progress),
            yield* syncOne("x", XConnector.connector, x.config(), destination, progress),
            yield* syncOne(
              "reddit",
              RedditConnector.connector,
              reddit.config({ query: "acme" }),
              destination,
              progress
            ),
            yield* syncOne("appstore", AppStoreConnector.connector, appstore.config(), destination, progress)
          ] as const
        })
      )
    )

    const contacts = all<Parameters<typeof HubSpotMapping.contactToCustomer>[0]>(crm.records, "contacts").map(
      HubSpotMapping.contactToCustomer
    )
    const users = all<Parameters<typeof ZendeskMapping.userToCustomer>[0]>(desk.records, "users").map(
      ZendeskMapping.userToCustomer
    )
    const tweets = all<XConnector.Tweet>(social.records, "mentions")
    const posts = [
      ...all<RedditConnector.Post>(forum.records, "posts"),
      ...all<RedditConnector.Comment>(forum.records, "comments")
    ]
    const appReviews = all<AppStoreConnector.Review>(reviews.records, "reviews")
    // Each post, comment and review becomes a touchpoint of its author, known by a handle.
    const mapped = [
      ...tweets.map(XMapping.toTouchpoint),
      ...posts.map((p) => ("body" in p ? RedditMapping.fromComment(p) : RedditMapping.fromPost(p))),
      ...appReviews.map((r) => AppStoreMapping.toTouchpoint(r, { appId: appstore.appId }))
    ]
    const socialTouchpoints = Sentiment.annotate(mapped.map((m) => m.touchpoint))
    const ratings = all<Parameters<typeof ZendeskMapping.ratingToFeedback>[0]>(
      desk.records,
      "satisfaction_ratings"
    )
      .map(ZendeskMapping.ratingToFeedback)
      .flatMap((m) => (m._tag === "Rated" ? [m.feedback] : []))
    return {
      runs: [crm.run, desk.run, social.run, forum.run, reviews.run],
      customers: [
        ...contacts.map((m) => ({ source: "hubspot", customer: m.customer })),
        ...users.map((m) => ({ source: "zendesk", customer: m.customer }))
      ],
      authors: mapped.map((m) => ({
        source: m.touchpoint.source,
        id: m.touchpoint.customerId,
        identity: m.identity
      })),
      touchpoints: [
        ...all<Parameters<typeof ZendeskMapping.ticketToTouchpoints>[0]>(desk.records, "tickets").flatMap(
          ZendeskMapping.ticketToTouchpoints
        ),
        ...socialTouchpoints
      ],
      feedback: [
        ...ratings,
        ...socialTouchpoints.flatMap((t) => (t.feedback === undefined ? [] : [t.feedback]))
      ],
      stageEvents: contacts.flatMap((m) => m.stageEvents)
    }
  } finally {
    await Promise.all([hubspot.close(), zendesk.close(), x.close(), reddit.close(), appstore.close()])
  }
}
