import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const output = execFileSync(process.execPath, [fileURLToPath(new URL("./main.ts", import.meta.url))], {
  encoding: "utf8"
})

describe("segment-significance example", () => {
  it("finds the better and the worse channel, and leaves the kiosk untested", () => {
    expect(output).toContain("1062 responses")
    expect(output).toContain("NPS by channel, 95% level, p-values adjusted by Holm")
    expect(output).toMatch(/phone\s+300\s+30\.7\s+\[21\.9, 38\.8\]\s+\+33\.8\s+<0\.001\s+d 0\.43 small\s+▲/)
    expect(output).toMatch(/app\s+350\s+-16\.3\s+\[-24\.4, -7\.9\]\s+-33\.8\s+<0\.001\s+d -0\.43 small\s+▼/)
    expect(output).toMatch(/kiosk\s+12\s+8\.3\s+\[-31\.3, 44\.6\]\s+not tested/)
    expect(output).toContain("phone vs app: +47.0 points [34.7, 58.3], p <0.001, d 0.61 medium")
  })

  it("adjusts CSAT by Benjamini–Hochberg: significant, if negligible, for the app", () => {
    expect(output).toMatch(/app\s+350\s+73\.4\s+\[68\.6, 77\.8\]\s+-7\.6\s+0\.009\s+h -0\.18 negligible\s+▼/)
    expect(output).toContain("Significant pairs (2 of 3):")
  })

  it("calls no region different, as they are not", () => {
    expect(output).toContain("No pair of segments differs significantly (6 pairs).")
    expect(output).toContain("CES by region: 0 significant differences")
  })
})
