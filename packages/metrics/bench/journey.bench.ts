// Journey analytics at scale: 1,000,000 touchpoints for 100,000 customers from a seeded PRNG.
// Each analysis is timed once (its first run) with the heap growth it caused, next to a baseline
// pass over the same data (grouping touchpoints by customer in a Map, the least any per-customer
// analysis must do) for ratios; then vitest's bench repeats nothing (one iteration each).
import { Timestamp } from "@cxkit/core"
import { test } from "vitest"
import { Attribution, Funnel, Paths } from "../src/index.ts"

const CUSTOMERS = 100_000
const TOUCHPOINTS = 1_000_000

// mulberry32 (Tommy Ettinger's public-domain 32-bit generator): deterministic across runs.
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
const kindWeights = [0.2, 0.25, 0.2, 0.12, 0.1, 0.05, 0.08]
const channels = ["advertising", "web", "email", "social", "mobile-app", "chat", "store", "referral"]

const generate = () => {
  const random = mulberry32(20_240_501)
  const start = Date.parse("2024-01-01T00:00:00Z")
  const rows = new Array(TOUCHPOINTS)
  for (let i = 0; i < TOUCHPOINTS; i++) {
    const customer = i < CUSTOMERS ? i : Math.floor(random() * CUSTOMERS)
    let u = random()
    let k = 0
    while (k < kinds.length - 1 && u >= (kindWeights[k] as number)) u -= kindWeights[k++] as number
    rows[i] = {
      id: `t${i}`,
      customerId: `c${customer}`,
      timestamp: Timestamp.fromMillis(start + Math.floor(random() * 30 * 86_400_000)),
      kind: kinds[k] as string,
      channel: channels[Math.floor(random() * channels.length)] as string
    }
  }
  return rows as ReadonlyArray<{
    id: string
    customerId: string
    timestamp: ReturnType<typeof Timestamp.fromMillis>
    kind: string
    channel: string
  }>
}

const data = generate()
type Row = (typeof data)[number]

const figures: Array<{ name: string; ms: number; heapMB: number; rssMB: number }> = []
const measure = <A>(name: string, f: () => A): A => {
  const before = process.memoryUsage()
  const t0 = performance.now()
  const result = f()
  const ms = performance.now() - t0
  const after = process.memoryUsage()
  figures.push({
    name,
    ms,
    heapMB: (after.heapUsed - before.heapUsed) / 2 ** 20,
    rssMB: (after.rss - before.rss) / 2 ** 20
  })
  return result
}

const baseline = () => {
  const byCustomer = new Map<string, Array<Row>>()
  for (const row of data) {
    const list = byCustomer.get(row.customerId)
    if (list === undefined) byCustomer.set(row.customerId, [row])
    else list.push(row)
  }
  return byCustomer.size
}

const funnelOptions: Funnel.Options<Row> = {
  steps: [
    { name: "product view", where: (t) => t.kind === "product-view" },
    { name: "add to cart", where: (t) => t.kind === "add-to-cart" },
    { name: "purchase", where: (t) => t.kind === "purchase" }
  ],
  window: "7 days",
  breakdown: (t) => t.channel
}

// Each function records its first call's time and heap/RSS growth (the bench engine may call it
// again); the table is printed after vitest's own comparison.
const first = new Set<string>()
const recorded = (name: string, f: () => unknown) => () => {
  if (first.has(name)) return void f()
  first.add(name)
  measure(name, f)
}

test(`journey analytics on ${TOUCHPOINTS} touchpoints (${CUSTOMERS} customers)`, async ({ bench }) => {
  await bench.compare(
    bench("baseline: group by customer", recorded("baseline: group by customer", baseline)),
    bench(
      "Funnel.analyze (3 steps, 7 days, breakdown)",
      recorded("Funnel.analyze (3 steps, 7 days, breakdown)", () => Funnel.analyze(data, funnelOptions))
    ),
    bench(
      "Paths.directlyFollows (by kind)",
      recorded("Paths.directlyFollows (by kind)", () => Paths.directlyFollows(data))
    ),
    bench(
      "Paths.frequent (by channel, first 4 steps)",
      recorded("Paths.frequent (by channel, first 4 steps)", () =>
        Paths.frequent(data, { key: (t) => t.channel, maxLength: 4 })
      )
    ),
    bench(
      "Attribution.fromTouchpoints + markov",
      recorded("Attribution.fromTouchpoints + markov", () =>
        Attribution.markov(Attribution.fromTouchpoints(data, { isConversion: (t) => t.kind === "purchase" }))
      )
    ),
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 }
  )
  const base = figures[0]?.ms ?? Number.NaN
  console.log(
    figures
      .map(
        (f) =>
          `${f.name.padEnd(46)} ${f.ms.toFixed(0).padStart(6)} ms  ×${(f.ms / base).toFixed(1).padStart(5)} baseline` +
          `  heap +${f.heapMB.toFixed(0).padStart(4)} MB  rss +${f.rssMB.toFixed(0).padStart(4)} MB`
      )
      .join("\n")
  )
}, 600_000)
