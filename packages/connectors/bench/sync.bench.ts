// Syncing 1,000,000 contacts in pages of 100 from the loopback mock server (in a worker thread)
// with `Sync.run` (HTTP client with retries and rate-limit handling, paginator with loop guard,
// Schema decoding, deduplication, a state commit per page), against a bare fetch + JSON.parse
// loop over the same server in the same run. Target: ≥ 0.7× the bare loop's throughput.
// `pnpm bench` prints the comparison; before it, one run of each at 100,000 and at 1,000,000
// records prints its throughput and peak live-heap growth, which must not grow with the count.
// BENCH_RECORDS overrides the large size (e.g. on a slow machine).
// Measured 2026-11-22 on the shared 2-core machine (load average 10+, so ±30% between runs):
// bench.compare over 1,000,000 records, bare 8.9 s vs Sync.run 14.2 s (0.63×; earlier runs
// 0.68× and 0.82×); the single runs, which force a GC every 250 ms to sample the live heap,
// read 0.32–0.35×. Live heap growth during a sync: +0.3 MB at 100,000 and +0.7 MB at
// 1,000,000 records, i.e. constant.
import { test } from "vitest"
import { bare, report, startServer, viaSync } from "./support.ts"

const LARGE = Number(process.env.BENCH_RECORDS ?? 1_000_000)
const SMALL = 100_000
const timeout = 1_800_000

// warm-up of both paths at the small size: JIT and keep-alive connections
await report({ label: "Sync.run", records: SMALL, warm: true })
await report({ label: "Sync.run", records: LARGE, warm: false })

test(`sync ${LARGE} records in pages of 100`, { timeout }, async ({ bench }) => {
  const server = await startServer(LARGE)
  try {
    await bench.compare(
      bench("bare fetch + JSON.parse loop", async () => void (await bare(server.url))),
      bench("Sync.run", async () => void (await viaSync(server.url))),
      { iterations: 2, warmupIterations: 0, time: 0, warmupTime: 0 }
    )
  } finally {
    await server.close()
  }
})
