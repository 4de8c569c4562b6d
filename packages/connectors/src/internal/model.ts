// The unified CX model as tables: what a plugin's mapping makes of each record (core entities)
// lands in `customers`, `identities`, `touchpoints`, `feedback`, `stage_events`, `orders`,
// `subscriptions` and `rejections`, each row tied to the record it came from.
import { Customer, type Entity, Feedback, Identity, Order, Subscription, Touchpoint } from "@cxkit/core"
import { Schema } from "effect"
import type { Column, Row, Table } from "../Destination.ts"
import { columnsOf, valuesOf } from "./columns.ts"

/** The columns tying a model row to its source record: `<namespace>/<stream>` and the record's key. */
const sourceColumns: ReadonlyArray<Column> = [
  { name: "_cxkit_source", type: "text", nullable: false },
  { name: "_cxkit_source_key", type: "text", nullable: false }
]

interface ModelTable {
  readonly table: Table
  readonly encode: (value: unknown) => unknown
}

const modelTable = (name: string, schema: Schema.Top): ModelTable => {
  const columns = columnsOf(schema, name)
  if (typeof columns === "string") throw new Error(columns)
  return {
    table: { stream: name, name, primaryKey: ["_cxkit_key"], columns: [...columns, ...sourceColumns] },
    encode: Schema.encodeUnknownSync(schema as Schema.Codec<unknown, unknown>)
  }
}

const IdentityRow = Schema.Struct({ customerId: Schema.String, ...Identity.Identity.fields })
const StageEventRow = Schema.Struct({
  customerId: Schema.String,
  timestamp: Schema.DateTimeUtcFromString,
  stage: Schema.String
})
const RejectionRow = Schema.Struct({ field: Schema.String, value: Schema.Unknown, rule: Schema.String })

const tables = {
  customers: modelTable("customers", Customer.Customer),
  identities: modelTable("identities", IdentityRow),
  touchpoints: modelTable("touchpoints", Touchpoint.Touchpoint),
  feedback: modelTable("feedback", Feedback.Feedback),
  stage_events: modelTable("stage_events", StageEventRow),
  orders: modelTable("orders", Order.Order),
  subscriptions: modelTable("subscriptions", Subscription.Subscription),
  rejections: modelTable("rejections", RejectionRow)
} as const

type TableName = keyof typeof tables

/** The model tables, in a fixed order. */
export const modelTables: ReadonlyArray<Table> = Object.values(tables).map((t) => t.table)

const placeOf = (entity: Entity.Entity): ReadonlyArray<readonly [TableName, unknown]> => {
  switch (entity._tag) {
    case "Customer":
      return [
        ["customers", entity.value],
        ...entity.value.identities.map(
          (value) => ["identities", { customerId: entity.value.id, ...value }] as const
        )
      ]
    case "Identity":
      return [["identities", { customerId: entity.customerId, ...entity.value }]]
    case "Touchpoint":
      return [["touchpoints", entity.value]]
    case "Feedback":
      return [["feedback", entity.value]]
    case "StageEvent":
      return [["stage_events", entity.value]]
    case "Order":
      return [["orders", entity.value]]
    case "Subscription":
      return [["subscriptions", entity.value]]
    case "Rejected":
      return [["rejections", { field: entity.field, value: entity.value, rule: entity.rule }]]
  }
}

/** The model rows of one record's entities, or what does not fit its column. */
export const modelRows = (
  entities: ReadonlyArray<Entity.Entity>,
  source: string,
  sourceKey: string
): Array<{ readonly table: string; readonly row: Row }> | string => {
  const out: Array<{ readonly table: string; readonly row: Row }> = []
  const counts = new Map<TableName, number>()
  for (const entity of entities) {
    for (const [name, value] of placeOf(entity)) {
      const { table, encode } = tables[name]
      const encoded = encode(value) as Record<string, unknown>
      const typed = { ...(value as object), _cxkit_source: source, _cxkit_source_key: sourceKey }
      const values = valuesOf(table.columns, typed, {
        ...encoded,
        _cxkit_source: source,
        _cxkit_source_key: sourceKey
      })
      if (!Array.isArray(values)) return `${name}.${values.field}: ${String(values.value)} (${values.rule})`
      const n = counts.get(name) ?? 0
      counts.set(name, n + 1)
      out.push({
        table: name,
        row: { key: `${source}/${sourceKey}/${n}`, values, record: JSON.stringify(encoded) }
      })
    }
  }
  return out
}
