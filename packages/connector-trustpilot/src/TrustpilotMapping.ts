/**
 * Pure mapping of Trustpilot reviews to `@cxkit/core` models: each review is a `review-site`
 * touchpoint of its consumer carrying the stars as CSAT feedback on 1–5 and the sentiment of its
 * title and text; stars outside 1–5 are a `MappingError` naming the review, never clamped.
 *
 * @module
 * @since 0.1.0
 */
import type { Sync } from "@cxkit/connectors"
import { Customer, Entity, Feedback, Identity, Sentiment, Timestamp, Touchpoint } from "@cxkit/core"
import { Formatter, Schema } from "effect"
import type * as TrustpilotConnector from "./TrustpilotConnector.ts"

/**
 * The CSAT question the stars answer: 1–5 (satisfied from 4, top-2-box, by `Feedback`'s
 * default), the same question as the other 1–5 review sources so the scores pool. Trustpilot
 * reviews carry 1 to 5 stars (https://developers.trustpilot.com/business-units-api-(public),
 * the `stars` filter's documented range).
 *
 * @example
 * ```ts
 * import { TrustpilotMapping } from "@cxkit/connector-trustpilot"
 *
 * console.log(TrustpilotMapping.starsQuestion) // { metric: 'csat', min: 1, max: 5 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const starsQuestion = { metric: "csat", min: 1, max: 5 } as const

/**
 * A value the mapping could not use: the review, the field, the value and the rule it broke.
 *
 * @example
 * ```ts
 * import { TrustpilotMapping } from "@cxkit/connector-trustpilot"
 *
 * const error = new TrustpilotMapping.MappingError({ reviewId: "r1", field: "stars", value: 6, rule: "an integer from 1 to 5" })
 * console.log(error.message) // review r1, stars: 6 is not an integer from 1 to 5
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class MappingError extends Schema.TaggedError<MappingError>()("TrustpilotMappingError", {
  reviewId: Schema.String,
  field: Schema.String,
  value: Schema.Unknown,
  rule: Schema.String
}) {
  override get message(): string {
    return `review ${this.reviewId}, ${this.field}: ${Formatter.format(this.value)} is not ${this.rule}`
  }
}

/**
 * The consumer's identity: Trustpilot's consumer id, an `anonymous-id` of the `trustpilot`
 * source (the public API gives no email), so it is never merged with identities of other
 * sources.
 *
 * @example
 * ```ts
 * import { Identity } from "@cxkit/core"
 * import { TrustpilotMapping } from "@cxkit/connector-trustpilot"
 *
 * console.log(Identity.key(TrustpilotMapping.identityOf({ consumer: { id: "5c1a", displayName: "Anne" } })))
 * // anonymous-id:trustpilot:5c1a
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const identityOf = (review: Pick<TrustpilotConnector.Review, "consumer">): Identity.Identity =>
  Identity.make({ source: "trustpilot", kind: "anonymous-id", value: review.consumer.id })

/**
 * What one review maps to: the touchpoint, the consumer's identity, the stars as feedback (absent
 * when rejected) and the values rejected.
 *
 * @example
 * ```ts
 * import type { TrustpilotMapping } from "@cxkit/connector-trustpilot"
 *
 * const keys: Array<keyof TrustpilotMapping.Mapped> = ["touchpoint", "identity", "feedback", "rejected"]
 * console.log(keys.length) // 4
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Mapped {
  readonly touchpoint: Touchpoint.Touchpoint
  readonly identity: Identity.Identity
  readonly feedback: Feedback.Feedback | undefined
  readonly rejected: ReadonlyArray<MappingError>
}

/**
 * A review as a `Touchpoint` on the `review-site` channel (kind `review`, source `trustpilot`):
 * `text` is the title and text, scored by the core `Sentiment` (AFINN-165) like the other review
 * sources' touchpoints; the stars are `Feedback` on the CSAT 1–5 question. `attributes` hold
 * `stars`, `title`, `language`, `updatedAt` (an edit), `consumerName`, `businessUnitId` (when
 * given) and the company reply's `repliedAt`. Stars that are not an integer from 1 to 5 give no
 * feedback and a `MappingError` (never clamped).
 *
 * @example
 * ```ts
 * import { TrustpilotMapping } from "@cxkit/connector-trustpilot"
 *
 * const { touchpoint, feedback } = TrustpilotMapping.toTouchpoint({
 *   id: "r1", stars: 2, title: "Slow", text: "Delivery was slow and support was awful", language: "en",
 *   createdAt: "2024-05-01T10:00:00Z", consumer: { id: "5c1a", displayName: "Anne" }, companyReply: null
 * })
 * console.log(touchpoint.channel, feedback?.score, (touchpoint.sentiment ?? 0) < 0) // review-site 2 true
 * console.log(touchpoint.text) // Slow. Delivery was slow and support was awful
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const toTouchpoint = (
  review: TrustpilotConnector.Review,
  options: { readonly businessUnitId?: string } = {}
): Mapped => {
  const identity = identityOf(review)
  const customerId = Customer.CustomerId.make(Identity.key(identity))
  const timestamp = Timestamp.parse(review.createdAt)
  const touchpointId = `trustpilot:review:${review.id}`
  const rejected: Array<MappingError> = []
  const valid = Number.isInteger(review.stars) && review.stars >= 1 && review.stars <= 5
  if (!valid) {
    rejected.push(
      new MappingError({
        reviewId: review.id,
        field: "stars",
        value: review.stars,
        rule: "an integer from 1 to 5"
      })
    )
  }
  const feedback = valid
    ? new Feedback.Feedback({
        id: touchpointId,
        customerId,
        timestamp,
        question: starsQuestion,
        score: review.stars,
        ...(review.text !== undefined ? { comment: review.text } : {}),
        channel: "review-site",
        touchpointId,
        source: "trustpilot"
      })
    : undefined
  const text = [review.title, review.text]
    .filter((s): s is string => s !== undefined && s.trim() !== "")
    .join(". ")
  const attributes: Record<string, string | number | boolean | null> = {
    stars: review.stars,
    consumerName: review.consumer.displayName
  }
  if (review.title !== undefined) attributes.title = review.title
  if (review.language !== undefined) attributes.language = review.language
  if (review.updatedAt !== undefined && review.updatedAt !== null) attributes.updatedAt = review.updatedAt
  if (options.businessUnitId !== undefined) attributes.businessUnitId = options.businessUnitId
  if (review.companyReply !== undefined && review.companyReply !== null) {
    attributes.repliedAt = review.companyReply.createdAt
  }
  const touchpoint = new Touchpoint.Touchpoint({
    id: Touchpoint.TouchpointId.make(touchpointId),
    customerId,
    timestamp,
    channel: "review-site",
    kind: "review",
    source: "trustpilot",
    ...(feedback !== undefined ? { feedback } : {}),
    ...(text !== "" ? { text } : {}),
    attributes
  })
  const [scored] = Sentiment.annotate([touchpoint])
  return { touchpoint: scored ?? touchpoint, identity, feedback, rejected }
}

/**
 * Maps many reviews to touchpoints.
 *
 * @example
 * ```ts
 * import { TrustpilotMapping } from "@cxkit/connector-trustpilot"
 *
 * console.log(TrustpilotMapping.toTouchpoints([]).length) // 0
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const toTouchpoints = (
  reviews: Iterable<TrustpilotConnector.Review>,
  options: { readonly businessUnitId?: string } = {}
): Array<Touchpoint.Touchpoint> => Array.from(reviews, (review) => toTouchpoint(review, options).touchpoint)

/**
 * The one mapping step of the Trustpilot plugin, for `Sync.run(…, { destination, mapping })`:
 * each review becomes a review-site touchpoint of its consumer, the consumer's identity and the
 * stars as CSAT feedback (1–5); stars outside 1–5 become a rejected value
 * (`reviews/<id>.stars`) instead of feedback.
 *
 * @example
 * ```ts
 * import { TrustpilotMapping } from "@cxkit/connector-trustpilot"
 *
 * const entities = TrustpilotMapping.toCore({
 *   _tag: "Record", stream: "reviews", key: "r1", unknownFields: undefined,
 *   record: { id: "r1", stars: 5, title: "Great", text: "Love it", createdAt: "2024-05-01T10:00:00Z", consumer: { id: "c1", displayName: "Jo" } }
 * })
 * console.log(entities.map((e) => e._tag)) // [ 'Touchpoint', 'Identity', 'Feedback' ]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const toCore = (
  event: Sync.RecordEventOf<typeof TrustpilotConnector.connector>
): ReadonlyArray<Entity.Entity> => {
  if (event.stream !== "reviews") return []
  const review = event.record as TrustpilotConnector.Review
  const { touchpoint, identity, feedback, rejected } = toTouchpoint(review)
  return [
    Entity.touchpoint(touchpoint),
    Entity.identity(touchpoint.customerId, identity),
    ...(feedback !== undefined ? [Entity.feedback(feedback)] : []),
    ...rejected.map((e) =>
      Entity.rejected({ field: `reviews/${e.reviewId}.${e.field}`, value: e.value, rule: e.rule })
    )
  ]
}
