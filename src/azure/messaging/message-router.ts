// Sends messages to the queue that serves their instance (control queue by partition, work-item queue for
// activities) and wakes this process's own receiver of that queue, so local work is not kept waiting on a poll.
import { TurnBatcher, type TaskMessage } from "../../core/index.js";
import type { ReceivedMessage, SendOptions, SentMessage, TaskQueue } from "./task-queue.js";
import { partitionOf } from "../partitioning/partition-hash.js";

export interface LocalWakeups {
  controlQueue(partition: number): void;
  workItems(): void;
}

export class MessageRouter {
  wakeups: LocalWakeups = { controlQueue: () => undefined, workItems: () => undefined };
  private readonly batcher?: TurnBatcher<TaskMessage>;

  constructor(
    private readonly controlQueues: TaskQueue[],
    private readonly workItemQueue: TaskQueue,
    options: { batchClientMessages?: boolean } = {},
  ) {
    if (options.batchClientMessages ?? false) {
      // Messages a process sends in one turn share queue messages: each costs a send, a share of a receive and a
      // delete, and Azurite's queues slow down with every message they hold. Only messages under one key go
      // together (see start and fromClient).
      this.batcher = new TurnBatcher<TaskMessage>({
        schedule: (flush) => setImmediate(flush),
        send: async (_key, messages) => {
          const partition = this.partitionOf(messages[0]!.orchestrationInstance.instanceId);
          await this.controlQueues[partition]!.sendBatch(messages);
          this.wakeups.controlQueue(partition);
        },
      });
    }
  }

  partitionOf(instanceId: string): number {
    return partitionOf(instanceId, this.controlQueues.length);
  }

  async toInstance(message: TaskMessage, options: SendOptions = {}): Promise<SentMessage> {
    const partition = this.partitionOf(message.orchestrationInstance.instanceId);
    const sent = await this.controlQueues[partition]!.send(message, options);
    if (!options.visibilityDelayInMs) this.wakeups.controlQueue(partition);
    return sent;
  }

  /**
   * A client's ExecutionStarted. One due at once may share a queue message with the other starts to its
   * partition (TurnBatcher): each runs as its own episode, and a start delivered again after it ran is dropped.
   */
  async start(message: TaskMessage, options: { visibilityDelayInMs?: number } = {}): Promise<SentMessage | undefined> {
    if (!this.batcher || options.visibilityDelayInMs) return this.toInstance(message, options);
    await this.batcher.add(`partition ${this.partitionOf(message.orchestrationInstance.instanceId)}`, message);
    return undefined;
  }

  /**
   * A client's event, signal, terminate, suspend or resume. It may share a queue message only with others to
   * the same instance: they are processed in one episode and settled together, so none can be delivered again
   * after it was applied while another is not.
   */
  async fromClient(message: TaskMessage): Promise<void> {
    if (!this.batcher) return void (await this.toInstance(message));
    await this.batcher.add(`instance ${message.orchestrationInstance.instanceId}`, message);
  }

  async toActivity(message: TaskMessage, options: Pick<SendOptions, "sender" | "episode"> = {}): Promise<void> {
    await this.workItemQueue.send(message, options);
    this.wakeups.workItems();
  }

  /** A work item this process already runs (handed off): invisible for `lockInMs`, settled by its sender. */
  async toActivityHeld(message: TaskMessage, lockInMs: number, from: Pick<SendOptions, "sender" | "episode"> = {}): Promise<ReceivedMessage> {
    const sent = await this.workItemQueue.send(message, { ...from, visibilityDelayInMs: lockInMs });
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

  /**
   * A TimerFired message, invisible until its fireAt. Queue visibility counts whole seconds (rounded up, so never
   * early): a timer due within EXACT_TIMER_HORIZON_MS is also revealed by this process at its exact time, and its
   * receiver woken, so a 500 ms retry delay fires after about 500 ms, not 1 s. The rounded visibility stays the
   * fallback should this process stop or lose the partition first.
   */
  async timer(message: TaskMessage, now: number = Date.now(), options: Pick<SendOptions, "sender" | "episode"> = {}): Promise<void> {
    const fireAt = "fireAt" in message.event ? message.event.fireAt.getTime() : now;
    const delay = Math.max(0, fireAt - now);
    const partition = this.partitionOf(message.orchestrationInstance.instanceId);
    const queue = this.controlQueues[partition]!;
    const sent = await queue.send(message, { ...options, visibilityDelayInMs: delay });
    const rounded = Math.ceil(delay / 1000) * 1000;
    if (delay === 0) this.wakeups.controlQueue(partition);
    else if (delay < rounded && delay <= EXACT_TIMER_HORIZON_MS) {
      this.wakeLater(partition, Math.max(0, fireAt - Date.now()), () => queue.revealNow(sent));
    } else this.wakeLater(partition, rounded + 25);
  }

  /** Ends pending wake-ups (at close). */
  cancelWakeups(): void {
    for (const timer of this.pendingWakeups) clearTimeout(timer);
    this.pendingWakeups.clear();
  }

  private readonly pendingWakeups = new Set<NodeJS.Timeout>();

  private wakeLater(partition: number, delayInMs: number, reveal?: () => Promise<unknown>): void {
    const timer = setTimeout(async () => {
      this.pendingWakeups.delete(timer);
      // Best effort: a reveal that fails leaves the message to its own visibility.
      await reveal?.().catch(() => undefined);
      this.wakeups.controlQueue(partition);
    }, delayInMs);
    timer.unref();
    this.pendingWakeups.add(timer);
  }
}

/** Timers due within this time are revealed at their exact time by the process that scheduled them. */
export const EXACT_TIMER_HORIZON_MS = 60_000;
