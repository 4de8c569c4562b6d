/**
 * CX metrics with sound statistics.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as Churn from "./Churn.ts"
/**
 * @since 0.1.0
 */
export * as MetricError from "./MetricError.ts"
/**
 * @since 0.1.0
 */
export * as Retention from "./Retention.ts"
/**
 * @since 0.1.0
 */
export * as ShiftedBetaGeometric from "./ShiftedBetaGeometric.ts"
/**
 * @since 0.1.0
 */
export * as Survival from "./Survival.ts"
