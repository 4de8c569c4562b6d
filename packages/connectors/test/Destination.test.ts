import { Destination, SourceStream } from "@cxkit/connectors"
import { DestinationConformance } from "@cxkit/connectors/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema, Stream } from "effect"

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
