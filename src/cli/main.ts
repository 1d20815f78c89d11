#!/usr/bin/env node
// The `dtfx` command: parses the flags, then hands over to the command's module. Exit codes: 0 done,
// 1 failed (or replay-check found non-determinism), 2 usage error, 3 no such instance.
import { parseArgs } from "node:util";
import { ALL_OPTIONS, CONNECTION_OPTIONS, EXIT, InstanceNotFoundError, UsageError, wholeNumber, type CliValues, type OptionName } from "./cli-args.js";
import { StorageUnreachableError } from "./cli-session.js";
import { COMMANDS, HOST_FLAGS, SCHEDULE, type CommandSpec } from "./commands.js";
import { startCommand } from "./start-command.js";
import { terminalSafe } from "./text-table.js";

const USAGE = `Usage: dtfx <command> [arguments] [options]

Commands:
  start                         Run a worker hosting the samples (or --module), the HTTP API and the dashboard,
                                on embedded Azurite unless an account is given. Samples (input): HelloCities
                                (["Paris","Rome"]), FanOutFanIn (n), Monitor, Approval (timeout ms; waits for
                                the event "Approval"), and the Counter entity (add, subtract, reset, get)
  start <name> [--input JSON] [--id ID] [--wait]
                                Schedule a new instance of an orchestrator; prints its id (--wait: then waits
                                for it to finish and prints its status and output as JSON)
  list                          List instances: [--status Running,Completed] [--created-from ISO] [--created-to ISO]
                                [--prefix P] [--top N (default 100)] [--json]
  inspect <id> [--json]         Status, payloads, failure, history timeline, why it is not done, poison messages
  history <id> [--json]         The recorded history events of the instance's current execution
  raise <id> <event> [JSON] [--wait]
                                Raise an external event (data as JSON), e.g. raise <id> Approval '"ok"'
  terminate <id> [--reason R] [--recursive] [--wait]
                                Terminate an instance (--recursive: and every sub-orchestration under it)
  suspend <id> [--reason R]     Suspend an instance
  resume <id> [--reason R]      Resume a suspended instance
  restart <id> [--new-id]       Run an instance again from the start with its input (--new-id: under a new
                                id); prints the id
  rewind <id> [--reason R]      Rewind a Failed instance: its failed activities and sub-orchestrations run again
  purge <id> [--force] [--recursive]
                                Delete an instance's status and history; one not finished is refused unless
                                --force (terminates it first); --recursive: its sub-orchestrations too
  purge --older-than 30d [--status S1,S2]
                                Delete instances created before now minus 30d (d, h, m, s units);
                                only Completed, Failed and Terminated ones unless --status says otherwise
  replay-check --module PATH [--name N] [--limit K (default 100)] [--json]
                                Replay recorded histories against the module's orchestrators (its export
                                register(worker)); exit 1 if any instance would hit non-determinism

Connection options (every command):
  --connection-string S   Azure Storage connection string (default: $AZURE_STORAGE_CONNECTION_STRING; with
                          neither, commands use the embedded Azurite of a running 'npm start' / 'dtfx start'
                          when azurite.json's ports answer, or pass UseDevelopmentStorage=true yourself)
  --account-name A        Storage account signed in with DefaultAzureCredential
  --task-hub NAME         Task hub name (default: DtfxDemo)
  --partitions N          Partition count, 1-16 (default: 4; must match the task hub's)

start options (hosting):
  --port N                HTTP API port (default: 7071; 0 picks a free one)
  --host H                Interface to bind (default: 127.0.0.1; any other needs --key)
  --key K                 API key every request must carry, 16 characters or more (default: $DTFX_API_KEY)
  --base-url URL          Public base of the URLs the API returns (default: http://<host>:<port>)
  --module PATH           What to host instead of the samples: a module exporting register(worker), a
                          durable-functions v4 app file (dtfx/durable-functions, dtfx/functions), or a v3
                          function app folder (<Name>/function.json); HTTP functions are served under /api/
  -h, --help              Show this help

Read commands take --json and then print only JSON.
Timing: a worker in another process that has been idle polls its queues with a backoff up to 30 s, so a
command's effect can take that long to show (the HTTP API and dashboard of 'dtfx start' wake it at once);
--wait waits for the outcome. Dashboard: http://127.0.0.1:7071/dashboard/ while 'dtfx start' runs.
Exit codes: 0 done, 1 failed (storage unreachable, operation refused, non-determinism found),
            2 usage error, 3 no instance with that id.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: ALL_OPTIONS });
  const [command, ...args] = positionals;
  if (values.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  if (!command) throw new UsageError(`Missing the command.\n\n${USAGE}`);
  if (command === "start" && args.length === 0) return host(values as CliValues);
  const spec = command === "start" ? SCHEDULE : COMMANDS[command];
  if (!spec) throw new UsageError(`Unknown command '${command}'.\n\n${USAGE}`);
  refuseOtherFlags(command, spec, values);
  return spec.run({ values: values as CliValues, args });
}

function refuseOtherFlags(command: string, spec: CommandSpec, values: Record<string, unknown>): void {
  const allowed = new Set<string>([...CONNECTION_OPTIONS, ...spec.flags, "help"]);
  const other = Object.keys(values).find((flag) => !allowed.has(flag) && values[flag] !== undefined && !hasDefault(flag));
  if (other) throw new UsageError(`'dtfx ${command}' takes no --${other} option (see dtfx --help)`);
}

function hasDefault(flag: string): boolean {
  return "default" in ALL_OPTIONS[flag as OptionName];
}

async function host(values: CliValues): Promise<number> {
  refuseOtherFlags("start", { flags: HOST_FLAGS, run: async () => EXIT.ok }, values);
  await startCommand({
    connectionString: values["connection-string"],
    accountName: values["account-name"],
    taskHub: values["task-hub"],
    partitions: wholeNumber("partitions", values.partitions, 1, 16),
    port: values.port === undefined ? undefined : wholeNumber("port", values.port, 0, 65535),
    host: values.host,
    key: values.key ?? process.env.DTFX_API_KEY,
    baseUrl: values["base-url"],
    module: values.module,
  });
  return -1; // keeps running until a signal
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(terminalSafe(messageOf(error)));
    process.exit(exitCodeOf(error));
  },
);

/** Our own errors speak for themselves; others keep their name (e.g. InstanceExistsError) to say what failed. */
function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if ((error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) return `${error.message} (see dtfx --help)`;
  const plain = error instanceof UsageError || error instanceof InstanceNotFoundError || error instanceof StorageUnreachableError;
  return plain || error.name === "Error" ? error.message : `${error.name}: ${error.message}`;
}

/** Errors that say the command line asked for something impossible: usage errors, whoever noticed them. */
const USAGE_ERROR_NAMES = new Set(["UsageError", "UnsafeBindingError", "InvalidTaskHubNameError", "InvalidInstanceIdError"]);

function exitCodeOf(error: unknown): number {
  if (USAGE_ERROR_NAMES.has((error as Error)?.name) || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) return EXIT.usage;
  if (error instanceof InstanceNotFoundError) return EXIT.notFound;
  return EXIT.failed;
}
