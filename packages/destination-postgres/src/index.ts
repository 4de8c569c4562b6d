/**
 * The PostgreSQL destination for cxkit syncs: records and state committed in one transaction.
 * The test kit (a throwaway PostgreSQL server) is the `@cxkit/destination-postgres/testing` entry.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

export * as PgDestination from "./PgDestination.ts"
