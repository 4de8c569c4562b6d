/**
 * CX metrics with sound statistics.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as Ces from "./Ces.ts"
/**
 * @since 0.1.0
 */
export * as Csat from "./Csat.ts"
/**
 * @since 0.1.0
 */
export * as Grouping from "./Grouping.ts"
/**
 * @since 0.1.0
 */
export * as Interval from "./Interval.ts"
/**
 * @since 0.1.0
 */
export * as MetricError from "./MetricError.ts"
/**
 * @since 0.1.0
 */
export * as Nps from "./Nps.ts"
