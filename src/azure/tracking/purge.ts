// Purge: an instance's blobs, then its history rows and its Instances row, by its exact id only. The original lists
// blobs by the bare id as a prefix, so purging "abc" also deleted the blobs of "abcd"; we never do.
import type { OrchestrationRuntimeStatus } from "../../core/index.js";
import { sanitizeKey } from "../key-sanitation.js";
import { instanceBlobFolder } from "../storage/blob-names.js";
import type { HistoryTable } from "./history-table.js";
import type { InstanceQuery } from "./instance-query.js";
import type { InstancesTable } from "./instances-table.js";
import type { LargePropertyStore } from "./large-property-store.js";

export interface PurgeResult {
  deletedInstanceCount: number;
}

/** Only finished instances are purged by a status filter, as in the original. */
const PURGEABLE_STATUSES: readonly OrchestrationRuntimeStatus[] = ["Completed", "Failed", "Canceled", "Terminated"];

/** How many instances a bulk purge deletes at once (each is several requests). */
const PURGE_CONCURRENCY = 8;

/** The folders of an instance's blobs: property blobs (`history-…`) under its table key, messages under its id. */
function blobFolders(instanceId: string): { property: string; message: string } {
  return { property: instanceBlobFolder(sanitizeKey(instanceId)), message: instanceBlobFolder(instanceId) };
}

/**
 * Whether a blob belongs to exactly this instance: property blobs (`history-…`) sit in the folder of its table
 * key, message blobs (`message-…`) in the folder of its raw id, each directly, so another id's folder below is
 * never touched.
 */
export function isBlobOfInstance(instanceId: string, blobName: string): boolean {
  const restAfter = (folder: string) =>
    blobName.startsWith(`${folder}/`) && !blobName.slice(folder.length + 1).includes("/") ? blobName.slice(folder.length + 1) : undefined;
  const folders = blobFolders(instanceId);
  const underMessageFolder = restAfter(folders.message);
  if (underMessageFolder?.startsWith("message-")) return true;
  // Where the table key is another instance's raw id, that instance's message blobs sit here too.
  const underPropertyFolder = restAfter(folders.property);
  return underPropertyFolder !== undefined && (folders.property === folders.message || !underPropertyFolder.startsWith("message-"));
}

/**
 * Blobs first, rows last: a purge that fails halfway leaves the rows that find the instance, so running it again
 * finishes the job (rows first would leave blobs that nothing points at any more).
 */
export async function purgeInstance(
  history: HistoryTable, instances: InstancesTable, blobs: LargePropertyStore, instanceId: string,
): Promise<PurgeResult> {
  const folders = blobFolders(instanceId);
  const prefixes = [...new Set([`${folders.property}/`, `${folders.message}/`])];
  const blobNames = [...new Set((await Promise.all(prefixes.map((prefix) => blobs.listBlobNames(prefix)))).flat())];
  await Promise.all(blobNames.filter((name) => isBlobOfInstance(instanceId, name)).map((name) => blobs.delete(name)));
  const rowCount = await history.deleteHistory(instanceId);
  // The Instances row goes last: while it stands, the instance is still listed and its purge can be repeated.
  const hadInstanceRow = await instances.delete(instanceId);
  return { deletedInstanceCount: hadInstanceRow || rowCount > 0 ? 1 : 0 };
}

/** Purges every instance the query finds; a status filter only ever matches finished instances. */
export async function purgeInstances(
  history: HistoryTable, instances: InstancesTable, blobs: LargePropertyStore, filter: InstanceQuery,
): Promise<PurgeResult> {
  const runtimeStatus = filter.runtimeStatus?.filter((status) => PURGEABLE_STATUSES.includes(status));
  if (runtimeStatus && runtimeStatus.length === 0) return { deletedInstanceCount: 0 };
  let deletedInstanceCount = 0;
  let continuationToken: string | undefined;
  do {
    const page = await instances.query({ ...filter, runtimeStatus }, { pageSize: 100, continuationToken, fetchPayloads: false });
    for (let i = 0; i < page.rows.length; i += PURGE_CONCURRENCY) {
      const batch = page.rows.slice(i, i + PURGE_CONCURRENCY);
      const results = await Promise.all(batch.map((row) => purgeInstance(history, instances, blobs, row.instanceId)));
      deletedInstanceCount += results.reduce((sum, result) => sum + result.deletedInstanceCount, 0);
    }
    continuationToken = page.continuationToken;
  } while (continuationToken);
  return { deletedInstanceCount };
}
