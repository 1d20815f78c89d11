// `dtfx history <id>`: the recorded events of an instance's current execution, as a table or JSON.
import { EXIT, printJson, refuseExtraArgs, requiredArg, type CommandArgs } from "./cli-args.js";
import { requireInstance, withClient } from "./cli-session.js";
import { buildTimeline } from "./history-timeline.js";
import { formatDuration, formatTable, formatTime, formatValue } from "./text-table.js";

const USAGE = "dtfx history <instance-id> [--json]";

export async function historyCommand({ values, args }: CommandArgs): Promise<number> {
  const instanceId = requiredArg(args, 0, "the instance id", USAGE);
  refuseExtraArgs(args, 1, USAGE);
  const history = await withClient(values, async (client) => {
    await requireInstance(client, instanceId);
    return client.getOrchestrationHistory(instanceId);
  });
  if (values.json) {
    printJson(history);
    return EXIT.ok;
  }
  const rows = buildTimeline(history).map((e, index) => [
    String(index),
    formatTime(e.timestamp),
    e.eventType,
    e.taskId === undefined ? "" : `#${e.taskId}`,
    e.name ?? "",
    e.durationInMs === undefined ? "" : formatDuration(e.durationInMs),
    formatValue(e.detail),
  ]);
  console.log(rows.length === 0 ? "No history yet." : formatTable(["#", "Time", "Event", "Task", "Name", "Took", "Detail"], rows));
  return EXIT.ok;
}
