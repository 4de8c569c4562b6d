/**
 * CX metrics with sound statistics.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

export * as Alerts from "./Alerts.ts"

export * as Attribution from "./Attribution.ts"

export * as BetaGeo from "./BetaGeo.ts"

export * as BetaGeoBetaBinom from "./BetaGeoBetaBinom.ts"

export * as Ces from "./Ces.ts"

export * as Chart from "./Chart.ts"

export * as Churn from "./Churn.ts"

export * as Cohort from "./Cohort.ts"

export * as Csat from "./Csat.ts"

export * as CustomerBase from "./CustomerBase.ts"

export * as Funnel from "./Funnel.ts"

export * as GammaGamma from "./GammaGamma.ts"

export * as Grouping from "./Grouping.ts"

export * as Interval from "./Interval.ts"

export * as KeyDrivers from "./KeyDrivers.ts"

export * as LogRank from "./LogRank.ts"

export * as Ltv from "./Ltv.ts"

export * as MetricError from "./MetricError.ts"

export * as ModifiedBetaGeo from "./ModifiedBetaGeo.ts"

export * as Nps from "./Nps.ts"

export * as ParetoNbd from "./ParetoNbd.ts"

export * as Paths from "./Paths.ts"

export * as Period from "./Period.ts"

export * as Retention from "./Retention.ts"

export * as Rfm from "./Rfm.ts"

export * as ShiftedBetaGeometric from "./ShiftedBetaGeometric.ts"

export * as Significance from "./Significance.ts"

export * as Simulate from "./Simulate.ts"

export * as StageAnalytics from "./StageAnalytics.ts"

export * as Survival from "./Survival.ts"

export * as Themes from "./Themes.ts"
