// Durable timers: delivered at their time, and longer ones split into a chain no link of which exceeds the maximum.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/core/index.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub(
    (worker) => {
      worker.addOrchestrator("Sleep", function* (ctx: OrchestrationContext, ms: number) {
        const start = ctx.currentUtcDateTime.getTime();
        yield ctx.createTimer(ms);
        return ctx.currentUtcDateTime.getTime() - start;
      });
    },
    { worker: { maxTimerIntervalInMs: 2000 } },
  );
});

afterAll(async () => {
  await hub?.stop();
});

describe("timers", () => {
  it("fires a short timer at its time", async () => {
    const id = await hub.client.scheduleNewOrchestration("Sleep", 1000);
    const state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
    expect(state.output).toBeGreaterThanOrEqual(1000);
  });

  it("chains a timer longer than the maximum interval", async () => {
    const id = await hub.client.scheduleNewOrchestration("Sleep", 5000);
    const state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
    expect(state.output).toBeGreaterThanOrEqual(5000);
    const history = await hub.client.getOrchestrationHistory(id);
    const created = history.filter((e) => e.eventType === "TimerCreated");
    expect(created).toHaveLength(3);
    // Each link fires at most the maximum interval after it was created; the last at the requested time.
    for (const timer of created) {
      expect((timer.fireAt as Date).getTime() - (timer.timestamp as Date).getTime()).toBeLessThanOrEqual(2000);
    }
    expect(history.filter((e) => e.eventType === "TimerFired")).toHaveLength(3);
  });
});
