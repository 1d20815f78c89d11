// Rewind of a Failed instance as the original does it: the latest execution's history is edited in place so
// replay no longer sees the failure, the instance goes back to Pending, and the caller sends a GenericEvent to
// each failed leaf to wake it (DurableTask.AzureStorage Tracking/AzureTableTrackingStore.cs:273-377 RewindHistoryAsync,
// AzureStorageOrchestrationService.cs:1965-1985 RewindTaskOrchestrationAsync).
import { odata, type TableClient } from "@azure/data-tables";
import { sanitizeKey } from "../key-sanitation.js";
import { readInt, readString } from "./table-values.js";
import { SENTINEL_ROW_KEY, type HistoryEntity } from "./history-entity-codec.js";
import type { InstancesTable } from "./instances-table.js";

/** The prefix the original writes into Reason of every row it rewinds, followed by the row's former EventType. */
export const REWOUND_REASON_PREFIX = "Rewound: ";

/** A bound on sub-orchestration depth, so a history that names itself as its own child cannot loop forever. */
const MAX_DEPTH = 100;

/**
 * Rewinds the instance's latest execution and, recursively, each failed sub-orchestration's; returns the ids
 * of the failed leaves (instances with no failed child), which the caller wakes with a GenericEvent message.
 */
export async function rewindHistory(history: TableClient, instances: InstancesTable, instanceId: string, depth = 0): Promise<string[]> {
  if (depth > MAX_DEPTH) throw new Error(`Rewind of '${instanceId}' went deeper than ${MAX_DEPTH} sub-orchestrations`);
  const partitionKey = sanitizeKey(instanceId);
  const executionId = await latestExecutionId(history, partitionKey);
  const leaves: string[] = [];
  let hasFailedChildren = false;
  if (executionId !== undefined) {
    for (const row of await failureRows(history, partitionKey, executionId)) {
      const eventType = readString(row.EventType);
      const answered = readInt(row.TaskScheduledId) ?? 0;
      if (eventType === "TaskFailed") {
        const scheduled = await rowOf(history, partitionKey, executionId, answered, "TaskScheduled");
        if (scheduled) await markRewound(history, scheduled, true);
      } else if (eventType === "SubOrchestrationInstanceFailed") {
        hasFailedChildren = true;
        const created = await rowOf(history, partitionKey, executionId, answered, "SubOrchestrationInstanceCreated");
        if (created) {
          // The child's creation stays in place (it did happen); it only carries the Reason.
          await markRewound(history, created, false);
          const childId = readString(created.InstanceId);
          if (childId) leaves.push(...(await rewindHistory(history, instances, childId, depth + 1)));
        }
      }
      await markRewound(history, row, true);
    }
  }
  await instances.insertOrMerge(instanceId, { runtimeStatus: "Pending", lastUpdatedTime: new Date() });
  if (!hasFailedChildren) leaves.push(instanceId);
  return leaves;
}

/** The ExecutionId of the most recent OrchestratorStarted row, as the original finds the execution to rewind. */
async function latestExecutionId(history: TableClient, partitionKey: string): Promise<string | undefined> {
  const filter = odata`PartitionKey eq ${partitionKey} and EventType eq ${"OrchestratorStarted"}`;
  let latest: { rowKey: string; executionId?: string } | undefined;
  const rows = history.listEntities<Record<string, unknown>>({ queryOptions: { filter, select: ["RowKey", "ExecutionId"] } });
  for await (const row of rows) {
    if (!latest || row.rowKey! > latest.rowKey) latest = { rowKey: row.rowKey!, executionId: readString(row.ExecutionId) };
  }
  return latest?.executionId;
}

/** The execution's failure rows: failed tasks, failed sub-orchestrations and the Failed completion itself. */
async function failureRows(history: TableClient, partitionKey: string, executionId: string): Promise<HistoryEntity[]> {
  const filter = odata`PartitionKey eq ${partitionKey} and ExecutionId eq ${executionId} and (OrchestrationStatus eq ${"Failed"} or EventType eq ${"TaskFailed"} or EventType eq ${"SubOrchestrationInstanceFailed"})`;
  const rows: HistoryEntity[] = [];
  for await (const row of history.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
    if (row.rowKey !== SENTINEL_ROW_KEY) rows.push(row as HistoryEntity);
  }
  return rows;
}

async function rowOf(
  history: TableClient, partitionKey: string, executionId: string, eventId: number, eventType: string,
): Promise<HistoryEntity | undefined> {
  const filter = odata`PartitionKey eq ${partitionKey} and ExecutionId eq ${executionId} and EventId eq ${eventId} and EventType eq ${eventType}`;
  for await (const row of history.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) return row as HistoryEntity;
  return undefined;
}

/**
 * Sets Reason to "Rewound: {EventType}" and, for rows replay must skip, EventType to GenericEvent (the row
 * keeps its key, so later rows keep their sequence numbers). Replace, guarded by the row's ETag, as the original.
 */
async function markRewound(history: TableClient, row: HistoryEntity, asGenericEvent: boolean): Promise<void> {
  const { etag, ...entity } = row;
  delete entity.timestamp;
  entity.Reason = REWOUND_REASON_PREFIX + String(row.EventType);
  if (asGenericEvent) entity.EventType = "GenericEvent";
  await history.updateEntity(entity as HistoryEntity, "Replace", { etag });
}
