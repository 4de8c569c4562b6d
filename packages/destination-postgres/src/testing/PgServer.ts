/**
 * A throwaway PostgreSQL server for tests, run from the binaries of Debian's `postgresql`
 * package (`/usr/lib/postgresql/<version>/bin`, newest version first; `PATH` is not used).
 *
 * Each server gets a fresh temporary directory (data directory and unix socket), listens on
 * 127.0.0.1 only, on a free port, and has one database and one superuser with a generated
 * password (or `trust` authentication on request). PostgreSQL refuses to run as root: under
 * uid 0 the server binaries run as the `postgres` system user (`runuser -u postgres --`), which
 * the Debian package creates.
 *
 * A server never outlives its process: the postmaster runs under a small shell that holds the
 * read end of a pipe from this process and shuts the server down (fast shutdown) and removes
 * the directory as soon as the pipe closes, which is what `stop` does and what the kernel does
 * when this process exits in any way, `kill -9` included.
 *
 * @module
 * @since 0.1.0
 */
import { type ChildProcess, spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { dirname, join, resolve } from "node:path"
import { Effect, Redacted, Schema, type Scope } from "effect"

/**
 * Why a server could not be started.
 *
 * - `not-installed`: no PostgreSQL server binaries were found; `apt-get install postgresql`.
 * - `no-server-user`: running as root, but there is no `postgres` user to run the server as.
 * - `initdb`: `initdb` failed to create the data directory.
 * - `start`: the server exited, or did not accept connections in time.
 * - `create-database`: the database could not be created.
 *
 * @example
 * ```ts
 * import type { PgServer } from "@cxkit/destination-postgres/testing"
 *
 * const reason: PgServer.Reason = "not-installed"
 * console.log(reason)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Reason = Schema.Literals([
  "not-installed",
  "no-server-user",
  "initdb",
  "start",
  "create-database"
])

/**
 * @since 0.1.0
 * @category models
 */
export type Reason = typeof Reason.Type

/**
 * The error of `PgServer`: a `reason` and a message that says what to do, with the tail of the
 * server's log when it has one. It never contains the password.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { PgServer } from "@cxkit/destination-postgres/testing"
 *
 * const program = Effect.scoped(PgServer.make({ binDir: "/nonexistent" })).pipe(
 *   Effect.catchTag("PgServerError", (error) => Effect.succeed(error.reason))
 * )
 * console.log(await Effect.runPromise(program)) // not-installed
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class PgServerError extends Schema.TaggedError<PgServerError>()("PgServerError", {
  reason: Reason,
  message: Schema.String
}) {}

/**
 * How to start a server. Every field is optional.
 *
 * - `database`: the database to create (default `"cxkit"`).
 * - `user`: the superuser's name (default `"cxkit"`).
 * - `auth`: `"password"` (default: SCRAM with a generated password, over TCP) or `"trust"`.
 * - `binDir`: where `initdb`, `postgres` and `createdb` are (default: the newest
 *   `/usr/lib/postgresql/<version>/bin`, or the `CXKIT_PG_BIN` environment variable).
 * - `settings`: extra server settings, passed as `-c name=value`.
 * - `timeoutMs`: how long the server may take to accept connections (default 30 000).
 *
 * @example
 * ```ts
 * import type { PgServer } from "@cxkit/destination-postgres/testing"
 *
 * const options: PgServer.Options = { database: "sync_test", settings: { max_connections: "20" } }
 * console.log(options.database)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly database?: string
  readonly user?: string
  readonly auth?: "password" | "trust"
  readonly binDir?: string
  readonly settings?: Readonly<Record<string, string>>
  readonly timeoutMs?: number
}

/**
 * A running server: where to connect. `url` and `password` are `Redacted`, so they can be handed
 * to `PgClient.layer({ url })` as they are and never show up in logs; `password` is absent with
 * `auth: "trust"`.
 *
 * @example
 * ```ts
 * import type { PgServer } from "@cxkit/destination-postgres/testing"
 *
 * const describe = (server: PgServer.PgServer) => `${server.user}@${server.host}:${server.port}/${server.database}`
 * console.log(typeof describe)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface PgServer {
  readonly url: Redacted.Redacted<string>
  readonly host: string
  readonly port: number
  readonly database: string
  readonly user: string
  readonly password?: Redacted.Redacted<string>
  /** The server's temporary directory, removed when it stops. */
  readonly dir: string
}

/**
 * A server started with `start`: its connection details and `stop`, which shuts it down and
 * removes its directory (calling it again does nothing).
 *
 * @example
 * ```ts
 * import type { PgServer } from "@cxkit/destination-postgres/testing"
 *
 * const stopAll = (servers: ReadonlyArray<PgServer.Started>) => Promise.all(servers.map((s) => s.stop()))
 * console.log(typeof stopAll)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Started extends PgServer {
  readonly stop: () => Promise<void>
}

const debianRoot = "/usr/lib/postgresql"
const serverBinaries = ["initdb", "postgres", "createdb"] as const

const notInstalled = (where: string) =>
  new PgServerError({
    reason: "not-installed",
    message: `PgServer: no PostgreSQL server binaries (initdb, postgres, createdb) in ${where}; install Debian's postgresql package (apt-get install postgresql)`
  })

const hasBinaries = (dir: string) => serverBinaries.every((name) => existsSync(join(dir, name)))

const findBinDir = (explicit: string | undefined): string => {
  const chosen = explicit ?? process.env.CXKIT_PG_BIN
  if (chosen !== undefined && chosen !== "") {
    if (hasBinaries(chosen)) return chosen
    throw notInstalled(chosen)
  }
  const versions = existsSync(debianRoot)
    ? readdirSync(debianRoot)
        .filter((name) => /^\d+(\.\d+)?$/.test(name))
        .sort((a, b) => Number(b) - Number(a))
    : []
  for (const version of versions) {
    const dir = join(debianRoot, version, "bin")
    if (hasBinaries(dir)) return dir
  }
  throw notInstalled(`${debianRoot}/<version>/bin`)
}

interface ServerUser {
  readonly uid: number
  readonly gid: number
}

// Under root the server runs as Debian's `postgres` user; otherwise as ourselves (undefined).
const serverUser = (): ServerUser | undefined => {
  if (process.getuid?.() !== 0) return undefined
  const entry = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .map((line) => line.split(":"))
    .find((fields) => fields[0] === "postgres")
  if (entry === undefined)
    throw new PgServerError({
      reason: "no-server-user",
      message:
        "PgServer: PostgreSQL refuses to run as root and there is no postgres user to run it as; install Debian's postgresql package (apt-get install postgresql), which creates it, or run the tests as another user"
    })
  return { uid: Number(entry[2]), gid: Number(entry[3]) }
}

const runuser = () =>
  ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"].find((path) => existsSync(path)) ?? "runuser"

// A command line, run as the server user.
const asServerUser = (user: ServerUser | undefined, command: string, args: ReadonlyArray<string>) =>
  user === undefined
    ? { command, args: [...args] }
    : { command: runuser(), args: ["-u", "postgres", "--", command, ...args] }

const tail = (log: string, lines = 15) => log.trimEnd().split("\n").slice(-lines).join("\n")

const run = (command: string, args: ReadonlyArray<string>, cwd: string, signal?: AbortSignal) =>
  new Promise<{ readonly code: number | null; readonly output: string }>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, LC_ALL: "C", LANG: "C" },
      stdio: ["ignore", "pipe", "pipe"],
      ...(signal === undefined ? {} : { signal })
    })
    let output = ""
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()))
    child.on("error", reject)
    child.on("close", (code) => resolve({ code, output }))
  })

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer()
    probe.unref()
    probe.on("error", reject)
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      probe.close(() => resolve(port))
    })
  })

// The keeper: starts the postmaster in the background, and when its stdin (a pipe from this
// process) reaches end of file (stop, or this process died), asks for a fast shutdown and, once
// the postmaster is gone, removes the server's directory. A postmaster that exits by itself
// (a port taken meanwhile) leaves the directory to this process, which retries or removes it.
// Runs as the server user.
const keeper = `
dir=$1; shift
"$@" </dev/null &
pid=$!
trap 'kill -INT "$pid" 2>/dev/null' HUP INT TERM
exec 3<&0
{ while read -r _ <&3; do :; done; : >"$dir/stopping"; kill -INT "$pid" 2>/dev/null; } &
watcher=$!
while :; do
  wait "$pid"; status=$?
  kill -0 "$pid" 2>/dev/null || break
done
if [ -e "$dir/stopping" ]; then rm -rf "$dir"; else kill "$watcher" 2>/dev/null; fi
exit "$status"
`

// Line 8 of postmaster.pid is the postmaster's status; "ready" once it accepts connections
// (what `pg_ctl start -w` waits for).
const isReady = (dataDir: string) => {
  try {
    return readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[7]?.trim() === "ready"
  } catch {
    return false
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once("exit", () => resolve())
  })

// Ends the keeper's pipe and waits for it; a keeper that does not finish in time is killed, and
// the postmaster with it (by the pid it wrote).
const shutDown = async (child: ChildProcess, dataDir: string, dir: string) => {
  child.ref()
  child.stdin?.end()
  const done = exited(child)
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), 15_000)
  })
  const inTime = await Promise.race([done.then(() => true), late])
  clearTimeout(timer)
  if (!inTime) {
    try {
      const pid = Number(readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0])
      if (Number.isInteger(pid) && pid > 0) process.kill(pid, "SIGQUIT")
    } catch {
      // No pid file: the postmaster is already gone.
    }
    child.kill("SIGKILL")
    await done
  }
  rmSync(dir, { recursive: true, force: true })
}

const startIn = async (
  options: Options,
  binDir: string,
  user: ServerUser | undefined,
  dir: string,
  password: string | undefined,
  signal: AbortSignal | undefined
): Promise<Started> => {
  const database = options.database ?? "cxkit"
  const name = options.user ?? "cxkit"
  const dataDir = join(dir, "data")
  const socketDir = join(dir, "socket")
  const initdbArgs = [
    "-D",
    dataDir,
    "-U",
    name,
    "-E",
    "UTF8",
    "--no-locale",
    "--no-sync",
    "--no-instructions",
    "--auth-local=trust"
  ]
  if (password === undefined) initdbArgs.push("--auth-host=trust")
  else {
    const pwfile = join(dir, "pwfile")
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 })
    initdbArgs.push("--auth-host=scram-sha-256", `--pwfile=${pwfile}`)
  }
  if (user !== undefined) for (const path of [dir, join(dir, "pwfile")]) chownIfExists(path, user)
  const initdb = asServerUser(user, join(binDir, "initdb"), initdbArgs)
  const init = await run(initdb.command, initdb.args, dir, signal)
  rmSync(join(dir, "pwfile"), { force: true })
  if (init.code !== 0)
    throw new PgServerError({ reason: "initdb", message: `PgServer: initdb failed\n${tail(init.output)}` })
  // Only the server user may enter the socket directory, so only it (and root) can connect there.
  mkdirSync(socketDir, { mode: 0o700 })
  if (user !== undefined) chownSync(socketDir, user.uid, user.gid)

  const settings: Record<string, string> = {
    listen_addresses: "127.0.0.1",
    unix_socket_directories: socketDir,
    // A throwaway server: durability buys nothing and costs time.
    fsync: "off",
    synchronous_commit: "off",
    full_page_writes: "off",
    shared_buffers: "16MB",
    ...options.settings
  }
  const timeoutMs = options.timeoutMs ?? 30_000
  let lastFailure = ""
  for (let attempt = 0; attempt < 5; attempt++) {
    signal?.throwIfAborted()
    const port = await freePort()
    const postgresArgs = ["-D", dataDir, "-p", String(port)]
    for (const [key, value] of Object.entries(settings)) postgresArgs.push("-c", `${key}=${value}`)
    const keeperCommand = asServerUser(user, "/bin/sh", [
      "-c",
      keeper,
      "cxkit-pg-keeper",
      dir,
      join(binDir, "postgres"),
      ...postgresArgs
    ])
    const child = spawn(keeperCommand.command, keeperCommand.args, {
      cwd: dir,
      env: { ...process.env, LC_ALL: "C", LANG: "C" },
      stdio: ["pipe", "ignore", "pipe"]
    })
    let log = ""
    child.stderr?.on("data", (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-16_384)
    })
    child.on("error", (error) => {
      log += `\n${error.message}`
    })
    const deadline = Date.now() + timeoutMs
    while (!isReady(dataDir) && child.exitCode === null && child.signalCode === null) {
      if (Date.now() > deadline || signal?.aborted === true) break
      await sleep(20)
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      lastFailure = log
      // Another process took the port between the probe and the bind: try another one.
      if (/could not bind|address already in use/i.test(log)) continue
      break
    }
    if (!isReady(dataDir)) {
      await shutDown(child, dataDir, dir)
      signal?.throwIfAborted()
      throw new PgServerError({
        reason: "start",
        message: `PgServer: the server did not accept connections within ${timeoutMs} ms\n${tail(log)}`
      })
    }
    const stop = once(() => shutDown(child, dataDir, dir))
    try {
      const createdb = await run(
        join(binDir, "createdb"),
        ["-h", socketDir, "-p", String(port), "-U", name, "--", database],
        dir,
        signal
      )
      if (createdb.code !== 0)
        throw new PgServerError({
          reason: "create-database",
          message: `PgServer: createdb ${database} failed\n${tail(createdb.output)}`
        })
    } catch (error) {
      await stop()
      throw error
    }
    // The server must not keep this process alive: at exit the pipe closes and it shuts down.
    child.unref()
    ;(child.stdin as { unref?: () => void } | null)?.unref?.()
    ;(child.stderr as { unref?: () => void } | null)?.unref?.()
    const credentials = password === undefined ? "" : `:${encodeURIComponent(password)}`
    return {
      url: Redacted.make(
        `postgres://${encodeURIComponent(name)}${credentials}@127.0.0.1:${port}/${encodeURIComponent(database)}`
      ),
      host: "127.0.0.1",
      port,
      database,
      user: name,
      ...(password === undefined ? {} : { password: Redacted.make(password) }),
      dir,
      stop
    }
  }
  rmSync(dir, { recursive: true, force: true })
  throw new PgServerError({ reason: "start", message: `PgServer: the server exited\n${tail(lastFailure)}` })
}

const chownIfExists = (path: string, user: ServerUser) => {
  if (existsSync(path)) chownSync(path, user.uid, user.gid)
}

const once = (f: () => Promise<void>) => {
  let result: Promise<void> | undefined
  return () => {
    result ??= f()
    return result
  }
}

// Under root, the postgres user must be able to reach the server's directory: a TMPDIR it cannot
// traverse (such as one under /root) gives way to /tmp.
const baseDir = (user: ServerUser | undefined) => {
  const base = tmpdir()
  if (user === undefined) return base
  let path = resolve(base)
  while (true) {
    if ((statSync(path).mode & 0o001) === 0) return "/tmp"
    if (dirname(path) === path) return base
    path = dirname(path)
  }
}

const toError = (error: unknown): PgServerError =>
  error instanceof PgServerError
    ? error
    : new PgServerError({
        reason: "start",
        message: `PgServer: ${error instanceof Error ? error.message : String(error)}`
      })

const startWith = async (options: Options, signal?: AbortSignal): Promise<Started> => {
  const binDir = findBinDir(options.binDir)
  const user = serverUser()
  const password =
    (options.auth ?? "password") === "password" ? randomBytes(18).toString("base64url") : undefined
  const dir = mkdtempSync(join(baseDir(user), "cxkit-pg-"))
  try {
    return await startIn(options, binDir, user, dir, password, signal)
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw toError(error)
  }
}

/**
 * Starts a server for callers outside Effect (scripts, examples, child processes). Rejects with
 * a `PgServerError`. Call `stop` when done; a server that is never stopped still shuts down when
 * this process exits, and does not keep it alive.
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { PgServer } from "@cxkit/destination-postgres/testing"
 *
 * const server = await PgServer.start({ database: "example" })
 * console.log(server.host, server.database, Redacted.value(server.url).startsWith("postgres://")) // 127.0.0.1 example true
 * await server.stop()
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const start = (options: Options = {}): Promise<Started> => startWith(options)

/**
 * Starts a server for the life of the enclosing `Scope`: closing the scope stops it and removes
 * its directory. Interrupting the start cleans up too.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { PgServer } from "@cxkit/destination-postgres/testing"
 *
 * const program = Effect.scoped(
 *   Effect.gen(function* () {
 *     const server = yield* PgServer.make({ auth: "trust" })
 *     return `${server.host} ${server.database} ${server.password === undefined}`
 *   })
 * )
 * console.log(await Effect.runPromise(program)) // 127.0.0.1 cxkit true
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<PgServer, PgServerError, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(
      Effect.tryPromise({ try: (signal) => startWith(options, signal), catch: toError }),
      (server) => Effect.promise(() => server.stop())
    ),
    ({ stop: _, ...server }) => server
  )
