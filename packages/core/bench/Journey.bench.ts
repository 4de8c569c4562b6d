// Journey building on 1,000,000 touchpoints of 100,000 customers, against a hand-written
// baseline (the same sort and gap scan with no stage classification or journey objects) over
// the same data in the same run. Run with `pnpm bench`.
import { test } from "vitest"
import { Journey, Timestamp } from "../src/index.ts"

const N = 1_000_000
const CUSTOMERS = 100_000
const GAP = 30 * 60_000
const kinds = ["ad-click", "page-view", "product-view", "add-to-cart", "checkout", "ticket-opened", "renewal"]

// A small deterministic PRNG (mulberry32) so every run sees the same data.
let seed = 42
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const start = Date.UTC(2024, 0, 1)
const touchpoints = Array.from({ length: N }, (_, i) => ({
  id: `t${i}`,
  customerId: `c${Math.floor(random() * CUSTOMERS)}`,
  timestamp: Timestamp.fromMillis(start + Math.floor(random() * 90 * 86_400_000)),
  kind: kinds[Math.floor(random() * kinds.length)] ?? "page-view",
  channel: "web"
}))

const baseline = () => {
  const items = touchpoints.slice()
  items.sort(
    (a, b) =>
      (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0) ||
      a.timestamp.epochMilliseconds - b.timestamp.epochMilliseconds
  )
  let journeys = 0
  for (let i = 1; i <= items.length; i++) {
    const prev = items[i - 1]
    const next = items[i]
    if (prev === undefined) continue
    if (
      next === undefined ||
      next.customerId !== prev.customerId ||
      next.timestamp.epochMilliseconds - prev.timestamp.epochMilliseconds > GAP
    )
      journeys++
  }
  return journeys
}

test("journeys from 1,000,000 touchpoints (100,000 customers)", async ({ bench }) => {
  await bench.compare(
    bench("baseline: sort + gap scan", () => void baseline()),
    bench(
      "Journey.build (inactivity gap 30 min)",
      () => void Journey.build(touchpoints, { by: "inactivity", gap: GAP })
    ),
    { iterations: 3, time: 0, warmupIterations: 1 }
  )
}, 600_000)
