// The survey metrics of the report per channel: NPS, CSAT on a 5-point survey scale, help-desk
// ratings (CSAT on good/bad, 0-1) and CES. The warehouse's `feedback` table is counted where it
// lives (@cxkit/metrics-sql: one GROUP BY per metric) and the counts are the same mergeable
// summaries `Nps`/`Csat`/`Ces.fromFeedback` build in process, so they combine exactly with the
// summaries of feedback held in memory (the demo's sample exports, or rows a filter kept).
import { Feedback } from "@cxkit/core"
import { Ces, Csat, type MetricError, Nps } from "@cxkit/metrics"
import { SqlSurvey, type Warehouse } from "@cxkit/metrics-sql"
import { Effect } from "effect"
import type { SqlError } from "effect/sql/SqlError"

export interface ChannelSurveys {
  readonly nps: Nps.Nps
  readonly csat: Csat.Csat
  readonly ratings: Csat.Csat
  readonly ces: Ces.Ces
}

/** Per channel, sorted by channel. */
export type Surveys = ReadonlyMap<string, ChannelSurveys>

const none: ChannelSurveys = { nps: Nps.empty, csat: Csat.empty, ratings: Csat.empty, ces: Ces.empty }

// The report's two CSAT columns: 5-point surveys, and good/bad ratings (0-1).
const isSurvey = (scale: { readonly max: number }) => scale.max === 5
const isRating = (scale: { readonly max: number }) => scale.max === 1

const sorted = (map: Map<string, ChannelSurveys>): Surveys =>
  new Map([...map].sort(([a], [b]) => a.localeCompare(b)))

/** In process, from feedback held in memory. */
export const fromFeedback = (feedback: ReadonlyArray<Feedback.Feedback>): Surveys => {
  const byChannel = new Map<string, Array<Feedback.Feedback>>()
  for (const f of feedback) {
    const channel = f.channel ?? "unknown"
    byChannel.set(channel, [...(byChannel.get(channel) ?? []), f])
  }
  const csatOf = (
    responses: ReadonlyArray<Feedback.Feedback>,
    keep: (scale: { readonly max: number }) => boolean
  ) =>
    Csat.fromFeedback(
      responses.filter((f) => f.question.metric === "csat" && keep(Feedback.scaleOf(f.question)))
    )
  return sorted(
    new Map(
      [...byChannel].map(([channel, responses]) => [
        channel,
        {
          nps: Nps.fromFeedback(responses),
          csat: csatOf(responses, isSurvey),
          ratings: csatOf(responses, isRating),
          ces: Ces.fromFeedback(responses)
        }
      ])
    )
  )
}

const channelOf = (segment: Readonly<Record<string, unknown>>) =>
  typeof segment.channel === "string" ? segment.channel : "unknown"

/** In the database, from the warehouse's CX `feedback` table. */
export const fromWarehouse: Effect.Effect<Surveys, MetricError.MetricError | SqlError, Warehouse.Warehouse> =
  Effect.gen(function* () {
    const out = new Map<string, ChannelSurveys>()
    const update = (channel: string, f: (s: ChannelSurveys) => ChannelSurveys) =>
      out.set(channel, f(out.get(channel) ?? none))
    for (const g of (yield* SqlSurvey.nps({ segments: ["channel"] })).groups) {
      update(channelOf(g.segment), (s) => ({ ...s, nps: g.summary }))
    }
    // One group per channel and question, so scales never mix within a group.
    for (const g of (yield* SqlSurvey.csat({ segments: ["channel", "question"] })).groups) {
      const scale = g.summary.scale
      if (isSurvey(scale))
        update(channelOf(g.segment), (s) => ({ ...s, csat: Csat.combine(s.csat, g.summary) }))
      else if (isRating(scale))
        update(channelOf(g.segment), (s) => ({ ...s, ratings: Csat.combine(s.ratings, g.summary) }))
    }
    for (const g of (yield* SqlSurvey.ces({ segments: ["channel"] })).groups) {
      update(channelOf(g.segment), (s) => ({ ...s, ces: g.summary }))
    }
    return sorted(out)
  })

/** Both, merged per channel. */
export const combine = (a: Surveys, b: Surveys): Surveys => {
  const out = new Map(a)
  for (const [channel, s] of b) {
    const t = out.get(channel) ?? none
    out.set(channel, {
      nps: Nps.combine(t.nps, s.nps),
      csat: Csat.combine(t.csat, s.csat),
      ratings: Csat.combine(t.ratings, s.ratings),
      ces: Ces.combine(t.ces, s.ces)
    })
  }
  return sorted(out)
}
