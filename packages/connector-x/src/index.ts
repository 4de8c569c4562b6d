/**
 * The X (Twitter) API v2 connector for cxkit: brand mentions from recent search, mapped to `social` touchpoints. The loopback mock is the `@cxkit/connector-x/testing` entry.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

/**
 * The connector: config, record Schemas, streams, the `XApi` service, `layer` and `connector`.
 *
 * @since 0.1.0
 */
export * as XConnector from "./XConnector.ts"
/**
 * From records to core models.
 *
 * @since 0.1.0
 */
export * as XMapping from "./XMapping.ts"
