// The Pareto/NBD log-likelihood and its analytic gradient over collapsed patterns (Fader & Hardie
// 2005, brucehardie.com note 009), used by `ParetoNbd.fit` and `ParetoNbd.logLikelihood`.
import * as Hyp from "./hyp2f1.ts"
import type { Patterns } from "./patterns.ts"
import * as Special from "./special.ts"

// Imported functions bound once: under vitest's module runner every access to an imported name is a
// getter call, which would dominate these inner loops.
const { hyp2f1ShiftedWithDerivatives } = Hyp
const { digamma, lnGamma } = Special

// The distinct ₂F₁ arguments of a data set: the likelihood of pattern i needs
// ₂F₁(r+s+x, b₂; r+s+x+1; z(t)) at t = t_x and t = T (see `lnA0`), which depend on the pattern only
// through (x, t). Patterns share them (every x = 0 customer has t_x = 0, cohorts share T), so each
// distinct (x, t) is evaluated once per likelihood evaluation.
export interface Arguments {
  readonly x: Float64Array
  readonly t: Float64Array
  /** Per pattern, the index of its (x, t_x) argument, or −1 when t_x = T (then A₀ = 0). */
  readonly atTx: Int32Array
  /** Per pattern, the index of its (x, T) argument. */
  readonly atT: Int32Array
  /** The distinct ages T, and each pattern's index into them (for ln(α + T), ln(β + T)). */
  readonly ages: Float64Array
  readonly atAge: Int32Array
}

export const hypArguments = (data: Patterns): Arguments => {
  const index = new Map<number, Map<number, number>>()
  const xs: Array<number> = []
  const ts: Array<number> = []
  const of = (x: number, t: number): number => {
    let byT = index.get(x)
    if (byT === undefined) {
      byT = new Map()
      index.set(x, byT)
    }
    let k = byT.get(t)
    if (k === undefined) {
      k = xs.length
      byT.set(t, k)
      xs.push(x)
      ts.push(t)
    }
    return k
  }
  const atTx = new Int32Array(data.size)
  const atT = new Int32Array(data.size)
  const ages = new Map<number, number>()
  const atAge = new Int32Array(data.size)
  for (let i = 0; i < data.size; i++) {
    const x = data.x[i] as number
    const tx = data.tx[i] as number
    const T = data.T[i] as number
    atTx[i] = tx === T ? -1 : of(x, tx)
    atT[i] = of(x, T)
    let age = ages.get(T)
    if (age === undefined) {
      age = ages.size
      ages.set(T, age)
    }
    atAge[i] = age
  }
  return {
    x: Float64Array.from(xs),
    t: Float64Array.from(ts),
    atTx,
    atT,
    ages: Float64Array.from(ages.keys()),
    atAge
  }
}

// ln L per Fader & Hardie (2005 note 009), the individual likelihood integrated over λ and μ:
// L = Γ(r+x) α^r β^s / Γ(r) · [ 1/((α+T)^(r+x) (β+T)^s) + s/(r+s+x) · A₀ ], with A₀ as in `lnA0`
// written uⱼ = ln ₂F₁(·; z(tⱼ)) − (r+s+x) ln(max(α, β) + tⱼ), A₀ = e^{u(t_x)} − e^{u(T)}.
// Summed over the patterns (weighted); with `gradient`, also ∂ ln L/∂(r, α, s, β) by the chain
// rule through each term, the ₂F₁ partial derivatives coming from the same series
// (`hyp2f1ShiftedWithDerivatives`) and ∂ ln Γ(r+x)/∂r = ψ(r+x).
export const evaluate = (
  data: Patterns,
  args: Arguments,
  r: number,
  alpha: number,
  s: number,
  beta: number,
  gradient?: Float64Array
): number => {
  const withGradient = gradient !== undefined
  const nx = data.distinctX.length
  const lg = new Float64Array(nx)
  const dg = withGradient ? new Float64Array(nx) : lg
  const lnRsx = new Float64Array(nx)
  const lgr = lnGamma(r)
  const psir = withGradient ? digamma(r) : 0
  for (let j = 0; j < nx; j++) {
    const x = data.distinctX[j] as number
    lg[j] = lnGamma(r + x) - lgr
    lnRsx[j] = Math.log(r + s + x)
    if (withGradient) dg[j] = digamma(r + x) - psir
  }
  const na = args.ages.length
  const lnAlphaT = new Float64Array(na)
  const lnBetaT = new Float64Array(na)
  for (let k = 0; k < na; k++) {
    lnAlphaT[k] = Math.log(alpha + (args.ages[k] as number))
    lnBetaT[k] = Math.log(beta + (args.ages[k] as number))
  }
  // Per distinct argument: u, and with the gradient ∂u/∂r, ∂u/∂α, ∂u/∂s, ∂u/∂β.
  const caseA = alpha >= beta
  const big = caseA ? alpha : beta
  const diff = Math.abs(alpha - beta)
  const m = args.x.length
  const u = new Float64Array(m)
  const du = withGradient ? new Float64Array(4 * m) : u
  const g = new Float64Array(4)
  for (let k = 0; k < m; k++) {
    const x = args.x[k] as number
    const t = args.t[k] as number
    const rsx = r + s + x
    const b2 = caseA ? s + 1 : r + x
    const bt = big + t
    const L = Math.log(bt)
    hyp2f1ShiftedWithDerivatives(rsx, b2, diff / bt, g, 0)
    const G = g[0] as number
    u[k] = Math.log(G) - rsx * L
    if (withGradient) {
      const gA = (g[1] as number) / G
      const gB = (g[2] as number) / G
      const gZ = (g[3] as number) / G
      // z = (α − β)/(α + t) when α ≥ β, (β − α)/(β + t) otherwise.
      const dzBig = (t + (caseA ? beta : alpha)) / (bt * bt)
      const dzSmall = -1 / bt
      du[4 * k] = gA + (caseA ? 0 : gB) - L
      du[4 * k + 1] = caseA ? gZ * dzBig - rsx / bt : gZ * dzSmall
      du[4 * k + 2] = gA + (caseA ? gB : 0) - L
      du[4 * k + 3] = caseA ? gZ * dzSmall : gZ * dzBig - rsx / bt
    }
  }
  const lnAlpha = Math.log(alpha)
  const logBeta = Math.log(beta)
  const constant = r * lnAlpha + s * logBeta
  const lnS = Math.log(s)
  let sum = 0
  let gr = 0
  let ga = 0
  let gs = 0
  let gb = 0
  for (let i = 0; i < data.size; i++) {
    const x = data.x[i] as number
    const T = data.T[i] as number
    const w = data.w[i] as number
    const j = data.xIndex[i] as number
    const k1 = args.atTx[i] as number
    const k2 = args.atT[i] as number
    const rsx = r + s + x
    const age = args.atAge[i] as number
    const lnAT = lnAlphaT[age] as number
    const lnBT = lnBetaT[age] as number
    const first = -(r + x) * lnAT - s * lnBT
    const u1 = k1 < 0 ? 0 : (u[k1] as number)
    const d21 = k1 < 0 ? 0 : (u[k2] as number) - u1
    if (!(d21 < 0)) {
      // t_x = T, or t_x so close to T that A₀ rounds to 0 (as logSubExp): only the first term.
      sum += w * ((lg[j] as number) + constant + first)
      if (withGradient) {
        gr += w * ((dg[j] as number) + lnAlpha - lnAT)
        ga += w * (r / alpha - (r + x) / (alpha + T))
        gs += w * (logBeta - lnBT)
        gb += w * (s / beta - s / (beta + T))
      }
      continue
    }
    // ln A₀ = u₁ + ln(1 − e^{u₂ − u₁}) (as logSubExp).
    const lnA0 = u1 + (d21 > -Math.LN2 ? Math.log(-Math.expm1(d21)) : Math.log1p(-Math.exp(d21)))
    const lnCoefficient = lnS - (lnRsx[j] as number)
    const second = lnCoefficient + lnA0
    // ln(e^first + e^second) = max + ln(1 + e^{−|second − first|}) (as logAddExp).
    const e = Math.exp(-Math.abs(second - first))
    const total = Math.max(first, second) + Math.log1p(e)
    sum += w * ((lg[j] as number) + constant + total)
    if (withGradient) {
      // ∂ ln(e^first + e^second) = p₁ ∂first + p₂ ∂second, and p₂ ∂ ln A₀ = c₁ ∂u(t_x) − c₂ ∂u(T)
      // with cⱼ = s/(r+s+x) · e^{uⱼ − total}: no division by A₀, which cancels when t_x ≈ T.
      const p2 = second >= first ? 1 / (1 + e) : e / (1 + e)
      const p1 = 1 - p2
      const c1 = Math.exp(lnCoefficient + u1 - total)
      const c2 = Math.exp(lnCoefficient + (u[k2] as number) - total)
      const o1 = 4 * k1
      const o2 = 4 * k2
      gr +=
        w *
        ((dg[j] as number) +
          lnAlpha -
          p1 * lnAT -
          p2 / rsx +
          c1 * (du[o1] as number) -
          c2 * (du[o2] as number))
      ga +=
        w *
        (r / alpha - (p1 * (r + x)) / (alpha + T) + c1 * (du[o1 + 1] as number) - c2 * (du[o2 + 1] as number))
      gs +=
        w *
        (logBeta -
          p1 * lnBT +
          p2 * (1 / s - 1 / rsx) +
          c1 * (du[o1 + 2] as number) -
          c2 * (du[o2 + 2] as number))
      gb += w * (s / beta - (p1 * s) / (beta + T) + c1 * (du[o1 + 3] as number) - c2 * (du[o2 + 3] as number))
    }
  }
  if (withGradient) {
    gradient[0] = gr
    gradient[1] = ga
    gradient[2] = gs
    gradient[3] = gb
  }
  return sum
}
