/**
 * The App Store Connect connector for cxkit: customer reviews and the developer's responses. The loopback mock is the `@cxkit/connector-appstore/testing` entry.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

/**
 * The connector: config, record Schemas, streams, the `AppStoreApi` service, `layer` and `connector`.
 *
 * @since 0.1.0
 */
export * as AppStoreConnector from "./AppStoreConnector.ts"
/**
 * From records to core models.
 *
 * @since 0.1.0
 */
export * as AppStoreMapping from "./AppStoreMapping.ts"
