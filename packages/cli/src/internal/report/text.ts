// A report is a list of sections, each with text lines, tables and Vega-Lite charts. The same
// report prints as text (the default) or renders as a self-contained HTML page (--html).
import type { Chart } from "@cxkit/metrics"
import type { Duration } from "effect"

/** What a report covers and how it groups: the config's `report` block, with defaults. */
export interface ReportOptions {
  readonly title: string
  /** The start of the churn and LTV window (ISO instant). */
  readonly from: string
  /** The end of the observation (ISO instant): open subscriptions are censored there. */
  readonly until: string
  /** The customer attribute LTV is grouped by. */
  readonly segmentBy: string
  /** The inactivity gap that splits a customer's touchpoints into journeys. */
  readonly journeyGap: Duration.Input
  /** The funnel: touchpoint kinds in order, and the conversion window from the first. */
  readonly funnel: { readonly steps: ReadonlyArray<string>; readonly window: Duration.Input }
  /** The gross margin of the simple LTV formula. */
  readonly grossMargin: number
}

export interface Table {
  readonly header: ReadonlyArray<string>
  readonly rows: ReadonlyArray<ReadonlyArray<string | number>>
  /** How many leading columns are text, aligned left (default 1); the others align right. */
  readonly textColumns?: number
}

export interface Section {
  readonly title: string
  /** The section's headline figures (name, value), which the report opens with. */
  readonly headline?: ReadonlyArray<readonly [string, string]>
  readonly lines?: ReadonlyArray<string>
  readonly tables?: ReadonlyArray<Table>
  readonly charts?: ReadonlyArray<Chart.VegaLiteSpec>
}

export interface Report {
  readonly title: string
  readonly sections: ReadonlyArray<Section>
}

/** A table as aligned text lines: the text columns left-aligned, the others right-aligned. */
export const renderTable = (table: Table): Array<string> => {
  const cells = [table.header, ...table.rows.map((row) => row.map(String))]
  const widths = table.header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? "").length)))
  const line = (row: ReadonlyArray<string>) =>
    row
      .map((cell, i) =>
        i < (table.textColumns ?? 1) ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)
      )
      .join("  ")
      .trimEnd()
  return [line(table.header), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)]
}

/** The report as plain text. */
export const toText = (report: Report): string =>
  [
    report.title,
    ...report.sections.flatMap((section) => [
      "",
      `== ${section.title}`,
      ...(section.lines ?? []),
      ...(section.tables ?? []).flatMap((table, i) => [
        ...(i > 0 || (section.lines ?? []).length > 0 ? [""] : []),
        ...renderTable(table)
      ])
    ])
  ].join("\n")
