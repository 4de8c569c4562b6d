/**
 * Test helpers for the Zendesk connector: a loopback mock of the Support APIs built from a dataset, for tests, demos and the quickstart. Not
 * for production code.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

export * as ZendeskMock from "./ZendeskMock.ts"
