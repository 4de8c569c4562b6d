/**
 * Touchpoints: one interaction of a customer with the company (a page view, a ticket, a chat
 * message, a review, a survey response), with its time, channel, kind, source, optional journey
 * stage, sentiment, feedback and attributes. Journeys, funnels and most CX metrics are built from
 * them.
 *
 * @module
 * @since 0.1.0
 */
import { Schema } from "effect"
import { Attributes } from "./Attributes.ts"
import { Channel } from "./Channel.ts"
import { CustomerId } from "./Customer.ts"
import { Feedback } from "./Feedback.ts"
import { JourneyStage } from "./JourneyStage.ts"
import { Timestamp, TimeZone } from "./Timestamp.ts"

/**
 * The id of a touchpoint (non-empty, branded); unique within its source system.
 *
 * @example
 * ```ts
 * import { Touchpoint } from "@cxkit/core"
 *
 * console.log(Touchpoint.TouchpointId.make("zendesk:ticket:42")) // "zendesk:ticket:42"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const TouchpointId = Schema.String.check(Schema.isNonEmpty()).pipe(Schema.brand("TouchpointId"))

/**
 * @since 0.1.0
 * @category models
 */
export type TouchpointId = typeof TouchpointId.Type

/**
 * One interaction between a customer and the brand: an ad click, a page view, a purchase, a
 * support ticket, a review, a survey answer.
 *
 * - `timestamp` is an instant (decoded from ISO 8601 with a zone); `timeZone` optionally keeps
 *   the customer's IANA zone for local-time analysis (day of week, business hours).
 * - `kind` is the source's event name (`ticket-opened`, `page-view`); `stage` is the journey
 *   stage if the source knows it, otherwise `JourneyStage.classify` derives it.
 * - `sentiment` is a score in [−1, 1] (negative to positive); `feedback` a survey response.
 * - `journeyId` groups touchpoints into explicit journeys (an order, a ticket thread).
 *
 * @example
 * ```ts
 * import { Decode, Touchpoint } from "@cxkit/core"
 *
 * const tp = Decode.decodeUnknownSync(Touchpoint.Touchpoint)({
 *   id: "t-1", customerId: "c-1", timestamp: "2024-05-01T09:30:00+02:00", timeZone: "Europe/Paris",
 *   channel: "chat", kind: "chat-message", source: "zendesk", sentiment: 0.4
 * })
 * console.log(tp.channel, tp.sentiment) // "chat" 0.4
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export class Touchpoint extends Schema.Class<Touchpoint>("Touchpoint")({
  id: TouchpointId,
  customerId: CustomerId,
  timestamp: Timestamp,
  timeZone: Schema.optionalKey(TimeZone),
  channel: Channel,
  kind: Schema.String.check(Schema.isNonEmpty()),
  source: Schema.String.check(Schema.isNonEmpty()),
  stage: Schema.optionalKey(JourneyStage),
  journeyId: Schema.optionalKey(Schema.String.check(Schema.isNonEmpty())),
  sentiment: Schema.optionalKey(Schema.Number.check(Schema.isBetween({ minimum: -1, maximum: 1 }))),
  feedback: Schema.optionalKey(Feedback),
  text: Schema.optionalKey(Schema.String),
  attributes: Schema.optionalKey(Attributes)
}) {}
