// Seeded pseudorandom numbers for the resampling methods (bootstrap) and the simulators
// (Simulate.ts): the 32-bit Mersenne Twister (Matsumoto & Nishimura 1998, mt19937.ts), so a seed
// gives the same draws on every machine and in every run.
import { mt19937 } from "./mt19937.ts"

/**
 * A generator of uniform numbers in [0, 1) on a 2⁻³² grid (one 32-bit draw each) from a seed
 * (an integer from 1 to 2³² − 1).
 */
export const uniform = (seed: number): (() => number) => {
  const generator = mt19937(seed)
  return () => generator() / 4294967296
}

/**
 * Uniform numbers in the open interval (0, 1) from `uniform(seed)` (zeros redrawn), so the
 * logarithms of the variates below are finite.
 */
export const openUniform = (seed: number): (() => number) => {
  const next = uniform(seed)
  return () => {
    let u = next()
    while (u === 0) u = next()
    return u
  }
}

/** A standard normal variate by the Box-Muller transform. */
export const normal = (random: () => number): number =>
  Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random())

/**
 * A Gamma(shape, rate) variate by Marsaglia & Tsang (2000), "A Simple Method for Generating Gamma
 * Variables", ACM TOMS 26(3); for shape < 1 boosted as Gamma(shape + 1) · U^(1/shape).
 */
export const gamma = (random: () => number, shape: number, rate: number): number => {
  if (shape < 1) return gamma(random, shape + 1, rate) * random() ** (1 / shape)
  const d = shape - 1 / 3
  const c = 1 / Math.sqrt(9 * d)
  for (;;) {
    let x = 0
    let v = 0
    do {
      x = normal(random)
      v = 1 + c * x
    } while (v <= 0)
    v = v * v * v
    const u = random()
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate
  }
}

/** A Beta(a, b) variate as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
export const beta = (random: () => number, a: number, b: number): number => {
  const x = gamma(random, a, 1)
  return x / (x + gamma(random, b, 1))
}

/** An exponential variate with the given rate, by inversion. */
export const exponential = (random: () => number, rate: number): number => -Math.log(random()) / rate
