// The runner's shared vocabulary: where a stream's records and state go, the settings of a run,
// and the stored state's decoding. Sync.run builds a context; runStream (stream.ts) uses it.
import type { Entity } from "@cxkit/core"
import { Cause, type Duration, Effect, Option, Schema } from "effect"
import * as ConnectorError from "../../ConnectorError.ts"
import type * as Destination from "../../Destination.ts"
import type * as SourceStream from "../../SourceStream.ts"
import type * as StateStore from "../../StateStore.ts"
import type { RecordEvent, StreamState, SyncEvent } from "../../Sync.ts"

export type AnyEvent = SyncEvent<SourceStream.Any<unknown, unknown>>

/** Where a stream's records and state go: the destination's table, or only the state store. */
export type Target =
  | { readonly _tag: "Store"; readonly store: StateStore.Store }
  | {
      readonly _tag: "Destination"
      readonly session: Destination.Session
      readonly tables: ReadonlyMap<string, Destination.Table>
      readonly mapping: ((event: RecordEvent<string, unknown>) => ReadonlyArray<Entity.Entity>) | undefined
    }

export interface StreamContext {
  readonly target: Target
  readonly namespace: string
  readonly requestedMode: SourceStream.Mode
  readonly config: unknown
  readonly retryTimes: number
  readonly retryBase: Duration.Duration
  readonly progressEvery: number
  readonly commitRecords: number
  readonly commitMillis: number
}

export const toConnectorError = (
  stream: string,
  cause: Cause.Cause<unknown>
): ConnectorError.ConnectorError => {
  const error = Cause.findErrorOption(cause)
  if (Option.isSome(error) && ConnectorError.isConnectorError(error.value)) {
    return ConnectorError.withStream(error.value, stream)
  }
  const squashed = Cause.squash(cause)
  const detail = squashed instanceof Error ? `${squashed.name}: ${squashed.message}` : String(squashed)
  return ConnectorError.make("source-bug", `Stream "${stream}" died: ${detail}`, { stream })
}

export const decodeStored = (
  stream: SourceStream.Any<unknown, unknown>,
  raw: Option.Option<unknown>
): Effect.Effect<
  { readonly stored: StreamState | undefined; readonly checkpoint: unknown },
  ConnectorError.ConnectorError
> => {
  if (Option.isNone(raw)) return Effect.succeed({ stored: undefined, checkpoint: undefined })
  const value = raw.value as Partial<StreamState> | null
  if (value === null || typeof value !== "object" || value.v !== 1 || typeof value.complete !== "boolean") {
    return Effect.fail(
      ConnectorError.make("config", `Stored state of stream "${stream.name}" is not a cxkit stream state`, {
        stream: stream.name
      })
    )
  }
  const stored = value as StreamState
  if (stored.checkpoint === undefined) return Effect.succeed({ stored, checkpoint: undefined })
  return Schema.decodeUnknownEffect(stream.state)(stored.checkpoint).pipe(
    Effect.map((checkpoint) => ({ stored, checkpoint })),
    Effect.mapError((error) =>
      ConnectorError.make(
        "config",
        `Stored checkpoint of stream "${stream.name}" does not match its state Schema: ${error.message}`,
        { stream: stream.name }
      )
    )
  )
}

export const knownFieldsOf = (schema: Schema.Top): ReadonlySet<string> | undefined => {
  const fields = (schema as { readonly fields?: Record<string, unknown> }).fields
  return fields !== undefined && typeof fields === "object" ? new Set(Object.keys(fields)) : undefined
}

export const stripUndefined = (state: {
  readonly mode: SourceStream.Mode
  readonly complete: boolean
  readonly checkpoint: unknown
  readonly cursor: SourceStream.CursorPosition | undefined
  readonly pending: SourceStream.CursorPosition | undefined
  readonly start?: SourceStream.CursorPosition | undefined
}): StreamState => ({
  v: 1,
  mode: state.mode,
  complete: state.complete,
  ...(state.checkpoint !== undefined ? { checkpoint: state.checkpoint } : {}),
  ...(state.cursor !== undefined ? { cursor: state.cursor } : {}),
  ...(state.pending !== undefined ? { pending: state.pending } : {}),
  ...(state.start !== undefined ? { start: state.start } : {})
})
