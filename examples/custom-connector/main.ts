// Syncs the ReviewHub connector against its mock, twice: the second run is incremental and
// only picks up what changed. Run with `node examples/custom-connector/main.ts`.
import { Connector, StateStore, Sync } from "@cxkit/connectors"
import { MockServer } from "@cxkit/connectors/testing"
import { Effect } from "effect"
import { connector } from "./connector.ts"
import { apiKey, mockApi } from "./mock.ts"

export const main = async () => {
  const server = await MockServer.start(mockApi)
  try {
    const config = await Effect.runPromise(Connector.decodeConfig(connector, { baseUrl: server.url, apiKey }))
    const stateStore = Effect.runSync(StateStore.makeMemory)
    const first = await Sync.toArray(connector, { config, stateStore })
    server.touch("/api/v2/reviews", "rev_0003", { text: "Edited: much better now" })
    server.remove("/api/v2/reviews", "rev_0007")
    const second = await Sync.toArray(connector, { config, stateStore })
    const summary = {
      firstRun: {
        reviews: Sync.records(first, "reviews").length,
        locations: Sync.records(first, "locations").length
      },
      secondRun: {
        reviews: Sync.records(second, "reviews").map((e) => e.record.text),
        deleted: second.flatMap((e) => (e._tag === "Deleted" ? [e.key] : []))
      }
    }
    console.log(JSON.stringify(summary, null, 2))
    return summary
  } finally {
    await server.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
