// `dtfx replay-check` against histories recorded by this process's worker, with modules written to a temp dir:
// one with the same orchestrators, one whose orchestrators were changed in ways that break replay.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/core/index.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";
import { assertCliBuilt, hubFlags, runCli } from "./cli-harness.js";

// The orchestrators as deployed: the worker runs these, and unchanged.mjs holds the same code.
const DEPLOYED = `
export function register(worker) {
  return worker
    .addOrchestrator("Greet", function* (ctx, name) {
      const hello = yield ctx.callActivity("Hello", name);
      const bye = yield ctx.callActivity("Bye", name);
      return [hello, bye];
    })
    .addOrchestrator("GreetAndWait", function* (ctx, name) {
      const hello = yield ctx.callActivity("Hello", name);
      return [hello, yield ctx.waitForExternalEvent("Go")];
    })
    .addActivity("Hello", (_ctx, name) => "Hello " + name)
    .addActivity("Bye", (_ctx, name) => "Bye " + name);
}`;

// Greet now ends with one more activity (the completed history no longer replays to its end); GreetAndWait
// calls a different activity first (a plain NonDeterminismError). A default export, as modules may have it.
const CHANGED = `
export default function (worker) {
  worker
    .addOrchestrator("greet", function* (ctx, name) {
      const hello = yield ctx.callActivity("Hello", name);
      const bye = yield ctx.callActivity("Bye", name);
      yield ctx.callActivity("Audit", name);
      return [hello, bye];
    })
    .addOrchestrator("GreetAndWait", function* (ctx, name) {
      const hi = yield ctx.callActivity("Hi", name);
      return [hi, yield ctx.waitForExternalEvent("Go")];
    });
}`;

let hub: TestHub;
let dir: string;

beforeAll(async () => {
  assertCliBuilt();
  dir = await mkdtemp(join(tmpdir(), "dtfx-replay-check-"));
  await Promise.all([
    writeFile(join(dir, "unchanged.mjs"), DEPLOYED),
    writeFile(join(dir, "changed.mjs"), CHANGED),
    writeFile(join(dir, "no-register.mjs"), "export const nothing = 1;\n"),
  ]);
  const deployed = (await import(join(dir, "unchanged.mjs"))) as { register(worker: unknown): void };
  hub = await startTestHub((worker) => {
    deployed.register(worker);
    worker.addOrchestrator("NotInModule", (_ctx: OrchestrationContext) => "done");
  });
  await Promise.all([
    hub.client.scheduleNewOrchestration("Greet", "Ada", { instanceId: "greet-done" }),
    hub.client.scheduleNewOrchestration("GreetAndWait", "Bob", { instanceId: "greet-waiting" }),
    hub.client.scheduleNewOrchestration("NotInModule", undefined, { instanceId: "not-in-module" }),
  ]);
  await hub.client.waitForOrchestrationCompletion("greet-done", { timeoutInMs: 20_000 });
  await hub.client.waitForOrchestrationCompletion("not-in-module", { timeoutInMs: 20_000 });
  await waitForActivityResult("greet-waiting");
});

afterAll(async () => {
  await hub?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function waitForActivityResult(instanceId: string): Promise<void> {
  for (const started = Date.now(); Date.now() - started < 20_000; await new Promise((r) => setTimeout(r, 50))) {
    if ((await hub.client.getOrchestrationHistory(instanceId)).some((e) => e.eventType === "TaskCompleted")) return;
  }
  throw new Error(`${instanceId} did not complete its activity in 20 s`);
}

const replayCheck = (...args: string[]) => runCli(["replay-check", ...args, ...hubFlags(hub)], { cwd: dir });

describe("dtfx replay-check", () => {
  it("passes (exit 0) when the module's orchestrators replay every history, skipping those it lacks", async () => {
    const run = await replayCheck("--module", "./unchanged.mjs");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Replayed 2 instance(s) against ./unchanged.mjs: 2 deterministic, 0 non-deterministic, 1 skipped");
    expect(run.stdout).toContain("skipped not-in-module (NotInModule, Completed): the module has no orchestrator named 'NotInModule'");
  });

  it("fails (exit 1) naming each instance that would diverge and where", async () => {
    const run = await replayCheck("--module", "./changed.mjs");
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/NON-DETERMINISTIC greet-waiting \(GreetAndWait, Running\): .*at task 0 the history records TaskScheduled 'Hello', but the orchestrator now schedules ScheduleTask 'Hi'/);
    expect(run.stdout).toMatch(/NON-DETERMINISTIC greet-done \(Greet, Completed\): The history records that the execution ended Completed, but on replay the orchestrator is still running: it now also takes ScheduleTask 'Audit'/);
  });

  it("gives the report as JSON and filters by orchestrator name", async () => {
    const run = await replayCheck("--module", join(dir, "changed.mjs"), "--name", "GREETANDWAIT", "--json");
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.checked).toBe(1);
    expect(report.nonDeterministic).toEqual([
      expect.objectContaining({ instanceId: "greet-waiting", name: "GreetAndWait", message: expect.stringContaining("ScheduleTask 'Hi'") }),
    ]);
    expect(report.skipped).toEqual([]);
    const limited = JSON.parse((await replayCheck("--module", "./unchanged.mjs", "--limit", "1", "--json")).stdout);
    expect(limited.checked + limited.skipped.length).toBe(1);
  });

  it("refuses a module without register(worker), or no --module at all (exit 2)", async () => {
    const run = await replayCheck("--module", "./no-register.mjs");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("exports no register(worker) function");
    expect((await replayCheck()).code).toBe(2);
    expect((await replayCheck("--module", "./missing.mjs")).stderr).toContain("Cannot load --module ./missing.mjs");
  });
});
