// The Azure Storage backend: the original's queues, tables and blobs, shared by workers and clients.
// A worker and a client in one process share one service, so work the client sends wakes the worker at once.
import type { HistoryEvent, TaskMessage } from "../core/index.js";
import { assertStorableInstanceId } from "../core/index.js";
import type {
  ActivityWorkItem,
  CreateOrchestrationOptions,
  InstanceChangeFeed,
  InstanceRecord,
  OrchestrationCompletion,
  OrchestrationQuery,
  OrchestrationService,
  OrchestrationWorkItem,
  OrchestrationWorkItemResult,
  PurgeResult,
  HubDescription,
} from "../backend/orchestration-service.js";
import { ActivityWorkItems } from "./messaging/activity-work-items.js";
import { ControlQueueReceiver } from "./messaging/control-queue-receiver.js";
import { InstanceAnnouncements } from "../backend/instance-announcements.js";
import { InstanceCache } from "./sessions/instance-cache.js";
import { InstanceWorkQueue } from "./sessions/instance-work-queue.js";
import { validateInstanceId } from "./key-sanitation.js";
import { OrchestrationSessions, type HeldActivitySender } from "./sessions/orchestration-sessions.js";
import { PartitionReceivers } from "./sessions/partition-receivers.js";
import { writeStart } from "./sessions/orchestration-start.js";
import type { PartitionOwnership } from "./partitioning/partition-ownership.js";
import { createPartitionOwnership, preparePartitionStores } from "./partitioning/create-partition-ownership.js";
import type { PartitionManagementKind } from "./partitioning/partition-management-kind.js";
import { readPartitionOwners, type PartitionOwner } from "./partitioning/partition-owners.js";
import { resolveServiceOptions, type AzureStorageOrchestrationServiceOptions, type ResolvedServiceOptions } from "./service-options.js";
import { createLogger, type Logger } from "../logging/logger.js";
import { openTaskHubStorage, type TaskHubStorage } from "./storage/task-hub-storage.js";
import { toInstanceQuery, toInstanceRecord } from "./tracking/backend-shapes.js";
import { WorkItemReceiver } from "./messaging/work-item-receiver.js";
import type { StorageMeterSnapshot } from "./storage/storage-meter.js";
import { describeHub } from "./storage/hub-description.js";
import { observeStorage } from "./storage/storage-metrics.js";

export class AzureStorageOrchestrationService implements OrchestrationService {
  readonly options: ResolvedServiceOptions;
  private readonly storage: TaskHubStorage;
  private readonly log: Logger;
  private readonly workQueue = new InstanceWorkQueue();
  private readonly cache: InstanceCache;
  private readonly sessions: OrchestrationSessions;
  private readonly announcements = new InstanceAnnouncements();
  /** The status changes this process writes; it observes the instances of the partitions it owns. */
  readonly instanceChanges: InstanceChangeFeed = {
    observes: (instanceId) => this.receiving && (this.ownership?.owns(this.storage.router.partitionOf(instanceId)) ?? false),
    nextChange: (instanceId, abortSignal) => this.announcements.nextChange(instanceId, abortSignal),
    lastChange: (instanceId) => this.announcements.lastChange(instanceId),
  };
  private readonly partitions: PartitionReceivers;
  private readonly activityItems: ActivityWorkItems;
  private readonly workItemReceiver: WorkItemReceiver;
  /** Built when receiving starts, once the hub's partition management kind is known. */
  private ownership?: PartitionOwnership;
  private created?: Promise<PartitionManagementKind>;
  private readonly stopObservingStorage: () => void;
  private receiving = false;

  constructor(options: AzureStorageOrchestrationServiceOptions) {
    this.options = resolveServiceOptions(options);
    this.log = options.log ?? createLogger();
    // Validates the hub name and partition count before any request is made.
    this.storage = openTaskHubStorage(options, this.options, this.log);
    // Strings hold two bytes a character in memory.
    this.cache = new InstanceCache(this.options.instanceCacheSize, Math.floor(this.options.instanceCacheMaxBytes / 2));
    const { router, history, instances, controlQueues, workItemQueue, poison } = this.storage;
    const quarantine = poison.quarantine.bind(poison);
    const maxDequeueCount = this.options.maxDequeueCount;
    const mayCommit = (instanceId: string) => this.ownership?.owns(router.partitionOf(instanceId)) ?? false;
    const onActivity = () => this.ownership?.noteActivity();
    const heldActivities: HeldActivitySender = {
      send: (message, from) => this.activityItems.sendHeld(message, from),
      forget: (item) => this.activityItems.forget(item),
      renew: (item) => this.activityItems.renew(item),
    };
    this.sessions = new OrchestrationSessions(
      this.workQueue, this.cache, history, instances, router, this.announcements, this.log, mayCommit, heldActivities,
    );
    const receivers = controlQueues.map(
      (queue, partition) =>
        new ControlQueueReceiver(partition, queue, this.workQueue, {
          batchSize: this.options.controlQueueBatchSize,
          visibilityTimeoutInMs: this.options.controlQueueVisibilityTimeoutInMs,
          bufferThreshold: this.options.controlQueueBufferThreshold,
          maxDequeueCount,
          maxPollingIntervalInMs: this.options.maxPollingIntervalInMs,
          mayRenew: () => this.ownership?.owns(partition) ?? false,
          onActivity,
        }, quarantine, this.log),
    );
    this.workItemReceiver = new WorkItemReceiver(workItemQueue, {
      visibilityTimeoutInMs: this.options.workItemVisibilityTimeoutInMs,
      maxDequeueCount,
      maxPollingIntervalInMs: this.options.maxPollingIntervalInMs,
      onActivity,
    }, quarantine, this.log);
    this.activityItems = new ActivityWorkItems(this.workItemReceiver, router, this.options.workItemVisibilityTimeoutInMs);
    router.wakeups = {
      controlQueue: (partition) => this.partitions.wake(partition),
      workItems: () => this.workItemReceiver.wake(),
    };
    this.partitions = new PartitionReceivers(receivers, (p) => this.ownership?.owns(p) ?? false, (partition) => {
      const ofPartition = (instanceId: string) => router.partitionOf(instanceId) === partition;
      this.cache.deleteWhere(ofPartition);
      this.announcements.release(ofPartition);
      return this.workQueue.dropPartition(partition);
    });
    this.stopObservingStorage = observeStorage({ snapshot: () => this.storage.meter.snapshot(), queues: [...controlQueues, workItemQueue] });
  }

  /** The hub's partition management kind: the one configured, or the one the hub already uses (legacy without). */
  partitionManagement(): Promise<PartitionManagementKind> {
    return this.ensureHub();
  }

  /** Who owns each partition now, read from storage whatever the kind (for inspect and the dashboard). */
  async partitionOwners(): Promise<PartitionOwner[]> {
    const kind = await this.ensureHub();
    return readPartitionOwners(kind, this.storage);
  }

  /** The partitions this process holds now (none before it receives). */
  ownedPartitions(): number[] {
    return (this.receiving && this.ownership?.ownedPartitions()) || [];
  }

  /** Storage requests made so far, by kind (every @azure client of this service is metered). */
  metrics(): { storageRequests: StorageMeterSnapshot } {
    return { storageRequests: this.storage.meter.snapshot() };
  }

  async createIfNotExists(): Promise<void> {
    await this.ensureHub();
  }

  /** Creates what is missing of the hub (once) and settles its partition management kind. */
  private ensureHub(): Promise<PartitionManagementKind> {
    this.created ??= this.storage.ensureCreated().catch((error: unknown) => {
      this.created = undefined;
      throw error;
    });
    return this.created;
  }

  async startReceiving(): Promise<void> {
    const kind = await this.ensureHub();
    if (this.receiving) return;
    this.receiving = true;
    try {
      this.ownership ??= createPartitionOwnership(kind, this.storage, this.options, this.partitions,
        (p) => this.partitions.isReleasing(p), this.log);
      await preparePartitionStores(kind, this.storage, this.options);
      await this.ownership.start();
    } catch (error) {
      this.receiving = false;
      throw error;
    }
  }

  /** Stops polling; messages received but not yet processed become visible again at once for other workers. */
  async stopReceiving(): Promise<void> {
    if (!this.receiving) return;
    this.receiving = false;
    await this.ownership?.stop();
    await Promise.all([this.partitions.released(), this.workItemReceiver.release()]);
  }

  lockNextOrchestrationWorkItem(abortSignal: AbortSignal): Promise<OrchestrationWorkItem | undefined> {
    return this.sessions.lockNext(abortSignal);
  }

  completeOrchestrationWorkItem(workItem: OrchestrationWorkItem, result: OrchestrationWorkItemResult): Promise<OrchestrationCompletion> {
    return this.sessions.complete(workItem, result);
  }

  abandonOrchestrationWorkItem(workItem: OrchestrationWorkItem, error?: unknown): Promise<void> {
    return this.sessions.abandon(workItem, error);
  }

  lockNextActivityWorkItem(abortSignal: AbortSignal): Promise<ActivityWorkItem | undefined> {
    return this.activityItems.lockNext(abortSignal);
  }

  completeActivityWorkItem(workItem: ActivityWorkItem, response: TaskMessage): Promise<void> {
    return this.activityItems.complete(workItem, response);
  }

  abandonActivityWorkItem(workItem: ActivityWorkItem, options: { immediately?: boolean } = {}): Promise<void> {
    return this.activityItems.abandon(workItem, options);
  }

  renewActivityWorkItem(workItem: ActivityWorkItem): Promise<void> {
    return this.activityItems.renew(workItem);
  }

  async createOrchestration(start: TaskMessage, options: CreateOrchestrationOptions = {}): Promise<void> {
    assertStorableInstanceId(start.orchestrationInstance.instanceId);
    if (start.event.eventType !== "ExecutionStarted") throw new TypeError("An orchestration starts with ExecutionStarted");
    await this.createIfNotExists();
    await writeStart(this.storage, this.sessions, start, options);
  }

  async sendTaskMessage(message: TaskMessage): Promise<void> {
    assertStorableInstanceId(message.orchestrationInstance.instanceId);
    await this.createIfNotExists();
    await this.storage.router.fromClient(message);
  }

  async getInstance(instanceId: string, options: { fetchPayloads?: boolean } = {}): Promise<InstanceRecord | undefined> {
    validateInstanceId(instanceId);
    await this.createIfNotExists();
    const row = await this.storage.instances.get(instanceId, { fetchPayloads: options.fetchPayloads ?? true });
    return row && toInstanceRecord(row);
  }

  async getHistory(instanceId: string): Promise<HistoryEvent[]> {
    validateInstanceId(instanceId);
    await this.createIfNotExists();
    return this.storage.history.getHistory(instanceId);
  }

  async queryInstances(
    query: OrchestrationQuery,
    page: { pageSize: number; continuationToken?: string },
  ): Promise<{ instances: InstanceRecord[]; continuationToken?: string }> {
    await this.createIfNotExists();
    const result = await this.storage.instances.query(toInstanceQuery(query), {
      ...page,
      fetchPayloads: query.fetchPayloads ?? true,
      fetchInput: query.fetchInput ?? true,
    });
    return { instances: result.rows.map(toInstanceRecord), continuationToken: result.continuationToken };
  }

  async purgeInstance(instanceId: string): Promise<PurgeResult> {
    validateInstanceId(instanceId);
    await this.createIfNotExists();
    this.cache.delete(instanceId);
    this.announcements.forget(instanceId);
    this.sessions.forget(instanceId);
    return this.storage.purgeInstance(instanceId);
  }

  async purgeInstances(query: OrchestrationQuery): Promise<PurgeResult> {
    await this.createIfNotExists();
    this.announcements.forgetAll(); // which instances go is known only to the query: waiters read again
    this.sessions.forgetAll();
    return this.storage.purgeInstances(query);
  }

  /** Rewinds a Failed instance in place, then wakes each failed leaf with a GenericEvent carrying the reason. */
  async rewindInstance(instanceId: string, reason?: string): Promise<void> {
    validateInstanceId(instanceId);
    await this.createIfNotExists();
    const leaves = await this.storage.rewindHistory(instanceId);
    for (const id of new Set([instanceId, ...leaves])) {
      this.cache.delete(id);
      this.announcements.forget(id); // its Failed news no longer holds
    }
    for (const id of leaves) {
      const event = { eventType: "GenericEvent" as const, eventId: -1, timestamp: new Date(), data: reason };
      await this.storage.router.fromClient({ event, orchestrationInstance: { instanceId: id } });
    }
  }

  /** Partitions with their lease owners, approximate queue depths and the workers seen, read now. */
  async describeHub(): Promise<HubDescription> {
    await this.createIfNotExists();
    return describeHub(this.storage, this.options.taskHubName, () => this.partitionOwners(), this.receiving ? this.options.workerId : undefined);
  }

  async listPoisonMessages(page: { pageSize: number; continuationToken?: string }) {
    await this.createIfNotExists();
    return this.storage.poison.list(page);
  }

  async requeuePoisonMessage(id: string): Promise<boolean> {
    await this.createIfNotExists();
    const requeued = await this.storage.poison.requeue(id);
    // The message may be for this process's own queues: look now rather than at the next poll.
    if (requeued) {
      this.partitions.wakeAll();
      this.workItemReceiver.wake();
    }
    return requeued;
  }

  async deletePoisonMessage(id: string): Promise<boolean> {
    await this.createIfNotExists();
    return this.storage.poison.delete(id);
  }

  async close(): Promise<void> {
    await this.stopReceiving();
    this.announcements.release(() => true);
    this.storage.router.cancelWakeups();
    this.cache.clear();
    this.stopObservingStorage();
  }
}
