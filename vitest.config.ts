import { readdirSync } from "node:fs"
import { defineConfig } from "vitest/config"

// One test project per package (discovered, so a new package needs no edit here), plus the
// examples, whose programs run as tests so they cannot rot. Benchmarks live in `bench/` and run
// only with `pnpm bench`.
const packages = readdirSync(new URL("./packages", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()

export default defineConfig({
  test: {
    projects: [
      ...packages.map((name) => ({
        test: {
          name,
          root: `packages/${name}`,
          // Chosen explicitly: every test file gets a fresh worker, so no state leaks between files.
          isolate: true,
          include: ["test/**/*.test.ts"],
          benchmark: { include: ["bench/**/*.bench.ts"] }
        }
      })),
      {
        test: {
          name: "examples",
          root: "examples",
          isolate: true,
          include: ["**/*.test.ts"],
          exclude: ["**/node_modules/**"],
          testTimeout: 60_000
        }
      }
    ]
  }
})
