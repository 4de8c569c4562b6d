/**
 * The PostgreSQL destination: synced records land in one table per stream and the streams'
 * state in `_cxkit_state`, each page's records, deletions and state in one transaction, so a
 * resumed sync is exactly once. Built on `@effect/sql-pg` and the shared `SqlDestination`;
 * the dialect is all this module adds.
 *
 * Column types: `text`, `bigint`, `double precision`, `boolean`, `timestamptz`, `jsonb`.
 *
 * @module
 * @since 0.1.0
 */
import {
  type ConnectorError,
  type Destination,
  ConnectorError as Errors,
  SqlDestination
} from "@cxkit/connectors"
import { PgClient } from "@effect/sql-pg"
import { Effect, Layer, Redacted, type Scope } from "effect"
import * as Reactivity from "effect/reactivity/Reactivity"
import { SqlClient } from "effect/sql/SqlClient"

const types: Record<Destination.ColumnType, string> = {
  text: "text",
  integer: "bigint",
  double: "double precision",
  boolean: "boolean",
  timestamp: "timestamptz",
  json: "jsonb"
}

const fromDataType: Record<string, Destination.ColumnType> = {
  text: "text",
  bigint: "integer",
  "double precision": "double",
  boolean: "boolean",
  "timestamp with time zone": "timestamp",
  jsonb: "json"
}

/**
 * The PostgreSQL dialect of `SqlDestination`.
 *
 * @example
 * ```ts
 * import { PgDestination } from "@cxkit/destination-postgres"
 *
 * console.log(PgDestination.dialect.columnType("json")) // jsonb
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const dialect: SqlDestination.Dialect = {
  id: "postgres",
  columnType: (type) => types[type],
  typeOf: (dataType) => fromDataType[dataType]
}

/**
 * Options of `make`: a `postgres://user:password@host:port/database` URL (a `Redacted` keeps
 * the password out of logs), and how deletions are applied (`soft`, the default, or `hard`).
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly url: string | Redacted.Redacted<string>
  readonly deletes?: "soft" | "hard" | undefined
}

/**
 * Where a URL points, without its password: `postgres://user@host:port/database`.
 *
 * @example
 * ```ts
 * import { PgDestination } from "@cxkit/destination-postgres"
 *
 * console.log(PgDestination.location("postgres://ada:secret@127.0.0.1:5433/cx")) // postgres://ada@127.0.0.1:5433/cx
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const location = (url: string): string => {
  try {
    const parsed = new URL(url)
    const user = parsed.username === "" ? "" : `${decodeURIComponent(parsed.username)}@`
    return `postgres://${user}${parsed.host}${parsed.pathname}`
  } catch {
    return "postgres (an unparsable URL)"
  }
}

/**
 * A destination on the `SqlClient` in context (e.g. from `PgClient.layer`), for programs that
 * already hold a PostgreSQL client.
 *
 * @example
 * ```ts
 * import { PgDestination } from "@cxkit/destination-postgres"
 * import { PgServer } from "@cxkit/destination-postgres/testing"
 * import { Effect } from "effect"
 *
 * const server = await PgServer.start()
 * const program = Effect.map(PgDestination.fromClient({ location: "the team warehouse" }), (d) => d.id)
 * console.log(await Effect.runPromise(program.pipe(Effect.provide(PgDestination.layer({ url: server.url }))))) // postgres
 * await server.stop()
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromClient = (options: {
  readonly location: string
  readonly deletes?: "soft" | "hard" | undefined
}): Effect.Effect<Destination.Destination, never, SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient
    return SqlDestination.make({ sql, dialect, location: options.location, deletes: options.deletes })
  })

const urlOf = (options: Options) =>
  typeof options.url === "string" ? options.url : Redacted.value(options.url)

// The error for a server that cannot be reached: the host and database, never the password.
const connectError = (url: string) => {
  let password = ""
  try {
    password = decodeURIComponent(new URL(url).password)
  } catch {}
  return (error: { readonly message: string }) => {
    const detail = error.message || "connection failed"
    return Errors.make(
      "destination",
      `${location(url)}: could not connect: ${password === "" ? detail : detail.replaceAll(password, "***")}`
    )
  }
}

/**
 * Connects to PostgreSQL (scoped: the pool closes with the scope). A server that cannot be
 * reached, or refuses the credentials, fails with reason `destination` and a message naming
 * the host and database, never the password.
 *
 * @example
 * ```ts
 * import { PgDestination } from "@cxkit/destination-postgres"
 * import { Effect, Redacted } from "effect"
 *
 * const url = Redacted.make("postgres://ada:secret@127.0.0.1:1/cx")
 * const error = await Effect.runPromise(Effect.flip(Effect.scoped(PgDestination.make({ url }))))
 * console.log(error.reason, error.message.includes("secret")) // destination false
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: Options
): Effect.Effect<Destination.Destination, ConnectorError.ConnectorError, Scope.Scope> =>
  Effect.map(connect(urlOf(options)), (sql) =>
    SqlDestination.make({ sql, dialect, location: location(urlOf(options)), deletes: options.deletes })
  )

// A pool, with one round trip made (the pool connects lazily), so a bad URL fails now and not mid-sync.
const connect = (url: string): Effect.Effect<SqlClient, ConnectorError.ConnectorError, Scope.Scope> =>
  Effect.gen(function* () {
    const client = yield* PgClient.make({ url: Redacted.make(url), maxConnections: 4 })
    yield* client.unsafe("SELECT 1")
    return client
  }).pipe(Effect.provide(Reactivity.layer), Effect.mapError(connectError(url)))

/**
 * A layer of the PostgreSQL `SqlClient` for a URL, for programs that run their own queries next
 * to the destination (e.g. the metrics); it fails as `make` does.
 *
 * @example
 * ```ts
 * import { PgDestination } from "@cxkit/destination-postgres"
 * import { PgServer } from "@cxkit/destination-postgres/testing"
 * import { Effect } from "effect"
 * import { SqlClient } from "effect/sql/SqlClient"
 *
 * const server = await PgServer.start()
 * const program = Effect.gen(function* () {
 *   const sql = yield* SqlClient
 *   return yield* sql.unsafe<{ readonly n: number }>("SELECT 1 + 1 AS n")
 * })
 * console.log(await Effect.runPromise(program.pipe(Effect.provide(PgDestination.layer({ url: server.url }))))) // [ { n: 2 } ]
 * await server.stop()
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<SqlClient, ConnectorError.ConnectorError> =>
  Layer.effect(SqlClient, connect(urlOf(options)))
