/**
 * The connector test kit: a dataset-driven mock server with fault injection and mutations, a
 * loopback-only network guard, test syncs on the `TestClock`, the destination checks and the
 * reference connector. It never loads vitest: the conformance suite is
 * `@cxkit/connectors/vitest`.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

export * as DestinationConformance from "./testing/DestinationConformance.ts"
export * as LoopbackServer from "./testing/LoopbackServer.ts"
export * as MockServer from "./testing/MockServer.ts"
export * as NetworkGuard from "./testing/NetworkGuard.ts"
export * as ReferenceConnector from "./testing/ReferenceConnector.ts"
export * as TestSync from "./testing/TestSync.ts"
