// Typed table columns derived from a stream's record Schema, and the conversion of a decoded
// record into the values of those columns. Shared by every destination backend.
import { DateTime, Schema, SchemaAST } from "effect"
import type { Column, ColumnType, Value } from "../Destination.ts"

/** The prefix of the columns the destination adds; a record field may not use it. */
export const systemPrefix = "_cxkit_"

const representation = (ast: SchemaAST.AST): string | undefined =>
  (ast.annotations as { readonly representation?: { readonly id?: string } } | undefined)?.representation?.id

const isInteger = (ast: SchemaAST.AST): boolean =>
  (ast.checks ?? []).some(
    (check) =>
      (check.annotations as { readonly representation?: { readonly id?: string } } | undefined)
        ?.representation?.id === "effect/schema/isInt"
  )

const literalType = (literal: unknown): ColumnType =>
  typeof literal === "string"
    ? "text"
    : typeof literal === "boolean"
      ? "boolean"
      : typeof literal === "number"
        ? Number.isInteger(literal)
          ? "integer"
          : "double"
        : "json"

// The one type of a set, or json when the members differ.
const only = (types: ReadonlySet<ColumnType>): ColumnType => {
  const [first, ...rest] = types
  return first !== undefined && rest.length === 0 ? first : "json"
}

// The column type of one field's (decoded) type, and whether it admits null.
const typeOf = (ast: SchemaAST.AST): { readonly type: ColumnType; readonly nullable: boolean } => {
  switch (ast._tag) {
    case "String":
    case "TemplateLiteral":
      return { type: "text", nullable: false }
    case "Number":
      return { type: isInteger(ast) ? "integer" : "double", nullable: false }
    case "Boolean":
      return { type: "boolean", nullable: false }
    case "Literal":
      return { type: literalType(ast.literal), nullable: false }
    case "Enum": {
      const types = new Set(ast.enums.map(([, value]) => literalType(value)))
      return { type: only(types), nullable: false }
    }
    case "Declaration": {
      const id = representation(ast)
      const timestamp = id === "effect/schema/DateTimeUtc" || id === "effect/schema/Date"
      return { type: timestamp ? "timestamp" : "json", nullable: false }
    }
    case "Union": {
      let nullable = false
      const types = new Set<ColumnType>()
      for (const member of ast.types) {
        if (member._tag === "Null" || member._tag === "Undefined") nullable = true
        else {
          const inner = typeOf(member)
          nullable ||= inner.nullable
          types.add(inner.type)
        }
      }
      if (types.size === 2 && types.has("integer") && types.has("double")) return { type: "double", nullable }
      return { type: only(types), nullable }
    }
    case "Suspend":
      return typeOf(ast.thunk())
    default:
      return { type: "json", nullable: false }
  }
}

/**
 * The columns of a record Schema: one per top-level field of a struct or class, in declaration
 * order; a record Schema that is not a struct gets no typed columns (the record JSON still is).
 */
export const columnsOf = (schema: Schema.Top, stream: string): ReadonlyArray<Column> | string => {
  // A class (`Schema.Class`) is a declaration over its fields: read the fields' own types.
  const fields = (schema as { readonly fields?: Schema.Struct.Fields }).fields
  const objects = SchemaAST.toType(fields !== undefined ? Schema.Struct(fields).ast : schema.ast)
  if (objects._tag !== "Objects") return []
  const columns: Array<Column> = []
  for (const property of objects.propertySignatures) {
    const name = String(property.name)
    if (name.startsWith(systemPrefix)) {
      return `stream "${stream}": field "${name}" uses the prefix ${systemPrefix} reserved for the destination's own columns`
    }
    const { type, nullable } = typeOf(property.type)
    columns.push({ name, type, nullable: nullable || property.type.context?.isOptional === true })
  }
  return columns
}

/** Why a value does not fit its column, or undefined when it does. */
const toValue = (type: ColumnType, value: unknown): Value | { readonly rule: string } => {
  if (value === undefined || value === null) return null
  switch (type) {
    case "text":
      return typeof value === "string" ? value : { rule: "a text column holds strings" }
    case "integer":
      return Number.isSafeInteger(value)
        ? (value as number)
        : { rule: "an integer column holds safe integers" }
    case "double":
      return typeof value === "number" && Number.isFinite(value)
        ? value
        : { rule: "a double column holds finite numbers" }
    case "boolean":
      return typeof value === "boolean" ? value : { rule: "a boolean column holds booleans" }
    case "timestamp":
      if (value instanceof Date && !Number.isNaN(value.getTime())) return value
      if (DateTime.isDateTime(value)) return DateTime.toDateUtc(value)
      return { rule: "a timestamp column holds dates" }
    case "json":
      return JSON.stringify(value)
  }
}

/**
 * The column values of one decoded record (`decoded`), with JSON columns taken from the record
 * as the source sent it (`raw`), so nested values keep their wire form. Returns the offending
 * field when a value does not fit its column.
 */
export const valuesOf = (
  columns: ReadonlyArray<Column>,
  decoded: unknown,
  raw: unknown
): Array<Value> | { readonly field: string; readonly value: unknown; readonly rule: string } => {
  const values: Array<Value> = new Array(columns.length)
  const typed = decoded as Record<string, unknown>
  const source = raw as Record<string, unknown>
  for (const [i, column] of columns.entries()) {
    const value = column.type === "json" ? source[column.name] : typed[column.name]
    const converted = toValue(column.type, value)
    if (converted !== null && typeof converted === "object" && "rule" in converted) {
      return { field: column.name, value, rule: converted.rule }
    }
    values[i] = converted
  }
  return values
}

/** A table name from a namespace and a stream: lower case, `[a-z0-9_]`, e.g. `hubspot_contacts`. */
export const tableName = (namespace: string, stream: string): string =>
  `${namespace}_${stream}`
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "")

/** Whether a column value has its column's type (what a database would refuse otherwise). */
export const fits = (type: ColumnType, value: Value): boolean => {
  if (value === null) return true
  switch (type) {
    case "text":
    case "json":
      return typeof value === "string"
    case "integer":
      return Number.isSafeInteger(value)
    case "double":
      return typeof value === "number" && Number.isFinite(value)
    case "boolean":
      return typeof value === "boolean"
    case "timestamp":
      return value instanceof Date && !Number.isNaN(value.getTime())
  }
}
