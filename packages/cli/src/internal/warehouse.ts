// The warehouse: a DuckDB file (its folder is created) or a PostgreSQL database given by URL,
// opened once for both the destination the syncs write through and the in-database metrics of
// @cxkit/metrics-sql; and the CX model tables every plugin's mapping writes, read back.
import { mkdirSync } from "node:fs"
import { dirname } from "node:path"
import { ConnectorError, Destination } from "@cxkit/connectors"
import { Customer, Feedback, Identity, Lifecycle, Order, Subscription, Touchpoint } from "@cxkit/core"
import { DuckDbClient, DuckDbDestination } from "@cxkit/destination-duckdb"
import { PgDestination } from "@cxkit/destination-postgres"
import { SqlDialect, Warehouse as SqlWarehouse } from "@cxkit/metrics-sql"
import { Context, Effect, Layer, Redacted, Schema, type Scope, Stream } from "effect"
import * as Reactivity from "effect/reactivity/Reactivity"
import { SqlClient } from "effect/sql/SqlClient"

/** Whether a warehouse setting is a PostgreSQL URL (anything else is a DuckDB file). */
export const isPostgres = (warehouse: string): boolean => /^postgres(ql)?:\/\//.test(warehouse)

/** An open warehouse: the destination, and the metrics-sql service on the same connection. */
export interface Open {
  readonly destination: Destination.Destination
  readonly metrics: SqlWarehouse.Warehouse["Service"]
}

const metricsOver = (sql: SqlClient, dialect: SqlDialect.Dialect) =>
  Effect.map(
    Layer.build(SqlWarehouse.layer(dialect).pipe(Layer.provide(Layer.succeed(SqlClient, sql)))),
    (context) => Context.get(context, SqlWarehouse.Warehouse)
  )

/** Opens the warehouse, scoped (closing the scope closes the connection). */
export const open = (warehouse: string): Effect.Effect<Open, ConnectorError.ConnectorError, Scope.Scope> =>
  isPostgres(warehouse)
    ? Effect.gen(function* () {
        const context = yield* Layer.build(PgDestination.layer({ url: Redacted.make(warehouse) }))
        const sql = Context.get(context, SqlClient)
        const destination = yield* PgDestination.fromClient({
          location: PgDestination.location(warehouse)
        }).pipe(Effect.provideService(SqlClient, sql))
        return { destination, metrics: yield* metricsOver(sql, SqlDialect.postgres) }
      })
    : Effect.gen(function* () {
        if (warehouse !== ":memory:") mkdirSync(dirname(warehouse), { recursive: true })
        const db = yield* DuckDbClient.make({ filename: warehouse }).pipe(
          Effect.provide(Reactivity.layer),
          Effect.mapError((error) =>
            ConnectorError.make(
              "destination",
              `duckdb file ${warehouse}: could not open it: ${error.message}`
            )
          )
        )
        const destination = yield* DuckDbDestination.fromClient().pipe(
          Effect.provideService(DuckDbClient.DuckDbClient, db)
        )
        return { destination, metrics: yield* metricsOver(db, SqlDialect.duckdb) }
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
  /** What the mappings could not model: the field and the rule (the value is not read). */
  readonly rejections: ReadonlyArray<Modelled<{ readonly field: string; readonly rule: string }>>
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
      subscriptions: yield* read("subscriptions", Schema.decodeUnknownSync(Subscription.Subscription)),
      rejections: yield* read(
        "rejections",
        Schema.decodeUnknownSync(Schema.Struct({ field: Schema.String, rule: Schema.String }))
      )
    }
  })
