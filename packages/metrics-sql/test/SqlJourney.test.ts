// SqlJourney streams the CX touchpoints table one customer at a time; journeys built per
// streamed customer equal Journey.build over every live row, on DuckDB and PostgreSQL.
import { Journey, Touchpoint } from "@cxkit/core"
import { MetricError } from "@cxkit/metrics"
import { SqlJourney } from "@cxkit/metrics-sql"
import { Effect, Schema, Stream } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { engines, insert, stopServers } from "./support/engines.ts"

afterAll(stopServers)

const encode = Schema.encodeSync(Touchpoint.Touchpoint)
const decode = Schema.decodeUnknownSync(Touchpoint.Touchpoint)
const stages = ["discover", "research", "purchase", undefined] as const

interface Row {
  readonly touchpoint: Touchpoint.Touchpoint
  readonly deleted: boolean
}

// Few customers and hours: ties in time (broken by id, mixed case and punctuation), gaps on
// both sides of the 6-hour inactivity cut, and deleted rows.
const rows = fc
  .array(
    fc.record({
      customerId: fc.constantFrom("a", "B", "b", "c-1", "é"),
      hour: fc.integer({ min: 0, max: 48 }),
      stage: fc.constantFrom(...stages),
      deleted: fc.integer({ min: 0, max: 4 }).map((n) => n === 0)
    }),
    { maxLength: 40 }
  )
  .chain((drafts) =>
    fc
      .shuffledSubarray(
        ["A", "a", "B", "b", "_", "1", "z", "Z", "é", "~"].flatMap((p) => [p, `${p}2`, `${p}x`, `${p}y`]),
        { minLength: drafts.length, maxLength: drafts.length }
      )
      .map((ids) =>
        drafts.map(
          (d, i): Row => ({
            deleted: d.deleted,
            touchpoint: decode({
              id: ids[i] ?? String(i),
              customerId: d.customerId,
              timestamp: new Date(Date.UTC(2024, 4, 1) + d.hour * 3_600_000).toISOString(),
              channel: "web",
              kind: "visit",
              source: "site",
              ...(d.stage === undefined ? {} : { stage: d.stage })
            })
          })
        )
      )
  )

const view = (journeys: ReadonlyArray<Journey.Journey<Touchpoint.Touchpoint>>) =>
  journeys.map((j) => ({
    id: j.id,
    touchpoints: j.touchpoints.map((t) => t.id),
    start: j.start.epochMilliseconds,
    end: j.end.epochMilliseconds,
    visits: j.visits,
    stoppedAt: j.stoppedAt
  }))

const createTable = Effect.gen(function* () {
  const sql = yield* SqlClient
  // The CX touchpoints table as the SQL destinations write it: system columns and typed ones.
  yield* sql.unsafe(
    `CREATE TABLE touchpoints (_cxkit_key TEXT, _cxkit_record JSON, _cxkit_deleted_at TIMESTAMPTZ, id TEXT, "customerId" TEXT, "timestamp" TIMESTAMPTZ)`
  )
})

const load = (data: ReadonlyArray<Row>) =>
  Effect.gen(function* () {
    yield* createTable
    yield* insert(
      "touchpoints",
      ["_cxkit_key", "_cxkit_record", "_cxkit_deleted_at", "id", "customerId", "timestamp"],
      [undefined, "JSON", "TIMESTAMPTZ", undefined, undefined, "TIMESTAMPTZ"],
      data.map(({ touchpoint: t, deleted }) => [
        `site/events/${t.id}/0`,
        JSON.stringify(encode(t)),
        deleted ? "2024-06-01T00:00:00Z" : null,
        t.id,
        t.customerId,
        new Date(t.timestamp.epochMilliseconds).toISOString()
      ])
    )
  })

const gap = { by: "inactivity", gap: "6 hours" } as const

for (const engine of engines) {
  describe(`SqlJourney on ${engine.name}`, () => {
    it("journeys built per streamed customer equal Journey.build of every live row", async () => {
      await fc.assert(
        fc.asyncProperty(rows, async (data) => {
          const db = await engine.fresh()
          const customers = await db
            .run(Effect.andThen(load(data), Stream.runCollect(SqlJourney.customers())).pipe(Effect.orDie))
            .finally(() => db.close())
          const live = data.filter((r) => !r.deleted).map((r) => r.touchpoint)
          // one group per customer, in code-point order, each holding exactly its live rows
          const ids = [...new Set(live.map((t) => t.customerId))].sort()
          expect(customers.map((c) => c.customerId)).toEqual(ids)
          for (const c of customers) {
            expect(c.touchpoints.every((t) => t.customerId === c.customerId)).toBe(true)
            expect(c.touchpoints.length).toBe(live.filter((t) => t.customerId === c.customerId).length)
          }
          const streamed = customers.flatMap((c) => view(Journey.build(c.touchpoints, gap)))
          expect(streamed).toEqual(view(Journey.build(live, gap)))
        }),
        { numRuns: engine.name === "postgres" ? 10 : 20 }
      )
    }, 120_000)

    it("a record that is not a touchpoint fails naming the table and the row's key", async () => {
      const db = await engine.fresh()
      const error = await db
        .run(
          Effect.gen(function* () {
            yield* createTable
            const sql = yield* SqlClient
            yield* sql.unsafe(
              `INSERT INTO touchpoints VALUES ('site/events/t-9/0', '{"id": "t-9", "customerId": "c"}', NULL, 't-9', 'c', '2024-05-01T00:00:00Z')`
            )
            return yield* Effect.flip(Stream.runCollect(SqlJourney.customers()))
          }).pipe(Effect.orDie)
        )
        .finally(() => db.close())
      expect(error).toBeInstanceOf(MetricError.MetricError)
      expect((error as MetricError.MetricError).field).toBe("touchpoints[site/events/t-9/0]")
      expect((error as MetricError.MetricError).rule).toMatch(/^a Touchpoint/)
    }, 60_000)
  })
}
