import { describe, expect, it } from "@effect/vitest"
import { chiSquareSurvival, standardNormalCdf, tCritical, zCritical } from "../src/internal/distributions.ts"

// Reference values: R 4.x, qnorm(0.975) = 1.959964, qt(0.975, 10) = 2.228139,
// pchisq(3.841459, 1, lower.tail = FALSE) = 0.05, pnorm(1) = 0.8413447.
describe("distributions", () => {
  it("matches R's quantiles to 1e-6", () => {
    expect(zCritical(0.95)).toBeCloseTo(1.959964, 6)
    expect(tCritical(0.95, 10)).toBeCloseTo(2.228139, 6)
    expect(chiSquareSurvival(3.841459, 1)).toBeCloseTo(0.05, 6)
    expect(standardNormalCdf(1)).toBeCloseTo(0.8413447, 6)
  })
})
