// Purge: an instance's history rows, its Instances row and its blobs, by its exact id only. The original lists
// blobs by the bare id as a prefix, so purging "abc" also deleted the blobs of "abcd"; we never do.
import type { OrchestrationRuntimeStatus } from "../../core/index.js";
import { sanitizeKey } from "../key-sanitation.js";
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

/**
 * Whether a blob belongs to exactly this instance: property blobs (`history-…`) sit under its sanitized id,
 * message blobs (`message-…`) under its raw id, each directly, so another id's folder below is never touched.
 */
export function isBlobOfInstance(instanceId: string, blobName: string): boolean {
  const restAfter = (prefix: string) =>
    blobName.startsWith(prefix) && !blobName.slice(prefix.length).includes("/") ? blobName.slice(prefix.length) : undefined;
  const sanitized = sanitizeKey(instanceId);
  const underRaw = restAfter(`${instanceId}/`);
  if (underRaw?.startsWith("message-")) return true;
  // Where the sanitized id is another instance's raw id, that instance's message blobs sit here too.
  const underSanitized = restAfter(`${sanitized}/`);
  return underSanitized !== undefined && (sanitized === instanceId || !underSanitized.startsWith("message-"));
}

export async function purgeInstance(
  history: HistoryTable, instances: InstancesTable, blobs: LargePropertyStore, instanceId: string,
): Promise<PurgeResult> {
  const prefixes = [...new Set([`${sanitizeKey(instanceId)}/`, `${instanceId}/`])];
  const [rowCount, hadInstanceRow, blobNames] = await Promise.all([
    history.deleteHistory(instanceId),
    instances.delete(instanceId),
    Promise.all(prefixes.map((prefix) => blobs.listBlobNames(prefix))).then((lists) => [...new Set(lists.flat())]),
  ]);
  await Promise.all(blobNames.filter((name) => isBlobOfInstance(instanceId, name)).map((name) => blobs.delete(name)));
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
