// Partition leases on a real Azurite: the original's blob layout, one winner per lease, a fair share for
// each of several workers, release on stop, and takeover after a worker vanishes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { controlQueueName, leasesContainerName } from "../../../src/azure/resource-names.js";
import { planLeases } from "../../../src/azure/partitioning/lease-plan.js";
import { PartitionLeaseStore, type LeaseView } from "../../../src/azure/partitioning/partition-lease-store.js";
import { PartitionManager } from "../../../src/azure/partitioning/partition-manager.js";
import { StorageClients } from "../../../src/azure/storage/storage-clients.js";
import { startAzurite, type RunningAzurite } from "../../../src/azurite/start-azurite.js";
import { createLogger } from "../../../src/logging/logger.js";

let azurite: RunningAzurite;
let clients: StorageClients;

beforeAll(async () => {
  azurite = await startAzurite();
  clients = new StorageClients({ connectionString: azurite.connectionString });
});

afterAll(async () => {
  await azurite?.stop();
});

function storeFor(hub: string, partitions: number): PartitionLeaseStore {
  const container = leasesContainerName(hub);
  return new PartitionLeaseStore(
    (p) => clients.blockBlob(container, `default/${controlQueueName(hub, p)}`),
    clients.container(container),
    (p) => controlQueueName(hub, p),
    partitions,
    15,
  );
}

function manager(store: PartitionLeaseStore, workerId: string, owned: Set<string>) {
  return new PartitionManager(store, { workerId, intervalInMs: 150, leaseDurationInMs: 15_000 }, {
    acquired: (p) => owned.add(`${workerId}:${p}`),
    lost: (p) => owned.delete(`${workerId}:${p}`),
  }, createLogger());
}

async function until(condition: () => boolean, timeoutInMs: number): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

const view = (partition: number, owner: string | null): LeaseView => ({
  partition, isLeased: owner !== null, content: { PartitionId: `q-${partition}`, Owner: owner, Token: null, Epoch: 0 },
});

describe("the lease plan", () => {
  it("takes free leases up to a fair share and steals one at a time from the busiest worker (its first, as the original)", () => {
    expect(planLeases([0, 1, 2, 3].map((p) => view(p, null)), "a")).toEqual({ acquire: [0, 1, 2, 3], reclaim: [] });
    expect(planLeases([view(0, "a"), view(1, null), view(2, "b"), view(3, null)], "a", new Set([0]))).toEqual({ acquire: [1], reclaim: [] });
    expect(planLeases([view(0, "a"), view(1, "a"), view(2, "a"), view(3, "a")], "b")).toEqual({ acquire: [], reclaim: [], steal: 0 });
    expect(planLeases([view(0, "a"), view(1, "a"), view(2, "b"), view(3, "b")], "b", new Set([2, 3]))).toEqual({ acquire: [], reclaim: [] });
    expect(planLeases([view(0, "a"), view(1, "a"), view(2, "a"), view(3, "b"), view(4, "b"), view(5, "b"), view(6, "c"), view(7, "c")], "c", new Set([6, 7]))).toEqual({ acquire: [], reclaim: [] });
    expect(planLeases([view(0, "a"), view(1, "a"), view(2, "a"), view(3, "a"), view(4, "b"), view(5, "b"), view(6, "c"), view(7, "c")], "c", new Set([6, 7]))).toEqual({ acquire: [], reclaim: [], steal: 0 });
    // Owners compare case-insensitively, as the original compares them.
    expect(planLeases([view(0, "A"), view(1, "b")], "a", new Set([0]))).toEqual({ acquire: [], reclaim: [] });
    // The safe kind's ownership set: never a steal, every free lease it may take (where it holds the intent).
    const ownership = { steal: false, mayAcquire: (p: number) => p !== 1 };
    expect(planLeases([view(0, null), view(1, null), view(2, null), view(3, "b")], "a", new Set(), ownership)).toEqual({ acquire: [0, 2], reclaim: [] });
    expect(planLeases([view(0, "b"), view(1, "b"), view(2, "b"), view(3, "b")], "a", new Set(), ownership)).toEqual({ acquire: [], reclaim: [] });
    // A restarted worker takes back the leases its previous run left in its name.
    expect(planLeases([view(0, "a"), view(1, "b")], "a", new Set())).toEqual({ acquire: [], reclaim: [0] });
    expect(planLeases([view(0, "a"), view(1, "b")], "a", new Set([0]))).toEqual({ acquire: [], reclaim: [] });
  });
});

describe("partition leases", () => {
  it("lays out one blob per control queue with the original's JSON", async () => {
    const store = storeFor("LeaseLayout", 2);
    await clients.container(leasesContainerName("LeaseLayout")).createIfNotExists();
    await store.ensureBlobs();
    await store.ensureBlobs();
    const views = await store.readAll();
    expect(views.map((v) => v.content)).toEqual([
      { PartitionId: "leaselayout-control-00", Owner: null, Token: null, Epoch: 0 },
      { PartitionId: "leaselayout-control-01", Owner: null, Token: null, Epoch: 0 },
    ]);
  });

  it("lets exactly one of two racing workers win a free lease", async () => {
    const store = storeFor("LeaseRace", 1);
    await clients.container(leasesContainerName("LeaseRace")).createIfNotExists();
    await store.ensureBlobs();
    const [free] = await store.readAll();
    const results = await Promise.all(["w1", "w2", "w3"].map((w) => store.acquire(0, w, free!)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const [after] = await store.readAll();
    expect(after).toMatchObject({ isLeased: true, content: { Epoch: 1 } });
  });

  it("shares 8 partitions among 3 workers and hands a stopped worker's partitions over at once", async () => {
    const store = storeFor("LeaseShare", 8);
    await clients.container(leasesContainerName("LeaseShare")).createIfNotExists();
    const owned = new Set<string>();
    const workers = ["a", "b", "c"].map((w) => manager(store, w, owned));
    await Promise.all(workers.map((w) => w.start()));
    const counts = () => workers.map((w) => w.ownedPartitions.length);
    await until(() => counts().every((n) => n >= 2 && n <= 3) && counts().reduce((a, b) => a + b) === 8, 10_000);
    expect(counts().sort()).toEqual([2, 3, 3]);
    expect(new Set(workers.flatMap((w) => w.ownedPartitions)).size).toBe(8);

    // A graceful stop releases at once; the others pick the partitions up within a few intervals.
    const stopped = Date.now();
    await workers[2]!.stop();
    const [a, b] = workers;
    await until(() => a!.ownedPartitions.length + b!.ownedPartitions.length === 8, 10_000);
    expect(Date.now() - stopped).toBeLessThan(5_000);
    expect([a!.ownedPartitions.length, b!.ownedPartitions.length].sort()).toEqual([4, 4]);
    expect((await store.readAll()).every((v) => v.isLeased && ["a", "b"].includes(v.content.Owner!))).toBe(true);
    await a!.stop();
    await b!.stop();
    expect((await store.readAll()).every((v) => !v.isLeased && v.content.Owner === null)).toBe(true);
  }, 30_000);

  it("takes over the partitions of a worker that stopped renewing once its leases expire", async () => {
    const store = storeFor("LeaseExpire", 2);
    await clients.container(leasesContainerName("LeaseExpire")).createIfNotExists();
    const owned = new Set<string>();
    const doomed = manager(store, "doomed", owned);
    await doomed.start();
    expect(doomed.ownedPartitions).toEqual([0, 1]);
    // As if the process froze: no more renewals, no release.
    const frozen = doomed as unknown as { timer?: NodeJS.Timeout };
    clearTimeout(frozen.timer);
    frozen.timer = undefined;
    const heir = manager(store, "heir", owned);
    await heir.start();
    const started = Date.now();
    await until(() => heir.ownedPartitions.length === 2, 25_000);
    expect(heir.ownedPartitions).toEqual([0, 1]);
    expect(Date.now() - started).toBeLessThan(20_000);
    // The frozen worker's fence closed before the lease could be taken.
    expect(doomed.owns(0)).toBe(false);
    await heir.stop();
  }, 40_000);
});
