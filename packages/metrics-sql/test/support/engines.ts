// The engines the pushdown tests run on for real: DuckDB embedded (a fresh in-memory database
// per use) and PostgreSQL (one throwaway server per test file, from Debian's postgresql package,
// a fresh database per use).
import { DuckDbClient } from "@cxkit/destination-duckdb"
import { PgDestination } from "@cxkit/destination-postgres"
import { PgServer } from "@cxkit/destination-postgres/testing"
import { SqlDialect, Warehouse } from "@cxkit/metrics-sql"
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import { SqlClient } from "effect/sql/SqlClient"

export interface Engine {
  readonly name: string
  /** A fresh, empty database with a Warehouse over it (and its SqlClient, to load data). */
  readonly fresh: () => Promise<Database>
}

/** One fresh database: run effects against it, then close it. */
export interface Database {
  readonly run: <A, E>(effect: Effect.Effect<A, E, Warehouse.Warehouse | SqlClient>) => Promise<A>
  readonly close: () => Promise<void>
}

const duckdb: Engine = {
  name: "duckdb",
  fresh: async () =>
    database(
      Warehouse.layer(SqlDialect.duckdb).pipe(
        Layer.provideMerge(DuckDbClient.layer({ filename: ":memory:", config: { threads: "1" } })),
        Layer.orDie
      )
    )
}

let server: PgServer.Started | undefined
let databases = 0
const postgres: Engine = {
  name: "postgres",
  fresh: async () => {
    server ??= await PgServer.start()
    const name = `pushdown_${++databases}`
    await Effect.runPromise(
      Effect.gen(function* () {
        const sql = yield* SqlClient
        yield* sql.unsafe(`CREATE DATABASE ${name}`)
      }).pipe(Effect.provide(PgDestination.layer({ url: server.url })), Effect.scoped)
    )
    const url = new URL(Redacted.value(server.url))
    url.pathname = `/${name}`
    return database(
      Warehouse.layer(SqlDialect.postgres).pipe(
        Layer.provideMerge(PgDestination.layer({ url: url.toString() })),
        Layer.orDie
      )
    )
  }
}

export const engines: ReadonlyArray<Engine> = [duckdb, postgres]

export const stopServers = async (): Promise<void> => {
  await server?.stop()
  server = undefined
}

const database = (layer: Layer.Layer<Warehouse.Warehouse | SqlClient>): Database => {
  const runtime = ManagedRuntime.make(layer)
  return { run: (effect) => runtime.runPromise(effect), close: () => runtime.dispose() }
}

/** Inserts rows into a table in chunks, every value a parameter. */
export const insert = (
  table: string,
  columns: ReadonlyArray<string>,
  casts: ReadonlyArray<string | undefined>,
  rows: ReadonlyArray<ReadonlyArray<unknown>>
): Effect.Effect<void, never, SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient
    const chunk = Math.max(1, Math.floor(30_000 / Math.max(columns.length, 1)))
    for (let start = 0; start < rows.length; start += chunk) {
      const part = rows.slice(start, start + chunk)
      const params: Array<unknown> = []
      const values = part
        .map(
          (row) =>
            `(${row
              .map((v, i) => {
                params.push(v)
                const cast = casts[i]
                return cast === undefined ? `$${params.length}` : `CAST($${params.length} AS ${cast})`
              })
              .join(", ")})`
        )
        .join(", ")
      yield* sql.unsafe(
        `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(", ")}) VALUES ${values}`,
        params
      )
    }
  }).pipe(Effect.orDie)
