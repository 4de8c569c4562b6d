// The `where` option every pushdown takes: equality filters, column → value, each column a
// validated identifier and each value a parameter.
import * as Q from "../SqlQuery.ts"

/** One `column = value` condition per entry of `where`. */
export const equalities = (
  where: Readonly<Record<string, string | number | boolean>> | undefined
): Array<Q.Fragment> =>
  Object.entries(where ?? {}).map(
    ([column, value]) => Q.sql`${Q.ident(column, `options.where.${column}`)} = ${Q.param(value)}`
  )

/** ` WHERE a AND b …`, or nothing when there are no conditions. */
export const whereClause = (conditions: ReadonlyArray<Q.Fragment>): Q.Fragment =>
  conditions.length === 0 ? Q.raw("") : Q.sql` WHERE ${Q.join(conditions, " AND ")}`
