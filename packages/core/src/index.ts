/**
 * Typed models of customer experience: customers and their identities, channels,
 * touchpoints, journeys and journey stages, the customer lifecycle, survey feedback, orders
 * and subscriptions; identity resolution and journey building.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

/** @since 0.1.0 */
export * as Attributes from "./Attributes.ts"
/** @since 0.1.0 */
export * as Channel from "./Channel.ts"
/** @since 0.1.0 */
export * as CoreError from "./CoreError.ts"
/** @since 0.1.0 */
export * as Customer from "./Customer.ts"
/** @since 0.1.0 */
export * as Decode from "./Decode.ts"
/** @since 0.1.0 */
export * as Entity from "./Entity.ts"
/** @since 0.1.0 */
export * as Feedback from "./Feedback.ts"
/** @since 0.1.0 */
export * as Identity from "./Identity.ts"
/** @since 0.1.0 */
export * as IdentityResolution from "./IdentityResolution.ts"
/** @since 0.1.0 */
export * as Journey from "./Journey.ts"
/** @since 0.1.0 */
export * as JourneyStage from "./JourneyStage.ts"
/** @since 0.1.0 */
export * as Lifecycle from "./Lifecycle.ts"
/** @since 0.1.0 */
export * as Order from "./Order.ts"
/** @since 0.1.0 */
export * as Sentiment from "./Sentiment.ts"
/** @since 0.1.0 */
export * as Subscription from "./Subscription.ts"
/** @since 0.1.0 */
export * as Timestamp from "./Timestamp.ts"
/** @since 0.1.0 */
export * as Touchpoint from "./Touchpoint.ts"
