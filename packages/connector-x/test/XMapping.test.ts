import { Sentiment } from "@cxkit/core"
import { assert, describe, it } from "@effect/vitest"
import { XMapping } from "../src/index.ts"
import { XMock } from "../src/testing.ts"

describe("XMapping", () => {
  const base = XMock.tweetAt(Date.parse("2024-05-20T12:00:00Z"), 1)
  const tweet = {
    ...base,
    author: { id: base.author_id, username: "Grace_H", name: "Grace Hopper" }
  }

  it("maps a tweet to a social touchpoint of its author's handle, with engagement", () => {
    const { touchpoint, identity } = XMapping.toTouchpoint(tweet)
    assert.deepInclude(identity, { source: "x", kind: "handle", value: "grace_h" })
    assert.strictEqual(touchpoint.customerId, "handle:x:grace_h")
    assert.strictEqual(touchpoint.id, `x:tweet:${tweet.id}`)
    assert.strictEqual(touchpoint.channel, "social")
    assert.strictEqual(touchpoint.kind, "mention")
    assert.strictEqual(touchpoint.source, "x")
    assert.strictEqual(touchpoint.text, tweet.text)
    assert.strictEqual(touchpoint.timestamp.epochMilliseconds, Date.parse("2024-05-20T12:00:00Z"))
    assert.deepStrictEqual(touchpoint.attributes, {
      likes: tweet.public_metrics.like_count,
      retweets: tweet.public_metrics.retweet_count,
      replies: tweet.public_metrics.reply_count,
      quotes: tweet.public_metrics.quote_count,
      impressions: tweet.public_metrics.impression_count ?? null,
      bookmarks: tweet.public_metrics.bookmark_count ?? null,
      lang: "en",
      authorId: tweet.author_id,
      authorName: "Grace Hopper",
      url: `https://x.com/Grace_H/status/${tweet.id}`
    })
  })

  it("falls back to the X user id when the author was not expanded", () => {
    const { author: _author, ...bare } = tweet
    const { touchpoint, identity } = XMapping.toTouchpoint(bare)
    assert.strictEqual(identity.kind, "crm-id")
    assert.strictEqual(touchpoint.customerId, `crm-id:x:${tweet.author_id}`)
  })

  it("feeds Sentiment.annotate", () => {
    const [scored] = Sentiment.annotate(XMapping.toTouchpoints([tweet]))
    // "@acme support was really helpful today, thanks!": support 2 + helpful 2 + thanks 2
    assert.closeTo(scored?.sentiment ?? Number.NaN, 6 / Math.sqrt(51), 1e-9)
  })
})
