// Long and many activities go the original's way: a call that outlasts the local budget is committed at once (the
// instance shows Running with its TaskScheduled) and finishes under a held work item, which another worker runs if
// this one dies; a fan-out spreads over the hub's workers.
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/core/index.js";
import { AzureStorageOrchestrationService } from "../../src/azure/azure-storage-orchestration-service.js";
import { startAzurite, type RunningAzurite } from "../../src/azurite/start-azurite.js";
import { TaskHubClient } from "../../src/client/task-hub-client.js";
import { eventually } from "../support/eventually.js";
import { startTestHub, uniqueHubName } from "../support/test-hub.js";
import { CrashWorkerFleet, processExited } from "../support/crash-worker-process.js";

let azurite: RunningAzurite;
const fleet = new CrashWorkerFleet(() => azurite.connectionString);

beforeAll(async () => {
  azurite = await startAzurite();
});

afterAll(async () => {
  fleet.killAll();
  await azurite?.stop();
});

function startWorker(hub: string, workerId: string, partitions: number, extraArgs: string[]): ChildProcess {
  return fleet.start(hub, partitions, ["--worker-id", workerId, ...extraArgs]);
}

/** A hub whose OneLong orchestration makes one call of Long, which waits the given ms; calls() counts its runs. */
async function startOneLongCallHub(options: Parameters<typeof startTestHub>[1]) {
  let count = 0;
  const hub = await startTestHub((worker) => {
    worker
      .addActivity("Long", async (_ctx, ms: number) => {
        count++;
        await new Promise((r) => setTimeout(r, ms));
        return "done";
      })
      .addOrchestrator("OneLong", function* (ctx: OrchestrationContext, ms: number) {
        return yield ctx.callActivity("Long", ms);
      });
  }, options);
  return { hub, calls: () => count };
}

describe("activities beyond the local budget", () => {
  it("shows a long activity's instance Running with its TaskScheduled at once, and completes it once", async () => {
    const { hub, calls } = await startOneLongCallHub({ azurite });
    try {
      const started = Date.now();
      const id = await hub.client.scheduleNewOrchestration("OneLong", 4_000);
      const history = await eventually(() => hub.client.getOrchestrationHistory(id), (h) => h.some((e) => e.eventType === "TaskScheduled"), 5_000);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(history.map((e) => e.eventType)).toContain("TaskScheduled");
      expect((await hub.client.getOrchestrationState(id))?.runtimeStatus).toBe("Running");
      const state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 20_000 });
      expect(state.output).toBe("done");
      const final = await hub.client.getOrchestrationHistory(id);
      expect(final.filter((e) => e.eventType === "TaskCompleted")).toHaveLength(1);
      expect(calls()).toBe(1);
    } finally {
      await hub.stop();
    }
  }, 30_000);

  it("keeps a handed-off call's work item held while a commit outlasts its lock, so the call runs once", async () => {
    const { hub, calls } = await startOneLongCallHub({
      azurite,
      // Locks of 3 s, and an idle work-item queue polled at least every 0.5 s: an item let go is soon run again.
      service: { workItemVisibilityTimeoutInMs: 3_000, maxPollingIntervalInMs: 500 },
      worker: { localActivityBudgetInMs: 100 },
    });
    // A storage stall: every History append takes 4.5 s, longer than the held item's lock. (Our own table code
    // is slowed, not Azure Storage's: the requests still go to Azurite.)
    const history = (hub.service as unknown as { storage: { history: { append: (...args: unknown[]) => Promise<unknown> } } }).storage.history;
    const append = history.append.bind(history);
    history.append = async (...args: unknown[]) => {
      await new Promise((r) => setTimeout(r, 4_500));
      return append(...args);
    };
    try {
      const id = await hub.client.scheduleNewOrchestration("OneLong", 1_000);
      const state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
      expect(state.output).toBe("done");
      const final = await hub.client.getOrchestrationHistory(id);
      expect(final.filter((e) => e.eventType === "TaskCompleted")).toHaveLength(1);
      expect(calls()).toBe(1);
    } finally {
      await hub.stop();
    }
  }, 40_000);

  it("runs a handed-off activity on another worker when its worker is killed mid-call, and records it once", async () => {
    const hub = uniqueHubName("Handoff");
    const service = new AzureStorageOrchestrationService({ connectionString: azurite.connectionString, taskHubName: hub, partitionCount: 2 });
    const client = new TaskHubClient(service);
    try {
      const slow = ["--activity-delay", "2500", "--local-budget", "200"];
      const doomed = startWorker(hub, "doomed", 2, slow);
      const id = await client.scheduleNewOrchestration("Who", 1);
      // Handed off: committed while the call still runs in the doomed worker.
      const history = await eventually(() => client.getOrchestrationHistory(id), (h) => h.some((e) => e.eventType === "TaskScheduled"), 15_000);
      expect(history.some((e) => e.eventType === "TaskCompleted")).toBe(false);
      doomed.kill("SIGKILL");
      await processExited(doomed);
      startWorker(hub, "survivor", 2, slow);
      const state = await client.waitForOrchestrationCompletion(id, { timeoutInMs: 20_000 });
      expect(state.output).toEqual(["survivor"]);
      const final = await client.getOrchestrationHistory(id);
      expect(final.filter((e) => e.eventType === "TaskScheduled")).toHaveLength(1);
      expect(final.filter((e) => e.eventType === "TaskCompleted")).toHaveLength(1);
    } finally {
      await service.close();
    }
  }, 45_000);

  it("spreads a fan-out of 200 calls over three worker processes", async () => {
    const hub = uniqueHubName("Spread");
    const service = new AzureStorageOrchestrationService({ connectionString: azurite.connectionString, taskHubName: hub, partitionCount: 4 });
    const client = new TaskHubClient(service);
    try {
      await service.createIfNotExists();
      // Idle workers look for work at least every second (maxPollingIntervalInMs), or they would notice it late.
      const args = ["--leases", "--default-visibility", "--max-polling", "1000", "--activity-delay", "100"];
      const workers = ["w1", "w2", "w3"].map((w) => startWorker(hub, w, 4, args));
      const id = await client.scheduleNewOrchestration("Who", 200);
      const state = await client.waitForOrchestrationCompletion(id, { timeoutInMs: 90_000 });
      const ranOn = new Set(state.output as string[]);
      expect((state.output as string[]).length).toBe(200);
      expect(ranOn.size).toBeGreaterThan(1);
      for (const worker of workers) worker.kill("SIGKILL");
    } finally {
      await service.close();
    }
  }, 120_000);
});
