// `dtfx terminate <id> [--reason R] [--recursive]`: ends a running instance (and its sub-orchestrations) as Terminated.
import { TERMINAL_STATUSES } from "../client/orchestration-state.js";
import { EXIT, refuseExtraArgs, requiredArg, type CommandArgs } from "./cli-args.js";
import { requireInstance, withClient } from "./cli-session.js";
import { waitForResult } from "./wait-for-result.js";

const USAGE = "dtfx terminate <instance-id> [--reason R] [--recursive] [--wait]";

export async function terminateCommand({ values, args }: CommandArgs): Promise<number> {
  const instanceId = requiredArg(args, 0, "the instance id", USAGE);
  refuseExtraArgs(args, 1, USAGE);
  return withClient(values, async (client) => {
    const state = await requireInstance(client, instanceId);
    // A finished instance ignores the message; saying so beats a silent no-op.
    if (TERMINAL_STATUSES.has(state.runtimeStatus)) {
      console.log(`${instanceId} is already ${state.runtimeStatus}: nothing to terminate`);
      return EXIT.ok;
    }
    await client.terminateOrchestration(instanceId, values.reason, { recursive: values.recursive === true });
    console.log(`Termination requested for ${instanceId}${values.recursive ? " and its sub-orchestrations" : ""}`);
    return values.wait ? waitForResult(client, instanceId) : EXIT.ok;
  });
}
