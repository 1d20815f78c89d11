// Instance ids become table keys. Azure forbids / \ # ? and control characters in keys, so the original
// escapes them with ^ (and ^ itself), which keeps every id round-trippable and prefix order intact.
import { InvalidInstanceIdError } from "../core/errors.js";

const ESCAPE = "^";
const ESCAPES: Record<string, string> = { "^": "^^", "/": "^0", "\\": "^1", "#": "^2", "?": "^3" };
const UNESCAPES: Record<string, string> = { "^": "^", "0": "/", "1": "\\", "2": "#", "3": "?" };
/** A control character is written as ^ and the character shifted up by U+00C0 ('À'), out of the forbidden range. */
const CONTROL_SHIFT = 0xc0;

const isControl = (code: number) => code <= 0x1f || (code >= 0x7f && code <= 0x9f);

/** The table key of an instance id (the original's KeySanitation.EscapePartitionKey). */
export function sanitizeKey(id: string): string {
  let out = "";
  for (let i = 0; i < id.length; i++) {
    const ch = id[i]!;
    const code = id.charCodeAt(i);
    if (ESCAPES[ch] !== undefined) out += ESCAPES[ch];
    else if (isControl(code)) out += ESCAPE + String.fromCharCode(code + CONTROL_SHIFT);
    else out += ch;
  }
  return out;
}

/** The instance id of a table key; the inverse of sanitizeKey. A trailing lone ^ (never written) is kept. */
export function unsanitizeKey(key: string): string {
  let out = "";
  for (let i = 0; i < key.length; i++) {
    const ch = key[i]!;
    if (ch !== ESCAPE || i + 1 === key.length) {
      out += ch;
      continue;
    }
    const next = key[++i]!;
    const shiftedBack = next.charCodeAt(0) - CONTROL_SHIFT;
    out += UNESCAPES[next] ?? (isControl(shiftedBack) && shiftedBack >= 0 ? String.fromCharCode(shiftedBack) : next);
  }
  return out;
}

/**
 * Azure's data model says a key is "up to 1 KiB", i.e. 512 UTF-16 code units (its scalability page says 1,024
 * characters); Azurite refuses more than 512. We allow 512 of the sanitized key, which works on both.
 */
export const MAX_KEY_LENGTH = 512;

const LONE_SURROGATE = /\p{Cs}/u;

/** Refuses, before any request, an id that no table key, queue message or URL could carry. */
export function validateInstanceId(id: unknown): asserts id is string {
  if (typeof id !== "string" || id.length === 0) {
    throw new InvalidInstanceIdError(`An instance id must be a non-empty string, not ${describe(id)}`);
  }
  if (LONE_SURROGATE.test(id)) {
    throw new InvalidInstanceIdError(`Instance id ${JSON.stringify(id.slice(0, 100))} holds an unpaired UTF-16 surrogate`);
  }
  const length = sanitizeKey(id).length;
  if (length > MAX_KEY_LENGTH) {
    throw new InvalidInstanceIdError(
      `Instance id is too long: ${length} characters once escaped for a table key (at most ${MAX_KEY_LENGTH})`,
    );
  }
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : typeof value;
}
