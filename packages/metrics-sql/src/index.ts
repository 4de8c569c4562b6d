/**
 * @since 0.2.0
 */

/**
 * @since 0.2.0
 */
export * as SqlChurn from "./SqlChurn.ts"
/**
 * @since 0.2.0
 */
export * as SqlCohort from "./SqlCohort.ts"
/**
 * @since 0.2.0
 */
export * as SqlDialect from "./SqlDialect.ts"
/**
 * @since 0.2.0
 */
export * as SqlJourney from "./SqlJourney.ts"
/**
 * @since 0.2.0
 */
export * as SqlPaths from "./SqlPaths.ts"
/**
 * @since 0.2.0
 */
export * as SqlQuery from "./SqlQuery.ts"
/**
 * @since 0.2.0
 */
export * as SqlRfm from "./SqlRfm.ts"
/**
 * @since 0.2.0
 */
export * as SqlSurvey from "./SqlSurvey.ts"
/**
 * @since 0.2.0
 */
export * as SqlSurvival from "./SqlSurvival.ts"
/**
 * @since 0.2.0
 */
export * as Warehouse from "./Warehouse.ts"
