// The one way the pushdowns report bad input: a `MetricError` naming the field, value and rule,
// thrown while a query is planned and turned into the typed failure at the Effect boundary.
import { MetricError } from "@cxkit/metrics"
import { Effect } from "effect"
import { Warehouse } from "../Warehouse.ts"

/** Throws the `InvalidInput` error for `field`. */
export const invalid = (field: string, value: unknown, rule: string): never => {
  throw new MetricError.MetricError({ reason: "InvalidInput", field, value, rule })
}

/** The `catch` of `Effect.try` around planning: a `MetricError` fails, anything else is a defect. */
export const asMetricError = (error: unknown): MetricError.MetricError => {
  if (error instanceof MetricError.MetricError) return error
  throw error
}

/** Fails unless the warehouse's engine has window functions; `uses` names the ones the pushdown needs. */
export const windowFunctions = (uses: string): Effect.Effect<void, MetricError.MetricError, Warehouse> =>
  Effect.gen(function* () {
    const { dialect } = yield* Warehouse
    if (dialect.windowFunctions === false)
      return yield* Effect.fail(
        new MetricError.MetricError({
          reason: "InvalidInput",
          field: "dialect",
          value: dialect.id,
          rule: `an engine with window functions (${uses})`
        })
      )
  })
