// The child process of the kill test (`KillTest.ts`): syncs the reference connector's contacts
// from the parent's mock server into a destination, printing `ready` once the destination is
// open, `apply` as a page's transaction starts, `commit <cursor>` once it is committed and `done`
// at the end, until it is killed.
// Run as `node kill-child.ts` with the job as JSON in `CXKIT_KILL_CHILD` (see `ChildJob`).
import { type Destination, Sync } from "@cxkit/connectors"
import { Effect, Redacted, Stream } from "effect"
import { FetchHttpClient } from "effect/http"
import * as ReferenceConnector from "../../src/testing/ReferenceConnector.ts"
import { type ChildJob, openDestination } from "./KillTest.ts"

const job = JSON.parse(process.env.CXKIT_KILL_CHILD ?? "null") as ChildJob
const say = (line: string) => process.stdout.write(`${line}\n`)

/** The destination, saying `apply` when a batch's transaction starts. */
const announcing = (destination: Destination.Destination): Destination.Destination => ({
  ...destination,
  open: (catalog) =>
    Effect.map(destination.open(catalog), (session) => ({
      ...session,
      apply: (batch) =>
        Effect.andThen(
          Effect.sync(() => say("apply")),
          session.apply(batch)
        )
    }))
})

const program = Effect.gen(function* () {
  const destination = yield* openDestination(job.destination, (message) =>
    say(`open-retry ${JSON.stringify(message)}`)
  )
  say("ready")
  const events = Sync.run(ReferenceConnector.connector, {
    config: { baseUrl: job.baseUrl, token: Redacted.make(job.token), pageSize: job.pageSize },
    streams: ["contacts"],
    destination: announcing(destination)
  })
  yield* Stream.runForEach(events, (event) =>
    Effect.sync(() => {
      if (event._tag === "State") say(`commit ${JSON.stringify(event.state.cursor?.value ?? null)}`)
      if (event._tag === "Status" && event.status === "failed") {
        throw new Error(`stream ${event.stream} failed: ${event.error.message}`)
      }
    })
  )
})

Effect.runPromise(Effect.scoped(program).pipe(Effect.provide(FetchHttpClient.layer))).then(
  () => say("done"),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exitCode = 1
  }
)
