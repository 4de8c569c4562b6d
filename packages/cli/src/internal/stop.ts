// Ctrl-C during a sync: the first SIGINT asks the sync to stop after its current commit (so the
// next run resumes from there), a second one interrupts at once. Outside a sync, SIGINT
// interrupts. The process entry point (`Cli.main`) installs the handler.
import { Effect } from "effect"

let requested = false
let watching = 0

/** Whether a stop was asked for. */
export const isRequested = (): boolean => requested

/** Runs an effect during which the first SIGINT only asks for a stop. */
export const graceful = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.acquireUseRelease(
    Effect.sync(() => {
      watching++
    }),
    () => effect,
    () =>
      Effect.sync(() => {
        watching--
      })
  )

/** What a SIGINT does: `"stop"` when a sync will stop after its commit, `"interrupt"` otherwise. */
export const onSignal = (): "stop" | "interrupt" => {
  if (watching > 0 && !requested) {
    requested = true
    return "stop"
  }
  return "interrupt"
}
