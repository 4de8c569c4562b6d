/**
 * Test helpers for the Qualtrics connector: a loopback mock of survey definitions and the
 * response export (progress over polls, zip files, continuation tokens, limits and error
 * bodies), for tests, demos and the quickstart. Not for production code.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

export * as QualtricsMock from "./QualtricsMock.ts"
