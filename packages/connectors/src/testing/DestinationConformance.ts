/**
 * The destination conformance suite: one list of checks that every backend must pass, each a
 * value (`{ name, run }`), so any test runner can run them. The suite syncs an in-process source
 * (two streams with checkpoints, deletions and full refreshes) through `Sync.run` into the
 * destination and compares what it stored with the source and with the in-memory reference
 * destination (`Destination.makeMemory`), which the suite itself is tested against.
 *
 * @module
 * @since 0.1.0
 */
import { Customer, Entity, Identity } from "@cxkit/core"
import { Cause, Effect, Exit, Layer, Redacted, Schema, type Scope, Stream } from "effect"
import * as Connector from "../Connector.ts"
import * as ConnectorError from "../ConnectorError.ts"
import * as Destination from "../Destination.ts"
import { explain, destination as H, type Hint } from "../internal/hints.ts"
import * as SourceStream from "../SourceStream.ts"
import * as Sync from "../Sync.ts"

/**
 * Options of `checks`: `make` gives a fresh, empty destination per check (scoped: close it when
 * the scope closes), `deletes` says how it applies deletions (default `soft`), and `commitEvery`
 * how the syncs group pages into transactions (`Sync.RunOptions`; default every page).
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly make: Effect.Effect<Destination.Destination, unknown, Scope.Scope>
  readonly deletes?: "soft" | "hard" | undefined
  /** How the syncs group pages into transactions (default: every page its own). */
  readonly commitEvery?: CommitEvery | undefined
}

/**
 * One check: a name and an Effect that fails with an `Error` saying what is wrong.
 *
 * @since 0.1.0
 * @category models
 */
export interface Check {
  readonly name: string
  readonly run: Effect.Effect<void, unknown, Scope.Scope>
}

const secret = "s3cr3t-token-never-stored"

interface Note {
  readonly id: string
  readonly at: number
  readonly title: string
  readonly stars: number
  readonly tags: ReadonlyArray<string>
}

/** The source: notes (incremental, ascending on `at`, with tombstones) and labels (full refresh). */
class Source {
  notes = new Map<string, Note>()
  tombstones = new Map<string, number>()
  labels = new Map<string, { readonly id: string; readonly name: string }>()
  // The initial notes share every `at` in pairs, so ties fall across page breaks; each later
  // change gets a later `at` of its own, as a source's modification time does.
  clock = 0
  constructor() {
    for (let i = 0; i < 10; i++) this.write(`n${i}`, `note ${i}`, i % 5, Math.floor(i / 2))
    for (let i = 0; i < 5; i++) this.labels.set(`l${i}`, { id: `l${i}`, name: `label ${i}` })
    this.clock = 5
  }
  private write(id: string, title: string, stars: number, at: number) {
    this.tombstones.delete(id)
    this.notes.set(id, { id, at, title, stars, tags: title.split(" ").slice(0, 1) })
  }
  putNote(id: string, title: string, stars: number) {
    this.write(id, title, stars, this.clock++)
  }
  deleteNote(id: string) {
    this.notes.delete(id)
    this.tombstones.set(id, this.clock++)
  }
}

const NoteSchema = Schema.Struct({
  id: Schema.String,
  at: Schema.Int,
  title: Schema.String,
  stars: Schema.Int,
  tags: Schema.Array(Schema.String)
})

const connectorFor = (
  source: Source,
  options: { readonly starsAsText?: boolean; readonly extra?: boolean } = {}
) => {
  const noteSchema =
    options.starsAsText === true
      ? Schema.Struct({ ...NoteSchema.fields, stars: Schema.String })
      : options.extra === true
        ? Schema.Struct({ ...NoteSchema.fields, pinned: Schema.optionalKey(Schema.Boolean) })
        : NoteSchema
  const notes = SourceStream.make()({
    name: "notes",
    schema: noteSchema as Schema.Codec<
      { readonly id: string; readonly at: number },
      { readonly id: string; readonly at: number }
    >,
    primaryKey: "id",
    cursorField: "at",
    order: "ascending",
    // A keyset checkpoint (the last delivered `at` and id), valid across runs as the runner
    // requires of ascending streams.
    state: Schema.Struct({ at: Schema.Int, id: Schema.String }),
    read: ({ cursor, state }) => {
      const from = cursor === undefined ? Number.NEGATIVE_INFINITY : Number(cursor.value)
      const after = (item: { readonly at: number; readonly id: string }) =>
        state === undefined
          ? item.at >= from
          : item.at > state.at || (item.at === state.at && item.id > state.id)
      const items = [
        ...[...source.notes.values()].map((n) => ({
          at: n.at,
          id: n.id,
          record: n as unknown,
          deleted: false
        })),
        ...[...source.tombstones].map(([id, at]) => ({
          at,
          id,
          record: { id, at } as unknown,
          deleted: true
        }))
      ]
        .filter(after)
        .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((item) =>
          options.starsAsText === true && !item.deleted
            ? { ...item, record: { ...(item.record as Note), stars: String((item.record as Note).stars) } }
            : options.extra === true && !item.deleted
              ? { ...item, record: { ...(item.record as Note), pinned: true } }
              : item
        )
      return Stream.unfold(0, (offset) => {
        if (offset >= items.length) return Effect.succeed(undefined)
        const page = items.slice(offset, offset + 3)
        const last = page[page.length - 1] ?? { at: 0, id: "" }
        return Effect.succeed([
          {
            records: page.filter((p) => !p.deleted).map((p) => p.record),
            deleted: page.filter((p) => p.deleted).map((p) => p.record),
            checkpoint: { at: last.at, id: last.id }
          },
          offset + page.length
        ] as const)
      })
    }
  })
  const labels = SourceStream.make()({
    name: "labels",
    schema: Schema.Struct({ id: Schema.String, name: Schema.String }),
    primaryKey: "id",
    state: Schema.Struct({ page: Schema.Int }),
    read: ({ state }) => {
      const all = [...source.labels.values()].sort((a, b) => (a.id < b.id ? -1 : 1))
      return Stream.unfold(state?.page ?? 0, (page) =>
        Effect.succeed(
          page * 2 >= all.length
            ? undefined
            : ([
                { records: all.slice(page * 2, page * 2 + 2), checkpoint: { page: page + 1 } },
                page + 1
              ] as const)
        )
      )
    }
  })
  return Connector.make({
    id: "conformance",
    version: "1.0.0",
    config: Schema.Struct({ token: Schema.RedactedFromValue(Schema.String) }),
    check: () => Effect.void,
    streams: [notes, labels],
    layer: () => Layer.empty
  })
}

type AnyConnector = ReturnType<typeof connectorFor>

const config = { token: Redacted.make(secret) }

type CommitEvery = { readonly records: number; readonly millis: number }

const perPage: CommitEvery = { records: 1, millis: 0 }

// Each note is a customer known by a CRM id; a note without stars is also a rejected value.
const toCore = (event: Sync.RecordEventOf<AnyConnector>): ReadonlyArray<Entity.Entity> => {
  if (event.stream !== "notes") return []
  const note = event.record as Note
  const customer = new Customer.Customer({
    id: Customer.CustomerId.make(`note:${note.id}`),
    identities: [Identity.make({ source: "notes", kind: "crm-id", value: note.id })],
    name: note.title
  })
  return [
    Entity.customer(customer),
    ...(note.stars === 0
      ? [Entity.rejected({ field: "stars", value: note.stars, rule: "a rating from 1 to 4" })]
      : [])
  ]
}

const modelStored = (destination: Destination.Destination, connector: AnyConnector) =>
  Effect.scoped(
    Effect.gen(function* () {
      const catalog = yield* Destination.catalog("conformance", connector.streams as never)
      const session = yield* destination.open({ ...catalog, model: Destination.modelTables })
      const out: Record<string, ReadonlyArray<unknown>> = {}
      for (const name of ["customers", "identities", "rejections"]) {
        const rows = yield* Stream.runCollect(session.rows(name))
        out[name] = rows.map((row) => [row.key, row.record])
      }
      return out
    })
  )

const syncRun = (
  connector: AnyConnector,
  destination: Destination.Destination,
  mode: SourceStream.Mode | undefined,
  commitEvery: CommitEvery
) =>
  Stream.runCollect(
    Sync.run(connector, { config, destination, commitEvery, ...(mode === undefined ? {} : { mode }) })
  )

/** A destination that interrupts the sync (as a crash would) once `after` batches were committed. */
const crashingAfter = (inner: Destination.Destination, after: number): Destination.Destination => {
  let applied = 0
  return {
    id: inner.id,
    location: inner.location,
    open: (catalog) =>
      Effect.map(inner.open(catalog), (session) => ({
        ...session,
        apply: (batch) =>
          applied >= after
            ? Effect.interrupt
            : Effect.tap(session.apply(batch), () => Effect.sync(() => applied++))
      }))
  }
}

interface Stored {
  readonly rows: ReadonlyArray<{ readonly key: string; readonly record: unknown; readonly deleted: boolean }>
  readonly states: ReadonlyArray<unknown>
}

const stored = (destination: Destination.Destination, connector: AnyConnector) =>
  Effect.scoped(
    Effect.gen(function* () {
      const catalog = yield* Destination.catalog("conformance", connector.streams as never)
      const session = yield* destination.open(catalog)
      const rows: Array<{ key: string; record: unknown; deleted: boolean }> = []
      const states: Array<unknown> = []
      for (const table of catalog.tables) {
        const all = yield* Stream.runCollect(session.rows(table.stream, { includeDeleted: true }))
        for (const row of all)
          rows.push({ key: `${table.stream}/${row.key}`, record: row.record, deleted: row.deleted })
        const committed = yield* session.load(table.stream)
        states.push(committed._tag === "Some" ? committed.value.state : undefined)
      }
      rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      return { rows, states } satisfies Stored
    })
  )

const expectedRows = (source: Source, deletes: "soft" | "hard", seen: ReadonlySet<string>) => {
  const rows: Array<{ key: string; record: unknown; deleted: boolean }> = []
  for (const note of source.notes.values())
    rows.push({ key: `notes/${note.id}`, record: note, deleted: false })
  for (const label of source.labels.values())
    rows.push({ key: `labels/${label.id}`, record: label, deleted: false })
  if (deletes === "soft") {
    // a soft-deleted row keeps the record as it was last synced: compare keys only
    for (const key of seen)
      if (!rows.some((r) => r.key === key)) rows.push({ key, record: undefined, deleted: true })
  }
  return rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v
  )

// A failed expectation; the check it belongs to adds the likely cause and the guide section.
class Failure extends Error {
  override readonly name = "DestinationConformanceFailure"
  readonly hint: Hint | undefined
  constructor(message: string, hint?: Hint) {
    super(message)
    this.hint = hint
  }
}

const fail = (message: string, hint?: Hint) => Effect.fail(new Failure(message, hint))

// Every failure of a check names its likely cause and the doc section: the check's own hint,
// unless the failure carries a more precise one (a stream that failed).
const explained = <R>(hint: Hint, run: Effect.Effect<void, unknown, R>): Effect.Effect<void, Error, R> =>
  Effect.mapError(run, (error) =>
    error instanceof Failure
      ? new Error(explain(error.message, error.hint ?? hint))
      : new Error(explain(error instanceof Error ? error.message : String(error), hint), { cause: error })
  )

const sameRows = (what: string, actual: Stored["rows"], expected: Stored["rows"]) => {
  // key order is not compared: PostgreSQL's jsonb, for one, stores object keys sorted
  const show = (rows: Stored["rows"]) =>
    canonical(rows.map((r) => (r.deleted ? { key: r.key, deleted: true } : r)))
  return show(actual) === show(expected)
    ? Effect.void
    : fail(`${what}:\n  stored:   ${show(actual)}\n  expected: ${show(expected)}`)
}

const eachRun = (events: ReadonlyArray<{ readonly _tag: string }>, what: string) => {
  const failed = (events as ReadonlyArray<Sync.SyncEvent<never>>).flatMap((e) =>
    e._tag === "Status" && e.status === "failed" ? [e] : []
  )
  return failed.length === 0
    ? Effect.void
    : fail(
        `${what}: streams failed: ${failed.map((e) => `${e.stream}: ${e.error.message}`).join("; ")}`,
        H.streamFailed
      )
}

/**
 * The checks, for one backend.
 *
 * @example
 * ```ts
 * import { Destination } from "@cxkit/connectors"
 * import { DestinationConformance } from "@cxkit/connectors/testing"
 * import { Effect } from "effect"
 *
 * const checks = DestinationConformance.checks({ make: Effect.sync(() => Destination.makeMemory()) })
 * const failures = Effect.runSync(
 *   Effect.forEach(checks, (check) => Effect.scoped(Effect.flip(check.run)).pipe(Effect.option))
 * )
 * console.log(failures.filter((f) => f._tag === "Some").length) // 0
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const checks = (options: Options): ReadonlyArray<Check> => {
  const deletes = options.deletes ?? "soft"
  const commitEvery = options.commitEvery ?? perPage
  const sync = (connector: AnyConnector, destination: Destination.Destination, mode?: SourceStream.Mode) =>
    syncRun(connector, destination, mode, commitEvery)
  const check = (
    name: string,
    hint: Hint,
    body: (destination: Destination.Destination) => Effect.Effect<void, unknown>
  ): Check => ({
    name,
    run: explained(hint, Effect.flatMap(options.make, body))
  })
  return [
    check("lands every record of every stream, with its state", H.lands, (destination) =>
      Effect.gen(function* () {
        const source = new Source()
        const connector = connectorFor(source)
        yield* eachRun(yield* sync(connector, destination), "first sync")
        const result = yield* stored(destination, connector)
        yield* sameRows("after one sync", result.rows, expectedRows(source, deletes, new Set()))
        if (result.states.some((s) => (s as Sync.StreamState | undefined)?.complete !== true)) {
          return yield* fail(`every stream's committed state is complete: ${JSON.stringify(result.states)}`)
        }
      })
    ),
    check("stores exactly what the reference destination stores, run after run", H.reference, (destination) =>
      Effect.gen(function* () {
        const source = new Source()
        const connector = connectorFor(source)
        const reference = Destination.makeMemory({ deletes })
        const steps: ReadonlyArray<() => void> = [
          () => {},
          () => {
            source.putNote("n3", "edited", 4)
            source.deleteNote("n5")
            source.putNote("n10", "new", 1)
            source.labels.delete("l1")
            source.labels.set("l9", { id: "l9", name: "label 9" })
          },
          () => {
            source.deleteNote("n0")
            source.putNote("n5", "back", 2)
          }
        ]
        for (const [i, step] of steps.entries()) {
          step()
          yield* eachRun(yield* sync(connector, destination), `sync ${i + 1}`)
          yield* sync(connector, reference)
          const actual = yield* stored(destination, connector)
          const expected = yield* stored(reference, connector)
          yield* sameRows(`after sync ${i + 1}`, actual.rows, expected.rows)
          if (canonical(actual.states) !== canonical(expected.states)) {
            return yield* fail(
              `states after sync ${i + 1}: ${JSON.stringify(actual.states)}, reference ${JSON.stringify(expected.states)}`
            )
          }
        }
      })
    ),
    {
      name: "is exactly once under interruption at every commit: state and records never out of step",
      run: explained(
        H.exactlyOnce,
        Effect.gen(function* () {
          // How many commits a full run makes, counted on the reference.
          let commits = 0
          const counting = Destination.makeMemory({ deletes })
          const counter: Destination.Destination = {
            ...counting,
            open: (catalog) =>
              Effect.map(counting.open(catalog), (s) => ({
                ...s,
                apply: (b) => Effect.tap(s.apply(b), () => Effect.sync(() => commits++))
              }))
          }
          yield* sync(connectorFor(new Source()), counter)
          for (let k = 0; k < commits; k++) {
            const source = new Source()
            const connector = connectorFor(source)
            yield* Effect.scoped(
              Effect.gen(function* () {
                const target = yield* options.make
                const reference = Destination.makeMemory({ deletes })
                const exit = yield* Effect.exit(sync(connector, crashingAfter(target, k)))
                if (!Exit.isFailure(exit) || !Cause.hasInterruptsOnly(exit.cause)) {
                  return yield* fail(`the sync interrupted after ${k} commits did not stop: ${String(exit)}`)
                }
                yield* Effect.exit(sync(connector, crashingAfter(reference, k)))
                const atCrash = yield* stored(target, connector)
                const referenceAtCrash = yield* stored(reference, connector)
                yield* sameRows(`after a crash at commit ${k + 1}`, atCrash.rows, referenceAtCrash.rows)
                if (canonical(atCrash.states) !== canonical(referenceAtCrash.states)) {
                  return yield* fail(`states after a crash at commit ${k + 1} differ from the reference`)
                }
                // Resume: the source changed in between, as it does in real life.
                source.putNote("n1", "edited while down", 3)
                source.deleteNote("n8")
                yield* eachRun(
                  yield* sync(connector, target),
                  `resumed sync after a crash at commit ${k + 1}`
                )
                const resumed = yield* stored(target, connector)
                // n8 stays as a soft-deleted row only if it was stored before the crash
                const seen = new Set(atCrash.rows.filter((r) => r.key === "notes/n8").map((r) => r.key))
                return yield* sameRows(
                  `resumed after a crash at commit ${k + 1}`,
                  resumed.rows,
                  expectedRows(source, deletes, seen)
                )
              })
            )
          }
          if (commits < 5) return yield* fail(`the source made only ${commits} commits`)
        })
      )
    },
    check("a batch the database refuses writes nothing, not even part of it", H.refusedBatch, (destination) =>
      Effect.scoped(
        Effect.gen(function* () {
          const connector = connectorFor(new Source())
          yield* sync(connector, destination)
          const before = yield* stored(destination, connector)
          const catalog = yield* Destination.catalog("conformance", connector.streams as never)
          const session = yield* destination.open(catalog)
          const good = { key: "n0", values: ["n0", 1, "good", 1, '["x"]'], record: '{"id":"n0"}' }
          const bad = { key: "zz", values: ["zz", "not an integer", "bad", 1, "[]"], record: '{"id":"zz"}' }
          const exit = yield* Effect.exit(
            session.apply({
              stream: "notes",
              upserts: [good, bad],
              deletes: ["n1"],
              state: { v: 1, mode: "incremental", complete: false },
              generation: 1,
              sweep: false,
              syncedAt: new Date()
            })
          )
          if (Exit.isSuccess(exit))
            return yield* fail("a row with a text value in an integer column was accepted")
          const error = Cause.findErrorOption(exit.cause)
          if (error._tag === "None" || !ConnectorError.isConnectorError(error.value)) {
            return yield* fail(`a refused batch fails with a ConnectorError, not ${Cause.pretty(exit.cause)}`)
          }
          const after = yield* stored(destination, connector)
          yield* sameRows("after a refused batch", after.rows, before.rows)
          if (canonical(after.states) !== canonical(before.states)) {
            return yield* fail("a refused batch changed the committed state")
          }
        })
      )
    ),
    check("upserts replace changed records: one row per key", H.upserts, (destination) =>
      Effect.gen(function* () {
        const source = new Source()
        const connector = connectorFor(source)
        yield* sync(connector, destination)
        source.putNote("n2", "changed", 0)
        source.putNote("n2", "changed twice", 1)
        yield* eachRun(yield* sync(connector, destination), "second sync")
        const result = yield* stored(destination, connector)
        const n2 = result.rows.filter((r) => r.key === "notes/n2")
        if (n2.length !== 1 || (n2[0]?.record as Note | undefined)?.title !== "changed twice") {
          return yield* fail(`notes/n2 after two edits: ${JSON.stringify(n2)}`)
        }
        yield* sameRows("after an edit", result.rows, expectedRows(source, deletes, new Set()))
      })
    ),
    check(
      deletes === "soft"
        ? "deletions and full-refresh removals mark rows deleted (soft), and a re-created record is live again"
        : "deletions and full-refresh removals remove rows (hard), and a re-created record is back",
      H.deletions,
      (destination) =>
        Effect.gen(function* () {
          const source = new Source()
          const connector = connectorFor(source)
          yield* sync(connector, destination)
          source.deleteNote("n4")
          source.labels.delete("l2")
          yield* eachRun(yield* sync(connector, destination), "sync after deletions")
          const result = yield* stored(destination, connector)
          yield* sameRows(
            "after deletions",
            result.rows,
            expectedRows(source, deletes, new Set(["notes/n4", "labels/l2"]))
          )
          source.putNote("n4", "again", 2)
          yield* eachRun(yield* sync(connector, destination), "sync after re-creating n4")
          const again = yield* stored(destination, connector)
          yield* sameRows(
            "after re-creating n4",
            again.rows,
            expectedRows(source, deletes, new Set(["labels/l2"]))
          )
        })
    ),
    check(
      "a full refresh replaces the stream: records gone from the source are removed",
      H.fullRefresh,
      (destination) =>
        Effect.gen(function* () {
          const source = new Source()
          const connector = connectorFor(source)
          yield* sync(connector, destination)
          // gone without a tombstone: only a full refresh can notice
          source.notes.delete("n6")
          yield* eachRun(yield* sync(connector, destination, "full-refresh"), "full refresh")
          const result = yield* stored(destination, connector)
          yield* sameRows(
            "after a full refresh",
            result.rows,
            expectedRows(source, deletes, new Set(["notes/n6"]))
          )
        })
    ),
    check(
      "a new field adds a nullable column and is reported; a changed type fails that stream only",
      H.migration,
      (destination) =>
        Effect.gen(function* () {
          const source = new Source()
          yield* sync(connectorFor(source), destination)
          const events = yield* sync(connectorFor(source, { extra: true }), destination, "full-refresh")
          const migrations = events.flatMap((e) => (e._tag === "Migration" ? [e] : []))
          if (
            migrations.length !== 1 ||
            migrations[0]?.stream !== "notes" ||
            JSON.stringify(migrations[0]?.added) !==
              JSON.stringify([{ name: "pinned", type: "boolean", nullable: true }])
          ) {
            return yield* fail(
              `a Migration event adds pinned (boolean, nullable): ${JSON.stringify(migrations)}`
            )
          }
          yield* eachRun(events, "sync with a new field")
          const before = yield* stored(destination, connectorFor(source))
          source.putNote("n1", "changed", 1)
          const drifted = yield* sync(connectorFor(source, { starsAsText: true }), destination)
          const failed = drifted.flatMap((e) => (e._tag === "Status" && e.status === "failed" ? [e] : []))
          if (
            failed.length !== 1 ||
            failed[0]?.stream !== "notes" ||
            failed[0]?.error.reason !== "schema-drift"
          ) {
            return yield* fail(
              `a column whose type changed fails that stream with schema-drift: ${JSON.stringify(failed.map((f) => [f.stream, f.error.reason]))}`
            )
          }
          if (drifted.some((e) => e._tag === "Record" && e.stream === "notes")) {
            return yield* fail("a stream the destination refused was read anyway")
          }
          if (
            !drifted.some((e) => e._tag === "Status" && e.stream === "labels" && e.status === "completed")
          ) {
            return yield* fail("the other stream completes when one stream's table conflicts")
          }
          const after = yield* stored(destination, connectorFor(source))
          yield* sameRows(
            "notes after a refused schema change",
            after.rows.filter((r) => r.key.startsWith("notes/")),
            before.rows.filter((r) => r.key.startsWith("notes/"))
          )
        })
    ),
    check("two streams and two namespaces are isolated", H.namespaces, (destination) =>
      Effect.gen(function* () {
        const a = new Source()
        const b = new Source()
        b.putNote("only-b", "b", 1)
        yield* Stream.runCollect(
          Sync.run(connectorFor(a), { config, destination, commitEvery, stateKey: "conformance" })
        )
        yield* Stream.runCollect(
          Sync.run(connectorFor(b), { config, destination, commitEvery, stateKey: "other" })
        )
        const result = yield* stored(destination, connectorFor(a))
        if (result.rows.some((r) => r.key === "notes/only-b")) {
          return yield* fail("a sync under another stateKey wrote into this namespace's tables")
        }
        yield* sameRows("namespace conformance", result.rows, expectedRows(a, deletes, new Set()))
      })
    ),
    check(
      "a mapping's entities land in the CX model tables, replaced, deleted and swept with their records",
      H.model,
      (destination) =>
        Effect.gen(function* () {
          const source = new Source()
          const connector = connectorFor(source)
          const reference = Destination.makeMemory({ deletes })
          const run = (target: Destination.Destination, mode?: SourceStream.Mode) =>
            Stream.runCollect(
              Sync.run(connector, {
                config,
                destination: target,
                mapping: toCore,
                commitEvery,
                ...(mode === undefined ? {} : { mode })
              })
            )
          const steps: ReadonlyArray<readonly [string, () => void, SourceStream.Mode | undefined]> = [
            ["first sync", () => {}, undefined],
            [
              "an edit and a deletion",
              () => {
                source.putNote("n2", "renamed", 3)
                source.deleteNote("n3")
              },
              undefined
            ],
            ["a full refresh after a silent removal", () => source.notes.delete("n6"), "full-refresh"]
          ]
          for (const [what, step, mode] of steps) {
            step()
            yield* eachRun(yield* run(destination, mode), what)
            yield* run(reference, mode)
            const actual = yield* modelStored(destination, connector)
            const expected = yield* modelStored(reference, connector)
            if (canonical(actual) !== canonical(expected)) {
              return yield* fail(
                `CX tables after ${what}:\n  stored:   ${canonical(actual)}\n  expected: ${canonical(expected)}`
              )
            }
            const customers = (actual.customers ?? []).length
            if (customers !== source.notes.size) {
              return yield* fail(`after ${what}: ${customers} customers for ${source.notes.size} live notes`)
            }
          }
          const names = (yield* modelStored(destination, connector)).customers?.map(
            (r) => (r as [string, { name?: string }])[1].name
          )
          if (!names?.includes("renamed") || names.includes("note 2")) {
            return yield* fail(`a changed record's entities replace the old ones: ${JSON.stringify(names)}`)
          }
        })
    ),
    check("secrets in the config are never stored", H.secrets, (destination) =>
      Effect.gen(function* () {
        const connector = connectorFor(new Source())
        yield* sync(connector, destination)
        const result = yield* stored(destination, connector)
        if (JSON.stringify(result).includes(secret))
          return yield* fail("the config's secret reached the destination")
        if (destination.location.includes(secret))
          return yield* fail("the secret appears in the destination's location")
      })
    )
  ]
}
