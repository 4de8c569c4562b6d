import { describe, expect, it } from "vitest"
import { type SalesforceConnector, SalesforceMapping } from "../src/index.ts"
import { SalesforceMock } from "../src/testing.ts"

const data = SalesforceMock.fixtures()
const record = (stream: string, row: Record<string, unknown>) =>
  ({ _tag: "Record", stream, key: String(row.Id), unknownFields: undefined, record: row }) as never

describe("SalesforceMapping on the fixtures", () => {
  it("accounts, contacts and leads become customers; an invalid email is rejected by field, value and rule", () => {
    const entities = [
      ...data.accounts.map((r) => record("accounts", r)),
      ...data.contacts.map((r) => record("contacts", r)),
      ...data.leads.map((r) => record("leads", r))
    ].flatMap(SalesforceMapping.toCore)
    expect(entities.filter((e) => e._tag === "Customer")).toHaveLength(30)
    const rejected = entities.filter((e) => e._tag === "Rejected")
    expect(rejected.map((r) => r._tag === "Rejected" && [r.field, r.value])).toEqual([
      ["contacts/003Dn0000000005AAQ.Email", "edsger(at)initech.example"],
      ["leads/00QDn0000000006AAQ.Status", "Nurturing"]
    ])
    const status = rejected[1]
    expect(status?._tag === "Rejected" && status.rule).toContain(
      "leadStatusStages (Open - Not Contacted, Working - Contacted"
    )
  })

  it("lead statuses map to stages; converted leads use ConvertedDate and carry their contact's crm-id", () => {
    const stages = data.leads.map((l) => {
      const mapped = SalesforceMapping.leadToCustomer(l as unknown as SalesforceConnector.Lead)
      return mapped.customer.lifecycleStage ?? null
    })
    expect(stages).toEqual([
      "lead",
      "salesqualifiedlead",
      "opportunity",
      "other",
      "salesqualifiedlead",
      null,
      "lead",
      "opportunity",
      "lead",
      "salesqualifiedlead"
    ])
    const converted = SalesforceMapping.leadToCustomer(data.leads[2] as unknown as SalesforceConnector.Lead)
    expect(converted.customer.identities.map((i) => i.value)).toContain("contact:003Dn0000000003AAQ")
    expect(converted.stageEvents.map((e) => e.timestamp.epochMilliseconds)).toEqual([
      Date.parse(String(data.leads[2]?.ConvertedDate))
    ])
    const custom = SalesforceMapping.leadToCustomer(data.leads[5] as unknown as SalesforceConnector.Lead, {
      leadStatusStages: { ...SalesforceMapping.defaultLeadStatusStages, Nurturing: "marketingqualifiedlead" }
    })
    expect(custom.customer.lifecycleStage).toBe("marketingqualifiedlead")
  })

  it("opportunities: won → customer at CloseDate, lost → none, open stages → opportunity, no account → rejected", () => {
    const mapped = data.opportunities.map((o) =>
      SalesforceMapping.opportunityToStageEvents(o as unknown as SalesforceConnector.Opportunity)
    )
    expect(mapped.map((m) => m.stageEvents.map((e) => e.stage).join() || null)).toEqual([
      "customer",
      "opportunity",
      "opportunity",
      "customer",
      "opportunity",
      null,
      "opportunity",
      "opportunity",
      "customer",
      null
    ])
    expect(mapped[9]?.rejected[0]?.field).toBe("opportunities/006Dn0000000010AAQ.AccountId")
    expect(mapped[5]?.rejected).toEqual([])
    const lost = SalesforceMapping.opportunityToStageEvents(
      data.opportunities[5] as unknown as SalesforceConnector.Opportunity,
      {
        lostStage: "at-risk"
      }
    )
    expect(lost.stageEvents.map((e) => e.stage)).toEqual(["at-risk"])
    const unknown = SalesforceMapping.opportunityToStageEvents({
      ...(data.opportunities[1] as unknown as SalesforceConnector.Opportunity),
      StageName: "Verbal Commit"
    })
    expect(unknown.rejected.map((r) => [r.field, r.value])).toEqual([
      ["opportunities/006Dn0000000002AAQ.StageName", "Verbal Commit"]
    ])
  })

  it("cases become support touchpoints on the channel of Origin; comments land on the case's customer", () => {
    const cases = data.cases.flatMap(
      (c) => SalesforceMapping.caseToTouchpoints(c as unknown as SalesforceConnector.Case).touchpoints
    )
    const closed = data.cases.filter((c) => c.IsClosed === true).length
    expect(cases).toHaveLength(data.cases.length + closed)
    expect([...new Set(cases.map((t) => t.channel))].sort()).toEqual([
      "chat",
      "email",
      "phone",
      "social",
      "web"
    ])
    expect(cases.every((t) => t.stage === "support" && t.source === "salesforce")).toBe(true)
    const comment = data.caseComments[0] as Record<string, unknown>
    const parent = data.cases.find((c) => c.Id === comment.ParentId) as Record<string, unknown>
    const { touchpoints } = SalesforceMapping.caseCommentToTouchpoints({
      ...(comment as unknown as SalesforceConnector.CaseComment),
      Parent: {
        ContactId: parent.ContactId as string,
        AccountId: parent.AccountId as string,
        Origin: parent.Origin as string
      }
    })
    expect(touchpoints.map((t) => [t.kind, t.customerId, t.journeyId, t.channel])).toEqual([
      [
        "case-comment",
        `salesforce:contact:${String(parent.ContactId)}`,
        `salesforce:case:${String(parent.Id)}`,
        "email"
      ]
    ])
    const orphan = SalesforceMapping.caseCommentToTouchpoints({
      ...(comment as unknown as SalesforceConnector.CaseComment),
      Parent: null
    })
    expect(orphan.rejected.map((r) => r.field)).toEqual(["case_comments/00aDn0000000001AAQ.Parent"])
  })

  it("a case with an unparseable CreatedDate is rejected, never given a made-up time", () => {
    const bad = SalesforceMapping.caseToTouchpoints({
      ...(data.cases[0] as unknown as SalesforceConnector.Case),
      CreatedDate: "yesterday"
    })
    expect(bad.touchpoints).toEqual([])
    expect(bad.rejected.map((r) => [r.field, r.value])).toEqual([
      ["cases/500Dn0000000001AAQ.CreatedDate", "yesterday"]
    ])
  })
})
