/**
 * Survey feedback: one answer to an NPS (0–10), CSAT or CES question, with the question's declared
 * scale, the score, an optional comment and the customer and time it belongs to. `scaleOf` gives a
 * question's scale and `isSatisfied` / `satisfiedFrom` the CSAT "satisfied" threshold (top-two
 * boxes by default), which `@cxkit/metrics` builds on.
 *
 * @module
 * @since 0.1.0
 */
import { Schema } from "effect"
import { Channel } from "./Channel.ts"
import { CustomerId } from "./Customer.ts"
import { Timestamp } from "./Timestamp.ts"

/**
 * Net Promoter question ("How likely are you to recommend…?"), answered 0–10.
 *
 * @example
 * ```ts
 * import { Feedback } from "@cxkit/core"
 * import { Schema } from "effect"
 *
 * console.log(Schema.is(Feedback.NpsQuestion)({ metric: "nps", text: "How likely are you to recommend us?" })) // true
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const NpsQuestion = Schema.Struct({
  metric: Schema.Literal("nps"),
  text: Schema.optionalKey(Schema.String)
})

/**
 * Customer satisfaction question on a declared integer scale (`min`…`max`, e.g. 1–5, or 0–1
 * for a good/bad rating). `satisfiedFrom` is the lowest satisfied answer; by default the top
 * two boxes (`max − 1`) on scales of five or more points, otherwise `max`.
 *
 * @example
 * ```ts
 * import { Feedback } from "@cxkit/core"
 * import { Schema } from "effect"
 *
 * console.log(Schema.is(Feedback.CsatQuestion)({ metric: "csat", min: 1, max: 5 })) // true
 * console.log(Schema.is(Feedback.CsatQuestion)({ metric: "csat", min: 5, max: 1 })) // false
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const CsatQuestion = Schema.Struct({
  metric: Schema.Literal("csat"),
  min: Schema.Int,
  max: Schema.Int,
  satisfiedFrom: Schema.optionalKey(Schema.Int),
  text: Schema.optionalKey(Schema.String)
}).check(
  Schema.makeFilter((q) => {
    if (q.max <= q.min)
      return { path: ["max"], issue: `Expected max greater than min (${q.min}), got ${q.max}` }
    if (q.satisfiedFrom !== undefined && (q.satisfiedFrom < q.min || q.satisfiedFrom > q.max)) {
      return {
        path: ["satisfiedFrom"],
        issue: `Expected a value within the scale ${q.min}–${q.max}, got ${q.satisfiedFrom}`
      }
    }
    return undefined
  })
)

/**
 * Customer effort question: `agreement-7` is CES 2.0 ("The company made it easy…", 1 strongly
 * disagree … 7 strongly agree, higher is easier); `effort-5` is the original CES (1 very low
 * effort … 5 very high effort, lower is easier).
 *
 * @example
 * ```ts
 * import { Feedback } from "@cxkit/core"
 *
 * console.log(Feedback.scaleOf({ metric: "ces", scale: "agreement-7" }).direction) // "higher-is-better"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const CesQuestion = Schema.Struct({
  metric: Schema.Literal("ces"),
  scale: Schema.Literals(["agreement-7", "effort-5"]),
  text: Schema.optionalKey(Schema.String)
})

/**
 * The question a response answers, with the metadata that makes answers from any source
 * comparable.
 *
 * @example
 * ```ts
 * import { Decode, Feedback } from "@cxkit/core"
 *
 * const question = Decode.decodeUnknownSync(Feedback.Question)({ metric: "ces", scale: "effort-5" })
 * console.log(Feedback.scaleOf(question)) // { min: 1, max: 5, direction: "lower-is-better" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Question = Schema.Union([NpsQuestion, CsatQuestion, CesQuestion])

/**
 * @since 0.1.0
 * @category models
 */
export type Question = typeof Question.Type

/**
 * The numeric scale of a question and which end is better.
 *
 * @since 0.1.0
 * @category models
 */
export interface Scale {
  readonly min: number
  readonly max: number
  readonly direction: "higher-is-better" | "lower-is-better"
}

/**
 * The scale of a question.
 *
 * @example
 * ```ts
 * import { Feedback } from "@cxkit/core"
 *
 * console.log(Feedback.scaleOf({ metric: "ces", scale: "effort-5" }))
 * // { min: 1, max: 5, direction: "lower-is-better" }
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const scaleOf = (question: Question): Scale => {
  switch (question.metric) {
    case "nps":
      return { min: 0, max: 10, direction: "higher-is-better" }
    case "csat":
      return { min: question.min, max: question.max, direction: "higher-is-better" }
    case "ces":
      return question.scale === "agreement-7"
        ? { min: 1, max: 7, direction: "higher-is-better" }
        : { min: 1, max: 5, direction: "lower-is-better" }
  }
}

/**
 * One survey response: who answered, when, which question (NPS, CSAT or CES with its
 * scale), the integer score, and optionally a comment, the channel it came through and the
 * touchpoint it rates. The score must be an integer within the question's scale.
 *
 * @example
 * ```ts
 * import { Decode, Feedback } from "@cxkit/core"
 *
 * const response = Decode.decodeUnknownSync(Feedback.Feedback)({
 *   id: "r-1", customerId: "c-1", timestamp: "2024-05-01T10:00:00Z",
 *   question: { metric: "csat", min: 1, max: 5 }, score: 4, channel: "chat"
 * })
 * console.log(response.score, Feedback.scaleOf(response.question).max) // 4 5
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export class Feedback extends Schema.Class<Feedback>("Feedback")(
  Schema.Struct({
    id: Schema.String.check(Schema.isNonEmpty()),
    customerId: CustomerId,
    timestamp: Timestamp,
    question: Question,
    score: Schema.Number,
    comment: Schema.optionalKey(Schema.String),
    channel: Schema.optionalKey(Channel),
    touchpointId: Schema.optionalKey(Schema.String),
    source: Schema.optionalKey(Schema.String)
  }).check(
    Schema.makeFilter((response) => {
      const scale = scaleOf(response.question)
      return Number.isInteger(response.score) && response.score >= scale.min && response.score <= scale.max
        ? undefined
        : {
            path: ["score"],
            issue: `Expected an integer from ${scale.min} to ${scale.max} (${response.question.metric} scale), got ${response.score}`
          }
    })
  )
) {}

/**
 * Whether a CSAT answer counts as satisfied under its question's threshold.
 *
 * @example
 * ```ts
 * import { Feedback } from "@cxkit/core"
 *
 * console.log(Feedback.isSatisfied({ metric: "csat", min: 1, max: 5 }, 4)) // true
 * console.log(Feedback.isSatisfied({ metric: "csat", min: 0, max: 1 }, 0)) // false
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const isSatisfied = (question: typeof CsatQuestion.Type, score: number): boolean =>
  score >= satisfiedFrom(question)

/**
 * The lowest satisfied answer of a CSAT question (see `CsatQuestion`).
 *
 * @example
 * ```ts
 * import { Feedback } from "@cxkit/core"
 *
 * console.log(Feedback.satisfiedFrom({ metric: "csat", min: 1, max: 5 })) // 4
 * console.log(Feedback.satisfiedFrom({ metric: "csat", min: 1, max: 3 })) // 3
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const satisfiedFrom = (question: typeof CsatQuestion.Type): number =>
  question.satisfiedFrom ?? (question.max - question.min >= 4 ? question.max - 1 : question.max)
