/**
 * Where the runner keeps each stream's state between runs.
 *
 * @module
 * @since 0.1.0
 */
import { randomUUID } from "node:crypto"
import { promises as fs } from "node:fs"
import { dirname } from "node:path"
import { Context, Effect, Layer, Option, Semaphore } from "effect"
import * as ConnectorError from "./ConnectorError.ts"

/**
 * The operations of a state store. States are JSON values, keyed by a namespace (by default
 * the connector id) and a stream name.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { StateStore } from "@cxkit/connectors"
 *
 * const program = Effect.gen(function* () {
 *   const store: StateStore.Store = yield* StateStore.makeMemory
 *   yield* store.set("crm", "contacts", { cursor: 3 })
 *   return yield* store.get("crm", "contacts")
 * })
 * console.log(Effect.runSync(program)) // { _id: 'Option', _tag: 'Some', value: { cursor: 3 } }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Store {
  readonly get: (
    namespace: string,
    stream: string
  ) => Effect.Effect<Option.Option<unknown>, ConnectorError.ConnectorError>
  readonly set: (
    namespace: string,
    stream: string,
    state: unknown
  ) => Effect.Effect<void, ConnectorError.ConnectorError>
  readonly delete: (namespace: string, stream: string) => Effect.Effect<void, ConnectorError.ConnectorError>
  readonly entries: (
    namespace: string
  ) => Effect.Effect<ReadonlyMap<string, unknown>, ConnectorError.ConnectorError>
}

/**
 * The state store service. `Sync.run` uses the store passed in its options, else this service
 * when provided, else a fresh in-memory store.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { StateStore } from "@cxkit/connectors"
 *
 * const program = Effect.gen(function* () {
 *   const store = yield* StateStore.StateStore
 *   yield* store.set("crm", "deals", { page: 2 })
 *   return (yield* store.entries("crm")).size
 * })
 * console.log(Effect.runSync(Effect.provide(program, StateStore.layerMemory))) // 1
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export class StateStore extends Context.Service<StateStore, Store>()("@cxkit/connectors/StateStore") {}

const clone = (value: unknown): unknown =>
  value === undefined ? undefined : JSON.parse(JSON.stringify(value))

/**
 * A fresh in-memory store (values are deep-copied in and out, like a real store).
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { StateStore } from "@cxkit/connectors"
 *
 * const store = Effect.runSync(StateStore.makeMemory)
 * Effect.runSync(store.set("ns", "s", { n: 1 }))
 * console.log(Option.getOrNull(Effect.runSync(store.get("ns", "s")))) // { n: 1 }
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeMemory: Effect.Effect<Store> = Effect.sync(() => {
  const data = new Map<string, Map<string, string>>()
  const bucket = (namespace: string) => {
    let map = data.get(namespace)
    if (map === undefined) {
      map = new Map()
      data.set(namespace, map)
    }
    return map
  }
  return {
    get: (namespace, stream) =>
      Effect.sync(() => {
        const raw = data.get(namespace)?.get(stream)
        return raw === undefined ? Option.none() : Option.some(JSON.parse(raw) as unknown)
      }),
    set: (namespace, stream, state) =>
      Effect.sync(() => void bucket(namespace).set(stream, JSON.stringify(state))),
    delete: (namespace, stream) => Effect.sync(() => void data.get(namespace)?.delete(stream)),
    entries: (namespace) =>
      Effect.sync(
        () =>
          new Map(
            [...(data.get(namespace) ?? new Map<string, string>())].map(([k, v]) => [k, clone(JSON.parse(v))])
          )
      )
  }
})

/**
 * A layer with a fresh in-memory store.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { StateStore } from "@cxkit/connectors"
 *
 * const program = Effect.gen(function* () {
 *   const store = yield* StateStore.StateStore
 *   return yield* store.entries("x")
 * })
 * const n = Effect.runSync(Effect.provide(program, StateStore.layerMemory))
 * console.log(n.size) // 0
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<StateStore> = Layer.effect(StateStore, makeMemory)

type FileContent = { version: 1; states: Record<string, Record<string, unknown>> }

const ioError = (path: string, action: string, cause: unknown) =>
  ConnectorError.make(
    "config",
    `State file ${path}: could not ${action}: ${cause instanceof Error ? cause.message : String(cause)}`
  )

/**
 * A store backed by one JSON file. Every write replaces the file atomically: the new content is
 * written and flushed to a temporary file in the same directory, then renamed over the old one,
 * so a crash leaves either the old or the new state, never a torn file. Writes are serialised.
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { mkdtempSync } from "node:fs"
 * import { tmpdir } from "node:os"
 * import { join } from "node:path"
 * import { StateStore } from "@cxkit/connectors"
 *
 * const path = join(mkdtempSync(join(tmpdir(), "cx-")), "state.json")
 * const program = Effect.gen(function* () {
 *   const store = yield* StateStore.makeFile(path)
 *   yield* store.set("crm", "contacts", { cursor: "2024-01-01" })
 *   const again = yield* StateStore.makeFile(path)
 *   return yield* again.get("crm", "contacts")
 * })
 * Effect.runPromise(program).then((s) => console.log(Option.getOrNull(s))) // { cursor: '2024-01-01' }
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeFile = (path: string): Effect.Effect<Store, ConnectorError.ConnectorError> =>
  typeof path !== "string" || path.length === 0
    ? Effect.fail(
        ConnectorError.make(
          "config",
          `StateStore.makeFile: path must be a non-empty string (the state file), got ${describe(path)}`
        )
      )
    : Effect.sync(() => fileStore(path))

const describe = (value: unknown): string =>
  typeof value === "string" ? JSON.stringify(value) : value === null ? "null" : typeof value

const fileStore = (path: string): Store => {
  const lock = Semaphore.makeUnsafe(1)
  const read = Effect.tryPromise({
    try: async (): Promise<FileContent> => {
      try {
        const text = await fs.readFile(path, "utf8")
        const parsed = JSON.parse(text) as FileContent
        if (parsed === null || typeof parsed !== "object" || typeof parsed.states !== "object") {
          throw new Error("not a cxkit state file")
        }
        return parsed
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, states: {} }
        throw error
      }
    },
    catch: (cause) => ioError(path, "read it", cause)
  })
  const write = (content: FileContent) =>
    Effect.tryPromise({
      try: async () => {
        const temp = `${path}.${process.pid}.${randomUUID()}.tmp`
        await fs.mkdir(dirname(path), { recursive: true })
        const handle = await fs.open(temp, "w")
        try {
          await handle.writeFile(`${JSON.stringify(content, null, 2)}\n`, "utf8")
          await handle.sync()
        } finally {
          await handle.close()
        }
        await fs.rename(temp, path)
      },
      catch: (cause) => ioError(path, "write it", cause)
    })
  const update = (f: (content: FileContent) => void) =>
    lock.withPermits(1)(
      Effect.flatMap(read, (content) => {
        f(content)
        return write(content)
      })
    )
  return {
    get: (namespace, stream) =>
      Effect.map(read, (content) => {
        const value = content.states[namespace]?.[stream]
        return value === undefined ? Option.none() : Option.some(value)
      }),
    set: (namespace, stream, state) =>
      update((content) => {
        content.states[namespace] = { ...content.states[namespace], [stream]: clone(state) }
      }),
    delete: (namespace, stream) =>
      update((content) => {
        const bucket = content.states[namespace]
        if (bucket !== undefined) delete bucket[stream]
      }),
    entries: (namespace) =>
      Effect.map(read, (content) => new Map(Object.entries(content.states[namespace] ?? {})))
  }
}

/**
 * `makeFile` for Promise code: opens the file store at `path` and reads the file once, so a
 * file that is not a cxkit state file (or cannot be read) rejects here with a `ConnectorError`
 * naming it, not in the middle of a sync. A missing file is an empty store. Pass the result as
 * `stateStore` to `Sync.toArray` or `Sync.toAsyncIterable`.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from "node:fs"
 * import { tmpdir } from "node:os"
 * import { join } from "node:path"
 * import { Effect } from "effect"
 * import { StateStore } from "@cxkit/connectors"
 *
 * const path = join(mkdtempSync(join(tmpdir(), "cx-")), "state.json")
 * const store = await StateStore.openFile(path)
 * await Effect.runPromise(store.set("crm", "contacts", { cursor: "2024-01-01" }))
 * const again = await StateStore.openFile(path)
 * console.log((await Effect.runPromise(again.entries("crm"))).get("contacts")) // { cursor: '2024-01-01' }
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const openFile = (path: string): Promise<Store> =>
  Effect.runPromise(Effect.flatMap(makeFile(path), (store) => Effect.as(store.entries(""), store)))

/**
 * A layer with a file-backed store (see `makeFile`).
 *
 * @example
 * ```ts
 * import { StateStore } from "@cxkit/connectors"
 *
 * const layer = StateStore.layerFile("./.cxkit/state.json")
 * console.log(typeof layer)
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFile = (path: string): Layer.Layer<StateStore, ConnectorError.ConnectorError> =>
  Layer.effect(StateStore, makeFile(path))
