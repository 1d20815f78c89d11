// The tables and container of one test file's hub on its own Azurite, built the way the brief says callers
// build them: plain @azure clients handed to the tracking classes.
import { TableClient } from "@azure/data-tables";
import { BlobServiceClient, type ContainerClient } from "@azure/storage-blob";
import { startAzurite, type RunningAzurite } from "../../../src/azurite/start-azurite.js";
import { HistoryTable } from "../../../src/azure/tracking/history-table.js";
import { InstancesTable } from "../../../src/azure/tracking/instances-table.js";
import { LargePropertyStore } from "../../../src/azure/tracking/large-property-store.js";

export interface TrackingStorage {
  azurite: RunningAzurite;
  historyClient: TableClient;
  instancesClient: TableClient;
  container: ContainerClient;
  blobs: LargePropertyStore;
  history: HistoryTable;
  instances: InstancesTable;
  /** Every blob name in the container. */
  blobNames(): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startTrackingStorage(hub = "TestHub"): Promise<TrackingStorage> {
  const azurite = await startAzurite();
  const cs = azurite.connectionString;
  const historyClient = TableClient.fromConnectionString(cs, `${hub}History`, { allowInsecureConnection: true });
  const instancesClient = TableClient.fromConnectionString(cs, `${hub}Instances`, { allowInsecureConnection: true });
  const container = BlobServiceClient.fromConnectionString(cs).getContainerClient(`${hub.toLowerCase()}-largemessages`);
  await Promise.all([historyClient.createTable(), instancesClient.createTable(), container.createIfNotExists()]);
  const blobs = new LargePropertyStore(container);
  return {
    azurite,
    historyClient,
    instancesClient,
    container,
    blobs,
    history: new HistoryTable(historyClient, blobs),
    instances: new InstancesTable(instancesClient, blobs, hub),
    async blobNames() {
      const names: string[] = [];
      for await (const blob of container.listBlobsFlat()) names.push(blob.name);
      return names.sort();
    },
    stop: () => azurite.stop(),
  };
}

/** Every row of one partition, sentinel included, sorted by RowKey. */
export async function partitionRows(table: TableClient, partitionKey: string): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  const filter = `PartitionKey eq '${partitionKey.replace(/'/g, "''")}'`;
  for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) rows.push(row);
  return rows.sort((a, b) => (String(a.rowKey) < String(b.rowKey) ? -1 : 1));
}
