// `dtfx rewind <id> [--reason R]`: rewinds a Failed instance as the original does, so its failed activities
// and sub-orchestrations run again; any other status is refused (exit 1) with what it is.
import { EXIT, refuseExtraArgs, requiredArg, type CommandArgs } from "./cli-args.js";
import { requireInstance, withClient } from "./cli-session.js";

const USAGE = "dtfx rewind <instance-id> [--reason R]";

export async function rewindCommand({ values, args }: CommandArgs): Promise<number> {
  const instanceId = requiredArg(args, 0, "the instance id", USAGE);
  refuseExtraArgs(args, 1, USAGE);
  await withClient(values, async (client) => {
    await requireInstance(client, instanceId);
    await client.rewindOrchestration(instanceId, values.reason);
  });
  console.log(`Rewind requested for ${instanceId}: its failed tasks run again`);
  return EXIT.ok;
}
