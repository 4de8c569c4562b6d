/**
 * Test helpers for the Trustpilot connector: a loopback mock of the business unit reviews
 * endpoint, for tests, demos and the quickstart. Not for production code.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

export * as TrustpilotMock from "./TrustpilotMock.ts"
