// The HubSpot mock's dataset, kept in code so the published package ships no fixture files.
import type { CrmObject, ObjectType, Property } from "../HubSpotConnector.ts"

export const contacts: ReadonlyArray<CrmObject> = [
  {
    id: "101",
    properties: {
      createdate: "2024-01-08T09:00:00.000Z",
      email: "ada.lovelace@example.com",
      firstname: "Ada",
      lastname: "Lovelace",
      hs_object_id: "101",
      lifecyclestage: "customer",
      phone: "+44 20 7946 0100",
      hs_lifecyclestage_lead_date: "2024-01-08T09:00:00.000Z",
      hs_lifecyclestage_marketingqualifiedlead_date: "2024-01-13T09:00:00.000Z",
      hs_lifecyclestage_salesqualifiedlead_date: "2024-01-18T09:00:00.000Z",
      hs_lifecyclestage_opportunity_date: "2024-01-23T09:00:00.000Z",
      hs_lifecyclestage_customer_date: "2024-01-28T09:00:00.000Z",
      lastmodifieddate: "2024-02-07T09:00:00.000Z"
    },
    createdAt: "2024-01-08T09:00:00.000Z",
    updatedAt: "2024-02-07T09:00:00.000Z",
    archived: false
  },
  {
    id: "102",
    properties: {
      createdate: "2024-01-09T09:00:00.000Z",
      email: "grace.hopper@example.com",
      firstname: "Grace",
      lastname: "Hopper",
      hs_object_id: "102",
      lifecyclestage: "customer",
      hs_lifecyclestage_subscriber_date: "2024-01-09T09:00:00.000Z",
      hs_lifecyclestage_lead_date: "2024-01-14T09:00:00.000Z",
      hs_lifecyclestage_marketingqualifiedlead_date: "2024-01-19T09:00:00.000Z",
      hs_lifecyclestage_salesqualifiedlead_date: "2024-01-24T09:00:00.000Z",
      hs_lifecyclestage_opportunity_date: "2024-01-29T09:00:00.000Z",
      hs_lifecyclestage_customer_date: "2024-02-03T09:00:00.000Z",
      lastmodifieddate: "2024-02-08T09:00:00.000Z"
    },
    createdAt: "2024-01-09T09:00:00.000Z",
    updatedAt: "2024-02-08T09:00:00.000Z",
    archived: false
  },
  {
    id: "103",
    properties: {
      createdate: "2024-01-10T09:00:00.000Z",
      email: "alan.turing@example.com",
      firstname: "Alan",
      lastname: "Turing",
      hs_object_id: "103",
      lifecyclestage: "opportunity",
      hs_lifecyclestage_lead_date: "2024-01-10T09:00:00.000Z",
      hs_lifecyclestage_marketingqualifiedlead_date: "2024-01-15T09:00:00.000Z",
      hs_lifecyclestage_salesqualifiedlead_date: "2024-01-20T09:00:00.000Z",
      hs_lifecyclestage_opportunity_date: "2024-01-25T09:00:00.000Z",
      lastmodifieddate: "2024-02-09T09:00:00.000Z"
    },
    createdAt: "2024-01-10T09:00:00.000Z",
    updatedAt: "2024-02-09T09:00:00.000Z",
    archived: false
  },
  {
    id: "104",
    properties: {
      createdate: "2024-01-11T09:00:00.000Z",
      email: "katherine.johnson@example.com",
      firstname: "Katherine",
      lastname: "Johnson",
      hs_object_id: "104",
      lifecyclestage: "salesqualifiedlead",
      phone: "+44 20 7946 0103",
      hs_lifecyclestage_subscriber_date: "2024-01-11T09:00:00.000Z",
      hs_lifecyclestage_lead_date: "2024-01-16T09:00:00.000Z",
      hs_lifecyclestage_marketingqualifiedlead_date: "2024-01-21T09:00:00.000Z",
      hs_lifecyclestage_salesqualifiedlead_date: "2024-01-26T09:00:00.000Z",
      lastmodifieddate: "2024-02-10T09:00:00.000Z"
    },
    createdAt: "2024-01-11T09:00:00.000Z",
    updatedAt: "2024-02-10T09:00:00.000Z",
    archived: false
  },
  {
    id: "105",
    properties: {
      createdate: "2024-01-12T09:00:00.000Z",
      email: "edsger.dijkstra@example.com",
      firstname: "Edsger",
      lastname: "Dijkstra",
      hs_object_id: "105",
      lifecyclestage: "lead",
      hs_lifecyclestage_lead_date: "2024-01-12T09:00:00.000Z",
      lastmodifieddate: "2024-02-10T09:00:00.000Z"
    },
    createdAt: "2024-01-12T09:00:00.000Z",
    updatedAt: "2024-02-10T09:00:00.000Z",
    archived: false
  },
  {
    id: "106",
    properties: {
      createdate: "2024-01-13T09:00:00.000Z",
      email: "barbara.liskov@example.com",
      firstname: "Barbara",
      lastname: "Liskov",
      hs_object_id: "106",
      lifecyclestage: "evangelist",
      hs_lifecyclestage_subscriber_date: "2024-01-13T09:00:00.000Z",
      hs_lifecyclestage_lead_date: "2024-01-18T09:00:00.000Z",
      hs_lifecyclestage_marketingqualifiedlead_date: "2024-01-23T09:00:00.000Z",
      hs_lifecyclestage_salesqualifiedlead_date: "2024-01-28T09:00:00.000Z",
      hs_lifecyclestage_opportunity_date: "2024-02-02T09:00:00.000Z",
      hs_lifecyclestage_customer_date: "2024-02-07T09:00:00.000Z",
      hs_lifecyclestage_evangelist_date: "2024-02-12T09:00:00.000Z",
      lastmodifieddate: "2024-02-12T09:00:00.000Z"
    },
    createdAt: "2024-01-13T09:00:00.000Z",
    updatedAt: "2024-02-12T09:00:00.000Z",
    archived: false
  },
  {
    id: "107",
    properties: {
      createdate: "2024-01-14T09:00:00.000Z",
      email: "donald at example dot com",
      firstname: "Donald",
      lastname: "Knuth",
      hs_object_id: "107",
      lifecyclestage: "marketingqualifiedlead",
      phone: "+44 20 7946 0106",
      hs_lifecyclestage_lead_date: "2024-01-14T09:00:00.000Z",
      hs_lifecyclestage_marketingqualifiedlead_date: "2024-01-19T09:00:00.000Z",
      lastmodifieddate: "2024-02-13T09:00:00.000Z"
    },
    createdAt: "2024-01-14T09:00:00.000Z",
    updatedAt: "2024-02-13T09:00:00.000Z",
    archived: false
  },
  {
    id: "108",
    properties: {
      createdate: "2024-01-15T09:00:00.000Z",
      email: "margaret.hamilton@example.com",
      firstname: "Margaret",
      lastname: "Hamilton",
      hs_object_id: "108",
      lifecyclestage: "customer",
      hs_lifecyclestage_subscriber_date: "2024-01-15T09:00:00.000Z",
      hs_lifecyclestage_lead_date: "2024-01-20T09:00:00.000Z",
      hs_lifecyclestage_marketingqualifiedlead_date: "2024-01-25T09:00:00.000Z",
      hs_lifecyclestage_salesqualifiedlead_date: "2024-01-30T09:00:00.000Z",
      hs_lifecyclestage_opportunity_date: "2024-02-04T09:00:00.000Z",
      hs_lifecyclestage_customer_date: "2024-02-09T09:00:00.000Z",
      lastmodifieddate: "2024-02-14T09:00:00.000Z"
    },
    createdAt: "2024-01-15T09:00:00.000Z",
    updatedAt: "2024-02-14T09:00:00.000Z",
    archived: false
  },
  {
    id: "109",
    properties: {
      createdate: "2024-01-16T09:00:00.000Z",
      email: "linus.torvalds@example.com",
      firstname: "Linus",
      lastname: "Torvalds",
      hs_object_id: "109",
      lifecyclestage: "subscriber",
      lastmodifieddate: "2024-02-15T09:00:00.000Z"
    },
    createdAt: "2024-01-16T09:00:00.000Z",
    updatedAt: "2024-02-15T09:00:00.000Z",
    archived: false
  },
  {
    id: "110",
    properties: {
      createdate: "2024-01-17T09:00:00.000Z",
      email: "radia.perlman@example.com",
      firstname: "Radia",
      lastname: "Perlman",
      hs_object_id: "110",
      lifecyclestage: "lead",
      phone: "+44 20 7946 0109",
      favorite_product: "Pro plan",
      hs_lifecyclestage_subscriber_date: "2024-01-17T09:00:00.000Z",
      hs_lifecyclestage_lead_date: "2024-01-22T09:00:00.000Z",
      lastmodifieddate: "2024-02-16T09:00:00.000Z"
    },
    createdAt: "2024-01-17T09:00:00.000Z",
    updatedAt: "2024-02-16T09:00:00.000Z",
    archived: false
  },
  {
    id: "111",
    properties: {
      createdate: "2024-01-18T09:00:00.000Z",
      email: "ken.thompson@example.com",
      firstname: "Ken",
      lastname: "Thompson",
      hs_object_id: "111",
      lifecyclestage: "opportunity",
      hs_lifecyclestage_lead_date: "2024-01-18T09:00:00.000Z",
      hs_lifecyclestage_marketingqualifiedlead_date: "2024-01-23T09:00:00.000Z",
      hs_lifecyclestage_salesqualifiedlead_date: "2024-01-28T09:00:00.000Z",
      hs_lifecyclestage_opportunity_date: "2024-02-02T09:00:00.000Z",
      lastmodifieddate: "2024-02-17T09:00:00.000Z"
    },
    createdAt: "2024-01-18T09:00:00.000Z",
    updatedAt: "2024-02-17T09:00:00.000Z",
    archived: false
  },
  {
    id: "112",
    properties: {
      createdate: "2024-01-19T09:00:00.000Z",
      email: "frances.allen@example.com",
      firstname: "Frances",
      lastname: "Allen",
      hs_object_id: "112",
      lifecyclestage: "customer",
      hs_lifecyclestage_subscriber_date: "2024-01-19T09:00:00.000Z",
      hs_lifecyclestage_lead_date: "2024-01-24T09:00:00.000Z",
      hs_lifecyclestage_marketingqualifiedlead_date: "2024-01-29T09:00:00.000Z",
      hs_lifecyclestage_salesqualifiedlead_date: "2024-02-03T09:00:00.000Z",
      hs_lifecyclestage_opportunity_date: "2024-02-08T09:00:00.000Z",
      hs_lifecyclestage_customer_date: "2024-02-13T09:00:00.000Z",
      lastmodifieddate: "2024-02-18T09:00:00.000Z"
    },
    createdAt: "2024-01-19T09:00:00.000Z",
    updatedAt: "2024-02-18T09:00:00.000Z",
    archived: false
  }
]

export const companies: ReadonlyArray<CrmObject> = [
  {
    id: "501",
    properties: {
      createdate: "2024-01-08T09:00:00.000Z",
      domain: "acme.example",
      name: "Acme",
      industry: "COMPUTER_SOFTWARE",
      lifecyclestage: "customer",
      hs_object_id: "501",
      hs_lastmodifieddate: "2024-01-28T09:00:00.000Z",
      hs_lifecyclestage_customer_date: "2024-01-11T09:00:00.000Z"
    },
    createdAt: "2024-01-08T09:00:00.000Z",
    updatedAt: "2024-01-28T09:00:00.000Z",
    archived: false
  },
  {
    id: "502",
    properties: {
      createdate: "2024-01-10T09:00:00.000Z",
      domain: "globex.example",
      name: "Globex",
      industry: "RETAIL",
      lifecyclestage: "opportunity",
      hs_object_id: "502",
      hs_lastmodifieddate: "2024-01-30T10:00:00.000Z",
      hs_lifecyclestage_opportunity_date: "2024-01-13T09:00:00.000Z"
    },
    createdAt: "2024-01-10T09:00:00.000Z",
    updatedAt: "2024-01-30T10:00:00.000Z",
    archived: false
  },
  {
    id: "503",
    properties: {
      createdate: "2024-01-12T09:00:00.000Z",
      domain: "initech.example",
      name: "Initech",
      industry: "FINANCIAL_SERVICES",
      lifecyclestage: "lead",
      hs_object_id: "503",
      hs_lastmodifieddate: "2024-02-01T11:00:00.000Z",
      hs_lifecyclestage_lead_date: "2024-01-15T09:00:00.000Z"
    },
    createdAt: "2024-01-12T09:00:00.000Z",
    updatedAt: "2024-02-01T11:00:00.000Z",
    archived: false
  },
  {
    id: "504",
    properties: {
      createdate: "2024-01-14T09:00:00.000Z",
      domain: "umbrella.example",
      name: "Umbrella",
      industry: "BIOTECHNOLOGY",
      lifecyclestage: "customer",
      hs_object_id: "504",
      hs_lastmodifieddate: "2024-02-03T12:00:00.000Z",
      hs_lifecyclestage_customer_date: "2024-01-17T09:00:00.000Z"
    },
    createdAt: "2024-01-14T09:00:00.000Z",
    updatedAt: "2024-02-03T12:00:00.000Z",
    archived: false
  },
  {
    id: "505",
    properties: {
      createdate: "2024-01-16T09:00:00.000Z",
      domain: "hooli.example",
      name: "Hooli",
      industry: "INTERNET",
      lifecyclestage: "evangelist",
      hs_object_id: "505",
      hs_lastmodifieddate: "2024-02-05T13:00:00.000Z",
      hs_lifecyclestage_evangelist_date: "2024-01-19T09:00:00.000Z"
    },
    createdAt: "2024-01-16T09:00:00.000Z",
    updatedAt: "2024-02-05T13:00:00.000Z",
    archived: false
  },
  {
    id: "506",
    properties: {
      createdate: "2024-01-18T09:00:00.000Z",
      domain: "stark.example",
      name: "Stark",
      industry: "DEFENSE_SPACE",
      lifecyclestage: "salesqualifiedlead",
      hs_object_id: "506",
      hs_lastmodifieddate: "2024-02-07T14:00:00.000Z",
      hs_lifecyclestage_salesqualifiedlead_date: "2024-01-21T09:00:00.000Z"
    },
    createdAt: "2024-01-18T09:00:00.000Z",
    updatedAt: "2024-02-07T14:00:00.000Z",
    archived: false
  }
]

export const deals: ReadonlyArray<CrmObject> = [
  {
    id: "9001",
    properties: {
      createdate: "2024-01-08T09:00:00.000Z",
      dealname: "Deal 1",
      amount: "500",
      dealstage: "closedwon",
      pipeline: "default",
      closedate: "2024-01-22T09:00:00.000Z",
      deal_currency_code: "EUR",
      hs_is_closed_won: "true",
      hs_object_id: "9001",
      hs_lastmodifieddate: "2024-01-23T09:00:00.000Z"
    },
    createdAt: "2024-01-08T09:00:00.000Z",
    updatedAt: "2024-01-23T09:00:00.000Z",
    archived: false
  },
  {
    id: "9002",
    properties: {
      createdate: "2024-01-11T09:00:00.000Z",
      dealname: "Deal 2",
      amount: "750.50",
      dealstage: "appointmentscheduled",
      pipeline: "default",
      closedate: "2024-01-25T09:00:00.000Z",
      deal_currency_code: "USD",
      hs_is_closed_won: "false",
      hs_object_id: "9002",
      hs_lastmodifieddate: "2024-01-26T09:07:00.000Z"
    },
    createdAt: "2024-01-11T09:00:00.000Z",
    updatedAt: "2024-01-26T09:07:00.000Z",
    archived: false
  },
  {
    id: "9003",
    properties: {
      createdate: "2024-01-14T09:00:00.000Z",
      dealname: "Deal 3",
      amount: "1000",
      dealstage: "closedwon",
      pipeline: "default",
      closedate: "2024-01-28T09:00:00.000Z",
      deal_currency_code: "USD",
      hs_is_closed_won: "true",
      hs_object_id: "9003",
      hs_lastmodifieddate: "2024-01-29T09:14:00.000Z"
    },
    createdAt: "2024-01-14T09:00:00.000Z",
    updatedAt: "2024-01-29T09:14:00.000Z",
    archived: false
  },
  {
    id: "9004",
    properties: {
      createdate: "2024-01-17T09:00:00.000Z",
      dealname: "Deal 4",
      amount: "1250.50",
      dealstage: "closedlost",
      pipeline: "default",
      closedate: "2024-01-31T09:00:00.000Z",
      deal_currency_code: "EUR",
      hs_is_closed_won: "false",
      hs_object_id: "9004",
      hs_lastmodifieddate: "2024-02-01T09:21:00.000Z"
    },
    createdAt: "2024-01-17T09:00:00.000Z",
    updatedAt: "2024-02-01T09:21:00.000Z",
    archived: false
  },
  {
    id: "9005",
    properties: {
      createdate: "2024-01-20T09:00:00.000Z",
      dealname: "Deal 5",
      amount: "1500",
      dealstage: "contractsent",
      pipeline: "default",
      closedate: "2024-02-03T09:00:00.000Z",
      deal_currency_code: "USD",
      hs_is_closed_won: "false",
      hs_object_id: "9005",
      hs_lastmodifieddate: "2024-02-04T09:28:00.000Z"
    },
    createdAt: "2024-01-20T09:00:00.000Z",
    updatedAt: "2024-02-04T09:28:00.000Z",
    archived: false
  },
  {
    id: "9006",
    properties: {
      createdate: "2024-01-23T09:00:00.000Z",
      dealname: "Deal 6",
      amount: "1750.50",
      dealstage: "closedwon",
      pipeline: "default",
      closedate: "2024-02-06T09:00:00.000Z",
      deal_currency_code: "USD",
      hs_is_closed_won: "true",
      hs_object_id: "9006",
      hs_lastmodifieddate: "2024-02-07T09:35:00.000Z"
    },
    createdAt: "2024-01-23T09:00:00.000Z",
    updatedAt: "2024-02-07T09:35:00.000Z",
    archived: false
  },
  {
    id: "9007",
    properties: {
      createdate: "2024-01-26T09:00:00.000Z",
      dealname: "Deal 7",
      amount: "2000",
      dealstage: "qualifiedtobuy",
      pipeline: "default",
      closedate: "2024-02-09T09:00:00.000Z",
      deal_currency_code: "EUR",
      hs_is_closed_won: "false",
      hs_object_id: "9007",
      hs_lastmodifieddate: "2024-02-10T09:42:00.000Z"
    },
    createdAt: "2024-01-26T09:00:00.000Z",
    updatedAt: "2024-02-10T09:42:00.000Z",
    archived: false
  },
  {
    id: "9008",
    properties: {
      createdate: "2024-01-29T09:00:00.000Z",
      dealname: "Deal 8",
      amount: "2250.50",
      dealstage: "closedwon",
      pipeline: "default",
      closedate: "2024-02-12T09:00:00.000Z",
      deal_currency_code: "USD",
      hs_is_closed_won: "true",
      hs_object_id: "9008",
      hs_lastmodifieddate: "2024-02-13T09:49:00.000Z"
    },
    createdAt: "2024-01-29T09:00:00.000Z",
    updatedAt: "2024-02-13T09:49:00.000Z",
    archived: false
  }
]

export const tickets: ReadonlyArray<CrmObject> = [
  {
    id: "7001",
    properties: {
      createdate: "2024-01-08T11:00:00.000Z",
      subject: "Cannot log in",
      content: "Cannot log in (details)",
      source_type: "EMAIL",
      hs_pipeline: "0",
      hs_pipeline_stage: "4",
      hs_ticket_priority: "HIGH",
      hs_object_id: "7001",
      hs_lastmodifieddate: "2024-01-08T17:00:00.000Z"
    },
    createdAt: "2024-01-08T11:00:00.000Z",
    updatedAt: "2024-01-08T17:00:00.000Z",
    archived: false
  },
  {
    id: "7002",
    properties: {
      createdate: "2024-01-09T11:00:00.000Z",
      subject: "Invoice is wrong",
      content: "Invoice is wrong (details)",
      source_type: "EMAIL",
      hs_pipeline: "0",
      hs_pipeline_stage: "4",
      hs_ticket_priority: "MEDIUM",
      hs_object_id: "7002",
      hs_lastmodifieddate: "2024-01-09T17:01:00.000Z"
    },
    createdAt: "2024-01-09T11:00:00.000Z",
    updatedAt: "2024-01-09T17:01:00.000Z",
    archived: false
  },
  {
    id: "7003",
    properties: {
      createdate: "2024-01-10T11:00:00.000Z",
      subject: "App crashes on start",
      content: "App crashes on start (details)",
      source_type: "CHAT",
      hs_pipeline: "0",
      hs_pipeline_stage: "2",
      hs_ticket_priority: "HIGH",
      hs_object_id: "7003",
      hs_lastmodifieddate: "2024-01-10T17:02:00.000Z"
    },
    createdAt: "2024-01-10T11:00:00.000Z",
    updatedAt: "2024-01-10T17:02:00.000Z",
    archived: false
  },
  {
    id: "7004",
    properties: {
      createdate: "2024-01-11T11:00:00.000Z",
      subject: "How do I export data?",
      content: "How do I export data? (details)",
      source_type: "FORM",
      hs_pipeline: "0",
      hs_pipeline_stage: "4",
      hs_ticket_priority: "LOW",
      hs_object_id: "7004",
      hs_lastmodifieddate: "2024-01-11T17:03:00.000Z"
    },
    createdAt: "2024-01-11T11:00:00.000Z",
    updatedAt: "2024-01-11T17:03:00.000Z",
    archived: false
  },
  {
    id: "7005",
    properties: {
      createdate: "2024-01-12T11:00:00.000Z",
      subject: "Upgrade to Pro",
      content: "Upgrade to Pro (details)",
      source_type: "PHONE",
      hs_pipeline: "0",
      hs_pipeline_stage: "1",
      hs_ticket_priority: "MEDIUM",
      hs_object_id: "7005",
      hs_lastmodifieddate: "2024-01-12T17:04:00.000Z"
    },
    createdAt: "2024-01-12T11:00:00.000Z",
    updatedAt: "2024-01-12T17:04:00.000Z",
    archived: false
  },
  {
    id: "7006",
    properties: {
      createdate: "2024-01-13T11:00:00.000Z",
      subject: "Password reset loop",
      content: "Password reset loop (details)",
      source_type: "CHAT",
      hs_pipeline: "0",
      hs_pipeline_stage: "3",
      hs_ticket_priority: "HIGH",
      hs_object_id: "7006",
      hs_lastmodifieddate: "2024-01-13T17:05:00.000Z"
    },
    createdAt: "2024-01-13T11:00:00.000Z",
    updatedAt: "2024-01-13T17:05:00.000Z",
    archived: false
  },
  {
    id: "7007",
    properties: {
      createdate: "2024-01-14T11:00:00.000Z",
      subject: "Feature request: dark mode",
      content: "Feature request: dark mode (details)",
      source_type: "EMAIL",
      hs_pipeline: "0",
      hs_pipeline_stage: "1",
      hs_ticket_priority: "LOW",
      hs_object_id: "7007",
      hs_lastmodifieddate: "2024-01-14T17:06:00.000Z"
    },
    createdAt: "2024-01-14T11:00:00.000Z",
    updatedAt: "2024-01-14T17:06:00.000Z",
    archived: false
  }
]

export const properties: Readonly<Record<ObjectType, ReadonlyArray<Property>>> = {
  contacts: [
    {
      name: "firstname",
      label: "First Name",
      type: "string",
      fieldType: "text",
      hubspotDefined: true
    },
    {
      name: "lastname",
      label: "Last Name",
      type: "string",
      fieldType: "text",
      hubspotDefined: true
    },
    {
      name: "email",
      label: "Email",
      type: "string",
      fieldType: "text",
      hubspotDefined: true
    },
    {
      name: "phone",
      label: "Phone Number",
      type: "string",
      fieldType: "phonenumber",
      hubspotDefined: true
    },
    {
      name: "lifecyclestage",
      label: "Lifecycle Stage",
      type: "enumeration",
      fieldType: "radio",
      hubspotDefined: true,
      options: [
        {
          label: "Subscriber",
          value: "subscriber",
          displayOrder: 0,
          hidden: false
        },
        {
          label: "Lead",
          value: "lead",
          displayOrder: 1,
          hidden: false
        },
        {
          label: "Marketing Qualified Lead",
          value: "marketingqualifiedlead",
          displayOrder: 2,
          hidden: false
        },
        {
          label: "Sales Qualified Lead",
          value: "salesqualifiedlead",
          displayOrder: 3,
          hidden: false
        },
        {
          label: "Opportunity",
          value: "opportunity",
          displayOrder: 4,
          hidden: false
        },
        {
          label: "Customer",
          value: "customer",
          displayOrder: 5,
          hidden: false
        },
        {
          label: "Evangelist",
          value: "evangelist",
          displayOrder: 6,
          hidden: false
        },
        {
          label: "Other",
          value: "other",
          displayOrder: 7,
          hidden: false
        }
      ]
    },
    {
      name: "createdate",
      label: "Create Date",
      type: "datetime",
      fieldType: "date",
      hubspotDefined: true
    },
    {
      name: "lastmodifieddate",
      label: "Last Modified Date",
      type: "datetime",
      fieldType: "date",
      hubspotDefined: true
    },
    {
      name: "hs_object_id",
      label: "Record ID",
      type: "number",
      fieldType: "number",
      hubspotDefined: true
    },
    {
      name: "hs_lifecyclestage_subscriber_date",
      label: "Became a subscriber date",
      type: "datetime",
      fieldType: "date",
      hubspotDefined: true
    },
    {
      name: "hs_lifecyclestage_lead_date",
      label: "Became a lead date",
      type: "datetime",
      fieldType: "date",
      hubspotDefined: true
    },
    {
      name: "hs_lifecyclestage_marketingqualifiedlead_date",
      label: "Became a marketingqualifiedlead date",
      type: "datetime",
      fieldType: "date",
      hubspotDefined: true
    },
    {
      name: "hs_lifecyclestage_salesqualifiedlead_date",
      label: "Became a salesqualifiedlead date",
      type: "datetime",
      fieldType: "date",
      hubspotDefined: true
    },
    {
      name: "hs_lifecyclestage_opportunity_date",
      label: "Became a opportunity date",
      type: "datetime",
      fieldType: "date",
      hubspotDefined: true
    },
    {
      name: "hs_lifecyclestage_customer_date",
      label: "Became a customer date",
      type: "datetime",
      fieldType: "date",
      hubspotDefined: true
    },
    {
      name: "hs_lifecyclestage_evangelist_date",
      label: "Became a evangelist date",
      type: "datetime",
      fieldType: "date",
      hubspotDefined: true
    },
    {
      name: "favorite_product",
      label: "Favorite product",
      type: "string",
      fieldType: "text",
      hubspotDefined: false
    }
  ],
  companies: [
    {
      name: "name",
      label: "Company name",
      type: "string",
      fieldType: "text",
      hubspotDefined: true
    },
    {
      name: "domain",
      label: "Company Domain Name",
      type: "string",
      fieldType: "text",
      hubspotDefined: true
    },
    {
      name: "industry",
      label: "Industry",
      type: "enumeration",
      fieldType: "select",
      hubspotDefined: true
    },
    {
      name: "lifecyclestage",
      label: "Lifecycle Stage",
      type: "enumeration",
      fieldType: "radio",
      hubspotDefined: true,
      options: [
        {
          label: "Subscriber",
          value: "subscriber",
          displayOrder: 0,
          hidden: false
        },
        {
          label: "Lead",
          value: "lead",
          displayOrder: 1,
          hidden: false
        },
        {
          label: "Marketing Qualified Lead",
          value: "marketingqualifiedlead",
          displayOrder: 2,
          hidden: false
        },
        {
          label: "Sales Qualified Lead",
          value: "salesqualifiedlead",
          displayOrder: 3,
          hidden: false
        },
        {
          label: "Opportunity",
          value: "opportunity",
          displayOrder: 4,
          hidden: false
        },
        {
          label: "Customer",
          value: "customer",
          displayOrder: 5,
          hidden: false
        },
        {
          label: "Evangelist",
          value: "evangelist",
          displayOrder: 6,
          hidden: false
        },
        {
          label: "Other",
          value: "other",
          displayOrder: 7,
          hidden: false
        }
      ]
    },
    {
      name: "createdate",
      label: "Create Date",
      type: "datetime",
      fieldType: "date",
      hubspotDefined: true
    },
    {
      name: "hs_lastmodifieddate",
      label: "Last Modified Date",
      type: "datetime",
      fieldType: "date",
      hubspotDefined: true
    },
    {
      name: "hs_object_id",
      label: "Record ID",
      type: "number",
      fieldType: "number",
      hubspotDefined: true
    },
    {
      name: "hs_lifecyclestage_subscriber_date",
      label: "Became a subscriber date",
      type: "datetime",
      fieldType: "date",
      hubspotDefined: true
    },
    {
      name: "hs_lifecyclestage_lead_date",
      label: "Became a lead date",
      type: "datetime",
      fieldType: "date",
      hubspotDefined: true
    },
    {
      name: "hs_lifecyclestage_marketingqualifiedlead_date",
      label: "Became a marketingqualifiedlead date",
      type: "datetime",
      fieldType: "date",
      hubspotDefined: true
    },
    {
      name: "hs_lifecyclestage_salesqualifiedlead_date",
      label: "Became a salesqualifiedlead date",
      type: "datetime",
      fieldType: "date",
      hubspotDefined: true
    },
    {
      name: "hs_lifecyclestage_opportunity_date",
      label: "Became a opportunity date",
      type: "datetime",
      fieldType: "date",
      hubspotDefined: true
    },
    {
      name: "hs_lifecyclestage_customer_date",
      label: "Became a customer date",
      type: "datetime",
      fieldType: "date",
      hubspotDefined: true
    },
    {
      name: "hs_lifecyclestage_evangelist_date",
      label: "Became a evangelist date",
      type: "datetime",
      fieldType: "date",
      hubspotDefined: true
    }
  ],
  deals: [
    {
      name: "dealname",
      label: "Deal Name",
      type: "string",
      fieldType: "text",
      hubspotDefined: true
    },
    {
      name: "amount",
      label: "Amount",
      type: "number",
      fieldType: "number",
      hubspotDefined: true
    },
    {
      name: "dealstage",
      label: "Deal Stage",
      type: "enumeration",
      fieldType: "radio",
      hubspotDefined: true,
      options: [
        {
          label: "Appointment Scheduled",
          value: "appointmentscheduled",
          displayOrder: 0,
          hidden: false
        },
        {
          label: "Qualified To Buy",
          value: "qualifiedtobuy",
          displayOrder: 1,
          hidden: false
        },
        {
          label: "Presentation Scheduled",
          value: "presentationscheduled",
          displayOrder: 2,
          hidden: false
        },
        {
          label: "Decision Maker Bought-In",
          value: "decisionmakerboughtin",
          displayOrder: 3,
          hidden: false
        },
        {
          label: "Contract Sent",
          value: "contractsent",
          displayOrder: 4,
          hidden: false
        },
        {
          label: "Closed Won",
          value: "closedwon",
          displayOrder: 5,
          hidden: false
        },
        {
          label: "Closed Lost",
          value: "closedlost",
          displayOrder: 6,
          hidden: false
        }
      ]
    },
    {
      name: "pipeline",
      label: "Pipeline",
      type: "enumeration",
      fieldType: "select",
      hubspotDefined: true
    },
    {
      name: "closedate",
      label: "Close Date",
      type: "datetime",
      fieldType: "date",
      hubspotDefined: true
    },
    {
      name: "deal_currency_code",
      label: "Currency",
      type: "enumeration",
      fieldType: "select",
      hubspotDefined: true
    },
    {
      name: "hs_is_closed_won",
      label: "Is Closed Won",
      type: "bool",
      fieldType: "booleancheckbox",
      hubspotDefined: true
    },
    {
      name: "createdate",
      label: "Create Date",
      type: "datetime",
      fieldType: "date",
      hubspotDefined: true
    },
    {
      name: "hs_lastmodifieddate",
      label: "Last Modified Date",
      type: "datetime",
      fieldType: "date",
      hubspotDefined: true
    },
    {
      name: "hs_object_id",
      label: "Record ID",
      type: "number",
      fieldType: "number",
      hubspotDefined: true
    }
  ],
  tickets: [
    {
      name: "subject",
      label: "Ticket name",
      type: "string",
      fieldType: "text",
      hubspotDefined: true
    },
    {
      name: "content",
      label: "Ticket description",
      type: "string",
      fieldType: "textarea",
      hubspotDefined: true
    },
    {
      name: "source_type",
      label: "Source",
      type: "enumeration",
      fieldType: "select",
      hubspotDefined: true
    },
    {
      name: "hs_pipeline",
      label: "Pipeline",
      type: "enumeration",
      fieldType: "select",
      hubspotDefined: true
    },
    {
      name: "hs_pipeline_stage",
      label: "Ticket status",
      type: "enumeration",
      fieldType: "select",
      hubspotDefined: true,
      options: [
        {
          label: "New",
          value: "1",
          displayOrder: 0,
          hidden: false
        },
        {
          label: "Waiting on contact",
          value: "2",
          displayOrder: 1,
          hidden: false
        },
        {
          label: "Waiting on us",
          value: "3",
          displayOrder: 2,
          hidden: false
        },
        {
          label: "Closed",
          value: "4",
          displayOrder: 3,
          hidden: false
        }
      ]
    },
    {
      name: "hs_ticket_priority",
      label: "Priority",
      type: "enumeration",
      fieldType: "select",
      hubspotDefined: true
    },
    {
      name: "createdate",
      label: "Create Date",
      type: "datetime",
      fieldType: "date",
      hubspotDefined: true
    },
    {
      name: "hs_lastmodifieddate",
      label: "Last Modified Date",
      type: "datetime",
      fieldType: "date",
      hubspotDefined: true
    },
    {
      name: "hs_object_id",
      label: "Record ID",
      type: "number",
      fieldType: "number",
      hubspotDefined: true
    }
  ]
}
