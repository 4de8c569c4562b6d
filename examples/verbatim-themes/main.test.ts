import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const output = execFileSync(process.execPath, [fileURLToPath(new URL("./main.ts", import.meta.url))], {
  encoding: "utf8"
})

describe("verbatim-themes example", () => {
  it("counts the themes of every comment with intervals and sentiment", () => {
    expect(output).toContain("600 responses, 522 with a comment")
    expect(output).toMatch(/support\s+198\s+37\.9%\s+\[33\.9, 42\.2\]\s+\+0\.67/)
    expect(output).toMatch(/delivery\s+170\s+32\.6%/)
  })

  it("finds what detractors write about, and what promoters do", () => {
    expect(output).toContain("Detractors (125) against promoters (308); 89 passives and 78 without a comment")
    expect(output).toMatch(
      /billing errors\s+28\.8% vs\s+0\.0%\s+p <0\.001\s+NPS of those who mention it -100/
    )
    expect(output).toMatch(/Themes promoters mention more:\n\s+support\s+0\.0% vs\s+55\.8%\s+NPS 87/)
  })

  it("gives each channel its themes", () => {
    expect(output).toMatch(/web\s+support \(73\), app \(57\), delivery \(52\)/)
  })
})
