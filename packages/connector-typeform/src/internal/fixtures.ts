// The mock's dataset, in code: two forms (a customer-experience survey with an `nps` field, a
// 5-star `rating`, a 1–7 `opinion_scale`, a 0–10 `opinion_scale` inside a group, a long text and
// a choice; a support CSAT form with a 5-step `rating`) and their responses, in the shapes of
// Typeform's "Retrieve form" and "JSON response explanation" pages.
import type * as TypeformConnector from "../TypeformConnector.ts"

export const surveyId = "Xq2Fb7"
export const supportId = "Lp9sR2"

const choices = [
  { id: "ch1Email0001", ref: "email", label: "Email" },
  { id: "ch2Chat00002", ref: "chat", label: "Chat" },
  { id: "ch3Phone0003", ref: "phone", label: "Phone" }
]

export const survey: TypeformConnector.FormDefinition = {
  id: surveyId,
  type: "quiz",
  title: "How was your experience with Acme?",
  created_at: "2024-01-08T09:00:00Z",
  last_updated_at: "2024-03-01T10:30:00Z",
  published_at: "2024-03-01T10:30:00Z",
  hidden: ["email", "customer_id"],
  settings: { language: "en", is_public: true, show_progress_bar: true },
  fields: [
    {
      id: "nps0Ld7eR1xQ",
      ref: "recommend",
      type: "nps",
      title: "How likely are you to recommend Acme to a friend or colleague?",
      properties: { labels: { left: "Not at all likely", right: "Extremely likely" } }
    },
    {
      id: "rat5Hs2kW9pZ",
      ref: "satisfaction",
      type: "rating",
      title: "How satisfied are you with your last order?",
      properties: { steps: 5, shape: "star" }
    },
    {
      id: "opn7Fj3mQ2vT",
      ref: "effort",
      type: "opinion_scale",
      title: "Acme made it easy for me to handle my issue.",
      properties: {
        steps: 7,
        start_at_one: true,
        labels: { left: "Strongly disagree", center: "Neutral", right: "Strongly agree" }
      }
    },
    {
      id: "grp1Ab8cD3eF",
      ref: "support",
      type: "group",
      title: "About our support",
      properties: {
        fields: [
          {
            id: "opn0Ty6uI8oP",
            ref: "support_speed",
            type: "opinion_scale",
            title: "How fast did we answer?",
            properties: { steps: 11, start_at_one: false, labels: { left: "Too slow", right: "Very fast" } }
          },
          {
            id: "mch3Qw5eR7tY",
            ref: "contact_channel",
            type: "multiple_choice",
            title: "How did you contact us?",
            properties: { choices }
          }
        ]
      }
    },
    { id: "lng2Zx4cV6bN", ref: "comment", type: "long_text", title: "Anything else you'd like to tell us?" }
  ],
  _links: { display: `https://acme.typeform.com/to/${surveyId}` }
}

export const support: TypeformConnector.FormDefinition = {
  id: supportId,
  type: "quiz",
  title: "How did we do on your ticket?",
  created_at: "2024-02-01T09:00:00Z",
  last_updated_at: "2024-02-01T09:00:00Z",
  published_at: "2024-02-01T09:00:00Z",
  hidden: ["email", "ticket_id"],
  settings: { language: "en", is_public: true },
  fields: [
    {
      id: "csa1Kd9fL2gH",
      ref: "csat",
      type: "rating",
      title: "How satisfied are you with the help you got?",
      properties: { steps: 5, shape: "star" }
    },
    { id: "sht4Mn6bV8cX", ref: "why", type: "short_text", title: "What is the main reason for your score?" }
  ],
  _links: { display: `https://acme.typeform.com/to/${supportId}` }
}

const people = ["ada", "grace", "alan", "edsger", "barbara", "donald", "frances", "ken", "margaret", "linus"]

const comments = [
  "Delivery was quick and support was helpful.",
  "The checkout keeps crashing on my phone.",
  "",
  "Great prices, slow shipping.",
  "Support never answered my second email.",
  "Love the new app!"
]

const iso = (millis: number) => `${new Date(Math.floor(millis / 1000) * 1000).toISOString().slice(0, 19)}Z`

const idOf = (formId: string, n: number) =>
  `${formId.toLowerCase()}${n.toString(16).padStart(4, "0")}f3c9a7d1e5b2086a4c9d`

type Wire = Record<string, unknown>

const base = (formId: string, n: number, submitted: number, hidden: Record<string, string>) => {
  const id = idOf(formId, n)
  return {
    landing_id: id,
    token: id,
    response_id: id,
    response_type: "completed",
    landed_at: iso(submitted - 180_000),
    submitted_at: iso(submitted),
    metadata: {
      user_agent:
        n % 2 === 0
          ? "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4)"
          : "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4)",
      platform: n % 2 === 0 ? "other" : "mobile",
      referer: `https://acme.typeform.com/to/${formId}`,
      network_id: `net${(n * 7919).toString(16)}`,
      browser: "default"
    },
    hidden,
    calculated: { score: 0 }
  }
}

const number = (id: string, type: string, ref: string, value: number) => ({
  field: { id, type, ref },
  type: "number",
  number: value
})

export const surveyResponse = (n: number, submitted: number): TypeformConnector.Response => {
  const person = people[n % people.length] as string
  const answers: Array<Wire> = [
    number("nps0Ld7eR1xQ", "nps", "recommend", (n * 7 + 3) % 11),
    number("rat5Hs2kW9pZ", "rating", "satisfaction", (n % 5) + 1),
    number("opn7Fj3mQ2vT", "opinion_scale", "effort", ((n * 3) % 7) + 1)
  ]
  if (n % 4 !== 3) answers.push(number("opn0Ty6uI8oP", "opinion_scale", "support_speed", (n * 5) % 11))
  const choice = choices[n % choices.length] as (typeof choices)[number]
  answers.push({
    field: { id: "mch3Qw5eR7tY", type: "multiple_choice", ref: "contact_channel" },
    type: "choice",
    choice: choice
  })
  const comment = comments[n % comments.length] as string
  if (comment !== "") {
    answers.push({
      field: { id: "lng2Zx4cV6bN", type: "long_text", ref: "comment" },
      type: "text",
      text: comment
    })
  }
  const email = n === 5 ? "not-an-email" : `${person}${n}@example.com`
  return {
    ...base(surveyId, n, submitted, { email, customer_id: `cus_${1000 + (n % 12)}` }),
    answers: answers as unknown as ReadonlyArray<TypeformConnector.Answer>,
    form_id: surveyId
  }
}

export const supportResponse = (n: number, submitted: number): TypeformConnector.Response => {
  const person = people[(n + 3) % people.length] as string
  const answers: Array<Wire> = [number("csa1Kd9fL2gH", "rating", "csat", ((n * 2) % 5) + 1)]
  if (n % 3 === 0) {
    answers.push({
      field: { id: "sht4Mn6bV8cX", type: "short_text", ref: "why" },
      type: "text",
      text: n % 2 === 0 ? "Fast answer" : "Had to ask twice"
    })
  }
  return {
    ...base(supportId, n, submitted, { email: `${person}${n}@example.com`, ticket_id: `${35000 + n}` }),
    answers: answers as unknown as ReadonlyArray<TypeformConnector.Answer>,
    form_id: supportId
  }
}

// A partial response (Typeform's response_type "partial": landed and answered some fields,
// never submitted). The Responses API returns them only when asked with response_type.
export const partialResponse = (n: number, landed: number): TypeformConnector.Response => {
  const id = idOf(surveyId, 0x8000 + n)
  return {
    landing_id: id,
    token: id,
    response_id: id,
    response_type: "partial",
    landed_at: iso(landed),
    submitted_at: iso(landed),
    hidden: { email: `partial${n}@example.com`, customer_id: `cus_${2000 + n}` },
    answers: [
      number("nps0Ld7eR1xQ", "nps", "recommend", 2)
    ] as unknown as ReadonlyArray<TypeformConnector.Answer>,
    form_id: surveyId
  }
}
