// Data generated from each model with known parameters, for the fit-back tests and benchmarks.
import { beta, exponential, gamma, makeRandom } from "./random.ts"

export interface Customer {
  frequency: number
  recency: number
  T: number
}

/** BG/NBD (FHL 2005 §3): λ ~ Gamma(r, α), p ~ Beta(a, b), dropout after each repeat purchase. */
export const betaGeo = (
  params: { r: number; alpha: number; a: number; b: number },
  ages: ReadonlyArray<number>,
  seed: number,
  grain = 0
): Array<Customer> => {
  const random = makeRandom(seed)
  return ages.map((T) => {
    const lambda = gamma(random, params.r, params.alpha)
    const p = beta(random, params.a, params.b)
    let t = 0
    let frequency = 0
    let recency = 0
    for (;;) {
      t += exponential(random, lambda)
      if (t > T) break
      frequency++
      recency = t
      if (random() < p) break
    }
    // Optional rounding of purchase times to a grid (e.g. days in weeks: 1/7), so patterns repeat.
    if (grain > 0) recency = Math.min(T, Math.round(recency / grain) * grain)
    return { frequency, recency, T }
  })
}

/** Pareto/NBD: λ ~ Gamma(r, α), lifetime ~ Exp(μ), μ ~ Gamma(s, β). */
export const paretoNbd = (
  params: { r: number; alpha: number; s: number; beta: number },
  ages: ReadonlyArray<number>,
  seed: number
): Array<Customer> => {
  const random = makeRandom(seed)
  return ages.map((T) => {
    const lambda = gamma(random, params.r, params.alpha)
    const mu = gamma(random, params.s, params.beta)
    const end = Math.min(T, exponential(random, mu))
    let t = 0
    let frequency = 0
    let recency = 0
    for (;;) {
      t += exponential(random, lambda)
      if (t > end) break
      frequency++
      recency = t
    }
    return { frequency, recency, T }
  })
}

/** Gamma-Gamma: ν ~ Gamma(q, γ), each transaction ~ Gamma(p, ν); returns mean spend. */
export const gammaGamma = (
  params: { p: number; q: number; v: number },
  frequencies: ReadonlyArray<number>,
  seed: number
): Array<{ frequency: number; monetaryValue: number }> => {
  const random = makeRandom(seed)
  return frequencies.map((frequency) => {
    const nu = gamma(random, params.q, params.v)
    let sum = 0
    for (let i = 0; i < frequency; i++) sum += gamma(random, params.p, nu)
    return { frequency, monetaryValue: sum / frequency }
  })
}

/** BG/BB (FHS 2010): p ~ Beta(α, β), θ ~ Beta(γ, δ); death at the start of each opportunity. */
export const betaGeoBetaBinom = (
  params: { alpha: number; beta: number; gamma: number; delta: number },
  customers: number,
  periods: number,
  seed: number
): Array<{ frequency: number; recency: number; periods: number }> => {
  const random = makeRandom(seed)
  const out: Array<{ frequency: number; recency: number; periods: number }> = []
  for (let k = 0; k < customers; k++) {
    const p = beta(random, params.alpha, params.beta)
    const theta = beta(random, params.gamma, params.delta)
    let frequency = 0
    let recency = 0
    for (let i = 1; i <= periods; i++) {
      if (random() < theta) break
      if (random() < p) {
        frequency++
        recency = i
      }
    }
    out.push({ frequency, recency, periods })
  }
  return out
}
