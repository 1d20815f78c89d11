// `dtfx start <name> [--input JSON] [--id ID]`: schedules a new instance and prints its id.
// (`dtfx start` without a name hosts a worker instead: see start-command.ts.)
import { EXIT, jsonArg, refuseExtraArgs, requiredArg, type CommandArgs } from "./cli-args.js";
import { withClient } from "./cli-session.js";
import { assertNewOrchestrationId } from "../core/index.js";

const USAGE = "dtfx start <orchestrator-name> [--input JSON] [--id INSTANCE-ID]";

export async function scheduleCommand({ values, args }: CommandArgs): Promise<number> {
  const name = requiredArg(args, 0, "the orchestrator name", USAGE);
  refuseExtraArgs(args, 1, USAGE);
  const input = jsonArg("--input", values.input);
  // Refused before storage is touched: a bad --id is a usage error (exit 2), whatever the account.
  if (values.id !== undefined) assertNewOrchestrationId(values.id);
  const instanceId = await withClient(values, (client) => client.scheduleNewOrchestration(name, input, { instanceId: values.id }));
  console.log(instanceId);
  return EXIT.ok;
}
