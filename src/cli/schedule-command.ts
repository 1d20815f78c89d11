// `dtfx start <name> [--input JSON] [--id ID]`: schedules a new instance and prints its id.
// (`dtfx start` without a name hosts a worker instead: see start-command.ts.)
import { EXIT, jsonArg, refuseExtraArgs, requiredArg, UsageError, type CommandArgs } from "./cli-args.js";
import { withClient } from "./cli-session.js";
import { assertNewOrchestrationId } from "../core/index.js";
import { waitForResult } from "./wait-for-result.js";
import { hostedOrchestrators } from "./worker-names.js";

const USAGE = "dtfx start <orchestrator-name> [--input JSON] [--id INSTANCE-ID] [--wait]";

export async function scheduleCommand({ values, args }: CommandArgs): Promise<number> {
  const name = requiredArg(args, 0, "the orchestrator name", USAGE);
  refuseExtraArgs(args, 1, USAGE);
  const input = jsonArg("--input", values.input);
  // Refused before storage is touched: a bad --id is a usage error (exit 2), whatever the account.
  if (values.id !== undefined) assertNewOrchestrationId(values.id);
  await checkName(name, values["task-hub"]);
  return withClient(values, async (client) => {
    const instanceId = await client.scheduleNewOrchestration(name, input, { instanceId: values.id });
    console.log(instanceId);
    return values.wait ? waitForResult(client, instanceId) : EXIT.ok;
  });
}

/** Refuses a name the hosting worker does not know, as the HTTP API does; says so when it cannot know. */
async function checkName(name: string, taskHub: string): Promise<void> {
  const hosted = await hostedOrchestrators(taskHub);
  if (!hosted) {
    console.error(
      `Note: dtfx cannot see which orchestrators the worker hosts (no 'dtfx start' API answers for task hub '${taskHub}'); ` +
        `if none is named '${name}', the instance will fail (see dtfx inspect <id>).`,
    );
    return;
  }
  if (hosted.orchestrators.some((known) => known.toLowerCase() === name.toLowerCase())) return;
  throw new UsageError(`No orchestrator named '${name}' is registered with ${hosted.source}; it hosts: ${hosted.orchestrators.join(", ")}`);
}
