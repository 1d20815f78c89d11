// `dtfx purge <id> [--force] [--recursive]` deletes one instance's status and history (one not finished only with
// --force, which terminates it first; its sub-orchestrations' too with --recursive); `dtfx purge --older-than 30d [--status S]`
// deletes every instance created before now minus that duration (finished ones only unless --status says otherwise).
import { TERMINAL_STATUSES, type OrchestrationRuntimeStatus } from "../core/index.js";
import { EXIT, InstanceNotFoundError, refuseExtraArgs, statusesFlag, UsageError, type CommandArgs } from "./cli-args.js";
import { withClient } from "./cli-session.js";
import { parseDuration } from "./durations.js";

const USAGE = "dtfx purge <instance-id> [--force] [--recursive] | dtfx purge --older-than 30d [--status Completed,Failed,Terminated]";

/** Bulk purge leaves running instances alone unless asked: deleting their history under a worker breaks them. */
const FINISHED: OrchestrationRuntimeStatus[] = [...TERMINAL_STATUSES];

export async function purgeCommand({ values, args }: CommandArgs): Promise<number> {
  refuseExtraArgs(args, 1, USAGE);
  const [instanceId] = args;
  const olderThan = values["older-than"];
  if (instanceId !== undefined && (olderThan !== undefined || values.status !== undefined)) {
    throw new UsageError(`Give either an instance id or --older-than, not both.\nUsage: ${USAGE}`);
  }
  if (instanceId !== undefined) return purgeOne(values, instanceId);
  if (values.force || values.recursive) throw new UsageError(`--force and --recursive go with an instance id.\nUsage: ${USAGE}`);
  if (olderThan === undefined) throw new UsageError(`Missing the instance id or --older-than.\nUsage: ${USAGE}`);
  const createdTo = new Date(Date.now() - parseDuration("older-than", olderThan));
  const runtimeStatus = statusesFlag(values.status) ?? FINISHED;
  const result = await withClient(values, (client) => client.purgeOrchestrations({ createdTo, runtimeStatus }));
  report(values.json, { ...result, createdTo, runtimeStatus }, `Purged ${result.deletedInstanceCount} instance(s) created before ${createdTo.toISOString()} with status ${runtimeStatus.join(", ")}`);
  return EXIT.ok;
}

async function purgeOne(values: CommandArgs["values"], instanceId: string): Promise<number> {
  const options = { force: values.force === true, recursive: values.recursive === true };
  const result = await withClient(values, (client) => client.purgeOrchestration(instanceId, options));
  if (result.deletedInstanceCount === 0) throw new InstanceNotFoundError(`No instance with id '${instanceId}' in this task hub`);
  report(values.json, { ...result, instanceId }, `Purged ${instanceId}`);
  return EXIT.ok;
}

function report(json: boolean | undefined, value: object, text: string): void {
  if (json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  else console.log(text);
}
