/**
 * The Zendesk Support connector for cxkit: tickets, users, organizations and satisfaction ratings. The loopback mock is the `@cxkit/connector-zendesk/testing` entry.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

/**
 * The connector: config, record Schemas, streams, the `ZendeskApi` service, `layer` and `connector`.
 *
 * @since 0.1.0
 */
export * as ZendeskConnector from "./ZendeskConnector.ts"
/**
 * From records to core models.
 *
 * @since 0.1.0
 */
export * as ZendeskMapping from "./ZendeskMapping.ts"
