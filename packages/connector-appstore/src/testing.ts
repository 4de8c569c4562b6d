/**
 * Test helpers for the AppStore connector: a loopback mock of customerReviews with ES256 token checks, for tests, demos and the quickstart. Not
 * for production code.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

export * as AppStoreMock from "./AppStoreMock.ts"
