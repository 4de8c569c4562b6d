// Which segments really differ? NPS, CSAT and CES by channel and by region, each segment
// against the rest and every pair, with p-values adjusted for the number of comparisons.
// Run from the repository root: `node examples/segment-significance/main.ts`.
import { Ces, Csat, Grouping, Nps, Significance } from "@cxkit/metrics"

// Survey responses (seeded, so every run prints the same): the phone channel is better than
// the others, the app is worse, and the regions are all alike; the kiosk has few answers.
let seed = 7
const random = (): number => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0
  return seed / 2 ** 32
}
const draw = (weights: ReadonlyArray<number>, low: number): number => {
  let u = random() * weights.reduce((a, b) => a + b, 0)
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i] as number
    if (u < 0) return low + i
  }
  return low + weights.length - 1
}
const channels = {
  web: { n: 400, nps: [2, 1, 2, 2, 3, 4, 6, 10, 14, 15, 12], csat: [4, 6, 10, 40, 40] },
  phone: { n: 300, nps: [1, 1, 1, 1, 2, 3, 4, 8, 14, 20, 22], csat: [2, 3, 7, 38, 50] },
  app: { n: 350, nps: [4, 3, 3, 4, 5, 6, 7, 11, 13, 12, 9], csat: [7, 9, 14, 38, 32] },
  kiosk: { n: 12, nps: [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1], csat: [1, 1, 1, 1, 1] }
} as const
const regions = ["north", "south", "east", "west"] as const
const responses = Object.entries(channels).flatMap(([channel, spec]) =>
  Array.from({ length: spec.n }, () => ({
    channel,
    region: regions[Math.floor(random() * regions.length)] as string,
    nps: draw(spec.nps, 0),
    csat: draw(spec.csat, 1),
    ces: draw([2, 3, 6, 10, 22, 32, 25], 1) // the same effort everywhere
  }))
)
console.log(`${responses.length} responses`)

const npsByChannel = Grouping.bySegment(responses, {
  metric: Nps.metric(),
  value: (r) => r.nps,
  segment: (r) => r.channel
})
const nps = Significance.bySegment(npsByChannel, { measure: Significance.nps() })
console.log(`\n${Significance.format(nps, { by: "channel" })}`)

const csatByChannel = Grouping.bySegment(responses, {
  metric: Csat.metric(),
  value: (r) => r.csat,
  segment: (r) => r.channel
})
const csat = Significance.bySegment(csatByChannel, {
  measure: Significance.csat(),
  adjustment: "benjamini-hochberg"
})
console.log(`\n${Significance.format(csat, { by: "channel" })}`)

const npsByRegion = Grouping.bySegment(responses, {
  metric: Nps.metric(),
  value: (r) => r.nps,
  segment: (r) => r.region
})
const byRegion = Significance.bySegment(npsByRegion, { measure: Significance.nps() })
console.log(`\n${Significance.format(byRegion, { by: "region" })}`)

const cesByRegion = Grouping.bySegment(responses, {
  metric: Ces.metric(),
  value: (r) => r.ces,
  segment: (r) => r.region
})
const ces = Significance.bySegment(cesByRegion, { measure: Significance.ces() })
const smallest = Math.min(...ces.vsRest.map((t) => t.holm))
console.log(
  `\nCES by region: ${ces.vsRest.filter((t) => t.significant).length} significant differences (smallest Holm p ${smallest.toFixed(2)})`
)
