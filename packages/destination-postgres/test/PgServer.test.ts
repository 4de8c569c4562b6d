import { spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { connect } from "node:net"
import { fileURLToPath } from "node:url"
import { PgClient } from "@effect/sql-pg"
import { assert, describe, expect, it } from "@effect/vitest"
import { Config, ConfigProvider, Effect, Exit, Layer, Redacted, Scope } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { PgServer } from "../src/testing.ts"

const timeout = { timeout: 60_000 }

const clientFor = (server: PgServer.PgServer) => PgClient.layer({ url: server.url })

// Resolves true when something accepts a TCP connection on 127.0.0.1:port.
const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: "127.0.0.1", port })
    socket.once("connect", () => {
      socket.destroy()
      resolve(true)
    })
    socket.once("error", () => resolve(false))
  })

const waitUntil = async (condition: () => Promise<boolean> | boolean, ms = 10_000) => {
  const deadline = Date.now() + ms
  while (!(await condition())) {
    if (Date.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return true
}

describe("PgServer", () => {
  it.live(
    "starts a server that answers queries through SqlClient",
    () =>
      Effect.gen(function* () {
        const server = yield* PgServer.make({ database: "cx_test", user: "cx_user" })
        expect(server.host).toBe("127.0.0.1")
        expect(server.password).toBeDefined()
        const rows = yield* Effect.gen(function* () {
          const sql = yield* SqlClient
          return yield* sql<{
            db: string
            who: string
            addr: string
            port: number
          }>`SELECT current_database() AS db, current_user AS who, host(inet_server_addr()) AS addr, inet_server_port() AS port`
        }).pipe(Effect.provide(clientFor(server)))
        expect(rows).toEqual([{ db: "cx_test", who: "cx_user", addr: "127.0.0.1", port: server.port }])
      }),
    timeout
  )

  it.live(
    "rolls a failed transaction back",
    () =>
      Effect.gen(function* () {
        const server = yield* PgServer.make()
        const count = yield* Effect.gen(function* () {
          const sql = yield* SqlClient
          yield* sql`CREATE TABLE visits (id int PRIMARY KEY)`
          const failed = yield* sql
            .withTransaction(
              Effect.gen(function* () {
                yield* sql`INSERT INTO visits ${sql.insert([{ id: 1 }, { id: 2 }])}`
                return yield* Effect.fail("abandon" as const)
              })
            )
            .pipe(Effect.exit)
          expect(Exit.isFailure(failed)).toBe(true)
          yield* sql.withTransaction(sql`INSERT INTO visits ${sql.insert({ id: 3 })}`)
          return yield* sql<{ ids: string }>`SELECT string_agg(id::text, ',') AS ids FROM visits`
        }).pipe(Effect.provide(clientFor(server)))
        expect(count).toEqual([{ ids: "3" }])
      }),
    timeout
  )

  it.live(
    "runs two servers side by side, each with its own data",
    () =>
      Effect.gen(function* () {
        const [a, b] = yield* Effect.all([PgServer.make(), PgServer.make()], { concurrency: 2 })
        expect(a.port).not.toBe(b.port)
        expect(a.dir).not.toBe(b.dir)
        yield* Effect.gen(function* () {
          const sql = yield* SqlClient
          yield* sql`CREATE TABLE only_in_a (x int)`
        }).pipe(Effect.provide(clientFor(a)))
        const inB = yield* Effect.gen(function* () {
          const sql = yield* SqlClient
          return yield* sql<{ t: string | null }>`SELECT to_regclass('only_in_a')::text AS t`
        }).pipe(Effect.provide(clientFor(b)))
        expect(inB).toEqual([{ t: null }])
      }),
    timeout
  )

  it.live(
    "is gone once its scope closes: port refused, directory removed",
    () =>
      Effect.gen(function* () {
        const scope = yield* Scope.make()
        const server = yield* PgServer.make().pipe(Scope.provide(scope))
        expect(yield* Effect.promise(() => accepts(server.port))).toBe(true)
        expect(existsSync(server.dir)).toBe(true)
        yield* Scope.close(scope, Exit.void)
        expect(yield* Effect.promise(() => accepts(server.port))).toBe(false)
        expect(existsSync(server.dir)).toBe(false)
      }),
    timeout
  )

  it.live(
    "connects through PgClient.layerConfig",
    () =>
      Effect.gen(function* () {
        const server = yield* PgServer.make()
        const env = ConfigProvider.layer(
          ConfigProvider.fromEnvRecord({ DATABASE_URL: Redacted.value(server.url) })
        )
        const rows = yield* Effect.gen(function* () {
          const sql = yield* SqlClient
          return yield* sql<{ one: number }>`SELECT 1 AS one`
        }).pipe(
          Effect.provide(
            PgClient.layerConfig({ url: Config.Redacted("DATABASE_URL") }).pipe(Layer.provide(env))
          )
        )
        expect(rows).toEqual([{ one: 1 }])
      }),
    timeout
  )

  it.live(
    "accepts any client on loopback with auth: trust",
    () =>
      Effect.gen(function* () {
        const server = yield* PgServer.make({ auth: "trust" })
        expect(server.password).toBeUndefined()
        expect(Redacted.value(server.url)).toBe(`postgres://cxkit@127.0.0.1:${server.port}/cxkit`)
        const rows = yield* Effect.gen(function* () {
          const sql = yield* SqlClient
          return yield* sql<{ who: string }>`SELECT current_user AS who`
        }).pipe(Effect.provide(PgClient.layer({ host: server.host, port: server.port, username: "cxkit" })))
        expect(rows).toEqual([{ who: "cxkit" }])
      }),
    timeout
  )

  it.live("fails with not-installed, saying how to install, when there are no binaries", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(PgServer.make({ binDir: "/nonexistent/bin" }))
      assert.strictEqual(error._tag, "PgServerError")
      assert.strictEqual(error.reason, "not-installed")
      expect(error.message).toContain("apt-get install postgresql")
    })
  )

  it("start and stop work without Effect", timeout, async () => {
    const server = await PgServer.start()
    expect(await accepts(server.port)).toBe(true)
    await server.stop()
    await server.stop()
    expect(await accepts(server.port)).toBe(false)
    expect(existsSync(server.dir)).toBe(false)
  })

  it("does not outlive a process that is killed with SIGKILL", timeout, async () => {
    const testing = fileURLToPath(new URL("../src/testing.ts", import.meta.url))
    const script = `import { PgServer } from ${JSON.stringify(testing)}
const server = await PgServer.start()
console.log(JSON.stringify({ port: server.port, dir: server.dir }))
setInterval(() => {}, 1000)`
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "inherit"]
    })
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString()))
      child.once("exit", (code) => reject(new Error(`child exited with ${code}`)))
    })
    const { port, dir } = JSON.parse(line) as { port: number; dir: string }
    expect(await accepts(port)).toBe(true)
    child.kill("SIGKILL")
    expect(await waitUntil(async () => !(await accepts(port)) && !existsSync(dir))).toBe(true)
  })
})

// What the PostgreSQL destination can rely on from @effect/sql-pg 4.0.5, checked on a real server.
describe("@effect/sql-pg 4.0.5 against PgServer", () => {
  it.live(
    "maps timestamptz, jsonb, bigint, numeric and boolean",
    () =>
      Effect.gen(function* () {
        const server = yield* PgServer.make()
        const rows = yield* Effect.gen(function* () {
          const sql = yield* PgClient.PgClient
          yield* sql`CREATE TABLE t (at timestamptz, doc jsonb, big bigint, dec numeric, ok boolean, n int)`
          yield* sql`INSERT INTO t ${sql.insert({
            at: new Date("2024-03-10T08:00:00.123Z"),
            doc: sql.json({ tags: ["a"], score: 9 }),
            big: 9007199254740993n,
            dec: "12.50",
            ok: true,
            n: 7
          })}`
          // Strings bind untyped, so PostgreSQL parses them for the column's type.
          yield* sql`INSERT INTO t ${sql.insert({
            at: "2024-03-10T09:00:00+01:00",
            doc: JSON.stringify({ tags: [] }),
            big: "42",
            dec: 1.5,
            ok: false,
            n: 8
          })}`
          return yield* sql`SELECT * FROM t ORDER BY n`
        }).pipe(Effect.provide(clientFor(server)))
        expect(rows).toEqual([
          {
            at: new Date("2024-03-10T08:00:00.123Z"),
            doc: { tags: ["a"], score: 9 },
            big: 9007199254740993n,
            dec: "12.50",
            ok: true,
            n: 7
          },
          {
            at: new Date("2024-03-10T08:00:00.000Z"),
            doc: { tags: [] },
            big: 42n,
            dec: "1.5",
            ok: false,
            n: 8
          }
        ])
      }),
    timeout
  )

  it.live(
    "refuses a plain object parameter (jsonb needs sql.json)",
    () =>
      Effect.gen(function* () {
        const server = yield* PgServer.make()
        const error = yield* Effect.gen(function* () {
          const sql = yield* SqlClient
          yield* sql`CREATE TABLE t (doc jsonb)`
          return yield* Effect.flip(sql`INSERT INTO t ${sql.insert({ doc: { a: 1 } })}`)
        }).pipe(Effect.provide(clientFor(server)))
        expect(error._tag).toBe("SqlError")
      }),
    timeout
  )

  it.live(
    "inserts many rows with one sql.insert, up to 32767 parameters per statement",
    () =>
      Effect.gen(function* () {
        const server = yield* PgServer.make()
        const result = yield* Effect.gen(function* () {
          const sql = yield* SqlClient
          yield* sql`CREATE TABLE r (id int, name text, at timestamptz)`
          const rows = (n: number): [{ id: number; name: string; at: Date }] =>
            Array.from({ length: n }, (_, i) => ({ id: i, name: `n${i}`, at: new Date(i * 1000) })) as [
              { id: number; name: string; at: Date }
            ]
          // 10922 rows x 3 columns = 32766 parameters. The driver encodes the Bind parameter
          // count as a signed int16, so 32767 is its limit (PostgreSQL itself allows 65535).
          yield* sql`INSERT INTO r ${sql.insert(rows(10_922))}`
          const tooMany = yield* Effect.flip(sql`INSERT INTO r ${sql.insert(rows(10_923))}`)
          const [count] = yield* sql<{ n: string }>`SELECT count(*)::text AS n FROM r`
          return {
            count: count?.n,
            reason: tooMany.reason._tag,
            cause: String(tooMany.reason.cause)
          }
        }).pipe(Effect.provide(clientFor(server)))
        expect(result).toEqual({
          count: "10922",
          reason: "UnknownError",
          cause: "PgProtocolEncodeError: Bind parameter count exceeds 32767: 32769"
        })
      }),
    timeout
  )

  it.live(
    "fails with a typed ConnectionError on the first query when nothing listens, without the password",
    () =>
      Effect.gen(function* () {
        const password = "secret-password-0815"
        // The pool connects lazily: building the layer succeeds, the first statement fails.
        const error = yield* Effect.flip(
          Effect.gen(function* () {
            const sql = yield* SqlClient
            return yield* sql`SELECT 1`
          }).pipe(
            Effect.provide(
              PgClient.layer({
                url: Redacted.make(`postgres://cxkit:${password}@127.0.0.1:1/cxkit`),
                connectTimeout: "2 seconds"
              })
            )
          )
        )
        expect(error._tag).toBe("SqlError")
        expect(error.reason._tag).toBe("ConnectionError")
        expect(error.isRetryable).toBe(true)
        expect(error.message).not.toContain(password)
        expect(JSON.stringify(error)).not.toContain(password)
        expect(String(error.reason.cause)).not.toContain(password)
      }),
    timeout
  )

  it.live(
    "fails with a typed AuthenticationError for a wrong password, without the password",
    () =>
      Effect.gen(function* () {
        const server = yield* PgServer.make()
        const wrong = "wrong-password-4711"
        const error = yield* Effect.flip(
          Effect.gen(function* () {
            const sql = yield* SqlClient
            return yield* sql`SELECT 1`
          }).pipe(
            Effect.provide(
              PgClient.layer({
                host: server.host,
                port: server.port,
                database: server.database,
                username: server.user,
                password: Redacted.make(wrong)
              })
            )
          )
        )
        expect(error.reason._tag).toBe("AuthenticationError")
        expect(error.message).not.toContain(wrong)
        expect(JSON.stringify(error)).not.toContain(wrong)
      }),
    timeout
  )
})
