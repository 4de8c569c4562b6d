// Conformance checks: cursor edge cases: ties at page boundaries, a future state, loops, result caps.
import { Effect } from "effect"
import * as MockServer from "../../testing/MockServer.ts"
import { connector as H } from "../hints.ts"
import {
  assertThat,
  check,
  describeKeys,
  expectedKeys,
  type Group,
  recordKeys,
  resourcesOf,
  serialize,
  sortedFixtures,
  statusOf
} from "./harness.ts"

export const cursors: Group = (h) => {
  const {
    connector,
    options,
    runSync,
    completed,
    allComplete,
    everythingDelivered,
    freshStore,
    resumeFromEveryCheckpoint,
    incrementalStreams,
    withMock
  } = h
  const withTies = (server: MockServer.MockServer) => {
    for (const { path, resource } of incrementalStreams(server)) {
      const field = resource.cursorField as string
      const rows = sortedFixtures(server, path)
      const pageSize = resource.pageSize ?? 100
      for (let b = pageSize; b < rows.length; b += pageSize) {
        const previous = rows[b - 1] as MockServer.Fixture
        rows[b] = { ...(rows[b] as MockServer.Fixture), [field]: previous[field] }
      }
      server.setRecords(path, rows)
    }
  }

  return [
    check("ties: records sharing a cursor value across a page boundary are neither lost nor repeated", () =>
      withMock(async (server) => {
        withTies(server)
        const first = await runSync(server, { store: freshStore() })
        allComplete(first, server, "sync with ties")
        everythingDelivered(server, first, "sync with ties", { noDuplicates: true, lost: H.ties })
        await resumeFromEveryCheckpoint(server, first, "sync with ties")
        const store = freshStore()
        await runSync(server, { store })
        const second = await runSync(server, { store })
        for (const { resource } of incrementalStreams(server)) {
          const again = recordKeys(second.events, resource.stream)
          assertThat(
            again.length === 0,
            () => `with ties, a second sync re-delivered ${describeKeys(again)}`,
            H.duplicated
          )
        }
      })
    ),
    check("future state: a cursor beyond the newest record yields no records and no failure", () =>
      withMock(async (server) => {
        const store = freshStore()
        for (const { resource } of incrementalStreams(server)) {
          const field = resource.cursorField as string
          const sample = resource.records[0]?.[field]
          const value = typeof sample === "number" ? 9_000_000_000_000 : "9999-12-31T23:59:59.000Z"
          Effect.runSync(
            store.set(connector.id, resource.stream, {
              v: 1,
              mode: "incremental",
              complete: true,
              cursor: { value, keys: [] }
            })
          )
        }
        const result = await runSync(server, { store })
        allComplete(result, server, "sync from a future state")
        for (const { resource } of incrementalStreams(server)) {
          const got = recordKeys(result.events, resource.stream)
          assertThat(
            got.length === 0,
            () => `a future state of "${resource.stream}" still delivered ${describeKeys(got)}`,
            H.futureState
          )
        }
      })
    ),
    check("pagination: a source repeating its cursor fails with reason source-bug instead of looping", () =>
      withMock(async (server) => {
        const target = resourcesOf(server, options.server).find(({ path, resource }) => {
          return server.records(path).length > 2 * (resource.pageSize ?? 100)
        })
        if (target === undefined) return
        server.inject({
          fault: MockServer.repeatPage(),
          path: target.path,
          after: 1,
          times: Number.POSITIVE_INFINITY
        })
        const result = await runSync(server, { store: freshStore() })
        completed(result, "sync with a repeating cursor")
        const status = statusOf(result.events, target.resource.stream)
        assertThat(
          status?.status === "failed" && status.error.reason === "source-bug",
          () =>
            `a repeating cursor ended "${target.resource.stream}" with ${serialize(status)}, expected failed with reason source-bug`,
          H.loops
        )
      })
    ),
    check("result cap: records beyond a result cap are never lost silently", () =>
      withMock(async (server) => {
        for (const { path, resource } of resourcesOf(server, options.server)) {
          server.inject({ fault: MockServer.cap(2 * (resource.pageSize ?? 100)), path })
        }
        const result = await runSync(server, { store: freshStore() })
        completed(result, "sync with result caps")
        for (const { path, resource } of resourcesOf(server, options.server)) {
          const status = statusOf(result.events, resource.stream)
          if (status?.status === "failed") continue
          const got = new Set(recordKeys(result.events, resource.stream))
          const missing = [...expectedKeys(server, path)].filter((k) => !got.has(k))
          assertThat(
            missing.length === 0,
            () => `"${resource.stream}" completed under a result cap but lost ${describeKeys(missing)}`,
            H.resultCap
          )
        }
      })
    )
  ]
}
