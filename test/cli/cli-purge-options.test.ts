// `dtfx purge --force/--recursive`, `dtfx terminate --recursive` and `dtfx restart --new-id` as child processes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/core/index.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";
import { assertCliBuilt, cliOn } from "./cli-harness.js";

let hub: TestHub;
let dtfx: ReturnType<typeof cliOn>;

beforeAll(async () => {
  assertCliBuilt();
  hub = await startTestHub((worker) => {
    worker
      .addOrchestrator("Echo", function* (_ctx: OrchestrationContext, input: unknown) {
        return input;
      })
      .addOrchestrator("Parent", function* (ctx: OrchestrationContext) {
        return yield ctx.callSubOrchestrator("WaitForGo", undefined, { instanceId: `${ctx.instanceId}-child` });
      })
      .addOrchestrator("WaitForGo", function* (ctx: OrchestrationContext) {
        return yield ctx.waitForExternalEvent("Go");
      });
  });
  dtfx = cliOn(hub);
});

afterAll(async () => {
  await hub?.stop();
});

const completion = (id: string) => hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 20_000 });

describe("dtfx purge --force / --recursive, terminate --recursive, restart --new-id", () => {
  it("refuses to purge a running instance (exit 1) until --force, which terminates it first", async () => {
    const id = await hub.client.scheduleNewOrchestration("WaitForGo");
    await hub.client.waitForOrchestrationStart(id, { timeoutInMs: 20_000 });
    const refused = await dtfx("purge", id);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("InstanceNotTerminalError");
    expect(refused.stderr).toContain("has not finished");
    expect(await dtfx("purge", id, "--force")).toMatchObject({ code: 0, stdout: `Purged ${id}\n` });
    expect(await hub.client.getOrchestrationState(id)).toBeUndefined();
    expect((await dtfx("purge", "--older-than", "1d", "--force")).code).toBe(2);
  });

  it("terminates a parent and its child with --recursive, then purges both with --recursive", async () => {
    const id = await hub.client.scheduleNewOrchestration("Parent", undefined, { instanceId: "cli-tree" });
    await hub.client.waitForOrchestrationStart("cli-tree-child", { timeoutInMs: 20_000 });
    expect((await dtfx("terminate", id, "--recursive")).code).toBe(0);
    expect((await completion("cli-tree-child")).runtimeStatus).toBe("Terminated");
    await completion(id);
    const purged = await dtfx("purge", id, "--recursive", "--json");
    expect(JSON.parse(purged.stdout)).toMatchObject({ deletedInstanceCount: 2, instanceId: id });
  });

  it("restarts under a new id with --new-id and prints it", async () => {
    const id = await hub.client.scheduleNewOrchestration("Echo", "again");
    await completion(id);
    const run = await dtfx("restart", id, "--new-id");
    expect(run.code).toBe(0);
    const newId = run.stdout.trim();
    expect(newId).not.toBe(id);
    expect((await completion(newId)).output).toBe("again");
  });
});
