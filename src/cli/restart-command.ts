// `dtfx restart <id> [--new-id]`: runs an instance again from the start with its original input (under a new id
// with --new-id); prints the id it runs under.
import { EXIT, refuseExtraArgs, requiredArg, type CommandArgs } from "./cli-args.js";
import { requireInstance, withClient } from "./cli-session.js";

const USAGE = "dtfx restart <instance-id> [--new-id]";

export async function restartCommand({ values, args }: CommandArgs): Promise<number> {
  const instanceId = requiredArg(args, 0, "the instance id", USAGE);
  refuseExtraArgs(args, 1, USAGE);
  const newId = await withClient(values, async (client) => {
    await requireInstance(client, instanceId);
    return client.restartOrchestration(instanceId, { newInstanceId: values["new-id"] === true });
  });
  console.log(newId);
  return EXIT.ok;
}
