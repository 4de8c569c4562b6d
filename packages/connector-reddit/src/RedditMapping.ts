/**
 * Pure mapping of Reddit posts and comments to `@cxkit/core` models.
 *
 * @since 0.1.0
 */
import type { Sync } from "@cxkit/connectors"
import { Customer, Entity, Identity, Timestamp, Touchpoint } from "@cxkit/core"
import type * as RedditConnector from "./RedditConnector.ts"

/**
 * The author's identity: the Reddit handle (`Identity.make({ source: "reddit", kind: "handle",
 * value })`), or, for a deleted account (`[deleted]`), an `anonymous-id` scoped to the item so
 * deleted authors are never merged into one customer.
 *
 * @example
 * ```ts
 * import { RedditMapping } from "@cxkit/connector-reddit"
 *
 * console.log(RedditMapping.identityOf({ author: "Ada_L", name: "t3_x" }).value) // ada_l
 * console.log(RedditMapping.identityOf({ author: "[deleted]", name: "t3_x" }).kind) // anonymous-id
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const identityOf = (item: { readonly author: string; readonly name: string }): Identity.Identity =>
  item.author === "[deleted]" || item.author === ""
    ? Identity.make({ source: "reddit", kind: "anonymous-id", value: `deleted-author-of:${item.name}` })
    : Identity.make({ source: "reddit", kind: "handle", value: item.author })

const at = (seconds: number) => Timestamp.fromMillis(Math.round(seconds * 1000))

/**
 * A post as a `Touchpoint` on the `social` channel (kind `post`, source `reddit`), its text the
 * title and body, with `score`, `comments`, `upvoteRatio`, `subreddit`, `title`, `flair` and
 * the post's `url` in `attributes`.
 *
 * @example
 * ```ts
 * import { RedditMapping } from "@cxkit/connector-reddit"
 * import { RedditMock } from "@cxkit/connector-reddit/testing"
 *
 * const { touchpoint } = RedditMapping.fromPost(RedditMock.postAt(1715600000, 1))
 * console.log(touchpoint.channel, touchpoint.kind, touchpoint.customerId) // social post handle:reddit:grace_h
 * console.log(touchpoint.timestamp.epochMilliseconds) // 1715600000000
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const fromPost = (
  post: RedditConnector.Post
): { readonly touchpoint: Touchpoint.Touchpoint; readonly identity: Identity.Identity } => {
  const identity = identityOf(post)
  const attributes: Record<string, string | number | boolean | null> = {
    score: post.score,
    comments: post.num_comments,
    subreddit: post.subreddit,
    title: post.title,
    url: `https://www.reddit.com${post.permalink}`
  }
  if (post.upvote_ratio !== undefined) attributes.upvoteRatio = post.upvote_ratio
  if (post.link_flair_text !== undefined) attributes.flair = post.link_flair_text
  const text = post.selftext.trim() === "" ? post.title : `${post.title}\n\n${post.selftext}`
  const touchpoint = new Touchpoint.Touchpoint({
    id: Touchpoint.TouchpointId.make(`reddit:${post.name}`),
    customerId: Customer.CustomerId.make(Identity.key(identity)),
    timestamp: at(post.created_utc),
    channel: "social",
    kind: "post",
    source: "reddit",
    journeyId: `reddit:${post.name}`,
    text,
    attributes
  })
  return { touchpoint, identity }
}

/**
 * A comment as a `Touchpoint` on the `social` channel (kind `comment`), in the journey of its
 * thread (`journeyId` = the post's fullname), with `score`, `subreddit`, `post` and `url`.
 *
 * @example
 * ```ts
 * import { RedditMapping } from "@cxkit/connector-reddit"
 * import { RedditMock } from "@cxkit/connector-reddit/testing"
 *
 * const { touchpoint } = RedditMapping.fromComment(RedditMock.commentAt(1715600100, 0, "t3_1cq00000"))
 * console.log(touchpoint.kind, touchpoint.journeyId, touchpoint.text) // comment reddit:t3_1cq00000 Same problem here, awful.
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const fromComment = (
  comment: RedditConnector.Comment
): { readonly touchpoint: Touchpoint.Touchpoint; readonly identity: Identity.Identity } => {
  const identity = identityOf(comment)
  const touchpoint = new Touchpoint.Touchpoint({
    id: Touchpoint.TouchpointId.make(`reddit:${comment.name}`),
    customerId: Customer.CustomerId.make(Identity.key(identity)),
    timestamp: at(comment.created_utc),
    channel: "social",
    kind: "comment",
    source: "reddit",
    journeyId: `reddit:${comment.link_id}`,
    text: comment.body,
    attributes: {
      score: comment.score,
      subreddit: comment.subreddit,
      post: comment.link_id,
      url: `https://www.reddit.com${comment.permalink}`
    }
  })
  return { touchpoint, identity }
}

/**
 * Maps the records of a sync (any mix of posts and comments) to touchpoints.
 *
 * @example
 * ```ts
 * import { RedditMapping } from "@cxkit/connector-reddit"
 * import { RedditMock } from "@cxkit/connector-reddit/testing"
 *
 * const tps = RedditMapping.toTouchpoints([RedditMock.postAt(1715600000, 0), RedditMock.commentAt(1715600100, 0, "t3_1cq00000")])
 * console.log(tps.map((t) => t.kind)) // [ 'post', 'comment' ]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const toTouchpoints = (
  items: Iterable<RedditConnector.Post | RedditConnector.Comment>
): Array<Touchpoint.Touchpoint> =>
  Array.from(items, (item) => ("body" in item ? fromComment(item).touchpoint : fromPost(item).touchpoint))

/**
 * The one mapping step of the Reddit plugin, for `Sync.run(…, { destination, mapping })`: each
 * post and comment (from any stream) becomes a community touchpoint of its author and the
 * author's handle identity.
 *
 * @example
 * ```ts
 * import { RedditMapping } from "@cxkit/connector-reddit"
 *
 * const entities = RedditMapping.toCore({
 *   _tag: "Record", stream: "comments", key: "t1_l3x1a2b", unknownFields: undefined,
 *   record: {
 *     id: "l3x1a2b", name: "t1_l3x1a2b", body: "Same here", author: "bob", subreddit: "acme", created_utc: 1715600100,
 *     score: 3, link_id: "t3_1cq2x9z", parent_id: "t3_1cq2x9z", permalink: "/r/acme/comments/1cq2x9z/x/l3x1a2b/"
 *   }
 * })
 * console.log(entities.map((e) => e._tag)) // [ 'Touchpoint', 'Identity' ]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const toCore = (
  event: Sync.RecordEventOf<typeof RedditConnector.connector>
): ReadonlyArray<Entity.Entity> => {
  const item = event.record as RedditConnector.Post | RedditConnector.Comment
  const { touchpoint, identity } = "body" in item ? fromComment(item) : fromPost(item)
  return [Entity.touchpoint(touchpoint), Entity.identity(touchpoint.customerId, identity)]
}
