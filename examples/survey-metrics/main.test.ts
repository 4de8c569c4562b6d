import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const output = execFileSync(process.execPath, [fileURLToPath(new URL("./main.ts", import.meta.url))], {
  encoding: "utf8"
})

describe("survey-metrics example", () => {
  it("summarises every channel with intervals", () => {
    expect(output).toContain("4950 survey responses")
    expect(output).toMatch(/chat\s+15\.6\s+\[10\.4, 20\.6\]\s+83\.6\s+\[79\.8, 86\.7\]\s+5\.37\s+77\.0/)
    expect(output).toMatch(/store\s+48\.6/)
  })

  it("reads months in Paris time and finds the chat drop", () => {
    expect(output).toContain("chat    2024-01 19.0  2024-02 23.7  2024-03 4.0")
    expect(output).toContain("Chat, March vs February: -19.7 points, 95% CI [-32.1, -6.9]")
    expect(output).toContain("(a real drop)")
  })

  it("compares interval methods, plans a sample and streams", () => {
    expect(output).toMatch(/wald\s+\[71\.4, 100\.0\]/)
    expect(output).toMatch(/wilson\s+\[59\.6, 98\.2\]/)
    expect(output).toContain("Responses for ±5 NPS points at 95%: 1537 (worst case)")
    expect(output).toMatch(/NPS over a Stream of all responses: -?\d+\.\d/)
  })
})
