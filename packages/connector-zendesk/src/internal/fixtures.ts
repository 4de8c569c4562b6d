// The Zendesk mock's dataset, kept in code so the published package ships no fixture files.
import type { Organization, SatisfactionRating, Ticket, User } from "../ZendeskConnector.ts"

export const tickets: ReadonlyArray<Ticket> = [
  {
    id: 35436,
    subject: "Printer on fire",
    description: "Printer on fire: details from the customer",
    status: "solved",
    priority: "low",
    type: "incident",
    requester_id: 20978392,
    assignee_id: 20978398,
    organization_id: 361898904439,
    via: {
      channel: "email"
    },
    tags: [],
    created_at: "2024-03-01T09:00:00Z",
    updated_at: "2024-03-01T12:00:00Z",
    generated_timestamp: 1709294400
  },
  {
    id: 35437,
    subject: "Refund request",
    description: "Refund request: details from the customer",
    status: "closed",
    priority: "normal",
    type: "question",
    requester_id: 20978393,
    assignee_id: 20978398,
    organization_id: 361898904439,
    via: {
      channel: "web"
    },
    tags: ["vip"],
    created_at: "2024-03-01T14:00:00Z",
    updated_at: "2024-03-01T17:01:00Z",
    generated_timestamp: 1709312460
  },
  {
    id: 35438,
    subject: "Cannot log in",
    description: "Cannot log in: details from the customer",
    status: "open",
    priority: "high",
    type: "question",
    requester_id: 20978394,
    assignee_id: 20978398,
    organization_id: 361898904439,
    via: {
      channel: "chat"
    },
    tags: [],
    created_at: "2024-03-01T19:00:00Z",
    updated_at: "2024-03-01T22:02:00Z",
    generated_timestamp: 1709312460
  },
  {
    id: 35439,
    subject: "Billing address change",
    description: "Billing address change: details from the customer",
    status: "solved",
    priority: "urgent",
    type: "incident",
    requester_id: 20978395,
    assignee_id: 20978398,
    organization_id: 361898904440,
    via: {
      channel: "voice"
    },
    tags: ["vip"],
    created_at: "2024-03-02T00:00:00Z",
    updated_at: "2024-03-02T03:03:00Z",
    generated_timestamp: 1709348580
  },
  {
    id: 35440,
    subject: "Order arrived damaged",
    description: "Order arrived damaged: details from the customer",
    status: "pending",
    priority: "low",
    type: "question",
    requester_id: 20978396,
    assignee_id: 20978398,
    organization_id: 361898904440,
    via: {
      channel: "email"
    },
    tags: [],
    created_at: "2024-03-02T05:00:00Z",
    updated_at: "2024-03-02T08:04:00Z",
    generated_timestamp: 1709366640
  },
  {
    id: 35441,
    subject: "Password reset loop",
    description: "Password reset loop: details from the customer",
    status: "solved",
    priority: "normal",
    type: "question",
    requester_id: 20978397,
    assignee_id: 20978398,
    organization_id: 361898904440,
    via: {
      channel: "native_messaging"
    },
    tags: ["vip"],
    created_at: "2024-03-02T10:00:00Z",
    updated_at: "2024-03-02T13:05:00Z",
    generated_timestamp: 1709384700
  },
  {
    id: 35442,
    subject: "API returns 500",
    description: "API returns 500: details from the customer",
    status: "new",
    priority: "high",
    type: "incident",
    requester_id: 20978392,
    assignee_id: 20978398,
    organization_id: 361898904439,
    via: {
      channel: "api"
    },
    tags: [],
    created_at: "2024-03-02T15:00:00Z",
    updated_at: "2024-03-02T18:06:00Z",
    generated_timestamp: 1709402760
  },
  {
    id: 35443,
    subject: "App crashes on launch",
    description: "App crashes on launch: details from the customer",
    status: "closed",
    priority: "urgent",
    type: "question",
    requester_id: 20978393,
    assignee_id: 20978398,
    organization_id: 361898904439,
    via: {
      channel: "mobile"
    },
    tags: ["vip"],
    created_at: "2024-03-02T20:00:00Z",
    updated_at: "2024-03-02T23:07:00Z",
    generated_timestamp: 1709420820
  },
  {
    id: 35444,
    subject: "Invoice copy",
    description: "Invoice copy: details from the customer",
    status: "solved",
    priority: "low",
    type: "question",
    requester_id: 20978394,
    assignee_id: 20978398,
    organization_id: 361898904439,
    via: {
      channel: "email"
    },
    tags: [],
    created_at: "2024-03-03T01:00:00Z",
    updated_at: "2024-03-03T04:08:00Z",
    generated_timestamp: 1709438880
  },
  {
    id: 35445,
    subject: "Complaint on social",
    description: "Complaint on social: details from the customer",
    status: "open",
    priority: "normal",
    type: "incident",
    requester_id: 20978395,
    assignee_id: 20978398,
    organization_id: 361898904440,
    via: {
      channel: "twitter"
    },
    tags: ["vip"],
    created_at: "2024-03-03T06:00:00Z",
    updated_at: "2024-03-03T09:09:00Z",
    generated_timestamp: 1709456940
  },
  {
    id: 35446,
    subject: "Spam",
    description: "Spam: details from the customer",
    status: "deleted",
    priority: "high",
    type: "question",
    requester_id: 20978396,
    assignee_id: 20978398,
    organization_id: 361898904440,
    via: {
      channel: "web"
    },
    tags: [],
    created_at: "2024-03-03T11:00:00Z",
    updated_at: "2024-03-03T14:10:00Z",
    generated_timestamp: 1709475000
  },
  {
    id: 35447,
    subject: "Upgrade question",
    description: "Upgrade question: details from the customer",
    status: "solved",
    priority: "urgent",
    type: "question",
    requester_id: 20978397,
    assignee_id: 20978398,
    organization_id: 361898904440,
    via: {
      channel: "email"
    },
    tags: ["vip"],
    created_at: "2024-03-03T16:00:00Z",
    updated_at: "2024-03-03T19:11:00Z",
    generated_timestamp: 1709493060
  }
]

export const users: ReadonlyArray<User> = [
  {
    id: 20978392,
    name: "Ada Lovelace",
    email: "ada@example.com",
    phone: "+44 20 7946 0001",
    role: "end-user",
    organization_id: 361898904439,
    active: true,
    created_at: "2024-01-31T09:00:00Z",
    updated_at: "2024-02-10T09:00:00Z"
  },
  {
    id: 20978393,
    name: "Grace Hopper",
    email: "grace@example.com",
    phone: null,
    role: "end-user",
    organization_id: 361898904439,
    active: true,
    created_at: "2024-02-01T09:00:00Z",
    updated_at: "2024-02-11T09:00:00Z"
  },
  {
    id: 20978394,
    name: "Alan Turing",
    email: "alan@example.com",
    phone: null,
    role: "end-user",
    organization_id: 361898904439,
    active: true,
    created_at: "2024-02-02T09:00:00Z",
    updated_at: "2024-02-12T09:00:00Z"
  },
  {
    id: 20978395,
    name: "Katherine Johnson",
    email: "katherine@example.com",
    phone: "+1 757 555 0101",
    role: "end-user",
    organization_id: 361898904440,
    active: true,
    created_at: "2024-02-03T09:00:00Z",
    updated_at: "2024-02-13T09:00:00Z"
  },
  {
    id: 20978396,
    name: "Edsger Dijkstra",
    email: "edsger@example.com",
    phone: null,
    role: "end-user",
    organization_id: 361898904440,
    active: true,
    created_at: "2024-02-04T09:00:00Z",
    updated_at: "2024-02-14T09:00:00Z"
  },
  {
    id: 20978397,
    name: "Barbara Liskov",
    email: "barbara@example.com",
    phone: null,
    role: "end-user",
    organization_id: 361898904440,
    active: true,
    created_at: "2024-02-05T09:00:00Z",
    updated_at: "2024-02-15T09:00:00Z"
  },
  {
    id: 20978398,
    name: "Support Agent",
    email: "agent@acme.example",
    phone: null,
    role: "agent",
    organization_id: null,
    active: true,
    created_at: "2024-02-06T09:00:00Z",
    updated_at: "2024-02-16T09:00:00Z"
  },
  {
    id: 20978399,
    name: "Legacy Import",
    email: "not an email",
    phone: null,
    role: "end-user",
    organization_id: null,
    active: true,
    created_at: "2024-02-07T09:00:00Z",
    updated_at: "2024-02-17T09:00:00Z"
  }
]

export const satisfactionRatings: ReadonlyArray<SatisfactionRating> = [
  {
    id: 35121,
    ticket_id: 35436,
    requester_id: 20978392,
    assignee_id: 20978398,
    score: "good",
    comment: "Quick and friendly",
    reason: "No reason provided",
    reason_id: 0,
    created_at: "2024-03-01T15:00:00Z",
    updated_at: "2024-03-01T15:00:00Z"
  },
  {
    id: 35122,
    ticket_id: 35437,
    requester_id: 20978393,
    assignee_id: 20978398,
    score: "bad",
    comment: "Took three days",
    reason: "The issue took too long to resolve",
    reason_id: 1001,
    created_at: "2024-03-01T20:00:00Z",
    updated_at: "2024-03-01T20:00:00Z"
  },
  {
    id: 35123,
    ticket_id: 35438,
    requester_id: 20978394,
    assignee_id: 20978398,
    score: "good",
    comment: null,
    reason: "No reason provided",
    reason_id: 0,
    created_at: "2024-03-02T01:00:00Z",
    updated_at: "2024-03-02T01:00:00Z"
  },
  {
    id: 35124,
    ticket_id: 35439,
    requester_id: 20978395,
    assignee_id: 20978398,
    score: "bad",
    comment: "Still broken",
    reason: "The issue was not resolved",
    reason_id: 1003,
    created_at: "2024-03-02T06:00:00Z",
    updated_at: "2024-03-02T06:00:00Z"
  },
  {
    id: 35125,
    ticket_id: 35440,
    requester_id: 20978396,
    assignee_id: 20978398,
    score: "offered",
    comment: null,
    reason: "No reason provided",
    reason_id: 0,
    created_at: "2024-03-02T11:00:00Z",
    updated_at: "2024-03-02T11:00:00Z"
  },
  {
    id: 35126,
    ticket_id: 35441,
    requester_id: 20978397,
    assignee_id: 20978398,
    score: "good",
    comment: "Great help!",
    reason: "No reason provided",
    reason_id: 0,
    created_at: "2024-03-02T16:00:00Z",
    updated_at: "2024-03-02T16:00:00Z"
  },
  {
    id: 35127,
    ticket_id: 35442,
    requester_id: 20978392,
    assignee_id: 20978398,
    score: "bad",
    comment: null,
    reason: "The agent's knowledge is unsatisfactory",
    reason_id: 1006,
    created_at: "2024-03-02T21:00:00Z",
    updated_at: "2024-03-02T21:00:00Z"
  }
]

export const organizations: ReadonlyArray<Organization> = [
  {
    id: 361898904439,
    name: "Acme",
    domain_names: ["acme.example"],
    created_at: "2024-01-01T09:00:00Z",
    updated_at: "2024-01-11T09:00:00Z"
  },
  {
    id: 361898904440,
    name: "Globex",
    domain_names: ["globex.example"],
    created_at: "2024-01-02T09:00:00Z",
    updated_at: "2024-01-12T09:00:00Z"
  },
  {
    id: 361898904441,
    name: "Initech",
    domain_names: ["initech.example"],
    created_at: "2024-01-03T09:00:00Z",
    updated_at: "2024-01-13T09:00:00Z"
  },
  {
    id: 361898904442,
    name: "Umbrella",
    domain_names: ["umbrella.example"],
    created_at: "2024-01-04T09:00:00Z",
    updated_at: "2024-01-14T09:00:00Z"
  }
]
