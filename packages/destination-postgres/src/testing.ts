/**
 * The PostgreSQL test kit: a throwaway PostgreSQL server from Debian's `postgresql` package.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

export * as PgServer from "./testing/PgServer.ts"
