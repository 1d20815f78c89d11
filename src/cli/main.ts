#!/usr/bin/env node
// The `dtfx` command.
import { parseArgs } from "node:util";
import { startCommand } from "./start-command.js";

const USAGE = `Usage: dtfx <command> [options]

Commands:
  start   Run a worker hosting the samples on embedded Azurite (or --connection-string)

Options:
  --connection-string S   Azure Storage connection string (default: $AZURE_STORAGE_CONNECTION_STRING, else embedded Azurite)
  --task-hub NAME         Task hub name (default: DtfxDemo)
  --partitions N          Partition count, 1-16 (default: 4)
  -h, --help              Show this help`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "connection-string": { type: "string" },
      "task-hub": { type: "string", default: "DtfxDemo" },
      partitions: { type: "string", default: "4" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 1;
  }
  if (command !== "start") {
    console.error(`Unknown command '${command}'.\n\n${USAGE}`);
    return 2;
  }
  const partitions = Number(values.partitions);
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 16) {
    console.error("--partitions must be a whole number from 1 to 16");
    return 2;
  }
  await startCommand({
    connectionString: values["connection-string"] ?? process.env.AZURE_STORAGE_CONNECTION_STRING,
    taskHub: values["task-hub"]!,
    partitions,
  });
  return -1; // keeps running until a signal
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
    process.exit(1);
  },
);
