// The flags every `dtfx` command may take, the exit codes, and the checks that turn bad arguments into usage errors.
import type { ParseArgsConfig } from "node:util";

export const EXIT = {
  ok: 0,
  /** A failure: storage unreachable, an operation refused, or replay-check found non-determinism. */
  failed: 1,
  usage: 2,
  /** No instance with the given id. */
  notFound: 3,
} as const;

export const CONNECTION_OPTIONS = ["connection-string", "account-name", "task-hub", "partitions"] as const;

/** One parseArgs table for all commands (flags may come before the command); each command lists the ones it accepts. */
export const ALL_OPTIONS = {
  "connection-string": { type: "string" },
  "account-name": { type: "string" },
  "task-hub": { type: "string", default: "DtfxDemo" },
  partitions: { type: "string", default: "4" },
  port: { type: "string" },
  host: { type: "string" },
  key: { type: "string" },
  "base-url": { type: "string" },
  module: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  status: { type: "string" },
  "created-from": { type: "string" },
  "created-to": { type: "string" },
  prefix: { type: "string" },
  top: { type: "string" },
  input: { type: "string" },
  id: { type: "string" },
  reason: { type: "string" },
  wait: { type: "boolean" },
  "older-than": { type: "string" },
  name: { type: "string" },
  limit: { type: "string" },
  force: { type: "boolean" },
  recursive: { type: "boolean" },
  "new-id": { type: "boolean" },
} as const satisfies ParseArgsConfig["options"];

export type OptionName = keyof typeof ALL_OPTIONS;

type ValueOf<K extends OptionName> = (typeof ALL_OPTIONS)[K]["type"] extends "boolean" ? boolean : string;
export type CliValues = { [K in OptionName]?: ValueOf<K> } & { "task-hub": string; partitions: string };

/** What a command receives: the parsed flags and the positionals after its name. */
export interface CommandArgs {
  values: CliValues;
  args: string[];
}

export class UsageError extends Error {
  override name = "UsageError";
}

/** Unknown instance id: exit code 3. */
export class InstanceNotFoundError extends Error {
  override name = "InstanceNotFoundError";
}

export function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`--${flag} must be a whole number from ${min} to ${max}`);
  return value;
}

/** The positional at `index`, or a usage error naming what is missing. */
export function requiredArg(args: string[], index: number, what: string, usage: string): string {
  const value = args[index];
  if (value === undefined || value === "") throw new UsageError(`Missing ${what}.\nUsage: ${usage}`);
  return value;
}

export function refuseExtraArgs(args: string[], count: number, usage: string): void {
  if (args.length > count) throw new UsageError(`Unexpected argument '${args[count]}'.\nUsage: ${usage}`);
}

/** A payload given on the command line: JSON text, as the HTTP API takes it. */
export function jsonArg(what: string, text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${what} must be JSON (e.g. '"text"', '42' or '{"a":1}'), got: ${text}`);
  }
}

export function dateFlag(flag: string, text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--${flag} must be an ISO date/time (e.g. 2026-01-31T12:00:00Z), got: ${text}`);
  return date;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

const STATUS_NAMES = ["Pending", "Running", "Completed", "ContinuedAsNew", "Failed", "Terminated", "Suspended", "Canceled"] as const;
export type StatusName = (typeof STATUS_NAMES)[number];

/** `--status Running,Completed`, matched case-insensitively to the original's status names. */
export function statusesFlag(text: string | undefined): StatusName[] | undefined {
  if (text === undefined) return undefined;
  return text.split(",").map((part) => {
    const found = STATUS_NAMES.find((name) => name.toLowerCase() === part.trim().toLowerCase());
    if (!found) throw new UsageError(`Unknown status '${part}': use ${STATUS_NAMES.join(", ")}`);
    return found;
  });
}
