// Plain-text report helpers for the quickstart.
export const section = (title: string): void => {
  console.log(`\n== ${title}`)
}

export const table = (
  header: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string | number>>
): void => {
  const cells = [header, ...rows.map((row) => row.map(String))]
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? "").length)))
  const line = (row: ReadonlyArray<string>) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  ")
  console.log(line(header.map(String)))
  console.log(widths.map((w) => "-".repeat(w)).join("  "))
  for (const row of cells.slice(1)) console.log(line(row))
}
