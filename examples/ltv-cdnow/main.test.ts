import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const output = execFileSync(process.execPath, [fileURLToPath(new URL("./main.ts", import.meta.url))], {
  encoding: "utf8"
})

describe("ltv-cdnow", () => {
  it("summarises the CDNOW sample with a 39 + 39 week split", () => {
    expect(output).toContain("6919 transactions, 2357 customers, 946 repeat buyers")
    expect(output).toContain("holdout: 39 weeks to 1998-06-30")
  })

  it("reproduces the published BG/NBD, MBG/NBD and Pareto/NBD fits", () => {
    // Fader, Hardie & Lee (2005); MBG/NBD as BTYDplus and lifetimes report it.
    expect(output).toMatch(/BG\/NBD {6}r = 0\.243 .*alpha = 4\.414 .*a = 0\.793 .*b = 2\.426 .*LL = -9582\.4/)
    expect(output).toMatch(
      /MBG\/NBD {5}r = 0\.525 .*alpha = 6\.183 .*a = 0\.891 .*b = 1\.614 .*LL = -9582\.1/
    )
    expect(output).toMatch(
      /Pareto\/NBD {2}r = 0\.553 .*alpha = 10\.578 .*s = 0\.606 .*beta = 11\.669 .*LL = -9595\.0/
    )
  })

  it("tracks cumulative repeat purchases by week and maps P(alive)", () => {
    // 2,457 calibration repeat purchases (FHL 2005); the models under-predict the holdout by 2-7 %.
    expect(output).toMatch(/ 39\s+2457\s+2494\s+2476\s+2525\n/)
    expect(output).toMatch(/ 78\s+4339\s+4161\s+4050\s+4270\n/)
    expect(output).toContain("  6    0.00 0.03 0.50 0.90")
    expect(output).toContain("P(0, 1, 2, 3 purchases in the next 39 weeks) = 0.445, 0.239, 0.144, 0.081")
  })

  it("validates on the holdout and values the customers", () => {
    expect(output).toContain(
      "total holdout purchases: actual 1882, BG/NBD 1653, MBG/NBD 1577, Pareto/NBD 1666"
    )
    expect(output).toMatch(/Gamma-Gamma p = 6\.25\d .*q = 3\.74\d .*v = 15\.44\d/)
    expect(output).toMatch(/12-month discounted CLV of the cohort: \$\d+/)
    expect(output).toContain("Champions")
  })
})
