// A worker killed (SIGKILL) at each step of an episode's commit and of an activity's completion, for local,
// queued and handed-off activities, loses nothing: a fresh worker completes the instances, each task's result is in history once, and there is one
// ExecutionStarted. The worker runs in a child process with DTFX_FAULT_POINT set. The instances are started
// in one turn, so their starts share queue messages: a crash leaves some of a message's starts run and others not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AzureStorageOrchestrationService } from "../../src/azure/azure-storage-orchestration-service.js";
import type { FaultPoint } from "../../src/azure/fault-points.js";
import { startAzurite, type RunningAzurite } from "../../src/azurite/start-azurite.js";
import { TaskHubClient } from "../../src/client/task-hub-client.js";
import { runUntilFaultPoint, startCrashWorker } from "../support/crash-worker-process.js";
import { uniqueHubName } from "../support/test-hub.js";

let azurite: RunningAzurite;

beforeAll(async () => {
  azurite = await startAzurite();
});

afterAll(async () => {
  await azurite?.stop();
});

const runWorker = (hub: string) => startCrashWorker(azurite.connectionString, hub);

// Three paths: local activities (the default), every call through the work-item queue, and calls handed off
// (each outlasts the local budget, so the episode commits it with a work item the worker holds while it runs).
const QUEUED = ["--queued-activities"];
const HANDED_OFF = ["--local-budget", "50", "--activity-delay", "150"];
const CASES: [FaultPoint, string, string[]][] = [
  ["episode.afterMessagesSent", "local", []],
  ["episode.afterHistoryAppended", "local", []],
  ["episode.afterInstanceRowMerged", "local", []],
  ["episode.beforeInputsDeleted", "local", []],
  ["activity.running", "queued", QUEUED],
  ["activity.afterResultSent", "queued", QUEUED],
  ["episode.afterMessagesSent", "handed-off", HANDED_OFF],
  ["activity.handedOffRunning", "handed-off", HANDED_OFF],
  ["activity.afterResultSent", "handed-off", HANDED_OFF],
];

describe("a crash at every commit step", () => {
  for (const [point, path, args] of CASES) {
    it(`loses nothing when the worker dies at ${point} (${path} activities)`, async () => {
      const hub = uniqueHubName("Crash");
      // Opt-in batching, so every step is also crashed with starts sharing one queue message (a worker reads batches always).
      const service = new AzureStorageOrchestrationService({
        connectionString: azurite.connectionString, taskHubName: hub, partitionCount: 2, batchClientMessages: true,
      });
      const client = new TaskHubClient(service);
      const ids = await Promise.all([
        client.scheduleNewOrchestration("Chain", 10),
        client.scheduleNewOrchestration("FanOut", 4),
        client.scheduleNewOrchestration("Chain", 20),
        client.scheduleNewOrchestration("FanOut", 6),
      ]);
      expect(await runUntilFaultPoint(azurite.connectionString, hub, point, args)).toBe("SIGKILL");
      const survivor = runWorker(hub);
      try {
        const states = await Promise.all(ids.map((id) => client.waitForOrchestrationCompletion(id, { timeoutInMs: 45_000 })));
        expect(states.map((s) => s.output)).toEqual([13, 11, 23, 22]);
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
