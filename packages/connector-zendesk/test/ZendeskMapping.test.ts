import { assert, describe, it } from "@effect/vitest"
import { ZendeskMapping } from "../src/index.ts"
import { ZendeskMock } from "../src/testing.ts"

const data = ZendeskMock.fixtures()

describe("Mapping", () => {
  it("maps tickets to opened / solved touchpoints on their via.channel; deleted tickets to none", () => {
    const touchpoints = data.tickets.flatMap(ZendeskMapping.ticketToTouchpoints)
    const opened = touchpoints.filter((t) => t.kind === "ticket-opened")
    assert.strictEqual(opened.length, 11)
    assert.strictEqual(touchpoints.filter((t) => t.kind === "ticket-solved").length, 7)
    assert.deepStrictEqual(
      opened.map((t) => t.channel),
      ["email", "web", "chat", "phone", "email", "chat", "support", "mobile-app", "email", "social", "email"]
    )
    assert.isTrue(touchpoints.every((t) => t.stage === "support" && t.source === "zendesk"))
    assert.strictEqual(opened[0]?.customerId, "zendesk:user:20978392")
    assert.strictEqual(opened[0]?.journeyId, "zendesk:ticket:35436")
  })

  it("maps users to customers and lists invalid identities", () => {
    const mapped = data.users.map(ZendeskMapping.userToCustomer)
    assert.deepStrictEqual(
      mapped[0]?.customer.identities.map((i) => `${i.kind}:${i.value}`),
      ["crm-id:user:20978392", "email:ada@example.com", "phone:+442079460001"]
    )
    assert.deepStrictEqual(mapped[7]?.rejected, [
      { field: "email", value: "not an email", rule: "an email address (local@domain.tld)" }
    ])
  })

  it("maps good / bad ratings to binary CSAT feedback with comment and reason", () => {
    const mapped = data.satisfactionRatings.map(ZendeskMapping.ratingToFeedback)
    const rated = mapped.flatMap((m) => (m._tag === "Rated" ? [m] : []))
    assert.deepStrictEqual(
      rated.map((m) => m.feedback.score),
      [1, 0, 1, 0, 1, 0]
    )
    assert.deepStrictEqual(mapped[4], { _tag: "NotRated", ratingId: 35125, score: "offered" })
    const bad = rated[1]
    assert.deepStrictEqual(bad?.feedback.question, { metric: "csat", min: 0, max: 1 })
    assert.strictEqual(bad?.feedback.comment, "Took three days")
    assert.strictEqual(bad?.reason, "The issue took too long to resolve")
    assert.strictEqual(bad?.feedback.touchpointId, "zendesk:ticket:35437:opened")
    assert.isUndefined(rated[0]?.reason)
  })
})
