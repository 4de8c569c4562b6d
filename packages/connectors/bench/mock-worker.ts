// Serves `workerData.records` synthetic contacts from the loopback mock in a worker thread, so
// the server does not share the measured thread's event loop. Posts the server URL when ready.
import { parentPort, workerData } from "node:worker_threads"
import * as MockServer from "../src/testing/MockServer.ts"

const total = (workerData as { records: number }).records
const records = Array.from({ length: total }, (_, i) => ({
  id: `r${String(i).padStart(8, "0")}`,
  name: `Contact ${i}`,
  email: `contact${i}@example.com`,
  updatedAt: 1_700_000_000 + i
}))
const server = await MockServer.start({
  auth: { _tag: "Bearer", token: "bench-token" },
  resources: { "/v1/contacts": { records, primaryKey: "id", cursorField: "updatedAt", pageSize: 100 } }
})
parentPort?.postMessage(server.url)
parentPort?.on("message", (message) => {
  if (message === "close") void server.close().then(() => process.exit(0))
})
