// Payloads on a dashboard page: small ones inline, large ones replaced by their size so the page stays quick;
// the page fetches a large one only when asked (dashboard-instance-routes.ts, /payload/{field}).

/** Inline up to this many characters of JSON; larger payloads are fetched on demand. */
export const INLINE_PAYLOAD_CHARS = 16 * 1024;

export type PayloadPreview = { value: unknown } | { truncated: true; chars: number };

export function previewOf(value: unknown, limit = INLINE_PAYLOAD_CHARS): PayloadPreview | undefined {
  if (value === undefined) return undefined;
  const chars = JSON.stringify(value)?.length ?? 0;
  return chars > limit ? { truncated: true, chars } : { value };
}

/** A history event with each payload field (input, result, data) shortened the same way. */
export function historyRowOf(event: Record<string, unknown>, limit = INLINE_PAYLOAD_CHARS / 4): Record<string, unknown> {
  const row: Record<string, unknown> = { ...event };
  for (const field of ["input", "result", "data"]) {
    if (row[field] === undefined) continue;
    const chars = JSON.stringify(row[field])?.length ?? 0;
    if (chars > limit) row[field] = `… ${chars} characters (open the payloads above or use dtfx history)`;
  }
  return row;
}
