// The names of a task hub's queues, tables and containers: the original's, so Storage Explorer and tools
// written for Durable Functions find a dtfx hub where they expect it.
import { InvalidTaskHubNameError } from "../core/errors.js";

const HUB_NAME = /^[A-Za-z][A-Za-z0-9]{2,44}$/;

export const MIN_PARTITION_COUNT = 1;
export const MAX_PARTITION_COUNT = 16;
export const DEFAULT_PARTITION_COUNT = 4;

/** Durable Functions' rule (3–45 letters and digits, starting with a letter) keeps every derived name valid. */
export function validateTaskHubName(name: unknown): asserts name is string {
  if (typeof name !== "string" || !HUB_NAME.test(name)) {
    throw new InvalidTaskHubNameError(
      `Invalid task hub name ${JSON.stringify(name)}: use 3 to 45 letters and digits, starting with a letter, ` +
        `because its queue, table and container names are derived from it (e.g. "{hub}History", "{hub}-control-00")`,
    );
  }
}

/** The original's limit: partitions are control queues, and 16 is its maximum. */
export function validatePartitionCount(count: unknown): asserts count is number {
  const valid = typeof count === "number" && Number.isInteger(count);
  if (!valid || count < MIN_PARTITION_COUNT || count > MAX_PARTITION_COUNT) {
    throw new RangeError(
      `The partition count must be a whole number from ${MIN_PARTITION_COUNT} to ${MAX_PARTITION_COUNT}, not ${String(count)}`,
    );
  }
}

export const controlQueueName = (hub: string, partition: number) =>
  `${hub.toLowerCase()}-control-${partition.toString().padStart(2, "0")}`;
export const workItemQueueName = (hub: string) => `${hub.toLowerCase()}-workitems`;
/** Messages set aside as poison, one JSON blob each (a container lists, pages and deletes by name; a queue cannot). */
export const poisonContainerName = (hub: string) => `${hub.toLowerCase()}-poison`;
export const historyTableName = (hub: string) => `${hub}History`;
export const instancesTableName = (hub: string) => `${hub}Instances`;
/** The table partition manager's rows (AzureStorageOrchestrationServiceSettings.cs:248). */
export const partitionsTableName = (hub: string) => `${hub}Partitions`;
export const largeMessagesContainerName = (hub: string) => `${hub.toLowerCase()}-largemessages`;
export const leasesContainerName = (hub: string) => `${hub.toLowerCase()}-leases`;
/** Lives in the leases container and records the hub's partition count. */
export const TASK_HUB_INFO_BLOB_NAME = "taskhub.json";

export interface TaskHubResourceNames {
  controlQueues: string[];
  workItemQueue: string;
  historyTable: string;
  instancesTable: string;
  largeMessagesContainer: string;
  leasesContainer: string;
  poisonContainer: string;
}

/** Every resource of a hub, after validating its name and partition count. */
export function taskHubResourceNames(hub: string, partitionCount: number): TaskHubResourceNames {
  validateTaskHubName(hub);
  validatePartitionCount(partitionCount);
  return {
    controlQueues: Array.from({ length: partitionCount }, (_, p) => controlQueueName(hub, p)),
    workItemQueue: workItemQueueName(hub),
    historyTable: historyTableName(hub),
    instancesTable: instancesTableName(hub),
    largeMessagesContainer: largeMessagesContainerName(hub),
    leasesContainer: leasesContainerName(hub),
    poisonContainer: poisonContainerName(hub),
  };
}
