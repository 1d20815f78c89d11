// How Json.NET (the original's serializer) spells values: ordered objects, its string escapes and its dates.
// A tiny writer keeps property order exact even for keys JavaScript objects would reorder (e.g. tag "1").

/** A JSON object as an ordered list of properties. */
export class OrderedJson {
  constructor(readonly entries: readonly (readonly [string, JsonValue])[]) {}
}

export type JsonValue = null | boolean | number | string | OrderedJson | readonly JsonValue[];

/** Compact JSON, the way Json.NET writes with Formatting.None. */
export function writeJson(value: JsonValue): string {
  if (value instanceof OrderedJson) {
    return `{${value.entries.map(([key, v]) => `${writeJsonString(key)}:${writeJson(v)}`).join(",")}}`;
  }
  if (Array.isArray(value)) return `[${value.map(writeJson).join(",")}]`;
  if (typeof value === "string") return writeJsonString(value);
  return JSON.stringify(value);
}

/** JSON.stringify's escapes plus the three characters Json.NET also escapes by default. */
export function writeJsonString(text: string): string {
  return JSON.stringify(text).replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * A UTC date as Json.NET writes a DateTime: ISO 8601 with "Z" and up to 7 fractional digits, trailing zeros
 * trimmed and the fraction left out when it is zero ("2023-04-05T03:31:23.626Z", "2009-02-15T00:00:00Z").
 */
export function formatJsonNetDate(date: Date): string {
  const iso = date.toISOString(); // yyyy-mm-ddThh:mm:ss.sssZ
  return iso.replace(/\.(\d{3})Z$/, (_, fraction: string) => {
    const trimmed = fraction.replace(/0+$/, "");
    return trimmed ? `.${trimmed}Z` : "Z";
  });
}

const ISO_DATE = /^(\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:[.,](\d+))?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Any ISO 8601 date-time: up to 7 (or more) fractional digits, "Z", an offset, or none (.NET's Unspecified
 * kind, which the original only produces for UTC values, so it is read as UTC). Undefined if not a date.
 */
export function parseIsoDate(text: string): Date | undefined {
  const match = ISO_DATE.exec(text.trim());
  if (!match) return undefined;
  const [, dateTime, fraction = "", zone = "Z"] = match;
  const milliseconds = fraction.padEnd(3, "0").slice(0, 3);
  const offset = zone.toUpperCase().replace(/^([+-]\d{2})(\d{2})$/, "$1:$2");
  const date = new Date(`${dateTime}${dateTime!.length === 16 ? ":00" : ""}.${milliseconds}${offset}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** .NET's DateTime.MinValue, what the original holds in a non-nullable date nobody set. */
export const DOTNET_MIN_DATE = new Date("0001-01-01T00:00:00Z");
