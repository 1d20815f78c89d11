// What the in-memory backend adds to the conformance suite: failing deliveries end on the poison list (and can
// be requeued), work items from its own clock, closed services refuse work, and waits never read twice.
import { describe, expect, it } from "vitest";
import { InvalidInstanceIdError, type TaskMessage } from "../../src/core/index.js";
import { InMemoryOrchestrationService } from "../../src/memory/in-memory-orchestration-service.js";
import { TaskHubClient } from "../../src/client/task-hub-client.js";

const start = (instanceId: string): TaskMessage => ({
  orchestrationInstance: { instanceId, executionId: "e1" },
  event: { eventType: "ExecutionStarted", eventId: -1, timestamp: new Date(), name: "X", orchestrationInstance: { instanceId, executionId: "e1" } },
});

describe("InMemoryOrchestrationService", () => {
  it("hands out an instance once with all its messages, and again only after the work item ends", async () => {
    const service = new InMemoryOrchestrationService();
    await service.createOrchestration(start("a"));
    await service.sendTaskMessage({ orchestrationInstance: { instanceId: "a" }, event: { eventType: "EventRaised", eventId: -1, timestamp: new Date(), name: "E" } });
    const signal = new AbortController().signal;
    const item = await service.lockNextOrchestrationWorkItem(signal);
    expect(item?.newMessages.map((m) => m.event.eventType)).toEqual(["ExecutionStarted", "EventRaised"]);
    await service.sendTaskMessage({ orchestrationInstance: { instanceId: "a" }, event: { eventType: "EventRaised", eventId: -1, timestamp: new Date(), name: "F" } });
    const waiting = new AbortController();
    const second = service.lockNextOrchestrationWorkItem(waiting.signal);
    await new Promise((r) => setTimeout(r, 20));
    waiting.abort();
    expect(await second).toBeUndefined();
    await service.completeOrchestrationWorkItem(item!, { deferredMessages: [] });
    expect((await service.lockNextOrchestrationWorkItem(signal))?.newMessages.map((m) => m.event.eventType)).toEqual(["EventRaised"]);
    await service.close();
  });

  it("sets a message aside after maxDequeueCount failed deliveries, and requeues it on request", async () => {
    const service = new InMemoryOrchestrationService({ maxDequeueCount: 2 });
    await service.createOrchestration(start("p"));
    const signal = new AbortController().signal;
    for (let i = 0; i < 2; i++) {
      const item = await service.lockNextOrchestrationWorkItem(signal);
      await service.abandonOrchestrationWorkItem(item!, new Error("bad"));
    }
    const client = new TaskHubClient(service);
    const poison = [];
    for await (const message of client.listPoisonMessages()) poison.push(message);
    expect(poison).toHaveLength(1);
    expect(poison[0]).toMatchObject({ sourceQueue: "orchestrations", instanceId: "p", dequeueCount: 2 });
    expect(poison[0]!.reason).toContain("bad");
    expect(await client.requeuePoisonMessage(poison[0]!.id)).toBe(true);
    expect((await service.lockNextOrchestrationWorkItem(signal))?.instanceId).toBe("p");
    expect(await client.deletePoisonMessage(poison[0]!.id)).toBe(false);
    await service.close();
  });

  it("refuses invalid ids and work after close", async () => {
    const service = new InMemoryOrchestrationService();
    await expect(service.getInstance("")).rejects.toBeInstanceOf(InvalidInstanceIdError);
    await service.close();
    await expect(service.createOrchestration(start("late"))).rejects.toThrow(/closed/);
    expect(await service.lockNextOrchestrationWorkItem(new AbortController().signal)).toBeUndefined();
  });

  it("announces every change whole, so a wait on a finished instance needs no read", async () => {
    const service = new InMemoryOrchestrationService();
    await service.createOrchestration(start("w"));
    const item = await service.lockNextOrchestrationWorkItem(new AbortController().signal);
    const now = new Date();
    await service.completeOrchestrationWorkItem(item!, {
      deferredMessages: [],
      commit: {
        newEvents: [], isNewExecution: true, executionId: "e1", activityMessages: [], timerMessages: [], orchestratorMessages: [],
        state: { name: "X", executionId: "e1", runtimeStatus: "Completed", output: "7", createdTime: now, lastUpdatedTime: now, completedTime: now },
      },
    });
    let reads = 0;
    const counted = Object.assign(Object.create(service) as InMemoryOrchestrationService, {
      getInstance: (...args: Parameters<InMemoryOrchestrationService["getInstance"]>) => (reads++, service.getInstance(...args)),
    });
    const state = await new TaskHubClient(counted).waitForOrchestrationCompletion("w", { timeoutInMs: 1_000 });
    expect(state.output).toBe(7);
    expect(reads).toBe(0);
    await service.close();
  });
});
