import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const run = (args: ReadonlyArray<string> = []) =>
  execFileSync(process.execPath, [fileURLToPath(new URL("./main.ts", import.meta.url)), ...args], {
    encoding: "utf8"
  })

describe("quickstart", () => {
  const output = run()

  it("resolves the sample's identities", () => {
    expect(output).toContain("221 records from 6 sources resolved into 54 customers")
    expect(output).toMatch(/shared-email\s+154/)
    expect(output).toContain("crm:1001 + x:ada_lov  (shared-handle: handle:x:ada_lov)")
  })

  it("builds journeys and lifecycles", () => {
    expect(output).toContain("205 journeys, 3.1 touchpoints each on average.")
    expect(output).toMatch(/purchase\s+163\s+98\s+40%\s+79/)
    expect(output).toMatch(/customer\s+18/)
  })

  it("reports survey metrics per channel with intervals", () => {
    expect(output).toMatch(/Email\s+18\s+-33\s+-63 to 6\s+13\s+54\s+29 to 77/)
    expect(output).toMatch(/Mobile app\s+23\s+30\s+-2 to 56/)
  })

  it("reports the funnel, churn, revenue retention, cohorts and LTV", () => {
    expect(output).toMatch(/purchase\s+24\s+89%\s+48%/)
    expect(output).toContain(
      "Kaplan-Meier median subscription lifetime: not reached (24 subscriptions, 6 ended)"
    )
    expect(output).toMatch(/2024-Q3\s+7381\s+496\s+1000\s+597\s+78.4%\s+85.1%/)
    expect(output).toMatch(/2024-06\s+7\s+100%\s+100%\s+86%\s+71%/)
    expect(output).toMatch(/enterprise\s+7\s+770\s+2.3%\s+27256/)
  })
})
