// The Zendesk mock's dataset, kept in code so the published package ships no fixture files.
import type {
  CsatResponse,
  CsatSurvey,
  Organization,
  SatisfactionRating,
  Ticket,
  User
} from "../ZendeskConnector.ts"

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

// The current CSAT: two surveys, one at two versions (a 2-point numeric scale, then a 5-point
// emoji scale), the other a 3-point custom-text scale; shapes as in
// https://developer.zendesk.com/api-reference/ticketing/ticket-management/csat_surveys
const text = (value: string) => ({ type: "static", value })
const csatId = "01JQ6F1H5B9XSM626BT0M1R0W4"
const ratingQ = "01GFYBENPDGN1R6NAA4WRDNVFR"
const reasonQ = "01JQ6E6V6SSXM7796DDCYM73NC"
const commentQ = "01JQ6E6V6SQ9P0KB16GFZN61VK"
const tooLong = "01J5DG6N2QMGYWAZ5X7ZCJFEM6"
const notResolved = "01J5DGHV93SGA784ANJ0ZFVWRY"
const reasonQuestion = {
  type: "closed_ended",
  id: reasonQ,
  headline: text("Select a reason regarding your experience"),
  options: [
    { id: tooLong, label: text("The issue took too long to resolve"), follow_up: { question_id: commentQ } },
    { id: notResolved, label: text("The issue was not resolved"), follow_up: { question_id: commentQ } }
  ]
}
const commentQuestion = {
  type: "open_ended",
  id: commentQ,
  headline: text("Anything else you would like to share about your experience?"),
  follow_up: null
}
const chatId = "01JR2M8Y0C4WQ9ZK3T6V5B7N1D"
const chatRatingQ = "01JR2M9A4E6XH8PZ1Q3S5T7V9W"
const chatCommentQ = "01JR2M9C2G4JK6MN8PQ0RS2TU4"

export const csatSurveys: ReadonlyArray<CsatSurvey> = [
  {
    id: csatId,
    version: 2,
    state: "enabled",
    created_at: "2025-03-25T00:00:00.000Z",
    updated_at: "2025-03-26T00:00:00.000Z",
    questions: [
      {
        type: "rating_scale_numeric",
        id: ratingQ,
        sub_type: "customer_satisfaction",
        headline: text("How would you rate the support you received?"),
        options: [
          { rating: 1, label: text("Bad"), follow_up: { question_id: reasonQ } },
          { rating: 2, label: text("Good"), follow_up: { question_id: commentQ } }
        ]
      },
      reasonQuestion,
      commentQuestion
    ]
  },
  {
    id: csatId,
    version: 3,
    state: "enabled",
    created_at: "2025-03-25T00:00:00.000Z",
    updated_at: "2025-03-27T00:00:00.000Z",
    questions: [
      {
        type: "rating_scale_emoji",
        id: ratingQ,
        sub_type: "customer_satisfaction",
        headline: text("How would you rate the support you received?"),
        options: ["Very unsatisfied", "Unsatisfied", "Neutral", "Satisfied", "Very satisfied"].map(
          (label, i) => ({
            rating: i + 1,
            emoji: text(["😡", "🙁", "😐", "🙂", "😍"][i] ?? ""),
            label: text(label),
            follow_up: { question_id: i < 2 ? reasonQ : commentQ }
          })
        )
      },
      reasonQuestion,
      commentQuestion
    ]
  },
  {
    id: chatId,
    version: 1,
    state: "enabled",
    created_at: "2025-04-01T00:00:00.000Z",
    updated_at: "2025-04-01T00:00:00.000Z",
    questions: [
      {
        type: "rating_scale_custom_text",
        id: chatRatingQ,
        sub_type: "customer_satisfaction",
        headline: text("How was your chat?"),
        options: [
          { rating: 1, label: text("Poor") },
          { rating: 2, label: text("Okay") },
          { rating: 3, label: text("Great") }
        ]
      },
      { type: "open_ended", id: chatCommentQ, headline: text("Tell us more"), follow_up: null }
    ]
  }
]

// Survey responses, shapes as in
// https://developer.zendesk.com/api-reference/ticketing/ticket-management/csat_survey_responses
// (the list endpoint's questions carry only id, type and sub_type).
const responseOf = (
  id: string,
  survey: { readonly id: string; readonly version: number },
  responder: number,
  ticket: number,
  at: string,
  answers: ReadonlyArray<Record<string, unknown>>
): CsatResponse =>
  ({
    id,
    answers: answers.map((a) => ({ created_at: at, updated_at: at, ...a })),
    expires_at: "2025-06-30T00:00:00.000Z",
    responder_id: responder,
    subject_zrns: [`zen:ticket:${ticket}`],
    subjects: [{ id: String(ticket), type: "ticket", zrn: `zen:ticket:${ticket}` }],
    survey: { id: survey.id, version: survey.version, state: "enabled" }
  }) as unknown as CsatResponse

const rating = (rating: number, category: string, question = ratingQ, type = "rating_scale_emoji") => ({
  type: "rating_scale",
  rating,
  rating_category: category,
  question: { id: question, type, sub_type: "customer_satisfaction" }
})
const reason = (option: string) => ({
  type: "closed_ended",
  selections: [{ type: "predefined", option_id: option }],
  question: { id: reasonQ, type: "closed_ended" }
})
const comment = (value: string, question = commentQ) => ({
  type: "open_ended",
  value,
  question: { id: question, type: "open_ended" }
})
const skipped = (question: string, type: string) => ({ type: "skipped", question: { id: question, type } })

export const csatResponses: ReadonlyArray<CsatResponse> = [
  responseOf(
    "01JR3A0000000000000000000A",
    { id: csatId, version: 2 },
    20978392,
    35436,
    "2025-03-26T10:00:00.000Z",
    [rating(1, "bad", ratingQ, "rating_scale_numeric"), reason(tooLong), comment("Took three days")]
  ),
  responseOf(
    "01JR3A0000000000000000000B",
    { id: csatId, version: 2 },
    20978393,
    35437,
    "2025-03-26T12:00:00.000Z",
    [rating(2, "good", ratingQ, "rating_scale_numeric"), skipped(commentQ, "open_ended")]
  ),
  responseOf(
    "01JR3A0000000000000000000C",
    { id: csatId, version: 3 },
    20978394,
    35438,
    "2025-03-28T09:00:00.000Z",
    [rating(5, "good"), comment("Quick and friendly")]
  ),
  responseOf(
    "01JR3A0000000000000000000D",
    { id: csatId, version: 3 },
    20978395,
    35439,
    "2025-03-28T11:00:00.000Z",
    [rating(2, "bad"), reason(notResolved), skipped(commentQ, "open_ended")]
  ),
  responseOf(
    "01JR3A0000000000000000000E",
    { id: csatId, version: 3 },
    20978396,
    35440,
    "2025-03-29T09:00:00.000Z",
    [skipped(ratingQ, "rating_scale_emoji"), skipped(commentQ, "open_ended")]
  ),
  responseOf(
    "01JR3A0000000000000000000F",
    { id: csatId, version: 3 },
    20978397,
    35441,
    "2025-03-29T15:00:00.000Z",
    [rating(7, "good")]
  ),
  responseOf(
    "01JR3A0000000000000000000G",
    { id: chatId, version: 1 },
    20978392,
    35442,
    "2025-04-02T08:00:00.000Z",
    [rating(3, "good", chatRatingQ, "rating_scale_custom_text"), comment("Solved in minutes", chatCommentQ)]
  )
]
