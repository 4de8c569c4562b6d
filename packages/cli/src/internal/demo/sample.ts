// Loads the demo's bundled sample exports (written for this project, see data/README.md) and
// decodes them at the boundary: every row is checked against a Schema, and a bad row stops the
// load with its file, line and the rule it broke.
import { existsSync, readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { Decode, Lifecycle, Timestamp } from "@cxkit/core"
import { parse } from "csv-parse/sync"
import { Schema } from "effect"

// The package's data folder, found from this module in the sources or in the bundle under dist/.
const dataDir = () => {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, "data", "crm-contacts.csv"))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error("cannot find the demo's data folder of @cxkit/cli")
    dir = parent
  }
  return pathToFileURL(join(dir, "data/"))
}

const Email = Schema.String.check(Schema.isNonEmpty())
const Time = Timestamp.Timestamp

export const Contact = Schema.Struct({
  contact_id: Schema.String.check(Schema.isNonEmpty()),
  email: Email,
  phone: Schema.String,
  name: Schema.String,
  segment: Schema.Literals(["smb", "mid-market", "enterprise"]),
  x_handle: Schema.String,
  created_at: Time
})

export const LifecycleChange = Schema.Struct({
  contact_id: Schema.String.check(Schema.isNonEmpty()),
  stage: Lifecycle.LifecycleStage,
  changed_at: Time
})

export const OrderRow = Schema.Struct({
  order_id: Schema.String.check(Schema.isNonEmpty()),
  email: Email,
  placed_at: Time,
  amount: Schema.NumberFromString,
  currency: Schema.String
})

export const Ticket = Schema.Struct({
  ticket_id: Schema.String.check(Schema.isNonEmpty()),
  requester_email: Email,
  channel: Schema.Literals(["email", "chat", "phone"]),
  opened_at: Time,
  solved_at: Schema.optionalKey(Time),
  subject: Schema.String,
  satisfaction: Schema.optionalKey(Schema.Literals(["good", "bad"]))
})

export const SurveyResponse = Schema.Struct({
  response_id: Schema.String.check(Schema.isNonEmpty()),
  email: Email,
  metric: Schema.Literals(["nps", "csat", "ces"]),
  score: Schema.Number,
  channel: Schema.String,
  submitted_at: Time,
  comment: Schema.optionalKey(Schema.String)
})

export const SocialPost = Schema.Struct({
  post_id: Schema.String.check(Schema.isNonEmpty()),
  platform: Schema.Literal("x"),
  handle: Schema.String.check(Schema.isNonEmpty()),
  posted_at: Time,
  text: Schema.String,
  likes: Schema.Int,
  reposts: Schema.Int
})

export const WebEvent = Schema.Struct({
  event_id: Schema.String.check(Schema.isNonEmpty()),
  email: Email,
  kind: Schema.String,
  channel: Schema.String,
  at: Time
})

export const SubscriptionRow = Schema.Struct({
  subscription_id: Schema.String.check(Schema.isNonEmpty()),
  email: Email,
  plan: Schema.String,
  currency: Schema.String,
  periods: Schema.Array(
    Schema.Struct({ start: Schema.String, end: Schema.optionalKey(Schema.String), mrr: Schema.Number })
  )
})

const decodeRows = <T, E>(
  file: string,
  schema: Schema.Codec<T, E>,
  rows: ReadonlyArray<unknown>,
  firstLine: number
) =>
  rows.map((row, i) => {
    try {
      return Decode.decodeUnknownSync(schema)(row)
    } catch (error) {
      throw new Error(`${file}:${firstLine + i}: ${error instanceof Error ? error.message : String(error)}`)
    }
  })

/** Reads a CSV export with a header line. */
export const readCsv = <T, E>(file: string, schema: Schema.Codec<T, E>): ReadonlyArray<T> =>
  decodeRows(
    file,
    schema,
    parse(readFileSync(new URL(file, dataDir()), "utf8"), { columns: true }) as Array<unknown>,
    2
  )

/** Reads a JSON Lines export. */
export const readJsonLines = <T, E>(file: string, schema: Schema.Codec<T, E>): ReadonlyArray<T> =>
  decodeRows(
    file,
    schema,
    readFileSync(new URL(file, dataDir()), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line, i) => {
        try {
          return JSON.parse(line)
        } catch (error) {
          throw new Error(
            `${file}:${i + 1}: not JSON (${error instanceof Error ? error.message : String(error)})`
          )
        }
      }),
    1
  )

/** Every sample export, decoded. */
export const loadSample = () => ({
  contacts: readCsv("crm-contacts.csv", Contact),
  lifecycle: readCsv("crm-lifecycle-history.csv", LifecycleChange),
  orders: readCsv("orders.csv", OrderRow),
  tickets: readJsonLines("support-tickets.jsonl", Ticket),
  surveys: readJsonLines("survey-responses.jsonl", SurveyResponse),
  posts: readJsonLines("social-posts.jsonl", SocialPost),
  web: readJsonLines("web-events.jsonl", WebEvent),
  subscriptions: readJsonLines("subscriptions.jsonl", SubscriptionRow)
})

export type Sample = ReturnType<typeof loadSample>

/** No sample: the report of a warehouse alone. */
export const noSample: Sample = {
  contacts: [],
  lifecycle: [],
  orders: [],
  tickets: [],
  surveys: [],
  posts: [],
  web: [],
  subscriptions: []
}
