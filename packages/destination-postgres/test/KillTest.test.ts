import { PgServer } from "@cxkit/destination-postgres/testing"
import { Redacted } from "effect"
import { afterAll, beforeAll, describe, it } from "vitest"
import * as KillTest from "../../connectors/test/support/KillTest.ts"

let server: PgServer.Started | undefined
beforeAll(async () => {
  server = await PgServer.start()
}, 60_000)
afterAll(() => server?.stop())

describe("PgDestination killed with SIGKILL", () => {
  it("holds exactly the source's records after each of 20 kills and resumes, and after the last run", async () => {
    if (server === undefined) throw new Error("the PostgreSQL server did not start")
    const report = await KillTest.run({
      destination: {
        module: new URL("../src/PgDestination.ts", import.meta.url).href,
        options: { url: Redacted.value(server.url) }
      },
      records: 100_000,
      pageSize: 500,
      kills: 20,
      seed: 20261202
    })
    console.log(KillTest.summary("postgres", report))
    KillTest.assertComplete(report, 20)
  }, 180_000)
})
