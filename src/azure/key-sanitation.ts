// Instance ids become table keys. Azure forbids / \ # ? and control characters in keys, so the original
// escapes them with ^ (and ^ itself), which keeps every id round-trippable and prefix order intact.
import { InvalidInstanceIdError } from "../core/index.js";

const ESCAPES: Record<string, string> = { "^": "^^", "/": "^0", "\\": "^1", "#": "^2", "?": "^3" };
const UNESCAPES: Record<string, string> = { "^": "^", "0": "/", "1": "\\", "2": "#", "3": "?" };
const CONTROL_SHIFT = 0xc0;

const isControl = (code: number) => code <= 0x1f || (code >= 0x7f && code <= 0x9f);

export function sanitizeKey(id: string): string {
  let out = "";
  for (const ch of id) {
    const code = ch.charCodeAt(0);
    if (ESCAPES[ch]) out += ESCAPES[ch];
    else if (ch.length === 1 && isControl(code)) out += "^" + String.fromCharCode(code + CONTROL_SHIFT);
    else out += ch;
  }
  return out;
}

export function unsanitizeKey(key: string): string {
  let out = "";
  for (let i = 0; i < key.length; i++) {
    const ch = key[i]!;
    if (ch !== "^" || i + 1 >= key.length) {
      out += ch;
      continue;
    }
    const next = key[++i]!;
    const code = next.charCodeAt(0) - CONTROL_SHIFT;
    out += UNESCAPES[next] ?? (isControl(code) ? String.fromCharCode(code) : next);
  }
  return out;
}

/** Azure table keys hold at most 1 KiB; we count UTF-16 code units of the sanitized key, as the service does. */
export const MAX_KEY_LENGTH = 1024;

export function validateInstanceId(id: unknown): asserts id is string {
  if (typeof id !== "string" || id.length === 0) {
    throw new InvalidInstanceIdError(`An instance id must be a non-empty string, not ${JSON.stringify(id)}`);
  }
  const length = sanitizeKey(id).length;
  if (length > MAX_KEY_LENGTH) {
    throw new InvalidInstanceIdError(
      `Instance id is too long: ${length} characters once escaped for a table key (at most ${MAX_KEY_LENGTH})`,
    );
  }
}
