// One stream of a run: its attempts (each resuming from the last committed state), the pages it
// reads, the states it commits and its retries. Works on a SourceStream alone, no connector.
import { Cause, Clock, Duration, Effect, Option, Schema, Stream } from "effect"
import * as ConnectorError from "../../ConnectorError.ts"
import type * as SourceStream from "../../SourceStream.ts"
import type { StreamState } from "../../Sync.ts"
import { HighWater, maxPosition } from "../cursor.ts"
import { Committer } from "./committer.ts"
import {
  type AnyEvent,
  decodeStored,
  knownFieldsOf,
  type StreamContext,
  stripUndefined,
  toConnectorError
} from "./context.ts"
import { type Counters, makeScanner } from "./scanner.ts"

export const runStream = (
  stream: SourceStream.Any<unknown, unknown>,
  context: StreamContext
): Stream.Stream<AnyEvent, never, unknown> => {
  const mode: SourceStream.Mode =
    context.requestedMode === "incremental" && stream.cursorField !== undefined
      ? "incremental"
      : "full-refresh"
  const knownFields = knownFieldsOf(stream.schema as Schema.Top)
  const decodeRecord = Schema.decodeUnknownResult(stream.schema)
  const encodeState = Schema.encodeUnknownEffect(stream.state)
  const counters: Counters = { pages: 0, records: 0, deleted: 0, retries: 0, startedAt: 0 }
  const driftReported = new Set<string>()

  const progress = Effect.map(
    Clock.currentTimeMillis,
    (now): AnyEvent => ({
      _tag: "Progress",
      stream: stream.name,
      pages: counters.pages,
      records: counters.records,
      deleted: counters.deleted,
      retries: counters.retries,
      elapsedMillis: now - counters.startedAt
    })
  )

  const target = context.target
  const table = target._tag === "Destination" ? target.tables.get(stream.name) : undefined
  const mapping = target._tag === "Destination" ? target.mapping : undefined
  const committer = new Committer(stream.name, context)

  const attempt = (): Stream.Stream<AnyEvent, ConnectorError.ConnectorError, unknown> =>
    Stream.unwrap(
      Effect.gen(function* () {
        let raw: Option.Option<unknown>
        let committedGeneration = 0
        if (target._tag === "Store") raw = yield* target.store.get(context.namespace, stream.name)
        else {
          const loaded = yield* target.session.load(stream.name)
          raw = Option.map(loaded, (c) => c.state)
          committedGeneration = Option.match(loaded, { onNone: () => 0, onSome: (c) => c.generation })
        }
        const { stored, checkpoint: storedCheckpoint } = yield* decodeStored(stream, raw)
        const sameMode = stored !== undefined && stored.mode === mode
        const resuming = sameMode && !stored.complete
        // A full refresh that starts afresh writes a new generation; its completion sweeps the older ones.
        committer.begin(
          stored,
          mode === "full-refresh" && !resuming ? committedGeneration + 1 : Math.max(committedGeneration, 1)
        )
        // The committed high-water mark: used as the inclusive lower bound and for dedup.
        const committed = mode === "incremental" ? stored?.cursor : undefined
        const ascending = stream.order === "ascending" && mode === "incremental"
        const startState =
          resuming || (ascending && sameMode && stored.complete) ? (storedCheckpoint as unknown) : undefined
        // An unfinished ascending run resumes its checkpoint with the cursor it started from.
        const readFrom = resuming && ascending && storedCheckpoint !== undefined ? stored.start : committed
        const high = new HighWater(committed)
        const pending = new HighWater(resuming ? stored.pending : undefined)
        const { scan, reachedBottom } = makeScanner({
          stream,
          mode,
          ascending,
          decodeRecord,
          knownFields,
          driftReported,
          table,
          mapping,
          source: `${context.namespace}/${stream.name}`,
          committer,
          counters,
          boundary: new HighWater(committed),
          high,
          pending
        })
        let lastCheckpoint: unknown
        let lastEncodedCheckpoint: string | undefined

        const processPage = (page: SourceStream.Page<unknown>) =>
          Effect.gen(function* () {
            counters.pages++
            const events: Array<AnyEvent> = []
            const scanned = scan(page, events)
            if (typeof scanned !== "number") return yield* scanned
            const fresh = scanned
            let state: StreamState | undefined
            if (page.checkpoint !== undefined) {
              lastCheckpoint = yield* encodeState(page.checkpoint).pipe(
                Effect.mapError((error) =>
                  ConnectorError.make(
                    "source-bug",
                    `Stream "${stream.name}" emitted a checkpoint that does not match its state Schema: ${error.message}`,
                    { stream: stream.name }
                  )
                )
              )
              const encoded = JSON.stringify(lastCheckpoint)
              if (encoded === lastEncodedCheckpoint && fresh === 0 && page.records.length > 0) {
                return yield* ConnectorError.make(
                  "source-bug",
                  `Stream "${stream.name}": pagination loop, checkpoint ${encoded} repeated without new records`,
                  { stream: stream.name }
                )
              }
              lastEncodedCheckpoint = encoded
            } else {
              lastCheckpoint = undefined
            }
            if (page.checkpoint !== undefined || (ascending && fresh > 0)) {
              state = stripUndefined({
                mode,
                complete: false,
                checkpoint: lastCheckpoint,
                cursor: ascending ? high.position() : committed,
                pending: ascending ? undefined : pending.position(),
                start: ascending && lastCheckpoint !== undefined ? readFrom : undefined
              })
            }
            return { events, state, stop: reachedBottom() }
          })

        const finish = Effect.gen(function* () {
          const cursor = ascending ? high.position() : maxPosition(committed, pending.position())
          const state = stripUndefined({
            mode,
            complete: true,
            checkpoint: ascending ? lastCheckpoint : undefined,
            cursor: stream.cursorField !== undefined ? cursor : undefined,
            pending: undefined
          })
          const committedEvents = yield* committer.commit(state)
          return [
            ...committedEvents,
            yield* progress,
            { _tag: "Status", stream: stream.name, status: "completed", mode } as AnyEvent
          ]
        })

        const pages = stream.read({ config: context.config, mode, state: startState, cursor: readFrom }).pipe(
          Stream.mapEffect(processPage),
          Stream.takeUntil((page) => page.stop),
          Stream.flatMap((page) => {
            const records = Stream.fromArray(page.events)
            const tail: Array<Stream.Stream<AnyEvent, ConnectorError.ConnectorError>> = []
            if (page.state !== undefined)
              tail.push(Stream.unwrap(Effect.map(committer.commit(page.state), Stream.fromArray)))
            if (counters.pages % context.progressEvery === 0) tail.push(Stream.fromEffect(progress))
            return tail.reduce((acc, next) => Stream.concat(acc, next), records)
          })
        )
        return Stream.concat(pages, Stream.unwrap(Effect.map(finish, Stream.fromArray)))
      })
    )

  const withRetries = (n: number): Stream.Stream<AnyEvent, never, unknown> =>
    attempt().pipe(
      Stream.catchCause((cause) => {
        if (Cause.hasInterruptsOnly(cause)) return Stream.failCause(cause as Cause.Cause<never>)
        const error = toConnectorError(stream.name, cause)
        if (error.isRetryable && n < context.retryTimes) {
          const backoff = Duration.toMillis(context.retryBase) * 2 ** n * (0.8 + Math.random() * 0.4)
          const delay = Math.max(backoff, error.retryAfterMs ?? 0)
          counters.retries++
          return Stream.unwrap(Effect.as(Effect.sleep(Duration.millis(delay)), withRetries(n + 1)))
        }
        return Stream.unwrap(
          Effect.map(progress, (p) =>
            Stream.fromArray<AnyEvent>([
              p,
              {
                _tag: "Status",
                stream: stream.name,
                status: "failed",
                mode,
                error,
                lastState: committer.lastGood
              }
            ])
          )
        )
      })
    )

  const started: AnyEvent = { _tag: "Status", stream: stream.name, status: "started", mode }
  const refused = target._tag === "Destination" ? target.session.failed.get(stream.name) : undefined
  if (refused !== undefined) {
    // The destination cannot take this stream (e.g. a column changed type): read nothing.
    return Stream.make<Array<AnyEvent>>(started, {
      _tag: "Status",
      stream: stream.name,
      status: "failed",
      mode,
      error: refused,
      lastState: undefined
    })
  }
  const migrated: Array<AnyEvent> =
    target._tag === "Destination" && table !== undefined
      ? target.session.migrations
          .filter((m) => m.table === table.name)
          .map((m) => ({ _tag: "Migration", stream: stream.name, table: m.table, added: m.added }))
      : []
  return Stream.unwrap(
    Effect.map(Clock.currentTimeMillis, (now) => {
      counters.startedAt = now
      committer.startedAt(now)
      return Stream.concat(Stream.fromArray([started, ...migrated]), withRetries(0))
    })
  )
}
