import { describe, expect, it } from "@effect/vitest"
import fc from "fast-check"
import { compile } from "vega-lite"
import { KeyDrivers } from "../src/index.ts"
import { normal, openUniform } from "../src/internal/random.ts"
import { close, metricError } from "./support/assert.ts"
import { attitude, mtcars } from "./support/rdatasets.ts"

const byName = (result: KeyDrivers.KeyDrivers) => Object.fromEntries(result.drivers.map((d) => [d.name, d]))

const ATTITUDE_DRIVERS = ["complaints", "privileges", "learning", "raises", "critical", "advance"]

// Rows of a linear model y = Σ b_j x_j + noise with correlated x (a shared factor).
const simulate = (seed: number, n: number, betas: ReadonlyArray<number>, shared = 0.5) => {
  const random = openUniform(seed)
  return Array.from({ length: n }, () => {
    const common = normal(random)
    const row: Record<string, number> = {}
    let y = 0
    betas.forEach((b, j) => {
      const x = shared * common + normal(random)
      row[`x${j}`] = x
      y += b * x
    })
    row.y = y + normal(random)
    return row
  })
}

describe("KeyDrivers.relativeWeights", () => {
  it("reproduces rwa on mtcars: mpg ~ cyl + disp + hp + gear", () => {
    // R's rwa package (Chan), README: R² 0.7792, rescaled 29.32 / 28.51 / 29.80 / 12.37 %.
    const result = KeyDrivers.relativeWeights(mtcars, {
      outcome: "mpg",
      drivers: ["cyl", "disp", "hp", "gear"],
      bootstrap: false
    })
    close(result.rSquared, 0.7792, 5e-5)
    const d = byName(result)
    close(d.cyl?.share, 29.32, 0.005)
    close(d.disp?.share, 28.51, 0.005)
    close(d.hp?.share, 29.8, 0.005)
    close(d.gear?.share, 12.37, 0.005)
    expect(result.drivers.map((x) => x.name)).toEqual(["hp", "cyl", "disp", "gear"])
    expect(result.drivers.map((x) => x.rank)).toEqual([1, 2, 3, 4])
    close(
      result.drivers.reduce((s, x) => s + x.weight, 0),
      result.rSquared,
      1e-12
    )
    expect(result).toMatchObject({ method: "relative-weights", outcome: "mpg", n: 32, excluded: 0 })
    expect(result.bootstrap).toBeUndefined()
    expect(d.gear?.correlation).toBeGreaterThan(0)
    expect(d.hp?.correlation).toBeLessThan(0)
  })

  it("reproduces rwa on mtcars with weight: mpg ~ cyl + disp + hp + wt", () => {
    // rwa vignette "Regression methods" (rwa_multiregress): raw weights to 7 digits.
    const d = byName(
      KeyDrivers.relativeWeights(mtcars, {
        outcome: "mpg",
        drivers: ["cyl", "disp", "hp", "wt"],
        bootstrap: false
      })
    )
    close(d.cyl?.weight, 0.2096904, 5e-8)
    close(d.disp?.weight, 0.1883043, 5e-8)
    close(d.hp?.weight, 0.179959, 5e-8)
    close(d.wt?.weight, 0.2706812, 5e-8)
    close(d.wt?.share, 31.89607, 5e-6)
  })

  it("gives each driver its squared correlation when the drivers are uncorrelated", () => {
    // Johnson (2000): with orthogonal predictors the weights are the squared validities.
    const a = [1, 1, -1, -1, 1, 1, -1, -1]
    const b = [1, -1, 1, -1, 1, -1, 1, -1]
    const y = [3, 1, 0, -2, 2, 0, 1, -1]
    const rows = y.map((v, i) => ({ y: v, a: a[i], b: b[i] }))
    const result = KeyDrivers.relativeWeights(rows, { outcome: "y", drivers: ["a", "b"], bootstrap: false })
    for (const d of result.drivers) close(d.weight, d.correlation ** 2, 1e-12)
  })

  it("bootstraps deterministically from a seed", () => {
    const options = {
      outcome: "mpg",
      drivers: ["cyl", "disp", "hp", "gear"],
      bootstrap: { samples: 200, seed: 7 }
    }
    const a = KeyDrivers.relativeWeights(mtcars, options)
    const b = KeyDrivers.relativeWeights(mtcars, options)
    expect(a).toEqual(b)
    expect(a.bootstrap).toEqual({ samples: 200, usable: 200, seed: 7, level: 0.95 })
    const c = KeyDrivers.relativeWeights(mtcars, { ...options, bootstrap: { samples: 200, seed: 8 } })
    expect(c.drivers[0]?.interval).not.toEqual(a.drivers[0]?.interval)
    for (const d of a.drivers) {
      const interval = d.interval as { lower: number; upper: number }
      expect(interval.lower).toBeLessThan(interval.upper)
      expect(interval.lower).toBeGreaterThanOrEqual(0)
    }
    const r2 = a.rSquaredInterval as { lower: number; upper: number }
    expect(r2.lower).toBeLessThan(a.rSquared)
    expect(r2.upper).toBeGreaterThan(a.rSquared)
  })

  it("flags the real drivers as significant and noise as not (Tonidandel et al. 2009)", () => {
    // Two real drivers and three unrelated ones; a weight CI alone would exclude 0 for all five.
    const random = openUniform(11)
    const rows = Array.from({ length: 300 }, () => {
      const real1 = normal(random)
      const real2 = normal(random)
      return {
        real1,
        real2,
        noise1: normal(random),
        noise2: normal(random),
        noise3: normal(random),
        y: 0.6 * real1 + 0.4 * real2 + normal(random)
      }
    })
    const result = KeyDrivers.relativeWeights(rows, {
      outcome: "y",
      drivers: ["real1", "real2", "noise1", "noise2", "noise3"],
      bootstrap: { samples: 400, seed: 3 }
    })
    expect(result.drivers.filter((d) => d.significant).map((d) => d.name)).toEqual(["real1", "real2"])
    for (const d of result.drivers) expect((d.interval as { lower: number }).lower).toBeGreaterThan(0)
  })

  it("keeps its invariants: weights ≥ 0 adding up to R², equal to the Shapley R², invariant to row order, driver order and driver scale", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 8, max: 40 }),
        (seed, p, n) => {
          const betas = Array.from({ length: p }, (_, j) => (j % 2 === 0 ? 1 : -0.5) / (j + 1))
          const rows = simulate(seed, n, betas)
          const drivers = betas.map((_, j) => `x${j}`)
          const result = KeyDrivers.relativeWeights(rows, { outcome: "y", drivers, bootstrap: false })
          const shapley = KeyDrivers.shapley(rows, { outcome: "y", drivers, bootstrap: false })
          const total = result.drivers.reduce((s, d) => s + d.weight, 0)
          expect(Math.abs(total - result.rSquared)).toBeLessThan(1e-10)
          expect(Math.abs(result.rSquared - shapley.rSquared)).toBeLessThan(1e-9)
          expect(result.rSquared).toBeLessThanOrEqual(1 + 1e-12)
          for (const d of result.drivers) expect(d.weight).toBeGreaterThanOrEqual(0)
          const shares = result.drivers.reduce((s, d) => s + d.share, 0)
          expect(Math.abs(shares - 100)).toBeLessThan(1e-8)

          const reversed = KeyDrivers.relativeWeights(rows.slice().reverse(), {
            outcome: "y",
            drivers: drivers.slice().reverse(),
            bootstrap: false
          })
          // Rescaled and flipped first driver: the weight is unchanged, the correlation flips.
          const rescaled = KeyDrivers.relativeWeights(
            rows.map((r) => ({ ...r, x0: 3 - 2 * (r.x0 as number) })),
            { outcome: "y", drivers, bootstrap: false }
          )
          const a = byName(result)
          const b = byName(reversed)
          const c = byName(rescaled)
          for (const name of drivers) {
            expect(Math.abs((a[name]?.weight as number) - (b[name]?.weight as number))).toBeLessThan(1e-10)
            expect(Math.abs((a[name]?.weight as number) - (c[name]?.weight as number))).toBeLessThan(1e-10)
          }
          expect(Math.abs((a.x0?.correlation as number) + (c.x0?.correlation as number))).toBeLessThan(1e-12)
        }
      ),
      { numRuns: 60 }
    )
  })

  it("coincides with the Shapley values for two drivers", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), fc.integer({ min: 5, max: 60 }), (seed, n) => {
        const rows = simulate(seed, n, [0.8, -0.3], 0.7)
        const options = { outcome: "y", drivers: ["x0", "x1"], bootstrap: false } as const
        const johnson = byName(KeyDrivers.relativeWeights(rows, options))
        const shapley = byName(KeyDrivers.shapley(rows, options))
        for (const name of ["x0", "x1"])
          expect(
            Math.abs((johnson[name]?.weight as number) - (shapley[name]?.weight as number))
          ).toBeLessThan(1e-12)
      }),
      { numRuns: 50 }
    )
  })

  it("reads plain columns strictly, or listwise when asked", () => {
    const rows = [...mtcars, { mpg: 20, cyl: Number.NaN, disp: 100, hp: 100, gear: 4 }]
    const drivers = ["cyl", "disp", "hp", "gear"]
    const error = metricError(() =>
      KeyDrivers.relativeWeights(rows, { outcome: "mpg", drivers, bootstrap: false })
    )
    expect(error.message).toBe("rows[32].cyl: NaN is not a finite number")
    const listwise = KeyDrivers.relativeWeights([...rows, { mpg: 20, cyl: 4, disp: 100, gear: 3 }], {
      outcome: "mpg",
      drivers,
      bootstrap: false,
      missing: "listwise"
    })
    expect(listwise.n).toBe(32)
    expect(listwise.excluded).toBe(2)
    close(listwise.rSquared, 0.7792, 5e-5)
  })

  it("expresses performance on 0–100 of each driver's scale", () => {
    const rows = [
      { nps: 9, delivery: 5, support: 4 },
      { nps: 10, delivery: 5, support: 5 },
      { nps: 6, delivery: 3, support: 4 },
      { nps: 3, delivery: 1, support: 2 },
      { nps: 8, delivery: 4, support: 3 },
      { nps: 7, delivery: 4, support: 2 }
    ]
    const result = byName(
      KeyDrivers.relativeWeights(rows, {
        outcome: "nps",
        drivers: ["delivery", "support"],
        bootstrap: false,
        scales: { delivery: { min: 1, max: 5 } }
      })
    )
    close(result.delivery?.mean, 22 / 6, 1e-12)
    close(result.delivery?.performance, (100 * (22 / 6 - 1)) / 4, 1e-12)
    close(result.support?.performance, 20 / 6, 1e-12)
    expect([result.delivery?.quadrant, result.support?.quadrant]).toEqual(["strength", "secondary"])
  })

  it("refuses bad input with the field, the value and the rule", () => {
    const drivers = ["cyl", "disp"]
    const run = (
      options: Partial<KeyDrivers.Options>,
      rows: ReadonlyArray<Record<string, unknown>> = mtcars
    ) =>
      metricError(() =>
        KeyDrivers.relativeWeights(rows, {
          outcome: "mpg",
          drivers,
          bootstrap: false,
          ...options
        } as KeyDrivers.Options)
      ).message
    expect(run({ drivers: [] })).toBe("options.drivers: [] is not a non-empty array")
    expect(run({ drivers: ["cyl", "mpg"] })).toBe(
      'options.drivers[1]: "mpg" is not a column other than the outcome'
    )
    expect(run({ drivers: ["cyl", "cyl"] })).toBe('options.drivers[1]: "cyl" is not a driver named once')
    expect(run({ bootstrap: { seed: 0 } })).toBe(
      "options.bootstrap.seed: 0 is not an integer from 1 to 4294967295"
    )
    expect(run({ bootstrap: { samples: 1 } })).toBe("options.bootstrap.samples: 1 is not an integer ≥ 2")
    expect(run({ bootstrap: { level: 95 } })).toBe(
      "options.bootstrap.level: 95 is not a confidence level in (0, 1)"
    )
    expect(run({ scales: { hp: { min: 1, max: 5 } } })).toBe(
      'options.scales.hp: {"min":1,"max":5} is not the scale of a driver in options.drivers'
    )
    expect(run({}, mtcars.slice(0, 3))).toBe("rows.length: 3 is not at least 4 complete rows for 2 drivers")
    expect(
      run(
        {},
        mtcars.map((r) => ({ ...r, cyl: 6 }))
      )
    ).toBe("rows[*].cyl: 6 is not a column that varies across rows")
    expect(
      run(
        {},
        mtcars.map((r) => ({ ...r, cyl: r.disp * 2 + 1 }))
      )
    ).toMatch(/^options.drivers: .* is not drivers that are not linearly dependent/)
    const many = Array.from({ length: 16 }, (_, j) => `x${j}`)
    expect(
      metricError(() =>
        KeyDrivers.shapley(simulate(1, 40, new Array(16).fill(0.1)), {
          outcome: "y",
          drivers: many,
          bootstrap: false
        })
      ).message
    ).toBe(
      "options.drivers.length: 16 is not at most 15 drivers for Shapley values (2^p regressions); use relativeWeights"
    )
  })
})

describe("KeyDrivers.shapley", () => {
  it("reproduces the general dominance weights of Azen & Budescu's attitude example", () => {
    // dominanceanalysis (Bustos Navarrete & Coutinho Soares), README: lm(rating ~ ., attitude),
    // average contributions (general dominance) to 3 decimals and R² 0.733.
    const result = KeyDrivers.shapley(attitude, {
      outcome: "rating",
      drivers: ATTITUDE_DRIVERS,
      bootstrap: false
    })
    close(result.rSquared, 0.733, 5e-4)
    const d = byName(result)
    close(d.complaints?.weight, 0.371, 5e-4)
    close(d.privileges?.weight, 0.051, 5e-4)
    close(d.learning?.weight, 0.156, 5e-4)
    close(d.raises?.weight, 0.12, 5e-4)
    close(d.critical?.weight, 0.007, 5e-4)
    close(d.advance?.weight, 0.028, 5e-4)
    expect(result.drivers.map((x) => x.name)).toEqual([
      "complaints",
      "learning",
      "raises",
      "privileges",
      "advance",
      "critical"
    ])
  })

  it("is close to Johnson's relative weights (Johnson 2000; LeBreton et al. 2004)", () => {
    const shapley = byName(
      KeyDrivers.shapley(attitude, { outcome: "rating", drivers: ATTITUDE_DRIVERS, bootstrap: false })
    )
    const johnson = byName(
      KeyDrivers.relativeWeights(attitude, { outcome: "rating", drivers: ATTITUDE_DRIVERS, bootstrap: false })
    )
    for (const name of ATTITUDE_DRIVERS)
      expect(Math.abs((shapley[name]?.weight as number) - (johnson[name]?.weight as number))).toBeLessThan(
        0.02
      )
  })

  it("bootstraps with the random-variable test as well", () => {
    const result = KeyDrivers.shapley(attitude, {
      outcome: "rating",
      drivers: ATTITUDE_DRIVERS,
      bootstrap: { samples: 200, seed: 5 }
    })
    const d = byName(result)
    expect(d.complaints?.significant).toBe(true)
    expect(d.critical?.significant).toBe(false)
    expect(result.bootstrap?.usable).toBe(200)
  })
})

describe("KeyDrivers.fromFeedback", () => {
  const nps = { metric: "nps" } as const
  const delivery = { metric: "csat", min: 1, max: 5, text: "Delivery" } as const
  const effort = { metric: "ces", scale: "effort-5", text: "Effort" } as const
  const answer = (customerId: string, question: KeyDrivers.FeedbackResponse["question"], score: number) => ({
    customerId,
    question,
    score
  })

  it("gathers one row per respondent and orients effort so that higher is easier", () => {
    const data = KeyDrivers.fromFeedback(
      [
        answer("c1", nps, 9),
        answer("c1", delivery, 5),
        answer("c1", effort, 1),
        answer("c2", delivery, 2),
        answer("c2", nps, 3),
        { ...answer("c3", nps, 10), touchpointId: "t-9" }
      ],
      { outcome: "nps" }
    )
    expect(data.rows).toEqual([
      { nps: 9, Delivery: 5, Effort: 5 },
      { nps: 3, Delivery: 2, Effort: undefined },
      { nps: 10, Delivery: undefined, Effort: undefined }
    ])
    expect(data.respondents).toEqual(["c1", "c2", "t-9"])
    expect(data.drivers).toEqual(["Delivery", "Effort"])
    expect(data.scales).toEqual({ Delivery: { min: 1, max: 5 }, Effort: { min: 1, max: 5 } })
  })

  it("feeds an analysis whose signs read 'better rating, better outcome'", () => {
    const random = openUniform(4)
    const responses = Array.from({ length: 200 }, (_, i) => {
      const ease = 1 + Math.floor(random() * 5) // 1–5, higher is easier
      const speed = 1 + Math.floor(random() * 5)
      const score = Math.max(0, Math.min(10, Math.round(ease + speed - 1 + 2 * (random() - 0.5))))
      const id = `c${i}`
      return [
        answer(id, nps, score),
        answer(id, effort, 6 - ease),
        answer(id, { metric: "csat", min: 1, max: 5, text: "Speed" }, speed)
      ]
    }).flat()
    const data = KeyDrivers.fromFeedback(responses, { outcome: "nps" })
    const result = KeyDrivers.relativeWeights(data.rows, { ...data, bootstrap: false })
    for (const d of result.drivers) expect(d.correlation).toBeGreaterThan(0.4)
    for (const d of result.drivers) expect(d.performance).toBeGreaterThanOrEqual(0)
  })

  it("refuses what it cannot read", () => {
    const message = (responses: ReadonlyArray<KeyDrivers.FeedbackResponse>, outcome = "nps") =>
      metricError(() => KeyDrivers.fromFeedback(responses, { outcome })).message
    expect(message([answer("c1", nps, 11)])).toBe("responses[0].score: 11 is not an integer from 0 to 10")
    expect(message([answer("c1", nps, 9), answer("c1", nps, 8)])).toBe(
      'responses[1].question: "nps" is not a question respondent "c1" answers once'
    )
    expect(message([answer("c1", delivery, 5), answer("c2", { ...delivery, max: 7 }, 6)])).toMatch(
      /^responses\[1\]\.question: .* is not the scale of the other answers to "Delivery" \(1–5, higher-is-better\)$/
    )
    expect(message([answer("", nps, 9)])).toBe(
      'responses[0]: "" is not a response whose respondent key (options.respondent) is a non-empty string'
    )
    expect(message([answer("c1", delivery, 5)])).toBe(
      'options.outcome: "nps" is not a question among the responses (Delivery)'
    )
  })
})

describe("KeyDrivers.chart", () => {
  it("draws importance against performance with the quadrant rules, and compiles", () => {
    const result = KeyDrivers.relativeWeights(mtcars, {
      outcome: "mpg",
      drivers: ["cyl", "disp", "hp", "gear"],
      bootstrap: { samples: 50 }
    })
    const spec = KeyDrivers.chart(result, { title: "mpg drivers" })
    const { spec: vega } = compile(spec as unknown as Parameters<typeof compile>[0])
    expect(vega.marks?.length ?? 0).toBeGreaterThan(0)
    const layers = spec.layer as ReadonlyArray<{ data: { values: ReadonlyArray<Record<string, unknown>> } }>
    expect(layers[0]?.data.values).toEqual([{ importance: 25 }])
    expect(layers[2]?.data.values.map((v) => v.driver)).toEqual(["hp", "cyl", "disp", "gear"])
    expect(layers[2]?.data.values[0]).toMatchObject({ significance: "significant" })
  })
})
