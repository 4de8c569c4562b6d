import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const output = execFileSync(process.execPath, [fileURLToPath(new URL("./main.ts", import.meta.url))], {
  encoding: "utf8"
})

describe("journey-analytics example", () => {
  it("reads the sample", () => {
    expect(output).toContain("52 touchpoints from 12 customers")
  })

  it("runs the funnel", () => {
    // 11 customers view a product, 9 add to cart, 7 buy within 7 days (c04 buys after 8 days).
    expect(output).toMatch(/product view\s+11/)
    expect(output).toMatch(/add to cart\s+9\s+from previous\s+82%/)
    expect(output).toMatch(/purchase\s+7\s+from previous\s+78%\s+from first\s+64%/)
  })

  it("compares attribution methods on the same 8 purchases", () => {
    expect(output).toContain("Attributed purchases (8 purchases, revenue 880)")
    const row = (channel: string) =>
      (output.split("\n").find((l) => l.trim().startsWith(`${channel} `)) ?? "")
        .trim()
        .split(/\s+/)
        .slice(1)
        .map(Number)
    const channels = ["advertising", "email", "referral", "social"]
    const table = channels.map(row)
    for (const cells of table) expect(cells).toHaveLength(6)
    for (let method = 0; method < 6; method++) {
      expect(table.reduce((s, cells) => s + (cells[method] ?? 0), 0)).toBeCloseTo(8, 1)
    }
    // First touch: social starts c02, c05, c12; advertising c01, c10; referral c04, c09; email c06.
    expect(table.map((cells) => cells[0])).toEqual([2, 1, 2, 3])
    expect(output).toMatch(/Markov: conversion probability 0\.\d{3}; removal effects advertising/)
  })

  it("reports stage drop-off", () => {
    expect(output).toMatch(/Stage drop-off over 15 journeys/)
    expect(output).toMatch(/purchase\s+reached 11/)
  })
})
