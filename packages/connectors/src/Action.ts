/**
 * The write side of a connector: an action (create a ticket, add a note, set a property) that a
 * rule runs for each of many requests, exactly once per request even when the process stops and
 * starts again.
 *
 * Exactly once needs both sides. The runner keeps, per request key, a record in a `StateStore`:
 * `pending` before the write, `done` with the vendor's answer after it. A request already `done`
 * is never performed again. A request left `pending` (the process died between the write and the
 * record) is performed again with the *same* idempotency key, derived from the store namespace,
 * the action and the request key; the plugin passes it to the vendor in the way the vendor
 * dedupes (an `Idempotency-Key` header, an upsert by a unique property), so the second attempt
 * finds the first instead of writing twice.
 *
 * Errors are the connectors' `ConnectorError`s: retryable ones (`rate-limited`, `transient`) are
 * retried with exponential backoff on the Effect `Clock` (at least the `Retry-After`); any other
 * fails that request (a `Failed` event; the request stays pending, so the next run tries it
 * again) and the run goes on with the next.
 *
 * @module
 * @since 0.2.0
 */
import { createHash } from "node:crypto"
import { Duration, Effect, Option, Schema, Stream } from "effect"
import * as ConnectorError from "./ConnectorError.ts"
import type * as StateStore from "./StateStore.ts"

/**
 * An action: its name, the Schema of its input (the request as a rule writes it) and of its
 * output (what the vendor answered, kept in the state store), and `perform`, which writes to
 * the vendor with the idempotency key. `R` is what `perform` needs, usually the plugin's API
 * service (its layer built from the config, as for reads).
 *
 * @since 0.2.0
 * @category models
 */
export interface Action<Name extends string, Input, Output, R> {
  readonly name: Name
  readonly description: string
  readonly input: Schema.Codec<Input, unknown>
  readonly output: Schema.Codec<Output, unknown>
  readonly perform: (
    input: Input,
    idempotencyKey: string
  ) => Effect.Effect<Output, ConnectorError.ConnectorError, R>
}

/**
 * Defines an action.
 *
 * @example
 * ```ts
 * import { Effect, Schema } from "effect"
 * import { Action } from "@cxkit/connectors"
 *
 * const openTicket = Action.make({
 *   name: "open-ticket",
 *   description: "Opens a help-desk ticket",
 *   input: Schema.Struct({ subject: Schema.String }),
 *   output: Schema.Struct({ ticketId: Schema.String }),
 *   perform: (_input, key) => Effect.succeed({ ticketId: `t-${key.slice(0, 6)}` })
 * })
 * console.log(openTicket.name) // open-ticket
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = <const Name extends string, Input, IE, Output, OE, R>(options: {
  readonly name: Name
  readonly description: string
  readonly input: Schema.Codec<Input, IE>
  readonly output: Schema.Codec<Output, OE>
  readonly perform: (
    input: Input,
    idempotencyKey: string
  ) => Effect.Effect<Output, ConnectorError.ConnectorError, R>
}): Action<Name, Input, Output, R> => options as unknown as Action<Name, Input, Output, R>

/**
 * One request: its `key` (what makes it the same request on a later run: a response id, a
 * customer id and a date) and its input.
 *
 * @since 0.2.0
 * @category models
 */
export interface Request<Input> {
  readonly key: string
  readonly input: Input
}

/**
 * What happened to one request: `Performed` (written now, with the vendor's answer),
 * `AlreadyDone` (written by an earlier run; its stored answer) or `Failed` (not written; the
 * next run tries again).
 *
 * @since 0.2.0
 * @category models
 */
export type Event<Output> =
  | { readonly _tag: "Performed"; readonly key: string; readonly output: Output; readonly attempts: number }
  | { readonly _tag: "AlreadyDone"; readonly key: string; readonly output: Output }
  | { readonly _tag: "Failed"; readonly key: string; readonly error: ConnectorError.ConnectorError }

/**
 * Options of `run`: the requests, the state store and its namespace (`stateKey`, one per
 * account, as for syncs), and the retries of retryable errors (default 3 times, exponential from
 * 1 second).
 *
 * @since 0.2.0
 * @category models
 */
export interface RunOptions<Input> {
  readonly requests: Iterable<Request<Input>>
  readonly stateStore: StateStore.Store
  readonly stateKey: string
  readonly retry?:
    | { readonly times?: number | undefined; readonly base?: Duration.Input | undefined }
    | undefined
}

/**
 * The idempotency key of a request: a SHA-256 digest (hex, 32 characters) of the store
 * namespace, the action and the request key, so it is the same on every run and differs across
 * accounts and actions.
 *
 * @example
 * ```ts
 * import { Action } from "@cxkit/connectors"
 *
 * const key = Action.idempotencyKey("zendesk-eu", "open-ticket", "nps-1001")
 * console.log(key.length, key === Action.idempotencyKey("zendesk-eu", "open-ticket", "nps-1001")) // 32 true
 * ```
 *
 * @since 0.2.0
 * @category combinators
 */
export const idempotencyKey = (stateKey: string, action: string, key: string): string =>
  createHash("sha256")
    .update(JSON.stringify([stateKey, action, key]))
    .digest("hex")
    .slice(0, 32)

// What the store holds per request.
const Stored = Schema.Union([
  Schema.Struct({ v: Schema.Literal(1), status: Schema.Literal("pending") }),
  Schema.Struct({ v: Schema.Literal(1), status: Schema.Literal("done"), output: Schema.Unknown })
])

const namespaceOf = (stateKey: string, action: string) => `${stateKey}/actions/${action}`

/**
 * Runs an action for each request, in order, exactly once per request key across runs (see the
 * module overview for how). The stream fails only when the state store does; a request's own
 * failure is a `Failed` event. An input that does not match the action's Schema is a `Failed`
 * event with reason `config` naming the request, and nothing is written for it.
 *
 * @example
 * ```ts
 * import { Effect, Schema, Stream } from "effect"
 * import { Action, StateStore } from "@cxkit/connectors"
 *
 * let written = 0
 * const openTicket = Action.make({
 *   name: "open-ticket",
 *   description: "Opens a help-desk ticket",
 *   input: Schema.Struct({ subject: Schema.String }),
 *   output: Schema.Struct({ ticketId: Schema.String }),
 *   perform: () => Effect.sync(() => ({ ticketId: `t${++written}` }))
 * })
 * const requests = [{ key: "nps-1", input: { subject: "Detractor: billing" } }]
 * const program = Effect.gen(function* () {
 *   const stateStore = yield* StateStore.makeMemory
 *   const first = yield* Stream.runCollect(Action.run(openTicket, { requests, stateStore, stateKey: "desk" }))
 *   const again = yield* Stream.runCollect(Action.run(openTicket, { requests, stateStore, stateKey: "desk" }))
 *   return [...first, ...again].map((e) => e._tag)
 * })
 * console.log(Effect.runSync(program), written) // [ 'Performed', 'AlreadyDone' ] 1
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const run = <Name extends string, Input, Output, R>(
  action: Action<Name, Input, Output, R>,
  options: RunOptions<Input>
): Stream.Stream<Event<Output>, ConnectorError.ConnectorError, R> => {
  const store = options.stateStore
  const namespace = namespaceOf(options.stateKey, action.name)
  const times = options.retry?.times ?? 3
  const base = Duration.toMillis(Duration.fromInputUnsafe(options.retry?.base ?? "1 second"))
  const decodeStored = Schema.decodeUnknownEffect(Stored)
  const decodeOutput = Schema.decodeUnknownEffect(action.output)
  const encodeOutput = Schema.encodeUnknownEffect(action.output)
  const decodeInput = Schema.decodeUnknownEffect(action.input)

  const attempt = (
    input: Input,
    key: string,
    n: number
  ): Effect.Effect<readonly [Output, number], ConnectorError.ConnectorError, R> =>
    action.perform(input, key).pipe(
      Effect.map((output) => [output, n + 1] as const),
      Effect.catch((error: ConnectorError.ConnectorError) => {
        if (!error.isRetryable || n >= times) return Effect.fail(error)
        const delay = Math.max(base * 2 ** n, error.retryAfterMs ?? 0)
        return Effect.flatMap(Effect.sleep(Duration.millis(delay)), () => attempt(input, key, n + 1))
      })
    )

  const storeError = (key: string, what: string) => (error: { readonly message: string }) =>
    ConnectorError.make("config", `Action "${action.name}", request "${key}": ${what}: ${error.message}`)

  const one = (
    request: Request<Input>,
    index: number
  ): Effect.Effect<Event<Output>, ConnectorError.ConnectorError, R> =>
    Effect.gen(function* () {
      if (typeof request?.key !== "string" || request.key === "") {
        return {
          _tag: "Failed",
          key: String(request?.key),
          error: ConnectorError.make(
            "config",
            `Action "${action.name}": requests[${index}].key must be a non-empty string`
          )
        } as const
      }
      const key = request.key
      const stored = yield* store.get(namespace, key)
      if (Option.isSome(stored)) {
        const record = yield* decodeStored(stored.value).pipe(
          Effect.mapError(storeError(key, "the stored record is not an action record"))
        )
        if (record.status === "done") {
          const output = yield* decodeOutput(record.output).pipe(
            Effect.mapError(storeError(key, "the stored answer does not match the action's output Schema"))
          )
          return { _tag: "AlreadyDone", key, output } as const
        }
      }
      const input = yield* Effect.result(decodeInput(request.input))
      if (input._tag === "Failure") {
        return {
          _tag: "Failed",
          key,
          error: ConnectorError.make(
            "config",
            `Action "${action.name}": requests[${index}].input does not match the input Schema: ${input.failure.message}`
          )
        } as const
      }
      yield* store.set(namespace, key, { v: 1, status: "pending" })
      const performed = yield* Effect.result(
        attempt(input.success, idempotencyKey(options.stateKey, action.name, key), 0)
      )
      if (performed._tag === "Failure") return { _tag: "Failed", key, error: performed.failure } as const
      const [output, attempts] = performed.success
      const encoded = yield* Effect.result(encodeOutput(output))
      if (encoded._tag === "Failure") {
        // written, but its answer cannot be kept: left pending, so the next run asks again with
        // the same idempotency key
        return {
          _tag: "Failed",
          key,
          error: ConnectorError.make(
            "source-bug",
            `Action "${action.name}", request "${key}": its answer does not match the output Schema: ${encoded.failure.message}`
          )
        } as const
      }
      yield* store.set(namespace, key, { v: 1, status: "done", output: encoded.success })
      return { _tag: "Performed", key, output, attempts } as const
    })

  return Stream.mapEffect(Stream.zipWithIndex(Stream.fromIterable(options.requests)), ([request, index]) =>
    one(request, index)
  )
}
