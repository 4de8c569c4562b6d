// A stream's commits: the records and deletions staged since the last commit and the state that
// covers them, written to the state store, or to a destination in one transaction (exactly once).
import { Clock, Effect } from "effect"
import type * as ConnectorError from "../../ConnectorError.ts"
import type * as Destination from "../../Destination.ts"
import type { StreamState } from "../../Sync.ts"
import type { AnyEvent, StreamContext } from "./context.ts"

type ModelRows = ReadonlyArray<{ readonly table: string; readonly row: Destination.Row }>

export class Committer {
  // By key, the last operation on a key wins; null is a deletion.
  private readonly ops = new Map<string, Destination.Row | null>()
  // With a mapping: the CX model rows of each staged record (none for a deletion).
  private readonly model = new Map<string, ModelRows>()
  private lastCommitted: string | undefined
  private lastCommitAt = 0
  /** The full refresh the staged rows belong to (a new one sweeps the older ones when it completes). */
  private generation = 1
  /** The last state committed (or loaded): what a failed stream reports. */
  lastGood: StreamState | undefined

  private readonly stream: string
  private readonly context: StreamContext

  constructor(stream: string, context: StreamContext) {
    this.stream = stream
    this.context = context
  }

  /** Starts an attempt from the stored state: nothing staged, commits counted from now. */
  begin(stored: StreamState | undefined, generation: number): void {
    this.ops.clear()
    this.model.clear()
    this.lastGood = stored
    this.lastCommitted = stored === undefined ? undefined : JSON.stringify(stored)
    this.generation = generation
  }

  startedAt(now: number): void {
    this.lastCommitAt = now
  }

  upsert(key: string, row: Destination.Row): void {
    this.ops.delete(key)
    this.ops.set(key, row)
  }

  remove(key: string): void {
    this.ops.delete(key)
    this.ops.set(key, null)
  }

  /** The record's CX model rows, replacing those it had (an empty list removes them). */
  mapped(key: string, rows: ModelRows): void {
    this.model.delete(key)
    this.model.set(key, rows)
  }

  /**
   * Commits `state` with what is staged. A destination gathers several pages in one transaction
   * (the state of the last one covers them all) until `commitEvery` says so; the end of a stream
   * always commits. Returns the `State` event, or nothing when nothing changed.
   */
  commit(state: StreamState): Effect.Effect<ReadonlyArray<AnyEvent>, ConnectorError.ConnectorError> {
    return Effect.flatMap(Clock.currentTimeMillis, (now) => {
      if (
        this.context.target._tag === "Destination" &&
        !state.complete &&
        this.ops.size < this.context.commitRecords &&
        now - this.lastCommitAt < this.context.commitMillis
      ) {
        return Effect.succeed([])
      }
      this.lastCommitAt = now
      return this.commitNow(state)
    })
  }

  private commitNow(
    state: StreamState
  ): Effect.Effect<ReadonlyArray<AnyEvent>, ConnectorError.ConnectorError> {
    const target = this.context.target
    const json = JSON.stringify(state)
    const sweep = state.mode === "full-refresh" && state.complete
    if (json === this.lastCommitted && this.ops.size === 0 && !(sweep && target._tag === "Destination")) {
      return Effect.succeed([])
    }
    const write =
      target._tag === "Store"
        ? target.store.set(this.context.namespace, this.stream, state)
        : Effect.flatMap(Clock.currentTimeMillis, (now) => {
            const upserts: Array<Destination.Row> = []
            const deletes: Array<string> = []
            for (const [key, op] of this.ops) {
              if (op === null) deletes.push(key)
              else upserts.push(op)
            }
            return target.session.apply({
              stream: this.stream,
              upserts,
              deletes,
              state,
              generation: this.generation,
              sweep,
              syncedAt: new Date(now),
              ...(target.mapping === undefined
                ? {}
                : { model: { replaces: [...this.model.keys()], rows: [...this.model.values()].flat() } })
            })
          })
    return write.pipe(
      Effect.map((): ReadonlyArray<AnyEvent> => {
        this.ops.clear()
        this.model.clear()
        this.lastGood = state
        this.lastCommitted = json
        return [{ _tag: "State", stream: this.stream, state }]
      })
    )
  }
}
