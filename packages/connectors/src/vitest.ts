/**
 * The connector conformance suite for vitest (an optional peer dependency): `runConformance`
 * registers one `it` per check. Kept apart from `@cxkit/connectors/testing` so mocks and test
 * syncs load without vitest.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

export * as Conformance from "./vitest/Conformance.ts"
