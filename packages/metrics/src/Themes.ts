/**
 * Themes in verbatims: what customers write about, how often, in what mood, and which themes
 * detractors mention more than promoters.
 *
 * Phrases come from RAKE, Rapid Automatic Keyword Extraction (Rose, Engel, Cramer & Cowley 2010,
 * "Automatic keyword extraction from individual documents", in Berry & Kogan (eds.), Text Mining:
 * Applications and Theory, Wiley, ch. 1): a text is cut into candidate phrases at phrase
 * delimiters (punctuation) and stop words; each word w of the candidates gets
 * deg(w) / freq(w), where freq(w) counts its occurrences in candidates and deg(w) sums the lengths
 * of the candidates it occurs in (a word's co-occurrences, itself included); a phrase scores the
 * sum of its words' scores. RAKE needs no training data and no language model beyond a stop-word
 * list, so an `Analyzer` for another language is a stop-word list (or any function from text to
 * candidate phrases, e.g. one built on a tagger such as wink-nlp).
 *
 * Over many comments, a theme is a run of at most `maxWords` words inside a candidate phrase; a
 * comment mentions it when one of its candidates contains those words in a row (so "slow
 * delivery" mentions "slow", "delivery" and "slow delivery"). A phrase mentioned by exactly the
 * comments of a longer one holding it is left out for the longer one ("billing" when every
 * mention is "billing errors"). Counts are of comments, not of occurrences: one long rant counts
 * once.
 *
 * @module
 * @since 0.2.0
 */
import { Sentiment } from "@cxkit/core"
import * as Interval from "./Interval.ts"
import { standardNormalCdf } from "./internal/distributions.ts"
import * as validate from "./internal/validate.ts"
import * as Nps from "./Nps.ts"
import * as Significance from "./Significance.ts"

/**
 * A language's analyser: the candidate phrases of a text, each a list of normalised words.
 * `analyzer` builds RAKE's from a stop-word list; any function will do (a tagger that keeps only
 * noun phrases, another language's tokenizer).
 *
 * @since 0.2.0
 * @category models
 */
export interface Analyzer {
  readonly language: string
  readonly candidates: (text: string) => ReadonlyArray<ReadonlyArray<string>>
}

// Punctuation that ends a phrase (RAKE's phrase delimiters); apostrophes and hyphens inside a
// word do not.
const delimiters = /[.,;:!?()[\]{}"“”«»…•|/\\\n\r\t]+|\s[-–—]+\s/u
const word = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu
const numeric = /^[\p{N}]+$/u

/**
 * RAKE's candidate phrases from a stop-word list: the text is lower-cased, cut at phrase
 * delimiters (punctuation), and each piece is cut again at stop words; the runs of words left are
 * the candidates. Numbers alone are not words of a phrase. Typographic apostrophes count as `'`.
 *
 * @example
 * ```ts
 * import { Themes } from "@cxkit/metrics"
 *
 * const analyzer = Themes.analyzer({ language: "en", stopWords: ["the", "was", "and", "very"] })
 * console.log(analyzer.candidates("The delivery was very slow, and the support team helpful."))
 * // [ [ 'delivery' ], [ 'slow' ], [ 'support', 'team', 'helpful' ] ]
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const analyzer = (options: {
  readonly language: string
  readonly stopWords: Iterable<string>
}): Analyzer => {
  const stop = new Set<string>()
  for (const w of options.stopWords) stop.add(w.toLowerCase().replaceAll("’", "'"))
  return {
    language: options.language,
    candidates: (text) => {
      const out: Array<Array<string>> = []
      for (const piece of text.normalize("NFKC").toLowerCase().replaceAll("’", "'").split(delimiters)) {
        let run: Array<string> = []
        for (const match of piece.matchAll(word)) {
          const w = match[0]
          if (stop.has(w) || numeric.test(w)) {
            if (run.length > 0) out.push(run)
            run = []
          } else run.push(w)
        }
        if (run.length > 0) out.push(run)
      }
      return out
    }
  }
}

/**
 * English stop words: articles, pronouns, auxiliaries and modals, prepositions, conjunctions,
 * negators, and the commonest adverbs and verbs that carry no topic, with their contractions.
 * cxkit's own list, written for short customer comments.
 *
 * @example
 * ```ts
 * import { Themes } from "@cxkit/metrics"
 *
 * console.log(Themes.englishStopWords.has("the"), Themes.englishStopWords.has("delivery")) // true false
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export const englishStopWords: ReadonlySet<string> = new Set(
  (
    "a an the this that these those there here " +
    "i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his himself " +
    "she her hers herself it its itself they them their theirs themselves one ones someone something anyone anything " +
    "everyone everything nobody nothing who whom whose which what whatever when where why how " +
    "am is are was were be been being have has had having do does did doing done " +
    "will would shall should can could may might must ought " +
    "i'm i've i'd i'll you're you've you'd you'll he's she's it's we're we've we'd we'll they're they've they'd they'll " +
    "that's there's here's what's who's let's isn't aren't wasn't weren't haven't hasn't hadn't don't doesn't didn't " +
    "won't wouldn't shan't shouldn't can't cannot couldn't mustn't mightn't needn't " +
    "not no nor never none neither either " +
    "and or but if then else so because as than though although while whereas unless until since whether " +
    "of at by for with without about against between into through during before after above below to from up down " +
    "in out on off over under again further once upon within along across around among toward towards via per " +
    "all any both each every few more most other some such only own same too very just also even still yet already " +
    "really quite rather much many lot lots bit ever always often sometimes usually " +
    "get got gets getting make makes made go goes went gone going come came take took say said " +
    "like well back now way ok okay yes thing things"
  ).split(" ")
)

/**
 * The English analyser: RAKE's candidates with `englishStopWords`.
 *
 * @example
 * ```ts
 * import { Themes } from "@cxkit/metrics"
 *
 * console.log(Themes.english.candidates("Support was friendly, but the checkout page keeps crashing!"))
 * // [ [ 'support' ], [ 'friendly' ], [ 'checkout', 'page', 'keeps', 'crashing' ] ]
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const english: Analyzer = analyzer({ language: "en", stopWords: englishStopWords })

/**
 * A phrase with its RAKE score and how often it is a candidate.
 *
 * @since 0.2.0
 * @category models
 */
export interface Keyword {
  readonly phrase: string
  readonly score: number
  readonly count: number
}

const texts = (field: string, input: string | Iterable<string>): Array<string> => {
  const list = typeof input === "string" ? [input] : [...input]
  list.forEach((t, i) => {
    if (typeof t !== "string") validate.invalid(`${field}[${i}]`, t, "a string")
  })
  return list
}

// Word scores deg(w) / freq(w) over a list of candidates (Rose et al. 2010, §1.2.3).
const wordScores = (candidates: ReadonlyArray<ReadonlyArray<string>>): Map<string, number> => {
  const freq = new Map<string, number>()
  const deg = new Map<string, number>()
  for (const c of candidates) {
    for (const w of c) {
      freq.set(w, (freq.get(w) ?? 0) + 1)
      deg.set(w, (deg.get(w) ?? 0) + c.length)
    }
  }
  const scores = new Map<string, number>()
  for (const [w, f] of freq) scores.set(w, (deg.get(w) ?? 0) / f)
  return scores
}

const phraseScore = (words: ReadonlyArray<string>, scores: ReadonlyMap<string, number>) =>
  words.reduce((sum, w) => sum + (scores.get(w) ?? 0), 0)

/**
 * RAKE keywords of a text (or of several texts taken as one document): every candidate phrase
 * with its score (the sum of its words' deg/freq), best first; ties by phrase.
 *
 * @example
 * ```ts
 * import { Themes } from "@cxkit/metrics"
 *
 * const top = Themes.keywords("Slow delivery. The delivery driver was rude, and delivery took two weeks.")
 * console.log(top.map((k) => `${k.phrase} ${k.score.toFixed(2)}`))
 * // [ 'delivery driver 2.67', 'slow delivery 2.67', 'delivery 1.67', 'rude 1.00', 'weeks 1.00' ]
 * ```
 *
 * @since 0.2.0
 * @category metrics
 */
export const keywords = (
  text: string | Iterable<string>,
  options?: { readonly analyzer?: Analyzer | undefined }
): ReadonlyArray<Keyword> => {
  const analyse = options?.analyzer ?? english
  const candidates = texts("text", text).flatMap((t) => analyse.candidates(t))
  const scores = wordScores(candidates)
  const byPhrase = new Map<string, { words: ReadonlyArray<string>; count: number }>()
  for (const c of candidates) {
    const phrase = c.join(" ")
    const entry = byPhrase.get(phrase)
    if (entry === undefined) byPhrase.set(phrase, { words: c, count: 1 })
    else entry.count++
  }
  return [...byPhrase]
    .map(([phrase, { words, count }]) => ({ phrase, score: phraseScore(words, scores), count }))
    .sort((a, b) => b.score - a.score || (a.phrase < b.phrase ? -1 : a.phrase > b.phrase ? 1 : 0))
}

/**
 * A theme over many comments: how many mention it (`documents`, out of `total`), that share with
 * its Wilson interval, its RAKE score over all the comments, and the mean sentiment (in [−1, 1])
 * of the sentences that mention it.
 *
 * @since 0.2.0
 * @category models
 */
export interface Theme {
  readonly phrase: string
  readonly documents: number
  readonly total: number
  readonly share: number
  readonly interval: Interval.Interval
  readonly score: number
  readonly sentiment: number
}

/**
 * Options of `extract` and the functions built on it.
 *
 * - `analyzer`: default `english`.
 * - `maxWords`: the longest phrase a theme may be (default 3).
 * - `minDocuments`: a theme must be mentioned by at least this many comments (default 2).
 * - `limit`: at most this many themes (default 20), the most mentioned first.
 * - `scorer`: the sentiment scorer (default core's `Sentiment.afinn`).
 * - `level`: of the intervals (default 0.95).
 *
 * @since 0.2.0
 * @category models
 */
export interface Options {
  readonly analyzer?: Analyzer | undefined
  readonly maxWords?: number | undefined
  readonly minDocuments?: number | undefined
  readonly limit?: number | undefined
  readonly scorer?: Sentiment.Scorer | undefined
  readonly level?: number | undefined
}

const sentences = /[.!?\n]+/u

interface Corpus {
  readonly total: number
  readonly scores: ReadonlyMap<string, number>
  /** Per phrase: its words and the indexes of the comments mentioning it. */
  readonly mentions: ReadonlyMap<
    string,
    { readonly words: ReadonlyArray<string>; readonly docs: Set<number> }
  >
  /** Per comment, its sentences' candidates and sentiment. */
  readonly docs: ReadonlyArray<
    ReadonlyArray<{ readonly candidates: ReadonlyArray<ReadonlyArray<string>>; readonly sentiment: number }>
  >
}

const containsRun = (haystack: ReadonlyArray<string>, needle: ReadonlyArray<string>): boolean => {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return true
  }
  return false
}

const settings = (options: Options | undefined) => {
  const maxWords = options?.maxWords ?? 3
  if (!Number.isInteger(maxWords) || maxWords < 1)
    validate.invalid("options.maxWords", maxWords, "an integer ≥ 1")
  const minDocuments = options?.minDocuments ?? 2
  if (!Number.isInteger(minDocuments) || minDocuments < 1)
    validate.invalid("options.minDocuments", minDocuments, "an integer ≥ 1")
  const limit = options?.limit ?? 20
  if (!(limit === Number.POSITIVE_INFINITY || (Number.isInteger(limit) && limit >= 0)))
    validate.invalid("options.limit", limit, "an integer ≥ 0 or Infinity")
  const level = validate.level("options.level", options?.level ?? 0.95)
  return {
    analyse: options?.analyzer ?? english,
    scorer: options?.scorer ?? Sentiment.afinn,
    maxWords,
    minDocuments,
    limit,
    level
  }
}

const corpusOf = (list: ReadonlyArray<string>, s: ReturnType<typeof settings>): Corpus => {
  const all: Array<ReadonlyArray<string>> = []
  const docs = list.map((text) =>
    text.split(sentences).map((sentence) => {
      const candidates = s.analyse.candidates(sentence)
      for (const c of candidates) all.push(c)
      return { candidates, sentiment: candidates.length === 0 ? 0 : s.scorer.score(sentence) }
    })
  )
  // Every run of at most maxWords words inside a candidate is a phrase, and each comment with
  // such a run mentions it.
  const mentions = new Map<string, { words: ReadonlyArray<string>; docs: Set<number> }>()
  docs.forEach((doc, index) => {
    for (const { candidates } of doc) {
      for (const c of candidates) {
        for (let length = 1; length <= Math.min(s.maxWords, c.length); length++) {
          for (let start = 0; start + length <= c.length; start++) {
            const words = c.slice(start, start + length)
            const phrase = words.join(" ")
            const entry = mentions.get(phrase)
            if (entry === undefined) mentions.set(phrase, { words, docs: new Set([index]) })
            else entry.docs.add(index)
          }
        }
      }
    }
  })
  // A phrase mentioned by exactly the comments of a longer phrase holding it says nothing more
  // ("billing" when every mention is "billing errors"): only the longer one stays.
  const redundant = new Set<string>()
  for (const { words, docs: mentioned } of mentions.values()) {
    if (words.length < 2) continue
    for (const part of [words.slice(1), words.slice(0, -1)]) {
      const key = part.join(" ")
      if (mentions.get(key)?.docs.size === mentioned.size) redundant.add(key)
    }
  }
  for (const key of redundant) mentions.delete(key)
  return { total: list.length, scores: wordScores(all), mentions, docs }
}

const themeOf = (
  corpus: Corpus,
  phrase: string,
  entry: { readonly words: ReadonlyArray<string>; readonly docs: ReadonlySet<number> },
  level: number
): Theme => {
  let sum = 0
  let n = 0
  for (const index of entry.docs) {
    for (const sentence of corpus.docs[index] ?? []) {
      if (sentence.candidates.some((c) => containsRun(c, entry.words))) {
        sum += sentence.sentiment
        n++
      }
    }
  }
  const documents = entry.docs.size
  return {
    phrase,
    documents,
    total: corpus.total,
    share: documents / corpus.total,
    interval: Interval.wilson(documents, corpus.total, { level }) as Interval.Interval,
    score: phraseScore(entry.words, corpus.scores),
    sentiment: n === 0 ? 0 : sum / n
  }
}

const byMentions = (a: Theme, b: Theme) =>
  b.documents - a.documents || b.score - a.score || (a.phrase < b.phrase ? -1 : a.phrase > b.phrase ? 1 : 0)

/**
 * The themes of a set of comments, the most mentioned first (then by RAKE score, then by
 * phrase). Empty comments count in `total` (they mention nothing); a value that is not a string
 * throws a `MetricError` naming its index.
 *
 * @example
 * ```ts
 * import { Themes } from "@cxkit/metrics"
 *
 * const comments = [
 *   "Delivery was slow and the app keeps crashing.",
 *   "Slow delivery, otherwise fine.",
 *   "Great support team, they fixed it in minutes!",
 *   "The app crashes at checkout. Support was great though."
 * ]
 * for (const t of Themes.extract(comments).slice(0, 3)) {
 *   console.log(t.phrase, t.documents, t.sentiment.toFixed(2))
 * }
 * // app 2 -0.20
 * // delivery 2 0.00
 * // slow 2 0.00
 * ```
 *
 * @since 0.2.0
 * @category metrics
 */
export const extract = (comments: Iterable<string>, options?: Options): ReadonlyArray<Theme> => {
  const s = settings(options)
  const list = texts("comments", comments)
  if (list.length === 0) return []
  const corpus = corpusOf(list, s)
  const themes: Array<Theme> = []
  for (const [phrase, entry] of corpus.mentions) {
    if (entry.docs.size >= s.minDocuments) themes.push(themeOf(corpus, phrase, entry, s.level))
  }
  return themes.sort(byMentions).slice(0, s.limit)
}

/**
 * The themes of each group of comments (by channel, by month, by plan): `key` names an item's
 * group and `text` its comment (items without one count in no group). Groups in first-seen
 * order.
 *
 * @example
 * ```ts
 * import { Themes } from "@cxkit/metrics"
 *
 * const feedback = [
 *   { channel: "email", comment: "Refund took weeks." },
 *   { channel: "email", comment: "Still waiting for my refund" },
 *   { channel: "chat", comment: "Quick answer from the agent" },
 *   { channel: "chat", comment: "The agent was kind" }
 * ]
 * const themes = Themes.by(feedback, (f) => f.channel, (f) => f.comment, { limit: 1 })
 * console.log([...themes].map(([channel, [top]]) => `${channel}: ${top?.phrase}`)) // [ 'email: refund', 'chat: agent' ]
 * ```
 *
 * @since 0.2.0
 * @category metrics
 */
export const by = <A>(
  items: Iterable<A>,
  key: (item: A) => string,
  text: (item: A) => string | undefined,
  options?: Options
): ReadonlyMap<string, ReadonlyArray<Theme>> => {
  const groups = new Map<string, Array<string>>()
  for (const item of items) {
    const comment = text(item)
    if (comment === undefined) continue
    const k = key(item)
    const group = groups.get(k)
    if (group === undefined) groups.set(k, [comment])
    else group.push(comment)
  }
  return new Map([...groups].map(([k, comments]) => [k, extract(comments, options)]))
}

/**
 * How often a theme is mentioned in two groups of comments (`a` and `b`): each group's count and
 * share, the difference of shares with Newcombe's (1998) hybrid score interval
 * (`Interval.proportionDifference`), the pooled two-proportion z test (two-sided; the z test of
 * equal proportions, whose square is Pearson's χ² on the 2×2 table without continuity
 * correction), and the p-value adjusted over all the themes compared (`adjustment`, default
 * Benjamini–Hochberg).
 *
 * @since 0.2.0
 * @category models
 */
export interface Contrast {
  readonly phrase: string
  readonly a: { readonly documents: number; readonly total: number; readonly share: number }
  readonly b: { readonly documents: number; readonly total: number; readonly share: number }
  readonly difference: number
  readonly interval: Interval.Interval
  readonly z: number
  readonly pValue: number
  readonly adjustedPValue: number
  readonly significant: boolean
}

/**
 * Which themes one group of comments mentions more than another: every theme mentioned by at
 * least `minDocuments` comments of the two groups together, compared (see `Contrast`), the most
 * significant first (adjusted p-value, then the larger absolute difference, then phrase).
 * `limit` (default Infinity here) keeps the first ones after the adjustment, which is over every
 * theme compared. Either group empty throws a `MetricError`.
 *
 * @example
 * ```ts
 * import { Themes } from "@cxkit/metrics"
 *
 * const unhappy = ["Hidden fees on my bill", "Billing error again", "Fees went up", "Support never answered"]
 * const happy = ["Support was fast", "Great support", "Fast support team", "Love it"]
 * const [first] = Themes.contrast(unhappy, happy, { minDocuments: 3 })
 * console.log(first?.phrase, first?.a.documents, first?.b.documents, first?.difference) // support 1 3 -0.5
 * ```
 *
 * @since 0.2.0
 * @category metrics
 */
export const contrast = (
  a: Iterable<string>,
  b: Iterable<string>,
  options?: Options & { readonly adjustment?: Significance.Adjustment | undefined }
): ReadonlyArray<Contrast> => {
  const s = settings({ ...options, limit: options?.limit ?? Number.POSITIVE_INFINITY })
  const listA = texts("a", a)
  const listB = texts("b", b)
  if (listA.length === 0) validate.invalid("a", listA, "a non-empty list of comments")
  if (listB.length === 0) validate.invalid("b", listB, "a non-empty list of comments")
  const corpus = corpusOf([...listA, ...listB], s)
  const rows: Array<Omit<Contrast, "adjustedPValue" | "significant">> = []
  const n1 = listA.length
  const n2 = listB.length
  for (const [phrase, entry] of corpus.mentions) {
    if (entry.docs.size < s.minDocuments) continue
    let x1 = 0
    for (const index of entry.docs) if (index < n1) x1++
    const x2 = entry.docs.size - x1
    const p1 = x1 / n1
    const p2 = x2 / n2
    // Pooled z test of H0: p1 = p2 (e.g. Agresti 2013, Categorical Data Analysis, 3rd ed., §3.1.1).
    const pooled = (x1 + x2) / (n1 + n2)
    const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    const z = se === 0 ? 0 : (p1 - p2) / se
    rows.push({
      phrase,
      a: { documents: x1, total: n1, share: p1 },
      b: { documents: x2, total: n2, share: p2 },
      difference: p1 - p2,
      interval: Interval.proportionDifference(x1, n1, x2, n2, { level: s.level }) as Interval.Interval,
      z,
      pValue: 2 * (1 - standardNormalCdf(Math.abs(z)))
    })
  }
  const adjusted = Significance.adjust(
    rows.map((r) => r.pValue),
    options?.adjustment ?? "benjamini-hochberg"
  )
  return rows
    .map((r, i) => {
      const adjustedPValue = adjusted[i] as number
      return { ...r, adjustedPValue, significant: adjustedPValue < 1 - s.level }
    })
    .sort(
      (x, y) =>
        x.adjustedPValue - y.adjustedPValue ||
        Math.abs(y.difference) - Math.abs(x.difference) ||
        (x.phrase < y.phrase ? -1 : x.phrase > y.phrase ? 1 : 0)
    )
    .slice(0, s.limit)
}

/**
 * The themes of NPS comments by what they do to the score: detractors' comments (0–6, group
 * `a`) against promoters' (9–10, group `b`), so a positive `difference` is a theme detractors
 * mention more. Each theme also carries the NPS of the responses that mention it. Responses
 * without a comment (or an empty one) and passives' comments are counted, not compared; while
 * either group has no comment, `themes` is empty.
 * A score that is not an integer from 0 to 10 throws a `MetricError` naming its index.
 *
 * @example
 * ```ts
 * import { Themes } from "@cxkit/metrics"
 *
 * const responses = [
 *   { score: 2, comment: "Billing errors every month" },
 *   { score: 4, comment: "Billing is confusing" },
 *   { score: 6, comment: "Too expensive, billing mistakes" },
 *   { score: 10, comment: "Support team is brilliant" },
 *   { score: 9, comment: "Fast support" },
 *   { score: 10, comment: "Easy to use" },
 *   { score: 8, comment: "Fine" },
 *   { score: 9 }
 * ]
 * const result = Themes.byNps(responses)
 * console.log(result.detractors, result.promoters, result.passives, result.withoutComment) // 3 3 1 1
 * console.log(result.themes[0]?.phrase, result.themes[0]?.difference, result.themes[0]?.nps) // billing 1 -100
 * ```
 *
 * @since 0.2.0
 * @category metrics
 */
export const byNps = (
  responses: Iterable<{ readonly score: number; readonly comment?: string | undefined }>,
  options?: Options & { readonly adjustment?: Significance.Adjustment | undefined }
): {
  readonly detractors: number
  readonly promoters: number
  readonly passives: number
  readonly withoutComment: number
  readonly themes: ReadonlyArray<Contrast & { readonly nps: number | undefined }>
} => {
  const detractors: Array<string> = []
  const promoters: Array<string> = []
  const scored: Array<{ readonly score: number; readonly comment: string }> = []
  let passives = 0
  let withoutComment = 0
  let index = 0
  for (const r of responses) {
    const field = `responses[${index++}]`
    if (r === null || typeof r !== "object") validate.invalid(field, r, "an object { score, comment? }")
    const score = r.score
    if (!Number.isInteger(score) || score < 0 || score > 10)
      validate.invalid(`${field}.score`, score, "an integer from 0 to 10")
    if (r.comment !== undefined && typeof r.comment !== "string")
      validate.invalid(`${field}.comment`, r.comment, "a string or undefined")
    if (r.comment === undefined || r.comment.trim() === "") {
      withoutComment++
      continue
    }
    scored.push({ score, comment: r.comment })
    if (score <= 6) detractors.push(r.comment)
    else if (score >= 9) promoters.push(r.comment)
    else passives++
  }
  const s = settings(options)
  // nothing to compare while either group has no comment
  const compared =
    detractors.length === 0 || promoters.length === 0 ? [] : contrast(detractors, promoters, options)
  const themes = compared.map((c) => {
    const words = s.analyse.candidates(c.phrase)[0] ?? []
    const mentioning = scored.filter((r) =>
      s.analyse.candidates(r.comment).some((candidate) => containsRun(candidate, words))
    )
    return { ...c, nps: Nps.score(Nps.fromAnswers(mentioning.map((r) => r.score))) }
  })
  return { detractors: detractors.length, promoters: promoters.length, passives, withoutComment, themes }
}
