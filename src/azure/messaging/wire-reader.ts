// Lenient, typed reads from parsed JSON: missing and null mean "absent", a wrong type is a MessageDecodeError
// that names the property's path, so a quarantined message says what was wrong with it.
import { MessageDecodeError } from "./message-data.js";
import { parseIsoDate } from "./json-net-format.js";

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fail(path: string, expected: string, value: unknown): never {
  throw new MessageDecodeError(`${path} should be ${expected}, not ${JSON.stringify(value)?.slice(0, 80)}`);
}

export function readRecord(value: unknown, path: string): JsonRecord | undefined {
  if (value === undefined || value === null) return undefined;
  return isRecord(value) ? value : fail(path, "an object", value);
}

export function readString(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === "string" ? value : fail(path, "a string", value);
}

export function readInteger(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  return Number.isSafeInteger(value) ? (value as number) : fail(path, "an integer", value);
}

export function readBoolean(value: unknown, path: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === "boolean" ? value : fail(path, "true or false", value);
}

export function readDate(value: unknown, path: string): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const date = typeof value === "string" ? parseIsoDate(value) : undefined;
  return date ?? fail(path, "an ISO 8601 date", value);
}

/** An enum written as its integer value (the original's choice) or as its name. */
export function readEnum<T extends string>(names: readonly T[], value: unknown, path: string): T | undefined {
  if (value === undefined || value === null) return undefined;
  const name = typeof value === "number" ? names[value] : names.find((n) => n === value);
  return name ?? fail(path, `one of ${names.join(", ")}`, value);
}

/** A Dictionary<string, string>; the `$type` Json.NET adds to it is not an entry. */
export function readStringMap(value: unknown, path: string): Record<string, string> | undefined {
  const record = readRecord(value, path);
  if (!record) return undefined;
  const map: Record<string, string> = {};
  for (const [key, entry] of Object.entries(record)) {
    if (key === "$type") continue;
    const text = readString(entry, `${path}.${key}`);
    if (text !== undefined) map[key] = text; // a null value cannot be held by Record<string, string>
  }
  return map;
}
