/**
 * A plain aligned text table (no colours, no box drawing): readable in any terminal, log file or
 * CI output. Numbers align right.
 */

export type Cell = string | number

const isNumeric = (c: Cell): boolean => typeof c === "number" || /^[0-9][0-9,.]*( ms| s)?( ✓| ✗)?$/.test(c)

/** Formats an integer with thousands separators. */
export const n = (x: number): string => x.toLocaleString("en-US")

/** Renders `rows` under `header`, columns separated by two spaces, each line indented. */
export const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<Cell>>, indent = "  "): string => {
  const all = [header, ...rows].map((r) => r.map(String))
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)))
  const right = header.map((_, i) => rows.length > 0 && rows.every((r) => r[i] === undefined || r[i] === "" || isNumeric(r[i]!)))
  const line = (r: ReadonlyArray<string>) =>
    indent + r.map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd()
  const rule = indent + widths.map((w) => "-".repeat(w)).join("  ")
  return [line(all[0]!), rule, ...all.slice(1).map(line)].join("\n")
}

/** Milliseconds as `123 ms` or `1.2 s`. */
export const ms = (x: number): string => (x < 1000 ? `${Math.round(x)} ms` : `${(x / 1000).toFixed(1)} s`)
