// Runs every TypeScript example in the documentation so none can rot: the ```ts blocks of
// README.md and docs/*.md, and the `@example` blocks of every JSDoc comment in
// packages/*/src. `@cxkit/<name>` imports are pointed at the workspace sources; each snippet
// becomes a module under .snippets/ (git-ignored) and is imported in its own test.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../../", import.meta.url))
const out = fileURLToPath(new URL("./.snippets/", import.meta.url))

interface Snippet {
  readonly origin: string
  readonly code: string
}

const walk = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : [path]
  })

const fenced = /```ts\n([\s\S]*?)```/g

// A guide's later code blocks may use what an earlier block imported, so every block of a
// Markdown file runs as its own module with the imports of all the file's blocks, merged. A
// guide that builds one program step by step says `<!-- doctest: cumulative -->`: its blocks
// then run together as one module.
const namedImport = /^import (type )?\{([^}]*)\} from "([^"]+)"$/
const fromMarkdown = (file: string): Array<Snippet> => {
  const blocks = [...readFileSync(file, "utf8").matchAll(fenced)].map((m) => m[1] ?? "")
  const named = new Map<string, Set<string>>()
  const other = new Set<string>()
  const bodies = blocks.map((block) =>
    block
      .split("\n")
      .filter((line) => {
        const match = namedImport.exec(line)
        if (match !== null) {
          const names = named.get(match[3] ?? "") ?? new Set<string>()
          for (const name of (match[2] ?? "").split(",")) {
            if (name.trim() !== "") names.add(match[1] === undefined ? name.trim() : `type ${name.trim()}`)
          }
          named.set(match[3] ?? "", names)
          return false
        }
        if (!line.startsWith("import ")) return true
        other.add(line)
        return false
      })
      .join("\n")
  )
  const imports = [
    ...[...named].map(([from, names]) => `import { ${[...names].join(", ")} } from "${from}"`),
    ...other
  ].join("\n")
  if (readFileSync(file, "utf8").includes("<!-- doctest: cumulative -->")) {
    return [{ origin: relative(root, file), code: `${imports}\n${bodies.join("\n")}` }]
  }
  return bodies.map((body, i) => ({
    origin: `${relative(root, file)} #${i + 1}`,
    code: `${imports}\n${body}`
  }))
}

const fromJsDoc = (file: string): Array<Snippet> => {
  const source = readFileSync(file, "utf8")
  const snippets: Array<Snippet> = []
  for (const comment of source.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
    const text = (comment[1] ?? "").replace(/^[ \t]*\* ?/gm, "")
    const example = text.indexOf("@example")
    if (example < 0) continue
    const line = source.slice(0, comment.index).split("\n").length
    for (const m of text.slice(example).matchAll(fenced)) {
      snippets.push({ origin: `${relative(root, file)}:${line}`, code: m[1] ?? "" })
    }
  }
  return snippets
}

const packagesDir = join(root, "packages")
const packageEntries = new Map<string, string>()
for (const dir of readdirSync(packagesDir)) {
  const manifest = JSON.parse(readFileSync(join(packagesDir, dir, "package.json"), "utf8")) as {
    name: string
    exports: Record<string, string>
  }
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    if (target.endsWith(".ts"))
      packageEntries.set(join(manifest.name, subpath), join(packagesDir, dir, target))
  }
}

const rewrite = (code: string): string =>
  code.replace(/from "(@cxkit\/[^"]+)"/g, (whole, specifier: string) => {
    const target = packageEntries.get(specifier)
    return target === undefined ? whole : `from ${JSON.stringify(target)}`
  })

const snippets: Array<Snippet> = [
  ...fromMarkdown(join(root, "README.md")),
  ...readdirSync(join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .flatMap((f) => fromMarkdown(join(root, "docs", f))),
  ...readdirSync(packagesDir)
    .sort()
    .flatMap((dir) =>
      walk(join(packagesDir, dir, "src"))
        .filter((f) => f.endsWith(".ts"))
        .sort()
        .flatMap(fromJsDoc)
    )
]

rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })

describe("documentation examples run", () => {
  it("finds examples", () => {
    expect(snippets.length).toBeGreaterThan(100)
  })
  snippets.forEach((snippet, i) => {
    it(snippet.origin, async () => {
      const file = join(out, `snippet-${i}.ts`)
      writeFileSync(file, `// ${snippet.origin}\n${rewrite(snippet.code)}\nexport {}\n`)
      const log = console.log
      console.log = () => {}
      try {
        await import(file)
      } finally {
        console.log = log
      }
    })
  })
})
