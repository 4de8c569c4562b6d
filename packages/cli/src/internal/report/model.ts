// Turns what the report reads into cxkit's core models: the warehouse's CX tables (what every
// plugin's mapping wrote) and, for the demo, the decoded sample exports; identity resolution
// across all sources, then touchpoints, feedback, orders, subscriptions, journeys and lifecycles.
import {
  Customer,
  Decode,
  Feedback,
  Identity,
  IdentityResolution,
  Journey,
  Lifecycle,
  Order,
  Sentiment,
  Subscription,
  Touchpoint
} from "@cxkit/core"
import type { Duration } from "effect"
import type { Sample } from "../demo/sample.ts"
import type { Model as Warehouse } from "../warehouse.ts"

const email = (source: string, value: string) => Identity.make({ source, kind: "email", value })

/** One source record per person per source, with the identities that source knows. */
export const sourceRecords = (sample: Sample): ReadonlyArray<IdentityResolution.SourceRecord> => {
  const records: Array<IdentityResolution.SourceRecord> = sample.contacts.map((c) => ({
    source: "crm",
    recordId: c.contact_id,
    identities: [
      email("crm", c.email),
      Identity.make({ source: "crm", kind: "crm-id", value: c.contact_id }),
      ...(c.phone === "" ? [] : [Identity.make({ source: "crm", kind: "phone", value: c.phone })]),
      ...(c.x_handle === "" ? [] : [Identity.make({ source: "x", kind: "handle", value: c.x_handle })])
    ]
  }))
  const byEmail = (source: string, emails: Iterable<string>) => {
    for (const value of new Set([...emails].map((e) => e.toLowerCase()))) {
      records.push({ source, recordId: value, identities: [email(source, value)] })
    }
  }
  byEmail(
    "helpdesk",
    sample.tickets.map((t) => t.requester_email)
  )
  byEmail(
    "surveys",
    sample.surveys.map((s) => s.email)
  )
  byEmail("shop", [...sample.orders.map((o) => o.email), ...sample.subscriptions.map((s) => s.email)])
  byEmail(
    "web",
    sample.web.map((w) => w.email)
  )
  for (const handle of new Set(
    sample.posts.map((p) => Identity.make({ source: "x", kind: "handle", value: p.handle }).value)
  )) {
    records.push({
      source: "x",
      recordId: handle,
      identities: [Identity.make({ source: "x", kind: "handle", value: handle })]
    })
  }
  return records
}

/** Channels whose texts are the public voice of the customer: they get a sentiment score. */
const publicChannels: ReadonlySet<string> = new Set(["social", "review-site", "community-forum"])

/** How the model is built: the inactivity gap that splits journeys. */
export interface ModelOptions {
  readonly journeyGap: Duration.Input
}

/**
 * Everything the report needs, as core models: the warehouse's CX tables plus, for the demo, the
 * sample's exports. Synced rows carry their source's customer ids, scoped by the source (the
 * sync's namespace) they came from; every id they reference gets a profile.
 */
export const buildModel = (sample: Sample, stored: Warehouse, options: ModelOptions) => {
  // One source's streams can hold one item twice (a post in a subreddit's listing and in a
  // search): an entity id is unique within its source.
  const unique = <A extends { readonly source: string; readonly value: { readonly id: string } }>(
    rows: ReadonlyArray<A>
  ): ReadonlyArray<A> => [...new Map(rows.map((row) => [`${row.source}:${row.value.id}`, row])).values()]
  const warehouse: Warehouse = {
    ...stored,
    customers: unique(stored.customers),
    touchpoints: unique(stored.touchpoints),
    feedback: unique(stored.feedback),
    orders: unique(stored.orders),
    subscriptions: unique(stored.subscriptions)
  }
  const synced = (source: string, id: string) => ({ source, recordId: id, identities: [] })
  const profiles = IdentityResolution.resolve([
    ...sourceRecords(sample),
    ...warehouse.customers.map((c) => ({
      source: c.source,
      recordId: c.value.id,
      identities: c.value.identities
    })),
    ...warehouse.identities.map((i) => ({
      source: i.source,
      recordId: i.value.customerId,
      identities: [i.value.identity]
    })),
    ...warehouse.touchpoints.map((t) => synced(t.source, t.value.customerId)),
    ...warehouse.feedback.map((f) => synced(f.source, f.value.customerId)),
    ...warehouse.stageEvents.map((e) => synced(e.source, e.value.customerId)),
    ...warehouse.orders.map((o) => synced(o.source, o.value.customerId)),
    ...warehouse.subscriptions.map((s) => synced(s.source, s.value.customerId))
  ])
  const customerOf = new Map<string, Customer.CustomerId>()
  for (const profile of profiles) {
    for (const record of profile.records)
      customerOf.set(`${record.source}:${record.recordId}`, profile.customerId)
  }
  const lookup = (source: string, recordId: string): Customer.CustomerId => {
    const id = customerOf.get(`${source}:${recordId}`)
    if (id === undefined) throw new Error(`no profile for ${source}:${recordId}`)
    return id
  }
  const byEmail = (source: string, value: string) => lookup(source, value.toLowerCase())

  const contactById = new Map(sample.contacts.map((c) => [c.contact_id, c]))
  const customers = profiles.map((profile) => {
    const contact = profile.records
      .map((r) => (r.source === "crm" ? contactById.get(r.recordId) : undefined))
      .find((c) => c)
    return new Customer.Customer({
      id: profile.customerId,
      identities: [...profile.identities],
      ...(contact ? { name: contact.name, attributes: { segment: contact.segment } } : {})
    })
  })

  const feedback = sample.surveys.map(
    (s) =>
      new Feedback.Feedback({
        id: s.response_id,
        customerId: byEmail("surveys", s.email),
        timestamp: s.submitted_at,
        question:
          s.metric === "nps"
            ? { metric: "nps" }
            : s.metric === "csat"
              ? { metric: "csat", min: 1, max: 5 }
              : { metric: "ces", scale: "agreement-7" },
        score: s.score,
        channel: s.channel,
        source: "surveys",
        ...(s.comment === undefined ? {} : { comment: s.comment })
      })
  )
  // Help-desk satisfaction ratings are CSAT on a good/bad (0–1) scale.
  const ticketRatings = sample.tickets.flatMap((t) =>
    t.satisfaction === undefined || t.solved_at === undefined
      ? []
      : [
          new Feedback.Feedback({
            id: `rating-${t.ticket_id}`,
            customerId: byEmail("helpdesk", t.requester_email),
            timestamp: t.solved_at,
            question: { metric: "csat", min: 0, max: 1 },
            score: t.satisfaction === "good" ? 1 : 0,
            channel: t.channel,
            source: "helpdesk"
          })
        ]
  )

  const touchpoint = (props: ConstructorParameters<typeof Touchpoint.Touchpoint>[0]) =>
    new Touchpoint.Touchpoint(props)
  const tp = Touchpoint.TouchpointId.make
  const touchpoints: Array<Touchpoint.Touchpoint> = [
    ...sample.web.map((w) =>
      touchpoint({
        id: tp(w.event_id),
        customerId: byEmail("web", w.email),
        timestamp: w.at,
        channel: w.channel,
        kind: w.kind,
        source: "web"
      })
    ),
    ...sample.tickets.flatMap((t) => [
      touchpoint({
        id: tp(`${t.ticket_id}-open`),
        customerId: byEmail("helpdesk", t.requester_email),
        timestamp: t.opened_at,
        channel: t.channel,
        kind: "ticket-opened",
        source: "helpdesk",
        journeyId: t.ticket_id,
        text: t.subject
      }),
      ...(t.solved_at === undefined
        ? []
        : [
            touchpoint({
              id: tp(`${t.ticket_id}-solved`),
              customerId: byEmail("helpdesk", t.requester_email),
              timestamp: t.solved_at,
              channel: t.channel,
              kind: "ticket-solved",
              source: "helpdesk",
              journeyId: t.ticket_id
            })
          ])
    ]),
    ...[...feedback, ...ticketRatings].map((f) =>
      touchpoint({
        id: tp(f.id),
        customerId: f.customerId,
        timestamp: f.timestamp,
        channel: f.channel ?? "survey",
        kind: "survey-response",
        source: f.source ?? "surveys",
        feedback: f
      })
    ),
    // Posts mentioning the brand get a sentiment score (the default AFINN-165 scorer).
    ...Sentiment.annotate(
      sample.posts.map((p) =>
        touchpoint({
          id: tp(p.post_id),
          customerId: lookup("x", Identity.make({ source: "x", kind: "handle", value: p.handle }).value),
          timestamp: p.posted_at,
          channel: "social",
          kind: "social-mention",
          source: "x",
          text: p.text,
          attributes: { likes: p.likes, reposts: p.reposts }
        })
      )
    ),
    ...sample.orders.map((o) =>
      touchpoint({
        id: tp(o.order_id),
        customerId: byEmail("shop", o.email),
        timestamp: o.placed_at,
        channel: "web",
        kind: "order-placed",
        source: "shop",
        attributes: { amount: o.amount }
      })
    )
  ]

  // Synced rows carry their source's customer ids: point them at the resolved customers.
  const syncedTouchpoints = warehouse.touchpoints.map(
    ({ source, value: tp }) =>
      new Touchpoint.Touchpoint({
        ...tp,
        customerId: lookup(source, tp.customerId),
        ...(tp.feedback === undefined
          ? {}
          : {
              feedback: new Feedback.Feedback({
                ...tp.feedback,
                customerId: lookup(source, tp.feedback.customerId)
              })
            })
      })
  )
  touchpoints.push(
    ...syncedTouchpoints.filter((tp) => !publicChannels.has(tp.channel) || tp.sentiment !== undefined),
    ...Sentiment.annotate(
      syncedTouchpoints.filter((tp) => publicChannels.has(tp.channel) && tp.sentiment === undefined)
    )
  )
  const syncedFeedback = warehouse.feedback.map(
    ({ source, value: f }) => new Feedback.Feedback({ ...f, customerId: lookup(source, f.customerId) })
  )

  const sampleOrders = sample.orders.map(
    (o) =>
      new Order.Order({
        id: o.order_id,
        customerId: byEmail("shop", o.email),
        timestamp: o.placed_at,
        amount: o.amount,
        currency: o.currency
      })
  )
  const orders = [
    ...sampleOrders,
    ...warehouse.orders.map(
      ({ source, value: o }) => new Order.Order({ ...o, customerId: lookup(source, o.customerId) })
    )
  ]
  const sampleSubscriptions = sample.subscriptions.map((s) =>
    Decode.decodeUnknownSync(Subscription.Subscription)({
      id: s.subscription_id,
      customerId: byEmail("shop", s.email),
      currency: s.currency,
      plan: s.plan,
      periods: s.periods.map((p) => ({
        start: p.start,
        ...(p.end === undefined ? {} : { end: p.end }),
        monthlyRecurringRevenue: p.mrr
      }))
    })
  )

  const subscriptions = [
    ...sampleSubscriptions,
    ...warehouse.subscriptions.map(
      ({ source, value: s }) =>
        new Subscription.Subscription({ ...s, customerId: lookup(source, s.customerId) })
    )
  ]

  const journeys = Journey.build(touchpoints, { by: "inactivity", gap: options.journeyGap })
  const lifecycles = Lifecycle.deriveHistory(
    [
      ...sample.lifecycle.map((l) => ({
        customerId: lookup("crm", l.contact_id),
        timestamp: l.changed_at,
        stage: l.stage
      })),
      ...warehouse.stageEvents.map(({ source, value: e }) => ({
        ...e,
        customerId: lookup(source, e.customerId)
      }))
      // Two CRMs can disagree about one customer's stage: report the events the policy forbids.
    ],
    { onViolation: "report" }
  )
  return {
    profiles,
    customers,
    feedback: [...feedback, ...ticketRatings, ...syncedFeedback],
    /** The feedback of the sample exports (held in memory; the rest is in the warehouse). */
    sampleFeedback: [...feedback, ...ticketRatings],
    /** The orders of the sample exports (held in memory). */
    sampleOrders,
    rejections: warehouse.rejections,
    touchpoints,
    orders,
    subscriptions,
    journeys,
    lifecycles
  }
}

export type Model = ReturnType<typeof buildModel>

/** The model of one segment: the customers whose `attribute` is `value`, and what is theirs. */
export const restrict = (model: Model, attribute: string, value: string): Model => {
  const ids = new Set<string>(
    model.customers.filter((c) => String(c.attributes?.[attribute] ?? "") === value).map((c) => c.id)
  )
  const theirs = <A extends { readonly customerId: string }>(items: ReadonlyArray<A>): Array<A> =>
    items.filter((item) => ids.has(item.customerId))
  return {
    profiles: model.profiles.filter((p) => ids.has(p.customerId)),
    customers: model.customers.filter((c) => ids.has(c.id)),
    feedback: theirs(model.feedback),
    sampleFeedback: theirs(model.sampleFeedback),
    sampleOrders: theirs(model.sampleOrders),
    rejections: model.rejections,
    touchpoints: theirs(model.touchpoints),
    orders: theirs(model.orders),
    subscriptions: theirs(model.subscriptions),
    journeys: theirs(model.journeys),
    lifecycles: theirs(model.lifecycles)
  }
}
