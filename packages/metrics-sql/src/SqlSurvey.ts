/**
 * NPS, CSAT and CES where the responses live: one `GROUP BY` counts the (weighted) answers per
 * score, segment and calendar window in the database, and the counts become the same `Nps`,
 * `Csat` and `Ces` summaries `Grouping.summarize` builds in process, so every interval, test and
 * comparison of `@cxkit/metrics` applies to them unchanged.
 *
 * By default the responses are the CX model's `feedback` table that the destinations write
 * (`score`, the question's metadata as JSON in `question`, `timestamp`); any other table works by
 * naming its columns (`question: null` when every row answers the metric's question).
 *
 * @module
 * @since 0.1.0
 */
import { Ces, Csat, type Grouping, type MetricError, Nps } from "@cxkit/metrics"
import { Effect } from "effect"
import type { SqlError } from "effect/sql/SqlError"
import { asMetricError, invalid } from "./internal/errors.ts"
import { toNumber } from "./internal/values.ts"
import { equalities, whereClause } from "./internal/where.ts"
import type { Unit } from "./SqlDialect.ts"
import * as Q from "./SqlQuery.ts"
import { type Row, run, type Warehouse } from "./Warehouse.ts"

/**
 * Where the responses are and how to group them.
 *
 * - `table`: the table (default `"feedback"`, the CX model table); `"schema.table"` or an array.
 * - `score`: the score column (default `"score"`).
 * - `question`: the JSON column with each response's `Feedback.Question` (default
 *   `"question"`): rows of other metrics are left out, and CSAT/CES scales come from it. `null`
 *   for a table where every row answers this metric's question (its scale is then the options').
 * - `segments`: columns to group by (channel, region, plan…), in order.
 * - `window`: calendar windows of `column` (default `"timestamp"`) in `unit`, read in the IANA
 *   `timeZone` (required: there is no implicit zone).
 * - `weight`: a column of survey weights (finite, ≥ 0); without it every answer counts 1.
 * - `where`: equality filters, column → value (values are parameters).
 * - `nulls`: a NULL score is an error (`"reject"`, the default) or left out and counted in
 *   `skipped` (`"skip"`).
 *
 * @example
 * ```ts
 * import type { SqlSurvey } from "@cxkit/metrics-sql"
 *
 * const byChannelMonth: SqlSurvey.Source = {
 *   segments: ["channel"],
 *   window: { unit: "month", timeZone: "Europe/Paris" }
 * }
 * console.log(byChannelMonth.window?.unit) // "month"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Source {
  readonly table?: string | ReadonlyArray<string> | undefined
  readonly score?: string | undefined
  readonly question?: string | null | undefined
  readonly segments?: ReadonlyArray<string> | undefined
  readonly window?:
    | { readonly column?: string | undefined; readonly unit: Unit; readonly timeZone: string }
    | undefined
  readonly weight?: string | undefined
  readonly where?: Readonly<Record<string, string | number | boolean>> | undefined
  readonly nulls?: "reject" | "skip" | undefined
}

/**
 * One group: the values of the segment columns (by column name; `{}` without segments), the
 * window (as `Grouping.summarize` gives it) and the summary.
 *
 * @since 0.1.0
 * @category models
 */
export interface Group<S> {
  readonly segment: Readonly<Record<string, string | number | boolean | null>>
  readonly window: Grouping.Window | undefined
  readonly summary: S
}

/**
 * The groups, sorted by segment values then window start (windows with no response between a
 * segment's first and last are filled with the empty summary, as in process), and the number of
 * rows left out for a NULL score under `nulls: "skip"`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Result<S> {
  readonly groups: ReadonlyArray<Group<S>>
  readonly skipped: number
}

type Metric = "nps" | "csat" | "ces"

// The question fields that decide a summary's scale, per metric.
const questionKeys: Record<Metric, ReadonlyArray<string>> = {
  nps: [],
  csat: ["min", "max", "satisfiedFrom"],
  ces: ["scale"]
}

const tableName = (source: Source): string | ReadonlyArray<string> => source.table ?? "feedback"
const tableLabel = (source: Source): string => {
  const t = tableName(source)
  return typeof t === "string" ? t : t.join(".")
}

// The one query of a metric: aliases _s<i> (segments), _w (window), _q<i> (question fields),
// _score, then _n (rows), _sw (Σw), _sww (Σw²), _wn (rows with a weight), _wmin (smallest weight).
const build = (metric: Metric, source: Source): Q.Fragment => {
  const score = Q.ident(source.score ?? "score", "options.score")
  const segments = (source.segments ?? []).map((s, i) => Q.ident(s, `options.segments[${i}]`))
  if (source.window !== undefined && !UNITS.includes(source.window.unit))
    invalid("options.window.unit", source.window.unit, `one of ${UNITS.join(", ")}`)
  const window =
    source.window === undefined
      ? undefined
      : Q.windowStart(
          source.window.unit,
          Q.ident(source.window.column ?? "timestamp", "options.window.column"),
          validTimeZone(source.window.timeZone)
        )
  const questionColumn = source.question === undefined ? "question" : source.question
  const question = questionColumn === null ? undefined : Q.ident(questionColumn, "options.question")
  const questionFields =
    question === undefined ? [] : questionKeys[metric].map((key) => Q.jsonText(question, key))
  const weight = source.weight === undefined ? undefined : Q.ident(source.weight, "options.weight")

  const keys: Array<Q.Fragment> = [
    ...segments.map((s, i) => Q.sql`${s} AS ${Q.raw(`_s${i}`)}`),
    ...(window === undefined ? [] : [Q.sql`${window} AS _w`]),
    ...questionFields.map((f, i) => Q.sql`${f} AS ${Q.raw(`_q${i}`)}`),
    Q.sql`${score} AS _score`
  ]
  const aliases = [
    ...segments.map((_, i) => `_s${i}`),
    ...(window === undefined ? [] : ["_w"]),
    ...questionFields.map((_, i) => `_q${i}`),
    "_score"
  ]
  const measures =
    weight === undefined
      ? [Q.sql`CAST(COUNT(*) AS ${Q.doubleType}) AS _n`]
      : [
          Q.sql`CAST(COUNT(*) AS ${Q.doubleType}) AS _n`,
          Q.sql`CAST(SUM(${weight}) AS ${Q.doubleType}) AS _sw`,
          Q.sql`CAST(SUM(${weight} * ${weight}) AS ${Q.doubleType}) AS _sww`,
          Q.sql`CAST(COUNT(${weight}) AS ${Q.doubleType}) AS _wn`,
          Q.sql`CAST(MIN(${weight}) AS ${Q.doubleType}) AS _wmin`
        ]
  const conditions: Array<Q.Fragment> = []
  if (question !== undefined) conditions.push(Q.sql`${Q.jsonText(question, "metric")} = ${metric}`)
  conditions.push(...equalities(source.where))
  if (source.nulls === "skip") conditions.push(Q.sql`${score} IS NOT NULL`)
  const where = whereClause(conditions)
  const by = Q.raw(aliases.join(", "))
  return Q.sql`SELECT ${Q.join([...keys, ...measures])} FROM ${Q.table(tableName(source), "options.table")}${where} GROUP BY ${by} ORDER BY ${by}`
}

// With `nulls: "skip"`, how many rows the filter leaves out (the same filters, score NULL).
const skippedQuery = (metric: Metric, source: Source): Q.Fragment => {
  const score = Q.ident(source.score ?? "score", "options.score")
  const questionColumn = source.question === undefined ? "question" : source.question
  const conditions: Array<Q.Fragment> = [Q.sql`${score} IS NULL`]
  if (questionColumn !== null)
    conditions.push(Q.sql`${Q.jsonText(Q.ident(questionColumn, "options.question"), "metric")} = ${metric}`)
  conditions.push(...equalities(source.where))
  return Q.sql`SELECT CAST(COUNT(*) AS ${Q.doubleType}) AS _n FROM ${Q.table(tableName(source), "options.table")} WHERE ${Q.join(conditions, " AND ")}`
}

const UNITS: ReadonlyArray<Unit> = ["day", "week", "month", "quarter", "year"]

const validTimeZone = (timeZone: string): string => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone })
    return timeZone
  } catch {
    return invalid("options.window.timeZone", timeZone, "an IANA time zone such as Europe/Paris or UTC")
  }
}

// The calendar day after a YYYY-MM-DD date's window: windows start on the first day of their unit.
const nextStart = (start: string, unit: Unit): string => {
  const [y, m, d] = start.split("-").map(Number) as [number, number, number]
  const date =
    unit === "day"
      ? Date.UTC(y, m - 1, d + 1)
      : unit === "week"
        ? Date.UTC(y, m - 1, d + 7)
        : unit === "month"
          ? Date.UTC(y, m, 1)
          : unit === "quarter"
            ? Date.UTC(y, m + 2, 1)
            : Date.UTC(y + 1, 0, 1)
  return new Date(date).toISOString().slice(0, 10)
}

const segmentValue = (value: unknown, field: string): string | number | boolean | null => {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value
  if (typeof value === "number" || typeof value === "bigint") return toNumber(value, field)
  if (value instanceof Date) return value.toISOString()
  return invalid(field, value, "a text, number or boolean segment value")
}

/** Counts of one (segment, window, question) cell: per score, Σw, Σw² and the number of answers. */
interface Cell {
  readonly question: ReadonlyArray<string | null>
  readonly weights: Map<number, number>
  responses: number
  sumSquaredWeights: number
}

interface Bucket {
  readonly segment: Readonly<Record<string, string | number | boolean | null>>
  readonly window: string | undefined
  readonly cells: Map<string, Cell>
}

// Folds the query's rows into buckets per (segment, window), validating every value on the way.
const collect = (
  rows: ReadonlyArray<Row>,
  metric: Metric,
  source: Source
): { readonly buckets: Array<Bucket>; readonly order: Array<string> } => {
  const label = tableLabel(source)
  const scoreField = `${label}.${source.score ?? "score"}`
  const segments = source.segments ?? []
  const questionColumn = source.question === undefined ? "question" : source.question
  const keys = questionColumn === null ? [] : questionKeys[metric]
  const buckets = new Map<string, Bucket>()
  const order: Array<string> = []
  for (const row of rows) {
    const n = toNumber(row._n, `${label}: COUNT(*)`)
    const rawScore = row._score
    if (rawScore === null || rawScore === undefined)
      invalid(scoreField, null, `a score (${n} rows have none; pass nulls: "skip" to leave them out)`)
    const score = toNumber(rawScore, scoreField)
    let w = n
    let ww = n
    if (source.weight !== undefined) {
      const weightField = `${label}.${source.weight}`
      if (toNumber(row._wn, weightField) !== n) invalid(weightField, null, "a weight on every response")
      if (toNumber(row._wmin, weightField) < 0)
        invalid(weightField, toNumber(row._wmin, weightField), "a weight ≥ 0")
      w = toNumber(row._sw, weightField)
      ww = toNumber(row._sww, weightField)
    }
    const segment: Record<string, string | number | boolean | null> = {}
    segments.forEach((s, i) => {
      segment[s] = segmentValue(row[`_s${i}`], `${label}.${s}`)
    })
    const windowField = `${label}.${source.window?.column ?? "timestamp"}`
    if (source.window !== undefined && (row._w === null || row._w === undefined))
      invalid(windowField, null, `a timestamp (${n} rows have none)`)
    const window =
      source.window === undefined
        ? undefined
        : new Date(toNumber(row._w, windowField) * 86_400_000).toISOString().slice(0, 10)
    const segmentKey = JSON.stringify(segments.map((s) => segment[s]))
    const bucketKey = `${segmentKey}\u0000${window ?? ""}`
    let bucket = buckets.get(bucketKey)
    if (bucket === undefined) {
      bucket = { segment, window, cells: new Map() }
      buckets.set(bucketKey, bucket)
      order.push(bucketKey)
    }
    const question = keys.map((_, i) => {
      const v = row[`_q${i}`]
      return v === null || v === undefined || v === "" ? null : String(v)
    })
    const questionKey = JSON.stringify(question)
    let cell = bucket.cells.get(questionKey)
    if (cell === undefined) {
      cell = { question, weights: new Map(), responses: 0, sumSquaredWeights: 0 }
      bucket.cells.set(questionKey, cell)
    }
    cell.weights.set(score, (cell.weights.get(score) ?? 0) + w)
    cell.responses += n
    cell.sumSquaredWeights += ww
  }
  return { buckets: order.map((k) => buckets.get(k) as Bucket), order }
}

// Counts per scale point from a cell, with every score checked against the scale.
const countsOn = (cell: Cell, min: number, max: number, field: string, metric: string): Array<number> => {
  const counts = new Array<number>(max - min + 1).fill(0)
  for (const [score, w] of cell.weights) {
    if (!Number.isInteger(score) || score < min || score > max)
      invalid(field, score, `an integer from ${min} to ${max} (${metric} scale)`)
    counts[score - min] = (counts[score - min] as number) + w
  }
  return counts
}

const npsOf = (cell: Cell, field: string): Nps.Nps => {
  const bins = countsOn(cell, 0, 10, field, "nps")
  let detractors = 0
  for (let k = 0; k <= 6; k++) detractors += bins[k] as number
  return Nps.fromCounts({
    promoters: (bins[9] as number) + (bins[10] as number),
    passives: (bins[7] as number) + (bins[8] as number),
    detractors,
    responses: cell.responses,
    sumSquaredWeights: cell.sumSquaredWeights
  })
}

const number = (value: string | null, field: string): number | undefined =>
  value === null ? undefined : toNumber(value, field)

const fill = <S>(
  buckets: ReadonlyArray<Bucket>,
  source: Source,
  summarize: (bucket: Bucket) => S,
  empty: S
): Array<Group<S>> => {
  const out: Array<Group<S>> = []
  const w = source.window
  if (w === undefined) {
    for (const bucket of buckets)
      out.push({ segment: bucket.segment, window: undefined, summary: summarize(bucket) })
    return out
  }
  // Buckets arrive sorted by segment, then window start: fill the gaps within each segment.
  let previous: { readonly segment: string; readonly start: string } | undefined
  for (const bucket of buckets) {
    const segmentKey = JSON.stringify(bucket.segment)
    const start = bucket.window as string
    if (previous !== undefined && previous.segment === segmentKey) {
      for (let s = nextStart(previous.start, w.unit); s < start; s = nextStart(s, w.unit)) {
        out.push({
          segment: bucket.segment,
          window: { unit: w.unit, timeZone: w.timeZone, start: s, end: nextStart(s, w.unit) },
          summary: empty
        })
      }
    }
    out.push({
      segment: bucket.segment,
      window: { unit: w.unit, timeZone: w.timeZone, start, end: nextStart(start, w.unit) },
      summary: summarize(bucket)
    })
    previous = { segment: segmentKey, start }
  }
  return out
}

const execute = <S>(
  metric: Metric,
  source: Source,
  summarize: (bucket: Bucket) => S,
  empty: S
): Effect.Effect<Result<S>, MetricError.MetricError | SqlError, Warehouse> =>
  Effect.gen(function* () {
    const query = yield* Effect.try({ try: () => build(metric, source), catch: asMetricError })
    const rows = yield* run(query)
    const skipped =
      source.nulls === "skip"
        ? toNumber((yield* run(skippedQuery(metric, source)))[0]?._n ?? 0, `${tableLabel(source)}: COUNT(*)`)
        : 0
    const groups = yield* Effect.try({
      try: () => {
        const { buckets } = collect(rows, metric, source)
        if (buckets.length === 0 && source.segments === undefined && source.window === undefined)
          return [{ segment: {}, window: undefined, summary: empty }]
        return fill(buckets, source, summarize, empty)
      },
      catch: asMetricError
    })
    return { groups, skipped }
  })

/**
 * The NPS of the responses, per segment and window, counted in the database.
 *
 * Fails with `MetricError` for a bad option (naming it: `options.segments[1]`), a score that is
 * not an integer from 0 to 10 (naming `table.column` and the value), a NULL score under
 * `nulls: "reject"`, or a missing or negative weight; with `SqlError` when the engine refuses
 * the query (an unknown column, say).
 *
 * @example
 * ```ts
 * import { DuckDbClient } from "@cxkit/destination-duckdb"
 * import { Nps } from "@cxkit/metrics"
 * import { SqlDialect, SqlSurvey, Warehouse } from "@cxkit/metrics-sql"
 * import { Effect, Layer } from "effect"
 * import { SqlClient } from "effect/sql/SqlClient"
 *
 * const program = Effect.gen(function* () {
 *   const sql = yield* SqlClient
 *   yield* sql`CREATE TABLE answers (channel TEXT, score INTEGER)`
 *   yield* sql`INSERT INTO answers VALUES ('chat', 10), ('chat', 9), ('chat', 3), ('email', 7)`
 *   return yield* SqlSurvey.nps({ table: "answers", question: null, segments: ["channel"] })
 * })
 * const live = Warehouse.layer(SqlDialect.duckdb).pipe(Layer.provideMerge(DuckDbClient.layer({ filename: ":memory:" })))
 * const { groups } = await Effect.runPromise(program.pipe(Effect.provide(live)))
 * console.log(groups.map((g) => [g.segment.channel, Nps.score(g.summary)?.toFixed(1)])) // [["chat", "33.3"], ["email", "0.0"]]
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const nps = (
  source: Source = {}
): Effect.Effect<Result<Nps.Nps>, MetricError.MetricError | SqlError, Warehouse> =>
  execute(
    "nps",
    source,
    (bucket) => {
      const field = `${tableLabel(source)}.${source.score ?? "score"}`
      let summary = Nps.empty
      for (const cell of bucket.cells.values()) summary = Nps.combine(summary, npsOf(cell, field))
      return summary
    },
    Nps.empty
  )

/**
 * The CSAT of the responses, per segment and window, counted in the database. With the
 * `question` column, each response's scale and threshold come from its question, and a group
 * whose questions differ (or differ from `options.scale`/`options.satisfiedFrom` when given)
 * fails with `MetricError`, as `Csat.fromFeedback` throws; without it, `options` give the
 * question (1–5, satisfied from 4, by default).
 *
 * @example
 * ```ts
 * import { DuckDbClient } from "@cxkit/destination-duckdb"
 * import { Csat } from "@cxkit/metrics"
 * import { SqlDialect, SqlSurvey, Warehouse } from "@cxkit/metrics-sql"
 * import { Effect, Layer } from "effect"
 * import { SqlClient } from "effect/sql/SqlClient"
 *
 * const program = Effect.gen(function* () {
 *   const sql = yield* SqlClient
 *   yield* sql`CREATE TABLE ratings (rating INTEGER)`
 *   yield* sql`INSERT INTO ratings VALUES (5), (4), (2), (5)`
 *   return yield* SqlSurvey.csat({ table: "ratings", score: "rating", question: null })
 * })
 * const live = Warehouse.layer(SqlDialect.duckdb).pipe(Layer.provideMerge(DuckDbClient.layer({ filename: ":memory:" })))
 * const { groups } = await Effect.runPromise(program.pipe(Effect.provide(live)))
 * console.log(Csat.score(groups[0]!.summary)) // 75
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const csat = (
  source: Source & Csat.Options = {}
): Effect.Effect<Result<Csat.Csat>, MetricError.MetricError | SqlError, Warehouse> => {
  const field = `${tableLabel(source)}.${source.score ?? "score"}`
  // The question of options (validated by Csat itself), for rows without question metadata.
  const question = Effect.try({
    try: () => {
      Csat.metric(source) // validates scale and satisfiedFrom before they size anything
      return Csat.fromCounts({
        ...(source.scale === undefined ? {} : { scale: source.scale }),
        ...(source.satisfiedFrom === undefined ? {} : { satisfiedFrom: source.satisfiedFrom }),
        counts: new Array<number>((source.scale?.max ?? 5) - (source.scale?.min ?? 1) + 1).fill(0)
      })
    },
    catch: asMetricError
  })
  return Effect.flatMap(question, (fixed) =>
    execute(
      "csat",
      source,
      (bucket) => {
        let summary: Csat.Csat = Csat.empty
        for (const cell of bucket.cells.values()) {
          const [min, max, satisfiedFrom] = cell.question
          const questionField = `${tableLabel(source)}.${source.question ?? "question"}`
          const scale =
            cell.question.length === 0
              ? fixed.scale
              : {
                  min:
                    number(min ?? null, `${questionField}.min`) ??
                    invalid(`${questionField}.min`, null, "a CSAT scale minimum"),
                  max:
                    number(max ?? null, `${questionField}.max`) ??
                    invalid(`${questionField}.max`, null, "a CSAT scale maximum")
                }
          const from =
            cell.question.length === 0
              ? fixed.satisfiedFrom
              : number(satisfiedFrom ?? null, `${questionField}.satisfiedFrom`)
          const one = Csat.fromCounts({
            scale,
            ...(from === undefined ? {} : { satisfiedFrom: from }),
            counts: countsOn(cell, scale.min, scale.max, field, "csat"),
            sumSquaredWeights: cell.sumSquaredWeights
          })
          if (
            cell.question.length > 0 &&
            (source.scale !== undefined || source.satisfiedFrom !== undefined) &&
            (one.scale.min !== fixed.scale.min ||
              one.scale.max !== fixed.scale.max ||
              one.satisfiedFrom !== fixed.satisfiedFrom)
          )
            invalid(
              questionField,
              { scale: one.scale, satisfiedFrom: one.satisfiedFrom },
              `the question of options (scale ${fixed.scale.min}–${fixed.scale.max}, satisfied from ${fixed.satisfiedFrom})`
            )
          summary = Csat.combine(summary, one)
        }
        return summary
      },
      Csat.empty
    )
  )
}

/**
 * The CES of the responses, per segment and window, counted in the database. With the
 * `question` column each response's scale (`agreement-7` or `effort-5`) comes from its question,
 * and a group mixing scales fails with `MetricError`, as `Ces.fromFeedback` throws; without it,
 * `options.scale` gives it (`"agreement-7"` by default).
 *
 * @example
 * ```ts
 * import { DuckDbClient } from "@cxkit/destination-duckdb"
 * import { Ces } from "@cxkit/metrics"
 * import { SqlDialect, SqlSurvey, Warehouse } from "@cxkit/metrics-sql"
 * import { Effect, Layer } from "effect"
 * import { SqlClient } from "effect/sql/SqlClient"
 *
 * const program = Effect.gen(function* () {
 *   const sql = yield* SqlClient
 *   yield* sql`CREATE TABLE effort (answer INTEGER)`
 *   yield* sql`INSERT INTO effort VALUES (7), (6), (2)`
 *   return yield* SqlSurvey.ces({ table: "effort", score: "answer", question: null })
 * })
 * const live = Warehouse.layer(SqlDialect.duckdb).pipe(Layer.provideMerge(DuckDbClient.layer({ filename: ":memory:" })))
 * const { groups } = await Effect.runPromise(program.pipe(Effect.provide(live)))
 * console.log(Ces.mean(groups[0]!.summary)) // 5
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const ces = (
  source: Source & Ces.Options = {}
): Effect.Effect<Result<Ces.Ces>, MetricError.MetricError | SqlError, Warehouse> => {
  const field = `${tableLabel(source)}.${source.score ?? "score"}`
  const questionField = `${tableLabel(source)}.${source.question ?? "question"}`
  return execute(
    "ces",
    source,
    (bucket) => {
      let summary: Ces.Ces = Ces.empty
      for (const cell of bucket.cells.values()) {
        const scale = cell.question.length === 0 ? (source.scale ?? "agreement-7") : cell.question[0]
        if (scale !== "agreement-7" && scale !== "effort-5")
          return invalid(`${questionField}.scale`, scale ?? null, "agreement-7 or effort-5")
        if (cell.question.length > 0 && source.scale !== undefined && scale !== source.scale)
          invalid(`${questionField}.scale`, scale, `the scale of options (${source.scale})`)
        summary = Ces.combine(
          summary,
          Ces.fromCounts({
            scale,
            counts: countsOn(cell, 1, scale === "agreement-7" ? 7 : 5, field, `ces ${scale}`),
            sumSquaredWeights: cell.sumSquaredWeights
          })
        )
      }
      return summary
    },
    Ces.empty
  )
}

/**
 * The query a survey pushdown runs, as a fragment: compile it for a dialect
 * (`SqlQuery.compile`), or print it with its parameters written in (`SqlQuery.toSql`) to review
 * it or run it by hand.
 *
 * @example
 * ```ts
 * import { SqlDialect, SqlQuery, SqlSurvey } from "@cxkit/metrics-sql"
 *
 * console.log(SqlQuery.toSql(SqlSurvey.query("nps", { segments: ["channel"] }), SqlDialect.postgres))
 * // SELECT "channel" AS _s0, "score" AS _score, CAST(COUNT(*) AS DOUBLE PRECISION) AS _n FROM "feedback"
 * // WHERE (CAST("question" AS JSONB) ->> 'metric') = 'nps' GROUP BY _s0, _score ORDER BY _s0, _score
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const query = (metric: Metric, source: Source): Q.Fragment => build(metric, source)
