// Opens the page `cxkit report --html` writes in headless Chromium (Debian's `chromium` package,
// installed by scripts/cx.sh) and checks that every Vega-Lite chart rendered to SVG.
import { execFileSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { run } from "./support/cli.ts"

const chromium = process.env.CHROMIUM ?? "/usr/bin/chromium"
const dir = mkdtempSync(join(tmpdir(), "cxkit-report-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("cxkit report --html", () => {
  it("writes a self-contained page whose charts render in Chromium", async () => {
    expect(existsSync(chromium), `headless Chromium expected at ${chromium} (apt-get install chromium)`).toBe(
      true
    )
    // A warehouse filled by the demo's sources, and a config that reports on it.
    const warehouse = join(dir, "cxkit.duckdb")
    const demo = await run(["demo", "--warehouse", warehouse, "--json"], { cwd: dir })
    expect(demo.code, demo.stderr).toBe(0)
    writeFileSync(
      join(dir, "cxkit.config.json"),
      JSON.stringify({ warehouse, sources: {}, report: { from: "2024-06-01", until: "2025-01-01" } })
    )
    const page = join(dir, "report.html")
    const report = await run(["report", "--html", page], { cwd: dir })
    expect(report.code, report.stderr).toBe(0)
    expect(report.stdout).toBe(`wrote ${page}\n`)
    const html = readFileSync(page, "utf8")
    const charts = (html.match(/<div class="chart" id="chart-\d+"><\/div>/g) ?? []).length
    expect(charts).toBeGreaterThanOrEqual(3)
    expect(html).not.toMatch(/<script[^>]+src=/) // nothing loaded from elsewhere
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">')

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
    // Axes are named for what they show (not "lower, survival"), stages by their labels.
    expect(dom).toContain("NPS (points, −100 to 100)")
    expect(dom).not.toContain("lower, survival")
    expect(dom).toContain("Marketing qualified lead")
    expect(dom).not.toContain("marketingqualifiedlead")
  }, 90_000)
})
