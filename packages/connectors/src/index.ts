/**
 * The connector plugin contract, sync runner, destinations, HTTP toolkit and file sources.
 * The test kit is the `@cxkit/connectors/testing` entry.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as Connector from "./Connector.ts"
/**
 * @since 0.1.0
 */
export * as ConnectorError from "./ConnectorError.ts"
/**
 * @since 0.1.0
 */
export * as Destination from "./Destination.ts"
/**
 * @since 0.1.0
 */
export * as FileSource from "./FileSource.ts"
/**
 * @since 0.1.0
 */
export * as Http from "./Http.ts"
/**
 * @since 0.1.0
 */
export * as Paginate from "./Paginate.ts"
/**
 * @since 0.1.0
 */
export * as SourceStream from "./SourceStream.ts"
/**
 * @since 0.1.0
 */
export * as SqlDestination from "./SqlDestination.ts"
/**
 * @since 0.1.0
 */
export * as StateStore from "./StateStore.ts"
/**
 * @since 0.1.0
 */
export * as Sync from "./Sync.ts"
