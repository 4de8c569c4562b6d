// `cxkit report` on a warehouse a plugin loaded by path filled: the survey metrics (counted in
// the warehouse by metrics-sql) and the RFM summaries (SqlRfm) equal what `@cxkit/metrics`
// computes in process from the same records; `--since` (computed in memory) agrees too.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Feedback } from "@cxkit/core"
import { Ces, Csat, Nps, Rfm } from "@cxkit/metrics"
import { Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { JsonOutput } from "../src/index.ts"
import { amountRule, answers, modelledOrders, toFeedback } from "./fixtures/shop.ts"
import { run } from "./support/cli.ts"

const dir = mkdtempSync(join(tmpdir(), "cxkit-report-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const env = { SHOP_KEY: "shop-secret-key-123" }
const until = "2024-07-01T00:00:00.000Z"

beforeAll(async () => {
  writeFileSync(
    join(dir, "cxkit.config.json"),
    JSON.stringify({
      sources: {
        shop: {
          connector: fileURLToPath(new URL("./fixtures/shop.ts", import.meta.url)),
          config: { apiKey: `\${SHOP_KEY}` }
        }
      },
      report: { from: "2024-01-01", until }
    })
  )
  const sync = await run(["sync"], { cwd: dir, env })
  expect(sync.code, sync.stderr).toBe(0)
}, 60_000)

const report = async (...args: ReadonlyArray<string>) => {
  const out = await run(["report", "--json", ...args], { cwd: dir, env })
  expect(out.code, out.stderr).toBe(0)
  return Schema.decodeUnknownSync(JsonOutput.ReportOutput)(JSON.parse(out.stdout)).report
}
const table = (r: JsonOutput.Report, title: string) =>
  r.sections.find((s) => s.title.startsWith(title))?.tables[0]

const feedback = answers.map(toFeedback)
const inProcess = (channel: string) => {
  const mine = feedback.filter((f) => f.channel === channel)
  const csat = (max: number) =>
    Csat.fromFeedback(
      mine.filter((f) => f.question.metric === "csat" && Feedback.scaleOf(f.question).max === max)
    )
  return { nps: Nps.fromFeedback(mine), csat: csat(5), ratings: csat(1), ces: Ces.fromFeedback(mine) }
}

describe("cxkit report on a plugin's warehouse", () => {
  it("survey metrics per channel, counted in the warehouse, equal the in-process summaries", async () => {
    const rows = table(await report(), "Survey metrics")?.rows ?? []
    expect(rows.map((r) => r[0])).toEqual(["Chat", "Email"])
    for (const [label, channel] of [
      ["Chat", "chat"],
      ["Email", "email"]
    ] as const) {
      const row = rows.find((r) => r[0] === label) ?? []
      const s = inProcess(channel)
      const ci = Nps.interval(s.nps, { level: 0.95, method: "adjusted-wald" })
      expect(row.slice(1, 4)).toEqual([
        Nps.total(s.nps),
        Nps.score(s.nps)?.toFixed(0),
        `${ci?.lower.toFixed(0)} to ${ci?.upper.toFixed(0)}`
      ])
      expect(row[4]).toBe(Csat.total(s.csat))
      expect(row[7]).toBe(Csat.total(s.ratings))
      expect(row[9]).toBe(Ces.total(s.ces))
      expect(row[10]).toBe(Ces.mean(s.ces)?.toFixed(2) ?? "-")
    }
    // Chat holds both CSAT scales: 5 surveys and 4 good/bad ratings, kept apart.
    expect(rows[0]?.slice(4, 9)).toEqual([
      5,
      Csat.score(inProcess("chat").csat)?.toFixed(0),
      expect.any(String),
      4,
      "75"
    ])
  }, 60_000)

  it("RFM per order source, computed by SqlRfm, equals Rfm.fromTransactions", async () => {
    const rows = table(await report(), "Repeat purchases")?.rows ?? []
    const summaries = Rfm.fromTransactions(
      modelledOrders.map((o) => ({ customerId: o.customer, timestamp: o.at, amount: o.amount })),
      { observationEnd: until, period: "week" }
    )
    const repeat = summaries.filter((s) => s.frequency > 0)
    const mean = (xs: ReadonlyArray<number>) => xs.reduce((a, b) => a + b, 0) / xs.length
    expect(summaries.length).toBe(4)
    expect(rows).toEqual([
      [
        "shop/orders",
        4,
        repeat.length,
        `${((100 * repeat.length) / 4).toFixed(0)}%`,
        mean(summaries.map((s) => s.frequency)).toFixed(2),
        mean(repeat.map((s) => s.recency)).toFixed(1),
        mean(summaries.map((s) => s.T)).toFixed(1),
        mean(repeat.map((s) => s.monetaryValue)).toFixed(0)
      ]
    ])
  }, 60_000)

  it("lists the records the mapping rejected, by stream and rule", async () => {
    expect(table(await report(), "Records the mappings rejected")?.rows).toEqual([
      ["shop/orders", amountRule, 1]
    ])
  }, 60_000)

  it("--since keeps the later feedback (computed in memory)", async () => {
    const since = "2024-02-01"
    const rows = table(await report("--since", since), "Survey metrics")?.rows ?? []
    const later = feedback.filter((f) => f.timestamp.epochMilliseconds >= Date.parse(since))
    const npsTotal = rows.reduce((n, r) => n + Number(r[1]), 0)
    expect(npsTotal).toBe(Nps.total(Nps.fromFeedback(later)))
    expect(npsTotal).toBeLessThan(Nps.total(Nps.fromFeedback(feedback)))
  }, 60_000)
})
