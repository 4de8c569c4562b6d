import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import * as fc from "fast-check"
import {
  Channel,
  Customer,
  Decode,
  Feedback,
  Identity,
  Order,
  Subscription,
  Touchpoint
} from "../src/index.ts"
import { feedback, isoTimestamp, touchpoint } from "./arbitraries.ts"

// Decoding then encoding an encoded value gives it back; JSON in between changes nothing.
const roundTrips = <T, E>(schema: Schema.Codec<T, E>, encoded: unknown) => {
  const decoded = Decode.decodeUnknownSync(schema)(encoded)
  const reencoded = Schema.encodeSync(schema)(decoded)
  expect(reencoded).toEqual(encoded)
  expect(Decode.decodeUnknownSync(schema)(JSON.parse(JSON.stringify(reencoded)))).toEqual(decoded)
}

describe("model round-trips (fast-check)", () => {
  it("Feedback", () => fc.assert(fc.property(feedback, (f) => roundTrips(Feedback.Feedback, f))))
  it("Touchpoint", () => fc.assert(fc.property(touchpoint, (t) => roundTrips(Touchpoint.Touchpoint, t))))
  it("Order", () =>
    fc.assert(
      fc.property(
        fc.record({
          id: fc.string({ minLength: 1 }),
          customerId: fc.string({ minLength: 1 }),
          timestamp: isoTimestamp,
          amount: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((x) => x + 0),
          currency: fc.constantFrom("EUR", "USD", "JPY")
        }),
        (o) => roundTrips(Order.Order, o)
      )
    ))
  it("Subscription", () =>
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 2, maxLength: 8 }),
        fc.boolean(),
        (days, open) => {
          let t = Date.UTC(2022, 0, 1)
          const bounds = days.map((d) => (t += d * 86_400_000))
          const periods = bounds.slice(0, -1).map((start, i) => ({
            start: new Date(start).toISOString(),
            ...(open && i === bounds.length - 2
              ? {}
              : { end: new Date(bounds[i + 1] ?? start).toISOString() }),
            monthlyRecurringRevenue: 10 * (i + 1)
          }))
          roundTrips(Subscription.Subscription, { id: "s", customerId: "c", currency: "EUR", periods })
        }
      )
    ))
  it("Customer", () =>
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("a@b.co", "c@d.io"), { maxLength: 3 }),
        fc.option(fc.string()),
        (emails, name) =>
          roundTrips(Customer.Customer, {
            id: "c-1",
            identities: emails.map((value) => ({ source: "crm", kind: "email", value })),
            ...(name === null ? {} : { name }),
            lifecycleStage: "customer"
          })
      )
    ))
})

describe("bad input names path, value and rule", () => {
  const base = { id: "r", customerId: "c", timestamp: "2024-05-01T10:00:00Z" }
  it.each([
    [
      { ...base, question: { metric: "nps" }, score: 11 },
      "score: Expected an integer from 0 to 10 (nps scale), got 11"
    ],
    [
      { ...base, question: { metric: "nps" }, score: 7.5 },
      "score: Expected an integer from 0 to 10 (nps scale), got 7.5"
    ],
    [
      { ...base, question: { metric: "csat", min: 1, max: 5 }, score: 0 },
      "score: Expected an integer from 1 to 5 (csat scale), got 0"
    ],
    [
      { ...base, question: { metric: "ces", scale: "effort-5" }, score: 6 },
      "score: Expected an integer from 1 to 5 (ces scale), got 6"
    ],
    [
      { ...base, question: { metric: "csat", min: 5, max: 1 }, score: 3 },
      "question.max: Expected max greater than min (5), got 1"
    ],
    [
      { ...base, customerId: "", question: { metric: "nps" }, score: 3 },
      'customerId: Expected a value with a length of at least 1, got ""'
    ],
    [
      { ...base, timestamp: "2024-05-01 10:00", question: { metric: "nps" }, score: 3 },
      'timestamp: Expected an ISO 8601 date-time with a zone (Z or ±hh:mm), got "2024-05-01 10:00"'
    ]
  ])("%j", (input, message) => {
    expect(() => Decode.decodeUnknownSync(Feedback.Feedback)(input)).toThrow(message)
  })

  it("rejects subscription periods that end before they start or overlap", () => {
    expect(() =>
      Decode.decodeUnknownSync(Subscription.Subscription)({
        id: "s",
        customerId: "c",
        currency: "EUR",
        periods: [
          { start: "2024-02-01T00:00:00Z", end: "2024-01-01T00:00:00Z", monthlyRecurringRevenue: 5 },
          { start: "2024-03-01T00:00:00Z", monthlyRecurringRevenue: 5 }
        ]
      })
    ).toThrow(
      "periods[0].end: Expected an end after the period's start (DateTime.Utc(2024-02-01T00:00:00.000Z)), got DateTime.Utc(2024-01-01T00:00:00.000Z)"
    )
    expect(() =>
      Decode.decodeUnknownSync(Subscription.Subscription)({
        id: "s",
        customerId: "c",
        currency: "EUR",
        periods: [
          { start: "2024-01-01T00:00:00Z", end: "2024-03-01T00:00:00Z", monthlyRecurringRevenue: 5 },
          { start: "2024-02-01T00:00:00Z", monthlyRecurringRevenue: 5 }
        ]
      })
    ).toThrow("periods[1].start: Expected a start at or after the previous period's end")
  })

  it("rejects a sentiment outside [-1, 1] and a bad channel slug", () => {
    const tp = {
      id: "t",
      customerId: "c",
      timestamp: "2024-05-01T10:00:00Z",
      channel: "web",
      kind: "k",
      source: "s"
    }
    expect(() => Decode.decodeUnknownSync(Touchpoint.Touchpoint)({ ...tp, sentiment: 2 })).toThrow(
      "sentiment: Expected a value between -1 and 1, got 2"
    )
    expect(() => Decode.decodeUnknownSync(Touchpoint.Touchpoint)({ ...tp, channel: "Web Site" })).toThrow(
      'channel: Expected a channel slug (lower-case letters, digits, dashes), got "Web Site"'
    )
  })
})

describe("Subscription helpers", () => {
  const sub = Decode.decodeUnknownSync(Subscription.Subscription)({
    id: "s",
    customerId: "c",
    currency: "EUR",
    periods: [
      { start: "2024-01-01T00:00:00Z", end: "2024-03-01T00:00:00Z", monthlyRecurringRevenue: 50 },
      { start: "2024-05-01T00:00:00Z", monthlyRecurringRevenue: 80 }
    ]
  })
  const at = (iso: string) => Decode.decodeUnknownSync(Schema.DateTimeUtcFromString)(iso)
  it("knows when it is active and at what MRR", () => {
    expect(Subscription.isActiveAt(sub, at("2024-02-15T00:00:00Z"))).toBe(true)
    expect(Subscription.isActiveAt(sub, at("2024-04-01T00:00:00Z"))).toBe(false)
    expect(Subscription.mrrAt(sub, at("2024-06-01T00:00:00Z"))).toBe(80)
    expect(Subscription.endOf(sub)).toBeUndefined()
  })
})

describe("Channel and Feedback helpers", () => {
  it("labels channels and thresholds CSAT", () => {
    expect(Channel.label("review-site")).toBe("Review site")
    expect(Feedback.satisfiedFrom({ metric: "csat", min: 1, max: 5 })).toBe(4)
    expect(Feedback.satisfiedFrom({ metric: "csat", min: 0, max: 1 })).toBe(1)
    expect(Feedback.scaleOf({ metric: "ces", scale: "agreement-7" })).toEqual({
      min: 1,
      max: 7,
      direction: "higher-is-better"
    })
    expect(Identity.key(Identity.make({ source: "s", kind: "phone", value: "+33 1 23 45 67 89" }))).toBe(
      "phone:+33123456789"
    )
  })
})
