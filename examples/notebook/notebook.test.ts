// Runs the notebook's code cells top to bottom, as one module, with the notebook's folder as
// the working directory (as a Jupyter kernel would), under Node and under Deno (the notebook's
// kernel is Deno's), so the notebook cannot rot.
import { execFileSync } from "node:child_process"
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

interface Cell {
  readonly cell_type: string
  readonly source: ReadonlyArray<string>
}

const dir = fileURLToPath(new URL("./", import.meta.url))
const notebook = JSON.parse(readFileSync(new URL("./cdnow.ipynb", import.meta.url), "utf8")) as {
  cells: ReadonlyArray<Cell>
}

// The Deno that the notebook's kernel is (`deno jupyter`), from the npm registry's `deno` package.
const deno = createRequire(import.meta.url).resolve("deno/bin.cjs")

const run = (runtime: "node" | "deno", env: Readonly<Record<string, string>> = {}) => {
  const code = notebook.cells
    .filter((cell) => cell.cell_type === "code")
    .map((cell) => cell.source.join(""))
    .join("\n\n")
  mkdirSync(new URL("./.run/", import.meta.url), { recursive: true })
  const file = fileURLToPath(new URL(`./.run/cdnow-${runtime}.ts`, import.meta.url))
  // The run folder sits next to the notebook so that package imports resolve the same way;
  // the working directory is the notebook's, for its relative data paths.
  writeFileSync(file, `${code}\nexport {}\n`)
  const args = runtime === "node" ? [file] : [deno, "run", "--allow-all", file]
  return execFileSync(process.execPath, args, {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"]
  })
}

describe("examples/notebook/cdnow.ipynb", () => {
  for (const runtime of ["node", "deno"] as const) {
    it(`runs every code cell under ${runtime} and prints the expected figures`, () => {
      const output = run(runtime)
      expect(output).toContain("6919 transactions")
      expect(output).toContain("2357 customers, 946 repeat buyers")
      // Fader, Hardie & Lee (2005): r = 0.243, α = 4.414, a = 0.793, b = 2.426 (3 decimals).
      expect(output).toMatch(/r: 0\.242[5-9]\d*,\s+alpha: 4\.41[34]\d*,\s+a: 0\.79[23]\d*,\s+b: 2\.42[56]\d*/)
      expect(output).toContain("-9582.4")
      // (Node's console quotes strings with ', Deno's with ".)
      expect(output).toMatch(/\[ ['"]1997-01['"], \d+ \]/)
      // The warehouse cell: the first month of CDNOW in SQL, as the sample file has it.
      expect(output).toMatch(/18 months; first: \{ month: ['"]1997-01['"], buyers: 781, revenue: 28592\.7 \}/)
    }, 180_000)
  }

  it("reads the CDNOW file the user names in CXKIT_CDNOW", () => {
    const missing = join(tmpdir(), "cxkit-no-such-cdnow.txt")
    expect(() => run("node", { CXKIT_CDNOW: missing })).toThrow(missing)
  })
})
