// Messages that cannot be processed are set aside with their reason, the worker goes on, and the client
// can list, requeue and delete them.
import { QueueClient } from "@azure/storage-queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrchestrationContext, PoisonMessage } from "../../src/index.js";
import { eventually } from "../support/eventually.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub(
    (worker) => {
      worker
        .addActivity("Double", (_ctx, x: number) => x * 2)
        .addOrchestrator("Double", function* (ctx: OrchestrationContext, x: number) {
          return yield ctx.callActivity("Double", x);
        })
        .addOrchestrator("Wait", function* (ctx: OrchestrationContext) {
          return yield ctx.waitForExternalEvent("Go");
        });
    },
    { service: { partitionCount: 1, maxDequeueCount: 2 } },
  );
});

afterAll(async () => {
  await hub?.stop();
});

const queue = (name: string) => new QueueClient(hub.azurite.connectionString, `${hub.service.options.taskHubName.toLowerCase()}-${name}`);

async function poison(): Promise<PoisonMessage[]> {
  const all: PoisonMessage[] = [];
  for await (const message of hub.client.listPoisonMessages()) all.push(message);
  return all;
}

describe("poison messages", () => {
  it("sets aside garbage on a control queue and on the work-item queue while other instances complete", async () => {
    await queue("control-00").sendMessage("this is not a message");
    await queue("workitems").sendMessage(Buffer.from("{ not json either").toString("base64"));
    const ids = await Promise.all([1, 2, 3].map((x) => hub.client.scheduleNewOrchestration("Double", x)));
    const states = await Promise.all(ids.map((id) => hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 })));
    expect(states.map((s) => s.output)).toEqual([2, 4, 6]);
    const found = await eventually(poison, (list) => list.length >= 2);
    expect(found.map((m) => m.sourceQueue).sort()).toEqual([expect.stringMatching(/-control-00$/), expect.stringMatching(/-workitems$/)]);
    expect(found.find((m) => m.sourceQueue.endsWith("control-00"))).toMatchObject({ body: "this is not a message", reason: expect.stringMatching(/JSON/) });
  });

  it("requeues and deletes poison messages", async () => {
    const [first, second] = await poison();
    expect(await hub.client.deletePoisonMessage(first!.id)).toBe(true);
    expect(await hub.client.deletePoisonMessage(first!.id)).toBe(false);
    // Requeued garbage is still garbage: it comes back to the poison container under a new id.
    expect(await hub.client.requeuePoisonMessage(second!.id)).toBe(true);
    const after = await eventually(poison, (list) => list.some((m) => m.body === second!.body && m.id !== second!.id));
    expect(after.map((m) => m.body)).toEqual([second!.body]);
    expect(await hub.client.requeuePoisonMessage("no-such-id")).toBe(false);
  });

  it("sets aside a message that keeps coming back after maxDequeueCount tries, without blocking its partition", async () => {
    const id = await hub.client.scheduleNewOrchestration("Wait");
    await hub.client.waitForOrchestrationStart(id, { timeoutInMs: 30_000 });
    // An answer to a task the instance never scheduled is deferred each time it is received.
    await hub.service.sendTaskMessage({
      event: { eventType: "TaskCompleted", eventId: -1, timestamp: new Date(), taskScheduledId: 99, result: "1" },
      orchestrationInstance: { instanceId: id },
    });
    const other = await hub.client.scheduleNewOrchestration("Double", 21);
    expect((await hub.client.waitForOrchestrationCompletion(other, { timeoutInMs: 30_000 })).output).toBe(42);
    const found = await eventually(poison, (list) => list.some((m) => m.instanceId === id), 40_000);
    expect(found.find((m) => m.instanceId === id)?.reason).toMatch(/dequeued 3 times/);
    await hub.client.raiseEvent(id, "Go", "still alive");
    expect((await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 })).output).toBe("still alive");
  }, 60_000);
});
