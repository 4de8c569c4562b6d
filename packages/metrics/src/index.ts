/**
 * CX metrics with sound statistics.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as Attribution from "./Attribution.ts"
/**
 * @since 0.1.0
 */
export * as Funnel from "./Funnel.ts"
/**
 * @since 0.1.0
 */
export * as MetricError from "./MetricError.ts"
/**
 * @since 0.1.0
 */
export * as Paths from "./Paths.ts"

/**
 * @since 0.1.0
 */
export * as StageAnalytics from "./StageAnalytics.ts"
