// Polls one control queue (one partition) and feeds its messages, grouped by instance, to the work queue.
// Idle polling backs off from 50 ms to 30 s; a message this process sends to the queue wakes it at once.
import type { InstanceWorkQueue } from "../sessions/instance-work-queue.js";
import { MIN_POLL_DELAY_MS, nextPollDelayInMs, WakeableDelay } from "./polling.js";
import { splitBatch } from "./shared-message.js";
import type { ReceivedMessage, TaskQueue } from "./task-queue.js";
import type { Logger } from "../../logging/logger.js";

export interface ControlQueueReceiverOptions {
  batchSize: number;
  visibilityTimeoutInMs: number;
  /** Stop receiving while this many messages of the partition are held unprocessed. */
  bufferThreshold: number;
  /** Dequeued more often than this, a message is set aside as poison. */
  maxDequeueCount: number;
  /** Called when a receive finds messages or local work wakes the receiver: the worker is busy (see idleAfterInMs). */
  onActivity?: () => void;
}

export class ControlQueueReceiver {
  private readonly delay = new WakeableDelay();
  private stopper?: AbortController;
  private loop?: Promise<void>;

  constructor(
    readonly partition: number,
    readonly queue: TaskQueue,
    private readonly workQueue: InstanceWorkQueue,
    private readonly options: ControlQueueReceiverOptions,
    private readonly quarantine: (message: ReceivedMessage, reason: string) => Promise<void>,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.loop) return;
    this.stopper = new AbortController();
    this.loop = this.run(this.stopper.signal);
  }

  async stop(): Promise<void> {
    this.stopper?.abort();
    await this.loop;
    this.loop = undefined;
  }

  /** Something was just sent to this queue, or buffer space freed up: poll now. */
  wake(): void {
    this.options.onActivity?.();
    this.delay.wake();
  }

  private async run(signal: AbortSignal): Promise<void> {
    let emptyReceives = 0;
    let failures = 0;
    while (!signal.aborted) {
      if (this.workQueue.bufferedCount(this.partition) >= this.options.bufferThreshold) {
        await this.delay.wait(100, signal);
        continue;
      }
      try {
        const messages = await this.queue.receive(this.options.batchSize, this.options.visibilityTimeoutInMs);
        failures = 0;
        if (signal.aborted) break; // they come back once their visibility lapses
        emptyReceives = messages.length === 0 ? emptyReceives + 1 : 0;
        if (messages.length > 0) this.options.onActivity?.();
        for (const message of messages) await this.accept(message);
        // A receive that came back short has probably emptied the queue: asking again at once would mostly find
        // nothing. Wait the shortest poll delay instead; this process's own sends still wake us at once.
        if (messages.length < this.options.batchSize) {
          const ms = messages.length === 0 ? nextPollDelayInMs(emptyReceives, Math.random()) : MIN_POLL_DELAY_MS;
          await this.delay.wait(ms, signal);
        }
      } catch (error) {
        failures++;
        if (failures === 1) this.log.error("ControlQueueReceiveFailed", error, { partition: this.partition });
        await this.delay.wait(Math.min(30_000, 500 * 2 ** Math.min(failures, 6)), signal);
      }
    }
  }

  private async accept(message: ReceivedMessage): Promise<void> {
    const poison = poisonReason(message, this.options.maxDequeueCount);
    if (poison) {
      await this.quarantine(message, poison);
      return;
    }
    for (const one of splitBatch(message)) {
      this.workQueue.add(one.data!.taskMessage.orchestrationInstance.instanceId, this.partition, one);
    }
  }
}

/** Why a received message must be set aside, or undefined when it can be processed. */
export function poisonReason(message: ReceivedMessage, maxDequeueCount: number): string | undefined {
  if (!message.data && !message.batch) return message.decodeError?.message ?? "the message could not be decoded";
  if (message.dequeueCount > maxDequeueCount) {
    return `dequeued ${message.dequeueCount} times without being processed (maxDequeueCount ${maxDequeueCount})`;
  }
  return undefined;
}
