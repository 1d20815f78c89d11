// The backend contract held in memory: no storage, no emulator, for users' unit tests and for measuring the
// engine alone. One process owns everything, so every change is announced (waiters never poll) and a commit is
// atomic. With `clock: "virtual"` durable time stands still until `advanceTime` moves it (see VirtualClock).
import {
  assertReadableInstanceId,
  assertStorableInstanceId,
  InstanceExistsError,
  NON_TERMINAL_STATUSES,
  type HistoryEvent,
  type TaskMessage,
} from "../core/index.js";
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
  PoisonMessage,
  PurgeResult,
} from "../backend/orchestration-service.js";
import { InstanceAnnouncements } from "../backend/instance-announcements.js";
import { RealClock, VirtualClock, type Clock } from "./clock.js";
import { MemoryInstanceStore } from "./memory-instance-store.js";
import { ActivityMessageQueue, InstanceMessageQueue, type QueuedMessage } from "./memory-queues.js";
import { MemoryPoisonStore } from "./memory-poison-store.js";
import { Redelivery } from "./redelivery.js";

export interface InMemoryOrchestrationServiceOptions {
  /**
   * "real" (default): durable timers fire on the wall clock. "virtual": time stands still until `advanceTime`,
   * so a three-day timer or a retry backoff fires as soon as a test moves the clock past it.
   */
  clock?: "real" | "virtual";
  /** A message that fails this many times goes to the poison list (default 10, as the Azure backend). */
  maxDequeueCount?: number;
}

interface LockedOrchestration {
  messages: QueuedMessage[];
}

export class InMemoryOrchestrationService implements OrchestrationService {
  private readonly clock: Clock;
  private readonly store = new MemoryInstanceStore();
  private readonly orchestrationQueue = new InstanceMessageQueue();
  private readonly activityQueue = new ActivityMessageQueue();
  private readonly poison = new MemoryPoisonStore();
  private readonly announcements = new InstanceAnnouncements();
  private readonly lockedOrchestrations = new WeakMap<OrchestrationWorkItem, LockedOrchestration>();
  private readonly lockedActivities = new Map<string, QueuedMessage>();
  /** Instances whose last episode committed and consumed its messages (see previousEpisodeConfirmed). */
  private readonly confirmed = new Set<string>();
  private readonly redelivery: Redelivery;
  private nextMessageId = 0;
  private receiving = false;
  private closed = false;

  /** Every change is made here, so every change is announced. */
  readonly instanceChanges: InstanceChangeFeed = {
    observes: () => true,
    nextChange: (instanceId, abortSignal) => this.announcements.nextChange(instanceId, abortSignal),
    lastChange: (instanceId) => this.announcements.lastChange(instanceId),
  };

  constructor(options: InMemoryOrchestrationServiceOptions = {}) {
    const clock = options.clock ?? "real";
    if (clock !== "real" && clock !== "virtual") throw new TypeError(`clock must be "real" or "virtual", not ${JSON.stringify(clock)}`);
    this.clock = clock === "virtual" ? new VirtualClock() : new RealClock();
    const maxDequeueCount = options.maxDequeueCount ?? 10;
    if (!Number.isInteger(maxDequeueCount) || maxDequeueCount < 1) throw new RangeError("maxDequeueCount must be a positive integer");
    const requeue = (queued: QueuedMessage, source: string) => (source === "activities" ? this.activityQueue : this.orchestrationQueue).add(queued);
    this.redelivery = new Redelivery(this.poison, maxDequeueCount, requeue, () => this.clock.now());
  }

  /** The backend's current time (the virtual clock's, where it has one). */
  get currentTime(): Date {
    return new Date(this.clock.now());
  }

  /**
   * Moves the virtual clock `ms` forward, firing the timers and delayed starts due on the way in order. After
   * each, and at the end, it waits until the work they caused has settled (nothing queued, nothing running), so
   * a timer that work creates fires too when it falls within the span. Needs `clock: "virtual"`.
   */
  async advanceTime(ms: number): Promise<void> {
    if (!(this.clock instanceof VirtualClock)) throw new TypeError('advanceTime needs new InMemoryOrchestrationService({ clock: "virtual" })');
    await this.clock.advance(ms, () => this.settled());
  }

  /** Resolves once nothing is queued, locked or waiting for a retry (at once when no worker is receiving). */
  async settled(): Promise<void> {
    for (;;) {
      // A few turns of the event loop: work in flight hands its next message on within them.
      for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
      const busy = this.orchestrationQueue.size + this.orchestrationQueue.lockedCount + this.activityQueue.size
        + this.lockedActivities.size + this.redelivery.pendingCount;
      if (busy === 0 || !this.receiving || this.closed) return;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  async createIfNotExists(): Promise<void> {
    this.assertOpen();
  }

  async startReceiving(): Promise<void> {
    this.assertOpen();
    this.receiving = true;
  }

  async stopReceiving(): Promise<void> {
    this.receiving = false;
  }

  async lockNextOrchestrationWorkItem(abortSignal: AbortSignal): Promise<OrchestrationWorkItem | undefined> {
    if (this.closed) return undefined;
    const taken = await this.orchestrationQueue.take(abortSignal);
    if (!taken) return undefined;
    const workItem: OrchestrationWorkItem = {
      instanceId: taken.instanceId,
      history: this.store.getHistory(taken.instanceId),
      newMessages: taken.messages.map((m) => m.message),
      previousEpisodeConfirmed: this.confirmed.has(taken.instanceId),
      now: new Date(this.clock.now()),
    };
    this.lockedOrchestrations.set(workItem, { messages: taken.messages });
    return workItem;
  }

  async completeOrchestrationWorkItem(workItem: OrchestrationWorkItem, result: OrchestrationWorkItemResult): Promise<OrchestrationCompletion> {
    const lock = this.lockOf(workItem);
    const instanceId = workItem.instanceId;
    const commit = result.commit;
    if (commit) {
      for (const message of commit.activityMessages) this.activityQueue.add(this.queued(message));
      for (const message of commit.orchestratorMessages) this.orchestrationQueue.add(this.queued(message));
      for (const message of commit.timerMessages) this.deliverAt(message, "fireAt" in message.event ? message.event.fireAt.getTime() : 0);
      this.store.writeHistory(instanceId, commit.newEvents, commit.isNewExecution);
      // The input is written with each new execution; later episodes leave it be, as the Azure backend does.
      const record = this.store.merge(instanceId, commit.isNewExecution ? commit.state : { ...commit.state, input: undefined });
      this.announcements.changed(instanceId, { runtimeStatus: record.runtimeStatus, record }, record.executionId);
      this.confirmed.add(instanceId);
    } else if (result.statusRepair) {
      const record = this.store.merge(instanceId, result.statusRepair);
      this.announcements.changed(instanceId, { runtimeStatus: record.runtimeStatus, record }, record.executionId);
    }
    const deferred = new Set(result.deferredMessages);
    for (const queued of lock.messages) if (deferred.has(queued.message)) this.redelivery.deferred(queued);
    this.unlock(workItem);
    return { kind: "committed" };
  }

  async abandonOrchestrationWorkItem(workItem: OrchestrationWorkItem, error?: unknown): Promise<void> {
    const lock = this.lockOf(workItem);
    this.confirmed.delete(workItem.instanceId);
    for (const queued of lock.messages) this.redelivery.failed(queued, "orchestrations", error);
    this.unlock(workItem);
  }

  async lockNextActivityWorkItem(abortSignal: AbortSignal): Promise<ActivityWorkItem | undefined> {
    if (this.closed) return undefined;
    const queued = await this.activityQueue.take(abortSignal);
    if (!queued) return undefined;
    this.lockedActivities.set(queued.id, queued);
    return { id: queued.id, message: queued.message, dequeueCount: queued.dequeueCount };
  }

  async completeActivityWorkItem(workItem: ActivityWorkItem, response: TaskMessage): Promise<void> {
    if (!this.lockedActivities.delete(workItem.id)) throw new Error(`The activity work item ${workItem.id} is not locked`);
    this.orchestrationQueue.add(this.queued(response));
  }

  async abandonActivityWorkItem(workItem: ActivityWorkItem, options: { immediately?: boolean } = {}): Promise<void> {
    const queued = this.lockedActivities.get(workItem.id);
    if (!queued) return;
    this.lockedActivities.delete(workItem.id);
    if (options.immediately) {
      queued.dequeueCount--;
      this.activityQueue.add(queued);
    } else {
      this.redelivery.failed(queued, "activities", undefined);
    }
  }

  async renewActivityWorkItem(workItem: ActivityWorkItem): Promise<void> {
    // Locks held in memory never expire: the process holding one is the process holding the memory.
    if (!this.lockedActivities.has(workItem.id)) throw new Error(`The activity work item ${workItem.id} is not locked`);
  }

  async createOrchestration(start: TaskMessage, options: CreateOrchestrationOptions = {}): Promise<void> {
    this.assertOpen();
    const instanceId = start.orchestrationInstance.instanceId;
    assertStorableInstanceId(instanceId);
    if (start.event.eventType !== "ExecutionStarted") throw new TypeError("An orchestration starts with ExecutionStarted");
    const existing = this.store.getRecord(instanceId, false);
    if (existing && (options.dedupeStatuses ?? NON_TERMINAL_STATUSES).includes(existing.runtimeStatus)) {
      throw new InstanceExistsError(`An instance with id '${instanceId}' already exists (${existing.runtimeStatus})`);
    }
    // On a virtual clock the start happens at the clock's time, so timers measured from it fire when due.
    const event = this.clock instanceof VirtualClock ? { ...start.event, timestamp: new Date(this.clock.now()) } : start.event;
    const executionId = start.orchestrationInstance.executionId ?? "";
    this.store.writePending(instanceId, {
      name: event.name,
      version: event.version,
      executionId,
      input: event.input,
      createdTime: event.timestamp,
      scheduledStartTime: event.scheduledStartTime,
      tags: event.tags,
    });
    this.confirmed.delete(instanceId);
    this.announcements.created(instanceId, executionId);
    this.deliverAt({ ...start, event }, event.scheduledStartTime?.getTime() ?? 0);
  }

  async sendTaskMessage(message: TaskMessage): Promise<void> {
    this.assertOpen();
    assertStorableInstanceId(message.orchestrationInstance.instanceId);
    this.orchestrationQueue.add(this.queued(message));
  }

  async getInstance(instanceId: string, options: { fetchPayloads?: boolean } = {}): Promise<InstanceRecord | undefined> {
    assertReadableInstanceId(instanceId);
    return this.store.getRecord(instanceId, options.fetchPayloads ?? true);
  }

  async getHistory(instanceId: string): Promise<HistoryEvent[]> {
    assertReadableInstanceId(instanceId);
    return this.store.getHistory(instanceId);
  }

  async queryInstances(query: OrchestrationQuery, page: { pageSize: number; continuationToken?: string }) {
    return this.store.query(query, page);
  }

  async purgeInstance(instanceId: string): Promise<PurgeResult> {
    assertReadableInstanceId(instanceId);
    return { deletedInstanceCount: this.purge(instanceId) ? 1 : 0 };
  }

  async purgeInstances(query: OrchestrationQuery): Promise<PurgeResult> {
    const ids = this.store.purgeable(query);
    for (const id of ids) this.purge(id);
    return { deletedInstanceCount: ids.length };
  }

  async listPoisonMessages(page: { pageSize: number; continuationToken?: string }): Promise<{ messages: PoisonMessage[]; continuationToken?: string }> {
    return this.poison.list(page);
  }

  async requeuePoisonMessage(id: string): Promise<boolean> {
    const entry = this.poison.take(id);
    if (!entry) return false;
    entry.queued.dequeueCount = 0;
    if (entry.sourceQueue === "activities") this.activityQueue.add(entry.queued);
    else this.orchestrationQueue.add(entry.queued);
    return true;
  }

  async deletePoisonMessage(id: string): Promise<boolean> {
    return this.poison.take(id) !== undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.receiving = false;
    this.clock.dispose();
    this.redelivery.dispose();
    this.orchestrationQueue.close();
    this.activityQueue.close();
    this.announcements.release(() => true);
  }

  private purge(instanceId: string): boolean {
    this.announcements.forget(instanceId);
    this.confirmed.delete(instanceId);
    this.orchestrationQueue.drop(instanceId);
    return this.store.delete(instanceId);
  }

  private queued(message: TaskMessage): QueuedMessage {
    return { id: `m${++this.nextMessageId}`, message, dequeueCount: 0 };
  }

  /** A message due at `atMs` by the backend's clock (a timer, a scheduled start). */
  private deliverAt(message: TaskMessage, atMs: number): void {
    const queued = this.queued(message);
    if (atMs <= this.clock.now()) this.orchestrationQueue.add(queued);
    else this.clock.at(atMs, () => this.orchestrationQueue.add(queued));
  }

  private lockOf(workItem: OrchestrationWorkItem): LockedOrchestration {
    const lock = this.lockedOrchestrations.get(workItem);
    if (!lock) throw new Error(`The work item of ${workItem.instanceId} is not locked`);
    return lock;
  }

  private unlock(workItem: OrchestrationWorkItem): void {
    this.lockedOrchestrations.delete(workItem);
    this.orchestrationQueue.unlock(workItem.instanceId);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error("The InMemoryOrchestrationService is closed");
  }
}
