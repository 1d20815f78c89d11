// After a SIGKILL, the lost partitions' instances resume within the lease expiry plus a few seconds: the messages
// the dead worker held (control-queue messages and work items) are locked for about a lease, not 5 minutes, with
// the service's default locks.
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AzureStorageOrchestrationService } from "../../src/azure/azure-storage-orchestration-service.js";
import { startAzurite, type RunningAzurite } from "../../src/azurite/start-azurite.js";
import { TaskHubClient } from "../../src/client/task-hub-client.js";
import { eventually } from "../support/eventually.js";
import { uniqueHubName } from "../support/test-hub.js";
import { CrashWorkerFleet } from "../support/crash-worker-process.js";

const LEASE_MS = 15_000; // crash-worker's lease duration, the shortest Azure allows
let azurite: RunningAzurite;
const fleet = new CrashWorkerFleet(() => azurite.connectionString);

beforeAll(async () => {
  azurite = await startAzurite();
});

afterAll(async () => {
  fleet.killAll();
  await azurite?.stop();
});

function startWorker(hub: string, workerId: string): ChildProcess {
  return fleet.start(hub, 4, ["--leases", "--default-visibility", "--max-polling", "1000", "--activity-delay", "100", "--worker-id", workerId]);
}

describe("recovery from a killed worker", () => {
  it("finishes the killed worker's instances within the lease expiry plus 10 s", async () => {
    const hub = uniqueHubName("Recover");
    const service = new AzureStorageOrchestrationService({ connectionString: azurite.connectionString, taskHubName: hub, partitionCount: 4 });
    const client = new TaskHubClient(service);
    try {
      await service.createIfNotExists();
      const doomed = startWorker(hub, "doomed");
      startWorker(hub, "survivor");
      const ids = await Promise.all(Array.from({ length: 40 }, () => client.scheduleNewOrchestration("Jobs", 7)));
      const finished = async () => {
        let n = 0;
        for await (const s of client.listOrchestrations({ fetchPayloads: false })) if (s.runtimeStatus === "Completed") n++;
        return n;
      };
      // Kill it while it holds work: some instances done, most not.
      await eventually(finished, (n) => n >= 4, 30_000);
      const killedAt = Date.now();
      doomed.kill("SIGKILL");
      const states = await Promise.all(ids.map((id) => client.waitForOrchestrationCompletion(id, { timeoutInMs: 60_000 })));
      const recoveredInMs = Date.now() - killedAt;
      expect(states.map((s) => s.output)).toEqual(ids.map(() => 7));
      expect(recoveredInMs).toBeLessThan(LEASE_MS + 10_000);
      for (const id of ids) {
        const history = await client.getOrchestrationHistory(id);
        const answered = history.flatMap((e) => (e.eventType === "TaskCompleted" ? [e.taskScheduledId] : []));
        expect(new Set(answered).size).toBe(answered.length);
        expect(answered).toHaveLength(7);
      }
    } finally {
      await service.close();
    }
  }, 90_000);
});
