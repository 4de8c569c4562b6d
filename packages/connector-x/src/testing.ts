/**
 * Test helpers for the X connector: a loopback mock of recent search, for tests, demos and the quickstart. Not
 * for production code.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

export * as XMock from "./XMock.ts"
