// The life of a hub under one partition management kind, on a real Azurite, shared by the three kinds' test
// files: three workers (two in this process, one a child process) split 8 partitions fairly, the killed child's
// partitions are taken once its leases expire, a newcomer gets its share, a graceful stop hands over at once, and
// a worker started without the option adopts the kind. Owners are read from storage (the kind's own artifacts).
import { spawn, type ChildProcess } from "node:child_process";
import { expect } from "vitest";
import { AzureStorageOrchestrationService } from "../../src/azure/azure-storage-orchestration-service.js";
import type { PartitionManagementKind } from "../../src/azure/partitioning/partition-management-kind.js";
import type { PartitionOwner } from "../../src/azure/partitioning/partition-owners.js";
import type { AzureStorageOrchestrationServiceOptions } from "../../src/azure/service-options.js";

const CHILD = new URL("../../dist-scripts/crash-worker.js", import.meta.url).pathname;

export interface KindTiming {
  leaseIntervalInMs: number;
  leaseDurationInMs: number;
}

export function workerOptions(connectionString: string, taskHubName: string, kind: PartitionManagementKind | undefined, timing: KindTiming, workerId: string): AzureStorageOrchestrationServiceOptions {
  return { connectionString, taskHubName, partitionCount: 8, usePartitionLeases: true, idleLeaseDurationInMs: 0, ...timing, partitionManagement: kind, workerId };
}

/** A worker process on the hub (only its partition manager matters here); SIGKILL ends it without a release. */
export function startChildWorker(connectionString: string, hub: string, kind: PartitionManagementKind, timing: KindTiming, workerId: string): Promise<ChildProcess> {
  const args = [CHILD, connectionString, hub, "8", "--leases", "--worker-id", workerId, "--partition-management", kind,
    "--lease-interval-ms", String(timing.leaseIntervalInMs), "--lease-duration-ms", String(timing.leaseDurationInMs)];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve(child));
    child.once("exit", (code) => reject(new Error(`child worker exited with ${code}`)));
  });
}

export function countsByOwner(owners: PartitionOwner[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of owners) if (o.owner) counts[o.owner] = (counts[o.owner] ?? 0) + 1;
  return counts;
}

/** Waits until every partition has an owner and the shares are exactly `shares` (sorted counts); the last read. */
export async function untilShares(reader: AzureStorageOrchestrationService, workers: string[], timeoutInMs: number): Promise<Record<string, number>> {
  const deadline = Date.now() + timeoutInMs;
  const want = fairShares(8, workers.length);
  for (;;) {
    const counts = countsByOwner(await reader.partitionOwners());
    const got = workers.map((w) => counts[w] ?? 0).sort();
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    if ((got.join() === want.join() && total === 8) || Date.now() > deadline) return counts;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function fairShares(partitions: number, workers: number): number[] {
  return Array.from({ length: workers }, (_, i) => Math.floor(partitions / workers) + (i >= workers - (partitions % workers) ? 1 : 0)).sort();
}

/** The scenario; `checkArtifacts` asserts the kind's own blobs or rows once three workers share the hub. */
export async function runKindScenario(
  connectionString: string,
  hub: string,
  kind: PartitionManagementKind,
  timing: KindTiming,
  checkArtifacts: (owners: Record<string, number>) => Promise<void>,
): Promise<{ killedHandoverMs: number; gracefulHandoverMs: number }> {
  const service = (id: string, k: PartitionManagementKind | undefined = kind) => new AzureStorageOrchestrationService(workerOptions(connectionString, hub, k, timing, id));
  const a = service("worker-a");
  const b = service("worker-b");
  const [child] = await Promise.all([startChildWorker(connectionString, hub, kind, timing, "worker-k"), a.startReceiving()]);
  await b.startReceiving();
  const services = [a, b];
  const t0 = Date.now();
  const phase = (name: string) => process.env.DTFX_PHASES && console.log(`${kind} ${name} at ${Date.now() - t0} ms`);
  try {
    // Three workers split 8 partitions 3/3/2.
    let counts = await untilShares(a, ["worker-a", "worker-b", "worker-k"], 20_000);
    expect(Object.values(counts).sort()).toEqual(fairShares(8, 3).map(String).map(Number));
    phase("split");
    await checkArtifacts(counts);
    // Each in-process worker holds (by its own account) what storage says it holds.
    await expect.poll(() => a.ownedPartitions().length).toBe(counts["worker-a"]);

    // Killed: its partitions stay its own until its leases expire, then the others take them.
    const killedAt = Date.now();
    child.kill("SIGKILL");
    counts = await untilShares(a, ["worker-a", "worker-b"], timing.leaseDurationInMs + 15_000);
    const killedHandoverMs = Date.now() - killedAt;
    expect(counts).toEqual({ "worker-a": 4, "worker-b": 4 });

    // A newcomer, started without the option: it adopts the hub's kind and gets its share.
    phase("killed handover");
    const c = service("worker-c", undefined);
    services.push(c);
    expect(await c.partitionManagement()).toBe(kind);
    await c.startReceiving();
    counts = await untilShares(a, ["worker-a", "worker-b", "worker-c"], 20_000);
    expect(counts["worker-c"]).toBeGreaterThanOrEqual(2);

    phase("newcomer");
    // A graceful stop releases: the others hold everything again within a few intervals, not a lease duration.
    const stoppedAt = Date.now();
    await c.close();
    counts = await untilShares(a, ["worker-a", "worker-b"], 20_000);
    const gracefulHandoverMs = Date.now() - stoppedAt;
    expect(counts).toEqual({ "worker-a": 4, "worker-b": 4 });
    phase(`graceful (killed handover ${killedHandoverMs} ms, graceful handover ${gracefulHandoverMs} ms)`);
    return { killedHandoverMs, gracefulHandoverMs };
  } finally {
    child.kill("SIGKILL");
    await Promise.all(services.map(async (s) => {
      const t = Date.now();
      await s.close();
      phase(`closed ${s.options.workerId} in ${Date.now() - t} ms`);
    }));
  }
}
