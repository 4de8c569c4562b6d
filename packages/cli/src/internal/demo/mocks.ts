// The demo's sources: the first-party plugins' bundled mock servers (their `/testing` entries, no
// vitest), each on 127.0.0.1, with the configs that point the real connectors at them.
import { AppStoreConnector } from "@cxkit/connector-appstore"
import { AppStoreMock } from "@cxkit/connector-appstore/testing"
import { HubSpotMock } from "@cxkit/connector-hubspot/testing"
import { IntercomMock } from "@cxkit/connector-intercom/testing"
import { QualtricsConnector } from "@cxkit/connector-qualtrics"
import { QualtricsMock } from "@cxkit/connector-qualtrics/testing"
import { RedditConnector } from "@cxkit/connector-reddit"
import { RedditMock } from "@cxkit/connector-reddit/testing"
import { TrustpilotConnector } from "@cxkit/connector-trustpilot"
import { TrustpilotMock } from "@cxkit/connector-trustpilot/testing"
import { TypeformConnector } from "@cxkit/connector-typeform"
import { TypeformMock } from "@cxkit/connector-typeform/testing"
import { XConnector } from "@cxkit/connector-x"
import { XMock } from "@cxkit/connector-x/testing"
import { ZendeskMock } from "@cxkit/connector-zendesk/testing"
import { Effect, Schema, type Scope } from "effect"

// The social mocks' posts go back from this instant: the start of the current UTC day, so that
// runs on the same day see the same posts (a second run then fetches nothing new).
const anchor = () => Math.floor(Date.now() / 86_400_000) * 86_400_000

// The survey platforms' fixture respondents (`customer7@example.com`, `cus_2003`) are made up;
// the demo gives them the HubSpot contacts' emails instead, so that identity resolution links a
// customer's survey answers to the CRM record, as it would with one company's real data.
// (Only the well-formed ones: one HubSpot fixture contact has a malformed email on purpose.)
const crmEmails = HubSpotMock.fixtures().objects.contacts.flatMap((c) =>
  typeof c.properties.email === "string" && /^[^@\s]+@[^@\s]+\.[a-z]+$/i.test(c.properties.email)
    ? [c.properties.email]
    : []
)
const crmEmail = (n: number) => crmEmails[n % crmEmails.length] as string

const typeformData = (now: number) => {
  const data = TypeformMock.fixtures({ now })
  let n = 0
  const responses = Object.fromEntries(
    Object.entries(data.responses).map(([form, list]) => [
      form,
      list.map((r) =>
        r.hidden?.email === undefined ? r : { ...r, hidden: { ...r.hidden, email: crmEmail(n++) } }
      )
    ])
  )
  return { ...data, responses }
}

const qualtricsResponses = (now: number) =>
  Object.fromEntries(
    Object.values(QualtricsMock.surveyIds).map((id) => [
      id,
      QualtricsMock.fixtures(id, { now }).map((r, n) =>
        typeof r.values.recipientEmail === "string"
          ? { ...r, values: { ...r.values, recipientEmail: crmEmail(n) } }
          : r
      )
    ])
  )

/** The raw (encoded) config of each demo source, by first-party plugin name; closed with the scope. */
export const start: Effect.Effect<
  ReadonlyArray<{ readonly name: string; readonly config: Readonly<Record<string, unknown>> }>,
  never,
  Scope.Scope
> = Effect.gen(function* () {
  const now = anchor()
  const [hubspot, zendesk, x, reddit, appstore, typeform, qualtrics, intercom, trustpilot] =
    yield* Effect.acquireRelease(
      Effect.promise(() =>
        Promise.all([
          HubSpotMock.mock(),
          ZendeskMock.mock(),
          XMock.start(XMock.fixtures({ now })),
          RedditMock.start(RedditMock.fixtures({ now: Math.floor(now / 1000) })),
          AppStoreMock.start(),
          TypeformMock.start({ data: typeformData(now) }),
          QualtricsMock.start({ responses: qualtricsResponses(now) }),
          IntercomMock.start(),
          TrustpilotMock.start()
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
    { name: "appstore", config: Schema.encodeSync(AppStoreConnector.Config)(appstore.config()) },
    {
      name: "typeform",
      // The customer survey's star rating is CSAT and its 1-7 effort scale CES 2.0 (Typeform's
      // field types do not say so; the config does).
      config: Schema.encodeSync(TypeformConnector.Config)({
        ...typeform.config(),
        mapping: { csat: ["satisfaction"], ces: { effort: "agreement-7" } }
      })
    },
    { name: "qualtrics", config: Schema.encodeSync(QualtricsConnector.Config)(qualtrics.config()) },
    { name: "intercom", config: { accessToken: intercom.token, baseUrl: intercom.url } },
    { name: "trustpilot", config: Schema.encodeSync(TrustpilotConnector.Config)(trustpilot.config()) }
  ]
})
