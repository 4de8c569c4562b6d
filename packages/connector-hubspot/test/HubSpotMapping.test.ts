import { Lifecycle } from "@cxkit/core"
import { assert, describe, it } from "@effect/vitest"
import { HubSpotMapping } from "../src/index.ts"
import { HubSpotMock } from "../src/testing.ts"

const data = HubSpotMock.fixtures()

describe("Mapping", () => {
  it("maps every fixture contact to a customer with identities and a stage history", () => {
    const mapped = data.objects.contacts.map(HubSpotMapping.contactToCustomer)
    assert.strictEqual(mapped.length, 12)
    const ada = mapped[0]
    assert.strictEqual(ada?.customer.id, "hubspot:contact:101")
    assert.strictEqual(ada?.customer.name, "Ada Lovelace")
    assert.strictEqual(ada?.customer.lifecycleStage, "customer")
    assert.deepStrictEqual(
      ada?.customer.identities.map((i) => `${i.kind}:${i.value}`),
      ["crm-id:contact:101", "email:ada.lovelace@example.com", "phone:+442079460100"]
    )
    assert.deepStrictEqual(
      ada?.stageEvents.map((e) => e.stage),
      ["lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer"]
    )
    // an invalid email is listed, never dropped silently
    const donald = mapped[6]
    assert.deepStrictEqual(donald?.rejected, [
      {
        field: "properties.email",
        value: "donald at example dot com",
        rule: "an email address (local@domain.tld)"
      }
    ])
    // the stage events feed the core lifecycle (contact 109 has no stage dates), with no policy violation
    const histories = Lifecycle.deriveHistory(mapped.flatMap((m) => m.stageEvents))
    assert.strictEqual(histories.length, 11)
    assert.strictEqual(histories.at(0)?.spells.at(-1)?.stage, "customer")
  })

  it("maps companies to customers with their domain as an attribute", () => {
    const acme = HubSpotMapping.companyToCustomer(
      data.objects.companies[0] as (typeof data.objects.companies)[number]
    )
    assert.strictEqual(acme.customer.id, "hubspot:company:501")
    assert.deepStrictEqual(acme.customer.attributes, {
      domain: "acme.example",
      industry: "COMPUTER_SOFTWARE"
    })
    assert.strictEqual(acme.stageEvents[0]?.stage, "customer")
  })

  it("maps won deals to orders and says why the others are not", () => {
    const customerId = HubSpotMapping.customerIdOf("company", "501")
    const mapped = data.objects.deals.map((deal) => HubSpotMapping.dealToOrder(deal, { customerId }))
    const won = mapped.flatMap((m) => (m._tag === "Won" ? [m.order] : []))
    assert.deepStrictEqual(
      won.map((o) => [o.id, o.amount, o.currency]),
      [
        ["hubspot:deal:9001", 500, "EUR"],
        ["hubspot:deal:9003", 1000, "USD"],
        ["hubspot:deal:9006", 1750.5, "USD"],
        ["hubspot:deal:9008", 2250.5, "USD"]
      ]
    )
    assert.deepStrictEqual(mapped[3], { _tag: "NotWon", dealId: "9004", stage: "closedlost" })
    const noAmount = HubSpotMapping.dealToOrder(
      {
        ...(data.objects.deals[0] as (typeof data.objects.deals)[number]),
        properties: { dealstage: "closedwon", amount: "n/a" }
      },
      { customerId }
    )
    assert.deepStrictEqual(noAmount, {
      _tag: "Invalid",
      dealId: "9001",
      rejected: { field: "properties.amount", value: "n/a", rule: "a finite number" }
    })
  })

  it("maps tickets to support touchpoints on their source channel", () => {
    const customerId = HubSpotMapping.customerIdOf("contact", "101")
    const touchpoints = data.objects.tickets.map((t) => HubSpotMapping.ticketToTouchpoint(t, { customerId }))
    assert.deepStrictEqual(
      touchpoints.map((t) => t.channel),
      ["email", "email", "chat", "web", "phone", "chat", "email"]
    )
    assert.isTrue(touchpoints.every((t) => t.stage === "support" && t.kind === "support-ticket"))
    assert.strictEqual(touchpoints[0]?.text, "Cannot log in")
  })
})
