// `dtfx start <name>`, raise, terminate, suspend, resume, restart and purge run as child processes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/core/index.js";
import { registerSamples } from "../../src/samples/index.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";
import { assertCliBuilt, cliOn } from "./cli-harness.js";

let hub: TestHub;
let dtfx: ReturnType<typeof cliOn>;

beforeAll(async () => {
  assertCliBuilt();
  hub = await startTestHub((worker) => {
    registerSamples(worker).addOrchestrator("WaitForGo", function* (ctx: OrchestrationContext, input: unknown) {
      const value: unknown = yield ctx.waitForExternalEvent("Go");
      return { input, value };
    });
  });
  dtfx = cliOn(hub);
});

afterAll(async () => {
  await hub?.stop();
});

const completion = (id: string) => hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 20_000 });

async function waitForStatus(id: string, status: string): Promise<void> {
  for (const started = Date.now(); Date.now() - started < 20_000; await new Promise((r) => setTimeout(r, 50))) {
    if ((await hub.client.getOrchestrationState(id, { fetchPayloads: false }))?.runtimeStatus === status) return;
  }
  throw new Error(`${id} is not ${status} after 20 s`);
}

describe("dtfx start <name>", () => {
  it("schedules an instance with the given input and id and prints the id", async () => {
    const run = await dtfx("start", "WaitForGo", "--input", '{"n":1}', "--id", "steer-start");
    expect(run).toMatchObject({ code: 0, stdout: "steer-start\n" });
    const state = await hub.client.getOrchestrationState("steer-start");
    expect(state).toMatchObject({ name: "WaitForGo", input: { n: 1 } });
  });

  it("prints a generated id when none is given", async () => {
    const run = await dtfx("start", "HelloCities");
    expect(run.code).toBe(0);
    const id = run.stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect((await completion(id)).output).toEqual(["Hello Tokyo!", "Hello Seattle!", "Hello London!"]);
  });

  it("refuses input that is not JSON", async () => {
    const run = await dtfx("start", "HelloCities", "--input", "{not json");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--input must be JSON");
  });
});

describe("dtfx raise", () => {
  it("completes an Approval instance with the event's data", async () => {
    const id = await hub.client.scheduleNewOrchestration("Approval", 60_000);
    await waitForStatus(id, "Running");
    const run = await dtfx("raise", id, "Approval", '{"approvedBy":"cli"}');
    expect(run).toMatchObject({ code: 0, stdout: `Raised 'Approval' on ${id}\n` });
    expect((await completion(id)).output).toBe('Approved: {"approvedBy":"cli"}');
  });

  it("exits 3 for an unknown instance and 2 without an event name", async () => {
    expect((await dtfx("raise", "no-such-instance", "Go")).code).toBe(3);
    const missing = await dtfx("raise", "steer-start");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Missing the event name");
  });
});

describe("dtfx terminate, suspend and resume", () => {
  it("terminates a running instance with the reason", async () => {
    const id = await hub.client.scheduleNewOrchestration("WaitForGo");
    await waitForStatus(id, "Running");
    expect((await dtfx("terminate", id, "--reason", "no longer needed")).code).toBe(0);
    const state = await completion(id);
    expect(state.runtimeStatus).toBe("Terminated");
    expect(state.output).toBe("no longer needed");
    const again = await dtfx("terminate", id);
    expect(again.stdout).toContain("already Terminated");
  });

  it("suspends an instance so that an event waits, and resumes it", async () => {
    const id = await hub.client.scheduleNewOrchestration("WaitForGo", "s");
    await waitForStatus(id, "Running");
    expect((await dtfx("suspend", id, "--reason", "maintenance")).code).toBe(0);
    await waitForStatus(id, "Suspended");
    const inspected = await dtfx("inspect", id);
    expect(inspected.stdout).toMatch(/- Suspended since \S+ \(reason: maintenance\): resume it to continue/);
    await hub.client.raiseEvent(id, "Go", 7);
    await new Promise((r) => setTimeout(r, 300));
    expect((await hub.client.getOrchestrationState(id))?.runtimeStatus).toBe("Suspended");
    expect((await dtfx("resume", id, "--reason", "done")).code).toBe(0);
    expect((await completion(id)).output).toEqual({ input: "s", value: 7 });
  });
});

describe("dtfx restart", () => {
  it("runs a finished instance again from the start and prints its id", async () => {
    const id = await hub.client.scheduleNewOrchestration("HelloCities");
    const first = await completion(id);
    const run = await dtfx("restart", id);
    expect(run).toMatchObject({ code: 0, stdout: `${id}\n` });
    await waitForStatus(id, "Completed");
    const second = await completion(id);
    expect(second.executionId).not.toBe(first.executionId);
    expect(second.output).toEqual(first.output);
  });
});

describe("dtfx purge", () => {
  it("purges one instance, and exits 3 when there is none", async () => {
    const id = await hub.client.scheduleNewOrchestration("HelloCities");
    await completion(id);
    expect(await dtfx("purge", id)).toMatchObject({ code: 0, stdout: `Purged ${id}\n` });
    expect(await hub.client.getOrchestrationState(id)).toBeUndefined();
    expect((await dtfx("purge", id)).code).toBe(3);
  });

  it("purges finished instances created before now minus --older-than, leaving newer and running ones", async () => {
    const old = await hub.client.scheduleNewOrchestration("HelloCities");
    const running = await hub.client.scheduleNewOrchestration("WaitForGo");
    await completion(old);
    // The cut-off is taken when the CLI has started, which can take seconds on a loaded machine: the window
    // between the two instances is wide enough that "3s ago" still falls between them.
    await new Promise((r) => setTimeout(r, 6_000));
    const recent = await hub.client.scheduleNewOrchestration("HelloCities");
    await completion(recent);
    const run = await dtfx("purge", "--older-than", "3s", "--json");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).deletedInstanceCount).toBeGreaterThanOrEqual(1);
    expect(await hub.client.getOrchestrationState(old)).toBeUndefined();
    expect(await hub.client.getOrchestrationState(recent)).toBeDefined();
    expect(await hub.client.getOrchestrationState(running)).toBeDefined();
  });

  it("refuses a bad duration, and both an id and --older-than", async () => {
    const bad = await dtfx("purge", "--older-than", "30 days");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--older-than must be a duration such as 30d");
    expect((await dtfx("purge", "x", "--older-than", "1d")).code).toBe(2);
    expect((await dtfx("purge")).code).toBe(2);
  });
});
