// Worker processes sharing one hub by partition leases: a fair share each, takeover after a SIGKILL within
// lease expiry plus an interval, handover after a SIGTERM within seconds, a newcomer gets its share, and
// every orchestration completes with each task's result once.
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AzureStorageOrchestrationService } from "../../src/azure/azure-storage-orchestration-service.js";
import { PartitionLeaseStore } from "../../src/azure/partitioning/partition-lease-store.js";
import { controlQueueName, leasesContainerName } from "../../src/azure/resource-names.js";
import { StorageClients } from "../../src/azure/storage/storage-clients.js";
import { startAzurite, type RunningAzurite } from "../../src/azurite/start-azurite.js";
import { TaskHubClient } from "../../src/client/task-hub-client.js";
import { uniqueHubName } from "../support/test-hub.js";
import { CrashWorkerFleet, processExited } from "../support/crash-worker-process.js";

const PARTITIONS = 8;
let azurite: RunningAzurite;
const fleet = new CrashWorkerFleet(() => azurite.connectionString);

beforeAll(async () => {
  azurite = await startAzurite();
});

afterAll(async () => {
  fleet.killAll();
  await azurite?.stop();
});

function startWorker(hub: string, workerId: string): ChildProcess {
  return fleet.start(hub, PARTITIONS, ["--worker-id", workerId, "--leases"]);
}

describe("scale-out over partition leases", () => {
  it("shares, takes over and hands over partitions among worker processes without losing work", async () => {
    const hub = uniqueHubName("Scale");
    const clients = new StorageClients({ connectionString: azurite.connectionString });
    const store = new PartitionLeaseStore((p) => clients.blockBlob(leasesContainerName(hub), `default/${controlQueueName(hub, p)}`), clients.container(leasesContainerName(hub)), (p) => controlQueueName(hub, p), PARTITIONS, 15);
    const owners = async () => {
      const counts = new Map<string, number>();
      for (const view of await store.readAll().catch(() => [])) if (view.isLeased && view.content.Owner) counts.set(view.content.Owner, (counts.get(view.content.Owner) ?? 0) + 1);
      return counts;
    };
    const waitFor = async (ok: (counts: Map<string, number>) => boolean, timeoutInMs: number) => {
      const deadline = Date.now() + timeoutInMs;
      for (;;) {
        const counts = await owners();
        if (ok(counts) || Date.now() > deadline) return counts;
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const service = new AzureStorageOrchestrationService({ connectionString: azurite.connectionString, taskHubName: hub, partitionCount: PARTITIONS });
    const client = new TaskHubClient(service);
    await service.createIfNotExists();

    const workers = new Map(["w1", "w2", "w3"].map((id) => [id, startWorker(hub, id)]));
    let counts = await waitFor((c) => c.size === 3 && [...c.values()].every((n) => n >= 2 && n <= 3), 20_000);
    expect([...counts.values()].sort()).toEqual([2, 3, 3]);

    // 200 orchestrations in four waves, one before each change of ownership and one after the last.
    const ids: string[] = [];
    const wave = async () => {
      const start = ids.length;
      const next = Array.from({ length: 50 }, (_, j) => start + j);
      ids.push(...(await Promise.all(next.map((i) => client.scheduleNewOrchestration(i % 2 ? "FanOut" : "Chain", i % 2 ? 5 : i)))));
    };
    await wave();

    // SIGKILL: the others take its partitions once its leases expire (15 s) plus an interval.
    const killedAt = Date.now();
    workers.get("w1")!.kill("SIGKILL");
    counts = await waitFor((c) => !c.has("w1") && [...c.values()].reduce((a, b) => a + b, 0) === PARTITIONS, 25_000);
    expect(counts.has("w1")).toBe(false);
    expect(Date.now() - killedAt).toBeLessThan(15_000 + 1_000 + 3_000);
    await wave();

    // SIGTERM: a graceful stop releases its leases and the other worker takes them within seconds.
    const terminatedAt = Date.now();
    workers.get("w2")!.kill("SIGTERM");
    await processExited(workers.get("w2")!);
    counts = await waitFor((c) => c.get("w3") === PARTITIONS, 10_000);
    expect(counts.get("w3")).toBe(PARTITIONS);
    expect(Date.now() - terminatedAt).toBeLessThan(5_000);
    await wave();

    // A newcomer gets a fair share.
    startWorker(hub, "w4");
    counts = await waitFor((c) => c.get("w4") === 4, 20_000);
    expect(counts.get("w4")).toBe(4);
    await wave();

    const states = await Promise.all(ids.map((id) => client.waitForOrchestrationCompletion(id, { timeoutInMs: 60_000 })));
    expect(states.map((s) => s.output)).toEqual(ids.map((_, i) => (i % 2 ? 16 : i + 3)));
    for (const id of ids) {
      const history = await client.getOrchestrationHistory(id);
      const answered = history.flatMap((e) => (e.eventType === "TaskCompleted" ? [e.taskScheduledId] : []));
      expect(new Set(answered).size).toBe(answered.length);
      expect(answered.length).toBe(history.filter((e) => e.eventType === "TaskScheduled").length);
    }
    await service.close();
  }, 120_000);
});
