// The Azure Storage backend: the original's queues, tables and blobs, shared by workers and clients.
// A worker and a client in one process share one service, so work the client sends wakes the worker at once.
import type { HistoryEvent, OrchestrationRuntimeStatus, TaskMessage } from "../core/index.js";
import { InstanceExistsError } from "../core/index.js";
import type {
  ActivityWorkItem,
  CreateOrchestrationOptions,
  OrchestrationCommitReceipt,
  InstanceRecord,
  OrchestrationQuery,
  OrchestrationService,
  OrchestrationWorkItem,
  OrchestrationWorkItemResult,
  PurgeResult,
} from "../backend/orchestration-service.js";
import { ActivityWorkItems } from "./messaging/activity-work-items.js";
import { ControlQueueReceiver } from "./messaging/control-queue-receiver.js";
import { InstanceCache } from "./sessions/instance-cache.js";
import { InstanceWorkQueue } from "./sessions/instance-work-queue.js";
import { validateInstanceId } from "./key-sanitation.js";
import { OrchestrationSessions } from "./sessions/orchestration-sessions.js";
import { AllPartitions, LeasedPartitions, type PartitionOwnership } from "./partitioning/partition-ownership.js";
import { resolveServiceOptions, type AzureStorageOrchestrationServiceOptions, type ResolvedServiceOptions } from "./service-options.js";
import { createLogger, type Logger } from "../logging/logger.js";
import { openTaskHubStorage, type TaskHubStorage } from "./storage/task-hub-storage.js";
import { toInstanceQuery, toInstanceRecord } from "./tracking/backend-shapes.js";
import { WorkItemReceiver } from "./messaging/work-item-receiver.js";
import type { StorageMeterSnapshot } from "./storage/storage-meter.js";

const NON_TERMINAL: OrchestrationRuntimeStatus[] = ["Pending", "Running", "Suspended", "ContinuedAsNew"];

export class AzureStorageOrchestrationService implements OrchestrationService {
  readonly options: ResolvedServiceOptions;
  private readonly storage: TaskHubStorage;
  private readonly log: Logger;
  private readonly workQueue = new InstanceWorkQueue();
  private readonly cache: InstanceCache;
  private readonly sessions: OrchestrationSessions;
  private readonly receivers: ControlQueueReceiver[];
  private readonly activityItems: ActivityWorkItems;
  private readonly workItemReceiver: WorkItemReceiver;
  private readonly ownership: PartitionOwnership;
  /** Partitions being given up (receiver stopping, buffered messages released). */
  private readonly releasing = new Set<Promise<void>>();
  private created?: Promise<void>;
  private receiving = false;

  constructor(options: AzureStorageOrchestrationServiceOptions) {
    this.options = resolveServiceOptions(options);
    this.log = options.log ?? createLogger();
    // Validates the hub name and partition count before any request is made.
    this.storage = openTaskHubStorage(options, this.options, this.log);
    this.cache = new InstanceCache(this.options.instanceCacheSize);
    const { router, history, instances, controlQueues, workItemQueue, poison } = this.storage;
    const quarantine = poison.quarantine.bind(poison);
    const maxDequeueCount = this.options.maxDequeueCount;
    const mayCommit = (instanceId: string) => this.ownership.owns(router.partitionOf(instanceId));
    const onActivity = () => this.ownership.noteActivity();
    const heldActivities = {
      send: (message: TaskMessage) => this.activityItems.sendHeld(message),
      forget: (item: ActivityWorkItem) => this.activityItems.forget(item),
    };
    this.sessions = new OrchestrationSessions(this.workQueue, this.cache, history, instances, router, this.log, mayCommit, heldActivities);
    this.receivers = controlQueues.map(
      (queue, partition) =>
        new ControlQueueReceiver(partition, queue, this.workQueue, {
          batchSize: this.options.controlQueueBatchSize,
          visibilityTimeoutInMs: this.options.controlQueueVisibilityTimeoutInMs,
          bufferThreshold: this.options.controlQueueBufferThreshold,
          maxDequeueCount,
          maxPollingIntervalInMs: this.options.maxPollingIntervalInMs,
          mayRenew: () => this.ownership.owns(partition),
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
      controlQueue: (partition) => this.receivers[partition]?.wake(),
      workItems: () => this.workItemReceiver.wake(),
    };
    const events = { acquired: (p: number) => this.receivers[p]!.start(), lost: (p: number) => this.losePartition(p) };
    this.ownership = this.options.usePartitionLeases
      ? new LeasedPartitions(this.storage.leases, {
          workerId: this.options.workerId,
          intervalInMs: this.options.leaseIntervalInMs,
          leaseDurationInMs: this.options.leaseDurationInMs,
          idleLeaseDurationInMs: this.options.idleLeaseDurationInMs,
          idleAfterInMs: this.options.idleAfterInMs,
        }, events, this.log)
      : new AllPartitions(this.options.partitionCount, events);
  }

  /** Stops receiving from a partition and forgets its state; its unprocessed messages become visible at once. */
  private losePartition(partition: number): void {
    const done = (async () => {
      await this.receivers[partition]!.stop();
      const unprocessed = this.workQueue.dropPartition(partition);
      this.cache.deleteWhere((instanceId) => this.storage.router.partitionOf(instanceId) === partition);
      await Promise.all(unprocessed.map((m) => m.queue.updateVisibility(m, 0).catch(() => false)));
    })().finally(() => this.releasing.delete(done));
    this.releasing.add(done);
  }

  /** Storage requests made so far, by kind (every @azure client of this service is metered). */
  metrics(): { storageRequests: StorageMeterSnapshot } {
    return { storageRequests: this.storage.meter.snapshot() };
  }

  createIfNotExists(): Promise<void> {
    this.created ??= this.storage.ensureCreated().catch((error) => {
      this.created = undefined;
      throw error;
    });
    return this.created;
  }

  async startReceiving(): Promise<void> {
    await this.createIfNotExists();
    if (this.receiving) return;
    this.receiving = true;
    await this.ownership.start();
  }

  /** Stops polling; messages received but not yet processed become visible again at once for other workers. */
  async stopReceiving(): Promise<void> {
    if (!this.receiving) return;
    this.receiving = false;
    await this.ownership.stop();
    await Promise.all([...this.releasing]);
  }

  lockNextOrchestrationWorkItem(abortSignal: AbortSignal): Promise<OrchestrationWorkItem | undefined> {
    return this.sessions.lockNext(abortSignal);
  }

  completeOrchestrationWorkItem(workItem: OrchestrationWorkItem, result: OrchestrationWorkItemResult): Promise<OrchestrationCommitReceipt> {
    return this.sessions.complete(workItem, result);
  }

  abandonOrchestrationWorkItem(workItem: OrchestrationWorkItem): Promise<void> {
    return this.sessions.abandon(workItem);
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
    const instanceId = start.orchestrationInstance.instanceId;
    validateInstanceId(instanceId);
    if (start.event.eventType !== "ExecutionStarted") throw new TypeError("An orchestration starts with ExecutionStarted");
    await this.createIfNotExists();
    // A fresh id needs no dedupe read: no row can exist but the one a fast worker writes after our message,
    // and the insert below then yields to it, as it does after a read that found nothing.
    const existing = options.instanceIdIsNew ? undefined : await this.storage.instances.getForUpdate(instanceId);
    const dedupe = options.dedupeStatuses ?? NON_TERMINAL;
    if (existing && dedupe.includes(existing.row.runtimeStatus)) {
      throw new InstanceExistsError(`An instance with id '${instanceId}' already exists (${existing.row.runtimeStatus})`);
    }
    const startEvent = start.event;
    const delay = startEvent.scheduledStartTime ? startEvent.scheduledStartTime.getTime() - Date.now() : 0;
    // The message first, then the row: a crash in between leaves a message the worker completes, never a
    // Pending row that nothing will run.
    await this.storage.router.start(start, { visibilityDelayInMs: Math.max(0, delay) });
    await this.storage.instances.writePending(instanceId, {
      name: startEvent.name,
      version: startEvent.version,
      executionId: start.orchestrationInstance.executionId ?? "",
      input: startEvent.input,
      runtimeStatus: "Pending",
      createdTime: startEvent.timestamp,
      lastUpdatedTime: startEvent.timestamp,
      scheduledStartTime: startEvent.scheduledStartTime,
      tags: startEvent.tags,
    }, existing?.etag);
    this.sessions.notifyCreated(instanceId, start.orchestrationInstance.executionId ?? "");
  }

  async sendTaskMessage(message: TaskMessage): Promise<void> {
    validateInstanceId(message.orchestrationInstance.instanceId);
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
    const result = await this.storage.instances.query(toInstanceQuery(query), { ...page, fetchPayloads: query.fetchPayloads ?? true });
    return { instances: result.rows.map(toInstanceRecord), continuationToken: result.continuationToken };
  }

  async purgeInstance(instanceId: string): Promise<PurgeResult> {
    validateInstanceId(instanceId);
    await this.createIfNotExists();
    this.cache.delete(instanceId);
    this.sessions.forget(instanceId);
    return this.storage.purgeInstance(instanceId);
  }

  async purgeInstances(query: OrchestrationQuery): Promise<PurgeResult> {
    await this.createIfNotExists();
    this.sessions.forgetAll(); // which instances go is known only to the query: waiters read again
    return this.storage.purgeInstances(query);
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
      this.receivers.forEach((r) => r.wake());
      this.workItemReceiver.wake();
    }
    return requeued;
  }

  async deletePoisonMessage(id: string): Promise<boolean> {
    await this.createIfNotExists();
    return this.storage.poison.delete(id);
  }

  waitForInstanceChange(instanceId: string, abortSignal: AbortSignal): Promise<OrchestrationRuntimeStatus | undefined> {
    return this.sessions.waitForChange(instanceId, abortSignal);
  }

  /** A process that owns the instance's partition commits every change of it. */
  lastAnnouncedStatus(instanceId: string): OrchestrationRuntimeStatus | undefined {
    return this.sessions.lastAnnounced(instanceId);
  }

  lastAnnouncedRecord(instanceId: string): InstanceRecord | undefined {
    const row = this.sessions.lastAnnouncedRow(instanceId);
    return row && toInstanceRecord(row);
  }

  observesInstance(instanceId: string): boolean {
    return this.receiving && this.ownership.owns(this.storage.router.partitionOf(instanceId));
  }

  async close(): Promise<void> {
    await this.stopReceiving();
    this.storage.router.cancelWakeups();
    this.cache.clear();
  }
}
