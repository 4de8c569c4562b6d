import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
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
})
