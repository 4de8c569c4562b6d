// Conformance checks: full and incremental syncs deliver every record, states resume.
import type * as MockServer from "../../testing/MockServer.ts"
import { keyOf } from "../cursor.ts"
import { connector as H } from "../hints.ts"
import { assertThat, check, describeKeys, type Group, recordKeys, sortedFixtures } from "./harness.ts"

export const delivery: Group = (h) => {
  const {
    runSync,
    allComplete,
    everythingDelivered,
    freshStore,
    resumeFromEveryCheckpoint,
    incrementalStreams,
    withMock
  } = h
  return [
    check("read: a full sync delivers every record of every stream exactly once", () =>
      withMock(async (server) => {
        const result = await runSync(server, { store: freshStore() })
        allComplete(result, server, "first sync")
        everythingDelivered(server, result, "first sync", { noDuplicates: true })
      })
    ),
    check("state: every state follows its records, resuming from each checkpoint loses nothing", () =>
      withMock(async (server) => {
        const first = await runSync(server, { store: freshStore() })
        allComplete(first, server, "first sync")
        assertThat(
          first.events.some((e) => e._tag === "State"),
          () => "the sync emitted no state",
          H.noState
        )
        await resumeFromEveryCheckpoint(server, first, "first sync")
      })
    ),
    check("incremental: a second run without changes delivers nothing again", () =>
      withMock(async (server) => {
        const store = freshStore()
        allComplete(await runSync(server, { store }), server, "first sync")
        const second = await runSync(server, { store })
        allComplete(second, server, "second sync")
        for (const { resource } of incrementalStreams(server)) {
          const again = recordKeys(second.events, resource.stream)
          const deleted = second.events.filter((e) => e._tag === "Deleted" && e.stream === resource.stream)
          assertThat(
            again.length === 0 && deleted.length === 0,
            () =>
              `second sync re-delivered ${again.length} records of "${resource.stream}" (${describeKeys(again)}) and ${deleted.length} deletions`,
            H.redelivered
          )
        }
      })
    ),
    check("incremental: updates, inserts and deletions since the last run are delivered", () =>
      withMock(async (server) => {
        const store = freshStore()
        allComplete(await runSync(server, { store }), server, "first sync")
        const expectations: Array<{ stream: string; keys: Array<string>; deleted: string | undefined }> = []
        for (const { path, resource } of incrementalStreams(server)) {
          const rows = sortedFixtures(server, path)
          if (rows.length < 3) continue
          const pk = resource.primaryKey
          const updated = rows[0] as MockServer.Fixture
          server.touch(path, updated[pk])
          const template = rows[1] as MockServer.Fixture
          const newKey =
            typeof template[pk] === "number" ? 900_000 + rows.length : `${String(template[pk])}-new`
          server.upsert(path, {
            ...template,
            [pk]: newKey,
            ...(resource.cursorField ? { [resource.cursorField]: server.nextCursor(path) } : {})
          })
          let deleted: string | undefined
          if (resource.supportsDeletes === true) {
            const gone = rows[2] as MockServer.Fixture
            server.remove(path, gone[pk])
            deleted = keyOf(gone, [pk])
          }
          expectations.push({
            stream: resource.stream,
            keys: [keyOf(updated, [pk]) as string, keyOf({ [pk]: newKey }, [pk]) as string],
            deleted
          })
        }
        const second = await runSync(server, { store })
        allComplete(second, server, "second sync")
        for (const { stream, keys, deleted } of expectations) {
          const got = new Set(recordKeys(second.events, stream))
          const missing = keys.filter((k) => !got.has(k))
          assertThat(
            missing.length === 0,
            () => `second sync of "${stream}" missed changed records ${describeKeys(missing)}`,
            H.changesMissed
          )
          if (deleted !== undefined) {
            assertThat(
              second.events.some((e) => e._tag === "Deleted" && e.stream === stream && e.key === deleted),
              () => `second sync of "${stream}" did not report the deletion of ${deleted}`,
              H.deletionMissed
            )
          }
        }
      })
    )
  ]
}
