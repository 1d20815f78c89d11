// `dtfx list`, `inspect` and `history` run as child processes against a hub whose worker lives in this process.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/core/index.js";
import { registerSamples } from "../../src/samples/index.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";
import { assertCliBuilt, cliOn } from "./cli-harness.js";

let hub: TestHub;
let dtfx: ReturnType<typeof cliOn>;
let releaseSlowActivity: () => void;
const slowActivityReleased = new Promise<void>((resolve) => (releaseSlowActivity = resolve));
const HOUR_MS = 3_600_000;

beforeAll(async () => {
  assertCliBuilt();
  hub = await startTestHub(
    (worker) => {
      registerSamples(worker)
        .addOrchestrator("WaitsForTimer", function* (ctx: OrchestrationContext) {
          yield ctx.createTimer(HOUR_MS);
        })
        .addOrchestrator("WaitsForEvent", function* (ctx: OrchestrationContext) {
          yield ctx.callActivity("Quick", 1);
          return yield ctx.waitForExternalEvent("Go");
        })
        .addOrchestrator("WaitsForActivity", function* (ctx: OrchestrationContext) {
          return yield ctx.callActivity("Slow");
        })
        .addActivity("Quick", (_ctx, n: number) => n + 1)
        .addActivity("Slow", async () => {
          await slowActivityReleased;
          return "slow done";
        });
    },
    // Through the work-item queue, so a pending activity shows in history as TaskScheduled without an answer.
    { worker: { localActivities: false } },
  );
  dtfx = cliOn(hub);
  await Promise.all([
    hub.client.scheduleNewOrchestration("HelloCities", undefined, { instanceId: "read-hello" }),
    hub.client.scheduleNewOrchestration("WaitsForTimer", undefined, { instanceId: "read-timer" }),
    hub.client.scheduleNewOrchestration("WaitsForEvent", undefined, { instanceId: "read-event" }),
    hub.client.scheduleNewOrchestration("WaitsForActivity", undefined, { instanceId: "read-activity" }),
  ]);
  await hub.client.waitForOrchestrationCompletion("read-hello", { timeoutInMs: 20_000 });
  await Promise.all([waitForHistory("read-timer", "TimerCreated"), waitForHistory("read-event", "TaskCompleted"), waitForHistory("read-activity", "TaskScheduled")]);
});

afterAll(async () => {
  releaseSlowActivity?.();
  await hub?.stop();
});

async function waitForHistory(instanceId: string, eventType: string): Promise<void> {
  for (const started = Date.now(); Date.now() - started < 20_000; await new Promise((r) => setTimeout(r, 50))) {
    const history = await hub.client.getOrchestrationHistory(instanceId);
    if (history.some((e) => e.eventType === eventType)) return;
  }
  throw new Error(`${instanceId} has no ${eventType} after 20 s`);
}

describe("dtfx list", () => {
  it("prints a table of instances with id, name, status and times", async () => {
    const run = await dtfx("list");
    expect(run.code).toBe(0);
    const [header, , ...rows] = run.stdout.trim().split("\n");
    expect(header).toMatch(/^Instance\s+Name\s+Status\s+Created\s+Last updated$/);
    expect(rows).toHaveLength(4);
    expect(rows.find((r) => r.startsWith("read-hello"))).toMatch(/read-hello\s+HelloCities\s+Completed\s+\d{4}-\d\d-\d\dT/);
    expect(rows.find((r) => r.startsWith("read-timer"))).toMatch(/WaitsForTimer\s+Running/);
  });

  it("filters by status, prefix and top, and prints only JSON with --json", async () => {
    const running = await dtfx("list", "--status", "running", "--json");
    expect(running.code).toBe(0);
    const instances = JSON.parse(running.stdout) as { instanceId: string; runtimeStatus: string }[];
    expect(instances.map((s) => s.instanceId).sort()).toEqual(["read-activity", "read-event", "read-timer"]);
    expect(instances.every((s) => s.runtimeStatus === "Running")).toBe(true);

    const prefixed = JSON.parse((await dtfx("list", "--prefix", "read-h", "--json")).stdout) as { name: string }[];
    expect(prefixed.map((s) => s.name)).toEqual(["HelloCities"]);
    expect(JSON.parse((await dtfx("list", "--top", "2", "--json")).stdout)).toHaveLength(2);
    const future = await dtfx("list", "--created-from", new Date(Date.now() + HOUR_MS).toISOString(), "--json");
    expect(JSON.parse(future.stdout)).toEqual([]);
  });

  it("refuses an unknown status as a usage error", async () => {
    const run = await dtfx("list", "--status", "Sleeping");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown status 'Sleeping'");
  });
});

describe("dtfx inspect", () => {
  it("shows a completed instance's output and a timeline with task durations", async () => {
    const run = await dtfx("inspect", "read-hello");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Status:\s+Completed/);
    expect(run.stdout).toContain('["Hello Tokyo!","Hello Seattle!","Hello London!"]');
    expect(run.stdout).toMatch(/- Completed at \d{4}-/);
    expect(run.stdout).toMatch(/\+\S+ (ms|s)\s+TaskCompleted\s+#0\s+SayHello\s+\d+(\.\d)? (ms|s)\s+"Hello Tokyo!"/);
  });

  it("diagnoses an instance waiting on a timer", async () => {
    const run = await dtfx("inspect", "read-timer");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/- timer #0 fires at \d{4}-\d\d-\d\dT/);
    expect(run.stdout).toContain("(none)"); // no poison messages
  });

  it("diagnoses an instance waiting on an activity", async () => {
    const run = await dtfx("inspect", "read-activity");
    expect(run.stdout).toMatch(/- activity 'Slow' \(task #0\) pending since \d{4}-/);
  });

  it("diagnoses an instance waiting on an external event, and gives it all as JSON", async () => {
    const run = await dtfx("inspect", "read-event", "--json");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.instance).toMatchObject({ instanceId: "read-event", name: "WaitsForEvent", runtimeStatus: "Running" });
    expect(report.diagnosis.done).toBe(false);
    expect(report.diagnosis.openTasks).toEqual([]);
    expect(report.diagnosis.summary.join("\n")).toContain("waiting for an external event");
    const completed = report.timeline.find((e: { eventType: string }) => e.eventType === "TaskCompleted");
    expect(completed).toMatchObject({ taskId: 0, name: "Quick", detail: 2 });
    expect(completed.durationInMs).toBeGreaterThanOrEqual(0);
    expect(report.poisonMessages).toEqual([]);
  });

  it("exits 3 for an unknown instance", async () => {
    const run = await dtfx("inspect", "no-such-instance");
    expect(run.code).toBe(3);
    expect(run.stderr.trim()).toBe("No instance with id 'no-such-instance' in this task hub");
  });
});

describe("dtfx history", () => {
  it("prints the events as a table and as JSON", async () => {
    const table = await dtfx("history", "read-hello");
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n")[0]).toMatch(/^#\s+Time\s+Event\s+Task\s+Name\s+Took\s+Detail$/);
    expect(table.stdout).toMatch(/ExecutionStarted\s+HelloCities/);
    expect(table.stdout).toMatch(/ExecutionCompleted/);

    const json = await dtfx("history", "read-hello", "--json");
    const events = JSON.parse(json.stdout) as { eventType: string; name?: string; result?: unknown }[];
    expect(events.filter((e) => e.eventType === "TaskScheduled").map((e) => e.name)).toEqual(["SayHello", "SayHello", "SayHello"]);
    expect(events.filter((e) => e.eventType === "TaskCompleted").map((e) => e.result)).toEqual(["Hello Tokyo!", "Hello Seattle!", "Hello London!"]);
  });
});
