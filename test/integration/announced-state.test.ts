// A worker that finishes a brand-new instance in one episode knows its whole status row, so a waiter in its
// process gets the final state without reading it. That state must be exactly what a read returns.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/core/index.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub((worker) => {
    worker
      .addOrchestrator("Chain", function* (ctx: OrchestrationContext, input: string) {
        const a = (yield ctx.callActivity("Upper", input)) as string;
        return (yield ctx.callActivity("Upper", `${a}!`)) as string;
      })
      .addOrchestrator("Nothing", function* () {
        yield* [];
      })
      .addOrchestrator("WithStatus", function* (ctx: OrchestrationContext) {
        ctx.setCustomStatus({ step: 1, note: "ünïcode \u2028" });
        return (yield ctx.callActivity("Upper", "x")) as string;
      })
      .addOrchestrator("Fails", function* (ctx: OrchestrationContext) {
        yield ctx.callActivity("Boom");
      })
      .addOrchestrator("Generations", function* (ctx: OrchestrationContext, n: number) {
        if (n < 3) ctx.continueAsNew(n + 1);
        else return n;
      })
      .addOrchestrator("Big", function* () {
        return "z".repeat(100_000);
      })
      .addActivity("Upper", (_ctx, s: string) => s.toUpperCase())
      .addActivity("Boom", () => {
        throw new TypeError("boom");
      });
  });
});

afterAll(async () => {
  await hub?.stop();
});

const gets = () => hub.service.metrics().storageRequests.byKind["table.get"] ?? 0;

describe("the final state a worker announces", () => {
  it.each([
    ["Chain", "abc", {}],
    ["Nothing", undefined, {}],
    ["WithStatus", null, { tags: { team: "a", env: "b" }, version: "2.0" }],
    ["Fails", 1, {}],
    ["Generations", 0, {}],
    ["Big", undefined, {}],
    ["NotRegistered", { deep: [1, 2] }, {}],
  ] as const)("%s: is what a read returns", async (name, input, options) => {
    const id = await hub.client.scheduleNewOrchestration(name, input, options);
    const announced = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 15_000 });
    const read = await hub.client.getOrchestrationState(id);
    expect(announced).toEqual(read);
    // Every one here finishes in its first episode; Big's output is too large to be remembered.
    expect(hub.service.instanceChanges.lastChange(id)?.record !== undefined).toBe(name !== "Big");
  });

  it("needs no read after the first when the instance finished in one episode, and none once it is known", async () => {
    const id = await hub.client.scheduleNewOrchestration("Chain", "q");
    const before = gets();
    const state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 15_000 });
    expect(state.output).toBe("Q!");
    // Storage is read first (news never replaces that read), then the announced row ends the wait.
    expect(gets() - before).toBeLessThanOrEqual(1);
    const again = gets();
    expect(await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 15_000 })).toEqual(state);
    expect(gets() - again).toBe(0);
  });

  it("is forgotten when the instance is purged", async () => {
    const id = await hub.client.scheduleNewOrchestration("Chain", "p");
    await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 15_000 });
    await hub.client.purgeOrchestration(id);
    expect(hub.service.instanceChanges.lastChange(id)?.record).toBeUndefined();
  });
});
