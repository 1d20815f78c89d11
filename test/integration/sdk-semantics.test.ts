// Semantics the other Durable Task SDKs promise, end to end on Azurite: waits that time out and withdraw, recursive
// terminate and purge, default child ids across continue-as-new, starts over an existing history that run once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AzureStorageOrchestrationService } from "../../src/azure/azure-storage-orchestration-service.js";
import { TaskHubClient } from "../../src/client/task-hub-client.js";
import { InstanceNotTerminalError, type OrchestrationContext } from "../../src/core/index.js";
import { eventually } from "../support/eventually.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";

let hub: TestHub;
/** Runs of an orchestrator's first episode (its code running with isReplaying false from the top), by instance. */
const firstEpisodes = new Map<string, number>();
const activityRuns = new Map<string, number>();
const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

beforeAll(async () => {
  hub = await startTestHub((worker) => {
    worker
      .addOrchestrator("Contention", function* (ctx: OrchestrationContext) {
        const seen: unknown[] = [];
        try {
          seen.push(yield ctx.waitForExternalEvent("E", { timeoutInMs: 300 }));
        } catch (error) {
          seen.push((error as Error).name);
        }
        ctx.setCustomStatus("first wait over");
        seen.push(yield ctx.waitForExternalEvent("E", { timeoutInMs: 20_000 }));
        seen.push(yield ctx.waitForExternalEvent("E", { timeoutInMs: 20_000 }));
        return seen;
      })
      .addOrchestrator("Root", function* (ctx: OrchestrationContext) {
        yield ctx.callSubOrchestrator("Middle", undefined, { instanceId: `${ctx.instanceId}-middle` });
        return yield ctx.waitForExternalEvent("Never");
      })
      .addOrchestrator("Middle", function* (ctx: OrchestrationContext) {
        // Started and not awaited: the middle child completes while its own child keeps running.
        ctx.callSubOrchestrator("Leaf", undefined, { instanceId: ctx.instanceId.replace(/-middle$/, "-leaf") });
        return "middle done";
      })
      .addOrchestrator("Leaf", function* (ctx: OrchestrationContext) {
        return yield ctx.waitForExternalEvent("Never");
      })
      .addOrchestrator("Eternal", function* (ctx: OrchestrationContext, state: { round: number; children: string[] }) {
        const child: string = yield ctx.callSubOrchestrator("WhoAmI", state.round);
        const children = [...state.children, child];
        if (state.round === 0) ctx.continueAsNew({ round: 1, children });
        return children;
      })
      .addOrchestrator("WhoAmI", function* (ctx: OrchestrationContext) {
        return ctx.instanceId;
      })
      .addOrchestrator("Counted", function* (ctx: OrchestrationContext, n: number) {
        if (!ctx.isReplaying) bump(firstEpisodes, ctx.instanceId);
        const out: string[] = [];
        for (let i = 0; i < n; i++) out.push(yield ctx.callActivity("CountedActivity", ctx.instanceId));
        return out;
      })
      .addOrchestrator("FlakyParent", function* (ctx: OrchestrationContext) {
        const retry = { maxNumberOfAttempts: 2, firstRetryIntervalInMs: 100 };
        return yield ctx.callSubOrchestrator("FlakyChild", undefined, { instanceId: `${ctx.instanceId}-child`, retry });
      })
      .addOrchestrator("FlakyChild", function* (ctx: OrchestrationContext) {
        if (!ctx.isReplaying) bump(firstEpisodes, ctx.instanceId);
        yield ctx.callActivity("CountedActivity", ctx.instanceId);
        if (firstEpisodes.get(ctx.instanceId) === 1) throw new Error("first attempt fails");
        return "second attempt";
      })
      .addActivity("CountedActivity", async (_ctx, instanceId: string) => {
        bump(activityRuns, instanceId);
        return "ran";
      });
  });
});

afterAll(async () => {
  await hub?.stop();
});

const done = (id: string) => hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
const statusOf = async (id: string) => (await hub.client.getOrchestrationState(id, { fetchPayloads: false }))?.runtimeStatus;

describe("waitForExternalEvent with a timeout", () => {
  it("times out, withdraws the waiter, and the next waits get the next events in order", async () => {
    const id = await hub.client.scheduleNewOrchestration("Contention");
    await eventually(() => hub.client.getOrchestrationState(id), (s) => s?.customStatus === "first wait over");
    await hub.client.raiseEvent(id, "E", 42);
    await hub.client.raiseEvent(id, "E", 43);
    expect((await done(id)).output).toEqual(["TimeoutError", 42, 43]);
  });
});

describe("recursive terminate and purge", () => {
  it("terminates a grandchild under a completed middle child, then purges all three", async () => {
    const root = await hub.client.scheduleNewOrchestration("Root", undefined, { instanceId: "tree" });
    expect((await done("tree-middle")).output).toBe("middle done");
    await hub.client.waitForOrchestrationStart("tree-leaf", { timeoutInMs: 30_000 });
    expect(await statusOf(root)).toBe("Running");

    await hub.client.terminateOrchestration(root, "enough", { recursive: true });
    expect((await done(root)).runtimeStatus).toBe("Terminated");
    expect((await done("tree-leaf")).runtimeStatus).toBe("Terminated");
    expect(await statusOf("tree-middle")).toBe("Completed");

    expect(await hub.client.purgeOrchestration(root, { recursive: true })).toEqual({ deletedInstanceCount: 3 });
    for (const id of [root, "tree-middle", "tree-leaf"]) expect(await hub.client.getOrchestrationState(id)).toBeUndefined();
  });

  it("refuses to purge an unfinished instance unless forced; force terminates it first and it stays gone", async () => {
    const id = await hub.client.scheduleNewOrchestration("Leaf");
    await expect(hub.client.purgeOrchestration(id)).rejects.toBeInstanceOf(InstanceNotTerminalError);
    expect(await statusOf(id)).toBeDefined();
    expect(await hub.client.purgeOrchestration(id, { force: true })).toEqual({ deletedInstanceCount: 1 });
    await new Promise((r) => setTimeout(r, 500));
    expect(await hub.client.getOrchestrationState(id)).toBeUndefined();
  });
});

describe("default sub-orchestration ids", () => {
  it("differ between continue-as-new generations, so both children are kept", async () => {
    const id = await hub.client.scheduleNewOrchestration("Eternal", { round: 0, children: [] });
    const children = (await done(id)).output as string[];
    expect(children).toHaveLength(2);
    expect(children[0]).not.toBe(children[1]);
    for (const [round, child] of children.entries()) {
      expect(child.startsWith(`${id}:`)).toBe(true);
      const state = await hub.client.getOrchestrationState(child);
      expect(state).toMatchObject({ runtimeStatus: "Completed", input: round, output: child });
    }
  });
});

describe("starts over an existing history", () => {
  it("runs the first episode and each activity once per start, restart and re-creation", async () => {
    const id = "counted";
    await hub.client.scheduleNewOrchestration("Counted", 3, { instanceId: id });
    const first = await done(id);
    expect([firstEpisodes.get(id), activityRuns.get(id)]).toEqual([1, 3]);

    await hub.client.restartOrchestration(id);
    const second = await eventually(() => done(id), (s) => s.executionId !== first.executionId);
    expect(second.output).toEqual(["ran", "ran", "ran"]);
    expect([firstEpisodes.get(id), activityRuns.get(id)]).toEqual([2, 6]);

    // A client in another process (its own service): the worker remembers it finished this instance.
    const other = new AzureStorageOrchestrationService({ connectionString: hub.azurite.connectionString, taskHubName: hub.service.options.taskHubName, partitionCount: 2 });
    try {
      await new TaskHubClient(other).scheduleNewOrchestration("Counted", 2, { instanceId: id });
    } finally {
      await other.close();
    }
    await eventually(() => done(id), (s) => s.executionId !== second.executionId && s.input === 2);
    expect([firstEpisodes.get(id), activityRuns.get(id)]).toEqual([3, 8]);
  });

  it("runs a sub-orchestration retried under its fixed id once per attempt", async () => {
    const id = await hub.client.scheduleNewOrchestration("FlakyParent");
    expect((await done(id)).output).toBe("second attempt");
    expect([firstEpisodes.get(`${id}-child`), activityRuns.get(`${id}-child`)]).toEqual([2, 2]);
  });

  it("restarts under a new instance id when asked", async () => {
    const newId = await hub.client.restartOrchestration("counted", { newInstanceId: true });
    expect(newId).not.toBe("counted");
    expect((await done(newId)).output).toEqual(["ran", "ran"]);
    expect([firstEpisodes.get(newId), activityRuns.get(newId)]).toEqual([1, 2]);
  });
});
