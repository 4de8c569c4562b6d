// Journey analytics on a small sample: a purchase funnel, the paths customers take, and how six
// attribution methods share the same conversions between channels.
// Run from the repository root: `node examples/journey-analytics/main.ts`.
import { readFileSync } from "node:fs"
import { Channel, Decode, Journey, Touchpoint } from "@cxkit/core"
import { Attribution, Funnel, Paths, StageAnalytics } from "@cxkit/metrics"
import { Schema } from "effect"

const raw: unknown = JSON.parse(readFileSync(new URL("./touchpoints.json", import.meta.url), "utf8"))
const touchpoints = Decode.decodeUnknownSync(Schema.Array(Touchpoint.Touchpoint))(raw)
const customers = new Set(touchpoints.map((t) => t.customerId)).size
console.log(`${touchpoints.length} touchpoints from ${customers} customers`)

const pct = (x: number | undefined) => (x === undefined ? "–" : `${(100 * x).toFixed(0)}%`)
const hours = (ms: number | undefined) => (ms === undefined ? "–" : `${(ms / 3_600_000).toFixed(1)} h`)

// 1. Funnel: product view → add to cart → purchase within 7 days of the product view.
const funnel = Funnel.analyze(touchpoints, {
  steps: [
    { name: "product view", where: (t) => t.kind === "product-view" },
    { name: "add to cart", where: (t) => t.kind === "add-to-cart" },
    { name: "purchase", where: (t) => t.kind === "purchase" }
  ],
  window: "7 days",
  percentiles: [0.9]
})
console.log("\nFunnel (7-day window from the product view)")
for (const step of funnel.steps) {
  console.log(
    `  ${step.name.padEnd(13)} ${String(step.count).padStart(3)}  from previous ${pct(step.conversionFromPrevious).padStart(4)}` +
      `  from first ${pct(step.conversionFromFirst).padStart(4)}  median time ${hours(step.timeFromPrevious?.median)}`
  )
}
console.log(`  overall conversion ${pct(funnel.conversion)}`)

// 2. Paths: the channels customers move through, and what follows a product view.
console.log("\nMost frequent channel paths (repeats collapsed)")
for (const p of Paths.frequent(touchpoints, { key: (t) => t.channel, collapseRepeats: true, limit: 3 })) {
  console.log(`  ${String(p.count).padStart(2)} × ${p.path.map(Channel.label).join(" → ")}`)
}
const after = Paths.next(touchpoints, { after: "product-view" })
console.log(
  `After a product view: ${after.entries.map((e) => `${e.value} ${pct(e.share)}`).join(", ")}, end ${pct(after.boundary / after.occurrences)}`
)

// 3. Attribution: every method splits the same purchases and revenue between channels.
// Credit goes to marketing channels: the web and store visits where purchases happen, and support
// contacts, are dropped from the paths (a modelling choice; keep them to credit them too).
const marketingChannels = new Set(["advertising", "social", "email", "referral"])
const marketing = Attribution.fromTouchpoints(touchpoints, {
  isConversion: (t) => t.kind === "purchase",
  value: (t) => Number(t.attributes?.value ?? 0)
})
  .map((p) => {
    const keep = p.channels.flatMap((c, i) => (marketingChannels.has(c) ? [i] : []))
    return {
      ...p,
      channels: keep.map((i) => p.channels[i] ?? ""),
      timestamps: keep.map((i) => p.timestamps?.[i] ?? 0)
    }
  })
  .filter((p) => p.channels.length > 0)
const results = [
  Attribution.firstTouch(marketing),
  Attribution.lastTouch(marketing),
  Attribution.linear(marketing),
  Attribution.timeDecay(marketing, { halfLife: "1 day" }),
  Attribution.positionBased(marketing),
  Attribution.markov(marketing)
]
const first = results[0] as Attribution.Result
console.log(`\nAttributed purchases (${first.totalConversions} purchases, revenue ${first.totalValue})`)
console.log(`  ${"channel".padEnd(12)}${results.map((r) => r.method.padStart(15)).join("")}`)
for (const { channel } of first.channels) {
  const cells = results.map((r) =>
    (r.channels.find((c) => c.channel === channel)?.conversions ?? 0).toFixed(2).padStart(15)
  )
  console.log(`  ${channel.padEnd(12)}${cells.join("")}`)
}
const markov = results[5] as Attribution.MarkovResult
console.log(
  `Markov: conversion probability ${markov.conversionProbability.toFixed(3)}; removal effects ${Object.entries(
    markov.removalEffects
  )
    .map(([c, re]) => `${c} ${re.toFixed(3)}`)
    .join(", ")}`
)

// 4. Stages: where journeys (cut after 3 days of silence) stop.
const journeys = Journey.build(touchpoints, { by: "inactivity", gap: "3 days" })
const [all] = StageAnalytics.dropOff(journeys)
console.log(`\nStage drop-off over ${journeys.length} journeys`)
for (const s of all?.stages ?? []) {
  console.log(
    `  ${s.stage.padEnd(9)} reached ${String(s.reached).padStart(2)}  drop-off ${pct(s.dropOffRate).padStart(4)}`
  )
}
