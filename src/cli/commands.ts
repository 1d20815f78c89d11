// The `dtfx` commands by name, each with the flags it accepts beyond the connection flags.
import type { CommandArgs, OptionName } from "./cli-args.js";
import { historyCommand } from "./history-command.js";
import { inspectCommand } from "./inspect-command.js";
import { listCommand } from "./list-command.js";
import { purgeCommand } from "./purge-command.js";
import { raiseCommand } from "./raise-command.js";
import { replayCheckCommand } from "./replay-check-command.js";
import { restartCommand } from "./restart-command.js";
import { rewindCommand } from "./rewind-command.js";
import { scheduleCommand } from "./schedule-command.js";
import { resumeCommand, suspendCommand } from "./suspend-resume-commands.js";
import { terminateCommand } from "./terminate-command.js";

export interface CommandSpec {
  flags: OptionName[];
  run(command: CommandArgs): Promise<number>;
}

export const COMMANDS: Record<string, CommandSpec> = {
  list: { flags: ["status", "created-from", "created-to", "prefix", "top", "json"], run: listCommand },
  inspect: { flags: ["json"], run: inspectCommand },
  history: { flags: ["json"], run: historyCommand },
  raise: { flags: ["wait"], run: raiseCommand },
  terminate: { flags: ["reason", "recursive", "wait"], run: terminateCommand },
  suspend: { flags: ["reason"], run: suspendCommand },
  resume: { flags: ["reason"], run: resumeCommand },
  restart: { flags: ["new-id"], run: restartCommand },
  rewind: { flags: ["reason"], run: rewindCommand },
  purge: { flags: ["older-than", "status", "json", "force", "recursive"], run: purgeCommand },
  "replay-check": { flags: ["module", "name", "limit", "json"], run: replayCheckCommand },
};

/** `start` with an orchestrator name schedules an instance; without one it hosts a worker (start-command.ts). */
export const SCHEDULE: CommandSpec = { flags: ["input", "id", "wait"], run: scheduleCommand };
export const HOST_FLAGS: OptionName[] = ["port", "host", "key", "base-url", "module"];
