// One-pass plumbing shared by the survey metrics: a Sink over an accumulator, and the check
// that an input is an indexable array (plain or typed) for the fast loops.
import { Effect, Sink } from "effect"
import { MetricError } from "../MetricError.ts"

/** A plain array or a typed array (not a DataView): indexable in a tight loop. */
export const isIndexable = (input: unknown): input is ArrayLike<unknown> =>
  Array.isArray(input) || (ArrayBuffer.isView(input) && !(input instanceof DataView))

// The part of a Grouping.Metric a sink needs (declared here so this module does not import
// Grouping, which imports it).
interface Folding<A, S> {
  readonly accumulator: (field: string) => {
    readonly add: (value: A, index: number) => void
    readonly addAll?: ((values: ReadonlyArray<A>, firstIndex: number) => void) | undefined
    readonly result: () => S
  }
}

/**
 * A Sink folding every pulled chunk into one mutable accumulator: constant memory whatever the
 * stream length. A bad element fails the sink with the MetricError naming its position in the
 * stream (`field[i]`).
 */
export const toSink = <A, S>(metric: Folding<A, S>, field: string): Sink.Sink<S, A, never, MetricError> =>
  Sink.suspend(() => {
    const accumulator = metric.accumulator(field)
    let index = 0
    return Sink.foldArray(
      () => accumulator,
      () => true,
      (acc, chunk: ReadonlyArray<A>) => {
        try {
          if (acc.addAll !== undefined) {
            acc.addAll(chunk, index)
            index += chunk.length
          } else {
            for (let i = 0; i < chunk.length; i++) acc.add(chunk[i] as A, index++)
          }
          return Effect.succeed(acc)
        } catch (error) {
          if (error instanceof MetricError) return Effect.fail(error)
          throw error
        }
      }
    ).pipe(Sink.map((acc) => acc.result()))
  })
