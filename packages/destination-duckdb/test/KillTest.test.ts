import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, describe, it } from "vitest"
import * as KillTest from "../../connectors/test/support/KillTest.ts"

const dir = mkdtempSync(join(tmpdir(), "cxkit-duckdb-kill-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("DuckDbDestination killed with SIGKILL", () => {
  it("holds exactly the source's records after each of 20 kills and resumes, and after the last run", async () => {
    const report = await KillTest.run({
      destination: {
        module: new URL("../src/DuckDbDestination.ts", import.meta.url).href,
        options: { filename: join(dir, "cxkit.duckdb") }
      },
      records: 100_000,
      pageSize: 500,
      kills: 20,
      seed: 20261202
    })
    console.log(KillTest.summary("duckdb", report))
    assert.strictEqual(report.kills.length, 20)
    assert.strictEqual(report.final.liveRows, report.source.live)
    assert.strictEqual(report.final.deletedRows, report.changes.syncedDeletions)
    // the kills landed both inside page transactions and between them
    assert.isTrue(report.kills.some((k) => k.diedApplying))
    assert.isTrue(report.kills.some((k) => !k.diedApplying))
  }, 180_000)
})
