// The orchestration side of the Azure Storage backend: hands out one instance at a time with its history
// (from the cache or the History table), and commits an episode in the crash-safe order of the original:
// send messages → append history (sentinel ETag) → merge the Instances row → delete the processed messages.
import type { OrchestrationRuntimeStatus } from "../../core/index.js";
import type {
  ActivityWorkItem,
  OrchestrationCommitReceipt,
  OrchestrationEpisodeCommit,
  OrchestrationWorkItem,
  OrchestrationWorkItemResult,
} from "../../backend/orchestration-service.js";
import type { TaskMessage } from "../../core/index.js";
import type { InstanceCache } from "./instance-cache.js";
import type { InstanceBatch, InstanceWorkQueue } from "./instance-work-queue.js";
import type { MessageRouter } from "../messaging/message-router.js";
import type { ReceivedMessage } from "../messaging/task-queue.js";
import type { Logger } from "../../logging/logger.js";
import { faultPoint } from "../fault-points.js";
import { HistoryConflictError } from "../tracking/history-table.js";
import type { HistoryTable } from "../tracking/history-table.js";
import type { InstancesTable } from "../tracking/instances-table.js";
import type { InstanceRow } from "../tracking/instance-entity-codec.js";

export interface HeldActivitySender {
  send(message: TaskMessage): Promise<ActivityWorkItem>;
  /** The commit failed: stop holding it (it comes back when its lock ends, like the commit's other messages). */
  forget(item: ActivityWorkItem): void;
}

export class PartitionLostError extends Error {
  override readonly name = "PartitionLostError";
}

interface LockedWorkItem {
  batch: InstanceBatch;
  etag?: string;
  rowCount: number;
  /** The history was assumed empty, not read (see lockNext). */
  assumedNew: boolean;
  /** The assumption proved wrong at commit: give the messages back at once for a run with the real history. */
  retryAtOnce?: boolean;
}

interface Announcement {
  status: OrchestrationRuntimeStatus;
  executionId?: string;
  /** The whole row, where this process wrote all of it (see finalRowOf). */
  row?: InstanceRow;
}

/** Final rows are remembered only while small: waiters for larger ones read them. */
const MAX_REMEMBERED_PAYLOAD_CHARS = 16 * 1024;

export class OrchestrationSessions {
  private readonly locked = new WeakMap<OrchestrationWorkItem, LockedWorkItem>();
  private readonly changeListeners = new Map<string, Set<(status?: OrchestrationRuntimeStatus) => void>>();
  /** The latest status announced per instance, the most recent 10,000 (insertion order is age). */
  private readonly announced = new Map<string, Announcement>();
  /** Instances whose history was assumed empty and was not: read it next time. */
  private readonly mustRead = new Set<string>();

  constructor(
    private readonly workQueue: InstanceWorkQueue,
    private readonly cache: InstanceCache,
    private readonly history: HistoryTable,
    private readonly instances: InstancesTable,
    private readonly router: MessageRouter,
    private readonly log: Logger,
    /** The fence: false once this worker may no longer own the instance's partition. */
    private readonly mayCommit: (instanceId: string) => boolean = () => true,
    /** Sends a handed-off call's work item invisible and holds it for this worker (see heldActivityMessages). */
    private readonly heldActivities?: HeldActivitySender,
  ) {}

  async lockNext(abortSignal: AbortSignal): Promise<OrchestrationWorkItem | undefined> {
    const batch = await this.workQueue.take(abortSignal);
    if (!batch) return undefined;
    try {
      let cached = this.cache.get(batch.instanceId);
      // A batch that opens with ExecutionStarted received for the first time is almost always a new instance:
      // skip the read and write the history as new. Were there one after all (an id used again), creating its
      // sentinel fails with 409 and nothing is written; the messages come back at once and the next run reads
      // the history. A start delivered again may have run before (its activities too): read first.
      const first = batch.messages[0];
      const assumedNew = !cached && !this.mustRead.has(batch.instanceId) && first?.dequeueCount === 1
        && first.data?.taskMessage.event.eventType === "ExecutionStarted";
      if (assumedNew) cached = { events: [], etag: undefined, rowCount: 0 };
      if (!cached) {
        const loaded = await this.history.load(batch.instanceId);
        this.mustRead.delete(batch.instanceId);
        cached = { events: loaded.events, etag: loaded.etag, rowCount: loaded.rowCount };
      }
      const workItem: OrchestrationWorkItem = {
        instanceId: batch.instanceId,
        history: cached.events,
        newMessages: batch.messages.map((m) => m.data!.taskMessage),
      };
      this.locked.set(workItem, { batch, etag: cached.etag, rowCount: cached.rowCount, assumedNew });
      return workItem;
    } catch (error) {
      await this.giveBack(batch.messages);
      this.workQueue.release(batch);
      throw error;
    }
  }

  async complete(workItem: OrchestrationWorkItem, result: OrchestrationWorkItemResult): Promise<OrchestrationCommitReceipt> {
    const lock = this.lockOf(workItem);
    let row: InstanceRow | undefined;
    let heldActivities: ActivityWorkItem[] | undefined;
    if (result.commit) ({ row, heldActivities } = await this.commit(workItem, lock, result.commit));
    else if (result.statusRepair) await this.instances.insertOrMerge(workItem.instanceId, result.statusRepair);
    faultPoint("episode.beforeInputsDeleted");
    const deferred = new Set(result.deferredMessages);
    const byMessage = new Map(lock.batch.messages.map((m) => [m.data!.taskMessage, m]));
    await Promise.all(
      [...byMessage].map(([taskMessage, received]) =>
        deferred.has(taskMessage) ? received.queue.abandon(received) : received.queue.delete(received),
      ),
    );
    this.unlock(workItem, lock);
    const announced = result.commit?.state ?? result.statusRepair;
    if (announced?.runtimeStatus) this.notifyChange(workItem.instanceId, announced.runtimeStatus, announced.executionId, row);
    return heldActivities ? { heldActivities } : {};
  }

  async abandon(workItem: OrchestrationWorkItem): Promise<void> {
    const lock = this.lockOf(workItem);
    this.cache.delete(workItem.instanceId);
    try {
      await this.giveBack(lock.batch.messages, lock.retryAtOnce ? 0 : undefined);
    } finally {
      this.unlock(workItem, lock);
    }
  }

  /** Resolves at the next commit for the instance in this process (or when aborted). */
  waitForChange(instanceId: string, abortSignal: AbortSignal): Promise<OrchestrationRuntimeStatus | undefined> {
    return new Promise((resolve) => {
      let listeners = this.changeListeners.get(instanceId);
      if (!listeners) this.changeListeners.set(instanceId, (listeners = new Set()));
      const done = (status?: OrchestrationRuntimeStatus) => {
        listeners.delete(done);
        if (listeners.size === 0) this.changeListeners.delete(instanceId);
        abortSignal.removeEventListener("abort", onAbort);
        resolve(status);
      };
      const onAbort = () => done();
      listeners.add(done);
      abortSignal.addEventListener("abort", onAbort, { once: true });
    });
  }

  lastAnnounced(instanceId: string): OrchestrationRuntimeStatus | undefined {
    return this.announced.get(instanceId)?.status;
  }

  /** The instance's row as this process last wrote it whole (a brand-new instance it finished), if it knows. */
  lastAnnouncedRow(instanceId: string): InstanceRow | undefined {
    return this.announced.get(instanceId)?.row;
  }

  /** The instance is gone (purged): nothing announced about it holds any more. */
  forget(instanceId: string): void {
    this.announced.delete(instanceId);
  }

  forgetAll(): void {
    this.announced.clear();
  }

  /**
   * A client of this process created the execution (its Pending row is written). A worker quick enough may have
   * run it before the client's write returned: its news is newer, so Pending must not replace it.
   */
  notifyCreated(instanceId: string, executionId: string): void {
    if (this.announced.get(instanceId)?.executionId === executionId) return;
    this.notifyChange(instanceId, "Pending", executionId);
  }

  notifyChange(instanceId: string, status: OrchestrationRuntimeStatus, executionId?: string, row?: InstanceRow): void {
    this.announced.delete(instanceId);
    this.announced.set(instanceId, { status, executionId, ...(row && { row }) });
    if (this.announced.size > 10_000) this.announced.delete(this.announced.keys().next().value!);
    for (const listener of [...(this.changeListeners.get(instanceId) ?? [])]) listener(status);
  }

  /**
   * Commits the episode; returns the instance's final row when this commit wrote all of it (see finalRowOf), and the
   * work items of the calls it holds for this worker.
   */
  private async commit(
    workItem: OrchestrationWorkItem,
    lock: LockedWorkItem,
    commit: OrchestrationEpisodeCommit,
  ): Promise<{ row?: InstanceRow; heldActivities?: ActivityWorkItem[] }> {
    const instanceId = workItem.instanceId;
    if (!this.mayCommit(instanceId)) {
      // Another worker may own the partition by now; the sentinel would refuse us anyway, but we do not even try.
      // The messages are not at fault: they go back at once for the partition's next owner.
      this.cache.delete(instanceId);
      lock.retryAtOnce = true;
      throw new PartitionLostError(`This worker no longer owns the partition of '${instanceId}'`);
    }
    const now = Date.now();
    const held = new Set(this.heldActivities ? commit.heldActivityMessages : []);
    const heldSends = [...held].map((m) => this.heldActivities!.send(m));
    try {
      return await this.commitInOrder(workItem, lock, commit, held, heldSends, now);
    } catch (error) {
      for (const sent of await Promise.allSettled(heldSends)) if (sent.status === "fulfilled") this.heldActivities!.forget(sent.value);
      throw error;
    }
  }

  private async commitInOrder(
    workItem: OrchestrationWorkItem,
    lock: LockedWorkItem,
    commit: OrchestrationEpisodeCommit,
    held: Set<TaskMessage>,
    heldSends: Promise<ActivityWorkItem>[],
    now: number,
  ): Promise<{ row?: InstanceRow; heldActivities?: ActivityWorkItem[] }> {
    const instanceId = workItem.instanceId;
    await Promise.all([
      ...heldSends,
      ...commit.activityMessages.filter((m) => !held.has(m)).map((m) => this.router.toActivity(m)),
      ...commit.timerMessages.map((m) => this.router.timer(m, now)),
      ...commit.orchestratorMessages.map((m) => this.router.toInstance(m)),
    ]);
    faultPoint("episode.afterMessagesSent");
    const startIndex = commit.isNewExecution ? 0 : workItem.history.length;
    let etag: string;
    try {
      ({ etag } = await this.history.append(instanceId, {
        executionId: commit.executionId,
        events: commit.newEvents,
        startIndex,
        etag: lock.etag,
        previousRowCount: commit.isNewExecution ? lock.rowCount : undefined,
      }));
    } catch (error) {
      this.cache.delete(instanceId);
      if (error instanceof HistoryConflictError && lock.assumedNew) {
        this.mustRead.add(instanceId);
        lock.retryAtOnce = true;
        this.log.info("HistoryFoundForStart", { instanceId });
        // Not a failure: the dispatcher gives the work item back and it runs again at once, reading the history.
        throw Object.assign(error, { retryImmediately: true });
      } else if (error instanceof HistoryConflictError) {
        this.log.info("HistoryConflict", { instanceId });
      }
      throw error;
    }
    faultPoint("episode.afterHistoryAppended");
    // The input is written with each new execution; later episodes leave it be (it may be a large blob).
    await this.instances.insertOrMerge(instanceId, commit.isNewExecution ? commit.state : { ...commit.state, input: undefined });
    faultPoint("episode.afterInstanceRowMerged");
    const events = commit.isNewExecution ? commit.newEvents : [...workItem.history, ...commit.newEvents];
    const rowCount = Math.max(startIndex + commit.newEvents.length, commit.isNewExecution ? 0 : lock.rowCount);
    const isFinished = ["Completed", "Failed", "Terminated"].includes(commit.state.runtimeStatus);
    if (isFinished) this.cache.delete(instanceId);
    else this.cache.set(instanceId, { events, etag, rowCount });
    const heldActivities = held.size > 0 ? await Promise.all(heldSends) : undefined;
    return { row: isFinished ? this.finalRowOf(workItem, commit) : undefined, heldActivities };
  }

  /**
   * An instance with no history before this episode has a row written only by its client's start and by this
   * commit, which sets every column the start did: so the row is what this commit wrote, and a waiter in this
   * process needs no read. Any earlier episode or execution may have left columns this commit does not set.
   */
  private finalRowOf(workItem: OrchestrationWorkItem, commit: OrchestrationEpisodeCommit): InstanceRow | undefined {
    if (workItem.history.length > 0 || !commit.isNewExecution) return undefined;
    const { input, output, customStatus } = commit.state;
    if ((input?.length ?? 0) + (output?.length ?? 0) + (customStatus?.length ?? 0) > MAX_REMEMBERED_PAYLOAD_CHARS) return undefined;
    return this.instances.rowAsWritten(workItem.instanceId, commit.state);
  }

  private lockOf(workItem: OrchestrationWorkItem): LockedWorkItem {
    const lock = this.locked.get(workItem);
    if (!lock) throw new Error(`The work item of ${workItem.instanceId} is not locked`);
    return lock;
  }

  private unlock(workItem: OrchestrationWorkItem, lock: LockedWorkItem): void {
    this.locked.delete(workItem);
    this.workQueue.release(lock.batch);
  }

  /** Makes the messages visible again: after the dequeue-count backoff, or after `delayInMs`. */
  private async giveBack(messages: ReceivedMessage[], delayInMs?: number): Promise<void> {
    const back = (m: ReceivedMessage) => (delayInMs === undefined ? m.queue.abandon(m) : m.queue.updateVisibility(m, delayInMs));
    await Promise.all(messages.map((m) => back(m).catch(() => undefined)));
  }
}
