import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import { Cohort, MetricError, Period, Retention } from "../src/index.ts"

const message = (f: () => unknown): string => {
  try {
    f()
  } catch (e) {
    expect(e).toBeInstanceOf(MetricError.MetricError)
    return (e as MetricError.MetricError).message
  }
  throw new Error("expected a MetricError")
}

describe("Retention periods", () => {
  it("indexes and labels calendar periods in UTC", () => {
    expect(Period.index("1970-01-01", "month")).toBe(0)
    expect(Period.index("2024-03-31T23:59:59Z", "month")).toBe(54 * 12 + 2)
    expect(Period.label(Period.index("2024-03-31T23:59:59Z", "month"), "month")).toBe("2024-03")
    // 2024-03-06 is a Wednesday; its ISO week starts on Monday 2024-03-04.
    expect(Period.label(Period.index("2024-03-06", "week"), "week")).toBe("2024-03-04")
    expect(Period.label(Period.index("2024-03-10T12:00:00Z", "week"), "week")).toBe("2024-03-04")
    expect(Period.label(Period.index("2024-11-30", "quarter"), "quarter")).toBe("2024-Q4")
    expect(Period.label(Period.index(Date.UTC(1969, 11, 31), "month"), "month")).toBe("1969-12")
    expect(new Date(Period.start(Period.index("2023-07-19", "year"), "year")).toISOString()).toBe(
      "2023-01-01T00:00:00.000Z"
    )
    expect(message(() => Period.index("not a date", "month"))).toBe(
      'at: "not a date" is not a valid Date, an ISO 8601 date or date-time with a zone (Z or ±hh:mm), epoch milliseconds or a DateTime'
    )
  })
})

describe("Retention.movements and revenueRetention", () => {
  // Worked example (by hand): period 0: a 100, b 50, c 30. Period 1: a 120 (expansion 20),
  // b 40 (contraction 10), c gone (churn 30), d 70 (new). Period 2: a 120, c 25 (reactivation),
  // d 0 (churn 70), b 40.
  const rows = [
    { customerId: "a", period: 0, revenue: 100 },
    { customerId: "b", period: 0, revenue: 50 },
    { customerId: "c", period: 0, revenue: 30 },
    { customerId: "a", period: 1, revenue: 120 },
    { customerId: "b", period: 1, revenue: 40 },
    { customerId: "d", period: 1, revenue: 70 },
    { customerId: "a", period: 2, revenue: 120 },
    { customerId: "b", period: 2, revenue: 40 },
    { customerId: "c", period: 2, revenue: 25 }
  ]

  it("classifies movements", () => {
    expect(Retention.movements(rows)).toEqual([
      { period: 0, starting: 0, new: 180, reactivation: 0, expansion: 0, contraction: 0, churn: 0 },
      { period: 1, starting: 180, new: 70, reactivation: 0, expansion: 20, contraction: 10, churn: 30 },
      { period: 2, starting: 230, new: 0, reactivation: 25, expansion: 0, contraction: 0, churn: 70 }
    ])
  })

  it("computes GRR, NRR and revenue churn", () => {
    const [p0, p1, p2] = Retention.revenueRetention(Retention.movements(rows))
    expect(p0?.grossRevenueRetention).toBeUndefined()
    // Period 1: GRR = (180 − 10 − 30)/180 = 0.7778, NRR = (180 + 20 − 40)/180 = 0.8889.
    expect(p1?.grossRevenueRetention).toBeCloseTo(140 / 180, 12)
    expect(p1?.netRevenueRetention).toBeCloseTo(160 / 180, 12)
    expect(p1?.grossRevenueChurn).toBeCloseTo(40 / 180, 12)
    expect(p1?.netRevenueChurn).toBeCloseTo(20 / 180, 12)
    expect(p1?.ending).toBe(230)
    // Period 2: reactivation is new business by default, expansion on request.
    expect(p2?.netRevenueRetention).toBeCloseTo(160 / 230, 12)
    const [, , q2] = Retention.revenueRetention(Retention.movements(rows), { reactivation: "expansion" })
    expect(q2?.netRevenueRetention).toBeCloseTo(185 / 230, 12)
    expect(q2?.grossRevenueRetention).toBeCloseTo(160 / 230, 12)
  })

  const revenueRows = fc.array(
    fc.record({
      customerId: fc.constantFrom("a", "b", "c", "d", "e", "f"),
      period: fc.integer({ min: 0, max: 6 }),
      revenue: fc.integer({ min: 0, max: 500 })
    }),
    { maxLength: 60 }
  )

  it("satisfies the revenue identities", () => {
    fc.assert(
      fc.property(
        revenueRows,
        fc.constantFrom("new" as const, "expansion" as const),
        (data, reactivation) => {
          const result = Retention.revenueRetention(Retention.movements(data), { reactivation })
          const total = (p: number) => data.filter((r) => r.period === p).reduce((s, r) => s + r.revenue, 0)
          result.forEach((m, i) => {
            expect(m.ending).toBeCloseTo(total(m.period), 9)
            if (i > 0) expect(m.starting).toBeCloseTo(result[i - 1]?.ending as number, 9)
            if (m.starting > 0) {
              const grown = m.expansion + (reactivation === "expansion" ? m.reactivation : 0)
              // NRR = GRR + expansion share; net churn = 1 − NRR; GRR = 1 − gross churn.
              expect(m.netRevenueRetention).toBeCloseTo(
                (m.grossRevenueRetention as number) + grown / m.starting,
                12
              )
              expect(m.netRevenueChurn).toBeCloseTo(1 - (m.netRevenueRetention as number), 12)
              expect(m.grossRevenueRetention).toBeCloseTo(1 - (m.grossRevenueChurn as number), 12)
              expect(m.grossRevenueRetention).toBeGreaterThanOrEqual(0)
              expect(m.grossRevenueRetention).toBeLessThanOrEqual(1)
            }
          })
        }
      )
    )
  })

  it("does not depend on input order", () => {
    fc.assert(
      fc.property(revenueRows, (data) => {
        expect(Retention.movements([...data].reverse())).toEqual(Retention.movements(data))
      })
    )
  })

  it("refuses bad rows, naming them", () => {
    expect(message(() => Retention.movements([{ customerId: "a", period: 0, revenue: -5 }]))).toBe(
      "rows[0].revenue: -5 is not a finite number ≥ 0"
    )
    expect(message(() => Retention.movements([{ customerId: "a", period: 0.5, revenue: 5 }]))).toContain(
      "rows[0].period: 0.5 is not an integer"
    )
    expect(message(() => Retention.movements([{ customerId: "", period: 0, revenue: 5 }]))).toBe(
      'rows[0].customerId: "" is not a non-empty string'
    )
    expect(
      message(() =>
        Retention.revenueRetention([
          { period: 0, starting: 10, new: 0, reactivation: 0, expansion: 0, contraction: 5, churn: 6 }
        ])
      )
    ).toBe("movements[0].contraction + churn: 11 is not ≤ starting revenue (10)")
  })
})

describe("Retention.cohorts", () => {
  // a: 0,1,2,3; b: 0,2 (skips 1); c: 0; d: 1,2; e: 1; f: 3.
  const activity = [
    ...[0, 1, 2, 3].map((period) => ({ customerId: "a", period, revenue: 10 })),
    ...[0, 2].map((period) => ({ customerId: "b", period, revenue: 20 })),
    { customerId: "c", period: 0, revenue: 30 },
    ...[1, 2].map((period) => ({ customerId: "d", period, revenue: 5 + period })),
    { customerId: "e", period: 1, revenue: 5 },
    { customerId: "f", period: 3, revenue: 1 }
  ]

  it("counts customers on and on-or-after each offset", () => {
    const on = Cohort.table(activity)
    expect(on.cohorts.map((c) => [c.cohort, c.size, c.customers])).toEqual([
      [0, 3, [3, 1, 2, 1]],
      [1, 2, [2, 1, 0, undefined]],
      [3, 1, [1, undefined, undefined, undefined]]
    ])
    expect(on.cohorts[0]?.revenue).toEqual([60, 10, 30, 10])
    expect(on.cohorts[0]?.revenueRetention).toEqual([1, 10 / 60, 0.5, 10 / 60])
    const after = Cohort.table(activity, { mode: "on-or-after" })
    expect(after.cohorts.map((c) => c.customers)).toEqual([
      [3, 2, 2, 1],
      [2, 1, 0, undefined],
      [1, undefined, undefined, undefined]
    ])
    expect(Cohort.format(after, { value: "count" })).toBe(
      [
        "cohort  size  +0  +1  +2  +3",
        "0          3   3   2   2   1",
        "1          2   2   1   0",
        "3          1   1"
      ].join("\n")
    )
    expect(Cohort.cells(on).length).toBe(4 + 3 + 1)
  })

  const activityRows = fc.array(
    fc.record({
      customerId: fc.constantFrom("a", "b", "c", "d", "e"),
      period: fc.integer({ min: 0, max: 5 })
    }),
    { maxLength: 40 }
  )

  it("on-or-after is non-increasing, ≥ on, and order does not matter", () => {
    fc.assert(
      fc.property(activityRows, (data) => {
        const on = Cohort.table(data)
        const after = Cohort.table(data, { mode: "on-or-after" })
        expect(Cohort.table([...data].reverse())).toEqual(on)
        after.cohorts.forEach((c, i) => {
          expect(c.customers[0]).toBe(c.size)
          c.customers.forEach((n, k) => {
            if (n === undefined) return
            expect(n).toBeGreaterThanOrEqual(on.cohorts[i]?.customers[k] as number)
            if (k > 0) expect(n).toBeLessThanOrEqual(c.customers[k - 1] as number)
          })
        })
      })
    )
  })
})

describe("Cohort.table against a per-customer reference", () => {
  // The definition, customer by customer: cohort = first period with a row; "on" counts a
  // customer at offset k if one of its rows in period cohort + k is active, "on-or-after" if its
  // last active period is at or after cohort + k; revenue sums every row.
  const reference = (rows: ReadonlyArray<Cohort.ActivityRow>, mode: Cohort.Mode) => {
    const byCustomer = new Map<string, Array<Cohort.ActivityRow>>()
    for (const row of rows) byCustomer.set(row.customerId, [...(byCustomer.get(row.customerId) ?? []), row])
    const lastPeriod = Math.max(...rows.map((r) => r.period))
    const cohortOf = (own: ReadonlyArray<Cohort.ActivityRow>) => Math.min(...own.map((r) => r.period))
    const starts = [...new Set([...byCustomer.values()].map(cohortOf))].sort((a, b) => a - b)
    const offsets = lastPeriod - (starts[0] as number) + 1
    return starts.map((cohort) => {
      const members = [...byCustomer.values()].filter((own) => cohortOf(own) === cohort)
      const customers: Array<number | undefined> = []
      const revenue: Array<number | undefined> = []
      for (let k = 0; k < offsets; k++) {
        const p = cohort + k
        if (p > lastPeriod) {
          customers.push(undefined)
          revenue.push(undefined)
          continue
        }
        const activeAt = (own: ReadonlyArray<Cohort.ActivityRow>, at: (q: number) => boolean) =>
          own.some((r) => r.active !== false && at(r.period))
        customers.push(
          members.filter((own) => activeAt(own, mode === "on" ? (q) => q === p : (q) => q >= p)).length
        )
        revenue.push(
          members.reduce(
            (sum, own) => sum + own.filter((r) => r.period === p).reduce((t, r) => t + (r.revenue ?? 0), 0),
            0
          )
        )
      }
      return { cohort, size: members.length, customers, revenue }
    })
  }

  it("gives the reference's sizes, counts and revenue in both modes (property)", () => {
    const rows = fc.array(
      fc.record(
        {
          customerId: fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "h"),
          period: fc.integer({ min: -3, max: 8 }),
          revenue: fc.integer({ min: 0, max: 100 }),
          active: fc.boolean()
        },
        { requiredKeys: ["customerId", "period"] }
      ),
      { minLength: 1, maxLength: 60 }
    )
    fc.assert(
      fc.property(rows, fc.constantFrom<Cohort.Mode>("on", "on-or-after"), (data, mode) => {
        const table = Cohort.table(data, { mode })
        expect(
          table.cohorts.map(({ cohort, size, customers, revenue }) => ({ cohort, size, customers, revenue }))
        ).toEqual(reference(data, mode))
      })
    )
  })
})

describe("Retention.fromSubscriptions", () => {
  it("snapshots revenue and activity at each period end, and feeds cohorts", () => {
    const subs = [
      {
        customerId: "a",
        start: "2024-01-10T00:00:00Z",
        end: "2024-03-05T00:00:00Z",
        monthlyRecurringRevenue: 30
      },
      {
        customerId: "b",
        start: "2024-01-20T00:00:00Z",
        end: "2024-01-25T00:00:00Z",
        monthlyRecurringRevenue: 10
      },
      { customerId: "c", start: "2024-02-01T00:00:00Z", monthlyRecurringRevenue: 50 },
      {
        customerId: "c",
        start: "2024-02-15T00:00:00Z",
        end: "2024-03-01T00:00:00Z",
        monthlyRecurringRevenue: 5
      }
    ]
    const rows = Retention.fromSubscriptions(subs, { granularity: "month", until: "2024-04-01T00:00:00Z" })
    const jan = Period.index("2024-01-01T00:00:00Z", "month")
    expect(rows.map((r) => [r.customerId, r.period - jan, r.revenue, r.active])).toEqual([
      ["a", 0, 30, true],
      ["a", 1, 30, true],
      ["a", 2, 0, false],
      ["b", 0, 0, false],
      ["c", 1, 55, true],
      ["c", 2, 50, true]
    ])
    const table = Cohort.table(rows)
    expect(table.cohorts.map((c) => [c.cohort - jan, c.size, c.customers])).toEqual([
      [0, 2, [1, 1, 0]],
      [1, 1, [1, 1, undefined]]
    ])
    expect(Retention.movements(rows).map((m) => [m.new, m.expansion, m.contraction, m.churn])).toEqual([
      [30, 0, 0, 0],
      [55, 0, 0, 0],
      [0, 0, 5, 30]
    ])
    expect(
      message(() => Retention.fromSubscriptions([{ customerId: "a", start: 0 }], { granularity: "month" }))
    ).toBe(
      'options.until: undefined is not an instant (required while customer "a" has an open subscription)'
    )
  })
})

describe("Retention with fractional revenue", () => {
  it("never refuses its own movements (floating-point sums)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            customerId: fc.constantFrom("a", "b", "c", "d"),
            period: fc.integer({ min: 0, max: 4 }),
            revenue: fc.double({ min: 0, max: 1000, noNaN: true })
          }),
          { maxLength: 40 }
        ),
        (data) => {
          for (const m of Retention.revenueRetention(Retention.movements(data))) {
            if (m.grossRevenueRetention !== undefined) expect(m.grossRevenueRetention).toBeGreaterThan(-1e-9)
          }
        }
      )
    )
  })
})
