// The original's per-instance scenarios: sequential activities in one instance, a fan-out of 1,000 then
// fan-in, and external events raised into one instance; plus an idle worker's storage requests per minute
// in its steady state.
import {
  AzureStorageOrchestrationService,
  TaskHubClient,
  TaskHubWorker,
  type AzureStorageOrchestrationServiceOptions,
  type OrchestrationContext,
} from "../../dist/index.js";
import { registerHelloCities } from "../../dist/samples/hello-cities.js";
import { requestsByKind, type ScenarioResult } from "./report.js";

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

type LeaseOptions = Pick<
  AzureStorageOrchestrationServiceOptions,
  "usePartitionLeases" | "leaseDurationInMs" | "leaseIntervalInMs" | "idleLeaseDurationInMs" | "idleAfterInMs" | "partitionManagement"
>;

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
  registerHelloCities(worker);
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
 * An idle worker's storage requests per minute in its steady state, side by side on separate hubs: the defaults
 * (busy: 30 s leases renewed every 10 s; idle: 60 s leases every 40 s), the same with idle mode off, and no
 * leases (one worker). Each worker runs one HelloCities first, so it has done work, then is left alone for
 * `settleSeconds` (polling backs off to 30 s, idle mode begins after 30 s quiet) before `seconds` are counted.
 */
/** `kind`: the partition management kind of the hubs measured (legacy when absent; the result is then "idle"). */
export async function runIdle(
  connectionString: string,
  seconds: number,
  settleSeconds = 70,
  kind?: "legacy" | "safe" | "table",
): Promise<ScenarioResult> {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const measure = (leases: LeaseOptions) =>
    withHub(connectionString, async (client, service) => {
      const id = await client.scheduleNewOrchestration("HelloCities");
      const state = await client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
      if (state.runtimeStatus !== "Completed") throw new Error(`HelloCities ended ${state.runtimeStatus}`);
      await sleep(settleSeconds * 1000);
      const before = service.metrics().storageRequests;
      await sleep(seconds * 1000);
      const after = service.metrics().storageRequests;
      const minutes = seconds / 60;
      return { perMinute: Number(((after.total - before.total) / minutes).toFixed(1)), byKind: requestsByKind(before, after, minutes, 1) };
    }, leases);
  const started = Date.now();
  const progress = setInterval(() => {
    const elapsed = Math.round((Date.now() - started) / 1000);
    console.error(`idle: ${elapsed} s of about ${settleSeconds + seconds} (${elapsed < settleSeconds ? "settling: polls backing off, leases going idle" : "counting"})`);
  }, 10_000);
  try {
    const [defaults, idleModeOff, noLeases] = await Promise.all([
      measure({ partitionManagement: kind }),
      measure({ partitionManagement: kind, idleLeaseDurationInMs: 0 }),
      measure({ usePartitionLeases: false }),
    ]);
    return {
      scenario: kind ? `idle-${kind}` : "idle",
      partitionManagement: kind ?? "legacy",
      settleSeconds,
      seconds,
      requestsPerMinute: defaults.perMinute,
      idleModeOffRequestsPerMinute: idleModeOff.perMinute,
      noLeasesRequestsPerMinute: noLeases.perMinute,
      goalPerMinute: 20,
      requestsPerMinuteByKind: defaults.byKind,
    };
  } finally {
    clearInterval(progress);
  }
}
