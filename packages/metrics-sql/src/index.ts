/**
 * The mergeable metrics of `@cxkit/metrics` where the data lives: each pushdown runs the heavy
 * part as SQL (a GROUP BY, window functions) on DuckDB, PostgreSQL or ClickHouse through an
 * `effect/sql` client, and finishes in TypeScript with the same summary the in-process function
 * returns (NPS, CSAT and CES by segment, survival, cohorts, RFM, journeys and paths, churn, revenue movements and funnels).
 *
 * @packageDocumentation
 * @since 0.1.0
 */

export * as SqlChurn from "./SqlChurn.ts"
export * as SqlCohort from "./SqlCohort.ts"
export * as SqlDialect from "./SqlDialect.ts"
export * as SqlJourney from "./SqlJourney.ts"
export * as SqlPaths from "./SqlPaths.ts"
export * as SqlQuery from "./SqlQuery.ts"
export * as SqlRevenue from "./SqlRevenue.ts"
export * as SqlRfm from "./SqlRfm.ts"
export * as SqlSurvey from "./SqlSurvey.ts"
export * as SqlSurvival from "./SqlSurvival.ts"
export * as Warehouse from "./Warehouse.ts"
