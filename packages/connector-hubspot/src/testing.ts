/**
 * Test helpers for the HubSpot connector: a loopback mock of the CRM v3 APIs built from a dataset, for tests, demos and the quickstart. Not
 * for production code.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

export * as HubSpotMock from "./HubSpotMock.ts"
