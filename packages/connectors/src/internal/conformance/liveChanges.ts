// Conformance checks: the source changes while a sync pages through it.
import { keyOf } from "../cursor.ts"
import { connector as H } from "../hints.ts"
import {
  assertThat,
  check,
  describeKeys,
  type Event,
  expectedKeys,
  type Group,
  recordKeys
} from "./harness.ts"

export const liveChanges: Group = (h) => {
  const { connector, runSync, allComplete, freshStore, incrementalStreams, withMock } = h
  return [
    check(
      "live changes: records edited, deleted and inserted during a sync are all right after one more incremental run",
      () =>
        withMock(async (server) => {
          const targets = incrementalStreams(server)
          const erased = new Map<string, Set<string>>()
          const plans = new Map<string, Array<(delivered: ReadonlySet<string>) => void>>()
          const events: Array<Event> = []
          for (const { path, resource } of targets) {
            const pk = resource.primaryKey
            const gone = new Set<string>()
            erased.set(resource.stream, gone)
            const live = () =>
              server
                .records(path)
                .filter((r) => r[resource.deletedField ?? "_deleted"] !== true)
                .map((r) => ({ record: r, key: keyOf(r, [pk]) as string }))
            // a record already delivered, or one not reached yet (the newest unseen one last)
            const pick = (delivered: ReadonlySet<string>, seen: boolean) => {
              const rows = live().filter((r) => delivered.has(r.key) === seen)
              return rows[seen ? 0 : Math.floor(rows.length / 2)]
            }
            const drop = (delivered: ReadonlySet<string>, seen: boolean) => {
              const row = pick(delivered, seen)
              if (row === undefined) return
              if (resource.supportsDeletes === true) server.remove(path, row.record[pk])
              else {
                server.erase(path, row.record[pk])
                gone.add(row.key)
              }
            }
            const edit = (delivered: ReadonlySet<string>, seen: boolean) => {
              const row = pick(delivered, seen)
              if (row !== undefined) server.touch(path, row.record[pk])
            }
            let inserted = 0
            const insert = () => {
              const template = live()[0]?.record
              if (template === undefined) return
              inserted++
              const key =
                typeof template[pk] === "number"
                  ? 800_000 + inserted
                  : `${String(template[pk])}-live${inserted}`
              server.upsert(path, {
                ...template,
                [pk]: key,
                ...(resource.cursorField ? { [resource.cursorField]: server.nextCursor(path) } : {})
              })
            }
            plans.set(path, [
              (d) => edit(d, true),
              (d) => drop(d, true),
              (d) => edit(d, false),
              () => insert(),
              (d) => drop(d, false),
              (d) => edit(d, true),
              (d) => drop(d, true)
            ])
          }
          server.beforeRequest((request) => {
            const plan = plans.get(request.path)
            const target = targets.find((t) => t.path === request.path)
            if (plan === undefined || target === undefined || request.served === 0) return
            plan.shift()?.(new Set(recordKeys(events, target.resource.stream)))
          })
          const store = freshStore()
          const first = await runSync(server, { store, events })
          server.beforeRequest(undefined)
          allComplete(first, server, "sync while the source changes")
          const second = await runSync(server, { store })
          allComplete(second, server, "the incremental run after it")
          for (const { path, resource } of targets) {
            const consumer = new Map<string, unknown>()
            for (const event of [...first.events, ...second.events]) {
              if (event.stream !== resource.stream) continue
              if (event._tag === "Record") consumer.set(event.key, event.record)
              else if (event._tag === "Deleted") consumer.delete(event.key)
            }
            const expected = expectedKeys(server, path)
            const missing = [...expected].filter((k) => !consumer.has(k))
            assertThat(
              missing.length === 0,
              () =>
                `"${resource.stream}" changed during the sync and the next incremental run still lacks ${describeKeys(missing)}: records were skipped`,
              H.skippedWhileChanging
            )
            // sources without a deletion feed cannot report records erased after delivery
            const gone = erased.get(resource.stream) ?? new Set<string>()
            const extra = [...consumer.keys()].filter((k) => !expected.has(k) && !gone.has(k))
            assertThat(
              extra.length === 0,
              () =>
                `"${resource.stream}" changed during the sync and the consumer still holds deleted records ${describeKeys(extra)}`,
              H.deletionMissed
            )
            const field = resource.cursorField
            const streamField = connector.streams.find((s) => s.name === resource.stream)?.cursorField
            if (field === undefined || streamField === undefined || streamField !== field) continue
            const stale = server.records(path).flatMap((row) => {
              const key = keyOf(row, [resource.primaryKey]) as string
              const held = consumer.get(key) as Record<string, unknown> | undefined
              if (held === undefined || !expected.has(key)) return []
              const a = held[field]
              if (typeof a !== "string" && typeof a !== "number") return []
              const b = row[field]
              const same =
                typeof a === typeof b
                  ? a === b || (typeof a === "string" && Date.parse(a) === Date.parse(String(b)))
                  : Number(a) === Number(b)
              return same ? [] : [key]
            })
            assertThat(
              stale.length === 0,
              () =>
                `"${resource.stream}" changed during the sync and the consumer holds old versions of ${describeKeys(stale)}`,
              H.staleWhileChanging
            )
          }
        })
    )
  ]
}
