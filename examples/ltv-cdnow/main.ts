// Customer lifetime value on the CDNOW sample (data/cdnow, see its README for the source):
// RFM summaries with a 39 + 39 week calibration / holdout split, BG/NBD and Pareto/NBD purchase
// models, holdout validation, the Gamma-Gamma spend model, 12-month discounted CLV and RFM segments.
// Run from the repository root: node examples/ltv-cdnow/main.ts
import { readFileSync } from "node:fs"
import { BetaGeo, CustomerBase, GammaGamma, Ltv, ModifiedBetaGeo, ParetoNbd, Rfm } from "@cxkit/metrics"

// CDNOW_sample.txt: master id, sample id, YYYYMMDD, number of CDs, dollar value (whitespace separated).
const transactions = readFileSync(new URL("../../data/cdnow/CDNOW_sample.txt", import.meta.url), "utf8")
  .trim()
  .split(/\r?\n/)
  .map((line) => {
    const [, id = "", date = "", , value = ""] = line.trim().split(/\s+/)
    return {
      customerId: String(Number(id)),
      timestamp: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`,
      amount: Number(value)
    }
  })

const customers = Rfm.fromTransactions(transactions, {
  calibrationEnd: "1997-09-30",
  observationEnd: "1998-06-30",
  period: "week"
})
const repeaters = customers.filter((c) => c.frequency > 0)
const holdoutWeeks = customers[0]?.holdout?.duration ?? 0
console.log(
  `${transactions.length} transactions, ${customers.length} customers, ${repeaters.length} repeat buyers`
)
console.log(`calibration: 39 weeks to 1997-09-30; holdout: ${holdoutWeeks} weeks to 1998-06-30`)

const show = (params: object, errors: object) =>
  Object.entries(params)
    .map(
      ([name, value]) =>
        `${name} = ${value.toFixed(3)} (±${(errors as Record<string, number>)[name]?.toFixed(3)})`
    )
    .join(", ")

const bgnbd = BetaGeo.fit(customers)
console.log(
  `\nBG/NBD      ${show(bgnbd.params, bgnbd.standardErrors)}; LL = ${bgnbd.logLikelihood.toFixed(1)}`
)
const mbgnbd = ModifiedBetaGeo.fit(customers)
console.log(
  `MBG/NBD     ${show(mbgnbd.params, mbgnbd.standardErrors)}; LL = ${mbgnbd.logLikelihood.toFixed(1)}`
)
const pnbd = ParetoNbd.fit(customers)
console.log(`Pareto/NBD  ${show(pnbd.params, pnbd.standardErrors)}; LL = ${pnbd.logLikelihood.toFixed(1)}`)

// Holdout validation: expected vs actual repeat purchases in weeks 40-78, by calibration frequency
// (Fader, Hardie & Lee 2005, Figure 4: conditional expectations).
console.log("\nHoldout purchases per customer by calibration frequency")
console.log("  x     customers  actual  BG/NBD  MBG/NBD  Pareto/NBD")
let actualTotal = 0
let bgTotal = 0
let mbgTotal = 0
let pTotal = 0
for (const [label, from, to] of [
  ["0", 0, 0],
  ["1", 1, 1],
  ["2", 2, 2],
  ["3", 3, 3],
  ["4", 4, 4],
  ["5", 5, 5],
  ["6", 6, 6],
  ["7+", 7, Number.POSITIVE_INFINITY]
] as const) {
  const group = customers.filter((c) => c.frequency >= from && c.frequency <= to)
  const actual = group.reduce((s, c) => s + (c.holdout?.frequency ?? 0), 0)
  const bg = group.reduce((s, c) => s + BetaGeo.expectedPurchases(bgnbd.params, holdoutWeeks, c), 0)
  const mbg = group.reduce((s, c) => s + ModifiedBetaGeo.expectedPurchases(mbgnbd.params, holdoutWeeks, c), 0)
  const p = group.reduce((s, c) => s + ParetoNbd.expectedPurchases(pnbd.params, holdoutWeeks, c), 0)
  actualTotal += actual
  bgTotal += bg
  mbgTotal += mbg
  pTotal += p
  const n = group.length
  console.log(
    `  ${label.padEnd(5)} ${String(n).padStart(9)}  ${(actual / n).toFixed(2).padStart(6)}  ${(bg / n).toFixed(2).padStart(6)}  ${(mbg / n).toFixed(2).padStart(7)}  ${(p / n).toFixed(2).padStart(10)}`
  )
}
console.log(
  `  total holdout purchases: actual ${actualTotal}, BG/NBD ${bgTotal.toFixed(0)}, MBG/NBD ${mbgTotal.toFixed(0)}, Pareto/NBD ${pTotal.toFixed(0)}`
)

// The tracking curve: expected cumulative repeat purchases of the cohort by calendar week (FHL 2005,
// Figure 2) against the actual ones (purchase days after each customer's first).
const firstDay = Date.parse("1997-01-01")
const days = new Map<string, Set<number>>()
for (const t of transactions) {
  const seen = days.get(t.customerId) ?? new Set<number>()
  seen.add((Date.parse(t.timestamp) - firstDay) / 86_400_000)
  days.set(t.customerId, seen)
}
const repeats = [...days.values()].flatMap((set) => [...set].sort((a, b) => a - b).slice(1))
const acquired = customers.map((c) => 39 - c.T) // week of the first purchase
const weeks = [13, 26, 39, 52, 65, 78]
const curves = [
  CustomerBase.trackingCurve(BetaGeo, bgnbd.params, { acquired, at: weeks }),
  CustomerBase.trackingCurve(ModifiedBetaGeo, mbgnbd.params, { acquired, at: weeks }),
  CustomerBase.trackingCurve(ParetoNbd, pnbd.params, { acquired, at: weeks })
]
console.log("\nCumulative repeat purchases by week (tracking curve)")
console.log("  week  actual  BG/NBD  MBG/NBD  Pareto/NBD")
weeks.forEach((week, k) => {
  const actual = repeats.filter((d) => d < 7 * week).length
  const [bg, mbg, p] = curves.map((curve) => (curve[k]?.cumulative ?? 0).toFixed(0))
  console.log(
    `  ${String(week).padStart(4)}  ${String(actual).padStart(6)}  ${bg?.padStart(6)}  ${mbg?.padStart(7)}  ${p?.padStart(10)}`
  )
})

// P(alive) by frequency × recency after 39 weeks (FHL 2005, Figure 3), and what one customer may do.
console.log("\nP(alive) at week 39, BG/NBD (rows: repeat purchases; columns: week of the last one)")
const matrix = CustomerBase.aliveMatrix(BetaGeo, bgnbd.params, { T: 39, maxFrequency: 6, steps: 3 })
console.log(`  x   ${[0, 13, 26, 39].map((r) => String(r).padStart(5)).join("")}`)
for (let x = 1; x <= 6; x++) {
  const row = matrix.filter((c) => c.frequency === x).map((c) => c.probabilityAlive.toFixed(2).padStart(5))
  console.log(`  ${x}   ${row.join("")}`)
}
const fhl = { frequency: 2, recency: 30.43, T: 38.86 }
const distribution = [0, 1, 2, 3].map((n) => BetaGeo.probabilityOfPurchases(bgnbd.params, 39, n, fhl))
console.log(
  `  x = 2, t_x = 30.43: P(0, 1, 2, 3 purchases in the next 39 weeks) = ${distribution.map((p) => p.toFixed(3)).join(", ")}; ` +
    `P(alive) BG/NBD ${BetaGeo.probabilityAlive(bgnbd.params, fhl).toFixed(3)}, MBG/NBD ${ModifiedBetaGeo.probabilityAlive(mbgnbd.params, fhl).toFixed(3)}`
)

// Spend: Gamma-Gamma on the repeat buyers' mean repeat transaction value.
const spend = GammaGamma.fit(repeaters)
console.log(`\nGamma-Gamma ${show(spend.params, spend.standardErrors)}`)
const populationMean = GammaGamma.expectedAverageValue(spend.params, { frequency: 0, monetaryValue: 0 })
console.log(`  expected spend per purchase of a new customer: $${populationMean.toFixed(2)}`)

// 12-month CLV, 1% monthly discount, BG/NBD purchases × Gamma-Gamma spend.
const clv = customers.map((c) => ({
  customerId: c.customerId,
  clv: Ltv.customerLifetimeValue({
    expectedPurchases: (t) => BetaGeo.expectedPurchases(bgnbd.params, t, c),
    averageValue: GammaGamma.expectedAverageValue(spend.params, c),
    horizon: 12,
    discountRate: 0.01,
    dataPeriod: "week"
  })
}))
const total = clv.reduce((s, c) => s + c.clv, 0)
console.log(
  `\n12-month discounted CLV of the cohort: $${total.toFixed(0)} ($${(total / clv.length).toFixed(2)} per customer)`
)
console.log("Top 5 customers by CLV")
for (const c of [...clv].sort((a, b) => b.clv - a.clv).slice(0, 5)) {
  const s = customers.find((x) => x.customerId === c.customerId)
  console.log(
    `  customer ${c.customerId.padStart(4)}: x = ${s?.frequency}, t_x = ${s?.recency.toFixed(2)}, T = ${s?.T.toFixed(2)}, $${c.clv.toFixed(2)}`
  )
}

// RFM segments of the calibration period.
const segments = new Map<string, number>()
for (const s of Rfm.score(customers)) segments.set(s.segment, (segments.get(s.segment) ?? 0) + 1)
console.log("\nRFM segments")
for (const [name, count] of [...segments].sort((a, b) => b[1] - a[1]))
  console.log(`  ${name.padEnd(20)} ${count}`)
