import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const main = fileURLToPath(new URL("./main.ts", import.meta.url))
const chartPath = join(mkdtempSync(join(tmpdir(), "key-drivers-")), "chart.json")
const output = execFileSync(process.execPath, [main, chartPath], { encoding: "utf8" })

describe("key-drivers example", () => {
  it("gathers the survey into one row per order", () => {
    expect(output).toContain(
      "4800 answers from 800 respondents; drivers: Product quality, Delivery, Price, Newsletter, Effort"
    )
    expect(output).toContain("R² = 0.566 (95% CI 0.523–0.611, 1000 resamples)")
  })

  it("ranks the drivers, flags the newsletter as noise and agrees with the Shapley values", () => {
    expect(output).toMatch(
      /1 {2}Product quality\s+44\.7%\s+0\.253\s+\[0\.214, 0\.291\]\s+yes\s+44\.9%\s+49\.6\s+strength/
    )
    expect(output).toMatch(/2 {2}Delivery\s+39\.6%.*yes\s+39\.5%\s+36\.8\s+priority/)
    expect(output).toMatch(/5 {2}Newsletter\s+0\.2%.*no\s+0\.2%/)
    expect(output).toContain("Fix first: Delivery")
  })

  it("writes the importance–performance chart", () => {
    const chart = JSON.parse(readFileSync(chartPath, "utf8"))
    expect(chart.title).toBe("What drives NPS")
    expect(chart.layer[2].data.values.map((v: { driver: string }) => v.driver)).toEqual([
      "Product quality",
      "Delivery",
      "Effort",
      "Price",
      "Newsletter"
    ])
  })
})
