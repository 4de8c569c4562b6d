// Key-driver analysis and segment significance against the least their work must do, in the same
// run. KeyDrivers: 2,000 respondents and 8 driver ratings; the baseline builds the correlation
// matrices a bootstrap of 1,000 resamples needs (index draws and centred cross-products, the
// floor of any resampling method), next to relativeWeights and shapley with that bootstrap.
// Significance: 40 segments (40 tests vs the rest, 780 pairs) against the bare loop of the
// metric's compare over the same pairs. Run with `pnpm bench`.
import { test } from "vitest"
import { KeyDrivers, Nps, Significance } from "../src/index.ts"
import { normal, openUniform } from "../src/internal/random.ts"

const runOptions = { iterations: 3, warmupIterations: 1, time: 0, warmupTime: 0 }
const N = 2000
const P = 8
const SAMPLES = 1000

const random = openUniform(2024)
const drivers = Array.from({ length: P }, (_, j) => `d${j}`)
const rows = Array.from({ length: N }, () => {
  const common = normal(random)
  const row: Record<string, number> = {}
  let y = 0
  drivers.forEach((name, j) => {
    const x = Math.round(3 + 0.8 * common + normal(random))
    row[name] = x
    y += x / (j + 1)
  })
  row.nps = y + 2 * normal(random)
  return row
})

// The floor: for each resample, draw the indices and accumulate the (P + 2)² cross-products.
const baseline = () => {
  const k = P + 2
  const columns = [
    ...drivers.map((d) => Float64Array.from(rows, (r) => r[d] as number)),
    Float64Array.from(rows, () => random()),
    Float64Array.from(rows, (r) => r.nps as number)
  ]
  const cross = new Float64Array(k * k)
  const draw = openUniform(1)
  let sink = 0
  for (let b = 0; b < SAMPLES; b++) {
    cross.fill(0)
    for (let i = 0; i < N; i++) {
      const row = Math.floor(draw() * N)
      for (let a = 0; a < k; a++) {
        const va = (columns[a] as Float64Array)[row] as number
        for (let c = a; c < k; c++)
          cross[a * k + c] = (cross[a * k + c] as number) + va * ((columns[c] as Float64Array)[row] as number)
      }
    }
    sink += cross[0] as number
  }
  return sink
}

test("KeyDrivers with a 1,000-resample bootstrap", async ({ bench }) => {
  const options = { outcome: "nps", drivers, bootstrap: { samples: SAMPLES, seed: 3 } }
  await bench.compare(
    bench("baseline: resampled cross-products", () => void baseline()),
    bench("KeyDrivers.relativeWeights", () => void KeyDrivers.relativeWeights(rows, options)),
    bench("KeyDrivers.shapley", () => void KeyDrivers.shapley(rows, options)),
    runOptions
  )
}, 600_000)

const segments = new Map(
  Array.from({ length: 40 }, (_, i) => [
    `segment-${i}`,
    Nps.fromCounts({ promoters: 100 + i, passives: 80, detractors: 60 + (i % 7) })
  ])
)

test("Significance.bySegment over 40 segments", async ({ bench }) => {
  const summaries = [...segments.values()]
  await bench.compare(
    bench("baseline: Nps.compare over the 780 pairs", () => {
      let sink = 0
      for (let a = 0; a < summaries.length; a++)
        for (let b = a + 1; b < summaries.length; b++)
          sink += Nps.compare(summaries[a] as Nps.Nps, summaries[b] as Nps.Nps).pValue ?? 0
      return void sink
    }),
    bench(
      "Significance.bySegment",
      () => void Significance.bySegment(segments, { measure: Significance.nps() })
    ),
    { iterations: 20, warmupIterations: 2, time: 0, warmupTime: 0 }
  )
}, 600_000)
