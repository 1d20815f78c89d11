// The conformance cases of the semantics the other Durable Task SDKs promise (issue 21), for every backend: waits
// that time out and withdraw, ctx.version, default child ids across continue-as-new, recursive terminate and
// purge, purge refusing an unfinished instance, restart under a new id.
import { describe, expect, it } from "vitest";
import { InstanceNotTerminalError, type OrchestrationContext } from "../../src/core/index.js";
import type { TaskHubClient } from "../../src/client/task-hub-client.js";
import type { TaskHubWorker } from "../../src/worker/task-hub-worker.js";

export function registerSemanticsFunctions(worker: TaskHubWorker): void {
  worker
    .addOrchestrator("WaitTwiceAfterTimeout", function* (ctx: OrchestrationContext) {
      const seen: unknown[] = [];
      try {
        seen.push(yield ctx.waitForExternalEvent("E", { timeoutInMs: 200 }));
      } catch (error) {
        seen.push((error as Error).name);
      }
      ctx.setCustomStatus("first wait over");
      seen.push(yield ctx.waitForExternalEvent("E"));
      seen.push(yield ctx.waitForExternalEvent("E"));
      return seen;
    })
    .addOrchestrator("Versioned", function* (ctx: OrchestrationContext) {
      return ctx.version;
    })
    .addOrchestrator("TwoGenerations", function* (ctx: OrchestrationContext, state: { round: number; children: string[] }) {
      const child: string = yield ctx.callSubOrchestrator("WhoAmI");
      const children = [...state.children, child];
      if (state.round === 0) ctx.continueAsNew({ round: 1, children });
      return children;
    })
    .addOrchestrator("WhoAmI", function* (ctx: OrchestrationContext) {
      return ctx.instanceId;
    })
    .addOrchestrator("TreeRoot", function* (ctx: OrchestrationContext) {
      yield ctx.callSubOrchestrator("TreeMiddle", undefined, { instanceId: `${ctx.instanceId}-middle` });
      return yield ctx.waitForExternalEvent("Never");
    })
    .addOrchestrator("TreeMiddle", function* (ctx: OrchestrationContext) {
      // Started and not awaited: the middle child completes while its own child keeps running.
      ctx.callSubOrchestrator("TreeLeaf", undefined, { instanceId: ctx.instanceId.replace(/-middle$/, "-leaf") });
      return "middle done";
    })
    .addOrchestrator("TreeLeaf", function* (ctx: OrchestrationContext) {
      return yield ctx.waitForExternalEvent("Never");
    });
}

export function describeSemanticsConformance(client: () => TaskHubClient, uniqueId: (label: string) => string): void {
  const WAIT = { timeoutInMs: 20_000 };
  const done = (id: string) => client().waitForOrchestrationCompletion(id, WAIT);
  const statusOf = async (id: string) => (await client().getOrchestrationState(id, { fetchPayloads: false }))?.runtimeStatus;
  const until = async (condition: () => Promise<boolean>) => {
    const deadline = Date.now() + 20_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error("condition not met in time");
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  describe("semantics the other Durable Task SDKs promise", () => {
    it("a wait that times out withdraws its waiter: the next waits get the next events in order", async () => {
      const id = await client().scheduleNewOrchestration("WaitTwiceAfterTimeout", undefined, { instanceId: uniqueId("contention") });
      await until(async () => (await client().getOrchestrationState(id))?.customStatus === "first wait over");
      await client().raiseEvent(id, "E", 42);
      await client().raiseEvent(id, "E", 43);
      expect((await done(id)).output).toEqual(["TimeoutError", 42, 43]);
    });

    it("hands the start's version to ctx.version", async () => {
      const id = await client().scheduleNewOrchestration("Versioned", undefined, { instanceId: uniqueId("version"), version: "2.1" });
      expect((await done(id)).output).toBe("2.1");
    });

    it("gives default-id children of two continue-as-new generations different ids, so both are kept", async () => {
      const id = await client().scheduleNewOrchestration("TwoGenerations", { round: 0, children: [] }, { instanceId: uniqueId("eternal") });
      const children = (await done(id)).output as string[];
      expect(children).toHaveLength(2);
      expect(new Set(children).size).toBe(2);
      for (const child of children) expect(await statusOf(child)).toBe("Completed");
    });

    it("terminates a grandchild under a completed middle child, then purges all three recursively", async () => {
      const root = uniqueId("tree");
      await client().scheduleNewOrchestration("TreeRoot", undefined, { instanceId: root });
      expect((await done(`${root}-middle`)).output).toBe("middle done");
      await client().waitForOrchestrationStart(`${root}-leaf`, WAIT);
      await client().terminateOrchestration(root, "enough", { recursive: true });
      expect((await done(root)).runtimeStatus).toBe("Terminated");
      expect((await done(`${root}-leaf`)).runtimeStatus).toBe("Terminated");
      expect(await statusOf(`${root}-middle`)).toBe("Completed");
      expect(await client().purgeOrchestration(root, { recursive: true })).toEqual({ deletedInstanceCount: 3 });
      for (const id of [root, `${root}-middle`, `${root}-leaf`]) expect(await client().getOrchestrationState(id)).toBeUndefined();
    });

    it("refuses to purge an unfinished instance unless forced", async () => {
      const id = await client().scheduleNewOrchestration("TreeLeaf", undefined, { instanceId: uniqueId("unfinished") });
      await expect(client().purgeOrchestration(id)).rejects.toBeInstanceOf(InstanceNotTerminalError);
      expect(await client().purgeOrchestration(id, { force: true })).toEqual({ deletedInstanceCount: 1 });
      expect(await client().getOrchestrationState(id)).toBeUndefined();
    });

    it("restarts a finished instance under a new id, with its input", async () => {
      const id = await client().scheduleNewOrchestration("Versioned", undefined, { instanceId: uniqueId("restart"), version: "1" });
      await done(id);
      const again = await client().restartOrchestration(id, { newInstanceId: true });
      expect(again).not.toBe(id);
      expect((await done(again)).output).toBe("1");
    });
  });
}
