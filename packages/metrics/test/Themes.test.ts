import { describe, expect, it } from "@effect/vitest"
import fc from "fast-check"
import { Themes } from "../src/index.ts"
import { close, defined, metricError } from "./support/assert.ts"

// The sample abstract of Rose, Engel, Cramer & Cowley (2010), "Automatic keyword extraction from
// individual documents", §1.2 (their Figures 1.1–1.3).
const ABSTRACT =
  "Compatibility of systems of linear constraints over the set of natural numbers. Criteria of " +
  "compatibility of a system of linear Diophantine equations, strict inequations, and nonstrict " +
  "inequations are considered. Upper bounds for components of a minimal set of solutions and " +
  "algorithms of construction of minimal generating sets of solutions for all types of systems " +
  "are given. These criteria and the corresponding algorithms for constructing a minimal supporting " +
  "set of solutions can be used in solving all the considered types systems and systems of mixed types."

// The function words of the abstract (the paper uses Fox's stoplist; these scores depend only on
// the candidates holding their words, which any list with these function words produces).
const STOP = [
  "of",
  "over",
  "the",
  "a",
  "and",
  "are",
  "for",
  "all",
  "these",
  "can",
  "be",
  "used",
  "in",
  "given",
  "considered"
]

describe("Themes.keywords (RAKE)", () => {
  it("reproduces Rose et al.'s (2010) keyword scores of their sample abstract, to the published 0.1", () => {
    const analyzer = Themes.analyzer({ language: "en", stopWords: STOP })
    const scores = new Map(Themes.keywords(ABSTRACT, { analyzer }).map((k) => [k.phrase, k.score]))
    const published: ReadonlyArray<[string, number]> = [
      ["minimal generating sets", 8.7],
      ["linear diophantine equations", 8.5],
      ["minimal supporting set", 7.7],
      ["minimal set", 4.7],
      ["linear constraints", 4.5],
      ["natural numbers", 4],
      ["strict inequations", 4],
      ["nonstrict inequations", 4],
      ["upper bounds", 4]
    ]
    for (const [phrase, score] of published) close(scores.get(phrase), score, 0.05)
    // the top four, in the paper's order
    expect(
      Themes.keywords(ABSTRACT, { analyzer })
        .slice(0, 4)
        .map((k) => k.phrase)
    ).toEqual([
      "minimal generating sets",
      "linear diophantine equations",
      "minimal supporting set",
      "minimal set"
    ])
  })

  it("scores a phrase as the sum of its words' degree over frequency", () => {
    // "delivery" is in three candidates of lengths 2, 2 and 1: deg 5, freq 3
    const k = new Map(Themes.keywords("slow delivery. delivery driver. delivery").map((x) => [x.phrase, x]))
    close(k.get("delivery")?.score, 5 / 3, 1e-12)
    close(k.get("slow delivery")?.score, 2 + 5 / 3, 1e-12)
    expect(k.get("delivery")?.count).toBe(1)
  })

  it("cuts at punctuation and stop words, folds case and typographic apostrophes, drops bare numbers", () => {
    expect(Themes.english.candidates("The App’s login page. Login page crashed 3 times!")).toEqual([
      ["app's", "login", "page"],
      ["login", "page", "crashed"],
      ["times"]
    ])
  })
})

const comment = fc
  .array(
    fc.constantFrom("slow", "delivery", "app", "crash", "support", "great", "the", "was", "and", ".", ","),
    {
      maxLength: 8
    }
  )
  .map((words) => words.join(" "))
const comments = fc.array(comment, { minLength: 1, maxLength: 12 })
const all = { minDocuments: 1, limit: Number.POSITIVE_INFINITY }

describe("Themes.extract", () => {
  it("counts comments, not occurrences, and a longer phrase mentions its words", () => {
    const themes = Themes.extract(["slow delivery, slow slow delivery", "delivery", "fine"])
    const byPhrase = new Map(themes.map((t) => [t.phrase, t]))
    expect(byPhrase.get("delivery")?.documents).toBe(2)
    expect(byPhrase.get("slow delivery")).toBeUndefined() // one comment only (minDocuments 2)
    expect(defined(byPhrase.get("delivery")).total).toBe(3)
  })

  it("gives a theme the mean sentiment of the sentences that mention it", () => {
    const themes = Themes.extract(["I love the app. Delivery was awful.", "Delivery was awful", "The app"], {
      scorer: { score: (s) => (s.includes("awful") ? -1 : s.includes("love") ? 1 : 0) }
    })
    const sentiment = new Map(themes.map((t) => [t.phrase, t.sentiment]))
    expect(sentiment.get("delivery")).toBe(-1)
    expect(sentiment.get("app")).toBe(0.5) // "I love the app" (1) and "The app" (0)
  })

  it("keeps shares in [0, 1] inside their intervals, whatever the comments", () => {
    fc.assert(
      fc.property(comments, (list) => {
        for (const t of Themes.extract(list, all)) {
          expect(t.documents).toBeLessThanOrEqual(list.length)
          expect(t.share).toBeGreaterThanOrEqual(0)
          expect(t.share).toBeLessThanOrEqual(1)
          expect(t.interval.lower).toBeLessThanOrEqual(t.share + 1e-12)
          expect(t.interval.upper).toBeGreaterThanOrEqual(t.share - 1e-12)
          expect(t.sentiment).toBeGreaterThanOrEqual(-1)
          expect(t.sentiment).toBeLessThanOrEqual(1)
        }
      })
    )
  })

  it("does not depend on the order of the comments", () => {
    fc.assert(
      fc.property(
        comments.chain((list) =>
          fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length }))
        ),
        ([list, shuffled]) => {
          const key = (l: ReadonlyArray<string>) =>
            Themes.extract(l, all)
              .map((t) => `${t.phrase}:${t.documents}:${t.score.toFixed(9)}`)
              .sort()
          expect(key(shuffled)).toEqual(key(list))
        }
      )
    )
  })

  it("never loses a mention when a comment is added", () => {
    fc.assert(
      fc.property(comments, comment, (list, extra) => {
        const after = new Map(Themes.extract([...list, extra], all).map((t) => [t.phrase, t.documents]))
        for (const t of Themes.extract(list, all))
          expect(after.get(t.phrase) ?? 0).toBeGreaterThanOrEqual(t.documents)
      })
    )
  })

  it("names a comment that is not a string, and a bad option", () => {
    const error = metricError(() => Themes.extract(["fine", 3 as unknown as string]))
    expect([error.field, error.value, error.rule]).toEqual(["comments[1]", 3, "a string"])
    expect(metricError(() => Themes.extract(["x"], { maxWords: 0 })).field).toBe("options.maxWords")
  })

  it("takes another language's analyser", () => {
    const german = Themes.analyzer({ language: "de", stopWords: ["die", "war", "und", "sehr"] })
    const [top] = Themes.extract(["Die Lieferung war sehr langsam", "Lieferung kam nie an"], {
      analyzer: german
    })
    expect(top?.phrase).toBe("lieferung")
  })
})

describe("Themes.by", () => {
  it("extracts the themes of each group in first-seen order and skips items without a comment", () => {
    const groups = Themes.by(
      [
        { month: "2024-01", text: "app crash" },
        { month: "2024-02", text: "slow refund" },
        { month: "2024-01", text: "app crash again" },
        { month: "2024-02", text: undefined }
      ],
      (f) => f.month,
      (f) => f.text
    )
    expect([...groups.keys()]).toEqual(["2024-01", "2024-02"])
    // themes are the candidate phrases themselves: "app" alone never stands as one here
    expect(groups.get("2024-01")?.map((t) => [t.phrase, t.documents])).toEqual([["app crash", 2]])
    expect(groups.get("2024-02")).toEqual([]) // one comment: nothing reaches minDocuments 2
  })
})

describe("Themes.contrast", () => {
  it("tests a theme's shares as the pooled z test (Pearson's χ² without correction) with Newcombe's interval", () => {
    // 56 of 70 comments against 48 of 80 (Newcombe 1998, example (a)); χ² = 7.02341, p = 0.0080451
    // (scipy.stats.chi2_contingency([[56, 14], [48, 32]], correction=False)).
    const a = [
      ...Array.from({ length: 56 }, () => "slow delivery"),
      ...Array.from({ length: 14 }, () => "fine")
    ]
    const b = [
      ...Array.from({ length: 48 }, () => "slow delivery"),
      ...Array.from({ length: 32 }, () => "fine")
    ]
    const slow = defined(Themes.contrast(a, b).find((c) => c.phrase === "slow delivery"))
    close(slow.z, 2.650171951258532, 1e-9)
    close(slow.pValue, 0.008045081368196585, 1e-9)
    close(slow.difference, 0.2, 1e-12)
    close(slow.interval.lower, 0.0524, 5e-5)
    close(slow.interval.upper, 0.3339, 5e-5)
    expect([slow.a.documents, slow.a.total, slow.b.documents, slow.b.total]).toEqual([56, 70, 48, 80])
  })

  it("is antisymmetric: swapping the groups negates the difference and keeps the test", () => {
    fc.assert(
      fc.property(comments, comments, (a, b) => {
        const forward = new Map(Themes.contrast(a, b, { minDocuments: 1 }).map((c) => [c.phrase, c]))
        for (const back of Themes.contrast(b, a, { minDocuments: 1 })) {
          const f = defined(forward.get(back.phrase))
          close(back.difference, -f.difference, 1e-12)
          close(back.pValue, f.pValue, 1e-12)
          close(back.adjustedPValue, f.adjustedPValue, 1e-12)
        }
        expect(forward.size).toBe(Themes.contrast(b, a, { minDocuments: 1 }).length)
      })
    )
  })

  it("refuses an empty group", () => {
    expect(metricError(() => Themes.contrast([], ["x"])).field).toBe("a")
  })
})

describe("Themes.byNps", () => {
  it("puts detractors' themes first with the NPS of the responses that mention them", () => {
    const responses = [
      ...Array.from({ length: 30 }, (_, i) => ({ score: i % 7, comment: "Billing errors again" })),
      ...Array.from({ length: 30 }, (_, i) => ({ score: 9 + (i % 2), comment: "Support is quick" })),
      ...Array.from({ length: 5 }, () => ({ score: 10, comment: "billing is clear" }))
    ]
    const result = Themes.byNps(responses)
    const [first] = result.themes
    expect([first?.phrase, first?.a.documents, first?.b.documents, first?.nps]).toEqual([
      "billing errors",
      30,
      0,
      -100
    ])
    expect(first?.significant).toBe(true)
    const billing = defined(result.themes.find((t) => t.phrase === "billing"))
    expect([billing.a.documents, billing.b.documents, billing.significant]).toEqual([30, 5, true])
    close(billing.nps, ((5 - 30) / 35) * 100, 1e-9)
    const support = defined(result.themes.find((t) => t.phrase === "support"))
    expect(support.difference).toBeLessThan(0)
  })

  it("compares nothing while one group has no comment, and still counts the answers", () => {
    const result = Themes.byNps([
      { score: 10, comment: "great app" },
      { score: 9, comment: "great app" },
      { score: 3 }
    ])
    expect(result).toEqual({ detractors: 0, promoters: 2, passives: 0, withoutComment: 1, themes: [] })
  })

  it("names a score outside 0–10", () => {
    const error = metricError(() =>
      Themes.byNps([
        { score: 10, comment: "ok" },
        { score: 11, comment: "ok" }
      ])
    )
    expect([error.field, error.value]).toEqual(["responses[1].score", 11])
  })
})
