/**
 * Test helpers for the Zendesk connector: a loopback mock of the Support APIs built from
 * fixtures, and what the conformance suite needs.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as ZendeskTesting from "./ZendeskTesting.ts"
