// Key-driver analysis of a post-purchase survey: which experience drivers move the NPS, how
// sure we can be, and where each driver sits on the importance–performance chart.
// Run from the repository root: `node examples/key-drivers/main.ts [chart.json]` (with a path,
// the Vega-Lite chart is written there).
import { writeFileSync } from "node:fs"
import { Decode, Feedback } from "@cxkit/core"
import { KeyDrivers } from "@cxkit/metrics"
import { Schema } from "effect"

// 800 simulated respondents (a seeded generator, so every run prints the same): the NPS answer
// depends on product quality and delivery most, on effort a little, and not on the newsletter.
const random = (() => {
  let state = 20240601
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 4294967296
  }
})()
const rating = (latent: number) => Math.max(1, Math.min(5, Math.round(3 + latent)))
const noise = () => random() + random() + random() - 1.5

const questions = {
  nps: { metric: "nps", text: "Likelihood to recommend" },
  quality: { metric: "csat", min: 1, max: 5, text: "Product quality" },
  delivery: { metric: "csat", min: 1, max: 5, text: "Delivery" },
  price: { metric: "csat", min: 1, max: 5, text: "Price" },
  newsletter: { metric: "csat", min: 1, max: 5, text: "Newsletter" },
  effort: { metric: "ces", scale: "effort-5", text: "Effort" } // 1 = very low effort
} as const

const raw = Array.from({ length: 800 }, (_, i) => {
  const experience = noise() // what the drivers share: a good or a bad order overall
  const quality = rating(0.8 * experience + 0.9 * noise())
  const delivery = rating(0.6 * experience + noise() - 0.5)
  const price = rating(0.3 * experience + noise())
  const newsletter = rating(noise())
  const ease = rating(0.4 * experience + noise() + 0.4)
  const nps = Math.round(
    Math.max(
      0,
      Math.min(
        10,
        1.2 * (quality - 3) +
          1.0 * (delivery - 3) +
          0.3 * (price - 3) +
          0.4 * (ease - 3) +
          7.5 +
          2.2 * noise()
      )
    )
  )
  const answer = (question: Feedback.Question, score: number, k: number) => ({
    id: `r${i}-${k}`,
    customerId: `c${i}`,
    touchpointId: `order-${i}`,
    timestamp: "2024-06-01T12:00:00Z",
    question,
    score
  })
  return [
    answer(questions.nps, nps, 0),
    answer(questions.quality, quality, 1),
    answer(questions.delivery, delivery, 2),
    answer(questions.price, price, 3),
    answer(questions.newsletter, newsletter, 4),
    answer(questions.effort, 6 - ease, 5)
  ]
}).flat()
const responses = Decode.decodeUnknownSync(Schema.Array(Feedback.Feedback))(raw)

// One row per order (touchpointId), one column per question; effort reversed so higher is easier.
const data = KeyDrivers.fromFeedback(responses, { outcome: "Likelihood to recommend" })
console.log(
  `${responses.length} answers from ${data.rows.length} respondents; drivers: ${data.drivers.join(", ")}`
)

const result = KeyDrivers.relativeWeights(data.rows, { ...data, bootstrap: { samples: 1000, seed: 42 } })
const shapley = KeyDrivers.shapley(data.rows, { ...data, bootstrap: false })
const shapleyShare = new Map(shapley.drivers.map((d) => [d.name, d.share]))
const r2 = result.rSquaredInterval
console.log(
  `\nR² = ${result.rSquared.toFixed(3)} (95% CI ${r2?.lower.toFixed(3)}–${r2?.upper.toFixed(3)}, ${result.bootstrap?.usable} resamples)`
)
console.log(
  "\nrank  driver            share  weight  95% CI           significant  Shapley  performance  quadrant"
)
for (const d of result.drivers) {
  const ci = `[${d.interval?.lower.toFixed(3)}, ${d.interval?.upper.toFixed(3)}]`
  console.log(
    `${String(d.rank).padStart(4)}  ${d.name.padEnd(16)} ${d.share.toFixed(1).padStart(5)}%  ${d.weight.toFixed(3)}  ${ci.padEnd(16)} ${(d.significant ? "yes" : "no").padEnd(12)} ${(shapleyShare.get(d.name) ?? 0).toFixed(1).padStart(6)}%  ${d.performance.toFixed(1).padStart(11)}  ${d.quadrant}`
  )
}
const priorities = result.drivers.filter((d) => d.quadrant === "priority" && d.significant).map((d) => d.name)
console.log(`\nFix first: ${priorities.length === 0 ? "nothing" : priorities.join(", ")}`)

const chart = KeyDrivers.chart(result, { title: "What drives NPS" })
const path = process.argv[2]
if (path !== undefined) {
  writeFileSync(path, JSON.stringify(chart, null, 2))
  console.log(`Chart written to ${path} (open it with vega-embed or a notebook)`)
} else console.log(`Chart: a Vega-Lite spec with ${(chart.layer as unknown[]).length} layers`)
