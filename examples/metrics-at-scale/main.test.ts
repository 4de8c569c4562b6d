import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

// A small run with --check: the in-database numbers against the in-process ones on every row.
const output = execFileSync(
  process.execPath,
  [
    fileURLToPath(new URL("./main.ts", import.meta.url)),
    "--responses",
    "60000",
    "--customers",
    "6000",
    "--check"
  ],
  { encoding: "utf8" }
)

describe("metrics-at-scale example", () => {
  it("computes NPS by channel and month, a BG/NBD fit and monthly churn in the database", () => {
    expect(output).toMatch(/generated 60000 responses and \d+ orders of 6000 customers/)
    expect(output).toMatch(/NPS by channel and month in the database: 240 groups/)
    expect(output).toMatch(/channel-00 {2}NPS \d+\.\d{2} {2}95% CI \[\d+\.\d{2}, \d+\.\d{2}\] {2}n=\d+/)
    expect(output).toMatch(/RFM in the database and BG\/NBD fit: \d+ customers in \d+ patterns/)
    expect(output).toMatch(/r \d+\.\d{4} {2}alpha \d+\.\d{4} {2}a \d+\.\d{4} {2}b \d+\.\d{4}/)
    expect(output).toMatch(/monthly churn in the database: 18 months/)
    expect(output).toMatch(/1997-06 {2}at start \d+ {2}new \d+ {2}churned \d+ {2}rate 0\.\d{4}/)
  })
  it("prints the SQL it ran, with its values written in", () => {
    expect(output).toContain(
      `WHERE json_extract_string("question", '$.metric') = 'nps' GROUP BY _s0, _w, _score`
    )
  })
  it("equals the in-process computation on every row", () => {
    expect(output).toMatch(/NPS groups equal, RFM patterns equal, churn series equal/)
  })
})
