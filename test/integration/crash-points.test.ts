// A worker killed (SIGKILL) at each step of an episode's commit and of an activity's completion loses
// nothing: a fresh worker completes the instance, each task's result is in history once, and there is one
// ExecutionStarted. The worker runs in a child process with DTFX_FAULT_POINT set.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AzureStorageOrchestrationService } from "../../src/azure/azure-storage-orchestration-service.js";
import type { FaultPoint } from "../../src/azure/fault-points.js";
import { startAzurite, type RunningAzurite } from "../../src/azurite/start-azurite.js";
import { TaskHubClient } from "../../src/client/task-hub-client.js";
import { startCrashWorker } from "../support/crash-worker-process.js";
import { uniqueHubName } from "../support/test-hub.js";

let azurite: RunningAzurite;

beforeAll(async () => {
  azurite = await startAzurite();
});

afterAll(async () => {
  await azurite?.stop();
});

/** Runs the worker until it exits; with a fault point armed it should die by SIGKILL. */
function runWorker(hub: string, faultPoint?: FaultPoint) {
  // The activity fault points sit on the work-item queue's path: send every activity through it there.
  const queued = faultPoint?.startsWith("activity.") ? ["--queued-activities"] : [];
  return startCrashWorker(azurite.connectionString, hub, faultPoint, queued);
}

const POINTS: FaultPoint[] = [
  "episode.afterMessagesSent",
  "episode.afterHistoryAppended",
  "episode.afterInstanceRowMerged",
  "episode.beforeInputsDeleted",
  "activity.running",
  "activity.afterResultSent",
];

describe("a crash at every commit step", () => {
  for (const point of POINTS) {
    it(`loses nothing when the worker dies at ${point}`, async () => {
      const hub = uniqueHubName("Crash");
      const service = new AzureStorageOrchestrationService({ connectionString: azurite.connectionString, taskHubName: hub, partitionCount: 2 });
      const client = new TaskHubClient(service);
      const ids = [await client.scheduleNewOrchestration("Chain", 10), await client.scheduleNewOrchestration("FanOut", 4)];
      const doomed = runWorker(hub, point);
      const timeout = setTimeout(() => doomed.kill(), 20_000);
      expect(await doomed.exited).toBe("SIGKILL");
      clearTimeout(timeout);
      const survivor = runWorker(hub);
      try {
        const states = await Promise.all(ids.map((id) => client.waitForOrchestrationCompletion(id, { timeoutInMs: 45_000 })));
        expect(states.map((s) => s.output)).toEqual([13, 11]);
        for (const id of ids) {
          const history = await client.getOrchestrationHistory(id);
          expect(history.filter((e) => e.eventType === "ExecutionStarted")).toHaveLength(1);
          const answered = history.flatMap((e) => (e.eventType === "TaskCompleted" ? [e.taskScheduledId] : []));
          expect(new Set(answered).size).toBe(answered.length);
          const scheduled = history.filter((e) => e.eventType === "TaskScheduled");
          expect(answered.length).toBe(scheduled.length);
        }
      } finally {
        survivor.kill();
        await survivor.exited;
        await service.close();
      }
    }, 90_000);
  }
});
