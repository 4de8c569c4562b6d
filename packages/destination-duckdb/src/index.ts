/**
 * DuckDB for cxkit: an `effect/sql` driver over one embedded database file, with DuckDB's
 * Appender for bulk inserts.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

export * as DuckDbClient from "./DuckDbClient.ts"
export * as DuckDbDestination from "./DuckDbDestination.ts"
export * as DuckDbRows from "./DuckDbRows.ts"
