// Conformance checks: unknown fields and changed field types.
import type * as MockServer from "../../testing/MockServer.ts"
import { connector as H } from "../hints.ts"
import { assertThat, check, type Group, resourcesOf, serialize, sortedFixtures, statusOf } from "./harness.ts"

export const drift: Group = (h) => {
  const { options, runSync, completed, allComplete, freshStore, withMock } = h
  return [
    check("drift: unknown fields are kept and reported; a changed field type fails the stream", () =>
      withMock(async (server) => {
        const [target] = resourcesOf(server, options.server)
        if (target === undefined) return
        const rows = sortedFixtures(server, target.path)
        const first = rows[0] as MockServer.Fixture
        server.upsert(target.path, { ...first, cxkitDriftProbe: "surprise" })
        const result = await runSync(server, { store: freshStore() })
        allComplete(result, server, "sync with an unknown field")
        assertThat(
          result.events.some(
            (e) =>
              e._tag === "SchemaDrift" &&
              e.stream === target.resource.stream &&
              e.fields.includes("cxkitDriftProbe")
          ),
          () => `no SchemaDrift event reported the unknown field of "${target.resource.stream}"`,
          H.driftHidden
        )
        const record = result.events.find(
          (e) =>
            e._tag === "Record" &&
            e.stream === target.resource.stream &&
            e.unknownFields?.cxkitDriftProbe === "surprise"
        )
        assertThat(
          record !== undefined,
          () => "the record with an unknown field did not keep it in unknownFields",
          H.driftHidden
        )
        const field = Object.keys(first).find(
          (k) =>
            k !== target.resource.primaryKey &&
            k !== target.resource.cursorField &&
            typeof first[k] !== "object"
        )
        if (field === undefined) return
        server.upsert(target.path, { ...first, [field]: { drifted: true } })
        const drifted = await runSync(server, { store: freshStore() })
        completed(drifted, "sync with a changed field type")
        const status = statusOf(drifted.events, target.resource.stream)
        assertThat(
          status?.status === "failed" && status.error.reason === "schema-drift",
          () =>
            `changing the type of "${field}" ended "${target.resource.stream}" with ${serialize(status)}, expected reason schema-drift`,
          H.driftAccepted
        )
      })
    )
  ]
}
