/**
 * Test helpers for the Reddit connector: a loopback mock of the listing and token APIs, for tests, demos and the quickstart. Not
 * for production code.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

export * as RedditMock from "./RedditMock.ts"
