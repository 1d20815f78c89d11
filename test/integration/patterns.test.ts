// Every Durable Functions pattern end to end on a real (in-process) Azurite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/core/index.js";
import { registerSamples } from "../../src/samples/index.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub((worker) => {
    registerSamples(worker);
    worker
      .addOrchestrator("Empty", function* (ctx: OrchestrationContext) {
        return yield ctx.whenAll([]);
      })
      .addOrchestrator("Counter", function* (ctx: OrchestrationContext, n: number) {
        ctx.setCustomStatus({ step: n });
        if (n < 3) {
          yield ctx.createTimer(10);
          ctx.continueAsNew(n + 1);
          return "ignored";
        }
        return n;
      })
      .addOrchestrator("Parent", function* (ctx: OrchestrationContext, input: string) {
        const child: string = yield ctx.callSubOrchestrator("HelloCities", undefined, { instanceId: `${ctx.instanceId}-child` });
        return { input, child };
      })
      .addOrchestrator("Status", function* (ctx: OrchestrationContext) {
        ctx.setCustomStatus("waiting");
        yield ctx.waitForExternalEvent("Go");
        ctx.setCustomStatus({ done: true });
        return "ok";
      })
      .addOrchestrator("Sender", function* (ctx: OrchestrationContext, target: string) {
        ctx.sendEvent(target, "Go", { from: ctx.instanceId });
        return "sent";
      });
  });
});

afterAll(async () => {
  await hub?.stop();
});

describe("patterns", () => {
  it("chains activities (HelloCities)", async () => {
    const id = await hub.client.scheduleNewOrchestration("HelloCities", ["Tokyo", "Seattle", "London"]);
    const state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
    expect(state.runtimeStatus).toBe("Completed");
    expect(state.output).toEqual(["Hello Tokyo!", "Hello Seattle!", "Hello London!"]);
    const history = await hub.client.getOrchestrationHistory(id);
    expect(history.filter((e) => e.eventType === "TaskCompleted")).toHaveLength(3);
    expect(history[0]!.eventType).toBe("OrchestratorStarted");
  });

  it("fans out to 100 activities and fans in", async () => {
    const id = await hub.client.scheduleNewOrchestration("FanOutFanIn", 100);
    const state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 60_000 });
    expect(state.output).toBe((100 * 101 * 201) / 6);
  });

  it("completes whenAll([]) with []", async () => {
    const id = await hub.client.scheduleNewOrchestration("Empty");
    expect((await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 })).output).toEqual([]);
  });

  it("approves a human interaction before its timeout", async () => {
    const id = await hub.client.scheduleNewOrchestration("Approval", 60_000);
    await hub.client.waitForOrchestrationStart(id, { timeoutInMs: 30_000 });
    await hub.client.raiseEvent(id, "Approval", { by: "me" });
    const state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
    expect(state.output).toBe('Approved: {"by":"me"}');
  });

  it("escalates when the approval times out", async () => {
    const id = await hub.client.scheduleNewOrchestration("Approval", 1000);
    const state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
    expect(state.output).toMatch(/^Escalated/);
  });

  it("runs a monitor that continues as new", async () => {
    const id = await hub.client.scheduleNewOrchestration("Monitor", { checks: 5, intervalInMs: 100 });
    const state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
    expect(state.output).toEqual({ rounds: 3, status: "done" });
    expect(state.customStatus).toEqual({ round: 3, status: "done" });
    // One execution per instance in the History table: only the last generation remains.
    const history = await hub.client.getOrchestrationHistory(id);
    expect(history.filter((e) => e.eventType === "ExecutionStarted")).toHaveLength(1);
  });

  it("continues as new through several generations, ignoring the return value", async () => {
    const id = await hub.client.scheduleNewOrchestration("Counter", 0);
    const state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
    expect(state.runtimeStatus).toBe("Completed");
    expect(state.output).toBe(3);
    expect(state.input).toBe(3);
  });

  it("runs a sub-orchestration", async () => {
    const id = await hub.client.scheduleNewOrchestration("Parent", "p");
    const state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
    expect(state.output).toEqual({ input: "p", child: ["Hello Tokyo!", "Hello Seattle!", "Hello London!"] });
    expect((await hub.client.getOrchestrationState(`${id}-child`))?.runtimeStatus).toBe("Completed");
  });

  it("shows custom status while running and when done", async () => {
    const id = await hub.client.scheduleNewOrchestration("Status");
    const deadline = Date.now() + 30_000;
    let state = await hub.client.waitForOrchestrationStart(id, { timeoutInMs: 30_000 });
    while (state.customStatus !== "waiting" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      state = (await hub.client.getOrchestrationState(id))!;
    }
    expect(state.customStatus).toBe("waiting");
    const sender = await hub.client.scheduleNewOrchestration("Sender", id);
    await hub.client.waitForOrchestrationCompletion(sender, { timeoutInMs: 30_000 });
    state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
    expect(state.customStatus).toEqual({ done: true });
    expect(state.output).toBe("ok");
  });
});
