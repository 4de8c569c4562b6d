// Small builders shared by the journey-analytics tests.
import { Timestamp } from "@cxkit/core"
import fc from "fast-check"

export interface Tp {
  readonly id: string
  readonly customerId: string
  readonly timestamp: ReturnType<typeof Timestamp.fromMillis>
  readonly kind: string
  readonly channel: string
}

/** A touchpoint at `millis` epoch milliseconds. */
export const tp = (id: string, customerId: string, millis: number, kind: string, channel = "web"): Tp => ({
  id,
  customerId,
  timestamp: Timestamp.fromMillis(millis),
  kind,
  channel
})

/** One customer per trace, one touchpoint per activity, one second apart. */
export const fromTraces = (traces: ReadonlyArray<ReadonlyArray<string>>): Array<Tp> =>
  traces.flatMap((trace, c) =>
    trace.map((kind, i) => tp(`${c}-${i}`, `case${String(c).padStart(3, "0")}`, i * 1000, kind))
  )

/** Random touchpoints over a few customers, kinds a–d, timestamps in a small range (ties likely). */
export const arbitraryTouchpoints = fc
  .array(
    fc.record({
      customer: fc.integer({ min: 0, max: 5 }),
      at: fc.integer({ min: 0, max: 40 }),
      kind: fc.constantFrom("a", "b", "c", "d"),
      channel: fc.constantFrom("email", "social", "web", "advertising")
    }),
    { maxLength: 40 }
  )
  .map((rows) => rows.map((r, i) => tp(`t${i}`, `c${r.customer}`, r.at * 60_000, r.kind, r.channel)))

/** A permutation of `items` drawn by fast-check. */
export const shuffled = <A>(items: ReadonlyArray<A>, keys: ReadonlyArray<number>): Array<A> =>
  items
    .map((item, i) => ({ item, key: keys[i % Math.max(keys.length, 1)] ?? 0, i }))
    .sort((a, b) => a.key - b.key || a.i - b.i)
    .map((x) => x.item)
