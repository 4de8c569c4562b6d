import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const output = execFileSync(process.execPath, [fileURLToPath(new URL("./main.ts", import.meta.url))], {
  encoding: "utf8"
})

describe("churn-cohorts example", () => {
  it("prints the quarterly cohort tables", () => {
    expect(output).toContain(
      "Churn and retention: 160 customers, 167 subscription rows, observed until 2024-07-01"
    )
    expect(output).toContain("Cohort retention by acquisition quarter, % of customers active (on):")
    expect(output).toMatch(/cohort\s+size\s+\+0\s+\+1\s+\+2\s+\+3\s+\+4\s+\+5/)
    expect(output).toMatch(/2023-Q1\s+23\s+91\.3\s+56\.5\s+56\.5\s+52\.2\s+43\.5\s+43\.5/)
    expect(output).toMatch(/2023-Q1\s+23\s+91\.3\s+60\.9\s+60\.9\s+52\.2\s+43\.5\s+43\.5/)
    expect(output).toMatch(/2024-Q2\s+23\s+95\.7\n/)
  })

  it("prints revenue retention and churn under each denominator", () => {
    expect(output).toMatch(/2024-03\s+4369\s+20\s+0\s+391\s+91\.1%\s+91\.5%/)
    expect(output).toContain("June 2024: 82 customers at start, 10 new, 0 reactivated, 4 churned")
    expect(output).toMatch(/churn rate, start\s+4\.9%/)
    expect(output).toMatch(/churn rate, average\s+4\.7%/)
  })

  it("prints a Kaplan-Meier curve, the median and a log-rank test", () => {
    expect(output).toContain(
      "Kaplan-Meier, first subscription spell (160 customers, 74 churned, log-log 95% band):"
    )
    expect(output).toMatch(/\s12\s+26\s+0\.425\s+0\.329\s+0\.519/)
    expect(output).toContain("Median tenure: 9.0 months (95% CI 5.0 months to 12.0 months)")
    expect(output).toMatch(/chi-square 45\.72 on 1 df, p = 1\.37e-11/)
  })
})
