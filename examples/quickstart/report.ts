// A report is a list of sections, each with text lines, tables and Vega-Lite charts. The same
// report prints as text (the default) or renders as a self-contained HTML page (--html).
import type { Chart } from "@cxkit/metrics"

export interface Table {
  readonly header: ReadonlyArray<string>
  readonly rows: ReadonlyArray<ReadonlyArray<string | number>>
}

export interface Section {
  readonly title: string
  readonly lines?: ReadonlyArray<string>
  readonly tables?: ReadonlyArray<Table>
  readonly charts?: ReadonlyArray<Chart.VegaLiteSpec>
}

export interface Report {
  readonly title: string
  readonly sections: ReadonlyArray<Section>
}

const renderTable = (table: Table): Array<string> => {
  const cells = [table.header, ...table.rows.map((row) => row.map(String))]
  const widths = table.header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? "").length)))
  const line = (row: ReadonlyArray<string>) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  ")
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
