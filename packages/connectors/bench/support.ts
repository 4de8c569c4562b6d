// What the sync benchmarks share: the loopback mock in a worker thread (`mock-worker.ts`, pages of
// 100 contacts), the benchmarked connector, the bare fetch + JSON.parse loop it is compared with,
// a `Sync.run` into an optional destination, and a live-heap sampler.
import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"
import { Worker } from "node:worker_threads"
import { Context, Effect, Layer, Redacted, Schema, type Scope, Stream } from "effect"
import { FetchHttpClient } from "effect/http"
import {
  Connector,
  type ConnectorError,
  type Destination,
  Http,
  Paginate,
  SourceStream,
  Sync
} from "../src/index.ts"

/** Starts the mock with `records` contacts in a worker thread, so it does not share the measured event loop. */
export const startServer = (records: number) =>
  new Promise<{ url: string; close: () => Promise<void> }>((resolve, reject) => {
    const worker = new Worker(new URL("./mock-worker.ts", import.meta.url), { workerData: { records } })
    worker.once("error", reject)
    worker.once("message", (url: string) =>
      resolve({
        url,
        close: () =>
          new Promise<void>((done) => {
            worker.once("exit", () => done())
            worker.postMessage("close")
          })
      })
    )
  })

const Config = Schema.Struct({ baseUrl: Schema.String, token: Schema.RedactedFromValue(Schema.String) })
const Contact = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  email: Schema.String,
  updatedAt: Schema.Number
})
class Api extends Context.Service<Api, Http.Client>()("bench/Api") {}

const contacts = SourceStream.make<typeof Config.Type>()({
  name: "contacts",
  schema: Contact,
  primaryKey: "id",
  cursorField: "updatedAt",
  order: "ascending",
  state: Paginate.CursorState,
  read: ({ state, cursor }) =>
    Stream.unwrap(
      Effect.map(Api, (api) =>
        Paginate.cursor({
          start: state?.cursor,
          fetch: (after) =>
            api.get("/v1/contacts", { urlParams: { limit: 100, since: cursor?.value, cursor: after } }),
          records: "results",
          next: "next"
        })
      )
    )
})

/** One incremental stream of contacts (cursor pagination, no rate limit). */
export const connector = Connector.make({
  id: "bench",
  version: "1",
  config: Config,
  check: () => Effect.void,
  streams: [contacts],
  layer: (config) =>
    Layer.effect(Api, Http.make({ baseUrl: config.baseUrl, auth: { _tag: "Bearer", token: config.token } }))
})

/**
 * Syncs every record with `Sync.run` (into the destination `destination` makes, when given: a
 * fresh one per call, or the second call would have nothing to do); resolves with the record count.
 */
export const viaSync = async (
  url: string,
  destination?: Effect.Effect<Destination.Destination, ConnectorError.ConnectorError, Scope.Scope>,
  commitEvery?: Sync.RunOptions<unknown, string>["commitEvery"]
) => {
  const config = { baseUrl: url, token: Redacted.make("bench-token") }
  let count = 0
  const program = Effect.gen(function* () {
    const target = destination === undefined ? undefined : yield* destination
    yield* Stream.runForEach(Sync.run(connector, { config, destination: target, commitEvery }), (event) =>
      Effect.sync(() => {
        if (event._tag === "Record") count++
        if (event._tag === "Status" && event.status === "failed") throw event.error
      })
    )
  })
  await Effect.runPromise(Effect.scoped(program).pipe(Effect.provide(FetchHttpClient.layer)))
  return count
}

/** The baseline: the same pages with `fetch` and `JSON.parse`, nothing else. */
export const bare = async (url: string) => {
  let count = 0
  let next: string | null = null
  do {
    const query = new URLSearchParams({ limit: "100", ...(next !== null ? { cursor: next } : {}) })
    const response = await fetch(`${url}/v1/contacts?${query}`, {
      headers: { authorization: "Bearer bench-token" }
    })
    const body = JSON.parse(await response.text()) as { results: Array<unknown>; next: string | null }
    count += body.results.length
    next = body.next
  } while (next !== null)
  return count
}

// A full GC before each heap sample, so the samples measure live memory, not garbage.
setFlagsFromString("--expose-gc")
const gc = runInNewContext("gc") as () => void

/**
 * Runs `f`, sampling the live heap (after a GC) and the resident set every 250 ms; returns
 * records/s and the peak growth of both in MB (the resident set includes native memory, e.g.
 * DuckDB's buffers, which the heap does not).
 */
export const measure = async (f: () => Promise<number>) => {
  gc()
  const base = process.memoryUsage()
  let peakHeap = base.heapUsed
  let peakRss = base.rss
  const timer = setInterval(() => {
    gc()
    const now = process.memoryUsage()
    peakHeap = Math.max(peakHeap, now.heapUsed)
    peakRss = Math.max(peakRss, now.rss)
  }, 250)
  const start = performance.now()
  const count = await f()
  const ms = performance.now() - start
  clearInterval(timer)
  return {
    count,
    perSecond: (count / ms) * 1000,
    ms,
    peakMb: (peakHeap - base.heapUsed) / 2 ** 20,
    peakRssMb: (peakRss - base.rss) / 2 ** 20
  }
}

/**
 * One run of the bare loop, then one of `Sync.run` (into `destination`), over `records` records;
 * prints both throughputs, their ratio and the memory growth. `warm` first runs each once.
 */
export const report = async (options: {
  readonly label: string
  readonly records: number
  readonly warm: boolean
  readonly destination?: () => Effect.Effect<
    Destination.Destination,
    ConnectorError.ConnectorError,
    Scope.Scope
  >
  readonly commitEvery?: Sync.RunOptions<unknown, string>["commitEvery"]
}) => {
  const server = await startServer(options.records)
  try {
    if (options.warm) {
      await bare(server.url)
      await viaSync(server.url, options.destination?.(), options.commitEvery)
    }
    const b = await measure(() => bare(server.url))
    const s = await measure(() => viaSync(server.url, options.destination?.(), options.commitEvery))
    if (b.count !== options.records || s.count !== options.records)
      throw new Error(`expected ${options.records}, got ${b.count} / ${s.count}`)
    console.log(
      `${options.records} records: bare ${b.perSecond.toFixed(0)}/s (peak live heap +${b.peakMb.toFixed(1)} MB), ` +
        `${options.label} ${s.perSecond.toFixed(0)}/s in ${(s.ms / 1000).toFixed(1)} s (peak live heap +${s.peakMb.toFixed(1)} MB, ` +
        `rss +${s.peakRssMb.toFixed(0)} MB), ratio ${(s.perSecond / b.perSecond).toFixed(2)}×`
    )
  } finally {
    await server.close()
  }
}
