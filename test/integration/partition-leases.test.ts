// Two workers on one hub with partition leases (opt-in until scale-out is complete): they split the
// partitions, every orchestration completes with each result once, and a worker that stops hands its
// partitions over at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { partitionOf } from "../../src/azure/partitioning/partition-hash.js";
import { startAzurite, type RunningAzurite } from "../../src/azurite/start-azurite.js";
import type { OrchestrationContext } from "../../src/core/index.js";
import { startTestHub, uniqueHubName, type TestHub } from "../support/test-hub.js";

let azurite: RunningAzurite;

beforeAll(async () => {
  azurite = await startAzurite();
});

afterAll(async () => {
  await azurite?.stop();
});

function* chain(ctx: OrchestrationContext, x: number): Generator<any, number, any> {
  for (let i = 0; i < 3; i++) x = yield ctx.callActivity("Inc", x);
  return x;
}

describe("partition leases", () => {
  it("splits partitions between two workers and hands them over when one stops", async () => {
    const taskHubName = uniqueHubName("Leases");
    const service = { taskHubName, partitionCount: 4, usePartitionLeases: true, leaseIntervalInMs: 200, leaseDurationInMs: 15_000 };
    const start = (workerId: string) =>
      startTestHub((w) => w.addOrchestrator("Chain", chain).addActivity("Inc", (_c, x: number) => x + 1), {
        azurite,
        service: { ...service, workerId },
      });
    const hubs: TestHub[] = [await start("w1"), await start("w2")];
    const owned = () => hubs.map((h) => [0, 1, 2, 3].filter((p) => h.service.instanceChanges.observes(instanceOn(h, p))).length);
    const deadline = Date.now() + 10_000;
    while (owned().join() !== "2,2" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(owned()).toEqual([2, 2]);

    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => hubs[i % 2]!.client.scheduleNewOrchestration("Chain", i * 10)));
    const states = await Promise.all(ids.map((id) => hubs[0]!.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 })));
    expect(states.map((s) => s.output)).toEqual(ids.map((_, i) => i * 10 + 3));

    const stoppedAt = Date.now();
    await hubs[1]!.stop();
    while (owned()[0] !== 4 && Date.now() - stoppedAt < 10_000) await new Promise((r) => setTimeout(r, 50));
    expect(owned()[0]).toBe(4);
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    const more = await Promise.all([1, 2, 3, 4].map((x) => hubs[0]!.client.scheduleNewOrchestration("Chain", x)));
    for (const id of more) expect((await hubs[0]!.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 })).runtimeStatus).toBe("Completed");
    for (const id of [...ids, ...more]) {
      const answered = (await hubs[0]!.client.getOrchestrationHistory(id)).flatMap((e) => (e.eventType === "TaskCompleted" ? [e.taskScheduledId] : []));
      expect(new Set(answered).size).toBe(3);
      expect(answered).toHaveLength(3);
    }
    await hubs[0]!.stop();
  }, 60_000);
});

/** An instance id that lands in partition `p` of 4 (found by trying names). */
function instanceOn(_hub: TestHub, p: number): string {
  for (let i = 0; ; i++) if (partitionOf(`probe-${i}`, 4) === p) return `probe-${i}`;
}
