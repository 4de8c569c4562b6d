/**
 * The HubSpot CRM connector for cxkit: contacts, companies, deals and tickets from the CRM v3 APIs. The loopback mock is the `@cxkit/connector-hubspot/testing` entry.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

/**
 * The connector: config, record Schemas, streams, the `HubSpotApi` service, `layer` and `connector`.
 *
 * @since 0.1.0
 */
export * as HubSpotConnector from "./HubSpotConnector.ts"
/**
 * From records to core models.
 *
 * @since 0.1.0
 */
export * as HubSpotMapping from "./HubSpotMapping.ts"
