import { execFileSync } from "node:child_process"
import { writeFileSync } from "node:fs"
import { basename } from "node:path"
import { defineConfig } from "tsup"

/**
 * The build every package shares: tsup bundles ESM and CJS JavaScript per entry point, then
 * tsc emits declarations file by file into `dist/dts`, and each entry gets `.d.ts` / `.d.cts`
 * shims that re-export them. tsup's own bundled declarations are not used because they drop
 * values that share a name with a type inside `export * as` namespaces
 * (`export const CustomerId = …` next to `export type CustomerId = …`), which cxkit uses
 * throughout.
 */
export const packageBuild = (entries: ReadonlyArray<string> = ["src/index.ts"]) =>
  defineConfig({
    entry: [...entries],
    format: ["esm", "cjs"],
    dts: false,
    clean: true,
    sourcemap: true,
    target: "es2023",
    // `import.meta.url` in the CommonJS output (the CLI finds its data and vendored files from it).
    shims: true,
    tsconfig: "tsconfig.build.json",
    onSuccess: async () => {
      execFileSync("tsc", ["-p", "tsconfig.build.json"], { stdio: "inherit" })
      for (const entry of entries) {
        const name = basename(entry, ".ts")
        const shim = `export * from "./dts/${name}.js"\n`
        writeFileSync(`dist/${name}.d.ts`, shim)
        writeFileSync(`dist/${name}.d.cts`, shim)
      }
    }
  })
