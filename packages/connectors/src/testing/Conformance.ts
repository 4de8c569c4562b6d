/**
 * The conformance suite: one call runs the standard checks against any connector, on a
 * dataset-driven mock of its API. The `@cxkit/connectors/vitest` entry: `runConformance`
 * registers the checks with vitest, `checks` gives them as values. Waits (backoff, `Retry-After`, rate limits) run on
 * `TestClock`, so the suite takes seconds.
 *
 * @since 0.1.0
 */
import type { Layer } from "effect"
import type * as Connector from "../Connector.ts"
import type * as ConnectorError from "../ConnectorError.ts"
import { cursors } from "../internal/conformance/cursors.ts"
import { delivery } from "../internal/conformance/delivery.ts"
import { drift } from "../internal/conformance/drift.ts"
import { faults } from "../internal/conformance/faults.ts"
import { makeHarness } from "../internal/conformance/harness.ts"
import { hygiene } from "../internal/conformance/hygiene.ts"
import { liveChanges } from "../internal/conformance/liveChanges.ts"
import { resilience } from "../internal/conformance/resilience.ts"
import { setup } from "../internal/conformance/setup.ts"
import type * as MockServer from "./MockServer.ts"

/**
 * What the suite needs: the connector, the mock API (fixtures per resource, each naming the
 * stream it backs), how to build a raw config for a server URL (good and bad credentials), and
 * the secrets that must never leak.
 *
 * - `layer`: provides what the connector's layer needs (default: the loopback-guarded fetch
 *   `HttpClient`).
 * - `serve`: puts the plugin's own API front end (its mock) in front of the test kit server,
 *   for APIs the test kit does not speak (a search `POST`); the config then gets its URL.
 * - `requestTimeoutMillis`: set it (≤ 2000) when the config passes a short request timeout to
 *   also check recovery from a request that never answers.
 * - `maxRequests`: a sync sending more requests than this is a runaway (default 2000).
 *
 * @example
 * ```ts
 * import { ReferenceConnector } from "@cxkit/connectors/testing"
 * import { Conformance } from "@cxkit/connectors/vitest"
 *
 * const options: Conformance.Options<typeof ReferenceConnector.connector> = {
 *   connector: ReferenceConnector.connector,
 *   server: ReferenceConnector.mockApi({ token: "secret-token" }),
 *   config: (url) => ({ baseUrl: url, token: "secret-token" }),
 *   badConfig: (url) => ({ baseUrl: url, token: "wrong" }),
 *   secrets: ["secret-token"]
 * }
 * console.log(options.secrets)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Options<C extends Connector.Any> {
  readonly connector: C
  readonly server: MockServer.Options
  readonly config: (url: string) => unknown
  readonly badConfig: (url: string) => unknown
  readonly secrets: ReadonlyArray<string>
  readonly layer?: Layer.Layer<Connector.Requirements<C>, ConnectorError.ConnectorError> | undefined
  readonly serve?:
    | ((
        server: MockServer.MockServer
      ) => Promise<{ readonly url: string; readonly close: () => Promise<void> }>)
    | undefined
  readonly requestTimeoutMillis?: number | undefined
  readonly maxRequests?: number | undefined
}

/**
 * One check of the suite: `run` resolves when the connector conforms and rejects with an
 * explanation when it does not.
 *
 * @example
 * ```ts
 * import type { Conformance } from "@cxkit/connectors/vitest"
 *
 * const check: Conformance.Check = { name: "noop", run: async () => {} }
 * console.log(check.name)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Check {
  readonly name: string
  readonly run: () => Promise<void>
}

/**
 * The checks of the suite, to run or assert on individually (the suite's own tests use this
 * to show that deliberately broken connectors fail).
 *
 * @example
 * ```ts
 * import { ReferenceConnector } from "@cxkit/connectors/testing"
 * import { Conformance } from "@cxkit/connectors/vitest"
 *
 * const checks = Conformance.checks({
 *   connector: ReferenceConnector.connector,
 *   server: ReferenceConnector.mockApi({ token: "secret-token" }),
 *   config: (url) => ({ baseUrl: url, token: "secret-token" }),
 *   badConfig: (url) => ({ baseUrl: url, token: "wrong" }),
 *   secrets: ["secret-token"]
 * })
 * console.log(checks.length > 10) // true
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const checks = <C extends Connector.Any>(options: Options<C>): ReadonlyArray<Check> => {
  const h = makeHarness(options as unknown as Options<Connector.Any>)
  return [setup, delivery, liveChanges, cursors, faults, drift, resilience, hygiene].flatMap((group) =>
    group(h)
  )
}
