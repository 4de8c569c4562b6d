import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import {
  BetaGeo,
  BetaGeoBetaBinom,
  CustomerBase,
  ModifiedBetaGeo,
  ParetoNbd,
  Simulate
} from "../src/index.ts"
import { metricError, relativeError } from "./support/assert.ts"
import { betaGeoParams } from "./support/clv.ts"
import { cdnowSummary, cdnowTransactions } from "./support/data.ts"

// The CDNOW fits (SciPy references in BetaGeo/ModifiedBetaGeo/ParetoNbd tests).
const bg = { r: 0.24259289, alpha: 4.41353137, a: 0.79288605, b: 2.42575307 }
const mbg = { r: 0.52483802, alpha: 6.18299231, a: 0.89135621, b: 1.61399925 }
const pnbd = { r: 0.5532755, alpha: 10.57761217, s: 0.6062136, beta: 11.66791233 }
const bgbb = { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }

describe("CustomerBase.aliveMatrix", () => {
  it("is the model's P(alive) cell by cell, frequency 0 only at recency 0", () => {
    const cells = CustomerBase.aliveMatrix(ModifiedBetaGeo, mbg, { T: 39, maxFrequency: 5, steps: 13 })
    expect(cells.length).toBe(1 + 5 * 14)
    expect(cells[0]).toEqual({
      frequency: 0,
      recency: 0,
      probabilityAlive: ModifiedBetaGeo.probabilityAlive(mbg, { frequency: 0, recency: 0, T: 39 })
    })
    expect(cells.at(-1)).toMatchObject({ frequency: 5, recency: 39 })
    for (const c of cells)
      expect(c.probabilityAlive).toBe(ModifiedBetaGeo.probabilityAlive(mbg, { ...c, T: 39 }))
  })

  it("rises with recency at every frequency for BG/NBD (property)", () => {
    fc.assert(
      fc.property(betaGeoParams, fc.double({ min: 1, max: 100, noNaN: true }), (p, T) => {
        const cells = CustomerBase.aliveMatrix(BetaGeo, p, { T, maxFrequency: 6, steps: 8 })
        return cells.every(
          (c, i) =>
            i === 0 || c.recency === 0 || c.probabilityAlive >= (cells[i - 1]?.probabilityAlive ?? 0) - 1e-12
        )
      })
    )
  })

  it("covers every valid BG/BB history of n opportunities", () => {
    const cells = CustomerBase.aliveMatrix(BetaGeoBetaBinom, bgbb, { periods: 6 })
    // frequency 0 at recency 0, and 1 ≤ x ≤ t_x ≤ 6: 1 + 21 cells.
    expect(cells.length).toBe(22)
    expect(cells.every((c) => c.frequency <= c.recency && (c.frequency === 0) === (c.recency === 0))).toBe(
      true
    )
    const c = cells[5] as CustomerBase.AliveCell
    expect(c.probabilityAlive).toBe(BetaGeoBetaBinom.probabilityAlive(bgbb, { ...c, periods: 6 }))
  })
})

describe("CustomerBase.trackingCurve", () => {
  // Acquisition week of each CDNOW customer (weeks since 1997-01-01): 39 − T at the calibration end.
  const acquired = cdnowSummary().map((c) => 39 - c.T)
  const weeks = Array.from({ length: 78 }, (_, w) => w + 1)

  it("is N · E[X(t)] for one cohort, and its increments add up (to 1e-12)", () => {
    const curve = CustomerBase.trackingCurve(BetaGeo, bg, { acquired: [0, 0, 0], at: [10, 20, 30] })
    curve.forEach((point) => {
      expect(
        relativeError(point.cumulative, 3 * BetaGeo.expectedPurchasesNewCustomer(bg, point.at))
      ).toBeLessThan(1e-12)
    })
    const total = curve.reduce((s, p) => s + p.incremental, 0)
    expect(relativeError(total, curve.at(-1)?.cumulative ?? 0)).toBeLessThan(1e-12)
  })

  it("tracks the actual CDNOW repeat purchases: within 3 % in calibration weeks 26 and 39, 7 % in the holdout", () => {
    // Actual: repeat purchase days (same-day transactions are one) of the 2,357 customers by week.
    const days = new Map<string, Set<number>>()
    for (const t of cdnowTransactions()) {
      const day = (Date.parse(t.timestamp) - Date.parse("1997-01-01")) / 86_400_000
      const seen = days.get(t.customerId) ?? new Set<number>()
      seen.add(day)
      days.set(t.customerId, seen)
    }
    const repeats = [...days.values()].flatMap((s) => [...s].sort((a, b) => a - b).slice(1))
    const actual = (week: number) => repeats.filter((d) => d < 7 * week).length
    // FHL 2005 count 2,457 repeat transactions in the 39-week calibration period.
    expect(actual(39)).toBe(2457)
    for (const model of [
      CustomerBase.trackingCurve(BetaGeo, bg, { acquired, at: weeks }),
      CustomerBase.trackingCurve(ModifiedBetaGeo, mbg, { acquired, at: weeks }),
      CustomerBase.trackingCurve(ParetoNbd, pnbd, { acquired, at: weeks })
    ]) {
      for (const [week, tolerance] of [
        [26, 0.03],
        [39, 0.03],
        // All three under-predict the holdout, by 1.6 % (Pareto/NBD) to 6.7 % (MBG/NBD) at week 78.
        [52, 0.07],
        [65, 0.07],
        [78, 0.07]
      ] as const) {
        const expected = (model[week - 1] as CustomerBase.TrackingPoint).cumulative
        expect(relativeError(expected, actual(week)), `week ${week}`).toBeLessThan(tolerance)
      }
    }
  })

  it("agrees with simulated populations (40 × the CDNOW acquisitions) within 4 Monte Carlo standard errors", () => {
    const at = [13, 39, 78]
    for (const [name, curve, simulate] of [
      [
        "BG/NBD",
        CustomerBase.trackingCurve(BetaGeo, bg, { acquired, at }),
        (T: ReadonlyArray<number>, seed: number) => Simulate.betaGeo(bg, { T, seed })
      ],
      [
        "MBG/NBD",
        CustomerBase.trackingCurve(ModifiedBetaGeo, mbg, { acquired, at }),
        (T: ReadonlyArray<number>, seed: number) => Simulate.modifiedBetaGeo(mbg, { T, seed })
      ],
      [
        "Pareto/NBD",
        CustomerBase.trackingCurve(ParetoNbd, pnbd, { acquired, at }),
        (T: ReadonlyArray<number>, seed: number) => Simulate.paretoNbd(pnbd, { T, seed })
      ]
    ] as const) {
      const replicates = 40
      at.forEach((week, k) => {
        // Per customer: repeat purchases by `week`; the sum over replicates estimates replicates × curve.
        let sum = 0
        let squares = 0
        let n = 0
        for (let rep = 0; rep < replicates; rep++) {
          const customers = simulate(
            acquired.map((s) => 78 - s),
            1000 + rep
          )
          customers.forEach((c, i) => {
            const count = c.purchaseTimes.filter((t) => t <= week - (acquired[i] as number)).length
            sum += count
            squares += count * count
            n++
          })
        }
        const mean = sum / replicates
        // Pooled variance over customers of different ages: an upper bound of the true variance.
        const variance = squares / n - (sum / n) ** 2
        const se = Math.sqrt((variance * acquired.length) / replicates)
        const expected = (curve[k] as CustomerBase.TrackingPoint).cumulative
        expect(Math.abs(mean - expected), `${name}, week ${week}`).toBeLessThan(4 * se)
      })
    }
  })

  it("names the option, value and rule on bad input", () => {
    expect(metricError(() => CustomerBase.trackingCurve(BetaGeo, bg, { acquired: [], at: [1] })).field).toBe(
      "options.acquired"
    )
    expect(
      metricError(() => CustomerBase.trackingCurve(BetaGeo, bg, { acquired: [0, Number.NaN], at: [1] })).field
    ).toBe("options.acquired[1]")
    expect(
      metricError(() => CustomerBase.trackingCurve(BetaGeo, bg, { acquired: [0], at: [5, 3] })).message
    ).toBe("options.at[1]: 3 is not ≥ the time before it (5)")
    expect(metricError(() => CustomerBase.aliveMatrix(BetaGeo, bg, { T: 0, maxFrequency: 3 })).field).toBe(
      "options.T"
    )
  })
})
