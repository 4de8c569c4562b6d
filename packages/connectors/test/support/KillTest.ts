// The kill test of a destination, shared by every backend: a child process (`kill-child.ts`)
// syncs the reference connector's contacts from a loopback mock server (in this process) into the
// destination and is killed with SIGKILL at seeded random points, then resumed by spawning it
// again; a last run goes to the end. After every kill the destination must hold exactly what its
// committed state covers: each run's source snapshot up to the committed cursor, applied over the
// previous runs', none lost, none twice, deletions applied. Between runs the source changes
// (edits, deletions of synced and unsynced records, inserts), as a live source does; during a run
// it holds still, which is what makes the expectation exact.
import { spawn } from "node:child_process"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { createInterface } from "node:readline"
import { type ConnectorError, Destination, type Sync } from "@cxkit/connectors"
import { Effect, Option, Schedule, type Scope, Stream } from "effect"
import * as MockServer from "../../src/testing/MockServer.ts"
import * as ReferenceConnector from "../../src/testing/ReferenceConnector.ts"

/** A destination a child can build: a module exporting `make(options)`, and those options (JSON). */
export interface Backend {
  readonly module: string
  readonly options: unknown
}

/** What a child is asked to do (JSON in its `CXKIT_KILL_CHILD` environment variable). */
export interface ChildJob {
  readonly destination: Backend
  readonly baseUrl: string
  readonly token: string
  readonly pageSize: number
}

export interface Options {
  readonly destination: Backend
  readonly records: number
  readonly pageSize: number
  readonly kills: number
  readonly seed: number
  /** The most pages a child commits before its kill is armed (default 8). */
  readonly maxCommitsBeforeKill?: number | undefined
}

/**
 * Where a kill is aimed: `delayMs` after the child's `commits`-th commit (0: once it is ready),
 * or `delayMs` after the transaction of its next page starts (`apply`).
 */
export interface KillPoint {
  readonly after: "commit" | "apply"
  readonly commits: number
  readonly delayMs: number
}

/** One killed run and what the destination held afterwards. */
export interface Kill extends KillPoint {
  /** Commits the child reported before it died. */
  readonly reportedCommits: number
  /** Whether it died inside a page's transaction (it had said `apply`, not yet `commit`). */
  readonly diedApplying: boolean
  /** Whether the destination's state is past the last commit the child reported (it died after committing, before saying so). */
  readonly committedUnreported: boolean
  /** The committed cursor (the `updatedAt` high-water mark) read back after the kill. */
  readonly committedCursor: number | null
  readonly liveRows: number
  readonly deletedRows: number
  readonly runMs: number
  readonly checkMs: number
}

export interface Report {
  readonly kills: ReadonlyArray<Kill>
  /** Children that finished before their kill fired (runs, not kills). */
  readonly finishedEarly: number
  /** Failed opens that were retried (a file a killed child still locked), in children and here. */
  readonly openRetries: number
  readonly final: { readonly liveRows: number; readonly deletedRows: number; readonly runMs: number }
  /** How the source changed between runs, and how many of its deletions hit records already synced. */
  readonly changes: {
    readonly edits: number
    readonly deletions: number
    readonly syncedDeletions: number
    readonly inserts: number
  }
  readonly source: { readonly live: number; readonly tombstones: number }
  /** The mean time of a page (between two commits) over the children that made two or more. */
  readonly pageMs: number
  readonly totalMs: number
}

const path = "/v1/contacts"
const token = "kill-test-token"
const stream = "contacts"
const childScript = new URL("./kill-child.ts", import.meta.url)
// The children's compiled code is cached across spawns: a child starts in about half the time.
const compileCache = join(tmpdir(), "cxkit-kill-test-compile-cache")

/** mulberry32: a small seeded generator, so the kill schedule is the same on every run. */
const random = (seed: number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

type Make = (
  options: unknown
) => Effect.Effect<Destination.Destination, ConnectorError.ConnectorError, Scope.Scope>

/**
 * Opens a backend's destination. A killed process's DuckDB file lock goes with the process, so
 * an open should never fail here; should one fail all the same (a lock not yet released), it is
 * retried every 100 ms for up to 3 s and `onRetry` hears of every failed attempt, which the
 * report counts. Used by the child and by the read-back here.
 */
export const openDestination = (
  backend: Backend,
  onRetry: (message: string) => void
): Effect.Effect<Destination.Destination, ConnectorError.ConnectorError, Scope.Scope> =>
  Effect.flatMap(
    Effect.promise(() => import(backend.module) as Promise<{ readonly make: Make }>),
    ({ make }) =>
      make(backend.options).pipe(
        Effect.tapError((error) => Effect.sync(() => onRetry(error.message))),
        Effect.retry({ schedule: Schedule.spaced("100 millis"), times: 30 })
      )
  )

/** A record as comparable text: its fields in name order (PostgreSQL's jsonb reorders them), `_deleted` left out. */
const canonical = (record: unknown): string => {
  const fields = record as Record<string, unknown>
  return JSON.stringify(
    Object.keys(fields)
      .filter((k) => k !== "_deleted")
      .sort()
      .map((k) => [k, fields[k]])
  )
}

const readBack = (backend: Backend, onRetry: (message: string) => void) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const destination = yield* openDestination(backend, onRetry)
        const catalog = yield* Destination.catalog(
          ReferenceConnector.connector.id,
          ReferenceConnector.connector.streams
        )
        const session = yield* destination.open(catalog)
        const committed = yield* session.load(stream)
        const rows = yield* Stream.runCollect(session.rows(stream, { includeDeleted: true }))
        const state = Option.match(committed, {
          onNone: () => undefined,
          onSome: (c) => c.state as Sync.StreamState
        })
        return { state, rows }
      })
    )
  )

interface ChildOutcome {
  readonly signal: NodeJS.Signals | null
  readonly code: number | null
  readonly commits: number
  readonly lastCursor: number | null
  readonly lastLine: string
  readonly done: boolean
  readonly openRetries: number
  readonly stderr: string
  readonly ms: number
  readonly pagesMs: number
}

/** Spawns a child; with `kill`, sends it SIGKILL at that point. */
const runChild = (job: ChildJob, kill: KillPoint | undefined) =>
  new Promise<ChildOutcome>((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, [childScript.pathname], {
      env: { ...process.env, CXKIT_KILL_CHILD: JSON.stringify(job), NODE_COMPILE_CACHE: compileCache },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let commits = 0
    let applies = 0
    let firstCommitAt = 0
    let lastCommitAt = 0
    let lastCursor: number | null = null
    let lastLine = ""
    let done = false
    let openRetries = 0
    let stderr = ""
    let timer: ReturnType<typeof setTimeout> | undefined
    const arm = () => {
      timer ??= setTimeout(() => child.kill("SIGKILL"), kill?.delayMs ?? 0)
    }
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (line.startsWith("open-retry ")) {
        openRetries++
        return
      }
      lastLine = line
      if (line === "ready") {
        if (kill?.after === "commit" && kill.commits === 0) arm()
      } else if (line === "apply") {
        applies++
        if (kill?.after === "apply" && applies === kill.commits + 1) arm()
      } else if (line.startsWith("commit ")) {
        commits++
        lastCommitAt = performance.now()
        if (commits === 1) firstCommitAt = lastCommitAt
        lastCursor = JSON.parse(line.slice("commit ".length)) as number | null
        if (kill?.after === "commit" && commits === kill.commits) arm()
      } else if (line === "done") done = true
    })
    child.once("error", reject)
    child.once("close", (code, signal) => {
      if (timer !== undefined) clearTimeout(timer)
      resolve({
        code,
        signal,
        commits,
        lastCursor,
        lastLine,
        done,
        openRetries,
        stderr,
        ms: performance.now() - started,
        pagesMs: commits > 1 ? lastCommitAt - firstCommitAt : 0
      })
    })
  })

/**
 * Runs the kill test; resolves with what happened, rejects with the first violation (what was
 * expected, what was found, where).
 */
export const run = async (options: Options): Promise<Report> => {
  const startedAt = performance.now()
  const rng = random(options.seed)
  const maxCommits = options.maxCommitsBeforeKill ?? 8
  const id = (n: number) => `c${String(n).padStart(7, "0")}`
  // Every 37th record is a tombstone from the start: a deletion of a record never synced.
  const records = Array.from({ length: options.records }, (_, i) => ({
    id: id(i),
    name: `Contact ${i}`,
    email: `contact${i}@example.com`,
    updatedAt: 1_000 + i,
    ...(i % 37 === 36 ? { _deleted: true } : {})
  }))
  const live = new Set(records.filter((r) => r._deleted !== true).map((r) => r.id))
  const server = await MockServer.start({
    auth: { _tag: "Bearer", token },
    resources: {
      [path]: {
        stream,
        records,
        primaryKey: "id",
        cursorField: "updatedAt",
        pageSize: options.pageSize,
        supportsDeletes: true
      }
    }
  })
  const job: ChildJob = {
    destination: options.destination,
    baseUrl: server.url,
    token,
    pageSize: options.pageSize
  }
  let openRetries = 0
  const onRetry = () => void openRetries++
  let pages = 0
  let pagesMs = 0

  // What the destination must hold (key → record as comparable text, deletion mark) and the
  // cursor up to which it holds it.
  const expected = new Map<string, { readonly record: string; readonly deleted: boolean }>()
  let covered: number | null = null
  const changes = { edits: 0, deletions: 0, syncedDeletions: 0, inserts: 0 }
  let inserted = 0

  /** Edits, deletes and inserts a few records; each moves past every other record's cursor. */
  const changeSource = () => {
    for (let i = 0; i < 2; i++) {
      const key = id(Math.floor(rng() * options.records))
      if (!live.has(key)) continue
      server.touch(path, key, { name: `Edited ${key} #${changes.edits}` })
      changes.edits++
    }
    // one deletion of a record the destination holds (when it holds one), one anywhere
    const held = [...expected].filter(([, s]) => !s.deleted).map(([key]) => key)
    const pick = held.length > 0 ? held[Math.floor(rng() * held.length)] : undefined
    for (const key of [pick, id(Math.floor(rng() * options.records))]) {
      if (key === undefined || !live.has(key)) continue
      server.remove(path, key)
      live.delete(key)
      changes.deletions++
      if (expected.get(key)?.deleted === false) changes.syncedDeletions++
    }
    const key = `n${String(inserted++).padStart(7, "0")}`
    const cursor = server.nextCursor(path) as number
    server.upsert(path, { id: key, name: `New ${key}`, email: `${key}@example.com`, updatedAt: cursor })
    live.add(key)
    changes.inserts++
  }

  /** Folds a run over `snapshot` (the source as that run saw it) into the expectation, up to `upTo`. */
  const advance = (snapshot: ReadonlyArray<MockServer.Fixture>, upTo: number | null) => {
    if (upTo === null) return
    for (const record of snapshot) {
      const at = record.updatedAt as number
      if ((covered !== null && at <= covered) || at > upTo) continue
      const key = record.id as string
      if (record._deleted === true) {
        const held = expected.get(key)
        if (held !== undefined && !held.deleted) expected.set(key, { record: held.record, deleted: true })
      } else expected.set(key, { record: canonical(record), deleted: false })
    }
    covered = upTo
  }

  /**
   * After a run over `snapshot`: reads the destination back, moves the expectation to its
   * committed cursor and compares; throws on any difference.
   */
  const check = async (label: string, outcome: ChildOutcome, snapshot: ReadonlyArray<MockServer.Fixture>) => {
    const started = performance.now()
    if (outcome.code !== 0 && outcome.signal !== "SIGKILL") {
      throw new Error(`${label}: the child exited with ${outcome.code ?? outcome.signal}:\n${outcome.stderr}`)
    }
    openRetries += outcome.openRetries
    if (outcome.commits > 1) {
      pages += outcome.commits - 1
      pagesMs += outcome.pagesMs
    }
    const { state, rows } = await readBack(options.destination, onRetry)
    const cursor = state?.cursor?.value
    const committed = typeof cursor === "number" ? cursor : null
    const problems: Array<string> = []
    const reported = outcome.lastCursor
    if (reported !== null && (committed === null || committed < reported)) {
      problems.push(
        `the child reported a commit at cursor ${reported}; the destination's state is at ${committed}`
      )
    }
    if (covered !== null && (committed === null || committed < covered)) {
      problems.push(`the committed cursor went back from ${covered} to ${committed}`)
    }
    advance(snapshot, committed)
    const seen = new Set<string>()
    let liveRows = 0
    let deletedRows = 0
    for (const row of rows) {
      if (seen.has(row.key)) problems.push(`key ${row.key} is stored twice`)
      seen.add(row.key)
      if (row.deleted) deletedRows++
      else liveRows++
      const want = expected.get(row.key)
      const got = canonical(row.record)
      if (want === undefined)
        problems.push(`key ${row.key} is stored (deleted: ${row.deleted}) but not covered`)
      else if (want.deleted !== row.deleted || want.record !== got) {
        problems.push(
          `key ${row.key}: expected ${want.record} (deleted: ${want.deleted}), found ${got} (deleted: ${row.deleted})`
        )
      }
    }
    for (const [key, want] of expected) {
      if (!seen.has(key)) problems.push(`key ${key} (${want.record}, deleted: ${want.deleted}) is missing`)
    }
    if (problems.length > 0) {
      throw new Error(
        `${label}: ${problems.length} violation(s); committed cursor ${committed}, last reported ${reported}, last line "${outcome.lastLine}":\n${problems.slice(0, 20).join("\n")}`
      )
    }
    return {
      state,
      rows,
      committed,
      liveRows,
      deletedRows,
      checkMs: performance.now() - started
    }
  }

  try {
    const kills: Array<Kill> = []
    let finishedEarly = 0
    for (let run = 1; kills.length < options.kills; run++) {
      if (run > 1) changeSource()
      const snapshot = server.records(path)
      const point: KillPoint = {
        after: rng() < 0.5 ? "commit" : "apply",
        commits: Math.floor(rng() * (maxCommits + 1)),
        delayMs: 0
      }
      // after a commit: anywhere in the next page (fetch, decode, transaction); after `apply`:
      // inside the transaction or just past it
      const aimed = { ...point, delayMs: Math.floor(rng() * (point.after === "commit" ? 150 : 40)) }
      const label = `run ${run} (kill ${aimed.delayMs} ms after ${aimed.after} ${aimed.after === "commit" ? aimed.commits : aimed.commits + 1})`
      const before = covered ?? Number.NEGATIVE_INFINITY
      const outcome = await runChild(job, aimed)
      const result = await check(label, outcome, snapshot)
      if (outcome.signal !== "SIGKILL") finishedEarly++
      else {
        kills.push({
          ...aimed,
          reportedCommits: outcome.commits,
          diedApplying: outcome.lastLine === "apply",
          committedUnreported: (result.committed ?? before) > Math.max(before, outcome.lastCursor ?? before),
          committedCursor: result.committed,
          liveRows: result.liveRows,
          deletedRows: result.deletedRows,
          runMs: outcome.ms,
          checkMs: result.checkMs
        })
      }
    }
    changeSource()
    const snapshot = server.records(path)
    const outcome = await runChild(job, undefined)
    if (outcome.code === 0 && !outcome.done)
      throw new Error(`the final run did not finish:\n${outcome.stderr}`)
    const result = await check("the final run", outcome, snapshot)
    if (result.state?.complete !== true) throw new Error("the final run: the committed state is not complete")
    // And independently of the expectation: the live rows are exactly the source's live records.
    const sourceLive = new Map(
      snapshot.filter((r) => r._deleted !== true).map((r) => [r.id as string, canonical(r)])
    )
    const liveRows = result.rows.filter((r) => !r.deleted)
    const wrong = liveRows.filter((r) => sourceLive.get(r.key) !== canonical(r.record)).map((r) => r.key)
    if (liveRows.length !== sourceLive.size || wrong.length > 0) {
      throw new Error(
        `the final run: ${liveRows.length} live rows for ${sourceLive.size} live source records; differing: ${wrong.slice(0, 5).join(", ")}`
      )
    }
    return {
      kills,
      finishedEarly,
      openRetries,
      final: { liveRows: result.liveRows, deletedRows: result.deletedRows, runMs: outcome.ms },
      changes,
      source: { live: sourceLive.size, tombstones: snapshot.length - sourceLive.size },
      pageMs: pages === 0 ? 0 : pagesMs / pages,
      totalMs: performance.now() - startedAt
    }
  } finally {
    await server.close()
  }
}

/** The report in a few lines, for the test log. */
export const summary = (backend: string, report: Report): string => {
  const kills = report.kills
  const applying = kills.filter((k) => k.diedApplying)
  const mean = (xs: ReadonlyArray<number>) =>
    xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length
  return [
    `${backend} kill test: ${kills.length} SIGKILLs (${applying.length} inside a page's transaction, ` +
      `${applying.filter((k) => k.committedUnreported).length} of them just after its commit; ` +
      `${kills.filter((k) => k.reportedCommits === 0).length} before the run's first commit), ` +
      `${report.finishedEarly} runs finished early, ${report.openRetries} open retries`,
    `  committed cursor after each kill: ${kills.map((k) => k.committedCursor ?? "-").join(" ")}`,
    `  source: ${report.source.live} live records, ${report.source.tombstones} tombstones; changes between runs: ` +
      `${report.changes.edits} edits, ${report.changes.deletions} deletions (${report.changes.syncedDeletions} of synced records), ${report.changes.inserts} inserts`,
    `  final: ${report.final.liveRows} live rows, ${report.final.deletedRows} soft-deleted; ` +
      `mean killed run ${mean(kills.map((k) => k.runMs)).toFixed(0)} ms, mean check ${mean(kills.map((k) => k.checkMs)).toFixed(0)} ms, ` +
      `final run ${report.final.runMs.toFixed(0)} ms, page ${report.pageMs.toFixed(0)} ms, total ${(report.totalMs / 1000).toFixed(1)} s`
  ].join("\n")
}

/** What every backend's kill test asserts of its report, beyond the per-resume checks `run` makes. */
export const assertComplete = (report: Report, kills: number): void => {
  if (report.kills.length !== kills) throw new Error(`${report.kills.length} kills, expected ${kills}`)
  if (report.final.liveRows !== report.source.live) {
    throw new Error(
      `${report.final.liveRows} live rows after the last run, the source has ${report.source.live}`
    )
  }
  if (report.final.deletedRows !== report.changes.syncedDeletions) {
    throw new Error(
      `${report.final.deletedRows} soft-deleted rows, expected ${report.changes.syncedDeletions}`
    )
  }
  // the kills landed both inside page transactions and between them
  if (!report.kills.some((k) => k.diedApplying) || !report.kills.some((k) => !k.diedApplying)) {
    throw new Error("the kills did not land both inside and between page transactions")
  }
}
