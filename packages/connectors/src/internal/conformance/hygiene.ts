// Conformance checks: secrets never leak, runs are deterministic.
import { Effect } from "effect"
import * as MockServer from "../../testing/MockServer.ts"
import { connector as H } from "../hints.ts"
import { assertThat, check, type Event, type Group, serialize } from "./harness.ts"

export const hygiene: Group = (h) => {
  const { connector, options, decode, runSync, freshStore, withMock, secretsOfBadConfig } = h
  return [
    check("secrets: no secret in logs, events, errors or state", () =>
      withMock(async (server) => {
        server.inject({ fault: MockServer.rateLimited({ retryAfter: 1 }), after: 1 })
        server.inject({ fault: MockServer.serverError(503), after: 2 })
        server.inject({ fault: MockServer.nonJson(502), after: 3 })
        const store = freshStore()
        const good = await runSync(server, { store })
        const bad = await runSync(server, {
          store: freshStore(),
          config: decode(options.badConfig(server.url))
        })
        const states = Effect.runSync(store.entries(connector.id))
        const texts = [
          ...good.logs,
          ...bad.logs,
          serialize(good.events),
          serialize(bad.events),
          serialize([...states]),
          good.failure ?? "",
          bad.failure ?? "",
          ...bad.events.flatMap((e) =>
            e._tag === "Status" && e.status === "failed" ? [String(e.error), e.error.stack ?? ""] : []
          )
        ]
        for (const secret of [...options.secrets, ...secretsOfBadConfig(server.url)]) {
          const leak = texts.find((t) => t.includes(secret))
          assertThat(
            leak === undefined,
            () => `a secret leaked: ${leak?.slice(0, 200).split(secret).join("<SECRET>")}`,
            H.secretLeak
          )
        }
      })
    ),
    check("determinism: two runs over the same data emit the same events", async () => {
      const strip = (events: ReadonlyArray<Event>) =>
        serialize(events.map((e) => (e._tag === "Progress" ? { ...e, elapsedMillis: 0 } : e)))
      const one = await withMock((server) => runSync(server, { store: freshStore() }))
      const two = await withMock((server) => runSync(server, { store: freshStore() }))
      assertThat(
        strip(one.events) === strip(two.events),
        () => "two identical syncs emitted different events",
        H.nondeterministic
      )
    })
  ]
}
