// A worker process for crash tests and chaos runs: hosts a chain and a fan-out orchestration and the Counter
// entity on the hub it is given, until it is killed. Short visibility timeouts let another worker take over a
// killed one's messages within seconds. Usage:
//   node dist-scripts/crash-worker.js <connectionString> <taskHub> [partitions] [--worker-id ID] [--leases]
//     [--queued-activities]  (every activity through the work-item queue, not run locally)
//     [--partition-events]   (partition and conflict events as JSON lines on stdout, for chaos's handover figures)
//     [--partition-management legacy|safe|table] [--lease-interval-ms N] [--lease-duration-ms N]
import { parseArgs } from "node:util";
import { AzureStorageOrchestrationService, TaskHubWorker, type OrchestrationContext } from "../dist/index.js";
import { createLogger, readableLinesSink, type LogEntry } from "../dist/logging/logger.js";
import { counter } from "../dist/samples/counter.js";

export function* chain(ctx: OrchestrationContext, start: number): Generator<any, number, any> {
  let value = start;
  for (let i = 0; i < 3; i++) value = yield ctx.callActivity("Add", value);
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
  },
});
const [connectionString, taskHubName, partitions = "2"] = positionals;
const PARTITION_EVENTS = new Set(["PartitionAcquired", "PartitionReleased", "PartitionLost", "PartitionDraining", "LeaseStolen", "HistoryConflict", "PoisonMessageQuarantined"]);
function partitionEventsSink(entry: LogEntry): void {
  if (PARTITION_EVENTS.has(entry.event)) process.stdout.write(`${JSON.stringify({ ...entry, at: Date.now() })}\n`);
}
if (!connectionString || !taskHubName) {
  console.error("usage: crash-worker <connectionString> <taskHub> [partitions]");
  process.exit(2);
}
const service = new AzureStorageOrchestrationService({
  connectionString,
  taskHubName,
  partitionCount: Number(partitions),
  controlQueueVisibilityTimeoutInMs: 3_000,
  workItemVisibilityTimeoutInMs: 3_000,
  workerId: values["worker-id"],
  usePartitionLeases: values.leases,
  partitionManagement: values["partition-management"] as "legacy" | "safe" | "table" | undefined,
  leaseIntervalInMs: Number(values["lease-interval-ms"]),
  leaseDurationInMs: Number(values["lease-duration-ms"]),
  // The takeover times the tests and chaos hold to are the busy schedule's: a quiet worker stays on it.
  idleLeaseDurationInMs: 0,
  log: values["partition-events"] ? createLogger({ sink: partitionEventsSink }) : process.env.DTFX_LOG ? createLogger({ sink: readableLinesSink() }) : undefined,
});
const worker = new TaskHubWorker(service, { activityRenewIntervalInMs: 1_000, localActivities: !values["queued-activities"] })
  .addOrchestrator("Chain", chain)
  .addOrchestrator("FanOut", fanOut)
  .addActivity("Add", (_ctx, x: number) => x + 1)
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
