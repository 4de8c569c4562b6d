// Packs every publishable package as it would be published (publishConfig applied) and checks
// the tarball with publint and @arethetypeswrong/cli. Run after `pnpm build`.
import { execFileSync } from "node:child_process"
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const root = new URL("..", import.meta.url).pathname
const out = mkdtempSync(join(tmpdir(), "cxkit-pack-"))
const run = (cmd: string, args: ReadonlyArray<string>, cwd: string) =>
  execFileSync(cmd, [...args], { cwd, stdio: "inherit" })

try {
  for (const dir of readdirSync(join(root, "packages")).sort()) {
    const pkgDir = join(root, "packages", dir)
    const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as {
      name: string
      private?: boolean
    }
    if (manifest.private) continue
    console.log(`\n== ${manifest.name}`)
    run("publint", ["--strict", "--pack", "pnpm"], pkgDir)
    const before = new Set(readdirSync(out))
    run("pnpm", ["pack", "--pack-destination", out], pkgDir)
    const tarball = readdirSync(out).find((f) => !before.has(f))
    if (tarball === undefined) throw new Error(`pnpm pack produced no tarball for ${manifest.name}`)
    // Profile node16: cxkit needs Node >= 22.18 (and effect is ESM-only), so the pre-exports
    // node10 resolution of subpaths such as `@cxkit/connectors/testing` is out of scope.
    run("attw", [join(out, tarball), "--format", "table-flipped", "--profile", "node16"], pkgDir)
  }
} finally {
  rmSync(out, { recursive: true, force: true })
}
