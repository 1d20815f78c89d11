// Retry delays below and at one second fire at their time, not at the next whole second of queue visibility:
// measured from the history (episode times) and from the clock (when each attempt ran).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/core/index.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";

let hub: TestHub;
const attemptsAt = new Map<string, number[]>();

beforeAll(async () => {
  hub = await startTestHub((worker) => {
    worker
      .addOrchestrator("RetryOnce", function* (ctx: OrchestrationContext, delayInMs: number) {
        const retry = { maxNumberOfAttempts: 2, firstRetryIntervalInMs: delayInMs };
        return yield ctx.callActivity("FailsFirst", ctx.instanceId, { retry });
      })
      .addActivity("FailsFirst", async (_ctx, key: string) => {
        const times = attemptsAt.get(key) ?? [];
        attemptsAt.set(key, [...times, Date.now()]);
        if (times.length === 0) throw new Error("first attempt fails");
        return times.length + 1;
      });
  });
});

afterAll(async () => {
  await hub?.stop();
});

/** Slack for an episode, a queue round trip and a busy shared machine; the whole-second rounding alone adds up to 1 s. */
const SLACK_MS = 300;

describe("sub-second timers", () => {
  for (const delay of [500, 1000]) {
    it(`fires a ${delay} ms retry delay after about ${delay} ms`, async () => {
      const id = await hub.client.scheduleNewOrchestration("RetryOnce", delay);
      const state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
      expect(state.output).toBe(2);

      const [first, second] = attemptsAt.get(id)!;
      const byClock = second! - first!;
      expect(byClock).toBeGreaterThanOrEqual(delay);
      expect(byClock).toBeLessThan(delay + SLACK_MS);

      const history = await hub.client.getOrchestrationHistory(id);
      const created = history.find((e) => e.eventType === "TimerCreated")!;
      expect((created.fireAt as Date).getTime() - (created.timestamp as Date).getTime()).toBe(delay);
      const firedAt = history.findIndex((e) => e.eventType === "TimerFired");
      const episode = history.slice(0, firedAt).findLast((e) => e.eventType === "OrchestratorStarted")!;
      const byHistory = (episode.timestamp as Date).getTime() - (created.timestamp as Date).getTime();
      expect(byHistory).toBeGreaterThanOrEqual(delay);
      expect(byHistory).toBeLessThan(delay + SLACK_MS);
      console.log(`retry delay ${delay} ms: ${byClock} ms by the clock, ${byHistory} ms by the history`);
    });
  }
});
