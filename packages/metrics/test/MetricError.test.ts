import { CoreError } from "@cxkit/core"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { MetricError } from "../src/index.ts"

describe("MetricError", () => {
  it("names the field, the value and the rule", () => {
    const error = new MetricError.MetricError({
      reason: "InvalidInput",
      field: "scores[3]",
      value: 11,
      rule: "an integer from 0 to 10"
    })
    expect(error.message).toBe("scores[3]: 11 is not an integer from 0 to 10")
    expect(error).toBeInstanceOf(Error)
    expect(String(error)).toContain("scores[3]: 11 is not an integer from 0 to 10")
  })

  it.effect("is catchable by tag inside Effect", () =>
    Effect.gen(function* () {
      const caught = yield* Effect.fail(
        new MetricError.MetricError({
          reason: "NotConverged",
          field: "BetaGeo.fit",
          value: 1,
          rule: "gradient norm above tolerance"
        })
      ).pipe(Effect.catchTag("MetricError", (e) => Effect.succeed(e.reason)))
      expect(caught).toBe("NotConverged")
    })
  )

  it("shares CoreError's { field, value, rule } shape, message and reason casing", () => {
    const fields = { field: "options.weights.length", value: 1, rule: "one weight per answer (2 answers)" }
    const metric = new MetricError.MetricError({ reason: "InvalidInput", ...fields })
    const core = new CoreError.CoreError({ reason: "InvalidInput", ...fields })
    expect(metric.message).toBe(core.message)
    expect(metric.message).toBe(CoreError.formatInvalid(fields))
    expect(Schema.is(CoreError.InvalidValue)(metric)).toBe(true)
    expect(Schema.is(CoreError.InvalidValue)(core)).toBe(true)
    // One casing (PascalCase) for the reasons of both packages.
    for (const reason of [...MetricError.MetricErrorReason.literals, ...CoreError.CoreErrorReason.literals])
      expect(reason).toMatch(/^[A-Z][A-Za-z]+$/)
  })
})
