// Seeded random variates for the simulation tests and benchmarks (not part of the package).

/** xorshift128+-style generator with a 32-bit state mix (sfc32, Doty-Humphrey), seeded. */
export const makeRandom = (seed: number): (() => number) => {
  let a = 0x9e3779b9
  let b = 0x243f6a88
  let c = 0xb7e15162
  let d = seed >>> 0
  const next = () => {
    a >>>= 0
    b >>>= 0
    c >>>= 0
    d >>>= 0
    let t = (a + b) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    d = (d + 1) | 0
    t = (t + d) | 0
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
  for (let i = 0; i < 16; i++) next()
  // (0, 1): never exactly 0, so logs are finite.
  return () => {
    let u = next()
    while (u === 0) u = next()
    return u
  }
}

export const normal = (random: () => number): number =>
  Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random())

/** Gamma(shape, rate) by Marsaglia & Tsang (2000), boosted for shape < 1. */
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

export const beta = (random: () => number, a: number, b: number): number => {
  const x = gamma(random, a, 1)
  return x / (x + gamma(random, b, 1))
}

export const exponential = (random: () => number, rate: number): number => -Math.log(random()) / rate
