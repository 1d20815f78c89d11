// The original's per-instance scenarios: sequential activities in one instance, a fan-out of 1,000 then
// fan-in, and external events raised into one instance; plus an idle worker's storage requests per minute.
import {
  AzureStorageOrchestrationService,
  TaskHubClient,
  TaskHubWorker,
  type AzureStorageOrchestrationServiceOptions,
  type OrchestrationContext,
} from "../../dist/index.js";
import type { ScenarioResult } from "./report.js";

function* sequential(ctx: OrchestrationContext, n: number): Generator<any, number, any> {
  let x = 0;
  for (let i = 0; i < n; i++) x = yield ctx.callActivity("Inc", x);
  return x;
}

function* fanOut(ctx: OrchestrationContext, n: number): Generator<any, number, any> {
  const results: number[] = yield ctx.whenAll(Array.from({ length: n }, (_, i) => ctx.callActivity("Inc", i)));
  return results.length;
}

function* collect(ctx: OrchestrationContext, n: number): Generator<any, number, any> {
  for (let i = 0; i < n; i++) yield ctx.waitForExternalEvent("E");
  return n;
}

type LeaseOptions = Pick<AzureStorageOrchestrationServiceOptions, "usePartitionLeases" | "leaseDurationInMs" | "leaseIntervalInMs">;

async function withHub<T>(
  connectionString: string,
  run: (client: TaskHubClient, service: AzureStorageOrchestrationService) => Promise<T>,
  leases: LeaseOptions = {},
): Promise<T> {
  const service = new AzureStorageOrchestrationService({ connectionString, taskHubName: `BenchInst${Date.now().toString(36)}`, partitionCount: 4, ...leases });
  const worker = new TaskHubWorker(service)
    .addOrchestrator("Sequential", sequential)
    .addOrchestrator("FanOut", fanOut)
    .addOrchestrator("Collect", collect)
    .addActivity("Inc", (_ctx, x: number) => x + 1);
  await worker.start();
  try {
    return await run(new TaskHubClient(service), service);
  } finally {
    await worker.stop({ timeoutInMs: 10_000 });
    await service.close();
  }
}

async function timed(client: TaskHubClient, name: string, input: number, before?: (id: string) => Promise<void>): Promise<number> {
  const t0 = performance.now();
  const id = await client.scheduleNewOrchestration(name, input);
  await before?.(id);
  const state = await client.waitForOrchestrationCompletion(id, { timeoutInMs: 300_000 });
  if (state.runtimeStatus !== "Completed") throw new Error(`${name} ended ${state.runtimeStatus}`);
  return (performance.now() - t0) / 1000;
}

export async function runPerInstance(connectionString: string): Promise<ScenarioResult> {
  return withHub(connectionString, async (client) => {
    const sequentialSeconds = await timed(client, "Sequential", 100);
    const fanOutSeconds = await timed(client, "FanOut", 1000);
    const eventsSeconds = await timed(client, "Collect", 500, async (id) => {
      await client.waitForOrchestrationStart(id, { timeoutInMs: 30_000 });
      for (let i = 0; i < 500; i += 50) await Promise.all(Array.from({ length: 50 }, (_, j) => client.raiseEvent(id, "E", i + j)));
    });
    return {
      scenario: "per-instance",
      sequentialActivitiesPerSecond: Number((100 / sequentialSeconds).toFixed(1)),
      fanOutFanIn1000Seconds: Number(fanOutSeconds.toFixed(2)),
      externalEventsPerSecond: Number((500 / eventsSeconds).toFixed(1)),
      goals: "≥ 50 sequential/s, fan-out/fan-in of 1,000 ≤ 2 s, ≥ 500 events/s",
    };
  });
}

/**
 * An idle worker's requests per minute, three ways at once on separate hubs: the defaults (the original's lease
 * schedule: 30 s leases renewed every 10 s), lean leases (60 s, renewed every 30 s), and no leases (one worker).
 */
export async function runIdle(connectionString: string, seconds: number): Promise<ScenarioResult> {
  const perMinute = (leases: LeaseOptions) =>
    withHub(connectionString, async (_client, service) => {
      await new Promise((r) => setTimeout(r, 5_000)); // let polling back off from the start
      const before = service.metrics().storageRequests.total;
      await new Promise((r) => setTimeout(r, seconds * 1000));
      return Number((((service.metrics().storageRequests.total - before) * 60) / seconds).toFixed(1));
    }, leases);
  const [defaults, leanLeases, noLeases] = await Promise.all([
    perMinute({}),
    perMinute({ leaseDurationInMs: 60_000, leaseIntervalInMs: 30_000 }),
    perMinute({ usePartitionLeases: false }),
  ]);
  return {
    scenario: "idle",
    seconds,
    requestsPerMinute: defaults,
    leanLeasesRequestsPerMinute: leanLeases,
    noLeasesRequestsPerMinute: noLeases,
    goalPerMinute: 20,
  };
}
