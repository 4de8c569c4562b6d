// Fits of the lifetime-value models on the CDNOW reference data (data/cdnow) and a BG/NBD fit on
// 1,000,000 simulated customers collapsed into their distinct (x, t_x, T) patterns.
// Reference timings of lifetimes 0.11 (SciPy) quoted in issue 5: BG/NBD ≈ 400 ms, Pareto/NBD ≈ 2.6 s.
import { test } from "vitest"
import { BetaGeo, GammaGamma, ParetoNbd, Rfm, Simulate } from "../src/index.ts"
import { cdnowSpend, cdnowSummary } from "../test/support/data.ts"

const cdnow = cdnowSummary()
const repeaters = cdnowSpend().filter((c) => c.frequency > 0)

// 1,000,000 customers from BG/NBD(r = 0.243, α = 4.414, a = 0.793, b = 2.426): 13 weekly cohorts
// (T = 39…51 weeks), purchase times on a daily grid (1/7 week), so identical patterns repeat.
const truth = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }
const day = 1 / 7
const million = Simulate.betaGeo(truth, {
  T: Array.from({ length: 1_000_000 }, (_, i) => 39 + (i % 13)),
  seed: 2026
}).map((c) => ({ frequency: c.frequency, recency: Math.min(c.T, Math.round(c.recency / day) * day), T: c.T }))
const patterns = Rfm.collapse(million)
const check = BetaGeo.fit(patterns)
console.log(
  `1,000,000 simulated customers → ${patterns.length} patterns; fitted`,
  Object.fromEntries(
    Object.entries(check.params).map(([k, v]) => [
      k,
      `${v.toFixed(4)} (true ${truth[k as keyof typeof truth]}, SE ${check.standardErrors[k as keyof typeof truth].toFixed(4)})`
    ])
  )
)

// Vitest 5: benchmarks are registered through the test context (`bench`) and run with `.run()`.
// Pareto/NBD against BG/NBD in the same run: the ratio of their fit times is the figure to track
// (lifetimes' own Pareto/NBD / BG/NBD ratio is about 5; issue 18 measured lifetimes' Pareto/NBD fit
// at 359 ms on this machine, so the 10× target is ≤ 36 ms).
test("lifetime-value fits on CDNOW", { timeout: 120_000 }, async ({ bench }) => {
  const bg = "BG/NBD fit, CDNOW (2,357 customers)"
  const pnbd = "Pareto/NBD fit, CDNOW (2,357 customers)"
  const results = await bench.compare(
    bench(bg, () => BetaGeo.fit(cdnow)),
    bench(pnbd, () => ParetoNbd.fit(cdnow)),
    { time: 2000, iterations: 10, warmupIterations: 2 }
  )
  const a = results.get(pnbd)
  const b = results.get(bg)
  console.log(
    `mean ms: Pareto/NBD ${a.latency.mean.toFixed(1)}, BG/NBD ${b.latency.mean.toFixed(1)}; ` +
      `Pareto/NBD / BG/NBD = ${(a.latency.mean / b.latency.mean).toFixed(2)}`
  )
  await bench("Gamma-Gamma fit, CDNOW (946 repeat buyers)", () => GammaGamma.fit(repeaters)).run({
    time: 2000,
    iterations: 10,
    warmupIterations: 2
  })
})

test("BG/NBD fit on 1,000,000 simulated customers", { timeout: 300_000 }, async ({ bench }) => {
  const options = { time: 0, iterations: 3, warmupIterations: 1 }
  await bench("BG/NBD, 1,000,000 customers: collapse + fit", () => BetaGeo.fit(Rfm.collapse(million))).run(
    options
  )
  await bench(`BG/NBD, fit of the ${patterns.length} collapsed patterns`, () => BetaGeo.fit(patterns)).run(
    options
  )
})
