// The real `cxkit` process against the HubSpot and Zendesk mocks (their `/testing` entries, on
// 127.0.0.1, in this process): init → check → sync → report; Ctrl-C in the middle of a sync,
// then a resumed sync that loses nothing; a wrong token; a missing environment variable; and
// every `--json` document decoded with its Schema. No secret may appear in any output or in the
// warehouse file.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { HubSpotConnector } from "@cxkit/connector-hubspot"
import { HubSpotMock } from "@cxkit/connector-hubspot/testing"
import { ZendeskMock } from "@cxkit/connector-zendesk/testing"
import { Destination } from "@cxkit/connectors"
import { DuckDbDestination } from "@cxkit/destination-duckdb"
import { Effect, Schema, Stream } from "effect"
import { applyEdits, modify } from "jsonc-parser"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { JsonOutput } from "../src/index.ts"
import { type Finished, run, start } from "./support/cli.ts"

const root = mkdtempSync(join(tmpdir(), "cxkit-cli-"))
let hubspot: HubSpotMock.Mock
let zendesk: ZendeskMock.Mock
beforeAll(async () => {
  ;[hubspot, zendesk] = await Promise.all([HubSpotMock.mock(), ZendeskMock.mock()])
})
afterAll(async () => {
  await Promise.all([hubspot?.close(), zendesk?.close()])
  rmSync(root, { recursive: true, force: true })
})

const hubspotData = HubSpotMock.fixtures().objects
const zendeskData = ZendeskMock.fixtures()

/** A project folder with the file `cxkit init` writes, pointed at the mocks. */
const project = async (
  name: string,
  edits: ReadonlyArray<readonly [ReadonlyArray<string | number>, unknown]> = []
): Promise<string> => {
  const dir = join(root, name)
  rmSync(dir, { recursive: true, force: true })
  const { mkdirSync } = await import("node:fs")
  mkdirSync(dir)
  const init = await run(["init"], { cwd: dir })
  expect(init.code, init.stderr).toBe(0)
  const file = join(dir, "cxkit.config.json")
  let text = readFileSync(file, "utf8")
  const set = (path: ReadonlyArray<string | number>, value: unknown) => {
    text = applyEdits(
      text,
      modify(text, [...path], value, { formattingOptions: { insertSpaces: true, tabSize: 2 } })
    )
  }
  set(["sources", "hubspot", "config", "baseUrl"], hubspot.url)
  set(["sources", "hubspot", "config", "requestsPerSecond"], 50)
  set(["sources", "zendesk", "config", "subdomain"], undefined)
  set(["sources", "zendesk", "config", "baseUrl"], zendesk.url)
  for (const [path, value] of edits) set(path, value)
  writeFileSync(file, text)
  return dir
}

const env = (overrides: Readonly<Record<string, string | undefined>> = {}): Record<string, string> =>
  Object.fromEntries(
    Object.entries({
      HUBSPOT_TOKEN: hubspot.token,
      ZENDESK_EMAIL: zendesk.email,
      ZENDESK_API_TOKEN: zendesk.apiToken,
      ...overrides
    }).filter((e): e is [string, string] => e[1] !== undefined)
  )

const secrets = () => [hubspot.token, zendesk.apiToken]
const expectNoSecret = (...runs: ReadonlyArray<Finished>) => {
  for (const r of runs) for (const secret of secrets()) expect(r.stdout + r.stderr).not.toContain(secret)
}

/** The records the warehouse holds per HubSpot stream, read with the destination itself. */
const storedHubSpot = (dir: string) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const destination = yield* DuckDbDestination.make({ filename: join(dir, ".cxkit/cxkit.duckdb") })
        const catalog = yield* Destination.catalog("hubspot", HubSpotConnector.connector.streams as never)
        const session = yield* destination.open(catalog)
        const out: Record<string, Array<string>> = {}
        for (const table of catalog.tables) {
          out[table.stream] = (yield* Stream.runCollect(session.rows(table.stream))).map((r) => r.key).sort()
        }
        return out
      })
    )
  )
const expectedHubSpot = () =>
  Object.fromEntries(
    Object.entries(hubspotData).map(([stream, records]) => [stream, records.map((r) => r.id).sort()])
  )

describe("cxkit on a config file", () => {
  it("init → check → sync → report, with --json decoded by its Schemas", async () => {
    const dir = await project("flow", [
      [["report", "from"], "2024-01-01"],
      [["report", "until"], "2025-01-01"]
    ])
    const text = readFileSync(join(dir, "cxkit.config.json"), "utf8")
    expect(text).toContain(`"accessToken": "\${HUBSPOT_TOKEN}"`)
    expect(text).toContain("// Where synced data lands")

    const check = await run(["check"], { cwd: dir, env: env() })
    expect(check.code, check.stderr).toBe(0)
    expect(check.stdout).toBe("hubspot  ok  (hubspot)\nzendesk  ok  (zendesk)\n")
    const checkJson = Schema.decodeUnknownSync(JsonOutput.Check)(
      JSON.parse((await run(["check", "--json"], { cwd: dir, env: env() })).stdout)
    )
    expect(checkJson.sources.map((s) => [s.source, s.ok])).toEqual([
      ["hubspot", true],
      ["zendesk", true]
    ])

    const sync = await run(["sync", "--json"], { cwd: dir, env: env() })
    expect(sync.code, sync.stderr).toBe(0)
    const summary = Schema.decodeUnknownSync(JsonOutput.Sync)(JSON.parse(sync.stdout))
    expect(summary.stopped).toBe(false)
    const stored = Object.fromEntries(
      summary.sources.flatMap((s) => s.streams.map((t) => [`${s.source}.${t.stream}`, t.stored]))
    )
    expect(stored).toEqual({
      "hubspot.contacts": hubspotData.contacts.length,
      "hubspot.companies": hubspotData.companies.length,
      "hubspot.deals": hubspotData.deals.length,
      "hubspot.tickets": hubspotData.tickets.length,
      // one of the mock's tickets is deleted at the source
      "zendesk.tickets": zendeskData.tickets.length - 1,
      "zendesk.users": zendeskData.users.length,
      "zendesk.satisfaction_ratings": zendeskData.satisfactionRatings.length,
      "zendesk.organizations": zendeskData.organizations.length
    })
    expect(sync.stderr).toMatch(/hubspot\/contacts: 12 records, \d+ pages, \d+ records\/s: done/)

    // Again, as text: only what changed is fetched, and the summary table says so.
    const again = await run(["sync", "hubspot"], { cwd: dir, env: env() })
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toMatch(/hubspot\s+contacts\s+completed\s+incremental\s+0\s+\d+\s+0\s+12\s+-/)
    expect(again.stdout).not.toContain("zendesk")

    const report = await run(["report"], { cwd: dir, env: env() })
    expect(report.code, report.stderr).toBe(0)
    expect(report.stdout).toContain("Customer-experience report")
    expect(report.stdout).toMatch(/records from 2 sources resolved into \d+ customers/)
    const reportJson = Schema.decodeUnknownSync(JsonOutput.ReportOutput)(
      JSON.parse((await run(["report", "--json"], { cwd: dir, env: env() })).stdout)
    )
    const surveys = reportJson.report.sections.find((s) => s.title.startsWith("Survey metrics"))
    // Zendesk's satisfaction ratings: good/bad, as CSAT on a 0-1 scale, per channel.
    const rated = surveys?.tables[0]?.rows.reduce((n, row) => n + Number(row[7]), 0)
    expect(rated).toBe(
      zendeskData.satisfactionRatings.filter((r) => r.score === "good" || r.score === "bad").length
    )

    expectNoSecret(check, sync, again, report)
    // Nor in the warehouse: its files hold records and states, never the config.
    for (const f of readdirSync(join(dir, ".cxkit"))) {
      const bytes = readFileSync(join(dir, ".cxkit", f))
      for (const secret of secrets()) expect(bytes.includes(Buffer.from(secret))).toBe(false)
    }
  }, 120_000)

  it("Ctrl-C in the middle of a sync stops after a commit, and the next sync loses nothing", async () => {
    // One record per page, four requests a second: the sync takes seconds.
    const dir = await project("interrupt", [
      [["sources", "hubspot", "config", "pageSize"], 1],
      [["sources", "hubspot", "config", "requestsPerSecond"], 8]
    ])
    const first = start(["sync", "hubspot", "--json"], { cwd: dir, env: env() })
    await first.waitFor(/hubspot\/contacts: [1-9]\d* records/)
    first.child.kill("SIGINT")
    const stopped = await first.done
    expect(stopped.code, stopped.stderr).toBe(130)
    expect(stopped.stderr).toContain("stopping after the current commit")
    const summary = Schema.decodeUnknownSync(JsonOutput.Sync)(JSON.parse(stopped.stdout))
    expect(summary.stopped).toBe(true)
    expect(summary.sources[0]?.status).toBe("stopped")
    const partial = await storedHubSpot(dir)
    const total = (stored: Record<string, ReadonlyArray<string>>) =>
      Object.values(stored).reduce((n, keys) => n + keys.length, 0)
    expect(total(partial)).toBeGreaterThan(0)
    expect(total(partial)).toBeLessThan(total(expectedHubSpot()))

    const resumed = await run(["sync", "hubspot", "--json"], { cwd: dir, env: env() })
    expect(resumed.code, resumed.stderr).toBe(0)
    const done = Schema.decodeUnknownSync(JsonOutput.Sync)(JSON.parse(resumed.stdout))
    expect(done.sources[0]?.streams.every((s) => s.status === "completed")).toBe(true)
    // Every record of the mock's dataset, once.
    expect(await storedHubSpot(dir)).toEqual(expectedHubSpot())
    // The resumed run did not read again what the stopped one had committed.
    const read = (s: JsonOutput.Sync) => s.sources[0]?.streams.reduce((n, t) => n + t.records, 0) ?? 0
    expect(read(done)).toBe(total(expectedHubSpot()) - total(partial))
    expectNoSecret(stopped, resumed)
  }, 120_000)

  it("a wrong token fails that source with its reason (exit 1); the other source syncs", async () => {
    const dir = await project("wrong-token")
    const sync = await run(["sync", "--json"], { cwd: dir, env: env({ HUBSPOT_TOKEN: "pat-wrong-token" }) })
    expect(sync.code, sync.stderr).toBe(1)
    const summary = Schema.decodeUnknownSync(JsonOutput.Sync)(JSON.parse(sync.stdout))
    const [crm, desk] = summary.sources
    expect(crm?.status).toBe("failed")
    expect(crm?.error?.reason ?? crm?.streams[0]?.error?.reason).toBe("auth")
    expect(desk?.status).toBe("completed")
    expect(desk?.streams.map((s) => s.stored)).toEqual([
      zendeskData.tickets.length - 1,
      zendeskData.users.length,
      zendeskData.satisfactionRatings.length,
      zendeskData.organizations.length
    ])
    const text = await run(["sync"], { cwd: dir, env: env({ HUBSPOT_TOKEN: "pat-wrong-token" }) })
    expect(text.code).toBe(1)
    expect(text.stdout).toMatch(/hubspot\s+contacts\s+failed\s+\S+\s+0\s+0\s+0\s+0\s+auth: /)
    expect(text.stderr).toContain("cxkit: hubspot: auth")
    const check = await run(["check"], { cwd: dir, env: env({ HUBSPOT_TOKEN: "pat-wrong-token" }) })
    expect(check.code).toBe(1)
    expect(check.stdout).toMatch(/^hubspot {2}failed {2}auth: /)
    for (const r of [sync, text, check]) expect(r.stdout + r.stderr).not.toContain("pat-wrong-token")
  }, 120_000)

  it("a missing environment variable is a config error naming it, the file and the path (exit 2)", async () => {
    const dir = await project("missing-env")
    const check = await run(["check"], { cwd: dir, env: env({ ZENDESK_API_TOKEN: undefined }) })
    expect(check.code).toBe(2)
    expect(check.stdout).toBe("")
    expect(check.stderr).toMatch(
      /cxkit\.config\.json:\d+:\d+: sources\.zendesk\.config\.apiToken: environment variable ZENDESK_API_TOKEN is not set/
    )
    const asJson = await run(["sync", "--json"], { cwd: dir, env: env({ ZENDESK_API_TOKEN: undefined }) })
    expect(asJson.code).toBe(2)
    const failed = Schema.decodeUnknownSync(JsonOutput.Failed)(JSON.parse(asJson.stdout))
    expect(failed.error.reason).toBe("config")
    expect(failed.error.message).toContain("ZENDESK_API_TOKEN")
    expect(failed.exitCode).toBe(2)
    // Nothing ran: no warehouse was created.
    expect(existsSync(join(dir, ".cxkit"))).toBe(false)
  }, 60_000)

  it("an unknown connector lists the known ones; a secret written in the file is refused unprinted", async () => {
    const dir = await project("bad-config", [
      [["sources", "zendesk", "connector"], "zendeskk"],
      [["sources", "hubspot", "config", "accessToken"], "pat-literal-secret"]
    ])
    const check = await run(["check"], { cwd: dir, env: env() })
    expect(check.code).toBe(2)
    expect(check.stderr).toMatch(
      /sources\.zendesk\.connector: connector "zendeskk" is not first-party \(appstore, hubspot, intercom, qualtrics, reddit, trustpilot, typeform, x, zendesk\)/
    )
    expect(check.stderr).toMatch(
      /cxkit\.config\.json:\d+:\d+: sources\.hubspot\.config\.accessToken: a secret must be a reference to an environment variable/
    )
    expect(check.stderr).not.toContain("pat-literal-secret")
    const usage = await run(["sync", "crm"], { cwd: dir, env: env() })
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('no source named "crm"')
    const flag = await run(["sync", "--bogus", "--json"], { cwd: dir, env: env() })
    expect(flag.code).toBe(2)
    expect(Schema.decodeUnknownSync(JsonOutput.Failed)(JSON.parse(flag.stdout)).error).toEqual({
      reason: "usage",
      message: "Unrecognized flag: --bogus in command cxkit sync"
    })
  }, 60_000)

  it("connectors and spec, as text and JSON", async () => {
    const dir = await project("plugins")
    const listed = Schema.decodeUnknownSync(JsonOutput.Connectors)(
      JSON.parse((await run(["connectors", "--json"], { cwd: dir })).stdout)
    )
    expect(listed.connectors.map((c) => [c.name, c.firstParty, c.usedBy])).toEqual([
      ["appstore", true, []],
      ["hubspot", true, ["hubspot"]],
      ["intercom", true, []],
      ["qualtrics", true, []],
      ["reddit", true, []],
      ["trustpilot", true, []],
      ["typeform", true, []],
      ["x", true, []],
      ["zendesk", true, ["zendesk"]]
    ])
    expect(listed.connectors.find((c) => c.name === "zendesk")?.streams).toEqual([
      "tickets",
      "users",
      "satisfaction_ratings",
      "organizations"
    ])
    const spec = await run(["spec", "hubspot", "--json"], { cwd: dir })
    expect(spec.code).toBe(0)
    const schema = JSON.parse(spec.stdout) as {
      $schema: string
      required: Array<string>
      properties: Record<string, { writeOnly?: boolean }>
    }
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema")
    expect(schema.required).toEqual(["accessToken"])
    expect(schema.properties.accessToken?.writeOnly).toBe(true)
    const human = await run(["spec", "zendesk"], { cwd: dir })
    expect(human.stdout).toMatch(/apiToken\s+string\s+yes\s+yes/)
    const unknown = await run(["spec", "nope"], { cwd: dir })
    expect(unknown.code).toBe(2)
  }, 60_000)
})
