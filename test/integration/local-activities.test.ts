// Local activities: a chain of short activities is committed in one history write, with the same history
// events the queued path writes; failures and retries behave the same.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TaskFailedError, type OrchestrationContext } from "../../src/core/index.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";

let hub: TestHub;
let calls = 0;

beforeAll(async () => {
  hub = await startTestHub((worker) => {
    worker
      .addActivity("Inc", (_ctx, x: number) => x + 1)
      .addActivity("FailTwice", () => {
        if (++calls <= 2) throw new RangeError(`call ${calls}`);
        return calls;
      })
      .addOrchestrator("Chain", function* (ctx: OrchestrationContext, x: number) {
        for (let i = 0; i < 5; i++) x = yield ctx.callActivity("Inc", x);
        return x;
      })
      .addOrchestrator("Retry", function* (ctx: OrchestrationContext) {
        try {
          return yield ctx.callActivity("FailTwice", undefined, { retry: { maxNumberOfAttempts: 3, firstRetryIntervalInMs: 100 } });
        } catch (error) {
          return (error as TaskFailedError).failureDetails;
        }
      });
  });
});

afterAll(async () => {
  await hub?.stop();
});

describe("local activities", () => {
  it("runs a chain in one history write, recording every step as the queued path does", async () => {
    const before = hub.service.metrics().storageRequests.byKind;
    const id = await hub.client.scheduleNewOrchestration("Chain", 0);
    const state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
    expect(state.output).toBe(5);
    const after = hub.service.metrics().storageRequests.byKind;
    expect(after["table.batch"] - before["table.batch"]).toBe(1);
    expect(after["queue.send"] - before["queue.send"]).toBe(1); // only the start message
    const history = await hub.client.getOrchestrationHistory(id);
    expect(history.filter((e) => e.eventType === "TaskScheduled")).toHaveLength(5);
    expect(history.filter((e) => e.eventType === "TaskCompleted").map((e) => e.result)).toEqual([1, 2, 3, 4, 5]);
    expect(history.filter((e) => e.eventType === "OrchestratorStarted")).toHaveLength(6);
    expect(history.at(-2)?.eventType).toBe("ExecutionCompleted");
  });

  it("retries failing local activities on durable timers", async () => {
    const id = await hub.client.scheduleNewOrchestration("Retry");
    const state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
    expect(state.output).toBe(3);
    const history = await hub.client.getOrchestrationHistory(id);
    expect(history.filter((e) => e.eventType === "TaskFailed")).toHaveLength(2);
    expect(history.filter((e) => e.eventType === "TimerFired")).toHaveLength(2);
  });
});
