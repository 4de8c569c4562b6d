import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

// Loads a module in a fresh Node process with a resolve hook that records every specifier
// naming vitest, and prints them: the command line's demo uses the plugins' `/testing` entries
// and `@cxkit/connectors/testing`, none of which may load vitest.
const vitestImports = (module: string): Array<string> => {
  const probe = `
    import { registerHooks } from "node:module"
    const seen = []
    registerHooks({
      resolve(specifier, context, next) {
        if (/^(@effect\\/)?vitest(\\/|$)/.test(specifier)) seen.push(specifier)
        return next(specifier, context)
      }
    })
    await import(${JSON.stringify(module)})
    console.log(JSON.stringify(seen))
  `
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", probe], {
    encoding: "utf8",
    cwd: fileURLToPath(new URL(".", import.meta.url))
  })
  return JSON.parse(out.trim().split("\n").at(-1) ?? "[]") as Array<string>
}

describe("the command line loads no vitest", () => {
  it("neither its demo nor the test kit entries import vitest", () => {
    expect(vitestImports(new URL("../src/internal/demo/mocks.ts", import.meta.url).href)).toEqual([])
    expect(vitestImports(new URL("../src/Cli.ts", import.meta.url).href)).toEqual([])
    expect(vitestImports("@cxkit/connectors/testing")).toEqual([])
  }, 30_000)

  it("the conformance entry does (the probe sees it)", () => {
    expect(vitestImports("@cxkit/connectors/vitest")).toEqual(["vitest"])
  }, 30_000)
})
