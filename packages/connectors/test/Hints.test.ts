import { readFileSync } from "node:fs"
import { Destination } from "@cxkit/connectors"
import { DestinationConformance } from "@cxkit/connectors/testing"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { anchorOf, connector, destination, explain } from "../src/internal/hints.ts"

const headings = (doc: string) =>
  readFileSync(new URL(`../../../${doc}`, import.meta.url), "utf8")
    .split("\n")
    .flatMap((line) => (/^#{1,4} /.test(line) ? [line.replace(/^#+ /, "")] : []))

describe("conformance hints", () => {
  it("every hint points at a heading of its doc", () => {
    for (const hint of [...Object.values(connector), ...Object.values(destination)]) {
      expect(headings(hint.doc), `${hint.doc}: "${hint.section}"`).toContain(hint.section)
    }
  })

  it("links a heading by GitHub's anchor", () => {
    expect(anchorOf("3. The authenticated client (the connector's layer)")).toBe(
      "3-the-authenticated-client-the-connectors-layer"
    )
    expect(explain("lost r1", connector.skippedWhileChanging)).toBe(
      `lost r1\n  likely cause: ${connector.skippedWhileChanging.cause}\n  see docs/writing-a-connector.md#never-page-by-offset ("Never page by offset")`
    )
  })

  it("a destination that ignores deletions is told why, with the warehouse guide's section", async () => {
    const forgetful = (): Destination.Destination => {
      const memory = Destination.makeMemory()
      return {
        ...memory,
        open: (catalog) =>
          Effect.map(memory.open(catalog), (session) => ({
            ...session,
            apply: (batch) => session.apply({ ...batch, deletes: [] })
          }))
      }
    }
    const check = DestinationConformance.checks({ make: Effect.sync(forgetful) }).find((c) =>
      c.name.startsWith("deletions")
    )
    const exit = await Effect.runPromiseExit(Effect.scoped(Effect.flip(check?.run ?? Effect.void)))
    const message = exit._tag === "Success" ? String((exit.value as Error).message) : ""
    expect(message).toContain(`likely cause: ${destination.deletions.cause}`)
    expect(message).toContain(
      'see docs/warehouse.md#what-the-destination-does-for-you ("What the destination does for you")'
    )
  })
})
