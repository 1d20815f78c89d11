// The in-memory backend on a virtual clock: durable time moves only when the test says so, so a three-day timer
// or a retry backoff of hours takes milliseconds, and orchestrations see the clock's time.
import { afterEach, describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/core/index.js";
import { InMemoryOrchestrationService } from "../../src/memory/in-memory-orchestration-service.js";
import { TaskHubClient } from "../../src/client/task-hub-client.js";
import { TaskHubWorker } from "../../src/worker/task-hub-worker.js";

const DAY = 24 * 60 * 60 * 1000;
let stops: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const stop of stops) await stop();
  stops = [];
});

async function open(configure: (worker: TaskHubWorker) => void) {
  const service = new InMemoryOrchestrationService({ clock: "virtual" });
  const worker = new TaskHubWorker(service);
  configure(worker);
  await worker.start();
  stops.push(async () => {
    await worker.stop();
    await service.close();
  });
  return { service, client: new TaskHubClient(service) };
}

describe("a virtual clock", () => {
  it("fires a three-day timer only when the clock is moved past it, in milliseconds of real time", async () => {
    const { service, client } = await open((w) =>
      w.addOrchestrator("Reminder", function* (ctx: OrchestrationContext) {
        const start = ctx.currentUtcDateTime.getTime();
        yield ctx.createTimer(3 * DAY);
        return ctx.currentUtcDateTime.getTime() - start;
      }),
    );
    const realStart = Date.now();
    const id = await client.scheduleNewOrchestration("Reminder");
    await service.advanceTime(DAY);
    expect((await client.getOrchestrationState(id))?.runtimeStatus).toBe("Running");
    await service.advanceTime(2 * DAY);
    const state = await client.waitForOrchestrationCompletion(id, { timeoutInMs: 2_000 });
    expect(state.output).toBe(3 * DAY);
    expect(Date.now() - realStart).toBeLessThan(2_000);
  });

  it("runs a retry policy's backoffs of hours, each retry on a durable timer", async () => {
    let calls = 0;
    const { service, client } = await open((w) =>
      w
        .addOrchestrator("Patient", function* (ctx: OrchestrationContext) {
          return (yield ctx.callActivity("Flaky", undefined, {
            retry: { maxNumberOfAttempts: 4, firstRetryIntervalInMs: 60 * 60 * 1000, backoffCoefficient: 2 },
          })) as number;
        })
        .addActivity("Flaky", () => {
          if (++calls < 4) throw new Error(`call ${calls} fails`);
          return calls;
        }),
    );
    const id = await client.scheduleNewOrchestration("Patient");
    await service.advanceTime(0);
    expect(calls).toBe(1);
    // Backoffs of 1 h, 2 h and 4 h: seven hours run all three retries within one advance.
    await service.advanceTime(7 * 60 * 60 * 1000);
    const state = await client.waitForOrchestrationCompletion(id, { timeoutInMs: 2_000 });
    expect(state.output).toBe(4);
    expect(calls).toBe(4);
  });

  it("starts a scheduled orchestration when the clock reaches its start time", async () => {
    const { service, client } = await open((w) => w.addOrchestrator("Now", (ctx: OrchestrationContext) => ctx.currentUtcDateTime.toISOString()));
    const startAt = new Date(service.currentTime.getTime() + DAY);
    const id = await client.scheduleNewOrchestration("Now", undefined, { startAt });
    await service.advanceTime(DAY - 1);
    expect((await client.getOrchestrationState(id))?.runtimeStatus).toBe("Pending");
    await service.advanceTime(1);
    expect((await client.waitForOrchestrationCompletion(id, { timeoutInMs: 2_000 })).output).toBe(startAt.toISOString());
  });

  it("is refused on a real clock, and negative durations are refused", async () => {
    const real = new InMemoryOrchestrationService();
    await expect(real.advanceTime(1)).rejects.toThrow(/virtual/);
    const virtual = new InMemoryOrchestrationService({ clock: "virtual" });
    await expect(virtual.advanceTime(-1)).rejects.toBeInstanceOf(RangeError);
    expect(() => new InMemoryOrchestrationService({ clock: "fast" as never })).toThrow(TypeError);
    await real.close();
    await virtual.close();
  });
});
