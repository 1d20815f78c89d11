// A wait never lasts longer because of an announcement (issue 15). Before, a wait on an instance this process
// observed skipped its first read when the last status announced could not satisfy it, and trusted that news
// until its 5 s safety poll: news left behind storage (a commit wrote Completed, then deleting its input failed
// with a stale pop receipt after a redelivery during a long local activity) cost 5,012 ms. Now storage is read
// first, and a commit announces its status as soon as the row is written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/core/index.js";
import type { InstanceChangeFeed, OrchestrationService } from "../../src/backend/orchestration-service.js";
import { TaskHubClient } from "../../src/client/task-hub-client.js";
import { eventually } from "../support/eventually.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";

let hub: TestHub;
const ACTIVITY_MS = 2_500;

beforeAll(async () => {
  hub = await startTestHub(
    (worker) => {
      worker
        .addOrchestrator("Quick", function* () {
          return "done";
        })
        .addOrchestrator("Slow", function* (ctx: OrchestrationContext) {
          return (yield ctx.callActivity("Sleep", ACTIVITY_MS)) as string;
        })
        .addActivity("Sleep", async (_ctx, ms: number) => {
          await new Promise((r) => setTimeout(r, ms));
          return "slept";
        });
    },
    // The control-queue message becomes visible again (and is received again) while the activity runs.
    { service: { controlQueueVisibilityTimeoutInMs: 1_000 }, worker: { localActivities: { budgetInMs: 10_000 } } },
  );
});

afterAll(async () => {
  await hub?.stop();
});

/** The same service, with news that says Running forever: what a lost announcement looks like to a waiter. */
function withStaleNews(service: OrchestrationService): OrchestrationService {
  const stale: InstanceChangeFeed = {
    observes: () => true,
    lastChange: () => ({ runtimeStatus: "Running" }),
    nextChange: (_id, abortSignal) => new Promise((resolve) => abortSignal.addEventListener("abort", () => resolve(undefined))),
  };
  return Object.assign(Object.create(service) as OrchestrationService, { instanceChanges: stale });
}

describe("a wait on an instance storage already shows finished", () => {
  it("returns at once though this process's news says Running (was 5,010 ms)", async () => {
    const id = await hub.client.scheduleNewOrchestration("Quick");
    await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 10_000 });
    const client = new TaskHubClient(withStaleNews(hub.service));
    const started = Date.now();
    const state = await client.waitForOrchestrationCompletion(id, { timeoutInMs: 10_000 });
    expect(state.output).toBe("done");
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("returns at once after the instance's message was redelivered during a long local activity", async () => {
    const id = await hub.client.scheduleNewOrchestration("Slow");
    const waitedFrom = Date.now();
    const first = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 15_000 });
    expect(first.output).toBe("slept");
    expect(Date.now() - waitedFrom).toBeLessThan(ACTIVITY_MS + 2_000);
    const stored = await eventually(() => hub.client.getOrchestrationState(id), (s) => s?.runtimeStatus === "Completed", 10_000);
    expect(stored?.runtimeStatus).toBe("Completed");
    const started = Date.now();
    const state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 10_000 });
    expect(state.output).toBe("slept");
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
