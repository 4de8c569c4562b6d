/**
 * Pure mapping of App Store reviews to `@cxkit/core` models.
 *
 * @since 0.1.0
 */
import type { Sync } from "@cxkit/connectors"
import { Customer, Entity, Feedback, Identity, Timestamp, Touchpoint } from "@cxkit/core"
import type * as AppStoreConnector from "./AppStoreConnector.ts"

/**
 * The CSAT question a star rating answers: 1–5 (satisfied from 4, top-2-box, by `Feedback`'s
 * default), the same question as other 1–5 CSAT sources so the scores pool.
 *
 * @example
 * ```ts
 * import { AppStoreMapping } from "@cxkit/connector-appstore"
 *
 * console.log(AppStoreMapping.ratingQuestion) // { metric: 'csat', min: 1, max: 5 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const ratingQuestion = { metric: "csat", min: 1, max: 5 } as const

/**
 * The reviewer's identity. App Store Connect gives only a nickname (not unique, may contain
 * spaces), so it is an `anonymous-id` of the `appstore` source: never merged with identities
 * of other sources.
 *
 * @example
 * ```ts
 * import { AppStoreMapping } from "@cxkit/connector-appstore"
 *
 * console.log(AppStoreMapping.identityOf({ reviewerNickname: "Anne Johnson" }).value) // Anne Johnson
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const identityOf = (review: Pick<AppStoreConnector.Review, "reviewerNickname">): Identity.Identity =>
  Identity.make({ source: "appstore", kind: "anonymous-id", value: review.reviewerNickname })

/**
 * A review as a `Touchpoint` on the `review-site` channel (kind `app-review`, source
 * `appstore`) carrying its star rating as `Feedback` on the CSAT 1–5 question; the text is the
 * title and body (for sentiment), and `attributes` hold `rating`, `territory`, `title`,
 * `appId` (when given) and the developer response's `responseState` and `respondedAt`.
 *
 * @example
 * ```ts
 * import { AppStoreMapping } from "@cxkit/connector-appstore"
 *
 * const { touchpoint } = AppStoreMapping.toTouchpoint({
 *   id: "r1", rating: 2, title: "Slow", body: "Checkout is slow", reviewerNickname: "Jo",
 *   createdDate: "2024-05-01T10:00:00-07:00", territory: "FRA"
 * }, { appId: "682658836" })
 * console.log(touchpoint.channel, touchpoint.feedback?.score, touchpoint.feedback?.question.metric) // review-site 2 csat
 * console.log(touchpoint.text) // Slow. Checkout is slow
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const toTouchpoint = (
  review: AppStoreConnector.Review,
  options: { readonly appId?: string } = {}
): {
  readonly touchpoint: Touchpoint.Touchpoint
  readonly identity: Identity.Identity
  readonly feedback: Feedback.Feedback
} => {
  const identity = identityOf(review)
  const customerId = Customer.CustomerId.make(Identity.key(identity))
  const timestamp = Timestamp.parse(review.createdDate)
  const touchpointId = `appstore:review:${review.id}`
  const text = [review.title, review.body]
    .filter((s): s is string => s !== undefined && s.trim() !== "")
    .join(". ")
  const feedback = new Feedback.Feedback({
    id: touchpointId,
    customerId,
    timestamp,
    question: ratingQuestion,
    score: review.rating,
    ...(review.body !== undefined ? { comment: review.body } : {}),
    channel: "review-site",
    touchpointId,
    source: "appstore"
  })
  const attributes: Record<string, string | number | boolean | null> = {
    rating: review.rating,
    territory: review.territory
  }
  if (review.title !== undefined) attributes.title = review.title
  if (options.appId !== undefined) attributes.appId = options.appId
  if (review.response !== undefined) {
    attributes.responseState = review.response.state
    attributes.respondedAt = review.response.lastModifiedDate
  }
  const touchpoint = new Touchpoint.Touchpoint({
    id: Touchpoint.TouchpointId.make(touchpointId),
    customerId,
    timestamp,
    channel: "review-site",
    kind: "app-review",
    source: "appstore",
    feedback,
    ...(text !== "" ? { text } : {}),
    attributes
  })
  return { touchpoint, identity, feedback }
}

/**
 * Maps many reviews to touchpoints.
 *
 * @example
 * ```ts
 * import { AppStoreMapping } from "@cxkit/connector-appstore"
 *
 * console.log(AppStoreMapping.toTouchpoints([]).length) // 0
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const toTouchpoints = (
  reviews: Iterable<AppStoreConnector.Review>,
  options: { readonly appId?: string } = {}
): Array<Touchpoint.Touchpoint> => Array.from(reviews, (review) => toTouchpoint(review, options).touchpoint)

/**
 * The one mapping step of the App Store plugin, for `Sync.run(…, { destination, mapping })`:
 * each review becomes a review-site touchpoint of its reviewer, the reviewer's identity and the
 * star rating as CSAT feedback (1–5).
 *
 * @example
 * ```ts
 * import { AppStoreMapping } from "@cxkit/connector-appstore"
 *
 * const entities = AppStoreMapping.toCore({
 *   _tag: "Record", stream: "reviews", key: "r1", unknownFields: undefined,
 *   record: {
 *     id: "r1", rating: 2, title: "Slow", body: "Checkout is slow", reviewerNickname: "Jo",
 *     createdDate: "2024-05-01T10:00:00-07:00", territory: "FRA"
 *   }
 * })
 * console.log(entities.map((e) => e._tag)) // [ 'Touchpoint', 'Identity', 'Feedback' ]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const toCore = (
  event: Sync.RecordEventOf<typeof AppStoreConnector.connector>
): ReadonlyArray<Entity.Entity> => {
  if (event.stream !== "reviews") return []
  const { touchpoint, identity, feedback } = toTouchpoint(event.record as AppStoreConnector.Review)
  return [
    Entity.touchpoint(touchpoint),
    Entity.identity(touchpoint.customerId, identity),
    Entity.feedback(feedback)
  ]
}
