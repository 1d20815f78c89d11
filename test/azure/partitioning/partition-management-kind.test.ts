// A hub keeps one partition management kind: a worker without the option adopts the hub's (legacy when the hub
// shows none), and a worker of another kind, or a hub showing two, is refused with an error naming both.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AzureStorageOrchestrationService } from "../../../src/azure/azure-storage-orchestration-service.js";
import { resolvePartitionManagement, type PartitionManagementKind } from "../../../src/azure/partitioning/partition-management-kind.js";
import { startAzurite, type RunningAzurite } from "../../../src/azurite/start-azurite.js";
import { uniqueHubName } from "../../support/test-hub.js";

let azurite: RunningAzurite;
beforeAll(async () => void (azurite = await startAzurite()));
afterAll(async () => await azurite?.stop());

const service = (taskHubName: string, partitionManagement?: PartitionManagementKind, workerId = "w") =>
  new AzureStorageOrchestrationService({
    connectionString: azurite.connectionString, taskHubName, partitionCount: 2, usePartitionLeases: true,
    leaseIntervalInMs: 200, leaseDurationInMs: 15_000, idleLeaseDurationInMs: 0, partitionManagement, workerId,
  });

describe("resolving the kind", () => {
  it("takes the one asked for, else the hub's, else legacy, and refuses disagreements naming both", () => {
    expect(resolvePartitionManagement("Hub", undefined, [])).toBe("legacy");
    expect(resolvePartitionManagement("Hub", "table", [])).toBe("table");
    expect(resolvePartitionManagement("Hub", undefined, ["safe"])).toBe("safe");
    expect(resolvePartitionManagement("Hub", "safe", ["safe"])).toBe("safe");
    expect(() => resolvePartitionManagement("Hub", "legacy", ["table"])).toThrow(/"table".*"legacy"/);
    expect(() => resolvePartitionManagement("Hub", undefined, ["legacy", "table"])).toThrow(/"legacy" \(blobs in default\/\) and "table"/);
  });

  it("refuses an unknown kind up front", () => {
    expect(() => service("Hub", "blob" as PartitionManagementKind)).toThrow(TypeError);
  });
});

describe("a hub remembers its kind", () => {
  for (const kind of ["legacy", "safe", "table"] as const) {
    it(`a ${kind} hub: adopted without the option, every other kind refused`, async () => {
      const hub = uniqueHubName(kind);
      const first = service(hub, kind, "first");
      await first.startReceiving();
      const adopter = service(hub, undefined, "adopter");
      expect(await adopter.partitionManagement()).toBe(kind);
      for (const other of (["legacy", "safe", "table"] as const).filter((k) => k !== kind)) {
        const refused = service(hub, other, "refused");
        const error = await refused.startReceiving().catch((e: unknown) => e);
        expect(error).toMatchObject({ name: "PartitionManagementConflictError", kinds: [kind, other] });
        expect((error as Error).message).toContain(`"${kind}"`);
        expect((error as Error).message).toContain(`"${other}"`);
        expect(refused.ownedPartitions()).toEqual([]);
        await refused.close();
      }
      await first.close();
      await adopter.close();
    }, 20_000);
  }

  it("a hub without a trace gets legacy", async () => {
    const hub = uniqueHubName("Fresh");
    const s = service(hub);
    await s.startReceiving();
    expect(await s.partitionManagement()).toBe("legacy");
    expect((await s.partitionOwners()).map((o) => o.owner)).toEqual(["w", "w"]);
    await s.close();
  });

  it("of two workers of different kinds starting together on a fresh hub, no two run side by side", async () => {
    const hub = uniqueHubName("Race");
    const starters = [service(hub, "table", "t"), service(hub, "safe", "s")];
    const results = await Promise.allSettled(starters.map((s) => s.startReceiving()));
    expect(results.filter((r) => r.status === "rejected").length).toBeGreaterThanOrEqual(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ name: "PartitionManagementConflictError" });
    await Promise.all(starters.map((s) => s.close()));
  }, 20_000);
});
