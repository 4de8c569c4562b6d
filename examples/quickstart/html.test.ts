// Opens the quickstart's HTML report in headless Chromium (Debian's `chromium` package,
// installed by scripts/cx.sh) and checks that every Vega-Lite chart rendered to SVG.
import { execFileSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"

const chromium = process.env.CHROMIUM ?? "/usr/bin/chromium"
const dir = mkdtempSync(join(tmpdir(), "cxkit-report-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("quickstart --html", () => {
  it("writes a self-contained page whose charts render in Chromium", () => {
    expect(existsSync(chromium), `headless Chromium expected at ${chromium} (apt-get install chromium)`).toBe(
      true
    )
    const page = join(dir, "report.html")
    execFileSync(
      process.execPath,
      [
        fileURLToPath(new URL("./main.ts", import.meta.url)),
        "--html",
        page,
        "--warehouse",
        join(dir, "cxkit.duckdb")
      ],
      { stdio: ["ignore", "pipe", "pipe"] }
    )
    const html = readFileSync(page, "utf8")
    const charts = (html.match(/<div class="chart" id="chart-\d+"><\/div>/g) ?? []).length
    expect(charts).toBeGreaterThanOrEqual(3)
    expect(html).not.toMatch(/<script[^>]+src=/) // nothing loaded from elsewhere

    const dom = execFileSync(
      chromium,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        `--user-data-dir=${join(dir, "profile")}`,
        "--virtual-time-budget=15000",
        "--dump-dom",
        `file://${page}`
      ],
      { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 60_000 }
    )
    expect(dom).not.toContain("data-chart-error")
    expect(dom).toContain(`data-charts-rendered="${charts}"`)
    // vega-embed's SVG renderer leaves one <svg> with marks per chart.
    expect((dom.match(/<svg[^>]*class="marks"/g) ?? []).length).toBe(charts)
  }, 90_000)
})
