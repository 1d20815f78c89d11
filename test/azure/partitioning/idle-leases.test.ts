// The idle lease schedule on a real Azurite: Azure's (and Azurite's) way of changing a held lease's duration,
// a manager going idle after a quiet spell and back at once on activity, the fence following each lease's
// duration, and other workers taking an idle worker's partitions by stealing and by expiry. Azurite runs in
// this process, so a faked Date moves its lease clock too: a minute of lease time passes in milliseconds.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { leaseSchedule } from "../../../src/azure/partitioning/lease-schedule.js";
import { PartitionLeaseStore } from "../../../src/azure/partitioning/partition-lease-store.js";
import { PartitionManager, type PartitionManagerOptions } from "../../../src/azure/partitioning/partition-manager.js";
import { controlQueueName, leasesContainerName } from "../../../src/azure/resource-names.js";
import { resolveServiceOptions } from "../../../src/azure/service-options.js";
import { StorageClients } from "../../../src/azure/storage/storage-clients.js";
import { startAzurite, type RunningAzurite } from "../../../src/azurite/start-azurite.js";
import { createLogger } from "../../../src/logging/logger.js";

let azurite: RunningAzurite;
let clients: StorageClients;
const running: PartitionManager[] = [];

beforeAll(async () => {
  azurite = await startAzurite();
  clients = new StorageClients({ connectionString: azurite.connectionString });
});

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(running.splice(0).map((m) => m.stop()));
});

afterAll(async () => {
  await azurite?.stop();
});

async function storeFor(hub: string, partitions: number): Promise<PartitionLeaseStore> {
  const container = leasesContainerName(hub);
  await clients.container(container).createIfNotExists();
  const store = new PartitionLeaseStore(
    (p) => clients.blockBlob(container, `default/${controlQueueName(hub, p)}`),
    clients.container(container),
    (p) => controlQueueName(hub, p),
    partitions,
    15,
  );
  await store.ensureBlobs();
  return store;
}

/** Busy: 15 s leases every 150 ms; idle after 300 ms quiet, with 60 s leases (renewed every 45.15 s) unless told. */
function manager(store: PartitionLeaseStore, workerId: string, options: Partial<PartitionManagerOptions> = {}): PartitionManager {
  const m = new PartitionManager(store, { workerId, intervalInMs: 150, leaseDurationInMs: 15_000, idleLeaseDurationInMs: 60_000, idleAfterInMs: 300, ...options }, {
    acquired: () => undefined,
    lost: () => undefined,
  }, createLogger({ sink: (e) => process.env.DEBUG_IDLE && console.log(JSON.stringify(e)) }));
  running.push(m);
  return m;
}

/** As if the process froze: no more ticks, no release. */
function freeze(m: PartitionManager): void {
  const inner = m as unknown as { running: boolean; timer?: NodeJS.Timeout };
  inner.running = false;
  clearTimeout(inner.timer);
  running.splice(running.indexOf(m), 1);
}

async function until(condition: () => boolean, timeoutInMs: number): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
}

const leaseStates = async (store: PartitionLeaseStore) => (await store.readAll()).map((v) => v.isLeased);

/** Moves Date (ours and Azurite's) forward; real timers keep running. */
function jump(ms: number): void {
  vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
  vi.setSystemTime(Date.now() + ms);
}

describe("the lease schedule", () => {
  it("derives the idle interval from the busy schedule's margin, and turns idle mode off when it cannot pay", () => {
    expect(leaseSchedule({ leaseDurationInMs: 30_000, intervalInMs: 10_000, idleLeaseDurationInMs: 60_000, idleAfterInMs: 30_000 })).toEqual({
      active: { durationInMs: 30_000, intervalInMs: 10_000 },
      idle: { durationInMs: 60_000, intervalInMs: 40_000, afterInMs: 30_000 },
    });
    expect(leaseSchedule({ leaseDurationInMs: 15_000, intervalInMs: 150, idleLeaseDurationInMs: 60_000 }).idle).toEqual({ durationInMs: 60_000, intervalInMs: 45_150, afterInMs: 30_000 });
    expect(leaseSchedule({ leaseDurationInMs: 30_000, intervalInMs: 10_000, idleLeaseDurationInMs: 0 }).idle).toBeUndefined();
    expect(leaseSchedule({ leaseDurationInMs: 60_000, intervalInMs: 10_000, idleLeaseDurationInMs: 60_000 }).idle).toBeUndefined();
    expect(leaseSchedule({ leaseDurationInMs: 30_000, intervalInMs: 10_000 }).idle).toBeUndefined();
  });

  it("defaults to 60 s idle leases after 30 s quiet, in whole seconds within Azure's 15–60 s, 0 meaning off", () => {
    const idle = (o: { idleLeaseDurationInMs?: number; idleAfterInMs?: number }) => {
      const { idleLeaseDurationInMs, idleAfterInMs } = resolveServiceOptions({ taskHubName: "Hub", ...o });
      return [idleLeaseDurationInMs, idleAfterInMs];
    };
    expect(idle({})).toEqual([60_000, 30_000]);
    expect(idle({ idleLeaseDurationInMs: 0, idleAfterInMs: 5_000 })).toEqual([0, 5_000]);
    expect(idle({ idleLeaseDurationInMs: 45_600 })).toEqual([46_000, 30_000]);
    expect(idle({ idleLeaseDurationInMs: 90_000 })).toEqual([60_000, 30_000]);
    expect(idle({ idleLeaseDurationInMs: 1_000 })).toEqual([15_000, 30_000]);
  });
});

describe("idle leases", () => {
  it("changes a held lease's duration by acquiring it again with its own id, on Azurite as on Azure", async () => {
    const store = await storeFor("IdleChange", 1);
    const [free] = await store.readAll();
    const lease = (await store.acquire(0, "a", free!))!;
    expect(await store.changeDuration(lease, 60_000)).toBe(true);
    jump(30_000); // a 15 s lease would have ended
    expect(await leaseStates(store)).toEqual([true]);
    jump(31_000);
    expect(await leaseStates(store)).toEqual([false]);

    // Back to 15 s: the lease ends 15 s after the change. A token that is not the lease's is refused.
    const again = (await store.acquire(0, "a", (await store.readAll())[0]!))!;
    expect(await store.changeDuration(again, 60_000)).toBe(true);
    expect(await store.changeDuration(again, 15_000)).toBe(true);
    expect(await store.changeDuration({ ...again, token: "00000000-0000-0000-0000-000000000000" }, 60_000)).toBe(false);
    jump(16_000);
    expect(await leaseStates(store)).toEqual([false]);
  });

  it("goes idle after the quiet spell with 60 s leases and the fence at 55 s, and comes back at once on activity", async () => {
    const store = await storeFor("IdleManager", 2);
    const m = manager(store, "a");
    await m.start();
    expect(m.ownedPartitions).toEqual([0, 1]);
    expect(m.isIdle).toBe(false);
    expect(m.owns(0, Date.now() + 9_000)).toBe(true);
    expect(m.owns(0, Date.now() + 11_000)).toBe(false);

    await until(() => m.isIdle, 3_000);
    expect(m.isIdle).toBe(true);
    // The tick that went idle has lengthened the leases; the next one is 45 s away, so none is under way.
    await new Promise((r) => setTimeout(r, 300));
    const before = clients.meter.snapshot().byKind;
    await new Promise((r) => setTimeout(r, 1_000));
    const during = clients.meter.snapshot().byKind;
    expect([during["blob.lease"] - before["blob.lease"], during["blob.list"] - before["blob.list"]]).toEqual([0, 0]);
    expect(m.owns(0, Date.now() + 50_000)).toBe(true);
    expect(m.owns(0, Date.now() + 56_000)).toBe(false);
    jump(40_000); // Azurite agrees: the leases last 60 s
    expect(await leaseStates(store)).toEqual([true, true]);
    vi.useRealTimers();

    // Activity: the next tick comes at once, not 45 s later, and puts the leases back to 15 s.
    const leaseRequests = clients.meter.snapshot().byKind["blob.lease"];
    m.noteActivity();
    expect(m.isIdle).toBe(false);
    await until(() => clients.meter.snapshot().byKind["blob.lease"] >= leaseRequests + 2, 1_000);
    await until(() => !m.owns(0, Date.now() + 11_000), 1_000);
    expect(m.owns(0, Date.now() + 9_000)).toBe(true);
    expect(m.owns(0, Date.now() + 11_000)).toBe(false);
    freeze(m);
    jump(16_000);
    expect(await leaseStates(store)).toEqual([false, false]);
  });

  it("loses a partition stolen from it while idle at its next idle renewal, and is busy again after it", async () => {
    const store = await storeFor("IdleSteal", 2);
    // 17 s idle leases: renewed every 2.15 s, so the victim's next renewal comes within the test.
    const victim = manager(store, "victim", { idleLeaseDurationInMs: 17_000 });
    await victim.start();
    await until(() => victim.isIdle, 3_000);
    expect(victim.isIdle).toBe(true);

    const thief = manager(store, "thief");
    await thief.start();
    await until(() => thief.ownedPartitions.length === 1, 2_000);
    expect(thief.ownedPartitions).toHaveLength(1);
    const stolen = thief.ownedPartitions[0]!;
    // The victim learns at its next renewal, not before; its own schedule is undisturbed until then.
    expect(victim.ownedPartitions).toEqual([0, 1]);
    await until(() => victim.ownedPartitions.length === 1, 4_000);
    expect(victim.ownedPartitions).toEqual([1 - stolen]);
    expect(victim.owns(stolen)).toBe(false);
    expect(victim.isIdle).toBe(false);
    expect((await store.readAll()).map((v) => v.content.Owner)).toEqual(stolen === 0 ? ["thief", "victim"] : ["victim", "thief"]);
  });

  it("hands an idle worker's partition to another only when its 60 s lease ends, not at the busy 15 s", async () => {
    const store = await storeFor("IdleExpire", 1);
    const doomed = manager(store, "doomed");
    await doomed.start();
    await until(() => doomed.isIdle, 3_000);
    await new Promise((r) => setTimeout(r, 300)); // the idle tick's lengthening is done
    freeze(doomed);

    jump(20_000);
    // The heir stays busy (an idle one would look only every 45 s): it looks every 150 ms.
    const heir = manager(store, "heir", { idleLeaseDurationInMs: 0 });
    await heir.start();
    await new Promise((r) => setTimeout(r, 500));
    expect(heir.ownedPartitions).toEqual([]);
    expect(doomed.owns(0)).toBe(true);

    jump(41_000);
    await until(() => heir.ownedPartitions.length === 1, 2_000);
    expect(heir.ownedPartitions).toEqual([0]);
    expect(doomed.owns(0)).toBe(false);
  });
});
