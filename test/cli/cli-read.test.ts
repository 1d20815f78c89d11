// `dtfx list`, `inspect` and `history` run as child processes against a hub whose worker lives in this process.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/core/index.js";
import { registerSamples } from "../../src/samples/index.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";
import { assertCliBuilt, cliOn, runCli } from "./cli-harness.js";

let hub: TestHub;
let dtfx: ReturnType<typeof cliOn>;
let releaseSlowActivity: () => void;
let poisoned: Promise<string>;
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
        .addOrchestrator("WaitsForChild", function* (ctx: OrchestrationContext) {
          return yield ctx.callSubOrchestrator("WaitsForEvent", undefined, { instanceId: "read-child" });
        })
        .addActivity("Quick", (_ctx, n: number) => n + 1)
        .addActivity("Slow", async () => {
          await slowActivityReleased;
          return "slow done";
        });
    },
    // Through the work-item queue, so a pending activity shows in history as TaskScheduled without an answer.
    // maxDequeueCount 2: a message that keeps failing becomes poison quickly (the inspect poison test).
    { worker: { localActivities: false }, service: { maxDequeueCount: 2 } },
  );
  dtfx = cliOn(hub);
  await Promise.all([
    hub.client.scheduleNewOrchestration("HelloCities", undefined, { instanceId: "read-hello" }),
    hub.client.scheduleNewOrchestration("WaitsForTimer", undefined, { instanceId: "read-timer" }),
    hub.client.scheduleNewOrchestration("WaitsForEvent", undefined, { instanceId: "read-event" }),
    hub.client.scheduleNewOrchestration("WaitsForActivity", undefined, { instanceId: "read-activity" }),
    hub.client.scheduleNewOrchestration("WaitsForChild", undefined, { instanceId: "read-parent" }),
    hub.client.scheduleNewOrchestration("WaitsForEvent", undefined, { instanceId: "read-poisoned" }),
    hub.client.scheduleNewOrchestration("HelloCities", undefined, { instanceId: "read-later", startAt: new Date(Date.now() + HOUR_MS) }),
  ]);
  await hub.client.waitForOrchestrationCompletion("read-hello", { timeoutInMs: 20_000 });
  await Promise.all([waitForHistory("read-timer", "TimerCreated"), waitForHistory("read-event", "TaskCompleted"), waitForHistory("read-activity", "TaskScheduled"),
    waitForHistory("read-parent", "SubOrchestrationInstanceCreated")]);
  poisoned = poisonAnInstance("read-poisoned");
  poisoned.catch(() => {}); // awaited (and reported) by its test
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

/** Sets a message for the instance aside as poison; takes ~10 s of redeliveries, so it runs while other tests do. */
async function poisonAnInstance(instanceId: string): Promise<string> {
  await waitForHistory(instanceId, "TaskCompleted");
  // An answer to a task the instance never scheduled is deferred on every delivery until it counts as poison.
  await hub.service.sendTaskMessage({
    event: { eventType: "TaskCompleted", eventId: -1, timestamp: new Date(), taskScheduledId: 99, result: "1" },
    orchestrationInstance: { instanceId },
  });
  await waitForPoison(instanceId);
  return instanceId;
}

async function waitForPoison(instanceId: string): Promise<void> {
  for (const started = Date.now(); Date.now() - started < 40_000; await new Promise((r) => setTimeout(r, 100))) {
    for await (const message of hub.client.listPoisonMessages()) if (message.instanceId === instanceId) return;
  }
  throw new Error(`no poison message for ${instanceId} after 40 s`);
}

describe("dtfx list", () => {
  it("prints a table of instances with id, name, status and times", async () => {
    const run = await dtfx("list");
    expect(run.code).toBe(0);
    const [header, , ...rows] = run.stdout.trim().split("\n");
    expect(header).toMatch(/^Instance\s+Name\s+Status\s+Created\s+Last updated$/);
    expect(rows).toHaveLength(8);
    expect(rows.find((r) => r.startsWith("read-hello"))).toMatch(/read-hello\s+HelloCities\s+Completed\s+\d{4}-\d\d-\d\dT/);
    expect(rows.find((r) => r.startsWith("read-timer"))).toMatch(/WaitsForTimer\s+Running/);
  });

  it("filters by status, prefix and top, and prints only JSON with --json", async () => {
    const running = await dtfx("list", "--status", "running", "--json");
    expect(running.code).toBe(0);
    const instances = JSON.parse(running.stdout) as { instanceId: string; runtimeStatus: string }[];
    expect(instances.map((s) => s.instanceId).sort()).toEqual(["read-activity", "read-child", "read-event", "read-parent", "read-poisoned", "read-timer"]);
    expect(instances.every((s) => s.runtimeStatus === "Running")).toBe(true);

    const prefixed = JSON.parse((await dtfx("list", "--prefix", "read-h", "--json")).stdout) as { name: string }[];
    expect(prefixed.map((s) => s.name)).toEqual(["HelloCities"]);
    expect(JSON.parse((await dtfx("list", "--top", "2", "--json")).stdout)).toHaveLength(2);
    const future = await dtfx("list", "--created-from", new Date(Date.now() + HOUR_MS).toISOString(), "--json");
    expect(JSON.parse(future.stdout)).toEqual([]);
  });

  it("adopts the task hub's partition count when --partitions differs", async () => {
    const { taskHubName } = hub.service.options;
    const run = await runCli(["list", "--json", "--connection-string", hub.azurite.connectionString, "--task-hub", taskHubName, "--partitions", "5"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveLength(8);
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
    // The partition and its owner, read from the hub's leases (whatever its partition management kind).
    expect(run.stdout).toMatch(/Partition:\s+\d+ \(\S+-control-\d{2}\), (owned by \S+|no owner now)/);
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

  it("diagnoses an instance waiting on a sub-orchestration, and one scheduled to start later", async () => {
    const [parent, later] = await Promise.all([dtfx("inspect", "read-parent"), dtfx("inspect", "read-later")]);
    expect(parent.stdout).toMatch(/- sub-orchestration 'WaitsForEvent' read-child \(task #0\) pending since \d{4}-/);
    expect(later.stdout).toMatch(/Status:\s+Pending/);
    expect(later.stdout).toMatch(/- Pending: scheduled to start at \d{4}-/);
  });

  it("lists the poison messages set aside for the instance", async () => {
    const id = await poisoned;
    const run = await dtfx("inspect", id, "--json");
    expect(JSON.parse(run.stdout).poisonMessages).toEqual([expect.objectContaining({ instanceId: id, sourceQueue: expect.stringMatching(/-control-0\d$/) })]);
    expect((await dtfx("inspect", id)).stdout).toMatch(/Poison messages:\n  - \S+ from \S+-control-0\d at \d{4}-/);
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
