import { Decode, Lifecycle, Subscription, Timestamp } from "@cxkit/core"
import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import * as fc from "fast-check"
import { Churn, MetricError, Period, Retention } from "../src/index.ts"

const message = (f: () => unknown): string => {
  try {
    f()
  } catch (e) {
    expect(e).toBeInstanceOf(MetricError.MetricError)
    return (e as MetricError.MetricError).message
  }
  throw new Error("expected a MetricError")
}

// Worked example for January 2024 (counted by hand). A change belongs to the period containing
// its instant; the base is who was active just before 2024-01-01.
//   a  2023-06-01 → open                    active at start and end
//   b  2023-09-01 → 2024-01-20              churned (from the start base)
//   c  2023-10-01 → 2024-01-01              in the base, churns at 2024-01-01: January
//   d  2024-01-05 → open                    new
//   e  2024-01-10 → 2024-01-25              new and churned within the period
//   f  2023-03-01 → 2023-08-01, 2024-01-15 → open    reactivated
//   g  2023-05-01 → 2024-02-01              churns at 2024-02-01: February, still counted at the end
//   h  2023-01-01 → 2023-07-01, 2023-07-01 → open    plan change, no churn
// start = {a, b, c, g, h} = 5; end = {a, d, f, g, h} = 5; new = {d, e}; reactivated = {f};
// churned = {b, c, e}; churnedFromStart = {b, c}. 5 + 2 + 1 − 3 = 5.
// Customer-days in January: a 31, b 19, d 27, e 15, f 17, g 31, h 31 = 171.
const subscriptions = [
  { customerId: "a", start: "2023-06-01T00:00:00Z" },
  { customerId: "b", start: "2023-09-01T00:00:00Z", end: "2024-01-20T00:00:00Z" },
  { customerId: "c", start: "2023-10-01T00:00:00Z", end: "2024-01-01T00:00:00Z" },
  { customerId: "d", start: "2024-01-05T00:00:00Z" },
  { customerId: "e", start: "2024-01-10T00:00:00Z", end: "2024-01-25T00:00:00Z" },
  { customerId: "f", start: "2023-03-01T00:00:00Z", end: "2023-08-01T00:00:00Z" },
  { customerId: "f", start: "2024-01-15T00:00:00Z" },
  { customerId: "g", start: "2023-05-01T00:00:00Z", end: "2024-02-01T00:00:00Z" },
  { customerId: "h", start: "2023-01-01T00:00:00Z", end: "2023-07-01T00:00:00Z" },
  { customerId: "h", start: "2023-07-01T00:00:00Z" }
]
const january = { start: "2024-01-01T00:00:00Z", end: "2024-02-01T00:00:00Z" }

describe("Churn.fromSubscriptions", () => {
  it("counts customers at start and end, new, reactivated and churned", () => {
    const r = Churn.fromSubscriptions(subscriptions, january)
    expect(r).toMatchObject({
      denominator: "start",
      customersAtStart: 5,
      customersAtEnd: 5,
      new: 2,
      reactivated: 1,
      churned: 3,
      churnedFromStart: 2,
      customerDays: 171,
      rate: 0.4
    })
  })

  it("applies each denominator convention", () => {
    expect(Churn.fromSubscriptions(subscriptions, { ...january, denominator: "average" }).rate).toBe(3 / 5)
    expect(
      Churn.fromSubscriptions(subscriptions, { ...january, denominator: "customer-days" }).rate
    ).toBeCloseTo(3 / 171, 15)
  })

  it("accepts @cxkit/core Subscription models", () => {
    const decode = Decode.decodeUnknownSync(Subscription.Subscription)
    const subs = [
      decode({
        id: "s-a",
        customerId: "a",
        currency: "EUR",
        periods: [
          { start: "2023-06-01T00:00:00Z", end: "2023-12-01T00:00:00Z", monthlyRecurringRevenue: 50 },
          { start: "2023-12-01T00:00:00Z", monthlyRecurringRevenue: 80 }
        ]
      }),
      decode({
        id: "s-b",
        customerId: "b",
        currency: "EUR",
        periods: [{ start: "2023-09-01T00:00:00Z", end: "2024-01-20T00:00:00Z", monthlyRecurringRevenue: 20 }]
      })
    ]
    const r = Churn.fromSubscriptions(subs, january)
    expect([r.customersAtStart, r.churned, r.rate]).toEqual([2, 1, 0.5])
    const rows = Retention.fromSubscriptions(subs, { granularity: "month", until: "2024-02-01T00:00:00Z" })
    const jan = Period.index("2024-01-15T00:00:00Z", "month")
    expect(rows.filter((row) => row.period === jan)).toEqual([
      { customerId: "a", period: jan, revenue: 80, active: true },
      { customerId: "b", period: jan, revenue: 0, active: false }
    ])
  })

  it("refuses bad input, naming the field", () => {
    expect(
      message(() => Churn.fromSubscriptions(subscriptions, { start: january.end, end: january.start }))
    ).toBe('options.end: "2024-01-01T00:00:00Z" is not after options.start (2024-02-01T00:00:00.000Z)')
    expect(
      message(() =>
        Churn.fromSubscriptions(
          [{ customerId: "x", start: "2024-01-10T00:00:00Z", end: "2024-01-01T00:00:00Z" }],
          january
        )
      )
    ).toBe(
      'subscriptions[0].end: "2024-01-01T00:00:00Z" is not at or after its start (2024-01-10T00:00:00.000Z)'
    )
    expect(message(() => Churn.fromSubscriptions([{ customerId: "x", start: "yesterday" }], january))).toBe(
      'subscriptions[0].start: "yesterday" is not a valid Date, an ISO 8601 date or date-time with a zone (Z or ±hh:mm), epoch milliseconds or a DateTime'
    )
    expect(message(() => Churn.fromSubscriptions([], { ...january, denominator: "mean" as never }))).toBe(
      'options.denominator: "mean" is not one of "start", "average", "customer-days"'
    )
  })
})

describe("Churn.fromLifecycle", () => {
  // The same customers as lifecycle events (stage changes), including a lead stage before purchase.
  const events = [
    { customerId: "a", at: "2023-06-01T00:00:00Z", stage: "customer" },
    { customerId: "b", at: "2023-08-01T00:00:00Z", stage: "lead" },
    { customerId: "b", at: "2023-09-01T00:00:00Z", stage: "customer" },
    { customerId: "b", at: "2024-01-20T00:00:00Z", stage: "churned" },
    { customerId: "c", at: "2023-10-01T00:00:00Z", stage: "customer" },
    { customerId: "c", at: "2024-01-01T00:00:00Z", stage: "churned" },
    { customerId: "d", at: "2024-01-05T00:00:00Z", stage: "customer" },
    { customerId: "e", at: "2024-01-10T00:00:00Z", stage: "customer" },
    { customerId: "e", at: "2024-01-25T00:00:00Z", stage: "churned" },
    { customerId: "f", at: "2023-03-01T00:00:00Z", stage: "customer" },
    { customerId: "f", at: "2023-08-01T00:00:00Z", stage: "churned" },
    { customerId: "f", at: "2024-01-15T00:00:00Z", stage: "reactivated" },
    { customerId: "g", at: "2023-05-01T00:00:00Z", stage: "customer" },
    { customerId: "g", at: "2023-12-01T00:00:00Z", stage: "at-risk" },
    { customerId: "g", at: "2024-02-01T00:00:00Z", stage: "churned" },
    { customerId: "h", at: "2023-01-01T00:00:00Z", stage: "customer" },
    { customerId: "h", at: "2023-07-01T00:00:00Z", stage: "evangelist" }
  ]

  it("gives the same counts as the equivalent subscriptions", () => {
    const fromEvents = Churn.fromLifecycle(events, january)
    const fromSubs = Churn.fromSubscriptions(subscriptions, january)
    expect(fromEvents).toEqual(fromSubs)
  })

  it("accepts @cxkit/core Lifecycle.StageEvent (timestamp) and refuses contradictory ties", () => {
    const stageEvents: Array<Lifecycle.StageEvent> = events.map((e) => ({
      customerId: e.customerId,
      timestamp: Timestamp.parse(e.at),
      stage: Schema.decodeUnknownSync(Lifecycle.LifecycleStage)(e.stage)
    }))
    expect(Churn.fromLifecycle(stageEvents, january)).toEqual(Churn.fromSubscriptions(subscriptions, january))
    expect(
      message(() =>
        Churn.fromLifecycle(
          [
            { customerId: "z", at: "2024-01-03T00:00:00Z", stage: "customer" },
            { customerId: "z", at: "2024-01-03T00:00:00Z", stage: "churned" }
          ],
          january
        )
      )
    ).toContain("events[1].at")
  })
})

describe("Churn properties", () => {
  const DAY = 86_400_000
  const subs = fc.array(
    fc
      .record({
        customerId: fc.constantFrom("a", "b", "c", "d", "e", "f", "g"),
        start: fc.integer({ min: 0, max: 120 }),
        length: fc.option(fc.integer({ min: 0, max: 90 }), { nil: undefined })
      })
      .map(({ customerId, start, length }) => ({
        customerId,
        start: start * DAY,
        end: length === undefined ? undefined : (start + length) * DAY
      })),
    { maxLength: 30 }
  )
  const period = fc
    .tuple(fc.integer({ min: 0, max: 150 }), fc.integer({ min: 1, max: 60 }))
    .map(([s, l]) => ({ start: s * DAY, end: (s + l) * DAY }))

  it("end = start + new + reactivated − churned, and rates are consistent", () => {
    fc.assert(
      fc.property(subs, period, (data, p) => {
        const r = Churn.fromSubscriptions(data, p)
        expect(r.customersAtEnd).toBe(r.customersAtStart + r.new + r.reactivated - r.churned)
        expect(r.churnedFromStart).toBeLessThanOrEqual(r.churned)
        expect(r.churnedFromStart).toBeLessThanOrEqual(r.customersAtStart)
        if (r.rate !== undefined) {
          expect(r.rate).toBeGreaterThanOrEqual(0)
          expect(r.rate).toBeLessThanOrEqual(1)
        }
        expect(r.customerDays).toBeLessThanOrEqual(
          new Set(data.map((d) => d.customerId)).size * ((p.end - p.start) / DAY)
        )
      })
    )
  })

  it("does not depend on input order", () => {
    fc.assert(
      fc.property(subs, period, (data, p) => {
        expect(Churn.fromSubscriptions([...data].reverse(), p)).toEqual(Churn.fromSubscriptions(data, p))
      })
    )
  })

  it("consecutive periods chain: one period's end count is the next one's start count", () => {
    fc.assert(
      fc.property(subs, (data) => {
        const months = Churn.series(data, { from: 0, to: 200 * DAY, granularity: "month" })
        months.forEach((m, i) => {
          if (i > 0) expect(m.customersAtStart).toBe(months[i - 1]?.customersAtEnd)
        })
      })
    )
  })
})

describe("Churn.fromCounts", () => {
  const DAY = 86_400_000
  const subs = fc.array(
    fc
      .record({
        customerId: fc.constantFrom("a", "b", "c", "d", "e"),
        start: fc.integer({ min: 0, max: 90 }),
        length: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined })
      })
      .map(({ customerId, start, length }) => ({
        customerId,
        start: start * DAY,
        end: length === undefined ? undefined : (start + length) * DAY
      })),
    { maxLength: 20 }
  )

  it("rebuilds fromSubscriptions' result from its counts, under every denominator", () => {
    fc.assert(
      fc.property(
        subs,
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom<Churn.Denominator>("start", "average", "customer-days"),
        (data, s, length, denominator) => {
          const period = { start: s * DAY, end: (s + length) * DAY, denominator }
          const direct = Churn.fromSubscriptions(data, period)
          expect(Churn.fromCounts({ ...direct, start: period.start, end: period.end })).toEqual(direct)
        }
      )
    )
  })

  it("refuses counts that break the identity or the bounds, naming the count", () => {
    const counts = {
      ...january,
      customersAtStart: 5,
      customersAtEnd: 5,
      new: 2,
      reactivated: 1,
      churned: 3,
      churnedFromStart: 2,
      customerDays: 171
    }
    expect(Churn.fromCounts(counts).rate).toBe(2 / 5)
    expect(message(() => Churn.fromCounts({ ...counts, customersAtEnd: 6 }))).toBe(
      "counts.customersAtEnd: 6 is not customersAtStart + new + reactivated − churned (5)"
    )
    expect(message(() => Churn.fromCounts({ ...counts, churnedFromStart: 4 }))).toBe(
      "counts.churnedFromStart: 4 is not at most customersAtStart and churned (3)"
    )
    expect(message(() => Churn.fromCounts({ ...counts, new: 1.5 }))).toBe(
      "counts.new: 1.5 is not an integer ≥ 0"
    )
    expect(message(() => Churn.fromCounts({ ...counts, customerDays: Number.NaN }))).toBe(
      "counts.customerDays: NaN is not a finite number ≥ 0"
    )
    expect(message(() => Churn.fromCounts({ ...counts, start: january.end, end: january.start }))).toBe(
      'counts.end: "2024-01-01T00:00:00Z" is not after counts.start (2024-02-01T00:00:00.000Z)'
    )
  })
})

describe("instants", () => {
  it("refuses a date-time without a zone, which would depend on the machine's zone", () => {
    expect(() =>
      Churn.fromSubscriptions([{ customerId: "x", start: "2024-01-05T10:00:00" }], {
        start: "2024-01-01",
        end: "2024-02-01"
      })
    ).toThrow(
      'subscriptions[0].start: "2024-01-05T10:00:00" is not a valid Date, an ISO 8601 date or date-time with a zone'
    )
  })
})
