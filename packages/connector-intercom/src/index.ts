/**
 * The Intercom connector for cxkit: contacts, companies, conversations (with their parts and
 * ratings) and tickets from the REST API 2.11. The loopback mock is the
 * `@cxkit/connector-intercom/testing` entry.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

/**
 * The connector: config, record Schemas, streams, the `IntercomApi` service, `layer` and `connector`.
 *
 * @since 0.1.0
 */
export * as IntercomConnector from "./IntercomConnector.ts"
/**
 * From records to core models.
 *
 * @since 0.1.0
 */
export * as IntercomMapping from "./IntercomMapping.ts"
