// `dtfx raise <id> <event> [JSON]`: delivers an external event to an instance.
import { EXIT, jsonArg, refuseExtraArgs, requiredArg, type CommandArgs } from "./cli-args.js";
import { requireInstance, withClient } from "./cli-session.js";
import { waitForResult } from "./wait-for-result.js";

const USAGE = "dtfx raise <instance-id> <event-name> [JSON-data] [--wait]";

export async function raiseCommand({ values, args }: CommandArgs): Promise<number> {
  const instanceId = requiredArg(args, 0, "the instance id", USAGE);
  const eventName = requiredArg(args, 1, "the event name", USAGE);
  refuseExtraArgs(args, 3, USAGE);
  const data = jsonArg("The event data", args[2]);
  return withClient(values, async (client) => {
    await requireInstance(client, instanceId);
    await client.raiseEvent(instanceId, eventName, data);
    console.log(`Raised '${eventName}' on ${instanceId}`);
    return values.wait ? waitForResult(client, instanceId) : EXIT.ok;
  });
}
