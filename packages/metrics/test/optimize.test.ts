import { describe, expect, it } from "@effect/vitest"
import { fitMaximumLikelihood, hessian, invert, maximize, standardErrors } from "../src/internal/optimize.ts"
import { MetricError } from "../src/MetricError.ts"

// Closed-form maximum-likelihood estimates to check the optimiser against.
const sample = [2.1, 3.4, 1.9, 5.2, 4.4, 3.3, 2.8, 4.9, 3.1, 3.7]
const n = sample.length
const mean = sample.reduce((s, x) => s + x, 0) / n
const sd = Math.sqrt(sample.reduce((s, x) => s + (x - mean) ** 2, 0) / n)
const normalLogLikelihood = ([mu = 0, sigma = 1]: ReadonlyArray<number>) =>
  sample.reduce((s, x) => s - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI) - ((x - mu) / sigma) ** 2 / 2, 0)

describe("optimize.maximize", () => {
  it("finds the normal MLE (x̄, √(Σ(x−x̄)²/n)) to 1e-7 relative", () => {
    const fit = maximize({
      label: "test.normal",
      names: ["mu", "sigma"],
      start: [1, 1],
      domains: ["real", "positive"],
      logLikelihood: normalLogLikelihood
    })
    expect(fit.converged).toBe(true)
    expect(fit.method).toBe("bfgs")
    expect(Math.abs((fit.params[0] as number) - mean)).toBeLessThan(1e-7 * mean)
    expect(Math.abs((fit.named.sigma as number) - sd)).toBeLessThan(1e-7 * sd)
    expect(fit.logLikelihood).toBeCloseTo(normalLogLikelihood([mean, sd]), 10)
  })

  it("uses an analytic gradient when given one", () => {
    const fit = maximize({
      label: "test.normal",
      names: ["mu", "sigma"],
      start: [0, 3],
      domains: ["real", "positive"],
      logLikelihood: normalLogLikelihood,
      gradient: ([mu = 0, sigma = 1]) => [
        sample.reduce((s, x) => s + (x - mu) / sigma ** 2, 0),
        sample.reduce((s, x) => s - 1 / sigma + (x - mu) ** 2 / sigma ** 3, 0)
      ]
    })
    expect(fit.params[0]).toBeCloseTo(mean, 7)
    expect(fit.params[1]).toBeCloseTo(sd, 7)
  })

  it("handles a probability (logit scale): binomial MLE k/n", () => {
    const fit = maximize({
      label: "test.binomial",
      names: ["p"],
      start: [0.5],
      domains: ["unit"],
      logLikelihood: ([p = 0.5]) => 37 * Math.log(p) + 63 * Math.log(1 - p)
    })
    expect(fit.params[0]).toBeCloseTo(0.37, 7)
  })

  it("minimises the Rosenbrock valley (optimum (1, 1))", () => {
    const fit = maximize({
      label: "test.rosenbrock",
      names: ["x", "y"],
      start: [-1.2, 1],
      domains: ["real", "real"],
      logLikelihood: ([x = 0, y = 0]) => -(100 * (y - x * x) ** 2 + (1 - x) ** 2),
      tolerance: 1e-20
    })
    expect(fit.params[0]).toBeCloseTo(1, 5)
    expect(fit.params[1]).toBeCloseTo(1, 5)
  })

  it("throws NotConverged for an unbounded likelihood, never NaN", () => {
    const run = () =>
      maximize({
        label: "test.unbounded",
        names: ["theta"],
        start: [1],
        logLikelihood: ([t = 1]) => Math.log(t)
      })
    expect(run).toThrow(MetricError)
    try {
      run()
    } catch (e) {
      expect((e as MetricError).reason).toBe("NotConverged")
      expect((e as MetricError).field).toBe("test.unbounded")
    }
  })

  it("rejects a start outside the domain or with a non-finite likelihood", () => {
    expect(() => maximize({ label: "t", names: ["a"], start: [-1], logLikelihood: () => 0 })).toThrow(
      /t\.start\.a: -1 is not a finite starting value in the positive domain/
    )
    expect(() => maximize({ label: "t", names: ["a"], start: [1], logLikelihood: () => Number.NaN })).toThrow(
      /finite log-likelihood/
    )
  })
})

describe("optimize.standardErrors", () => {
  it("matches the normal model's asymptotic errors σ/√n and σ/√(2n) to 1e-5 relative", () => {
    const se = standardErrors(normalLogLikelihood, [mean, sd])
    expect(Math.abs((se[0] as number) / (sd / Math.sqrt(n)) - 1)).toBeLessThan(1e-5)
    expect(Math.abs((se[1] as number) / (sd / Math.sqrt(2 * n)) - 1)).toBeLessThan(1e-5)
  })

  it("returns NaN for an undetermined parameter", () => {
    const se = standardErrors(([a = 1]) => -a * a, [0])
    expect(Number.isNaN(se[0])).toBe(false)
    const flat = standardErrors(([a = 1, b = 1]) => -((a + b - 2) ** 2), [1, 1])
    expect(flat.every(Number.isNaN)).toBe(true)
  })

  it("inverts and differentiates small matrices exactly enough", () => {
    const h = hessian(([x = 0, y = 0]) => 3 * x * x + 2 * x * y + y * y, [1, 2])
    expect(h[0]?.[0]).toBeCloseTo(6, 5)
    expect(h[0]?.[1]).toBeCloseTo(2, 5)
    expect(h[1]?.[1]).toBeCloseTo(2, 5)
    const inv = invert([
      [4, 1],
      [1, 3]
    ])
    expect(inv?.[0]?.[0]).toBeCloseTo(3 / 11, 12)
    expect(inv?.[0]?.[1]).toBeCloseTo(-1 / 11, 12)
    expect(
      invert([
        [1, 1],
        [1, 1]
      ])
    ).toBeUndefined()
  })
})

describe("optimize.fitMaximumLikelihood", () => {
  it("returns parameters with standard errors", () => {
    const fit = fitMaximumLikelihood({
      label: "test.normal",
      names: ["mu", "sigma"],
      start: [1, 1],
      domains: ["real", "positive"],
      logLikelihood: normalLogLikelihood
    })
    expect(fit.standardErrors[0]).toBeCloseTo(sd / Math.sqrt(n), 6)
  })

  it("throws NotConverged when a parameter is not identified (flat direction)", () => {
    let caught: unknown
    try {
      fitMaximumLikelihood({
        label: "test.flat",
        names: ["a", "b"],
        start: [1, 1],
        logLikelihood: ([a = 1]) => -((Math.log(a) - 1) ** 2)
      })
    } catch (e) {
      caught = e
    }
    expect(caught).toBeInstanceOf(MetricError)
    expect((caught as MetricError).reason).toBe("NotConverged")
    expect((caught as MetricError).rule).toContain("b is not identified")
  })
})
