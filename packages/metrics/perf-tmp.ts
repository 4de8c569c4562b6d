import { Timestamp } from "@cxkit/core"
import { Attribution, Funnel, Paths } from "@cxkit/metrics"

const mulberry32 = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const kinds = [
  "ad-click",
  "page-view",
  "product-view",
  "newsletter-open",
  "add-to-cart",
  "purchase",
  "ticket-opened"
]
const channels = ["advertising", "web", "email", "social", "mobile-app", "chat", "store", "referral"]
const random = mulberry32(1)
const data = Array.from({ length: 1_000_000 }, (_, i) => ({
  id: `t${i}`,
  customerId: `c${i < 100000 ? i : Math.floor(random() * 100000)}`,
  timestamp: Timestamp.fromMillis(1.7e12 + Math.floor(random() * 30 * 86_400_000)),
  kind: kinds[Math.floor(random() * 7)] as string,
  channel: channels[Math.floor(random() * 8)] as string
}))
const time = (name: string, f: () => unknown) => {
  const t = performance.now()
  f()
  console.log(name, Math.round(performance.now() - t), "ms")
}
time("baseline", () => {
  const m = new Map<string, unknown[]>()
  for (const r of data) {
    const l = m.get(r.customerId)
    if (l) l.push(r)
    else m.set(r.customerId, [r])
  }
})

import { group } from "./src/internal/units.ts"

time("group", () => group(data))
time("group2", () => group(data))
time("baseline2", () => {
  const m = new Map<string, unknown[]>()
  for (const r of data) {
    const l = m.get(r.customerId)
    if (l) l.push(r)
    else m.set(r.customerId, [r])
  }
})
time("funnel", () =>
  Funnel.analyze(data, {
    steps: [
      { name: "a", where: (t) => t.kind === "product-view" },
      { name: "b", where: (t) => t.kind === "add-to-cart" },
      { name: "c", where: (t) => t.kind === "purchase" }
    ],
    window: "7 days",
    breakdown: (t) => t.channel
  })
)
time("dfg", () => Paths.directlyFollows(data))
time("frequent", () => Paths.frequent(data, { key: (t) => t.channel, maxLength: 4 }))
time("markov", () =>
  Attribution.markov(Attribution.fromTouchpoints(data, { isConversion: (t) => t.kind === "purchase" }))
)
