// Everything of one task hub in storage, built once per service: clients with the request meter, the
// queues, the tables and the blob stores, named as the original names them.
import type { PurgeResult, OrchestrationQuery } from "../../backend/orchestration-service.js";
import { MessageRouter } from "../messaging/message-router.js";
import { PartitionLeaseStore } from "../partitioning/partition-lease-store.js";
import { LargeMessageStore } from "../messaging/large-message-store.js";
import { TaskQueue } from "../messaging/task-queue.js";
import { PoisonStore } from "../messaging/poison-store.js";
import {
  controlQueueName,
  historyTableName,
  instancesTableName,
  largeMessagesContainerName,
  leasesContainerName,
  partitionsTableName,
  poisonContainerName,
  validatePartitionCount,
  validateTaskHubName,
  workItemQueueName,
} from "../resource-names.js";
import { blobLeaseDurationInMs, type AzureStorageOrchestrationServiceOptions, type ResolvedServiceOptions } from "../service-options.js";
import { PartitionTable } from "../partitioning/partition-table.js";
import {
  detectPartitionManagement,
  resolvePartitionManagement,
  type PartitionManagementKind,
} from "../partitioning/partition-management-kind.js";
import type { Logger } from "../../logging/logger.js";
import { StorageClients, type StorageConnection } from "./storage-clients.js";
import type { StorageMeter } from "./storage-meter.js";
import { ensureTaskHub } from "./task-hub-resources.js";
import { HistoryTable } from "../tracking/history-table.js";
import { InstancesTable } from "../tracking/instances-table.js";
import { LargePropertyStore } from "../tracking/large-property-store.js";
import { toInstanceQuery } from "../tracking/backend-shapes.js";
import { purgeInstance, purgeInstances } from "../tracking/purge.js";
import { rewindHistory } from "../tracking/history-rewind.js";

export interface TaskHubStorage {
  meter: StorageMeter;
  /** The legacy manager's lease set (`default/`). */
  leases: PartitionLeaseStore;
  /** A blob lease set of the hub: "default" (legacy), "intent" or "ownership" (safe). */
  leaseSet(directory: "default" | "intent" | "ownership"): PartitionLeaseStore;
  /** `{Hub}Partitions`, the table manager's rows. */
  partitionTable: PartitionTable;
  /** The partition management kinds whose traces the hub shows. */
  detectPartitionManagement(): Promise<PartitionManagementKind[]>;
  controlQueues: TaskQueue[];
  workItemQueue: TaskQueue;
  poison: PoisonStore;
  history: HistoryTable;
  instances: InstancesTable;
  router: MessageRouter;
  /** Creates what is missing of the hub for the kind asked for (or the hub's own), and says which kind that is. */
  ensureCreated(): Promise<PartitionManagementKind>;
  purgeInstance(instanceId: string): Promise<PurgeResult>;
  purgeInstances(query: OrchestrationQuery): Promise<PurgeResult>;
  /** Edits a Failed instance's history as the original's rewind does; returns the failed leaves to wake. */
  rewindHistory(instanceId: string): Promise<string[]>;
}

export function openTaskHubStorage(
  options: AzureStorageOrchestrationServiceOptions,
  resolved: ResolvedServiceOptions,
  log: Logger,
): TaskHubStorage {
  const hub = resolved.taskHubName;
  validateTaskHubName(hub);
  validatePartitionCount(resolved.partitionCount);
  const clients = new StorageClients(connectionOf(options));
  const container = largeMessagesContainerName(hub);
  const blobClient = (name: string) => clients.blockBlob(container, name);
  const largeMessages = new LargeMessageStore(clients.container(container), blobClient, resolved.maxBlobPayloadBytes);
  const largeProperties = new LargePropertyStore(clients.container(container), blobClient, resolved.maxBlobPayloadBytes);
  const controlQueues = Array.from(
    { length: resolved.partitionCount },
    (_, p) => new TaskQueue(clients.queue(controlQueueName(hub, p)), largeMessages),
  );
  const workItemQueue = new TaskQueue(clients.queue(workItemQueueName(hub)), largeMessages);
  const history = new HistoryTable(clients.table(historyTableName(hub)), largeProperties);
  const instances = new InstancesTable(clients.table(instancesTableName(hub)), largeProperties, hub, resolved.maxPagePayloadBytes);
  const leaseContainer = leasesContainerName(hub);
  const leaseSets = new Map<string, PartitionLeaseStore>();
  const leaseSet = (directory: "default" | "intent" | "ownership") => {
    let store = leaseSets.get(directory);
    if (!store) {
      store = new PartitionLeaseStore(
        (p) => clients.blockBlob(leaseContainer, `${directory}/${controlQueueName(hub, p)}`),
        clients.container(leaseContainer),
        (p) => controlQueueName(hub, p),
        resolved.partitionCount,
        blobLeaseDurationInMs(resolved.leaseDurationInMs) / 1000,
        directory,
      );
      leaseSets.set(directory, store);
    }
    return store;
  };
  const queueNames = Array.from({ length: resolved.partitionCount }, (_, p) => controlQueueName(hub, p));
  const partitionTable = new PartitionTable(clients.table(partitionsTableName(hub)), queueNames, hub);
  const detect = () => detectPartitionManagement(clients.container(leaseContainer), partitionTable.table);
  const ensureCreated = async (): Promise<PartitionManagementKind> => {
    const kind = resolvePartitionManagement(hub, resolved.partitionManagement, await detect());
    // The table kind writes no taskhub.json (TablePartitionManager.cs:264-266): its rows record the count.
    await ensureTaskHub(clients, { ...resolved, taskHubInfo: kind !== "table" });
    if (kind === "table") await partitionTable.ensure(resolved.allowPartitionCountChange);
    return kind;
  };
  return {
    meter: clients.meter,
    leases: leaseSet("default"),
    leaseSet,
    partitionTable,
    detectPartitionManagement: detect,
    controlQueues,
    workItemQueue,
    poison: new PoisonStore(clients, poisonContainerName(hub), log),
    history,
    instances,
    router: new MessageRouter(controlQueues, workItemQueue, { batchClientMessages: resolved.batchClientMessages }),
    ensureCreated,
    purgeInstance: (id) => purgeInstance(history, instances, largeProperties, id),
    purgeInstances: (query) => purgeInstances(history, instances, largeProperties, toInstanceQuery(query)),
    rewindHistory: (id) => rewindHistory(clients.table(historyTableName(hub)), instances, id),
  };
}

function connectionOf(options: AzureStorageOrchestrationServiceOptions): StorageConnection {
  if (options.connectionString) return { connectionString: options.connectionString };
  if (options.accountName && options.credential) return { accountName: options.accountName, credential: options.credential };
  throw new TypeError("AzureStorageOrchestrationService needs a connectionString, or an accountName with a credential");
}
