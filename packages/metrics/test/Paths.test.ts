import { describe, expect, it } from "@effect/vitest"
import fc from "fast-check"
import { MetricError, Paths } from "../src/index.ts"
import { arbitraryTouchpoints, fromTraces, tp } from "./journeyFixtures.ts"

const repeat = (n: number, trace: ReadonlyArray<string>) => Array.from({ length: n }, () => trace)

// van der Aalst, Process Mining: Data Science in Action, 2nd ed. (2016), §6.2: the event log
// L1 = [⟨a,b,c,d⟩³, ⟨a,c,b,d⟩², ⟨a,e,d⟩]. Directly-follows counts by hand:
// a>b 3, a>c 2, a>e 1, b>c 3, b>d 2, c>b 2, c>d 3, e>d 1 (its footprint: a→b, a→c, a→e, b∥c,
// b→d, c→d, e→d). Heuristic Miner dependencies (Weijters et al. 2006):
// a⇒b = 3/4, a⇒c = 2/3, a⇒e = 1/2, b⇒c = (3−2)/(3+2+1) = 1/6, c⇒b = −1/6, b⇒d = 2/3, c⇒d = 3/4, e⇒d = 1/2.
const L1 = [...repeat(3, ["a", "b", "c", "d"]), ...repeat(2, ["a", "c", "b", "d"]), ["a", "e", "d"]]

describe("Paths.directlyFollows", () => {
  it("counts the textbook log L1 and its dependencies", () => {
    const graph = Paths.directlyFollows(fromTraces(L1))
    expect(graph.activities).toEqual(["a", "b", "c", "d", "e"])
    expect(graph.edges.map((e) => [`${e.from}>${e.to}`, e.count])).toEqual([
      ["a>b", 3],
      ["a>c", 2],
      ["a>e", 1],
      ["b>c", 3],
      ["b>d", 2],
      ["c>b", 2],
      ["c>d", 3],
      ["e>d", 1]
    ])
    const dep = Object.fromEntries(graph.edges.map((e) => [`${e.from}>${e.to}`, e.dependency]))
    expect(dep).toEqual({
      "a>b": 3 / 4,
      "a>c": 2 / 3,
      "a>e": 1 / 2,
      "b>c": 1 / 6,
      "b>d": 2 / 3,
      "c>b": -1 / 6,
      "c>d": 3 / 4,
      "e>d": 1 / 2
    })
    expect(graph.starts).toEqual({ a: 6 })
    expect(graph.ends).toEqual({ d: 6 })
  })

  it("self-loops use |a>a| / (|a>a| + 1) and disappear when repeats collapse", () => {
    const log = fromTraces([
      ["a", "a", "a", "b"],
      ["a", "b"]
    ])
    const loop = Paths.directlyFollows(log).edges.find((e) => e.from === "a" && e.to === "a")
    expect(loop).toEqual({ from: "a", to: "a", count: 2, dependency: 2 / 3 })
    expect(Paths.directlyFollows(log, { collapseRepeats: true }).edges).toEqual([
      { from: "a", to: "b", count: 2, dependency: 2 / 3 }
    ])
  })

  it("edge counts add up to the number of steps minus the number of paths", () => {
    fc.assert(
      fc.property(arbitraryTouchpoints, (rows) => {
        const graph = Paths.directlyFollows(rows)
        const paths = Paths.sequences(rows)
        const steps = paths.reduce((n, p) => n + p.path.length, 0)
        expect(graph.edges.reduce((n, e) => n + e.count, 0)).toBe(steps - paths.length)
        for (const e of graph.edges) expect(Math.abs(e.dependency)).toBeLessThan(1)
      })
    )
  })
})

describe("Paths.frequent, next, previous", () => {
  const log = fromTraces(L1)

  it("ranks the most frequent paths", () => {
    expect(Paths.frequent(log)).toEqual([
      { path: ["a", "b", "c", "d"], count: 3, share: 0.5 },
      { path: ["a", "c", "b", "d"], count: 2, share: 2 / 6 },
      { path: ["a", "e", "d"], count: 1, share: 1 / 6 }
    ])
    expect(Paths.frequent(log, { maxLength: 2, limit: 2 }).map((p) => [p.path.join(""), p.count])).toEqual([
      ["ab", 3],
      ["ac", 2]
    ])
  })

  it("gives next- and previous-step distributions around a kind", () => {
    const after = Paths.next(log, { after: "a" })
    expect(after.occurrences).toBe(6)
    expect(after.boundary).toBe(0)
    expect(after.entries).toEqual([
      { value: "b", count: 3, share: 0.5 },
      { value: "c", count: 2, share: 2 / 6 },
      { value: "e", count: 1, share: 1 / 6 }
    ])
    const before = Paths.previous(log, { before: "d" })
    expect(before.entries.map((e) => [e.value, e.count])).toEqual([
      ["c", 3],
      ["b", 2],
      ["e", 1]
    ])
    expect(Paths.next(log, { after: "d" }).boundary).toBe(6)
    expect(Paths.previous(log, { before: "a" }).boundary).toBe(6)
  })

  it("keys by any property", () => {
    const rows = [tp("1", "c", 0, "view", "email"), tp("2", "c", 1, "view", "web")]
    expect(Paths.sequences(rows, { key: (t) => t.channel })).toEqual([{ unit: "c", path: ["email", "web"] }])
  })

  it("does not depend on input order", () => {
    fc.assert(
      fc.property(
        arbitraryTouchpoints.chain((rows) =>
          fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length }))
        ),
        ([rows, permuted]) => {
          expect(Paths.directlyFollows(permuted)).toEqual(Paths.directlyFollows(rows))
          expect(Paths.frequent(permuted)).toEqual(Paths.frequent(rows))
        }
      )
    )
  })

  it("rejects bad options with MetricError", () => {
    expect(() => Paths.frequent(log, { limit: 0 })).toThrow(MetricError.MetricError)
    expect(() => Paths.next(log, { after: "" })).toThrow("options.after")
  })
})
