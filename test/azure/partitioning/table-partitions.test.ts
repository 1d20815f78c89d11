// The table kind (TablePartitionManager: rows in `{Hub}Partitions`) end to end on Azurite: its rows and columns
// as the original writes them and no taskhub.json or lease blob, fair shares, takeover after a kill, a newcomer's
// share, a graceful handover, and adoption; the rows refuse another partition count as taskhub.json does.
import { afterAll, beforeAll, expect, it } from "vitest";
import { AzureStorageOrchestrationService } from "../../../src/azure/azure-storage-orchestration-service.js";
import { StorageClients } from "../../../src/azure/storage/storage-clients.js";
import { PartitionTable } from "../../../src/azure/partitioning/partition-table.js";
import { TablePartitions } from "../../../src/azure/partitioning/table-partitions.js";
import { createLogger } from "../../../src/logging/logger.js";
import { startAzurite, type RunningAzurite } from "../../../src/azurite/start-azurite.js";
import { uniqueHubName } from "../../support/test-hub.js";
import { runKindScenario } from "../../support/partition-kind-scenario.js";
import { leaseBlobs, partitionRows } from "../../support/partition-artifacts.js";

let azurite: RunningAzurite;
beforeAll(async () => void (azurite = await startAzurite()));
afterAll(async () => await azurite?.stop());

it("writes and honours the original's Partitions table", async () => {
  const hub = uniqueHubName("Table");
  const clients = new StorageClients({ connectionString: azurite.connectionString });
  const figures = await runKindScenario(azurite.connectionString, hub, "table", { leaseIntervalInMs: 300, leaseDurationInMs: 3_000 }, async (owners) => {
    const rows = await partitionRows(clients, hub);
    expect(rows.map((r) => r.rowKey)).toEqual(Array.from({ length: 8 }, (_, p) => `${hub.toLowerCase()}-control-0${p}`));
    for (const row of rows) {
      expect(row.partitionKey).toBe("");
      // NextOwner is null when settled, and null columns are left out, as the .NET table SDK leaves them out.
      const columns = Object.keys(row).filter((k) => !["partitionKey", "rowKey", "etag", "timestamp"].includes(k)).sort();
      expect(columns).toEqual(["CurrentOwner", "ExpiresAt", "IsDraining", "LastRenewal", "OwnedSince"]);
      expect(Object.keys(owners)).toContain(row.CurrentOwner);
      expect(row.IsDraining).toBe(false);
      for (const column of ["OwnedSince", "LastRenewal", "ExpiresAt"]) expect(row[column]).toBeInstanceOf(Date);
      const lease = (row.ExpiresAt as Date).getTime() - (row.LastRenewal as Date).getTime();
      expect(lease).toBe(3_000);
    }
    // No taskhub.json and no lease blobs (TablePartitionManager.cs:264-266).
    expect(await leaseBlobs(clients, hub)).toEqual({});
  });
  expect(figures.killedHandoverMs).toBeGreaterThan(2_000);
  expect(figures.gracefulHandoverMs).toBeLessThan(5_000);

  // The rows record the partition count: another count is refused, as taskhub.json's mismatch is.
  const other = new AzureStorageOrchestrationService({ connectionString: azurite.connectionString, taskHubName: hub, partitionCount: 4 });
  await expect(other.createIfNotExists()).rejects.toMatchObject({ name: "PartitionCountMismatchError", existingPartitionCount: 8 });
  await other.close();
}, 90_000);

it("goes idle with longer ExpiresAt and fewer passes after a quiet spell, and is busy again at once on activity", async () => {
  const hub = uniqueHubName("TableIdle");
  const clients = new StorageClients({ connectionString: azurite.connectionString });
  const queues = [0, 1].map((p) => `${hub.toLowerCase()}-control-0${p}`);
  const table = new PartitionTable(clients.table(`${hub}Partitions`), queues, hub);
  await table.ensure(false);
  const owned = new Set<number>();
  const partitions = new TablePartitions(table, {
    workerId: "w", acquireIntervalInMs: 200, leaseDurationInMs: 1_000, idleLeaseDurationInMs: 3_000, idleAfterInMs: 300, isDraining: () => false,
  }, { acquired: (p) => owned.add(p), lost: (p) => owned.delete(p) }, createLogger());
  const lease = async () => (await table.list()).map((r) => r.ExpiresAt!.getTime() - r.LastRenewal!.getTime());
  await partitions.start();
  expect([...owned].sort()).toEqual([0, 1]);
  expect(await lease()).toEqual([1_000, 1_000]);
  // Quiet: the next passes write the idle ExpiresAt, then come every 3 s − (1 s − 0.2 s) = 2.2 s.
  await expect.poll(lease, { timeout: 3_000 }).toEqual([3_000, 3_000]);
  const before = clients.meter.snapshot().byKind["table.query"];
  await new Promise((r) => setTimeout(r, 1_000));
  expect(clients.meter.snapshot().byKind["table.query"] - before).toBeLessThanOrEqual(1);
  expect(partitions.owns(0)).toBe(true);
  partitions.noteActivity();
  await expect.poll(lease, { timeout: 1_000 }).toEqual([1_000, 1_000]);
  await partitions.stop();
  expect((await table.list()).map((r) => r.CurrentOwner)).toEqual([null, null]);
}, 20_000);
