// Runs the notebook's code cells top to bottom, as one module, with the notebook's folder as
// the working directory (as a Jupyter kernel would), so the notebook cannot rot.
import { execFileSync } from "node:child_process"
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
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

describe("examples/notebook/cdnow.ipynb", () => {
  it("runs every code cell and prints the expected figures", () => {
    const code = notebook.cells
      .filter((cell) => cell.cell_type === "code")
      .map((cell) => cell.source.join(""))
      .join("\n\n")
    mkdirSync(new URL("./.run/", import.meta.url), { recursive: true })
    const file = fileURLToPath(new URL("./.run/cdnow.ts", import.meta.url))
    // The run folder sits next to the notebook so that package imports resolve the same way;
    // the working directory is the notebook's, for its relative data paths.
    writeFileSync(file, `${code}\nexport {}\n`)
    const output = execFileSync(process.execPath, [file], { cwd: dir, encoding: "utf8" })
    expect(output).toContain("6919 transactions")
    expect(output).toContain("2357 customers, 946 repeat buyers")
    // Fader, Hardie & Lee (2005): r = 0.243, α = 4.414, a = 0.793, b = 2.426 (3 decimals).
    expect(output).toMatch(/r: 0\.242[5-9]\d*,\s+alpha: 4\.41[34]\d*,\s+a: 0\.79[23]\d*,\s+b: 2\.42[56]\d*/)
    expect(output).toContain("-9582.4")
    expect(output).toMatch(/\[ '1997-01', \d+ \]/)
    // The warehouse cell: the first month of CDNOW in SQL, as the sample file has it.
    expect(output).toContain("18 months; first: { month: '1997-01', buyers: 781, revenue: 28592.7 }")
  }, 120_000)
})
