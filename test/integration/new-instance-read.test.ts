// A batch opening with ExecutionStarted is committed without reading the history first; where a history exists
// after all (an instance id used again), the first commit is refused and the start runs again at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/core/index.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub((worker) => {
    worker
      .addOrchestrator("Echo", function* (ctx: OrchestrationContext, input: number) {
        return (yield ctx.callActivity("Twice", input)) as number;
      })
      .addActivity("Twice", (_ctx, x: number) => 2 * x);
  });
});

afterAll(async () => {
  await hub?.stop();
});

describe("starting instances without reading their history", () => {
  it("reads no history for a new instance", async () => {
    const before = hub.service.metrics().storageRequests.byKind["table.query"];
    const id = await hub.client.scheduleNewOrchestration("Echo", 1);
    expect((await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 10_000 })).output).toBe(2);
    expect(hub.service.metrics().storageRequests.byKind["table.query"] - before).toBe(0);
  });

  it("reads no Instances row to start an instance whose id the client generated, but does for a given id", async () => {
    const gets = () => hub.service.metrics().storageRequests.byKind["table.get"] ?? 0;
    let before = gets();
    await hub.client.scheduleNewOrchestration("Echo", 1);
    expect(gets() - before).toBe(0);
    before = gets();
    await hub.client.scheduleNewOrchestration("Echo", 1, { instanceId: `given-${Date.now()}` });
    expect(gets() - before).toBe(1); // the dedupe read: a given id may be in use
  });

  it("runs a reused instance id with its real history, without a retry backoff", async () => {
    const id = "reused-id";
    await hub.client.scheduleNewOrchestration("Echo", 1, { instanceId: id });
    await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 10_000 });
    const started = Date.now();
    await hub.client.scheduleNewOrchestration("Echo", 21, { instanceId: id });
    const state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 10_000 });
    expect(state.output).toBe(42);
    expect(Date.now() - started).toBeLessThan(1_500); // the dequeue-count backoff would add 2 s
    const history = await hub.client.getOrchestrationHistory(id);
    expect(history.filter((e) => e.eventType === "ExecutionStarted")).toHaveLength(1);
    // TaskScheduled keeps no input in history (the original's IncludeParameters is off by default): the new start does.
    expect(history.find((e) => e.eventType === "ExecutionStarted")?.input).toBe(21);
  });
});
