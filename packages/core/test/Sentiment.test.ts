import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect } from "effect"
import * as fc from "fast-check"
import { CoreError } from "../src/CoreError.ts"
import { CustomerId } from "../src/Customer.ts"
import * as Sentiment from "../src/Sentiment.ts"
import { Touchpoint, TouchpointId } from "../src/Touchpoint.ts"

const close = (actual: number, expected: number) => assert.closeTo(actual, expected, 1e-9)

describe("Sentiment", () => {
  // Hand-checked against the AFINN-165 list: love 3, great 3, good 3, bad -3, awful -3,
  // terrible -3, helpful 2, support 2, waste -1, "does not work" -3, "not good" -2.
  it("sums AFINN-165 valences", () => {
    assert.strictEqual(Sentiment.valence("Love the new update, works great"), 6)
    assert.strictEqual(Sentiment.valence("Awful app, terrible support"), -4)
    assert.strictEqual(Sentiment.valence("The app does not work, a waste of money"), -4)
    assert.strictEqual(Sentiment.valence("Shipping took 3 days"), 0)
  })

  it("matches lexicon phrases before negating words", () => {
    assert.strictEqual(Sentiment.valence("not good"), -2)
    assert.strictEqual(Sentiment.valence("NOT GOOD!!"), -2)
  })

  it("negates a word within three words of a negator (VADER N_SCALAR -0.74)", () => {
    close(Sentiment.valence("never helpful"), 2 * -0.74)
    close(Sentiment.valence("It isn't very helpful"), 2 * -0.74)
    close(Sentiment.valence("I don\u2019t love it"), 3 * -0.74)
    close(Sentiment.valence("not bad at all"), -3 * -0.74)
    // four words away: no longer negated
    assert.strictEqual(Sentiment.valence("no, the team was really helpful"), 2)
  })

  it("normalises with x / sqrt(x^2 + 15)", () => {
    close(Sentiment.score("good"), 3 / Math.sqrt(24))
    close(Sentiment.score("Love the new update, works great"), 6 / Math.sqrt(51))
    close(Sentiment.score("Awful app, terrible support"), -4 / Math.sqrt(31))
    assert.strictEqual(Sentiment.score(""), 0)
    assert.strictEqual(Sentiment.score("   "), 0)
    assert.strictEqual(Sentiment.score("Shipping took 3 days"), 0)
  })

  it("scores stay in [-1, 1], are odd in the valence and empty text is 0", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const s = Sentiment.score(text)
        return Number.isFinite(s) && s >= -1 && s <= 1
      })
    )
    const words = ["love", "great", "awful", "terrible", "not", "never", "app", "the", "good", "bad", "waste"]
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 200 }), (tokens) => {
        const s = Sentiment.score(tokens.join(" "))
        return s > -1 && s < 1 && (tokens.length > 0 || s === 0)
      })
    )
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
        (x) => Object.is(Sentiment.normalize(-x), -Sentiment.normalize(x)) || x === 0
      )
    )
  })

  it("make rejects a model answering outside [-1, 1] instead of clamping", () => {
    const broken = Sentiment.make(() => 1.5)
    assert.throws(() => broken.score("x"), CoreError)
    assert.throws(() => Sentiment.make(() => Number.NaN).score("x"), CoreError)
    assert.strictEqual(Sentiment.make(() => -1).score("x"), -1)
  })

  const touchpoint = (id: string, fields: { text?: string; sentiment?: number }) =>
    new Touchpoint({
      id: TouchpointId.make(id),
      customerId: CustomerId.make("handle:x:ada"),
      timestamp: DateTime.makeUnsafe("2024-05-01T10:00:00Z"),
      channel: "social",
      kind: "mention",
      source: "x",
      ...fields
    })

  it("annotate scores text touchpoints only and keeps a source's own score", () => {
    const out = Sentiment.annotate([
      touchpoint("a", { text: "great" }),
      touchpoint("b", {}),
      touchpoint("c", { text: "  " }),
      touchpoint("d", { text: "awful", sentiment: 0.2 })
    ])
    close(out[0]?.sentiment ?? Number.NaN, 3 / Math.sqrt(24))
    assert.strictEqual(out[1]?.sentiment, undefined)
    assert.strictEqual(out[2]?.sentiment, undefined)
    assert.strictEqual(out[3]?.sentiment, 0.2)
    assert.instanceOf(out[0], Touchpoint)
  })

  it.effect("is an Effect service with a default layer and pluggable models", () =>
    Effect.gen(function* () {
      const [a] = yield* Sentiment.annotateEffect([touchpoint("a", { text: "bad" })]).pipe(
        Effect.provide(Sentiment.layer)
      )
      close(a?.sentiment ?? Number.NaN, -3 / Math.sqrt(24))
      const [b] = yield* Sentiment.annotateEffect([touchpoint("b", { text: "bad" })]).pipe(
        Effect.provide(Sentiment.layerScorer({ score: (t) => (t.length > 2 ? 0.25 : 0) }))
      )
      assert.strictEqual(b?.sentiment, 0.25)
    })
  )
})
