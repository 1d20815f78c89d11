// Starts a client sends in one turn share a control-queue message per partition. Each start runs as its own
// episode; the message is deleted when all have run, and a member given back brings the message back, whose
// members that already ran are then dropped as duplicates. Events to one instance share a message too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AzureStorageOrchestrationService } from "../../src/azure/azure-storage-orchestration-service.js";
import { startAzurite, type RunningAzurite } from "../../src/azurite/start-azurite.js";
import { TaskHubClient } from "../../src/client/task-hub-client.js";
import type { OrchestrationContext } from "../../src/core/index.js";
import { TaskHubWorker } from "../../src/worker/task-hub-worker.js";
import { QueueServiceClient } from "@azure/storage-queue";
import { controlQueueName } from "../../src/azure/resource-names.js";
import { eventually } from "../support/eventually.js";
import { uniqueHubName } from "../support/test-hub.js";

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(() => azurite.stop());

function hub(options: { partitionCount: number; batchClientMessages?: boolean }) {
  const service = new AzureStorageOrchestrationService({
    connectionString: azurite.connectionString,
    taskHubName: uniqueHubName("Batch"),
    usePartitionLeases: false,
    batchClientMessages: true, // opt-in: these tests are about batching
    ...options,
  });
  const calls = new Map<number, number>();
  const worker = new TaskHubWorker(service)
    .addOrchestrator("Echo", function* (ctx: OrchestrationContext, input: number) {
      return (yield ctx.callActivity("Twice", input)) as number;
    })
    .addOrchestrator("Collect", function* (ctx: OrchestrationContext, n: number) {
      const seen: number[] = [];
      for (let i = 0; i < n; i++) seen.push((yield ctx.waitForExternalEvent("E")) as number);
      return seen;
    })
    .addActivity("Twice", (_ctx, x: number) => {
      calls.set(x, (calls.get(x) ?? 0) + 1);
      return 2 * x;
    });
  return { service, worker, client: new TaskHubClient(service), calls };
}

const sends = (service: AzureStorageOrchestrationService) => service.metrics().storageRequests.byKind["queue.send"] ?? 0;

describe("starts sent together", () => {
  it("share one queue message per partition, and every instance runs once", async () => {
    const { service, worker, client, calls } = hub({ partitionCount: 4 });
    await service.createIfNotExists();
    const before = sends(service);
    const ids = await Promise.all(Array.from({ length: 100 }, (_, i) => client.scheduleNewOrchestration("Echo", i)));
    expect(sends(service) - before).toBeLessThanOrEqual(4);
    await worker.start();
    try {
      const states = await Promise.all(ids.map((id) => client.waitForOrchestrationCompletion(id, { timeoutInMs: 20_000 })));
      expect(states.map((s) => s.output)).toEqual(Array.from({ length: 100 }, (_, i) => 2 * i));
      expect([...calls.values()].every((n) => n === 1)).toBe(true);
      for (const id of ids.slice(0, 5)) {
        const history = await client.getOrchestrationHistory(id);
        expect(history.filter((e) => e.eventType === "ExecutionStarted")).toHaveLength(1);
      }
    } finally {
      await worker.stop();
      await service.close();
    }
  });

  it("are sent one message each by default (batchClientMessages is opt-in)", async () => {
    const service0 = new AzureStorageOrchestrationService({
      connectionString: azurite.connectionString, taskHubName: uniqueHubName("Batch"), partitionCount: 4, usePartitionLeases: false,
    });
    const { service, client } = { service: service0, client: new TaskHubClient(service0) };
    await service.createIfNotExists();
    const before = sends(service);
    await Promise.all(Array.from({ length: 10 }, (_, i) => client.scheduleNewOrchestration("Echo", i)));
    expect(sends(service) - before).toBe(10);
    await service.close();
  });

  it("come back together when one is given back, and those that ran are not run again", async () => {
    const { service, worker, client, calls } = hub({ partitionCount: 1 });
    await service.createIfNotExists();
    const ids = await Promise.all([1, 2, 3].map((i) => client.scheduleNewOrchestration("Echo", i)));
    await service.startReceiving();
    const first = (await service.lockNextOrchestrationWorkItem(AbortSignal.timeout(10_000)))!;
    expect(ids).toContain(first.instanceId);
    await service.abandonOrchestrationWorkItem(first); // its message comes back after the dequeue backoff
    await worker.start();
    try {
      const states = await Promise.all(ids.map((id) => client.waitForOrchestrationCompletion(id, { timeoutInMs: 20_000 })));
      expect(states.map((s) => s.runtimeStatus)).toEqual(["Completed", "Completed", "Completed"]);
      expect(Object.fromEntries(calls)).toEqual({ 1: 1, 2: 1, 3: 1 });
      for (const id of ids) {
        const history = await client.getOrchestrationHistory(id);
        expect(history.filter((e) => e.eventType === "ExecutionStarted")).toHaveLength(1);
      }
      // The message that came back is deleted once its members have all been settled again.
      const queue = QueueServiceClient.fromConnectionString(azurite.connectionString).getQueueClient(controlQueueName(service.options.taskHubName, 0));
      const left = await eventually(async () => (await queue.getProperties()).approximateMessagesCount, (n) => n === 0, 10_000);
      expect(left).toBe(0);
    } finally {
      await worker.stop();
      await service.close();
    }
  });

  it("events raised to one instance in one turn share a message and arrive once each, in order", async () => {
    const { service, worker, client } = hub({ partitionCount: 2 });
    await worker.start();
    try {
      const id = await client.scheduleNewOrchestration("Collect", 60);
      await client.waitForOrchestrationStart(id, { timeoutInMs: 10_000 });
      const before = sends(service);
      await Promise.all(Array.from({ length: 30 }, (_, i) => client.raiseEvent(id, "E", i)));
      expect(sends(service) - before).toBe(1);
      await Promise.all(Array.from({ length: 30 }, (_, i) => client.raiseEvent(id, "E", 30 + i)));
      const state = await client.waitForOrchestrationCompletion(id, { timeoutInMs: 10_000 });
      expect(state.output).toEqual(Array.from({ length: 60 }, (_, i) => i));
    } finally {
      await worker.stop();
      await service.close();
    }
  });
});
