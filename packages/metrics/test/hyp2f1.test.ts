import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import { hyp2f1, hyp2f1ShiftedWithDerivatives } from "../src/internal/hyp2f1.ts"
import { lnBeta, lnGamma, logAddExp, logSubExp } from "../src/internal/special.ts"

// Reference values computed with mpmath 1.3.0 (`mpmath.hyp2f1` at 30 significant digits),
// covering every branch: direct series, Pfaff (z < 0), 1 − z (A&S 15.3.6) and its integer
// limits (15.3.10 m = 0, 15.3.11 m > 0, 15.3.12 m < 0), and a terminating series.
const reference: ReadonlyArray<readonly [number, number, number, number, number]> = [
  [1, 1, 2, 0.5, 1.3862943611198906],
  [0.5, 1.5, 2.5, 0.3, 1.108062551056932],
  [2.3, 1.7, 4.1, 0.95, 7.624257954084783],
  [2.3, 1.7, 4.0, 0.99, 15.774597393856356],
  [1.2, 0.8, 3.0, 0.97, 1.7967911559770033],
  [1.5, 2.5, 2.0, 0.93, 176.06201119476918],
  [1.5, 2.5, 3.0, 0.999, 1689.980460427861],
  [3.2, 1.606, 4.2, 0.2, 1.3091844628118008],
  [6.159, 5.553, 7.159, 0.09, 1.568273172184045],
  [2.5, 3.5, 1.5, -0.6, 0.024126263886782684],
  [2.5, 3.5, 1.5, -5, -0.0017850362494561912],
  [2.243, 4.426, 4.219, 0.47, 4.49303693401162],
  [1.7, 1.3, 3.0, 0.95, 5.141525182886544],
  [0.7, 2.1, 2.8, 0.9999, 10.85069348189869],
  [5.5, 6.6, 7.7, -30, 3.2064590073040245e-8],
  [-3, 2.5, 4.5, 0.7, 0.2690792540792541],
  [1, 1, 3, 0.96, 1.8039170290913018],
  [2, 3, 4, -0.999, 0.3413904391904724]
]

const relativeError = (x: number, y: number) => Math.abs(x - y) / Math.abs(y)

describe("hyp2f1", () => {
  it.each(reference)("₂F₁(%d, %d; %d; %d) matches mpmath to 1e-11 relative", (a, b, c, z, expected) => {
    expect(relativeError(hyp2f1(a, b, c, z), expected)).toBeLessThan(1e-11)
  })

  it("reproduces closed forms (A&S 15.1.3, 15.1.8, 15.1.20)", () => {
    for (const z of [-3, -0.5, 0.1, 0.5, 0.9, 0.95, 0.999999]) {
      // 15.1.3: ₂F₁(1, 1; 2; z) = −ln(1 − z)/z
      expect(relativeError(hyp2f1(1, 1, 2, z), -Math.log1p(-z) / z)).toBeLessThan(1e-12)
      // 15.1.8: ₂F₁(a, b; b; z) = (1 − z)^(−a)
      expect(relativeError(hyp2f1(0.37, 2.2, 2.2, z), (1 - z) ** -0.37)).toBeLessThan(1e-12)
    }
    // 15.1.20 (Gauss): ₂F₁(a, b; c; 1) = Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b))
    const gauss = Math.exp(lnGamma(5) + lnGamma(1.5) - lnGamma(3) - lnGamma(3.5))
    expect(relativeError(hyp2f1(2, 1.5, 5, 1), gauss)).toBeLessThan(1e-13)
  })

  it("is continuous across the branch boundaries (z = 0, 0.9)", () => {
    const params: ReadonlyArray<readonly [number, number, number]> = [
      [0.8, 1.9, 2.3],
      [3.1, 0.4, 1.2],
      [1.5, 1.5, 3]
    ]
    for (const [a, b, c] of params) {
      expect(relativeError(hyp2f1(a, b, c, 0.9), hyp2f1(a, b, c, 0.9 + 1e-12))).toBeLessThan(1e-10)
      expect(relativeError(hyp2f1(a, b, c, -1e-13), 1)).toBeLessThan(1e-11)
    }
  })

  it("stays within 1e-7 relative when c − a − b is close to, not at, an integer (mpmath)", () => {
    expect(relativeError(hyp2f1(1.3, 1.7, 3.0000001, 0.95), 5.1415246781232575)).toBeLessThan(1e-7)
    expect(relativeError(hyp2f1(1.3, 1.7, 3.000000001, 0.95), 5.14152517783891)).toBeLessThan(1e-7)
  })

  it("returns NaN outside its domain", () => {
    expect(hyp2f1(1, 1, 2, 1.5)).toBeNaN()
    expect(hyp2f1(1, 1, -2, 0.5)).toBeNaN()
    expect(hyp2f1(1, 1, 1.5, 1)).toBeNaN()
    expect(hyp2f1(Number.NaN, 1, 2, 0.5)).toBeNaN()
  })

  it("satisfies Euler's transformation F(a,b;c;z) = (1−z)^(c−a−b) F(c−a,c−b;c;z) (A&S 15.3.3)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 6, noNaN: true }),
        fc.double({ min: 0.1, max: 6, noNaN: true }),
        fc.double({ min: 0.2, max: 8, noNaN: true }),
        fc.double({ min: -4, max: 0.99, noNaN: true }),
        (a, b, c, z) => {
          const left = hyp2f1(a, b, c, z)
          const right = (1 - z) ** (c - a - b) * hyp2f1(c - a, c - b, c, z)
          return Math.abs(left - right) <= 1e-8 * Math.max(Math.abs(left), Math.abs(right), 1e-300)
        }
      ),
      { numRuns: 300 }
    )
  })
})

describe("special", () => {
  it("wraps @stdlib log-gamma and log-beta (ln Γ(10) = ln 362880, B(2, 3) = 1/12)", () => {
    expect(lnGamma(10)).toBeCloseTo(Math.log(362880), 12)
    expect(lnBeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 12)
    expect(logAddExp(Math.log(2), Math.log(3))).toBeCloseTo(Math.log(5), 14)
    expect(logSubExp(Math.log(5), Math.log(3))).toBeCloseTo(Math.log(2), 14)
    expect(logSubExp(1, 1)).toBe(Number.NEGATIVE_INFINITY)
  })
})

describe("hyp2f1ShiftedWithDerivatives (₂F₁(a, b; a + 1; z) and its partial derivatives)", () => {
  const at = (a: number, b: number, z: number) => {
    const out = new Float64Array(4)
    hyp2f1ShiftedWithDerivatives(a, b, z, out, 0)
    return Array.from(out) as [number, number, number, number]
  }
  const G = (a: number, b: number, z: number) => hyp2f1(a, b, a + 1, z)
  // On [0, 0.9] `hyp2f1` sums its own series (A&S 15.1.1), an independent summation.
  const args = fc.record({
    a: fc.double({ min: 0.05, max: 80, noNaN: true }),
    b: fc.double({ min: 0.05, max: 40, noNaN: true }),
    z: fc.double({ min: 0, max: 0.9, noNaN: true })
  })

  it("equals hyp2f1 at c = a + 1 on z ≤ 0.9 (property, 1e-12 relative)", () => {
    fc.assert(
      fc.property(args, ({ a, b, z }) => {
        expect(relativeError(at(a, b, z)[0], G(a, b, z))).toBeLessThan(1e-12)
      })
    )
  })

  it("its derivatives equal central differences of hyp2f1 in a and b and A&S 15.2.1 in z (property)", () => {
    fc.assert(
      fc.property(args, ({ a, b, z }) => {
        const [, da, db, dz] = at(a, b, z)
        const central = (f: (h: number) => number, x: number) => {
          const h = 1e-6 * Math.max(1, Math.abs(x))
          return (f(h) - f(-h)) / (2 * h)
        }
        const scale = G(a, b, z)
        // Relative to G: a derivative near 0 is compared on the scale of the function.
        expect(Math.abs(da - central((h) => G(a + h, b, z), a)) / scale).toBeLessThan(1e-6)
        expect(Math.abs(db - central((h) => G(a, b + h, z), b)) / scale).toBeLessThan(1e-6)
        // A&S 15.2.1: ∂F/∂z = ab/c · F(a + 1, b + 1; c + 1; z), here with c = a + 1.
        expect(relativeError(dz, ((a * b) / (a + 1)) * hyp2f1(a + 1, b + 1, a + 2, z))).toBeLessThan(1e-9)
      })
    )
  })

  // mpmath 1.3.0 at 40 digits: hyp2f1(a, b, a + 1, z) and mpmath.diff in a (c = a + 1 moving
  // along), b and z. Beyond z = 0.9 (b near an integer included, where A&S 15.3.6 cancels and
  // `hyp2f1` keeps ~1e-12); z = 0.995 takes the fallback through `hyp2f1`.
  const beyond: ReadonlyArray<readonly [number, number, number, number, number, number, number]> = [
    [
      9.574392415686003, 1.9885738810473519, 0.9000067137672769, 41.69271206626382, 2.121690232192068,
      82.19453668691297, 592.7955791305227
    ],
    [
      35.47289522070645, 0.05, 0.9000000000000001, 1.1106331420792066, 0.00026397584158793314,
      2.331593802067151, 0.44874443059209546
    ],
    [2.5, 2.0000001, 0.93, 29.046932797337952, 8.59096653366337, 59.040964882428796, 470.523532597698],
    [0.7, 2.1, 0.98, 48.46175292775085, 64.97122003567895, 146.21810355520228, 2606.023099030734],
    [3.1, 4.0, 0.985, 305946.66202218435, 96433.71533778896, 1185272.4808352508, 61204196.19184323],
    [1.6, 1.3, 0.995, 19.436559903701795, 10.25042894064505, 67.86523039535375, 1545.0344168446668],
    [12.0, 5.5, 0.97, 17892582.490872253, 1353520.078359049, 59186273.0137981, 2717939639.744449]
  ]

  it.each(beyond)(
    "matches mpmath at a = %d, b = %d, z = %d (value 1e-13, derivatives 1e-8)",
    (a, b, z, g, da, db, dz) => {
      const [G0, dA, dB, dZ] = at(a, b, z)
      expect(relativeError(G0, g)).toBeLessThan(z > 0.99 ? 1e-12 : 1e-13)
      expect(relativeError(dA, da)).toBeLessThan(1e-8)
      expect(relativeError(dB, db)).toBeLessThan(1e-8)
      expect(relativeError(dZ, dz)).toBeLessThan(1e-11)
    }
  )

  it("at z = 0: G = 1, ∂G/∂a = ∂G/∂b = 0 and ∂G/∂z = ab/(a + 1)", () => {
    expect(at(2, 3, 0)).toEqual([1, 0, 0, 2])
  })
})
