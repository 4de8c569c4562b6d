/**
 * The connector plugin contract: a plain value describing a source.
 *
 * @module
 * @since 0.1.0
 */
import { Effect, Layer, Schema } from "effect"
import * as ConnectorError from "./ConnectorError.ts"
import type { Erased } from "./internal/erased.ts"
import type * as SourceStream from "./SourceStream.ts"

/**
 * A connector plugin.
 *
 * - `config`: the Schema of its configuration; secrets are `Redacted`
 *   (`Schema.RedactedFromValue(Schema.String)`), so they never print.
 * - `check`: verifies credentials and reachability.
 * - `streams`: the declared streams; `discover` may add streams found in the source.
 * - `layer`: builds the services `read` and `check` need (usually an authenticated HTTP client)
 *   from the decoded config; tests point it at a loopback mock through the config.
 *
 * @example
 * ```ts
 * import { Effect, Layer, Schema } from "effect"
 * import { Connector } from "@cxkit/connectors"
 *
 * const empty = Connector.make({
 *   id: "empty",
 *   version: "1.0.0",
 *   config: Schema.Struct({}),
 *   check: () => Effect.void,
 *   streams: [],
 *   layer: () => Layer.empty
 * })
 * console.log(empty.id)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Connector<
  out Id extends string,
  in out Config,
  out ConfigEncoded,
  out Streams extends ReadonlyArray<SourceStream.Any<Config, R>>,
  in out R,
  out RIn
> {
  readonly id: Id
  readonly version: string
  readonly config: Schema.Codec<Config, ConfigEncoded>
  readonly check: (config: Config) => Effect.Effect<void, ConnectorError.ConnectorError, R>
  readonly streams: Streams
  readonly discover:
    | ((
        config: Config
      ) => Effect.Effect<ReadonlyArray<SourceStream.Any<Config, R>>, ConnectorError.ConnectorError, R>)
    | undefined
  readonly layer: (config: Config) => Layer.Layer<R, ConnectorError.ConnectorError, RIn>
}

/**
 * Any connector.
 *
 * @example
 * ```ts
 * import type { Connector } from "@cxkit/connectors"
 *
 * const ids = (connectors: ReadonlyArray<Connector.Any>) => connectors.map((c) => c.id)
 * console.log(ids([]))
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Any {
  readonly id: string
  readonly version: string
  readonly config: Schema.Codec<Erased, Erased>
  readonly check: (config: Erased) => Effect.Effect<void, ConnectorError.ConnectorError, Erased>
  readonly streams: ReadonlyArray<SourceStream.Any<Erased, Erased>>
  readonly discover:
    | ((
        config: Erased
      ) => Effect.Effect<
        ReadonlyArray<SourceStream.Any<Erased, Erased>>,
        ConnectorError.ConnectorError,
        Erased
      >)
    | undefined
  // `never` services: a layer providing anything is assignable (Layer is contravariant in them)
  readonly layer: (config: Erased) => Layer.Layer<never, ConnectorError.ConnectorError, Erased>
}

/**
 * The decoded config type of a connector.
 *
 * @example
 * ```ts
 * import { Effect, Layer, Schema } from "effect"
 * import { Connector } from "@cxkit/connectors"
 *
 * const c = Connector.make({
 *   id: "c", version: "1.0.0", config: Schema.Struct({ region: Schema.String }),
 *   check: () => Effect.void, streams: [], layer: () => Layer.empty
 * })
 * const config: Connector.ConfigOf<typeof c> = { region: "eu" }
 * console.log(config.region)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ConfigOf<C> = C extends { readonly config: Schema.Schema<infer Config> } ? Config : never

/**
 * The union of the streams of a connector.
 *
 * @example
 * ```ts
 * import type { Connector } from "@cxkit/connectors"
 *
 * type None = Connector.StreamOf<Connector.Any>
 * const name: None["name"] = "contacts"
 * console.log(name)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type StreamOf<C> = C extends {
  readonly streams: infer Streams extends ReadonlyArray<SourceStream.Any<Erased, Erased>>
}
  ? Streams[number]
  : never

/**
 * The stream names of a connector.
 *
 * @example
 * ```ts
 * import type { Connector } from "@cxkit/connectors"
 *
 * const name: Connector.StreamName<Connector.Any> = "deals"
 * console.log(name)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type StreamName<C> = StreamOf<C>["name"]

/**
 * The services a connector's layer needs from outside (usually `HttpClient`).
 *
 * @example
 * ```ts
 * import type { Connector } from "@cxkit/connectors"
 *
 * type Needs = Connector.Requirements<Connector.Any>
 * const ok: Needs = undefined
 * console.log(ok)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Requirements<C> = C extends { readonly layer: (config: never) => infer L extends Layer.Any }
  ? Layer.Services<L>
  : never

type StreamRequirements<Streams> =
  Streams extends ReadonlyArray<SourceStream.SourceStream<Erased, Erased, Erased, Erased, infer R>>
    ? R
    : never

type Checked<C, Missing> = [Missing] extends [never]
  ? C
  : { readonly "error: the connector's layer does not provide services its streams or check need": Missing }

/**
 * Declares a connector. Stream names must be unique; the services the streams need must be
 * provided by the connector's layer (a type error names the missing ones).
 *
 * @example
 * ```ts
 * import { Effect, Layer, Schema, Stream } from "effect"
 * import { Connector, SourceStream } from "@cxkit/connectors"
 *
 * const Config = Schema.Struct({ apiKey: Schema.RedactedFromValue(Schema.String) })
 * const notes = SourceStream.make<typeof Config.Type>()({
 *   name: "notes",
 *   schema: Schema.Struct({ id: Schema.String }),
 *   primaryKey: "id",
 *   state: Schema.Undefined,
 *   read: () => Stream.make({ records: [{ id: "n1" }] })
 * })
 * const connector = Connector.make({
 *   id: "notes-app",
 *   version: "0.1.0",
 *   config: Config,
 *   check: () => Effect.void,
 *   streams: [notes],
 *   layer: () => Layer.empty
 * })
 * console.log(connector.streams.map((s) => s.name)) // [ 'notes' ]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <
  const Id extends string,
  Config,
  ConfigEncoded,
  const Streams extends ReadonlyArray<SourceStream.Any<Config, Erased>>,
  L extends Layer.Layer<never, ConnectorError.ConnectorError, unknown>,
  RCheck = never,
  RDiscover = never
>(options: {
  readonly id: Id
  readonly version: string
  readonly config: Schema.Codec<Config, ConfigEncoded>
  readonly check: (config: Config) => Effect.Effect<void, ConnectorError.ConnectorError, RCheck>
  readonly streams: Streams
  readonly discover?: (
    config: Config
  ) => Effect.Effect<
    ReadonlyArray<SourceStream.Any<Config, Erased>>,
    ConnectorError.ConnectorError,
    RDiscover
  >
  readonly layer: (config: Config) => L
}): Checked<
  Connector<Id, Config, ConfigEncoded, Streams, Layer.Success<L>, Layer.Services<L>>,
  Exclude<StreamRequirements<Streams> | RCheck | RDiscover, Layer.Success<L>>
> => {
  const seen = new Set<string>()
  for (const stream of options.streams) {
    if (seen.has(stream.name)) {
      throw new Error(`Connector "${options.id}": stream name "${stream.name}" is declared twice`)
    }
    seen.add(stream.name)
  }
  return {
    id: options.id,
    version: options.version,
    config: options.config,
    check: options.check,
    streams: options.streams,
    discover: options.discover,
    layer: options.layer
  } as never
}

/**
 * The JSON Schema (draft 2020-12) of a connector's configuration, for UIs that render a form.
 * Secret (`Redacted`) fields are plain strings in the encoded form; the document marks them
 * `writeOnly`.
 *
 * @example
 * ```ts
 * import { Effect, Layer, Schema } from "effect"
 * import { Connector } from "@cxkit/connectors"
 *
 * const c = Connector.make({
 *   id: "c", version: "1.0.0",
 *   config: Schema.Struct({ apiKey: Schema.RedactedFromValue(Schema.String), pageSize: Schema.Number }),
 *   check: () => Effect.void, streams: [], layer: () => Layer.empty
 * })
 * const spec = Connector.spec(c)
 * console.log(spec.type, Object.keys(spec.properties as object)) // object [ 'apiKey', 'pageSize' ]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const spec = (connector: Any): Record<string, unknown> => {
  const document = Schema.toJsonSchemaDocument(connector.config as Schema.Top)
  const schema: Record<string, unknown> = { ...(document.schema as Record<string, unknown>) }
  if (Object.keys(document.definitions).length > 0) schema.$defs = document.definitions
  const fields = (connector.config as { readonly fields?: Record<string, Schema.Top> }).fields
  const properties = schema.properties as Record<string, Record<string, unknown>> | undefined
  if (fields !== undefined && properties !== undefined) {
    for (const [name, field] of Object.entries(fields)) {
      if (isRedacted(field) && properties[name] !== undefined) {
        properties[name] = { ...properties[name], writeOnly: true }
      }
    }
  }
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: `${connector.id} ${connector.version}`,
    ...(withoutSafeIntegerBounds(schema) as Record<string, unknown>)
  }
}

// `Schema.Int` documents JavaScript's safe-integer range (±(2^53 − 1)) as the bounds of every
// integer field; a form would show them as if they were the field's rule. Bounds a field sets
// itself (`isBetween`, `isGreaterThanOrEqualTo`) are kept.
const withoutSafeIntegerBounds = (node: unknown): unknown => {
  if (Array.isArray(node)) return node.map(withoutSafeIntegerBounds)
  if (typeof node !== "object" || node === null) return node
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(node)) {
    const isInteger = (node as { type?: unknown }).type === "integer"
    if (isInteger && key === "maximum" && value === Number.MAX_SAFE_INTEGER) continue
    if (isInteger && key === "minimum" && value === Number.MIN_SAFE_INTEGER) continue
    out[key] = withoutSafeIntegerBounds(value)
  }
  return out
}

const isRedacted = (schema: Schema.Top): boolean => {
  const typeAst = Schema.toType(schema).ast as { readonly _tag: string; readonly annotations?: unknown }
  const annotations = typeAst.annotations as Record<string, unknown> | undefined
  return typeAst._tag === "Declaration" && annotations?.expected === "Redacted"
}

/**
 * Decodes a raw configuration (e.g. parsed JSON with secrets as plain strings); a bad one fails
 * with reason `config`, naming the field and the rule but never echoing the value.
 *
 * @example
 * ```ts
 * import { Effect, Layer, Schema } from "effect"
 * import { Connector } from "@cxkit/connectors"
 *
 * const c = Connector.make({
 *   id: "c", version: "1.0.0", config: Schema.Struct({ pageSize: Schema.Number }),
 *   check: () => Effect.void, streams: [], layer: () => Layer.empty
 * })
 * const error = Effect.runSync(Effect.flip(Connector.decodeConfig(c, { pageSize: "ten" })))
 * console.log(error.reason) // config
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const decodeConfig = <C extends Any>(
  connector: C,
  raw: unknown
): Effect.Effect<ConfigOf<C>, ConnectorError.ConnectorError> =>
  Schema.decodeUnknownEffect(connector.config as Schema.Codec<ConfigOf<C>, unknown>)(raw, {
    errors: "all"
  }).pipe(
    Effect.mapError((error) =>
      ConnectorError.make("config", `Invalid config for connector "${connector.id}": ${error.message}`)
    )
  )

/**
 * Runs the connector's `check` with its layer built from the config.
 *
 * @example
 * ```ts
 * import { Effect, Layer, Schema } from "effect"
 * import { Connector } from "@cxkit/connectors"
 *
 * const c = Connector.make({
 *   id: "c", version: "1.0.0", config: Schema.Struct({ ok: Schema.Boolean }),
 *   check: (config) => config.ok ? Effect.void : Effect.fail(Connector.authError("token refused")),
 *   streams: [], layer: () => Layer.empty
 * })
 * const error = Effect.runSync(Effect.flip(Connector.check(c, { ok: false })))
 * console.log(error.reason) // auth
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const check = <C extends Any>(
  connector: C,
  config: ConfigOf<C>
): Effect.Effect<void, ConnectorError.ConnectorError, Requirements<C>> =>
  Effect.provide(
    connector.check(config) as Effect.Effect<void, ConnectorError.ConnectorError, unknown>,
    connector.layer(config) as unknown as Layer.Layer<unknown, ConnectorError.ConnectorError, Requirements<C>>
  ) as Effect.Effect<void, ConnectorError.ConnectorError, Requirements<C>>

/**
 * Shorthand for an `auth` `ConnectorError`, the usual failure of `check`.
 *
 * @example
 * ```ts
 * import { Connector } from "@cxkit/connectors"
 *
 * console.log(Connector.authError("token refused").reason) // auth
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export const authError = (message: string): ConnectorError.ConnectorError =>
  ConnectorError.make("auth", message, { status: 401 })

/**
 * A layer providing nothing, for connectors that need no services.
 *
 * @example
 * ```ts
 * import { Connector } from "@cxkit/connectors"
 *
 * const layer = Connector.noServices()
 * console.log(typeof layer)
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const noServices = (): Layer.Layer<never> => Layer.empty
