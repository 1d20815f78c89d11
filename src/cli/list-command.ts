// `dtfx list`: instances matching the filters, newest pages first as the query returns them, as a table or JSON.
import type { OrchestrationState } from "../backend/orchestration-service.js";
import type { TaskHubClient } from "../client/task-hub-client.js";
import { dateFlag, EXIT, printJson, refuseExtraArgs, statusesFlag, wholeNumber, type CommandArgs } from "./cli-args.js";
import { withClient } from "./cli-session.js";
import { formatTable, formatTime } from "./text-table.js";

const USAGE = "dtfx list [--status S1,S2] [--created-from ISO] [--created-to ISO] [--prefix P] [--top N] [--json]";

export async function listCommand({ values, args }: CommandArgs): Promise<number> {
  refuseExtraArgs(args, 0, USAGE);
  const top = wholeNumber("top", values.top ?? "100", 1, 100_000);
  const query = {
    runtimeStatus: statusesFlag(values.status),
    createdFrom: dateFlag("created-from", values["created-from"]),
    createdTo: dateFlag("created-to", values["created-to"]),
    instanceIdPrefix: values.prefix,
    fetchPayloads: false,
  };
  const instances = await withClient(values, (client) => firstInstances(client, query, top));
  if (values.json) printJson(instances);
  else console.log(instances.length === 0 ? "No instances." : instanceTable(instances));
  return EXIT.ok;
}

async function firstInstances(client: TaskHubClient, query: Parameters<TaskHubClient["listOrchestrations"]>[0], top: number) {
  const found: OrchestrationState[] = [];
  for await (const page of client.listOrchestrations(query).byPage({ maxPageSize: Math.min(top, 1000) })) {
    found.push(...page.slice(0, top - found.length));
    if (found.length >= top) break;
  }
  return found;
}

function instanceTable(instances: OrchestrationState[]): string {
  const rows = instances.map((s) => [s.instanceId, s.name, s.runtimeStatus, formatTime(s.createdAt), formatTime(s.lastUpdatedAt)]);
  return formatTable(["Instance", "Name", "Status", "Created", "Last updated"], rows);
}
