// Worker versioning with two workers of different versions on one hub (one partition, shared by leases): each
// match strategy, and each failure strategy (fail ends the instance; reject leaves it to a worker that matches).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AzureStorageOrchestrationService } from "../../src/azure/azure-storage-orchestration-service.js";
import { startAzurite, type RunningAzurite } from "../../src/azurite/start-azurite.js";
import { TaskHubClient } from "../../src/client/task-hub-client.js";
import type { OrchestrationContext } from "../../src/core/index.js";
import { createLogger, type LogEntry } from "../../src/logging/logger.js";
import { TaskHubWorker } from "../../src/worker/task-hub-worker.js";
import type { VersioningOptions } from "../../src/worker/versioning.js";
import { eventually } from "../support/eventually.js";
import { uniqueHubName } from "../support/test-hub.js";

let azurite: RunningAzurite;
const toStop: (() => Promise<void>)[] = [];

beforeAll(async () => {
  azurite = await startAzurite();
});

afterAll(async () => {
  for (const stop of toStop.reverse()) await stop().catch(() => undefined);
  await azurite?.stop();
});

interface VersionedWorker {
  name: string;
  service: AzureStorageOrchestrationService;
  worker: TaskHubWorker;
  log: LogEntry[];
  stop(): Promise<void>;
}

async function startWorker(hub: string, name: string, versioning: VersioningOptions): Promise<VersionedWorker> {
  const service = new AzureStorageOrchestrationService({
    connectionString: azurite.connectionString, taskHubName: hub, partitionCount: 1, workerId: name, leaseIntervalInMs: 300,
  });
  const log: LogEntry[] = [];
  const worker = new TaskHubWorker(service, { versioning, log: createLogger({ sink: (entry) => log.push(entry) }) })
    .addOrchestrator("Versioned", function* (ctx: OrchestrationContext) {
      return `${name} ran ${ctx.version}`;
    });
  await worker.start();
  // The first worker must own the hub's one partition before the second starts (it then never steals it).
  await eventually(async () => service.instanceChanges.observes("any"), (owns) => owns, 20_000);
  const stop = async () => {
    await worker.stop({ timeoutInMs: 5_000 });
    await service.close();
  };
  toStop.push(stop);
  return { name, service, worker, log, stop };
}

/** A hub whose only partition `first` owns, with `second` waiting beside it; and a client. */
async function twoWorkers(first: VersioningOptions, second: VersioningOptions) {
  const hub = uniqueHubName("Ver");
  const a = await startWorker(hub, "A", first);
  const b = new AzureStorageOrchestrationService({
    connectionString: azurite.connectionString, taskHubName: hub, partitionCount: 1, workerId: "B", leaseIntervalInMs: 300,
  });
  const bWorker = new TaskHubWorker(b, { versioning: second }).addOrchestrator("Versioned", function* (ctx: OrchestrationContext) {
    return `B ran ${ctx.version}`;
  });
  await bWorker.start();
  toStop.push(async () => {
    await bWorker.stop({ timeoutInMs: 5_000 });
    await b.close();
  });
  const client = new TaskHubClient(a.service);
  const run = async (version: string) => {
    const id = await client.scheduleNewOrchestration("Versioned", undefined, { version });
    return client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
  };
  return { a, b, client, run };
}

describe("worker versioning with two workers of different versions", () => {
  it("none: the worker holding the partition runs every version", async () => {
    const { run } = await twoWorkers({ version: "1.0", matchStrategy: "none" }, { version: "2.0", matchStrategy: "none" });
    expect((await run("3.0")).output).toBe("A ran 3.0");
    expect((await run("")).output).toBe("A ran ");
  });

  it("strict with fail: another version ends Failed with VersionMismatch; its own version runs", async () => {
    const { run, client } = await twoWorkers({ version: "1.0", matchStrategy: "strict", failureStrategy: "fail" }, { version: "2.0", matchStrategy: "strict" });
    expect((await run("1.0")).output).toBe("A ran 1.0");
    const failed = await run("2.0");
    expect(failed.runtimeStatus).toBe("Failed");
    // The status keeps "Type: message", as the original's Output; the whole failure is in the history.
    expect(failed.failureDetails).toMatchObject({ errorType: "VersionMismatch" });
    expect(failed.failureDetails?.message).toMatch(/"2.0" does not match .*strict: exactly "1.0"/);
    const completed = (await client.getOrchestrationHistory(failed.instanceId)).find((e) => e.eventType === "ExecutionCompleted");
    expect(completed?.failureDetails).toMatchObject({ errorType: "VersionMismatch", isNonRetriable: true });
  });

  it("currentOrOlder with fail: older and equal versions run, a newer one fails", async () => {
    const { run } = await twoWorkers({ version: "2.0", matchStrategy: "currentOrOlder", failureStrategy: "fail" }, { version: "3.0" });
    expect((await run("1.0")).output).toBe("A ran 1.0");
    expect((await run("2.0")).output).toBe("A ran 2.0");
    expect((await run("2.1")).failureDetails?.errorType).toBe("VersionMismatch");
  });

  for (const matchStrategy of ["strict", "currentOrOlder"] as const) {
    it(`${matchStrategy} with reject: a newer version waits, untouched, for a worker that matches`, async () => {
      const { a, client } = await twoWorkers(
        { version: "1.0", matchStrategy, failureStrategy: "reject" },
        { version: "2.0", matchStrategy, failureStrategy: "reject" },
      );
      const id = await client.scheduleNewOrchestration("Versioned", undefined, { version: "2.0" });
      await eventually(async () => a.log.some((e) => e.event === "EpisodeRejected" && e.instanceId === id), (seen) => seen, 20_000);
      expect((await client.getOrchestrationState(id))?.runtimeStatus).toBe("Pending");
      expect(await client.getOrchestrationHistory(id)).toEqual([]);

      // A rolling deployment: the old worker leaves, the new one takes the partition and runs the instance.
      await a.stop();
      const state = await client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
      expect(state.output).toBe("B ran 2.0");
    });
  }
});
