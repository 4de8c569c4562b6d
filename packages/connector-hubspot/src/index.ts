/**
 * The HubSpot CRM connector for cxkit. The loopback mock and conformance helpers are the
 * `@cxkit/connector-hubspot/testing` entry.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as HubSpot from "./HubSpot.ts"
/**
 * The connector value (also `HubSpot.connector`).
 *
 * @since 0.1.0
 */
export { connector } from "./HubSpot.ts"
/**
 * @since 0.1.0
 */
export * as Mapping from "./Mapping.ts"
