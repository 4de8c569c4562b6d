import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const output = execFileSync(process.execPath, [fileURLToPath(new URL("./main.ts", import.meta.url))], {
  encoding: "utf8"
})

describe("feedback-alerts example", () => {
  it("reports every day once, across the restart", () => {
    expect(output).toContain("Watching detractors: baseline 20%, alert on a rise to 28% (threshold 8.52)")
    for (let day = 1; day <= 14; day++) {
      const label = `2024-05-${String(day).padStart(2, "0")}  NPS`
      expect(output.split(label).length - 1).toBe(1)
    }
    expect(output).toContain("2024-05-07  NPS  40.8  [26.4, 53.3]  vs baseline  10.8 (p 0.125)")
    expect(output).toContain("Resumed after 840 answers; 4 alerts in all")
    // The seven days to 8 May span the restart: the mean of 2–8 May's daily NPS (equal days).
    expect(output).toContain("2024-05-08  NPS  29.2  [14.7, 42.2]  vs baseline  -0.8 (p 0.909)  7 days  33.3")
  })

  it("raises the first alert a day after the rise began, with its evidence", () => {
    const alerts = output.split("\n").filter((line) => line.startsWith("ALERT"))
    expect(alerts[0]).toBe(
      "ALERT at 2024-05-10T13:10:00.000Z: 88 detractors in the last 288 answers (30.6%) since 2024-05-08T05:20:00.000Z"
    )
    expect(alerts.every((line) => line >= "ALERT at 2024-05-09")).toBe(true)
  })
})
