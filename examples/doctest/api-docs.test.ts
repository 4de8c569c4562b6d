// Every public export of every package carries JSDoc with @since and one @category from the
// project's list; every exported value (const, function, class) also has an @example, which
// docs.test.ts runs. Files under src/internal are private and exempt.
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../../", import.meta.url))
const categories = new Set([
  "models",
  "constructors",
  "combinators",
  "metrics",
  "errors",
  "guards",
  "layers",
  "services",
  "schemas",
  "charts",
  "testing"
])

const walk = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? (name === "internal" ? [] : walk(path)) : [path]
  })

const files = readdirSync(join(root, "packages"))
  .flatMap((dir) => walk(join(root, "packages", dir, "src")))
  .filter((f) => f.endsWith(".ts") && !f.endsWith("index.ts"))
  .sort()

const exportPattern =
  /^export (?:declare )?(const|function|class|interface|type|abstract class) ([A-Za-z0-9_]+)/

describe("public API documentation", () => {
  for (const file of files) {
    it(relative(root, file), () => {
      const lines = readFileSync(file, "utf8").split("\n")
      const problems: Array<string> = []
      lines.forEach((line, i) => {
        const match = exportPattern.exec(line)
        if (match === null) return
        const [, kind, name] = match
        // The JSDoc block that ends right above the export (decorative comments may sit between).
        let end = i - 1
        while (end >= 0 && (lines[end] ?? "").trim().startsWith("//")) end--
        if (!(lines[end] ?? "").trim().endsWith("*/")) {
          problems.push(`${name}: no JSDoc`)
          return
        }
        let start = end
        while (start >= 0 && !(lines[start] ?? "").includes("/**")) start--
        const doc = lines.slice(start, end + 1).join("\n")
        if (!/@since \d+\.\d+\.\d+/.test(doc)) problems.push(`${name}: no @since`)
        const category = /@category (\S+)/.exec(doc)?.[1]
        if (category === undefined || !categories.has(category))
          problems.push(`${name}: @category ${category ?? "missing"}`)
        const isValue = kind === "const" || kind === "function" || kind?.includes("class")
        if (isValue && !doc.includes("@example")) problems.push(`${name}: no @example`)
      })
      expect(problems).toEqual([])
    })
  }
})
