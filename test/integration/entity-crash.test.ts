// An entity worker killed (SIGKILL) in the middle of committing a batch loses no operation and applies none
// twice: a fresh worker gets the batch's messages again (after a 3 s visibility timeout) and skips those
// whose effect is already in the stored state.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AzureStorageOrchestrationService } from "../../src/azure/azure-storage-orchestration-service.js";
import type { FaultPoint } from "../../src/azure/fault-points.js";
import { startAzurite, type RunningAzurite } from "../../src/azurite/start-azurite.js";
import { TaskHubClient } from "../../src/client/task-hub-client.js";
import { EntityId } from "../../src/core/index.js";
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

const POINTS: FaultPoint[] = ["episode.afterMessagesSent", "episode.afterHistoryAppended", "episode.beforeInputsDeleted"];
const SIGNALS = 60;

describe("an entity worker killed mid-batch", () => {
  for (const point of POINTS) {
    it(`applies each of ${SIGNALS} signals once when it dies at ${point}`, async () => {
      const hub = uniqueHubName("EntityCrash");
      const service = new AzureStorageOrchestrationService({ connectionString: azurite.connectionString, taskHubName: hub, partitionCount: 2 });
      const client = new TaskHubClient(service);
      const id = new EntityId("Counter", `crash-${point}`);
      await Promise.all(Array.from({ length: SIGNALS }, () => client.signalEntity(id, "add", 1)));
      expect(await runUntilFaultPoint(azurite.connectionString, hub, point)).toBe("SIGKILL");
      const survivor = runWorker(hub);
      try {
        const deadline = Date.now() + 30_000;
        let state: number | undefined;
        while (Date.now() < deadline) {
          state = (await client.getEntity<number>(id))?.state;
          // Wait past the visibility timeout too: a duplicate would show up as a count above SIGNALS.
          if (state === SIGNALS && Date.now() > deadline - 24_000) break;
          await new Promise((r) => setTimeout(r, 200));
        }
        expect(state).toBe(SIGNALS);
      } finally {
        survivor.kill("SIGTERM");
        await survivor.exited;
        await service.close();
      }
    }, 60_000);
  }
});
