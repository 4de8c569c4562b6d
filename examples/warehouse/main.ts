// Syncs a (mock) Zendesk into a DuckDB file, exactly once, then asks the warehouse questions in
// SQL: every stream is a table (`zendesk_tickets`, …) with typed columns, the record as JSON and
// the destination's `_cxkit_*` columns. Run it twice: the second run fetches only what changed.
//
//   node examples/warehouse/main.ts [--warehouse FILE]    (default .cxkit/warehouse-example.duckdb)
import { parseArgs } from "node:util"
import { ZendeskConnector } from "@cxkit/connector-zendesk"
import { ZendeskMock } from "@cxkit/connector-zendesk/testing"
import { Connector, Sync } from "@cxkit/connectors"
import { DuckDbClient, DuckDbDestination } from "@cxkit/destination-duckdb"
import { Effect, Layer, Stream } from "effect"
import { FetchHttpClient } from "effect/http"

const { values } = parseArgs({ options: { warehouse: { type: "string" } } })
const filename = values.warehouse ?? ".cxkit/warehouse-example.duckdb"

const zendesk = await ZendeskMock.mock()
const program = Effect.gen(function* () {
  const config = yield* Connector.decodeConfig(ZendeskConnector.connector, {
    baseUrl: zendesk.url,
    email: zendesk.email,
    apiToken: zendesk.apiToken
  })
  // One client for the sync and the queries: DuckDB allows one process per file.
  const destination = yield* DuckDbDestination.fromClient()
  const events = yield* Stream.runCollect(
    Sync.run(ZendeskConnector.connector, { config, destination }).pipe(Stream.provide(FetchHttpClient.layer))
  )
  const fetched = events.filter((e) => e._tag === "Record").length
  console.log(`synced ${fetched} new or changed records into ${destination.location}`)

  const db = yield* DuckDbClient.DuckDbClient
  const byStatus = yield* db<{ readonly status: string; readonly tickets: number }>`
    SELECT status, count(*) AS tickets FROM zendesk_tickets
    WHERE _cxkit_deleted_at IS NULL GROUP BY status ORDER BY tickets DESC, status`
  console.log("tickets by status:", byStatus.map((r) => `${r.status} ${r.tickets}`).join(", "))
  const byChannel = yield* db<{ readonly channel: string; readonly tickets: number }>`
    SELECT via->>'channel' AS channel, count(*) AS tickets FROM zendesk_tickets
    WHERE _cxkit_deleted_at IS NULL GROUP BY channel ORDER BY tickets DESC, channel`
  console.log("tickets by channel:", byChannel.map((r) => `${r.channel} ${r.tickets}`).join(", "))
  const [state] = yield* db<{ readonly streams: number }>`
    SELECT count(*) AS streams FROM _cxkit_state WHERE namespace = 'zendesk'`
  console.log(`committed state for ${state?.streams} streams`)
})

try {
  await Effect.runPromise(
    program.pipe(Effect.scoped, Effect.provide(Layer.fresh(DuckDbClient.layer({ filename }))))
  )
} finally {
  await zendesk.close()
}
