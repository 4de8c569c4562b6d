// Syncs the bundled mock CRM, help-desk, social and review servers (each on 127.0.0.1, started
// here) with the real connectors. State (cursors) and the records synced so far live in a local
// folder, so a second run resumes: it fetches only what changed since the last one.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { AppStoreConnector, AppStoreMapping, AppStoreMock } from "@cxkit/connector-appstore"
import { HubSpot, Mapping as HubSpotMapping } from "@cxkit/connector-hubspot"
import { HubSpotTesting } from "@cxkit/connector-hubspot/testing"
import { RedditConnector, RedditMapping, RedditMock } from "@cxkit/connector-reddit"
import { XConnector, XMapping, XMock } from "@cxkit/connector-x"
import { Zendesk, Mapping as ZendeskMapping } from "@cxkit/connector-zendesk"
import { ZendeskTesting } from "@cxkit/connector-zendesk/testing"
import { Connector, StateStore, Sync } from "@cxkit/connectors"
import {
  type Customer,
  type Feedback,
  type Identity,
  type Lifecycle,
  Sentiment,
  type Touchpoint
} from "@cxkit/core"
import { Effect, Redacted } from "effect"

/** What one source's sync did in this run. */
export interface SourceRun {
  readonly source: string
  readonly fetched: number
  readonly deleted: number
  readonly stored: number
  readonly failed: ReadonlyArray<string>
}

/** Records kept between runs, per stream, by primary key; written atomically. */
class RecordStore {
  readonly path: string
  readonly streams: Record<string, Record<string, unknown>>
  constructor(path: string) {
    this.path = path
    try {
      this.streams = JSON.parse(readFileSync(path, "utf8")) as Record<string, Record<string, unknown>>
    } catch {
      this.streams = {}
    }
  }
  put(stream: string, key: string, record: unknown): void {
    this.streams[stream] = { ...this.streams[stream], [key]: record }
  }
  delete(stream: string, key: string): void {
    const records = this.streams[stream]
    if (records !== undefined) delete records[key]
  }
  all<A>(stream: string): Array<A> {
    return Object.values(this.streams[stream] ?? {}) as Array<A>
  }
  size(): number {
    return Object.values(this.streams).reduce((n, records) => n + Object.keys(records).length, 0)
  }
  save(): void {
    writeFileSync(`${this.path}.tmp`, JSON.stringify(this.streams))
    renameSync(`${this.path}.tmp`, this.path)
  }
}

const syncOne = async <C extends Connector.Any>(
  source: string,
  connector: C,
  options: Sync.PromiseOptions<C>,
  stateDir: string,
  progress: (line: string) => void
): Promise<{ readonly run: SourceRun; readonly store: RecordStore }> => {
  const stateStore = await Effect.runPromise(StateStore.makeFile(join(stateDir, `${source}.state.json`)))
  const store = new RecordStore(join(stateDir, `${source}.records.json`))
  let fetched = 0
  let deleted = 0
  const failed: Array<string> = []
  for await (const event of Sync.toAsyncIterable(connector, { ...options, stateStore, progressEvery: 25 })) {
    switch (event._tag) {
      case "Record":
        store.put(event.stream, event.key, event.record)
        fetched++
        break
      case "Deleted":
        store.delete(event.stream, event.key)
        deleted++
        break
      case "State":
        // The runner emits state only after the records it covers: persist those first.
        store.save()
        break
      case "Progress":
        progress(`  ${source}/${event.stream}: ${event.records} records, ${event.pages} pages`)
        break
      case "Status":
        if (event.status === "failed") failed.push(`${event.stream}: ${event.error.message}`)
        break
    }
  }
  store.save()
  progress(`  ${source}: ${fetched} new or changed records, ${deleted} deletions, ${store.size()} stored`)
  return { run: { source, fetched, deleted, stored: store.size(), failed }, store }
}

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

/** Starts the five mocks, syncs them into `stateDir`, maps the records and stops the mocks. */
export const syncAll = async (stateDir: string, progress: (line: string) => void): Promise<Synced> => {
  mkdirSync(stateDir, { recursive: true })
  const [hubspot, zendesk, x, reddit, appstore] = await Promise.all([
    HubSpotTesting.mock(),
    ZendeskTesting.mock(),
    XMock.start(),
    RedditMock.start(),
    AppStoreMock.start()
  ])
  try {
    progress(`syncing 5 sources into ${stateDir} (mock servers on 127.0.0.1)`)
    const crm = await syncOne(
      "hubspot",
      HubSpot.connector,
      { config: { accessToken: Redacted.make(hubspot.token), baseUrl: hubspot.url, requestsPerSecond: 50 } },
      stateDir,
      progress
    )
    const deskConfig = await Effect.runPromise(
      Connector.decodeConfig(Zendesk.connector, {
        baseUrl: zendesk.url,
        email: zendesk.email,
        apiToken: zendesk.apiToken
      })
    )
    const desk = await syncOne("zendesk", Zendesk.connector, { config: deskConfig }, stateDir, progress)
    const social = await syncOne("x", XConnector.connector, { config: x.config() }, stateDir, progress)
    const forum = await syncOne(
      "reddit",
      RedditConnector.connector,
      { config: reddit.config({ query: "acme" }) },
      stateDir,
      progress
    )
    const reviews = await syncOne(
      "appstore",
      AppStoreConnector.connector,
      { config: appstore.config() },
      stateDir,
      progress
    )

    const contacts = crm.store
      .all<Parameters<typeof HubSpotMapping.contactToCustomer>[0]>("contacts")
      .map(HubSpotMapping.contactToCustomer)
    const users = desk.store
      .all<Parameters<typeof ZendeskMapping.userToCustomer>[0]>("users")
      .map(ZendeskMapping.userToCustomer)
    const tweets = social.store.all<XConnector.Tweet>("mentions")
    const posts = [
      ...forum.store.all<RedditConnector.Post>("posts"),
      ...forum.store.all<RedditConnector.Comment>("comments")
    ]
    const appReviews = reviews.store.all<AppStoreConnector.Review>("reviews")
    // Each post, comment and review becomes a touchpoint of its author, known by a handle.
    const mapped = [
      ...tweets.map(XMapping.toTouchpoint),
      ...posts.map((p) => ("body" in p ? RedditMapping.fromComment(p) : RedditMapping.fromPost(p))),
      ...appReviews.map((r) => AppStoreMapping.toTouchpoint(r, { appId: appstore.appId }))
    ]
    const socialTouchpoints = Sentiment.annotate(mapped.map((m) => m.touchpoint))
    const ratings = desk.store
      .all<Parameters<typeof ZendeskMapping.ratingToFeedback>[0]>("satisfaction_ratings")
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
        ...desk.store
          .all<Parameters<typeof ZendeskMapping.ticketToTouchpoints>[0]>("tickets")
          .flatMap(ZendeskMapping.ticketToTouchpoints),
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
