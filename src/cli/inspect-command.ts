// `dtfx inspect <id>`: an instance's status and payloads, its history as a timeline, why it is not done yet,
// and the poison messages set aside for it.
import type { HubDescription, OrchestrationState, PoisonMessage } from "../backend/orchestration-service.js";
import { partitionOf } from "../azure/partitioning/partition-hash.js";
import type { FailureDetails } from "../core/index.js";
import type { TaskHubClient } from "../client/task-hub-client.js";
import { EXIT, printJson, refuseExtraArgs, requiredArg, type CommandArgs } from "./cli-args.js";
import { requireInstance, withClient } from "./cli-session.js";
import { buildTimeline, type TimelineEntry } from "./history-timeline.js";
import { diagnose, type Diagnosis } from "./instance-diagnosis.js";
import { formatDuration, formatTable, formatTime, formatValue, terminalSafe } from "./text-table.js";

const USAGE = "dtfx inspect <instance-id> [--json]";

export interface InspectReport {
  instance: OrchestrationState;
  timeline: TimelineEntry[];
  diagnosis: Diagnosis;
  poisonMessages: PoisonMessage[];
  /** The instance's partition and who owns it now, whatever the hub's partition management kind. */
  partition?: HubDescription["partitions"][number];
}

export async function inspectCommand({ values, args }: CommandArgs): Promise<number> {
  const instanceId = requiredArg(args, 0, "the instance id", USAGE);
  refuseExtraArgs(args, 1, USAGE);
  const report = await withClient(values, (client) => inspectInstance(client, instanceId));
  if (values.json) printJson(report);
  else console.log(terminalSafe(formatReport(report)));
  return EXIT.ok;
}

async function inspectInstance(client: TaskHubClient, instanceId: string): Promise<InspectReport> {
  const instance = await requireInstance(client, instanceId, true);
  const [history, poisonMessages, partition] = await Promise.all([
    client.getOrchestrationHistory(instanceId),
    poisonMessagesOf(client, instanceId),
    partitionOfInstance(client, instanceId),
  ]);
  return { instance, timeline: buildTimeline(history), diagnosis: diagnose(instance, history, new Date()), poisonMessages, partition };
}

/** Read from storage (lease blobs or the Partitions table); undefined where the backend cannot tell. */
async function partitionOfInstance(client: TaskHubClient, instanceId: string): Promise<HubDescription["partitions"][number] | undefined> {
  const hub = await client.service.describeHub?.().catch(() => undefined);
  if (!hub) return undefined;
  const partition = partitionOf(instanceId, hub.partitionCount);
  return hub.partitions.find((p) => p.partition === partition);
}

async function poisonMessagesOf(client: TaskHubClient, instanceId: string): Promise<PoisonMessage[]> {
  const found: PoisonMessage[] = [];
  for await (const message of client.listPoisonMessages()) if (message.instanceId === instanceId) found.push(message);
  return found;
}

function formatReport({ instance: s, timeline, diagnosis, poisonMessages, partition }: InspectReport): string {
  const fields: [string, string][] = [
    ["Instance", s.instanceId],
    ["Name", s.name],
    ["Status", s.runtimeStatus],
    ["Created", formatTime(s.createdAt)],
    ["Last updated", formatTime(s.lastUpdatedAt)],
    ["Completed", formatTime(s.completedAt)],
    ["Scheduled start", formatTime(s.scheduledStartAt)],
    ["Input", formatValue(s.input)],
    ["Output", formatValue(s.output)],
    ["Custom status", formatValue(s.customStatus)],
    ["Failure", s.failureDetails ? formatFailure(s.failureDetails) : ""],
    ["Partition", partition ? `${partition.partition} (${partition.controlQueue}), ${partition.owner ? `owned by ${partition.owner}` : "no owner now"}` : ""],
  ];
  const header = fields.filter(([, value]) => value !== "").map(([label, value]) => `${`${label}:`.padEnd(17)}${value}`);
  return [
    ...header,
    "",
    "Diagnosis:",
    ...diagnosis.summary.map((line) => `  - ${line}`),
    "",
    "Timeline:",
    timeline.length === 0 ? "  (no history yet)" : indent(timelineTable(timeline)),
    "",
    "Poison messages:",
    ...(poisonMessages.length === 0 ? ["  (none)"] : poisonMessages.map((m) => `  - ${m.id} from ${m.sourceQueue} at ${formatTime(m.insertedAt)}: ${m.reason}`)),
  ].join("\n");
}

function formatFailure(failure: FailureDetails): string {
  const inner = failure.innerFailure ? ` (caused by ${formatFailure(failure.innerFailure)})` : "";
  return `${failure.errorType}: ${failure.message}${inner}`;
}

function timelineTable(timeline: TimelineEntry[]): string {
  const rows = timeline.map((e) => [
    `+${formatDuration(e.offsetInMs)}`,
    e.eventType,
    e.taskId === undefined ? "" : `#${e.taskId}`,
    e.name ?? "",
    e.durationInMs === undefined ? "" : formatDuration(e.durationInMs),
    formatValue(e.detail),
  ]);
  return formatTable(["Offset", "Event", "Task", "Name", "Took", "Detail"], rows);
}

function indent(text: string): string {
  return text.split("\n").map((line) => `  ${line}`).join("\n");
}
