/**
 * The connector plugin contract, sync runner, destinations, HTTP toolkit and file sources.
 * The test kit is the `@cxkit/connectors/testing` entry.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

export * as Action from "./Action.ts"
export * as Connector from "./Connector.ts"
export * as ConnectorError from "./ConnectorError.ts"
export * as Destination from "./Destination.ts"
export * as FileSource from "./FileSource.ts"
export * as Http from "./Http.ts"
export * as Paginate from "./Paginate.ts"
export * as SourceStream from "./SourceStream.ts"
export * as SqlDestination from "./SqlDestination.ts"
export * as StateStore from "./StateStore.ts"
export * as Sync from "./Sync.ts"
