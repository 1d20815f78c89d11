// The legacy kind (BlobPartitionLeaseManager in `default/`) end to end on Azurite: its blobs as the original
// writes them, fair shares, takeover after a kill, a newcomer's share, a graceful handover, and adoption.
import { afterAll, beforeAll, expect, it } from "vitest";
import { StorageClients } from "../../../src/azure/storage/storage-clients.js";
import { startAzurite, type RunningAzurite } from "../../../src/azurite/start-azurite.js";
import { uniqueHubName } from "../../support/test-hub.js";
import { runKindScenario } from "../../support/partition-kind-scenario.js";
import { leaseBlobs, partitionRowCount } from "../../support/partition-artifacts.js";

let azurite: RunningAzurite;
beforeAll(async () => void (azurite = await startAzurite()));
afterAll(async () => await azurite?.stop());

it("writes and honours the original's legacy leases", async () => {
  const hub = uniqueHubName("Legacy");
  const clients = new StorageClients({ connectionString: azurite.connectionString });
  const figures = await runKindScenario(azurite.connectionString, hub, "legacy", { leaseIntervalInMs: 300, leaseDurationInMs: 15_000 }, async (owners) => {
    const blobs = await leaseBlobs(clients, hub);
    expect(Object.keys(blobs).sort()).toEqual([
      ...Array.from({ length: 8 }, (_, p) => `default/${hub.toLowerCase()}-control-0${p}`),
      "taskhub.json",
    ]);
    for (let p = 0; p < 8; p++) {
      const blob = blobs[`default/${hub.toLowerCase()}-control-0${p}`]!;
      expect(Object.keys(blob.content)).toEqual(["PartitionId", "Owner", "Token", "Epoch"]);
      expect(blob.content).toMatchObject({ PartitionId: `${hub.toLowerCase()}-control-0${p}`, Token: expect.any(String), Epoch: expect.any(Number) });
      expect(blob.leased).toBe(true);
      expect(Object.keys(owners)).toContain(blob.content.Owner);
    }
    expect(blobs["taskhub.json"]!.content).toMatchObject({ TaskHubName: hub, PartitionCount: 8 });
    expect(await partitionRowCount(clients, hub)).toBe(0);
  });
  expect(figures.killedHandoverMs).toBeGreaterThan(14_000);
  expect(figures.gracefulHandoverMs).toBeLessThan(5_000);
}, 90_000);
