// `cxkit demo` (what `bash scripts/cx.sh quickstart` runs): the bundled mock servers synced
// into a fresh warehouse with the sample exports, twice; the second run fetches only what changed.
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { JsonOutput } from "../src/index.ts"
import { type Finished, run } from "./support/cli.ts"

const dir = mkdtempSync(join(tmpdir(), "cxkit-demo-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("cxkit demo", () => {
  let first: Finished
  let second: Finished
  beforeAll(async () => {
    first = await run(["demo", "--warehouse", join(dir, "cxkit.duckdb")], { cwd: dir })
    second = await run(["demo", "--warehouse", join(dir, "cxkit.duckdb"), "--json"], { cwd: dir })
  }, 120_000)

  it("syncs the nine mock sources, and a second run fetches only what changed", () => {
    expect(first.code, first.stderr).toBe(0)
    const output = first.stdout
    expect(output).toMatch(/hubspot\s+33\s+0\s+33\s+-/)
    expect(output).toMatch(/x\s+57\s+0\s+57\s+-/)
    expect(output).toMatch(/appstore\s+64\s+0\s+64\s+-/)
    expect(output).toMatch(/typeform\s+44\s+0\s+44\s+-/)
    expect(output).toMatch(/qualtrics\s+57\s+0\s+57\s+-/)
    expect(output).toMatch(/intercom\s+37\s+0\s+37\s+-/)
    expect(output).toMatch(/trustpilot\s+64\s+0\s+64\s+-/)
    expect(first.stderr).toContain("hubspot/contacts: 12 records")
    const again = Schema.decodeUnknownSync(JsonOutput.ReportOutput)(JSON.parse(second.stdout))
    const fetched = new Map(
      again.sync?.sources.map((s) => [s.source, s.streams.reduce((n, t) => n + t.records, 0)])
    )
    expect(Object.fromEntries(fetched)).toEqual({
      hubspot: 0,
      zendesk: 11,
      x: 0,
      reddit: 0,
      appstore: 0,
      typeform: 2,
      qualtrics: 2,
      intercom: 6,
      trustpilot: 0
    })
    // Zendesk's ratings and organizations (11 records), Typeform's forms, Qualtrics' survey
    // definitions (2 each) and Intercom's companies (6) are full-refresh streams; the second
    // Qualtrics export continues from the first one's continuation token and finds nothing new.
    const zendesk = again.sync?.sources.find((s) => s.source === "zendesk")
    expect(zendesk?.streams.filter((t) => t.mode === "full-refresh").map((t) => t.stream)).toEqual([
      "satisfaction_ratings",
      "organizations"
    ])
  })

  it("resolves identities across the sample and the synced sources", () => {
    const output = first.stdout
    expect(output).toContain("345 records from 14 sources resolved into 138 customers")
    expect(output).toContain(
      "crm:1001 + hubspot:hubspot:contact:101  (shared-email: email:ada.lovelace@example.com)"
    )
    expect(output).toContain("crm:1001 + x:ada_lov  (shared-handle: handle:x:ada_lov)")
    // The survey platforms' respondents and the Intercom contact join the CRM customer by email.
    expect(output).toContain(
      "crm:1001 + intercom:intercom:contact:6657c0de0000000000000001  (shared-email: email:ada.lovelace@example.com)"
    )
    expect(output).toContain(
      "crm:1001 + qualtrics:email:ada.lovelace@example.com  (shared-email: email:ada.lovelace@example.com)"
    )
    expect(output).toContain(
      "crm:1001 + typeform:email:ada.lovelace@example.com  (shared-email: email:ada.lovelace@example.com)"
    )
  })

  it("opens with the headline figures, then the detail", () => {
    const output = first.stdout
    expect(output.split("\n== ")[1]?.split("\n")[0]).toBe("Headline figures")
    expect(output).toMatch(/NPS \(all channels\)\s+-8 \(95% CI -22 to 7; n = 145\)/)
    expect(output).toMatch(/CSAT % satisfied \(all channels\)\s+52% \(95% CI 45 to 58; n = 213\)/)
    expect(output).toMatch(/Net revenue retention \(2024-Q4\)\s+99\.3%/)
  })

  it("reports survey metrics per channel with intervals, sentiment and review ratings", () => {
    const output = first.stdout
    expect(output).toMatch(/Email\s+18\s+-33\s+-63 to 6\s+15\s+60\s+36 to 80/)
    expect(output).toMatch(/Mobile app\s+23\s+30\s+-2 to 56/)
    expect(output).toMatch(/Review site\s+128\s+0\.17\s+38%\s+128\s+3\.13/)
    // Typeform's star rating and effort scale, mapped as CSAT and CES by the source's config.
    expect(output).toMatch(/Survey\s+85\s+-15\s+-33 to 4\s+30\s+40\s+25 to 58\s+0\s+-\s+30\s+3\.90/)
  })

  it("reports journeys, the funnel, lifecycle, churn, revenue retention, cohorts and LTV", () => {
    const output = first.stdout
    expect(output).toContain("291 journeys, 5.6 touchpoints each on average.")
    expect(output).toMatch(/purchase\s+24\s+89%\s+48%/)
    expect(output).toMatch(/31 stage events from the sources contradicted the forward-only policy/)
    expect(output).toContain(
      "Kaplan-Meier median subscription lifetime: not reached (24 subscriptions, 6 ended)"
    )
    expect(output).toMatch(/2024-Q3\s+7381\s+496\s+1000\s+597\s+78.4%\s+85.1%/)
    expect(output).toMatch(/2024-06\s+7\s+100%\s+100%\s+86%\s+71%/)
    expect(output).toMatch(/enterprise\s+7\s+770\s+2.3%\s+27256/)
  })

  it("gives the same report on the second run (--json has its sections)", () => {
    const again = Schema.decodeUnknownSync(JsonOutput.ReportOutput)(JSON.parse(second.stdout))
    const sections = first.stdout
      .split("\n== ")
      .slice(2)
      .map((s) => s.split("\n")[0])
    expect(again.report.sections.slice(1).map((s) => s.title)).toEqual(sections)
    const identities = again.report.sections.find((s) => s.title === "Identity resolution")
    expect(identities?.lines[0]).toBe("345 records from 14 sources resolved into 138 customers")
  })
})
