// The write side: each request performed exactly once across runs, even when the process dies
// between the vendor's write and the runner's record of it.
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Fiber, Option, Schema, Stream } from "effect"
import { TestClock } from "effect/testing"
import fc from "fast-check"
import { Action, ConnectorError, StateStore } from "../src/index.ts"

/** A help desk that dedupes by idempotency key, as Zendesk's `Idempotency-Key` does. */
const helpDesk = () => {
  const tickets = new Map<string, { id: string; subject: string }>()
  const calls: Array<string> = []
  const action = Action.make({
    name: "open-ticket",
    description: "Opens a ticket",
    input: Schema.Struct({ subject: Schema.String }),
    output: Schema.Struct({ ticketId: Schema.String }),
    perform: (input, key) =>
      Effect.sync(() => {
        calls.push(key)
        const existing = tickets.get(key)
        if (existing !== undefined) return { ticketId: existing.id }
        const id = `t${tickets.size + 1}`
        tickets.set(key, { id, subject: input.subject })
        return { ticketId: id }
      })
  })
  return { action, tickets, calls }
}

/** A store whose `set` calls number `failAt` (1-based, counted across runs) fails, as a crash would. */
const crashing = (store: StateStore.Store, failAt: ReadonlySet<number>): StateStore.Store => {
  let sets = 0
  return {
    ...store,
    set: (namespace, stream, state) =>
      failAt.has(++sets)
        ? Effect.fail(ConnectorError.make("transient", "disk gone"))
        : store.set(namespace, stream, state)
  }
}

const tags = <O>(events: ReadonlyArray<Action.Event<O>>) => events.map((e) => `${e._tag}:${e.key}`)

describe("Action.run", () => {
  it.effect("performs each request once; a later run finds them done with their answers", () =>
    Effect.gen(function* () {
      const desk = helpDesk()
      const stateStore = yield* StateStore.makeMemory
      const requests = [
        { key: "nps-1", input: { subject: "billing" } },
        { key: "nps-2", input: { subject: "app crash" } }
      ]
      const first = yield* Stream.runCollect(
        Action.run(desk.action, { requests, stateStore, stateKey: "desk" })
      )
      const again = yield* Stream.runCollect(
        Action.run(desk.action, { requests, stateStore, stateKey: "desk" })
      )
      assert.deepStrictEqual(tags(first), ["Performed:nps-1", "Performed:nps-2"])
      assert.deepStrictEqual(again, [
        { _tag: "AlreadyDone", key: "nps-1", output: { ticketId: "t1" } },
        { _tag: "AlreadyDone", key: "nps-2", output: { ticketId: "t2" } }
      ])
      assert.strictEqual(desk.calls.length, 2)
      // a second account (another state key) is another set of requests with other keys
      yield* Stream.runCollect(Action.run(desk.action, { requests, stateStore, stateKey: "desk-eu" }))
      assert.strictEqual(desk.tickets.size, 4)
    })
  )

  it.effect(
    "after a crash between the write and its record, the retry carries the same idempotency key",
    () =>
      Effect.gen(function* () {
        const desk = helpDesk()
        const memory = yield* StateStore.makeMemory
        // set #1 marks nps-1 pending, set #2 would record it done: the process dies there
        const stateStore = crashing(memory, new Set([2]))
        const requests = [{ key: "nps-1", input: { subject: "billing" } }]
        const crashed = yield* Effect.exit(
          Stream.runCollect(Action.run(desk.action, { requests, stateStore, stateKey: "desk" }))
        )
        assert.isTrue(Exit.isFailure(crashed))
        const second = yield* Stream.runCollect(
          Action.run(desk.action, { requests, stateStore, stateKey: "desk" })
        )
        assert.deepStrictEqual(tags(second), ["Performed:nps-1"])
        assert.strictEqual(desk.calls.length, 2)
        assert.strictEqual(desk.calls[0], desk.calls[1])
        assert.strictEqual(desk.calls[0], Action.idempotencyKey("desk", "open-ticket", "nps-1"))
        assert.strictEqual(desk.tickets.size, 1)
      })
  )

  it("writes each request exactly once however often the runs crash", () =>
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("a", "b", "c", "d", "e"), { minLength: 1, maxLength: 12 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { maxLength: 10 }),
        (keys, crashes) => {
          const desk = helpDesk()
          const memory = Effect.runSync(StateStore.makeMemory)
          const stateStore = crashing(memory, new Set(crashes))
          const requests = keys.map((key) => ({ key, input: { subject: key } }))
          // run until a run completes (each crash uses up one failing set)
          for (let run = 0; run <= crashes.length; run++) {
            const exit = Effect.runSyncExit(
              Stream.runCollect(Action.run(desk.action, { requests, stateStore, stateKey: "desk" }))
            )
            if (Exit.isSuccess(exit)) break
          }
          const distinct = new Set(keys)
          assert.strictEqual(desk.tickets.size, distinct.size)
          for (const key of distinct) {
            const stored = Effect.runSync(memory.get("desk/actions/open-ticket", key))
            assert.deepStrictEqual(
              Option.map(stored, (s) => (s as { status: string }).status),
              Option.some("done")
            )
          }
        }
      )
    ))

  it.effect("retries a retryable failure after its backoff on the Clock, honouring Retry-After", () =>
    Effect.gen(function* () {
      let calls = 0
      const flaky = Action.make({
        name: "note",
        description: "Adds a note",
        input: Schema.String,
        output: Schema.Number,
        perform: () =>
          Effect.suspend(() =>
            ++calls === 1
              ? Effect.fail(ConnectorError.make("rate-limited", "429", { retryAfterMs: 5000 }))
              : Effect.succeed(calls)
          )
      })
      const stateStore = yield* StateStore.makeMemory
      const fiber = yield* Effect.forkChild(
        Stream.runCollect(
          Action.run(flaky, { requests: [{ key: "k", input: "hi" }], stateStore, stateKey: "s" })
        )
      )
      yield* TestClock.adjust("4 seconds")
      assert.strictEqual(calls, 1)
      yield* TestClock.adjust("2 seconds")
      const events = yield* Fiber.join(fiber)
      assert.deepStrictEqual(events, [{ _tag: "Performed", key: "k", output: 2, attempts: 2 }])
    })
  )

  it.effect("fails one request without stopping the others, and the next run tries it again", () =>
    Effect.gen(function* () {
      let refuse = true
      const picky = Action.make({
        name: "tag",
        description: "Tags a customer",
        input: Schema.Struct({ customer: Schema.String }),
        output: Schema.Boolean,
        perform: (input) =>
          refuse && input.customer === "c2"
            ? Effect.fail(ConnectorError.make("auth", "scope missing"))
            : Effect.succeed(true)
      })
      const stateStore = yield* StateStore.makeMemory
      const requests = [
        { key: "r1", input: { customer: "c1" } },
        { key: "r2", input: { customer: "c2" } },
        { key: "r3", input: { customer: "c3" } },
        { key: "r4", input: { customer: 4 } as unknown as { customer: string } },
        { key: "", input: { customer: "c5" } }
      ]
      const first = yield* Stream.runCollect(Action.run(picky, { requests, stateStore, stateKey: "s" }))
      assert.deepStrictEqual(tags(first), [
        "Performed:r1",
        "Failed:r2",
        "Performed:r3",
        "Failed:r4",
        "Failed:"
      ])
      const bad = first[3]
      assert.include(bad?._tag === "Failed" ? bad.error.message : "", "requests[3].input does not match")
      const empty = first[4]
      assert.include(
        empty?._tag === "Failed" ? empty.error.message : "",
        "requests[4].key must be a non-empty string"
      )
      refuse = false
      const second = yield* Stream.runCollect(
        Action.run(picky, { requests: requests.slice(0, 3), stateStore, stateKey: "s" })
      )
      assert.deepStrictEqual(tags(second), ["AlreadyDone:r1", "Performed:r2", "AlreadyDone:r3"])
    })
  )
})
