import { readdirSync, readFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "@effect/vitest"
import fc from "fast-check"
import { Grouping, Nps, Period } from "../src/index.ts"

describe("Period", () => {
  it("numbers UTC calendar periods consecutively; start and index are inverse", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -2000, max: 3000 }),
        fc.constantFrom<Period.Period>("day", "week", "month", "quarter", "year"),
        (i, period) => {
          const start = Period.start(i, period)
          expect(Period.index(start, period)).toBe(i)
          expect(Period.index(start - 1, period)).toBe(i - 1)
        }
      )
    )
    expect(Period.label(Period.index("2024-03-06", "week"), "week")).toBe("2024-03-04")
    expect(Period.label(Period.index("2024-11-30", "quarter"), "quarter")).toBe("2024-Q4")
    expect(Period.days.month * 12).toBe(Period.days.year)
  })

  it("is the unit of Grouping windows too, quarters and years included, in a time zone", () => {
    const responses = [
      { score: 10, at: "2024-03-31T23:30:00Z" }, // 1 April in Paris: Q2
      { score: 0, at: "2024-02-10T10:00:00Z" },
      { score: 9, at: "2025-01-01T10:00:00Z" }
    ]
    const quarters = Grouping.byWindow(responses, {
      metric: Nps.metric(),
      value: (r) => r.score,
      at: (r) => r.at,
      unit: "quarter",
      timeZone: "Europe/Paris"
    })
    expect(quarters.map((w) => [w.window.start, Nps.score(w.summary)])).toEqual([
      ["2024-01-01", -100],
      ["2024-04-01", 100],
      ["2024-07-01", undefined],
      ["2024-10-01", undefined],
      ["2025-01-01", 100]
    ])
    const years = Grouping.byWindow(responses, {
      metric: Nps.metric(),
      value: (r) => r.score,
      at: (r) => r.at,
      unit: "year",
      timeZone: "UTC"
    })
    expect(years.map((w) => w.window.end)).toEqual(["2025-01-01", "2026-01-01"])
  })

  it("the metrics modules import each other without cycles (data flows one way)", () => {
    const src = resolve(dirname(fileURLToPath(import.meta.url)), "../src")
    const files = [
      ...readdirSync(src).filter((f) => f.endsWith(".ts")),
      ...readdirSync(join(src, "internal")).map((f) => `internal/${f}`)
    ]
    const edges = new Map<string, Array<string>>()
    for (const file of files) {
      const text = readFileSync(join(src, file), "utf8")
      // Type-only imports vanish at runtime but still tie modules together: count them too.
      const targets = [...text.matchAll(/from "(\.\.?\/[^"]+\.ts)"/g)].map((m) =>
        join(dirname(file), m[1] as string).replace(/^\.\//, "")
      )
      edges.set(file, targets)
    }
    const cycles: Array<string> = []
    const state = new Map<string, "open" | "done">()
    const visit = (file: string, path: Array<string>): void => {
      if (state.get(file) === "done") return
      if (state.get(file) === "open") {
        cycles.push([...path.slice(path.indexOf(file)), file].join(" → "))
        return
      }
      state.set(file, "open")
      for (const next of edges.get(file) ?? []) visit(next, [...path, file])
      state.set(file, "done")
    }
    for (const file of files) if (file !== "index.ts") visit(file, [])
    expect(cycles).toEqual([])
  })
})
