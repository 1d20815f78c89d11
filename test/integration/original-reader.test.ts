// The reverse direction: every queue message and table row dtfx writes, across every pattern (chaining, fan-out,
// timers, events, sub-orchestrations, entities, terminate, suspend/resume, continue-as-new, failure, a payload
// that spills), read by a reader that follows the original's rules (test/support/original-reader.ts).
import { gunzipSync } from "node:zlib";
import { TableClient } from "@azure/data-tables";
import { QueueClient } from "@azure/storage-queue";
import { BlobServiceClient } from "@azure/storage-blob";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAzurite, type RunningAzurite } from "../../src/azurite/start-azurite.js";
import {
  AzureStorageOrchestrationService,
  EntityId,
  TaskHubClient,
  TaskHubWorker,
  type EntityContext,
  type OrchestrationContext,
} from "../../src/index.js";
import { checkHistoryRow, checkInstanceRow, readQueueBody } from "../support/original-reader.js";
import { uniqueHubName } from "../support/test-hub.js";

const HUB = uniqueHubName("Rev");
const sent: { queue: string; body: string }[] = [];
const originalSend = QueueClient.prototype.sendMessage;

let azurite: RunningAzurite;
let service: AzureStorageOrchestrationService;
let worker: TaskHubWorker;
let client: TaskHubClient;

beforeAll(async () => {
  // Records every body dtfx sends (the message itself still goes to Azurite).
  QueueClient.prototype.sendMessage = function (this: QueueClient, text: string, options?: unknown) {
    sent.push({ queue: this.name, body: text });
    return originalSend.call(this, text, options as never);
  } as typeof originalSend;
  azurite = await startAzurite();
  service = new AzureStorageOrchestrationService({ connectionString: azurite.connectionString, taskHubName: HUB, partitionCount: 2, usePartitionLeases: false });
  const counter = new EntityId("Counter", "k");
  worker = new TaskHubWorker(service, { localActivities: false })
    .addActivity("Hello", (_ctx, name: string) => `Hello ${name}!`)
    .addActivity("Fail", () => {
      throw new RangeError("no such city");
    })
    .addOrchestrator("Chain", function* (ctx: OrchestrationContext) {
      const a = yield ctx.callActivity("Hello", "Tokyo");
      return [a, yield ctx.callActivity("Hello", "Seattle")];
    })
    .addOrchestrator("FanOut", function* (ctx: OrchestrationContext) {
      return yield ctx.whenAll(["a", "b", "c"].map((n) => ctx.callActivity("Hello", n)));
    })
    .addOrchestrator("Timer", function* (ctx: OrchestrationContext) {
      yield ctx.createTimer(1000);
      return "fired";
    })
    .addOrchestrator("Waits", function* (ctx: OrchestrationContext) {
      ctx.setCustomStatus({ waiting: true });
      return yield ctx.waitForExternalEvent("Go");
    })
    .addOrchestrator("Parent", function* (ctx: OrchestrationContext) {
      ctx.sendEvent("rev-waits-2", "Go", "from parent");
      return yield ctx.callSubOrchestrator("Chain", undefined, { instanceId: "rev-child" });
    })
    .addOrchestrator("Entities", function* (ctx: OrchestrationContext) {
      ctx.signalEntity(counter, "add", 2);
      const lock = yield ctx.lockEntities(counter);
      const value = yield ctx.callEntity(counter, "get");
      (lock as { release(): void }).release();
      return value;
    })
    .addOrchestrator("Again", function* (ctx: OrchestrationContext, n: number) {
      if (n < 2) ctx.continueAsNew(n + 1);
      return n;
    })
    .addOrchestrator("Fails", function* (ctx: OrchestrationContext) {
      return yield ctx.callActivity("Fail");
    })
    .addOrchestrator("Echo", function* (_ctx: OrchestrationContext, input: string) {
      return input;
    })
    .addEntity("Counter", (ctx: EntityContext<number>) => {
      if (ctx.operationName === "add") ctx.setState((ctx.getState(() => 0) ?? 0) + (ctx.getInput() as number));
      else ctx.return(ctx.getState(() => 0));
    });
  await worker.start();
  client = new TaskHubClient(service);
  await runEveryPattern();
}, 60_000);

afterAll(async () => {
  QueueClient.prototype.sendMessage = originalSend;
  await worker?.stop({ timeoutInMs: 5_000 });
  await service?.close();
  await azurite?.stop();
});

async function runEveryPattern(): Promise<void> {
  const done = (id: string) => client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
  const ids = await Promise.all([
    client.scheduleNewOrchestration("Chain", undefined, { instanceId: "rev-chain" }),
    client.scheduleNewOrchestration("FanOut", undefined, { instanceId: "rev-fanout" }),
    client.scheduleNewOrchestration("Timer", undefined, { instanceId: "rev-timer" }),
    client.scheduleNewOrchestration("Waits", undefined, { instanceId: "rev-waits-2" }),
    client.scheduleNewOrchestration("Parent", undefined, { instanceId: "rev-parent" }),
    client.scheduleNewOrchestration("Entities", undefined, { instanceId: "rev-entities" }),
    client.scheduleNewOrchestration("Again", 0, { instanceId: "rev-again" }),
    client.scheduleNewOrchestration("Fails", undefined, { instanceId: "rev-fails" }),
    client.scheduleNewOrchestration("Echo", "z".repeat(50_000), { instanceId: "rev-large" }),
  ]);
  await client.scheduleNewOrchestration("Waits", undefined, { instanceId: "rev-event" });
  await client.waitForOrchestrationStart("rev-event", { timeoutInMs: 10_000 });
  await client.raiseEvent("rev-event", "Go", 42);
  await client.scheduleNewOrchestration("Waits", undefined, { instanceId: "rev-terminate" });
  await client.waitForOrchestrationStart("rev-terminate", { timeoutInMs: 10_000 });
  await client.terminateOrchestration("rev-terminate", "stopped by ops");
  await client.scheduleNewOrchestration("Waits", undefined, { instanceId: "rev-suspend" });
  await client.waitForOrchestrationStart("rev-suspend", { timeoutInMs: 10_000 });
  await client.suspendOrchestration("rev-suspend", "maintenance");
  await client.resumeOrchestration("rev-suspend", "done");
  await client.raiseEvent("rev-suspend", "Go", 1);
  await client.signalEntity(new EntityId("Counter", "k"), "add", 1);
  const states = await Promise.all([...ids, "rev-event", "rev-terminate", "rev-suspend"].map(done));
  expect(states.map((s) => s.runtimeStatus)).toEqual([
    "Completed", "Completed", "Completed", "Completed", "Completed", "Completed", "Completed", "Failed", "Completed",
    "Completed", "Terminated", "Completed",
  ]);
}

describe("what dtfx writes, read with the original's rules", () => {
  it("every queue message: JSON object, envelope and event members as the original's classes, Sender always", async () => {
    const blobs = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(`${HUB.toLowerCase()}-largemessages`);
    const problems: string[] = [];
    const kinds = new Set<string>();
    for (const { queue, body } of sent) {
      const local: string[] = [];
      let read = readQueueBody(body, local);
      if (read && typeof read.envelope.CompressedBlobName === "string") {
        kinds.add("spilled");
        const blob = await blobs.getBlockBlobClient(read.envelope.CompressedBlobName).downloadToBuffer();
        read = readQueueBody(gunzipSync(blob).toString("utf8"), local);
      }
      if (read?.event) kinds.add(`${String(read.event.EventType)}${read.event.Name === "op" ? " op" : ""}`);
      problems.push(...local.map((p) => `${queue}: ${p}`));
    }
    expect(problems).toEqual([]);
    expect(sent.length).toBeGreaterThan(40);
    // Starts, activity calls and answers, timers, events (client, orchestration, entity ops), terminate, suspend, resume.
    for (const kind of ["0", "4", "5", "6", "8", "11", "15", "15 op", "3", "19", "20", "spilled"]) expect([...kinds]).toContain(kind);
  });

  it("every History and Instances row: the original's columns and types", async () => {
    const options = { allowInsecureConnection: true };
    const problems: string[] = [];
    const history = TableClient.fromConnectionString(azurite.connectionString, `${HUB}History`, options);
    let rows = 0;
    for await (const row of history.listEntities<Record<string, unknown>>({ queryOptions: {}, disableTypeConversion: true } as never)) {
      if (String((row as { rowKey: unknown }).rowKey) === "sentinel") continue;
      checkHistoryRow(row, problems);
      rows++;
    }
    expect(rows).toBeGreaterThan(60);
    const instances = TableClient.fromConnectionString(azurite.connectionString, `${HUB}Instances`, options);
    let count = 0;
    for await (const row of instances.listEntities<Record<string, unknown>>({ disableTypeConversion: true } as never)) {
      checkInstanceRow(row, problems);
      count++;
    }
    expect(problems).toEqual([]);
    expect(count).toBeGreaterThanOrEqual(13);
  });
});

describe("the original's reader itself", () => {
  it("refuses what the original cannot read: a batch (JSON array), no Sender, Int64 ids, FailureDetails JSON as a Failed Output", () => {
    const message = sent.find((m) => m.body.includes('"EventType":15'))!.body;
    const problemsOf = (check: (problems: string[]) => void) => {
      const problems: string[] = [];
      check(problems);
      return problems;
    };
    expect(problemsOf((p) => readQueueBody(`[${message}]`, p))).not.toEqual([]);
    expect(problemsOf((p) => readQueueBody(message.replace(/,"Sender":\{[^}]*\}/, ""), p))).toContain("no Sender (the original throws reading an EventRaised without one)");
    expect(problemsOf((p) => checkHistoryRow({
      partitionKey: "x", rowKey: "0", EventType: "TaskCompleted", EventId: { value: "1", type: "Int64" }, IsPlayed: { value: "false", type: "Boolean" },
      _Timestamp: { value: "2024-01-01T00:00:00Z", type: "DateTime" }, ExecutionId: "e",
    }, p))).toEqual(["x/0: EventId is Edm.Int64, the original writes Edm.Int32"]);
    expect(problemsOf((p) => checkInstanceRow({ partitionKey: "x", RuntimeStatus: "Failed", Output: '{"ErrorType":"E"}', CustomStatus: "null" }, p))).toHaveLength(1);
  });
});
