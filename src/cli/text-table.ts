// Plain-text tables for the terminal: columns padded to their widest cell, long cells cut with an ellipsis.
import { escapeUnprintable } from "../logging/logger.js";

const MAX_CELL_WIDTH = 60;

/** Text for the terminal: its lines kept, every other control character (ESC above all) shown as `\uXXXX`. */
export function terminalSafe(text: string): string {
  return text.split("\n").map(escapeUnprintable).join("\n");
}

export function formatTable(headers: string[], rows: string[][]): string {
  const cells = [headers, ...rows].map((row) => row.map((cell) => cut(escapeUnprintable(cell.replace(/[ \t\r\n]+/g, " ")))));
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? "").length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd();
  return [line(cells[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

function cut(text: string): string {
  return text.length > MAX_CELL_WIDTH ? `${text.slice(0, MAX_CELL_WIDTH - 1)}…` : text;
}

/** A date as ISO text without milliseconds noise; "" when absent. */
export function formatTime(date: Date | undefined): string {
  return date ? date.toISOString() : "";
}

/** A payload for a table cell: JSON text, "" when absent. */
export function formatValue(value: unknown): string {
  return value === undefined ? "" : JSON.stringify(value);
}

/** A duration such as "850 ms", "12.3 s", "4 min 5 s" or "2 h 10 min". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(ms / 3_600_000)} h ${Math.round((ms % 3_600_000) / 60_000)} min`;
}
