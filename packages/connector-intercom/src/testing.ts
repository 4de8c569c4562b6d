/**
 * Test helpers for the Intercom connector: a loopback mock of the REST API 2.11 built from a
 * dataset, for tests, demos and the quickstart. Not for production code.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

export * as IntercomMock from "./IntercomMock.ts"
