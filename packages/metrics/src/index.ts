/**
 * CX metrics with sound statistics.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as Chart from "./Chart.ts"
/**
 * @since 0.1.0
 */
export * as MetricError from "./MetricError.ts"
