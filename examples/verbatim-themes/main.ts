// What do customers write about, and which themes go with a low score? The themes of 600 NPS
// comments, detractors against promoters, and the themes of each channel.
// Run from the repository root: `node examples/verbatim-themes/main.ts`.
import { Themes } from "@cxkit/metrics"

// Survey responses (seeded, so every run prints the same). Detractors write mostly about billing
// and the app crashing, promoters about support; delivery comes up in both.
let seed = 11
const random = (): number => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0
  return seed / 2 ** 32
}
const pick = <A>(items: ReadonlyArray<A>): A => items[Math.floor(random() * items.length)] as A
const said = {
  detractor: [
    "Billing errors again, I was charged twice.",
    "The app keeps crashing at checkout.",
    "Hidden fees on every invoice!",
    "Delivery was late and nobody answered.",
    "Billing errors every month, fix it.",
    "App crashing since the update"
  ],
  passive: ["Delivery was fine.", "OK overall, the app is a bit slow.", "Support answered eventually."],
  promoter: [
    "Support team solved it in minutes!",
    "Fast delivery, great support.",
    "Love the new app, so easy to use.",
    "Friendly support team.",
    "Delivery on time as always."
  ]
} as const
const channels = ["email", "app", "web"] as const
const responses = Array.from({ length: 600 }, () => {
  const channel = pick(channels)
  const u = random() + (channel === "app" ? 0.15 : 0)
  const score =
    u < 0.3 ? Math.floor(random() * 7) : u < 0.5 ? 7 + Math.floor(random() * 2) : 9 + Math.floor(random() * 2)
  const kind = score <= 6 ? "detractor" : score >= 9 ? "promoter" : "passive"
  return { channel, score, comment: random() < 0.15 ? undefined : pick(said[kind]) }
})
const comments = responses.flatMap((r) => (r.comment === undefined ? [] : [r.comment]))
console.log(`${responses.length} responses, ${comments.length} with a comment`)

console.log("\nThemes of all comments (share of comments, 95% interval, sentiment):")
for (const t of Themes.extract(comments, { limit: 8 })) {
  const pct = (x: number) => (100 * x).toFixed(1)
  console.log(
    `  ${t.phrase.padEnd(22)} ${String(t.documents).padStart(4)}  ${pct(t.share).padStart(5)}%  [${pct(t.interval.lower)}, ${pct(t.interval.upper)}]  ${t.sentiment >= 0 ? "+" : ""}${t.sentiment.toFixed(2)}`
  )
}

const nps = Themes.byNps(responses)
console.log(
  `\nDetractors (${nps.detractors}) against promoters (${nps.promoters}); ${nps.passives} passives and ${nps.withoutComment} without a comment not compared.`
)
console.log("Themes detractors mention more (Benjamini–Hochberg adjusted, 95%):")
for (const t of nps.themes.filter((c) => c.significant && c.difference > 0).slice(0, 5)) {
  console.log(
    `  ${t.phrase.padEnd(22)} ${(100 * t.a.share).toFixed(1).padStart(5)}% vs ${(100 * t.b.share).toFixed(1).padStart(5)}%  p ${t.adjustedPValue < 0.001 ? "<0.001" : t.adjustedPValue.toFixed(3)}  NPS of those who mention it ${t.nps?.toFixed(0)}`
  )
}
console.log("Themes promoters mention more:")
for (const t of nps.themes.filter((c) => c.significant && c.difference < 0).slice(0, 3)) {
  console.log(
    `  ${t.phrase.padEnd(22)} ${(100 * t.a.share).toFixed(1).padStart(5)}% vs ${(100 * t.b.share).toFixed(1).padStart(5)}%  NPS ${t.nps?.toFixed(0)}`
  )
}

console.log("\nTop themes by channel:")
for (const [channel, themes] of Themes.by(
  responses,
  (r) => r.channel,
  (r) => r.comment,
  { limit: 3 }
)) {
  console.log(`  ${channel.padEnd(6)} ${themes.map((t) => `${t.phrase} (${t.documents})`).join(", ")}`)
}
