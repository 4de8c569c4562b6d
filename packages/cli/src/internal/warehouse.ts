// The warehouse: a DuckDB file (its folder is created) or a PostgreSQL database given by URL, and
// the CX model tables every plugin's mapping writes, read back as core models.
import { mkdirSync } from "node:fs"
import { dirname } from "node:path"
import type { ConnectorError } from "@cxkit/connectors"
import { Destination } from "@cxkit/connectors"
import { Customer, Feedback, Identity, Lifecycle, Order, Subscription, Touchpoint } from "@cxkit/core"
import { DuckDbDestination } from "@cxkit/destination-duckdb"
import { PgDestination } from "@cxkit/destination-postgres"
import { Effect, Redacted, Schema, type Scope, Stream } from "effect"

/** Whether a warehouse setting is a PostgreSQL URL (anything else is a DuckDB file). */
export const isPostgres = (warehouse: string): boolean => /^postgres(ql)?:\/\//.test(warehouse)

/** Opens the warehouse, scoped. */
export const open = (
  warehouse: string
): Effect.Effect<Destination.Destination, ConnectorError.ConnectorError, Scope.Scope> =>
  isPostgres(warehouse)
    ? PgDestination.make({ url: Redacted.make(warehouse) })
    : Effect.suspend(() => {
        if (warehouse !== ":memory:") mkdirSync(dirname(warehouse), { recursive: true })
        return DuckDbDestination.make({ filename: warehouse })
      })

/** A CX model row: its value and where it came from (the source, i.e. the sync's namespace, and its stream). */
export interface Modelled<A> {
  readonly source: string
  readonly stream: string
  readonly value: A
}

const StageEventRow = Schema.Struct({
  customerId: Schema.String,
  timestamp: Schema.DateTimeUtcFromString,
  stage: Lifecycle.LifecycleStage
})
const IdentityRow = Schema.Struct({ customerId: Schema.String, ...Identity.Identity.fields })

/** Everything the plugins' mappings wrote into the CX tables, as core models. */
export interface Model {
  readonly customers: ReadonlyArray<Modelled<Customer.Customer>>
  readonly identities: ReadonlyArray<
    Modelled<{ readonly customerId: string; readonly identity: Identity.Identity }>
  >
  readonly touchpoints: ReadonlyArray<Modelled<Touchpoint.Touchpoint>>
  readonly feedback: ReadonlyArray<Modelled<Feedback.Feedback>>
  readonly stageEvents: ReadonlyArray<Modelled<Lifecycle.StageEvent>>
  readonly orders: ReadonlyArray<Modelled<Order.Order>>
  readonly subscriptions: ReadonlyArray<Modelled<Subscription.Subscription>>
}

/** Reads the CX tables, decoded with the core Schemas. */
export const readModel = (
  destination: Destination.Destination
): Effect.Effect<Model, ConnectorError.ConnectorError, Scope.Scope> =>
  Effect.gen(function* () {
    const session = yield* destination.open({ namespace: "cx", tables: [], model: Destination.modelTables })
    const read = <A>(table: string, decode: (record: unknown) => A) =>
      Effect.map(Stream.runCollect(session.rows(table)), (rows) =>
        rows.map((row): Modelled<A> => {
          // a model row's key is `<namespace>/<stream>/<record key>/<n>`
          const [source = "", stream = ""] = row.key.split("/")
          return { source, stream, value: decode(row.record) }
        })
      )
    return {
      customers: yield* read("customers", Schema.decodeUnknownSync(Customer.Customer)),
      identities: yield* read("identities", (record) => {
        const { customerId, ...identity } = Schema.decodeUnknownSync(IdentityRow)(record)
        return { customerId, identity: new Identity.Identity(identity) }
      }),
      touchpoints: yield* read("touchpoints", Schema.decodeUnknownSync(Touchpoint.Touchpoint)),
      feedback: yield* read("feedback", Schema.decodeUnknownSync(Feedback.Feedback)),
      stageEvents: yield* read(
        "stage_events",
        (record): Lifecycle.StageEvent => Schema.decodeUnknownSync(StageEventRow)(record)
      ),
      orders: yield* read("orders", Schema.decodeUnknownSync(Order.Order)),
      subscriptions: yield* read("subscriptions", Schema.decodeUnknownSync(Subscription.Subscription))
    }
  })
