// Runs every TypeScript example in the documentation so none can rot: the ```ts blocks of
// README.md, docs/*.md and packages/*/README.md, and the `@example` blocks of every JSDoc comment in
// packages/*/src. `@cxkit/<name>` imports are pointed at the workspace sources; each snippet
// becomes a module under .snippets/ (git-ignored) and is imported in its own test.
//
// A `console.log(...) // value` line states what it prints: when the comment is a list of
// JavaScript literals (`// "24.66"`, `// 2 1 1`, `// [0, 1, 0, 1, 1]`, `// { lower: 0, upper: 1 }`,
// `// undefined`), each argument of every call on that line must equal its literal (deeply,
// numbers exactly), so a wrong example fails. A comment in prose (`// next 52 weeks`) is not
// compared.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { isDeepStrictEqual } from "node:util"
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

// Splits a comment into JavaScript literal tokens (strings, numbers, true/false/null/undefined,
// balanced [...] and {...}); undefined when it is prose.
const literalTokens = (comment: string): Array<string> | undefined => {
  const tokens: Array<string> = []
  let i = 0
  const text = comment.trim()
  while (i < text.length) {
    while (text[i] === " ") i++
    if (i >= text.length) break
    const start = i
    const c = text[i] as string
    if (c === '"') {
      i++
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1
      if (i >= text.length) return undefined
      i++
    } else if (c === "[" || c === "{") {
      let depth = 0
      let inString = false
      for (; i < text.length; i++) {
        const d = text[i]
        if (inString) {
          if (d === "\\") i++
          else if (d === '"') inString = false
        } else if (d === '"') inString = true
        else if (d === "[" || d === "{") depth++
        else if (d === "]" || d === "}") {
          depth--
          if (depth === 0) break
        }
      }
      if (depth !== 0) return undefined
      i++
    } else {
      while (i < text.length && text[i] !== " ") i++
      const word = text.slice(start, i)
      if (!/^(-?(\d+(\.\d+)?(e[-+]?\d+)?|Infinity)|NaN|true|false|null|undefined)$/.test(word))
        return undefined
    }
    if (i < text.length && text[i] !== " ") return undefined
    tokens.push(text.slice(start, i))
  }
  return tokens.length === 0 ? undefined : tokens
}

// Shorthand that only looks like literals (`// { lower, upper }`) is prose.
const evaluates = (token: string): boolean => {
  try {
    new Function(`return (${token})`)()
    return true
  } catch {
    return false
  }
}

const printLine = /^(.*?)console\.log\((.*)\)\s*\/\/ (.+)$/

// Rewrites `console.log(...) // literals` into a recorded call, returning the expectations.
const instrument = (
  code: string,
  recorder: string
): { readonly code: string; readonly expected: Map<number, Array<string>> } => {
  const expected = new Map<number, Array<string>>()
  const lines = code.split("\n").map((line, n) => {
    const match = printLine.exec(line)
    const tokens = match === null ? undefined : literalTokens(match[3] ?? "")
    if (match === null || tokens === undefined || !tokens.every(evaluates)) return line
    expected.set(n, tokens)
    return `${match[1]}globalThis.${recorder}(${n}, ${match[2]})`
  })
  return { code: lines.join("\n"), expected }
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
  // Each package's README is its npm page and its page in the API reference.
  ...readdirSync(packagesDir)
    .sort()
    .filter((dir) => existsSync(join(packagesDir, dir, "README.md")))
    .flatMap((dir) => fromMarkdown(join(packagesDir, dir, "README.md"))),
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
      // One recorder per snippet: a callback that runs late (`.then(console.log)`) cannot be
      // taken for another snippet's output.
      const recorder = `__doctest${i}`
      const { code, expected } = instrument(rewrite(snippet.code), recorder)
      writeFileSync(file, `// ${snippet.origin}\n${code}\nexport {}\n`)
      const printed = new Map<number, Array<ReadonlyArray<unknown>>>()
      ;(globalThis as Record<string, unknown>)[recorder] = (
        line: number,
        ...args: ReadonlyArray<unknown>
      ) => {
        printed.set(line, [...(printed.get(line) ?? []), args])
      }
      const log = console.log
      console.log = () => {}
      try {
        await import(file)
        // Output printed from callbacks (`.then(...)`) arrives after the import: wait for it.
        for (let waited = 0; waited < 5000 && [...expected.keys()].some((l) => !printed.has(l)); waited += 10)
          await new Promise((resolve) => setTimeout(resolve, 10))
      } finally {
        console.log = log
      }
      for (const [line, tokens] of expected) {
        const calls = printed.get(line)
        const where = `${snippet.origin}, line ${line}: console.log(…) // ${tokens.join(" ")}`
        expect(calls, `${where} never ran`).toBeDefined()
        const values = tokens.map((token) => new Function(`return (${token})`)() as unknown)
        // As console.log prints: a string argument shows unquoted (`// 0.84` for "0.84"), and a
        // value with a JSON form (an Option) prints as that form.
        const same = (arg: unknown, k: number): boolean =>
          isDeepStrictEqual(arg, values[k]) ||
          (typeof arg === "string" && arg === tokens[k]) ||
          (typeof arg === "object" && arg !== null && JSON.stringify(arg) === JSON.stringify(values[k]))
        for (const args of calls ?? []) {
          expect(
            args.length === values.length && args.every(same),
            `${where} printed ${args.map((a) => JSON.stringify(a) ?? String(a)).join(" ")}`
          ).toBe(true)
        }
      }
    })
  })
})
