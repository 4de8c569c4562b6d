// The one numeric optimiser of @cxkit/metrics: maximum likelihood by quasi-Newton BFGS on an
// unconstrained reparameterisation (log for positive parameters, logit for probabilities),
// with a backtracking Armijo line search (Nocedal & Wright 2006, "Numerical Optimization",
// 2nd ed., algorithm 6.1 and 3.1; initial inverse-Hessian scaling eq. 6.20) and a Nelder-Mead
// simplex fallback (Nelder & Mead 1965; coefficients and shrink step as in Lagarias et al.
// 1998, SIAM J. Optim. 9(1)). Standard errors come from the numerical Hessian of the negative
// log-likelihood at the optimum in the natural parameterisation (observed information).
//
// Every model fit (BG/NBD, Pareto/NBD, Gamma-Gamma, BG/BB, shifted-beta-geometric) goes through
// `fitModel` in internal/model.ts, which calls `fitMaximumLikelihood` here; a fit that does not
// converge throws MetricError reason "NotConverged", and no NaN parameter or standard error is
// ever returned. Usage (what `fitModel` does):
//
//   const fit = fitMaximumLikelihood({
//     label: "ShiftedBetaGeometric.fit",          // names the fit in errors
//     names: ["alpha", "beta"],
//     start: [1, 1],                               // natural scale, inside the domains
//     domains: ["positive", "positive"],          // default: all positive (log scale)
//     logLikelihood: ([alpha, beta]) => ...,       // natural scale; -Infinity/NaN = outside support
//     gradient: ([alpha, beta]) => [...]           // optional, natural scale
//   })
//   fit.params, fit.named.alpha, fit.logLikelihood, fit.standardErrors, fit.iterations
//
// `maximize` alone skips the standard errors; `standardErrors(logLikelihood, params)` computes
// them for any point (NaN where the information is singular: only tests use it).
import { MetricError } from "../MetricError.ts"

/**
 * Where a parameter lives. `positive`: (0, ∞), optimised on the log scale; `unit`: (0, 1),
 * optimised on the logit scale; `real`: unconstrained.
 */
export type Domain = "positive" | "unit" | "real"

/** What `maximize` needs. Parameters are always passed in their natural scale. */
export interface MaximizeOptions {
  /** Names the fit in errors, e.g. "BetaGeo.fit". */
  readonly label: string
  /** One name per parameter, e.g. ["r", "alpha", "a", "b"]. */
  readonly names: ReadonlyArray<string>
  /** Starting point, natural scale, inside each parameter's domain. */
  readonly start: ReadonlyArray<number>
  /** Log-likelihood at natural-scale parameters; may return -Infinity or NaN outside its support. */
  readonly logLikelihood: (params: ReadonlyArray<number>) => number
  /** Optional analytic gradient of the log-likelihood (natural scale); finite differences otherwise. */
  readonly gradient?: ((params: ReadonlyArray<number>) => ReadonlyArray<number>) | undefined
  /** One domain per parameter; default "positive" for all. */
  readonly domains?: ReadonlyArray<Domain> | undefined
  /** BFGS iteration cap (default 500); Nelder-Mead gets 400 × dimension evaluations. */
  readonly maxIterations?: number | undefined
  /**
   * Convergence: stop when the predicted log-likelihood gain ½ gᵀH⁻¹g is below
   * `tolerance × max(1, |ℓ|)` (default 1e-14).
   */
  readonly tolerance?: number | undefined
}

/** The optimum found by `maximize` (always converged: failures throw). */
export interface MaximizeResult {
  /** Natural-scale parameters at the maximum, in the order of `names`. */
  readonly params: ReadonlyArray<number>
  /** Parameters keyed by name. */
  readonly named: Readonly<Record<string, number>>
  readonly logLikelihood: number
  readonly converged: true
  readonly iterations: number
  /** Log-likelihood evaluations, gradients by finite differences included. */
  readonly evaluations: number
  readonly method: "bfgs" | "nelder-mead"
}

type Vec = Float64Array

const toInternal = (domain: Domain, theta: number): number =>
  domain === "positive" ? Math.log(theta) : domain === "unit" ? Math.log(theta / (1 - theta)) : theta

const toNatural = (domain: Domain, z: number): number =>
  domain === "positive" ? Math.exp(z) : domain === "unit" ? 1 / (1 + Math.exp(-z)) : z

// dθ/dz for the chain rule of an analytic gradient.
const jacobian = (domain: Domain, theta: number): number =>
  domain === "positive" ? theta : domain === "unit" ? theta * (1 - theta) : 1

const notConverged = (label: string, value: unknown, rule: string): never => {
  throw new MetricError({ reason: "NotConverged", field: label, value, rule })
}

const dot = (a: Vec, b: Vec): number => {
  let s = 0
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number)
  return s
}

/**
 * Maximises a log-likelihood. BFGS first; if its line search stalls or it runs out of
 * iterations, Nelder-Mead restarts from the best point found. Throws MetricError
 * ("NotConverged") when neither converges, and ("InvalidInput") when the start is outside
 * the domains or its log-likelihood is not finite.
 */
export const maximize = (options: MaximizeOptions): MaximizeResult => {
  const { label, names, start, logLikelihood } = options
  const n = start.length
  if (names.length !== n) throw new RangeError(`${label}: ${names.length} names for ${n} parameters`)
  const domains: ReadonlyArray<Domain> = options.domains ?? names.map(() => "positive")
  const maxIterations = options.maxIterations ?? 500
  const tolerance = options.tolerance ?? 1e-14
  // |internal value| beyond this (θ outside [e⁻⁴⁰, e⁴⁰] ≈ [4e-18, 2e17]) counts as the boundary.
  const boundary = 40

  const z0 = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const theta = start[i] as number
    const domain = domains[i] ?? "positive"
    const ok =
      Number.isFinite(theta) &&
      (domain === "positive" ? theta > 0 : domain === "unit" ? theta > 0 && theta < 1 : true)
    if (!ok) {
      throw new MetricError({
        reason: "InvalidInput",
        field: `${label}.start.${names[i]}`,
        value: theta,
        rule: `a finite starting value in the ${domain} domain`
      })
    }
    z0[i] = toInternal(domain, theta)
  }

  let evaluations = 0
  const natural = (z: Vec): Array<number> => {
    const theta = new Array<number>(n)
    for (let i = 0; i < n; i++) theta[i] = toNatural(domains[i] ?? "positive", z[i] as number)
    return theta
  }
  // Objective: negative log-likelihood in internal coordinates; +∞ outside the support.
  const objective = (z: Vec): number => {
    evaluations++
    const theta = natural(z)
    for (const t of theta) if (!Number.isFinite(t)) return Number.POSITIVE_INFINITY
    const ll = logLikelihood(theta)
    return Number.isFinite(ll) ? -ll : Number.POSITIVE_INFINITY
  }
  const gradientAt = (z: Vec, out: Vec): boolean => {
    if (options.gradient !== undefined) {
      const theta = natural(z)
      const g = options.gradient(theta)
      for (let i = 0; i < n; i++)
        out[i] = -(g[i] as number) * jacobian(domains[i] ?? "positive", theta[i] as number)
    } else {
      // Central differences, step ∝ ε^(1/3) (Nocedal & Wright 2006, §8.1).
      const zz = Float64Array.from(z)
      for (let i = 0; i < n; i++) {
        const zi = z[i] as number
        const h = 6e-6 * Math.max(1, Math.abs(zi))
        zz[i] = zi + h
        const fp = objective(zz)
        zz[i] = zi - h
        const fm = objective(zz)
        zz[i] = zi
        out[i] = Number.isFinite(fp) && Number.isFinite(fm) ? (fp - fm) / (2 * h) : Number.NaN
      }
    }
    for (let i = 0; i < n; i++) if (!Number.isFinite(out[i] as number)) return false
    return true
  }

  const f0 = objective(z0)
  if (!Number.isFinite(f0)) {
    throw new MetricError({
      reason: "InvalidInput",
      field: `${label}.start`,
      value: Array.from(start),
      rule: "a starting point with a finite log-likelihood"
    })
  }

  const done = (z: Vec, f: number, iterations: number, method: "bfgs" | "nelder-mead"): MaximizeResult => {
    const params = natural(z)
    // A supremum on the edge of the parameter space (θ → 0 or ∞, p → 0 or 1) is not a maximum.
    for (let i = 0; i < n; i++) {
      if (!(Math.abs(z[i] as number) <= boundary) || !Number.isFinite(params[i] as number)) {
        notConverged(
          label,
          Object.fromEntries(names.map((name, j) => [name, params[j]])),
          `the likelihood keeps increasing as ${names[i]} goes to the edge of its domain (no interior maximum)`
        )
      }
    }
    const named: Record<string, number> = {}
    for (let i = 0; i < n; i++) named[names[i] as string] = params[i] as number
    return { params, named, logLikelihood: -f, converged: true, iterations, evaluations, method }
  }

  // ---- BFGS (Nocedal & Wright algorithm 6.1) ----
  let z = Float64Array.from(z0)
  let f = f0
  const g = new Float64Array(n)
  let bfgsOk = gradientAt(z, g)
  const H = new Float64Array(n * n) // inverse-Hessian approximation, row-major
  for (let i = 0; i < n; i++) H[i * n + i] = 1
  let firstUpdate = true
  const p = new Float64Array(n)
  const zNew = new Float64Array(n)
  const gNew = new Float64Array(n)
  const s = new Float64Array(n)
  const y = new Float64Array(n)
  const Hy = new Float64Array(n)
  let iterations = 0
  while (bfgsOk && iterations < maxIterations) {
    // Search direction p = −H g and the predicted gain ½ gᵀHg.
    for (let i = 0; i < n; i++) {
      let acc = 0
      for (let j = 0; j < n; j++) acc += (H[i * n + j] as number) * (g[j] as number)
      p[i] = -acc
    }
    let slope = dot(g, p)
    if (!(slope < 0)) {
      // Lost positive definiteness: reset to steepest descent.
      H.fill(0)
      for (let i = 0; i < n; i++) {
        H[i * n + i] = 1
        p[i] = -(g[i] as number)
      }
      firstUpdate = true
      slope = dot(g, p)
    }
    const gain = -0.5 * slope
    let gMax = 0
    for (let i = 0; i < n; i++) gMax = Math.max(gMax, Math.abs(g[i] as number))
    if (gain <= tolerance * Math.max(1, Math.abs(f)) || gMax === 0) return done(z, f, iterations, "bfgs")
    iterations++
    // Keep each step inside ±5 on the internal scale (a factor e⁵ on a positive parameter).
    let pMax = 0
    for (let i = 0; i < n; i++) pMax = Math.max(pMax, Math.abs(p[i] as number))
    let step = pMax > 5 ? 5 / pMax : 1
    let fNew = Number.POSITIVE_INFINITY
    let accepted = false
    for (let k = 0; k < 60; k++) {
      for (let i = 0; i < n; i++) zNew[i] = (z[i] as number) + step * (p[i] as number)
      fNew = objective(zNew)
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * step * slope) {
        accepted = true
        break
      }
      step *= Number.isFinite(fNew) ? 0.5 : 0.1
    }
    if (!accepted || !gradientAt(zNew, gNew)) {
      bfgsOk = false
      break
    }
    for (let i = 0; i < n; i++) {
      s[i] = (zNew[i] as number) - (z[i] as number)
      y[i] = (gNew[i] as number) - (g[i] as number)
    }
    const sy = dot(s, y)
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (firstUpdate) {
        // Nocedal & Wright eq. 6.20: scale the initial inverse Hessian.
        const scale = sy / dot(y, y)
        H.fill(0)
        for (let i = 0; i < n; i++) H[i * n + i] = scale
        firstUpdate = false
      }
      // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ (Nocedal & Wright eq. 6.17).
      const rho = 1 / sy
      for (let i = 0; i < n; i++) {
        let acc = 0
        for (let j = 0; j < n; j++) acc += (H[i * n + j] as number) * (y[j] as number)
        Hy[i] = acc
      }
      const yHy = dot(y, Hy)
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          H[i * n + j] =
            (H[i * n + j] as number) -
            rho * ((Hy[i] as number) * (s[j] as number) + (s[i] as number) * (Hy[j] as number)) +
            (rho * rho * yHy + rho) * (s[i] as number) * (s[j] as number)
        }
      }
    }
    z = Float64Array.from(zNew)
    f = fNew
    g.set(gNew)
  }

  // ---- Nelder-Mead fallback from the best point so far (Lagarias et al. 1998) ----
  const maxEvaluations = 400 * n * n + 2000
  const simplex: Array<Vec> = [Float64Array.from(z)]
  const values: Array<number> = [f]
  for (let i = 0; i < n; i++) {
    const v = Float64Array.from(z)
    v[i] = (v[i] as number) + (Math.abs(v[i] as number) > 1e-3 ? 0.1 : 0.05)
    simplex.push(v)
    values.push(objective(v))
  }
  const order = (): void => {
    const idx = simplex.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number))
    const sv = idx.map((i) => simplex[i] as Vec)
    const vv = idx.map((i) => values[i] as number)
    for (let i = 0; i <= n; i++) {
      simplex[i] = sv[i] as Vec
      values[i] = vv[i] as number
    }
  }
  const combine = (a: Vec, b: Vec, t: number): Vec => {
    const out = new Float64Array(n)
    for (let i = 0; i < n; i++) out[i] = (a[i] as number) + t * ((b[i] as number) - (a[i] as number))
    return out
  }
  let nmIterations = 0
  const startEvaluations = evaluations
  while (evaluations - startEvaluations < maxEvaluations) {
    order()
    const best = values[0] as number
    const worst = values[n] as number
    let size = 0
    for (let i = 1; i <= n; i++) {
      for (let j = 0; j < n; j++) {
        size = Math.max(
          size,
          Math.abs(((simplex[i] as Vec)[j] as number) - ((simplex[0] as Vec)[j] as number))
        )
      }
    }
    if (Number.isFinite(worst) && worst - best <= 1e-13 * Math.max(1, Math.abs(best)) && size < 1e-7) {
      return done(simplex[0] as Vec, best, iterations + nmIterations, "nelder-mead")
    }
    nmIterations++
    const centroid = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      const v = simplex[i] as Vec
      for (let j = 0; j < n; j++) centroid[j] = (centroid[j] as number) + (v[j] as number) / n
    }
    const worstV = simplex[n] as Vec
    const reflected = combine(centroid, worstV, -1)
    const fr = objective(reflected)
    if (fr < best) {
      const expanded = combine(centroid, worstV, -2)
      const fe = objective(expanded)
      simplex[n] = fe < fr ? expanded : reflected
      values[n] = Math.min(fe, fr)
    } else if (fr < (values[n - 1] as number)) {
      simplex[n] = reflected
      values[n] = fr
    } else {
      const outside = fr < worst
      const contracted = combine(centroid, worstV, outside ? -0.5 : 0.5)
      const fc = objective(contracted)
      if (fc < (outside ? fr : worst)) {
        simplex[n] = contracted
        values[n] = fc
      } else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = combine(simplex[0] as Vec, simplex[i] as Vec, 0.5)
          values[i] = objective(simplex[i] as Vec)
        }
      }
    }
  }
  order()
  return notConverged(
    label,
    Object.fromEntries(names.map((name, i) => [name, natural(simplex[0] as Vec)[i]])),
    `no maximum of the log-likelihood found within ${iterations} BFGS iterations and ${maxEvaluations} Nelder-Mead evaluations`
  )
}

/**
 * Numerical Hessian of `f` at `x` by central differences, steps hᵢ = 1e-4·max(|xᵢ|, 1e-8)
 * (second differences need ε^(1/4); Nocedal & Wright 2006, §8.1).
 */
export const hessian = (
  f: (x: ReadonlyArray<number>) => number,
  x: ReadonlyArray<number>
): Array<Array<number>> => {
  const n = x.length
  const h = x.map((v) => 1e-4 * Math.max(Math.abs(v), 1e-8))
  const at = (di: number, si: number, dj: number, sj: number): number => {
    const y = x.slice()
    y[di] = (y[di] as number) + si * (h[di] as number)
    y[dj] = (y[dj] as number) + sj * (h[dj] as number)
    return f(y)
  }
  const f0 = f(x)
  const out: Array<Array<number>> = x.map(() => new Array<number>(n).fill(0))
  for (let i = 0; i < n; i++) {
    const hi = h[i] as number
    const row = out[i] as Array<number>
    const y = x.slice()
    y[i] = (x[i] as number) + hi
    const fp = f(y)
    y[i] = (x[i] as number) - hi
    const fm = f(y)
    row[i] = (fp - 2 * f0 + fm) / (hi * hi)
    for (let j = 0; j < i; j++) {
      const hj = h[j] as number
      const v = (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * hi * hj)
      row[j] = v
      ;(out[j] as Array<number>)[i] = v
    }
  }
  return out
}

/**
 * Numerical Hessian from an analytic gradient: central differences of the gradient, steps
 * hᵢ = 1e-5·max(|xᵢ|, 1e-8), symmetrised ((H + Hᵀ)/2). 2n gradient calls instead of 2n² + 1
 * function calls.
 */
export const hessianFromGradient = (
  gradient: (x: ReadonlyArray<number>) => ReadonlyArray<number>,
  x: ReadonlyArray<number>
): Array<Array<number>> => {
  const n = x.length
  const rows: Array<Array<number>> = []
  for (let i = 0; i < n; i++) {
    const h = 1e-5 * Math.max(Math.abs(x[i] as number), 1e-8)
    const y = x.slice()
    y[i] = (x[i] as number) + h
    const gp = gradient(y)
    y[i] = (x[i] as number) - h
    const gm = gradient(y)
    rows.push(x.map((_, j) => ((gp[j] as number) - (gm[j] as number)) / (2 * h)))
  }
  return rows.map((row, i) => row.map((v, j) => (v + ((rows[j] as Array<number>)[i] as number)) / 2))
}

/** Inverse of a symmetric matrix by Gauss-Jordan with partial pivoting; undefined if singular. */
export const invert = (m: ReadonlyArray<ReadonlyArray<number>>): Array<Array<number>> | undefined => {
  const n = m.length
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))])
  for (let col = 0; col < n; col++) {
    let pivot = col
    for (let r = col + 1; r < n; r++) {
      if (
        Math.abs((a[r] as Array<number>)[col] as number) >
        Math.abs((a[pivot] as Array<number>)[col] as number)
      )
        pivot = r
    }
    const pv = (a[pivot] as Array<number>)[col] as number
    if (!Number.isFinite(pv) || Math.abs(pv) < 1e-300) return undefined
    ;[a[col], a[pivot]] = [a[pivot] as Array<number>, a[col] as Array<number>]
    const prow = a[col] as Array<number>
    for (let j = 0; j < 2 * n; j++) prow[j] = (prow[j] as number) / pv
    for (let r = 0; r < n; r++) {
      if (r === col) continue
      const row = a[r] as Array<number>
      const factor = row[col] as number
      if (factor === 0) continue
      for (let j = 0; j < 2 * n; j++) row[j] = (row[j] as number) - factor * (prow[j] as number)
    }
  }
  return a.map((row) => row.slice(n))
}

/**
 * Asymptotic standard errors: square roots of the diagonal of the inverse observed information
 * (the numerical Hessian of −ℓ at the maximum, natural parameterisation). An entry is NaN when
 * the information matrix is singular or not positive definite there (a parameter the data do
 * not determine); parameters themselves are never NaN.
 */
export const standardErrors = (
  logLikelihood: (params: ReadonlyArray<number>) => number,
  params: ReadonlyArray<number>
): Array<number> => errorsFromInformation(hessian((x) => -logLikelihood(x), params))

const errorsFromInformation = (information: ReadonlyArray<ReadonlyArray<number>>): Array<number> => {
  const covariance = invert(information)
  return information.map((_, i) => {
    const v = covariance === undefined ? Number.NaN : ((covariance[i] as Array<number>)[i] as number)
    return v > 0 && Number.isFinite(v) ? Math.sqrt(v) : Number.NaN
  })
}

/** A maximum-likelihood fit with its standard errors (see `fitMaximumLikelihood`). */
export interface FitResult extends MaximizeResult {
  /** Standard errors in the order of `names`; all finite and positive. */
  readonly standardErrors: ReadonlyArray<number>
}

/**
 * `maximize`, then standard errors from the observed information; throws MetricError
 * ("NotConverged") when the information matrix is singular or not positive definite at the
 * optimum (a flat direction: some parameter is not identified by the data, e.g. a dropout
 * process fitted to customers who never repeat), so a fit never returns arbitrary values.
 */
export const fitMaximumLikelihood = (options: MaximizeOptions): FitResult => {
  const result = maximize(options)
  const gradient = options.gradient
  const information =
    gradient === undefined
      ? hessian((x) => -options.logLikelihood(x), result.params)
      : hessianFromGradient((x) => gradient(x).map((g) => -g), result.params)
  const errors = errorsFromInformation(information)
  const bad = errors.findIndex((e) => !Number.isFinite(e))
  if (bad >= 0) {
    // Name the flattest direction: the smallest diagonal of the information, scaled by θ².
    const scaled = result.params.map(
      (theta, i) => ((information[i] as Array<number>)[i] as number) * theta * theta
    )
    const flattest = scaled.reduce((best, v, i) => (v < (scaled[best] as number) ? i : best), 0)
    notConverged(
      options.label,
      result.named,
      `the information matrix is not positive definite at the optimum: ${options.names[flattest]} is not identified by the data`
    )
  }
  return { ...result, standardErrors: errors }
}
