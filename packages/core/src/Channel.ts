/**
 * Channels: where a touchpoint happened (`web`, `email`, `chat`, `phone`, `review-site`, …). The
 * known channels carry a label and a group (digital, assisted, public, …); any other non-empty
 * string is accepted too, so a source's own channel names pass through unchanged.
 *
 * @module
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The channels cxkit knows, grouped by how the customer meets the brand. The taxonomy is
 * extensible: any lower-case slug (`kiosk`, `whatsapp`) is a valid channel.
 *
 * @example
 * ```ts
 * import { Channel } from "@cxkit/core"
 *
 * console.log(Channel.known["review-site"]) // { label: "Review site", group: "public" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const known = {
  web: { label: "Web", group: "digital" },
  "mobile-app": { label: "Mobile app", group: "digital" },
  email: { label: "Email", group: "digital" },
  sms: { label: "SMS", group: "digital" },
  chat: { label: "Chat", group: "assisted" },
  phone: { label: "Phone", group: "assisted" },
  support: { label: "Support desk", group: "assisted" },
  store: { label: "Store", group: "physical" },
  event: { label: "Event", group: "physical" },
  social: { label: "Social media", group: "public" },
  "review-site": { label: "Review site", group: "public" },
  "community-forum": { label: "Community forum", group: "public" },
  advertising: { label: "Advertising", group: "paid" },
  referral: { label: "Referral", group: "word-of-mouth" },
  loyalty: { label: "Loyalty programme", group: "owned" },
  survey: { label: "Survey", group: "owned" }
} as const

/**
 * @since 0.1.0
 * @category models
 */
export type KnownChannel = keyof typeof known

/**
 * A channel: one of the `known` channels or any other lower-case slug.
 *
 * @since 0.1.0
 * @category models
 */
export type Channel = KnownChannel | (string & {})

/**
 * Schema of a channel: a lower-case slug of letters, digits and dashes.
 *
 * @example
 * ```ts
 * import { Channel } from "@cxkit/core"
 * import { Schema } from "effect"
 *
 * console.log(Schema.is(Channel.Channel)("review-site"), Schema.is(Channel.Channel)("Review Site")) // true false
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Channel: Schema.Codec<Channel, string> = Schema.String.check(
  Schema.isPattern(/^[a-z][a-z0-9-]*$/, { expected: "a channel slug (lower-case letters, digits, dashes)" })
)

/**
 * Whether a channel belongs to the built-in taxonomy.
 *
 * @example
 * ```ts
 * import { Channel } from "@cxkit/core"
 *
 * console.log(Channel.isKnown("chat"), Channel.isKnown("kiosk")) // true false
 * ```
 *
 * @since 0.1.0
 * @category guards
 */
export const isKnown = (channel: string): channel is KnownChannel => Object.hasOwn(known, channel)

/**
 * A readable label: the built-in one, or the slug with dashes as spaces.
 *
 * @example
 * ```ts
 * import { Channel } from "@cxkit/core"
 *
 * console.log(Channel.label("review-site"), Channel.label("kiosk-v2")) // "Review site" "kiosk v2"
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const label = (channel: Channel): string =>
  isKnown(channel) ? known[channel].label : channel.replace(/-/g, " ")
