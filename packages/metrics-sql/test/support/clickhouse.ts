// A throwaway ClickHouse server from Debian's clickhouse-server package (18.16 on Debian 12),
// started on a free loopback port in a temporary directory, and a Warehouse over it through the
// official @clickhouse/client (HTTP). The server's binary is /usr/sbin/clickhouse-server, or
// CXKIT_CLICKHOUSE_SERVER.
import { type ChildProcess, spawn } from "node:child_process"
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type ClickHouseClient, createClient } from "@clickhouse/client"
import { SqlDialect, Warehouse } from "@cxkit/metrics-sql"
import { Effect } from "effect"
import * as SqlError from "effect/sql/SqlError"

const binary = process.env.CXKIT_CLICKHOUSE_SERVER ?? "/usr/sbin/clickhouse-server"

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() =>
        typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))
      )
    })
  })

export interface Started {
  readonly client: ClickHouseClient
  readonly warehouse: Warehouse.Warehouse["Service"]
  readonly stop: () => Promise<void>
}

export const start = async (): Promise<Started> => {
  if (!existsSync(binary))
    throw new Error(
      `no ClickHouse server at ${binary}: install Debian's clickhouse-server (apt-get install clickhouse-server; bash scripts/cx.sh test does it as root) or set CXKIT_CLICKHOUSE_SERVER`
    )
  const dir = mkdtempSync(join(tmpdir(), "cxkit-clickhouse-"))
  const [http, tcp] = [await freePort(), await freePort()]
  writeFileSync(
    join(dir, "config.xml"),
    `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><console>1</console></logger>
  <http_port>${http}</http_port>
  <tcp_port>${tcp}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <mark_cache_size>5368709120</mark_cache_size>
  <users_config>users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
</yandex>
`
  )
  writeFileSync(
    join(dir, "users.xml"),
    `<?xml version="1.0"?>
<yandex>
  <profiles><default></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
`
  )
  const child: ChildProcess = spawn(binary, [`--config-file=${join(dir, "config.xml")}`], {
    cwd: dir,
    stdio: ["ignore", "ignore", "pipe"]
  })
  let stderr = ""
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const url = `http://127.0.0.1:${http}`
  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`clickhouse-server exited (${child.exitCode}): ${stderr}`)
    const ok = await fetch(`${url}/ping`).then(
      (r) => r.ok,
      () => false
    )
    if (ok) break
    if (Date.now() > deadline)
      throw new Error(`clickhouse-server did not answer on ${url} within 30 s: ${stderr}`)
    await new Promise((r) => setTimeout(r, 200))
  }
  const client = createClient({ url })
  const warehouse = Warehouse.make({
    dialect: SqlDialect.clickhouse,
    // Values are already literals in the SQL (the dialect has no parameters on 18.x).
    rows: (query) =>
      Effect.tryPromise({
        try: async () =>
          (await client.query({ query: query.sql, format: "JSONEachRow" })).json<Record<string, unknown>>(),
        catch: (cause) =>
          new SqlError.SqlError({
            reason: new SqlError.UnknownError({
              cause,
              message: cause instanceof Error ? cause.message : String(cause),
              operation: "query"
            })
          })
      })
  })
  return {
    client,
    warehouse,
    stop: async () => {
      await client.close()
      child.kill("SIGKILL")
      await new Promise((r) => setTimeout(r, 100))
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
