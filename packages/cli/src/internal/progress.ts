// Sync progress on standard error: on a terminal one live bar per stream (cli-progress), else
// plain lines, at most one per stream per second plus one when the stream ends. The sources do
// not report totals, so the bars count records and pages and show the rate; no ETA.
import { MultiBar, Presets, type SingleBar } from "cli-progress"
import { note, redact } from "./output.ts"

export interface Counts {
  readonly records: number
  readonly pages: number
  readonly elapsedMillis: number
}

export interface Progress {
  readonly update: (stream: string, counts: Counts) => void
  readonly finish: (stream: string, counts: Counts, status: string) => void
  readonly notice: (text: string) => void
  readonly close: () => void
}

const rate = (c: Counts) => (c.elapsedMillis <= 0 ? 0 : Math.round((1000 * c.records) / c.elapsedMillis))

const describe = (stream: string, c: Counts) =>
  `${stream}: ${c.records} records, ${c.pages} pages, ${rate(c)} records/s`

/** Plain lines (not a terminal, or `--json`). */
export const lines = (): Progress => {
  const last = new Map<string, number>()
  return {
    update: (stream, counts) => {
      const now = Date.now()
      if (now - (last.get(stream) ?? 0) < 1000) return
      last.set(stream, now)
      note(`  ${describe(stream, counts)}`)
    },
    finish: (stream, counts, status) => note(`  ${describe(stream, counts)}: ${status}`),
    notice: note,
    close: () => undefined
  }
}

/** A live bar per stream on a terminal. */
export const bars = (): Progress => {
  const multi = new MultiBar(
    {
      format: " {stream} |{bar}| {records} records | {pages} pages | {rate} records/s | {status}",
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      barsize: 20,
      stream: process.stderr
    },
    Presets.shades_grey
  )
  const active = new Map<string, SingleBar>()
  const bar = (stream: string) => {
    let found = active.get(stream)
    if (found === undefined) {
      // no total is known: the bar runs full while the stream is read
      found = multi.create(1, 0, { stream, records: 0, pages: 0, rate: 0, status: "syncing" })
      active.set(stream, found)
    }
    return found
  }
  return {
    update: (stream, counts) => bar(stream).update(0, { ...counts, rate: rate(counts), status: "syncing" }),
    finish: (stream, counts, status) => bar(stream).update(1, { ...counts, rate: rate(counts), status }),
    notice: (text) => multi.log(`${redact(text)}\n`),
    close: () => multi.stop()
  }
}
