// Two services writing one instance at once: the sentinel ETag lets exactly one episode win; the loser's
// messages come back and are applied on top, so no event is lost and none is applied twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AzureStorageOrchestrationService } from "../../src/azure/azure-storage-orchestration-service.js";
import { startAzurite, type RunningAzurite } from "../../src/azurite/start-azurite.js";
import { TaskHubClient } from "../../src/client/task-hub-client.js";
import type { OrchestrationContext } from "../../src/core/index.js";
import { runEpisode } from "../../src/worker/episode.js";
import { TaskHubWorker } from "../../src/worker/task-hub-worker.js";
import { uniqueHubName } from "../support/test-hub.js";

let azurite: RunningAzurite;

beforeAll(async () => {
  azurite = await startAzurite();
});

afterAll(async () => {
  await azurite?.stop();
});

function* collect(ctx: OrchestrationContext): Generator<any, string[], any> {
  const seen: string[] = [];
  while (seen.length < 2) seen.push(yield ctx.waitForExternalEvent("Item"));
  return seen;
}

describe("sentinel conflicts", () => {
  it("lets one of two concurrent episodes win and loses no event", async () => {
    // Without leases both services serve the one partition: the race the sentinel ETag has to settle.
    const options = { connectionString: azurite.connectionString, taskHubName: uniqueHubName("Conflict"), partitionCount: 1, usePartitionLeases: false };
    const a = new AzureStorageOrchestrationService(options);
    const b = new AzureStorageOrchestrationService(options);
    const client = new TaskHubClient(a);
    const episode = (workItem: { instanceId: string; history: any[]; newMessages: any[] }) =>
      runEpisode({
        instanceId: workItem.instanceId,
        history: workItem.history,
        messages: workItem.newMessages,
        now: new Date(),
        resolveOrchestrator: () => collect,
        newExecutionId: () => "e2",
      });
    await a.startReceiving();
    const id = await client.scheduleNewOrchestration("Collect", undefined, { instanceId: "contested" });
    const signal = new AbortController().signal;
    // A starts the instance.
    const start = await a.lockNextOrchestrationWorkItem(signal);
    await a.completeOrchestrationWorkItem(start!, episode(start!));
    // Two events; A locks the first (with the history cached), B receives the second and loads the same history.
    await client.raiseEvent(id, "Item", "one");
    const first = await a.lockNextOrchestrationWorkItem(signal);
    await a.stopReceiving();
    await client.raiseEvent(id, "Item", "two");
    await b.startReceiving();
    const second = await b.lockNextOrchestrationWorkItem(signal);
    expect(first!.history.map((e) => e.eventType)).toEqual(second!.history.map((e) => e.eventType));
    await b.completeOrchestrationWorkItem(second!, episode(second!));
    await expect(a.completeOrchestrationWorkItem(first!, episode(first!))).rejects.toMatchObject({ name: "HistoryConflictError" });
    await a.abandonOrchestrationWorkItem(first!);
    await b.stopReceiving();
    await a.close();
    await b.close();

    // A real worker picks up the abandoned message (after its backoff) and completes the instance.
    const service = new AzureStorageOrchestrationService(options);
    const worker = new TaskHubWorker(service).addOrchestrator("Collect", collect);
    await worker.start();
    const state = await new TaskHubClient(service).waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
    expect(state.output).toEqual(["two", "one"]);
    const history = await new TaskHubClient(service).getOrchestrationHistory(id);
    expect(history.filter((e) => e.eventType === "EventRaised").map((e) => e.input)).toEqual(["two", "one"]);
    await worker.stop();
    await service.close();
  }, 60_000);
});
