/**
 * Guards that make a test fail loudly when anything tries to reach a host other than loopback.
 *
 * @module
 * @since 0.1.0
 */
import { Effect, Layer } from "effect"
import { FetchHttpClient, HttpClient } from "effect/http"

/**
 * Whether a host name is a loopback address (`127.0.0.0/8`, `::1`, `localhost`).
 *
 * @example
 * ```ts
 * import { NetworkGuard } from "@cxkit/connectors/testing"
 *
 * console.log(NetworkGuard.isLoopback("127.0.0.1"), NetworkGuard.isLoopback("api.hubapi.com")) // true false
 * ```
 *
 * @since 0.1.0
 * @category guards
 */
export const isLoopback = (hostname: string): boolean => {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase()
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}

const refuse = (url: string) =>
  new Error(`NetworkGuard: refused a request to ${new URL(url).origin}; tests may only reach loopback hosts`)

/**
 * Wraps an `HttpClient` so that a request to a non-loopback host dies with a clear defect.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { FetchHttpClient, HttpClient } from "effect/http"
 * import { NetworkGuard } from "@cxkit/connectors/testing"
 *
 * const program = Effect.gen(function* () {
 *   const client = NetworkGuard.guard(yield* HttpClient.HttpClient)
 *   return yield* Effect.exit(client.get("https://example.com/"))
 * })
 * Effect.runPromise(Effect.provide(program, FetchHttpClient.layer)).then((exit) => console.log(exit._tag)) // Failure
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const guard = <E, R>(client: HttpClient.HttpClient.With<E, R>): HttpClient.HttpClient.With<E, R> =>
  HttpClient.mapRequestEffect(client, (request) =>
    isLoopback(new URL(request.url).hostname) ? Effect.succeed(request) : Effect.die(refuse(request.url))
  )

/**
 * The fetch-based `HttpClient`, guarded: what the conformance suite gives connectors.
 *
 * @example
 * ```ts
 * import { NetworkGuard } from "@cxkit/connectors/testing"
 *
 * console.log(typeof NetworkGuard.layer)
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<HttpClient.HttpClient> = Layer.effect(
  HttpClient.HttpClient,
  Effect.gen(function* () {
    return guard(yield* HttpClient.HttpClient)
  })
).pipe(Layer.provide(FetchHttpClient.layer))

/**
 * Replaces `globalThis.fetch` with a guarded one (for code that bypasses effect's client);
 * returns the function that restores it.
 *
 * @example
 * ```ts
 * import { NetworkGuard } from "@cxkit/connectors/testing"
 *
 * const restore = NetworkGuard.installFetchGuard()
 * fetch("https://example.com/").catch((e) => console.log(e.message.startsWith("NetworkGuard"))) // true
 * restore()
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const installFetchGuard = (): (() => void) => {
  const original = globalThis.fetch
  globalThis.fetch = (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url
    if (!isLoopback(new URL(url).hostname)) return Promise.reject(refuse(url))
    return original(input, init)
  }
  return () => {
    globalThis.fetch = original
  }
}
