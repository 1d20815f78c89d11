// A worker's idle lease schedule through the service: quiet for idleAfterInMs, it stops renewing and listing
// leases every interval; a message it receives (sent by another process) or work this process sends brings it
// back at once, and the work completes as usual.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AzureStorageOrchestrationService } from "../../src/azure/azure-storage-orchestration-service.js";
import { startAzurite, type RunningAzurite } from "../../src/azurite/start-azurite.js";
import { TaskHubClient } from "../../src/client/task-hub-client.js";
import { createLogger, type LogEntry } from "../../src/logging/logger.js";
import { registerHelloCities } from "../../src/samples/hello-cities.js";
import { startTestHub, uniqueHubName } from "../support/test-hub.js";

let azurite: RunningAzurite;

beforeAll(async () => {
  azurite = await startAzurite();
});

afterAll(async () => {
  await azurite?.stop();
});

async function until(condition: () => boolean, timeoutInMs: number): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
}

describe("an idle worker", () => {
  it("leaves idle mode at once on a received message and on local work, and completes both", async () => {
    const events: (LogEntry & { at: number })[] = [];
    const log = createLogger({ sink: (e) => e.event.startsWith("PartitionLeases") && events.push({ ...e, at: Date.now() }) });
    const taskHubName = uniqueHubName("Idle");
    // Busy: 15 s leases every 150 ms. Idle after 500 ms quiet: 60 s leases, renewed every 45.15 s.
    const leases = { leaseIntervalInMs: 150, leaseDurationInMs: 15_000, idleLeaseDurationInMs: 60_000, idleAfterInMs: 500 };
    const hub = await startTestHub(registerHelloCities, { azurite, service: { taskHubName, ...leases, log } });
    const idleEvents = () => events.filter((e) => e.event === "PartitionLeasesIdle").length;
    const activeEvents = () => events.filter((e) => e.event === "PartitionLeasesActive");
    try {
      await until(() => idleEvents() === 1, 5_000);
      expect(events.map((e) => e.event)).toEqual(["PartitionLeasesIdle"]);
      expect(events[0]).toMatchObject({ leaseDurationInMs: 60_000, intervalInMs: 45_150 });
      // Idle: no lease renewals, no listings (the worker holds both partitions, and the next tick is 45 s away).
      await new Promise((r) => setTimeout(r, 200));
      const before = hub.service.metrics().storageRequests.byKind;
      await new Promise((r) => setTimeout(r, 1_000));
      const during = hub.service.metrics().storageRequests.byKind;
      expect(during["blob.lease"] - before["blob.lease"] + during["blob.list"] - before["blob.list"]).toBe(0);

      // A start from another process: this worker hears of it only by receiving the message.
      const other = new AzureStorageOrchestrationService({ connectionString: azurite.connectionString, taskHubName, partitionCount: 2 });
      const remote = await new TaskHubClient(other).scheduleNewOrchestration("HelloCities");
      const remoteState = await hub.client.waitForOrchestrationCompletion(remote, { timeoutInMs: 15_000 });
      expect(remoteState.output).toEqual(["Hello Tokyo!", "Hello Seattle!", "Hello London!"]);
      expect(activeEvents()).toHaveLength(1);
      await other.close();

      // Local work: sending it ends idle mode before the send has even returned.
      await until(() => idleEvents() === 2, 5_000);
      expect(idleEvents()).toBe(2);
      const sending = Date.now();
      const local = hub.client.scheduleNewOrchestration("HelloCities");
      const sent = await local;
      expect(activeEvents()).toHaveLength(2);
      expect(activeEvents()[1]!.at).toBeGreaterThanOrEqual(sending);
      expect((await hub.client.waitForOrchestrationCompletion(sent, { timeoutInMs: 15_000 })).runtimeStatus).toBe("Completed");
    } finally {
      await hub.stop();
    }
  }, 30_000);

  it("keeps the busy schedule with idleLeaseDurationInMs 0", async () => {
    const events: string[] = [];
    const log = createLogger({ sink: (e) => events.push(e.event) });
    const hub = await startTestHub(registerHelloCities, {
      azurite,
      service: { leaseIntervalInMs: 150, leaseDurationInMs: 15_000, idleLeaseDurationInMs: 0, idleAfterInMs: 100, log },
    });
    try {
      const before = hub.service.metrics().storageRequests.byKind["blob.lease"];
      await new Promise((r) => setTimeout(r, 1_000));
      expect(hub.service.metrics().storageRequests.byKind["blob.lease"] - before).toBeGreaterThan(4);
      expect(events).not.toContain("PartitionLeasesIdle");
    } finally {
      await hub.stop();
    }
  });
});
