// Conformance checks: rate limits, server errors, timeouts and exhausted quotas.
import * as MockServer from "../../testing/MockServer.ts"
import { connector as H } from "../hints.ts"
import { assertThat, check, type Group, resourcesOf, serialize, statusOf } from "./harness.ts"

export const faults: Group = (h) => {
  const { options, runSync, completed, allComplete, everythingDelivered, freshStore, withMock } = h
  return [
    check(
      "faults: recovers from 429 with and without Retry-After (seconds, HTTP date, rate-limit headers)",
      () =>
        withMock(async (server) => {
          server.inject({ fault: MockServer.rateLimited({ retryAfter: 2 }), after: 1 })
          server.inject({ fault: MockServer.rateLimited({ retryAfter: 3, asDate: true }), after: 2 })
          server.inject({ fault: MockServer.rateLimited(), after: 3 })
          server.inject({ fault: MockServer.rateLimited({ rateLimitHeaders: true }), after: 4 })
          const result = await runSync(server, { store: freshStore() })
          allComplete(result, server, "sync through 429s")
          everythingDelivered(server, result, "sync through 429s")
        })
    ),
    check("faults: recovers from 5xx and non-JSON error bodies", () =>
      withMock(async (server) => {
        server.inject({ fault: MockServer.serverError(503), after: 1, times: 2 })
        server.inject({ fault: MockServer.nonJson(502), after: 3 })
        server.inject({ fault: MockServer.serverError(500), after: 5 })
        const result = await runSync(server, { store: freshStore() })
        allComplete(result, server, "sync through 5xx")
        everythingDelivered(server, result, "sync through 5xx")
      })
    ),
    ...(options.requestTimeoutMillis === undefined
      ? []
      : [
          check("faults: recovers from a request that never answers", () =>
            withMock(async (server) => {
              server.inject({ fault: MockServer.timeout(), after: 1 })
              const result = await runSync(server, { store: freshStore() })
              allComplete(result, server, "sync through a timeout")
              everythingDelivered(server, result, "sync through a timeout")
            })
          )
        ]),
    check(
      "quota: an exhausted quota fails its stream with reason quota-exhausted, without retrying for a day",
      () =>
        withMock(async (server) => {
          const [target] = resourcesOf(server, options.server)
          if (target === undefined) return
          server.inject({
            fault: MockServer.quotaExhausted(),
            path: target.path,
            after: 1,
            times: Number.POSITIVE_INFINITY
          })
          const result = await runSync(server, { store: freshStore() })
          completed(result, "sync with an exhausted quota")
          const status = statusOf(result.events, target.resource.stream)
          assertThat(
            status?.status === "failed" && status.error.reason === "quota-exhausted",
            () =>
              `stream "${target.resource.stream}" ended with ${serialize(status)}, expected failed with reason quota-exhausted`,
            H.quota
          )
          const hits = server.requests.filter((r) => r.path === target.path && r.status === 429).length
          assertThat(
            hits <= 3,
            () => `the exhausted quota was hit ${hits} times: it must not be retried like a rate limit`,
            H.quota
          )
        })
    )
  ]
}
