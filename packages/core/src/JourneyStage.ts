/**
 * Journey stages: `discover`, `research`, `purchase`, `support`, `loyalty`, in that order. A
 * touchpoint carries its stage when the source knows it; otherwise `classify` derives it from the
 * touchpoint's kind and channel with a `StageMapping` (`defaultMapping`, or your own through
 * `withMapping`).
 *
 * @module
 * @since 0.1.0
 */
import { Schema } from "effect"
import type { Channel } from "./Channel.ts"

/**
 * The stages of the customer journey, in order: discovering the brand, researching it,
 * buying, getting support, and loyalty (repurchase, renewal, advocacy).
 *
 * @example
 * ```ts
 * import { JourneyStage } from "@cxkit/core"
 * import { Schema } from "effect"
 *
 * console.log(Schema.is(JourneyStage.JourneyStage)("support")) // true
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const JourneyStage = Schema.Literals(["discover", "research", "purchase", "support", "loyalty"])

/**
 * @since 0.1.0
 * @category models
 */
export type JourneyStage = typeof JourneyStage.Type

/**
 * The stages in journey order.
 *
 * @example
 * ```ts
 * import { JourneyStage } from "@cxkit/core"
 *
 * console.log(JourneyStage.stages) // ["discover", "research", "purchase", "support", "loyalty"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const stages: ReadonlyArray<JourneyStage> = JourneyStage.literals

/**
 * The position of a stage in the journey (discover = 0 … loyalty = 4).
 *
 * @example
 * ```ts
 * import { JourneyStage } from "@cxkit/core"
 *
 * console.log(JourneyStage.order("purchase")) // 2
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const order = (stage: JourneyStage): number => stages.indexOf(stage)

/**
 * How touchpoints are assigned a stage when they carry none: first by touchpoint kind, then
 * by channel; a touchpoint matching neither has no stage.
 *
 * @since 0.1.0
 * @category models
 */
export interface StageMapping {
  readonly byKind: Readonly<Record<string, JourneyStage>>
  readonly byChannel: Readonly<Partial<Record<Channel, JourneyStage>>>
}

/**
 * A default mapping for common touchpoint kinds and channels. Extend it with `withMapping`.
 *
 * @example
 * ```ts
 * import { JourneyStage } from "@cxkit/core"
 *
 * console.log(JourneyStage.defaultMapping.byKind["ticket-opened"]) // "support"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const defaultMapping: StageMapping = {
  byKind: {
    "ad-impression": "discover",
    "ad-click": "discover",
    "social-mention": "discover",
    referral: "discover",
    "page-view": "research",
    "product-view": "research",
    "review-read": "research",
    "pricing-view": "research",
    "demo-request": "research",
    "trial-start": "research",
    "add-to-cart": "purchase",
    checkout: "purchase",
    purchase: "purchase",
    "order-placed": "purchase",
    "deal-won": "purchase",
    "ticket-opened": "support",
    "ticket-reply": "support",
    "ticket-solved": "support",
    "chat-message": "support",
    "support-call": "support",
    repurchase: "loyalty",
    renewal: "loyalty",
    "review-posted": "loyalty",
    "loyalty-redeem": "loyalty",
    "referral-sent": "loyalty",
    "survey-response": "loyalty"
  },
  byChannel: {
    advertising: "discover",
    social: "discover",
    "review-site": "research",
    "community-forum": "research",
    store: "purchase",
    support: "support",
    loyalty: "loyalty",
    referral: "discover"
  }
}

/**
 * A mapping with entries added or overridden.
 *
 * @example
 * ```ts
 * import { JourneyStage } from "@cxkit/core"
 *
 * const mapping = JourneyStage.withMapping(JourneyStage.defaultMapping, { byKind: { "webinar-attended": "research" } })
 * console.log(JourneyStage.classify(mapping, { kind: "webinar-attended", channel: "web" })) // "research"
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const withMapping = (
  base: StageMapping,
  extra: { readonly byKind?: StageMapping["byKind"]; readonly byChannel?: StageMapping["byChannel"] }
): StageMapping => ({
  byKind: { ...base.byKind, ...extra.byKind },
  byChannel: { ...base.byChannel, ...extra.byChannel }
})

/**
 * The stage of a touchpoint: its own `stage` if it has one, else by kind, else by channel.
 *
 * @example
 * ```ts
 * import { JourneyStage } from "@cxkit/core"
 *
 * console.log(JourneyStage.classify(JourneyStage.defaultMapping, { kind: "ticket-opened", channel: "email" })) // "support"
 * console.log(JourneyStage.classify(JourneyStage.defaultMapping, { kind: "tweet", channel: "social" })) // "discover"
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const classify = (
  mapping: StageMapping,
  touchpoint: { readonly kind: string; readonly channel: Channel; readonly stage?: JourneyStage | undefined }
): JourneyStage | undefined =>
  touchpoint.stage ??
  (Object.hasOwn(mapping.byKind, touchpoint.kind) ? mapping.byKind[touchpoint.kind] : undefined) ??
  mapping.byChannel[touchpoint.channel]
