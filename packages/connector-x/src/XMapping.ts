/**
 * Pure mapping of tweets to `@cxkit/core` models.
 *
 * @since 0.1.0
 */
import type { Sync } from "@cxkit/connectors"
import { Customer, Entity, Identity, Timestamp, Touchpoint } from "@cxkit/core"
import type * as XConnector from "./XConnector.ts"

/**
 * The author identity of a tweet: its handle (`Identity.make({ source: "x", kind: "handle",
 * value })`), or, when X did not expand the author, the numeric user id as a `crm-id` of X.
 *
 * @example
 * ```ts
 * import { XMapping } from "@cxkit/connector-x"
 *
 * const id = XMapping.identityOf({ author_id: "42", author: { id: "42", username: "Ada_L", name: "Ada" } })
 * console.log(id.kind, id.value) // handle ada_l
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const identityOf = (tweet: Pick<XConnector.Tweet, "author_id" | "author">): Identity.Identity =>
  tweet.author !== undefined
    ? Identity.make({ source: "x", kind: "handle", value: tweet.author.username })
    : Identity.make({ source: "x", kind: "crm-id", value: tweet.author_id })

/**
 * A tweet as a `Touchpoint` on the `social` channel (kind `mention`, source `x`), its customer
 * id the matching key of the author identity (`handle:x:ada`), its text kept for sentiment and
 * its engagement in `attributes`: `likes`, `retweets`, `replies`, `quotes`, `impressions` and
 * `bookmarks` (when X sent them), `lang`, `authorName` and the tweet's `url`.
 *
 * @example
 * ```ts
 * import { XMapping } from "@cxkit/connector-x"
 *
 * const { touchpoint, identity } = XMapping.toTouchpoint({
 *   id: "1790000000000000000", text: "Loving the new @acme app", created_at: "2024-05-13T10:00:00.000Z", author_id: "42",
 *   public_metrics: { retweet_count: 2, reply_count: 1, like_count: 17, quote_count: 0 },
 *   author: { id: "42", username: "ada", name: "Ada" }
 * })
 * console.log(touchpoint.channel, touchpoint.customerId, touchpoint.attributes?.likes) // social handle:x:ada 17
 * console.log(identity.value) // ada
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const toTouchpoint = (
  tweet: XConnector.Tweet
): { readonly touchpoint: Touchpoint.Touchpoint; readonly identity: Identity.Identity } => {
  const identity = identityOf(tweet)
  const m = tweet.public_metrics
  const attributes: Record<string, string | number | boolean | null> = {
    likes: m.like_count,
    retweets: m.retweet_count,
    replies: m.reply_count,
    quotes: m.quote_count,
    authorId: tweet.author_id,
    url: `https://x.com/${tweet.author?.username ?? "i/web"}/status/${tweet.id}`
  }
  if (m.impression_count !== undefined) attributes.impressions = m.impression_count
  if (m.bookmark_count !== undefined) attributes.bookmarks = m.bookmark_count
  if (tweet.lang !== undefined) attributes.lang = tweet.lang
  if (tweet.author !== undefined) attributes.authorName = tweet.author.name
  const touchpoint = new Touchpoint.Touchpoint({
    id: Touchpoint.TouchpointId.make(`x:tweet:${tweet.id}`),
    customerId: Customer.CustomerId.make(Identity.key(identity)),
    timestamp: Timestamp.parse(tweet.created_at),
    channel: "social",
    kind: "mention",
    source: "x",
    text: tweet.text,
    attributes
  })
  return { touchpoint, identity }
}

/**
 * Maps many tweets (e.g. the records of a sync) to touchpoints.
 *
 * @example
 * ```ts
 * import { XMapping } from "@cxkit/connector-x"
 *
 * console.log(XMapping.toTouchpoints([]).length) // 0
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const toTouchpoints = (tweets: Iterable<XConnector.Tweet>): Array<Touchpoint.Touchpoint> =>
  Array.from(tweets, (tweet) => toTouchpoint(tweet).touchpoint)

/**
 * The one mapping step of the X plugin, for `Sync.run(…, { destination, mapping })`: each
 * mention becomes a social touchpoint of its author and the author's handle identity. (Sentiment
 * is a separate step: `Sentiment.annotate` on the touchpoints.)
 *
 * @example
 * ```ts
 * import { XMapping } from "@cxkit/connector-x"
 *
 * const entities = XMapping.toCore({
 *   _tag: "Record", stream: "mentions", key: "1", unknownFields: undefined,
 *   record: {
 *     id: "1", text: "Love the new app", author_id: "42", created_at: "2024-05-01T10:00:00.000Z",
 *     public_metrics: { like_count: 1, retweet_count: 0, reply_count: 0, quote_count: 0 },
 *     author: { id: "42", username: "ada", name: "Ada" }
 *   }
 * })
 * console.log(entities.map((e) => e._tag)) // [ 'Touchpoint', 'Identity' ]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const toCore = (
  event: Sync.RecordEventOf<typeof XConnector.connector>
): ReadonlyArray<Entity.Entity> => {
  if (event.stream !== "mentions") return []
  const { touchpoint, identity } = toTouchpoint(event.record as XConnector.Tweet)
  return [Entity.touchpoint(touchpoint), Entity.identity(touchpoint.customerId, identity)]
}
