#!/usr/bin/env node
// The `dtfx` command: parses the flags every command shares, then hands over to the command's module.
import { parseArgs } from "node:util";
import { startCommand } from "./start-command.js";

const USAGE = `Usage: dtfx <command> [options]

Commands:
  start   Run a worker hosting the samples (or --module) and the HTTP API, on embedded Azurite unless an account is given

Connection options (every command):
  --connection-string S   Azure Storage connection string (default: $AZURE_STORAGE_CONNECTION_STRING)
  --account-name A        Storage account signed in with DefaultAzureCredential
  --task-hub NAME         Task hub name (default: DtfxDemo)
  --partitions N          Partition count, 1-16 (default: 4)

start options:
  --port N                HTTP API port (default: 7071; 0 picks a free one)
  --host H                Interface to bind (default: 127.0.0.1; any other needs --key)
  --key K                 API key every request must carry (default: $DTFX_API_KEY)
  --module PATH           A module exporting register(worker) to host instead of the samples
  -h, --help              Show this help`;

export const SHARED_OPTIONS = {
  "connection-string": { type: "string" },
  "account-name": { type: "string" },
  "task-hub": { type: "string", default: "DtfxDemo" },
  partitions: { type: "string", default: "4" },
  port: { type: "string" },
  host: { type: "string" },
  key: { type: "string" },
  module: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

class UsageError extends Error {
  override name = "UsageError";
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`--${flag} must be a whole number from ${min} to ${max}`);
  return value;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: SHARED_OPTIONS });
  const [command] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 1;
  }
  if (command !== "start") throw new UsageError(`Unknown command '${command}'.\n\n${USAGE}`);
  await startCommand({
    connectionString: values["connection-string"],
    accountName: values["account-name"],
    taskHub: values["task-hub"],
    partitions: wholeNumber("partitions", values.partitions, 1, 16),
    port: values.port === undefined ? undefined : wholeNumber("port", values.port, 0, 65535),
    host: values.host,
    key: values.key ?? process.env.DTFX_API_KEY,
    module: values.module,
  });
  return -1; // keeps running until a signal
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? `${error.name === "Error" ? "" : `${error.name}: `}${error.message}` : error);
    process.exit(error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") ? 2 : 1);
  },
);
