// A worker process for crash tests and chaos runs: hosts a chain and a fan-out orchestration and the Counter
// entity on the hub it is given, until it is killed. Short visibility timeouts let another worker take over a
// killed one's messages within seconds. Usage:
//   node dist-scripts/crash-worker.js <connectionString> <taskHub> [partitions] [--worker-id ID] [--leases]
//     [--queued-activities]  (every activity through the work-item queue, not run locally)
//     [--partition-events]   (partition and conflict events as JSON lines on stdout, for chaos's handover figures)
//     [--partition-management legacy|safe|table] [--lease-interval-ms N] [--lease-duration-ms N]
//     [--activity-delay MS]  (each activity takes this long, as an I/O-bound call would)
//     [--local-budget MS]    (the worker's localActivityBudgetInMs: calls running longer are handed off)
//     [--default-visibility] (the service's default message locks, about a lease, instead of 3 s)
//     [--max-polling MS]     (the service's maxPollingIntervalInMs: how soon an idle worker notices new work)
// Besides Chain and FanOut it hosts Who (fans out n calls that each return the id of the worker running them) and
// Jobs (n sequential calls, as the chaos scenario's jobs).
//     [--span-file PATH]     (an OpenTelemetry SDK whose finished spans are appended to PATH as JSON lines)
import { parseArgs } from "node:util";
import { recordSpansToFile } from "./span-file-exporter.js";
import { AzureStorageOrchestrationService, TaskHubWorker, type OrchestrationContext } from "../dist/index.js";
import { createLogger, readableLinesSink, type LogEntry } from "../dist/logging/logger.js";
import { counter } from "../dist/samples/counter.js";

export function* chain(ctx: OrchestrationContext, start: number): Generator<any, number, any> {
  let value = start;
  for (let i = 0; i < 3; i++) value = yield ctx.callActivity("Add", value);
  return value;
}

export function* who(ctx: OrchestrationContext, n: number): Generator<any, string[], any> {
  return yield ctx.whenAll(Array.from({ length: n }, () => ctx.callActivity("WhoAmI")));
}

export function* jobs(ctx: OrchestrationContext, n: number): Generator<any, number, any> {
  let value = 0;
  for (let i = 0; i < n; i++) value = yield ctx.callActivity("Add", value);
  return value;
}

export function* fanOut(ctx: OrchestrationContext, n: number): Generator<any, number, any> {
  const parts: number[] = yield ctx.whenAll(Array.from({ length: n }, (_, i) => ctx.callActivity("Add", i)));
  return yield ctx.callActivity("Add", parts.reduce((a, b) => a + b, 0));
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "worker-id": { type: "string" },
    leases: { type: "boolean", default: false },
    "queued-activities": { type: "boolean", default: false },
    "partition-events": { type: "boolean", default: false },
    "partition-management": { type: "string" },
    "lease-interval-ms": { type: "string", default: "1000" },
    "lease-duration-ms": { type: "string", default: "15000" },
    "activity-delay": { type: "string", default: "0" },
    "local-budget": { type: "string" },
    "default-visibility": { type: "boolean", default: false },
    "max-polling": { type: "string" },
    "span-file": { type: "string" },
  },
});
if (values["span-file"]) recordSpansToFile(values["span-file"]);
const [connectionString, taskHubName, partitions = "2"] = positionals;
const PARTITION_EVENTS = new Set(["PartitionAcquired", "PartitionReleased", "PartitionLost", "PartitionDraining", "LeaseStolen", "HistoryConflict", "PoisonMessageQuarantined"]);
function partitionEventsSink(entry: LogEntry): void {
  if (PARTITION_EVENTS.has(entry.event)) process.stdout.write(`${JSON.stringify({ ...entry, at: Date.now() })}\n`);
}
if (!connectionString || !taskHubName) {
  console.error("usage: crash-worker <connectionString> <taskHub> [partitions]");
  process.exit(2);
}
const log = values["partition-events"] ? createLogger({ sink: partitionEventsSink }) : process.env.DTFX_LOG ? createLogger({ sink: readableLinesSink() }) : undefined;
const service = new AzureStorageOrchestrationService({
  connectionString,
  taskHubName,
  partitionCount: Number(partitions),
  ...(values["default-visibility"] ? {} : { controlQueueVisibilityTimeoutInMs: 3_000, workItemVisibilityTimeoutInMs: 3_000 }),
  ...(values["max-polling"] !== undefined && { maxPollingIntervalInMs: Number(values["max-polling"]) }),
  workerId: values["worker-id"],
  usePartitionLeases: values.leases,
  partitionManagement: values["partition-management"] as "legacy" | "safe" | "table" | undefined,
  leaseIntervalInMs: Number(values["lease-interval-ms"]),
  leaseDurationInMs: Number(values["lease-duration-ms"]),
  // The takeover times the tests and chaos hold to are the busy schedule's: a quiet worker stays on it.
  idleLeaseDurationInMs: 0,
  log,
});
const ACTIVITY_DELAY_MS = Number(values["activity-delay"]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const worker = new TaskHubWorker(service, {
  log,
  ...(values["default-visibility"] ? {} : { activityRenewIntervalInMs: 1_000 }),
  localActivities: !values["queued-activities"],
  ...(values["local-budget"] !== undefined && { localActivityBudgetInMs: Number(values["local-budget"]) }),
})
  .addOrchestrator("Chain", chain)
  .addOrchestrator("FanOut", fanOut)
  .addOrchestrator("Who", who)
  .addOrchestrator("Jobs", jobs)
  .addActivity("Add", async (_ctx, x: number) => {
    if (ACTIVITY_DELAY_MS > 0) await sleep(ACTIVITY_DELAY_MS);
    return x + 1;
  })
  .addActivity("WhoAmI", async () => {
    if (ACTIVITY_DELAY_MS > 0) await sleep(ACTIVITY_DELAY_MS);
    return service.options.workerId;
  })
  .addEntity("Counter", counter);
await worker.start();
console.log("ready");
const stop = async () => {
  await worker.stop({ timeoutInMs: 5_000 });
  await service.close();
  process.exit(0);
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
