/**
 * DuckDB for `effect/sql`: a `SqlClient` over one embedded database file (or `:memory:`), with
 * DuckDB's Appender for bulk inserts.
 *
 * DuckDB runs in the process, so the client keeps one connection and serialises statements with
 * a semaphore; a transaction holds it from `BEGIN` to `COMMIT`. Streams outside a transaction read
 * on a connection of their own, chunk by chunk.
 *
 * @module
 * @since 0.1.0
 */
import { mkdirSync } from "node:fs"
import { dirname } from "node:path"
import {
  BIGINT,
  BLOB,
  BOOLEAN,
  DOUBLE,
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBMaterializedResult,
  type DuckDBResult,
  type DuckDBType,
  DuckDBTypeId,
  type DuckDBValue,
  type DuckDBValueConverter,
  HUGEINT,
  type JS,
  JSDuckDBValueConverter,
  jsToDuckDBValue,
  TIMESTAMPTZ,
  VARCHAR
} from "@duckdb/node-api"
import { Config, Context, Effect, Layer, Option, type Scope, Semaphore, Stream } from "effect"
import { constUndefined } from "effect/Function"
import { Reactivity } from "effect/reactivity"
import { SqlClient, type SqlConnection, SqlError, Statement } from "effect/sql"

// ---------------------------------------------------------------------------------------------
// models
// ---------------------------------------------------------------------------------------------

/**
 * How to open the database.
 *
 * - `filename`: a file path such as `.cxkit/cxkit.duckdb` (its parent folders are created), or
 *   `":memory:"` for a database that lives as long as the client. A DuckDB URL with a scheme
 *   (`md:…`) is passed to DuckDB as it is.
 * - `config`: DuckDB settings passed when the instance opens, e.g. `{ threads: "2" }` or
 *   `{ access_mode: "READ_ONLY" }`.
 * - `spanAttributes`: added to every statement's tracing span, next to `db.system.name: "duckdb"`.
 * - `transformQueryNames` / `transformResultNames`: rename identifiers on the way in and column
 *   names on the way out (e.g. camelCase to snake_case), as in the other `effect/sql` drivers.
 *
 * @example
 * ```ts
 * import { DuckDbClient } from "@cxkit/destination-duckdb"
 *
 * const config: DuckDbClient.DuckDbClientConfig = { filename: ":memory:", config: { threads: "1" } }
 * console.log(config.filename) // :memory:
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface DuckDbClientConfig {
  readonly filename: string
  readonly config?: Readonly<Record<string, string>> | undefined
  readonly spanAttributes?: Readonly<Record<string, unknown>> | undefined
  readonly transformQueryNames?: ((name: string) => string) | undefined
  readonly transformResultNames?: ((name: string) => string) | undefined
}

/**
 * A `SqlClient` for DuckDB, plus what only DuckDB offers.
 *
 * `appendRows(table, columns, rows)` bulk-inserts rows through DuckDB's Appender. `columns` names
 * the value at each position of a row; the table's own columns decide the order and the types
 * the values are converted to, and a table column that is not named gets its `DEFAULT` (or
 * `NULL`); names match case-insensitively, as DuckDB identifiers do, and `table` is one name,
 * never split at dots. A name the table does not have fails before anything is written. Inside
 * `withTransaction` the rows belong to that transaction; outside one, a call is its own
 * transaction, so a failed call writes nothing. A non-string value appended to a `JSON` column is
 * written as `JSON.stringify(value)`.
 *
 * Reads convert DuckDB values to JavaScript: `BIGINT`, `HUGEINT` and the unsigned 64/128-bit
 * integers become a `number` when they are safe integers and stay a `bigint` otherwise (always a
 * `bigint` when `SqlClient.SafeIntegers` is provided as `true`); `TIMESTAMP WITH TIME ZONE`
 * becomes a `Date` (microseconds are truncated to milliseconds), and so do `TIMESTAMP` and `DATE`,
 * read as UTC; `DECIMAL` becomes a double; `JSON` and `UUID` are strings; `BLOB` is a
 * `Uint8Array`; the other types are what `@duckdb/node-api`'s JS converter makes of them (`TIME`
 * is a `bigint` of microseconds, `LIST` an array, `STRUCT` an object). `.raw` is DuckDB's own
 * materialized result.
 *
 * Parameters bind as: `string` VARCHAR, safe-integer `number` BIGINT, other `number` DOUBLE,
 * `boolean` BOOLEAN, `null`/`undefined` NULL, `Date` TIMESTAMP WITH TIME ZONE, `bigint` BIGINT
 * (HUGEINT beyond 64 bits), `Uint8Array` BLOB. `@duckdb/node-api` value objects (`listValue`,
 * `structValue`, …) bind as themselves.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { DuckDbClient } from "@cxkit/destination-duckdb"
 *
 * const program = Effect.gen(function* () {
 *   const db = yield* DuckDbClient.DuckDbClient
 *   yield* db`CREATE TABLE csat (ticket VARCHAR, score INTEGER)`
 *   yield* db.appendRows("csat", ["ticket", "score"], [["t-1", 5], ["t-2", 3]])
 *   return yield* db`SELECT count(*) AS n, sum(score) AS total FROM csat`
 * })
 * const rows = await Effect.runPromise(program.pipe(Effect.provide(DuckDbClient.layer({ filename: ":memory:" }))))
 * console.log(rows) // [ { n: 2, total: 8 } ]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface DuckDbClient extends SqlClient.SqlClient {
  readonly config: DuckDbClientConfig
  readonly appendRows: (
    table: string,
    columns: ReadonlyArray<string>,
    rows: ReadonlyArray<ReadonlyArray<unknown>>
  ) => Effect.Effect<void, SqlError.SqlError>
}

/**
 * The DuckDB client service. `layer` provides it together with `SqlClient.SqlClient`, so code
 * written against `effect/sql` runs on DuckDB unchanged.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { DuckDbClient } from "@cxkit/destination-duckdb"
 *
 * const program = Effect.gen(function* () {
 *   const db = yield* DuckDbClient.DuckDbClient
 *   return db.config.filename
 * })
 * const filename = await Effect.runPromise(program.pipe(Effect.provide(DuckDbClient.layer({ filename: ":memory:" }))))
 * console.log(filename) // :memory:
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export const DuckDbClient = Context.Service<DuckDbClient>("@cxkit/destination-duckdb/DuckDbClient")

// ---------------------------------------------------------------------------------------------
// compiler
// ---------------------------------------------------------------------------------------------

// The whole string is one identifier: dots are not read as schema separators, so any name a
// user gives (`a"b`, `x.y`) addresses exactly one object. Qualify with two identifiers:
// sql`${sql("main")}.${sql("t")}`.
const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`

/**
 * The statement compiler: `$1, $2, …` placeholders and double-quoted identifiers whose embedded
 * quotes are doubled. A name is always one identifier (a dot inside it is part of the name); write
 * a qualified name as two identifiers.
 *
 * Gotchas: `effect/sql` has no DuckDB dialect, so the compiler reports `"sqlite"`. That is the
 * dialect whose special cases DuckDB accepts (an empty `sql.in([])` compiles to a subquery, and
 * the migrator takes no PostgreSQL `LOCK TABLE`); `"pg"` would emit `= ANY('{}')`, which DuckDB
 * refuses.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { DuckDbClient } from "@cxkit/destination-duckdb"
 *
 * const program = Effect.gen(function* () {
 *   const sql = yield* DuckDbClient.DuckDbClient
 *   return sql`SELECT * FROM ${sql('a"b')} WHERE id = ${7} AND ${sql.in("tag", ["x", "y"])}`.compile()
 * })
 * const [text, params] = await Effect.runPromise(program.pipe(Effect.provide(DuckDbClient.layer({ filename: ":memory:" }))))
 * console.log(text) // SELECT * FROM "a""b" WHERE id = $1 AND "tag" IN ($2,$3)
 * console.log(params) // [ 7, 'x', 'y' ]
 * console.log(DuckDbClient.makeCompiler().dialect) // sqlite
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeCompiler = (transform?: (name: string) => string): Statement.Compiler =>
  Statement.makeCompiler({
    dialect: "sqlite",
    placeholder: (index) => `$${index}`,
    onIdentifier: (value, withoutTransform) =>
      transform === undefined || withoutTransform ? quote(value) : quote(transform(value)),
    onRecordUpdate: (placeholders, alias, columns, values, returning) => [
      `(values ${placeholders}) AS ${alias}${columns}${returning ? ` RETURNING ${returning[0]}` : ""}`,
      returning ? [...values.flat(), ...returning[1]] : values.flat()
    ],
    onCustom: () => ["", []]
  })

// ---------------------------------------------------------------------------------------------
// values
// ---------------------------------------------------------------------------------------------

const wideIntegers: ReadonlySet<DuckDBTypeId> = new Set([
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.BIGNUM
])
const minSafe = BigInt(Number.MIN_SAFE_INTEGER)
const maxSafe = BigInt(Number.MAX_SAFE_INTEGER)
const minInt64 = -(2n ** 63n)
const maxInt64 = 2n ** 63n - 1n

// DuckDB's own JS converter, except that 64-bit and wider integers become numbers when no
// precision is lost (COUNT(*) is a BIGINT and SUM of integers a HUGEINT in DuckDB).
const numbersWhenSafe: DuckDBValueConverter<JS> = (value, type, _converter) => {
  if (typeof value === "bigint" && wideIntegers.has(type.typeId)) {
    return value >= minSafe && value <= maxSafe ? Number(value) : value
  }
  return JSDuckDBValueConverter(value, type, numbersWhenSafe)
}
const converterFor = (safeIntegers: boolean): DuckDBValueConverter<JS> =>
  safeIntegers ? JSDuckDBValueConverter : numbersWhenSafe

const bindParameter = (value: unknown): readonly [DuckDBValue, DuckDBType | undefined] => {
  switch (typeof value) {
    case "string":
      return [value, VARCHAR]
    case "boolean":
      return [value, BOOLEAN]
    case "number":
      return Number.isSafeInteger(value) && !Object.is(value, -0) ? [BigInt(value), BIGINT] : [value, DOUBLE]
    case "bigint":
      return [value, value >= minInt64 && value <= maxInt64 ? BIGINT : HUGEINT]
    case "undefined":
      return [null, undefined]
  }
  if (value === null) return [null, undefined]
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError("Cannot bind an invalid Date")
    return [jsToDuckDBValue(value, TIMESTAMPTZ), TIMESTAMPTZ]
  }
  if (value instanceof Uint8Array) return [jsToDuckDBValue(value, BLOB), BLOB]
  return [value as DuckDBValue, undefined]
}

// `undefined` types are inferred by `@duckdb/node-api` (its declared type omits that case).
const bindAll = (
  params: ReadonlyArray<unknown>
): readonly [Array<DuckDBValue>, Array<DuckDBType>] | undefined => {
  if (params.length === 0) return undefined
  const values: Array<DuckDBValue> = []
  const types: Array<DuckDBType | undefined> = []
  for (const param of params) {
    const [value, type] = bindParameter(param)
    values.push(value)
    types.push(type)
  }
  return [values, types as Array<DuckDBType>]
}

const rowObjects = (
  names: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<unknown>>
): Array<Record<string, unknown>> =>
  rows.map((row) => {
    const object: Record<string, unknown> = {}
    for (let i = 0; i < names.length; i++) object[names[i] as string] = row[i]
    return object
  })

// ---------------------------------------------------------------------------------------------
// errors
// ---------------------------------------------------------------------------------------------

const messageOf = (cause: unknown): string => (cause instanceof Error ? cause.message : String(cause))

// DuckDB reports no error codes, only a message prefixed by the kind of error (the appender
// puts "Failed to append: " before it, and drops the kind for constraint violations).
const classify = (cause: unknown, operation: string): SqlError.SqlErrorReason => {
  const message = messageOf(cause)
  const props = { cause, message, operation }
  const text = message.replace(/^Failed to \w+: /, "")
  if (/^(Parser|Binder|Catalog) Error/.test(text)) return new SqlError.SqlSyntaxError(props)
  if (/PRIMARY KEY or UNIQUE constraint|^(Constraint Error: )?Duplicate key .* violates/.test(text)) {
    return new SqlError.UniqueViolation({ ...props, constraint: "unknown" })
  }
  if (/^Constraint Error|constraint failed/.test(text)) return new SqlError.ConstraintError(props)
  if (/^Permission Error/.test(text)) return new SqlError.AuthorizationError(props)
  if (/^IO Error/.test(text)) return new SqlError.ConnectionError(props)
  if (/^TransactionContext Error/.test(text) && /conflict/i.test(text)) {
    return new SqlError.SerializationError(props)
  }
  return new SqlError.UnknownError(props)
}

const fail = (cause: unknown, operation: string): SqlError.SqlError =>
  new SqlError.SqlError({ reason: classify(cause, operation) })

// With a connection, an interrupted call interrupts DuckDB's query and waits for it to settle,
// so a lock around the call is not released while DuckDB still works on the connection.
const attempt = <A>(
  operation: string,
  run: () => Promise<A>,
  connection?: DuckDBConnection
): Effect.Effect<A, SqlError.SqlError> =>
  Effect.suspend(() => {
    let promise: Promise<A>
    try {
      promise = run()
    } catch (cause) {
      return Effect.fail(fail(cause, operation))
    }
    const settled = Effect.tryPromise({ try: () => promise, catch: (cause) => fail(cause, operation) })
    if (connection === undefined) return settled
    return Effect.onInterrupt(settled, () =>
      Effect.andThen(
        Effect.sync(() => connection.interrupt()),
        Effect.promise(() => promise.then(constUndefined, constUndefined))
      )
    )
  })

const safeIntegersSetting = Effect.withFiber((fiber) => Effect.succeed(fiber.getRef(SqlClient.SafeIntegers)))

// ---------------------------------------------------------------------------------------------
// connections
// ---------------------------------------------------------------------------------------------

/** The one DuckDB connection the client owns, and what guards it. */
interface Session {
  readonly instance: DuckDBInstance
  readonly connection: DuckDBConnection
  /** Held by a transaction (or `reserve`) for its whole life, else by each statement. */
  readonly owner: Semaphore.Semaphore
  /** Held by each call into DuckDB, so fibers sharing a transaction never overlap. */
  readonly lock: Semaphore.Semaphore
  /** Counts calls: DuckDB ends a streaming result when its connection runs anything else. */
  generation: number
  /** Set when a nested transaction fails: DuckDB has no savepoints to roll back to. */
  rollbackOnly: boolean
}

const runOn = (
  session: Session,
  sql: string,
  params: ReadonlyArray<unknown>
): Effect.Effect<DuckDBMaterializedResult, SqlError.SqlError> =>
  session.lock.withPermit(
    attempt(
      "execute",
      () => {
        session.generation++
        const bound = bindAll(params)
        return bound === undefined
          ? session.connection.run(sql)
          : session.connection.run(sql, bound[0], bound[1])
      },
      session.connection
    )
  )

const readObjects = (
  session: Session,
  sql: string,
  params: ReadonlyArray<unknown>
): Effect.Effect<ReadonlyArray<Record<string, unknown>>, SqlError.SqlError> =>
  Effect.flatMap(safeIntegersSetting, (safeIntegers) =>
    Effect.flatMap(runOn(session, sql, params), (result) =>
      attempt("execute", () => result.convertRowObjects(converterFor(safeIntegers)))
    )
  )

const readArrays = (
  session: Session,
  sql: string,
  params: ReadonlyArray<unknown>
): Effect.Effect<ReadonlyArray<ReadonlyArray<unknown>>, SqlError.SqlError> =>
  Effect.flatMap(safeIntegersSetting, (safeIntegers) =>
    Effect.flatMap(runOn(session, sql, params), (result) =>
      attempt("execute", () => result.convertRows(converterFor(safeIntegers)))
    )
  )

const chunks = (
  result: DuckDBResult,
  safeIntegers: boolean,
  fetch: (
    read: () => Promise<ReadonlyArray<Record<string, unknown>>>
  ) => Effect.Effect<ReadonlyArray<Record<string, unknown>>, SqlError.SqlError>,
  transformRows: (<A extends object>(rows: ReadonlyArray<A>) => ReadonlyArray<A>) | undefined
): Stream.Stream<Record<string, unknown>, SqlError.SqlError> => {
  const names = result.deduplicatedColumnNames()
  const converter = converterFor(safeIntegers)
  const read = async () => {
    const chunk = await result.fetchChunk()
    if (chunk === null || chunk.rowCount === 0) return []
    return rowObjects(names, chunk.convertRows(converter))
  }
  return Stream.paginate(undefined, () =>
    Effect.map(fetch(read), (rows) => {
      const out = transformRows === undefined ? rows : transformRows(rows)
      return [out, rows.length === 0 ? Option.none() : Option.some(undefined)] as const
    })
  )
}

class DuckDbConnection implements SqlConnection.Connection {
  readonly session: Session
  /** True for the connection a transaction holds; false for the one shared by statements. */
  readonly exclusive: boolean

  constructor(session: Session, exclusive: boolean) {
    this.session = session
    this.exclusive = exclusive
  }

  private guard<A, E>(effect: Effect.Effect<A, E>): Effect.Effect<A, E> {
    return this.exclusive ? effect : this.session.owner.withPermit(effect)
  }

  execute(
    sql: string,
    params: ReadonlyArray<unknown>,
    transformRows: (<A extends object>(row: ReadonlyArray<A>) => ReadonlyArray<A>) | undefined
  ) {
    const rows = this.guard(readObjects(this.session, sql, params))
    return transformRows === undefined ? rows : Effect.map(rows, transformRows)
  }

  executeRaw(sql: string, params: ReadonlyArray<unknown>) {
    return this.guard(runOn(this.session, sql, params))
  }

  executeValues(sql: string, params: ReadonlyArray<unknown>) {
    return this.guard(readArrays(this.session, sql, params))
  }

  executeValuesUnprepared(sql: string, params: ReadonlyArray<unknown>) {
    return this.executeValues(sql, params)
  }

  executeUnprepared(
    sql: string,
    params: ReadonlyArray<unknown>,
    transformRows: (<A extends object>(row: ReadonlyArray<A>) => ReadonlyArray<A>) | undefined
  ) {
    return this.execute(sql, params, transformRows)
  }

  executeStream(
    sql: string,
    params: ReadonlyArray<unknown>,
    transformRows: (<A extends object>(row: ReadonlyArray<A>) => ReadonlyArray<A>) | undefined
  ): Stream.Stream<Record<string, unknown>, SqlError.SqlError> {
    const session = this.session
    const bound = (): readonly [Array<DuckDBValue>?, Array<DuckDBType>?] => bindAll(params) ?? []
    if (!this.exclusive) {
      // Outside a transaction: a connection of its own, so the stream holds no lock and the
      // statements its consumer runs meanwhile neither wait for it nor end it.
      return Stream.unwrap(
        Effect.gen(function* () {
          const safeIntegers = yield* safeIntegersSetting
          const connection = yield* Effect.acquireRelease(
            attempt("stream", () => session.instance.connect()),
            (connection) => Effect.sync(() => connection.closeSync())
          )
          const result = yield* attempt("stream", () => connection.stream(sql, ...bound()), connection)
          return chunks(result, safeIntegers, (read) => attempt("stream", read, connection), transformRows)
        })
      )
    }
    // Inside a transaction the stream must read the transaction's own connection, where any
    // other statement ends the streaming result; DuckDB then returns no more rows without an
    // error, so the stream checks that nothing ran in between and fails rather than stop short.
    return Stream.unwrap(
      Effect.gen(function* () {
        const safeIntegers = yield* safeIntegersSetting
        const result = yield* session.lock.withPermit(
          attempt(
            "stream",
            () => {
              session.generation++
              return session.connection.stream(sql, ...bound())
            },
            session.connection
          )
        )
        const generation = session.generation
        const fetch = (read: () => Promise<ReadonlyArray<Record<string, unknown>>>) =>
          session.lock.withPermit(
            Effect.suspend(() =>
              session.generation === generation
                ? attempt("stream", read, session.connection)
                : Effect.fail(
                    new SqlError.SqlError({
                      reason: new SqlError.UnknownError({
                        cause: new Error("streaming result invalidated"),
                        message:
                          "DuckDbClient: another statement ran on the transaction's connection while this stream was open, and DuckDB ends a streaming result when its connection runs anything else; finish the stream before running other statements in the transaction",
                        operation: "stream"
                      })
                    })
                  )
            )
          )
        return chunks(result, safeIntegers, fetch, transformRows)
      })
    )
  }

  /** Appends on this connection; the caller provides the transaction. */
  append(
    table: string,
    columns: ReadonlyArray<string>,
    rows: ReadonlyArray<ReadonlyArray<unknown>>
  ): Effect.Effect<void, SqlError.SqlError> {
    const session = this.session
    return session.lock.withPermit(
      attempt(
        "appendRows",
        async () => {
          session.generation++
          const probe = await session.connection.run(`SELECT * FROM ${quote(table)} LIMIT 0`)
          const tableColumns = probe.columnNames()
          const given = new Map<string, number>()
          columns.forEach((name, index) => {
            const key = name.toLowerCase()
            if (given.has(key)) throw new Error(`appendRows: column "${name}" is named twice`)
            given.set(key, index)
          })
          const known = new Set(tableColumns.map((name) => name.toLowerCase()))
          for (const name of columns) {
            if (!known.has(name.toLowerCase())) {
              throw new Error(
                `appendRows: table "${table}" has no column "${name}" (its columns: ${tableColumns.join(", ")})`
              )
            }
          }
          const positions = tableColumns.map((name) => given.get(name.toLowerCase()))
          const appender = await session.connection.createAppender(table)
          try {
            if (appender.columnCount !== tableColumns.length) {
              throw new Error(
                `appendRows: table "${table}" appends ${appender.columnCount} columns but reads ${tableColumns.length}`
              )
            }
            const types = positions.map((_, j) => appender.columnType(j))
            for (let r = 0; r < rows.length; r++) {
              const row = rows[r] as ReadonlyArray<unknown>
              if (row.length !== columns.length) {
                throw new Error(`appendRows: row ${r} has ${row.length} values for ${columns.length} columns`)
              }
              for (let j = 0; j < positions.length; j++) {
                const position = positions[j]
                if (position === undefined) {
                  appender.appendDefault()
                  continue
                }
                const type = types[j] as DuckDBType
                const raw = row[position]
                const value =
                  raw !== null && raw !== undefined && typeof raw !== "string" && type.alias === "JSON"
                    ? JSON.stringify(raw)
                    : raw
                try {
                  appender.appendValue(jsToDuckDBValue((value ?? null) as never, type), type)
                } catch (cause) {
                  throw new Error(
                    `appendRows: row ${r}, column "${tableColumns[j]}" (${type}): ${messageOf(cause)}`,
                    { cause }
                  )
                }
              }
              appender.endRow()
            }
            appender.closeSync()
          } catch (cause) {
            try {
              appender.clear()
              appender.closeSync()
            } catch {
              // The append already failed; that error is the one to report.
            }
            throw cause
          }
        },
        session.connection
      )
    )
  }
}

// In-memory databases and URLs (`md:…`; two letters at least, so `C:\…` stays a path) have no
// folder to create.
const isFilePath = (filename: string): boolean =>
  filename !== "" && !filename.startsWith(":memory:") && !/^[a-z][a-z0-9+.-]+:/i.test(filename)

const open = (config: DuckDbClientConfig): Effect.Effect<Session, SqlError.SqlError, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.tryPromise({
      try: async (): Promise<Session> => {
        if (isFilePath(config.filename)) mkdirSync(dirname(config.filename), { recursive: true })
        // Two instances on one file in one process would both write it (DuckDB's file lock is per
        // process); the cache gives every client of the file the same database, closed with the last.
        const instance = await DuckDBInstance.fromCache(config.filename, { ...config.config })
        try {
          const connection = await instance.connect()
          return {
            instance,
            connection,
            owner: Semaphore.makeUnsafe(1),
            lock: Semaphore.makeUnsafe(1),
            generation: 0,
            rollbackOnly: false
          }
        } catch (cause) {
          instance.closeSync()
          throw cause
        }
      },
      catch: (cause) =>
        new SqlError.SqlError({
          reason: new SqlError.ConnectionError({
            cause,
            message: `DuckDbClient: cannot open the database "${config.filename}": ${messageOf(cause)}`,
            operation: "open"
          })
        })
    }),
    // Waits for a running transaction or statement before closing.
    (session) =>
      session.owner.withPermit(
        Effect.sync(() => {
          session.connection.closeSync()
          session.instance.closeSync()
        })
      )
  )

const isNoTransaction = (error: SqlError.SqlError): boolean => /no transaction is active/i.test(error.message)

const control = (session: Session, sql: string): Effect.Effect<void, SqlError.SqlError> =>
  Effect.asVoid(runOn(session, sql, []))

const rollback = (session: Session): Effect.Effect<void, SqlError.SqlError> =>
  control(session, "ROLLBACK").pipe(Effect.catchIf(isNoTransaction, () => Effect.void))

const commitFailure = (message: string): SqlError.SqlError =>
  new SqlError.SqlError({
    reason: new SqlError.UnknownError({ cause: new Error(message), message, operation: "commit" })
  })

// DuckDB's COMMIT of a transaction that a failed statement aborted succeeds and silently rolls
// back; a probe first turns that into an error. The failure handler then runs the ROLLBACK.
const commit = (session: Session): Effect.Effect<void, SqlError.SqlError> =>
  Effect.gen(function* () {
    if (session.rollbackOnly) {
      return yield* commitFailure(
        "DuckDbClient: a nested transaction failed, and DuckDB has no savepoints to roll back to, so the whole transaction was rolled back"
      )
    }
    yield* control(session, "SELECT 1").pipe(
      Effect.catchIf(
        (error) => /transaction is aborted/i.test(error.message),
        (error) =>
          Effect.fail(
            commitFailure(
              `DuckDbClient: the transaction was aborted by a failed statement and was rolled back, not committed (${error.message})`
            )
          )
      )
    )
    yield* control(session, "COMMIT")
  })

let clientCounter = 0

// ---------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------

/**
 * Opens the database and builds the client; the database closes when the scope does.
 *
 * Details: a file path's missing parent folders are created. Clients of the same file in one
 * process share one DuckDB database (each with its own connection), which closes with the last of
 * them; they must open it with the same `config`. A path that cannot be opened (a folder under a
 * regular file, a file that is not a DuckDB database, a file another process holds, the same file
 * with another `config`) fails with a `SqlError` whose reason is a `ConnectionError` naming the
 * path.
 *
 * Transactions: `withTransaction` holds the client's one connection from `BEGIN` to `COMMIT`, so
 * statements of other fibers wait for it. DuckDB has no savepoints: a nested `withTransaction`
 * joins the outer one, and if it fails the outer transaction can no longer commit (its `COMMIT`
 * fails and rolls everything back). A statement that fails inside a transaction aborts it in
 * DuckDB; catching that error and carrying on ends in a failed commit, never a silent rollback.
 *
 * Streams: `stream` reads DuckDB's streaming result chunk by chunk (2,048 rows each), so memory
 * stays flat. Outside a transaction a stream reads on a connection of its own (it sees committed
 * data, not the client connection's `TEMP` tables); inside one it reads the transaction's
 * connection, and running another statement there before the stream ends fails the stream.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Reactivity } from "effect/reactivity"
 * import { DuckDbClient } from "@cxkit/destination-duckdb"
 *
 * const program = Effect.gen(function* () {
 *   const db = yield* DuckDbClient.make({ filename: ":memory:" })
 *   return yield* db`SELECT ${41} + 1 AS answer, ${"x"} AS s, ${new Date(0)} AS at`
 * })
 * const rows = await Effect.runPromise(program.pipe(Effect.scoped, Effect.provide(Reactivity.layer)))
 * console.log(rows) // [ { answer: 42, s: 'x', at: 1970-01-01T00:00:00.000Z } ]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  config: DuckDbClientConfig
): Effect.Effect<DuckDbClient, SqlError.SqlError, Scope.Scope | Reactivity.Reactivity> =>
  Effect.gen(function* () {
    const session = yield* open(config)
    const shared = new DuckDbConnection(session, false)
    const exclusive = new DuckDbConnection(session, true)
    const transactionService = Context.Service<
      SqlClient.TransactionConnection,
      SqlClient.TransactionConnection.Service
    >(`@cxkit/destination-duckdb/DuckDbClient/Transaction/${clientCounter++}`)
    const reserve: Effect.Effect<SqlConnection.Connection, SqlError.SqlError, Scope.Scope> =
      Effect.uninterruptibleMask((restore) => Effect.as(restore(session.owner.takeScoped(1)), exclusive))
    const spanAttributes: ReadonlyArray<readonly [string, unknown]> = [
      ...Object.entries(config.spanAttributes ?? {}),
      ["db.system.name", "duckdb"],
      ["db.namespace", config.filename]
    ]
    const transformRows =
      config.transformResultNames === undefined
        ? undefined
        : Statement.defaultTransforms(config.transformResultNames).array

    const client = yield* SqlClient.make({
      acquirer: Effect.succeed(shared),
      borrower: (f) => f(shared),
      transactionAcquirer: reserve,
      transactionService,
      compiler: makeCompiler(config.transformQueryNames),
      driver: "duckdb",
      spanAttributes,
      transformRows
    })

    const withTransaction = SqlClient.makeWithTransaction({
      transactionService,
      spanAttributes,
      acquireConnection: (restore) => restore(reserve),
      begin: (_conn, statement) =>
        Effect.suspend(() => {
          session.rollbackOnly = false
          return control(session, statement ?? "BEGIN TRANSACTION")
        }),
      savepoint: () => Effect.void,
      rollbackSavepoint: () =>
        Effect.sync(() => {
          session.rollbackOnly = true
        }),
      commit: () => commit(session),
      onCommitFailure: () => rollback(session),
      rollback: () => rollback(session)
    })

    const appendRows = (
      table: string,
      columns: ReadonlyArray<string>,
      rows: ReadonlyArray<ReadonlyArray<unknown>>
    ): Effect.Effect<void, SqlError.SqlError> =>
      withTransaction(
        Effect.withFiber((fiber) => {
          const [connection] = Context.getUnsafe(fiber.context, transactionService)
          return (connection as DuckDbConnection).append(table, columns, rows)
        })
      )

    return Object.assign(client, { config, withTransaction, appendRows }) as DuckDbClient
  })

// ---------------------------------------------------------------------------------------------
// layers
// ---------------------------------------------------------------------------------------------

const layerFrom = <E, R>(
  acquire: Effect.Effect<DuckDbClient, E, R>
): Layer.Layer<DuckDbClient | SqlClient.SqlClient, E, Exclude<R, Scope.Scope | Reactivity.Reactivity>> =>
  Layer.effectContext(
    Effect.map(acquire, (client) =>
      Context.make(DuckDbClient, client).pipe(Context.add(SqlClient.SqlClient, client))
    )
  ).pipe(Layer.provide(Reactivity.layer)) as Layer.Layer<
    DuckDbClient | SqlClient.SqlClient,
    E,
    Exclude<R, Scope.Scope | Reactivity.Reactivity>
  >

/**
 * A layer providing `DuckDbClient` and `SqlClient.SqlClient`; the database closes with the layer.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { SqlClient } from "effect/sql"
 * import { DuckDbClient } from "@cxkit/destination-duckdb"
 *
 * const program = Effect.gen(function* () {
 *   const sql = yield* SqlClient.SqlClient
 *   yield* sql`CREATE TABLE nps (score INTEGER)`
 *   yield* sql.withTransaction(sql`INSERT INTO nps VALUES (9), (10), (3)`)
 *   return yield* sql`SELECT avg(score) AS mean FROM nps`
 * })
 * const rows = await Effect.runPromise(program.pipe(Effect.provide(DuckDbClient.layer({ filename: ":memory:" }))))
 * console.log(rows) // [ { mean: 7.333333333333333 } ]
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  config: DuckDbClientConfig
): Layer.Layer<DuckDbClient | SqlClient.SqlClient, SqlError.SqlError> => layerFrom(make(config))

/**
 * `layer`, with its settings read from `Config` (e.g. the file path from an environment variable).
 *
 * @example
 * ```ts
 * import { Config, ConfigProvider, Effect } from "effect"
 * import { DuckDbClient } from "@cxkit/destination-duckdb"
 *
 * const Db = DuckDbClient.layerConfig({ filename: Config.String("CXKIT_DUCKDB") })
 * const program = Effect.gen(function* () {
 *   const db = yield* DuckDbClient.DuckDbClient
 *   return db.config.filename
 * })
 * const filename = await Effect.runPromise(
 *   program.pipe(
 *     Effect.provide(Db),
 *     Effect.provide(ConfigProvider.layer(ConfigProvider.fromUnknown({ CXKIT_DUCKDB: ":memory:" })))
 *   )
 * )
 * console.log(filename) // :memory:
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  config: Config.Wrap<DuckDbClientConfig>
): Layer.Layer<DuckDbClient | SqlClient.SqlClient, Config.ConfigError | SqlError.SqlError> =>
  layerFrom(Effect.flatMap(Config.unwrap(config), make))
