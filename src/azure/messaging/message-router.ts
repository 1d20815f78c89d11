// Sends messages to the queue that serves their instance (control queue by partition, work-item queue for
// activities) and wakes this process's own receiver of that queue, so local work is not kept waiting on a poll.
import type { TaskMessage } from "../../core/index.js";
import type { ReceivedMessage, TaskQueue } from "./task-queue.js";
import { partitionOf } from "../partitioning/partition-hash.js";
import { TurnBatcher } from "./turn-batcher.js";

export interface LocalWakeups {
  controlQueue(partition: number): void;
  workItems(): void;
}

export class MessageRouter {
  wakeups: LocalWakeups = { controlQueue: () => undefined, workItems: () => undefined };
  private readonly batcher?: TurnBatcher;

  constructor(
    private readonly controlQueues: TaskQueue[],
    private readonly workItemQueue: TaskQueue,
    options: { batchClientMessages?: boolean } = {},
  ) {
    if (options.batchClientMessages ?? true) {
      this.batcher = new TurnBatcher(async (messages) => {
        const partition = this.partitionOf(messages[0]!.orchestrationInstance.instanceId);
        await this.controlQueues[partition]!.sendBatch(messages);
        this.wakeups.controlQueue(partition);
      });
    }
  }

  partitionOf(instanceId: string): number {
    return partitionOf(instanceId, this.controlQueues.length);
  }

  async toInstance(message: TaskMessage, options: { visibilityDelayInMs?: number } = {}): Promise<void> {
    const partition = this.partitionOf(message.orchestrationInstance.instanceId);
    await this.controlQueues[partition]!.send(message, options);
    if (!options.visibilityDelayInMs) this.wakeups.controlQueue(partition);
  }

  /**
   * A client's ExecutionStarted. One due at once may share a queue message with the other starts to its
   * partition (TurnBatcher): each runs as its own episode, and a start delivered again after it ran is dropped.
   */
  async start(message: TaskMessage, options: { visibilityDelayInMs?: number } = {}): Promise<void> {
    if (!this.batcher || options.visibilityDelayInMs) return this.toInstance(message, options);
    await this.batcher.send(`partition ${this.partitionOf(message.orchestrationInstance.instanceId)}`, message);
  }

  /**
   * A client's event, signal, terminate, suspend or resume. It may share a queue message only with others to
   * the same instance: they are processed in one episode and settled together, so none can be delivered again
   * after it was applied while another is not.
   */
  async fromClient(message: TaskMessage): Promise<void> {
    if (!this.batcher) return this.toInstance(message);
    await this.batcher.send(`instance ${message.orchestrationInstance.instanceId}`, message);
  }

  async toActivity(message: TaskMessage): Promise<void> {
    await this.workItemQueue.send(message);
    this.wakeups.workItems();
  }

  /** A work item this process already runs (handed off): invisible for `lockInMs`, settled by its sender. */
  async toActivityHeld(message: TaskMessage, lockInMs: number): Promise<ReceivedMessage> {
    const sent = await this.workItemQueue.send(message, { visibilityDelayInMs: lockInMs });
    return {
      messageId: sent.messageId,
      popReceipt: sent.popReceipt,
      dequeueCount: 0,
      insertedOn: new Date(),
      body: "",
      data: sent.data,
      queue: this.workItemQueue,
    };
  }

  /** A TimerFired message, invisible until its fireAt; this process's receiver is woken when it is due. */
  async timer(message: TaskMessage, now: number = Date.now()): Promise<void> {
    const fireAt = "fireAt" in message.event ? message.event.fireAt.getTime() : now;
    const delay = Math.max(0, fireAt - now);
    await this.toInstance(message, { visibilityDelayInMs: delay });
    if (delay > 0) this.wakeLater(this.partitionOf(message.orchestrationInstance.instanceId), delay);
  }

  /** Ends pending wake-ups (at close). */
  cancelWakeups(): void {
    for (const timer of this.pendingWakeups) clearTimeout(timer);
    this.pendingWakeups.clear();
  }

  private readonly pendingWakeups = new Set<NodeJS.Timeout>();

  private wakeLater(partition: number, delayInMs: number): void {
    // Queue visibility has whole-second resolution, rounded up: wake just after the message can be seen.
    const timer = setTimeout(() => {
      this.pendingWakeups.delete(timer);
      this.wakeups.controlQueue(partition);
    }, Math.ceil(delayInMs / 1000) * 1000 + 25);
    timer.unref();
    this.pendingWakeups.add(timer);
  }
}
