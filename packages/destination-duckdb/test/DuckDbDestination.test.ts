import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DestinationConformance } from "@cxkit/connectors/testing"
import { DuckDbDestination } from "@cxkit/destination-duckdb"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { afterAll } from "vitest"

const dir = mkdtempSync(join(tmpdir(), "cxkit-duckdb-destination-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0

describe("DuckDbDestination", () => {
  for (const deletes of ["soft", "hard"] as const) {
    describe(`conformance (${deletes} deletes, a database file)`, () => {
      const checks = DestinationConformance.checks({
        make: Effect.suspend(() =>
          DuckDbDestination.make({ filename: join(dir, `check-${++files}`, "cxkit.duckdb"), deletes })
        ),
        deletes
      })
      for (const check of checks) it.live(check.name, () => Effect.scoped(check.run), 60_000)
    })
  }

  it.live("names the file it cannot open", () =>
    Effect.gen(function* () {
      const file = join(dir, "a-file")
      writeFileSync(file, "not a folder")
      const error = yield* Effect.flip(
        Effect.scoped(DuckDbDestination.make({ filename: join(file, "x.duckdb") }))
      )
      assert.strictEqual(error.reason, "destination")
      assert.include(error.message, join(file, "x.duckdb"))
    })
  )
})
