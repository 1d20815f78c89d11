// Reading typed table values leniently: rows may come from us or from the .NET original, through an SDK that
// hands back Int32 as number, Int64 as bigint, DateTime as Date, or `{ value, type }` objects when asked to.

type TypedValue = { value: unknown; type: string };

const isTypedValue = (value: unknown): value is TypedValue =>
  typeof value === "object" && value !== null && !(value instanceof Date) && "value" in value && "type" in value;

/** The bare value: `{ value, type }` unwrapped, everything else as is. */
export function untyped(value: unknown): unknown {
  return isTypedValue(value) ? value.value : value;
}

/** A string column; null and absent are undefined. */
export function readString(value: unknown): string | undefined {
  const bare = untyped(value);
  return typeof bare === "string" ? bare : undefined;
}

/** A string column where .NET's "null" (its way of writing a null) also means absent. */
export function readNullableText(value: unknown): string | undefined {
  const text = readString(value);
  return text === undefined || text === "null" ? undefined : text;
}

export function readInt(value: unknown): number | undefined {
  const bare = untyped(value);
  if (typeof bare === "number") return Number.isFinite(bare) ? Math.trunc(bare) : undefined;
  if (typeof bare === "bigint") return Number(bare);
  if (typeof bare === "string" && /^-?\d+$/.test(bare.trim())) return Number(bare);
  return undefined;
}

export function readBool(value: unknown): boolean | undefined {
  const bare = untyped(value);
  if (typeof bare === "boolean") return bare;
  if (typeof bare === "string") {
    const lower = bare.trim().toLowerCase();
    if (lower === "true" || lower === "false") return lower === "true";
  }
  return undefined;
}

export function readDate(value: unknown): Date | undefined {
  const bare = untyped(value);
  if (bare instanceof Date) return Number.isNaN(bare.getTime()) ? undefined : bare;
  if (typeof bare !== "string" || bare === "") return undefined;
  const date = new Date(bare);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** 1601-01-01, the smallest Edm.DateTime: .NET writes it (or DateTime.MinValue) where it means "no date". */
const MIN_TABLE_DATE = Date.UTC(1601, 0, 1);

/** A date column where the minimum date stands for none (e.g. CompletedTime of a running instance). */
export function readOptionalDate(value: unknown): Date | undefined {
  const date = readDate(value);
  return date && date.getTime() > MIN_TABLE_DATE ? date : undefined;
}
