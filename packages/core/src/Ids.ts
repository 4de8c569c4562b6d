import { Schema } from "effect"

/**
 * @since 0.1.0
 * @category models
 */
export const CustomerId = Schema.String.pipe(Schema.check(Schema.isNonEmpty()), Schema.brand("CustomerId"))
export type CustomerId = typeof CustomerId.Type
/** @since 0.1.0 */
export const other = 1
