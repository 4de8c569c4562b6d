// Survey metrics with @cxkit/metrics: NPS, CSAT and CES per channel and month, with intervals,
// a month-over-month comparison, a sample-size plan and a streamed summary.
//
//   node examples/survey-metrics/main.ts
//
// The responses are generated (seeded, so the output is stable) in the shape of `Feedback`
// from @cxkit/core: a question with its metric and scale, a score, a channel and a time.
import { Ces, Csat, Grouping, type Interval, Nps } from "@cxkit/metrics"
import { Effect, Stream } from "effect"

type Question =
  | { readonly metric: "nps" }
  | { readonly metric: "csat"; readonly min: number; readonly max: number }
  | { readonly metric: "ces"; readonly scale: "agreement-7" }

interface Response {
  readonly question: Question
  readonly score: number
  readonly channel: string
  readonly at: Date
}

// A small linear congruential generator (Numerical Recipes constants): reproducible data.
let seed = 20240101
const random = (): number => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0
  return seed / 2 ** 32
}
const pick = (weights: ReadonlyArray<number>): number => {
  const total = weights.reduce((a, b) => a + b, 0)
  let u = random() * total
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i] as number
    if (u < 0) return i
  }
  return weights.length - 1
}

// Answer distributions per channel (weights of each scale point, lowest first). Chat gets worse in
// March: a new bot went live.
const npsWeights: Record<string, ReadonlyArray<number>> = {
  chat: [1, 1, 1, 2, 2, 4, 6, 10, 14, 18, 16],
  email: [2, 2, 3, 3, 4, 6, 8, 12, 14, 12, 8],
  store: [1, 1, 1, 1, 2, 3, 4, 8, 14, 22, 26]
}
const chatMarch = [2, 2, 2, 3, 3, 5, 7, 11, 14, 16, 13]
const csatWeights: ReadonlyArray<number> = [3, 5, 10, 40, 42]
const cesWeights: ReadonlyArray<number> = [2, 3, 6, 10, 22, 32, 25]

const QUESTIONS = {
  nps: { metric: "nps" },
  csat: { metric: "csat", min: 1, max: 5 },
  ces: { metric: "ces", scale: "agreement-7" }
} as const

const responses: Array<Response> = []
for (const channel of ["chat", "email", "store"]) {
  for (let month = 0; month < 3; month++) {
    for (let i = 0; i < 300; i++) {
      const day = 1 + Math.floor(random() * 28)
      const at = new Date(Date.UTC(2024, month, day, Math.floor(random() * 24), Math.floor(random() * 60)))
      const nps =
        channel === "chat" && month === 2 ? chatMarch : (npsWeights[channel] as ReadonlyArray<number>)
      responses.push({ question: QUESTIONS.nps, score: pick(nps), channel, at })
      if (i % 2 === 0) responses.push({ question: QUESTIONS.csat, score: 1 + pick(csatWeights), channel, at })
      if (i % 3 === 0) responses.push({ question: QUESTIONS.ces, score: 1 + pick(cesWeights), channel, at })
    }
  }
}

const fmt = (x: number | undefined, digits = 1): string => (x === undefined ? "–" : x.toFixed(digits))
const fmtInterval = (i: Interval.Interval | undefined, digits = 1): string =>
  i === undefined ? "–" : `[${fmt(i.lower, digits)}, ${fmt(i.upper, digits)}]`
const pad = (s: string, n: number): string => s.padEnd(n)

console.log(`${responses.length} survey responses (NPS, CSAT 1–5, CES 2.0) from 3 channels, Jan–Mar 2024\n`)

// 1. Per channel, all three metrics, in one pass each.
console.log("By channel")
console.log(
  `  ${pad("channel", 8)}${pad("NPS", 7)}${pad("95% CI (adj. Wald)", 20)}${pad("CSAT %", 8)}${pad("95% CI (Wilson)", 17)}${pad("CES mean", 10)}agree %`
)
const npsByChannel = Grouping.bySegment(responses, {
  metric: Grouping.forFeedback(Nps.metric()),
  value: (r) => r,
  segment: (r) => r.channel
})
const csatByChannel = Grouping.bySegment(responses, {
  metric: Grouping.forFeedback(Csat.metric()),
  value: (r) => r,
  segment: (r) => r.channel
})
const cesByChannel = Grouping.bySegment(responses, {
  metric: Grouping.forFeedback(Ces.metric()),
  value: (r) => r,
  segment: (r) => r.channel
})
for (const [channel, nps] of npsByChannel) {
  const csat = csatByChannel.get(channel) ?? Csat.empty
  const ces = cesByChannel.get(channel) ?? Ces.empty
  console.log(
    `  ${pad(channel, 8)}${pad(fmt(Nps.score(nps)), 7)}${pad(fmtInterval(Nps.interval(nps)), 20)}` +
      `${pad(fmt(Csat.score(csat)), 8)}${pad(fmtInterval(Csat.interval(csat)), 17)}` +
      `${pad(fmt(Ces.mean(ces), 2), 10)}${fmt(Ces.agreeShare(ces))}`
  )
}

// 2. NPS per channel and month in Paris time, and the trend.
console.log("\nNPS by month (Europe/Paris)")
const monthly = Grouping.summarize(responses, {
  metric: Grouping.forFeedback(Nps.metric()),
  value: (r) => r,
  segment: (r) => r.channel,
  window: { at: (r) => r.at, unit: "month", timeZone: "Europe/Paris" }
})
for (const channel of npsByChannel.keys()) {
  const windows = monthly.flatMap((g) =>
    g.segment === channel && g.window !== undefined ? [{ window: g.window, summary: g.summary }] : []
  )
  const trend = Grouping.trend(windows, Nps.score)
  const points = trend.points.map((p) => `${p.window.start.slice(0, 7)} ${fmt(p.value)}`).join("  ")
  console.log(`  ${pad(channel, 8)}${points}  slope ${fmt(trend.slope)} points/month`)
}

// 3. Did chat really drop in March? Compare the two monthly summaries.
const chatMonth = (start: string): Nps.Nps =>
  monthly.find((g) => g.segment === "chat" && g.window?.start === start)?.summary ?? Nps.empty
const change = Nps.compare(chatMonth("2024-03-01"), chatMonth("2024-02-01"), { level: 0.95 })
console.log(
  `\nChat, March vs February: ${fmt(change.difference)} points, 95% CI ${fmtInterval(change.interval)}, ` +
    `z = ${fmt(change.z, 2)}, p = ${fmt(change.pValue, 4)}` +
    (change.pValue !== undefined && change.pValue < 0.05 ? " (a real drop)" : " (within noise)")
)

// 4. Interval methods side by side for one small segment: 9 satisfied out of 10.
const small = Csat.fromAnswers([5, 5, 4, 4, 5, 4, 5, 5, 4, 2])
console.log("\nCSAT of 10 ratings, 9 satisfied, three interval methods (95%)")
for (const method of ["wald", "adjusted-wald", "wilson"] as const) {
  console.log(`  ${pad(method, 14)}${fmtInterval(Csat.interval(small, { method }))}`)
}

// 5. Planning the next survey.
console.log(
  `\nResponses for ±5 NPS points at 95%: ${Nps.sampleSize({ marginOfError: 5 })} (worst case), ` +
    `${Nps.sampleSize({ marginOfError: 5, expected: { promoters: 0.45, detractors: 0.2 } })} (45% promoters, 20% detractors)`
)

// 6. The same NPS from a Stream, in constant memory.
const streamedNps = await Effect.runPromise(
  Stream.run(
    Stream.fromIterable(responses).pipe(
      Stream.filter((r) => r.question.metric === "nps"),
      Stream.map((r) => r.score)
    ),
    Grouping.sink(Nps.metric())
  )
)
console.log(`NPS over a Stream of all responses: ${fmt(Nps.score(streamedNps))}`)
