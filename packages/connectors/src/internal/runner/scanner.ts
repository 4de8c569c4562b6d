// The hot path of the runner: one page's records and deletions checked against the committed
// high-water mark (inclusive, deduplicated by key), decoded, checked for unknown fields, staged for
// the destination and turned into events. Plain loops, no generators.
import type { Entity } from "@cxkit/core"
import { Result, type Schema } from "effect"
import * as ConnectorError from "../../ConnectorError.ts"
import type * as Destination from "../../Destination.ts"
import type * as SourceStream from "../../SourceStream.ts"
import type { RecordEvent } from "../../Sync.ts"
import { valuesOf } from "../columns.ts"
import { compareCursor, cursorValueOf, type HighWater, keyOf } from "../cursor.ts"
import { modelRows } from "../model.ts"
import type { Committer } from "./committer.ts"
import type { AnyEvent } from "./context.ts"

export interface Counters {
  pages: number
  records: number
  deleted: number
  retries: number
  startedAt: number
}

/** What one attempt scans with: the stream and where it lands, and its high-water marks. */
export interface ScanContext {
  readonly stream: SourceStream.Any<unknown, unknown>
  readonly mode: SourceStream.Mode
  readonly ascending: boolean
  readonly decodeRecord: (raw: unknown) => Result.Result<unknown, Schema.SchemaError>
  readonly knownFields: ReadonlySet<string> | undefined
  /** Unknown fields already reported by a `SchemaDrift` event (reported once per run). */
  readonly driftReported: Set<string>
  readonly table: Destination.Table | undefined
  readonly mapping: ((event: RecordEvent<string, unknown>) => ReadonlyArray<Entity.Entity>) | undefined
  /** The model rows' source: `<namespace>/<stream>`. */
  readonly source: string
  readonly committer: Committer
  readonly counters: Counters
  /** The committed mark: records at it with a known key were delivered. */
  readonly boundary: HighWater
  /** An ascending run's mark, moved by every record. */
  readonly high: HighWater
  /** A descending or unordered run's largest cursor, committed when the run completes. */
  readonly pending: HighWater
}

export interface Scanner {
  /** Pushes the page's events; returns how many records and deletions were new, or the error. */
  readonly scan: (
    page: SourceStream.Page<unknown>,
    events: Array<AnyEvent>
  ) => number | ConnectorError.ConnectorError
  /** Whether a descending stream has read past the committed mark (it can stop). */
  readonly reachedBottom: () => boolean
}

export const makeScanner = (context: ScanContext): Scanner => {
  const {
    stream,
    mode,
    ascending,
    decodeRecord,
    knownFields,
    driftReported,
    table,
    mapping,
    source,
    committer,
    counters
  } = context
  const { boundary, high, pending } = context
  let reachedBottom = false

  // Plain loops (no generator) over the records of a page: this is the hot path.
  const admit = (value: SourceStream.CursorValue | undefined, key: string): boolean => {
    if (value === undefined || mode !== "incremental") return true
    if (stream.order === "ascending") return !high.has(value, key)
    if (boundary.value === undefined) return true
    const order = compareCursor(value, boundary.value)
    if (order === 0 && boundary.keys.has(key)) return false
    if (order < 0 && stream.order === "descending") {
      reachedBottom = true
      return false
    }
    return true
  }
  const observe = (value: SourceStream.CursorValue | undefined, key: string) => {
    if (value === undefined) return
    if (ascending) high.observe(value, key)
    else pending.observe(value, key)
  }
  const scan = (
    page: SourceStream.Page<unknown>,
    events: Array<AnyEvent>
  ): number | ConnectorError.ConnectorError => {
    let fresh = 0
    const records = page.records
    for (let i = 0; i < records.length; i++) {
      const rawRecord = records[i]
      const key = keyOf(rawRecord, stream.primaryKey)
      if (key === undefined) {
        return ConnectorError.make(
          "schema-drift",
          `Stream "${stream.name}": ${page.locations?.[i] ?? `record ${i} of page ${counters.pages}`} has no primary key (${stream.primaryKey.join(", ")})`,
          { stream: stream.name }
        )
      }
      const value = cursorValueOf(rawRecord, stream.cursorField)
      if (!admit(value, key)) continue
      const decoded = decodeRecord(rawRecord)
      if (Result.isFailure(decoded)) {
        return ConnectorError.make(
          "schema-drift",
          `Stream "${stream.name}": record "${key}" (${page.locations?.[i] ?? `page ${counters.pages}, record ${i}`}) does not match the record Schema: ${decoded.failure.message}`,
          { stream: stream.name }
        )
      }
      let unknownFields: Record<string, unknown> | undefined
      if (knownFields !== undefined && rawRecord !== null && typeof rawRecord === "object") {
        for (const field in rawRecord as Record<string, unknown>) {
          if (!knownFields.has(field)) {
            unknownFields ??= {}
            unknownFields[field] = (rawRecord as Record<string, unknown>)[field]
          }
        }
        if (unknownFields !== undefined) {
          const newFields = Object.keys(unknownFields).filter((f) => !driftReported.has(f))
          if (newFields.length > 0) {
            for (const f of newFields) driftReported.add(f)
            events.push({ _tag: "SchemaDrift", stream: stream.name, key, fields: newFields })
          }
        }
      }
      if (table !== undefined) {
        const values = valuesOf(table.columns, decoded.success, rawRecord)
        if (!Array.isArray(values)) {
          return ConnectorError.make(
            "schema-drift",
            `Stream "${stream.name}": record "${key}" field ${values.field}: ${JSON.stringify(values.value) ?? String(values.value)} does not fit column ${table.name}.${values.field} (${values.rule})`,
            { stream: stream.name }
          )
        }
        committer.upsert(key, { key, values, record: JSON.stringify(rawRecord) })
      }
      const event: RecordEvent<string, unknown> = {
        _tag: "Record",
        stream: stream.name,
        key,
        record: decoded.success,
        unknownFields
      }
      if (mapping !== undefined) {
        const rows = modelRows(mapping(event), source, key)
        if (typeof rows === "string") {
          return ConnectorError.make(
            "source-bug",
            `Stream "${stream.name}": record "${key}" maps to an entity that does not fit the CX tables: ${rows}`,
            { stream: stream.name }
          )
        }
        committer.mapped(key, rows)
      }
      observe(value, key)
      fresh++
      events.push(event)
    }
    counters.records += fresh
    for (const gone of page.deleted ?? []) {
      const key = keyOf(gone, stream.primaryKey)
      if (key === undefined) {
        return ConnectorError.make(
          "source-bug",
          `Stream "${stream.name}": a deletion on page ${counters.pages} has no primary key`,
          { stream: stream.name }
        )
      }
      // a tombstone carrying the cursor field moves the high-water mark like a record
      const value = cursorValueOf(gone, stream.cursorField)
      if (!admit(value, key)) continue
      observe(value, key)
      fresh++
      counters.deleted++
      if (table !== undefined) {
        committer.remove(key)
        if (mapping !== undefined) committer.mapped(key, [])
      }
      events.push({ _tag: "Deleted", stream: stream.name, key })
    }
    return fresh
  }

  return { scan, reachedBottom: () => reachedBottom }
}
