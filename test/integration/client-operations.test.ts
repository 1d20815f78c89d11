// The TaskHubClient's operations against a running worker.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  InstanceExistsError,
  InvalidInstanceIdError,
  TimeoutError,
  type OrchestrationContext,
} from "../../src/core/index.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub((worker) => {
    worker
      .addOrchestrator("WaitForGo", function* (ctx: OrchestrationContext, input: unknown) {
        const value: unknown = yield ctx.waitForExternalEvent("Go");
        return { input, value };
      })
      .addOrchestrator("Echo", function* (_ctx: OrchestrationContext, input: unknown) {
        return input;
      })
      .addOrchestrator("ParentOfWaiter", function* (ctx: OrchestrationContext) {
        return yield ctx.callSubOrchestrator("WaitForGo", "child", { instanceId: `${ctx.instanceId}-c` });
      });
  });
});

afterAll(async () => {
  await hub?.stop();
});

const wait = (id: string) => hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });

describe("client operations", () => {
  it("returns undefined for an unknown instance", async () => {
    expect(await hub.client.getOrchestrationState("never-created")).toBeUndefined();
  });

  it("refuses a second start of a running instance, and allows one after it ends", async () => {
    const id = await hub.client.scheduleNewOrchestration("WaitForGo", 1, { instanceId: "dup-check" });
    await expect(hub.client.scheduleNewOrchestration("WaitForGo", 2, { instanceId: id })).rejects.toBeInstanceOf(InstanceExistsError);
    await hub.client.raiseEvent(id, "Go", "x");
    await wait(id);
    await hub.client.scheduleNewOrchestration("Echo", "again", { instanceId: id });
    expect((await wait(id)).output).toBe("again");
  });

  it("refuses invalid instance ids before any request", async () => {
    const before = hub.service.metrics().storageRequests.total;
    await expect(hub.client.scheduleNewOrchestration("Echo", 1, { instanceId: "" })).rejects.toBeInstanceOf(InvalidInstanceIdError);
    await expect(hub.client.getOrchestrationState("x".repeat(2000))).rejects.toBeInstanceOf(InvalidInstanceIdError);
    expect(hub.service.metrics().storageRequests.total).toBe(before);
  });

  it("times out and aborts waits", async () => {
    const id = await hub.client.scheduleNewOrchestration("WaitForGo");
    await expect(hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 200 })).rejects.toBeInstanceOf(TimeoutError);
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 100);
    await expect(hub.client.waitForOrchestrationCompletion(id, { abortSignal: abort.signal })).rejects.toThrow();
    await hub.client.terminateOrchestration(id, "cleanup");
  });

  it("terminates an instance, recursively", async () => {
    const id = await hub.client.scheduleNewOrchestration("ParentOfWaiter");
    await hub.client.waitForOrchestrationStart(`${id}-c`, { timeoutInMs: 30_000 });
    await hub.client.terminateOrchestration(id, "enough", { recursive: true });
    const state = await wait(id);
    expect(state.runtimeStatus).toBe("Terminated");
    expect(state.output).toBe("enough");
    expect((await wait(`${id}-c`)).runtimeStatus).toBe("Terminated");
  });

  it("suspends an instance: it keeps its events and runs none until resumed", async () => {
    const id = await hub.client.scheduleNewOrchestration("WaitForGo", "s");
    await hub.client.waitForOrchestrationStart(id, { timeoutInMs: 30_000 });
    await hub.client.suspendOrchestration(id, "pause");
    await expectStatus(id, "Suspended");
    await hub.client.raiseEvent(id, "Go", 42);
    await new Promise((r) => setTimeout(r, 500));
    expect((await hub.client.getOrchestrationState(id))?.runtimeStatus).toBe("Suspended");
    await hub.client.resumeOrchestration(id, "go on");
    const state = await wait(id);
    expect(state.output).toEqual({ input: "s", value: 42 });
  });

  it("restarts a finished instance with its original input", async () => {
    const id = await hub.client.scheduleNewOrchestration("Echo", { n: 1 });
    const first = await wait(id);
    await hub.client.restartOrchestration(id);
    await expectStatusChange(id, first.executionId);
    const second = await wait(id);
    expect(second.output).toEqual({ n: 1 });
    expect(second.executionId).not.toBe(first.executionId);
  });

  it("purges exactly one id, never another with the same prefix", async () => {
    const short = await hub.client.scheduleNewOrchestration("Echo", "a", { instanceId: "purge-abc" });
    const long = await hub.client.scheduleNewOrchestration("Echo", "b", { instanceId: "purge-abcd" });
    await wait(short);
    await wait(long);
    expect(await hub.client.purgeOrchestration(short)).toEqual({ deletedInstanceCount: 1 });
    expect(await hub.client.getOrchestrationState(short)).toBeUndefined();
    expect(await hub.client.getOrchestrationHistory(short)).toEqual([]);
    expect((await hub.client.getOrchestrationState(long))?.output).toBe("b");
    expect((await hub.client.getOrchestrationHistory(long)).length).toBeGreaterThan(0);
    expect(await hub.client.purgeOrchestration(short)).toEqual({ deletedInstanceCount: 0 });
  });

  it("lists instances across several pages with continuation tokens and filters", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await hub.client.scheduleNewOrchestration("Echo", i, { instanceId: `list-${i}` }));
    for (const id of ids) await wait(id);
    const pages = [];
    for await (const page of hub.client.listOrchestrations({ instanceIdPrefix: "list-", pageSize: 5 }).byPage()) pages.push(page);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.flat().map((s) => s.instanceId).sort()).toEqual([...ids].sort());
    const firstPage = (await hub.client.listOrchestrations({ instanceIdPrefix: "list-" }).byPage({ maxPageSize: 5 }).next()).value;
    expect(firstPage.continuationToken).toBeTruthy();
    const rest = [];
    for await (const page of hub.client.listOrchestrations({ instanceIdPrefix: "list-" }).byPage({ maxPageSize: 5, continuationToken: firstPage.continuationToken })) rest.push(...page);
    expect(rest).toHaveLength(7);
    const completed = [];
    for await (const s of hub.client.listOrchestrations({ instanceIdPrefix: "list-", runtimeStatus: ["Completed"] })) completed.push(s);
    expect(completed).toHaveLength(12);
    const none = [];
    for await (const s of hub.client.listOrchestrations({ instanceIdPrefix: "list-", runtimeStatus: ["Failed"] })) none.push(s);
    expect(none).toHaveLength(0);
  });

  it("starts an instance at a scheduled time and keeps its tags", async () => {
    const startAt = new Date(Date.now() + 1500);
    const id = await hub.client.scheduleNewOrchestration("Echo", 1, { startAt, tags: { team: "blue" } });
    const pending = await hub.client.getOrchestrationState(id);
    expect(pending?.runtimeStatus).toBe("Pending");
    expect(pending?.tags).toEqual({ team: "blue" });
    const state = await wait(id);
    expect(state.lastUpdatedAt.getTime()).toBeGreaterThanOrEqual(startAt.getTime() - 50);
    expect(state.tags).toEqual({ team: "blue" });
  });

  it("purges finished instances by filter", async () => {
    const id = await hub.client.scheduleNewOrchestration("Echo", 1, { instanceId: "bulk-1" });
    await wait(id);
    const result = await hub.client.purgeOrchestrations({ instanceIdPrefix: "bulk-", runtimeStatus: ["Completed"] });
    expect(result.deletedInstanceCount).toBe(1);
    expect(await hub.client.getOrchestrationState(id)).toBeUndefined();
  });
});

async function expectStatus(id: string, status: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if ((await hub.client.getOrchestrationState(id))?.runtimeStatus === status) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${id} never reached ${status}`);
}

async function expectStatusChange(id: string, previousExecutionId: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if ((await hub.client.getOrchestrationState(id))?.executionId !== previousExecutionId) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${id} never restarted`);
}
