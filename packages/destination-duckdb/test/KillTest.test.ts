import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, it } from "vitest"
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
    KillTest.assertComplete(report, 20)
  }, 180_000)
})
