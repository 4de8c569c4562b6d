// Summarising 10,000,000 survey answers with @cxkit/metrics against a hand-written counting
// loop over the same data in the same run. `pnpm bench` (vitest 5 benchmarks: `bench.compare`
// inside a test) prints each group's comparison table; the target is ≤ 1.5× the hand loop for
// arrays and typed arrays. Few iterations: each one walks 10M answers.
// Before the timed groups, the streaming path (a Sink over a lazily generated Stream of 10M
// scores) is run once and its peak-RSS growth printed: it must stay flat (a 10M-element array
// alone would take 40–80 MB).
import { Effect, Option, Sink, Stream } from "effect"
import { test } from "vitest"
import { Csat, Grouping, Nps } from "../src/index.ts"

const N = 10_000_000
const CHUNK = 4096
const runOptions = { iterations: 5, warmupIterations: 1, time: 0, warmupTime: 0 }
const timeout = 600_000

// A fixed pseudo-random 0–10 score sequence (Knuth's multiplicative hash), the same for all.
const scoreAt = (i: number): number => (Math.imul(i, 2654435761) >>> 0) % 11

// The hand loop as a user would write it for one input type: one copy per type keeps each
// monomorphic, the fastest case for V8 and so the strictest baseline.
function handArray(scores: ReadonlyArray<number>): number {
  let promoters = 0
  let passives = 0
  let detractors = 0
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] as number
    if (s >= 9) promoters++
    else if (s >= 7) passives++
    else detractors++
  }
  return (100 * (promoters - detractors)) / (promoters + passives + detractors)
}
function handBytes(scores: Uint8Array): number {
  let promoters = 0
  let passives = 0
  let detractors = 0
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] as number
    if (s >= 9) promoters++
    else if (s >= 7) passives++
    else detractors++
  }
  return (100 * (promoters - detractors)) / (promoters + passives + detractors)
}
function handDoubles(scores: Float64Array): number {
  let promoters = 0
  let passives = 0
  let detractors = 0
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] as number
    if (s >= 9) promoters++
    else if (s >= 7) passives++
    else detractors++
  }
  return (100 * (promoters - detractors)) / (promoters + passives + detractors)
}

const chunkAt = (page: number, total = N): Array<number> => {
  const start = page * CHUNK
  const length = Math.min(CHUNK, total - start)
  const chunk = new Array<number>(length)
  for (let i = 0; i < length; i++) chunk[i] = scoreAt(start + i)
  return chunk
}
const pages = Math.ceil(N / CHUNK)
// A Stream of `total` scores produced one 4096-element chunk at a time: nothing holds them all.
const scoreStream = (total = N) =>
  Stream.paginate(0, (page: number) =>
    Effect.succeed([
      chunkAt(page, total),
      (page + 1) * CHUNK < total ? Option.some(page + 1) : Option.none()
    ] as const)
  )

const npsQuestion = { metric: "nps" } as const
function* responses(): Generator<{ readonly question: typeof npsQuestion; readonly score: number }> {
  for (let i = 0; i < N; i++) yield { question: npsQuestion, score: scoreAt(i) }
}

// The streaming memory check runs first, before any array below is allocated: a warm-up run of
// 1M scores (JIT, young generation), then 10M scores. Constant memory shows as no growth of the
// peak RSS during the 10M run.
await Effect.runPromise(Stream.run(scoreStream(1_000_000), Grouping.sink(Nps.metric())))
const rssBefore = process.resourceUsage().maxRSS
const streamStart = performance.now()
const streamed = await Effect.runPromise(Stream.run(scoreStream(), Grouping.sink(Nps.metric())))
const streamMs = performance.now() - streamStart
const rssGrowthMb = (process.resourceUsage().maxRSS - rssBefore) / 1024
console.log(
  `Nps.sink over a Stream of ${N} scores: ${streamMs.toFixed(0)} ms, NPS ${Nps.score(streamed)?.toFixed(3)}, ` +
    `peak RSS grew by ${rssGrowthMb.toFixed(1)} MB after a 1M warm-up ` +
    `(heap used now ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB)`
)

let numberArray: Array<number> | undefined
let bytes: Uint8Array | undefined
let doubles: Float64Array | undefined
const getNumbers = () => {
  numberArray ??= Array.from({ length: N }, (_, i) => scoreAt(i))
  return numberArray
}
const getBytes = () => {
  bytes ??= Uint8Array.from(getNumbers())
  return bytes
}
const getDoubles = () => {
  doubles ??= Float64Array.from(getNumbers())
  return doubles
}

test("10M scores in a number[]", { timeout }, async ({ bench }) => {
  await bench.compare(
    bench("hand loop", () => void handArray(getNumbers())),
    bench("Nps.fromAnswers", () => void Nps.score(Nps.fromAnswers(getNumbers()))),
    runOptions
  )
})

test("10M scores in a Uint8Array", { timeout }, async ({ bench }) => {
  await bench.compare(
    bench("hand loop", () => void handBytes(getBytes())),
    bench("Nps.fromAnswers", () => void Nps.score(Nps.fromAnswers(getBytes()))),
    runOptions
  )
})

test("10M scores in a Float64Array", { timeout }, async ({ bench }) => {
  await bench.compare(
    bench("hand loop", () => void handDoubles(getDoubles())),
    bench("Nps.fromAnswers", () => void Nps.score(Nps.fromAnswers(getDoubles()))),
    runOptions
  )
})

test("10M CSAT ratings (1–5) in a Uint8Array", { timeout }, async ({ bench }) => {
  let ratings: Uint8Array | undefined
  const getRatings = () => {
    ratings ??= getBytes().map((s) => 1 + (s % 5))
    return ratings
  }
  await bench.compare(
    bench("hand loop", () => {
      const r = getRatings()
      let satisfied = 0
      for (let i = 0; i < r.length; i++) if ((r[i] as number) >= 4) satisfied++
      void ((100 * satisfied) / r.length)
    }),
    bench("Csat.fromAnswers", () => void Csat.score(Csat.fromAnswers(getRatings()))),
    runOptions
  )
})

test("10M response objects from an iterable (generator)", { timeout }, async ({ bench }) => {
  await bench.compare(
    bench("hand loop", () => {
      let promoters = 0
      let passives = 0
      let detractors = 0
      for (const r of responses()) {
        if (r.question.metric !== "nps") continue
        if (r.score >= 9) promoters++
        else if (r.score >= 7) passives++
        else detractors++
      }
      void (promoters - detractors + passives)
    }),
    bench("Nps.fromFeedback", () => void Nps.score(Nps.fromFeedback(responses()))),
    { ...runOptions, iterations: 3 }
  )
})

test("10M scores from a Stream (4096-element chunks)", { timeout }, async ({ bench }) => {
  await bench.compare(
    bench("hand loop over the same chunks", () => {
      let promoters = 0
      let passives = 0
      let detractors = 0
      for (let page = 0; page < pages; page++) {
        const chunk = chunkAt(page)
        for (let i = 0; i < chunk.length; i++) {
          const s = chunk[i] as number
          if (s >= 9) promoters++
          else if (s >= 7) passives++
          else detractors++
        }
      }
      void (promoters - detractors + passives)
    }),
    bench("Stream.run(…, Grouping.sink(Nps.metric()))", async () => {
      void Nps.score(await Effect.runPromise(Stream.run(scoreStream(), Grouping.sink(Nps.metric()))))
    }),
    // The floor: the same Stream drained by a sink that does nothing with the chunks.
    bench("Stream.run(…, Sink.forEachArray(no-op))", async () => {
      await Effect.runPromise(
        Stream.run(
          scoreStream(),
          Sink.forEachArray(() => Effect.void)
        )
      )
    }),
    { ...runOptions, iterations: 3 }
  )
})
