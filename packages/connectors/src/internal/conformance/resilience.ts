// Conformance checks: interrupted syncs and one failing stream among others.
import * as MockServer from "../../testing/MockServer.ts"
import { connector as H } from "../hints.ts"
import {
  assertThat,
  check,
  describeKeys,
  type Event,
  expectedKeys,
  type Group,
  recordKeys,
  resourcesOf,
  serialize,
  statusOf
} from "./harness.ts"

export const resilience: Group = (h) => {
  const { options, runSync, completed, allComplete, freshStore, withMock } = h
  return [
    check("interruption: a sync stopped at any point resumes from its last state with nothing lost", () =>
      withMock(async (server) => {
        const full = await runSync(server, { store: freshStore() })
        allComplete(full, server, "first sync")
        const total = full.events.length
        for (const fraction of [0.15, 0.35, 0.5, 0.7, 0.9]) {
          const cut = Math.max(1, Math.floor(total * fraction))
          const store = freshStore()
          const interrupted = await runSync(server, { store, take: cut })
          const resumed = await runSync(server, { store })
          allComplete(resumed, server, `resume after stopping at event ${cut}`)
          for (const { path, resource } of resourcesOf(server, options.server)) {
            const got = new Set([
              ...recordKeys(interrupted.events, resource.stream),
              ...recordKeys(resumed.events, resource.stream)
            ])
            const missing = [...expectedKeys(server, path)].filter((k) => !got.has(k))
            assertThat(
              missing.length === 0,
              () =>
                `stopping at event ${cut} of ${total} then resuming lost ${describeKeys(missing)} of "${resource.stream}"`,
              H.interrupted
            )
          }
        }
      })
    ),
    check("isolation: one failing stream does not stop the others and reports its last good state", () =>
      withMock(async (server) => {
        const targets = resourcesOf(server, options.server)
        const target = targets.find(
          ({ path, resource }) => server.records(path).length > (resource.pageSize ?? 100)
        )
        if (target === undefined || targets.length < 2) return
        server.inject({
          fault: MockServer.serverError(500),
          path: target.path,
          after: 1,
          times: Number.POSITIVE_INFINITY
        })
        const result = await runSync(server, { store: freshStore() })
        completed(result, "sync with a failing stream")
        const status = statusOf(result.events, target.resource.stream)
        assertThat(
          status?.status === "failed" && status.error.reason === "transient",
          () => `the failing stream "${target.resource.stream}" ended with ${serialize(status)}`,
          H.isolationReason
        )
        if (status?.status === "failed") {
          const lastState = [...result.events]
            .reverse()
            .find(
              (e): e is Extract<Event, { _tag: "State" }> =>
                e._tag === "State" && e.stream === target.resource.stream
            )
          assertThat(
            lastState === undefined || serialize(lastState.state) === serialize(status.lastState),
            () =>
              `the failed stream reported ${serialize(status.lastState)} as its last state, not ${serialize(lastState)}`,
            H.runnerState
          )
        }
        for (const { path, resource } of targets) {
          if (resource.stream === target.resource.stream) continue
          const other = statusOf(result.events, resource.stream)
          assertThat(
            other?.status === "completed",
            () => `stream "${resource.stream}" did not complete after another failed`,
            H.isolationOthers
          )
          const got = new Set(recordKeys(result.events, resource.stream))
          const missing = [...expectedKeys(server, path)].filter((k) => !got.has(k))
          assertThat(
            missing.length === 0,
            () => `stream "${resource.stream}" lost ${describeKeys(missing)} after another failed`,
            H.isolationOthers
          )
        }
      })
    )
  ]
}
