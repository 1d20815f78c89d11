// `dtfx suspend <id> [--reason R]` and `dtfx resume <id> [--reason R]`: pause an instance's processing and
// continue it (events that arrive meanwhile wait, as in the original).
import type { TaskHubClient } from "../client/task-hub-client.js";
import { EXIT, refuseExtraArgs, requiredArg, type CommandArgs } from "./cli-args.js";
import { requireInstance, withClient } from "./cli-session.js";

export function suspendCommand(command: CommandArgs): Promise<number> {
  return steer(command, "suspend", (client, id, reason) => client.suspendOrchestration(id, reason));
}

export function resumeCommand(command: CommandArgs): Promise<number> {
  return steer(command, "resume", (client, id, reason) => client.resumeOrchestration(id, reason));
}

type Steering = (client: TaskHubClient, instanceId: string, reason?: string) => Promise<void>;

async function steer({ values, args }: CommandArgs, verb: string, send: Steering): Promise<number> {
  const usage = `dtfx ${verb} <instance-id> [--reason R]`;
  const instanceId = requiredArg(args, 0, "the instance id", usage);
  refuseExtraArgs(args, 1, usage);
  await withClient(values, async (client) => {
    await requireInstance(client, instanceId);
    await send(client, instanceId, values.reason);
  });
  console.log(`${verb === "suspend" ? "Suspension" : "Resumption"} requested for ${instanceId}`);
  return EXIT.ok;
}
