import { Channel, Feedback } from "@cxkit/core"
import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import type { IntercomConnector } from "../src/index.ts"
import { IntercomMapping } from "../src/index.ts"
import { IntercomMock } from "../src/testing.ts"

const data = IntercomMock.fixtures()
const base = data.conversations[0] as IntercomConnector.Conversation

describe("Mapping", () => {
  it("maps contacts to customers with identities; leads get the lead stage; invalid values are listed", () => {
    const mapped = data.contacts.map(IntercomMapping.contactToCustomer)
    const ada = mapped[0]?.customer
    assert.strictEqual(ada?.id, "intercom:contact:6657c0de0000000000000001")
    assert.deepStrictEqual(
      ada?.identities.map((i) => `${i.kind}:${i.value}`),
      [
        "crm-id:contact:6657c0de0000000000000001",
        "crm-id:external:u-1001",
        "email:ada.lovelace@example.com",
        "phone:+442079460001"
      ]
    )
    assert.deepStrictEqual(ada?.attributes, {
      role: "user",
      companyId: "intercom:company:6657c0e10000000000000001",
      country: "United Kingdom"
    })
    assert.isUndefined(ada?.lifecycleStage)
    assert.deepStrictEqual(
      mapped.filter((m) => m.customer.lifecycleStage === "lead").map((m) => m.customer.attributes?.role),
      ["lead", "lead", "lead"]
    )
    assert.deepStrictEqual(mapped[4]?.rejected, [
      { field: "email", value: "not an email", rule: "an email address (local@domain.tld)" }
    ])
    // an anonymous lead has no name and only its Intercom id
    assert.isUndefined(mapped[6]?.customer.name)
    assert.strictEqual(mapped[6]?.customer.identities.length, 1)
  })

  it("maps companies to customers their contacts point to", () => {
    const acme = IntercomMapping.companyToCustomer(data.companies[0] as IntercomConnector.Company)
    assert.strictEqual(acme.id, "intercom:company:6657c0e10000000000000001")
    assert.deepStrictEqual(
      acme.identities.map((i) => i.value),
      ["company:acme"]
    )
    assert.deepStrictEqual(acme.attributes, {
      plan: "Starter",
      monthlySpend: 1200,
      userCount: 3,
      size: 10,
      industry: "Software",
      website: "https://acme.example"
    })
  })

  it("maps conversations to support touchpoints on their channel, parts included, and reports the 500-parts cap", () => {
    const mapped = data.conversations.map(IntercomMapping.conversationToTouchpoints)
    const opened = mapped.flatMap((m) => m.touchpoints.filter((t) => t.kind === "conversation-opened"))
    assert.deepStrictEqual(
      opened.map((t) => t.channel),
      [
        "chat",
        "email",
        "chat",
        "chat",
        "phone",
        "email",
        "chat",
        "social",
        "sms",
        "chat",
        "mobile-app",
        "email"
      ]
    )
    assert.isTrue(
      mapped.every((m) => m.touchpoints.every((t) => t.stage === "support" && t.source === "intercom"))
    )
    const first = mapped[0]?.touchpoints.map((t) => t.kind)
    assert.deepStrictEqual(first, [
      "conversation-opened",
      "ticket-reply",
      "chat-message",
      "conversation-closed"
    ])
    const long = IntercomMapping.conversationToTouchpoints({
      ...(data.conversations[6] as IntercomConnector.Conversation),
      conversation_parts: {
        type: "conversation_part.list",
        conversation_parts: (data.conversations[6]?.conversation_parts?.conversation_parts ?? []).slice(-500),
        total_count: 520
      }
    })
    assert.deepStrictEqual(long.rejected, [
      {
        field: "conversations/107.conversation_parts",
        value: { returned: 500, total: 520 },
        rule: "Intercom returns at most the 500 most recent parts of a conversation; the 20 older ones are not available through the API"
      }
    ])
  })

  it("maps ratings to CSAT 1–5 feedback with the remark as comment; unrated conversations to NotRated", () => {
    const mapped = data.conversations.map(IntercomMapping.ratingToFeedback)
    const rated = mapped.flatMap((m) => (m._tag === "Rated" ? [m.feedback] : []))
    assert.deepStrictEqual(
      rated.map((f) => f.score),
      [5, 4, 2, 5, 3, 1, 4, 5]
    )
    assert.deepStrictEqual(rated[0]?.question, { metric: "csat", min: 1, max: 5 })
    assert.strictEqual(rated[0]?.comment, "Super quick, thanks!")
    assert.isUndefined(rated[1]?.comment) // an empty remark is no comment
    assert.strictEqual(rated[0]?.touchpointId, "intercom:conversation:101:opened")
    assert.deepStrictEqual(mapped[2], { _tag: "NotRated", conversationId: "103" })
  })

  it("maps tickets to opened / solved touchpoints", () => {
    const touchpoints = data.tickets.flatMap(IntercomMapping.ticketToTouchpoints)
    assert.strictEqual(touchpoints.filter((t) => t.kind === "ticket-opened").length, 7)
    assert.strictEqual(touchpoints.filter((t) => t.kind === "ticket-solved").length, 3)
    assert.strictEqual(touchpoints[0]?.text, "Refund request")
  })

  it("toCore turns an out-of-scale rating into a rejected value naming conversation, field and rule", () => {
    const entities = IntercomMapping.toCore({
      _tag: "Record",
      stream: "conversations",
      key: "101",
      unknownFields: undefined,
      record: { ...base, conversation_rating: { rating: 0, remark: "?" } }
    })
    const rejected = entities.filter((e) => e._tag === "Rejected")
    assert.deepStrictEqual(rejected, [
      {
        _tag: "Rejected",
        field: "conversations/101.conversation_rating.rating",
        value: 0,
        rule: "an integer rating from 1 to 5 (Intercom's conversation rating scale)"
      }
    ])
    assert.isFalse(entities.some((e) => e._tag === "Feedback"))
  })
})

describe("Mapping properties", () => {
  const withRating = (rating: number, remark?: string): IntercomConnector.Conversation => ({
    ...base,
    conversation_rating: { rating, ...(remark !== undefined ? { remark } : {}), created_at: base.updated_at }
  })

  it("every rating 1–5 becomes valid CSAT feedback with that score, the remark kept when not blank", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.string(), (rating, remark) => {
        const mapped = IntercomMapping.ratingToFeedback(withRating(rating, remark))
        if (mapped._tag !== "Rated") return false
        const decoded = new Feedback.Feedback(mapped.feedback)
        return (
          decoded.score === rating &&
          Feedback.scaleOf(decoded.question).max === 5 &&
          decoded.comment === (remark.trim() === "" ? undefined : remark)
        )
      })
    )
  })

  it("every other rating is refused with a typed error naming the conversation and field, never clamped", () => {
    const outside = fc.oneof(
      fc.integer({ max: 0 }),
      fc.integer({ min: 6 }),
      fc.double({ min: 1, max: 5, noNaN: true }).filter((x) => !Number.isInteger(x)),
      fc.constant(Number.NaN)
    )
    fc.assert(
      fc.property(outside, (rating) => {
        const mapped = IntercomMapping.ratingToFeedback(withRating(rating))
        return (
          mapped._tag === "Invalid" &&
          mapped.error._tag === "IntercomRatingError" &&
          mapped.error.conversationId === base.id &&
          mapped.error.field === "conversation_rating.rating" &&
          Object.is(mapped.error.value, rating)
        )
      })
    )
  })

  it("any source type maps to a valid channel slug", () => {
    fc.assert(
      fc.property(fc.string(), (type) => {
        const channel = IntercomMapping.channelOf(type)
        return /^[a-z][a-z0-9-]*$/.test(channel) && (Channel.isKnown(channel) || channel === "support")
      })
    )
  })

  it("any email either becomes a normalised identity or is listed as rejected, never both, never dropped", () => {
    const contact = data.contacts[0] as IntercomConnector.Contact
    fc.assert(
      fc.property(fc.oneof(fc.emailAddress(), fc.string()), (email) => {
        const { customer, rejected } = IntercomMapping.contactToCustomer({
          ...contact,
          email,
          phone: null,
          formatted_phone: null
        })
        const identity = customer.identities.some((i) => i.kind === "email")
        const listed = rejected.some((r) => r.field === "email")
        return email.trim() === "" ? !identity && !listed : identity !== listed
      })
    )
  })
})
