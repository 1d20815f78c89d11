// The table kind (TablePartitionManager: rows in `{Hub}Partitions`) end to end on Azurite: its rows and columns
// as the original writes them and no taskhub.json or lease blob, fair shares, takeover after a kill, a newcomer's
// share, a graceful handover, and adoption; the rows refuse another partition count as taskhub.json does.
import { afterAll, beforeAll, expect, it } from "vitest";
import { AzureStorageOrchestrationService } from "../../../src/azure/azure-storage-orchestration-service.js";
import { StorageClients } from "../../../src/azure/storage/storage-clients.js";
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
