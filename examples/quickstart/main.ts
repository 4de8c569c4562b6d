// The cxkit quickstart: reads the bundled sample exports (a CRM contact export and its
// lifecycle history, help-desk tickets, survey responses, social posts, web events, orders and
// subscriptions), resolves identities across sources, builds touchpoints, journeys and
// lifecycle histories, and prints a customer-experience report.
//
//   node examples/quickstart/main.ts                  the report as text
//   node examples/quickstart/main.ts --html out.html  the same report as an HTML page with charts
import { writeFileSync } from "node:fs"
import { parseArgs } from "node:util"
import { toHtml } from "./html.ts"
import { loadSample } from "./load.ts"
import { buildModel } from "./model.ts"
import { toText } from "./report.ts"
import { buildReport } from "./sections.ts"

const { values } = parseArgs({ options: { html: { type: "string" } } })

const report = buildReport(buildModel(loadSample()))
if (values.html === undefined) {
  console.log(toText(report))
} else {
  writeFileSync(values.html, toHtml(report))
  console.log(`wrote ${values.html}`)
}
