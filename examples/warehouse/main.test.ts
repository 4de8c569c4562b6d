import { execFileSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"

const dir = mkdtempSync(join(tmpdir(), "cxkit-warehouse-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const run = () =>
  execFileSync(
    process.execPath,
    [fileURLToPath(new URL("./main.ts", import.meta.url)), "--warehouse", join(dir, "w.duckdb")],
    { encoding: "utf8" }
  )

describe("warehouse example", () => {
  const first = run()
  const second = run()
  it("syncs into the DuckDB file and answers SQL from the synced tables", () => {
    expect(first).toMatch(/^synced 30 new or changed records into duckdb file .*w\.duckdb$/m)
    expect(first).toMatch(/^tickets by status: \w+ \d+/m)
    expect(first).toContain("committed state for 4 streams")
  })
  it("fetches only what changed on the second run, and the tables say the same", () => {
    expect(second).toMatch(/^synced 11 new or changed records/m)
    const answers = (text: string) => text.split("\n").slice(1).join("\n")
    expect(answers(second)).toBe(answers(first))
  })
})
