// The orchestration side of the Azure Storage backend: hands out one instance at a time with its history
// (from the cache or the History table), and commits an episode in the crash-safe order of the original:
// send messages → append history (sentinel ETag) → merge the Instances row → delete the processed messages.
import { isTerminalStatus } from "../../core/index.js";
import type {
  ActivityWorkItem,
  OrchestrationCompletion,
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
import { senderOf, type SenderOptions } from "./message-sender.js";
import { renewHeldCallsDuringCommit } from "./held-calls-during-commit.js";
import { checkpointColumns } from "../tracking/instance-checkpoint.js";
import { toInstanceRecord } from "../tracking/backend-shapes.js";
import type { InstanceAnnouncements } from "../../backend/instance-announcements.js";

/** A start that says it follows an earlier one: Generation above 0 (where the codec carries it). */
function startsAgain(start: object): boolean {
  const generation = (start as { generation?: unknown }).generation;
  return typeof generation === "number" && generation > 0;
}

export interface HeldActivitySender {
  send(message: TaskMessage, from?: SenderOptions): Promise<ActivityWorkItem>;
  /** The commit failed: stop holding it (it comes back when its lock ends, like the commit's other messages). */
  forget(item: ActivityWorkItem): void;
  /** Extends its lock by a whole lock duration, while the commit that holds it is still under way. */
  renew(item: ActivityWorkItem): Promise<void>;
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
}

/** A commit either wrote the episode (with the final row when it wrote all of it) or found the start not new. */
type CommitOutcome = { kind: "committed"; row?: InstanceRow; heldActivities?: ActivityWorkItem[] } | { kind: "startHadHistory" };

/** Final rows are remembered only while small: waiters for larger ones read them. */
const MAX_REMEMBERED_PAYLOAD_CHARS = 16 * 1024;

export class OrchestrationSessions {
  private readonly locked = new WeakMap<OrchestrationWorkItem, LockedWorkItem>();
  /**
   * Instances known to have a history (this process finished them, found one under an assumed-new start, or its
   * client started them again over a finished one), the most recent 10,000: a start for them reads the history
   * first, so re-creating a finished id runs the new execution's first episode (and its activities) once.
   */
  private readonly mustRead = new Set<string>();

  constructor(
    private readonly workQueue: InstanceWorkQueue,
    private readonly cache: InstanceCache,
    private readonly history: HistoryTable,
    private readonly instances: InstancesTable,
    private readonly router: MessageRouter,
    private readonly announcements: InstanceAnnouncements,
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
      const start = first?.data?.taskMessage.event;
      const assumedNew = !cached && !this.mustRead.has(batch.instanceId) && first?.dequeueCount === 1
        && start?.eventType === "ExecutionStarted" && !startsAgain(start);
      if (assumedNew) cached = { events: [], etag: undefined, rowCount: 0 };
      if (!cached) {
        const loaded = await this.history.load(batch.instanceId);
        cached = { events: loaded.events, etag: loaded.etag, rowCount: loaded.rowCount };
      }
      const workItem: OrchestrationWorkItem = {
        instanceId: batch.instanceId,
        history: cached.events,
        newMessages: batch.messages.map((m) => m.data!.taskMessage),
        previousEpisodeConfirmed: cached.confirmed === true,
      };
      this.locked.set(workItem, { batch, etag: cached.etag, rowCount: cached.rowCount, assumedNew });
      return workItem;
    } catch (error) {
      await this.giveBack(batch.messages, undefined);
      this.workQueue.release(batch);
      throw error;
    }
  }

  async complete(workItem: OrchestrationWorkItem, result: OrchestrationWorkItemResult): Promise<OrchestrationCompletion> {
    const lock = this.lockOf(workItem);
    const instanceId = workItem.instanceId;
    let heldActivities: ActivityWorkItem[] | undefined;
    if (result.commit) {
      const outcome = await this.commit(workItem, lock, result.commit);
      if (outcome.kind === "startHadHistory") {
        // Nothing was written: the messages come back at once and the next run reads the history.
        await this.release(workItem, lock, 0);
        return { kind: "retry", reason: "a start assumed new found a history" };
      }
      heldActivities = outcome.heldActivities;
      // Announced as soon as the row is written: a failure deleting the inputs below must not hide it.
      this.announce(instanceId, result.commit.state, outcome.row);
    } else if (result.statusRepair) {
      await this.instances.insertOrMerge(instanceId, result.statusRepair);
      this.announce(instanceId, result.statusRepair);
    }
    faultPoint("episode.beforeInputsDeleted");
    const deferred = new Set(result.deferredMessages);
    const byMessage = new Map(lock.batch.messages.map((m) => [m.data!.taskMessage, m]));
    await Promise.all(
      [...byMessage].map(([taskMessage, received]) =>
        deferred.has(taskMessage) ? received.queue.abandon(received) : received.queue.delete(received),
      ),
    );
    // The inputs are gone: the next episode from the cache knows none of them can come again.
    if (result.commit) this.cache.confirm(instanceId);
    this.unlock(workItem, lock);
    return { kind: "committed", ...(heldActivities && { heldActivities }) };
  }

  /** A partition lost mid-episode is not the messages' fault: they go back at once for its next owner. */
  async abandon(workItem: OrchestrationWorkItem, error?: unknown): Promise<void> {
    await this.release(workItem, this.lockOf(workItem), error instanceof PartitionLostError ? 0 : undefined);
  }

  /** Gives the messages back (after `delayInMs`, or the dequeue-count backoff) and forgets the cached history. */
  private async release(workItem: OrchestrationWorkItem, lock: LockedWorkItem, delayInMs?: number): Promise<void> {
    this.cache.delete(workItem.instanceId);
    try {
      await this.giveBack(lock.batch.messages, delayInMs);
    } finally {
      this.unlock(workItem, lock);
    }
  }

  /** The instance is gone (purged): its next start is a new instance again. */
  forget(instanceId: string): void {
    this.mustRead.delete(instanceId);
  }

  forgetAll(): void {
    this.mustRead.clear();
  }

  /** The instance has a history (e.g. a client of this process is starting it again): its next start reads it. */
  expectHistory(instanceId: string): void {
    this.mustRead.delete(instanceId);
    this.mustRead.add(instanceId);
    if (this.mustRead.size > 10_000) this.mustRead.delete(this.mustRead.values().next().value!);
  }

  /**
   * A client of this process created the execution (its Pending row is written). A worker quick enough may have
   * run it before the client's write returned: its news is newer, so Pending must not replace it.
   */
  notifyCreated(instanceId: string, executionId: string): void {
    this.announcements.created(instanceId, executionId);
  }

  private announce(instanceId: string, state: Partial<OrchestrationEpisodeCommit["state"]>, row?: InstanceRow): void {
    if (!state.runtimeStatus) return;
    this.announcements.changed(instanceId, { runtimeStatus: state.runtimeStatus, ...(row && { record: toInstanceRecord(row) }) }, state.executionId);
  }

  /**
   * Commits the episode; returns the instance's final row when this commit wrote all of it (see finalRowOf), and the
   * work items of the calls it holds for this worker.
   */
  private async commit(workItem: OrchestrationWorkItem, lock: LockedWorkItem, commit: OrchestrationEpisodeCommit): Promise<CommitOutcome> {
    const instanceId = workItem.instanceId;
    if (!this.mayCommit(instanceId)) {
      // Another worker may own the partition by now; the sentinel would refuse us anyway, but we do not even try.
      // The messages are not at fault: they go back at once for the partition's next owner.
      this.cache.delete(instanceId);
      throw new PartitionLostError(`This worker no longer owns the partition of '${instanceId}'`);
    }
    const now = Date.now();
    const from = senderOf(instanceId, commit, workItem.history);
    const held = new Set(this.heldActivities ? commit.heldActivityMessages : []);
    const heldSends = [...held].map((m) => this.heldActivities!.send(m, from));
    const keepHeld = renewHeldCallsDuringCommit(heldSends, (item) => this.heldActivities!.renew(item), (error, item) =>
      this.log.error("ActivityRenewFailed", error, { workItem: item.id }));
    try {
      return await this.commitInOrder(workItem, lock, commit, held, heldSends, now, from);
    } catch (error) {
      await keepHeld.stop();
      for (const sent of await Promise.allSettled(heldSends)) if (sent.status === "fulfilled") this.heldActivities!.forget(sent.value);
      throw error;
    } finally {
      await keepHeld.stop();
    }
  }

  private async commitInOrder(
    workItem: OrchestrationWorkItem,
    lock: LockedWorkItem,
    commit: OrchestrationEpisodeCommit,
    held: Set<TaskMessage>,
    heldSends: Promise<ActivityWorkItem>[],
    now: number,
    from: SenderOptions,
  ): Promise<CommitOutcome> {
    const instanceId = workItem.instanceId;
    await Promise.all([
      ...heldSends,
      ...commit.activityMessages.filter((m) => !held.has(m)).map((m) => this.router.toActivity(m, from)),
      ...commit.timerMessages.map((m) => this.router.timer(m, now, from)),
      ...commit.orchestratorMessages.map((m) => this.router.toInstance(m, from)),
    ]);
    faultPoint("episode.afterMessagesSent");
    const startIndex = commit.isNewExecution ? 0 : workItem.history.length;
    let etag: string;
    let blobUrls: Map<number, Map<string, string>>;
    try {
      ({ etag, blobUrls } = await this.history.append(instanceId, {
        executionId: commit.executionId,
        events: commit.newEvents,
        startIndex,
        etag: lock.etag,
        previousRowCount: commit.isNewExecution ? lock.rowCount : undefined,
      }));
    } catch (error) {
      this.cache.delete(instanceId);
      if (error instanceof HistoryConflictError && lock.assumedNew) {
        this.expectHistory(instanceId);
        this.log.info("HistoryFoundForStart", { instanceId });
        return { kind: "startHadHistory" };
      } else if (error instanceof HistoryConflictError) {
        this.log.info("HistoryConflict", { instanceId });
      }
      throw error;
    }
    faultPoint("episode.afterHistoryAppended");
    // The columns the original's checkpoint writes, derived from the appended events; spilled payloads point at
    // their History blobs.
    const checkpoint = checkpointColumns({
      executionId: commit.executionId, events: commit.newEvents, customStatus: commit.state.customStatus,
      now: commit.state.completedTime ?? new Date(now), historyBlobUrls: blobUrls,
    });
    await this.instances.mergeCheckpoint(instanceId, checkpoint);
    faultPoint("episode.afterInstanceRowMerged");
    const events = commit.isNewExecution ? commit.newEvents : [...workItem.history, ...commit.newEvents];
    const rowCount = Math.max(startIndex + commit.newEvents.length, commit.isNewExecution ? 0 : lock.rowCount);
    const isFinished = isTerminalStatus(commit.state.runtimeStatus);
    if (isFinished) {
      this.cache.delete(instanceId);
      this.expectHistory(instanceId);
    } else this.cache.set(instanceId, { events, etag, rowCount });
    const heldActivities = held.size > 0 ? await Promise.all(heldSends) : undefined;
    return { kind: "committed", row: isFinished ? this.finalRowOf(workItem, commit) : undefined, heldActivities };
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
    // The checkpoint writes a null custom status as "null", as the original (see instance-checkpoint.ts).
    return this.instances.rowAsWritten(workItem.instanceId, { ...commit.state, customStatus: commit.state.customStatus ?? null });
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
  private async giveBack(messages: ReceivedMessage[], delayInMs: number | undefined): Promise<void> {
    const back = (m: ReceivedMessage) => (delayInMs === undefined ? m.queue.abandon(m) : m.queue.updateVisibility(m, delayInMs));
    await Promise.all(messages.map((m) => back(m).catch(() => undefined)));
  }
}
