// The demo's sources: the five first-party plugins' bundled mock servers (their `/testing`
// entries, no vitest), each on 127.0.0.1, with the configs that point the real connectors at them.
import { AppStoreConnector } from "@cxkit/connector-appstore"
import { AppStoreMock } from "@cxkit/connector-appstore/testing"
import { HubSpotMock } from "@cxkit/connector-hubspot/testing"
import { RedditConnector } from "@cxkit/connector-reddit"
import { RedditMock } from "@cxkit/connector-reddit/testing"
import { XConnector } from "@cxkit/connector-x"
import { XMock } from "@cxkit/connector-x/testing"
import { ZendeskMock } from "@cxkit/connector-zendesk/testing"
import { Effect, Schema, type Scope } from "effect"

// The social mocks' posts go back from this instant: the start of the current UTC day, so that
// runs on the same day see the same posts (a second run then fetches nothing new).
const anchor = () => Math.floor(Date.now() / 86_400_000) * 86_400_000

/** The raw (encoded) config of each demo source, by first-party plugin name; closed with the scope. */
export const start: Effect.Effect<
  ReadonlyArray<{ readonly name: string; readonly config: Readonly<Record<string, unknown>> }>,
  never,
  Scope.Scope
> = Effect.gen(function* () {
  const now = anchor()
  const [hubspot, zendesk, x, reddit, appstore] = yield* Effect.acquireRelease(
    Effect.promise(() =>
      Promise.all([
        HubSpotMock.mock(),
        ZendeskMock.mock(),
        XMock.start(XMock.fixtures({ now })),
        RedditMock.start(RedditMock.fixtures({ now: Math.floor(now / 1000) })),
        AppStoreMock.start()
      ])
    ),
    (mocks) => Effect.promise(() => Promise.all(mocks.map((m) => m.close())))
  )
  // The social and review mocks give decoded configs (Redacted secrets): encode them back to
  // the plain form a config file holds, so every source goes through the same decoding.
  return [
    { name: "hubspot", config: { accessToken: hubspot.token, baseUrl: hubspot.url, requestsPerSecond: 50 } },
    { name: "zendesk", config: { baseUrl: zendesk.url, email: zendesk.email, apiToken: zendesk.apiToken } },
    { name: "x", config: Schema.encodeSync(XConnector.Config)(x.config()) },
    { name: "reddit", config: Schema.encodeSync(RedditConnector.Config)(reddit.config({ query: "acme" })) },
    { name: "appstore", config: Schema.encodeSync(AppStoreConnector.Config)(appstore.config()) }
  ]
})
