// Every public export of every package carries JSDoc with @since and one @category from the
// project's list; every exported value (const, function, class) also has an @example, which
// docs.test.ts runs. Files under src/internal are private and exempt.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs"
import { dirname, join, relative } from "node:path"
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
  "fitting",
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

// typedoc shows a namespace (`export * as Nps from "./Nps.ts"`) with the comment on that export
// if it has one, else with the module's own overview: the first comment of Nps.ts, when it is
// tagged `@module`. A comment of tags only on the export hides the overview, so each namespace
// needs text in one of the two places, and the module overview is the one to write.
const entryFiles = readdirSync(join(root, "packages"))
  .flatMap((dir) => ["index.ts", "testing.ts", "vitest.ts"].map((f) => join(root, "packages", dir, "src", f)))
  .filter((f) => existsSync(f))
  .sort()

const prose = (comment: string): boolean =>
  comment
    .split("\n")
    .map((line) => line.replace(/^\s*\/?\*+\/?/, "").trim())
    .some((line) => line.length > 0 && !line.startsWith("@") && line !== "/")

describe("module overviews in the API reference", () => {
  for (const file of entryFiles) {
    it(relative(root, file), () => {
      const source = readFileSync(file, "utf8")
      const problems: Array<string> = []
      const opening = /^\/\*\*(?:(?!\*\/)[\s\S])*\*\//.exec(source)?.[0]
      if (opening === undefined || !opening.includes("@packageDocumentation") || !prose(opening)) {
        problems.push("the entry does not open with a package overview tagged @packageDocumentation")
      }
      for (const match of source.matchAll(
        /(\/\*\*(?:(?!\*\/)[\s\S])*\*\/\s*)?export \* as (\w+) from "(\.\/[^"]+)"/g
      )) {
        const [, comment, name, target] = match
        if (comment !== undefined && prose(comment)) continue
        if (comment !== undefined)
          problems.push(`${name}: a comment of tags only on the export hides the module overview`)
        const module = readFileSync(join(dirname(file), target ?? ""), "utf8")
        const first = /^\/\*\*(?:(?!\*\/)[\s\S])*\*\//.exec(module)?.[0]
        if (
          first === undefined ||
          !first.includes("@module") ||
          !/@since \d+\.\d+\.\d+/.test(first) ||
          !prose(first)
        ) {
          problems.push(`${name}: ${target} does not open with an overview comment tagged @module and @since`)
        }
      }
      expect(problems).toEqual([])
    })
  }
})

// Versions in step: no export is documented as arriving after the next release, the version the
// pending changesets produce (the packages are one fixed group, so the largest pending bump of any
// package bumps all), and the guides install the current one.
const packageVersion = JSON.parse(readFileSync(join(root, "packages", "core", "package.json"), "utf8"))
  .version as string
const semver = (v: string) => v.split(".").map(Number) as [number, number, number]
const bumps = ["patch", "minor", "major"] as const
const pendingBump = readdirSync(join(root, ".changeset"))
  .filter((f) => f.endsWith(".md") && f !== "README.md")
  .flatMap((f) => {
    const front = readFileSync(join(root, ".changeset", f), "utf8").split(/^---$/m)[1] ?? ""
    return [...front.matchAll(/:\s*(patch|minor|major)\s*$/gm)].map((m) => bumps.indexOf(m[1] as "patch"))
  })
  .reduce((a, b) => Math.max(a, b), -1)
const nextVersion = (() => {
  const [major, minor, patch] = semver(packageVersion)
  // Before 1.0.0 changesets bumps the version as written: a minor bump of 0.1.0 is 0.2.0.
  if (pendingBump === 2) return `${major + 1}.0.0`
  if (pendingBump === 1) return `${major}.${minor + 1}.0`
  if (pendingBump === 0) return `${major}.${minor}.${patch + 1}`
  return packageVersion
})()
const after = (a: string, b: string) => {
  const [x, y] = [semver(a), semver(b)]
  return x[0] > y[0] || (x[0] === y[0] && (x[1] > y[1] || (x[1] === y[1] && x[2] > y[2])))
}

describe("versions in step", () => {
  it(`no @since is later than the next release (${nextVersion}, from ${packageVersion} and the pending changesets)`, () => {
    const late = readdirSync(join(root, "packages"))
      .flatMap((dir) => walk(join(root, "packages", dir, "src")))
      .filter((f) => f.endsWith(".ts"))
      .flatMap((f) =>
        [...readFileSync(f, "utf8").matchAll(/@since (\d+\.\d+\.\d+)/g)]
          .filter((m) => after(m[1] ?? "0.0.0", nextVersion))
          .map((m) => `${relative(root, f)}: @since ${m[1]}`)
      )
    expect(late).toEqual([])
  })

  it("the guides install the current version of every @cxkit package", () => {
    const [major, minor] = semver(packageVersion)
    const guides = [
      ...readdirSync(join(root, "docs"))
        .filter((f) => f.endsWith(".md"))
        .map((f) => join(root, "docs", f)),
      ...readdirSync(join(root, "packages")).map((dir) => join(root, "packages", dir, "README.md")),
      join(root, "README.md")
    ].filter((f) => existsSync(f))
    const stale = guides.flatMap((f) =>
      [...readFileSync(f, "utf8").matchAll(/"@cxkit\/[a-z-]+": "\^(\d+)\.(\d+)\.\d+"/g)]
        .filter((m) => Number(m[1]) !== major || Number(m[2]) !== minor)
        .map((m) => `${relative(root, f)}: ${m[0]}`)
    )
    expect(stale).toEqual([])
  })
})
