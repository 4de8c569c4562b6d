// The one fitting helper of the probability models (BG/NBD, Pareto/NBD, BG/BB, Gamma-Gamma,
// shifted-beta-geometric): options (`start`, `penalty`) checked the same way, the shared
// optimiser (`fitMaximumLikelihood`), one `Fit<P>` result, and one policy for fits that do not
// determine their parameters:
//
// - the information matrix is singular or not positive definite at the optimum: throw
//   `NotConverged` naming the parameter (standard errors are never NaN);
// - the parameters run onto a model's homogeneous limit (a mixing distribution with no spread:
//   Gamma shape or Beta a + b above 1e4, i.e. a coefficient of variation below 1 %): throw
//   `NotConverged` saying what about the data causes it and what to try. Near that limit the
//   log-likelihood is a difference of huge, nearly equal terms; where the optimiser stops on the
//   plateau depends on rounding, so returning that point would differ between runtimes.
//
//   const fit = fitModel({
//     label: "ShiftedBetaGeometric.fit", names: ["alpha", "beta"], start: [1, 1], customers: 1000,
//     logLikelihood: ([alpha, beta]) => ..., limits: [betaLimit("alpha", "beta", "churn probability")]
//   }, options)
//   fit.params.alpha, fit.standardErrors.alpha, fit.logLikelihood, fit.iterations
import { MetricError } from "../MetricError.ts"
import { type Domain, fitMaximumLikelihood } from "./optimize.ts"
import { nonNegative, positiveParams } from "./validate.ts"

/**
 * A fitted model: maximum-likelihood parameters, the log-likelihood at the maximum, the
 * asymptotic standard errors (always finite), the total weight of the data and the optimiser's
 * iteration count.
 */
export interface Fit<P> {
  readonly params: P
  readonly logLikelihood: number
  /** Asymptotic standard errors (inverse observed information), one per parameter; finite. */
  readonly standardErrors: P
  /** Total weight of the rows (number of customers). */
  readonly customers: number
  readonly iterations: number
}

/** Options every model's `fit` takes. */
export interface FitOptions<P> {
  /** Starting point (natural scale); the model's own default otherwise. */
  readonly start?: P | undefined
  /**
   * L2 penalty λ ≥ 0 on the parameters: maximises ℓ(θ) − λ · customers · Σθᵢ², the convention of
   * `lifetimes`' `penalizer_coef` (which minimises −ℓ/n + λΣθᵢ²). Default 0. A small penalty
   * (0.001–0.1) keeps a fit finite on data without heterogeneity; the reported log-likelihood
   * is the unpenalised one and the standard errors are those of the penalised objective.
   */
  readonly penalty?: number | undefined
}

/** A direction in which a model degenerates into a simpler one. */
export interface Limit<P> {
  /** True when the parameters sit on the plateau towards the limit. */
  readonly reached: (params: P) => boolean
  /** What about the data leads there and what to try instead. */
  readonly explain: (params: P) => string
}

/** Above this, a Gamma shape or a Beta's a + b means "no spread between customers" (CV < 1 %). */
export const HOMOGENEOUS = 1e4

const show = (x: number): string => (Math.abs(x) >= 1e4 ? x.toExponential(2) : x.toPrecision(4))

/**
 * A Gamma distribution with shape `shape` has (almost) no spread. `what` names the quantity
 * it describes: "spend per transaction" gives "no difference in spend per transaction between
 * customers"; `within` phrases it for a within-customer distribution instead.
 */
export const gammaLimit = <P>(
  shape: keyof P & string,
  what: string,
  instead: (params: P) => string,
  within = false
): Limit<P> => ({
  reached: (params) => (params[shape] as number) > HOMOGENEOUS,
  explain: (params) =>
    `${shape} = ${show(params[shape] as number)} (> 1e4): the data show no ${within ? `variation in ${what} within a customer` : `difference in ${what} between customers`} (coefficient of variation 1/√${shape} < 1 %), so the likelihood keeps rising towards that limit and has no interior maximum. ${instead(params)}, or pass options.penalty (e.g. 0.001) for a shrunken finite fit`
})

/** The Beta(a, b) mixing distribution has (almost) no spread (a + b large). */
export const betaLimit = <P>(
  a: keyof P & string,
  b: keyof P & string,
  what: string,
  instead: (params: P) => string
): Limit<P> => ({
  reached: (params) => (params[a] as number) + (params[b] as number) > HOMOGENEOUS,
  explain: (params) => {
    const pa = params[a] as number
    const pb = params[b] as number
    return `${a} + ${b} = ${show(pa + pb)} (> 1e4): the data show no difference in ${what} between customers (it is ${show(pa / (pa + pb))} for everyone, standard deviation < 0.005), so the likelihood keeps rising towards that limit and has no interior maximum. ${instead(params)}, or pass options.penalty (e.g. 0.001) for a shrunken finite fit`
  }
})

/** What every model's spec has besides its likelihood. */
export interface ModelBase<P> {
  /** Names the fit in errors, e.g. "BetaGeo.fit". */
  readonly label: string
  readonly names: ReadonlyArray<keyof P & string>
  /** The model's default starting point (natural scale), used without `options.start`. */
  readonly start: ReadonlyArray<number>
  readonly customers: number
  readonly domains?: ReadonlyArray<Domain> | undefined
  readonly limits?: ReadonlyArray<Limit<P>> | undefined
}

/**
 * A model's log-likelihood: alone (with an optional analytic gradient), or `valueAndGradient`
 * computing both in one pass. BFGS asks for ℓ at a point and, once the step is accepted, for the
 * gradient there: the one-pass form keeps the last gradient for that call.
 */
export type Likelihood =
  | {
      readonly logLikelihood: (params: ReadonlyArray<number>) => number
      readonly gradient?: ((params: ReadonlyArray<number>) => ReadonlyArray<number>) | undefined
    }
  | {
      readonly valueAndGradient: (params: ReadonlyArray<number>) => {
        readonly value: number
        readonly gradient: ArrayLike<number>
      }
    }

/** A model for `fitModel`: its names, start, customers and limits, and its likelihood. */
export type ModelSpec<P> = ModelBase<P> & Likelihood

const separate = (
  likelihood: Likelihood
): {
  readonly logLikelihood: (params: ReadonlyArray<number>) => number
  readonly gradient: ((params: ReadonlyArray<number>) => ReadonlyArray<number>) | undefined
} => {
  if (!("valueAndGradient" in likelihood))
    return { logLikelihood: likelihood.logLikelihood, gradient: likelihood.gradient }
  const both = likelihood.valueAndGradient
  let at: ReadonlyArray<number> | undefined
  let last: ReadonlyArray<number> = []
  return {
    logLikelihood: (v) => {
      const { value, gradient } = both(v)
      at = v.slice()
      last = Array.from(gradient)
      return value
    },
    gradient: (v) =>
      at !== undefined && v.length === at.length && v.every((x, i) => x === at?.[i])
        ? last
        : Array.from(both(v).gradient)
  }
}

const toParams = <P>(names: ReadonlyArray<keyof P & string>, values: ReadonlyArray<number>): P =>
  Object.fromEntries(names.map((name, i) => [name, values[i]])) as P

/** Fits a model by maximum likelihood; see the module header for the policy. */
export const fitModel = <P>(spec: ModelSpec<P>, options?: FitOptions<P>): Fit<P> => {
  const { label, names } = spec
  const model = separate(spec)
  const start =
    options?.start === undefined
      ? spec.start
      : names.map(
          (name) =>
            positiveParams("options.start", options.start as Readonly<Record<string, number>>, names)[
              name
            ] as number
        )
  const penalty = options?.penalty === undefined ? 0 : nonNegative("options.penalty", options.penalty)
  const weight = penalty * spec.customers
  const limits = spec.limits ?? []
  const plateau = new Error("plateau")
  // The best point evaluated: where a fit that gives up on a plateau was heading.
  let best = Number.NEGATIVE_INFINITY
  let bestAt: ReadonlyArray<number> = start
  const logLikelihood = (v: ReadonlyArray<number>): number => {
    let ll = model.logLikelihood(v)
    if (weight !== 0) {
      let s = 0
      for (const x of v) s += x * x
      ll -= weight * s
    }
    if (ll > best) {
      best = ll
      bestAt = v.slice()
      // Heading onto a homogeneous plateau: stop here rather than crawl along it (up to 1e12).
      if (limits.some((limit) => limit.reached(toParams<P>(names, v)))) throw plateau
    }
    return ll
  }
  const specGradient = model.gradient
  const gradient =
    specGradient === undefined || weight === 0
      ? specGradient
      : (v: ReadonlyArray<number>) => {
          const g = specGradient(v)
          return g.map((gi, i) => gi - 2 * weight * (v[i] as number))
        }
  const degenerate = (params: P): void => {
    for (const limit of limits) {
      if (limit.reached(params)) {
        throw new MetricError({
          reason: "NotConverged",
          field: label,
          value: params,
          rule: limit.explain(params)
        })
      }
    }
  }
  const run = (from: ReadonlyArray<number>) => {
    try {
      return fitMaximumLikelihood({
        label,
        names,
        start: from,
        logLikelihood,
        gradient,
        domains: spec.domains
      })
    } catch (error) {
      // A fit that ran onto a homogeneous plateau, or gave up there: say why.
      if (error === plateau || (error instanceof MetricError && error.reason === "NotConverged"))
        degenerate(toParams<P>(names, bestAt))
      throw error
    }
  }
  let result: ReturnType<typeof fitMaximumLikelihood>
  try {
    result = run(start)
  } catch (error) {
    // The simplex may have stalled near a maximum: one BFGS restart from the best point.
    if (bestAt.every((x, i) => x === start[i])) throw error
    result = run(bestAt)
  }
  const params = toParams<P>(names, result.params)
  degenerate(params)
  return {
    params,
    logLikelihood: weight === 0 ? result.logLikelihood : model.logLikelihood(result.params),
    standardErrors: toParams<P>(names, result.standardErrors),
    customers: spec.customers,
    iterations: result.iterations
  }
}
