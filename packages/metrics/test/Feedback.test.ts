import { Decode, Feedback } from "@cxkit/core"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { Ces, Csat, Grouping, MetricError, Nps } from "../src/index.ts"

let id = 0
const response = (question: unknown, score: number, channel = "chat"): Feedback.Feedback =>
  Decode.decodeUnknownSync(Feedback.Feedback)({
    id: `r-${++id}`,
    customerId: `c-${id}`,
    timestamp: `2024-05-0${1 + (id % 9)}T10:00:00Z`,
    question,
    score,
    channel
  })

const nps = { metric: "nps" }
const csat5 = { metric: "csat", min: 1, max: 5 }
const ces7 = { metric: "ces", scale: "agreement-7" }
const ces5 = { metric: "ces", scale: "effort-5" }

const responses = [
  response(nps, 10),
  response(csat5, 5),
  response(ces7, 6),
  response(nps, 3, "email"),
  response(csat5, 2, "email"),
  response(ces7, 4, "email"),
  response(nps, 9)
]

describe("fromFeedback", () => {
  it("picks the responses of each metric from Feedback of @cxkit/core", () => {
    expect(Nps.fromFeedback(responses)).toEqual(Nps.fromAnswers([10, 3, 9]))
    expect(Csat.fromFeedback(responses)).toEqual(Csat.fromAnswers([5, 2]))
    expect(Ces.fromFeedback(responses)).toEqual(Ces.fromAnswers([6, 4]))
    expect(Ces.fromFeedback([response(ces5, 2)])).toEqual(Ces.fromAnswers([2], { scale: "effort-5" }))
  })

  it("gives empty summaries when no response matches", () => {
    expect(Nps.score(Nps.fromFeedback([response(csat5, 4)]))).toBeUndefined()
    expect(Csat.fromFeedback([response(nps, 4)])).toEqual(Csat.empty)
    expect(Ces.mean(Ces.fromFeedback([]))).toBeUndefined()
  })

  it("rejects mismatched scales with a MetricError naming the response", () => {
    const csat7 = response({ metric: "csat", min: 1, max: 7 }, 7)
    expect(() => Csat.fromFeedback([response(csat5, 4), csat7])).toThrow(MetricError.MetricError)
    expect(() => Csat.fromFeedback([response(csat5, 4), csat7])).toThrow(/^responses\[1\]\.question: /)
    expect(() => Csat.fromFeedback([csat7], { scale: { min: 1, max: 5 } })).toThrow(
      /^responses\[0\]\.question/
    )
    const threshold = response({ metric: "csat", min: 1, max: 5, satisfiedFrom: 5 }, 5)
    expect(() => Csat.fromFeedback([response(csat5, 4), threshold])).toThrow(/satisfied from 4/)
    expect(() => Ces.fromFeedback([response(ces7, 6), response(ces5, 2)])).toThrow(
      'responses[1].question.scale: "effort-5" is not the CES scale of the other responses (agreement-7)'
    )
    expect(() => Ces.fromFeedback([response(ces7, 6)], { scale: "effort-5" })).toThrow(
      MetricError.MetricError
    )
  })

  it("checks scores of structural responses that did not go through the Feedback schema", () => {
    expect(() => Nps.fromFeedback([{ question: { metric: "nps" }, score: 11 }])).toThrow(
      "responses[0].score: 11 is not an integer from 0 to 10"
    )
    expect(() => Csat.fromFeedback([{ question: { metric: "csat", min: 1, max: 5 }, score: 4.5 }])).toThrow(
      "responses[0].score: 4.5 is not an integer from 1 to 5"
    )
    expect(() =>
      Nps.fromFeedback([{ score: 3 } as unknown as Pick<Feedback.Feedback, "question" | "score">])
    ).toThrow(/^responses\[0\]\.question/)
  })

  it("groups Feedback by channel and month through the feedback aggregators", () => {
    const groups = Grouping.bySegment(responses, {
      metric: Grouping.forFeedback(Nps.metric()),
      value: (r) => r,
      segment: (r) => r.channel ?? "unknown"
    })
    expect(Nps.score(groups.get("chat") as Nps.Nps)).toBe(100)
    expect(Nps.score(groups.get("email") as Nps.Nps)).toBe(-100)
    const months = Grouping.byWindow(responses, {
      metric: Grouping.forFeedback(Csat.metric()),
      value: (r) => r,
      at: (r) => r.timestamp,
      unit: "month",
      timeZone: "Europe/Paris"
    })
    expect(months.map((m) => [m.window.start, Csat.score(m.summary)])).toEqual([["2024-05-01", 50]])
  })

  it.effect("streams Feedback through the feedback sinks", () =>
    Effect.gen(function* () {
      const stream = Stream.fromIterable(responses)
      expect(yield* Stream.run(stream, Grouping.sink(Grouping.forFeedback(Nps.metric())))).toEqual(
        Nps.fromFeedback(responses)
      )
      expect(yield* Stream.run(stream, Grouping.sink(Grouping.forFeedback(Csat.metric())))).toEqual(
        Csat.fromFeedback(responses)
      )
      expect(yield* Stream.run(stream, Grouping.sink(Grouping.forFeedback(Ces.metric())))).toEqual(
        Ces.fromFeedback(responses)
      )
    })
  )
})
