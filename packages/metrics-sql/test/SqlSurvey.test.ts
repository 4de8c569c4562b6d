import { Ces, Csat, Grouping, MetricError, Nps } from "@cxkit/metrics"
import { SqlSurvey } from "@cxkit/metrics-sql"
import { Effect } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { engines, insert, stopServers } from "./support/engines.ts"

afterAll(stopServers)

// Instants around month, week and day boundaries in several zones, plus anywhere in 2024.
const boundaries = [
  "2024-03-31T21:59:59Z",
  "2024-03-31T22:00:00Z",
  "2024-03-31T23:30:00Z",
  "2024-04-01T00:00:00Z",
  "2024-01-01T04:59:59Z",
  "2024-01-01T05:00:00Z",
  "2024-01-07T23:59:59Z",
  "2024-01-08T00:00:00Z",
  "2024-12-31T23:59:59Z",
  "2025-01-01T00:00:00Z",
  "2024-10-27T00:30:00Z",
  "2024-10-27T01:30:00Z"
].map((s) => Date.parse(s))
const instant = fc.oneof(
  fc.constantFrom(...boundaries),
  fc.integer({ min: Date.parse("2024-01-01T00:00:00Z"), max: Date.parse("2025-01-31T00:00:00Z") })
)
const zones = ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Pacific/Auckland"] as const
const units = ["day", "week", "month", "quarter", "year"] as const

interface Response {
  readonly channel: string
  readonly score: number
  readonly at: number
  readonly weight: number
}
const response = (scores: fc.Arbitrary<number>): fc.Arbitrary<Response> =>
  fc.record({
    channel: fc.constantFrom("chat", "email", "store", 'o\'hare "quoted"'),
    score: scores,
    at: instant,
    // Weights of a few distinct magnitudes, so sums are not all integers.
    weight: fc.constantFrom(0, 0.5, 1, 1.25, 3, 7.75)
  })

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b))
const sameNumbers = (a: ReadonlyArray<number>, b: ReadonlyArray<number>) =>
  a.length === b.length && a.every((x, i) => close(x, b[i] as number))

const load = (rows: ReadonlyArray<Response>) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient
    yield* sql.unsafe(
      `CREATE TABLE answers (channel TEXT, score DOUBLE PRECISION, answered_at TIMESTAMPTZ, w DOUBLE PRECISION)`
    )
    yield* insert(
      "answers",
      ["channel", "score", "answered_at", "w"],
      [undefined, undefined, "TIMESTAMPTZ", undefined],
      rows.map((r) => [r.channel, r.score, new Date(r.at).toISOString(), r.weight])
    )
  }).pipe(Effect.orDie)

// In-process groups keyed "segment|window start", for comparison with the pushdown's.
const inProcess = <S>(
  rows: ReadonlyArray<Response>,
  metric: Grouping.SurveyMetric<S>,
  unit: (typeof units)[number],
  timeZone: string,
  weighted: ((scores: Array<number>, weights: Array<number>) => S) | undefined
): Map<string, S> => {
  const out = new Map<string, S>()
  const bySegment = new Map<string, Array<Response>>()
  for (const r of rows) bySegment.set(r.channel, [...(bySegment.get(r.channel) ?? []), r])
  for (const [channel, list] of bySegment) {
    // Weighted: one summary per window from fromAnswers with weights; unweighted: summarize.
    const groups = Grouping.summarize(list, {
      metric,
      value: (r) => r.score,
      window: { at: (r) => r.at, unit, timeZone }
    })
    for (const g of groups) out.set(`${channel}|${g.window?.start}`, g.summary)
    if (weighted !== undefined) {
      for (const g of groups) {
        const inWindow = list.filter((r) => {
          const [window] = Grouping.summarize([r], {
            metric,
            value: (x) => x.score,
            window: { at: (x) => x.at, unit, timeZone }
          })
          return window?.window?.start === g.window?.start
        })
        // Windows with no response keep the filled-in empty summary, as summarize gives it.
        if (inWindow.length > 0)
          out.set(
            `${channel}|${g.window?.start}`,
            weighted(
              inWindow.map((r) => r.score),
              inWindow.map((r) => r.weight)
            )
          )
      }
    }
  }
  return out
}

const summaryNumbers = (s: unknown): Array<number> => {
  const x = s as Record<string, unknown>
  if ("promoters" in x)
    return [x.promoters, x.passives, x.detractors, x.responses, x.sumSquaredWeights] as Array<number>
  return [...(x.counts as Array<number>), x.sumSquaredWeights as number]
}

for (const engine of engines) {
  describe(`SqlSurvey on ${engine.name}`, () => {
    const cases = [
      {
        name: "nps",
        scores: fc.integer({ min: 0, max: 10 }),
        metric: Nps.metric(),
        weighted: (scores: Array<number>, weights: Array<number>) => Nps.fromAnswers(scores, { weights }),
        run: SqlSurvey.nps
      },
      {
        name: "csat",
        scores: fc.integer({ min: 1, max: 5 }),
        metric: Csat.metric(),
        weighted: (scores: Array<number>, weights: Array<number>) => Csat.fromAnswers(scores, { weights }),
        run: SqlSurvey.csat
      },
      {
        name: "ces",
        scores: fc.integer({ min: 1, max: 5 }),
        metric: Ces.metric({ scale: "effort-5" }),
        weighted: (scores: Array<number>, weights: Array<number>) =>
          Ces.fromAnswers(scores, { weights, scale: "effort-5" }),
        run: (source: SqlSurvey.Source) => SqlSurvey.ces({ ...source, scale: "effort-5" })
      }
    ] as const
    for (const c of cases) {
      it(`${c.name} by segment and window equals Grouping.summarize (weighted and not, any zone and unit)`, async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.array(response(c.scores), { maxLength: 60 }),
            fc.constantFrom(...units),
            fc.constantFrom(...zones),
            fc.boolean(),
            async (rows, unit, timeZone, weighted) => {
              const db = await engine.fresh()
              const result = await db
                .run(
                  Effect.andThen(
                    load(rows),
                    (
                      c.run as (
                        s: SqlSurvey.Source
                      ) => Effect.Effect<SqlSurvey.Result<unknown>, unknown, never>
                    )({
                      table: "answers",
                      question: null,
                      segments: ["channel"],
                      window: { column: "answered_at", unit, timeZone },
                      ...(weighted ? { weight: "w" } : {})
                    })
                  )
                )
                .finally(db.close)
              const expected = inProcess(
                rows,
                c.metric as Grouping.SurveyMetric<unknown>,
                unit,
                timeZone,
                weighted ? (c.weighted as (s: Array<number>, w: Array<number>) => unknown) : undefined
              )
              const got = new Map(
                result.groups.map((g) => [`${String(g.segment.channel)}|${g.window?.start}`, g.summary])
              )
              expect([...got.keys()].sort()).toEqual([...expected.keys()].sort())
              for (const [key, summary] of expected) {
                const a = summaryNumbers(got.get(key))
                const b = summaryNumbers(summary)
                if (!sameNumbers(a, b)) expect({ key, sql: a }).toEqual({ key, sql: b })
              }
              for (const g of result.groups) expect(g.window?.end).toBeDefined()
              expect(result.skipped).toBe(0)
            }
          ),
          { numRuns: engine.name === "postgres" ? 12 : 40 }
        )
      }, 120_000)
    }

    it("reads the CX feedback table: only the metric's questions, each CSAT/CES scale from its question", async () => {
      const db = await engine.fresh()
      const rows: Array<[string, string, number, string]> = [
        ["chat", JSON.stringify({ metric: "nps" }), 10, "2024-05-01T10:00:00Z"],
        ["chat", JSON.stringify({ metric: "nps" }), 2, "2024-05-02T10:00:00Z"],
        ["chat", JSON.stringify({ metric: "csat", min: 1, max: 5 }), 5, "2024-05-02T10:00:00Z"],
        [
          "email",
          JSON.stringify({ metric: "csat", min: 0, max: 10, satisfiedFrom: 9 }),
          9,
          "2024-05-03T10:00:00Z"
        ],
        ["email", JSON.stringify({ metric: "ces", scale: "agreement-7" }), 6, "2024-05-03T10:00:00Z"]
      ]
      const result = await db.run(
        Effect.gen(function* () {
          const sql = yield* SqlClient
          const json = engine.name === "postgres" ? "JSONB" : "JSON"
          yield* sql.unsafe(
            `CREATE TABLE feedback ("channel" TEXT, "question" ${json}, "score" DOUBLE PRECISION, "timestamp" TIMESTAMPTZ)`
          )
          yield* insert(
            "feedback",
            ["channel", "question", "score", "timestamp"],
            [undefined, json, undefined, "TIMESTAMPTZ"],
            rows
          )
          return {
            nps: yield* SqlSurvey.nps(),
            csat: yield* SqlSurvey.csat({ segments: ["channel"] }),
            ces: yield* SqlSurvey.ces()
          }
        })
      )
      expect(result.nps.groups.map((g) => Nps.score(g.summary))).toEqual([0])
      expect(
        result.csat.groups.map((g) => [
          g.segment.channel,
          g.summary.scale,
          g.summary.satisfiedFrom,
          Csat.score(g.summary)
        ])
      ).toEqual([
        ["chat", { min: 1, max: 5 }, 4, 100],
        ["email", { min: 0, max: 10 }, 9, 100]
      ])
      expect(result.ces.groups.map((g) => [g.summary.scale, Ces.mean(g.summary)])).toEqual([
        ["agreement-7", 6]
      ])
      // One group mixing two CSAT questions fails as Csat.fromFeedback throws.
      const mixed = await db.run(Effect.flip(SqlSurvey.csat())).finally(db.close)
      expect(mixed).toBeInstanceOf(MetricError.MetricError)
      expect(mixed.message).toContain("same question")
    }, 60_000)

    it("a NULL score is an error naming the column, or skipped and counted; a score off the scale names its value", async () => {
      const db = await engine.fresh()
      const setup = Effect.gen(function* () {
        const sql = yield* SqlClient
        yield* sql.unsafe(`CREATE TABLE s (score DOUBLE PRECISION, w DOUBLE PRECISION)`)
        yield* insert(
          "s",
          ["score", "w"],
          [undefined, undefined],
          [
            [9, 1],
            [null, 1],
            [null, 2],
            [3, -1]
          ]
        )
      })
      const [rejected, skipped, negative] = await db.run(
        Effect.andThen(
          setup,
          Effect.all([
            Effect.flip(SqlSurvey.nps({ table: "s", question: null })),
            SqlSurvey.nps({ table: "s", question: null, nulls: "skip" }),
            Effect.flip(SqlSurvey.nps({ table: "s", question: null, nulls: "skip", weight: "w" }))
          ])
        )
      )
      expect(rejected.message).toBe(
        's.score: null is not a score (2 rows have none; pass nulls: "skip" to leave them out)'
      )
      expect(skipped.skipped).toBe(2)
      expect(Nps.total(skipped.groups[0]?.summary ?? Nps.empty)).toBe(2)
      expect(negative.message).toBe("s.w: -1 is not a weight ≥ 0")
      const off = await db.run(Effect.flip(SqlSurvey.csat({ table: "s", question: null, nulls: "skip" })))
      await db.close()
      expect(off.message).toBe("s.score: 9 is not an integer from 1 to 5 (csat scale)")
    }, 60_000)

    it("refuses a bad identifier or option before anything runs, naming it", async () => {
      const db = await engine.fresh()
      const errors = await db
        .run(
          Effect.all([
            Effect.flip(SqlSurvey.nps({ segments: ["ok", "bad\u0000name"] })),
            Effect.flip(SqlSurvey.nps({ window: { unit: "month", timeZone: "Mars/Olympus" } })),
            Effect.flip(SqlSurvey.csat({ scale: { min: 5, max: 1 } }))
          ])
        )
        .finally(db.close)
      expect(errors.map((e) => (e as MetricError.MetricError).field)).toEqual([
        "options.segments[1]",
        "options.window.timeZone",
        "options.scale"
      ])
    })
  })
}
