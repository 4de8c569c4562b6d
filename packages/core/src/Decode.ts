/**
 * Decoding outside data at the boundary. `decodeUnknownResult` / `decodeUnknownSync` decode one
 * value with a Schema and report every problem as a `DecodeError` naming the path, the value and
 * the rule; `rowDecoder` decodes many rows (a file, a query result) and names the row of each
 * problem, keeping the first problems and a count of the rest.
 *
 * @module
 * @since 0.1.0
 */
import { Result, Schema, SchemaIssue } from "effect"

/**
 * One problem found while decoding: where it is (`[3].score`), and a message that states the
 * rule and the rejected value (`Expected a value between 0 and 10, got 11`).
 *
 * @since 0.1.0
 * @category models
 */
export interface DecodeProblem {
  readonly path: string
  readonly message: string
}

/**
 * Raised when outside data (JSON, CSV rows, API payloads) does not match a cxkit model. It
 * lists every problem, each naming the path, the value and the rule broken.
 *
 * @example
 * ```ts
 * import { Decode, Feedback } from "@cxkit/core"
 *
 * const result = Decode.decodeUnknownResult(Feedback.Feedback)({
 *   id: "r1", customerId: "c1", timestamp: "2024-05-01T10:00:00Z",
 *   question: { metric: "nps" }, score: 11
 * })
 * if (result._tag === "Failure") console.log(result.failure.message)
 * // score: Expected an integer from 0 to 10 (nps scale), got 11
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class DecodeError extends Schema.TaggedError<DecodeError>()("DecodeError", {
  problems: Schema.Array(Schema.Struct({ path: Schema.String, message: Schema.String }))
}) {
  override get message(): string {
    return this.problems.map((p) => (p.path === "" ? p.message : `${p.path}: ${p.message}`)).join("\n")
  }
}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

const formatPath = (path: ReadonlyArray<unknown>): string =>
  path
    .map((segment, i) => {
      const key = typeof segment === "object" && segment !== null && "key" in segment ? segment.key : segment
      return typeof key === "number" ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`
    })
    .join("")

/** Turns a Schema issue into a `DecodeError` listing path, rule and value of each problem. */
const toDecodeError = (issue: SchemaIssue.Issue): DecodeError =>
  new DecodeError({
    problems: formatter(issue).issues.map((i) => ({
      path: formatPath(i.path ?? []),
      message: i.message
    }))
  })

const options = { errors: "all", reportInput: true } as const

/**
 * Decodes unknown input with any Schema, collecting every problem with its path and value.
 *
 * @example
 * ```ts
 * import { Decode } from "@cxkit/core"
 * import { Schema } from "effect"
 *
 * const result = Decode.decodeUnknownResult(Schema.Array(Schema.Int))([1, 2.5])
 * if (result._tag === "Failure") console.log(result.failure.message)
 * // [1]: Expected an integer, got 2.5
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const decodeUnknownResult =
  <T, E>(schema: Schema.Codec<T, E>) =>
  (input: unknown): Result.Result<T, DecodeError> =>
    Result.mapError(Schema.decodeUnknownResult(schema)(input, options), (e) => toDecodeError(e.issue))

/**
 * Decodes unknown input with any Schema; throws a `DecodeError` listing every problem.
 *
 * @example
 * ```ts
 * import { Decode, Timestamp } from "@cxkit/core"
 *
 * try {
 *   Decode.decodeUnknownSync(Timestamp.Timestamp)("2024-03-10")
 * } catch (error) {
 *   console.log(String(error)) // mentions: Expected an ISO 8601 date-time with a zone …, got "2024-03-10"
 * }
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const decodeUnknownSync =
  <T, E>(schema: Schema.Codec<T, E>) =>
  (input: unknown): T => {
    const result = decodeUnknownResult(schema)(input)
    if (Result.isFailure(result)) throw result.failure
    return result.success
  }

/**
 * A decoder for many rows, e.g. the lines of a file or the rows of a query: `add` decodes one
 * row at its location (`"orders.csv line 3"`), `done` returns every decoded row, or a
 * `DecodeError` whose problems name the location and field of each bad row (the first
 * `maxListed` problems, default 100, then how many more rows failed), so no row is silently
 * dropped.
 *
 * @example
 * ```ts
 * import { Decode } from "@cxkit/core"
 * import { Schema } from "effect"
 *
 * const rows = Decode.rowDecoder(Schema.Struct({ score: Schema.Finite }))
 * rows.add({ score: 9 }, "row 1")
 * rows.add({ score: "nine" }, "row 2")
 * const result = rows.done()
 * if (result._tag === "Failure") console.log(result.failure.message) // 'row 2, score: Expected number, got "nine"'
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const rowDecoder = <T, E>(
  schema: Schema.Codec<T, E>,
  maxListed = 100
): {
  readonly add: (row: unknown, location: string) => void
  readonly done: () => Result.Result<Array<T>, DecodeError>
} => {
  const decode = decodeUnknownResult(schema)
  const out: Array<T> = []
  const problems: Array<DecodeProblem> = []
  let failed = 0
  let unlisted = 0
  return {
    add: (row, location) => {
      const decoded = decode(row)
      if (Result.isSuccess(decoded)) {
        out.push(decoded.success)
        return
      }
      failed++
      if (problems.length >= maxListed) {
        unlisted++
        return
      }
      for (const p of decoded.failure.problems)
        problems.push({ path: p.path === "" ? location : `${location}, ${p.path}`, message: p.message })
    },
    done: () =>
      failed === 0
        ? Result.succeed(out)
        : Result.fail(
            new DecodeError({
              problems:
                unlisted === 0
                  ? problems
                  : [
                      ...problems,
                      { path: "", message: `and ${unlisted} more rows that do not decode (${failed} in all)` }
                    ]
            })
          )
  }
}
