import type { CursorPosition, CursorValue } from "../SourceStream.ts"

const isoLike = /^\d{4}-\d{2}-\d{2}/

/** Orders cursor values: numbers numerically, ISO-8601 strings by instant, other strings by code unit. */
export const compareCursor = (a: CursorValue, b: CursorValue): number => {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0
  const sa = String(a)
  const sb = String(b)
  if (isoLike.test(sa) && isoLike.test(sb)) {
    const ta = Date.parse(sa)
    const tb = Date.parse(sb)
    if (!Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb) return ta < tb ? -1 : 1
  }
  return sa < sb ? -1 : sa > sb ? 1 : 0
}

export const cursorValueOf = (record: unknown, field: string | undefined): CursorValue | undefined => {
  if (field === undefined || record === null || typeof record !== "object") return undefined
  const value = (record as Record<string, unknown>)[field]
  return typeof value === "string" || typeof value === "number" ? value : undefined
}

/** A stable string for a primary key: the value itself for one string field, JSON otherwise. */
export const keyOf = (record: unknown, fields: ReadonlyArray<string>): string | undefined => {
  if (record === null || typeof record !== "object") return undefined
  const values: Array<unknown> = []
  for (const field of fields) {
    const value = (record as Record<string, unknown>)[field]
    if (value === undefined || value === null) return undefined
    values.push(value)
  }
  if (values.length === 1 && typeof values[0] === "string") return values[0]
  return JSON.stringify(values.length === 1 ? values[0] : values)
}

/** A mutable high-water mark: the largest cursor value seen and the keys seen at exactly it. */
export class HighWater {
  value: CursorValue | undefined
  keys: Set<string>
  constructor(position: CursorPosition | undefined) {
    this.value = position?.value
    this.keys = new Set(position?.keys ?? [])
  }
  /** Whether the record at (value, key) was already delivered at this mark. */
  has(value: CursorValue, key: string): boolean {
    return this.value !== undefined && compareCursor(value, this.value) === 0 && this.keys.has(key)
  }
  observe(value: CursorValue, key: string): void {
    const order = this.value === undefined ? 1 : compareCursor(value, this.value)
    if (order > 0) {
      this.value = value
      this.keys.clear()
      this.keys.add(key)
    } else if (order === 0) {
      this.keys.add(key)
    }
  }
  position(): CursorPosition | undefined {
    return this.value === undefined ? undefined : { value: this.value, keys: [...this.keys].sort() }
  }
}

export const maxPosition = (
  a: CursorPosition | undefined,
  b: CursorPosition | undefined
): CursorPosition | undefined => {
  if (a === undefined) return b
  if (b === undefined) return a
  const order = compareCursor(a.value, b.value)
  if (order === 0) return { value: a.value, keys: [...new Set([...a.keys, ...b.keys])].sort() }
  return order > 0 ? a : b
}
