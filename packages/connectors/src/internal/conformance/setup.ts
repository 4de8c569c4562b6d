// Conformance checks: the connector's spec and `check`.
import { Cause, Effect, Exit } from "effect"
import * as Connector from "../../Connector.ts"
import type * as ConnectorError from "../../ConnectorError.ts"
import { connector as H } from "../hints.ts"
import { assertThat, check, type Group, serialize } from "./harness.ts"

export const setup: Group = (h) => {
  const { connector, layer, options, decode, withMock, secretsOfBadConfig } = h
  return [
    check("spec: the config Schema yields a JSON Schema object without secrets", async () => {
      const spec = Connector.spec(connector)
      assertThat(
        spec.type === "object",
        () => `spec type is ${String(spec.type)}, expected "object"`,
        H.specNotObject
      )
      const text = JSON.stringify(spec)
      for (const secret of options.secrets)
        assertThat(!text.includes(secret), () => "the spec contains a secret", H.specSecret)
    }),
    check("check: succeeds with good credentials", () =>
      withMock(async (server) => {
        const exit = await Effect.runPromiseExit(
          Connector.check(connector, decode(options.config(server.url))).pipe(
            Effect.provide(layer)
          ) as Effect.Effect<void, unknown>
        )
        assertThat(
          Exit.isSuccess(exit),
          () => `check failed: ${Exit.isFailure(exit) ? Cause.pretty(exit.cause) : ""}`,
          H.checkFailed
        )
      })
    ),
    check("check: fails with reason auth on bad credentials, without leaking them", () =>
      withMock(async (server) => {
        const exit = await Effect.runPromiseExit(
          Connector.check(connector, decode(options.badConfig(server.url))).pipe(
            Effect.provide(layer)
          ) as Effect.Effect<void, ConnectorError.ConnectorError>
        )
        assertThat(
          Exit.isFailure(exit),
          () => "check succeeded with bad credentials",
          H.checkSucceededBadCredentials
        )
        if (Exit.isFailure(exit)) {
          const error = Cause.findErrorOption(exit.cause)
          assertThat(
            error._tag === "Some" && error.value.reason === "auth",
            () =>
              `check failed with ${Cause.pretty(exit.cause)}, expected a ConnectorError with reason "auth"`,
            H.checkWrongReason
          )
          const text = `${serialize(exit)} ${Cause.pretty(exit.cause)}`
          for (const secret of [...options.secrets, ...secretsOfBadConfig(server.url)]) {
            assertThat(
              !text.includes(secret),
              () => "the check error contains a credential",
              H.credentialLeak
            )
          }
        }
      })
    )
  ]
}
