// The Intercom mock's dataset, generated in code (no fixture files in the published package).
// Shapes follow the 2.11 models: https://developers.intercom.com/docs/references/2.11/rest-api/api.intercom.io
import type { Company, Contact, Conversation, ConversationPart, Ticket } from "../IntercomConnector.ts"

/** 2024-06-01T00:00:00Z: the fixtures' first day. */
export const day0 = 1_717_200_000
const day = 86_400

export const workspaceId = "ecahpwf5"

export const admin = {
  type: "admin",
  id: "991267591",
  email: "ops@acme.example",
  name: "Grace Hopper",
  email_verified: true,
  app: {
    type: "app",
    id_code: workspaceId,
    name: "Acme",
    created_at: day0 - 400 * day,
    secure: false,
    identity_verification: false,
    timezone: "UTC",
    region: "US"
  },
  avatar: { type: "avatar", image_url: null },
  has_inbox_seat: true
}

const hex = (prefix: string, n: number) => `${prefix}${String(n).padStart(24 - prefix.length, "0")}`

export const companyId = (n: number) => hex("6657c0e1", n)
export const contactId = (n: number) => hex("6657c0de", n)

const companyRows: ReadonlyArray<readonly [string, string, number, string, number]> = [
  ["acme", "Acme", 1200, "Software", 3],
  ["globex", "Globex", 450, "Manufacturing", 2],
  ["initech", "Initech", 0, "Finance", 2],
  ["umbrella", "Umbrella", 3200, "Healthcare", 2],
  ["hooli", "Hooli", 800, "Software", 1],
  ["stark", "Stark Industries", 5000, "Energy", 1]
]

export const companies: ReadonlyArray<Company> = companyRows.map(
  ([slug, name, spend, industry, users], i) => ({
    type: "company",
    id: companyId(i + 1),
    company_id: slug,
    name,
    app_id: workspaceId,
    plan: {
      type: "plan",
      id: String(100 + (i % 3)),
      name: ["Starter", "Pro", "Enterprise"][i % 3] as string
    },
    remote_created_at: day0 - (300 - i * 10) * day,
    created_at: day0 - (200 - i * 10) * day,
    updated_at: day0 + i * 3600,
    last_request_at: day0 + i * 3600,
    size: 10 * (i + 1),
    website: `https://${slug}.example`,
    industry,
    monthly_spend: spend,
    session_count: 40 + i,
    user_count: users,
    custom_attributes: {},
    tags: { type: "tag.list", tags: [] },
    segments: { type: "segment.list", segments: [] }
  })
)

const people: ReadonlyArray<
  readonly [
    name: string | null,
    email: string | null,
    phone: string | null,
    role: string,
    company: number | null
  ]
> = [
  ["Ada Lovelace", "Ada.Lovelace@example.com", "+44 20 7946 0001", "user", 1],
  ["Alan Turing", "alan@example.com", null, "user", 1],
  ["Barbara Liskov", "barbara@example.com", "+1 617 555 0102", "user", 2],
  ["Claude Shannon", "claude@example.com", null, "user", 3],
  ["Donald Knuth", "not an email", null, "user", 4],
  ["Edsger Dijkstra", "edsger@example.com", null, "user", 1],
  [null, null, null, "lead", null],
  ["Frances Allen", "frances@example.com", null, "lead", null],
  ["Grace Murray", "grace@example.com", "+1 202 555 0199", "user", 2],
  ["Hedy Lamarr", "hedy@example.com", null, "user", 4],
  ["Ivan Sutherland", "ivan@example.com", null, "lead", null],
  ["Jean Sammet", "jean@example.com", null, "user", 5]
]

// three contacts a day over four days; contacts 5 and 6 share one second
const contactUpdatedAt = (i: number): number =>
  i === 5 ? contactUpdatedAt(4) : day0 + Math.floor(i / 3) * day + (i % 3) * 7200 + 600

export const contacts: ReadonlyArray<Contact> = people.map(([name, email, phone, role, company], i) => ({
  type: "contact",
  id: contactId(i + 1),
  workspace_id: workspaceId,
  external_id: role === "user" ? `u-${1000 + i + 1}` : null,
  role,
  email,
  email_domain: email?.includes("@") === true ? (email.split("@")[1] as string).toLowerCase() : null,
  phone,
  formatted_phone: phone === null ? null : phone.replace(/\s/g, ""),
  name,
  owner_id: i % 2 === 0 ? 991267591 : null,
  has_hard_bounced: false,
  marked_email_as_spam: false,
  unsubscribed_from_emails: false,
  created_at: day0 - (60 - i) * day,
  updated_at: contactUpdatedAt(i),
  signed_up_at: role === "user" ? day0 - (60 - i) * day : null,
  last_seen_at: contactUpdatedAt(i) - 60,
  last_replied_at: null,
  last_contacted_at: null,
  last_email_opened_at: null,
  last_email_clicked_at: null,
  language_override: null,
  browser: "chrome",
  browser_version: "125.0",
  browser_language: "en",
  os: "OS X",
  custom_attributes: { plan_tier: i % 2 === 0 ? "pro" : "free" },
  avatar: null,
  tags: {
    type: "list",
    data: [],
    url: `/contacts/${contactId(i + 1)}/tags`,
    total_count: 0,
    has_more: false
  },
  notes: {
    type: "list",
    data: [],
    url: `/contacts/${contactId(i + 1)}/notes`,
    total_count: 0,
    has_more: false
  },
  companies: {
    type: "list",
    data: company === null ? [] : [{ type: "company", id: companyId(company) }],
    url: `/contacts/${contactId(i + 1)}/companies`,
    total_count: company === null ? 0 : 1,
    has_more: false
  },
  location: {
    type: "location",
    country: ["United Kingdom", "United States", "Germany"][i % 3] as string,
    region: null,
    city: null
  },
  social_profiles: { type: "list", data: [] }
}))

const sources = [
  "conversation",
  "email",
  "conversation",
  "whatsapp",
  "phone_call",
  "email",
  "conversation",
  "facebook",
  "sms",
  "conversation",
  "push",
  "email"
]
// ratings 1–5 with remarks; 0 marks a conversation the customer did not rate
const ratings: ReadonlyArray<readonly [number, string | null]> = [
  [5, "Super quick, thanks!"],
  [4, ""],
  [0, null],
  [2, "Took two days to get an answer"],
  [5, null],
  [0, null],
  [3, "Fine"],
  [1, "Nobody could help me"],
  [0, null],
  [4, "Good"],
  [0, null],
  [5, "Amazing support"]
]

const partOf = (
  conversation: number,
  n: number,
  at: number,
  fromCustomer: boolean,
  contact: string
): ConversationPart => ({
  type: "conversation_part",
  id: String(conversation * 10_000 + n),
  part_type: "comment",
  body: fromCustomer ? `<p>Message ${n} from the customer</p>` : `<p>Reply ${n}</p>`,
  created_at: at,
  updated_at: at,
  notified_at: at,
  assigned_to: null,
  author: fromCustomer
    ? { type: "user", id: contact, name: null, email: null }
    : { type: "admin", id: "991267591", name: "Grace Hopper", email: "ops@acme.example" },
  attachments: [],
  external_id: null,
  redacted: false
})

/** The conversation with more parts than Intercom returns (see `partsCap`). */
export const longConversation = 107
export const partsCap = 500

export const conversations: ReadonlyArray<Conversation> = sources.map((source, i) => {
  const id = 101 + i
  const contact = contactId((i % 12) + 1)
  const created = day0 + i * 5400
  // conversations 104 and 105 share one second
  const updated = i === 4 ? day0 + 3 * 5400 + 1800 : created + 1800
  const partCount = id === longConversation ? 520 : 2 + (i % 3)
  const parts = Array.from({ length: partCount }, (_, n) =>
    partOf(id, n + 1, created + Math.min(1799, (n + 1) * 3), n % 2 === 1, contact)
  )
  const closed = i % 3 !== 2
  const [rating, remark] = ratings[i] as readonly [number, string | null]
  return {
    type: "conversation",
    id: String(id),
    title: null,
    created_at: created,
    updated_at: updated,
    waiting_since: closed ? null : updated,
    snoozed_until: null,
    open: !closed,
    state: closed ? "closed" : "open",
    read: true,
    priority: i === 7 ? "priority" : "not_priority",
    admin_assignee_id: 991267591,
    team_assignee_id: null,
    tags: { type: "tag.list", tags: [] },
    conversation_rating:
      rating === 0
        ? null
        : {
            rating,
            ...(remark !== null ? { remark } : {}),
            created_at: updated - 60,
            contact: { type: "contact", id: contact, external_id: null },
            teammate: { type: "admin", id: "991267591" }
          },
    source: {
      type: source,
      id: String(400_000 + id),
      delivered_as: "customer_initiated",
      subject: source === "email" ? `Question ${id}` : "",
      body: `<p>Help with order ${id}</p>`,
      author: { type: "user", id: contact, name: null, email: null },
      attachments: [],
      url: null,
      redacted: false
    },
    contacts: { type: "contact.list", contacts: [{ type: "contact", id: contact, external_id: null }] },
    teammates: { type: "admin.list", admins: [{ type: "admin", id: "991267591" }] },
    custom_attributes: {},
    first_contact_reply: { created_at: created, type: source, url: null },
    statistics: {
      type: "conversation_statistics",
      time_to_admin_reply: 300 + i * 60,
      first_contact_reply_at: created,
      first_admin_reply_at: created + 300 + i * 60,
      last_close_at: closed ? updated : null,
      count_reopens: 0,
      count_conversation_parts: partCount
    },
    conversation_parts: { type: "conversation_part.list", conversation_parts: parts, total_count: partCount },
    ai_agent_participated: false
  }
})

const ticketStates = [
  "submitted",
  "in_progress",
  "resolved",
  "waiting_on_customer",
  "resolved",
  "resolved",
  "in_progress"
]

export const tickets: ReadonlyArray<Ticket> = ticketStates.map((state, i) => {
  const created = day0 + 2 * day + i * 3000
  return {
    type: "ticket",
    id: String(494 + i),
    ticket_id: String(53 + i),
    category: i === 5 ? "Back-office" : "Customer",
    ticket_attributes: {
      _default_title_: [
        "Refund request",
        "Cannot log in",
        "Invoice copy",
        "Broken export",
        "Change plan",
        "Data deletion",
        "Bug report"
      ][i],
      _default_description_: null
    },
    ticket_state: state,
    ticket_type: { type: "ticket_type", id: "117", name: "Support request", archived: false },
    contacts: {
      type: "contact.list",
      contacts: [{ type: "contact", id: contactId((i % 12) + 1), external_id: null }]
    },
    admin_assignee_id: "991267591",
    team_assignee_id: null,
    created_at: created,
    updated_at: created + 1500,
    open: state !== "resolved",
    snoozed_until: null,
    linked_objects: { type: "list", data: [], total_count: 0, has_more: false },
    is_shared: true,
    ticket_state_internal_label: state,
    ticket_state_external_label: state
  }
})
