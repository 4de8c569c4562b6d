import { describe, expect, it } from "@effect/vitest"
import { BetaGeo, Ltv } from "../src/index.ts"
import { metricError } from "./support/assert.ts"

const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }
const customer = { frequency: 2, recency: 30.43, T: 38.86 }
const purchases = (t: number) => BetaGeo.expectedPurchases(params, t, customer)

describe("Ltv.customerLifetimeValue", () => {
  it("sums monthly increments of expected purchases discounted at the end of each month", () => {
    const clv = Ltv.customerLifetimeValue({
      expectedPurchases: purchases,
      averageValue: 30,
      horizon: 12,
      discountRate: 0.01,
      dataPeriod: "week"
    })
    const step = 30.4375 / 7
    let expected = 0
    for (let k = 1; k <= 12; k++)
      expected += (30 * (purchases(k * step) - purchases((k - 1) * step))) / 1.01 ** k
    expect(clv).toBeCloseTo(expected, 12)
  })

  it("without discounting is value × expected purchases over the horizon", () => {
    const clv = Ltv.customerLifetimeValue({
      expectedPurchases: purchases,
      averageValue: 30,
      horizon: 12,
      discountRate: 0,
      dataPeriod: "week",
      periodsPerStep: 4.345
    })
    expect(clv).toBeCloseTo(30 * purchases(12 * 4.345), 10)
  })

  it("discounting lowers the value, a longer horizon raises it", () => {
    const base = { expectedPurchases: purchases, averageValue: 30, dataPeriod: "week" as const }
    const undiscounted = Ltv.customerLifetimeValue({ ...base, horizon: 12, discountRate: 0 })
    const discounted = Ltv.customerLifetimeValue({ ...base, horizon: 12, discountRate: 0.02 })
    const longer = Ltv.customerLifetimeValue({ ...base, horizon: 24, discountRate: 0.02 })
    expect(discounted).toBeLessThan(undiscounted)
    expect(longer).toBeGreaterThan(discounted)
  })

  it("rejects bad options, naming them", () => {
    const base = {
      expectedPurchases: purchases,
      averageValue: 30,
      dataPeriod: "week" as const,
      discountRate: 0.01
    }
    expect(metricError(() => Ltv.customerLifetimeValue({ ...base, horizon: 1.5 })).field).toBe(
      "options.horizon"
    )
    expect(
      metricError(() => Ltv.customerLifetimeValue({ ...base, horizon: 3, discountRate: -1 })).field
    ).toBe("options.discountRate")
    expect(
      metricError(() =>
        Ltv.customerLifetimeValue({ ...base, horizon: 3, expectedPurchases: () => Number.NaN })
      ).rule
    ).toBe("a finite number")
  })
})

describe("Ltv simple formulas", () => {
  it("margin multiple r/(1 + d − r) (Gupta & Lehmann 2003): r = 0.8, d = 0.12 → 2.5", () => {
    expect(Ltv.marginMultiple({ retentionRate: 0.8, discountRate: 0.12 })).toBeCloseTo(2.5, 12)
    expect(Ltv.fromRetention({ margin: 100, retentionRate: 0.8, discountRate: 0.12 })).toBeCloseTo(250, 10)
    expect(metricError(() => Ltv.marginMultiple({ retentionRate: 1, discountRate: 0 })).field).toBe(
      "options.retentionRate"
    )
  })

  it("average revenue × margin ÷ churn", () => {
    expect(Ltv.simple({ averageRevenue: 50, grossMargin: 0.6, churnRate: 0.05 })).toBeCloseTo(600, 10)
    expect(metricError(() => Ltv.simple({ averageRevenue: 50, grossMargin: 0.6, churnRate: 0 })).field).toBe(
      "options.churnRate"
    )
  })
})
