// The safe kind (SafePartitionManager: `intent/` and `ownership/` lease sets) end to end on Azurite: both sets'
// blobs as the original writes them, fair shares, takeover after a kill, a newcomer's share, a graceful handover,
// and adoption.
import { afterAll, beforeAll, expect, it } from "vitest";
import { StorageClients } from "../../../src/azure/storage/storage-clients.js";
import { startAzurite, type RunningAzurite } from "../../../src/azurite/start-azurite.js";
import { uniqueHubName } from "../../support/test-hub.js";
import { runKindScenario } from "../../support/partition-kind-scenario.js";
import { leaseBlobs, partitionRowCount } from "../../support/partition-artifacts.js";

let azurite: RunningAzurite;
beforeAll(async () => void (azurite = await startAzurite()));
afterAll(async () => await azurite?.stop());

it("writes and honours the original's safe intent and ownership leases", async () => {
  const hub = uniqueHubName("Safe");
  const clients = new StorageClients({ connectionString: azurite.connectionString });
  const queue = (p: number) => `${hub.toLowerCase()}-control-0${p}`;
  const figures = await runKindScenario(azurite.connectionString, hub, "safe", { leaseIntervalInMs: 300, leaseDurationInMs: 15_000 }, async (owners) => {
    const blobs = await leaseBlobs(clients, hub);
    expect(Object.keys(blobs).sort()).toEqual([
      ...Array.from({ length: 8 }, (_, p) => `intent/${queue(p)}`),
      ...Array.from({ length: 8 }, (_, p) => `ownership/${queue(p)}`),
      "taskhub.json",
    ]);
    for (let p = 0; p < 8; p++) {
      for (const set of ["intent", "ownership"]) {
        const blob = blobs[`${set}/${queue(p)}`]!;
        expect(Object.keys(blob.content)).toEqual(["PartitionId", "Owner", "Token", "Epoch"]);
        expect(blob.content).toMatchObject({ PartitionId: queue(p), Token: expect.any(String) });
        expect(blob.leased).toBe(true);
        expect(Object.keys(owners)).toContain(blob.content.Owner);
      }
      // Settled: whoever holds the intent holds the ownership too.
      expect(blobs[`ownership/${queue(p)}`]!.content.Owner).toBe(blobs[`intent/${queue(p)}`]!.content.Owner);
    }
    expect(blobs["taskhub.json"]!.content).toMatchObject({ TaskHubName: hub, PartitionCount: 8 });
    expect(await partitionRowCount(clients, hub)).toBe(0);
  });
  expect(figures.killedHandoverMs).toBeGreaterThan(14_000);
  expect(figures.gracefulHandoverMs).toBeLessThan(5_000);
}, 90_000);
