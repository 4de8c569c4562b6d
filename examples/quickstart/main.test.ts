import { execFileSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"

const state = mkdtempSync(join(tmpdir(), "cxkit-quickstart-"))
afterAll(() => rmSync(state, { recursive: true, force: true }))

const run = () =>
  execFileSync(
    process.execPath,
    [fileURLToPath(new URL("./main.ts", import.meta.url)), "--warehouse", join(state, "cxkit.duckdb")],
    {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"]
    }
  )

describe("quickstart", () => {
  const output = run()
  const second = run()

  it("syncs the five mock sources, and a second run fetches only what changed", () => {
    expect(output).toMatch(/hubspot\s+33\s+0\s+33\s+-/)
    expect(output).toMatch(/x\s+57\s+0\s+57\s+-/)
    expect(output).toMatch(/appstore\s+64\s+0\s+64\s+-/)
    expect(second).toMatch(/hubspot\s+0\s+0\s+33\s+-/)
    expect(second).toMatch(/x\s+0\s+0\s+57\s+-/)
    expect(second).toMatch(/appstore\s+0\s+0\s+64\s+-/)
    // Zendesk's ratings and organizations (11 records) are full-refresh streams.
    expect(second).toMatch(/zendesk\s+11\s+0\s+30\s+-/)
  })

  it("resolves identities across the sample and the synced sources", () => {
    expect(output).toContain("278 records from 10 sources resolved into 99 customers")
    expect(output).toContain(
      "crm:1001 + hubspot:hubspot:contact:101  (shared-email: email:ada.lovelace@example.com)"
    )
    expect(output).toContain("crm:1001 + x:ada_lov  (shared-handle: handle:x:ada_lov)")
  })

  it("reports survey metrics per channel with intervals, sentiment and review ratings", () => {
    expect(output).toMatch(/Email\s+18\s+-33\s+-63 to 6\s+13\s+54\s+29 to 77/)
    expect(output).toMatch(/Mobile app\s+23\s+30\s+-2 to 56/)
    expect(output).toMatch(/Review site\s+64\s+0\.21\s+38%\s+64\s+3\.13/)
  })

  it("reports journeys, the funnel, lifecycle, churn, revenue retention, cohorts and LTV", () => {
    expect(output).toContain("248 journeys, 3.6 touchpoints each on average.")
    expect(output).toMatch(/purchase\s+24\s+89%\s+48%/)
    expect(output).toMatch(/31 stage events from the two CRMs contradicted the forward-only policy/)
    expect(output).toContain(
      "Kaplan-Meier median subscription lifetime: not reached (24 subscriptions, 6 ended)"
    )
    expect(output).toMatch(/2024-Q3\s+7381\s+496\s+1000\s+597\s+78.4%\s+85.1%/)
    expect(output).toMatch(/2024-06\s+7\s+100%\s+100%\s+86%\s+71%/)
    expect(output).toMatch(/enterprise\s+7\s+770\s+2.3%\s+27256/)
  })

  it("gives the same report on the second run", () => {
    const report = (text: string) => text.slice(text.indexOf("== Identity resolution"))
    expect(report(second)).toBe(report(output))
  })
})
