/**
 * Test helpers for the HubSpot connector: a loopback mock of the CRM v3 APIs built from
 * fixtures, and what the conformance suite needs.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as HubSpotTesting from "./HubSpotTesting.ts"
