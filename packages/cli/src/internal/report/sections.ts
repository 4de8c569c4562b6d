// The sections of the CX report, computed from the core models.
import { Channel, Lifecycle, Timestamp } from "@cxkit/core"
import { Chart, Csat, StageAnalytics, Themes } from "@cxkit/metrics"
import { churn, funnel, lifetimeValue, purchases, surveys } from "./metrics.ts"
import type { Model } from "./model.ts"
import type { Purchases } from "./purchases.ts"
import type { Surveys } from "./surveys.ts"
import type { Report, ReportOptions, Section } from "./text.ts"

const count = <T>(items: Iterable<T>, key: (item: T) => string): Map<string, number> => {
  const counts = new Map<string, number>()
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1)
  return counts
}

const identities = (model: Model): Section => {
  const records = model.profiles.reduce((n, p) => n + p.records.length, 0)
  const sources = new Set(model.profiles.flatMap((p) => p.records.map((r) => r.source))).size
  const rules = count(
    model.profiles.flatMap((p) => p.merges),
    (m) => m.rule
  )
  const explained = model.profiles.find((p) => p.merges.some((m) => m.rule === "shared-handle"))
  return {
    title: "Identity resolution",
    lines: [
      `${records} records from ${sources} sources resolved into ${model.profiles.length} customers`,
      ...(explained === undefined
        ? []
        : [
            `Why ${explained.customerId} is one customer:`,
            ...explained.merges.map(
              (m) =>
                `  ${m.left.source}:${m.left.recordId} + ${m.right.source}:${m.right.recordId}  (${m.rule}: ${m.evidence})`
            )
          ])
    ],
    tables: [{ header: ["merge rule", "merges"], rows: [...rules].sort(([a], [b]) => a.localeCompare(b)) }]
  }
}

const channels = (model: Model): Section => {
  const rows = [...count(model.touchpoints, (tp) => tp.channel)]
    .sort((a, b) => b[1] - a[1])
    .map(([channel, n]) => ({ channel: Channel.label(channel), touchpoints: n }))
  return {
    title: "Touchpoints by channel",
    tables: [{ header: ["channel", "touchpoints"], rows: rows.map((r) => [r.channel, r.touchpoints]) }],
    charts: [
      Chart.bar({ data: rows, x: "channel", y: "touchpoints", sort: "-y", title: "Touchpoints by channel" })
    ]
  }
}

const journeys = (model: Model, options: ReportOptions): Section => {
  const all = model.journeys
  const title = `Journeys (split after ${options.journeyGap} of inactivity)`
  if (all.length === 0) return { title, lines: ["No touchpoints in the warehouse yet."] }
  const meanLength = all.reduce((n, j) => n + j.touchpoints.length, 0) / all.length
  const dropOff = StageAnalytics.dropOff(all)[0]?.stages ?? []
  const time = new Map((StageAnalytics.timeInStage(all)[0]?.stages ?? []).map((s) => [s.stage, s.time]))
  const pct = (x: number | undefined) => (x === undefined ? "-" : `${(100 * x).toFixed(0)}%`)
  return {
    title,
    lines: [
      `${all.length} journeys, ${meanLength.toFixed(1)} touchpoints each on average.`,
      "A journey reaches a stage when it gets that far (discover, research, purchase, support, loyalty)."
    ],
    tables: [
      {
        header: ["stage", "reached", "continued", "drop-off", "stopped here", "median hours in stage"],
        rows: dropOff.map((s) => {
          const t = time.get(s.stage)
          return [
            s.stage,
            s.reached,
            s.continued,
            pct(s.dropOffRate),
            s.stoppedHere,
            t === undefined ? "-" : (t.median / 3_600_000).toFixed(1)
          ]
        })
      }
    ],
    charts: [
      Chart.bar({
        data: dropOff.flatMap((s) => [
          { stage: s.stage, measure: "reached", journeys: s.reached },
          { stage: s.stage, measure: "stopped here", journeys: s.stoppedHere }
        ]),
        x: "stage",
        y: "journeys",
        color: "measure",
        sort: "none",
        title: "Journeys by stage"
      })
    ]
  }
}

const lifecycle = (model: Model, options: ReportOptions): Section => {
  const reportDate = Timestamp.fromMillis(Date.parse(options.until) - 1000)
  const day = reportDate.toString().slice(13, 23)
  const current = count(model.lifecycles, (h) => Lifecycle.stageAt(h, reportDate) ?? "unknown")
  const rows = Lifecycle.LifecycleStage.literals
    .filter((s) => current.has(s))
    .map((s) => ({ stage: Lifecycle.labels[s], customers: current.get(s) ?? 0 }))
  const violations = model.lifecycles.flatMap((h) => h.violations)
  return {
    title: "Lifecycle (HubSpot stages, forward-only policy)",
    lines: [
      `${violations.length} stage events from the sources contradicted the forward-only policy and were left out, e.g.:`,
      ...violations
        .slice(0, 3)
        .map(
          (v) =>
            `  ${v.customerId}: ${Lifecycle.labels[v.from]} -> ${Lifecycle.labels[v.to]} on ${v.timestamp.toString().slice(13, 23)}`
        )
    ],
    tables: [{ header: [`stage on ${day}`, "customers"], rows: rows.map((r) => [r.stage, r.customers]) }],
    charts: [
      Chart.bar({
        data: rows,
        x: "stage",
        y: "customers",
        sort: "none",
        xTitle: `lifecycle stage on ${day}`,
        title: "Customers by lifecycle stage"
      })
    ]
  }
}

/** What the plugins' mappings could not turn into core models, by source stream and rule. */
const rejections = (model: Model): Section => {
  const byRule = count(model.rejections, (r) => `${r.source}/${r.stream}\u0000${r.value.rule}`)
  return {
    title: "Records the mappings rejected",
    lines:
      byRule.size === 0
        ? ["Every synced record was modelled."]
        : ["Records kept in their stream tables but not in the CX tables, with the rule they broke."],
    tables:
      byRule.size === 0
        ? []
        : [
            {
              header: ["stream", "rule", "records"],
              textColumns: 2,
              rows: [...byRule]
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([key, n]) => {
                  const [stream = "", rule = ""] = key.split("\u0000")
                  return [stream, rule, n]
                })
            }
          ]
  }
}

/** What one source's sync did in this run. */
export interface SourceRun {
  readonly source: string
  readonly fetched: number
  readonly deleted: number
  readonly stored: number
  readonly failed: ReadonlyArray<string>
}

const sync = (runs: ReadonlyArray<SourceRun>): Section => ({
  title: "Sources synced",
  lines: [
    "A second run into the same warehouse fetches only what changed since this one; full-refresh",
    "streams (Zendesk ratings and organizations, Typeform forms, Qualtrics survey definitions,",
    "Intercom companies) are read whole every run."
  ],
  tables: [
    {
      header: ["source", "fetched this run", "deletions", "records stored", "failed streams"],
      rows: runs.map((r) => [
        r.source,
        r.fetched,
        r.deleted,
        r.stored,
        r.failed.length === 0 ? "-" : r.failed.join("; ")
      ])
    }
  ]
})

const voice = (model: Model): Section => {
  const byChannel = new Map<string, Array<number>>()
  for (const tp of model.touchpoints) {
    if (tp.sentiment === undefined) continue
    byChannel.set(tp.channel, [...(byChannel.get(tp.channel) ?? []), tp.sentiment])
  }
  const rows = [...byChannel]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([channel, scores]) => {
      const ratings = model.touchpoints.filter(
        (tp) => tp.channel === channel && tp.feedback !== undefined && tp.feedback.question.metric === "csat"
      )
      const summary = Csat.fromFeedback(
        ratings.flatMap((tp) => (tp.feedback === undefined ? [] : [tp.feedback]))
      )
      const mean = Csat.mean(summary)
      return {
        channel: Channel.label(channel),
        posts: scores.length,
        sentiment: scores.reduce((a, b) => a + b, 0) / scores.length,
        negative: scores.filter((x) => x < -0.05).length / scores.length,
        ratings: Csat.total(summary),
        mean
      }
    })
  return {
    title: "Sentiment and review ratings by channel",
    lines: [
      "Sentiment: AFINN-165 lexicon with negation, mapped to [-1, 1] (Sentiment.score); ratings: 1-5 stars."
    ],
    tables: [
      {
        header: ["channel", "texts", "mean sentiment", "negative share", "ratings", "mean rating"],
        rows: rows.map((r) => [
          r.channel,
          r.posts,
          r.sentiment.toFixed(2),
          `${(100 * r.negative).toFixed(0)}%`,
          r.ratings,
          r.mean === undefined ? "-" : r.mean.toFixed(2)
        ])
      }
    ],
    charts: [
      Chart.bar({
        data: rows.map((r) => ({ channel: r.channel, sentiment: r.sentiment })),
        x: "channel",
        y: "sentiment",
        title: "Mean sentiment by channel"
      })
    ]
  }
}

// What NPS comments are about: each theme's share among detractors' and promoters' comments,
// tested (Themes.byNps: pooled z test, Benjamini-Hochberg adjusted), with the NPS of the
// responses that mention it.
const themes = (model: Model): Section => {
  const title = "Themes of NPS comments"
  const answers = model.feedback.filter((f) => f.question.metric === "nps")
  const result = Themes.byNps(
    answers.map((f) => ({ score: f.score, comment: f.comment })),
    { limit: 10 }
  )
  if (result.themes.length === 0) return { title, lines: ["No theme is mentioned by two NPS comments yet."] }
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`
  return {
    title,
    lines: [
      `${result.detractors} detractors' and ${result.promoters} promoters' comments compared (RAKE phrases, Themes.byNps); ` +
        `${result.passives} passives' comments and ${result.withoutComment} answers without one are not.`,
      "A positive difference is a theme detractors mention more; p adjusted by Benjamini-Hochberg over the themes."
    ],
    tables: [
      {
        header: [
          "theme",
          "detractors",
          "promoters",
          "difference",
          "95% interval",
          "adjusted p",
          "NPS of mentions"
        ],
        rows: result.themes.map((t) => [
          t.phrase,
          `${t.a.documents} (${pct(t.a.share)})`,
          `${t.b.documents} (${pct(t.b.share)})`,
          `${t.difference > 0 ? "+" : ""}${(100 * t.difference).toFixed(0)} pts`,
          `[${(100 * t.interval.lower).toFixed(0)}, ${(100 * t.interval.upper).toFixed(0)}]`,
          t.adjustedPValue < 0.001 ? "<0.001" : t.adjustedPValue.toFixed(3),
          t.nps === undefined ? "-" : t.nps.toFixed(0)
        ])
      }
    ]
  }
}

/**
 * The report's sections; the survey metrics and the RFM summaries come already computed (see
 * `surveys.ts` and `purchases.ts`: in the warehouse where the rows are there), and with
 * `runs` (the demo) the sync of this run comes first.
 */
export const buildReport = (
  model: Model,
  options: ReportOptions,
  computed: {
    readonly surveys: Surveys
    readonly purchases: ReadonlyArray<Purchases>
    readonly runs?: ReadonlyArray<SourceRun> | undefined
  }
): Report => {
  const detail = [
    identities(model),
    rejections(model),
    channels(model),
    surveys(computed.surveys, [...new Set(model.touchpoints.map((tp) => tp.channel))]),
    voice(model),
    themes(model),
    journeys(model, options),
    funnel(model, options),
    lifecycle(model, options),
    purchases(computed.purchases),
    churn(model, options),
    lifetimeValue(model, options)
  ]
  const headline = detail.flatMap((section) => section.headline ?? [])
  return {
    title: options.title,
    sections: [
      {
        title: "Headline figures",
        lines: [
          `From ${options.from.slice(0, 10)} to ${options.until.slice(0, 10)}; the sections below give the detail.`
        ],
        tables: [
          {
            header: ["figure", "value"],
            rows: headline.map(([name, value]) => [name, value]),
            textColumns: 2
          }
        ]
      },
      ...(computed.runs === undefined ? [] : [sync(computed.runs)]),
      ...detail
    ]
  }
}
