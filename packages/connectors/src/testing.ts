/**
 * The connector test kit: a dataset-driven mock server with fault injection, a loopback-only
 * network guard, the conformance suite and the reference connector.
 * Requires `vitest` (an optional peer dependency) for `Conformance.runConformance`.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as Conformance from "./testing/Conformance.ts"
/**
 * @since 0.1.0
 */
export * as DestinationConformance from "./testing/DestinationConformance.ts"
/**
 * @since 0.1.0
 */
export * as MockServer from "./testing/MockServer.ts"
/**
 * @since 0.1.0
 */
export * as NetworkGuard from "./testing/NetworkGuard.ts"
/**
 * @since 0.1.0
 */
export * as ReferenceConnector from "./testing/ReferenceConnector.ts"
/**
 * @since 0.1.0
 */
export * as TestSync from "./testing/TestSync.ts"
