// One logger for the whole package: structured events with a stable name and fields, silent unless a sink
// is given. Values that look like account keys, SAS signatures or connection strings never reach a sink.
export type LogLevel = "debug" | "info" | "warn" | "error";

/** What a sink receives: `{ event: "EpisodeCommitted", instanceId, partition, ms, level, time }`. */
export interface LogEntry {
  event: string;
  level: LogLevel;
  time: Date;
  [field: string]: unknown;
}

export type LogSink = (entry: LogEntry) => void;
export type LogFields = Record<string, unknown>;

export interface Logger {
  /** Routine detail worth seeing only when looking for it (readable lines hide it unless DTFX_LOG_LEVEL=debug). */
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  /** The error is logged as `error: { name, message }` (its stack only with `includeStacks`). */
  error(event: string, error: unknown, fields?: LogFields): void;
  /** A logger adding these fields to each event (e.g. `{ workerId }`). */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  /** Where events go; without one, the sink set by setLogSink (none by default: silent). */
  sink?: LogSink;
  includeStacks?: boolean;
  /** Injectable for tests. */
  now?: () => Date;
}

let processSink: LogSink | undefined;

/** The sink of every logger created without its own (`dtfx start` sets readable lines); undefined silences. */
export function setLogSink(sink: LogSink | undefined): void {
  processSink = sink;
}

export function createLogger(options: LoggerOptions = {}, bound: LogFields = {}): Logger {
  const now = options.now ?? (() => new Date());
  const emit = (level: LogLevel, event: string, fields: LogFields | undefined) => {
    const sink = options.sink ?? processSink;
    if (!sink) return;
    const safe = redactFields({ ...bound, ...fields });
    try {
      sink({ ...safe, event, level, time: now() });
    } catch {
      // A failing sink must never fail the work being logged.
    }
  };
  return {
    debug: (event, fields) => emit("debug", event, fields),
    info: (event, fields) => emit("info", event, fields),
    warn: (event, fields) => emit("warn", event, fields),
    error: (event, error, fields) => emit("error", event, { ...fields, error: describeError(error, options.includeStacks) }),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}

/** A logger that drops everything, for library defaults and tests. */
export const silentLogger: Logger = createLogger({ sink: () => undefined });

function describeError(error: unknown, includeStack = false): LogFields {
  if (!(error instanceof Error)) return { message: String(error) };
  const described: LogFields = { name: error.name, message: error.message };
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === "number") described.statusCode = status;
  if (includeStack && error.stack) described.stack = error.stack;
  return described;
}

// ---- redaction -------------------------------------------------------------------------------------------

const SECRET_FIELD = /^(connectionString|accountKey|credential|password|secret|sasToken|token|authorization)$/i;
const SECRET_PATTERNS: [RegExp, string][] = [
  [/\b(AccountKey|SharedAccessSignature|SharedAccessKey|sig)=[^;&\s"']+/gi, "$1=[redacted]"],
  [/\bBearer\s+[\w.~+/-]+=*/gi, "Bearer [redacted]"],
  [/\beyJ[\w-]+\.[\w-]+\.[\w-]+/g, "[redacted]"], // a JWT
  [/[A-Za-z0-9+/]{86}==/g, "[redacted]"], // a 64-byte account key in base64
];
export const REDACTED = "[redacted]";

/** Pure: the text with every secret-looking part replaced. */
export function redactText(text: string): string {
  return SECRET_PATTERNS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

/** Pure: a copy of the fields in which secret-named fields and secret-looking text are redacted. */
export function redactFields(fields: LogFields): LogFields {
  return redactValue(fields, 0) as LogFields;
}

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === "string") return redactText(value);
  if (value instanceof Error) return redactValue(describeError(value), depth);
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  if (depth >= 4) return "[…]";
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, SECRET_FIELD.test(key) ? REDACTED : redactValue(item, depth + 1)]),
  );
}

// ---- readable lines ----------------------------------------------------------------------------------------

/**
 * A sink writing `time event k=v …` lines (other levels than info add `level=`), as `npm start` shows them;
 * debug entries only when `showDebug` (default: the DTFX_LOG_LEVEL environment variable is "debug").
 */
export function readableLinesSink(
  write: (line: string) => void = (line) => process.stderr.write(line + "\n"),
  showDebug = process.env.DTFX_LOG_LEVEL?.toLowerCase() === "debug",
): LogSink {
  return (entry) => {
    if (entry.level !== "debug" || showDebug) write(formatLogLine(entry));
  };
}

/** Pure: one entry as a readable line. */
export function formatLogLine(entry: LogEntry): string {
  const { event, level, time, ...fields } = entry;
  const pairs = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${formatValue(value)}`);
  if (level !== "info") pairs.push(`level=${level}`);
  // Values are escaped already; this also covers event names and keys, so one line stays one harmless line.
  return escapeUnprintable([time.toISOString(), event, ...pairs].join(" "));
}

/**
 * Characters a terminal or grep would act on rather than show: C0/C1 controls (ESC starts terminal escape
 * sequences), DEL, line and paragraph separators, and bidirectional overrides that reorder what is shown.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const HAS_UNPRINTABLE = new RegExp(UNPRINTABLE.source);

/** Pure: the text with every unprintable character written as `\uXXXX`. */
export function escapeUnprintable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function formatValue(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "string") {
    return /^[^\s"=]+$/.test(value) && !HAS_UNPRINTABLE.test(value) ? value : escapeUnprintable(JSON.stringify(value));
  }
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  return escapeUnprintable(JSON.stringify(value) ?? String(value));
}
