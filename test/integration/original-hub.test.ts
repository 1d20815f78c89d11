// A hub written by the original DurableTask.AzureStorage: rows, messages and blobs seeded on Azurite in its formats
// (from the golden fixtures) through the plain @azure clients: an instance waiting on an activity result, one on
// an event, one whose input spilled to a blob, one Failed, one Terminated, an entity with state and a pending
// signal. A dtfx worker and client carry them to completion, list, inspect and purge them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAzurite, type RunningAzurite } from "../../src/azurite/start-azurite.js";
import {
  AzureStorageOrchestrationService,
  TaskHubClient,
  TaskHubWorker,
  type EntityContext,
  type OrchestrationContext,
  type OrchestrationState,
} from "../../src/index.js";
import { historyRow, messageBody, originalHub, runningInstanceRow, sentinelRow, type OriginalHub } from "../support/original-hub-seed.js";
import { uniqueHubName } from "../support/test-hub.js";

const HUB = uniqueHubName("Orig");
const EXEC = { activity: "11111111111111111111111111111111", event: "22222222222222222222222222222222", spilled: "33333333333333333333333333333333" };
const CLIENT = { InstanceId: "", ExecutionId: "" };
const bigInput = JSON.stringify("y".repeat(40_000)); // over 60 KiB as UTF-16: the original spills it from the History row

let azurite: RunningAzurite;
let service: AzureStorageOrchestrationService;
let worker: TaskHubWorker;
let client: TaskHubClient;
let hub: OriginalHub;

async function seed(): Promise<void> {
  const started = (id: string, exec: string, name: string, input: string) =>
    historyRow("ExecutionStarted", id, exec, 1, { Name: name, Input: input, OrchestrationInstance: JSON.stringify({ InstanceId: id, ExecutionId: exec }) });
  const episode = (id: string, exec: string, name: string, input: string, more: Record<string, unknown>[] = []) => [
    historyRow("OrchestratorStarted", id, exec, 0), started(id, exec, name, input), ...more,
    historyRow("OrchestratorCompleted", id, exec, 2 + more.length), sentinelRow(id, exec),
  ];
  const put = (rows: Record<string, unknown>[]) => hub.history.submitTransaction(rows.map((row) => ["upsert", row as never, "Replace"]));

  // Waiting on an activity: TaskScheduled (no Input, as without IncludeParameters), its TaskCompleted queued.
  await put(episode("orig-activity", EXEC.activity, "Greeter", '"Tokyo"', [historyRow("TaskScheduled", "orig-activity", EXEC.activity, 2)]));
  await hub.instances.createEntity(runningInstanceRow(HUB, "orig-activity", EXEC.activity, "Greeter", '"Tokyo"'));
  await hub.controlQueue.sendMessage(messageBody("TaskCompleted (activity response)", { InstanceId: "orig-activity", ExecutionId: EXEC.activity },
    { TaskScheduledId: 0, Result: '"Hello Tokyo!"' }, { InstanceId: "orig-activity", ExecutionId: EXEC.activity }));

  // Waiting on an event; the client's EventRaised is queued (ExecutionId null, client Sender).
  await put(episode("orig-event", EXEC.event, "Approver", '"req-1"'));
  await hub.instances.createEntity(runningInstanceRow(HUB, "orig-event", EXEC.event, "Approver", '"req-1"'));
  await hub.controlQueue.sendMessage(messageBody("EventRaised (client raise)", { InstanceId: "orig-event", ExecutionId: null }, { Name: "Approval", Input: "true" }, CLIENT));

  // A spilled input: "" + InputBlobName in History, the blob's URL in Instances (ATS:1275-1316).
  const blob = `orig-spilled/history-0000000000000001-ExecutionStarted-0A1B2C3D-Input.json.gz`;
  await hub.uploadBlob(blob, bigInput);
  const spilledRows = episode("orig-spilled", EXEC.spilled, "Approver", "");
  (spilledRows[1] as Record<string, unknown>).InputBlobName = blob;
  await put(spilledRows);
  await hub.instances.createEntity(runningInstanceRow(HUB, "orig-spilled", EXEC.spilled, "Approver", hub.blobUrl(blob)));
  await hub.controlQueue.sendMessage(messageBody("EventRaised (client raise)", { InstanceId: "orig-spilled", ExecutionId: null }, { Name: "Approval", Input: "false" }, CLIENT));

  // Failed and Terminated: their final rows, as the original's checkpoint leaves them.
  const failedRows = episode("orig-failed", "f".repeat(32), "Greeter", '"x"', [historyRow("ExecutionCompleted (Failed)", "orig-failed", "f".repeat(32), 2)]);
  await put(failedRows);
  await hub.instances.createEntity(runningInstanceRow(HUB, "orig-failed", "f".repeat(32), "Greeter", '"x"', {
    RuntimeStatus: "Failed", Output: "Error: boom", CompletedTime: new Date(),
  }));
  await put(episode("orig-terminated", "d".repeat(32), "Approver", '"y"', [
    historyRow("ExecutionTerminated", "orig-terminated", "d".repeat(32), 2),
    historyRow("ExecutionCompleted (Completed)", "orig-terminated", "d".repeat(32), 3, { OrchestrationStatus: "Terminated", Result: "stopped by ops" }),
  ]));
  await hub.instances.createEntity(runningInstanceRow(HUB, "orig-terminated", "d".repeat(32), "Approver", '"y"', {
    RuntimeStatus: "Terminated", Output: "stopped by ops", CompletedTime: new Date(),
  }));

  // An entity with state 5 (its execution's Input is the SchedulerState) and a client's signal "add 2" queued.
  const entityId = "@counter@c";
  const state = JSON.stringify({ state: "5", sorter: {} });
  await put(episode(entityId, "e".repeat(32), entityId, state));
  await hub.instances.createEntity(runningInstanceRow(HUB, entityId, "e".repeat(32), entityId, state, { CustomStatus: '{"entityExists":true}' }));
  const signal = { op: "add", signal: true, input: "2", id: "5e0f7a1c-0000-4000-8000-000000000002", Timestamp: "0001-01-01T00:00:00",
    Predecessor: "0001-01-01T00:00:00", IsLockRequest: false, createTrace: false };
  await hub.controlQueue.sendMessage(messageBody("EventRaised (client raise)", { InstanceId: entityId, ExecutionId: null }, { Name: "op", Input: JSON.stringify(signal) }, CLIENT));
  // A scheduled signal, named "op@{due:o}" and made visible at its due time (CO`Entities/EventFormat/EntityMessageEventNames.cs:29`).
  const scheduled = { ...signal, input: "3", id: "5e0f7a1c-0000-4000-8000-000000000003", due: "2024-05-01T12:00:00.0000000Z" };
  await hub.controlQueue.sendMessage(messageBody("EventRaised (client raise)", { InstanceId: entityId, ExecutionId: null },
    { Name: "op@2024-05-01T12:00:00.0000000Z", Input: JSON.stringify(scheduled) }, CLIENT));
}

beforeAll(async () => {
  azurite = await startAzurite();
  service = new AzureStorageOrchestrationService({ connectionString: azurite.connectionString, taskHubName: HUB, partitionCount: 1, usePartitionLeases: false });
  await service.createIfNotExists();
  hub = originalHub(azurite.connectionString, HUB);
  await seed();
  worker = new TaskHubWorker(service)
    .addOrchestrator("Greeter", function* (ctx: OrchestrationContext, city: string) {
      return yield ctx.callActivity("SayHello", city);
    })
    .addOrchestrator("Approver", function* (ctx: OrchestrationContext, request: string) {
      const ok = (yield ctx.waitForExternalEvent("Approval")) as boolean;
      return { ok, length: request.length };
    })
    .addActivity("SayHello", (_ctx, city: string) => `Hello ${city}!`)
    .addEntity("Counter", (ctx: EntityContext<number>) => {
      if (ctx.operationName === "add") ctx.setState((ctx.getState(() => 0) ?? 0) + (ctx.getInput() as number));
    });
  await worker.start();
  client = new TaskHubClient(service);
});
afterAll(async () => {
  await worker?.stop({ timeoutInMs: 5_000 });
  await service?.close();
  await azurite?.stop();
});

describe("a hub written by the original", () => {
  it("carries the instance waiting on an activity result to completion", async () => {
    const state = await client.waitForOrchestrationCompletion("orig-activity", { timeoutInMs: 20_000 });
    expect(state).toMatchObject({ runtimeStatus: "Completed", output: "Hello Tokyo!", input: "Tokyo" });
  });

  it("carries the instance waiting on an event to completion", async () => {
    const state = await client.waitForOrchestrationCompletion("orig-event", { timeoutInMs: 20_000 });
    expect(state.output).toEqual({ ok: true, length: 5 });
  });

  it("reads a spilled input from the original's blob and completes the instance", async () => {
    const state = await client.waitForOrchestrationCompletion("orig-spilled", { timeoutInMs: 20_000 });
    expect(state.output).toEqual({ ok: false, length: 40_000 });
    expect(state.input).toBe(JSON.parse(bigInput));
  });

  it("reads the Failed and Terminated instances as the original left them", async () => {
    const failed = await client.getOrchestrationState("orig-failed");
    expect(failed).toMatchObject({ runtimeStatus: "Failed", failureDetails: { errorType: "Error", message: "boom" } });
    const terminated = await client.getOrchestrationState("orig-terminated");
    expect(terminated).toMatchObject({ runtimeStatus: "Terminated", output: "stopped by ops" });
    const history = await client.getOrchestrationHistory("orig-failed");
    expect(history.find((e) => e.eventType === "ExecutionCompleted")).toMatchObject({ orchestrationStatus: "Failed", failureDetails: { errorType: "Error" } });
  });

  it("runs the pending signals (one scheduled) on the entity's state", async () => {
    let entity: Awaited<ReturnType<TaskHubClient["getEntity"]>>;
    for (let i = 0; i < 200; i++) {
      entity = await client.getEntity("@counter@c");
      if (entity?.state === 10) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(entity!.state).toBe(10);
  });

  it("lists, inspects and purges them", async () => {
    const listed: OrchestrationState[] = [];
    for await (const state of client.listOrchestrations()) listed.push(state);
    const ids = listed.map((s) => s.instanceId);
    for (const id of ["orig-activity", "orig-event", "orig-spilled", "orig-failed", "orig-terminated"]) expect(ids).toContain(id);
    const history = await client.getOrchestrationHistory("orig-activity");
    expect(history.map((e) => e.eventType)).toContain("TaskCompleted");
    for (const id of ["orig-activity", "orig-event", "orig-spilled", "orig-failed", "orig-terminated"]) {
      expect((await client.purgeOrchestration(id)).deletedInstanceCount).toBe(1);
      expect(await client.getOrchestrationState(id)).toBeUndefined();
    }
  });
});
