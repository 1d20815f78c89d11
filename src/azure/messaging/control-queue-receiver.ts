// Polls one control queue (one partition) and feeds its messages, grouped by instance, to the work queue.
// Idle polling backs off from 50 ms to maxPollingIntervalInMs; a message this process sends to the queue wakes it
// at once. Received messages are held (held-messages.ts): renewed while the partition is ours, released on stop.
import type { InstanceWorkQueue } from "../sessions/instance-work-queue.js";
import { HeldMessages } from "./held-messages.js";
import { MIN_POLL_DELAY_MS, nextPollDelayInMs, WakeableDelay } from "./polling.js";
import { splitBatch } from "./shared-message.js";
import type { ReceivedMessage, TaskQueue } from "./task-queue.js";
import type { Logger } from "../../logging/logger.js";

export interface ControlQueueReceiverOptions {
  batchSize: number;
  /** How long a receive or a renewal locks a message (about a partition lease). */
  visibilityTimeoutInMs: number;
  /** The longest wait between receives of an idle queue (the original's MaxQueuePollingInterval). */
  maxPollingIntervalInMs?: number;
  /** False once this worker may no longer serve the partition: its held messages are then no longer renewed. */
  mayRenew?: () => boolean;
  /** Stop receiving while this many messages of the partition are held unprocessed. */
  bufferThreshold: number;
  /** Dequeued more often than this, a message is set aside as poison. */
  maxDequeueCount: number;
  /** Called when a receive finds messages or local work wakes the receiver: the worker is busy (see idleAfterInMs). */
  onActivity?: () => void;
}

/** The longest wait between receives while a partition just started may still get its previous owner's messages. */
const TAKEOVER_POLL_INTERVAL_MS = 1_000;

export class ControlQueueReceiver {
  private readonly delay = new WakeableDelay();
  private readonly held: HeldMessages;
  private stopper?: AbortController;
  private loop?: Promise<void>;

  constructor(
    readonly partition: number,
    readonly queue: TaskQueue,
    private readonly workQueue: InstanceWorkQueue,
    private readonly options: ControlQueueReceiverOptions,
    private readonly quarantine: (message: ReceivedMessage, reason: string) => Promise<void>,
    private readonly log: Logger,
  ) {
    const mayRenew = options.mayRenew ?? (() => true);
    this.held = new HeldMessages({ visibilityTimeoutInMs: options.visibilityTimeoutInMs, mayRenew }, log);
  }

  /** Messages received and not yet settled (being processed or waiting). */
  get heldCount(): number {
    return this.held.size;
  }

  /** Starts polling; a start while a stop is under way polls again once that stop is done (a partition regained). */
  start(): void {
    if (this.stopper && !this.stopper.signal.aborted) return;
    const stopper = (this.stopper = new AbortController());
    const previous = this.loop ?? Promise.resolve();
    this.loop = previous.then(() => (stopper.signal.aborted ? undefined : this.run(stopper.signal)));
  }

  async stop(): Promise<void> {
    const stopper = this.stopper;
    stopper?.abort();
    await this.loop;
    if (this.stopper === stopper) this.loop = undefined;
  }

  /** Something was just sent to this queue, or buffer space freed up: poll now. */
  wake(): void {
    this.options.onActivity?.();
    this.delay.wake();
  }

  private async run(signal: AbortSignal): Promise<void> {
    let emptyReceives = 0;
    let failures = 0;
    // A partition just taken over may still have messages its previous owner held: they come back within one lock,
    // and no send of ours will announce them, so until then an empty queue is asked again at least every second.
    const watchUntil = Date.now() + this.options.visibilityTimeoutInMs + 2_000;
    while (!signal.aborted) {
      if (this.workQueue.bufferedCount(this.partition) >= this.options.bufferThreshold) {
        await this.delay.wait(100, signal);
        continue;
      }
      try {
        const messages = await this.queue.receive(this.options.batchSize, this.options.visibilityTimeoutInMs);
        failures = 0;
        for (const message of messages) this.held.hold(message, message.lockedAt ?? Date.now());
        if (signal.aborted) {
          // Stopped while this receive was under way: nobody here will process them, so others may at once.
          await this.held.releaseAll(messages);
          break;
        }
        emptyReceives = messages.length === 0 ? emptyReceives + 1 : 0;
        if (messages.length > 0) this.options.onActivity?.();
        for (const message of messages) await this.accept(message);
        // A receive that came back short has probably emptied the queue: asking again at once would mostly find
        // nothing. Wait the shortest poll delay instead; this process's own sends still wake us at once.
        if (messages.length < this.options.batchSize) {
          const maxInMs = Date.now() < watchUntil ? TAKEOVER_POLL_INTERVAL_MS : this.options.maxPollingIntervalInMs;
          const ms = messages.length === 0 ? nextPollDelayInMs(emptyReceives, Math.random(), maxInMs) : MIN_POLL_DELAY_MS;
          await this.delay.wait(ms, signal);
        }
      } catch (error) {
        failures++;
        if (failures === 1) this.log.error("ControlQueueReceiveFailed", error, { partition: this.partition });
        await this.delay.wait(Math.min(this.options.maxPollingIntervalInMs ?? 30_000, 500 * 2 ** Math.min(failures, 6)), signal);
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
