import { Connector, Destination, SourceStream, Sync } from "@cxkit/connectors"
import { DestinationConformance } from "@cxkit/connectors/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schema, Stream } from "effect"

describe("Destination.catalog", () => {
  it.effect("derives typed columns from the record Schema", () =>
    Effect.gen(function* () {
      const stream = SourceStream.make()({
        name: "Contacts.v2",
        schema: Schema.Struct({
          id: Schema.String,
          n: Schema.Int,
          x: Schema.Number,
          ok: Schema.Boolean,
          at: Schema.DateTimeUtcFromString,
          maybe: Schema.optionalKey(Schema.NullOr(Schema.Int)),
          kind: Schema.Literals(["a", "b"]),
          nested: Schema.Struct({ y: Schema.String }),
          list: Schema.Array(Schema.Number),
          mixed: Schema.Union([Schema.String, Schema.Number])
        }),
        primaryKey: "id",
        state: Schema.Undefined,
        read: () => Stream.empty
      })
      const catalog = yield* Destination.catalog("hub-spot", [stream])
      const table = catalog.tables[0]
      assert.strictEqual(table?.name, "hub_spot_contacts_v2")
      assert.deepStrictEqual(
        table?.columns.map((c) => [c.name, c.type, c.nullable]),
        [
          ["id", "text", false],
          ["n", "integer", false],
          ["x", "double", false],
          ["ok", "boolean", false],
          ["at", "timestamp", false],
          ["maybe", "integer", true],
          ["kind", "text", false],
          ["nested", "json", false],
          ["list", "json", false],
          ["mixed", "json", false]
        ]
      )
    })
  )

  it.effect("refuses a field that uses the reserved prefix, naming it", () =>
    Effect.gen(function* () {
      const stream = SourceStream.make()({
        name: "s",
        schema: Schema.Struct({ id: Schema.String, _cxkit_key: Schema.String }),
        primaryKey: "id",
        state: Schema.Undefined,
        read: () => Stream.empty
      })
      const error = yield* Effect.flip(Destination.catalog("app", [stream]))
      assert.strictEqual(error.reason, "config")
      assert.include(error.message, '"_cxkit_key"')
    })
  )
})

describe("DestinationConformance against the in-memory reference", () => {
  describe("several pages to a transaction", () => {
    for (const check of DestinationConformance.checks({
      make: Effect.sync(() => Destination.makeMemory()),
      commitEvery: { records: 4, millis: 60_000 }
    })) {
      it.effect(check.name, () => check.run)
    }
  })
  for (const deletes of ["soft", "hard"] as const) {
    describe(deletes, () => {
      for (const check of DestinationConformance.checks({
        make: Effect.sync(() => Destination.makeMemory({ deletes })),
        deletes
      })) {
        it.effect(check.name, () => check.run)
      }
    })
  }
})

describe("Sync.run with a destination", () => {
  const items = Array.from({ length: 10 }, (_, i) => ({ id: `r${i}`, at: i }))
  const stream = SourceStream.make()({
    name: "items",
    schema: Schema.Struct({ id: Schema.String, at: Schema.Int }),
    primaryKey: "id",
    cursorField: "at",
    order: "ascending",
    state: Schema.Struct({ at: Schema.Int }),
    read: ({ cursor }) =>
      Stream.fromIterable(
        items
          .filter((r) => r.at >= Number(cursor?.value ?? 0))
          .map((r) => ({ records: [r], checkpoint: { at: r.at } }))
      )
  })
  const connector = Connector.make({
    id: "items",
    version: "1.0.0",
    config: Schema.Struct({}),
    check: () => Effect.void,
    streams: [stream],
    layer: () => Layer.empty
  })
  const transactions = (commitEvery?: { readonly records: number; readonly millis: number }) =>
    Effect.gen(function* () {
      const memory = Destination.makeMemory()
      const sizes: Array<number> = []
      const counting: Destination.Destination = {
        ...memory,
        open: (catalog) =>
          Effect.map(memory.open(catalog), (session) => ({
            ...session,
            apply: (batch) =>
              Effect.tap(session.apply(batch), () => Effect.sync(() => sizes.push(batch.upserts.length)))
          }))
      }
      yield* Stream.runDrain(
        Sync.run(connector, { config: {}, destination: counting, ...(commitEvery ? { commitEvery } : {}) })
      )
      const rows = yield* Effect.scoped(
        Effect.flatMap(memory.open(yield* Destination.catalog("items", [stream])), (s) =>
          Stream.runCollect(s.rows("items"))
        )
      )
      return { sizes, keys: rows.map((r) => r.key) }
    })

  it.effect("commits every page by default, and gathers pages into one transaction with commitEvery", () =>
    Effect.gen(function* () {
      const perPage = yield* transactions()
      // one transaction per page, then the completed state
      assert.deepStrictEqual(perPage.sizes, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0])
      const gathered = yield* transactions({ records: 4, millis: 60_000 })
      assert.deepStrictEqual(gathered.sizes, [4, 4, 2])
      assert.deepStrictEqual(gathered.keys, perPage.keys)
      assert.strictEqual(gathered.keys.length, 10)
    })
  )
})
