// Renders a report as one self-contained HTML page: the tables as HTML, the charts as
// Vega-Lite specs rendered in the page by vega-embed. Vega, Vega-Lite and vega-embed are
// inlined from their npm packages, so the page works offline. When every chart has rendered,
// the page sets `data-charts-rendered` on <body> (the headless-browser test waits for it).
import { existsSync, readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import type { Report, Table } from "./text.ts"

const require = createRequire(import.meta.url)
// The packages' `exports` maps do not expose their browser builds, so find each package's
// folder from its main entry and read the build from there.
const packageDir = (name: string): string => {
  let dir = dirname(require.resolve(name))
  while (!existsSync(join(dir, "package.json")) || !dir.endsWith(name)) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`cannot find the folder of package ${name}`)
    dir = parent
  }
  return dir
}
const library = (name: string, file: string): string =>
  readFileSync(join(packageDir(name), file), "utf8").replaceAll("</script", "<\\/script")

const escapeHtml = (text: string): string =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;")

const tableHtml = (table: Table): string =>
  `<table><thead><tr>${table.header.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead><tbody>${table.rows
    .map(
      (row) =>
        `<tr>${row.map((cell) => `<td${typeof cell === "number" ? ' class="num"' : ""}>${escapeHtml(String(cell))}</td>`).join("")}</tr>`
    )
    .join("")}</tbody></table>`

export const toHtml = (report: Report): string => {
  let chartIndex = 0
  const specs: Array<unknown> = []
  const body = report.sections
    .map((section) => {
      const charts = (section.charts ?? [])
        .map((spec) => {
          specs.push(spec)
          return `<div class="chart" id="chart-${chartIndex++}"></div>`
        })
        .join("")
      return `<section><h2>${escapeHtml(section.title)}</h2>${(section.lines ?? []).map((l) => `<p>${escapeHtml(l)}</p>`).join("")}${(section.tables ?? []).map(tableHtml).join("")}${charts}</section>`
    })
    .join("\n")
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(report.title)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem auto; padding: 0 1rem; max-width: 60rem; color: #222; }
section { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid #ddd; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.chart { margin: 1rem 0; max-width: 100%; overflow-x: auto; }
</style>
<script>${library("vega", "build/vega.min.js")}</script>
<script>${library("vega-lite", "build/vega-lite.min.js")}</script>
<script>${library("vega-embed", "build/vega-embed.min.js")}</script>
</head>
<body>
<h1>${escapeHtml(report.title)}</h1>
${body}
<script type="application/json" id="specs">${JSON.stringify(specs).replaceAll("<", "\\u003c")}</script>
<script>
const specs = JSON.parse(document.getElementById("specs").textContent)
Promise.all(specs.map((spec, i) => vegaEmbed("#chart-" + i, spec, { renderer: "svg", actions: false })))
  .then(() => { document.body.dataset.chartsRendered = String(specs.length) })
  .catch((error) => { document.body.dataset.chartError = String(error) })
</script>
</body>
</html>
`
}
