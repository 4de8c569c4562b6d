/**
 * CX metrics with sound statistics.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

/**
 * @since 0.2.0
 */
export * as Alerts from "./Alerts.ts"

/**
 * @since 0.1.0
 */
export * as Attribution from "./Attribution.ts"

/**
 * @since 0.1.0
 */
export * as BetaGeo from "./BetaGeo.ts"

/**
 * @since 0.1.0
 */
export * as BetaGeoBetaBinom from "./BetaGeoBetaBinom.ts"

/**
 * @since 0.1.0
 */
export * as Ces from "./Ces.ts"

/**
 * @since 0.1.0
 */
export * as Chart from "./Chart.ts"

/**
 * @since 0.1.0
 */
export * as Churn from "./Churn.ts"

/**
 * @since 0.1.0
 */
export * as Cohort from "./Cohort.ts"

/**
 * @since 0.1.0
 */
export * as Csat from "./Csat.ts"

/**
 * @since 0.2.0
 */
export * as CustomerBase from "./CustomerBase.ts"

/**
 * @since 0.1.0
 */
export * as Funnel from "./Funnel.ts"

/**
 * @since 0.1.0
 */
export * as GammaGamma from "./GammaGamma.ts"

/**
 * @since 0.1.0
 */
export * as Grouping from "./Grouping.ts"

/**
 * @since 0.1.0
 */
export * as Interval from "./Interval.ts"

/**
 * @since 0.2.0
 */
export * as KeyDrivers from "./KeyDrivers.ts"

/**
 * @since 0.1.0
 */
export * as LogRank from "./LogRank.ts"

/**
 * @since 0.1.0
 */
export * as Ltv from "./Ltv.ts"

/**
 * @since 0.1.0
 */
export * as MetricError from "./MetricError.ts"

/**
 * @since 0.2.0
 */
export * as ModifiedBetaGeo from "./ModifiedBetaGeo.ts"

/**
 * @since 0.1.0
 */
export * as Nps from "./Nps.ts"

/**
 * @since 0.1.0
 */
export * as ParetoNbd from "./ParetoNbd.ts"

/**
 * @since 0.1.0
 */
export * as Paths from "./Paths.ts"

/**
 * @since 0.1.0
 */
export * as Period from "./Period.ts"

/**
 * @since 0.1.0
 */
export * as Retention from "./Retention.ts"

/**
 * @since 0.1.0
 */
export * as Rfm from "./Rfm.ts"

/**
 * @since 0.1.0
 */
export * as ShiftedBetaGeometric from "./ShiftedBetaGeometric.ts"

/**
 * @since 0.2.0
 */
export * as Significance from "./Significance.ts"

/**
 * @since 0.2.0
 */
export * as Simulate from "./Simulate.ts"

/**
 * @since 0.1.0
 */
export * as StageAnalytics from "./StageAnalytics.ts"

/**
 * @since 0.1.0
 */
export * as Survival from "./Survival.ts"
