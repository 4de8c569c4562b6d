// The mock's fixture dataset, generated in code: six standard objects of a small org, with the
// shapes and standard picklist values of the Salesforce object reference
// (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/).
// Ids are 18-character ids with each object's key prefix (001 Account, 003 Contact, 00Q Lead,
// 006 Opportunity, 500 Case, 00a CaseComment).

export type Row = Readonly<Record<string, unknown>>

const pad = (n: number) => String(n).padStart(5, "0")
export const idOf = (prefix: string, n: number) => `${prefix}Dn00000${pad(n)}AAQ`

const base = Date.parse("2024-05-01T08:00:00.000Z")
/** Salesforce's dateTime format in REST answers: `2024-05-01T08:00:00.000+0000`. */
export const stamp = (millis: number) => new Date(millis).toISOString().replace("Z", "+0000")
const at = (hours: number) => stamp(base + hours * 3_600_000)
const day = (hours: number) => new Date(base + hours * 3_600_000).toISOString().slice(0, 10)

const system = (created: number, modified: number) => ({
  CreatedDate: at(created),
  LastModifiedDate: at(modified),
  SystemModstamp: at(modified)
})

const accountNames = [
  ["Acme Corporation", "Customer - Direct", "Manufacturing", 4_200_000, 310, "US"],
  ["Globex", "Prospect", "Energy", 950_000, 48, "DE"],
  ["Initech", "Customer - Channel", "Technology", 12_500_000, 1200, "US"],
  ["Umbrella Health", "Customer - Direct", "Healthcare", 2_100_000, 95, "GB"],
  ["Stark Logistics", "Prospect", "Transportation", null, null, "FR"],
  ["Wayne Retail", "Customer - Direct", "Retail", 7_800_000, 640, "US"],
  ["Tyrell Biotech", "Other", "Biotechnology", 300_000, 12, "JP"],
  ["Soylent Foods", "Customer - Channel", "Food & Beverage", 1_650_000, 210, "NL"]
] as const

export const accounts: ReadonlyArray<Row> = accountNames.map(
  ([name, type, industry, revenue, staff, country], i) => ({
    Id: idOf("001", i + 1),
    Name: name,
    Type: type,
    Industry: industry,
    AnnualRevenue: revenue,
    NumberOfEmployees: staff,
    Website: `https://www.${name.split(" ")[0]?.toLowerCase()}.example`,
    Phone: `+1 415 555 01${String(i).padStart(2, "0")}`,
    BillingCountry: country,
    ...system(i * 5, i * 5 + 30)
  })
)

const people = [
  ["Ada", "Lovelace", "ada@acme.example", 1],
  ["Grace", "Hopper", "grace@acme.example", 1],
  ["Alan", "Turing", "alan@globex.example", 2],
  ["Katherine", "Johnson", "katherine@initech.example", 3],
  ["Edsger", "Dijkstra", "edsger(at)initech.example", 3],
  ["Barbara", "Liskov", "barbara@umbrella.example", 4],
  ["Donald", "Knuth", "donald@stark.example", 5],
  ["Frances", "Allen", "frances@wayne.example", 6],
  ["John", "Backus", null, 6],
  ["Radia", "Perlman", "radia@tyrell.example", 7],
  ["Ken", "Thompson", "ken@soylent.example", 8],
  ["Margaret", "Hamilton", "margaret@soylent.example", 8]
] as const

export const contacts: ReadonlyArray<Row> = people.map(([first, last, email, account], i) => ({
  Id: idOf("003", i + 1),
  AccountId: idOf("001", account),
  FirstName: first,
  LastName: last,
  Email: email,
  Phone: i % 3 === 0 ? `+1 (415) 555-02${String(i).padStart(2, "0")}` : null,
  Title: i % 2 === 0 ? "VP Customer Success" : "Operations Manager",
  LeadSource: i % 4 === 0 ? "Web" : "Partner Referral",
  // two contacts share one SystemModstamp (a mass update), so keysets must break ties by Id
  ...system(40 + i * 3, i === 5 ? 40 + 4 * 3 + 20 : 40 + i * 3 + 20)
}))

const leadRows = [
  ["Linus", "Torvalds", "Kernel Labs", "linus@kernel.example", "Open - Not Contacted", "Web", false],
  ["Tim", "Berners-Lee", "W3 Partners", "tim@w3.example", "Working - Contacted", "Web", false],
  ["Vint", "Cerf", "Packet Co", "vint@packet.example", "Closed - Converted", "Partner Referral", true],
  [
    "Bjarne",
    "Stroustrup",
    "Plus Plus",
    "bjarne@plusplus.example",
    "Closed - Not Converted",
    "Trade Show",
    false
  ],
  ["Guido", "van Rossum", "Snake Systems", "guido@snake.example", "Working - Contacted", "Web", false],
  ["Anders", "Hejlsberg", "Typed Inc", "anders@typed.example", "Nurturing", "Advertisement", false],
  ["Brendan", "Eich", "Script Works", "brendan@script.example", "Open - Not Contacted", "Web", false],
  [
    "Yukihiro",
    "Matsumoto",
    "Gem Studio",
    "matz@gem.example",
    "Closed - Converted",
    "Employee Referral",
    true
  ],
  ["Rasmus", "Lerdorf", "Hypertext Ltd", "rasmus@hypertext.example", "Open - Not Contacted", "Web", false],
  ["James", "Gosling", "Brew Labs", "james@brew.example", "Working - Contacted", "Trade Show", false]
] as const

export const leads: ReadonlyArray<Row> = leadRows.map(
  ([first, last, company, email, status, source, converted], i) => ({
    Id: idOf("00Q", i + 1),
    FirstName: first,
    LastName: last,
    Company: company,
    Email: email,
    Phone: null,
    Status: status,
    LeadSource: source,
    IsConverted: converted,
    ConvertedDate: converted ? day(100 + i * 4) : null,
    ConvertedAccountId: converted ? idOf("001", i === 2 ? 2 : 5) : null,
    ConvertedContactId: converted ? idOf("003", i === 2 ? 3 : 7) : null,
    ConvertedOpportunityId: converted ? idOf("006", i === 2 ? 3 : 6) : null,
    ...system(80 + i * 4, 80 + i * 4 + 24)
  })
)

const opportunityRows = [
  ["Acme renewal 2024", 1, "Closed Won", 120_000, true, true],
  ["Acme expansion", 1, "Negotiation/Review", 45_000, false, false],
  ["Globex pilot", 2, "Prospecting", 15_000, false, false],
  ["Initech platform", 3, "Closed Won", 310_000, true, true],
  ["Umbrella upsell", 4, "Proposal/Price Quote", 28_000, false, false],
  ["Stark first deal", 5, "Closed Lost", 60_000, true, false],
  ["Wayne stores rollout", 6, "Value Proposition", 180_000, false, false],
  ["Tyrell research seats", 7, "Qualification", 9_000, false, false],
  ["Soylent renewal", 8, "Closed Won", 75_000, true, true],
  ["Unassigned web deal", null, "Needs Analysis", 5_000, false, false]
] as const

export const opportunities: ReadonlyArray<Row> = opportunityRows.map(
  ([name, account, stage, amount, closed, won], i) => ({
    Id: idOf("006", i + 1),
    AccountId: account === null ? null : idOf("001", account),
    Name: name,
    StageName: stage,
    Amount: amount,
    CloseDate: day(200 + i * 24),
    IsClosed: closed,
    IsWon: won,
    Probability: won ? 100 : closed ? 0 : 40,
    Type: i % 3 === 0 ? "Existing Customer - Upgrade" : "New Customer",
    LeadSource: i % 2 === 0 ? "Web" : "Partner Referral",
    ...system(150 + i * 6, 150 + i * 6 + 48)
  })
)

const caseRows = [
  ["Cannot log in", 1, "Email", "Closed", "High"],
  ["Invoice total wrong", 2, "Phone", "Closed", "Medium"],
  ["Feature request: export", 4, "Web", "New", "Low"],
  ["Outage in EU region", 6, "Phone", "Escalated", "High"],
  ["Password reset loop", 8, "Chat", "Closed", "Medium"],
  ["Shipment delayed", 7, "Email", "Working", "Medium"],
  ["API limits question", 10, "Web", "Closed", "Low"],
  ["Data import failed", 11, "Email", "New", "High"],
  ["Billing address change", 12, "Phone", "Closed", "Low"],
  ["Integration timeout", 3, "Social", "Working", "Medium"],
  ["Report shows no data", 5, "Chat", "Closed", "Medium"],
  ["Account locked", 9, "Email", "Closed", "High"]
] as const

export const cases: ReadonlyArray<Row> = caseRows.map(([subject, contact, origin, status, priority], i) => {
  const closed = status === "Closed"
  const contactRow = contacts[contact - 1] as Row
  return {
    Id: idOf("500", i + 1),
    CaseNumber: String(1001 + i).padStart(8, "0"),
    AccountId: contactRow.AccountId,
    ContactId: contactRow.Id,
    SuppliedEmail: contactRow.Email,
    Subject: subject,
    Status: status,
    Origin: origin,
    Priority: priority,
    Type: i % 2 === 0 ? "Problem" : "Question",
    Reason: i % 3 === 0 ? "Performance" : "Instructions not clear",
    IsClosed: closed,
    ClosedDate: closed ? at(300 + i * 8 + 20) : null,
    ...system(300 + i * 8, 300 + i * 8 + (closed ? 20 : 6))
  }
})

export const caseComments: ReadonlyArray<Row> = Array.from({ length: 15 }, (_, i) => {
  const parent = cases[i % cases.length] as Row
  const created = 302 + (i % cases.length) * 8 + Math.floor(i / cases.length) * 3
  return {
    Id: idOf("00a", i + 1),
    ParentId: parent.Id,
    CommentBody:
      i % 4 === 0
        ? 'Customer wrote: "it fails again",\nsee the attached log'
        : i % 4 === 1
          ? "Called back, waiting for logs"
          : i % 4 === 2
            ? "Fixed in release 24.5"
            : "Internal: escalate to tier 2",
    IsPublished: i % 4 !== 3,
    CreatedById: "005Dn0000000001AAQ",
    ...system(created, created + 1)
  }
})
