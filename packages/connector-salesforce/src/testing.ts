/**
 * Test helpers for the Salesforce connector: a loopback mock of the token endpoint, SOQL queries
 * with server-side cursors, describe, the delete log, Bulk API 2.0 query jobs, limits and error
 * bodies, built from a dataset, for tests, demos and the quickstart. Not for production code.
 *
 * @packageDocumentation
 * @since 0.2.0
 */

export * as SalesforceMock from "./SalesforceMock.ts"
