// Everything the command prints goes through here: each secret read from the environment is
// replaced by <redacted> first, in text, JSON, progress and errors alike.
import { Effect, Logger } from "effect"

const secrets = new Set<string>()

/** Registers values that must never be printed (those read from the environment). */
export const addSecrets = (values: Iterable<string>): void => {
  for (const value of values) if (value.length > 0) secrets.add(value)
}

/** The text with every registered secret replaced by `<redacted>` (longest first). */
export const redact = (text: string): string => {
  let out = text
  for (const secret of [...secrets].sort((a, b) => b.length - a.length))
    out = out.replaceAll(secret, "<redacted>")
  return out
}

/** Writes a line to standard output. */
export const line = (text: string): Effect.Effect<void> =>
  Effect.sync(() => {
    process.stdout.write(`${redact(text)}\n`)
  })

/** Writes a line to standard error (progress, notices). */
export const note = (text: string): void => {
  process.stderr.write(`${redact(text)}\n`)
}

/**
 * The command's logger: what connectors log (a refused continuation token, a skipped page)
 * goes to standard error as `cxkit: warn: …`, redacted, so standard output holds only the
 * report or, with `--json`, one JSON document.
 */
export const stderrLogger = Logger.make((options) => {
  const parts = Array.isArray(options.message) ? options.message : [options.message]
  const text = parts.map((part) => (typeof part === "string" ? part : JSON.stringify(part))).join(" ")
  note(`cxkit: ${String(options.logLevel).toLowerCase()}: ${text}`)
})

/** Prints a value as JSON on standard output (the `--json` mode). */
export const json = (value: unknown): Effect.Effect<void> => line(JSON.stringify(value, null, 2))
