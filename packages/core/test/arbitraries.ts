// fast-check arbitraries producing *encoded* (JSON) inputs of the core models.
import * as fc from "fast-check"

export const isoTimestamp = fc
  .integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2030, 0, 1) })
  .map((ms) => new Date(ms).toISOString())

export const nonEmpty = fc.string({ minLength: 1, maxLength: 12 })
export const channel = fc.constantFrom("web", "email", "chat", "social", "review-site", "store", "kiosk-2")

export const question = fc.oneof(
  fc.constant({ metric: "nps" as const }),
  fc.record({
    metric: fc.constant("csat" as const),
    min: fc.constantFrom(0, 1),
    max: fc.constantFrom(5, 7, 10)
  }),
  fc.record({
    metric: fc.constant("ces" as const),
    scale: fc.constantFrom("agreement-7" as const, "effort-5" as const)
  })
)

const scaleRange = (q: { metric: string; min?: number; max?: number; scale?: string }): [number, number] =>
  q.metric === "nps"
    ? [0, 10]
    : q.metric === "csat"
      ? [q.min ?? 1, q.max ?? 5]
      : q.scale === "agreement-7"
        ? [1, 7]
        : [1, 5]

export const feedback = fc
  .tuple(
    nonEmpty,
    nonEmpty,
    isoTimestamp,
    question,
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.option(channel)
  )
  .map(([id, customerId, timestamp, q, u, ch]) => {
    const [min, max] = scaleRange(q)
    return {
      id,
      customerId,
      timestamp,
      question: q,
      score: Math.min(max, min + Math.floor(u * (max - min + 1))),
      ...(ch === null ? {} : { channel: ch })
    }
  })

export const touchpoint = fc.record(
  {
    id: nonEmpty,
    customerId: fc.constantFrom("c1", "c2", "c3"),
    timestamp: isoTimestamp,
    timeZone: fc.constantFrom("Europe/Paris", "America/New_York", "UTC"),
    channel,
    kind: fc.constantFrom("page-view", "purchase", "ticket-opened", "ad-click", "renewal", "custom"),
    source: fc.constantFrom("hubspot", "zendesk", "web"),
    stage: fc.constantFrom("discover", "research", "purchase", "support", "loyalty"),
    journeyId: fc.constantFrom("j1", "j2"),
    // JSON has no negative zero, so -0 would not survive the JSON leg of a round trip.
    sentiment: fc.double({ min: -1, max: 1, noNaN: true, noDefaultInfinity: true }).map((x) => x + 0),
    text: fc.string(),
    attributes: fc.dictionary(
      fc.string({ maxLength: 5 }),
      fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null))
    )
  },
  { requiredKeys: ["id", "customerId", "timestamp", "channel", "kind", "source"] }
)
