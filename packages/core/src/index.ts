/**
 * Typed models of customer experience: customers and their identities, channels,
 * touchpoints, journeys and journey stages, the customer lifecycle, survey feedback, orders
 * and subscriptions; identity resolution and journey building.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

export * as Attributes from "./Attributes.ts"
export * as Channel from "./Channel.ts"
export * as CoreError from "./CoreError.ts"
export * as Customer from "./Customer.ts"
export * as Decode from "./Decode.ts"
export * as Entity from "./Entity.ts"
export * as Feedback from "./Feedback.ts"
export * as Identity from "./Identity.ts"
export * as IdentityResolution from "./IdentityResolution.ts"
export * as Journey from "./Journey.ts"
export * as JourneyStage from "./JourneyStage.ts"
export * as Lifecycle from "./Lifecycle.ts"
export * as Order from "./Order.ts"
export * as Sentiment from "./Sentiment.ts"
export * as Subscription from "./Subscription.ts"
export * as Timestamp from "./Timestamp.ts"
export * as Touchpoint from "./Touchpoint.ts"
