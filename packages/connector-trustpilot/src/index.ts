/**
 * The Trustpilot connector for cxkit: the public reviews of a business unit and the company's
 * replies. The loopback mock is the `@cxkit/connector-trustpilot/testing` entry.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

export * as TrustpilotConnector from "./TrustpilotConnector.ts"
export * as TrustpilotMapping from "./TrustpilotMapping.ts"
