/**
 * Test helpers for the Typeform connector: a loopback mock of the Create and Responses APIs, for
 * tests, demos and the quickstart. Not for production code.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

export * as TypeformMock from "./TypeformMock.ts"
