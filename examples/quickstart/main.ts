// The cxkit quickstart, the main job: starts the bundled mock CRM (HubSpot), help-desk
// (Zendesk), social (X, Reddit) and review (App Store) servers on 127.0.0.1 and syncs them with
// the real connectors into the warehouse, a DuckDB file (resumable: a second run fetches only
// what changed), adds the bundled sample exports (a CRM contact export and its lifecycle history,
// tickets, surveys, social posts, web events, orders, subscriptions), resolves identities
// across all sources, builds journeys and lifecycles, and prints a customer-experience report.
//
//   node examples/quickstart/main.ts                    the report as text (sync progress on stderr)
//   node examples/quickstart/main.ts --html out.html    the same report as an HTML page with charts
//   node examples/quickstart/main.ts --warehouse FILE   the DuckDB file (default .cxkit/cxkit.duckdb),
//                                                       or a postgres://user:password@host/db URL
import { writeFileSync } from "node:fs"
import { parseArgs } from "node:util"
import { toHtml } from "./html.ts"
import { loadSample } from "./load.ts"
import { buildModel } from "./model.ts"
import { toText } from "./report.ts"
import { buildReport } from "./sections.ts"
import { syncAll } from "./sync.ts"

const { values } = parseArgs({ options: { html: { type: "string" }, warehouse: { type: "string" } } })

const synced = await syncAll(values.warehouse ?? ".cxkit/cxkit.duckdb", (line) => console.error(line))
const report = buildReport(buildModel(loadSample(), synced))
if (values.html === undefined) {
  console.log(toText(report))
} else {
  writeFileSync(values.html, toHtml(report))
  console.log(`wrote ${values.html}`)
}
