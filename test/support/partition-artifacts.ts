// Reads what a partition manager left in storage, raw: the lease container's blobs (content and lease state)
// and the Partitions table's rows, for the per-kind tests to compare with the original's layout.
import { RestError } from "@azure/core-rest-pipeline";
import { leasesContainerName, partitionsTableName } from "../../src/azure/resource-names.js";
import type { StorageClients } from "../../src/azure/storage/storage-clients.js";
import { downloadBlob } from "../../src/azure/storage/blob-download.js";

export async function leaseBlobs(clients: StorageClients, hub: string): Promise<Record<string, { content: Record<string, unknown>; leased: boolean }>> {
  const container = clients.container(leasesContainerName(hub));
  const blobs: Record<string, { content: Record<string, unknown>; leased: boolean }> = {};
  for await (const item of container.listBlobsFlat()) {
    const text = (await downloadBlob(container.getBlobClient(item.name))).toString("utf8");
    blobs[item.name] = { content: JSON.parse(text) as Record<string, unknown>, leased: item.properties.leaseState === "leased" };
  }
  return blobs;
}

export async function partitionRows(clients: StorageClients, hub: string): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  try {
    for await (const entity of clients.table(partitionsTableName(hub)).listEntities()) rows.push(entity);
  } catch (error) {
    if (error instanceof RestError && error.statusCode === 404) return [];
    throw error;
  }
  return rows;
}

export async function partitionRowCount(clients: StorageClients, hub: string): Promise<number> {
  return (await partitionRows(clients, hub)).length;
}
