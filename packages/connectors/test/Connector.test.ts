import { describe, expect, it } from "@effect/vitest"
import { Context, Effect, Layer, Schema, Stream } from "effect"
import { Connector, SourceStream } from "../src/index.ts"

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

const noStreams = [] as ReadonlyArray<SourceStream.Any<unknown, never>>
const Secret = Schema.Struct({
  apiKey: Schema.RedactedFromValue(Schema.String.check(Schema.isMinLength(10))),
  pageSize: Schema.Int
})

describe("Connector.make", () => {
  it("refuses two streams of one name", () => {
    const stream = SourceStream.make()({
      name: "notes",
      schema: Schema.Struct({ id: Schema.String }),
      primaryKey: "id",
      state: Schema.Undefined,
      read: () => Stream.empty
    })
    expect(() =>
      Connector.make({
        id: "c",
        version: "1.0.0",
        config: Schema.Struct({}),
        check: () => Effect.void,
        streams: [stream, stream],
        layer: () => Layer.empty
      })
    ).toThrow('Connector "c": stream name "notes" is declared twice')
  })
})

describe("Connector.decodeConfig", () => {
  const connector = Connector.make({
    id: "c",
    version: "1.0.0",
    config: Secret,
    check: () => Effect.void,
    streams: noStreams,
    layer: () => Layer.empty
  })

  it("names every invalid field with its rule, as reason config", () => {
    const error = Effect.runSync(
      Effect.flip(Connector.decodeConfig(connector, { apiKey: "short-key", pageSize: 1.5 }))
    )
    expect(error.reason).toBe("config")
    expect(error.message).toContain('at ["apiKey"]')
    expect(error.message).toContain("at least 10")
    expect(error.message).toContain('at ["pageSize"]')
    expect(error.message).toContain("integer")
  })

  it("never repeats a secret's value, whatever is wrong with it", () => {
    for (const apiKey of ["short-key", 12345678, { token: "nested-secret-value" }]) {
      const error = Effect.runSync(Effect.flip(Connector.decodeConfig(connector, { apiKey, pageSize: 1 })))
      const text = `${error.message} ${JSON.stringify(error)}`
      expect(text).not.toContain("short-key")
      expect(text).not.toContain("12345678")
      expect(text).not.toContain("nested-secret-value")
    }
  })
})

describe("Connector.check", () => {
  class Api extends Context.Service<Api, { readonly ping: Effect.Effect<boolean> }>()("test/Api") {}

  it("runs check with the services of the layer built from the config", () => {
    const connector = Connector.make({
      id: "c",
      version: "1.0.0",
      config: Schema.Struct({ up: Schema.Boolean }),
      check: () =>
        Effect.flatMap(Api, (api) =>
          Effect.flatMap(api.ping, (up) =>
            up ? Effect.void : Effect.fail(Connector.authError("token refused"))
          )
        ),
      streams: noStreams,
      layer: (config) => Layer.succeed(Api, { ping: Effect.succeed(config.up) })
    })
    expect(Effect.runSync(Effect.exit(Connector.check(connector, { up: true })))._tag).toBe("Success")
    const error = Effect.runSync(Effect.flip(Connector.check(connector, { up: false })))
    expect([error.reason, error.status, error.message]).toEqual(["auth", 401, "token refused"])
  })
})
