// Azurite stopped and started again on the same ports (its data on disk) in the middle of a run: the worker
// retries with backoff, does not crash, and every instance completes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AzureStorageOrchestrationService } from "../../src/azure/azure-storage-orchestration-service.js";
import { startAzurite, type RunningAzurite } from "../../src/azurite/start-azurite.js";
import { TaskHubClient } from "../../src/client/task-hub-client.js";
import type { OrchestrationContext } from "../../src/core/index.js";
import { createLogger, type LogEntry } from "../../src/logging/logger.js";
import { TaskHubWorker } from "../../src/worker/task-hub-worker.js";
import { uniqueHubName } from "../support/test-hub.js";

const location = mkdtempSync(join(tmpdir(), "dtfx-restart-"));
let azurite: RunningAzurite | undefined;

afterAll(async () => {
  await azurite?.stop();
  rmSync(location, { recursive: true, force: true });
});

const portOf = (endpoint: string) => Number(new URL(endpoint).port);

describe("storage restarts", () => {
  it("recovers without a worker restart when Azurite goes away and comes back", async () => {
    azurite = await startAzurite({ location });
    const ports = { blobPort: portOf(azurite.blobEndpoint), queuePort: portOf(azurite.queueEndpoint), tablePort: portOf(azurite.tableEndpoint) };
    const events: LogEntry[] = [];
    const log = createLogger({ sink: (entry) => events.push(entry) });
    const service = new AzureStorageOrchestrationService({
      connectionString: azurite.connectionString,
      taskHubName: uniqueHubName("Restart"),
      partitionCount: 2,
      controlQueueVisibilityTimeoutInMs: 5_000,
      workItemVisibilityTimeoutInMs: 5_000,
      log,
    });
    const worker = new TaskHubWorker(service, { log })
      .addActivity("Slow", async (_ctx, x: number) => {
        await new Promise((r) => setTimeout(r, 200));
        return x + 1;
      })
      .addOrchestrator("Steps", function* (ctx: OrchestrationContext, x: number) {
        for (let i = 0; i < 5; i++) x = yield ctx.callActivity("Slow", x);
        return x;
      });
    await worker.start();
    const client = new TaskHubClient(service);
    const ids = await Promise.all(Array.from({ length: 10 }, (_, i) => client.scheduleNewOrchestration("Steps", i * 10)));
    await new Promise((r) => setTimeout(r, 600));
    await azurite.stop();
    await new Promise((r) => setTimeout(r, 1500));
    azurite = await startAzurite({ location, ...ports });
    const states = await Promise.all(ids.map((id) => client.waitForOrchestrationCompletion(id, { timeoutInMs: 90_000 })));
    expect(states.map((s) => s.output)).toEqual(ids.map((_, i) => i * 10 + 5));
    for (const id of ids) {
      const answered = (await client.getOrchestrationHistory(id)).flatMap((e) => (e.eventType === "TaskCompleted" ? [e.taskScheduledId] : []));
      expect(new Set(answered).size).toBe(answered.length);
    }
    expect(events.some((e) => /Failed|Abandoned/.test(e.event))).toBe(true);
    await worker.stop({ timeoutInMs: 5_000 });
    await service.close();
  }, 120_000);
});
