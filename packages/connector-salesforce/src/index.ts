/**
 * The Salesforce connector for cxkit: accounts, contacts, leads, opportunities, cases and case
 * comments through SOQL on the REST API (incremental on `SystemModstamp`, deletions from the
 * delete log) and Bulk API 2.0 query jobs, with the OAuth 2.0 JWT bearer and refresh-token flows;
 * and their mapping to customers, lifecycle stage events and support touchpoints. The loopback
 * mock is the `@cxkit/connector-salesforce/testing` entry.
 *
 * @packageDocumentation
 * @since 0.2.0
 */

/**
 * The connector: config, record Schemas, streams, the `SalesforceApi` service, `layer` and `connector`.
 *
 * @since 0.2.0
 */
export * as SalesforceConnector from "./SalesforceConnector.ts"
/**
 * From records to core models: customers and identities, lifecycle stage events from lead
 * statuses and opportunity stages, support touchpoints from cases and case comments.
 *
 * @since 0.2.0
 */
export * as SalesforceMapping from "./SalesforceMapping.ts"
