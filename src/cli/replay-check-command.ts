// `dtfx replay-check --module M [--name N] [--limit K]`: replays recorded histories against the module's
// orchestrators, to catch a change that would break running instances before it is deployed.
import type { OrchestrationState } from "../backend/orchestration-service.js";
import { NON_TERMINAL_STATUSES, TERMINAL_STATUSES, type OrchestrationRuntimeStatus } from "../core/index.js";
import type { TaskHubClient } from "../client/task-hub-client.js";
import { EXIT, printJson, refuseExtraArgs, UsageError, wholeNumber, type CommandArgs } from "./cli-args.js";
import { withClient } from "./cli-session.js";
import { collectOrchestrators, type OrchestratorCollector } from "./orchestrator-collector.js";
import { replayVerdict } from "./replay-verdict.js";

const USAGE = "dtfx replay-check --module PATH [--name ORCHESTRATOR] [--limit K] [--json]";

/** Unfinished instances first: they are the ones a deployment replays. */
const STATUS_GROUPS: OrchestrationRuntimeStatus[][] = [
  [...NON_TERMINAL_STATUSES],
  [...TERMINAL_STATUSES],
];

const HISTORY_READS_AT_ONCE = 8;

interface InstanceRef {
  instanceId: string;
  name: string;
  runtimeStatus: string;
}

export interface ReplayCheckReport {
  module: string;
  checked: number;
  passed: InstanceRef[];
  nonDeterministic: (InstanceRef & { message: string })[];
  skipped: (InstanceRef & { reason: string })[];
  errors: (InstanceRef & { message: string })[];
}

export async function replayCheckCommand({ values, args }: CommandArgs): Promise<number> {
  refuseExtraArgs(args, 0, USAGE);
  const modulePath = values.module;
  if (!modulePath) throw new UsageError(`Missing --module.\nUsage: ${USAGE}`);
  const limit = wholeNumber("limit", values.limit ?? "100", 1, 100_000);
  const collector = await collectOrchestrators(modulePath);
  const report = await withClient(values, async (client) => {
    const instances = await instancesToCheck(client, limit, values.name);
    return checkInstances(client, collector, instances, modulePath);
  });
  if (values.json) printJson(report);
  else printReport(report);
  return report.nonDeterministic.length > 0 || report.errors.length > 0 ? EXIT.failed : EXIT.ok;
}

async function instancesToCheck(client: TaskHubClient, limit: number, name: string | undefined): Promise<OrchestrationState[]> {
  const found: OrchestrationState[] = [];
  for (const runtimeStatus of STATUS_GROUPS) {
    for await (const state of client.listOrchestrations({ runtimeStatus, fetchPayloads: false })) {
      if (found.length >= limit) return found;
      if (name === undefined || state.name.toLowerCase() === name.toLowerCase()) found.push(state);
    }
  }
  return found;
}

async function checkInstances(
  client: TaskHubClient,
  collector: OrchestratorCollector,
  instances: OrchestrationState[],
  module: string,
): Promise<ReplayCheckReport> {
  const report: ReplayCheckReport = { module, checked: 0, passed: [], nonDeterministic: [], skipped: [], errors: [] };
  const queue = [...instances];
  const reader = async () => {
    for (let state = queue.shift(); state; state = queue.shift()) await checkInstance(client, collector, state, report);
  };
  await Promise.all(Array.from({ length: HISTORY_READS_AT_ONCE }, reader));
  return report;
}

async function checkInstance(client: TaskHubClient, collector: OrchestratorCollector, state: OrchestrationState, report: ReplayCheckReport) {
  const ref: InstanceRef = { instanceId: state.instanceId, name: state.name, runtimeStatus: state.runtimeStatus };
  const orchestrator = collector.orchestrators.get(state.name);
  if (!orchestrator) return void report.skipped.push({ ...ref, reason: `the module has no orchestrator named '${state.name}'` });
  try {
    // The raw history (payloads as JSON text) is what the worker replays; the client's view parses payloads.
    const history = await client.service.getHistory(state.instanceId);
    if (history.length === 0) return void report.skipped.push({ ...ref, reason: "no history recorded yet" });
    report.checked++;
    const verdict = replayVerdict(orchestrator, history);
    if (verdict.deterministic) report.passed.push(ref);
    else report.nonDeterministic.push({ ...ref, message: verdict.message });
  } catch (error) {
    report.errors.push({ ...ref, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
}

function printReport(report: ReplayCheckReport): void {
  console.log(`Replayed ${report.checked} instance(s) against ${report.module}: ${report.passed.length} deterministic, ` +
    `${report.nonDeterministic.length} non-deterministic, ${report.skipped.length} skipped, ${report.errors.length} error(s)`);
  for (const r of report.nonDeterministic) console.log(`NON-DETERMINISTIC ${r.instanceId} (${r.name}, ${r.runtimeStatus}): ${r.message}`);
  for (const r of report.errors) console.log(`ERROR ${r.instanceId} (${r.name}, ${r.runtimeStatus}): ${r.message}`);
  for (const r of report.skipped) console.log(`skipped ${r.instanceId} (${r.name}, ${r.runtimeStatus}): ${r.reason}`);
}
