// Shared arbitraries and property checks of the continuous-time purchase models (BG/NBD, MBG/NBD).
import * as fc from "fast-check"

export interface Customer {
  readonly frequency: number
  readonly recency: number
  readonly T: number
}

/** A valid (frequency, recency, T): recency 0 without repeat purchases, otherwise within (0, T]. */
export const customer = fc
  .record({
    frequency: fc.integer({ min: 0, max: 40 }),
    a: fc.double({ min: 0, max: 1, noNaN: true }),
    T: fc.double({ min: 0.1, max: 200, noNaN: true })
  })
  .map(({ frequency, a, T }): Customer => ({ frequency, recency: frequency === 0 ? 0 : a * T, T }))

/** BG/NBD-family parameters over the range the fits meet in practice. */
export const betaGeoParams = fc.record({
  r: fc.double({ min: 0.05, max: 5, noNaN: true }),
  alpha: fc.double({ min: 0.1, max: 50, noNaN: true }),
  a: fc.double({ min: 0.05, max: 5, noNaN: true }),
  b: fc.double({ min: 0.05, max: 10, noNaN: true })
})

interface Model<P> {
  readonly logLikelihood: (params: P, rows: Iterable<Customer & { readonly weight?: number }>) => number
  readonly expectedPurchases: (params: P, t: number, customer: Customer) => number
}

/** E[X(T, T+t) | history] ≥ 0 and non-decreasing in t. */
export const expectedPurchasesMonotone = <P>(model: Model<P>, params: fc.Arbitrary<P>) =>
  fc.property(
    params,
    customer,
    fc.double({ min: 0, max: 100, noNaN: true }),
    fc.double({ min: 0, max: 100, noNaN: true }),
    (p, c, t1, t2) => {
      const [lo, hi] = t1 <= t2 ? [t1, t2] : [t2, t1]
      const a = model.expectedPurchases(p, lo, c)
      const b = model.expectedPurchases(p, hi, c)
      return a >= -1e-12 && b >= a - 1e-9 * Math.max(1, Math.abs(a))
    }
  )

/** A row with weight w has the log-likelihood of the row repeated w times. */
export const weightIsRepetition = <P>(model: Model<P>, params: fc.Arbitrary<P>) =>
  fc.property(
    params,
    fc.array(fc.tuple(customer, fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 8 }),
    (p, data) => {
      const weighted = model.logLikelihood(
        p,
        data.map(([c, w]) => ({ ...c, weight: w }))
      )
      const repeated = model.logLikelihood(
        p,
        data.flatMap(([c, w]) => Array.from({ length: w }, () => c))
      )
      return Math.abs(weighted - repeated) <= 1e-9 * Math.max(1, Math.abs(repeated))
    }
  )

/** Identical rows merged into weighted patterns, as `Rfm.collapse` would. */
export const collapse = (rows: ReadonlyArray<Customer>) => {
  const byPattern = new Map<string, Customer & { weight: number }>()
  for (const r of rows) {
    const key = `${r.frequency}|${r.recency}|${r.T}`
    const found = byPattern.get(key)
    if (found) found.weight++
    else byPattern.set(key, { frequency: r.frequency, recency: r.recency, T: r.T, weight: 1 })
  }
  return [...byPattern.values()]
}
