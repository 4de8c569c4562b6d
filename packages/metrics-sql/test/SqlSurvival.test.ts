import { LogRank, type MetricError, Survival } from "@cxkit/metrics"
import { SqlSurvival, type Warehouse } from "@cxkit/metrics-sql"
import { Effect, Result } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { engines, insert, stopServers } from "./support/engines.ts"

afterAll(stopServers)

interface Subject {
  readonly months: number
  readonly churned: boolean
  readonly plan: string
}
const subject: fc.Arbitrary<Subject> = fc.record({
  // Few distinct durations, so ties between events and censorings are the rule.
  months: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.constantFrom(0.5, 2.25)),
  churned: fc.boolean(),
  plan: fc.constantFrom("annual", "monthly", "trial")
})

const load = (rows: ReadonlyArray<Subject>) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient
    yield* sql.unsafe(`CREATE TABLE tenure (months DOUBLE PRECISION, churned BOOLEAN, plan TEXT)`)
    yield* insert(
      "tenure",
      ["months", "churned", "plan"],
      [undefined, undefined, undefined],
      rows.map((r) => [r.months, r.churned, r.plan])
    )
  }).pipe(Effect.orDie)

const close = (a: number, b: number) =>
  (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b))
const sameCurve = (a: Survival.KaplanMeier, b: Survival.KaplanMeier) => {
  const keys = [
    "times",
    "atRisk",
    "events",
    "censored",
    "survival",
    "standardError",
    "lower",
    "upper"
  ] as const
  for (const k of keys) {
    expect(a[k].length, k).toBe(b[k].length)
    a[k].forEach((x, i) => {
      if (!close(x, b[k][i] as number)) expect({ k, i, x }).toEqual({ k, i, x: b[k][i] })
    })
  }
  expect(a.n).toBe(b.n)
  expect(a.totalEvents).toBe(b.totalEvents)
}

for (const engine of engines) {
  describe(`SqlSurvival on ${engine.name}`, () => {
    it("Kaplan-Meier per group and the log-rank test equal the in-process ones on the expanded rows", async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(subject, { minLength: 1, maxLength: 80 }), async (rows) => {
          const db = await engine.fresh()
          const source = { table: "tenure", duration: "months", observed: "churned", group: "plan" }
          const [curves, overall, test] = await db
            .run(
              Effect.andThen(
                load(rows),
                Effect.all([
                  SqlSurvival.kaplanMeier(source),
                  SqlSurvival.kaplanMeier({ table: "tenure", duration: "months", observed: "churned" }),
                  Effect.result(SqlSurvival.logRank(source))
                ])
              )
            )
            .finally(db.close)
          const plans = [...new Set(rows.map((r) => r.plan))].sort()
          expect(curves.map((c) => c.group)).toEqual(plans)
          for (const { group, curve } of curves) {
            const mine = rows.filter((r) => r.plan === group)
            sameCurve(
              curve,
              Survival.kaplanMeier({
                durations: mine.map((r) => r.months),
                observed: mine.map((r) => r.churned)
              })
            )
          }
          sameCurve(
            overall[0]?.curve as Survival.KaplanMeier,
            Survival.kaplanMeier({
              durations: rows.map((r) => r.months),
              observed: rows.map((r) => r.churned)
            })
          )
          let expected: LogRank.LogRank | string
          try {
            expected = LogRank.compare({
              durations: rows.map((r) => r.months),
              observed: rows.map((r) => r.churned),
              groups: rows.map((r) => r.plan)
            })
          } catch (e) {
            expected = (e as MetricError.MetricError).rule
          }
          if (typeof expected === "string") {
            expect(Result.isFailure(test)).toBe(true)
          } else {
            expect(Result.isSuccess(test)).toBe(true)
            if (Result.isSuccess(test)) {
              expect(close(test.success.chiSquare, expected.chiSquare)).toBe(true)
              expect(test.success.df).toBe(expected.df)
              test.success.groups.forEach((g, i) => {
                const e = expected.groups[i] as LogRank.Group
                expect([g.group, g.n, g.observed]).toEqual([e.group, e.n, e.observed])
                expect(close(g.expected, e.expected) && close(g.variance, e.variance)).toBe(true)
              })
            }
          }
        }),
        { numRuns: engine.name === "postgres" ? 15 : 50 }
      )
    }, 120_000)

    it("a NULL or negative duration, a bad observed value or a NULL group is an error naming the column", async () => {
      const db = await engine.fresh()
      const message = <A>(
        effect: Effect.Effect<A, MetricError.MetricError | SqlError, Warehouse.Warehouse>
      ) => Effect.map(Effect.flip(effect), (e) => e.message)
      const messages = await db
        .run(
          Effect.gen(function* () {
            const sql = yield* SqlClient
            yield* sql.unsafe(`CREATE TABLE t (d DOUBLE PRECISION, e INTEGER, g TEXT, bad DOUBLE PRECISION)`)
            yield* sql.unsafe(`INSERT INTO t VALUES (1, 1, 'x', -2), (2, 2, NULL, NULL), (NULL, 0, 'y', 1)`)
            return yield* Effect.all([
              message(SqlSurvival.counts({ table: "t", duration: "d" })),
              message(SqlSurvival.counts({ table: "t", duration: "bad", where: { g: "x" } })),
              message(SqlSurvival.counts({ table: "t", duration: "d", observed: "e", where: { e: 2 } })),
              message(SqlSurvival.logRank({ table: "t", duration: "d", group: "g", where: { d: 2 } }))
            ])
          })
        )
        .finally(db.close)
      expect(messages).toEqual([
        "t.d: null is not a duration (1 rows have none)",
        "t.bad: -2 is not a duration ≥ 0",
        "t.e: 2 is not true/false or 1/0 (1 rows)",
        "t.g: null is not a group (NULL groups are not compared)"
      ])
    }, 60_000)
  })
}
