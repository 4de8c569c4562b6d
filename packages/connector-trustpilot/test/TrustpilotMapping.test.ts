import { Sentiment } from "@cxkit/core"
import { assert, describe, it } from "@effect/vitest"
import { TrustpilotMapping } from "../src/index.ts"
import { TrustpilotMock } from "../src/testing.ts"

describe("TrustpilotMapping", () => {
  it("maps a review to a review-site touchpoint with CSAT feedback, sentiment and an anonymous consumer", () => {
    const review = TrustpilotMock.reviewAt(Date.parse("2024-05-20T12:00:00Z"), 0)
    const { touchpoint, identity, feedback, rejected } = TrustpilotMapping.toTouchpoint(review, {
      businessUnitId: "507f191e810c19729de860ea"
    })
    assert.strictEqual(touchpoint.channel, "review-site")
    assert.strictEqual(touchpoint.kind, "review")
    assert.strictEqual(touchpoint.source, "trustpilot")
    assert.strictEqual(touchpoint.text, `${review.title}. ${review.text}`)
    // the same AFINN-165 score the core gives every review text (annotate skips a scored one)
    assert.strictEqual(touchpoint.sentiment, Sentiment.afinn.score(touchpoint.text ?? ""))
    assert.isAbove(touchpoint.sentiment ?? 0, 0)
    assert.strictEqual(Sentiment.annotate([touchpoint])[0]?.sentiment, touchpoint.sentiment)
    assert.deepStrictEqual(feedback?.question, { metric: "csat", min: 1, max: 5 })
    assert.strictEqual(feedback?.score, 5)
    assert.strictEqual(feedback?.comment, review.text)
    assert.strictEqual(touchpoint.feedback?.touchpointId, touchpoint.id)
    assert.strictEqual(identity.kind, "anonymous-id")
    assert.strictEqual(touchpoint.customerId, `anonymous-id:trustpilot:${review.consumer.id}`)
    assert.deepStrictEqual(rejected, [])
    assert.deepStrictEqual(touchpoint.attributes, {
      stars: 5,
      consumerName: "Anne Johnson",
      title: "Excellent service",
      language: "en",
      updatedAt: "2024-05-20T14:00:00Z",
      businessUnitId: "507f191e810c19729de860ea",
      repliedAt: "2024-05-20T13:00:00Z"
    })
    assert.strictEqual(touchpoint.timestamp.epochMilliseconds, Date.parse("2024-05-20T12:00:00Z"))
  })

  it("a negative review scores negative; a review without title or text has no text and no sentiment", () => {
    const bad = TrustpilotMapping.toTouchpoint(TrustpilotMock.reviewAt(Date.parse("2024-05-20T12:00:00Z"), 6))
    assert.isBelow(bad.touchpoint.sentiment ?? 0, 0)
    assert.strictEqual(bad.feedback?.score, 1)
    const { title: _t, text: _x, ...bare } = TrustpilotMock.reviewAt(Date.parse("2024-05-20T12:00:00Z"), 2)
    const mapped = TrustpilotMapping.toTouchpoint(bare)
    assert.isUndefined(mapped.touchpoint.text)
    assert.isUndefined(mapped.touchpoint.sentiment)
    assert.strictEqual(mapped.feedback?.score, 4)
  })

  it("stars outside 1-5 are a MappingError naming the review, field and rule: no feedback, never clamped", () => {
    for (const stars of [0, 6, -1]) {
      const review = { ...TrustpilotMock.reviewAt(Date.parse("2024-05-20T12:00:00Z"), 0), stars }
      const { touchpoint, feedback, rejected } = TrustpilotMapping.toTouchpoint(review)
      assert.isUndefined(feedback)
      assert.isUndefined(touchpoint.feedback)
      assert.strictEqual(rejected.length, 1)
      assert.strictEqual(rejected[0]?.reviewId, review.id)
      assert.strictEqual(rejected[0]?.field, "stars")
      assert.strictEqual(rejected[0]?.value, stars)
      assert.strictEqual(
        rejected[0]?.message,
        `review ${review.id}, stars: ${stars} is not an integer from 1 to 5`
      )
      const entities = TrustpilotMapping.toCore({
        _tag: "Record",
        stream: "reviews",
        key: review.id,
        unknownFields: undefined,
        record: review
      })
      assert.deepStrictEqual(
        entities.map((e) => e._tag),
        ["Touchpoint", "Identity", "Rejected"]
      )
      const last = entities[2]
      assert.deepInclude(last?._tag === "Rejected" ? last : {}, {
        field: `reviews/${review.id}.stars`,
        value: stars
      })
    }
  })

  it("toCore maps a review to its touchpoint, identity and feedback; toTouchpoints maps many", () => {
    const reviews = TrustpilotMock.fixtures({ count: 8, now: Date.parse("2024-05-20T12:00:00Z") })
    const entities = TrustpilotMapping.toCore({
      _tag: "Record",
      stream: "reviews",
      key: reviews[0]?.id ?? "",
      unknownFields: undefined,
      record: reviews[0] as TrustpilotMock.FixtureReview
    })
    assert.deepStrictEqual(
      entities.map((e) => e._tag),
      ["Touchpoint", "Identity", "Feedback"]
    )
    const touchpoints = TrustpilotMapping.toTouchpoints(reviews)
    assert.deepStrictEqual(
      touchpoints.map((t) => t.feedback?.score),
      reviews.map((r) => r.stars)
    )
  })
})
