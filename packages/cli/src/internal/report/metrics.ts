// The metric sections of the CX report: survey metrics per channel with intervals, the web
// funnel, churn and retention, and LTV by segment.
import { Channel, Subscription, type Touchpoint } from "@cxkit/core"
import {
  Ces,
  Chart,
  Churn,
  Cohort,
  Csat,
  Funnel,
  type Interval,
  Ltv,
  MetricError,
  Nps,
  Period,
  Retention,
  Survival
} from "@cxkit/metrics"
import type { Model } from "./model.ts"
import type { Purchases } from "./purchases.ts"
import type { Surveys } from "./surveys.ts"
import type { ReportOptions, Section } from "./text.ts"

const fixed = (value: number | undefined, digits = 0): string =>
  value === undefined ? "-" : value.toFixed(digits)
const range = (interval: Interval.Interval | undefined, digits = 0): string =>
  interval === undefined ? "-" : `${interval.lower.toFixed(digits)} to ${interval.upper.toFixed(digits)}`

const groupBy = <T>(items: Iterable<T>, key: (item: T) => string): Map<string, Array<T>> => {
  const groups = new Map<string, Array<T>>()
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item])
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)))
}

/**
 * The survey section, from the per-channel summaries (counted in the warehouse and in memory).
 * Every channel with touchpoints gets a row, so one without responses shows as such (n = 0)
 * instead of vanishing, and the lines name the channels the NPS chart cannot draw.
 */
export const surveys = (byChannel: Surveys, channels: ReadonlyArray<string>): Section => {
  const silent = channels.filter((c) => !byChannel.has(c))
  const noNps = [...byChannel].filter(([, s]) => Nps.total(s.nps) === 0).map(([c]) => c)
  const label = (list: ReadonlyArray<string>) => list.map((c) => Channel.label(c)).join(", ")
  const npsRows = [...byChannel]
    .filter(([, s]) => Nps.total(s.nps) > 0)
    .map(([channel, s]) => ({
      channel,
      summary: s.nps,
      interval: Nps.interval(s.nps, { level: 0.95, method: "adjusted-wald" })
    }))
  const rows = [...byChannel].map(([channel, { nps: n, csat, ratings, ces }]) => [
    Channel.label(channel),
    Nps.total(n),
    fixed(Nps.score(n)),
    range(Nps.interval(n, { level: 0.95, method: "adjusted-wald" })),
    Csat.total(csat),
    fixed(Csat.score(csat)),
    range(Csat.interval(csat, { level: 0.95, method: "wilson" })),
    Csat.total(ratings),
    fixed(Csat.score(ratings)),
    Ces.total(ces),
    fixed(Ces.mean(ces), 2),
    range(Ces.meanInterval(ces, { level: 0.95 }), 2)
  ])
  const empty = silent.map((channel) => [
    Channel.label(channel),
    0,
    "-",
    "-",
    0,
    "-",
    "-",
    0,
    "-",
    0,
    "-",
    "-"
  ])
  const all = [...byChannel.values()]
  const nps = all.reduce((acc, s) => Nps.combine(acc, s.nps), Nps.empty)
  // Summaries on different scales do not combine; the headline then says so instead of a figure.
  const combined = <S>(summaries: ReadonlyArray<S>, combine: (a: S, b: S) => S, empty: S): S | undefined => {
    try {
      return summaries.reduce(combine, empty)
    } catch (error) {
      if (error instanceof MetricError.MetricError) return undefined
      throw error
    }
  }
  const differentScales = "channels use different scales: see the table"
  const csat = combined(
    all.map((s) => s.csat),
    Csat.combine,
    Csat.empty
  )
  const ces = combined(
    all.map((s) => s.ces),
    Ces.combine,
    Ces.empty
  )
  const headline: ReadonlyArray<readonly [string, string]> = [
    [
      "NPS (all channels)",
      Nps.total(nps) === 0
        ? "no responses"
        : `${fixed(Nps.score(nps))} (95% CI ${range(Nps.interval(nps, { level: 0.95, method: "adjusted-wald" }))}; n = ${Nps.total(nps)})`
    ],
    [
      "CSAT % satisfied (all channels)",
      csat === undefined
        ? differentScales
        : Csat.total(csat) === 0
          ? "no responses"
          : `${fixed(Csat.score(csat))}% (95% CI ${range(Csat.interval(csat, { level: 0.95, method: "wilson" }))}; n = ${Csat.total(csat)})`
    ],
    [
      "CES mean (all channels)",
      ces === undefined
        ? differentScales
        : Ces.total(ces) === 0
          ? "no responses"
          : `${fixed(Ces.mean(ces), 2)} (95% CI ${range(Ces.meanInterval(ces, { level: 0.95 }), 2)}; n = ${Ces.total(ces)})`
    ]
  ]
  return {
    title: "Survey metrics by channel (95% intervals)",
    headline,
    lines: [
      "NPS in points with adjusted-Wald intervals; CSAT % satisfied (4-5 of 5) with Wilson intervals;",
      "help-desk ratings % good; CES 2.0 mean (1-7, higher is easier) with Student-t intervals.",
      ...(silent.length === 0 ? [] : [`No survey responses from: ${label(silent)}.`]),
      ...(noNps.length + silent.length === 0
        ? []
        : [
            `The NPS chart has no point for channels without NPS answers: ${label([...noNps, ...silent].sort())}.`
          ])
    ],
    tables: [
      {
        header: [
          "channel",
          "NPS n",
          "NPS",
          "NPS CI",
          "CSAT n",
          "CSAT %",
          "CSAT CI",
          "ratings n",
          "good %",
          "CES n",
          "CES",
          "CES CI"
        ],
        rows: [...rows, ...empty].sort((a, b) => String(a[0]).localeCompare(String(b[0])))
      }
    ],
    charts: [
      Chart.intervals({
        data: npsRows.map((r) => ({
          channel: Channel.label(r.channel),
          nps: Nps.score(r.summary) ?? null,
          lower: r.interval?.lower ?? null,
          upper: r.interval?.upper ?? null
        })),
        category: "channel",
        estimate: "nps",
        lower: "lower",
        upper: "upper",
        xTitle: "NPS (points, −100 to 100)",
        title: "NPS by channel (95% adjusted-Wald)"
      })
    ]
  }
}

export const funnel = (model: Model, options: ReportOptions): Section => {
  const first = options.funnel.steps[0]
  const title = `Funnel (${options.funnel.window} conversion window from the first step)`
  if (first === undefined || !model.touchpoints.some((tp) => tp.kind === first)) {
    return { title, lines: [`No touchpoints of kind "${first ?? "-"}" (the funnel's first step) yet.`] }
  }
  const steps: ReadonlyArray<Funnel.Step<Touchpoint.Touchpoint>> = options.funnel.steps.map((kind) => ({
    name: kind,
    where: (tp: Touchpoint.Touchpoint) => tp.kind === kind
  }))
  const result = Funnel.analyze(model.touchpoints, { steps, window: options.funnel.window, order: "loose" })
  const pct = (x: number | undefined) => (x === undefined ? "-" : `${(100 * x).toFixed(0)}%`)
  return {
    title,
    tables: [
      {
        header: ["step", "customers", "from previous", "from first", "median minutes from previous"],
        rows: result.steps.map((s) => [
          s.name,
          s.count,
          pct(s.conversionFromPrevious),
          pct(s.conversionFromFirst),
          s.timeFromPrevious === undefined ? "-" : (s.timeFromPrevious.median / 60_000).toFixed(0)
        ])
      }
    ],
    charts: [
      Chart.bar({
        data: result.steps.map((s) => ({ step: s.name, customers: s.count })),
        x: "step",
        y: "customers",
        sort: "none",
        title: "Funnel: customers reaching each step"
      })
    ]
  }
}

const subscriptionInputs = (model: Model) =>
  model.subscriptions.map((s) => ({
    customerId: s.customerId,
    periods: s.periods.map((p) => ({
      start: p.start,
      end: p.end,
      monthlyRecurringRevenue: p.monthlyRecurringRevenue
    }))
  }))

const noSubscriptions = (title: string): Section => ({
  title,
  lines: ["No subscriptions in the warehouse yet (a billing source's mapping writes them)."]
})

export const churn = (model: Model, options: ReportOptions): Section => {
  const title = "Churn and retention (subscriptions)"
  if (model.subscriptions.length === 0) return noSubscriptions(title)
  const observationEnd = options.until
  const subs = subscriptionInputs(model)
  const months = Churn.series(subs, {
    from: options.from,
    to: observationEnd,
    granularity: "month"
  })
  const revenue = Retention.revenueRetention(
    Retention.movements(Retention.fromSubscriptions(subs, { granularity: "quarter", until: observationEnd }))
  )
  const table = Cohort.table(
    Retention.fromSubscriptions(subs, { granularity: "month", until: observationEnd }),
    {
      mode: "on"
    }
  )
  // Kaplan-Meier on subscription lifetimes in months; open subscriptions are censored.
  const end = Date.parse(observationEnd)
  const lifetimes = model.subscriptions.map((s) => {
    const stop = Subscription.endOf(s)?.epochMilliseconds ?? end
    return {
      months: (stop - Subscription.startOf(s).epochMilliseconds) / (30.4375 * 86_400_000),
      churned: Subscription.endOf(s) !== undefined
    }
  })
  const km = Survival.kaplanMeier({
    durations: lifetimes.map((l) => l.months),
    observed: lifetimes.map((l) => l.churned),
    level: 0.95
  })
  const median = Survival.median(km)
  const pct = (x: number | undefined) => (x === undefined ? "-" : `${(100 * x).toFixed(1)}%`)
  const lastMonth = months.at(-1)
  const lastQuarter = revenue.at(-1)
  return {
    title,
    headline: [
      [
        `Churn rate (${lastMonth === undefined ? "last month" : Period.label(Period.index(lastMonth.start, "month"), "month")}, of customers at its start)`,
        pct(lastMonth?.rate)
      ],
      [
        `Net revenue retention (${lastQuarter === undefined ? "last quarter" : Period.label(lastQuarter.period, "quarter")})`,
        pct(lastQuarter?.netRevenueRetention)
      ],
      [
        "Median subscription lifetime (Kaplan-Meier)",
        median.time === undefined ? "not reached" : `${median.time.toFixed(1)} months`
      ]
    ],
    lines: [
      `Kaplan-Meier median subscription lifetime: ${median.time === undefined ? "not reached" : `${median.time.toFixed(1)} months`} (${km.n} subscriptions, ${km.totalEvents} ended)`
    ],
    tables: [
      {
        header: ["month", "at start", "new", "reactivated", "churned", "churn rate (of start)"],
        rows: months.map((m) => [
          Period.label(Period.index(m.start, "month"), "month"),
          m.customersAtStart,
          m.new,
          m.reactivated,
          m.churnedFromStart,
          pct(m.rate)
        ])
      },
      {
        header: ["quarter", "starting MRR", "expansion", "contraction", "churned MRR", "GRR", "NRR"],
        rows: revenue.map((r) => [
          Period.label(r.period, "quarter"),
          r.starting,
          r.expansion,
          r.contraction,
          r.churn,
          pct(r.grossRevenueRetention),
          pct(r.netRevenueRetention)
        ])
      },
      {
        header: ["cohort", "size", ...Array.from({ length: Math.min(table.offsets, 7) }, (_, i) => `m+${i}`)],
        rows: table.cohorts.map((c) => [
          Period.label(c.cohort, "month"),
          c.size,
          ...c.customerRetention.slice(0, 7).map((x) => (x === undefined ? "" : `${(100 * x).toFixed(0)}%`))
        ])
      }
    ],
    charts: [
      Chart.line({
        data: km.times.map((t, i) => ({
          months: t,
          survival: km.survival[i] ?? null,
          lower: km.lower[i] ?? null,
          upper: km.upper[i] ?? null
        })),
        x: "months",
        y: "survival",
        band: { lower: "lower", upper: "upper" },
        step: true,
        xTitle: "months since the subscription started",
        yTitle: "share of subscriptions still active",
        title: "Subscription survival (Kaplan-Meier, 95% log-log band)"
      }),
      Chart.heatmap({
        data: table.cohorts.flatMap((c) =>
          c.customerRetention.map((x, offset) => ({
            cohort: Period.label(c.cohort, "month"),
            offset,
            retained: x ?? null
          }))
        ),
        x: "offset",
        y: "cohort",
        value: "retained",
        format: ".0%",
        xTitle: "months since the cohort's first month",
        yTitle: "cohort (first month)",
        title: "Customer retention by monthly cohort"
      })
    ]
  }
}

export const lifetimeValue = (model: Model, options: ReportOptions): Section => {
  const title = `Lifetime value by ${options.segmentBy} (simple formula, ${(100 * options.grossMargin).toFixed(0)}% gross margin)`
  if (model.subscriptions.length === 0) return noSubscriptions(title)
  const observationEnd = options.until
  const segmentOf = new Map(
    model.customers.map((c) => [c.id as string, String(c.attributes?.[options.segmentBy] ?? "unknown")])
  )
  const bySegment = groupBy(model.subscriptions, (s) => segmentOf.get(s.customerId) ?? "unknown")
  const grossMargin = options.grossMargin
  const figures = (subs: Array<Subscription.Subscription>) => {
    const churnRate = Churn.fromSubscriptions(subscriptionInputs({ ...model, subscriptions: subs }), {
      start: options.from,
      end: observationEnd,
      denominator: "customer-days"
    })
    // customer-days rate is per day: convert to a monthly rate for the monthly revenue.
    const monthlyChurn = churnRate.rate === undefined ? undefined : churnRate.rate * 30.4375
    const mrr = subs.map((s) => s.periods.at(-1)?.monthlyRecurringRevenue ?? 0)
    const arpa = mrr.reduce((a, b) => a + b, 0) / mrr.length
    const ltv =
      monthlyChurn === undefined || monthlyChurn === 0
        ? undefined
        : Ltv.simple({ averageRevenue: arpa, grossMargin, churnRate: monthlyChurn })
    return { arpa, monthlyChurn, ltv }
  }
  const rows = [...bySegment].map(([segment, subs]) => {
    const { arpa, monthlyChurn, ltv } = figures(subs)
    return [
      segment,
      subs.length,
      arpa.toFixed(0),
      monthlyChurn === undefined ? "-" : `${(100 * monthlyChurn).toFixed(1)}%`,
      fixed(ltv)
    ]
  })
  const overall = figures(model.subscriptions)
  return {
    title,
    headline: [
      [
        `LTV per subscription (simple formula, ${(100 * grossMargin).toFixed(0)}% margin)`,
        overall.ltv === undefined ? "- (no churn observed)" : fixed(overall.ltv)
      ]
    ],
    lines: [
      `LTV = average monthly revenue x margin / monthly churn; churn per customer-day since ${options.from.slice(0, 10)}, x 30.4 days.`,
      "Model-based LTV (BG/NBD + Gamma-Gamma) needs more purchase history: see examples/ltv-cdnow."
    ],
    tables: [{ header: [options.segmentBy, "subscriptions", "ARPA / month", "monthly churn", "LTV"], rows }]
  }
}

/** Repeat purchases per group of orders (RFM summaries, in weeks). */
export const purchases = (groups: ReadonlyArray<Purchases>): Section => {
  const title = "Repeat purchases (RFM: frequency, recency and age in weeks)"
  const kept = groups.filter((g) => g.summaries.length > 0)
  if (kept.length === 0) return { title, lines: ["No orders in the warehouse yet."] }
  const mean = (xs: ReadonlyArray<number>) =>
    xs.length === 0 ? undefined : xs.reduce((a, b) => a + b, 0) / xs.length
  return {
    title,
    lines: [
      "Per customer: repeat purchase days (frequency), weeks from first to last purchase (recency) and",
      "from first purchase to the end of the window (T), mean value of the repeat purchase days."
    ],
    tables: [
      {
        header: [
          "orders from",
          "customers",
          "repeat",
          "repeat %",
          "mean frequency",
          "mean recency",
          "mean T",
          "mean repeat value"
        ],
        rows: kept.map(({ label, summaries }) => {
          const repeat = summaries.filter((s) => s.frequency > 0)
          return [
            label,
            summaries.length,
            repeat.length,
            `${((100 * repeat.length) / summaries.length).toFixed(0)}%`,
            fixed(mean(summaries.map((s) => s.frequency)), 2),
            fixed(mean(repeat.map((s) => s.recency)), 1),
            fixed(mean(summaries.map((s) => s.T)), 1),
            fixed(mean(repeat.map((s) => s.monetaryValue)), 0)
          ]
        })
      }
    ]
  }
}
