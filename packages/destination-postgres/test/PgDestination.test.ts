import { DestinationConformance } from "@cxkit/connectors/testing"
import { PgDestination } from "@cxkit/destination-postgres"
import { PgServer } from "@cxkit/destination-postgres/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { afterAll, beforeAll } from "vitest"

// One real server for the file; every check gets a database of its own.
let server: PgServer.Started | undefined
beforeAll(async () => {
  server = await PgServer.start()
}, 60_000)
afterAll(() => server?.stop())

let databases = 0
const freshDatabase = Effect.gen(function* () {
  if (server === undefined) return yield* Effect.die("the PostgreSQL server did not start")
  const name = `check_${++databases}`
  yield* Effect.gen(function* () {
    const sql = yield* SqlClient
    yield* sql.unsafe(`CREATE DATABASE ${name}`)
  }).pipe(Effect.provide(PgDestination.layer({ url: server.url })))
  const url = new URL(Redacted.value(server.url))
  url.pathname = `/${name}`
  return url.toString()
})

describe("PgDestination", () => {
  for (const deletes of ["soft", "hard"] as const) {
    describe(`conformance (${deletes} deletes)`, () => {
      const checks = DestinationConformance.checks({
        make: Effect.flatMap(freshDatabase, (url) => PgDestination.make({ url, deletes })),
        deletes
      })
      for (const check of checks) it.live(check.name, () => Effect.scoped(check.run), 60_000)
    })
  }

  it.live("names the host and database of a server it cannot reach, never the password", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        Effect.scoped(PgDestination.make({ url: Redacted.make("postgres://ada:hunter2@127.0.0.1:1/cx") }))
      )
      assert.strictEqual(error.reason, "destination")
      assert.include(error.message, "postgres://ada@127.0.0.1:1/cx")
      assert.notInclude(error.message, "hunter2")
    })
  )

  it("location drops the password", () => {
    assert.strictEqual(PgDestination.location("postgres://u:p@h:5432/db"), "postgres://u@h:5432/db")
  })
})
