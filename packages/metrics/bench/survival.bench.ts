// Kaplan-Meier on 1,000,000 durations (30% censored, ~20,000 distinct times) against a
// hand-written baseline in the same run: the textbook implementation (sort an index array with a
// comparator, one pass computing Ŝ only, no validation, no variance or intervals). Run with
// `pnpm bench`; vitest prints the ratio ("x times faster than") between the two.
import { test } from "vitest"
import { LogRank, Survival } from "../src/index.ts"

const N = 1_000_000

// Deterministic data (mulberry32) so runs are comparable.
const random = (() => {
  let a = 0x9e3779b9
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
})()
const durations = new Float64Array(N)
const observed = new Uint8Array(N)
for (let i = 0; i < N; i++) {
  // Exponential lifetimes in days, rounded to 1/10 day: many ties, as in real subscription data.
  durations[i] = Math.round(-Math.log(1 - random()) * 365 * 10) / 10
  observed[i] = random() < 0.7 ? 1 : 0
}

const baseline = (d: Float64Array, o: Uint8Array): Array<number> => {
  const order = Array.from({ length: d.length }, (_, i) => i).sort(
    (a, b) => (d[a] as number) - (d[b] as number)
  )
  const survival: Array<number> = []
  let s = 1
  let atRisk = d.length
  let i = 0
  while (i < order.length) {
    const t = d[order[i] as number] as number
    let events = 0
    let leaving = 0
    while (i < order.length && d[order[i] as number] === t) {
      events += o[order[i] as number] as number
      leaving++
      i++
    }
    if (events > 0) s *= 1 - events / atRisk
    survival.push(s)
    atRisk -= leaving
  }
  return survival
}

test("Kaplan-Meier, 1,000,000 durations", async ({ bench }) => {
  const results = await bench.compare(
    bench("Survival.kaplanMeier (validation, Greenwood SE, log-log band)", () => {
      Survival.kaplanMeier({ durations, observed })
    }),
    bench("hand-written baseline (index sort, Ŝ only)", () => {
      baseline(durations, observed)
    }),
    { iterations: 5, time: 0, warmupIterations: 1, warmupTime: 0 }
  )
  const ours = results.get("Survival.kaplanMeier (validation, Greenwood SE, log-log band)")
  const base = results.get("hand-written baseline (index sort, Ŝ only)")
  console.log(
    `mean ms: kaplanMeier ${ours.latency.mean.toFixed(1)}, baseline ${base.latency.mean.toFixed(1)}; ` +
      `baseline / kaplanMeier = ${(base.latency.mean / ours.latency.mean).toFixed(2)}`
  )
}, 300_000)

// Integer-day durations (subscription data): Kaplan-Meier counts by distinct time. Baseline: a
// bare counting loop over the same arrays (events and censorings per day, then the survival
// product over the days), no validation, variance or intervals. Target: ≤ 3× the baseline.
// The same data off the integer grid (days + 0.5) show the sorting path next to it.
const days = new Float64Array(N)
for (let i = 0; i < N; i++) days[i] = Math.round(durations[i] as number)
const halfDays = days.map((d) => d + 0.5)

const countingLoop = (d: Float64Array, o: Uint8Array): Float64Array => {
  let max = 0
  for (let i = 0; i < d.length; i++) if ((d[i] as number) > max) max = d[i] as number
  const events = new Float64Array(max + 1)
  const leaving = new Float64Array(max + 1)
  for (let i = 0; i < d.length; i++) {
    const t = d[i] as number
    events[t] = (events[t] as number) + (o[i] as number)
    leaving[t] = (leaving[t] as number) + 1
  }
  const survival = new Float64Array(max + 1)
  let s = 1
  let atRisk = d.length
  for (let t = 0; t <= max; t++) {
    if ((events[t] as number) > 0) s *= 1 - (events[t] as number) / atRisk
    survival[t] = s
    atRisk -= leaving[t] as number
  }
  return survival
}

const ratio = (a: { latency: { mean: number } }, b: { latency: { mean: number } }): string =>
  (a.latency.mean / b.latency.mean).toFixed(2)

test("Kaplan-Meier, 1,000,000 integer-day durations", async ({ bench }) => {
  const ours = "Survival.kaplanMeier (validation, Greenwood SE, log-log band)"
  const base = "bare counting loop (Ŝ only)"
  const sorting = "Survival.kaplanMeier, sorting path (days + 0.5)"
  const results = await bench.compare(
    bench(ours, () => {
      Survival.kaplanMeier({ durations: days, observed })
    }),
    bench(base, () => {
      countingLoop(days, observed)
    }),
    bench(sorting, () => {
      Survival.kaplanMeier({ durations: halfDays, observed })
    }),
    { iterations: 15, time: 0, warmupIterations: 3, warmupTime: 0 }
  )
  const a = results.get(ours)
  const b = results.get(base)
  const c = results.get(sorting)
  console.log(
    `mean ms: kaplanMeier ${a.latency.mean.toFixed(1)}, counting loop ${b.latency.mean.toFixed(1)}, ` +
      `sorting path ${c.latency.mean.toFixed(1)}; kaplanMeier / counting loop = ${ratio(a, b)} (target ≤ 3), ` +
      `sorting path / kaplanMeier = ${ratio(c, a)}`
  )
}, 300_000)

// Log-rank on the same integer days, two groups given as strings. Baseline: a bare loop over the
// same three arrays: each label to a code through a Map, events and rows per (day, group), then
// O − E and its variance for the first group over the days; no validation, no k-group algebra.
// Target: ≤ 3× the baseline. The same data off the integer grid (days + 0.5) take the rank path.
const plan = Array.from({ length: N }, (_, i) => (i % 3 === 0 ? "annual" : "monthly"))

const bareLogRank = (d: Float64Array, o: Uint8Array, groups: ReadonlyArray<string>): number => {
  let max = 0
  for (let i = 0; i < d.length; i++) if ((d[i] as number) > max) max = d[i] as number
  const codes = new Map<string, number>()
  const events = new Float64Array(2 * (max + 1))
  const leaving = new Float64Array(2 * (max + 1))
  const risk = [0, 0]
  for (let i = 0; i < d.length; i++) {
    const g = groups[i] as string
    let c = codes.get(g)
    if (c === undefined) {
      c = codes.size
      codes.set(g, c)
    }
    const cell = 2 * (d[i] as number) + c
    events[cell] = (events[cell] as number) + (o[i] as number)
    leaving[cell] = (leaving[cell] as number) + 1
    risk[c] = (risk[c] as number) + 1
  }
  let oMinusE = 0
  let variance = 0
  let r0 = risk[0] as number
  let r1 = risk[1] as number
  for (let t = 0; t <= max; t++) {
    const e0 = events[2 * t] as number
    const dt = e0 + (events[2 * t + 1] as number)
    const total = r0 + r1
    if (dt > 0) {
      oMinusE += e0 - (dt * r0) / total
      if (total > 1) variance += (((dt * (total - dt)) / (total - 1)) * r0 * r1) / (total * total)
    }
    r0 -= leaving[2 * t] as number
    r1 -= leaving[2 * t + 1] as number
  }
  return (oMinusE * oMinusE) / variance
}

test("log-rank, 1,000,000 integer-day durations, two groups", async ({ bench }) => {
  const ours = "LogRank.compare (counting by day and group)"
  const base = "bare counting loop (Map-coded groups, two-group statistic only)"
  const ranked = "LogRank.compare, rank path (days + 0.5)"
  const results = await bench.compare(
    bench(ours, () => {
      LogRank.compare({ durations: days, observed, groups: plan })
    }),
    bench(base, () => {
      bareLogRank(days, observed, plan)
    }),
    bench(ranked, () => {
      LogRank.compare({ durations: halfDays, observed, groups: plan })
    }),
    { iterations: 15, time: 0, warmupIterations: 3, warmupTime: 0 }
  )
  const a = results.get(ours)
  const b = results.get(base)
  const c = results.get(ranked)
  console.log(
    `mean ms: log-rank ${a.latency.mean.toFixed(1)}, bare loop ${b.latency.mean.toFixed(1)}, rank path ` +
      `${c.latency.mean.toFixed(1)}; log-rank / bare loop = ${ratio(a, b)} (target ≤ 3), ` +
      `rank path / log-rank = ${ratio(c, a)}`
  )
}, 300_000)
