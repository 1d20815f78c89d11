// The one rule for instance ids that a new orchestration may take: client starts, restarts, sub-orchestrations and
// the HTTP API all ask here, so an id that cannot be stored safely is refused before anything is written.
import { InvalidInstanceIdError } from "./errors.js";

/**
 * The longest id as a table key: Azure keys hold 1 KiB (512 UTF-16 units; Azurite refuses more), and the key
 * escapes / \ # ? ^ with a ^ each (azure/key-sanitation.ts, the original's KeySanitation.EscapePartitionKey).
 */
export const MAX_INSTANCE_KEY_LENGTH = 512;

const KEY_ESCAPED = /[/\\#?^]/g;
/** C0 controls, DEL and C1 controls: table keys refuse them and log lines would carry them raw. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** U+2028/U+2029: Azurite refuses them in entity-group transactions, so every episode of such an id would fail. */
const LINE_SEPARATOR = /[\u2028\u2029]/;
const LONE_SURROGATE = /\p{Cs}/u;

/** The id's length as a table key (what the Instances and History tables store). */
export function instanceKeyLength(id: string): number {
  return id.length + (id.match(KEY_ESCAPED)?.length ?? 0);
}

/**
 * Why an id cannot be stored at all (undefined when it can): what every write checks, also for entity ids.
 * Reads and purges accept more, so that instances written before these rules can still be seen and removed.
 */
export function storedInstanceIdProblem(id: unknown): string | undefined {
  if (typeof id !== "string" || id.length === 0) return `an instance id must be a non-empty string, not ${describe(id)}`;
  if (LONE_SURROGATE.test(id)) return "an instance id must not hold an unpaired UTF-16 surrogate";
  if (CONTROL.test(id)) return "an instance id must not hold control characters (U+0000–U+001F, U+007F–U+009F)";
  if (LINE_SEPARATOR.test(id)) return "an instance id must not hold U+2028 or U+2029 (line and paragraph separators)";
  const keyLength = instanceKeyLength(id);
  if (keyLength > MAX_INSTANCE_KEY_LENGTH) {
    return `an instance id must fit a table key: ${keyLength} characters once / \\ # ? ^ are escaped, at most ${MAX_INSTANCE_KEY_LENGTH}`;
  }
  return undefined;
}

/** Why a read or purge cannot name the id (undefined when it can): what any id stored before these rules passes. */
export function readableInstanceIdProblem(id: unknown): string | undefined {
  if (typeof id !== "string" || id.length === 0) return `an instance id must be a non-empty string, not ${describe(id)}`;
  if (LONE_SURROGATE.test(id)) return "an instance id must not hold an unpaired UTF-16 surrogate";
  const keyLength = instanceKeyLength(id);
  if (keyLength > MAX_INSTANCE_KEY_LENGTH) return `an instance id must fit a table key (${keyLength} characters, at most ${MAX_INSTANCE_KEY_LENGTH})`;
  return undefined;
}

export function assertReadableInstanceId(id: unknown): asserts id is string {
  const problem = readableInstanceIdProblem(id);
  if (problem !== undefined) throw new InvalidInstanceIdError(`Invalid instance id ${describe(id)}: ${problem}`);
}

/** Why an id cannot name a new orchestration (undefined when it can). */
export function newOrchestrationIdProblem(id: unknown): string | undefined {
  const stored = storedInstanceIdProblem(id);
  if (stored !== undefined) return stored;
  const text = id as string;
  // Entities are instances named `@name@key`; an orchestration taking such an id would be mistaken for one.
  if (text.startsWith("@")) return "an orchestration instance id must not begin with '@' (reserved for entity ids)";
  // Blob names are `{id}/…`: a `.` or `..` segment would move them out of the instance's own folder.
  const segments = text.split(/[/\\]/);
  if (segments.some((s) => s === "." || s === "..")) return "an instance id must not have '.' or '..' as a path segment";
  if (segments.length > 1 && segments.some((s) => s === "")) {
    return "an instance id must not begin or end with '/' or '\\', nor hold an empty path segment ('//')";
  }
  return undefined;
}

/** Throws InvalidInstanceIdError naming the rule when the id cannot name a new orchestration. */
export function assertNewOrchestrationId(id: unknown): asserts id is string {
  const problem = newOrchestrationIdProblem(id);
  if (problem !== undefined) throw new InvalidInstanceIdError(`Invalid instance id ${describe(id)}: ${problem}`);
}

/** Throws InvalidInstanceIdError naming the rule when the id cannot be written to storage at all. */
export function assertStorableInstanceId(id: unknown): asserts id is string {
  const problem = storedInstanceIdProblem(id);
  if (problem !== undefined) throw new InvalidInstanceIdError(`Invalid instance id ${describe(id)}: ${problem}`);
}

/** The id as JSON (control characters escaped), cut to 100 characters so an error stays readable. */
function describe(value: unknown): string {
  if (typeof value !== "string") return typeof value;
  const shown = value.length > 100 ? `${value.slice(0, 100)}…` : value;
  return JSON.stringify(shown).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
