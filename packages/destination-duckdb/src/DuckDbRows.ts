/**
 * Typed rows out of DuckDB, for scripts and notebooks: a Parquet file, a table or any query
 * (DuckDB also reads CSV, JSON and remote files in a query), each row decoded with a Schema into
 * what the metrics take. Values arrive as `DuckDbClient` converts them (`TIMESTAMPTZ` a `Date`,
 * a safe `BIGINT` a `number`), so declare timestamps as `Schema.Date` (or
 * `Schema.DateTimeUtcFromDate`) and numbers as `Schema.Number` / `Schema.Finite`; nothing is
 * coerced on the way.
 *
 * For CSV and JSON Lines files with line numbers in the errors, see `FileSource.rows` in
 * `@cxkit/connectors`.
 *
 * @module
 * @since 0.1.0
 */
import { Decode } from "@cxkit/core"
import { Effect, type Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import * as DuckDbClient from "./DuckDbClient.ts"

const decodeAll = <A, I>(
  schema: Schema.Codec<A, I>,
  rows: ReadonlyArray<unknown>,
  label: string
): Effect.Effect<Array<A>, Decode.DecodeError> => {
  const decoder = Decode.rowDecoder(schema)
  rows.forEach((row, i) => {
    decoder.add(row, `${label} row ${i + 1}`)
  })
  return Effect.fromResult(decoder.done())
}

/**
 * The rows of a query (parameters as `$1`, `$2`…), each decoded with `schema`. Runs on any
 * `SqlClient` (DuckDB's, PostgreSQL's).
 *
 * Fails with `Decode.DecodeError` when rows do not decode, listing for each problem the row
 * (1-based, in the query's order), the field, the rule and the value (the first 100 problems, and
 * how many more rows failed); with `SqlError` when the query fails.
 *
 * @example
 * ```ts
 * import { DuckDbClient, DuckDbRows } from "@cxkit/destination-duckdb"
 * import { Effect, Schema } from "effect"
 *
 * const Order = Schema.Struct({ customerId: Schema.String, amount: Schema.Finite })
 * const orders = await Effect.runPromise(
 *   DuckDbRows.query(
 *     `SELECT * FROM (VALUES ('a', 12.5), ('b', 3)) t("customerId", amount) WHERE amount > $1`,
 *     Order,
 *     [1]
 *   ).pipe(Effect.provide(DuckDbClient.layer({ filename: ":memory:" })))
 * )
 * console.log(orders) // [{ customerId: "a", amount: 12.5 }, { customerId: "b", amount: 3 }]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const query = <A, I>(
  sql: string,
  schema: Schema.Codec<A, I>,
  params: ReadonlyArray<unknown> = []
): Effect.Effect<Array<A>, Decode.DecodeError | SqlError, SqlClient> =>
  Effect.gen(function* () {
    const client = yield* SqlClient
    const rows = yield* client.unsafe(sql, [...params])
    return yield* decodeAll(schema, rows, "query")
  })

/**
 * The rows of a Parquet file (or a glob of them, `data/*.parquet`), each decoded with `schema`;
 * errors name the file and the row as {@link query}'s do.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from "node:fs"
 * import { tmpdir } from "node:os"
 * import { join } from "node:path"
 * import { DuckDbClient, DuckDbRows } from "@cxkit/destination-duckdb"
 * import { Effect, Schema } from "effect"
 * import { SqlClient } from "effect/sql/SqlClient"
 *
 * const path = join(mkdtempSync(join(tmpdir(), "cx-")), "scores.parquet")
 * const program = Effect.gen(function* () {
 *   const sql = yield* SqlClient
 *   yield* sql.unsafe(`COPY (SELECT 'r' || i AS id, CAST(i AS DOUBLE) AS score FROM range(3) t(i)) TO '${path}' (FORMAT parquet)`)
 *   return yield* DuckDbRows.parquet(path, Schema.Struct({ id: Schema.String, score: Schema.Finite }))
 * })
 * const rows = await Effect.runPromise(program.pipe(Effect.provide(DuckDbClient.layer({ filename: ":memory:" }))))
 * console.log(rows.map((r) => r.score)) // [0, 1, 2]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const parquet = <A, I>(
  path: string,
  schema: Schema.Codec<A, I>
): Effect.Effect<Array<A>, Decode.DecodeError | SqlError, SqlClient> =>
  Effect.gen(function* () {
    const client = yield* SqlClient
    const rows = yield* client.unsafe("SELECT * FROM read_parquet($1)", [path])
    return yield* decodeAll(schema, rows, path)
  })

/**
 * {@link parquet} or {@link query} as a Promise, for code that does not use Effect: opens DuckDB
 * (in memory, or the database file `filename`), reads, decodes and closes it. Rejects with the
 * same `Decode.DecodeError` or `SqlError`.
 *
 * @example
 * ```ts
 * import { DuckDbRows } from "@cxkit/destination-duckdb"
 * import { Schema } from "effect"
 *
 * const Response = Schema.Struct({ channel: Schema.String, score: Schema.Finite })
 * const rows = await DuckDbRows.load({ query: "SELECT 'chat' AS channel, 11.0 AS score" }, Response)
 * console.log(rows) // [{ channel: "chat", score: 11 }]
 * const error = await DuckDbRows.load({ query: "SELECT 'chat' AS channel, NULL AS score" }, Response).catch((e: Error) => e)
 * console.log(error instanceof Error && error.message) // "query row 1, score: Expected number, got null"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const load = <A, I>(
  source:
    | { readonly parquet: string }
    | {
        readonly query: string
        readonly params?: ReadonlyArray<unknown> | undefined
        readonly filename?: string | undefined
      },
  schema: Schema.Codec<A, I>
): Promise<Array<A>> =>
  Effect.runPromise(
    ("parquet" in source ? parquet(source.parquet, schema) : query(source.query, schema, source.params)).pipe(
      Effect.provide(
        DuckDbClient.layer({ filename: "query" in source ? (source.filename ?? ":memory:") : ":memory:" })
      )
    )
  )
