import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const run = (args: ReadonlyArray<string> = []) =>
  execFileSync(process.execPath, [fileURLToPath(new URL("./main.ts", import.meta.url)), ...args], {
    encoding: "utf8"
  })

describe("quickstart", () => {
  const output = run()

  it("resolves the sample's identities", () => {
    expect(output).toContain("221 records from 6 sources resolved into 54 customers")
    expect(output).toMatch(/shared-email\s+154/)
    expect(output).toContain("crm:1001 + x:ada_lov  (shared-handle: handle:x:ada_lov)")
  })

  it("builds journeys and lifecycles", () => {
    expect(output).toContain("205 journeys, 3.1 touchpoints each on average")
    expect(output).toMatch(/customer\s+18/)
  })
})
