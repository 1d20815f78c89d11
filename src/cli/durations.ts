// Durations on the command line: a whole number and a unit, as in `--older-than 30d` (d, h, m, s).
import { UsageError } from "./cli-args.js";

const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

export function parseDuration(flag: string, text: string): number {
  const match = /^(\d+)\s*([dhms])$/i.exec(text.trim());
  if (!match) throw new UsageError(`--${flag} must be a duration such as 30d, 12h, 15m or 45s, got: ${text}`);
  return Number(match[1]) * UNIT_MS[match[2]!.toLowerCase()]!;
}
