/**
 * The conformance suite for vitest: the checks of `testing/Conformance.ts` (no vitest there, so
 * runtime code importing `@cxkit/connectors/testing` never loads it) and `runConformance`.
 *
 * @module
 * @since 0.1.0
 */
import { describe, it } from "vitest"
import type * as Connector from "../Connector.ts"
import { checks, type Options } from "../testing/Conformance.ts"

export * from "../testing/Conformance.ts"

/**
 * Registers the suite with vitest: one `describe` with one `it` per check.
 *
 * @example
 * import { ReferenceConnector } from "@cxkit/connectors/testing"
 * import { Conformance } from "@cxkit/connectors/vitest"
 *
 * // in a *.test.ts file:
 * Conformance.runConformance({
 *   connector: ReferenceConnector.connector,
 *   server: ReferenceConnector.mockApi({ token: "secret-token" }),
 *   config: (url) => ({ baseUrl: url, token: "secret-token" }),
 *   badConfig: (url) => ({ baseUrl: url, token: "wrong" }),
 *   secrets: ["secret-token"]
 * })
 *
 * @since 0.1.0
 * @category testing
 */
export const runConformance = <C extends Connector.Any>(options: Options<C>): void => {
  describe(`conformance: ${options.connector.id}`, () => {
    for (const check of checks(options)) it(check.name, check.run, 30_000)
  })
}
