// The mock's dataset, in code: two survey definitions in the shape of
// GET /API/v3/survey-definitions/{surveyId} (result) and responses in the shape of a JSON
// response export (responseId, values, labels, displayedFields, displayedValues), with
// `recordedDate` beside `values` so the test kit server can page and filter on it.

/** A response as the test kit server holds it (the front end moves `recordedDate` into `values`). */
export type FixtureResponse = Readonly<{
  responseId: string
  recordedDate: string
  values: Readonly<Record<string, unknown>>
  labels?: Readonly<Record<string, unknown>>
  displayedFields?: ReadonlyArray<string>
  displayedValues?: Readonly<Record<string, unknown>>
}> &
  Readonly<Record<string, unknown>>

export const checkoutSurveyId = "SV_3KgZ1fWmTqNpLx2"
export const supportSurveyId = "SV_9Xq2LmTb4RcV7Ns"

const scale = (from: number, to: number, display: (n: number) => string = String) =>
  Object.fromEntries(
    Array.from({ length: to - from + 1 }, (_, i) => [
      String(i + 1),
      { Display: display(from + i), RecodeValue: String(from + i) }
    ])
  )

const satisfaction = ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"]

export const surveys = (): Array<Record<string, unknown>> => [
  {
    SurveyID: checkoutSurveyId,
    SurveyName: "Checkout experience",
    SurveyStatus: "Active",
    SurveyLanguage: "EN",
    OwnerID: "UR_1Fz0ylZd2xCk3Qa",
    BrandID: "acme",
    LastModified: "2024-04-02T09:00:00Z",
    Questions: {
      QID1: {
        QuestionID: "QID1",
        QuestionType: "MC",
        Selector: "NPS",
        DataExportTag: "Q1",
        QuestionText: "How likely are you to recommend Acme to a friend or colleague?",
        Choices: Object.fromEntries(
          Array.from({ length: 11 }, (_, n) => [String(n), { Display: String(n), RecodeValue: String(n) }])
        )
      },
      QID2: {
        QuestionID: "QID2",
        QuestionType: "Matrix",
        Selector: "Likert",
        SubSelector: "SingleAnswer",
        DataExportTag: "Q2",
        QuestionText: "How satisfied were you with…",
        Choices: { "1": { Display: "Delivery" }, "2": { Display: "Customer support" } },
        Answers: scale(1, 5, (n) => satisfaction[n - 1] as string)
      },
      QID3: {
        QuestionID: "QID3",
        QuestionType: "TE",
        Selector: "ML",
        DataExportTag: "Q3",
        QuestionText: "What is the main reason for your score?"
      },
      QID4: {
        QuestionID: "QID4",
        QuestionType: "Slider",
        Selector: "HSLIDER",
        DataExportTag: "Q4",
        QuestionText: "Acme made it easy to complete my purchase.",
        Choices: { "1": { Display: "Agreement" } },
        Configuration: { CSSliderMin: 1, CSSliderMax: 7, GridLines: 6, SnapToGrid: true }
      },
      QID5: {
        QuestionID: "QID5",
        QuestionType: "MC",
        Selector: "SAVR",
        SubSelector: "TX",
        DataExportTag: "Q5",
        QuestionText: "Which product did you buy?",
        Choices: { "1": { Display: "Shoes" }, "2": { Display: "Jackets" }, "3": { Display: "Bags" } }
      }
    },
    Blocks: { BL_1: { Type: "Default", Description: "Default Question Block" } },
    SurveyFlow: { Type: "Root", FlowID: "FL_1" },
    SurveyOptions: { BackButton: "false", ProgressBarDisplay: "None" }
  },
  {
    SurveyID: supportSurveyId,
    SurveyName: "Support follow-up",
    SurveyStatus: "Active",
    SurveyLanguage: "EN",
    OwnerID: "UR_1Fz0ylZd2xCk3Qa",
    BrandID: "acme",
    LastModified: "2024-03-11T14:30:00Z",
    Questions: {
      QID1: {
        QuestionID: "QID1",
        QuestionType: "MC",
        Selector: "NPS",
        DataExportTag: "Q1",
        QuestionText: "How likely are you to recommend our support to a friend?",
        Choices: Object.fromEntries(
          Array.from({ length: 11 }, (_, n) => [String(n), { Display: String(n), RecodeValue: String(n) }])
        )
      },
      QID2: {
        QuestionID: "QID2",
        QuestionType: "MC",
        Selector: "SAVR",
        DataExportTag: "Q2",
        QuestionText: "Was your issue resolved?",
        Choices: { "1": { Display: "Yes" }, "2": { Display: "No" } }
      }
    },
    Blocks: { BL_1: { Type: "Default", Description: "Default Question Block" } },
    SurveyFlow: { Type: "Root", FlowID: "FL_1" },
    SurveyOptions: { BackButton: "false", ProgressBarDisplay: "None" }
  }
]

const reasons = [
  "Delivery was quick and the checkout simple.",
  "The payment page kept failing.",
  "Good prices, slow support.",
  "Everything worked, thanks!",
  "I could not find the discount field."
]
const nps = [10, 9, 3, 8, 6, 10, 7, 0, 9, 5]

const npsGroup = (score: number) => (score <= 6 ? 1 : score <= 8 ? 2 : 3)

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
const responseIdOf = (surveyId: string, n: number) => {
  let x = (n + 1) * 2654435761 + [...surveyId].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1_000_003, 7)
  let id = ""
  for (let i = 0; i < 15; i++) {
    id += alphabet[x % alphabet.length]
    x = Math.floor(x / alphabet.length) + (i + 1) * 7919 + n
  }
  return `R_${id}`
}

export const responseAt = (surveyId: string, millis: number, n: number): FixtureResponse => {
  const recordedDate = new Date(millis).toISOString()
  const score = nps[n % nps.length] as number
  const email = n % 4 !== 3
  const responseId = responseIdOf(surveyId, n)
  const common = {
    startDate: new Date(millis - 240_000).toISOString(),
    endDate: recordedDate,
    status: 0,
    ipAddress: `203.0.113.${n % 250}`,
    progress: 100,
    duration: 240,
    finished: 1,
    recordedDate,
    _recordId: responseId,
    distributionChannel: email ? "email" : "anonymous",
    userLanguage: "EN",
    ...(email ? { recipientEmail: `customer${n % 17}@example.com`, CustomerID: `C-${1000 + (n % 17)}` } : {})
  }
  if (surveyId === supportSurveyId) {
    return {
      responseId,
      recordedDate,
      values: { ...common, QID1: score, QID1_NPS_GROUP: npsGroup(score), QID2: n % 3 === 0 ? 2 : 1 },
      labels: {
        status: "IP Address",
        finished: "True",
        QID1: String(score),
        QID2: n % 3 === 0 ? "No" : "Yes"
      },
      displayedFields: ["QID1", "QID2"],
      displayedValues: { QID1: Array.from({ length: 11 }, (_, i) => i), QID2: [1, 2] }
    }
  }
  const delivery = 1 + (n % 5)
  const support = 1 + ((n + 2) % 5)
  const ease = 1 + ((n * 3) % 7)
  return {
    responseId,
    recordedDate,
    values: {
      ...common,
      QID1: score,
      QID1_NPS_GROUP: npsGroup(score),
      QID2_1: delivery,
      QID2_2: support,
      QID3_TEXT: reasons[n % reasons.length],
      QID4_1: ease,
      QID5: 1 + (n % 3)
    },
    labels: {
      status: "IP Address",
      finished: "True",
      QID1: String(score),
      QID2_1: satisfaction[delivery - 1],
      QID2_2: satisfaction[support - 1],
      QID5: ["Shoes", "Jackets", "Bags"][n % 3]
    },
    displayedFields: ["QID1", "QID2_1", "QID2_2", "QID3_TEXT", "QID4_1", "QID5"],
    displayedValues: {
      QID1: Array.from({ length: 11 }, (_, i) => i),
      QID2_1: [1, 2, 3, 4, 5],
      QID5: [1, 2, 3]
    }
  }
}

export const responses = (
  surveyId: string,
  options: { readonly count?: number; readonly now?: number; readonly spacingHours?: number } = {}
): Array<FixtureResponse> => {
  const now = Math.floor((options.now ?? Date.now()) / 60_000) * 60_000
  const spacing = (options.spacingHours ?? 3) * 3_600_000
  const count = options.count ?? (surveyId === supportSurveyId ? 15 : 40)
  return Array.from({ length: count }, (_, i) => responseAt(surveyId, now - (count - i) * spacing, i))
}
