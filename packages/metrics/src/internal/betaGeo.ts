// The beta-geometric family of purchase models shared by BG/NBD (Fader, Hardie & Lee 2005) and
// MBG/NBD (Batislam, Denizel & Filiztekin 2007). While alive, a customer buys as a Poisson process
// with rate λ ~ Gamma(r, α); at each dropout opportunity they leave with probability p ~ Beta(a, b).
// The two models differ only in the opportunities before the first repeat purchase:
//
// - `shift` 0, BG/NBD: a dropout opportunity after each repeat purchase, so after x repeat
//   purchases there have been m = x opportunities;
// - `shift` 1, MBG/NBD: also one right after the first purchase at time 0, so m = x + 1 (a
//   customer without repeat purchases may already have left).
//
// Given λ and p, the history (x, t_x, T) has likelihood (1−p)^m λ^x e^{−λT} (alive at T) +
// δ_{m>0} p (1−p)^{m−1} λ^x e^{−λ t_x} (left at t_x); integrating over λ and p gives FHL 2005
// eq. (6) for m = x and Batislam et al. (2007) eq. (4) for m = x + 1. A customer alive at T has
// the posterior λ ~ Gamma(r+x, α+T), p ~ Beta(a, b+m), and from T on, by memorylessness, buys as a
// new BG/NBD customer (shift 0) with those parameters: every conditional quantity is P(alive) times
// the new-customer quantity at the posterior parameters.
import * as Hyp from "./hyp2f1.ts"
import * as Model from "./model.ts"
import { type Patterns, requireRepeatPurchase, patterns as toPatterns } from "./patterns.ts"
import * as Special from "./special.ts"
import { count, nonNegative, positiveParams, customer as validCustomer } from "./validate.ts"

// Bound once (see the note in BetaGeo.ts on imported names under vitest's module runner).
const { hyp2f1 } = Hyp
const { digamma, lnBeta, lnGamma, logAddExp } = Special

/** r, α (purchase-rate Gamma) and a, b (dropout-probability Beta). */
export interface Params {
  readonly r: number
  readonly alpha: number
  readonly a: number
  readonly b: number
}

export interface History {
  readonly frequency: number
  readonly recency: number
  readonly T: number
}

/** A customer (or `weight` customers) as the fits take them. */
export interface Row extends History {
  readonly weight?: number | undefined
}

export type Shift = 0 | 1

export const NAMES = ["r", "alpha", "a", "b"] as const

/**
 * ln L summed over patterns, in the log form of Fader, Hardie & Lee (2005), "Implementing the
 * BG/NBD Model for Customer Base Analysis in Excel" (brucehardie.com note 004), with m = x + shift:
 * ln L = A₁ + A₂ + ln(e^A₃ + δ_{m>0} e^A₄), A₁ = ln Γ(r+x) − ln Γ(r) + r ln α,
 * A₂ = ln Γ(a+b) + ln Γ(b+m) − ln Γ(b) − ln Γ(a+b+m), A₃ = −(r+x) ln(α+T),
 * A₄ = ln a − ln(b+m−1) − (r+x) ln(α+t_x).
 *
 * Returned with its analytic gradient from one pass (derivatives of A₁…A₄; ψ = digamma):
 * [ℓ, ∂ℓ/∂r, ∂ℓ/∂α, ∂ℓ/∂a, ∂ℓ/∂b]. The optimiser then needs no finite differences.
 */
export const valueAndGradient = (
  data: Patterns,
  shift: Shift,
  r: number,
  alpha: number,
  a: number,
  b: number
): [number, number, number, number, number] => {
  const k = data.distinctX.length
  const table = new Float64Array(k)
  const lgr = lnGamma(r)
  const lgb = lnGamma(b)
  const lgab = lnGamma(a + b)
  const dr0 = new Float64Array(k)
  const da0 = new Float64Array(k)
  const db0 = new Float64Array(k)
  const psiR = digamma(r)
  const psiB = digamma(b)
  const psiAB = digamma(a + b)
  for (let j = 0; j < k; j++) {
    const x = data.distinctX[j] as number
    const m = x + shift
    const psiABM = digamma(a + b + m)
    table[j] = lnGamma(r + x) - lgr + lgab + lnGamma(b + m) - lgb - lnGamma(a + b + m)
    dr0[j] = digamma(r + x) - psiR
    da0[j] = psiAB - psiABM
    db0[j] = psiAB + digamma(b + m) - psiB - psiABM
  }
  const lnAlpha = Math.log(alpha)
  const rLnAlpha = r * lnAlpha
  const lnA = Math.log(a)
  let sum = 0
  let gr = 0
  let gAlpha = 0
  let ga = 0
  let gb = 0
  for (let i = 0; i < data.size; i++) {
    const x = data.x[i] as number
    const m = x + shift
    const w = data.w[i] as number
    const j = data.xIndex[i] as number
    const aT = alpha + (data.T[i] as number)
    const a3 = -(r + x) * Math.log(aT)
    // π₃, π₄: shares of the two terms of L = e^A₃ + e^A₄.
    let p3 = 1
    let p4 = 0
    let aTx = 1
    let bm1 = 1
    let l = a3
    if (m > 0) {
      aTx = alpha + (data.tx[i] as number)
      bm1 = b + m - 1
      const a4 = lnA - Math.log(bm1) - (r + x) * Math.log(aTx)
      l = logAddExp(a3, a4)
      p3 = Math.exp(a3 - l)
      p4 = Math.exp(a4 - l)
    }
    sum += w * ((table[j] as number) + rLnAlpha + l)
    gr += w * ((dr0[j] as number) + lnAlpha - p3 * Math.log(aT) - (m > 0 ? p4 * Math.log(aTx) : 0))
    gAlpha += w * (r / alpha - p3 * ((r + x) / aT) - (m > 0 ? p4 * ((r + x) / aTx) : 0))
    ga += w * ((da0[j] as number) + (m > 0 ? p4 / a : 0))
    gb += w * ((db0[j] as number) - (m > 0 ? p4 / bm1 : 0))
  }
  return [sum, gr, gAlpha, ga, gb]
}

/**
 * The `Model.fitModel` spec pieces both models share: the objective with its analytic gradient
 * (ℓ and ∇ℓ come from one pass; BFGS asks for ℓ at a point, then, once the step is accepted, for
 * its gradient, so the last one is kept) and the starting point r = 1, α matching the mean
 * purchase rate, a = b = 1 (lifetimes starts at 0.1).
 */
export const objective = (data: Patterns, shift: Shift) => {
  let cache: { readonly at: ReadonlyArray<number>; readonly gradient: ReadonlyArray<number> } | undefined
  const both = (v: ReadonlyArray<number>) =>
    valueAndGradient(data, shift, v[0] as number, v[1] as number, v[2] as number, v[3] as number)
  return {
    names: NAMES,
    start: [1, Math.max(data.sumT / Math.max(data.sumX, 1e-3 * data.totalWeight), 1e-6), 1, 1],
    customers: data.totalWeight,
    logLikelihood: (v: ReadonlyArray<number>) => {
      const out = both(v)
      cache = { at: v.slice(), gradient: out.slice(1) }
      return out[0]
    },
    gradient: (v: ReadonlyArray<number>) =>
      cache !== undefined && v.every((x, i) => x === cache?.at[i]) ? cache.gradient : both(v).slice(1)
  } satisfies Partial<Model.ModelSpec<Params>>
}

/**
 * ln of the odds that a customer with this history has left: δ_{m>0} · a/(b+m−1) ·
 * ((α+T)/(α+t_x))^(r+x) (FHL 2008, "Computing P(alive) Using the BG/NBD Model", brucehardie.com
 * note 021, for m = x; Batislam et al. 2007 eq. 8 for m = x + 1). −∞ when m = 0.
 */
const lnOddsLeft = (p: Params, shift: Shift, h: History): number => {
  const m = h.frequency + shift
  if (m === 0) return Number.NEGATIVE_INFINITY
  return (
    Math.log(p.a) -
    Math.log(p.b + m - 1) +
    (p.r + h.frequency) * (Math.log(p.alpha + h.T) - Math.log(p.alpha + h.recency))
  )
}

/** P(alive at T | x, t_x, T) = 1 / (1 + odds of having left). */
export const probabilityAlive = (p: Params, shift: Shift, h: History): number =>
  1 / (1 + Math.exp(lnOddsLeft(p, shift, h)))

/** The posterior of a customer alive at T, as the parameters of a new BG/NBD customer. */
export const posterior = (p: Params, shift: Shift, h: History): Params => ({
  r: p.r + h.frequency,
  alpha: p.alpha + h.T,
  a: p.a,
  b: p.b + h.frequency + shift
})

/**
 * E[X(t)] of a new customer, t > 0: (a+b+shift−1)/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b+shift;
 * a+b+shift−1; t/(α+t))] / (1 + shift·a/b). FHL 2005 eq. (9) for shift 0; Batislam et al. (2007)
 * eq. (6), b/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b+1; a+b; t/(α+t))], for shift 1.
 */
export const expectedNew = (p: Params, shift: Shift, t: number): number => {
  const { r, alpha, a, b } = p
  const bm = b + shift
  const lead = shift === 0 ? (a + b - 1) / (a - 1) : b / (a - 1)
  return lead * (1 - Math.exp(r * Math.log(alpha / (alpha + t))) * hyp2f1(r, bm, a + bm - 1, t / (alpha + t)))
}

/**
 * E[X(T, T+t) | x, t_x, T], t > 0: FHL 2005 eq. (10) for shift 0 and Batislam et al. (2007) eq.
 * (9) for shift 1, both (a+b+m−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+m; a+b+m−1;
 * t/(α+T+t))] / (1 + odds of having left), with m = x + shift.
 */
export const expectedConditional = (p: Params, shift: Shift, h: History, t: number): number => {
  const { r, alpha, a, b } = p
  const { frequency: x, T } = h
  const m = x + shift
  const lead = (a + b + m - 1) / (a - 1)
  const f = hyp2f1(r + x, b + m, a + b + m - 1, t / (alpha + T + t))
  const numerator = lead * (1 - Math.exp((r + x) * Math.log((alpha + T) / (alpha + T + t))) * f)
  return numerator / (1 + Math.exp(lnOddsLeft(p, shift, h)))
}

/**
 * P(X(t) = n) of a new customer, t > 0 (FHL 2005 eq. 8 for shift 0; Batislam et al. 2007 eq. 7
 * for shift 1): B(a, b+shift+n)/B(a,b) · NB(n) + δ_{shift+n>0} B(a+1, b+shift+n−1)/B(a,b) ·
 * [1 − Σ_{j<n} NB(j)], with NB(j) = Γ(r+j)/(Γ(r) j!) (α/(α+t))^r (t/(α+t))^j.
 */
export const probabilityNew = (p: Params, shift: Shift, t: number, n: number): number => {
  const { r, alpha, a, b } = p
  const lnB = lnBeta(a, b)
  const lnP = Math.log(alpha / (alpha + t))
  const lnQ = Math.log(t / (alpha + t))
  const lgr = lnGamma(r)
  const nb = (j: number) => Math.exp(lnGamma(r + j) - lgr - lnGamma(j + 1) + r * lnP + j * lnQ)
  const first = Math.exp(lnBeta(a, b + shift + n) - lnB) * nb(n)
  if (shift + n === 0) return first
  let cdf = 0
  for (let j = 0; j < n; j++) cdf += nb(j)
  return first + Math.exp(lnBeta(a + 1, b + shift + n - 1) - lnB) * Math.max(0, 1 - cdf)
}

/**
 * P(X(T, T+t) = n | x, t_x, T), t > 0: P(alive) · P_new(n) at the posterior parameters (a BG/NBD
 * customer from T on) + (1 − P(alive)) · δ_{n=0}, from the model's assumptions as in the header
 * (the joint probability of the history and n future purchases, divided by the history's
 * likelihood); its mean is the conditional expectation above.
 */
export const probabilityConditional = (p: Params, shift: Shift, h: History, t: number, n: number): number => {
  const alive = probabilityAlive(p, shift, h)
  const future = alive * probabilityNew(posterior(p, shift, h), 0, t, n)
  return n === 0 ? future + (1 - alive) : future
}

/**
 * The public functions of one member of the family, with their input checks; `BetaGeo` and
 * `ModifiedBetaGeo` export them under their own documentation.
 */
export const make = (shift: Shift, label: string) => {
  const valid = (params: Params): Params => positiveParams("params", params, NAMES) as Params
  return {
    logLikelihood: (params: Params, rows: Iterable<Row>): number => {
      const { r, alpha, a, b } = valid(params)
      return valueAndGradient(toPatterns(rows), shift, r, alpha, a, b)[0]
    },
    fit: (rows: Iterable<Row>, options?: Model.FitOptions<Params>): Model.Fit<Params> => {
      const data = requireRepeatPurchase(toPatterns(rows))
      return Model.fitModel<Params>(
        { label: `${label}.fit`, ...objective(data, shift), limits: LIMITS },
        options
      )
    },
    probabilityAlive: (params: Params, customer: History): number =>
      probabilityAlive(valid(params), shift, validCustomer(customer)),
    expectedPurchases: (params: Params, t: number, customer: History): number => {
      const p = valid(params)
      nonNegative("t", t)
      const h = validCustomer(customer)
      return t === 0 ? 0 : expectedConditional(p, shift, h, t)
    },
    expectedPurchasesNewCustomer: (params: Params, t: number): number => {
      const p = valid(params)
      nonNegative("t", t)
      return t === 0 ? 0 : expectedNew(p, shift, t)
    },
    probabilityOfPurchases: (params: Params, t: number, n: number, customer?: History): number => {
      const p = valid(params)
      nonNegative("t", t)
      count("n", n)
      const h = customer === undefined ? undefined : validCustomer(customer)
      if (t === 0) return n === 0 ? 1 : 0
      return h === undefined ? probabilityNew(p, shift, t, n) : probabilityConditional(p, shift, h, t, n)
    }
  }
}

// Where a fit runs onto a homogeneous limit, what that says about the data (see model.ts).
const LIMITS = [
  Model.betaLimit<Params>(
    "a",
    "b",
    "the probability of dropping out after a purchase",
    () => "Fit ParetoNbd instead (its dropout is a rate in time, not a probability per purchase)"
  ),
  Model.gammaLimit<Params>(
    "r",
    "purchase rate",
    ({ r, alpha }) =>
      `The purchase rate is r/α = ${(r / alpha).toPrecision(4)} for everyone; a model without heterogeneity in the rate fits these data as well`
  )
]
