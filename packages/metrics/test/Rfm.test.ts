import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import { MetricError, Rfm } from "../src/index.ts"
import { cdnowSpend, cdnowSummary, cdnowTransactions } from "./support/data.ts"

const message = (run: () => unknown): string => {
  try {
    run()
  } catch (e) {
    expect(e).toBeInstanceOf(MetricError.MetricError)
    return (e as MetricError.MetricError).message
  }
  throw new Error("expected a MetricError")
}

describe("Rfm.fromTransactions", () => {
  // data/cdnow/README.md: the summary rebuilt from CDNOW_sample.txt (purchase days merged, days / 7,
  // observation end 1997-09-30) matches cdnow_customers_summary.csv within 0.005 (2-decimal rounding;
  // 1e-9 slack for binary floating point at exact half-cents).
  it("rebuilds the CDNOW calibration summary from the raw transactions within 0.005", () => {
    const transactions = cdnowTransactions()
    const summary = Rfm.fromTransactions(transactions, { observationEnd: "1997-09-30", period: "week" })
    const published = cdnowSummary()
    const spend = cdnowSpend()
    expect(summary).toHaveLength(2357)
    const byId = new Map(summary.map((s) => [s.customerId, s]))
    let totalFrequency = 0
    for (const [k, row] of published.entries()) {
      const mine = byId.get(String(row.id))
      expect(mine).toBeDefined()
      if (mine === undefined) continue
      expect(mine.frequency).toBe(row.frequency)
      expect(Math.abs(mine.recency - row.recency)).toBeLessThanOrEqual(0.005 + 1e-9)
      expect(Math.abs(mine.T - row.T)).toBeLessThanOrEqual(0.005 + 1e-9)
      // zbar: mean value of the repeat purchase days, 2 decimals.
      expect(Math.abs(mine.monetaryValue - (spend[k]?.monetaryValue ?? Number.NaN))).toBeLessThanOrEqual(
        0.005 + 1e-9
      )
      totalFrequency += mine.frequency
    }
    expect(totalFrequency).toBe(2457)
    expect(summary.filter((s) => s.frequency > 0)).toHaveLength(946)
  })

  it("splits calibration (weeks 1–39) and holdout (weeks 40–78)", () => {
    const summary = Rfm.fromTransactions(cdnowTransactions(), {
      calibrationEnd: "1997-09-30",
      observationEnd: "1998-06-30",
      period: "week"
    })
    expect(summary).toHaveLength(2357)
    expect(summary.reduce((s, c) => s + c.frequency, 0)).toBe(2457)
    const first = summary.find((s) => s.customerId === "1")
    expect(first?.holdout?.duration).toBe(39)
    expect(summary.every((s) => s.holdout !== undefined && s.holdout.frequency >= 0)).toBe(true)
  })

  it("merges same-day purchases, measures partial periods as fractions, ignores later rows", () => {
    const summary = Rfm.fromTransactions(
      [
        { customerId: "a", timestamp: "2024-01-01T09:00:00Z", amount: 10 },
        { customerId: "a", timestamp: Date.parse("2024-01-04T10:00:00Z"), amount: 30 },
        { customerId: "a", timestamp: new Date("2024-01-04T18:00:00Z"), amount: 5 },
        { customerId: "a", timestamp: { epochMilliseconds: Date.parse("2024-01-11T00:00:00Z") }, amount: 15 },
        { customerId: "a", timestamp: "2024-03-01", amount: 1000 },
        { customerId: "b", timestamp: "2024-01-15" }
      ],
      { observationEnd: "2024-01-15", period: "week" }
    )
    expect(summary).toEqual([
      { customerId: "a", frequency: 2, recency: 10 / 7, T: 2, monetaryValue: 25 },
      { customerId: "b", frequency: 0, recency: 0, T: 0, monetaryValue: 0 }
    ])
    const days = Rfm.fromTransactions([{ customerId: "a", timestamp: "2024-01-01" }], {
      observationEnd: "2024-04-01",
      period: "month"
    })
    expect(days[0]?.T).toBeCloseTo(91 / (365.25 / 12), 12)
  })

  it("names the row, value and rule of bad input", () => {
    expect(
      message(() =>
        Rfm.fromTransactions([{ customerId: "a", timestamp: "yesterday" }], {
          observationEnd: "2024-01-01",
          period: "day"
        })
      )
    ).toBe(
      'transactions[0].timestamp: "yesterday" is not a valid Date, an ISO 8601 date or date-time with a zone (Z or ±hh:mm), epoch milliseconds or a DateTime'
    )
    // A zoneless date-time would depend on the machine's time zone.
    expect(
      message(() =>
        Rfm.fromTransactions([{ customerId: "a", timestamp: "2024-01-01T10:00:00" }], {
          observationEnd: "2024-01-01",
          period: "day"
        })
      )
    ).toContain("with a zone")
    expect(
      message(() =>
        Rfm.fromTransactions([{ customerId: "a", timestamp: new Date(Number.NaN) }], {
          observationEnd: "2024-01-01",
          period: "day"
        })
      )
    ).toContain("transactions[0].timestamp")
    expect(
      message(() =>
        Rfm.fromTransactions([{ customerId: "", timestamp: "2024-01-01" }], {
          observationEnd: "2024-01-01",
          period: "day"
        })
      )
    ).toContain("transactions[0].customerId")
    expect(
      message(() =>
        Rfm.fromTransactions([{ customerId: "a", timestamp: "2024-01-01", amount: Number.NaN }], {
          observationEnd: "2024-01-01",
          period: "day"
        })
      )
    ).toBe("transactions[0].amount: NaN is not a finite number")
    expect(
      message(() =>
        Rfm.fromTransactions([], {
          observationEnd: "2024-01-01",
          calibrationEnd: "2024-02-01",
          period: "day"
        })
      )
    ).toContain("options.calibrationEnd")
  })
})

describe("Rfm.collapse", () => {
  it("weighting rows equals repeating them (property)", () => {
    const row = fc.record({
      frequency: fc.integer({ min: 0, max: 3 }),
      recency: fc.constantFrom(0, 1, 2),
      T: fc.constantFrom(5, 6)
    })
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), (rows) => {
        const collapsed = Rfm.collapse(rows)
        const total = collapsed.reduce((s, p) => s + p.weight, 0)
        const keys = new Set(rows.map((r) => `${r.frequency}|${r.recency}|${r.T}`))
        return total === rows.length && collapsed.length === keys.size
      })
    )
  })
})

describe("Rfm.score and segment", () => {
  it("scores quintiles with shared scores for ties and honours weights", () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({
      customerId: `c${i}`,
      frequency: i,
      recency: i,
      T: 10,
      monetaryValue: 10 * i
    }))
    const scores = Rfm.score(rows)
    expect(scores.map((s) => s.frequency)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
    expect(scores.map((s) => s.recency)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
    expect(scores[9]?.segment).toBe("Champions")
    expect(scores[0]?.segment).toBe("Hibernating")
    const weighted = Rfm.score([
      { customerId: "a", frequency: 0, recency: 0, T: 10, monetaryValue: 0, weight: 4 },
      { customerId: "b", frequency: 3, recency: 9, T: 10, monetaryValue: 20 }
    ])
    expect(weighted.map((s) => s.frequency)).toEqual([1, 5])
  })

  it("maps the R × F grid to named segments", () => {
    expect(Rfm.segment(5, 5)).toBe("Champions")
    expect(Rfm.segment(4, 4)).toBe("Loyal customers")
    expect(Rfm.segment(5, 2)).toBe("Potential loyalists")
    expect(Rfm.segment(5, 1)).toBe("New customers")
    expect(Rfm.segment(4, 1)).toBe("Promising")
    expect(Rfm.segment(3, 3)).toBe("Need attention")
    expect(Rfm.segment(3, 1)).toBe("About to sleep")
    expect(Rfm.segment(1, 4)).toBe("At risk")
    expect(Rfm.segment(2, 5)).toBe("Cannot lose them")
    expect(Rfm.segment(1, 1)).toBe("Hibernating")
    expect(message(() => Rfm.segment(0, 3))).toBe("recencyScore: 0 is not an integer from 1 to 5")
  })
})
