// Churn and retention from a subscription export: a quarterly cohort table, monthly revenue
// retention (GRR / NRR), customer churn under the three denominator conventions, and a
// Kaplan-Meier curve of the first subscription spell with a log-rank test by plan.
//
// Run from the repository root: node examples/churn-cohorts/main.ts
import { writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { FileSource } from "@cxkit/connectors"
import { Chart, Churn, Cohort, LogRank, Period, Retention, Survival } from "@cxkit/metrics"
import { Schema } from "effect"

const UNTIL = "2024-07-01T00:00:00Z" // end of observation (the export date)
const DAY = 86_400_000
const MONTH = 30.4375 * DAY

interface Row {
  readonly customerId: string
  readonly plan: string
  readonly start: string
  readonly end: string | undefined
  readonly monthlyRecurringRevenue: number
}

// One call from the CSV export to typed rows (quoted fields handled; a bad cell names its line).
const exported = await FileSource.load(
  fileURLToPath(new URL("./subscriptions.csv", import.meta.url)),
  Schema.Struct({
    customer_id: Schema.NonEmptyString,
    plan: Schema.String,
    start: Schema.NonEmptyString,
    end: Schema.String,
    mrr: FileSource.NumberCell
  })
)
const subscriptions: Array<Row> = exported.map((r) => ({
  customerId: r.customer_id,
  plan: r.plan,
  start: r.start,
  end: r.end === "" ? undefined : r.end,
  monthlyRecurringRevenue: r.mrr
}))
const customers = new Set(subscriptions.map((s) => s.customerId))
console.log(
  `Churn and retention: ${customers.size} customers, ${subscriptions.length} subscription rows, observed until ${UNTIL.slice(0, 10)}`
)

// 1. Cohort table: customers by acquisition quarter and quarters since acquisition.
const quarterly = Retention.fromSubscriptions(subscriptions, { granularity: "quarter", until: UNTIL })
const quarterLabel = (q: number) => Period.label(q, "quarter")
for (const mode of ["on", "on-or-after"] as const) {
  console.log(`\nCohort retention by acquisition quarter, % of customers active (${mode}):`)
  console.log(Cohort.format(Cohort.table(quarterly, { mode }), { label: quarterLabel }))
}
console.log("\nCohort revenue retention (% of the cohort's first-quarter MRR):")
console.log(Cohort.format(Cohort.table(quarterly), { value: "revenue", label: quarterLabel }))

// 2. Revenue retention per month (end-of-month MRR snapshots), last six months.
const monthly = Retention.fromSubscriptions(subscriptions, { granularity: "month", until: UNTIL })
const percent = (x: number | undefined) =>
  x === undefined ? "   n/a" : `${(x * 100).toFixed(1).padStart(5)}%`
console.log("\nRevenue retention by month:")
console.log("month     starting MRR  expansion  contraction  churn     GRR     NRR")
for (const m of Retention.revenueRetention(Retention.movements(monthly)).slice(-6)) {
  console.log(
    [
      Period.label(m.period, "month").padEnd(9),
      String(m.starting).padStart(12),
      String(m.expansion).padStart(9),
      String(m.contraction).padStart(11),
      String(m.churn).padStart(6),
      percent(m.grossRevenueRetention).padStart(7),
      percent(m.netRevenueRetention).padStart(7)
    ].join("  ")
  )
}

// 3. Customer churn in June 2024 under each denominator convention.
const june = { start: "2024-06-01T00:00:00Z", end: UNTIL }
const base = Churn.fromSubscriptions(subscriptions, june)
console.log(
  `\nJune 2024: ${base.customersAtStart} customers at start, ${base.new} new, ${base.reactivated} reactivated, ` +
    `${base.churned} churned (${base.churnedFromStart} of them from the starting base), ${base.customersAtEnd} at end`
)
for (const denominator of ["start", "average", "customer-days"] as const) {
  const r = Churn.fromSubscriptions(subscriptions, { ...june, denominator })
  const rate = r.rate ?? Number.NaN
  const shown =
    denominator === "customer-days"
      ? `${(rate * 1000).toFixed(3)} per 1,000 customer-days (${(rate * 30.4375 * 100).toFixed(1)}% per month)`
      : `${(rate * 100).toFixed(1)}%`
  console.log(`  churn rate, ${denominator.padEnd(13)} ${shown}`)
}

// 4. Kaplan-Meier: months from a customer's first start to the end of that first continuous
// spell; still subscribed at the export date = censored.
const until = Date.parse(UNTIL)
const spells = new Map<string, { plan: string; start: number; end: number }>()
for (const s of [...subscriptions].sort((a, b) => Date.parse(a.start) - Date.parse(b.start))) {
  const start = Date.parse(s.start)
  const end = s.end === undefined ? until : Date.parse(s.end)
  const spell = spells.get(s.customerId)
  if (spell === undefined) spells.set(s.customerId, { plan: s.plan, start, end })
  else if (start === spell.end) spell.end = end // plan change, same spell
}
const spellList = [...spells.values()]
const km = Survival.kaplanMeier({
  durations: spellList.map((s) => (s.end - s.start) / MONTH),
  observed: spellList.map((s) => s.end < until)
})
console.log(
  `\nKaplan-Meier, first subscription spell (${km.n} customers, ${km.totalEvents} churned, log-log 95% band):`
)
console.log("months  at risk  survival  lower   upper")
for (const p of Survival.survivalAt(km, [1, 3, 6, 9, 12, 15, 18])) {
  console.log(
    `${String(p.time).padStart(6)}  ${String(p.atRisk).padStart(7)}  ${p.survival.toFixed(3).padStart(8)}  ${p.lower.toFixed(3)}   ${p.upper.toFixed(3)}`
  )
}
const median = Survival.median(km)
const months = (x: number | undefined) => (x === undefined ? "not reached" : `${x.toFixed(1)} months`)
console.log(
  `Median tenure: ${months(median.time)} (95% CI ${months(median.lower)} to ${months(median.upper)})`
)

const test = LogRank.compare({
  durations: spellList.map((s) => (s.end - s.start) / MONTH),
  observed: spellList.map((s) => s.end < until),
  groups: spellList.map((s) => s.plan)
})
console.log("Log-rank test by plan:")
for (const g of test.groups) {
  console.log(
    `  ${String(g.group).padEnd(8)} n=${g.n}  observed ${g.observed}  expected ${g.expected.toFixed(1)}`
  )
}
console.log(`  chi-square ${test.chiSquare.toFixed(2)} on ${test.df} df, p = ${test.pValue.toPrecision(3)}`)

// 5. Optional: Vega-Lite specs (cohort heat map, survival curve with its band) for a notebook or
// vega-embed: node examples/churn-cohorts/main.ts --vega charts.json
const vegaAt = process.argv.indexOf("--vega")
if (vegaAt >= 0) {
  const file = process.argv[vegaAt + 1]
  if (file === undefined) throw new Error("--vega needs a file name")
  const cells = Cohort.cells(Cohort.table(quarterly), { label: quarterLabel })
  const curve = [
    { months: 0, survival: 1, lower: 1, upper: 1 },
    ...Survival.rows(km, { eventsOnly: false }).map((r) => ({
      months: r.time,
      survival: r.survival,
      lower: r.lower,
      upper: r.upper
    }))
  ]
  const charts = {
    cohorts: Chart.heatmap({
      data: cells,
      x: "offset",
      y: "label",
      value: "customerRetention",
      format: ".0%",
      title: "Customers retained by acquisition quarter"
    }),
    survival: Chart.line({
      data: curve,
      x: "months",
      y: "survival",
      band: { lower: "lower", upper: "upper" },
      step: true,
      title: "Kaplan-Meier survival, first subscription spell (95% log-log band)"
    })
  }
  writeFileSync(file, `${JSON.stringify(charts, null, 2)}\n`)
  console.log(`\nVega-Lite specs written to ${file}`)
}
