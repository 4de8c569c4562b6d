import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Schema } from "effect"
import { Connector, type SourceStream } from "../src/index.ts"

describe("Connector.spec", () => {
  it("marks secrets writeOnly, keeps a field's own bounds and drops the safe-integer range Schema.Int implies", () => {
    const connector = Connector.make({
      id: "c",
      version: "1.0.0",
      config: Schema.Struct({
        apiKey: Schema.RedactedFromValue(Schema.String),
        pageSize: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 100 })),
        timeoutMillis: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))),
        retries: Schema.optionalKey(Schema.Int)
      }),
      check: () => Effect.void,
      streams: [] as ReadonlyArray<SourceStream.Any<unknown, never>>,
      layer: () => Layer.empty
    })
    const spec = Connector.spec(connector)
    const properties = spec.properties as Record<string, Record<string, unknown>>
    expect(properties.apiKey?.writeOnly).toBe(true)
    expect(properties.pageSize).toMatchObject({ type: "integer", minimum: 1, maximum: 100 })
    expect(properties.timeoutMillis).toMatchObject({ type: "integer", minimum: 1 })
    expect(JSON.stringify(spec)).not.toContain(String(Number.MAX_SAFE_INTEGER))
    expect(JSON.stringify(spec)).not.toContain(String(Number.MIN_SAFE_INTEGER))
    expect(properties.retries?.type).toBe("integer")
  })
})
