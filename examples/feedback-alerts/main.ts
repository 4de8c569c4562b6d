// Alerts as feedback arrives: NPS responses stream in over two weeks; the detector reports each
// day (and the last seven days) and raises an alert when the share of detractors rises (a checkout bug ships on day 9).
// Run from the repository root: `node examples/feedback-alerts/main.ts`.
import { Decode, Feedback } from "@cxkit/core"
import { Alerts, Nps } from "@cxkit/metrics"
import { Effect, Schema, Stream } from "effect"

// Seeded answers: 20 % detractors until 9 May, 32 % from then on; 120 answers a day.
let seed = 11
const random = (): number => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0
  return seed / 2 ** 32
}
const day0 = Date.UTC(2024, 4, 1)
const raw = Array.from({ length: 14 * 120 }, (_, i) => {
  const day = Math.floor(i / 120)
  const detractorShare = day >= 8 ? 0.32 : 0.2
  const u = random()
  const score =
    u < detractorShare
      ? Math.floor(random() * 7)
      : u < detractorShare + 0.3
        ? 7 + Math.floor(random() * 2)
        : 9 + Math.floor(random() * 2)
  return {
    id: `r${i}`,
    customerId: `c${i}`,
    timestamp: new Date(day0 + day * 86_400_000 + (i % 120) * 600_000).toISOString(),
    question: { metric: "nps" },
    score
  }
})
const responses = Decode.decodeUnknownSync(Schema.Array(Feedback.Feedback))(raw)

// The baseline: last quarter's NPS, 20 % detractors. Detect a rise of 8 points; at most one
// false alarm per 5,000 answers on average.
const baseline = Nps.fromCounts({ promoters: 1500, passives: 900, detractors: 600 })
const detector = Alerts.detector({
  baseline,
  increase: 0.08,
  averageRunLength: 5000,
  window: "day",
  trailing: 7
})
console.log(
  `Watching detractors: baseline ${(100 * detector.baselineShare).toFixed(0)}%, alert on a rise to ${(100 * detector.alternativeShare).toFixed(0)}% (threshold ${detector.threshold.toFixed(2)})`
)

const program = Effect.gen(function* () {
  // The first week, as if the process then stopped; its last event is the open day, partial.
  const firstWeek = responses.filter((r) => r.timestamp.epochMilliseconds < day0 + 7 * 86_400_000)
  const before = yield* Stream.runCollect(Alerts.stream(detector, Stream.fromIterable(firstWeek)))
  const last = before.at(-1)
  const checkpoint = last?._tag === "WindowClosed" ? last.state : detector.initial
  // Restarted: resume from the checkpoint with the answers after it (the open day continues).
  const after = yield* Stream.runCollect(
    Alerts.stream(detector, Stream.fromIterable(responses.slice(checkpoint.responses)), { state: checkpoint })
  )
  const events = [...before.filter((e) => e._tag === "Alert" || !e.partial), ...after]
  for (const event of events) {
    if (event._tag === "WindowClosed") {
      const p = event.comparison.pValue
      console.log(
        `${event.label}  NPS ${event.score?.toFixed(1).padStart(5)}  [${event.interval?.lower.toFixed(1)}, ${event.interval?.upper.toFixed(1)}]  vs baseline ${event.comparison.difference?.toFixed(1).padStart(5)} (p ${p?.toFixed(3)})  7 days ${event.trailing?.score?.toFixed(1).padStart(5)}`
      )
    } else {
      console.log(
        `ALERT at ${new Date(event.at).toISOString()}: ${event.unhappy} detractors in the last ${event.answers} answers (${(100 * event.observedShare).toFixed(1)}%) since ${new Date(event.since).toISOString()}`
      )
    }
  }
  console.log(
    `Resumed after ${checkpoint.responses} answers; ${after.filter((e) => e._tag === "Alert").length + before.filter((e) => e._tag === "Alert").length} alerts in all`
  )
})
await Effect.runPromise(program)
