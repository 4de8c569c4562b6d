/**
 * From Salesforce records to cxkit core models: accounts, contacts and leads become customers
 * with their identities (`crm-id`, email, phone); lead statuses and opportunity stages become
 * lifecycle stage events (by a configurable table, `IsConverted`, `IsClosed` and `IsWon`
 * respected); cases and their comments become support touchpoints on the channel of the case's
 * `Origin`. Values that fit no rule become `Rejected` entities naming the field, the value and
 * the rule; nothing is dropped silently.
 *
 * @module
 * @since 0.2.0
 */
import type { Sync } from "@cxkit/connectors"
import { Customer, Entity, Identity, type Lifecycle, Timestamp, Touchpoint } from "@cxkit/core"
import type { DateTime } from "effect"
import type * as SalesforceConnector from "./SalesforceConnector.ts"
import type { Account, Case, CaseComment, Contact, Lead, Opportunity } from "./SalesforceConnector.ts"

/**
 * A value the mapping could not use: the field (`<stream>/<Id>.<Field>`), the value and the rule.
 *
 * @since 0.2.0
 * @category models
 */
export interface Rejected {
  readonly field: string
  readonly value: unknown
  readonly rule: string
}

/**
 * The customer id of a Salesforce record: `salesforce:<kind>:<Id>`.
 *
 * @example
 * ```ts
 * import { SalesforceMapping } from "@cxkit/connector-salesforce"
 *
 * console.log(SalesforceMapping.customerIdOf("contact", "003Dn0000000001AAQ")) // "salesforce:contact:003Dn0000000001AAQ"
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const customerIdOf = (kind: "account" | "contact" | "lead", id: string): Customer.CustomerId =>
  Customer.CustomerId.make(`salesforce:${kind}:${id}`)

/**
 * The default lifecycle stage of each standard lead status (Setup → Lead Status picklist,
 * https://help.salesforce.com/s/articleView?id=sf.customize_leads_status.htm): open leads are
 * `lead`, leads being worked `salesqualifiedlead`, converted ones `opportunity`, closed
 * unconverted ones `other`. A status mapped to `null` makes no stage event.
 *
 * @example
 * ```ts
 * import { SalesforceMapping } from "@cxkit/connector-salesforce"
 *
 * console.log(SalesforceMapping.defaultLeadStatusStages["Working - Contacted"]) // "salesqualifiedlead"
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export const defaultLeadStatusStages: Readonly<Record<string, Lifecycle.LifecycleStage | null>> = {
  "Open - Not Contacted": "lead",
  "Working - Contacted": "salesqualifiedlead",
  "Closed - Converted": "opportunity",
  "Closed - Not Converted": "other"
}

/**
 * The default stage of each standard open opportunity stage (Setup → Opportunity Stage picklist,
 * https://help.salesforce.com/s/articleView?id=sf.customize_opp_stages.htm): all `opportunity`.
 * Closed stages are not looked up: `IsWon` makes `wonStage` (default `customer`) at `CloseDate`,
 * closed and not won makes `lostStage` (default none: losing one deal does not move a customer).
 *
 * @example
 * ```ts
 * import { SalesforceMapping } from "@cxkit/connector-salesforce"
 *
 * console.log(SalesforceMapping.defaultOpportunityStages.Prospecting) // "opportunity"
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export const defaultOpportunityStages: Readonly<Record<string, Lifecycle.LifecycleStage | null>> = {
  Prospecting: "opportunity",
  Qualification: "opportunity",
  "Needs Analysis": "opportunity",
  "Value Proposition": "opportunity",
  "Id. Decision Makers": "opportunity",
  "Perception Analysis": "opportunity",
  "Proposal/Price Quote": "opportunity",
  "Negotiation/Review": "opportunity"
}

/**
 * The default channel of each standard case origin (Case `Origin` picklist: Phone, Email, Web;
 * Chat and social origins as Service Cloud adds them,
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_case.htm).
 * An origin not listed (a custom value, or none) is channel `support`, with the origin kept as
 * an attribute.
 *
 * @example
 * ```ts
 * import { SalesforceMapping } from "@cxkit/connector-salesforce"
 *
 * console.log(SalesforceMapping.defaultOriginChannels.Web) // "web"
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export const defaultOriginChannels: Readonly<Record<string, string>> = {
  Phone: "phone",
  Email: "email",
  Web: "web",
  Chat: "chat",
  Social: "social",
  Facebook: "social",
  Twitter: "social",
  SMS: "sms"
}

/**
 * Options of the mapping; every table replaces the default one (spread the default to extend it).
 *
 * - `leadStatusStages` (default `defaultLeadStatusStages`), `opportunityStages` (default
 *   `defaultOpportunityStages`): Salesforce value → stage, or `null` for no event. A value not
 *   in the table is rejected, naming the option to extend.
 * - `convertedStage`: the stage of a converted lead (`IsConverted`), at `ConvertedDate`; default
 *   `opportunity` when the conversion made an opportunity, else `salesqualifiedlead`.
 * - `wonStage` (default `customer`) and `lostStage` (default `null`): closed opportunities.
 * - `originChannels` (default `defaultOriginChannels`): case `Origin` → channel.
 *
 * @since 0.2.0
 * @category models
 */
export interface Options {
  readonly leadStatusStages?: Readonly<Record<string, Lifecycle.LifecycleStage | null>> | undefined
  readonly opportunityStages?: Readonly<Record<string, Lifecycle.LifecycleStage | null>> | undefined
  readonly convertedStage?: Lifecycle.LifecycleStage | undefined
  readonly wonStage?: Lifecycle.LifecycleStage | undefined
  readonly lostStage?: Lifecycle.LifecycleStage | null | undefined
  readonly originChannels?: Readonly<Record<string, string>> | undefined
}

/**
 * A mapped customer record: the customer, its stage events and the rejected values.
 *
 * @since 0.2.0
 * @category models
 */
export interface CustomerMapping {
  readonly customer: Customer.Customer
  readonly stageEvents: ReadonlyArray<Lifecycle.StageEvent>
  readonly rejected: ReadonlyArray<Rejected>
}

const present = (value: string | null | undefined): string | undefined =>
  value === null || value === undefined || value.trim() === "" ? undefined : value

// Salesforce writes dateTimes as 2024-05-01T08:00:00.000+0000 and dates as 2024-05-01 (midnight UTC)
// (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_valid_date_formats.htm)
const timeOf = (value: string | null | undefined): DateTime.Utc | undefined => {
  if (value === null || value === undefined) return undefined
  const millis = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"))
  return Number.isNaN(millis) ? undefined : Timestamp.fromMillis(millis)
}

const dateTimeRule = "a Salesforce dateTime (2024-05-01T08:00:00.000+0000) or date (2024-05-01)"

const identities = (
  out: Array<Identity.Identity>,
  rejected: Array<Rejected>,
  prefix: string,
  pairs: ReadonlyArray<readonly [Identity.IdentityKind, string, string | null | undefined]>
) => {
  for (const [kind, field, raw] of pairs) {
    const value = present(raw)
    if (value === undefined) continue
    const normalized = Identity.normalize(kind, value)
    if (normalized._tag === "Invalid")
      rejected.push({ field: `${prefix}.${field}`, value, rule: normalized.rule })
    else out.push(Identity.make({ source: "salesforce", kind, value: normalized.value }))
  }
}

const crmId = (value: string) => Identity.make({ source: "salesforce", kind: "crm-id", value })

/**
 * An Account as a customer `salesforce:account:<Id>` (cxkit has no separate account entity; its
 * contacts point to it with their `accountId` attribute), with a `crm-id` identity
 * `account:<Id>`, its phone, and type, industry, revenue, employees, country and website as
 * attributes.
 *
 * @example
 * ```ts
 * import { SalesforceMapping } from "@cxkit/connector-salesforce"
 *
 * const { customer } = SalesforceMapping.accountToCustomer({
 *   Id: "001Dn0000000001AAQ", Name: "Acme", Industry: "Manufacturing", AnnualRevenue: 4200000, SystemModstamp: "2024-05-01T08:00:00.000+0000"
 * })
 * console.log(customer.id, customer.name, customer.attributes) // "salesforce:account:001Dn0000000001AAQ" "Acme" { industry: "Manufacturing", annualRevenue: 4200000 }
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const accountToCustomer = (account: Account): CustomerMapping => {
  const ids = [crmId(`account:${account.Id}`)]
  const rejected: Array<Rejected> = []
  identities(ids, rejected, `accounts/${account.Id}`, [["phone", "Phone", account.Phone]])
  const attributes: Record<string, string | number> = {}
  for (const [key, value] of [
    ["type", account.Type],
    ["industry", account.Industry],
    ["annualRevenue", account.AnnualRevenue],
    ["employees", account.NumberOfEmployees],
    ["country", account.BillingCountry],
    ["website", account.Website]
  ] as const) {
    if (typeof value === "number" && Number.isFinite(value)) attributes[key] = value
    else if (typeof value === "string" && value.trim() !== "") attributes[key] = value
  }
  const name = present(account.Name)
  return {
    customer: new Customer.Customer({
      id: customerIdOf("account", account.Id),
      identities: ids,
      ...(name !== undefined ? { name } : {}),
      ...(Object.keys(attributes).length > 0 ? { attributes } : {})
    }),
    stageEvents: [],
    rejected
  }
}

/**
 * A Contact as a customer `salesforce:contact:<Id>`: `crm-id` identity `contact:<Id>`, email and
 * phones (normalised; an invalid one is rejected with the rule it breaks), the name, and the
 * account as `accountId` (that account's customer id). A contact's lifecycle stage is not a
 * Salesforce field and stays unset.
 *
 * @example
 * ```ts
 * import { SalesforceMapping } from "@cxkit/connector-salesforce"
 *
 * const { customer, rejected } = SalesforceMapping.contactToCustomer({
 *   Id: "003Dn0000000005AAQ", FirstName: "Edsger", LastName: "Dijkstra", Email: "edsger(at)initech.example",
 *   SystemModstamp: "2024-05-01T08:00:00.000+0000"
 * })
 * console.log(customer.name, rejected.map((r) => r.field)) // "Edsger Dijkstra" [ "contacts/003Dn0000000005AAQ.Email" ]
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const contactToCustomer = (contact: Contact): CustomerMapping => {
  const ids = [crmId(`contact:${contact.Id}`)]
  const rejected: Array<Rejected> = []
  identities(ids, rejected, `contacts/${contact.Id}`, [
    ["email", "Email", contact.Email],
    ["phone", "Phone", contact.Phone],
    ["phone", "MobilePhone", contact.MobilePhone]
  ])
  const name = [present(contact.FirstName), present(contact.LastName)]
    .filter((x) => x !== undefined)
    .join(" ")
  const account = present(contact.AccountId)
  const attributes: Record<string, string> = {}
  if (account !== undefined) attributes.accountId = customerIdOf("account", account)
  const title = present(contact.Title)
  if (title !== undefined) attributes.title = title
  const source = present(contact.LeadSource)
  if (source !== undefined) attributes.leadSource = source
  return {
    customer: new Customer.Customer({
      id: customerIdOf("contact", contact.Id),
      identities: ids,
      ...(name !== "" ? { name } : {}),
      ...(Object.keys(attributes).length > 0 ? { attributes } : {})
    }),
    stageEvents: [],
    rejected
  }
}

/**
 * A Lead as a customer `salesforce:lead:<Id>` with its stage. A converted lead (`IsConverted`)
 * also carries the `crm-id` identity `contact:<ConvertedContactId>`, so identity resolution joins
 * it with the contact it became, and its stage is `convertedStage` at `ConvertedDate`, whatever
 * `Status` says. Otherwise `Status` is looked up in `leadStatusStages`; the event is at
 * `LastModifiedDate` (Salesforce keeps only the current status; when it changed is known only with
 * field history tracking, so the last change of the record is the time used). A status not in the
 * table is rejected.
 *
 * @example
 * ```ts
 * import { SalesforceMapping } from "@cxkit/connector-salesforce"
 *
 * const lead = {
 *   Id: "00QDn0000000002AAQ", LastName: "Berners-Lee", Company: "W3 Partners", Email: "tim@w3.example",
 *   Status: "Working - Contacted", IsConverted: false,
 *   LastModifiedDate: "2024-05-06T12:00:00.000+0000", SystemModstamp: "2024-05-06T12:00:00.000+0000"
 * }
 * const { customer, stageEvents } = SalesforceMapping.leadToCustomer(lead)
 * console.log(customer.lifecycleStage, stageEvents.map((e) => e.stage)) // "salesqualifiedlead" [ "salesqualifiedlead" ]
 *
 * const custom = SalesforceMapping.leadToCustomer({ ...lead, Status: "Nurturing" })
 * console.log(custom.rejected[0]?.field, custom.rejected[0]?.value) // "leads/00QDn0000000002AAQ.Status" "Nurturing"
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const leadToCustomer = (lead: Lead, options: Options = {}): CustomerMapping => {
  const prefix = `leads/${lead.Id}`
  const id = customerIdOf("lead", lead.Id)
  const ids = [crmId(`lead:${lead.Id}`)]
  const rejected: Array<Rejected> = []
  identities(ids, rejected, prefix, [
    ["email", "Email", lead.Email],
    ["phone", "Phone", lead.Phone]
  ])
  const converted = present(lead.ConvertedContactId)
  if (lead.IsConverted === true && converted !== undefined) ids.push(crmId(`contact:${converted}`))
  const stageEvents: Array<Lifecycle.StageEvent> = []
  let stage: Lifecycle.LifecycleStage | undefined
  if (lead.IsConverted === true) {
    stage =
      options.convertedStage ??
      (present(lead.ConvertedOpportunityId) !== undefined ? "opportunity" : "salesqualifiedlead")
    const at = timeOf(lead.ConvertedDate) ?? timeOf(lead.LastModifiedDate)
    if (at === undefined)
      rejected.push({
        field: `${prefix}.ConvertedDate`,
        value: lead.ConvertedDate ?? null,
        rule: dateTimeRule
      })
    else stageEvents.push({ customerId: id, timestamp: at, stage })
  } else {
    const table = options.leadStatusStages ?? defaultLeadStatusStages
    const status = present(lead.Status)
    if (status === undefined || !Object.hasOwn(table, status)) {
      rejected.push({
        field: `${prefix}.Status`,
        value: lead.Status ?? null,
        rule: `a lead status of the mapping's leadStatusStages (${Object.keys(table).join(", ")})`
      })
    } else {
      const mapped = table[status] ?? null
      if (mapped !== null) {
        stage = mapped
        const at = timeOf(lead.LastModifiedDate) ?? timeOf(lead.SystemModstamp)
        if (at === undefined)
          rejected.push({
            field: `${prefix}.LastModifiedDate`,
            value: lead.LastModifiedDate ?? null,
            rule: dateTimeRule
          })
        else stageEvents.push({ customerId: id, timestamp: at, stage: mapped })
      }
    }
  }
  const name = [present(lead.FirstName), present(lead.LastName)].filter((x) => x !== undefined).join(" ")
  const attributes: Record<string, string> = {}
  const company = present(lead.Company)
  if (company !== undefined) attributes.company = company
  const status = present(lead.Status)
  if (status !== undefined) attributes.status = status
  const source = present(lead.LeadSource)
  if (source !== undefined) attributes.leadSource = source
  return {
    customer: new Customer.Customer({
      id,
      identities: ids,
      ...(name !== "" ? { name } : {}),
      ...(stage !== undefined ? { lifecycleStage: stage } : {}),
      ...(Object.keys(attributes).length > 0 ? { attributes } : {})
    }),
    stageEvents,
    rejected
  }
}

/**
 * The stage event an Opportunity gives its account's customer: won (`IsWon`) → `wonStage` at
 * `CloseDate`; closed and not won → `lostStage` (none by default); open → `StageName` looked up in
 * `opportunityStages`, at `LastModifiedDate`. An opportunity without an account, or with a stage
 * not in the table, is rejected.
 *
 * @example
 * ```ts
 * import { SalesforceMapping } from "@cxkit/connector-salesforce"
 *
 * const won = SalesforceMapping.opportunityToStageEvents({
 *   Id: "006Dn0000000001AAQ", AccountId: "001Dn0000000001AAQ", StageName: "Closed Won", IsClosed: true, IsWon: true,
 *   CloseDate: "2024-06-30", SystemModstamp: "2024-06-30T10:00:00.000+0000"
 * })
 * console.log(won.stageEvents.map((e) => `${e.customerId} ${e.stage}`)) // [ "salesforce:account:001Dn0000000001AAQ customer" ]
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const opportunityToStageEvents = (
  opportunity: Opportunity,
  options: Options = {}
): {
  readonly stageEvents: ReadonlyArray<Lifecycle.StageEvent>
  readonly rejected: ReadonlyArray<Rejected>
} => {
  const prefix = `opportunities/${opportunity.Id}`
  const account = present(opportunity.AccountId)
  if (account === undefined) {
    return {
      stageEvents: [],
      rejected: [
        {
          field: `${prefix}.AccountId`,
          value: opportunity.AccountId ?? null,
          rule: "an opportunity needs an account to give a customer a stage"
        }
      ]
    }
  }
  const customerId = customerIdOf("account", account)
  const event = (stage: Lifecycle.LifecycleStage | null, field: "CloseDate" | "LastModifiedDate") => {
    if (stage === null) return { stageEvents: [], rejected: [] }
    const raw = opportunity[field]
    const at = timeOf(raw) ?? (field === "LastModifiedDate" ? timeOf(opportunity.SystemModstamp) : undefined)
    if (at === undefined)
      return {
        stageEvents: [],
        rejected: [{ field: `${prefix}.${field}`, value: raw ?? null, rule: dateTimeRule }]
      }
    return { stageEvents: [{ customerId, timestamp: at, stage }], rejected: [] }
  }
  if (opportunity.IsWon === true) return event(options.wonStage ?? "customer", "CloseDate")
  if (opportunity.IsClosed === true) return event(options.lostStage ?? null, "CloseDate")
  const table = options.opportunityStages ?? defaultOpportunityStages
  const stage = present(opportunity.StageName)
  if (stage === undefined || !Object.hasOwn(table, stage)) {
    return {
      stageEvents: [],
      rejected: [
        {
          field: `${prefix}.StageName`,
          value: opportunity.StageName ?? null,
          rule: `an open opportunity stage of the mapping's opportunityStages (${Object.keys(table).join(", ")})`
        }
      ]
    }
  }
  return event(table[stage] ?? null, "LastModifiedDate")
}

/**
 * The channel of a case origin: `originChannels` (default `defaultOriginChannels`), else `support`.
 *
 * @example
 * ```ts
 * import { SalesforceMapping } from "@cxkit/connector-salesforce"
 *
 * console.log(SalesforceMapping.channelOf("Phone"), SalesforceMapping.channelOf("Carrier pigeon")) // "phone" "support"
 * ```
 *
 * @since 0.2.0
 * @category combinators
 */
export const channelOf = (origin: string | null | undefined, options: Options = {}): string => {
  const table = options.originChannels ?? defaultOriginChannels
  const key = present(origin)
  return key !== undefined && Object.hasOwn(table, key) ? (table[key] as string) : "support"
}

const customerOfCase = (contactId: string | null | undefined, accountId: string | null | undefined) => {
  const contact = present(contactId)
  if (contact !== undefined) return customerIdOf("contact", contact)
  const account = present(accountId)
  return account === undefined ? undefined : customerIdOf("account", account)
}

/**
 * A Case as support touchpoints on its contact's customer (else its account's), journey
 * `salesforce:case:<Id>`, channel from `Origin`: `case-opened` at `CreatedDate` (the subject as
 * text) and, once `IsClosed`, `case-closed` at `ClosedDate`. A case with neither contact nor
 * account, or without a valid `CreatedDate`, is rejected.
 *
 * @example
 * ```ts
 * import { SalesforceMapping } from "@cxkit/connector-salesforce"
 *
 * const { touchpoints } = SalesforceMapping.caseToTouchpoints({
 *   Id: "500Dn0000000001AAQ", CaseNumber: "00001001", ContactId: "003Dn0000000001AAQ", Subject: "Cannot log in", Origin: "Email",
 *   Status: "Closed", IsClosed: true, CreatedDate: "2024-05-13T12:00:00.000+0000", ClosedDate: "2024-05-14T08:00:00.000+0000",
 *   SystemModstamp: "2024-05-14T08:00:00.000+0000"
 * })
 * console.log(touchpoints.map((t) => `${t.kind} ${t.channel}`)) // [ "case-opened email", "case-closed email" ]
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const caseToTouchpoints = (
  record: Case,
  options: Options = {}
): {
  readonly touchpoints: ReadonlyArray<Touchpoint.Touchpoint>
  readonly rejected: ReadonlyArray<Rejected>
} => {
  const prefix = `cases/${record.Id}`
  const customerId = customerOfCase(record.ContactId, record.AccountId)
  if (customerId === undefined) {
    return {
      touchpoints: [],
      rejected: [
        {
          field: `${prefix}.ContactId`,
          value: record.ContactId ?? null,
          rule: "a case needs a contact or an account to belong to a customer"
        }
      ]
    }
  }
  const opened = timeOf(record.CreatedDate)
  if (opened === undefined) {
    return {
      touchpoints: [],
      rejected: [{ field: `${prefix}.CreatedDate`, value: record.CreatedDate ?? null, rule: dateTimeRule }]
    }
  }
  const journeyId = `salesforce:case:${record.Id}`
  const attributes: Record<string, string> = {}
  for (const [key, value] of [
    ["caseNumber", record.CaseNumber],
    ["status", record.Status],
    ["priority", record.Priority],
    ["origin", record.Origin],
    ["type", record.Type]
  ] as const) {
    const text = present(value)
    if (text !== undefined) attributes[key] = text
  }
  const common = {
    customerId,
    channel: channelOf(record.Origin, options),
    source: "salesforce",
    stage: "support" as const,
    journeyId,
    attributes
  }
  const subject = present(record.Subject)
  const touchpoints = [
    new Touchpoint.Touchpoint({
      ...common,
      id: Touchpoint.TouchpointId.make(`${journeyId}:opened`),
      timestamp: opened,
      kind: "case-opened",
      ...(subject !== undefined ? { text: subject } : {})
    })
  ]
  const rejected: Array<Rejected> = []
  if (record.IsClosed === true) {
    const closed = timeOf(record.ClosedDate)
    if (closed === undefined)
      rejected.push({ field: `${prefix}.ClosedDate`, value: record.ClosedDate ?? null, rule: dateTimeRule })
    else {
      touchpoints.push(
        new Touchpoint.Touchpoint({
          ...common,
          id: Touchpoint.TouchpointId.make(`${journeyId}:closed`),
          timestamp: closed,
          kind: "case-closed"
        })
      )
    }
  }
  return { touchpoints, rejected }
}

/**
 * A CaseComment as a `case-comment` touchpoint on its case's customer (the case's contact, else
 * account, read through the `Parent` relationship the stream selects), in the case's journey and on
 * the channel of the case's origin, at `CreatedDate`, the comment as text; `published` says whether
 * the customer can see it. A comment whose case has neither contact nor account is rejected.
 *
 * @example
 * ```ts
 * import { SalesforceMapping } from "@cxkit/connector-salesforce"
 *
 * const { touchpoints } = SalesforceMapping.caseCommentToTouchpoints({
 *   Id: "00aDn0000000001AAQ", ParentId: "500Dn0000000001AAQ", CommentBody: "Fixed in 24.5", IsPublished: true,
 *   CreatedDate: "2024-05-14T07:00:00.000+0000", SystemModstamp: "2024-05-14T07:00:00.000+0000",
 *   Parent: { ContactId: "003Dn0000000001AAQ", AccountId: "001Dn0000000001AAQ", Origin: "Email" }
 * })
 * console.log(touchpoints.map((t) => `${t.kind} ${t.customerId} ${t.journeyId}`))
 * // [ "case-comment salesforce:contact:003Dn0000000001AAQ salesforce:case:500Dn0000000001AAQ" ]
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const caseCommentToTouchpoints = (
  comment: CaseComment,
  options: Options = {}
): {
  readonly touchpoints: ReadonlyArray<Touchpoint.Touchpoint>
  readonly rejected: ReadonlyArray<Rejected>
} => {
  const prefix = `case_comments/${comment.Id}`
  const customerId = customerOfCase(comment.Parent?.ContactId, comment.Parent?.AccountId)
  if (customerId === undefined) {
    return {
      touchpoints: [],
      rejected: [
        {
          field: `${prefix}.Parent`,
          value: comment.Parent ?? null,
          rule: "a comment's case needs a contact or an account to belong to a customer"
        }
      ]
    }
  }
  const at = timeOf(comment.CreatedDate)
  if (at === undefined) {
    return {
      touchpoints: [],
      rejected: [{ field: `${prefix}.CreatedDate`, value: comment.CreatedDate ?? null, rule: dateTimeRule }]
    }
  }
  const body = present(comment.CommentBody)
  return {
    touchpoints: [
      new Touchpoint.Touchpoint({
        id: Touchpoint.TouchpointId.make(`salesforce:case:${comment.ParentId}:comment:${comment.Id}`),
        customerId,
        timestamp: at,
        channel: channelOf(comment.Parent?.Origin, options),
        kind: "case-comment",
        source: "salesforce",
        stage: "support",
        journeyId: `salesforce:case:${comment.ParentId}`,
        ...(body !== undefined ? { text: body } : {}),
        attributes: { published: comment.IsPublished === true }
      })
    ],
    rejected: []
  }
}

const fromCustomer = (mapped: CustomerMapping): ReadonlyArray<Entity.Entity> => [
  Entity.customer(mapped.customer),
  ...mapped.stageEvents.map(Entity.stageEvent),
  ...mapped.rejected.map(Entity.rejected)
]

/**
 * The mapping for `Sync.run(…, { destination, mapping })` with options: every record of every
 * stream to its entities (customers, stage events, touchpoints, rejected values).
 *
 * @example
 * ```ts
 * import { SalesforceMapping } from "@cxkit/connector-salesforce"
 *
 * const toCore = SalesforceMapping.toCoreFor({ leadStatusStages: { ...SalesforceMapping.defaultLeadStatusStages, Nurturing: "marketingqualifiedlead" } })
 * const entities = toCore({
 *   _tag: "Record", stream: "leads", key: "00QDn0000000006AAQ", unknownFields: undefined,
 *   record: { Id: "00QDn0000000006AAQ", LastName: "Hejlsberg", Status: "Nurturing", IsConverted: false, LastModifiedDate: "2024-05-06T12:00:00.000+0000", SystemModstamp: "2024-05-06T12:00:00.000+0000" }
 * })
 * console.log(entities.map((e) => e._tag)) // [ "Customer", "StageEvent" ]
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const toCoreFor =
  (options: Options = {}) =>
  (event: Sync.RecordEventOf<typeof SalesforceConnector.connector>): ReadonlyArray<Entity.Entity> => {
    switch (event.stream) {
      case "accounts":
        return fromCustomer(accountToCustomer(event.record as Account))
      case "contacts":
        return fromCustomer(contactToCustomer(event.record as Contact))
      case "leads":
        return fromCustomer(leadToCustomer(event.record as Lead, options))
      case "opportunities": {
        const mapped = opportunityToStageEvents(event.record as Opportunity, options)
        return [...mapped.stageEvents.map(Entity.stageEvent), ...mapped.rejected.map(Entity.rejected)]
      }
      case "cases": {
        const mapped = caseToTouchpoints(event.record as Case, options)
        return [...mapped.touchpoints.map(Entity.touchpoint), ...mapped.rejected.map(Entity.rejected)]
      }
      case "case_comments": {
        const mapped = caseCommentToTouchpoints(event.record as CaseComment, options)
        return [...mapped.touchpoints.map(Entity.touchpoint), ...mapped.rejected.map(Entity.rejected)]
      }
      default:
        return []
    }
  }

/**
 * `toCoreFor()` with the default tables.
 *
 * @example
 * ```ts
 * import { SalesforceMapping } from "@cxkit/connector-salesforce"
 *
 * const entities = SalesforceMapping.toCore({
 *   _tag: "Record", stream: "opportunities", key: "006Dn0000000010AAQ", unknownFields: undefined,
 *   record: { Id: "006Dn0000000010AAQ", AccountId: null, StageName: "Needs Analysis", IsClosed: false, IsWon: false, SystemModstamp: "2024-05-06T12:00:00.000+0000" }
 * })
 * console.log(entities.map((e) => e._tag === "Rejected" && e.field)) // [ "opportunities/006Dn0000000010AAQ.AccountId" ]
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const toCore = toCoreFor()
