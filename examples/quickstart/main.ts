// The cxkit quickstart: reads the bundled sample exports (a CRM contact export and its
// lifecycle history, help-desk tickets, survey responses, social posts, web events, orders and
// subscriptions), resolves identities across sources, builds touchpoints, journeys and
// lifecycle histories, and prints a customer-experience summary.
//
//   node examples/quickstart/main.ts
import { Channel, JourneyStage, Lifecycle, Timestamp } from "@cxkit/core"
import { loadSample } from "./load.ts"
import { buildModel } from "./model.ts"
import { section, table } from "./print.ts"

const sample = loadSample()
const model = buildModel(sample)

section("Identity resolution")
const sourceCount = new Set(model.profiles.flatMap((p) => p.records.map((r) => r.source))).size
const mergeRules = new Map<string, number>()
for (const merge of model.profiles.flatMap((p) => p.merges))
  mergeRules.set(merge.rule, (mergeRules.get(merge.rule) ?? 0) + 1)
console.log(
  `${model.profiles.reduce((n, p) => n + p.records.length, 0)} records from ${sourceCount} sources resolved into ${model.profiles.length} customers`
)
table(
  ["merge rule", "merges"],
  [...mergeRules].sort(([a], [b]) => a.localeCompare(b))
)
const explained = model.profiles.find((p) => p.merges.some((m) => m.rule === "shared-handle"))
if (explained !== undefined) {
  console.log(`\nWhy ${explained.customerId} is one customer:`)
  for (const m of explained.merges) {
    console.log(
      `  ${m.left.source}:${m.left.recordId} + ${m.right.source}:${m.right.recordId}  (${m.rule}: ${m.evidence})`
    )
  }
}

section("Touchpoints by channel")
const byChannel = new Map<string, number>()
for (const tp of model.touchpoints) byChannel.set(tp.channel, (byChannel.get(tp.channel) ?? 0) + 1)
table(
  ["channel", "touchpoints"],
  [...byChannel].sort((a, b) => b[1] - a[1]).map(([channel, n]) => [Channel.label(channel), n])
)

section("Journeys (split after 14 days of inactivity)")
const journeys = model.journeys
const meanLength = journeys.reduce((n, j) => n + j.touchpoints.length, 0) / journeys.length
console.log(`${journeys.length} journeys, ${meanLength.toFixed(1)} touchpoints each on average`)
table(
  ["stage", "journeys reaching it", "journeys stopping there", "median hours in stage"],
  JourneyStage.stages.map((stage) => {
    const reached = journeys.filter((j) => j.visits.some((v) => v.stage === stage))
    const hours = reached.map((j) => j.timeInStage[stage] / 3_600_000).sort((a, b) => a - b)
    const median = hours.length === 0 ? "-" : (hours[Math.floor((hours.length - 1) / 2)] ?? 0).toFixed(1)
    return [stage, reached.length, journeys.filter((j) => j.stoppedAt === stage).length, median]
  })
)

section("Lifecycle (HubSpot stages, forward-only policy)")
const reportDate = Timestamp.parse("2024-12-31T23:59:59Z")
const current = new Map<string, number>()
for (const history of model.lifecycles) {
  const stage = Lifecycle.stageAt(history, reportDate) ?? "unknown"
  current.set(stage, (current.get(stage) ?? 0) + 1)
}
table(
  ["stage on 2024-12-31", "customers"],
  Lifecycle.LifecycleStage.literals.filter((s) => current.has(s)).map((s) => [s, current.get(s) ?? 0])
)
