// Receives activity calls from the shared work-item queue for however many callers wait (at most 32 per
// request), so a worker with free activity slots fills them in one round trip. A caller may leave while a receive
// is under way (a local activity took its slot): the message it would have had is kept, still locked, for the
// next caller for a moment. Given back at once instead, it was received again and again, each time counting
// towards maxDequeueCount, until it was set aside as poison though it never failed (seen in chaos runs).
import { nextPollDelayInMs, WakeableDelay } from "./polling.js";
import type { ReceivedMessage, TaskQueue } from "./task-queue.js";
import type { Logger } from "../../logging/logger.js";
import { poisonReason } from "./control-queue-receiver.js";

interface Taker {
  resolve(message: ReceivedMessage | undefined): void;
  signal: AbortSignal;
}

/** How long a message nobody waits for any more is kept for the next caller, at most. */
const SPARE_HOLD_MS = 1_000;

export class WorkItemReceiver {
  private readonly delay = new WakeableDelay();
  private readonly takers: Taker[] = [];
  /** Received for callers that left meanwhile, each with the timer that gives it back. */
  private readonly spares: { message: ReceivedMessage; giveBack: NodeJS.Timeout }[] = [];
  private polling = false;

  constructor(
    readonly queue: TaskQueue,
    private readonly options: {
      visibilityTimeoutInMs: number;
      maxDequeueCount: number;
      /** The longest wait between receives of an idle queue (the original's MaxQueuePollingInterval). */
      maxPollingIntervalInMs?: number;
      /** Called when a receive finds messages or local work wakes the receiver: the worker is busy (see idleAfterInMs). */
      onActivity?: () => void;
    },
    private readonly quarantine: (message: ReceivedMessage, reason: string) => Promise<void>,
    private readonly log: Logger,
  ) {}

  /** Something was just sent to the queue: poll now. */
  wake(): void {
    this.options.onActivity?.();
    this.delay.wake();
  }

  take(signal: AbortSignal): Promise<ReceivedMessage | undefined> {
    if (signal.aborted) return Promise.resolve(undefined);
    const spare = this.spares.shift();
    if (spare) {
      clearTimeout(spare.giveBack);
      return Promise.resolve(spare.message);
    }
    return new Promise((resolve) => {
      const taker: Taker = {
        signal,
        resolve: (message) => {
          signal.removeEventListener("abort", onAbort);
          resolve(message);
        },
      };
      const onAbort = () => {
        const index = this.takers.indexOf(taker);
        if (index >= 0) this.takers.splice(index, 1);
        // The last caller left: end the wait so the poll stops. Others still waiting keep its pace.
        if (this.takers.length === 0) this.delay.wake();
        resolve(undefined);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.takers.push(taker);
      // A first caller is served now; callers joining others (free slots changing) wait for the next receive.
      if (!this.polling) void this.poll();
      else if (this.takers.length === 1) this.delay.wake();
    });
  }

  /** Polls while anyone waits; stops when nobody does, so an idle worker with no takers costs nothing. */
  private async poll(): Promise<void> {
    this.polling = true;
    let emptyReceives = 0;
    let failures = 0;
    try {
      while (this.takers.length > 0) {
        try {
          const messages = await this.queue.receive(Math.min(32, this.takers.length), this.options.visibilityTimeoutInMs);
          failures = 0;
          emptyReceives = messages.length === 0 ? emptyReceives + 1 : 0;
          if (messages.length > 0) this.options.onActivity?.();
          for (const message of messages) await this.handOut(message);
          if (messages.length === 0) await this.delay.wait(nextPollDelayInMs(emptyReceives, Math.random(), this.options.maxPollingIntervalInMs));
        } catch (error) {
          failures++;
          if (failures === 1) this.log.error("WorkItemReceiveFailed", error);
          await this.delay.wait(Math.min(this.options.maxPollingIntervalInMs ?? 30_000, 500 * 2 ** Math.min(failures, 6)));
        }
      }
    } finally {
      this.polling = false;
    }
  }

  private async handOut(message: ReceivedMessage): Promise<void> {
    // Only clients batch, and only starts to control queues: a batch here was not sent by us.
    const poison = poisonReason(message, this.options.maxDequeueCount) ?? (message.batch && "a batch of messages on the work-item queue");
    if (poison) {
      await this.quarantine(message, poison);
      return;
    }
    const taker = this.takers.shift();
    if (taker) taker.resolve(message);
    else this.keepSpare(message);
  }

  /** Every caller left meanwhile: keep it for the next one, or give it back to the queue soon after. */
  private keepSpare(message: ReceivedMessage): void {
    const holdMs = Math.min(SPARE_HOLD_MS, this.options.visibilityTimeoutInMs / 4);
    const spare = {
      message,
      giveBack: setTimeout(() => {
        const index = this.spares.indexOf(spare);
        if (index >= 0) this.spares.splice(index, 1);
        void this.queue.updateVisibility(message, 0).catch(() => undefined);
      }, holdMs),
    };
    spare.giveBack.unref();
    this.spares.push(spare);
  }

  /** Gives back at once the messages kept for callers that never came (the worker stops receiving). */
  async release(): Promise<void> {
    const spares = this.spares.splice(0);
    for (const spare of spares) clearTimeout(spare.giveBack);
    await Promise.all(spares.map((spare) => this.queue.updateVisibility(spare.message, 0).catch(() => undefined)));
  }
}
